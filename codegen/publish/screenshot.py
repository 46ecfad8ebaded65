"""Screenshots of the published pages, to look at what other teams will see.

``python -m codegen.publish.screenshot [--dist dist] [--vendor zego] [--operation ID]
[--out dist/screenshots]`` renders with headless Chromium, into ``--out``:

    index.png                       dist/index.html
    <vendor>.png, <vendor>.dom.html the reference page's introduction and vendor contract
    <vendor>-<operationId>.png      the operation view (Redoc's ``#operation/<id>`` route, expanded,
    <vendor>-<operationId>.dom.html with its error table), and its rendered DOM

The ``.dom.html`` files are the pages as the browser built them (Redoc renders operations in the
browser), so a test — or a person with grep — can read the text a reader sees. Without Chromium
it says so and exits 0 (1 under ``CI=true``, where a skip must not pass for a check):
screenshots are a look-and-see aid, not a gate. Chinese names need a CJK font (Debian:
``fonts-noto-cjk``; ``make screenshots`` installs it with Chromium when run as root); without
one they render as boxes, and this says so. Chromium runs with networking features off and a
throwaway profile, so the pages must render from the file alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codegen.publish.spec_files import load_yaml
from codegen.spec_checks.spec_walk import operations

__all__ = ["Capture", "captures", "chromium_binary", "has_cjk_font", "main", "screenshot"]

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
#: Wide enough for the contract tables, tall enough for an operation and its error table.
PAGE_SIZE = (1440, 2400)
INDEX_SIZE = (1440, 900)


def chromium_binary() -> str | None:
    """The first Chromium-like browser on PATH, or None."""
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def has_cjk_font() -> bool | None:
    """Whether fontconfig knows a font for Chinese; None when fc-list is not there to ask."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    done = subprocess.run(  # noqa: S603 - fc-list from PATH, fixed arguments
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30, check=False
    )
    return done.returncode == 0 and bool(done.stdout.strip())


def _chromium(browser: str, url: str, extra: Sequence[str], budget_ms: int) -> str:
    with tempfile.TemporaryDirectory(prefix="publish-chromium-") as profile:
        command = [
            browser,
            *_FLAGS,
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget_ms}",
            *extra,
            url,
        ]
        done = subprocess.run(  # noqa: S603 - browser path from shutil.which, no shell
            command, capture_output=True, text=True, timeout=120, check=False
        )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-10:])
        raise RuntimeError(f"chromium could not render {url} (exit {done.returncode})\n{tail}")
    return done.stdout


def screenshot(
    browser: str,
    page: Path,
    target: Path,
    size: tuple[int, int] = PAGE_SIZE,
    *,
    budget_ms: int = 5000,
    fragment: str = "",
) -> None:
    """Render ``page`` (a local file, plus ``#fragment``) into ``target`` (PNG).

    ``--virtual-time-budget`` lets the Redoc script hydrate the page and follow the fragment
    before the capture, without a wall-clock sleep. Raises RuntimeError on failure.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    extra = [f"--window-size={size[0]},{size[1]}", f"--screenshot={target.resolve()}"]
    _chromium(browser, url, extra, budget_ms)
    if not target.exists() or target.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no screenshot of {url}")


def rendered_dom(browser: str, page: Path, fragment: str = "", budget_ms: int = 5000) -> str:
    """The DOM of ``page#fragment`` after the page's scripts ran (``--dump-dom``)."""
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    size = f"--window-size={PAGE_SIZE[0]},{PAGE_SIZE[1]}"
    dom = _chromium(browser, url, [size, "--dump-dom"], budget_ms)
    if "<body" not in dom:
        raise RuntimeError(f"chromium returned no DOM for {url}")
    return dom


@dataclass(frozen=True, slots=True)
class Capture:
    """One thing to capture: a page, the Redoc route to open, the file names to write."""

    page: Path
    fragment: str
    name: str
    dom: bool
    size: tuple[int, int]


def _first_operation(bundle: Path) -> str:
    document = load_yaml(bundle.read_text(encoding="utf-8"))
    for op in operations(document):
        return str(op.operation["operationId"])
    raise RuntimeError(f"{bundle} has no operation")


def captures(dist: Path, vendor: str, operation: str | None = None) -> list[Capture]:
    """Index, the vendor's introduction and contract, and one operation view."""
    pages = sorted((dist / vendor).glob(f"{vendor}-openapi-*.html"))
    index = dist / "index.html"
    if not index.exists() or not pages:
        raise FileNotFoundError(f"run `python -m codegen publish` first (no {index} or page)")
    page = pages[-1]
    operation = operation or _first_operation(page.with_suffix(".yaml"))
    return [
        Capture(index, "", "index", dom=False, size=INDEX_SIZE),
        Capture(page, "", vendor, dom=True, size=PAGE_SIZE),
        Capture(page, f"operation/{operation}", f"{vendor}-{operation}", dom=True, size=PAGE_SIZE),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen.publish.screenshot")
    parser.add_argument("--dist", type=Path, default=_ROOT / "dist")
    parser.add_argument("--vendor", default="zego", help="whose reference page to capture")
    parser.add_argument("--operation", help="operationId to open (default: the first)")
    parser.add_argument("--out", type=Path, help="default: <dist>/screenshots")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    browser = chromium_binary()
    if browser is None:
        strict = os.environ.get("CI") == "true"  # CI must not pass by skipping
        print(
            f"screenshot: {'failed' if strict else 'skipped'}, no Chromium on PATH (Debian: "
            "apt-get install -y chromium fonts-noto-cjk; `make screenshots` does it as root)",
            file=sys.stderr,
        )
        return 1 if strict else 0
    if has_cjk_font() is False:
        print(
            "screenshot: no CJK font, Chinese names will render as boxes "
            "(Debian: apt-get install -y fonts-noto-cjk)",
            file=sys.stderr,
        )
    try:
        wanted = captures(args.dist, args.vendor, args.operation)
    except (FileNotFoundError, RuntimeError, KeyError) as exc:
        print(f"screenshot: {exc}", file=sys.stderr)
        return 2
    out: Path = args.out or args.dist / "screenshots"
    try:
        for capture in wanted:
            png = out / f"{capture.name}.png"
            screenshot(browser, capture.page, png, capture.size, fragment=capture.fragment)
            print(png)
            if capture.dom:
                dom = out / f"{capture.name}.dom.html"
                dom.write_text(
                    rendered_dom(browser, capture.page, capture.fragment), encoding="utf-8"
                )
                print(dom)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        print(f"screenshot: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
