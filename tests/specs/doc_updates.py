"""A second mutation set: edits a vendor makes when it updates its document (drift-2).

Written independently of ``doc_mutations.py`` (whose edits it does not repeat) to probe the
readers with phrasings and layouts the first set never used: nested fields added under an
existing object, renamed fields, rows moved to another table, new endpoint sections, enum
values inserted mid-list or changed by one character, defaults, units, lengths and required
flags written the other ways vendors write them, type synonyms versus real type changes,
renumbered error codes; and noise of new kinds (trailing spaces, tabs, CRLF, a byte-order
mark, zero-width spaces, full-width digits, synonyms of the same fact, re-ordered columns or
JSON keys, a minified example).

What counts as noise, and why:

- Invisible or encoding-only edits (trailing spaces, tabs for spaces, CRLF, a BOM, zero-width
  and no-break spaces, full-width digits and letters) change no byte a reader of the page can
  see: the same facts.
- Synonyms of the same fact (``Int``/``Integer``/``int32``, ``是``/``Y``/``必填``,
  ``单位:ms``/``单位为毫秒``, ``默认 1``/``缺省为 1``, ``at most 32``/``no more than 32``) are
  rewording, not a change. A *different* type family or width (``number`` -> ``Integer``,
  ``Int`` -> ``Long``, ``long`` -> ``Integer``) is a real type change.
- The order of keys in a JSON example, and an example minified onto one line, carry no
  meaning (a JSON object is unordered); a changed key or value does.
"""

from __future__ import annotations

import re

from doc_mutations import Case, Edit, EditError, chain, replace

# --- noise helpers --------------------------------------------------------------------------


def trailing_spaces(text: str) -> str:
    return "\n".join(f"{line}  \t" if line else line for line in text.split("\n"))


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def bom(text: str) -> str:
    return "\ufeff" + text


def full_width_digits(text: str) -> str:
    """Digits written full-width outside the JSON examples (an editor's input method)."""
    out = []
    for line in text.split("\n"):
        if '"' in line or "{" in line or "}" in line:
            out.append(line)
        else:
            out.append(line.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}))
    return "\n".join(out)


def regex(pattern: str, new: str) -> Edit:
    compiled = re.compile(pattern)

    def edit(text: str) -> str:
        result, count = compiled.subn(new, text)
        if not count:
            raise EditError(f"pattern {pattern!r} is not in the document")
        return result

    return edit


def one_line_json(block: str) -> Edit:
    """A JSON example rewritten on one line (minified), keys and values unchanged."""

    def edit(text: str) -> str:
        if block not in text:
            raise EditError(f"example {block!r} is not in the document")
        return text.replace(block, " ".join(block.split()))

    return edit


# --- real changes ---------------------------------------------------------------------------

PAN = "pan123"
MYUN = "myun"
ZEGO = "zego"
CDN = "cdnetworks"
POLYV = "polyv"

