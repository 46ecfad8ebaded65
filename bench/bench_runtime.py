"""Per-call overhead of a mediatasks client against a hand-written signed httpx call, over a
loopback socket to the sandbox served by another process.

The sandbox (``mediatasks.sandbox``, rate limits off) runs in a child process on a loopback
port, so the client pays for a real socket, HTTP/1.1 keep-alive and a real server, and does
not share its interpreter with the server. Every path sends ZEGO DescribeRecordStatus for the
same seeded recording through its own ``httpx.Client`` (keep-alive, no proxy):

* **hand-written signed call** is what a careful caller must do anyway to talk to ZEGO:
  compute signature v2 by hand (nonce, timestamp, md5), put it in the query, send with httpx,
  ``json.loads`` the body and check the envelope's business code. **The 1.10x target is judged
  against this baseline.**
* **raw httpx + ZegoAuth** is a plain ``httpx.Client`` with the library's ``httpx.Auth``
  (informational: signing inside httpx's auth flow, the only way the runtime signs).
* **mediatasks get_task** is everything the runtime does per call: the request built by the
  generated client, signing by ``ZegoAuth`` in httpx's flow, the limiter (a no-limit one, so
  the measurement is not throttled to ZEGO's 10/s), the retry flow, envelope decoding and the
  Task reader.

Paths run in interleaved rounds (every round runs each path once, in rotating order), so a
noisy neighbour hurts them alike; each path's figure is its best round.

Run: ``.venv/bin/python bench/bench_runtime.py [--rounds N] [--calls N]`` (part of
``make bench``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
import subprocess
import sys
import time
from collections.abc import Callable

import httpx

from mediatasks.auth import ZegoAuth
from mediatasks.ratelimit import RateLimiter
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.vendors import ZegoClient

TASK_ID = "X3CgNeE4I1qAAABN"
TARGET = 1.10
_SERVE = (
    "import sys\n"
    "from mediatasks.sandbox import SandboxConfig, create_app\n"
    "from mediatasks.sandbox.background import serve_in_background\n"
    "with serve_in_background(create_app(SandboxConfig(rate_limits=False))) as url:\n"
    "    print(url, flush=True)\n"
    "    sys.stdin.read()\n"
)


def per_call(fn: Callable[[], object], calls: int) -> float:
    """One round of ``calls`` calls, in microseconds per call."""
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e6


def best_of_interleaved(
    paths: dict[str, Callable[[], object]], rounds: int, calls: int
) -> dict[str, float]:
    """Each round runs every path once, the order rotating; the best round of each path."""
    names = list(paths)
    for name in names:  # warm-up: imports, caches, connections
        for _ in range(100):
            paths[name]()
    results: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(per_call(paths[name], calls))
    return {name: min(values) for name, values in results.items()}


def build_paths(sandbox_url: str) -> tuple[dict[str, Callable[[], object]], list[object]]:
    base_url = f"{sandbox_url}/zego"
    creds = SandboxCredentials()
    app_id, secret = str(creds.zego_app_id), str(creds.zego_server_secret)
    raw = httpx.Client(base_url=base_url, trust_env=False)

    def hand_params() -> dict[str, str | int]:
        timestamp = int(time.time())
        nonce = secrets.token_hex(8)
        text = f"{app_id}{nonce}{secret}{timestamp}".encode()
        return {
            "Action": "DescribeRecordStatus",
            "AppId": app_id,
            "SignatureNonce": nonce,
            "Timestamp": timestamp,
            "SignatureVersion": "2.0",
            "Signature": hashlib.md5(text, usedforsecurity=False).hexdigest(),
        }

    def checked(response: httpx.Response) -> object:
        body = json.loads(response.content)
        if body.get("Code") != 0:
            raise RuntimeError(f"ZEGO error {body.get('Code')}: {body.get('Message')}")
        return body["Data"]

    def hand_signed_call() -> object:
        return checked(raw.post("/", params=hand_params(), json={"TaskId": TASK_ID}))

    signed = httpx.Client(base_url=base_url, auth=ZegoAuth(app_id, secret), trust_env=False)

    def auth_call() -> object:
        params = {"Action": "DescribeRecordStatus"}
        return checked(signed.post("/", params=params, json={"TaskId": TASK_ID}))

    # An explicit transport: no HTTP(S)_PROXY of the machine sits between client and sandbox.
    client = ZegoClient(
        app_id,
        secret,
        base_url=base_url,
        transport=httpx.HTTPTransport(),
        limiter=RateLimiter("zego", []),
    )

    def ours() -> object:
        return client.get_task(TASK_ID)

    paths: dict[str, Callable[[], object]] = {
        "hand-written signed call (sign + send + json + code)": hand_signed_call,
        "raw httpx + ZegoAuth (httpx.Auth signing)": auth_call,
        "mediatasks get_task (sign, limit, retry, decode, Task)": ours,
    }
    return paths, [raw, signed, client]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args(argv)
    server = subprocess.Popen(
        [sys.executable, "-c", _SERVE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        sandbox_url = server.stdout.readline().strip()
        if not sandbox_url.startswith("http://127.0.0.1:"):
            raise SystemExit(f"the sandbox did not start: {sandbox_url!r}")
        paths, closables = build_paths(sandbox_url)
        best = best_of_interleaved(paths, args.rounds, args.calls)
        for closable in closables:
            closable.close()  # type: ignore[attr-defined]
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(timeout=20)
    names = list(paths)
    hand_us, ours_us = best[names[0]], best[names[-1]]
    print(f"sandbox on {sandbox_url} (another process), ZEGO describeRecordStatus")
    print(f"{'path':<56} {'us/call':>9} {'vs hand':>8}")
    for name in names:
        print(f"{name:<56} {best[name]:9.1f} {best[name] / hand_us:7.2f}x")
    ratio = ours_us / hand_us
    verdict = "meets" if ratio <= TARGET else "misses"
    print(
        f"target <= {TARGET:.2f}x against the hand-written signed call on the same socket: "
        f"{verdict} at {ratio:.2f}x, {ours_us - hand_us:+.1f} us/call; best of {args.rounds} "
        f"interleaved rounds x {args.calls} calls"
    )


if __name__ == "__main__":
    main()
