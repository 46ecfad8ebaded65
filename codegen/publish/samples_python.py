"""Python samples: httpx signed by the vendor's mediatasks ``httpx.Auth``, judged by ``decode``.

``decode`` reads the business code where the spec's ``x-envelope`` says and raises the typed
:class:`mediatasks.errors.MediaTasksError` subclass of its kind unless it is a success code, so a
sample that finishes printed a successful answer. Values are written with ``repr`` (valid
Python literals); credentials come from the environment.
"""

from __future__ import annotations

from typing import Final

from codegen.generate.auth_call import AuthCall, auth_call
from codegen.publish.sample_call import SampleCall, SampleError

__all__ = ["render"]


def _env(name: str) -> str:
    return f"os.environ[{name!r}]"


#: the signing algorithms the vendors' ``httpx.Auth`` classes (mediatasks.auth) implement; a spec
#: naming another needs the runtime first, so its sample is refused rather than written wrong
_RUNTIME_SIGNS: Final = frozenset(
    {
        None,
        "zego-md5-v2",
        "polyv-md5-subaccount",
        "cdnetworks-ws3-hmac-sha256",
        "pan123-bearer-token",
    }
)


def _auth(call: SampleCall) -> AuthCall | None:
    """The registry's ``httpx.Auth`` of the vendor (None: the call goes unsigned)."""
    if call.signing not in _RUNTIME_SIGNS:
        raise SampleError(f"{call.vendor}: no Python template for signing {call.signing!r}")
    if call.is_token_call:
        return None
    token_url = f"base_url + {call.token_path!r}" if call.token_path is not None else None
    return auth_call(call.vendor, token_url)


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
    auth = _auth(call)
    imports = ["import os", "", "import httpx", ""]
    if auth is not None:
        imports.append(f"from {auth.module} import {auth.name}")
    imports += ["from mediatasks.runtime import decode", "from mediatasks.specs import profile"]
    arguments = ",\n        ".join(_request_arguments(call))
    return "\n".join(
        [
            f'"""{call.summary} ({call.vendor} {call.operation_id}) with mediatasks."""',
            "",
            *imports,
            "",
            f"base_url = os.environ.get({call.base_url_env!r}, {call.base_url!r})",
            *([f"auth = {auth.expression}"] if auth is not None else []),
            "with httpx.Client(base_url=base_url"
            + (", auth=auth" if auth is not None else "")
            + ", timeout=10) as http:",
            f"    response = http.request(\n        {arguments},\n    )",
            "# the payload, or the typed error of the vendor's code (mediatasks.errors)",
            f"answer = decode(profile({call.vendor!r}), {call.operation_id!r}, response)",
            "print(answer.data if answer.data is not None else answer.body)",
            "",
        ]
    )
