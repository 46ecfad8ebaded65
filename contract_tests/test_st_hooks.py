"""``st run`` with the hooks ``schemathesis.toml`` names, against the sandbox on a loopback port.

The Schemathesis CLI runs in a child process from the repository root, as a user runs it. A
recorder in front of the sandbox reads every answer's business code, which proves that signed
requests reached success answers (an unsigned request gets the vendor's auth code). A second
sandbox answers every success with the vendor's server-error code instead: the run must fail,
and say why through the envelope check.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

import pytest

from mediatasks.sandbox import SandboxConfig, create_app
from mediatasks.sandbox.background import serve_in_background
from mediatasks.specs import profile

REPO = Path(__file__).resolve().parents[1]
ST = Path(sys.executable).with_name("st")
Message = MutableMapping[str, Any]


class Answers:
    """ASGI wrapper that counts business codes per vendor and may rewrite success answers."""

    def __init__(self, app: Any, replace_success: dict[str, int] | None = None) -> None:
        self.app = app
        self.replace_success = replace_success or {}
        self.codes: Counter[tuple[str, Any]] = Counter()

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http" or str(scope["path"]).startswith("/_"):
            await self.app(scope, receive, send)
            return
        vendor = str(scope["path"]).split("/")[1]
        start: Message = {}
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                chunks.append(bytes(message.get("body", b"")))

        await self.app(scope, receive, hold)
        body = b"".join(chunks)
        try:
            answer = json.loads(body)
        except ValueError:
            answer = None
        envelope = profile(vendor).envelope
        if isinstance(answer, dict):
            self.codes[(vendor, envelope.code_of(answer))] += 1
            if vendor in self.replace_success and envelope.is_success(answer):
                answer[envelope.code_pointer.strip("/")] = self.replace_success[vendor]
                body = json.dumps(answer).encode()
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _st(url: str, vendor: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIATASKS_")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return subprocess.run(  # noqa: S603 - the st script beside this interpreter, fixed arguments
        [
            str(ST),
            "run",
            f"specs/{vendor}/openapi.yaml",
            "--url",
            f"{url}/{vendor}",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "5",
            "--no-color",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def sandbox() -> Iterator[tuple[str, Answers]]:
    answers = Answers(create_app(SandboxConfig(rate_limits=False)))
    with serve_in_background(answers) as url:
        yield url, answers


@pytest.mark.slow
@pytest.mark.parametrize("vendor", ["zego", "cdnetworks"])
def test_st_run_signs_every_request(sandbox: tuple[str, Answers], vendor: str) -> None:
    url, answers = sandbox
    result = _st(url, vendor)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "No issues found" in output
    success = min(profile(vendor).envelope.success_codes)
    assert answers.codes[(vendor, success)] > 0, answers.codes
    auth_codes = {
        e.code for e in profile(vendor).envelope.error_codes if e.kind in ("auth", "auth-expired")
    }
    refused = sum(n for (v, code), n in answers.codes.items() if v == vendor and code in auth_codes)
    # The credentials check re-sent answered requests without and with wrong credentials, and
    # negative cases left credentials out: those, and only those, meet the auth code.
    assert refused > 0, answers.codes


@pytest.mark.slow
def test_st_run_catches_a_broken_sandbox_answer() -> None:
    vendor = "zego"
    server = next(e.code for e in profile(vendor).envelope.error_codes if e.kind == "server")
    answers = Answers(create_app(SandboxConfig(rate_limits=False)), {vendor: server})
    with serve_in_background(answers) as url:
        result = _st(url, vendor)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-4000:]
    assert "a valid request was refused with code" in output
    assert f"code {server}" in output