CHANGES: list[Case] = [
    # 123pan: Markdown pipe tables
    Case(
        PAN,
        "field renamed create_at -> created_at",
        replace("| create_at | string |", "| created_at | string |"),
        (("field-removed", "create_at", None), ("field-added", "created_at", None)),
    ),
    Case(
        PAN,
        "link required, written 是",
        replace("| link | string | 选填 |", "| link | string | 是 |"),
        (("required-changed", "link", None),),
        afters=((("required-changed", "link", None), True),),
    ),
    Case(
        PAN,
        "new header parameter with a hyphenated name",
        replace(
            "| Platform | string |",
            "| X-Request-Id | string | 否 | 请求 ID，不超过 64 个字符 |\n| Platform | string |",
        ),
        (("field-added", "X-Request-Id", None),),
    ),
    Case(
        PAN,
        "fileId number -> Integer",
        replace("| fileId | number |", "| fileId | Integer |"),
        (("type-changed", "fileId", None),),
        afters=((("type-changed", "fileId", None), "Integer"),),
    ),
    Case(
        PAN,
        "resolution optional with 默认值为 720P",
        replace(
            "| resolution | string | 必填 | 分辨率 |",
            "| resolution | string | 选填 | 分辨率，默认值为 720P |",
        ),
        (("required-changed", "resolution", None), ("default-changed", "resolution", None)),
        afters=((("default-changed", "resolution", None), "720P"),),
    ),
    Case(
        PAN,
        "Platform moved from the header to the body",
        chain(
            replace("| Platform | string | 必填 | 固定为:open_platform |\n", ""),
            replace(
                "| fileId | number | 必填 | 文件Id |",
                "| fileId | number | 必填 | 文件Id |\n"
                "| Platform | string | 必填 | 固定为:open_platform |",
            ),
        ),
        (("field-removed", "Platform", None), ("field-added", "Platform", None)),
    ),
    Case(
        PAN,
        "new endpoint section",
        lambda text: (
            text.rstrip("\n")
            + "\n\n# 删除转码记录\n\nAPI： POST 域名 + /api/v1/transcode/video/record/delete\n\n"
            "## Body 参数\n| **名称** | **类型** | **是否必填** | **说明** |\n"
            "| :---: | :---: | :---: | :---: |\n| fileId | number | 必填 | 文件Id |\n"
        ),
        (("endpoint-added", None, None),),
    ),
    Case(
        PAN,
        "status range 3-254 narrowed to 3-250",
        replace("3-254：转码失败", "3-250：转码失败"),
        (("enum-value-removed", "status", "3-254"), ("enum-value-added", "status", "3-250")),
    ),
    Case(
        PAN,
        "second response example changed",
        replace('"x-traceID": ""', '"x-traceID": "b1d2"'),
        (("example-changed", None, None),),
    ),
    Case(
        PAN,
        "resolution description with an escaped pipe",
        replace("| 分辨率 |", "| 分辨率: 720P\\|1080P |"),
        (("description-changed", "resolution", None),),
        afters=((("description-changed", "resolution", None), "分辨率: 720P|1080P"),),
    ),
    Case(
        PAN,
        "duration added with its unit in parentheses",
        replace(
            "| link | string |",
            "| duration | number | 选填 | 转码时长（秒） |\n| link | string |",
        ),
        (("field-added", "duration", None),),
    ),
    # MYun: columns run together
    Case(
        MYUN,
        "nested field transcoding.duration",
        replace(
            "transcoding.progress转码进度(0.0-1.0)float\n",
            "transcoding.progress转码进度(0.0-1.0)float\ntranscoding.duration转码时长,单位:秒float\n",
        ),
        (("field-added", "duration", None),),
    ),
    Case(
        MYUN,
        "limit default written default: 20",
        replace("每页个数,默认 15int", "每页个数,default: 20int"),
        (("default-changed", "limit", None),),
        afters=((("default-changed", "limit", None), "20"),),
    ),
    Case(
        MYUN,
        "page default written 缺省为 2",
        replace("页数,默认 1int", "页数,缺省为 2int"),
        (("default-changed", "page", None),),
        afters=((("default-changed", "page", None), "2"),),
    ),
    Case(
        MYUN,
        "format required, default dropped",
        replace("format(可选,默认 m3u8)转码文件格式string", "format(必填)转码文件格式string"),
        (("required-changed", "format", None), ("default-changed", "format", None)),
    ),
    Case(
        MYUN,
        "task_config_temp_id gains 6 mid-list",
        replace("3: 720p, 4: 1080p", "3: 720p, 6: 2K, 4: 1080p"),
        (("enum-value-added", "task_config_temp_id", "6"),),
    ),
    Case(
        MYUN,
        "status 4 meaning changed by one character",
        replace("4已删除", "4已移除"),
        (("enum-meaning-changed", "status", "4"),),
    ),
    Case(
        MYUN,
        "progress becomes a 0-100 int",
        replace("results.progress转码进度(0.0-1.0)float", "results.progress转码进度(0-100)int"),
        (("type-changed", "progress", None), ("constraint-changed", "progress", None)),
        afters=((("constraint-changed", "progress", None), {"minimum": 0, "maximum": 100}),),
    ),
    Case(
        MYUN,
        "results.error_info renamed error_msg",
        replace("results.error_info转码错误信息string", "results.error_msg转码错误信息string"),
        (("field-removed", "error_info", None), ("field-added", "error_msg", None)),
    ),
    Case(
        MYUN,
        "limit gains 最大 100",
        replace("每页个数,默认 15int", "每页个数,默认 15,最大 100int"),
        (("constraint-changed", "limit", None),),
        afters=((("constraint-changed", "limit", None), {"maximum": 100}),),
    ),
    Case(
        MYUN,
        "new endpoint section mid-page",
        replace(
            "删除转码任务\n",
            "暂停转码任务\n\nPOST /transcoding/api/pause-transcode\n\nJSON 参数\n\n参数描述取值\n"
            "id转码任务 IDstring\n\n返回字段\n\n参数描述取值\nerrcode错误码,1000 为正常int\n\n"
            '返回示例:\n\n{\n    "errcode": 1000\n}\n\n删除转码任务\n',
        ),
        (("endpoint-added", None, None),),
    ),
    Case(
        MYUN,
        "count example value becomes a string",
        replace('"count": 33', '"count": "33"'),
        (("example-changed", None, None),),
    ),
    Case(
        MYUN,
        "origin_url gains 最大长度1024",
        replace("origin_url转码源文件URLstring", "origin_url转码源文件URL,最大长度1024string"),
        (("constraint-changed", "origin_url", None),),
        afters=((("constraint-changed", "origin_url", None), {"max-length": 1024}),),
    ),
    # ZEGO: one cell per line closed by |
    Case(
        ZEGO,
        "nested field Bitrate under RecordFiles",
        replace("文件状态。\n|\n", "文件状态。\n|\nBitrate |\nInt |\n码率,单位:kbps。 |\n"),
        (("field-added", "Bitrate", None),),
    ),
    Case(
        ZEGO,
        "RoomId moved from Data to RecordFiles",
        chain(
            replace("RoomId |\nString |\n录制的目标房间。 |\n", ""),
            replace(
                "UserId |\nString |", "RoomId |\nString |\n录制的目标房间。 |\nUserId |\nString |"
            ),
        ),
        (("field-removed", "RoomId", None), ("field-added", "RoomId", None)),
    ),
    Case(
        ZEGO,
        "Duration Int -> Long",
        replace("Duration |\nInt |", "Duration |\nLong |"),
        (("type-changed", "Duration", None),),
    ),
    Case(
        ZEGO,
        "TaskId required written false",
        replace("TaskId |\nInt |\n是 |", "TaskId |\nInt |\nfalse |"),
        (("required-changed", "TaskId", None),),
        afters=((("required-changed", "TaskId", None), False),),
    ),
    Case(
        ZEGO,
        "Duration unit written （秒）",
        replace("文件时长,单位:ms。", "文件时长（秒）。"),
        (("unit-changed", "Duration", None),),
        afters=((("unit-changed", "Duration", None), "s"),),
    ),
    Case(
        ZEGO,
        "TaskId fixed 16 -> 最大长度64",
        replace("长度固定为 16 个字节的字符串", "字符串,最大长度64"),
        (("constraint-changed", "TaskId", None),),
        afters=((("constraint-changed", "TaskId", None), {"max-length": 64}),),
    ),
    Case(
        ZEGO,
        "Data.Status values documented inline",
        replace("录制任务的状态。\n|", "录制任务的状态。1:初始化 2:录制中 3:已结束\n|"),
        (
            ("enum-value-added", "Status", "1"),
            ("enum-value-added", "Status", "2"),
            ("enum-value-added", "Status", "3"),
        ),
    ),
    Case(
        ZEGO,
        "response example RoomId changed",
        replace('"RoomId": "xxxx"', '"RoomId": "room-1"'),
        (("example-changed", None, None),),
    ),
    Case(
        ZEGO,
        "request example AppId changed",
        replace("&AppId=1234567890", "&AppId=987654321"),
        (("example-changed", None, None),),
    ),
    Case(
        ZEGO,
        "FileSize unit written unit: KB",
        replace("文件大小,单位:字节。", "文件大小, unit: KB。"),
        (("unit-changed", "FileSize", None),),
        afters=((("unit-changed", "FileSize", None), "KB"),),
    ),
    # CDNetworks: space-separated English rows
    Case(
        CDN,
        "error code 1560 renumbered 1561",
        replace("1560 Video is being processed", "1561 Video is being processed"),
        (("error-code-removed", None, "1560"), ("error-code-added", None, "1561")),
    ),
    Case(
        CDN,
        "error 1601 meaning changed",
        replace("1601 TRANSNO cannot be empty", "1601 TRANSNO is not supported"),
        (("description-changed", None, "1601"),),
    ),
    Case(
        CDN,
        "videoSourceCode gains 7 mid-list",
        replace(
            "6 (Edge pull streaming recording)\n",
            "6 (Edge pull streaming recording)\n7 (Cloud import)\n",
        ),
        (("enum-value-added", "videoSourceCode", "7"),),
    ),
    Case(
        CDN,
        "clarity 2 meaning changed by one character",
        replace("2 (LD)", "2 (SD)"),
        (("enum-meaning-changed", "clarity", "2"),),
    ),
    Case(
        CDN,
        "fileSize unit written unit: KB",
        replace("File size in bits", "File size, unit: KB"),
        (("unit-changed", "fileSize", None),),
        afters=((("unit-changed", "fileSize", None), "KB"),),
    ),
    Case(
        CDN,
        "nested field duration under videoInfo",
        replace(
            "videoDuration string Video duration\n",
            "videoDuration string Video duration\nduration int Video duration in seconds\n",
        ),
        (("field-added", "duration", None),),
    ),
    Case(
        CDN,
        "fileSize long -> Integer",
        replace("fileSize long", "fileSize Integer"),
        (("type-changed", "fileSize", None),),
    ),
    Case(
        CDN,
        "transNo Optional",
        replace("transNo string Yes", "transNo string Optional"),
        (("required-changed", "transNo", None),),
        afters=((("required-changed", "transNo", None), False),),
    ),
    Case(
        CDN,
        "transNo length written 1-64 characters",
        replace(
            "the length of the ID should be less than or equal to 32 charaters.",
            "1-64 characters.",
        ),
        (("constraint-changed", "transNo", None),),
        afters=((("constraint-changed", "transNo", None), {"min-length": 1, "max-length": 64}),),
    ),
    Case(
        CDN,
        "new request parameter callbackUrl",
        replace(
            "charaters.\n",
            "charaters.\ncallbackUrl string No Callback address, no more than 256 characters.\n",
        ),
        (("field-added", "callbackUrl", None),),
    ),
    Case(
        CDN,
        "output example videoDuration changed",
        replace('"videoDuration": "189"', '"videoDuration": "190"'),
        (("example-changed", None, None),),
    ),
    Case(
        CDN,
        "width gains Default value is 0",
        replace("width int width", "width int width, Default value is 0"),
        (("default-changed", "width", None),),
        afters=((("default-changed", "width", None), "0"),),
    ),
    # Polyv: one cell per line without separators
    Case(
        POLYV,
        "status gains QUEUED mid-list",
        replace("INIT-初始化, PROCESS-处理中", "INIT-初始化, QUEUED-排队中, PROCESS-处理中"),
        (("enum-value-added", "status", "QUEUED"),),
    ),
    Case(
        POLYV,
        "status FAIL meaning changed by one character",
        replace("FAIL-失败", "FAIL-失效"),
        (("enum-meaning-changed", "status", "FAIL"),),
    ),
    Case(
        POLYV,
        "nested field desc under error",
        replace("Integer\n错误码\n", "Integer\n错误码\ndesc\nString\n错误描述\n"),
        (("field-added", "desc", None),),
    ),
    Case(
        POLYV,
        "successTime long -> String",
        replace("successTime\nlong", "successTime\nString"),
        (("type-changed", "successTime", None),),
    ),
    Case(
        POLYV,
        "createTime unit written 单位：秒",
        replace("创建时间,毫秒级时间戳", "创建时间,Unix 时间戳,单位：秒"),
        (("unit-changed", "createTime", None),),
        afters=((("unit-changed", "createTime", None), "s"),),
    ),
    Case(
        POLYV,
        "vid renamed videoId",
        replace("vid\nString\n视频ID", "videoId\nString\n视频ID"),
        (("field-removed", "vid", None), ("field-added", "videoId", None)),
    ),
    Case(
        POLYV,
        "request parameter table added",
        replace(
            "请求参数描述\n",
            "请求参数描述\n参数\n类型\n说明\ntaskId\nString\n任务ID\n"
            "expireDays\nint\n有效天数,默认 1\n",
        ),
        (("field-added", "taskId", None), ("field-added", "expireDays", None)),
    ),
    Case(
        POLYV,
        "error example code changed",
        replace('"code": 104', '"code": 105'),
        (("example-changed", None, None),),
    ),
    Case(
        POLYV,
        "endpoint moved to /v4",
        replace(
            "接口URL\nhttp://api.polyv.net/v3/video/source-file-task/get",
            "接口URL\nhttp://api.polyv.net/v4/video/source-file-task/get",
        ),
        (("endpoint-removed", None, None), ("endpoint-added", None, None)),
    ),
]

