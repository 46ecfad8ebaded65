"""``python -m codegen publish``: bundle, document and type every vendor spec into ``dist/``.

Layout written (``<stem>`` is ``<vendor>-openapi-<info.version>``)::

    dist/index.html                     every vendor: version, document date, operations, links
                                        to each contract section and to the downloads
    dist/<vendor>/<stem>.yaml           dereferenced bundle (redocly bundle --dereferenced) with
                                        the vendor contract rendered into its descriptions and
                                        x-codeSamples per operation (see below)
    dist/<vendor>/<stem>.json           the same document as JSON
    dist/<vendor>/<stem>.html           self-contained reference page (redocly build-docs)
    dist/signing-vectors.json           every signing test vector, language-neutral
    ts/generated/<vendor>.d.ts          openapi-typescript types of the bundle (committed:
                                        publish names the files whose text it changed)

and, when every vendor is published (no ``--vendor``), the release's files, named with the
release version from ``pyproject.toml`` (CONVENTIONS.md, "Versions"):

    dist/mediatasks-specs-<version>.tar.gz, .zip   per vendor the bundles, the page, its
                                        vectors and a manifest.json (release_archive.py)
    dist/npm/specs-types/               the types as the npm package @mediatasks/specs-types
    dist/mediatasks-specs-types-<version>.tgz   that package, as `npm pack` makes it

Renderers show ``description`` text and ``x-codeSamples`` but no other ``x-`` key, so the bundle
gets the contract (envelope, error codes, signing steps and vectors, rate limits, departures)
as Markdown (:mod:`codegen.publish.contract_render`) and three code samples per operation
(:mod:`codegen.publish.code_samples`); the source specs keep the facts once, in ``x-`` keys.

The Node tools run in a small thread pool (``--jobs``, default 2: the machine has two cores);
the output is byte-identical run to run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from codegen.publish.code_samples import TEMPLATES, code_samples
from codegen.publish.contract_render import render_contract
from codegen.publish.index_page import Download, PublishedVendor, render_index
from codegen.publish.node_tools import NodeTools, ToolError
from codegen.publish.release_archive import ArchivedVendor, ReleaseInfo, write_release_archives
from codegen.publish.sample_call import SampleError
from codegen.publish.spec_files import VendorSpec, discover, load_yaml
from codegen.publish.types_package import (
    PACKAGE_FOLDER,
    PACKAGE_NAME,
    pack,
    package_files,
    write_package,
)
from codegen.publish.vectors_file import VECTORS_FILE, write_vectors
from codegen.publish.yaml_out import dump_yaml
from codegen.spec_checks.spec_walk import operations
from mediatasks.spec_io import walk

__all__ = ["PublishRun", "main", "publish", "run"]

_ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")
#: The spec archive (``mediatasks-specs-<version>.tar.gz``) the index links when it is in dist/.
ARCHIVE_PATTERN = "mediatasks-specs-*.tar.gz"


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m codegen publish",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--specs", type=Path, default=_ROOT / "specs", help="specs folder")
    parser.add_argument("--out", type=Path, default=_ROOT / "dist", help="output folder")
    parser.add_argument(
        "--ts-out",
        type=Path,
        default=_ROOT / "ts" / "generated",
        help="folder for the openapi-typescript .d.ts files",
    )
    parser.add_argument("--no-ts", action="store_true", help="skip the TypeScript types")
    parser.add_argument(
        "--vendor",
        action="append",
        dest="vendors",
        metavar="KEY",
        help="publish only this vendor (repeatable)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="Node tools run at once (default 2)")
    return parser.parse_args(list(argv))


def _in_pool(jobs: int, tasks: Sequence[Callable[[], T]]) -> list[T]:
    """Run every task, at most ``jobs`` at a time; re-raise the first failure after all ended."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(task) for task in tasks]
    return [future.result() for future in futures]


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(_ROOT))
    except ValueError:
        return str(path)


def _first_ref(node: object) -> str | None:
    """The first ``$ref`` value left anywhere in ``node``, or None."""
    return next(
        (
            str(value["$ref"])
            for _pointer, value in walk(node)
            if isinstance(value, Mapping) and isinstance(value.get("$ref"), str)
        ),
        None,
    )


def for_readers(bundle: dict[str, Any], source: dict[str, Any], vendor: str) -> dict[str, Any]:
    """The bundle as published: contract in the descriptions, code samples per operation."""
    document = render_contract(bundle, source)
    samples = code_samples(source, vendor)
    for op in operations(document):
        operation_id = op.operation.get("operationId")
        if isinstance(op.operation, dict) and operation_id in samples:
            op.operation["x-codeSamples"] = samples[operation_id]
    return document


