"""Shell samples: curl, signed by hand with ``date`` and ``openssl`` as ``x-signing`` says.

POSIX ``sh`` (dash runs them), ``set -eu``, credentials from the environment variables that
``make sandbox`` prints. Static values come from the spec's examples and are quoted for the shell
here; dynamic ones (nonce, timestamp, signature) are hex or digits and need no quoting.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Final
from urllib.parse import quote, urlencode

from codegen.publish.sample_call import SampleCall, SampleError, pick_template

__all__ = ["render"]

_HASH: Final = "openssl dgst -{algo} | sed 's/^.*= //'"


def _sq(text: str) -> str:
    """Single-quoted for the shell."""
    return "'" + text.replace("'", "'\\''") + "'"


def _dq(text: str) -> str:
    """The inside of a double-quoted shell string (``$`` and friends escaped)."""
    return "".join("\\" + c if c in '"$`\\' else c for c in text)


def _body_text(call: SampleCall) -> str:
    if call.body is None:
        return ""
    if call.content_type == "application/x-www-form-urlencoded":
        return urlencode({k: str(v) for k, v in call.body.items()})
    return json.dumps(call.body, separators=(",", ":"), ensure_ascii=False)


def _static_query(call: SampleCall) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in call.query)


def _url(call: SampleCall, signed_query: str = "") -> str:
    query = "&".join(part for part in (_dq(_static_query(call)), signed_query) if part)
    return f'"${{BASE_URL}}{_dq(call.path)}' + (f"?{query}" if query else "") + '"'


def _credential_lines(call: SampleCall, roles: tuple[str, ...]) -> list[str]:
    lines = []
    for role in roles:
        name = call.credential(role)
        lines.append(f'{role}="${{{name}:?set {name} (make sandbox prints it)}}"')
    return lines


def _curl(call: SampleCall, url: str, headers: list[str]) -> list[str]:
    parts = ["curl -sS", url] if call.method == "GET" else ["curl -sS", f"-X {call.method}", url]
    parts += [f"-H {header}" for header in headers]
    if call.body is not None:
        parts.append('--data "$BODY"')
    return [" \\\n  ".join(parts)]


def _content_type_header(call: SampleCall) -> list[str]:
    return [_sq(f"Content-Type: {call.content_type}")] if call.content_type else []


def _fixed_headers(call: SampleCall) -> list[str]:
    return [_sq(f"{name}: {value}") for name, value in call.fixed_headers]


# -- one function per signing algorithm ------------------------------------------------------------


def _unsigned(call: SampleCall) -> list[str]:
    return _curl(call, _url(call), _fixed_headers(call) + _content_type_header(call))


def _zego(call: SampleCall) -> list[str]:
    signed = (
        "AppId=${APP_ID}&SignatureNonce=${NONCE}&Timestamp=${TIMESTAMP}"
        "&SignatureVersion=2.0&Signature=${SIGNATURE}"
    )
    return [
        *_credential_lines(call, ("APP_ID", "SERVER_SECRET")),
        'NONCE="$(openssl rand -hex 8)"',
        'TIMESTAMP="$(date +%s)"',
        "# lower-case hex MD5 of AppId + SignatureNonce + ServerSecret + Timestamp",
        'SIGNATURE="$(printf \'%s\' "${APP_ID}${NONCE}${SERVER_SECRET}${TIMESTAMP}" | '
        + _HASH.format(algo="md5")
        + ')"',
        *_curl(call, _url(call, signed), _fixed_headers(call) + _content_type_header(call)),
    ]


def _polyv(call: SampleCall) -> list[str]:
    values = {key: _dq(value) for key, value in call.query}
    values.update({"appId": "${APP_ID}", "timestamp": "${TIMESTAMP}"})
    pairs = "".join(f"{key}{values[key]}" for key in sorted(values))
    signed = "appId=${APP_ID}&timestamp=${TIMESTAMP}&sign=${SIGN}"
    return [
        *_credential_lines(call, ("APP_ID", "SECRET")),
        'TIMESTAMP="$(($(date +%s) * 1000))"  # Unix milliseconds',
        "# upper-case hex MD5 of secret + sorted key+value pairs (raw values, no sign) + secret",
        f'SIGN="$(printf \'%s\' "${{SECRET}}{pairs}${{SECRET}}" | '
        + _HASH.format(algo="md5")
        + " | tr 'a-f' 'A-F')\"",
        *_curl(call, _url(call, signed), _fixed_headers(call) + _content_type_header(call)),
    ]


def _cdnetworks(call: SampleCall) -> list[str]:
    content_type = call.content_type or "application/x-www-form-urlencoded; charset=utf-8"
    query = _dq(_static_query(call)) if call.method == "GET" else ""
    headers = [
        '"Content-Type: ${CONTENT_TYPE}"',
        *_fixed_headers(call),
        '"X-WS-AccessKey: ${ACCESS_KEY}"',
        '"X-WS-Timestamp: ${TIMESTAMP}"',
        '"Authorization: WS3-HMAC-SHA256 Credential=${ACCESS_KEY}, '
        'SignedHeaders=content-type;host, Signature=${SIGNATURE}"',
    ]
    return [
        *_credential_lines(call, ("ACCESS_KEY", "SECRET_KEY")),
        f"CONTENT_TYPE={_sq(content_type)}",
        "# the Host header curl sends and the path as sent (with the base URL's own path)",
        'HOST_AND_PATH="${BASE_URL#*://}"',
        'HOST="${HOST_AND_PATH%%/*}"',
        'case "$HOST_AND_PATH" in */*) PREFIX="/${HOST_AND_PATH#*/}" ;; *) PREFIX="" ;; esac',
        f'REQUEST_PATH="${{PREFIX%/}}{_dq(call.path)}"',
        'TIMESTAMP="$(date +%s)"',
        'PAYLOAD_HASH="$(printf \'%s\' "${BODY:-}" | ' + _HASH.format(algo="sha256") + ')"',
        "# method, path, query (GET only), content-type and host lines, an empty line,",
        "# the signed header names and the payload hash, joined by line feeds",
        "CANONICAL_REQUEST=\"$(printf '%s\\n%s\\n%s\\ncontent-type:%s\\nhost:%s\\n\\n"
        "content-type;host\\n%s' \\\n"
        f'  {call.method} "$REQUEST_PATH" "{query}" "$CONTENT_TYPE" "$HOST" "$PAYLOAD_HASH")"',
        'CANONICAL_HASH="$(printf \'%s\' "$CANONICAL_REQUEST" | '
        + _HASH.format(algo="sha256")
        + ')"',
        'STRING_TO_SIGN="$(printf \'WS3-HMAC-SHA256\\n%s\\n%s\' "$TIMESTAMP" "$CANONICAL_HASH")"',
        'SIGNATURE="$(printf \'%s\' "$STRING_TO_SIGN" | '
        'openssl dgst -sha256 -hmac "$SECRET_KEY" | sed \'s/^.*= //\')"',
        *_curl(call, _url(call) if call.method == "GET" else _url_no_query(call), headers),
    ]


def _url_no_query(call: SampleCall) -> str:
    if call.query:
        raise SampleError(f"{call.vendor} {call.operation_id}: a signed POST with a query")
    return _url(call)


def _pan123(call: SampleCall) -> list[str]:
    token = call.token or {}
    token_key = str(token.get("token-pointer", "")).rsplit("/", 1)[-1]
    keys = list((token.get("request-body") or {}).keys())
    if len(keys) != 2 or not token_key or not call.token_path:
        raise SampleError(f"{call.vendor}: x-signing.token must name the call, body and token")
    lines = [
        *_credential_lines(call, ("CLIENT_ID", "CLIENT_SECRET")),
        f'TOKEN_BODY="{{\\"{keys[0]}\\":\\"${{CLIENT_ID}}\\",'
        f'\\"{keys[1]}\\":\\"${{CLIENT_SECRET}}\\"}}"',
        f'TOKEN_ANSWER="$(curl -sS -X POST "${{BASE_URL}}{_dq(call.token_path)}" \\\n'
        "  -H 'Content-Type: application/json'"
        + "".join(f" -H {h}" for h in _fixed_headers(call))
        + ' --data "$TOKEN_BODY")"',
    ]
    if call.is_token_call:
        return [*lines, "printf '%s\\n' \"$TOKEN_ANSWER\""]
    headers = [*_fixed_headers(call), '"Authorization: Bearer ${ACCESS_TOKEN}"']
    return [
        *lines,
        f'ACCESS_TOKEN="$(printf \'%s\' "$TOKEN_ANSWER" | '
        f'sed -n \'s/.*"{token_key}" *: *"\\([^"]*\\)".*/\\1/p\')"',
        '[ -n "$ACCESS_TOKEN" ] || { echo "no access token: $TOKEN_ANSWER" >&2; exit 1; }',
        *_curl(call, _url(call), headers + _content_type_header(call)),
    ]


_ALGORITHMS: Final[dict[str | None, Callable[[SampleCall], list[str]]]] = {
    None: _unsigned,
    "zego-md5-v2": _zego,
    "polyv-md5-subaccount": _polyv,
    "cdnetworks-ws3-hmac-sha256": _cdnetworks,
    "pan123-bearer-token": _pan123,
}


def render(call: SampleCall) -> str:
    """The whole shell sample of one operation."""
    write = pick_template(_ALGORITHMS, call, "shell")
    lines = [
        f"# {call.summary} ({call.vendor} {call.operation_id}).",
        "# Needs curl and openssl. Against `make sandbox`, run the export lines it prints first;",
        f"# elsewhere set {call.base_url_env} and the credentials to the vendor's.",
        "set -eu",
        f'BASE_URL="${{{call.base_url_env}:-{call.base_url}}}"',
    ]
    if call.body is not None and not call.is_token_call:
        lines.append(f"BODY={_sq(_body_text(call))}")
    return "\n".join([*lines, *write(call)]) + "\n"
