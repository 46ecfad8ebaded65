"""JSON Pointers map to the line and column of the YAML node they name."""

from __future__ import annotations

from codegen.spec_checks.yaml_source import yaml_pitfalls
from mediatasks.spec_io import ParsedYaml, YamlSyntaxError, parse

TEXT = """\
paths:
  /a/b:
    get:
      tags: [x, y]
list:
  - first
  - key: value
"""


def _parsed(text: str) -> ParsedYaml:
    parsed = parse(text)
    assert isinstance(parsed, ParsedYaml)
    return parsed


def test_pointers_locate_keys_and_items() -> None:
    source = _parsed(TEXT).source
    assert source.locate("") == (1, 1)
    assert source.locate("/paths/~1a~1b/get") == (3, 5)
    assert source.locate("/paths/~1a~1b/get/tags/1") == (4, 17)
    assert source.locate("/list/1/key") == (7, 5)


def test_a_missing_step_stops_at_the_deepest_existing_node() -> None:
    source = _parsed(TEXT).source
    assert source.locate("/paths/~1a~1b/post/summary") == (2, 3)
    assert source.locate("/list/9") == (5, 1)


def test_syntax_error_has_line_and_column() -> None:
    result = parse("a: 1\nb: [1, 2\nc: 3\n")
    assert isinstance(result, YamlSyntaxError)
    assert result.line == 3
    assert "started at line 2" in result.message


def test_pitfalls() -> None:
    root = _parsed("200: x\nd: 2025-01-01\nk: 1\nk: 2\n'300': ok\n").source.root
    found = dict(yaml_pitfalls(root))
    assert set(found) == {"/200", "/d", "/k"}
    assert "read as int" in found["/200"]
    assert "date" in found["/d"]
    assert "duplicate key 'k'" in found["/k"]
