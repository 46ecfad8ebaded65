"""The vendor contract rendered into descriptions: a pure function of the spec."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from codegen.publish.contract_render import render_contract, section_anchor
from codegen.publish.contract_sections import (
    SECTIONS,
    contract_markdown,
    departures,
    departures_section,
    rate_limits_section,
)
from codegen.publish.contract_signing import vector_markdown
from codegen.publish.markdown import Markdown, cell, code, fenced, source_link, table
from mediatasks.specs import VENDORS, load_spec


def _spec(vendor: str) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(json.dumps(load_spec(vendor)))
    return spec


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_input_is_not_changed_and_the_output_is_stable(vendor: str) -> None:
    spec = _spec(vendor)
    before = copy.deepcopy(spec)
    first = render_contract(spec)
    assert spec == before
    assert render_contract(spec) == first


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_fact_reaches_the_api_description(vendor: str) -> None:
    spec = _spec(vendor)
    text = render_contract(spec)["info"]["description"]
    assert text.startswith(spec["info"]["description"][:60])  # the spec's own text comes first
    for entry in spec["x-envelope"]["error-codes"]:
        assert f"| {entry['code']}" in text
        assert entry["name"] in text
        assert ("documented" if entry["documented"] else "chosen by mediatasks") in text
    for key in ("code", "message", "data"):
        if spec["x-envelope"][key]:
            assert f"`{spec['x-envelope'][key]}`" in text
    for where, entry in departures(spec):
        assert where in text
        assert " ".join(entry["reason"].split()).replace("|", "\\|") in text
    for heading in SECTIONS.values():
        assert f"## {heading}" in text


def test_zego_signing_steps_and_every_vector_with_its_intermediate_string() -> None:
    spec = _spec("zego")
    text = contract_markdown(spec)
    signing = spec["components"]["securitySchemes"]["ZegoSignature"]["x-signing"]
    for index, step in enumerate(signing["steps"], 1):
        assert f"{index}. {' '.join(step.split())}" in text
    for vector in signing["test-vectors"]:
        assert f"```text\n{vector['string-to-sign']}\n```" in text
        assert f"```text\n{vector['expected']}\n```" in text
        assert f"| ServerSecret | `{vector['inputs']['ServerSecret']}` |" in text
    assert "±600 s" in text


def test_multi_line_intermediates_keep_their_line_feeds() -> None:
    spec = _spec("cdnetworks")
    vector = spec["components"]["securitySchemes"]["Ws3HmacSha256"]["x-signing"]["test-vectors"][0]
    text = vector_markdown(vector)
    assert f"canonical-request:\n\n```text\n{vector['canonical-request']}\n```" in text
    assert "| query | (empty) |" in text


def test_related_schemes_are_rendered_and_marked() -> None:
    text = contract_markdown(_spec("polyv"))
    assert "### polyv-sha1-v2 (related scheme, not used by this API)" in text
    assert "3CA490D29AB54D97FD61B94443D4AD5D819511D0" in text


def test_operations_list_their_own_codes_before_the_vendor_wide_ones() -> None:
    document = render_contract(_spec("zego"))
    description = document["paths"]["/"]["post"]["description"]
    own = description.index("| 300001000 | TASK_NOT_FOUND")
    general = description.index("| 300000004 | INVALID_PARAMETER")
    assert own < general
    assert section_anchor("error-codes") in description


def test_departures_show_on_their_own_node_but_not_inside_extensions() -> None:
    document = render_contract(_spec("zego"))
    task_id = document["components"]["schemas"]["DescribeRecordStatusRequest"]["properties"]
    assert (
        "Departs from the vendor's document (type): A string of exactly 16"
        in task_id["TaskId"]["description"]
    )
    assert "description" not in document["x-rate-limits"][0]


def test_mentions_of_extensions_link_to_their_section() -> None:
    document = render_contract(_spec("zego"))
    code_field = document["components"]["schemas"]["DescribeRecordStatusResponse"]["properties"][
        "Code"
    ]
    assert (
        f"`x-envelope.error-codes` ([Error codes]({section_anchor('error-codes')}))"
        in (code_field["description"])
    )
    scheme = document["components"]["securitySchemes"]["ZegoSignature"]["description"]
    assert f"zego-md5-v2 in [Signing]({section_anchor('signing')})" in scheme


def test_no_rate_limit_says_so_with_the_spec_note() -> None:
    spec = _spec("myun")
    assert rate_limits_section(spec) == " ".join(spec["x-rate-limits-note"].split())
    assert rate_limits_section({"x-rate-limits": []}) == "The vendor publishes no rate limit."


def test_section_anchors_follow_redoc_headings() -> None:
    assert section_anchor("error-codes") == "#section/vendor-contract/error-codes"
    assert section_anchor("departures") == "#section/vendor-contract/departures-from-the-document"


# -- Markdown helpers ----------------------------------------------------------------------------


def test_cells_are_one_line_with_pipes_escaped() -> None:
    assert cell("a | b\nc") == "a \\| b c"
    assert cell("") == "–"
    assert cell(None) == "–"


def test_markdown_cells_keep_their_markup() -> None:
    text = table(("A", "B"), [(Markdown("[x](#y)"), "p|q")])
    assert text.splitlines()[2] == "| [x](#y) | p\\|q |"


def test_a_row_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="row has 1 cells, the table 2"):
        table(("A", "B"), [("only",)])


def test_fences_and_code_spans_survive_backticks() -> None:
    assert fenced("a ``` b") == "````text\na ``` b\n````"
    assert code("a`b") == "``a`b``"


def test_sources_are_short_links_or_plain_text() -> None:
    assert source_link("https://example.com/a/b") == "[example.com](https://example.com/a/b)"
    assert source_link("VENDORS.md: 3. ZEGO") == "VENDORS.md: 3. ZEGO"
    assert source_link(None) == ""


def test_departures_say_which_facts_of_the_document_they_override() -> None:
    spec = _spec("cdnetworks")
    section = departures_section(spec)
    assert "| Where | Overrides | The document says |" in section
    assert "| unit |" in section
    assert "| enum |" in section
    rendered = json.dumps(render_contract(spec), ensure_ascii=False)
    assert "Departs from the vendor's document (unit): File size in bytes." in rendered
    assert "Departs from the vendor's document (enum): Also allows -1." in rendered


def test_an_extension_mapping_on_a_path_is_not_an_operation() -> None:
    spec = _spec("zego")
    spec["paths"]["/"]["x-internal"] = {
        "operationId": "notAnOperation",
        "x-error-codes": [{"code": 1, "name": "NOT_A_CODE", "kind": "client"}],
    }
    text = render_contract(spec)["info"]["description"]
    assert "notAnOperation" not in text
    assert "NOT_A_CODE" not in text
    assert "description" not in render_contract(spec)["paths"]["/"]["x-internal"]
