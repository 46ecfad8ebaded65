"""`python -m codegen generate [--force] [VENDOR...]`: bring ``generated/`` up to date.

The stamp decides what is stale; with nothing stale this module exits before importing any
generator (that path is what a no-op ``make generate`` costs). Otherwise the stale vendors are
built in a temporary folder and swapped in only if every one of them succeeded; a failure
prints each problem (spec, line, JSON pointer, tool, message) and leaves ``generated/`` as it
was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codegen.generate.fingerprint import (
    fingerprints,
    generator_versions,
    read_stamp,
    stale_vendors,
)
from codegen.generate.install import recover_interrupted_swaps
from codegen.generate.layout import Layout, discover_vendors


def parse_arguments(argv: list[str], prog: str, description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--specs-dir", type=Path, help="folder of <vendor>/openapi.yaml")
    parser.add_argument("--output", type=Path, help="the generated/ folder to write")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: cores)")
    parser.add_argument("--force", action="store_true", help="regenerate every vendor")
    parser.add_argument("vendors", nargs="*", help="limit to these vendors")
    return parser.parse_args(argv)


def layout_from(arguments: argparse.Namespace) -> Layout:
    default = Layout.default()
    return Layout.for_folders(
        arguments.specs_dir or default.specs_dir, arguments.output or default.output_root
    )


def say(line: str) -> None:
    print(line, flush=True)


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv, "python -m codegen generate", __doc__ or "")
    layout = layout_from(arguments)
    vendors = discover_vendors(layout.specs_dir)
    if not vendors:
        print(f"codegen: no <vendor>/openapi.yaml under {layout.specs_dir}", file=sys.stderr)
        return 2
    unknown = set(arguments.vendors) - {v.name for v in vendors}
    if unknown:
        print(f"codegen: no spec for {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for name in recover_interrupted_swaps(layout):
        say(f"codegen: restored {name} from a run interrupted mid-swap")
    versions = generator_versions()
    current = fingerprints(layout, vendors, versions)
    recorded = read_stamp(layout.stamp_path)
    stale = stale_vendors(layout, current, recorded, force=arguments.force)
    if arguments.vendors:
        stale = [name for name in stale if name in arguments.vendors]
    if not stale and set(recorded) == set(current):
        say(f"codegen: {layout.display(layout.output_root)}/ is up to date ({len(vendors)} specs)")
        return 0
    from codegen.generate.regenerate import regenerate  # noqa: PLC0415 - heavy, only when needed

    return regenerate(
        layout,
        vendors,
        stale=stale,
        current=current,
        recorded=recorded,
        versions=versions,
        workers=arguments.jobs,
        progress=say,
    )
