"""``mediatasks``: read and watch tasks of the five vendors from a shell.

    mediatasks status VENDOR ID [--json] [-v] [--live | --base-url URL]
    mediatasks watch VENDOR ID... [--json] [-v] [--timeout S] [--interval S]
                     [--live | --base-url URL]
    mediatasks sandbox [--host H] [--port N|0] [--print-env] [...]
    mediatasks --version

VENDOR is case-insensitive. On a terminal, tasks are a table (``watch`` keeps it live, with
elapsed time and the next poll); in a pipe or file, plain lines that never wrap or cut.
Retries are silent unless ``-v``, which prints one line per retry (attempt, wait, cause).

``mediatasks sandbox`` serves the emulator of all five vendors on a port and prints each
vendor's base URL and the test credentials, also as ``export`` lines (``--print-env``);
``mediatasks sandbox --help`` lists its switches. It and the embedded sandbox need the
``sandbox`` extra (``pip install 'mediatasks[sandbox]'``); without it they say so, exit 2.

Where requests go:

    (default)       the embedded sandbox, in-process: no network, the sandbox's own public
                    test credentials; the environment is not read
    --base-url URL  that host (``make sandbox``: http://127.0.0.1:8765/<vendor>, or a vendor
                    test host), credentials from the environment; checked before any
                    request (http or https, a host, no query, no user:password@)

IDs are checked before any request (123pan: ASCII decimal from 1 to 2**63 - 1); watch's
--interval and --timeout are positive, finite seconds. A usage error is exit code 2, and
quotes at most 64 characters of what it was given.
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
    0    every task succeeded (status: the task was read)
    1    a task failed or was deleted (watch)
    2    usage error or missing/invalid credentials or settings
    3    the vendor answered with an error (auth, not found, rate limit, ...)
    4    network error or timeout, or an answer that does not match the spec
    5    watch: the deadline passed before every task finished
    70   internal error (a bug; -v prints the traceback)
    130  interrupted (Ctrl-C): the last known state is shown first
    141  stdout closed early (the reader of a pipe stopped, e.g. ``| head``)
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType
from typing import Final, NoReturn, TextIO

from rich.console import Console
from rich.text import Text
from stamina.instrumentation import get_on_retry_hooks, set_on_retry_hooks

from mediatasks._cli_view import (
    JsonWatch,
    LiveWatch,
    LogWatch,
    RetryLines,
    Watch,
    plain_table,
    rich_table,
)
from mediatasks.errors import (
    APIError,
    ConfigurationError,
    InvalidResponseError,
    MediaTasksError,
    TransportError,
    WaitTimeoutError,
    excerpt,
    quote_input,
)
from mediatasks.specs import VENDORS
from mediatasks.tasks import PollSchedule, Task, TaskStatus
from mediatasks.vendors import TaskClient, client_for
from mediatasks.vendors._inputs import base_url_problem, check_task_id

__all__ = ["EXIT_CODES", "SANDBOX_BASE_URL", "build_parser", "main"]

#: The embedded sandbox's base URL for a vendor (in-process; the host name is never resolved).
SANDBOX_BASE_URL: Final = "http://sandbox/{vendor}"

EXIT_OK: Final = 0
EXIT_TASK_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_VENDOR: Final = 3
EXIT_NETWORK: Final = 4
EXIT_TIMEOUT: Final = 5
EXIT_INTERNAL: Final = 70
EXIT_INTERRUPTED: Final = 130
EXIT_PIPE_CLOSED: Final = 141
EXIT_CODES: Final = {
    EXIT_OK: "every task succeeded (status: the task was read)",
    EXIT_TASK_FAILED: "a task failed or was deleted (watch)",
    EXIT_USAGE: "usage error, missing or invalid credentials or settings",
    EXIT_VENDOR: "the vendor answered with an error (auth, not found, rate limit, ...)",
    EXIT_NETWORK: "network error or timeout, or an answer that does not match the spec",
    EXIT_TIMEOUT: "watch: the deadline passed before every task finished",
    EXIT_INTERNAL: "internal error (a bug; -v prints the traceback)",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C): the last known state is shown first",
    EXIT_PIPE_CLOSED: "stdout closed early (the reader of a pipe stopped, e.g. `| head`)",
}
#: How to get the sandbox's web stack (the ``sandbox`` extra of the distribution).
SANDBOX_EXTRA_HINT: Final = "pip install 'mediatasks[sandbox]' (or: uv add 'mediatasks[sandbox]')"


def _package_version() -> str:
    try:
        return version("mediatasks")
    except PackageNotFoundError:
        return "unknown (not installed as a package)"


def _base_url_argument(text: str) -> str:
    problem = base_url_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors cut to a readable length (argparse quotes a bad argument
    whole: a 70,000-character one would fill the terminal)."""

    def error(self, message: str) -> NoReturn:
        super().error(excerpt(message, 300))


