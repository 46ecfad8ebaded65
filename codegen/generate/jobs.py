"""One unit of work for a worker process: one generator applied to one spec.

Jobs carry only plain data (paths, settings) so they pickle cheaply, and never raise: whatever
goes wrong comes back as ``SpecProblem``s with the job's timing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from codegen.generate.headers import header_line
from codegen.generate.problems import SpecProblem
from codegen.generate.spec_source import (
    SpecLoadError,
    load_document,
    problem_at,
)
from codegen.spec_checks.house_rules import check_enums
from codegen.spec_checks.problems import Level, Report
from codegen.spec_checks.structure import check_refs

Kind = Literal["client", "models"]
LOADER = "spec loader"
TOOLS: dict[str, str] = {"client": "openapi-python-client", "models": "datamodel-code-generator"}


@dataclass(frozen=True)
class Job:
    vendor: str
    kind: Kind
    spec: Path
    display: str
    vendor_out: Path
    settings: dict[str, Any] = field(hash=False)
    templates_dir: Path | None = None

    @property
    def header(self) -> str:
        return header_line(TOOLS[self.kind], self.display)


@dataclass(frozen=True)
class JobResult:
    job: Job
    seconds: float
    problems: tuple[SpecProblem, ...]


def run_job(job: Job) -> JobResult:
    """Load the spec, check its references, run the job's generator."""
    started = time.perf_counter()
    try:
        problems = _run(job)
    except Exception as err:  # reported, never lost in a worker
        problems = [SpecProblem(job.display, TOOLS[job.kind], f"crashed: {err!r}")]
    return JobResult(job, time.perf_counter() - started, tuple(problems))


def _run(job: Job) -> list[SpecProblem]:
    try:
        document = load_document(job.spec.read_text(encoding="utf-8"))
    except SpecLoadError as err:
        return [SpecProblem(job.display, LOADER, err.message, err.pointer, err.line)]
    # The house rules a generator depends on, as `make check-specs` runs them: every $ref
    # resolves (both generators report a dangling one without saying where) and every
    # x-enum-varnames can name its enum's members (else members silently become VALUE_1).
    report = Report(job.display)
    if check_refs(document, report):
        check_enums(document, report)
    found = [p for p in report.problems if p.level is Level.ERROR]
    if found:
        return [problem_at(job.spec, job.display, LOADER, p.message, p.pointer) for p in found]
    job.vendor_out.mkdir(parents=True, exist_ok=True)
    if job.kind == "client":
        from codegen.generate.client_job import generate_client  # noqa: PLC0415 - heavy

        return generate_client(
            document=document,
            spec=job.spec,
            display=job.display,
            out_dir=job.vendor_out / "client",
            settings=job.settings,
            templates_dir=job.templates_dir,
        )
    from codegen.generate.models_job import generate_models  # noqa: PLC0415 - heavy

    return generate_models(
        document=document,
        spec=job.spec,
        display=job.display,
        out_file=job.vendor_out / "models.py",
        options=job.settings,
        header=job.header,
    )
