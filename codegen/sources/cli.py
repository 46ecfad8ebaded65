"""``python -m codegen sources refresh|check|audit|apply-overlay``.

* ``check VENDOR FILE [--json] [--overlay OUT]``: the fact-level changes between the snapshot
  (``specs/VENDOR/facts.yaml``) and a new copy of the document, grouped per endpoint, each with
  the spec pointers it affects. Exit 0 when no fact changed (a new sha256 alone is said so),
  1 when a fact changed, 2 on bad input. ``--json`` prints exactly one JSON object.
* ``refresh VENDOR FILE [--reviewed]``: write the snapshot from the document (keeps the
  hand-written ``mapping``); refuses an enum meaning that changed while the spec's did not.
* ``audit [VENDOR...]``: every fact of the snapshots agrees with its spec (exit 1 if not).
* ``apply-overlay VENDOR OVERLAY``: apply an Overlay 1.0 file to the spec, then run the
  spec checks on the result.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from codegen.sources import overlay as overlays
from codegen.sources.audit import audit
from codegen.sources.diff import Change, diff
from codegen.sources.locate import locate
from codegen.sources.readers import DocumentError, read_document
from codegen.sources.refresh import bind_meanings, new_snapshot
from codegen.sources.snapshot import Snapshot, SnapshotError, load, read_yaml, write
from codegen.sources.spec_map import SpecIndex
from codegen.spec_checks import Level, check_spec
from codegen.spec_checks.house_rules import REVIEW_RULE
from mediatasks.specs import VENDORS, specs_root


class BadInputError(Exception):
    """Bad usage or input: reported on stderr, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m codegen sources", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    commands = parser.add_subparsers(dest="command", required=True)

    def vendor_command(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text)
        sub.add_argument("vendor", help=f"one of {', '.join(VENDORS)}")
        sub.add_argument("--facts", type=Path, help="snapshot (default: specs/VENDOR/facts.yaml)")
        sub.add_argument("--spec", type=Path, help="spec (default: specs/VENDOR/openapi.yaml)")
        return sub

    check = vendor_command("check", "field-level changes of a new copy of a vendor document")
    check.add_argument("file", type=Path, help="the new copy of the document (text)")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--overlay", type=Path, help="write an Overlay 1.0 proposal here")
    refresh = vendor_command("refresh", "write the facts snapshot from the document")
    refresh.add_argument("file", type=Path, help="the vendor document (text)")
    refresh.add_argument("--layout", help="document layout (default: the snapshot's)")
    refresh.add_argument(
        "--reviewed", action="store_true", help="accept enum meanings that changed alone"
    )
    apply_cmd = vendor_command("apply-overlay", "apply an Overlay 1.0 file to the spec")
    apply_cmd.add_argument("overlay", type=Path, help="the overlay (YAML or JSON)")
    audit_cmd = commands.add_parser("audit", help="check every snapshot fact against its spec")
    audit_cmd.add_argument("vendors", nargs="*", help="vendors (default: all)")
    return parser


# --- inputs --------------------------------------------------------------------------------


def _vendor(name: str) -> str:
    if name not in VENDORS:
        raise BadInputError(f"unknown vendor {name!r}; known: {', '.join(VENDORS)}")
    return name


def _document(path: Path) -> tuple[bytes, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read the document: {exc.strerror}") from exc
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInputError(f"{path}: not UTF-8 text (byte {exc.start})") from exc


def _spec(path: Path) -> Mapping[str, Any]:
    data = read_yaml(path, "spec")
    if not isinstance(data, Mapping):
        raise BadInputError(f"{path}: the spec's top level is not a mapping")
    return data


def _paths(args: argparse.Namespace) -> tuple[Path, Path]:
    folder = specs_root() / args.vendor
    return args.facts or folder / "facts.yaml", args.spec or folder / "openapi.yaml"


def _read(layout: str, text: str, file: Path) -> Any:
    try:
        return read_document(layout, text)
    except DocumentError as exc:
        raise BadInputError(f"{file}: cannot be read as layout {layout!r}: {exc}") from exc


# --- check ---------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    _vendor(args.vendor)
    facts_path, spec_path = _paths(args)
    snapshot = load(facts_path)
    data, text = _document(args.file)
    new = _read(snapshot.facts.layout, text, args.file)
    index = SpecIndex(_spec(spec_path), snapshot.mapping)
    changes = diff(snapshot.facts, new)
    for change in changes:
        change.pointers = locate(change, snapshot.facts, new, index)
    sha = hashlib.sha256(data).hexdigest()
    if args.overlay:
        document = overlays.propose(
            args.vendor, args.file.name, changes, index=index, old=snapshot.facts, new=new
        )
        args.overlay.write_text(
            yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8",
        )
    if args.json:
        payload = {
            "vendor": args.vendor,
            "document": str(args.file),
            "changes": [c.as_json() for c in changes],
        }
        print(json.dumps(payload, ensure_ascii=False))
    else:
        _print_changes(args, snapshot, sha, changes, index)
    return 1 if changes else 0


def _print_changes(
    args: argparse.Namespace, snapshot: Snapshot, sha: str, changes: list[Change], index: SpecIndex
) -> None:
    print(f"{args.vendor}: {args.file} against {snapshot.path}")
    if sha == snapshot.sha256:
        print("sha256: unchanged")
    else:
        print(f"sha256: changed (snapshot {snapshot.sha256[:12]}, document {sha[:12]})")
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.operation, []).append(change)
    for key, group in groups.items():
        operation = snapshot.facts.operation(key)
        ids = (
            [r.operation.get("operationId", "?") for r in index.operations_for(operation)]
            if operation
            else []
        )
        print(f"\n{key}" + (f"  ({', '.join(map(str, ids))})" if ids else ""))
        for change in group:
            subject = change.field or change.value or ""
            if change.field and change.value:
                subject = f"{change.field} = {change.value}"
            where = f"line {change.line}" if change.line else "gone"
            values = f"{_show(change.before)} -> {_show(change.after)}"
            print(f"  {change.kind:<21} {subject:<24} {values}  ({where})")
            for pointer in change.pointers:
                print(f"      {pointer}")
    print()
    if not changes:
        print("no fact changed" + (" (only the bytes differ)" if sha != snapshot.sha256 else ""))
    else:
        print(
            f"{len(changes)} fact change(s) in {len(groups)} endpoint(s): follow them in the spec "
            "(--overlay FILE proposes the mechanical part), then `sources refresh`"
        )


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, Mapping):  # a whole fact (field added or removed): its gist
        text = _gist(value)
    else:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 48 else text[:45] + "..."