# --- noise ----------------------------------------------------------------------------------

ZWSP = "\u200b"

NOISE: list[Case] = [
    Case(PAN, "trailing spaces and tabs", trailing_spaces, noise=True),
    Case(PAN, "CRLF line endings", crlf, noise=True),
    Case(PAN, "byte-order mark", bom, noise=True),
    Case(
        PAN,
        "zero-width spaces in names and cells",
        chain(
            replace("| fileId |", f"| file{ZWSP}Id{ZWSP} |"),
            replace("| link | string |", f"| link{ZWSP} | {ZWSP}string |"),
        ),
        noise=True,
    ),
    Case(
        PAN,
        "required synonyms 是/否",
        chain(replace("| 必填 | 文件Id |", "| 是 | 文件Id |"), replace("| 选填 |", "| 否 |")),
        noise=True,
    ),
    Case(
        PAN,
        "full-width enum codes",
        replace("1：准备转码   2：", "１：准备转码   ２："),
        noise=True,
    ),
    Case(
        PAN,
        "type words capitalised",
        chain(
            replace("| fileId | number |", "| fileId | Number |"),
            replace("| link | string |", "| link | String |"),
        ),
        noise=True,
    ),
    Case(
        PAN,
        "request example minified",
        one_line_json('{\n  "fileId": 2875008\n}'),
        noise=True,
    ),
    Case(
        PAN,
        "columns reordered in the body table",
        chain(
            replace(
                "## Body 参数\n| **名称** | **类型** | **是否必填** | **说明** |",
                "## Body 参数\n| **名称** | **是否必填** | **类型** | **说明** |",
            ),
            replace("| fileId | number | 必填 |", "| fileId | 必填 | number |"),
        ),
        noise=True,
    ),
    Case(
        PAN,
        "rows without outer pipes (GFM)",
        chain(
            replace("| fileId | number | 必填 | 文件Id |", "fileId | number | 必填 | 文件Id"),
            replace("| link | string | 选填 |", "link | string | 选填 |"),
        ),
        noise=True,
    ),
    Case(MYUN, "CRLF and trailing tabs", chain(trailing_spaces, crlf), noise=True),
    Case(
        MYUN,
        "spaces between run-together columns",
        chain(
            replace("page页数,默认 1int", "page 页数, 默认 1 int"),
            replace("origin_url转码源文件URLstring", "origin_url\t转码源文件URL\tstring"),
        ),
        noise=True,
    ),
    Case(
        MYUN,
        "defaults written 默认值为 / 缺省为",
        chain(
            replace("每页个数,默认 15int", "每页个数,默认值为15int"),
            replace("页数,默认 1int", "页数,缺省为 1int"),
        ),
        noise=True,
        tolerated=frozenset({"description-changed"}),
    ),
    Case(MYUN, "full-width digits in tables", full_width_digits, noise=True),
    Case(
        MYUN,
        "response example keys reordered",
        replace(
            '    "id": "17lok52y",\n    "errcode": 1000\n',
            '    "errcode": 1000,\n    "id": "17lok52y"\n',
        ),
        noise=True,
    ),
    Case(
        MYUN,
        "value table written 0: 等待转码",
        chain(replace("0等待转码", "0: 等待转码"), replace("1正在转码", "1 = 正在转码")),
        noise=True,
    ),
    Case(ZEGO, "byte-order mark and CRLF", chain(bom, crlf), noise=True),
    Case(
        ZEGO,
        "type synonyms Int -> Integer, String -> string",
        chain(
            replace("Duration |\nInt |", "Duration |\nInteger |"),
            replace("RoomId |\nString |", "RoomId |\nstring |"),
            replace("TaskId |\nInt |", "TaskId |\nint32 |"),
        ),
        noise=True,
    ),
    Case(
        ZEGO,
        "unit written 单位为毫秒",
        replace("文件时长,单位:ms。", "文件时长,单位为毫秒。"),
        noise=True,
        tolerated=frozenset({"description-changed"}),
    ),
    Case(
        ZEGO,
        "fixed length written 固定长度为",
        replace("长度固定为 16 个字节的字符串", "固定长度为 16 个字节的字符串"),
        noise=True,
        tolerated=frozenset({"description-changed"}),
    ),
    Case(ZEGO, "no space before the cell pipes", regex(r"(?m)^(\S+) \|$", r"\1|"), noise=True),
    Case(
        ZEGO,
        "Array of Object written Object[]",
        replace("Array of Object |", "Object[] |"),
        noise=True,
    ),
    Case(
        ZEGO,
        "required written Y",
        replace("TaskId |\nInt |\n是 |", "TaskId |\nInt |\nY |"),
        noise=True,
    ),
    Case(
        CDN,
        "tabs between row columns",
        regex(r"(?m)^(\w+) (string|int|long|obj|array) ", "\\1\t\\2\t"),
        noise=True,
    ),
    Case(
        CDN,
        "values written 1: processing",
        replace(
            "1 (processing)\n2 (successful)\n3 (failed)", "1: processing\n2: successful\n3: failed"
        ),
        noise=True,
    ),
    Case(CDN, "trailing spaces and CRLF", chain(trailing_spaces, crlf), noise=True),
    Case(
        CDN,
        "limits and units reworded",
        chain(
            replace("less than or equal to 32 charaters", "no more than 32 characters"),
            replace("File size in bits", "File size, unit: bit"),
        ),
        noise=True,
        tolerated=frozenset({"description-changed"}),
    ),
    Case(
        CDN,
        "required written Required",
        replace("transNo string Yes", "transNo string Required"),
        noise=True,
    ),
    Case(
        CDN,
        "zero-width space in a value line",
        replace("2 (successful)", f"2{ZWSP} (successful)"),
        noise=True,
    ),
    Case(POLYV, "byte-order mark", bom, noise=True),
    Case(
        POLYV,
        "type synonyms Integer -> int, long -> Long",
        chain(
            replace("code\nInteger", "code\nint"), replace("createTime\nlong", "createTime\nLong")
        ),
        noise=True,
    ),
    Case(
        POLYV,
        "no-break and ideographic spaces",
        chain(
            replace("毫秒级时间戳", "毫秒级\u3000时间戳"),
            replace("INIT-初始化, ", "INIT-初始化,\u00a0"),
        ),
        noise=True,
    ),
    Case(
        POLYV,
        "enum names spaced around their dashes",
        replace("INIT-初始化, PROCESS-处理中", "INIT - 初始化, PROCESS - 处理中"),
        noise=True,
    ),
    Case(
        POLYV,
        "error example minified",
        one_line_json('{\n"code": 104,\n"desc": "invalid signature"\n}'),
        noise=True,
    ),
]

CASES = CHANGES + NOISE
