"""openapi-python-client, driven through its command line for one spec.

Only the documented interface is used: ``openapi-python-client generate`` with a config file
(``codegen/config/client.yaml``), ``--custom-template-path`` (``codegen/config/templates/client``)
and the exit status. The command is run through its console-script entry point, looked up in
the package metadata and called the way the installed script calls it (``sys.argv`` set, no
arguments), so a warm worker process pays no interpreter start-up; nothing inside the package
is imported by name. Its output is quoted verbatim when it fails: the defects codegen can
foresee are reported before it runs, with their place (:mod:`codegen.generate.spec_gate`).

The generator reads a copy of the spec: answer objects opened (:mod:`~codegen.generate.tolerance`)
and the vendor's ``x-spec-patches`` applied. Beside the template overrides it gets one file
written here, ``mediatasks_envelope.jinja``: the vendor key, the operationIds and the two
``x-envelope`` facts the endpoint template needs (HTTP status and payload field).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, Final

from codegen.generate import spec_source
from codegen.generate.problems import SpecProblem
from codegen.generate.spec_patches import PATCHES_KEY, SpecPatchError, apply_spec_patches
from codegen.spec_checks.spec_walk import operations
from mediatasks.spec_io import pointer_tokens
from mediatasks.specs import profile_from_spec

TOOL: Final = "openapi-python-client"
FACTS_TEMPLATE: Final = "mediatasks_envelope.jinja"
_OUTPUT_LINES: Final = 60


def generate_client(
    *,
    document: dict[str, Any],
    vendor: str,
    spec: Path,
    display: str,
    out_dir: Path,
    settings: dict[str, Any],
    templates_dir: Path,
    scratch: Path,
) -> list[SpecProblem]:
    """Write the client package into ``out_dir``; the problems found (empty on success)."""
    settings = dict(settings)
    try:
        document = apply_spec_patches(document, settings.pop(PATCHES_KEY, []))
    except SpecPatchError as err:
        return [spec_source.problem_at(spec, display, TOOL, str(err), err.pointer)]
    scratch.mkdir(parents=True, exist_ok=True)
    source = scratch / "openapi.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    config = scratch / "client-config.json"
    config.write_text(json.dumps(settings), encoding="utf-8")
    templates = scratch / "templates"
    shutil.copytree(templates_dir, templates)
    (templates / FACTS_TEMPLATE).write_text(facts_template(vendor, document), encoding="utf-8")
    status, output = run_command(
        [
            "generate",
            "--path",
            str(source),
            "--meta",
            "none",
            "--config",
            str(config),
            "--custom-template-path",
            str(templates),
            "--output-path",
            str(out_dir),
            "--overwrite",
            "--fail-on-warning",
        ]
    )
    if status == 0:
        return []
    shown = "\n".join(_trimmed(output.replace(str(scratch), "<copy of the spec>")))
    message = f"`{TOOL} generate` failed (exit status {status}):\n{shown}"
    return [SpecProblem(spec=display, tool=TOOL, message=message)]


def facts_template(vendor: str, document: Mapping[str, Any]) -> str:
    """The Jinja file of facts the endpoint template imports (values as JSON literals)."""
    # the spec gate passed the spec: its envelope reads, and data is a top-level field
    envelope = profile_from_spec(vendor, document, f"{vendor} spec").envelope
    data = envelope.data_pointer
    payload = pointer_tokens(data)[0] if data else None
    operation_ids = {
        f"{op.path} {op.method}": str(op.operation.get("operationId", ""))
        for op in operations(document)
    }
    lines = [
        "{# Written by python -m codegen for one generation; see client_job.py. #}",
        f"{{% set vendor = {json.dumps(vendor)} %}}",
        f"{{% set http_status = {envelope.http_status} %}}",
        f"{{% set payload = {json.dumps(payload) if payload else 'none'} %}}",
        f"{{% set operation_ids = {json.dumps(operation_ids, sort_keys=True)} %}}",
    ]
    return "\n".join(lines) + "\n"


@cache
def command() -> Callable[[], object]:
    """The ``openapi-python-client`` console script's entry point, from the package metadata."""
    (entry,) = metadata.entry_points(group="console_scripts", name=TOOL)
    loaded: Callable[[], object] = entry.load()
    return loaded


def run_command(arguments: list[str]) -> tuple[int, str]:
    """Run ``openapi-python-client <arguments>`` in this process; (exit status, output)."""
    main = command()
    output = io.StringIO()
    # The script reads sys.argv; the CLI framework also installs its own sys.excepthook.
    saved, hook = sys.argv, sys.excepthook
    sys.argv = [TOOL, *arguments]
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            main()
        status = 0
    except SystemExit as exit_:
        status = _exit_status(exit_.code)
    except Exception as err:  # a crash of the tool is reported like a failure
        status, _ = 1, output.write(f"\n{type(err).__name__}: {err}")
    finally:
        sys.argv, sys.excepthook = saved, hook
    return status, output.getvalue()


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _trimmed(text: str) -> Iterator[str]:
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    yield from lines[:_OUTPUT_LINES]
    if len(lines) > _OUTPUT_LINES:
        yield f"... {len(lines) - _OUTPUT_LINES} more line(s)"
