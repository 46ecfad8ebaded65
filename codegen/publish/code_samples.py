"""``x-codeSamples`` for every operation, generated from the spec so they cannot drift from it.

Three templates per operation, fed by :func:`codegen.publish.sample_call.sample_calls`: Shell
(curl signed by hand), Python (httpx with the mediatasks auth of the vendor) and TypeScript
(``fetch`` signed with ``ts/src/signing.ts``). Redoc shows them beside each operation; other
renderers keep them in the bundle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from codegen.publish import samples_python, samples_shell, samples_typescript
from codegen.publish.sample_call import SampleCall, sample_calls

__all__ = ["TEMPLATES", "code_samples"]

Template = Callable[[SampleCall], str]

#: (x-codeSamples lang, label, template), in the order Redoc shows the tabs.
TEMPLATES: Final[tuple[tuple[str, str, Template], ...]] = (
    ("Shell", "curl + openssl", samples_shell.render),
    ("Python", "Python (mediatasks)", samples_python.render),
    ("TypeScript", "TypeScript (ts/ signer)", samples_typescript.render),
)


def code_samples(spec: Mapping[str, Any], vendor: str) -> dict[str, list[dict[str, str]]]:
    """``operationId -> x-codeSamples`` (Shell, Python, TypeScript) for every operation."""
    return {
        call.operation_id: [
            {"lang": lang, "label": label, "source": template(call)}
            for lang, label, template in TEMPLATES
        ]
        for call in sample_calls(spec, vendor)
    }