def _vendor_argument(text: str) -> str:
    vendor = text.lower()
    if vendor not in VENDORS:
        raise argparse.ArgumentTypeError(
            f"unknown vendor {quote_input(text)}; one of {', '.join(VENDORS)}"
        )
    return vendor


def _seconds(text: str) -> float:
    """A positive, finite number of seconds (``0``, ``-5``, ``nan`` and ``inf`` are refused:
    a zero interval is a tight loop, a NaN deadline never passes)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{quote_input(text)} is not a number of seconds"
        ) from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{quote_input(text)} must be a positive, finite number")
    return value


def _task_id_argument(text: str) -> str:
    """Ids are checked again per vendor; here only what no vendor could ever take."""
    try:
        return check_task_id("mediatasks", text)
    except ConfigurationError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("mediatasks: ")) from None


def build_parser() -> argparse.ArgumentParser:
    codes = "\n".join(f"  {code:<3}  {text}" for code, text in EXIT_CODES.items())
    parser = _Parser(
        prog="mediatasks",
        description="Read and watch video-cloud tasks (123pan, MYun, ZEGO, CDNetworks, Polyv).",
        epilog="By default every command runs against the embedded sandbox (in-process, its "
        "own test credentials).\n--live or --base-url send real requests, with credentials "
        "from MEDIATASKS_<VENDOR>_* environment variables\n(see `python -m pydoc "
        f"mediatasks.cli`).\n\nexit codes:\n{codes}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_package_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("status", "print one task"), ("watch", "follow tasks until done")):
        cmd = sub.add_parser(
            name,
            help=text,
            description=text,
            epilog=f"exit codes:\n{codes}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        cmd.add_argument(
            "vendor",
            type=_vendor_argument,
            metavar="{" + ",".join(VENDORS) + "}",
            help="vendor key (any letter case)",
        )
        cmd.add_argument(
            "ids", nargs=1 if name == "status" else "+", metavar="ID", type=_task_id_argument
        )
        cmd.add_argument("--json", action="store_true", help="machine-readable output")
        cmd.add_argument(
            "-v", "--verbose", action="store_true", help="one line per retry; tracebacks of bugs"
        )
        target = cmd.add_mutually_exclusive_group()
        target.add_argument(
            "--base-url",
            type=_base_url_argument,
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
            cmd.add_argument("--timeout", type=_seconds, default=600.0, help="seconds (600)")
            cmd.add_argument("--interval", type=_seconds, default=2.0, help="first poll gap (2 s)")
    # Its switches belong to the one server entry (mediatasks.sandbox.__main__), which parses
    # them; `mediatasks sandbox --help` prints them (it needs the sandbox extra, like the rest).
    sub.add_parser(
        "sandbox",
        add_help=False,
        help="serve the emulator of all five vendors on a port (needs mediatasks[sandbox])",
    )
    return parser


def _outcome(tasks: Sequence[Task]) -> int:
    bad = {TaskStatus.FAILED, TaskStatus.DELETED}
    return EXIT_TASK_FAILED if any(t.status in bad for t in tasks) else EXIT_OK


class _Output:
    """stdout and stderr, and whether stdout is a terminal (tables) or not (plain text)."""

    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out, self.err = out, err
        self.tty = out.isatty()
        self.console = Console(file=out) if self.tty else None
        self.err_console = Console(file=err, highlight=False)

    def note(self, text: str, style: str = "dim") -> None:
        """A line on stderr, never parsed as markup."""
        self.err_console.print(Text(text, style=style), soft_wrap=True)

    def error(self, label: str, message: str, style: str = "red") -> None:
        self.err_console.print(Text.assemble((label, style), " ", message), soft_wrap=True)


def _status(client: TaskClient, task_id: str, as_json: bool, io: _Output) -> int:
    task = client.get_task(task_id)
    if as_json:
        import json  # noqa: PLC0415 - only here

        io.out.write(json.dumps(task.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif io.console is not None:
        io.console.print(rich_table([task]))
    else:
        io.out.write(plain_table([task]) + "\n")
    return EXIT_OK


def _watch_view(args: argparse.Namespace, io: _Output) -> Watch:
    if args.json:
        return JsonWatch(io.out)
    if io.console is not None:
        return LiveWatch(io.console)
    return LogWatch(io.out)


def _watch(client: TaskClient, args: argparse.Namespace, io: _Output) -> int:
    schedule = PollSchedule(
        timeout=args.timeout, interval_initial=args.interval, interval_max=max(args.interval, 30.0)
    )
    view = _watch_view(args, io)
    stopped: str | None = "stopped by an error"
    try:
        tasks = client.wait(args.ids, schedule=schedule, on_update=view.update, sleep=view.sleep)
        stopped = None
        return _outcome(tasks)
    except KeyboardInterrupt:
        stopped = "interrupted"
        raise
    except WaitTimeoutError:
        stopped = "deadline passed"
        raise
    finally:
        view.close(stopped)


def _exit_code_for(exc: Exception) -> tuple[int, str]:
    """Which exit code and label an error gets (the order matters: subclasses first)."""
    if isinstance(exc, ConfigurationError | ValueError):
        return EXIT_USAGE, "error:"
    if isinstance(exc, WaitTimeoutError):
        return EXIT_TIMEOUT, "timeout:"
    if isinstance(exc, TransportError | InvalidResponseError):
        return EXIT_NETWORK, "network or answer error:"
    if isinstance(exc, APIError):
        return EXIT_VENDOR, "vendor error:"
    return EXIT_USAGE, "error:"


def _message(exc: Exception) -> str:
    """The error's text; a vendor answer always says its request id (or that it had none)."""
    text = str(exc)
    if isinstance(exc, APIError) and not exc.request_id:
        text += " [no request id in the answer]"
    return text


