"""Compare two whole specs: operations, parameters, bodies, responses, security, envelope.

Both documents are ``$ref``-resolved first; schemas go to :class:`SchemaDiff` with the side
they travel on. Operations are matched by method and path, parameters by location and name;
reports name an operation by its operationId (what generated code calls it), falling back to
``METHOD /path`` for an operation without one. Generated model classes are named by a
schema's ``title`` or its component key: a name that disappears breaks generated code.
"""

from __future__ import annotations

import json
from typing import Any

from codegen.breaking.model import Change, Side
from codegen.breaking.schema_diff import SchemaDiff
from mediatasks.spec_io import inline_refs

__all__ = ["diff_specs"]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_ENVELOPE_CONTRACT = ("http-status", "code", "success-codes", "message", "data", "detail-code")


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _operations(spec: dict[str, Any]) -> dict[str, tuple[dict[str, Any], list[Any]]]:
    """``"POST /path"`` -> (operation, path-level parameters)."""
    found: dict[str, tuple[dict[str, Any], list[Any]]] = {}
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in _METHODS:
            if isinstance(item.get(method), dict):
                found[f"{method.upper()} {path}"] = (item[method], item.get("parameters") or [])
    return found


def _label(method_path: str, *operations: dict[str, Any]) -> str:
    """An operation's name in reports: its operationId (the newest side's), else METHOD /path."""
    for operation in reversed(operations):
        if operation.get("operationId"):
            return str(operation["operationId"])
    return method_path


def _model_names(spec: dict[str, Any]) -> dict[str, str]:
    """Generated class name -> component key, for every schema component."""
    schemas = (spec.get("components") or {}).get("schemas") or {}
    return {
        str((schema.get("title") if isinstance(schema, dict) else None) or key): str(key)
        for key, schema in schemas.items()
    }


def _parameters(operation: dict[str, Any], shared: list[Any]) -> dict[tuple[str, str], Any]:
    merged = {(p.get("in", ""), p.get("name", "")): p for p in shared if isinstance(p, dict)}
    for p in operation.get("parameters") or []:
        if isinstance(p, dict):
            merged[(p.get("in", ""), p.get("name", ""))] = p
    return merged


def _security(spec: dict[str, Any], operation: dict[str, Any]) -> set[frozenset[str]]:
    """The alternatives a client may satisfy; ``{frozenset()}`` when no credentials are needed.

    An absent or empty ``security`` list requires nothing, the same as one empty requirement
    ``{}``, so all three compare equal (and adding auth to an open operation is a change).
    """
    requirements = operation.get("security", spec.get("security")) or []
    found = {frozenset(r) for r in requirements if isinstance(r, dict)}
    return found or {frozenset()}


def _security_narrowed(old: set[frozenset[str]], new: set[frozenset[str]]) -> bool:
    """Whether a client that satisfied some old alternative satisfies no new one.

    A client sends the credentials of one old requirement; it still gets in when some new
    requirement asks for a subset of those schemes.
    """
    return any(not any(n <= r for n in new) for r in old)


def _serialisation(parameter: dict[str, Any]) -> dict[str, Any]:
    """How a parameter travels on the wire, with OpenAPI's defaults filled in.

    ``style``/``explode`` decide how arrays and objects are written (``a=1&a=2`` or ``a=1,2``);
    old clients keep writing the old form.
    """
    style = parameter.get("style") or (
        "form" if parameter.get("in") in ("query", "cookie") else "simple"
    )
    return {
        "style": style,
        "explode": bool(parameter.get("explode", style == "form")),
        "allowReserved": bool(parameter.get("allowReserved", False)),
    }


def _describe(wire: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in wire.items())


