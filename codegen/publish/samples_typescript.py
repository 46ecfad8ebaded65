"""TypeScript samples: ``fetch`` (Node 18+), signed with the functions of ``ts/src/signing.ts``.

Each sample is an ES module (top-level ``await``) that imports the signer as ``./signing.js``:
copy ``ts/src/signing.ts`` next to it. They compile under ``tsc --strict`` (a test proves it
for every operation) and exit with an error unless the envelope carries a success code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Final
from urllib.parse import urlencode

from codegen.publish.sample_call import SampleCall, SampleError, pick_template

__all__ = ["render"]

_ENV_HELPER: Final = """function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`set ${name} (make sandbox prints it)`);
  return value;
}"""


def _js(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _body(call: SampleCall) -> str | None:
    """The body as a TypeScript expression of type string (or None without a body)."""
    if call.body is None:
        return None
    if call.content_type == "application/x-www-form-urlencoded":
        return _js(urlencode({k: str(v) for k, v in call.body.items()}))
    return f"JSON.stringify({_js(call.body)})"


def _headers(call: SampleCall, extra: list[str]) -> str:
    items = [f"{_js(name)}: {_js(value)}" for name, value in call.fixed_headers]
    if call.content_type:
        items.append(f'"Content-Type": {_js(call.content_type)}')
    items += extra
    return "{ " + ", ".join(items) + " }" if items else ""


def _fetch(call: SampleCall, url: str, headers: str, body: str | None) -> list[str]:
    init = [f'  method: "{call.method}",']
    if headers:
        init.append(f"  headers: {headers},")
    if body is not None:
        init.append(f"  body: {body},")
    return [f"const response = await fetch({url}, {{", *init, "});"]


def _query_entries(call: SampleCall) -> list[str]:
    return [f"{_js(k)}: {_js(v)}" for k, v in call.query]


def _query_object(call: SampleCall) -> str:
    return "{ " + ", ".join(_query_entries(call)) + " }"


def _url(call: SampleCall, query: str | None = None) -> str:
    if query is None and call.query:
        query = f"new URLSearchParams({_query_object(call)})"
    suffix = "?${" + query + "}" if query else ""
    return f"`${{baseUrl}}{call.path}{suffix}`"


# -- one function per signing algorithm ------------------------------------------------------------


def _unsigned(call: SampleCall) -> tuple[list[str], list[str]]:
    return [], _fetch(call, _url(call), _headers(call, []), _body(call))


def _zego(call: SampleCall) -> tuple[list[str], list[str]]:
    lines = [
        f"const appId = env({_js(call.credential('APP_ID'))});",
        f"const serverSecret = env({_js(call.credential('SERVER_SECRET'))});",
        "const signed = zegoQuery(appId, serverSecret, Math.floor(Date.now() / 1000));",
        "const query = new URLSearchParams({ "
        + ", ".join([*_query_entries(call), "...signed"])
        + " });",
    ]
    return ["zegoQuery"], lines + _fetch(call, _url(call, "query"), _headers(call, []), _body(call))


def _polyv(call: SampleCall) -> tuple[list[str], list[str]]:
    lines = [
        "const params: Record<string, string> = {",
        *(f"  {entry}," for entry in _query_entries(call)),
        f"  appId: env({_js(call.credential('APP_ID'))}),",
        "  timestamp: String(Date.now()), // Unix milliseconds",
        "};",
        f"params.sign = polyvSignature(params, env({_js(call.credential('SECRET'))}));",
        "const query = new URLSearchParams(params);",
    ]
    fetch = _fetch(call, _url(call, "query"), _headers(call, []), _body(call))
    return ["polyvSignature"], lines + fetch


def _cdnetworks(call: SampleCall) -> tuple[list[str], list[str]]:
    content_type = call.content_type or "application/x-www-form-urlencoded; charset=utf-8"
    body = _body(call) or '""'
    query = "" if call.method != "GET" else urlencode(call.query)
    lines = [
        f"const url = new URL(`${{baseUrl}}{call.path}`);",
        f"const contentType = {_js(content_type)};",
        f"const body = {body};",
        f"const query = {_js(query)};",
        "const signed = cdnetworksHeaders(",
        f"  env({_js(call.credential('ACCESS_KEY'))}),",
        f"  env({_js(call.credential('SECRET_KEY'))}),",
        "  Math.floor(Date.now() / 1000),",
        f'  {{ method: "{call.method}", path: url.pathname, query, contentType, host: url.host, '
        "body },",
        ");",
    ]
    target = "query ? `${url.href}?${query}` : url.href"
    headers = '{ "Content-Type": contentType, ...signed }'
    fetch = _fetch(call, target, headers, "body" if call.method != "GET" else None)
    return ["cdnetworksHeaders"], lines + fetch


def _pan123(call: SampleCall) -> tuple[list[str], list[str]]:
    token = call.token or {}
    keys = list((token.get("request-body") or {}).keys())
    pointer = [part for part in str(token.get("token-pointer", "")).split("/") if part]
    if len(keys) != 2 or len(pointer) != 2 or not call.token_path:
        raise SampleError(f"{call.vendor}: x-signing.token must name the call, body and token")
    fixed = ", ".join(f"{_js(n)}: {_js(v)}" for n, v in call.fixed_headers)
    lines = [
        f"const tokenResponse = await fetch(`${{baseUrl}}{call.token_path}`, {{",
        '  method: "POST",',
        f'  headers: {{ {fixed}, "Content-Type": "application/json" }},',
        "  body: JSON.stringify({",
        f"    {_js(keys[0])}: env({_js(call.credential('CLIENT_ID'))}),",
        f"    {_js(keys[1])}: env({_js(call.credential('CLIENT_SECRET'))}),",
        "  }),",
        "});",
    ]
    if call.is_token_call:
        return [], [*lines, "const response = tokenResponse;"]
    outer, inner = pointer
    lines += [
        "const tokenAnswer = (await tokenResponse.json()) as "
        f"{{ {outer}?: {{ {inner}?: string }} | null }};",
        f"const accessToken = tokenAnswer.{outer}?.{inner};",
        "if (!accessToken) throw new Error(`no access token: ${JSON.stringify(tokenAnswer)}`);",
    ]
    headers = _headers(call, ["Authorization: `Bearer ${accessToken}`"])
    return [], lines + _fetch(call, _url(call), headers, _body(call))


_ALGORITHMS: Final[dict[str | None, Callable[[SampleCall], tuple[list[str], list[str]]]]] = {
    None: _unsigned,
    "zego-md5-v2": _zego,
    "polyv-md5-subaccount": _polyv,
    "cdnetworks-ws3-hmac-sha256": _cdnetworks,
    "pan123-bearer-token": _pan123,
}


def render(call: SampleCall) -> str:
    """The whole TypeScript sample of one operation."""
    write = pick_template(_ALGORITHMS, call, "TypeScript")
    imports, body = write(call)
    success = ", ".join(str(code) for code in call.success_codes)
    lines = [
        f"// {call.summary} ({call.vendor} {call.operation_id}).",
        "// Node 18+, ES module; copy ts/src/signing.ts from mediatasks next to this file.",
    ]
    if imports:
        lines.append(f'import {{ {", ".join(imports)} }} from "./signing.js";')
    lines += ["", _ENV_HELPER] if any("env(" in line for line in body) else []
    lines += [
        "",
        f"const baseUrl = process.env.{call.base_url_env} ?? {_js(call.base_url)};",
        *body,
        "const answer = (await response.json()) as Record<string, unknown>;",
        f"if (![{success}].includes(Number(answer[{_js(call.code_key)}]))) {{",
        "  throw new Error(`not a success: ${JSON.stringify(answer)}`);",
        "}",
        "console.log(JSON.stringify(answer, null, 2));",
        "",
    ]
    return "\n".join(lines)