def _sandbox_module(name: str, needed_by: str, otherwise: str = "") -> ModuleType:
    """``mediatasks.sandbox.<name>``, or a ConfigurationError saying how to install the extra."""
    try:
        return importlib.import_module(f"mediatasks.sandbox.{name}")
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").partition(".")[0]
        if missing == "mediatasks":
            raise
        raise ConfigurationError(
            f"{needed_by} needs the sandbox extra ({missing} is not installed): "
            f"{SANDBOX_EXTRA_HINT}{otherwise}"
        ) from None


def _client(args: argparse.Namespace, io: _Output) -> TaskClient:
    """The embedded sandbox unless --live or --base-url asked for real requests."""
    if args.live or args.base_url is not None:
        # client_for checks MEDIATASKS_<VENDOR>_BASE_URL (--live) like --base-url.
        return client_for(args.vendor, os.environ, base_url=args.base_url)
    # Imported here: --live never loads the sandbox (nor its server dependencies).
    needed_by = "the embedded sandbox (the default target)"
    otherwise = "; or send to a host with --base-url or --live"
    sandbox = _sandbox_module("app", needed_by, otherwise)
    transport = _sandbox_module("transport", needed_by, otherwise)
    credentials = _sandbox_module("credentials", needed_by, otherwise)

    io.note(f"target: embedded sandbox ({args.vendor}); --live or --base-url for real hosts")
    return client_for(
        args.vendor,
        credentials.SandboxCredentials().as_environment(),
        base_url=SANDBOX_BASE_URL.format(vendor=args.vendor),
        transport=transport.SandboxTransport(sandbox.create_app()),
    )


@contextmanager
def _retry_reporting(verbose: bool, attempts: int, err: TextIO) -> Iterator[None]:
    """Stamina's public hooks: one line per retry with ``-v``, nothing without (stamina's own
    logging hook would print raw ``stamina.retry_scheduled`` events)."""
    previous = get_on_retry_hooks()
    set_on_retry_hooks([RetryLines(attempts, err)] if verbose else [])
    try:
        yield
    finally:
        set_on_retry_hooks(previous)


def _run(args: argparse.Namespace, extra: list[str], io: _Output) -> int:
    if args.command == "sandbox":
        server = _sandbox_module("__main__", "`mediatasks sandbox`")
        code: int = server.main(extra, prog="mediatasks sandbox")
        return code
    with (
        _client(args, io) as client,
        _retry_reporting(args.verbose, client.caller.policy.attempts, io.err),
    ):
        if args.command == "status":
            return _status(client, args.ids[0], args.json, io)
        return _watch(client, args, io)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mediatasks`` console script; returns the exit code."""
    io = _Output(sys.stdout, sys.stderr)
    verbose = False
    try:
        parser = build_parser()
        # `sandbox` hands its switches to the server entry; every other command takes none extra
        args, extra = parser.parse_known_args(argv)
        if extra and args.command != "sandbox":
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        verbose = getattr(args, "verbose", False)
        return _run(args, extra, io)
    except KeyboardInterrupt:
        io.error("interrupted", "(Ctrl-C)", style="yellow")
        return EXIT_INTERRUPTED
    except (MediaTasksError, ValueError) as exc:
        code, label = _exit_code_for(exc)
        io.error(label, _message(exc), style="yellow" if code == EXIT_TIMEOUT else "red")
        return code
    except BrokenPipeError:
        # The reader of a pipe went away (`| head`): nowhere left to write. stdout now points
        # at /dev/null so the interpreter's final flush does not fail a second time.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_PIPE_CLOSED
    except Exception as exc:  # a bug: one line, the traceback only when asked for
        io.error("internal error:", f"{type(exc).__name__}: {exc}")
        if verbose:
            io.err.write("".join(traceback.format_exception(exc)))
        else:
            io.note("run again with -v for the traceback, and please report it")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