def _bundle(tools: NodeTools, spec: VendorSpec, folder: Path) -> Path:
    """Dereferenced bundle made for readers, as YAML and JSON (one source, two encodings)."""
    target = folder / f"{spec.stem}.yaml"
    with tempfile.TemporaryDirectory(prefix="publish-bundle-") as scratch:
        raw = Path(scratch) / target.name
        tools.run(
            "redocly",
            ["bundle", str(spec.path), "--dereferenced", "--ext", "yaml", "-o", str(raw)],
            subject=_relative(spec.path),
        )
        bundle = load_yaml(raw.read_text(encoding="utf-8"))
    leftover = _first_ref(bundle)
    if leftover is not None:
        # --dereferenced keeps a $ref only for a cycle; such a bundle is not self-contained.
        raise ToolError("redocly", _relative(spec.path), f"bundle still has $ref {leftover!r}")
    try:
        document = for_readers(bundle, spec.document, spec.vendor)
    except SampleError as exc:
        raise ToolError("code samples", _relative(spec.path), str(exc)) from exc
    target.write_text(dump_yaml(document), encoding="utf-8")
    as_json = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    (folder / f"{spec.stem}.json").write_text(as_json, encoding="utf-8")
    return target


def docs_config() -> dict[str, Any]:
    """Redoc settings of the reference pages.

    Stacked layout: the contract's tables get the page's full width instead of a third of it.
    Redoc shows an ``x-codeSamples`` entry only when its lang and label are listed here, so
    the list is made from the same table the samples are.
    """
    languages = [{"lang": lang, "label": label} for lang, label, _template in TEMPLATES]
    return {"openapi": {"layout": "stacked", "codeSamples": {"languages": languages}}}


def _docs(tools: NodeTools, spec: VendorSpec, bundle: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="publish-docs-") as scratch:
        config = Path(scratch) / "redocly.yaml"
        config.write_text(dump_yaml(docs_config()), encoding="utf-8")
        tools.run(
            "redocly",
            [
                "build-docs",
                str(bundle),
                "--config",
                str(config),
                "--inlineBundle",
                "--title",
                f"{spec.title} {spec.version}",
                "-o",
                str(bundle.with_suffix(".html")),
            ],
            subject=_relative(spec.path),
        )


def _types(tools: NodeTools, spec: VendorSpec, bundle: Path, ts_out: Path) -> str | None:
    """openapi-typescript into a temp file, then a first line saying how it is regenerated.

    Returns the file's name when its text changed (or it is new), None when it stayed the same:
    the files are committed, and `make test` after `make` could not tell otherwise.
    """
    with tempfile.TemporaryDirectory(prefix="publish-ts-") as scratch:
        raw = Path(scratch) / f"{spec.vendor}.d.ts"
        tools.run("openapi-typescript", [str(bundle), "-o", str(raw)], _relative(spec.path))
        body = raw.read_text(encoding="utf-8")
    header = (
        f"// Generated by `python -m codegen publish` (openapi-typescript) from "
        f"{spec.vendor}/{spec.stem}.yaml in dist/; do not edit.\n"
    )
    target = ts_out / f"{spec.vendor}.d.ts"
    text = header + body
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return None
    target.write_text(text, encoding="utf-8")
    return target.name


