"""`python -m codegen check-generated`: fail with a diff when ``generated/`` is stale.

Regenerates every vendor from scratch into a temporary folder (the stamp is not trusted here)
and compares it with the committed tree byte for byte, the golden-record check of
openapi-python-client's own test suite.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from codegen.generate.cli import layout_from, parse_arguments
from codegen.generate.fingerprint import fingerprints, generator_versions
from codegen.generate.layout import Layout, discover_vendors


def _quiet(line: str) -> None:
    """Progress lines are noise here; only problems and the diff matter."""


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv, "python -m codegen check-generated", __doc__ or "")
    layout = layout_from(arguments)
    vendors = discover_vendors(layout.specs_dir)
    if not vendors:
        print(f"check-generated: no specs under {layout.specs_dir}", file=sys.stderr)
        return 2
    from codegen.generate.regenerate import regenerate  # noqa: PLC0415 - heavy

    versions = generator_versions()
    current = fingerprints(layout, vendors, versions)
    label = layout.display(layout.output_root)
    with tempfile.TemporaryDirectory(prefix="codegen-check-") as scratch:
        fresh = Layout(
            specs_dir=layout.specs_dir,
            output_root=Path(scratch) / "generated",
            config_dir=layout.config_dir,
            templates_dir=layout.templates_dir,
            repo_root=layout.repo_root,
        )
        status = regenerate(
            fresh,
            vendors,
            stale=sorted(current),
            current=current,
            recorded={},
            versions=versions,
            workers=arguments.jobs,
            progress=_quiet,
        )
        if status != 0:
            print("check-generated: the specs do not generate (see above).", file=sys.stderr)
            return status
        from codegen.generate.compare import tree_diff  # noqa: PLC0415

        differences = tree_diff(fresh.output_root, layout.output_root, label)
    if differences:
        print("\n".join(differences))
        print(f"\ncheck-generated: {label}/ is stale; run `make generate` and commit the result.")
        return 1
    print(f"check-generated: {label}/ matches the specs ({len(vendors)} specs).")
    return 0
