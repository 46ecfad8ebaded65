"""``python -m codegen main-job``: the project's main job, end to end, on the embedded sandbox.

Steps, each timed, stopping at the first that cannot be built upon:

1. validate   — the spec checks and ``redocly lint`` under the house rules;
2. generate   — incremental client and model generation (only changed vendors);
3. sandbox    — the emulator served on a free loopback port;
4. contract   — a short contract run (the live-mode suites, pointed at that port, signing with
                the sandbox's test credentials; the sandbox enforces the vendors' limits);
5. publish    — bundles, HTML reference pages, TypeScript types, ``dist/index.html``.

It ends with one table per vendor (operations, contract cases, failures, artifacts written) and
one of the steps with their times, and exits non-zero if any step failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"
CONTRACT_SUITES = ("contract_tests/test_generated_cases.py", "contract_tests/test_stateful_myun.py")


@dataclass(slots=True)
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str


def _timed(name: str, action: Callable[[], tuple[bool, str]]) -> StepResult:
    print(f"==> {name}", flush=True)
    start = time.perf_counter()
    try:
        ok, detail = action()
    except Exception as exc:  # a step's crash is reported, not a traceback for the user
        ok, detail = False, f"{type(exc).__name__}: {exc}"
    result = StepResult(name, ok, time.perf_counter() - start, detail)
    print(
        f"<== {name}: {'ok' if ok else 'FAILED'} in {result.seconds:.1f} s — {detail}", flush=True
    )
    return result


def _validate() -> tuple[bool, str]:
    from codegen.spec_checks.cli import main as check_specs  # noqa: PLC0415 - lazy, per step

    if check_specs(["check"]) != 0:
        return False, "spec checks found errors (listed above)"
    specs = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "specs").glob("*/openapi.yaml"))
    command = [
        "npx",
        "--no-install",
        "redocly",
        "lint",
        "--config",
        "redocly.yaml",
        "--format=summary",
    ]
    lint = subprocess.run(  # noqa: S603 - fixed argument list
        [*command, *specs],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if lint.returncode != 0:
        print(lint.stdout + lint.stderr)
        return False, "redocly lint failed"
    return True, f"{len(specs)} specs valid, lint clean"


def _generate() -> tuple[bool, str]:
    from codegen.generate.cli import main as generate  # noqa: PLC0415

    code = generate([])
    return code == 0, "generated/ up to date" if code == 0 else f"generation exited {code}"


def _contract(base_url: str, examples: int, summary: Path) -> tuple[bool, str]:
    from mediatasks.registry import base_url_variable  # noqa: PLC0415
    from mediatasks.sandbox.credentials import SandboxCredentials  # noqa: PLC0415
    from mediatasks.specs import VENDORS  # noqa: PLC0415

    env = {**os.environ, **SandboxCredentials().as_environment()}
    env.update({base_url_variable(v): f"{base_url}/{v}" for v in VENDORS})
    env.update(
        {
            "MEDIATASKS_CONTRACT_TARGET": "live",
            "MEDIATASKS_CONTRACT_MAX_EXAMPLES": str(examples),
            # Pacing by the published limits is for real hosts; the sandbox enforces the limits
            # itself, and over-limit answers are accepted in live mode and waited out by gates.
            "MEDIATASKS_CONTRACT_RATE_LIMITS": "off",
            "MEDIATASKS_CONTRACT_SUMMARY": str(summary),
        }
    )
    run = subprocess.run(  # noqa: S603 - fixed argument list
        [
            sys.executable,
            "-m",
            "pytest",
            *CONTRACT_SUITES,
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            f"--junitxml={REPORTS / 'main-job-contract-junit.xml'}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    tail = [line for line in run.stdout.splitlines() if line.strip()][-12:]
    print("\n".join(tail))
    if run.returncode != 0:
        return False, f"contract suites failed (exit {run.returncode}); JUnit in reports/"
    return True, f"contract suites passed against {base_url}"


def _sandbox_and_contract(examples: int, summary: Path) -> list[StepResult]:
    from mediatasks.sandbox.background import serve_in_background  # noqa: PLC0415

    results: list[StepResult] = []
    start = time.perf_counter()
    print("==> sandbox", flush=True)
    with serve_in_background() as base_url:
        results.append(
            StepResult("sandbox", True, time.perf_counter() - start, f"serving {base_url}")
        )
        print(f"<== sandbox: ok — serving {base_url}", flush=True)
        results.append(_timed("contract", lambda: _contract(base_url, examples, summary)))
    return results


def _publish() -> tuple[bool, str]:
    from codegen.publish.cli import run as publish  # noqa: PLC0415

    outcome = publish([])
    if outcome.code != 0:
        return False, f"publish exited {outcome.code}"
    # publish names the committed type files it rewrote: without a word, `make test` after
    # `make` could not tell that they were stale (CI, on a clean checkout, would)
    if outcome.types_note is not None:
        return True, f"dist/ written; {outcome.types_note}"
    return True, "dist/ written"


def _artifacts(vendor: str) -> int:
    written = [p for p in (ROOT / "dist" / vendor).glob("*") if p.is_file()]
    types = ROOT / "ts" / "generated" / f"{vendor}.d.ts"
    return len(written) + (1 if types.exists() else 0)


def _vendor_rows(summary: Path) -> list[list[str]]:
    from mediatasks.specs import VENDORS, profile  # noqa: PLC0415

    data: dict[str, Any] = json.loads(summary.read_text()) if summary.exists() else {}
    rows = []
    for vendor in VENDORS:
        info = data.get(vendor, {})
        spec = profile(vendor)
        rows.append(
            [
                vendor,
                spec.version,
                str(len(spec.operations)),
                str(info.get("cases", "-")),
                str(info.get("failures", "-")),
                str(_artifacts(vendor)),
            ]
        )
    return rows


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join([line, rule, *body])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen main-job", description=__doc__)
    parser.add_argument("--examples", type=int, default=10, help="fuzzing cases per operation")
    args = parser.parse_args(argv)
    REPORTS.mkdir(exist_ok=True)
    summary = REPORTS / "main-job-contract.json"
    summary.unlink(missing_ok=True)
    started = time.perf_counter()
    steps = [_timed("validate", _validate)]
    if steps[-1].ok:
        steps.append(_timed("generate", _generate))
    if steps[-1].ok:
        steps += _sandbox_and_contract(args.examples, summary)
        steps.append(_timed("publish", _publish))
    print()
    headers = ["vendor", "spec", "operations", "contract cases", "failures", "artifacts"]
    print(_table(headers, _vendor_rows(summary)))
    print()
    step_rows = [
        [s.name, "ok" if s.ok else "FAILED", f"{s.seconds:.1f} s", s.detail] for s in steps
    ]
    print(_table(["step", "result", "time", "detail"], step_rows))
    ok = all(s.ok for s in steps)
    print(f"\nmain job {'done' if ok else 'FAILED'} in {time.perf_counter() - started:.1f} s")
    return 0 if ok else 1
