"""Every Python example in docs/runtime.md runs as written, against the in-process sandbox.

A block without imports continues the block before it (the page splits one example across
the errors and retries sections). Each group runs in a fresh namespace; its printed output
must contain the facts the page states beside the ``print`` calls.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "runtime.md"
EXPECTED = [
    ["SUCCEEDED 3 1.0", "mp4", "RecordTask ENDED xxxx 432643544"],
    ["'PENDING', 0.0)]", "'SUCCEEDED', 1.0)]", "SUCCEEDED https://sandbox.invalid/myun/"],
    ["RUNNING ('SUCCESS', 'PROCESS') 0.5", "('sandboxlifecycle0000000000000001', 'PENDING')"],
    [
        "NotFoundError 300001000 TASK_NOT_FOUND not-found",
        "does not exist",
        "SUCCEEDED 4",
        "HTTPStatusError 503 2",
    ],
    ["RateLimiter('zego', [10/1s ['describeRecordStatus']])", "[0.0, 0.0", "\n1.05\n"],
    ["RecordTask ENDED", "NotFoundError 300001000 300001000"],
]


def _groups() -> list[str]:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S)
    groups: list[str] = []
    for block in blocks:
        if groups and "import " not in block:
            groups[-1] += "\n" + block
        else:
            groups.append(block)
    return groups


def test_the_page_has_the_examples_this_test_expects() -> None:
    assert len(_groups()) == len(EXPECTED)


@pytest.mark.parametrize("index", range(len(EXPECTED)))
def test_example_runs_and_prints_what_the_page_says(index: int) -> None:
    source = _groups()[index]
    out = io.StringIO()
    code = compile(source, f"{PAGE.name}#example-{index + 1}", "exec")
    with contextlib.redirect_stdout(out):
        exec(code, {"__name__": "doc"})  # noqa: S102 - the examples of our own page
    printed = out.getvalue()
    for fragment in EXPECTED[index]:
        assert fragment in printed, (fragment, printed)