def _clean_vendor_folder(folder: Path, vendor: str) -> None:
    """Remove this vendor's earlier files (another version's names) but nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"{vendor}-openapi-*"):
        if stale.is_file():
            stale.unlink()


def _release_files(
    tools: NodeTools,
    release: ReleaseInfo,
    *,
    specs: list[VendorSpec],
    sources: list[tuple[str, Any]],
    out: Path,
    ts_out: Path | None,
) -> list[Download]:
    """The spec archives and, with types, the npm package and its tarball."""
    archived = [
        ArchivedVendor(
            spec,
            source,
            {
                f"{spec.stem}{suffix}": (out / spec.vendor / f"{spec.stem}{suffix}").read_bytes()
                for suffix in (".yaml", ".json", ".html")
            },
        )
        for spec, (_vendor, source) in zip(specs, sources, strict=True)
    ]
    tar, zipped = write_release_archives(out, release.version, archived)
    downloads = [
        Download(f"All specs, pages, vectors and manifests ({tar.name})", tar.name),
        Download(f"The same as a zip ({zipped.name})", zipped.name),
    ]
    if ts_out is not None:
        folder = write_package(out / PACKAGE_FOLDER, package_files(release, specs, ts_out))
        tarball = pack(tools, folder, out, release.version)
        downloads.append(Download(f"TypeScript types, npm package {PACKAGE_NAME}", tarball.name))
    return downloads


def publish(
    specs: list[VendorSpec],
    out: Path,
    ts_out: Path | None,
    tools: NodeTools,
    jobs: int,
    *,
    release: ReleaseInfo | None = None,
) -> tuple[list[PublishedVendor], list[str]]:
    """Write every artefact for ``specs`` (and the release's files when ``release`` is given);
    return what the index lists and the names of the type files in ``ts_out`` that changed."""
    for spec in specs:
        _clean_vendor_folder(out / spec.vendor, spec.vendor)
    bundles = _in_pool(jobs, [partial(_bundle, tools, spec, out / spec.vendor) for spec in specs])
    follow_ups: list[Callable[[], str | None]] = []
    for spec, bundle in zip(specs, bundles, strict=True):
        follow_ups.append(partial(_docs, tools, spec, bundle))
        if ts_out is not None:
            ts_out.mkdir(parents=True, exist_ok=True)
            follow_ups.append(partial(_types, tools, spec, bundle, ts_out))
    changed_types = sorted(name for name in _in_pool(jobs, follow_ups) if name is not None)
    published = [
        PublishedVendor(
            spec=spec,
            html=f"{spec.vendor}/{spec.stem}.html",
            yaml=f"{spec.vendor}/{spec.stem}.yaml",
            json=f"{spec.vendor}/{spec.stem}.json",
        )
        for spec in specs
    ]
    sources: list[tuple[str, Any]] = [(spec.vendor, spec.document) for spec in specs]
    write_vectors(out / VECTORS_FILE, sources)
    downloads = [Download("Signing test vectors (JSON)", VECTORS_FILE)]
    if release is not None:
        downloads += _release_files(
            tools, release, specs=specs, sources=sources, out=out, ts_out=ts_out
        )
    else:  # a partial publish links the archives an earlier full one left
        downloads += [
            Download(f"All specs ({archive.name})", archive.name)
            for archive in sorted(out.glob(ARCHIVE_PATTERN))
        ]
    (out / "index.html").write_text(render_index(published, downloads), encoding="utf-8")
    return published, changed_types


@dataclass(frozen=True, slots=True)
class PublishRun:
    """How a publish run ended: its exit code, and what it says about the committed types."""

    code: int
    #: e.g. ``ts/generated changed (zego.d.ts): commit it``; None when no type file changed
    types_note: str | None = None


def types_note(ts_out: Path, changed: Sequence[str]) -> str | None:
    """What to say when publishing rewrote committed type files (None: it changed none)."""
    if not changed:
        return None
    return f"{_relative(ts_out)} changed ({', '.join(changed)}): commit it"


def main(argv: Sequence[str] | None = None) -> int:
    return run(sys.argv[1:] if argv is None else argv).code


def run(argv: Sequence[str]) -> PublishRun:
    """``python -m codegen publish`` with ``argv``; prints as it goes (the main job calls this)."""
    args = _parse(argv)
    try:
        specs = discover(args.specs, args.vendors)
    except (OSError, ValueError) as exc:
        print(f"publish: {exc}", file=sys.stderr)
        return PublishRun(2)
    if not specs:
        print(f"publish: no specs found under {args.specs}", file=sys.stderr)
        return PublishRun(2)
    if shutil.which("node") is None:
        print("publish: `node` is not on PATH; the Node tools need it", file=sys.stderr)
        return PublishRun(2)
    tools = NodeTools(root=_ROOT)
    # the release's files hold every vendor: a --vendor run leaves them alone
    release = None if args.vendors else ReleaseInfo.read(_ROOT / "pyproject.toml")
    try:
        published, changed_types = publish(
            specs, args.out, None if args.no_ts else args.ts_out, tools, args.jobs, release=release
        )
    except ToolError as exc:
        print(f"publish: {exc}", file=sys.stderr)
        return PublishRun(1)
    for item in published:
        spec = item.spec
        print(
            f"{spec.vendor:<11} {spec.version:<8} {spec.operations:>2} operation(s)  "
            f"{_relative(args.out / item.html)}"
        )
    if release is not None:
        for written in sorted(args.out.glob(f"mediatasks-specs-*{release.version}*")):
            print(f"release {release.version}: {_relative(written)}")
    print(f"index: {_relative(args.out / 'index.html')}")
    note = types_note(args.ts_out, changed_types)
    if note is not None:
        print(note)
    return PublishRun(0, note)
