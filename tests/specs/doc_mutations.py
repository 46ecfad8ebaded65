"""Edited copies of the five vendor documents: real changes and noise, and what each reports.

The edits are small functions applied to the documents in ``../shared/source-docs/`` (which the
repository never holds). Each :class:`Case` says which changes ``sources check`` must report,
as ``(kind, field, value)``; noise cases expect none. ``tests/specs/test_sources_drift.py``
asserts them and ``bench/bench_doc_drift.py`` measures recall and false alarms on them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Expected = tuple[str, str | None, str | None]
Edit = Callable[[str], str]

DOCS = {
    "pan123": "000_361415aed7360b66.txt",
    "myun": "001_d912f80e653100be.txt",
    "zego": "002_3dca95e45ccd82ba.txt",
    "cdnetworks": "003_6e44829ffecd5467.txt",
    "polyv": "004_45bae5ec84af383c.txt",
}


class EditError(AssertionError):
    """An edit's anchor text is not in the document (the document itself changed)."""


def replace(old: str, new: str, count: int = 1) -> Edit:
    def edit(text: str) -> str:
        if old not in text:
            raise EditError(f"anchor {old!r} is not in the document")
        return text.replace(old, new, count)

    return edit


def chain(*edits: Edit) -> Edit:
    def edit(text: str) -> str:
        for step in edits:
            text = step(text)
        return text

    return edit


def swap(first: str, second: str) -> Edit:
    """Swap two distinct passages (rows) of the document."""

    def edit(text: str) -> str:
        for anchor in (first, second):
            if text.count(anchor) != 1:
                raise EditError(f"anchor {anchor!r} must occur exactly once")
        return text.replace(first, "\0").replace(second, first).replace("\0", second)

    return edit


@dataclass(frozen=True)
class Case:
    vendor: str
    name: str
    edit: Edit
    expected: tuple[Expected, ...] = ()
    noise: bool = False
    # kinds a noise case may still report (prose reworded inside a field's description)
    tolerated: frozenset[str] = field(default_factory=frozenset)
    # the ``after`` value some expected changes must carry (a unit, default or constraint read
    # from a new phrasing is only right when its new value is)
    afters: tuple[tuple[Expected, Any], ...] = ()


def reported(case: Case, changes: list[dict[str, Any]]) -> tuple[set[Expected], set[Expected]]:
    """The expected changes reported right (kind, field, value and any expected ``after``), and
    the reported ones no edit made (on a noise case: all but its tolerated kinds)."""
    got: dict[Expected, Any] = {(c["kind"], c["field"], c["value"]): c["after"] for c in changes}
    wanted = dict(case.afters)
    right = {e for e in case.expected if e in got and (e not in wanted or got[e] == wanted[e])}
    extra = {g for g in got if g not in case.expected and g[0] not in case.tolerated}
    return right, extra


# --- noise, layout by layout -----------------------------------------------------------------

_FULL = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）"})
_HALF = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")"})


def to_full_width(text: str) -> str:
    return text.translate(_FULL)


def to_half_width(text: str) -> str:
    return text.translate(_HALF)


def blank_lines(text: str) -> str:
    """An empty line after every line (not inside Markdown pipe tables, which it would end)."""
    out = []
    for line in text.splitlines():
        out.append(line)
        if not line.lstrip().startswith("|"):
            out.append("")
    return "\n".join(out) + "\n"


def reindent_json(text: str) -> str:
    """JSON example lines re-indented (a reflowed example)."""
    return re.sub(r'(?m)^[ \t]*(".*":)', r"      \1", text)


def pad_cells(text: str) -> str:
    """Pipe-table cells padded differently (a re-aligned Markdown table)."""
    return re.sub(r"(?m)^(\|.*)$", lambda m: re.sub(r"\s*\|\s*", " |  ", m.group(1)), text)