class _SpecDiff:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = old, new
        self.changes: list[Change] = []

    def add(
        self, side: Side, op: str, where: str, rule: str, detail: str, *, breaking: bool
    ) -> None:
        self.changes.append(Change(side, op, where, rule, detail, breaking))

    def schemas(self, side: Side, op: str, old: Any, new: Any, where: str) -> None:
        walker = SchemaDiff(side, op)
        walker.compare(old, new, where)
        self.changes.extend(walker.changes)

    def run(self, models_old: dict[str, str], models_new: dict[str, str]) -> list[Change]:
        self.info()
        self.envelope()
        self.security_schemes()
        self.models(models_old, models_new)
        before, after = _operations(self.old), _operations(self.new)
        for key in sorted(set(before) - set(after)):
            name = _label(key, before[key][0])
            self.add(Side.REQUEST, name, "", "operation removed", key, breaking=True)
        for key in sorted(set(after) - set(before)):
            name = _label(key, after[key][0])
            self.add(Side.REQUEST, name, "", "operation added", key, breaking=False)
        for key in sorted(set(before) & set(after)):
            self.operation(_label(key, before[key][0], after[key][0]), before[key], after[key])
        return self.changes

    def models(self, old: dict[str, str], new: dict[str, str]) -> None:
        """Generated model classes that disappear (a removed or renamed schema) break code that
        imports them; new ones do not."""
        for name in sorted(set(old) - set(new)):
            detail = f"class {name} (components.schemas.{old[name]}) is no longer generated"
            self.add(
                Side.SPEC,
                "",
                f"components.schemas.{old[name]}",
                "generated model removed",
                detail,
                breaking=True,
            )
        for name in sorted(set(new) - set(old)):
            self.add(
                Side.SPEC,
                "",
                f"components.schemas.{new[name]}",
                "generated model added",
                f"class {name}",
                breaking=False,
            )

    def info(self) -> None:
        a, b = self.old.get("info") or {}, self.new.get("info") or {}
        if a.get("version") != b.get("version"):
            detail = f"{a.get('version')} -> {b.get('version')}"
            self.add(Side.SPEC, "", "info.version", "version changed", detail, breaking=False)
        docs = [k for k in sorted({*a, *b}) if k != "version" and not _same(a.get(k), b.get(k))]
        if docs:
            self.add(
                Side.SPEC, "", "info", "documentation changed", ", ".join(docs), breaking=False
            )

    def envelope(self) -> None:
        a, b = self.old.get("x-envelope") or {}, self.new.get("x-envelope") or {}
        for key in _ENVELOPE_CONTRACT:
            if not _same(a.get(key), b.get(key)):
                detail = f"{a.get(key)} -> {b.get(key)}"
                self.add(
                    Side.RESPONSE,
                    "",
                    f"x-envelope.{key}",
                    "envelope changed",
                    detail,
                    breaking=True,
                )
        codes_a = {
            json.dumps([e.get("code"), e.get("detail")]): e for e in a.get("error-codes") or []
        }
        codes_b = {
            json.dumps([e.get("code"), e.get("detail")]): e for e in b.get("error-codes") or []
        }
        for key in sorted(set(codes_b) - set(codes_a)):
            self.add(
                Side.RESPONSE,
                "",
                "x-envelope.error-codes",
                "error code added",
                str(codes_b[key].get("name")),
                breaking=False,
            )
        for key in sorted(set(codes_a) - set(codes_b)):
            self.add(
                Side.RESPONSE,
                "",
                "x-envelope.error-codes",
                "error code removed",
                str(codes_a[key].get("name")),
                breaking=False,
            )
        for key in sorted(set(codes_a) & set(codes_b)):
            ea, eb = codes_a[key], codes_b[key]
            if ea.get("name") != eb.get("name") or ea.get("kind") != eb.get("kind"):
                detail = f"{ea.get('name')}/{ea.get('kind')} -> {eb.get('name')}/{eb.get('kind')}"
                self.add(
                    Side.RESPONSE,
                    "",
                    "x-envelope.error-codes",
                    "error code renamed",
                    detail,
                    breaking=True,
                )

    def security_schemes(self) -> None:
        a = (self.old.get("components") or {}).get("securitySchemes") or {}
        b = (self.new.get("components") or {}).get("securitySchemes") or {}
        for name in sorted(set(a) | set(b)):
            sa, sb = a.get(name) or {}, b.get(name) or {}
            where = f"securitySchemes.{name}"
            wire = ("type", "in", "name", "scheme")
            algorithm_a = (sa.get("x-signing") or {}).get("algorithm")
            algorithm_b = (sb.get("x-signing") or {}).get("algorithm")
            if not sa or not sb or any(sa.get(k) != sb.get(k) for k in wire):
                rule = "security scheme added" if not sa else "security scheme changed"
                detail = "new" if not sa else ("removed" if not sb else "type/in/name changed")
                self.add(Side.REQUEST, "", where, rule, detail, breaking=bool(sa))
            elif algorithm_a != algorithm_b:
                self.add(
                    Side.REQUEST,
                    "",
                    where,
                    "signing algorithm changed",
                    f"{algorithm_a} -> {algorithm_b}",
                    breaking=True,
                )
            elif not _same(sa, sb):
                self.add(
                    Side.REQUEST,
                    "",
                    where,
                    "documentation changed",
                    "signing notes",
                    breaking=False,
                )

    def operation(
        self, op: str, old: tuple[dict[str, Any], list[Any]], new: tuple[dict[str, Any], list[Any]]
    ) -> None:
        (a, shared_a), (b, shared_b) = old, new
        if a.get("operationId") != b.get("operationId"):
            self.add(
                Side.REQUEST,
                op,
                "operationId",
                "operation renamed",
                f"{a.get('operationId')} -> {b.get('operationId')} (generated function names)",
                breaking=True,
            )
        docs = [
            k
            for k in ("summary", "description", "tags", "deprecated")
            if not _same(a.get(k), b.get(k))
        ]
        docs += [
            k for k in sorted({*a, *b}) if k.startswith("x-") and not _same(a.get(k), b.get(k))
        ]
        if docs:
            self.add(Side.REQUEST, op, "", "documentation changed", ", ".join(docs), breaking=False)
        sec_a, sec_b = _security(self.old, a), _security(self.new, b)
        if sec_a != sec_b:
            self.add(
                Side.REQUEST,
                op,
                "security",
                "security requirements changed",
                f"{sorted(map(sorted, sec_a))} -> {sorted(map(sorted, sec_b))}",
                breaking=_security_narrowed(sec_a, sec_b),
            )
        self.parameters(op, _parameters(a, shared_a), _parameters(b, shared_b))
        self.request_body(op, a.get("requestBody"), b.get("requestBody"))
        self.responses(op, a.get("responses") or {}, b.get("responses") or {})

    def parameters(
        self, op: str, old: dict[tuple[str, str], Any], new: dict[tuple[str, str], Any]
    ) -> None:
        for key in sorted(set(old) - set(new)):
            self.add(
                Side.REQUEST,
                op,
                f"parameter {key[0]} {key[1]}",
                "parameter removed",
                "generated functions lose the argument",
                breaking=True,
            )
        for key in sorted(set(new) - set(old)):
            required = bool(new[key].get("required"))
            rule = "required parameter added" if required else "optional parameter added"
            self.add(
                Side.REQUEST, op, f"parameter {key[0]} {key[1]}", rule, "new", breaking=required
            )
        for key in sorted(set(old) & set(new)):
            where = f"parameter {key[0]} {key[1]}"
            was, now = bool(old[key].get("required")), bool(new[key].get("required"))
            if now and not was:
                self.add(Side.REQUEST, op, where, "parameter made required", "", breaking=True)
            elif was and not now:
                self.add(Side.REQUEST, op, where, "parameter made optional", "", breaking=False)
            self.schemas(Side.REQUEST, op, old[key].get("schema"), new[key].get("schema"), where)
            wire_a, wire_b = _serialisation(old[key]), _serialisation(new[key])
            if wire_a != wire_b:
                detail = f"{_describe(wire_a)} -> {_describe(wire_b)}"
                self.add(
                    Side.REQUEST, op, where, "parameter encoding changed", detail, breaking=True
                )
            empty_a = bool(old[key].get("allowEmptyValue"))
            empty_b = bool(new[key].get("allowEmptyValue"))
            if empty_a != empty_b:
                rule = "empty value refused" if empty_a else "empty value allowed"
                self.add(Side.REQUEST, op, where, rule, "allowEmptyValue", breaking=empty_a)
            if not _same(old[key].get("content"), new[key].get("content")):
                self.content(
                    Side.REQUEST,
                    op,
                    where,
                    old[key].get("content") or {},
                    new[key].get("content") or {},
                )
            docs = [
                k
                for k in ("description", "example", "examples", "deprecated")
                if not _same(old[key].get(k), new[key].get(k))
            ]
            if docs:
                self.add(
                    Side.REQUEST,
                    op,
                    where,
                    "documentation changed",
                    ", ".join(docs),
                    breaking=False,
                )

    def request_body(self, op: str, old: Any, new: Any) -> None:
        if not old and not new:
            return
        if not old:
            required = bool(new.get("required"))
            rule = "required request body added" if required else "optional request body added"
            self.add(Side.REQUEST, op, "request body", rule, "", breaking=required)
            return
        if not new:
            self.add(Side.REQUEST, op, "request body", "request body removed", "", breaking=True)
            return
        was, now = bool(old.get("required")), bool(new.get("required"))
        if now and not was:
            self.add(
                Side.REQUEST, op, "request body", "request body made required", "", breaking=True
            )
        elif was and not now:
            self.add(
                Side.REQUEST, op, "request body", "request body made optional", "", breaking=False
            )
        self.content(
            Side.REQUEST, op, "request body", old.get("content") or {}, new.get("content") or {}
        )

    def responses(self, op: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        for status in sorted(set(old) - set(new)):
            self.add(
                Side.RESPONSE, op, f"response {status}", "response removed", "", breaking=False
            )
        for status in sorted(set(new) - set(old)):
            self.add(
                Side.RESPONSE,
                op,
                f"response {status}",
                "response added",
                "strict clients treat an undocumented status as unexpected",
                breaking=True,
            )
        for status in sorted(set(old) & set(new)):
            a, b = old[status] or {}, new[status] or {}
            self.content(
                Side.RESPONSE,
                op,
                f"response {status}",
                a.get("content") or {},
                b.get("content") or {},
            )

    def content(
        self, side: Side, op: str, where: str, old: dict[str, Any], new: dict[str, Any]
    ) -> None:
        for media in sorted(set(old) - set(new)):
            self.add(side, op, f"{where} {media}", "media type removed", "", breaking=True)
        for media in sorted(set(new) - set(old)):
            breaking = side is Side.RESPONSE
            self.add(side, op, f"{where} {media}", "media type added", "", breaking=breaking)
        for media in sorted(set(old) & set(new)):
            a, b = old[media] or {}, new[media] or {}
            self.schemas(side, op, a.get("schema"), b.get("schema"), f"{where} {media}:")
            if not _same(a.get("examples"), b.get("examples")) or not _same(
                a.get("example"), b.get("example")
            ):
                self.add(side, op, f"{where} {media}", "examples changed", "", breaking=False)


def diff_specs(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from ``old`` to ``new`` (both raw documents; $refs are resolved here)."""
    return _SpecDiff(inline_refs(old), inline_refs(new)).run(_model_names(old), _model_names(new))
