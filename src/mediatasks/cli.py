"""``mediatasks``: read and watch tasks of the five vendors from a shell.

    mediatasks status VENDOR ID [--json] [--live | --base-url URL]
    mediatasks watch VENDOR ID... [--json] [--timeout S] [--interval S] [--live | --base-url URL]

Where requests go:

    (default)       the embedded sandbox, in-process: no network, the sandbox's own public
                    test credentials; the environment is not read
    --base-url URL  that host (``make sandbox``: http://127.0.0.1:8765/<vendor>, or a vendor
                    test host), credentials from the environment
    --live          the vendor's production host from its spec (or
                    MEDIATASKS_<VENDOR>_BASE_URL), credentials from the environment

Credentials come from the environment (never from arguments, so they stay out of shell
history and process lists):

    pan123      MEDIATASKS_PAN123_CLIENT_ID, MEDIATASKS_PAN123_CLIENT_SECRET
    myun        MEDIATASKS_MYUN_TOKEN (optional: MYun documents no auth)
    zego        MEDIATASKS_ZEGO_APP_ID, MEDIATASKS_ZEGO_SERVER_SECRET
    cdnetworks  MEDIATASKS_CDNETWORKS_ACCESS_KEY, MEDIATASKS_CDNETWORKS_SECRET_KEY
    polyv       MEDIATASKS_POLYV_APP_ID, MEDIATASKS_POLYV_SECRET

Exit codes:
    0  every task succeeded (status: the task was read)
    1  a task failed or was deleted (watch)
    2  usage error or missing/invalid credentials or settings
    3  the vendor answered with an error (auth, not found, rate limit, ...)
    4  network error or timeout, or an answer that does not match the spec
    5  watch: the deadline passed before every task finished
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Final

from rich.console import Console
from rich.live import Live
from rich.table import Table

from mediatasks.errors import (
    APIError,
    ConfigurationError,
    InvalidResponseError,
    MediaTasksError,
    TransportError,
    WaitTimeoutError,
)
from mediatasks.specs import VENDORS
from mediatasks.tasks import PollSchedule, Task, TaskStatus
from mediatasks.vendors import TaskClient, client_for

__all__ = ["EXIT_CODES", "SANDBOX_BASE_URL", "build_parser", "main"]

#: The embedded sandbox's base URL for a vendor (in-process; the host name is never resolved).
SANDBOX_BASE_URL: Final = "http://sandbox/{vendor}"

EXIT_OK: Final = 0
EXIT_TASK_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_VENDOR: Final = 3
EXIT_NETWORK: Final = 4
EXIT_TIMEOUT: Final = 5
EXIT_CODES: Final = {
    EXIT_OK: "every task succeeded (status: the task was read)",
    EXIT_TASK_FAILED: "a task failed or was deleted (watch)",
    EXIT_USAGE: "usage error, missing or invalid credentials or settings",
    EXIT_VENDOR: "the vendor answered with an error (auth, not found, rate limit, ...)",
    EXIT_NETWORK: "network error or timeout, or an answer that does not match the spec",
    EXIT_TIMEOUT: "watch: the deadline passed before every task finished",
}
_STYLE: Final = {
    TaskStatus.SUCCEEDED: "green",
    TaskStatus.FAILED: "red",
    TaskStatus.DELETED: "magenta",
    TaskStatus.RUNNING: "cyan",
    TaskStatus.PAUSED: "yellow",
    TaskStatus.UNKNOWN: "yellow",
}


def build_parser() -> argparse.ArgumentParser:
    codes = "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())
    parser = argparse.ArgumentParser(
        prog="mediatasks",
        description="Read and watch video-cloud tasks (123pan, MYun, ZEGO, CDNetworks, Polyv).",
        epilog="By default every command runs against the embedded sandbox (in-process, its "
        "own test credentials).\n--live or --base-url send real requests, with credentials "
        "from MEDIATASKS_<VENDOR>_* environment variables\n(see `python -m pydoc "
        f"mediatasks.cli`).\n\nexit codes:\n{codes}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("status", "print one task"), ("watch", "follow tasks until done")):
        cmd = sub.add_parser(
            name,
            help=text,
            description=text,
            epilog=f"exit codes:\n{codes}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        cmd.add_argument("vendor", choices=VENDORS)
        cmd.add_argument("ids", nargs=1 if name == "status" else "+", metavar="ID")
        cmd.add_argument("--json", action="store_true", help="machine-readable output")
        target = cmd.add_mutually_exclusive_group()
        target.add_argument(
            "--base-url",
            help="send to this host (a `make sandbox` port or a vendor test host); "
            "credentials from the environment",
        )
        target.add_argument(
            "--live",
            action="store_true",
            help="send to the vendor's production host (MEDIATASKS_<VENDOR>_BASE_URL "
            "overrides it); credentials from the environment",
        )
        if name == "watch":
            cmd.add_argument("--timeout", type=float, default=600.0, help="seconds (600)")
            cmd.add_argument("--interval", type=float, default=2.0, help="first poll gap (2 s)")
    return parser


def render(tasks: Sequence[Task]) -> Table:
    """The table ``watch`` keeps live and ``status`` prints once."""
    table = Table(show_header=True, header_style="bold")
    for column in ("vendor", "id", "status", "raw", "progress", "outputs / error"):
        table.add_column(column)
    for task in tasks:
        progress = "" if task.progress is None else f"{task.progress:6.1%}"
        detail = task.error or "\n".join(o.url for o in task.outputs[:3])
        style = _STYLE.get(task.status, "")
        table.add_row(
            task.vendor,
            task.id,
            f"[{style}]{task.status.value}[/]" if style else task.status.value,
            json.dumps(task.to_dict()["raw_status"], ensure_ascii=False),
            progress,
            detail,
        )
    return table


def _outcome(tasks: Sequence[Task]) -> int:
    bad = {TaskStatus.FAILED, TaskStatus.DELETED}
    return EXIT_TASK_FAILED if any(t.status in bad for t in tasks) else EXIT_OK


def _status(client: TaskClient, task_id: str, as_json: bool, out: Console) -> int:
    task = client.get_task(task_id)
    if as_json:
        out.print_json(json.dumps(task.to_dict(), ensure_ascii=False))
    else:
        out.print(render([task]))
    return EXIT_OK


def _watch(client: TaskClient, args: argparse.Namespace, out: Console) -> int:
    schedule = PollSchedule(
        timeout=args.timeout, interval_initial=args.interval, interval_max=max(args.interval, 30.0)
    )
    if args.json:

        def emit(tasks: Sequence[Task]) -> None:
            print(json.dumps([t.to_dict() for t in tasks], ensure_ascii=False), flush=True)

        return _outcome(client.wait(args.ids, schedule=schedule, on_update=emit))
    with Live(render([]), console=out, auto_refresh=False) as live:

        def refresh(tasks: Sequence[Task]) -> None:
            live.update(render(tasks), refresh=True)

        return _outcome(client.wait(args.ids, schedule=schedule, on_update=refresh))


def _exit_code_for(exc: Exception) -> tuple[int, str]:
    """Which exit code and prefix an error gets (the order matters: subclasses first)."""
    if isinstance(exc, ConfigurationError | ValueError):
        return EXIT_USAGE, "[red]error:[/]"
    if isinstance(exc, WaitTimeoutError):
        return EXIT_TIMEOUT, "[yellow]timeout:[/]"
    if isinstance(exc, TransportError | InvalidResponseError):
        return EXIT_NETWORK, "[red]network or answer error:[/]"
    if isinstance(exc, APIError):
        return EXIT_VENDOR, "[red]vendor error:[/]"
    return EXIT_USAGE, "[red]error:[/]"


def _client(args: argparse.Namespace, err: Console) -> TaskClient:
    """The embedded sandbox unless --live or --base-url asked for real requests."""
    if args.live or args.base_url:
        return client_for(args.vendor, os.environ, base_url=args.base_url)
    # Imported here: --live never loads the sandbox (nor its server dependencies).
    from mediatasks.sandbox import SandboxCredentials, create_app  # noqa: PLC0415
    from mediatasks.sandbox.transport import SandboxTransport  # noqa: PLC0415

    err.print(
        f"[dim]target: embedded sandbox ({args.vendor}); --live or --base-url for real hosts[/]",
        highlight=False,
    )
    return client_for(
        args.vendor,
        SandboxCredentials().as_environment(),
        base_url=SANDBOX_BASE_URL.format(vendor=args.vendor),
        transport=SandboxTransport(create_app()),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mediatasks`` console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    out, err = Console(), Console(stderr=True)
    try:
        with _client(args, err) as client:
            if args.command == "status":
                return _status(client, args.ids[0], args.json, out)
            return _watch(client, args, out)
    except (MediaTasksError, ValueError) as exc:
        code, prefix = _exit_code_for(exc)
        err.print(f"{prefix} {exc}", markup=True, highlight=False)
        return code


if __name__ == "__main__":
    sys.exit(main())
