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
from codegen.generate.spec_source import load_document
from codegen.generate.tolerance import open_answer_objects

Kind = Literal["client", "models"]
TOOLS: dict[str, str] = {"client": "openapi-python-client", "models": "datamodel-code-generator"}


@dataclass(frozen=True)
class Job:
    vendor: str
    kind: Kind
    spec: Path
    display: str
    vendor_out: Path
    settings: dict[str, Any] = field(hash=False)
    templates_dir: Path

    @property
    def header(self) -> str:
        return header_line(TOOLS[self.kind], self.display)


@dataclass(frozen=True)
class JobResult:
    job: Job
    seconds: float
    problems: tuple[SpecProblem, ...]


def run_job(job: Job) -> JobResult:
    """Load the spec (the spec gate has checked it), run the job's generator."""
    started = time.perf_counter()
    try:
        problems = _run(job)
    except Exception as err:  # reported, never lost in a worker
        problems = [SpecProblem(job.display, TOOLS[job.kind], f"crashed: {err!r}")]
    return JobResult(job, time.perf_counter() - started, tuple(problems))


def _run(job: Job) -> list[SpecProblem]:
    document = open_answer_objects(load_document(job.spec.read_text(encoding="utf-8")))
    job.vendor_out.mkdir(parents=True, exist_ok=True)
    if job.kind == "client":
        from codegen.generate.client_job import generate_client  # noqa: PLC0415 - heavy

        return generate_client(
            document=document,
            vendor=job.vendor,
            spec=job.spec,
            display=job.display,
            out_dir=job.vendor_out / "client",
            settings=job.settings,
            templates_dir=job.templates_dir / "client",
            scratch=job.vendor_out.parent.parent / ".scratch" / job.vendor,
        )
    from codegen.generate.models_job import generate_models  # noqa: PLC0415 - heavy

    return generate_models(
        document=document,
        display=job.display,
        out_file=job.vendor_out / "models.py",
        options={**job.settings, "custom_template_dir": job.templates_dir / "models"},
        header=job.header,
    )
