"""Benchmark of ``make generate``: full regeneration against the naive loop, and the no-op run.

Run with ``make bench`` or ``.venv/bin/python bench/bench_codegen.py [--runs N]``. Nothing in
the repository is written: full regenerations go to temporary folders. The naive loop is what
a Makefile without codegen would do: each generator's command line once per spec, one after
another, with its own formatting (openapi-python-client's ruff post-hooks,
datamodel-code-generator's ruff formatters) and the same committed options.
Targets: full regeneration at most 0.5x the naive loop; a no-op ``make generate`` <= 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

# Run as a script (`make bench`): the repository root is not on sys.path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from codegen.generate.layout import REPO_ROOT, discover_vendors
from codegen.generate.settings import (
    as_cli_arguments,
    client_settings,
    model_options,
)

VENV_BIN = Path(sys.executable).parent


def _run(command: list[str], *, cwd: Path = REPO_ROOT) -> None:
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        msg = f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
        raise RuntimeError(msg)


def _timed(action: Callable[[], None], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return seconds


def naive_loop(scratch: Path) -> None:
    """Both CLIs per spec, sequentially, formatting each output on its own."""
    out = Path(tempfile.mkdtemp(dir=scratch))
    config_dir = REPO_ROOT / "codegen" / "config"
    for vendor in discover_vendors(REPO_ROOT / "specs"):
        settings = client_settings(config_dir, vendor.name)
        settings.pop("post_hooks", None)  # the CLI's default: ruff fix + format per output
        config = out / f"{vendor.name}-client.yaml"
        config.write_text(yaml.safe_dump(settings))
        _run(
            [
                str(VENV_BIN / "openapi-python-client"),
                "generate",
                "--path",
                str(vendor.spec),
                "--meta",
                "none",
                "--fail-on-warning",
                "--config",
                str(config),
                "--output-path",
                str(out / vendor.name / "client"),
            ]
        )
        options = model_options(config_dir, vendor.name)
        options["formatters"] = ["ruff-check", "ruff-format"]
        _run(
            [
                str(VENV_BIN / "datamodel-codegen"),
                "--input",
                str(vendor.spec),
                "--output",
                str(out / vendor.name / "models.py"),
                *as_cli_arguments(options),
            ]
        )


def full_regeneration(scratch: Path) -> None:
    """``make generate FORCE=1``, into a temporary output folder."""
    out = Path(tempfile.mkdtemp(dir=scratch))
    _run([sys.executable, "-m", "codegen", "generate", "--force", "--output", str(out)])


def noop_make() -> None:
    _run(["make", "--no-print-directory", "generate"])


def noop_module() -> None:
    _run([sys.executable, "-m", "codegen", "generate"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per case (naive: at most 2)")
    runs = parser.parse_args().runs
    noop_module()  # brings generated/ up to date if needed, so the no-op cases are no-ops
    with tempfile.TemporaryDirectory(prefix="bench-codegen-") as folder:
        scratch = Path(folder)
        results = {
            "naive loop (CLIs, spec by spec)": _timed(lambda: naive_loop(scratch), min(runs, 2)),
            "make generate FORCE=1 (all specs)": _timed(lambda: full_regeneration(scratch), runs),
            "make generate, nothing changed": _timed(noop_make, max(runs, 5)),
            "python -m codegen generate, no-op": _timed(noop_module, max(runs, 5)),
        }
    specs = len(discover_vendors(REPO_ROOT / "specs"))
    print(f"codegen benchmark: {specs} specs, {os.cpu_count()} cores")
    print(f"{'case':<38} {'runs':>4} {'median s':>9} {'best s':>8}")
    for name, seconds in results.items():
        row = f"{name:<38} {len(seconds):>4} {statistics.median(seconds):>9.2f}"
        print(f"{row} {min(seconds):>8.2f}")
    naive = statistics.median(results["naive loop (CLIs, spec by spec)"])
    ours = statistics.median(results["make generate FORCE=1 (all specs)"])
    noop = statistics.median(results["make generate, nothing changed"])
    print(f"full regeneration / naive loop: {ours / naive:.2f}x (target <= 0.50x)")
    print(f"no-op make generate: {noop:.2f} s (target <= 0.30 s)")
    return 0 if ours <= 0.5 * naive and noop <= 0.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