NOISE: list[Case] = [
    Case("pan123", "re-aligned table cells", pad_cells, noise=True),
    Case("pan123", "blank lines", blank_lines, noise=True),
    Case("pan123", "full-width punctuation", to_full_width, noise=True),
    Case("pan123", "ASCII punctuation", to_half_width, noise=True),
    Case(
        "pan123",
        "reordered rows",
        swap("| create_at | string | 必填 | 创建时间 |", "| resolution | string | 必填 | 分辨率 |"),
        noise=True,
    ),
    Case("pan123", "reflowed example", reindent_json, noise=True),
    Case(
        "pan123",
        "reworded title",
        replace("# 查询某个视频的转码记录", "# 查询视频的转码记录"),
        noise=True,
    ),
    Case(
        "pan123",
        "reworded field description",
        replace("| 用户转码记录列表 |", "| 该用户的转码记录列表 |"),
        noise=True,
        tolerated=frozenset({"description-changed"}),
    ),
    Case("myun", "blank lines", blank_lines, noise=True),
    Case("myun", "full-width punctuation", to_full_width, noise=True),
    Case(
        "myun",
        "reordered rows",
        swap("results.created_at创建时间string", "results.updated_at修改时间string"),
        noise=True,
    ),
    Case("myun", "reordered value table", swap("0等待转码", "3转码失败"), noise=True),
    Case("myun", "reworded prose", replace("141浏览", "142浏览"), noise=True),
    Case("zego", "blank lines", blank_lines, noise=True),
    Case("zego", "full-width punctuation", to_full_width, noise=True),
    Case(
        "zego",
        "reflowed description cell",
        replace("录制任务开始的时间,为 Unix 时间戳,", "录制任务开始的时间,\n为 Unix 时间戳,"),
        noise=True,
    ),
    Case(
        "zego",
        "reordered rows",
        swap("RoomId |\nString |\n录制的目标房间。 |", "StreamType |\nInt |\n请参考 开始录制。 |"),
        noise=True,
    ),
    Case(
        "zego",
        "reworded prose",
        replace("咨询集成、功能及报价等问题", "咨询集成与报价问题"),
        noise=True,
    ),
    Case("cdnetworks", "blank lines", blank_lines, noise=True),
    Case(
        "cdnetworks",
        "reflowed description",
        replace("the length of the ID should be", "the length of\nthe ID should be"),
        noise=True,
    ),
    Case(
        "cdnetworks",
        "reordered rows",
        swap("videoName string Video name", "videoId string Video ID"),
        noise=True,
    ),
    Case("cdnetworks", "reordered values", swap("2 (LD)", "4 (HD)"), noise=True),
    Case(
        "cdnetworks",
        "reworded prose",
        replace("This interface allows us to query", "This API lets you query"),
        noise=True,
    ),
    Case("polyv", "blank lines", blank_lines, noise=True),
    Case("polyv", "full-width punctuation", to_full_width, noise=True),
    Case(
        "polyv",
        "reordered rows",
        swap("vid\nString\n视频ID", "url\nString\n视频源文件下载链接"),
        noise=True,
    ),
    Case(
        "polyv",
        "reflowed prose",
        replace("1、查询已提交的任务情况 2、", "1、查询已提交的任务情况\n2、"),
        noise=True,
    ),
    Case("polyv", "reflowed example", reindent_json, noise=True),
]

# --- real changes ----------------------------------------------------------------------------

