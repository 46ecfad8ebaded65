"""Python samples: httpx signed by the vendor's mediatasks ``httpx.Auth``, judged by ``decode``.

``decode`` reads the business code where the spec's ``x-envelope`` says and raises the typed
:class:`mediatasks.errors.MediaTasksError` subclass of its kind unless it is a success code, so a
sample that finishes printed a successful answer. Values are written with ``repr`` (valid
Python literals); credentials come from the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from codegen.publish.sample_call import SampleCall, SampleError, pick_template

__all__ = ["render"]


def _env(name: str) -> str:
    return f"os.environ[{name!r}]"


def _two(call: SampleCall, cls: str, first: str, second: str) -> tuple[str, str]:
    args = f"\n    {_env(call.credential(first))},\n    {_env(call.credential(second))},\n"
    return cls, f"{cls}({args})"


def _zego(call: SampleCall) -> tuple[str, str]:
    return _two(call, "ZegoAuth", "APP_ID", "SERVER_SECRET")


def _polyv(call: SampleCall) -> tuple[str, str]:
    return _two(call, "PolyvAuth", "APP_ID", "SECRET")


def _cdnetworks(call: SampleCall) -> tuple[str, str]:
    return _two(call, "CDNetworksAuth", "ACCESS_KEY", "SECRET_KEY")


def _pan123(call: SampleCall) -> tuple[str, str]:
    args = f"{_env(call.credential('CLIENT_ID'))}, {_env(call.credential('CLIENT_SECRET'))}"
    return "Pan123TokenAuth", (
        f"Pan123TokenAuth(\n    {args},\n    token_url=base_url + {call.token_path!r},\n)"
    )


def _unsigned(call: SampleCall) -> tuple[str, str]:
    optional = next(iter(call.credentials), None)
    if call.vendor == "myun" and optional:
        return "MyunAuth", f"MyunAuth(os.environ.get({optional!r}))  # MYun documents no auth"
    return "", "None"


_AUTH: Final[dict[str | None, Callable[[SampleCall], tuple[str, str]]]] = {
    None: _unsigned,
    "zego-md5-v2": _zego,
    "polyv-md5-subaccount": _polyv,
    "cdnetworks-ws3-hmac-sha256": _cdnetworks,
    "pan123-bearer-token": _pan123,
}


def _request_arguments(call: SampleCall) -> list[str]:
    arguments = [repr(call.method), repr(call.path)]
    if call.query:
        arguments.append(f"params={dict(call.query)!r}")
    headers = dict(call.fixed_headers)
    if call.is_token_call:
        keys = list((call.token or {}).get("request-body") or {})
        values = [_env(call.credential(role)) for role in ("CLIENT_ID", "CLIENT_SECRET")]
        pairs = "".join(
            f"\n            {key!r}: {value}," for key, value in zip(keys, values, strict=True)
        )
        arguments.append(f"json={{{pairs}\n        }}")
    elif call.body is not None:
        if call.content_type == "application/x-www-form-urlencoded":
            arguments.append(f"data={call.body!r}")
        elif call.content_type == "application/json":
            arguments.append(f"json={call.body!r}")
        else:
            raise SampleError(f"{call.vendor} {call.operation_id}: body {call.content_type!r}")
    if headers:
        arguments.append(f"headers={headers!r}")
    return arguments


def render(call: SampleCall) -> str:
    """The whole Python sample of one operation."""
    auth = pick_template(_AUTH, call, "Python")
    auth_class, auth_value = ("", "None") if call.is_token_call else auth(call)
    imports = ["import os", "", "import httpx", ""]
    if auth_class:
        imports.append(f"from mediatasks.auth import {auth_class}")
    imports += ["from mediatasks.runtime import decode", "from mediatasks.specs import profile"]
    arguments = ",\n        ".join(_request_arguments(call))
    return "\n".join(
        [
            f'"""{call.summary} ({call.vendor} {call.operation_id}) with mediatasks."""',
            "",
            *imports,
            "",
            f"base_url = os.environ.get({call.base_url_env!r}, {call.base_url!r})",
            *([f"auth = {auth_value}"] if auth_class else []),
            "with httpx.Client(base_url=base_url"
            + (", auth=auth" if auth_class else "")
            + ", timeout=10) as http:",
            f"    response = http.request(\n        {arguments},\n    )",
            "# the payload, or the typed error of the vendor's code (mediatasks.errors)",
            f"answer = decode(profile({call.vendor!r}), {call.operation_id!r}, response)",
            "print(answer.data if answer.data is not None else answer.body)",
            "",
        ]
    )
