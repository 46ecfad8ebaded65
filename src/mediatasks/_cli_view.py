"""What the ``mediatasks`` CLI shows, on a terminal and in a pipe.

On a terminal (stdout is a TTY) tasks are a rich table; ``watch`` keeps it live with a footer
of elapsed time and the next poll. Anywhere else (a pipe, a file, CI logs) output is plain
text that never wraps or cuts: an aligned table as wide as its longest cell, and for
``watch`` one line per task change and per sweep. Vendor text (ids, messages, URLs) is always
passed as :class:`rich.text.Text`, never parsed as markup, so ``[request id ...]`` or ``[/x]``
in an answer prints as it is.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from typing import Final, TextIO

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.table import Table
from rich.text import Text
from stamina.instrumentation import RetryDetails

from mediatasks.errors import APIError
from mediatasks.model import jsonable_raw_status
from mediatasks.tasks import Task, TaskStatus

__all__ = [
    "COLUMNS",
    "JsonWatch",
    "LiveWatch",
    "LogWatch",
    "RetryLines",
    "Watch",
    "cells",
    "plain_table",
    "rich_table",
]

COLUMNS: Final = ("vendor", "id", "status", "raw", "progress", "outputs / error")
_STYLE: Final = {
    TaskStatus.SUCCEEDED: "green",
    TaskStatus.FAILED: "red",
    TaskStatus.DELETED: "magenta",
    TaskStatus.RUNNING: "cyan",
    TaskStatus.PAUSED: "yellow",
    TaskStatus.UNKNOWN: "yellow",
}
#: How often the live footer's clock ticks while ``watch`` waits for the next poll.
_TICK: Final = 0.2


def cells(task: Task) -> tuple[str, ...]:
    """One task as the table's cells (every output URL, in full)."""
    progress = "" if task.progress is None else f"{task.progress:.1%}"
    detail = task.error or " ".join(o.url for o in task.outputs)
    raw = json.dumps(jsonable_raw_status(task.raw_status), ensure_ascii=False)
    return (task.vendor, task.id, task.status.value, raw, progress, detail)


def rich_table(tasks: Sequence[Task]) -> Table:
    """The terminal table: long ids and URLs fold onto more lines instead of being cut."""
    table = Table(show_header=True, header_style="bold")
    for column in COLUMNS:
        fold = column in ("id", "outputs / error")
        table.add_column(column, overflow="fold" if fold else "ellipsis")
    for task in tasks:
        row = [Text(cell) for cell in cells(task)]
        row[2].stylize(_STYLE.get(task.status, ""))
        table.add_row(*row)
    return table


def plain_table(tasks: Sequence[Task]) -> str:
    """The pipe table: columns as wide as their longest cell, no width limit, no colour."""
    rows = [COLUMNS, *(cells(t) for t in tasks)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def _finished(tasks: Sequence[Task]) -> str:
    done = sum(t.is_terminal for t in tasks)
    return f"{done} of {len(tasks)} finished"


class Watch:
    """How ``watch`` shows progress. ``update`` gets each sweep's tasks, ``sleep`` waits for
    the next one (the poller's sleep, so the view knows when it comes), ``close`` says how it
    ended: ``None`` (every task terminal), ``"interrupted"``, ``"deadline passed"``, ...
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.started = clock()
        self.latest: list[Task] = []

    @property
    def elapsed(self) -> float:
        return self.clock() - self.started

    def update(self, tasks: Sequence[Task]) -> None:
        self.latest = list(tasks)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def close(self, stopped: str | None) -> None:
        """Show the final state (and why it stopped early)."""


class JsonWatch(Watch):
    """One JSON array per sweep, one line each; nothing else on stdout."""

    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out

    def update(self, tasks: Sequence[Task]) -> None:
        super().update(tasks)
        self.out.write(json.dumps([t.to_dict() for t in tasks], ensure_ascii=False) + "\n")
        self.out.flush()


class LogWatch(Watch):
    """Plain lines for pipes and logs: a line per task whose state changed, a line per sweep,
    and the final table when it ends."""

    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out
        self.shown: dict[str, tuple[str, ...]] = {}

    def _line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def update(self, tasks: Sequence[Task]) -> None:
        super().update(tasks)
        for task in tasks:
            row = cells(task)
            if self.shown.get(task.id) != row:
                self.shown[task.id] = row
                self._line(f"[{self.elapsed:6.1f} s] " + "  ".join(c for c in row if c))

    def sleep(self, seconds: float) -> None:
        self._line(
            f"[{self.elapsed:6.1f} s] {_finished(self.latest)}; next poll in {seconds:.1f} s"
        )
        time.sleep(seconds)

    def close(self, stopped: str | None) -> None:
        outcome = stopped or "done"
        self._line(f"[{self.elapsed:6.1f} s] {outcome}: {_finished(self.latest)}")
        if self.latest:
            self._line(plain_table(self.latest))


class LiveWatch(Watch):
    """A rich table kept live on the terminal, with a footer whose clock ticks between polls."""

    def __init__(self, console: Console) -> None:
        super().__init__()
        self.next_poll: float | None = None
        self.live = Live(self._render(None), console=console, auto_refresh=False)
        self.live.start(refresh=True)

    def _footer(self, stopped: str | None) -> Text:
        text = f"elapsed {self.elapsed:.1f} s · {_finished(self.latest)}"
        if stopped is not None:
            text += f" · {stopped}"
        elif self.next_poll is not None:
            text += f" · next poll in {max(0.0, self.next_poll - self.clock()):.1f} s"
        else:
            text += " · polling"
        return Text(text, style="dim")

    def _render(self, stopped: str | None) -> RenderableType:
        return Group(rich_table(self.latest), self._footer(stopped))

    def update(self, tasks: Sequence[Task]) -> None:
        super().update(tasks)
        self.next_poll = None
        self.live.update(self._render(None), refresh=True)

    def sleep(self, seconds: float) -> None:
        self.next_poll = self.clock() + seconds
        while (left := self.next_poll - self.clock()) > 0:
            time.sleep(min(_TICK, left))
            self.live.update(self._render(None), refresh=True)
        self.next_poll = None

    def close(self, stopped: str | None) -> None:
        self.live.update(self._render(stopped or "done"), refresh=True)
        self.live.stop()


def _cause(exc: BaseException) -> str:
    text = str(exc) if isinstance(exc, APIError) else f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())


class RetryLines:
    """A stamina ``RetryHook``: one readable line per scheduled retry, on stderr.

    Stamina counts ``retry_num`` from 1 after the first failure, so retry *n* is attempt
    *n + 1* of the policy's ``attempts``.
    """

    def __init__(self, attempts: int, err: TextIO | None = None) -> None:
        self.attempts = attempts
        self.err = err

    def __call__(self, details: RetryDetails) -> None:
        out = self.err or sys.stderr
        out.write(
            f"retry: attempt {details.retry_num + 1} of {self.attempts} in "
            f"{details.wait_for:.1f} s after {_cause(details.caused_by)}\n"
        )
        out.flush()
