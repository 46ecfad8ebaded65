"""The heavy half of ``make generate``: build the stale vendors, then install them or report."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from codegen.generate.install import install_vendors, remove_vendors_without_spec
from codegen.generate.layout import PACKAGE_NAME, Layout, Vendor
from codegen.generate.package_files import write_root_files
from codegen.generate.pipeline import BuildResult, Progress, build, default_workers


def regenerate(
    layout: Layout,
    vendors: Sequence[Vendor],
    *,
    stale: Sequence[str],
    current: Mapping[str, str],
    recorded: Mapping[str, str],
    versions: Mapping[str, str],
    workers: int,
    progress: Progress,
) -> int:
    """Exit status: 0 when ``generated/`` now matches the specs, 1 when a spec failed."""
    started = time.perf_counter()
    targets = [vendor for vendor in vendors if vendor.name in stale]
    workers = min(workers or default_workers(), 2 * len(targets)) if targets else 1
    if targets:
        progress(
            f"codegen: generating {', '.join(stale)} ({len(targets)} of {len(vendors)} specs, "
            f"{workers} worker(s))"
        )
    with tempfile.TemporaryDirectory(prefix="codegen-") as staging:
        result = build(layout, targets, Path(staging), workers=workers, progress=progress)
        if not result.ok:
            report_failure(layout, result)
            return 1
        install_vendors(layout, Path(staging) / PACKAGE_NAME, stale)
    removed = remove_vendors_without_spec(layout, current)
    hashes = {
        name: current[name] if name in stale else recorded[name]
        for name in current
        if name in stale or name in recorded
    }
    write_root_files(layout, sorted(hashes), hashes, versions)
    gone = f"; removed {', '.join(removed)}" if removed else ""
    progress(
        f"codegen: updated {layout.display(layout.package_dir)} "
        f"in {time.perf_counter() - started:.2f} s{gone}"
    )
    return 0


def report_failure(layout: Layout, result: BuildResult) -> None:
    """Every problem, one paragraph each, then the promise that nothing was written."""
    print(f"\ncodegen: {len(result.problems)} problem(s):", file=sys.stderr)
    for problem in result.problems:
        print(f"  {problem.describe()}", file=sys.stderr)
    print(f"codegen: {layout.display(layout.output_root)}/ left unchanged.", file=sys.stderr)
