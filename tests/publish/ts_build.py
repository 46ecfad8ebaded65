"""One ``tsc --strict`` run for the TypeScript tests, shared by the session.

The proof in ``ts/`` (signing, its tests, the fetch client typed from ``ts/generated``) and every
published TypeScript code sample compile together, in a scratch copy of ``ts/`` with the samples
beside ``signing.ts`` (where a sample expects it): one program, so tsc reads the standard
library and Node's types once instead of once per project, and nothing is written into the
checkout. The compiler options are ``ts/tsconfig.json``'s (strict), with Node's types taken from
the repository's ``node_modules``.

Plain functions instead of a conftest (a second ``conftest`` module would clash under mypy).
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from codegen.publish.code_samples import code_samples
from codegen.publish.sample_call import sample_calls
from mediatasks.specs import VENDORS, load_spec

ROOT = Path(__file__).resolve().parents[2]
TSC = ROOT / "node_modules" / ".bin" / "tsc"
#: (vendor, operationId) of every operation with code samples
SAMPLE_CASES = [
    (vendor, call.operation_id)
    for vendor in VENDORS
    for call in sample_calls(load_spec(vendor), vendor)
]


def sample_source(vendor: str, operation_id: str, lang: str) -> str:
    """The published ``lang`` sample of an operation (``x-codeSamples``)."""
    samples = code_samples(load_spec(vendor), vendor)[operation_id]
    return next(sample["source"] for sample in samples if sample["lang"] == lang)


def sample_module(vendor: str, operation_id: str) -> str:
    """The file name (without extension) a TypeScript sample compiles under."""
    return f"{vendor}-{operation_id}"


@functools.cache
def typescript_build() -> Path:
    """The compiled folder: ``signing.test.js``, ``smoke.js`` and one ``<vendor>-<operationId>.js``
    per sample. Raises AssertionError with tsc's report when anything fails to compile."""
    project = Path(tempfile.mkdtemp(prefix="ts-build-"))
    atexit.register(shutil.rmtree, project, ignore_errors=True)
    shutil.copytree(ROOT / "ts" / "src", project / "src")
    shutil.copytree(ROOT / "ts" / "generated", project / "generated")
    shutil.copy(ROOT / "ts" / "package.json", project / "package.json")  # ES modules
    for vendor, operation_id in SAMPLE_CASES:
        source = sample_source(vendor, operation_id, "TypeScript")
        target = project / "src" / f"{sample_module(vendor, operation_id)}.ts"
        assert not target.exists(), f"a sample would replace ts/src/{target.name}"
        target.write_text(source, encoding="utf-8")
    config = json.loads((ROOT / "ts" / "tsconfig.json").read_text(encoding="utf-8"))
    assert config["compilerOptions"]["strict"] is True
    config["compilerOptions"]["typeRoots"] = [str(ROOT / "node_modules" / "@types")]
    (project / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    done = subprocess.run(
        [str(TSC), "-p", str(project / "tsconfig.json")],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, f"tsc --strict failed:\n{done.stdout}\n{done.stderr}"
    return project / "build"
