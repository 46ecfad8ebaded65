"""Screenshots of the published pages, to look at what other teams will see.

``python -m codegen.publish.screenshot [--dist dist] [--vendor zego] [--out dist/screenshots]``
takes PNGs of ``dist/index.html`` and one vendor's reference page with headless Chromium
(``apt-get install -y chromium``). Without Chromium it says so and exits 0 (1 under
``CI=true``, where a skip must not pass for a check): screenshots are a
look-and-see aid, not a gate. Chromium runs with networking features off and a throwaway
profile, so the pages must render from the file alone (the Redoc pages are self-contained).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["chromium_binary", "main", "screenshot"]

_ROOT = Path(__file__).resolve().parents[2]
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def chromium_binary() -> str | None:
    """The first Chromium-like browser on PATH, or None."""
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(
    browser: str,
    page: Path,
    target: Path,
    size: tuple[int, int] = (1280, 900),
    budget_ms: int = 4000,
) -> None:
    """Render ``page`` (a local file) into ``target`` (PNG); raise RuntimeError on failure.

    ``--virtual-time-budget`` lets the Redoc script hydrate the page before the capture
    without a wall-clock sleep.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="publish-chromium-") as profile:
        command = [
            browser,
            *_FLAGS,
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget_ms}",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={target.resolve()}",
            page.resolve().as_uri(),
        ]
        done = subprocess.run(  # noqa: S603 - browser path from shutil.which, no shell
            command, capture_output=True, text=True, timeout=120, check=False
        )
    if done.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-10:])
        raise RuntimeError(f"chromium could not capture {page} (exit {done.returncode})\n{tail}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen.publish.screenshot")
    parser.add_argument("--dist", type=Path, default=_ROOT / "dist")
    parser.add_argument("--vendor", default="zego", help="whose reference page to capture")
    parser.add_argument("--out", type=Path, help="default: <dist>/screenshots")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    browser = chromium_binary()
    if browser is None:
        strict = os.environ.get("CI") == "true"  # CI must not pass by skipping
        print(
            f"screenshot: {'failed' if strict else 'skipped'}, no Chromium on PATH "
            "(apt-get install -y chromium)",
            file=sys.stderr,
        )
        return 1 if strict else 0
    index = args.dist / "index.html"
    pages = sorted((args.dist / args.vendor).glob(f"{args.vendor}-openapi-*.html"))
    if not index.exists() or not pages:
        print(f"screenshot: run `python -m codegen publish` first ({index})", file=sys.stderr)
        return 2
    out: Path = args.out or args.dist / "screenshots"
    try:
        for page, name in ((index, "index.png"), (pages[-1], f"{args.vendor}.png")):
            screenshot(browser, page, out / name)
            print(out / name)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        print(f"screenshot: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
