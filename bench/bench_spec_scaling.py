"""How the spec checks scale: synthetic specs of about 0.25, 1 and 10 MB, time and peak memory.

Each spec is the spec-check tests' small valid fixture (``tests/specs/fixtures/good.yaml``)
plus N small closed object schemas (two described properties each, ~290 bytes), every one
with its own property names so no two are alike. Each size runs ``check_spec`` (what
``make check-specs`` and the gate of ``make generate`` run per spec) in a fresh process, so
peak memory (``ru_maxrss``) is that run's alone.

    .venv/bin/python bench/bench_spec_scaling.py [--sizes 0.25,1,10]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "specs" / "fixtures" / "good.yaml"
TARGET_SECONDS = 60.0
TARGET_MB = 1024.0


def synthetic_spec(megabytes: float) -> str:
    """The fixture plus enough distinct small schemas to reach ``megabytes``."""
    parts = [BASE.read_text(encoding="utf-8").rstrip("\n")]
    size = len(parts[0])
    index = 0
    while size < megabytes * 1_000_000:
        block = (
            f"    Item{index:06d}:\n"
            f"      title: Item{index:06d}\n"
            "      type: object\n"
            "      additionalProperties: false\n"
            f"      required: [id{index}]\n"
            "      properties:\n"
            f"        id{index}:\n"
            "          type: string\n"
            f"          description: Identifier of item {index}.\n"
            f"        size{index}:\n"
            "          type: integer\n"
            "          description: Size in bytes."
        )
        parts.append(block)
        size += len(block) + 1
        index += 1
    return "\n".join(parts) + "\n"


def _child(path: str) -> None:
    """Run in the fresh process: check one spec, print seconds, MB and problem count."""
    sys.path.insert(0, str(ROOT))
    from codegen.spec_checks import check_spec  # noqa: PLC0415 - after the path is set

    started = time.perf_counter()
    problems = check_spec(Path(path), None, "fixture")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    errors = [p.format() for p in problems if p.level.value == "error"]
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "errors": errors[:3]}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,1,10", help="megabytes, comma-separated")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="spec-scaling-") as scratch:
        for megabytes in (float(x) for x in args.sizes.split(",")):
            path = Path(scratch) / f"s{megabytes}" / "openapi.yaml"
            path.parent.mkdir()
            path.write_text(synthetic_spec(megabytes), encoding="utf-8")
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            rows.append((path.stat().st_size / 1e6, result))
    print("spec checks on synthetic specs (one fresh process each)")
    print(f"{'size':>8} {'seconds':>9} {'s/MB':>7} {'peak MB':>9} {'errors':>7}")
    for size, result in rows:
        print(
            f"{size:7.2f}M {result['seconds']:9.1f} {result['seconds'] / size:7.1f} "
            f"{result['peak_mb']:9.0f} {len(result['errors']):7d}"
        )
        for line in result["errors"]:
            print(f"    {line[:160]}")
    largest = rows[-1][1]
    met = largest["seconds"] < TARGET_SECONDS and largest["peak_mb"] < TARGET_MB
    print(
        f"largest: {largest['seconds']:.1f} s, {largest['peak_mb']:.0f} MB "
        f"(target < {TARGET_SECONDS:.0f} s and < {TARGET_MB:.0f} MB: {'met' if met else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
