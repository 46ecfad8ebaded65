"""``python -m mediatasks.sandbox``: serve the sandbox on a port (``make sandbox``).

Refused credentials are logged on stderr (a signature mismatch with the string the sandbox
signed, the secret masked, and which input differed); ``--explain`` also returns that in the
``X-Sandbox-Explain`` header, ``--access-log`` prints one line per request, and ``--lenient``
accepts signatures in either hex case where the vendor documents one.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import socket
import sys

import uvicorn

from mediatasks.sandbox.app import SandboxApp, SandboxConfig, create_app
from mediatasks.sandbox.background import SandboxStartError, listening_socket
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.sandbox.diagnosis import EXPLAIN_HEADER


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m mediatasks.sandbox",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 takes a free port")
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
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
        print(f"sandbox: {exc}", file=sys.stderr)
        return 2
    port = int(sock.getsockname()[1])
    base = f"http://{args.host}:{port}"
    print(f"mediatasks sandbox on {base}  (health: {base}/_health, admin: {base}/_admin/)")
    print("vendors: " + ", ".join(f"{base}/{name}" for name in app.state.sandbox.services))
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
    if switches:
        print("switches: " + ", ".join(switches))
    print("test credentials it accepts (fake, public):")
    for key, value in credentials.as_environment().items():
        print(f"  export {key}={value}")
    sys.stdout.flush()
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
