"""The ``mediatasks`` console script as a user runs it: a child process through the installed
entry point, in a pipe or in a pseudo-terminal (``pty``) for the terminal cases.

Answers that the sandbox cannot be made to give (a message holding rich markup, a missing
request id, a task that never ends) come from a small fake ZEGO on a loopback port (port 0).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

ENTRY = Path(sys.executable).with_name("mediatasks")
SEEDED_ZEGO = "X3CgNeE4I1qAAABN"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")
CREDENTIALS = {"MEDIATASKS_ZEGO_APP_ID": "1", "MEDIATASKS_ZEGO_SERVER_SECRET": "fake-cli-secret"}


def envelope(
    status: int | None = 2, code: int = 0, message: str = "ok", request_id: str = "r1"
) -> dict[str, Any]:
    data = None if status is None else {"Status": status}
    return {"Code": code, "Message": message, "RequestId": request_id, "Data": data}


@dataclass
class FakeZego:
    """Answers from a script; the last entry repeats. Each entry: (HTTP status, JSON body)."""

    script: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    seen: int = 0
    url: str = ""

    def next_answer(self) -> tuple[int, dict[str, Any]]:
        index = min(self.seen, len(self.script) - 1)
        self.seen += 1
        return self.script[index]


@pytest.fixture
def fake_zego() -> Iterator[FakeZego]:
    fake = FakeZego([(200, envelope())])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = fake.next_answer()
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_POST(self) -> None:
            self.do_GET()

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/zego"
    # shutdown() waits for serve_forever's next poll (0.5 s by default, after every test)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIATASKS_")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env.update(CREDENTIALS)
    env.update(extra)
    return env


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ENTRY), *args],
        env=env or child_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def run_in_pty(
    *args: str, interrupt_on: str | None = None, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run with stdout, stderr and stdin on a 120x40 pseudo-terminal; SIGINT once the screen
    shows ``interrupt_on``. Returns the exit code and the screen text without escapes."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [str(ENTRY), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**(env or child_env()), "TERM": "xterm-256color"},
        close_fds=True,
    )
    os.close(slave)
    raw, sent, deadline = b"", False, time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                raw += chunk
            if (
                interrupt_on
                and not sent
                and interrupt_on in ANSI.sub("", raw.decode(errors="replace"))
            ):
                process.send_signal(signal.SIGINT)
                sent = True
            if not ready and process.poll() is not None:
                break
        else:
            pytest.fail(f"no exit within 60 s: {raw[-2000:]!r}")
        return process.wait(timeout=10), ANSI.sub("", raw.decode(errors="replace"))
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()


def test_error_text_is_printed_as_is_with_its_request_id(fake_zego: FakeZego) -> None:
    message = "bad [/x] input [bold]here[/bold]"
    fake_zego.script = [(200, envelope(None, code=300001000, message=message, request_id="r-[7]"))]
    result = run("status", "zego", "T1", "--base-url", fake_zego.url)
    assert result.returncode == 3, result.stderr
    assert message in result.stderr
    assert "[request id r-[7]]" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_answer_without_request_id_says_so(fake_zego: FakeZego) -> None:
    fake_zego.script = [(200, envelope(None, code=300001000, request_id=""))]
    result = run("status", "zego", "T1", "--base-url", fake_zego.url)
    assert result.returncode == 3
    assert "[no request id in the answer]" in result.stderr


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "is empty"),
        ("127.0.0.1:{port}/zego", "has no scheme; did you mean http://127.0.0.1:{port}/zego"),
        ("ftp://127.0.0.1:{port}/zego", "use http:// or https://"),
        ("http:///zego", "has no host"),
        ("http://user:pw@127.0.0.1:{port}/zego", "credentials come from the environment"),
        ("http://127.0.0.1:{port}/zego?x=1", "carries a query"),
    ],
)
def test_a_bad_base_url_is_a_usage_error_before_any_request(
    fake_zego: FakeZego, url: str, reason: str
) -> None:
    port = fake_zego.url.split(":")[2].split("/")[0]
    result = run("status", "zego", "T1", "--base-url", url.format(port=port))
    assert result.returncode == 2
    assert "argument --base-url" in result.stderr
    assert reason.format(port=port) in result.stderr
    assert fake_zego.seen == 0


def test_a_bad_base_url_in_the_environment_is_named(fake_zego: FakeZego) -> None:
    env = child_env(MEDIATASKS_ZEGO_BASE_URL="cloudrecord-api.zego.im")
    result = run("status", "zego", "T1", "--live", env=env)
    assert result.returncode == 2
    assert "MEDIATASKS_ZEGO_BASE_URL 'cloudrecord-api.zego.im' has no scheme" in result.stderr


def test_retries_are_quiet_without_v_and_one_line_each_with_it(fake_zego: FakeZego) -> None:
    busy = envelope(None, code=300000003, message="too many requests", request_id="busy-1")
    fake_zego.script = [(503, {}), (200, busy), (200, envelope(3))]
    quiet = run("status", "zego", "T1", "--base-url", fake_zego.url, "--json")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    assert json.loads(quiet.stdout)["status"] == "SUCCEEDED"

    fake_zego.seen = 0
    loud = run("status", "zego", "T1", "--base-url", fake_zego.url, "--json", "-v")
    assert loud.returncode == 0, loud.stderr
    lines = loud.stderr.splitlines()
    assert len(lines) == 2, loud.stderr
    assert re.fullmatch(r"retry: attempt 2 of 4 in \d+\.\d s after .*HTTP 503.*", lines[0])
    assert re.fullmatch(
        r"retry: attempt 3 of 4 in \d+\.\d s after .*\[request id busy-1\]", lines[1]
    )
    assert "stamina" not in loud.stderr


def test_version_comes_from_the_package_metadata() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"mediatasks {version('mediatasks')}\n"


def test_vendor_names_are_case_insensitive() -> None:
    result = run("status", "ZeGo", SEEDED_ZEGO, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["vendor"] == "zego"


def test_piped_watch_never_cuts_and_ends_with_a_newline(fake_zego: FakeZego) -> None:
    fake_zego.script = [(200, envelope(2)), (200, envelope(3))]
    long_id = "T" * 150
    result = run(
        "watch",
        "zego",
        long_id,
        "--interval",
        "0.2",
        "--base-url",
        fake_zego.url,
        env=child_env(COLUMNS="40"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\n")
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"\[ +\d+\.\d s\] zego  T{150}  RUNNING  2", lines[0])
    assert re.fullmatch(r"\[ +\d+\.\d s\] 0 of 1 finished; next poll in 0\.\d s", lines[1])
    assert re.fullmatch(r"\[ +\d+\.\d s\] zego  T{150}  SUCCEEDED  3", lines[2])
    assert re.fullmatch(r"\[ +\d+\.\d s\] done: 1 of 1 finished", lines[3])
    assert lines[-1].split() == ["zego", long_id, "SUCCEEDED", "3"]
    assert "…" not in result.stdout


def test_ctrl_c_in_a_piped_watch_shows_the_last_state(fake_zego: FakeZego) -> None:
    process = subprocess.Popen(
        [str(ENTRY), "watch", "zego", "T1", "--interval", "0.2", "--base-url", fake_zego.url],
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert "RUNNING" in first
    process.send_signal(signal.SIGINT)
    rest, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "interrupted: 0 of 1 finished" in rest
    assert rest.splitlines()[-1].split() == ["zego", "T1", "RUNNING", "2"]
    assert rest.endswith("\n")
    assert err.strip() == "interrupted (Ctrl-C)"


def test_a_closed_pipe_ends_quietly(fake_zego: FakeZego) -> None:
    process = subprocess.Popen(
        [
            str(ENTRY),
            "watch",
            "zego",
            "T1",
            "--json",
            "--interval",
            "0.05",
            "--base-url",
            fake_zego.url,
        ],
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert json.loads(process.stdout.readline())[0]["status"] == "RUNNING"
    process.stdout.close()
    assert process.wait(timeout=30) == 141
    assert b"Traceback" not in process.stderr.read()
    process.stderr.close()


def test_watch_on_a_terminal_shows_elapsed_time_and_the_next_poll(fake_zego: FakeZego) -> None:
    fake_zego.script = [(200, envelope(2)), (200, envelope(2)), (200, envelope(3))]
    code, screen = run_in_pty(
        "watch", "zego", "T1", "--interval", "0.5", "--base-url", fake_zego.url
    )
    assert code == 0, screen
    assert re.search(r"elapsed \d+\.\d s · 0 of 1 finished · next poll in 0\.\d s", screen)
    assert re.search(r"elapsed \d+\.\d s · 1 of 1 finished · done", screen)
    assert "SUCCEEDED" in screen
    assert screen.endswith("\n")


def test_ctrl_c_on_a_terminal_keeps_the_last_table(fake_zego: FakeZego) -> None:
    code, screen = run_in_pty(
        "watch",
        "zego",
        "T1",
        "--interval",
        "0.3",
        "--base-url",
        fake_zego.url,
        interrupt_on="next poll in",
    )
    assert code == 130, screen
    assert re.search(
        r"RUNNING.*\n.*elapsed \d+\.\d s · 0 of 1 finished · interrupted", screen, re.S
    )
    assert "interrupted (Ctrl-C)" in screen
    assert "Traceback" not in screen


def test_status_on_a_terminal_is_a_table_with_the_full_url() -> None:
    code, screen = run_in_pty("status", "zego", SEEDED_ZEGO)
    assert code == 0, screen
    assert "┏" in screen
    assert "SUCCEEDED" in screen
    # The output URL folds onto more lines instead of being cut with an ellipsis.
    assert "…" not in screen
    assert "20200927154419775.mp4" in screen.replace("│", "").replace(" ", "").replace("\n", "")
