"""``python -m mediatasks.sandbox``: serve the sandbox on a port (``make sandbox``)."""

from __future__ import annotations

import argparse
import sys

import uvicorn

from mediatasks.sandbox.app import SandboxConfig, create_app
from mediatasks.sandbox.credentials import SandboxCredentials


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mediatasks.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="turn the vendors' limits off"
    )
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    credentials = SandboxCredentials()
    app = create_app(SandboxConfig(credentials=credentials, rate_limits=not args.no_rate_limits))
    base = f"http://{args.host}:{args.port}"
    print(f"mediatasks sandbox on {base}  (health: {base}/_health, admin: {base}/_admin/)")
    print("vendors: " + ", ".join(f"{base}/{name}" for name in app.state.sandbox.services))
    print("test credentials it accepts (fake, public):")
    for key, value in credentials.as_environment().items():
        print(f"  export {key}={value}")
    sys.stdout.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
