"""``python -m codegen sources check|inventory VENDOR FILE``.

``check`` exits 0 when the document matches the inventory (same sha256, nothing vanished,
nothing appeared), 1 when something changed (and says what), 2 on bad input. ``inventory``
prints the ``ignored-tokens`` block the document needs; with ``--write`` it replaces that key
in the inventory file (and only that key).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codegen.sources.inventory import (
    Comparison,
    InventoryError,
    compare,
    load_inventory,
    render_ignored,
    replace_ignored,
    tokens_to_ignore,
)
from codegen.sources.tokens import category
from mediatasks.specs import VENDORS, specs_root


class BadInputError(Exception):
    """Bad usage or input: reported on stderr, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m codegen sources", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("check", "compare a copy of a vendor document with the vendor's inventory"),
        ("inventory", "print (or --write) the ignored-tokens the document needs"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("vendor", help=f"one of {', '.join(VENDORS)}")
        sub.add_argument("file", type=Path, help="the vendor document (text)")
        sub.add_argument(
            "--inventory",
            type=Path,
            default=None,
            help="inventory file (default: specs/VENDOR/inventory.yaml)",
        )
        if name == "inventory":
            sub.add_argument("--write", action="store_true", help="update the inventory file")
    return parser


def _inputs(args: argparse.Namespace) -> tuple[Path, bytes]:
    if args.vendor not in VENDORS:
        raise BadInputError(f"unknown vendor {args.vendor!r}; known: {', '.join(VENDORS)}")
    inventory = args.inventory or specs_root() / args.vendor / "inventory.yaml"
    try:
        document = args.file.read_bytes()
    except OSError as exc:
        raise BadInputError(f"{args.file}: cannot read the document: {exc.strerror}") from exc
    try:
        document.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInputError(f"{args.file}: not UTF-8 text (byte {exc.start})") from exc
    return inventory, document


def _print_comparison(result: Comparison, vendor: str, file: Path, inventory: Path) -> None:
    print(f"{vendor}: {file} against {inventory}")
    if result.sha_changed:
        print(f"sha256: changed (inventory {result.old_sha256}, document {result.new_sha256})")
    else:
        print("sha256: unchanged")
    gone = {k: v for k, v in result.vanished.items() if v}
    total = sum(len(v) for v in gone.values())
    print(f"vanished identifiers: {total}")
    for name, names in gone.items():
        print(f"  {name}: {', '.join(names)}")
    print(f"appeared tokens: {len(result.appeared)}")
    groups: dict[str, list[str]] = {}
    for token in result.appeared:
        groups.setdefault(category(token), []).append(token)
    for name, tokens in sorted(groups.items()):
        print(f"  {name}: {', '.join(tokens)}")
    if result.changed:
        print("changed: review the spec against the new document, then update the inventory")
    else:
        print("unchanged")


def _check(args: argparse.Namespace) -> int:
    inventory_path, document = _inputs(args)
    result = compare(load_inventory(inventory_path), document)
    _print_comparison(result, args.vendor, args.file, inventory_path)
    return 1 if result.changed else 0


def _inventory(args: argparse.Namespace) -> int:
    inventory_path, document = _inputs(args)
    inventory = load_inventory(inventory_path)
    command = f"python -m codegen sources inventory {args.vendor} {args.file.name} --write"
    block = render_ignored(tokens_to_ignore(inventory, document), command)
    missing = compare(inventory, document).vanished
    for name, names in missing.items():
        for identifier in names:
            print(
                f"{inventory_path}: /identifiers/{name}: {identifier!r} is not in the document",
                file=sys.stderr,
            )
    if not args.write:
        print(block, end="")
        return 0
    text = inventory_path.read_text(encoding="utf-8")
    inventory_path.write_text(replace_ignored(text, block, inventory_path), encoding="utf-8")
    print(f"{inventory_path}: ignored-tokens written")
    return 0


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on -h and on bad usage
        return int(exc.code or 0)
    try:
        return _check(args) if args.command == "check" else _inventory(args)
    except (BadInputError, InventoryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
