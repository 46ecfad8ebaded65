"""Render ``dist/index.html``: one row per vendor with version, document date and links.

Each row links the vendor's files and each section of its vendor contract on the reference page
(envelope, error codes, signing, rate limits, departures); above the table, the downloads that
cover every vendor (the signing test vectors, the spec archive when there is one).

Plain HTML with inline CSS and no script, so it opens from a file system, a CI artefact or any
static host, and renders the same everywhere. Nothing time-dependent goes in: the page changes
only when a spec does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from codegen.publish.contract_render import section_anchor
from codegen.publish.contract_sections import SECTIONS
from codegen.publish.spec_files import VendorSpec

__all__ = ["Download", "PublishedVendor", "render_index"]

#: Every spec title ends with this (CONVENTIONS.md); the page heading says it once instead.
_TITLE_SUFFIX = " (mediatasks transcription)"
_STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       margin: 2.5rem auto; max-width: 72rem; padding: 0 1.5rem; color: #1f2328; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
p.lead { color: #57606a; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin-top: 1.5rem; }
th, td { text-align: left; padding: .55rem .75rem; border-bottom: 1px solid #d0d7de;
         vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.files { white-space: nowrap; }
td.contract a { display: inline-block; }
ul.downloads { margin: .5rem 0 0; padding-left: 1.2rem; }
td.key { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
span.note { color: #57606a; font-size: .85rem; display: block; }
a { color: #0969da; text-decoration: none; margin-right: .8rem; }
a:hover { text-decoration: underline; }
footer { margin-top: 2rem; color: #57606a; font-size: .85rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
"""


#: Shorter link texts for the table cell; the page's headings are the long form.
_SHORT = {"departures": "Departures"}


@dataclass(frozen=True, slots=True)
class PublishedVendor:
    """A vendor's spec facts plus the published file names, relative to ``dist/``."""

    spec: VendorSpec
    html: str
    yaml: str
    json: str


@dataclass(frozen=True, slots=True)
class Download:
    """A file in ``dist/`` that covers every vendor (label, path relative to ``dist/``)."""

    label: str
    href: str


def _date_cell(spec: VendorSpec) -> str:
    if spec.updated:
        return escape(spec.updated)
    note = f'<span class="note">{escape(spec.updated_note)}</span>' if spec.updated_note else ""
    return f"not dated{note}"


def _row(item: PublishedVendor) -> str:
    spec = item.spec
    links = " ".join(
        f'<a href="{escape(href)}">{label}</a>'
        for label, href in (("Reference", item.html), ("YAML", item.yaml), ("JSON", item.json))
    )
    contract = " ".join(
        f'<a href="{escape(item.html + section_anchor(key))}">{escape(label)}</a>'
        for key, label in ((k, _SHORT.get(k, h)) for k, h in SECTIONS.items())
    )
    return (
        "<tr>"
        f'<td class="key">{escape(spec.vendor)}</td>'
        f"<td>{escape(spec.title.removesuffix(_TITLE_SUFFIX))}</td>"
        f'<td class="key">{escape(spec.version)}</td>'
        f"<td>{_date_cell(spec)}</td>"
        f'<td class="num">{spec.operations}</td>'
        f'<td class="files">{links}</td>'
        f'<td class="contract">{contract}</td>'
        "</tr>"
    )


def _downloads(downloads: Sequence[Download]) -> str:
    if not downloads:
        return ""
    items = "".join(f'<li><a href="{escape(d.href)}">{escape(d.label)}</a></li>' for d in downloads)
    return f'<p>For every vendor:</p>\n<ul class="downloads">{items}</ul>'


def render_index(items: Sequence[PublishedVendor], downloads: Sequence[Download] = ()) -> str:
    """The whole index page as text (UTF-8, ends with a newline)."""
    rows = "\n".join(_row(item) for item in items)
    total = sum(item.spec.operations for item in items)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mediatasks API specs</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>mediatasks API specs</h1>
<p class="lead">Hand-written OpenAPI 3.1 transcriptions of the task APIs of {len(items)}
video clouds, {total} operations in all. Every bundle is self-contained
(all <code>$ref</code>s resolved); the reference pages work offline. Each page carries the
vendor's whole contract (envelope, every error code, signing steps with test vectors, rate
limits, departures from the vendor's document) and runnable samples per operation.</p>
{_downloads(downloads)}
<table>
<thead><tr><th>Vendor</th><th>API</th><th>Spec version</th><th>Source document dated</th>\
<th>Operations</th><th>Files</th><th>Vendor contract</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<footer>Generated by <code>python -m codegen publish</code> from <code>specs/&lt;vendor&gt;/\
openapi.yaml</code>. The sandbox server in each spec (<code>http://127.0.0.1:8765/&lt;vendor&gt;\
</code>) is what <code>make sandbox</code> serves.</footer>
</body>
</html>
"""
