"""Recall and false alarms of ``sources check`` on edited copies of the five vendor documents.

Two mutation sets, measured apart: ``first`` (``tests/specs/doc_mutations.py``: every change
kind, including the misses issue 10 names, and noise such as reflow, blank lines, reordered
rows, full-width punctuation, reworded prose) and ``updates`` (``tests/specs/doc_updates.py``,
written independently: vendor-style phrasings of defaults, units, lengths, required flags and
types, nested and moved rows, new sections, renumbered codes; noise such as CRLF, a BOM,
trailing spaces, tabs, zero-width spaces, full-width digits, synonyms, reordered columns or
JSON keys, minified examples). Recall is changes reported right / changes made (right: kind,
field and value, and the new value where the case pins one); an extra change is one no edit
made; a false alarm is a change reported on a noise edit (anything but the
``description-changed`` a reworded field description may give). Needs
``../shared/source-docs``; prints why and exits 0 when it is absent.

Run: ``.venv/bin/python bench/bench_doc_drift.py`` (part of ``make bench``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "specs")]

import doc_mutations  # noqa: E402
import doc_updates  # noqa: E402
from doc_mutations import DOCS, Case, reported  # noqa: E402

from codegen.sources.diff import diff  # noqa: E402
from codegen.sources.model import Facts  # noqa: E402
from codegen.sources.readers import read_document  # noqa: E402
from codegen.sources.snapshot import load  # noqa: E402

SOURCE_DOCS = REPO.parent / "shared" / "source-docs"
SETS = {
    "first": (doc_mutations.CHANGES, doc_mutations.NOISE),
    "updates": (doc_updates.CHANGES, doc_updates.NOISE),
}


def _score(case: Case, text: str, facts: Facts) -> tuple[int, int]:
    """(expected changes reported right, changes reported that the edit did not make)."""
    new = read_document(facts.layout, case.edit(text))
    changes = [c.as_json() for c in diff(facts, new)]
    right, extra = reported(case, changes)
    return len(right), len(extra)


def measure(name: str, changes: list[Case], noise: list[Case]) -> None:
    rows = []
    made = found = false_alarms = noise_alarms = 0
    started = time.perf_counter()
    for vendor, file_name in DOCS.items():
        text = (SOURCE_DOCS / file_name).read_text(encoding="utf-8")
        facts = load(REPO / "specs" / vendor / "facts.yaml").facts
        v_made = v_found = v_false = v_noise = 0
        for case in [c for c in changes if c.vendor == vendor]:
            right, extra = _score(case, text, facts)
            v_made, v_found, v_false = v_made + len(case.expected), v_found + right, v_false + extra
        for case in [c for c in noise if c.vendor == vendor]:
            v_noise += _score(case, text, facts)[1]
        rows.append((vendor, facts.layout, v_made, v_found, v_false, v_noise))
        made, found = made + v_made, found + v_found
        false_alarms, noise_alarms = false_alarms + v_false, noise_alarms + v_noise
    elapsed = time.perf_counter() - started
    print(f"-- mutation set {name!r}")
    print(
        f"{'vendor':<11} {'layout':<13} {'made':>5} {'reported':>9} {'extra':>6}"
        f" {'noise alarms':>13}"
    )
    for vendor, layout, v_made, v_found, v_false, v_noise in rows:
        print(f"{vendor:<11} {layout:<13} {v_made:>5} {v_found:>9} {v_false:>6} {v_noise:>13}")
    print(
        f"recall {found}/{made} = {found / made:.0%}; extra changes on real edits: {false_alarms}; "
        f"false alarms on {len(noise)} noise edits: {noise_alarms}; "
        f"{len(changes) + len(noise)} edited documents read and compared in {elapsed:.2f} s"
    )


def main() -> int:
    if not SOURCE_DOCS.is_dir():
        print(f"skipped: {SOURCE_DOCS} is absent (the vendor documents are not in the repository)")
        return 0
    for name, (changes, noise) in SETS.items():
        measure(name, changes, noise)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
