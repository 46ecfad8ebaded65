"""Unit tests of mediatasks.specs: profiles from x- extensions, pointers, error lookup."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from spec_test_paths import GOOD

from mediatasks import specs
from mediatasks.errors import SpecError
from mediatasks.specs import profile_from_spec, resolve_pointer

BASE: dict[str, Any] = yaml.safe_load(GOOD.read_text(encoding="utf-8"))


def _spec(**envelope: Any) -> dict[str, Any]:
    spec = copy.deepcopy(BASE)
    spec["x-envelope"].update(envelope)
    return spec


def _polyv_like() -> dict[str, Any]:
    spec = _spec(
        code="/code",
        **{"success-codes": [200], "detail-code": "/error/code"},
        **{"request-id": {"in": "header", "name": "X-Request-Id"}},
    )
    spec["x-envelope"]["error-codes"] = [
        {"code": 400, "name": "BAD", "kind": "invalid-parameter", "description": "x"},
        {"code": 403, "name": "FORBIDDEN", "kind": "permission", "description": "x"},
        {"code": 403, "detail": 104, "name": "BAD_SIGN", "kind": "auth", "description": "x"},
    ]
    spec["paths"]["/task/get"]["get"]["x-error-codes"] = [
        {"code": 400, "name": "NO_TASK", "kind": "not-found", "description": "x"},
    ]
    spec["x-rate-limits"] = [
        {"operations": ["getTask"], "limit": 10, "period-seconds": 1, "over-limit": {"code": 429}},
        {"limit": 100, "period-seconds": 60, "scope": "app"},
    ]
    return spec


def test_profile_reads_the_envelope() -> None:
    profile = profile_from_spec("fixture", BASE, "good.yaml")
    envelope = profile.envelope
    assert (envelope.http_status, envelope.code_pointer) == (200, "/code")
    assert envelope.success_codes == frozenset({0})
    assert envelope.is_success({"code": 0})
    assert not envelope.is_success({"code": 1004})
    assert not envelope.is_success({"code": False})  # a bool is not a code
    assert envelope.message_of({"message": "ok"}) == "ok"
    assert envelope.data_of({"data": {"id": "a"}}) == {"id": "a"}
    assert envelope.request_id_of({"x-traceID": "t"}) is None
    assert profile.operations["getTask"].method == "GET"
    assert profile.title.startswith("Fixture")


def test_top_level_payload_and_header_request_id() -> None:
    envelope = profile_from_spec("p", _polyv_like(), "x").envelope
    assert envelope.detail_of({"error": {"code": 104}}) == 104
    assert envelope.request_id_of({}, {"x-request-id": "r-1"}) == "r-1"
    flat = profile_from_spec("m", _spec(data=None, **{"request-id": None}), "x").envelope
    assert flat.data_of({"errcode": 1000, "id": "a"}) == {"errcode": 1000, "id": "a"}
    body = profile_from_spec("b", _spec(**{"request-id": {"in": "body", "pointer": "/rid"}}), "x")
    assert body.envelope.request_id_of({"rid": "abc"}) == "abc"
    assert body.envelope.request_id_of({"rid": ""}) is None


def test_error_lookup_by_kind_operation_entries_first() -> None:
    profile = profile_from_spec("p", _polyv_like(), "x")
    assert profile.error_for("invalid-parameter").name == "BAD"
    assert profile.error_for("not-found", "getTask").name == "NO_TASK"
    with pytest.raises(LookupError, match="no error code of kind 'not-found'"):
        profile.error_for("not-found")
    with pytest.raises(ValueError, match="unknown error kind"):
        profile.error_for("sadness")
    # the sandbox must answer something: a kind without a code answers with its stand-in
    assert profile.error_for("not-found", stand_in=True).name == "BAD"
    assert profile.error_for("not-found", "getTask", stand_in=True).name == "NO_TASK"
    assert profile.error_for("auth", name="BAD_SIGN").name == "BAD_SIGN"


def test_error_lookup_by_code_and_detail() -> None:
    profile = profile_from_spec("p", _polyv_like(), "x")
    assert profile.lookup(403, 104).name == "BAD_SIGN"
    assert profile.lookup(403).name == "FORBIDDEN"
    assert profile.lookup(403, 999).name == "FORBIDDEN"
    assert profile.lookup(400, operation_id="getTask").name == "NO_TASK"
    unknown = profile.lookup(555)
    assert (unknown.name, unknown.kind, unknown.documented) == ("UNDOCUMENTED", "other", False)


def test_rate_limits() -> None:
    profile = profile_from_spec("p", _polyv_like(), "x")
    first, second = profile.rate_limits
    assert (first.limit, first.period_seconds) == (10, 1.0)
    assert second.operations == ("*",)
    assert profile.limits_for("getTask") == (first, second)
    assert profile.limits_for("other") == (second,)


@pytest.mark.parametrize(
    ("change", "location", "problem"),
    [
        (lambda s: s.pop("x-envelope"), "/x-envelope", "required key is missing"),
        (lambda s: s["x-envelope"].update(code=5), "/x-envelope/code", "non-empty string"),
        (
            lambda s: s["x-envelope"].update({"http-status": "200"}),
            "/x-envelope/http-status",
            "must be an integer",
        ),
        (
            lambda s: s["x-envelope"].update({"success-codes": ["0"]}),
            "/x-envelope/success-codes",
            "list of integers",
        ),
        (
            lambda s: s["x-envelope"]["error-codes"][1].update(kind="lost"),
            "/x-envelope/error-codes/1/kind",
            "unknown kind 'lost'",
        ),
        (
            lambda s: s["x-envelope"].update({"request-id": {"in": "cookie"}}),
            "/x-envelope/request-id/in",
            "'body' or 'header'",
        ),
        (lambda s: s.update({"x-rate-limits": [1]}), "/x-rate-limits", "list of mappings"),
        (
            lambda s: s["paths"]["/task/get"]["get"].pop("operationId"),
            "/paths/~1task~1get/get/operationId",
            "required key is missing",
        ),
    ],
)
def test_malformed_extensions_name_file_and_location(
    change: Any, location: str, problem: str
) -> None:
    spec = copy.deepcopy(BASE)
    change(spec)
    with pytest.raises(SpecError) as caught:
        profile_from_spec("fixture", spec, "specs/fixture/openapi.yaml")
    assert caught.value.path == "specs/fixture/openapi.yaml"
    assert caught.value.location == location
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"specs/fixture/openapi.yaml: {location}: ")


def test_resolve_pointer() -> None:
    doc = {"a/b": {"~k": [10, {"c": None}]}, "": 1}
    assert resolve_pointer(doc, "/a~1b/~0k/0") == 10
    assert resolve_pointer(doc, "/a~1b/~0k/1/c") is None
    assert resolve_pointer(doc, "") is doc
    assert resolve_pointer(doc, "/a~1b/~0k/5", "dflt") == "dflt"
    assert resolve_pointer(doc, "/nope", None) is None
    with pytest.raises(KeyError):
        resolve_pointer(doc, "/a~1b/~0k/x")


def test_load_spec_errors_name_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATASKS_SPECS_DIR", str(tmp_path))
    specs.load_spec.cache_clear()
    try:
        with pytest.raises(SpecError, match="cannot read"):
            specs.load_spec("zego")
        (tmp_path / "zego").mkdir()
        (tmp_path / "zego" / "openapi.yaml").write_text("a: [1,\n")
        with pytest.raises(SpecError) as caught:
            specs.load_spec("zego")
        assert caught.value.location.startswith("line 2")
        (tmp_path / "polyv").mkdir()
        (tmp_path / "polyv" / "openapi.yaml").write_text("- 1\n")
        with pytest.raises(SpecError, match="top level is not a mapping"):
            specs.load_spec("polyv")
        with pytest.raises(SpecError, match="unknown vendor"):
            specs.spec_path("acme")
    finally:
        specs.load_spec.cache_clear()


def test_load_spec_names_the_first_byte_that_is_not_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDIATASKS_SPECS_DIR", str(tmp_path))
    (tmp_path / "zego").mkdir()
    (tmp_path / "zego" / "openapi.yaml").write_bytes(b"openapi: 3.1.0\ninfo: {title: \xff}\n")
    specs.load_spec.cache_clear()
    try:
        with pytest.raises(SpecError, match="byte 0xff is not UTF-8") as caught:
            specs.load_spec("zego")
        assert caught.value.location == "line 2, column 15"
    finally:
        specs.load_spec.cache_clear()


@pytest.mark.parametrize("vendor", specs.VENDORS)
def test_real_profiles_load(vendor: str) -> None:
    profile = specs.profile(vendor)
    assert profile.vendor == vendor
    assert profile.operations
    assert profile.error_for("invalid-parameter").kind == "invalid-parameter"