def _gist(fact: Mapping[str, Any]) -> str:
    """``long, required, unit ms``: a fact's type and flags; its name is on the line already
    and its description is for `--json`."""
    parts = [str(fact["type"])] if fact.get("type") else []
    if fact.get("required") is not None:
        parts.append("required" if fact["required"] else "optional")
    parts += [
        f"{key} {json.dumps(item, ensure_ascii=False) if not isinstance(item, str) else item}"
        for key, item in fact.items()
        if key not in {"name", "type", "required", "description"} and item not in (None, "", [], {})
    ]
    return ", ".join(parts) or "no type given"


# --- refresh -------------------------------------------------------------------------------


def _refresh(args: argparse.Namespace) -> int:
    _vendor(args.vendor)
    facts_path, spec_path = _paths(args)
    previous = load(facts_path) if facts_path.is_file() else None
    layout = args.layout or (previous.facts.layout if previous else None)
    if not layout:
        raise BadInputError(f"{facts_path} does not exist yet: say the document's --layout")
    data, text = _document(args.file)
    facts = _read(layout, text, args.file)
    index = SpecIndex(_spec(spec_path), previous.mapping if previous else ())
    unreviewed = bind_meanings(facts, index, previous, args.reviewed)
    for message in unreviewed:
        print(f"{facts_path}: {message}", file=sys.stderr)
    if unreviewed:
        return 1
    snapshot = new_snapshot(
        facts_path,
        vendor=args.vendor,
        document=args.file,
        data=data,
        facts=facts,
        previous=previous,
    )
    write(snapshot)
    problems = audit(snapshot, index.spec)
    count = sum(len(o.items) for o in facts.operations)
    print(f"{facts_path}: written ({count} fields and parameters)")
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    return 1 if problems else 0


# --- audit ---------------------------------------------------------------------------------


def _audit(args: argparse.Namespace) -> int:
    vendors = [_vendor(v) for v in args.vendors] or list(VENDORS)
    failed = 0
    for vendor in vendors:
        folder = specs_root() / vendor
        problems = audit(load(folder / "facts.yaml"), _spec(folder / "openapi.yaml"))
        for problem in problems:
            print(problem.format())
        print(f"{vendor}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        failed += bool(problems)
    return 1 if failed else 0


# --- apply-overlay -------------------------------------------------------------------------


def _apply(args: argparse.Namespace) -> int:
    _vendor(args.vendor)
    _facts_path, spec_path = _paths(args)
    overlay = read_yaml(args.overlay, "overlay")
    try:
        text = spec_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInputError(f"{spec_path}: cannot read the spec: {exc.strerror}") from exc
    try:
        updated = overlays.apply(text, overlay)
    except overlays.OverlayError as exc:
        raise BadInputError(f"{args.overlay}: {exc}") from exc
    spec_path.write_text(updated, encoding="utf-8")
    print(f"{spec_path}: {len(overlay['actions'])} action(s) applied; running the spec checks")
    found = [p for p in check_spec(spec_path, None) if p.level is Level.ERROR]
    # The proposal's REVIEW: texts are expected right after applying it; the maintainer
    # writes them next, and `make check-specs` refuses the spec until they are written.
    reviews = [p for p in found if p.rule == REVIEW_RULE]
    errors = [p for p in found if p.rule != REVIEW_RULE]
    for problem in errors:
        print(problem.format())
    if errors:
        print(f"{spec_path}: fix the problems above (REVIEW: marks text to write)", file=sys.stderr)
        return 1
    if reviews:
        print(f"spec checks passed but for {len(reviews)} REVIEW: text(s) to write:")
        for problem in reviews:
            print(f"  {problem.file}:{problem.line}: {problem.pointer}")
    else:
        print("spec checks passed")
    first = "write those texts (`make check-specs` refuses them until then), " if reviews else ""
    print(f"next: {first}`make sources-refresh`, `make generate`, `make breaking BASE=main`")
    return 0


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on -h and on bad usage
        return int(exc.code or 0)
    commands = {"check": _check, "refresh": _refresh, "audit": _audit, "apply-overlay": _apply}
    try:
        return commands[args.command](args)
    except (BadInputError, SnapshotError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
