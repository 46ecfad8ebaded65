"""``python -m codegen specs check [SPEC...]``: validate specs, print problems, fail on errors.

Without arguments every ``specs/*/openapi.yaml`` is checked. Each problem prints as
``file:line:col: [rule] message (at /json/pointer)``; the exit status is 1 when any error
was found, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codegen.spec_checks.problems import Level
from codegen.spec_checks.runner import REPO_ROOT, check_spec, default_source_docs


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m codegen specs", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate specs (default: specs/*/openapi.yaml)")
    check.add_argument("specs", nargs="*", type=Path, help="spec files to check")
    check.add_argument(
        "--source-docs",
        type=Path,
        default=None,
        help="folder of the vendor documents (default: <repo>/../shared/source-docs if present)",
    )
    check.add_argument("--no-warnings", action="store_true", help="print errors only")
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on -h and on bad usage
        return int(exc.code or 0)
    specs: list[Path] = args.specs or sorted((REPO_ROOT / "specs").glob("*/openapi.yaml"))
    if not specs:
        print("no specs found: specs/*/openapi.yaml matches nothing", file=sys.stderr)
        return 1
    source_docs = args.source_docs or default_source_docs()
    if source_docs is not None and not source_docs.is_dir():
        print(f"--source-docs {source_docs}: no such folder", file=sys.stderr)
        return 2
    errors = warnings = 0
    for spec in specs:
        for problem in check_spec(spec, source_docs):
            if problem.level is Level.ERROR:
                errors += 1
            else:
                warnings += 1
                if args.no_warnings:
                    continue
            print(problem.format())
    note = "" if source_docs else " (source documents not found: sha256 not compared)"
    print(f"{len(specs)} spec(s) checked: {errors} error(s), {warnings} warning(s){note}")
    return 1 if errors else 0
