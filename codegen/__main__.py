"""`python -m codegen COMMAND ...`: one entry point for every spec and codegen tool.

Each command lives in its own subpackage and exposes ``main(argv) -> int``; this module only
dispatches, so a broken subpackage cannot stop the others from running.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "specs": ("codegen.spec_checks.cli", "validate and lint the specs (house rules, examples)"),
    "sources": ("codegen.sources.cli", "document facts: check, refresh, audit, overlays"),
    "generate": ("codegen.generate.cli", "regenerate clients and models into generated/"),
    "check-generated": ("codegen.generate.check", "fail with a diff when generated/ is stale"),
    "publish": ("codegen.publish.cli", "bundle specs, Redoc pages, TS types and dist/index.html"),
    "breaking": ("codegen.breaking.cli", "classify spec changes since a git revision (CHANGELOG)"),
    "main-job": ("codegen.mainjob.cli", "validate, generate, sandbox, contract check, publish"),
}


def _usage() -> str:
    lines = ["usage: python -m codegen COMMAND [ARGS...]", "", "commands:"]
    lines += [f"  {name:<16} {help_}" for name, (_, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(_usage())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    result: int = module.main(rest)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
