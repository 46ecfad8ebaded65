"""Serve the sandbox on a port: ``mediatasks sandbox`` and ``python -m mediatasks.sandbox``.

The socket is bound first; only then does it print the real URL and port, each vendor's base
URL and the test credentials it accepts, as text and as shell ``export`` lines. With
``--print-env`` stdout holds only the ``export`` lines (the text goes to stderr), so
``mediatasks sandbox --port 0 --print-env > sandbox.env &`` gives a file to source once it
is written. A port that cannot be bound is a one-line error, exit 2.

Refused credentials are logged on stderr (a signature mismatch with the string the sandbox
signed, the secret masked, and which input differed); ``--explain`` also returns that in the
``X-Sandbox-Explain`` header, ``--access-log`` prints one line per request, and ``--lenient``
accepts signatures in either hex case where the vendor documents one.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import shlex
import socket
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

import uvicorn

from mediatasks import registry
from mediatasks.sandbox.app import SandboxApp, SandboxConfig, create_app
from mediatasks.sandbox.background import SandboxStartError, listening_socket
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.sandbox.diagnosis import EXPLAIN_HEADER

__all__ = ["environment", "main", "serve"]

#: The variable holding the sandbox's root URL (the TypeScript smoke test reads it too).
SANDBOX_URL_VARIABLE = "MEDIATASKS_SANDBOX_URL"


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="0 takes a free port (8765)")
    parser.add_argument(
        "--print-env",
        action="store_true",
        help="stdout: only the `export` lines (URLs and credentials); the text goes to stderr",
    )
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="turn the vendors' limits off"
    )
    parser.add_argument(
        "--access-log", action="store_true", help="print one line per request (uvicorn's log)"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help=f"say why credentials were refused in the {EXPLAIN_HEADER} answer header",
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="accept ZEGO and Polyv signatures in either hex case (off: the documented case only)",
    )
    parser.add_argument(
        "--log-level",
        default="warning",
        choices=["critical", "error", "warning", "info", "debug"],
        help="sandbox and server log level (info also shows every refused credential)",
    )
    return parser


def environment(
    base: str, vendors: Iterable[str], credentials: SandboxCredentials
) -> dict[str, str]:
    """The variables a client needs: the root URL, then per vendor its base URL (the name the
    CLI and ``client_for`` read) and the credentials the sandbox accepts."""
    accepted = credentials.as_environment()
    found = {SANDBOX_URL_VARIABLE: base}
    for vendor in vendors:
        found[registry.base_url_variable(vendor)] = f"{base}/{vendor}"
        for variable, _required in registry.get(vendor).variables():
            if variable in accepted:
                found[variable] = accepted[variable]
    return found


def _export_lines(variables: dict[str, str]) -> list[str]:
    """``export NAME=value`` per variable, quoted for a POSIX shell."""
    return [f"export {name}={shlex.quote(value)}" for name, value in variables.items()]


def _describe(
    base: str, variables: dict[str, str], vendors: Sequence[str], switches: list[str]
) -> list[str]:
    lines = [f"mediatasks sandbox on {base}  (health: {base}/_health, admin: {base}/_admin/)"]
    width = max((len(v) for v in vendors), default=6)
    url_width = len(base) + 1 + width
    lines.append(f"{'vendor':<{width}}  {'base URL':<{url_width}}  test credentials (fake, public)")
    for vendor in vendors:
        values = [
            f"{c.name}={variables[c.variable(vendor)]}"
            for c in registry.get(vendor).credentials
            if c.variable(vendor) in variables
        ]
        shown = "  ".join(values) if values else "(no credentials needed)"
        lines.append(f"{vendor:<{width}}  {base + '/' + vendor:<{url_width}}  {shown}")
    if switches:
        lines.append("switches: " + ", ".join(switches))
    lines.append("as shell variables (--print-env prints only these lines):")
    lines.extend(f"  {line}" for line in _export_lines(variables))
    if "zego" in vendors:
        sample = registry.get("zego").sample_tasks[0]
        lines.append(
            f"with those set, e.g.: mediatasks status zego {sample} "
            f"--base-url {variables[registry.base_url_variable('zego')]}"
        )
    return lines


def _announce(
    args: argparse.Namespace, base: str, app: SandboxApp, credentials: SandboxCredentials
) -> None:
    vendors = list(app.state.sandbox.services)
    variables = environment(base, vendors, credentials)
    switches = [
        name
        for name, on in (
            ("access log", args.access_log),
            (f"{EXPLAIN_HEADER} header", args.explain),
            ("lenient signature case", args.lenient),
            ("no rate limits", args.no_rate_limits),
        )
        if on
    ]
    text: TextIO = sys.stderr if args.print_env else sys.stdout
    text.write("\n".join(_describe(base, variables, vendors, switches)) + "\n")
    if args.print_env:
        sys.stdout.write("\n".join(_export_lines(variables)) + "\n")
    text.flush()
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None, prog: str = "python -m mediatasks.sandbox") -> int:
    """Bind, print where and how to call, serve until Ctrl-C; 2 when the port cannot be had."""
    args = _parser(prog).parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    credentials = SandboxCredentials()
    config = SandboxConfig(
        credentials=credentials,
        rate_limits=not args.no_rate_limits,
        lenient=args.lenient,
        explain=args.explain,
    )
    app = create_app(config)
    try:
        sock = listening_socket(args.host, args.port)
    except SandboxStartError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    port = int(sock.getsockname()[1])
    _announce(args, f"http://{args.host}:{port}", app, credentials)
    # uvicorn re-raises Ctrl-C after its graceful shutdown; that is the normal way out
    with contextlib.suppress(KeyboardInterrupt):
        serve(app, sock, log_level=args.log_level, access_log=args.access_log)
    return 0


def serve(app: SandboxApp, sock: socket.socket, *, log_level: str, access_log: bool) -> None:
    """Run uvicorn on an already bound socket until interrupted."""
    config = uvicorn.Config(app, log_level=log_level, access_log=access_log)
    if access_log:
        # uvicorn logs requests at INFO; the access log shows whatever the level of the rest
        logging.getLogger("uvicorn.access").setLevel(logging.INFO)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


if __name__ == "__main__":
    raise SystemExit(main())
