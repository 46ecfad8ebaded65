"""Every fault kind, per request (header) and per vendor (admin API), in-process and on a port."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from sandbox_kit import POLYV_PATH, Kit

from mediatasks.sandbox import SandboxConfig, create_app
from mediatasks.sandbox.app import SandboxApp
from mediatasks.sandbox.background import serve_in_background
from mediatasks.sandbox.faults import EXTRA_FIELD, Fault, parse_fault
from mediatasks.sandbox.transport import SandboxTransport, async_transport


def _polyv(kit: Kit, fault: str | None = None) -> httpx.Response:
    headers = {"X-Sandbox-Fault": fault} if fault else {}
    return kit.client.get(POLYV_PATH, params=kit.polyv_query(), headers=headers)


def test_latency_waits_without_touching_the_clock() -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    app = create_app(SandboxConfig(fixtures=None, sleep=record))
    with httpx.Client(transport=SandboxTransport(app), base_url="http://sandbox") as client:
        before = app.state.sandbox.clock.now()
        response = client.get("/_health", headers={"X-Sandbox-Fault": "latency=250"})
        assert response.status_code == 200
        assert waits == [0.25]
        assert app.state.sandbox.clock.now() - before < 1


@pytest.mark.parametrize(
    ("fault", "status", "retry_after"),
    [
        ("status=429;retry-after=2", 429, "2"),
        ("retry-after=7", 429, "7"),
        ("status=503,retry-after=1", 503, "1"),
        ("status=500", 500, None),
        ("status=504", 504, None),
    ],
)
def test_status_faults(kit: Kit, fault: str, status: int, retry_after: str | None) -> None:
    response = _polyv(kit, fault)
    assert response.status_code == status
    assert response.headers.get("retry-after") == retry_after
    assert response.json() == {}


@pytest.mark.parametrize(("fault", "status"), [("html", 502), ("status=503;html", 503)])
def test_html_gateway_page(kit: Kit, fault: str, status: int) -> None:
    response = _polyv(kit, fault)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.startswith("<html>")


def test_truncated_json(kit: Kit) -> None:
    whole = _polyv(kit).content
    cut = _polyv(kit, "truncated")
    assert cut.status_code == 200
    assert len(cut.content) == len(whole) // 2
    assert int(cut.headers["content-length"]) == len(cut.content)
    with pytest.raises(json.JSONDecodeError):
        cut.json()


def test_wrong_content_type(kit: Kit) -> None:
    response = _polyv(kit, "content-type")
    assert response.headers["content-type"].startswith("text/plain")
    assert response.json()["code"] == 200  # the body itself is intact


def test_extra_field_adds_an_undocumented_field_to_every_object(kit: Kit) -> None:
    whole = _polyv(kit).json()
    added = _polyv(kit, "extra-field")
    assert int(added.headers["content-length"]) == len(added.content)
    body = added.json()
    assert body.pop(EXTRA_FIELD)
    for item in body["data"]:
        assert item.pop(EXTRA_FIELD)
    if isinstance(body.get("error"), dict):
        body["error"].pop(EXTRA_FIELD)
    body.pop("requestId"), whole.pop("requestId")  # one per answer
    assert body == whole  # nothing else changed


def test_drop_in_process_is_a_protocol_error(kit: Kit) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        _polyv(kit, "drop")
    assert _polyv(kit).json()["code"] == 200  # and the sandbox keeps serving


@pytest.mark.anyio
async def test_drop_through_the_async_transport(app: SandboxApp) -> None:
    async with httpx.AsyncClient(transport=async_transport(app), base_url="http://s") as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get("/_health", headers={"X-Sandbox-Fault": "drop"})
        assert (await client.get("/_health")).status_code == 200


def test_vendor_fault_through_admin_for_n_requests(kit: Kit) -> None:
    answer = kit.client.post(
        "/_admin/faults", json={"vendor": "polyv", "fault": "status=503", "count": 2}
    )
    assert answer.json()["faults"]["polyv"]["remaining"] == 2
    assert [_polyv(kit).status_code for _ in range(3)] == [503, 503, 200]
    assert kit.zego().status_code == 200  # other vendors unaffected


def test_vendor_fault_until_cleared(kit: Kit) -> None:
    kit.client.post("/_admin/faults", json={"vendor": "polyv", "fault": "html"})
    assert [_polyv(kit).status_code for _ in range(3)] == [502] * 3
    assert "polyv" in kit.client.get("/_admin/faults").json()["faults"]
    assert kit.client.delete("/_admin/faults").json() == {"faults": {}}
    assert _polyv(kit).status_code == 200


def test_header_fault_wins_over_vendor_fault(kit: Kit) -> None:
    kit.client.post("/_admin/faults", json={"vendor": "polyv", "fault": "status=503"})
    assert _polyv(kit, "status=429").status_code == 429


@pytest.mark.parametrize(
    "body",
    [
        {"vendor": "acme", "fault": "html"},
        {"vendor": "polyv", "fault": "bogus"},
        {"vendor": "polyv", "fault": "html", "count": 0},
        {"vendor": "polyv", "fault": "html", "count": "2"},
    ],
)
def test_admin_fault_refusals(kit: Kit, body: dict[str, object]) -> None:
    assert kit.client.post("/_admin/faults", json=body).status_code == 400


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("latency=250", Fault(latency_ms=250)),
        ("latency=40ms; truncated", Fault(latency_ms=40, truncated=True)),
        ("STATUS=503;Retry-After=3", Fault(status=503, retry_after="3")),
        ("retry-after=0", Fault(status=429, retry_after="0")),
        ("html", Fault(html=True)),
        ("content-type", Fault(wrong_content_type=True)),
        ("drop", Fault(drop=True)),
        ("extra-field;latency=5", Fault(latency_ms=5, extra_field=True)),
    ],
)
def test_grammar(text: str, fault: Fault) -> None:
    assert parse_fault(text) == fault


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ; ",
        "bogus",
        "status=200",
        "status=600",
        "status=abc",
        "latency=-1",
        "latency=999999",
        "retry-after=inf",
        "retry-after=-2",
        "drop=1",
        "html=yes",
        "truncated=0",
    ],
)
def test_grammar_refusals(kit: Kit, text: str) -> None:
    with pytest.raises(ValueError, match="fault"):
        parse_fault(text)
    if text.strip():
        response = _polyv(kit, text)
        assert response.status_code == 400
        assert "fault" in response.json()["error"]


# -- on a real port -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """The sandbox under uvicorn on a free 127.0.0.1 port, stopped after the module's tests."""
    with serve_in_background(create_app(SandboxConfig(fixtures=None))) as base_url:
        yield base_url


def test_drop_on_a_real_port_closes_the_connection(served: str) -> None:
    with httpx.Client(base_url=served, timeout=5) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.get("/_health", headers={"X-Sandbox-Fault": "drop"})
        assert client.get("/_health").json()["status"] == "ok"


def test_faults_on_a_real_port(served: str) -> None:
    with httpx.Client(base_url=served, timeout=5) as client:
        cut = client.get("/_health", headers={"X-Sandbox-Fault": "truncated"})
        with pytest.raises(json.JSONDecodeError):
            cut.json()
        limited = client.get("/_health", headers={"X-Sandbox-Fault": "status=429;retry-after=2"})
        assert (limited.status_code, limited.headers["retry-after"]) == (429, "2")
        assert client.get("/_health", headers={"X-Sandbox-Fault": "html"}).status_code == 502
