"""Generate a set of vendors into a staging folder: jobs in parallel, then one ruff pass.

Workers are forked after the generators are imported, so each worker starts warm; jobs are
handed out largest spec first so two workers finish at about the same time. Post-processing
(ruff fix and format, headers, vendor ``__init__``) runs once over everything, and only when
every job succeeded.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from codegen.generate.headers import add_headers
from codegen.generate.jobs import Job, JobResult, Kind, run_job
from codegen.generate.layout import PACKAGE_NAME, Layout, Vendor
from codegen.generate.package_files import vendor_init
from codegen.generate.problems import SpecProblem
from codegen.generate.settings import as_api_keywords, client_settings, model_options
from codegen.generate.spec_gate import spec_check_problems
from codegen.generate.spec_source import load_document
from codegen.generate.vendor_readme import api_modules, vendor_readme

Progress = Callable[[str], None]
KINDS: tuple[Kind, ...] = ("client", "models")


@dataclass(frozen=True)
class BuildResult:
    results: tuple[JobResult, ...]
    problems: tuple[SpecProblem, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def plan_jobs(layout: Layout, vendors: Sequence[Vendor], staging_package: Path) -> list[Job]:
    """Two jobs per vendor, largest spec first."""
    jobs = [
        Job(
            vendor=vendor.name,
            kind=kind,
            spec=vendor.spec,
            display=layout.display(vendor.spec),
            vendor_out=staging_package / vendor.name,
            settings=(
                client_settings(layout.config_dir, vendor.name)
                if kind == "client"
                else as_api_keywords(model_options(layout.config_dir, vendor.name))
            ),
            templates_dir=layout.templates_dir,
        )
        for vendor in vendors
        for kind in KINDS
    ]
    return sorted(jobs, key=lambda job: (-job.spec.stat().st_size, job.vendor, job.kind))


def build(
    layout: Layout,
    vendors: Sequence[Vendor],
    staging_root: Path,
    *,
    workers: int,
    progress: Progress,
) -> BuildResult:
    """Generate ``vendors`` into ``staging_root/mediatasks_generated/<vendor>/``."""
    started = time.perf_counter()
    checked = spec_check_problems(layout, vendors)  # a spec failing them generates nothing
    if checked:
        return BuildResult((), checked, time.perf_counter() - started)
    staging_package = staging_root / PACKAGE_NAME
    jobs = plan_jobs(layout, vendors, staging_package)
    if not jobs:  # only removals to do
        return BuildResult((), (), 0.0)
    results = _run_jobs(jobs, workers, progress)
    # Both jobs of a vendor report a spec that does not load; say it once.
    problems = tuple(dict.fromkeys(p for result in results for p in result.problems))
    if not problems:
        for vendor in vendors:
            _write_vendor_files(layout, vendor, staging_package / vendor.name)
        problems = _post_process(layout, staging_package, jobs, progress)
    return BuildResult(tuple(results), problems, time.perf_counter() - started)


def _write_vendor_files(layout: Layout, vendor: Vendor, folder: Path) -> None:
    """The files codegen writes itself into a vendor's package: ``__init__.py``, README.md."""
    display = layout.display(vendor.spec)
    (folder / "__init__.py").write_text(vendor_init(vendor.name, display), encoding="utf-8")
    document = load_document(vendor.spec.read_text(encoding="utf-8"))
    modules = api_modules(folder / "client", f"{PACKAGE_NAME}.{vendor.name}")
    readme = vendor_readme(vendor.name, display, document, modules)
    (folder / "README.md").write_text(readme, encoding="utf-8")


def _run_jobs(jobs: Sequence[Job], workers: int, progress: Progress) -> list[JobResult]:
    workers = max(1, min(workers, len(jobs)))
    results: list[JobResult] = []
    if workers == 1:
        for job in jobs:
            results.append(run_job(job))
            _report(results[-1], progress)
        return results
    context = multiprocessing.get_context(_start_method())
    if context.get_start_method() == "fork":
        _warm_up()
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        for future in concurrent.futures.as_completed([pool.submit(run_job, j) for j in jobs]):
            results.append(future.result())
            _report(results[-1], progress)
    return sorted(results, key=lambda r: (r.job.vendor, r.job.kind))


def _start_method() -> str:
    """Fork (warm, cheap) when it is safe: on POSIX and with no other thread that could hold a
    lock across the fork (as in a test process that has started servers); else spawn."""
    if sys.platform == "win32" or threading.active_count() > 1:
        return "spawn"
    return "fork"


def _warm_up() -> None:
    """Load the generators once in the parent; forked workers inherit them for free."""
    import datamodel_code_generator.parser.openapi  # noqa: F401, PLC0415

    from codegen.generate.client_job import command  # noqa: PLC0415

    command()


def _report(result: JobResult, progress: Progress) -> None:
    status = "ok" if not result.problems else f"FAILED ({len(result.problems)} problem(s))"
    progress(f"  {result.job.vendor:<12} {result.job.kind:<7} {result.seconds:6.2f} s  {status}")


def ruff_binary() -> str:
    """The ruff of this environment (the post-hook openapi-python-client would have run)."""
    beside = Path(sys.executable).with_name("ruff")
    found = str(beside) if beside.is_file() else shutil.which("ruff")
    if found is None:
        msg = "ruff is not installed in this environment; run `make setup`"
        raise RuntimeError(msg)
    return found


def _post_process(
    layout: Layout, staging_package: Path, jobs: Sequence[Job], progress: Progress
) -> tuple[SpecProblem, ...]:
    started = time.perf_counter()
    config = str(layout.config_dir / "ruff.toml")
    ruff = ruff_binary()
    for command in (
        [ruff, "check", "--fix-only", "--no-cache", "--quiet", "--config", config, "."],
        [ruff, "format", "--no-cache", "--quiet", "--config", config, "."],
    ):
        done = subprocess.run(  # noqa: S603 - fixed arguments, our own ruff
            command, cwd=staging_package, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            message = f"`ruff {command[1]}` failed on the generated code: {done.stderr.strip()}"
            return (SpecProblem(spec="(all specs)", tool="ruff", message=message),)
    for job in jobs:
        if job.kind == "client":
            add_headers(job.vendor_out / "client", job.header)
    progress(f"  {'(all)':<12} {'ruff':<7} {time.perf_counter() - started:6.2f} s  ok")
    return ()
