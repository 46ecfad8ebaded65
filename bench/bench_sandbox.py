"""Benchmark: the sandbox against Prism, one query operation per vendor, same load, same run.

    .venv/bin/python bench/bench_sandbox.py [--duration 5] [--connections 8] [--vendors zego,polyv]

For each vendor the sandbox (uvicorn, one worker, no access log, httptools/uvloop when
installed, every validation and signature check on) and ``prism mock`` on the same spec (the
version pinned in package.json) each serve the same request for ``--duration`` seconds to the
same load generator with the same connection count, after a one-second warm-up. The load
generator is wrk (Debian's package; installed with apt-get when missing and running as root),
else a small asyncio keep-alive client, used for both servers alike.

Two things differ from a real client, both for wrk's sake: each signed request is signed once
at start (its timestamp stays inside the vendor's window for the whole run), and the sandbox
runs with its rate limits off (``--no-rate-limits``), since a benchmark is over every limit.
The table gives requests/s and p99 latency per server and the sandbox/Prism ratio (target 2.5).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mediatasks.sandbox import SandboxCredentials
from mediatasks.signing import cdnetworks, polyv, zego
from mediatasks.specs import profile

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 2.5


@dataclass(frozen=True)
class Probe:
    """One request: method, path (without the sandbox's /<vendor> prefix), headers, body."""

    vendor: str
    operation: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


def _probes(creds: SandboxCredentials, token: str) -> dict[str, Callable[[str], Probe]]:
    """Request builders per vendor; the argument is the path prefix the signature must cover."""
    now = int(time.time())

    def zego_probe(_prefix: str) -> Probe:
        nonce = zego.new_nonce()
        query = urllib.parse.urlencode(
            {
                "Action": "DescribeRecordStatus",
                "AppId": creds.zego_app_id,
                "SignatureNonce": nonce,
                "Timestamp": now,
                "SignatureVersion": "2.0",
                "Signature": zego.signature(
                    creds.zego_app_id, nonce, creds.zego_server_secret, now
                ),
            }
        )
        body = b'{"TaskId":"X3CgNeE4I1qAAABN"}'
        headers = {"Content-Type": "application/json"}
        return Probe("zego", "describeRecordStatus", "POST", f"/?{query}", headers, body)

    def polyv_probe(_prefix: str) -> Probe:
        params = {
            "appId": creds.polyv_app_id,
            "timestamp": str(now * 1000),
            "taskId": "16661c08b9564c1ea6f4544ccd568e58",
        }
        params["sign"] = polyv.signature(params, creds.polyv_secret)
        path = "/v3/video/source-file-task/get?" + urllib.parse.urlencode(params)
        return Probe("polyv", "getSourceFileTask", "GET", path, {})

    def cdnetworks_probe(prefix: str) -> Probe:
        body = b'{"transNo":"036b6f4a01611000a79c3a7800000000"}'
        path = "/vod/videoManage/videoClipQuery"
        headers = {"content-type": "application/json; charset=utf-8", "host": "127.0.0.1"}
        signed = ["content-type", "host"]
        canonical = cdnetworks.canonical_request("POST", prefix + path, "", headers, signed, body)
        signature = cdnetworks.signature(creds.cdnetworks_secret_key, now, canonical)
        key = creds.cdnetworks_access_key
        headers = {
            "Host": headers["host"],  # sent as signed, whatever the port
            "Content-Type": headers["content-type"],
            "X-WS-AccessKey": key,
            "X-WS-Timestamp": str(now),
            "Authorization": cdnetworks.authorization(key, signed, signature),
        }
        return Probe("cdnetworks", "getTrimmingTaskStatus", "POST", path, headers, body)

    def pan123_probe(_prefix: str) -> Probe:
        headers = {
            "Content-Type": "application/json",
            "Platform": "open_platform",
            "Authorization": f"Bearer {token}",
        }
        path = "/api/v1/transcode/video/record"
        return Probe(
            "pan123", "getTranscodeVideoRecord", "POST", path, headers, b'{"fileId":2875008}'
        )

    def myun_probe(_prefix: str) -> Probe:
        path = "/transcoding/api/get-transcode?id=17lok52y"
        return Probe("myun", "getTranscode", "GET", path, {})

    return {
        "pan123": pan123_probe,
        "myun": myun_probe,
        "zego": zego_probe,
        "cdnetworks": cdnetworks_probe,
        "polyv": polyv_probe,
    }


# -- servers --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def _start(argv: list[str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        argv,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: npx's children stop with it
    )
    try:
        _wait_for(port)
    except RuntimeError:
        _stop(process)
        raise
    return process


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _fetch(base: str, probe: Probe) -> tuple[int, bytes]:
    request = urllib.request.Request(  # noqa: S310 - loopback http only
        base + probe.path, data=probe.body or None, headers=probe.headers, method=probe.method
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read()


def _check_success(base: str, vendor: str, probe: Probe) -> None:
    """The sandbox must answer the probe with the vendor's success code, not an error envelope."""
    status, body = _fetch(f"{base}/{vendor}", probe)
    if status != 200 or not profile(vendor).envelope.is_success(json.loads(body)):
        raise RuntimeError(f"sandbox refused the {vendor} probe: {status} {body[:200]!r}")


def _sandbox_token(base: str) -> str:
    request = urllib.request.Request(  # noqa: S310 - loopback http only
        base + "/pan123/api/v1/access_token",
        data=json.dumps(
            {
                "clientID": SandboxCredentials().pan123_client_id,
                "clientSecret": SandboxCredentials().pan123_client_secret,
            }
        ).encode(),
        headers={"Content-Type": "application/json", "Platform": "open_platform"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return str(json.loads(response.read())["data"]["accessToken"])


# -- load generators ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    requests_per_second: float
    p99_ms: float
    errors: int


def _wrk_binary() -> str | None:
    found = shutil.which("wrk")
    if found is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "wrk"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        found = shutil.which("wrk")
    return found


def _lua(probe: Probe) -> str:
    lines = [f'wrk.method = "{probe.method}"']
    for name, value in probe.headers.items():
        lines.append(f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}")
    if probe.body:
        lines.append(f"wrk.body = {json.dumps(probe.body.decode())}")
    return "\n".join(lines) + "\n"


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _run_wrk(wrk: str, url: str, probe: Probe, seconds: int, connections: int) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(probe))
    try:
        argv = [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            script.name,
            url,
        ]
        out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return Result(
        rps,
        float(p99.group(1)) * _UNITS[p99.group(2)] if p99 else float("nan"),
        int(errors.group(1)) if errors else 0,
    )


async def _python_load(
    host: str, port: int, raw: bytes, seconds: float, connections: int
) -> Result:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            writer.write(raw)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if not head.startswith(b"HTTP/1.1 2"):
                errors += 1
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000 if len(latencies) > 100 else 0.0
    return Result(len(latencies) / elapsed, p99, errors)


def _raw_request(probe: Probe, path: str, port: int) -> bytes:
    headers = {"Host": f"127.0.0.1:{port}", **probe.headers}  # a probe's own Host wins
    if probe.body or probe.method == "POST":
        headers["Content-Length"] = str(len(probe.body))
    head = f"{probe.method} {path} HTTP/1.1\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()
    )
    return head.encode() + b"\r\n" + probe.body


def _measure(
    wrk: str | None, port: int, prefix: str, probe: Probe, *, seconds: int, connections: int
) -> Result:
    path = prefix + probe.path
    if wrk:
        url = f"http://127.0.0.1:{port}{path}"
        _run_wrk(wrk, url, probe, 1, connections)  # warm-up
        return _run_wrk(wrk, url, probe, seconds, connections)
    raw = _raw_request(probe, path, port)
    asyncio.run(_python_load("127.0.0.1", port, raw, 1, connections))
    return asyncio.run(_python_load("127.0.0.1", port, raw, seconds, connections))


# -- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="whole seconds per measured run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--vendors", default="pan123,myun,zego,cdnetworks,polyv")
    args = parser.parse_args(argv)
    vendors = [v.strip() for v in args.vendors.split(",") if v.strip()]
    wrk = _wrk_binary()
    generator = f"wrk ({wrk})" if wrk else "python asyncio keep-alive client (wrk unavailable)"
    creds = SandboxCredentials()

    sandbox_port = _free_port()
    sandbox = _start(
        [
            sys.executable,
            "-m",
            "mediatasks.sandbox",
            "--host",
            "127.0.0.1",
            "--port",
            str(sandbox_port),
            "--no-rate-limits",
            "--log-level",
            "warning",
        ],
        sandbox_port,
    )
    rows: list[tuple[str, str, Result, Result]] = []
    try:
        base = f"http://127.0.0.1:{sandbox_port}"
        builders = _probes(creds, _sandbox_token(base))
        for vendor in vendors:
            sandbox_probe = builders[vendor](f"/{vendor}")
            prism_probe = builders[vendor]("")
            _check_success(base, vendor, sandbox_probe)
            prism_port = _free_port()
            prism = _start(
                [
                    "npx",
                    "--no-install",
                    "prism",
                    "mock",
                    "-p",
                    str(prism_port),
                    f"specs/{vendor}/openapi.yaml",
                ],
                prism_port,
            )
            try:
                status, body = _fetch(f"http://127.0.0.1:{prism_port}", prism_probe)
                if status != 200:
                    raise RuntimeError(f"prism refused the {vendor} probe: {status} {body[:200]!r}")
                load = {"seconds": args.duration, "connections": args.connections}
                mine = _measure(wrk, sandbox_port, f"/{vendor}", sandbox_probe, **load)
                theirs = _measure(wrk, prism_port, "", prism_probe, **load)
            finally:
                _stop(prism)
            _check_success(base, vendor, sandbox_probe)  # still accepted at the end of the run
            rows.append((vendor, sandbox_probe.operation, mine, theirs))
    finally:
        _stop(sandbox)

    print(
        f"load generator: {generator}; {args.connections} connections, {args.duration:g} s per run"
    )
    print("sandbox: uvicorn, 1 worker, no access log; all validation and signature checks on;")
    print("         rate limits off; each signed request signed once at start (inside its window)")
    print("prism:   npx --no-install prism mock -p PORT specs/<vendor>/openapi.yaml\n")
    header = (
        f"{'vendor':<11} {'operation':<24} {'server':<8} {'req/s':>9} {'p99 ms':>8} "
        f"{'non-2xx':>8} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    below = []
    for vendor, operation, mine, theirs in rows:
        ratio = mine.requests_per_second / theirs.requests_per_second
        for name, result, shown in (("sandbox", mine, f"{ratio:.2f}"), ("prism", theirs, "")):
            print(
                f"{vendor:<11} {operation:<24} {name:<8} {result.requests_per_second:>9.0f} "
                f"{result.p99_ms:>8.2f} {result.errors:>8} {shown:>6}"
            )
        if ratio < TARGET_RATIO:
            below.append(vendor)
    print(
        f"\ntarget: sandbox >= {TARGET_RATIO}x prism req/s;",
        "met" if not below else f"below for {', '.join(below)}",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
