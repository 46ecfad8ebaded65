"""Problems as data: what is wrong, which rule says so, and where (file, line, JSON Pointer).

Following openapi-python-client's parser errors, checks never raise on a defect: they add a
:class:`Problem` to a :class:`Report`, which turns JSON Pointers into line and column through
the YAML node tree so every message can be clicked in an editor.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from mediatasks.spec_io import SourceMap


class Level(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One defect found in one spec file."""

    file: str
    line: int
    column: int
    rule: str
    message: str
    pointer: str = ""
    level: Level = Level.ERROR

    def format(self) -> str:
        """``file:line:col: [rule] message (at /json/pointer)``; warnings say so."""
        prefix = "warning: " if self.level is Level.WARNING else ""
        where = self.pointer or "/"
        place = f"{self.file}:{self.line}:{self.column}"
        return f"{place}: [{self.rule}] {prefix}{self.message} (at {where})"


@dataclass(slots=True)
class Report:
    """Collects the problems of one file and locates each pointer in its YAML source."""

    file: str
    source: SourceMap = field(default_factory=SourceMap.empty)
    problems: list[Problem] = field(default_factory=list)

    def add(self, rule: str, pointer: str, message: str, level: Level = Level.ERROR) -> None:
        line, column = self.source.locate(pointer)
        self.problems.append(Problem(self.file, line, column, rule, message, pointer, level))

    def error(self, rule: str, pointer: str, message: str) -> None:
        self.add(rule, pointer, message, Level.ERROR)

    def warning(self, rule: str, pointer: str, message: str) -> None:
        self.add(rule, pointer, message, Level.WARNING)

    def at(self, rule: str, line: int, column: int, message: str) -> None:
        """A problem known only by position (YAML syntax errors have no pointer yet)."""
        self.problems.append(Problem(self.file, line, column, rule, message, "", Level.ERROR))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level is Level.ERROR]
