"""Run every spec check on one file and return the problems, sorted by position.

The order matters only for what can run at all: a file that does not parse stops there, a
document whose ``$ref``s do not resolve skips the OpenAPI validation (which would crash), and
everything else runs regardless so one pass shows every defect. A caller may add checks of its
own (``extra``: codegen's generator checks), run in the same pass on a document whose
``$ref``s resolve, reported in the same file, line and pointer terms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from codegen.spec_checks import (
    envelope_rules,
    examples,
    house_rules,
    openapi_rules,
    provenance,
    structure,
)
from codegen.spec_checks.problems import Problem, Report
from codegen.spec_checks.yaml_source import as_json, yaml_pitfalls
from mediatasks.spec_io import YamlSyntaxError, decode, parse

REPO_ROOT = Path(__file__).resolve().parents[2]

#: A check: reads the parsed spec, adds what it finds to the report.
Check = Callable[[Mapping[str, Any], Report], None]


def default_source_docs() -> Path | None:
    """``<repo>/../shared/source-docs`` when it is there (it is not part of the repository)."""
    folder = REPO_ROOT.parent / "shared" / "source-docs"
    return folder if folder.is_dir() else None


def display_name(path: Path) -> str:
    """The path relative to the repository when it is inside it, so messages stay short."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def check_spec(
    path: Path,
    source_docs: Path | None = None,
    vendor: str | None = None,
    extra: Sequence[Check] = (),
) -> list[Problem]:
    """Every problem of the spec at ``path``.

    ``source_docs`` is the folder holding the vendor documents named by ``x-provenance``
    (their sha256 is compared when given); ``vendor`` defaults to the spec's folder name;
    ``extra`` checks run after the others when every ``$ref`` resolves.
    """
    report = Report(display_name(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.at("file", 1, 1, f"cannot read the spec: {exc.strerror or exc}")
        return report.problems
    text = decode(raw)
    if isinstance(text, YamlSyntaxError):
        report.at("encoding", text.line, text.column, text.message)
        return report.problems
    parsed = parse(text)
    if isinstance(parsed, YamlSyntaxError):
        report.at("yaml-syntax", parsed.line, parsed.column, parsed.message)
        return report.problems
    report.source = parsed.source
    pitfalls = list(yaml_pitfalls(parsed.source.root))
    for pointer, message in pitfalls:
        report.error("yaml-json", pointer, message)
    spec = as_json(parsed.data) if pitfalls else parsed.data
    if not isinstance(spec, Mapping):
        report.error("document", "", "the top level of a spec must be a mapping")
        return report.problems
    _run_checks(spec, report, source_docs, vendor or path.parent.name, extra)
    return sorted(report.problems)


def _run_checks(
    spec: Mapping[str, Any],
    report: Report,
    source_docs: Path | None,
    vendor: str,
    extra: Sequence[Check],
) -> None:
    refs_ok = structure.check_refs(spec, report)
    if refs_ok:
        structure.check_openapi(spec, report)
        openapi_rules.check_path_parameters(spec, report)
        openapi_rules.check_duplicate_parameters(spec, report)
        openapi_rules.check_unique_tags(spec, report)
        openapi_rules.check_defaults(spec, report)
    house_rules.check_operations(spec, report)
    house_rules.check_servers(spec, report)
    house_rules.check_enums(spec, report)
    house_rules.check_closed_objects(spec, report)
    house_rules.check_departures(spec, report)
    house_rules.check_review_marks(spec, report)
    provenance.check_provenance(spec, report, source_docs)
    envelope_rules.check_error_codes(spec, report)
    profile = envelope_rules.check_profile(vendor, spec, report)
    envelope_rules.check_rate_limits(spec, report)
    examples.check_example_presence(spec, report)
    if profile is not None:
        envelope_rules.check_example_codes(profile, spec, report)
    if refs_ok:
        examples.validate_examples(spec, report)
        for check in extra:
            check(spec, report)