CHANGES: list[Case] = [
    # 123pan: pipe tables
    Case(
        "pan123",
        "fileId number -> string",
        replace("| fileId | number |", "| fileId | string |"),
        (("type-changed", "fileId", None),),
    ),
    Case(
        "pan123",
        "link optional -> required",
        replace("| link | string | 选填 |", "| link | string | 必填 |"),
        (("required-changed", "link", None),),
    ),
    Case(
        "pan123",
        "status 2 now means failed",
        replace("2：正在转码中", "2：转码失败"),
        (("enum-meaning-changed", "status", "2"),),
    ),
    Case(
        "pan123",
        "new field duration",
        replace(
            "| link | string |", "| duration | number | 选填 | 时长,单位:ms |\n| link | string |"
        ),
        (("field-added", "duration", None),),
    ),
    Case(
        "pan123",
        "row removed, name still in the examples",
        replace("| resolution | string | 必填 | 分辨率 |\n", ""),
        (("field-removed", "resolution", None),),
    ),
    Case(
        "pan123",
        "request example changed",
        replace('"fileId": 2875008', '"fileId": 2875009'),
        (("example-changed", None, None),),
    ),
    Case(
        "pan123",
        "new fixed header value",
        replace("固定为:open_platform", "固定为:open_platform_v2"),
        (("constraint-changed", "Platform", None),),
    ),
    Case(
        "pan123",
        "status gains a value",
        replace("255：转码成功", "254：部分成功 255：转码成功"),
        (("enum-value-added", "status", "254"),),
    ),
    # MYun: columns run together
    Case(
        "myun",
        "limit default 15 -> 20",
        replace("每页个数,默认 15int", "每页个数,默认 20int"),
        (("default-changed", "limit", None),),
    ),
    Case(
        "myun",
        "status value 5 (a number other enums use)",
        replace("4已删除\n", "4已删除\n5已暂停\n"),
        (("enum-value-added", "status", "5"),),
    ),
    Case(
        "myun",
        "status value removed",
        replace("4已删除\n", ""),
        (("enum-value-removed", "status", "4"),),
    ),
    Case(
        "myun",
        "progress range widened",
        replace(
            "results.progress转码进度(0.0-1.0)float", "results.progress转码进度(0.0-100.0)float"
        ),
        (("constraint-changed", "progress", None),),
    ),
    Case(
        "myun",
        "new field source",
        replace(
            "results.format转码文件格式string\n",
            "results.format转码文件格式string\nresults.source转码来源string\n",
        ),
        (("field-added", "source", None),),
    ),
    Case(
        "myun",
        "count int -> string",
        replace("count转码任务总个数int", "count转码任务总个数string"),
        (("type-changed", "count", None),),
    ),
    Case(
        "myun",
        "new endpoint",
        lambda text: (
            text.rstrip("\n")
            + "\n\n暂停转码任务\n\nPOST /transcoding/api/pause-transcode\n\nJSON 参数\n\n"
            "参数描述取值\nid转码任务 IDstring\n"
        ),
        (("endpoint-added", None, None),),
    ),
    Case(
        "myun",
        "batch delete removed",
        lambda text: text[: text.index("批量删除转码任务")],
        (("endpoint-removed", None, None),),
    ),
    # ZEGO: one cell per line with |
    Case(
        "zego",
        "TaskId Int -> String",
        replace("TaskId |\nInt |", "TaskId |\nString |"),
        (("type-changed", "TaskId", None),),
    ),
    Case(
        "zego",
        "TaskId no longer required",
        replace("TaskId |\nInt |\n是 |", "TaskId |\nInt |\n否 |"),
        (("required-changed", "TaskId", None),),
    ),
    Case(
        "zego",
        "Duration ms -> s",
        replace("文件时长,单位:ms。", "文件时长,单位:s。"),
        (("unit-changed", "Duration", None),),
    ),
    Case(
        "zego",
        "TaskId length 16 -> 32",
        replace("长度固定为 16 个字节", "长度固定为 32 个字节"),
        (("constraint-changed", "TaskId", None),),
    ),
    Case(
        "zego",
        "new field response",
        replace("文件状态。\n|\n", "文件状态。\n|\nresponse |\nString |\n原始响应。 |\n"),
        (("field-added", "response", None),),
    ),
    Case(
        "zego",
        "RecordMode row removed, still in the example",
        replace("RecordMode |\nInt |\n请参考 开始录制。 |\n", ""),
        (("field-removed", "RecordMode", None),),
    ),
    Case(
        "zego",
        "response example changed",
        replace('"Duration": 33874', '"Duration": 33.874'),
        (("example-changed", None, None),),
    ),
    # CDNetworks: space-separated English rows
    Case(
        "cdnetworks",
        "status 1 and 3 swapped",
        chain(
            replace("1 (processing)", "1 (@)"),
            replace("3 (failed)", "3 (processing)"),
            replace("1 (@)", "1 (failed)"),
        ),
        (("enum-meaning-changed", "status", "1"), ("enum-meaning-changed", "status", "3")),
    ),
    Case(
        "cdnetworks",
        "fileSize bits -> KB",
        replace("File size in bits", "File size in KB"),
        (("unit-changed", "fileSize", None),),
    ),
    Case(
        "cdnetworks",
        "transNo at most 32 -> 64",
        replace("less than or equal to 32", "less than or equal to 64"),
        (("constraint-changed", "transNo", None),),
    ),
    Case(
        "cdnetworks",
        "new error code",
        replace(
            "1603 TRANSNO does not exist", "1603 TRANSNO does not exist\n1604 TRANSNO has expired"
        ),
        (("error-code-added", None, "1604"),),
    ),
    Case(
        "cdnetworks",
        "error code removed",
        replace("\n1603 TRANSNO does not exist", ""),
        (("error-code-removed", None, "1603"),),
    ),
    Case(
        "cdnetworks",
        "error code meaning changed",
        replace("1602 TRANSNO is illegal", "1602 TRANSNO is malformed"),
        (("description-changed", None, "1602"),),
    ),
    Case(
        "cdnetworks",
        "clarity value 6 (a number other enums use)",
        replace("5 (UHD)\n", "5 (UHD)\n6 (HDR)\n"),
        (("enum-value-added", "clarity", "6"),),
    ),
    Case(
        "cdnetworks",
        "transNo optional",
        replace("transNo string Yes", "transNo string No"),
        (("required-changed", "transNo", None),),
    ),
    Case(
        "cdnetworks",
        "field description reworded",
        replace(
            "videoDuration string Video duration", "videoDuration string Duration of the video"
        ),
        (("description-changed", "videoDuration", None),),
    ),
    # Polyv: one cell per line without separators
    Case(
        "polyv",
        "new field duration",
        replace(
            "处理成功时间,毫秒级时间戳\n", "处理成功时间,毫秒级时间戳\nduration\nlong\n视频时长\n"
        ),
        (("field-added", "duration", None),),
    ),
    Case(
        "polyv",
        "status gains EXPIRED",
        replace("FAIL-失败)", "FAIL-失败, EXPIRED-已过期)"),
        (("enum-value-added", "status", "EXPIRED"),),
    ),
    Case(
        "polyv",
        "createTime ms -> s",
        replace("创建时间,毫秒级时间戳", "创建时间,秒级时间戳"),
        (("unit-changed", "createTime", None),),
    ),
    Case(
        "polyv",
        "vid String -> Integer",
        replace("vid\nString", "vid\nInteger"),
        (("type-changed", "vid", None),),
    ),
    Case(
        "polyv",
        "url field removed",
        replace("url\nString\n视频源文件下载链接\n", ""),
        (("field-removed", "url", None),),
    ),
    Case(
        "polyv",
        "response example changed",
        replace('"status": "PROCESS"', '"status": "INIT"'),
        (("example-changed", None, None),),
    ),
]

CASES = CHANGES + NOISE
