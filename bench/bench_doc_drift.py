"""Recall and false alarms of ``sources check`` on edited copies of the five vendor documents.

The edits are the mutation set of ``tests/specs/doc_mutations.py``: real changes (every
change kind, including the misses issue 10 names) and noise edits (reflow, blank lines,
reordered rows, full-width punctuation, reworded prose). Recall is changes reported / changes
made; a false alarm is a reported change that no edit made (on a noise edit, anything but the
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

from doc_mutations import CHANGES, DOCS, NOISE  # noqa: E402

from codegen.sources.diff import diff  # noqa: E402
from codegen.sources.readers import read_document  # noqa: E402
from codegen.sources.snapshot import load  # noqa: E402

SOURCE_DOCS = REPO.parent / "shared" / "source-docs"


def main() -> int:
    if not SOURCE_DOCS.is_dir():
        print(f"skipped: {SOURCE_DOCS} is absent (the vendor documents are not in the repository)")
        return 0
    rows = []
    made = found = false_alarms = noise_alarms = 0
    started = time.perf_counter()
    for vendor, name in DOCS.items():
        text = (SOURCE_DOCS / name).read_text(encoding="utf-8")
        snapshot = load(REPO / "specs" / vendor / "facts.yaml")
        v_made = v_found = v_false = v_noise = 0
        for case in [c for c in CHANGES if c.vendor == vendor]:
            new = read_document(snapshot.facts.layout, case.edit(text))
            got = {(c.kind, c.field, c.value) for c in diff(snapshot.facts, new)}
            expected = set(case.expected)
            v_made += len(expected)
            v_found += len(expected & got)
            v_false += len(got - expected)
        for case in [c for c in NOISE if c.vendor == vendor]:
            new = read_document(snapshot.facts.layout, case.edit(text))
            v_noise += sum(1 for c in diff(snapshot.facts, new) if c.kind not in case.tolerated)
        rows.append((vendor, snapshot.facts.layout, v_made, v_found, v_false, v_noise))
        made, found = made + v_made, found + v_found
        false_alarms, noise_alarms = false_alarms + v_false, noise_alarms + v_noise
    elapsed = time.perf_counter() - started
    print(
        f"{'vendor':<11} {'layout':<13} {'made':>5} {'reported':>9} {'extra':>6}"
        f" {'noise alarms':>13}"
    )
    for vendor, layout, v_made, v_found, v_false, v_noise in rows:
        print(f"{vendor:<11} {layout:<13} {v_made:>5} {v_found:>9} {v_false:>6} {v_noise:>13}")
    print(
        f"recall {found}/{made} = {found / made:.0%}; extra changes on real edits: {false_alarms}; "
        f"false alarms on {len(NOISE)} noise edits: {noise_alarms}; "
        f"{len(CHANGES) + len(NOISE)} edited documents read and compared in {elapsed:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
