"""Specs that try to hurt the tools: an alias bomb, too many aliases, a ``$ref`` cycle, a byte
that is not UTF-8. Each is a located problem in milliseconds, never a hang, a RecursionError
at 1:1 or a whole file printed on one line.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from spec_test_paths import GOOD

from codegen.spec_checks import check_spec
from mediatasks import spec_io

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def _spec_with(tmp_path: Path, text: str, name: str = "openapi.yaml") -> Path:
    path = tmp_path / "fixture" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_an_alias_bomb_is_refused_at_once_with_its_line(tmp_path: Path) -> None:
    """9 levels x 9 aliases: only 81 aliases, but 387 million nodes to whatever walks them."""
    text = (
        GOOD.read_text(encoding="utf-8")
        + "x-bomb:\n"
        + "".join("  " + line + "\n" for line in BOMB.splitlines())
    )
    started = time.monotonic()
    problems = check_spec(_spec_with(tmp_path, text))
    assert time.monotonic() - started < 5
    assert [(p.rule, p.file.endswith("openapi.yaml")) for p in problems] == [("yaml-syntax", True)]
    bomb_line = text.splitlines().index("x-bomb:") + 1
    assert problems[0].line == bomb_line + 2  # the first alias
    assert "expand" in problems[0].message
    with pytest.raises(spec_io.SpecSyntaxError, match=r"<spec>:\d+:\d+: YAML aliases expand"):
        spec_io.load(BOMB)


def test_more_than_100_aliases_are_refused_at_the_101st() -> None:
    text = "base: &b {k: v}\n" + "".join(f"k{i}: *b\n" for i in range(101))
    refused = spec_io.parse(text)
    assert isinstance(refused, spec_io.YamlSyntaxError)
    assert (refused.line, refused.column) == (102, 7)
    assert "more than 100 YAML aliases" in refused.message
    allowed = "base: &b {k: v}\n" + "".join(f"k{i}: *b\n" for i in range(100))
    assert isinstance(spec_io.parse(allowed), spec_io.ParsedYaml)


def test_a_ref_cycle_names_the_pointers_that_form_it(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8").replace(
        "components:\n  schemas:\n",
        "components:\n  schemas:\n"
        "    Loop1:\n      $ref: '#/components/schemas/Loop2'\n"
        "    Loop2:\n      $ref: '#/components/schemas/Loop1'\n",
    )
    text = text.replace(
        "$ref: '#/components/schemas/TaskStatus'", "$ref: '#/components/schemas/Loop1'"
    )
    problems = check_spec(_spec_with(tmp_path, text))
    assert not [p for p in problems if "RecursionError" in p.message], problems
    cycles = [p for p in problems if "cycle" in p.message]
    assert len(cycles) == 1
    assert cycles[0].line > 1
    assert (
        "/components/schemas/Loop1 -> /components/schemas/Loop2 -> /components/schemas/Loop1"
        in cycles[0].message
    )


def test_a_recursive_schema_is_not_a_cycle() -> None:
    tree = {"T": {"type": "object", "properties": {"child": {"$ref": "#/T"}}}}
    assert list(spec_io.ref_problems(tree)) == []


def test_a_byte_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    raw = GOOD.read_bytes().replace(b"The task id.", b"The task \xff id.")
    path = tmp_path / "fixture" / "openapi.yaml"
    path.parent.mkdir()
    path.write_bytes(raw)
    (problem,) = check_spec(path)
    line = raw[: raw.index(b"\xff")].count(b"\n") + 1
    assert (problem.rule, problem.line) == ("encoding", line)
    assert problem.column == raw[: raw.index(b"\xff")].split(b"\n")[-1].__len__() + 1
    assert "0xff" in problem.message
    assert len(problem.format()) < 300  # never the whole file


@pytest.mark.parametrize("levels", [201, 50_000])
def test_nesting_too_deep_is_refused_before_anything_recurses(levels: int) -> None:
    """libyaml's composer recurses in C: 50,000 levels crashed the interpreter outright."""
    refused = spec_io.parse("a: " + "[" * levels + "]" * levels + "\n")
    assert isinstance(refused, spec_io.YamlSyntaxError)
    # the mapping is the first level, so the 200th bracket is one too many
    assert (refused.line, refused.column) == (1, 3 + spec_io.MAX_DEPTH)
    assert "nested more than 200 levels" in refused.message


def test_deep_block_nesting_is_refused_too() -> None:
    text = "a:\n" + "".join("  " * level + "k:\n" for level in range(1, 300))
    refused = spec_io.parse(text)
    assert isinstance(refused, spec_io.YamlSyntaxError)
    assert refused.line == spec_io.MAX_DEPTH + 1
    fine = "a:\n" + "".join("  " * level + "k:\n" for level in range(1, 150))
    assert isinstance(spec_io.parse(fine), spec_io.ParsedYaml)
