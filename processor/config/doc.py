"""Write the config reference from the schema: `python -m processor.config.doc > docs/config.md`.

It covers block.toml and the block definition workbook (whose layout :mod:`.layout` derives
from the same schema). A test checks that docs/config.md equals this output, so the reference
never drifts.
"""
from __future__ import annotations

from typing import Any

from .cells import NO, YES
from .layout import GUIDE_SHEET, LABEL_HEADER, Field, places, sheets
from .schema import BLOCK_FILE, MiB
from .share import SHARE_WORDS, Share
from .spec import Array, Choice, Key, ListOf, Table

RULES_VI = [
    "Tệp `block.toml` viết theo [TOML](https://toml.io/vi/v1.0.0), bảng mã UTF-8. Chuỗi đặt "
    "trong ngoặc kép; số dùng dấu chấm thập phân (`8.5`); `true`/`false` viết thường; ngày "
    "`2021-01-04`, ngày giờ `2020-12-20T17:00:00`. Ví dụ đầy đủ: `demo/block.toml`.",
    "Mọi khóa đều được kiểm tra: khóa không có trong tài liệu này là lỗi, kèm gợi ý khóa gần "
    "nhất; khóa viết dưới sai bảng cũng vậy.",
    "Số phải là số thật, hữu hạn (`nan`, `inf` bị từ chối), số nguyên không quá 9007199254740991; "
    "số lượng không âm.",
    "Vị trí đếm từ 1: `units[14]` là bảng `[[units]]` thứ 14, `sections[2].criteria[3]` là tiêu "
    "chí thứ 3 của nhóm thứ 2.",
    "Khi tệp có lỗi, công cụ liệt kê mọi lỗi cùng lúc, mỗi lỗi một dòng có đường dẫn khóa, rồi "
    "dừng với mã thoát 2; không ghi kết quả nào.",
]
RULES_EN = [
    "`block.toml` is [TOML](https://toml.io/en/v1.0.0) in UTF-8. Strings in double quotes; a "
    "decimal point (`8.5`); `true`/`false` in lower case; dates `2021-01-04`, date-times "
    "`2020-12-20T17:00:00`. A full example: `demo/block.toml`.",
    "Every key is checked: a key not in this reference is an error, with the closest known key "
    "as a suggestion; so is a key written under the wrong table.",
    "Numbers must be finite (`nan`, `inf` are refused), integers at most 9007199254740991; "
    "counts are not negative.",
    "Positions count from 1: `units[14]` is the 14th `[[units]]` table, "
    "`sections[2].criteria[3]` the 3rd criterion of the 2nd section.",
    "A broken file gets every problem at once, one line per problem with its key path, and "
    "exit code 2; no result is written.",
]
EXAMPLE = "\n".join([
    "Tệp cấu hình khoi/block.toml có lỗi:",
    "  - units[14].sholt_name: khóa không có; có phải 'short_name'?",
    "  - awards.flag.exclusions: khóa không có ở [awards.flag]; 'exclusions' thuộc [awards] "
    "(các khóa ở đây: count, min_score)",
    "  - intake.max_ratio: cần một số, nhận được nan (không phải số)",
    "  - dòng 12, cột 8: lỗi cú pháp TOML: giá trị không hợp lệ (...)",
])

PARTICIPATION_VI = [
    "Đơn vị **không tham gia** đánh giá năm nay (sáp nhập, giải thể, được miễn): ghi lý do ở "
    "`[[units]]` của đơn vị, `not_participating = \"lý do\"`. Đơn vị không phải gửi bảng tự "
    "chấm, không được xếp hạng, không làm kết quả thành tạm thời; bảng Tổng hợp và JSON ghi "
    "\"Không tham gia đánh giá\" kèm lý do (`\"status\": \"not_participating\"`). Tệp đơn "
    "vị vẫn gửi về không được chấm (cảnh báo U004). Đơn vị chỉ chưa gửi thì không ghi khóa này.",
    "Chỉ tiêu Bằng khen theo tỷ lệ (`fraction`) nhân với số đơn vị theo `[awards.merit] base`: "
    "`members` (mặc định) mọi đơn vị thành viên, `assessed` đơn vị tham gia đánh giá. Căn cứ "
    "ghi cơ sở và số đơn vị, ví dụ \"Trong chỉ tiêu 2 Bằng khen của Khối (30% của 9 đơn vị "
    "tham gia đánh giá, làm tròn xuống)\".",
    "Kết quả **tạm thời** (còn đơn vị chưa gửi, hồ sơ có lỗi, bảng kiểm phiếu không khớp; mã "
    "thoát 3): Tờ trình và Biên bản mở đầu bằng \"DỰ THẢO — KẾT QUẢ TẠM THỜI\" và lý do; mọi "
    "trang in có dấu đó ở đầu trang; JSON có `provisional_reasons`. Kết quả chính thức không có.",
]
PARTICIPATION_EN = [
    "A unit that takes **no part** this year (merged, dissolved, exempted): give the reason in "
    "its `[[units]]` table, `not_participating = \"reason\"`. It owes no sheet, is not ranked "
    "and keeps no result provisional; the summary and the JSON say \"not assessed\" with the "
    "reason (`\"status\": \"not_participating\"`). A file it still sends is not scored "
    "(warning U004). A unit that simply has not sent yet is not recorded this way.",
    "A fractional merit quota (`fraction`) is taken of the units counted by `[awards.merit] "
    "base`: `members` (the default) every member unit, `assessed` the units taking part. The "
    "grounds name the base and its count.",
    "A **provisional** result (units missing, submissions with errors, tallies that disagree; "
    "exit 3): the proposals and the minutes open with \"DỰ THẢO — KẾT QUẢ TẠM THỜI\" and the "
    "reason; every printed page carries the mark in its header; the JSON has "
    "`provisional_reasons`. A final result carries none of it.",
]


WORKBOOK_VI = [
    "Thư ký Khối không cần viết TOML: cả Khối có thể khai báo trong một bảng tính Excel "
    "(LibreOffice, WPS cũng được). `thidua init` ghi bảng tính `khoi-thi-dua.xlsx`, **điền sẵn "
    "khối mẫu** (Khối thi đua Văn hóa - Xã hội tỉnh Bắc Kạn, năm 2020) để thấy một bảng điền đủ "
    "trông thế nào; sửa các giá trị mẫu thành của Khối mình. Trang đầu của bảng tính là hướng "
    "dẫn; mỗi mục có ghi chú ý nghĩa và giá trị mặc định.",
    "Mọi lệnh nhận bảng tính ở `--config` như nhận `block.toml` (`.xlsx`, và `.ods`, `.xls` do "
    "LibreOffice, WPS lưu): hai cách cho cùng một Khối, vì bảng tính được đọc thành đúng các khóa "
    "dưới đây rồi kiểm tra bằng cùng một bộ kiểm tra.",
    "`thidua config check CẤU-HÌNH` chỉ kiểm tra và in tóm tắt Khối (số đơn vị, số tiêu chí, "
    "điểm chuẩn đầy đủ). `thidua config export CẤU-HÌNH RA.xlsx` và `thidua config export "
    "CẤU-HÌNH RA.toml` đổi qua lại không mất gì; công cụ đọc lại tệp vừa ghi và chỉ giữ khi được "
    "đúng cùng một Khối.",
    "Lỗi trong bảng tính được báo như lỗi của `block.toml`, kèm trang!ô, ví dụ "
    "`Khối!B11 (block.chair): mã đơn vị 'SYTT' không có trong trang «Đơn vị»; có phải 'SYT'?`, "
    "mã thoát 2. Tên trang, tên mục, tiêu đề cột lạ cũng "
    "là lỗi (kèm gợi ý tên gần nhất), để không giá trị nào bị bỏ qua mà không báo; một dòng có "
    "tên mục lạ nhưng không có giá trị thì không sao.",
]
WORKBOOK_EN = [
    "The whole block can be defined in a spreadsheet: `thidua init` writes `khoi-thi-dua.xlsx`, "
    "pre-filled with the demo block as an example. Every command takes it as `--config` (xlsx, "
    "or ods/xls saved by LibreOffice or WPS) and gets the same block as from block.toml: the "
    "workbook is read into the keys below and checked by the same validator. `thidua config "
    "check` validates; `thidua config export` converts either way and keeps the output only if "
    "it reads back as the same block. A mistake is reported with its sheet!cell, exit code 2.",
]
CELL_RULES = [
    f"Ô để trống là không ghi khóa đó (dùng mặc định). Đúng/sai ghi `{YES}` / `{NO}`.",
    "Ngày ghi `15/12/2020` (ô ngày hoặc chữ); ngày giờ `20/12/2020 17:00`. Số có thể ghi dạng chữ "
    "`8,5` hoặc `8.5` (đọc theo cùng quy tắc với điểm tự chấm); `2.000` không rõ là 2 hay 2000 "
    "nên bị từ chối.",
    "Nhiều giá trị trong một ô: cách nhau bằng `;` hoặc xuống dòng trong ô (Alt+Enter); trong "
    "các ô mã và thư điện tử, dấu `,` cũng tách giá trị (tên thì không, vì tên có thể chứa dấu "
    "phẩy).",
    "Giá trị chọn trong danh sách được ghi bằng chữ tiếng Việt (bảng dưới); ghi khóa tiếng Anh "
    "của `block.toml` cũng được.",
]


def markdown() -> str:
    lines = [
        "# Cấu hình Khối (block.toml hoặc bảng tính) / Block configuration reference",
        "",
        "Sinh tự động từ `processor/config/schema.py` (`python -m processor.config.doc`); đừng "
        "sửa tay.",
        "Generated from `processor/config/schema.py`; do not edit by hand.",
        "",
        "## Quy tắc chung",
        "",
        *[f"- {r}" for r in RULES_VI],
        "",
        "Ví dụ thông báo lỗi:",
        "",
        "```text",
        EXAMPLE,
        "```",
        "",
        "## General rules",
        "",
        *[f"- {r}" for r in RULES_EN],
        "",
        "## Đơn vị không tham gia, kết quả tạm thời / Non-participants, provisional results",
        "",
        *[f"- {r}" for r in PARTICIPATION_VI],
        "",
        *[f"- {r}" for r in PARTICIPATION_EN],
        "",
        *workbook(),
        "## Các bảng / Tables",
        "",
    ]
    for key in BLOCK_FILE.keys:
        required = "bắt buộc / required" if key.required else "tùy chọn / optional"
        lines.append(f"- {_anchor(key)} — {key.vi} / {key.en} ({required})")
    lines.append("")
    for path, array, table in _tables(BLOCK_FILE, "", False):
        if path:
            lines += _section(path, array, table)
    return "\n".join(lines) + "\n"


def workbook() -> list[str]:
    """The section on the block definition workbook: intro, cell rules, sheets, choice words."""
    lines = ["## Cấu hình bằng bảng tính", "", *[f"{p}\n" for p in WORKBOOK_VI],
             "*In English.* " + " ".join(WORKBOOK_EN), "", "### Cách ghi trong ô", "",
             *[f"- {r}" for r in CELL_RULES], "", "### Các trang", "",
             f"Trang đầu `{GUIDE_SHEET}` là hướng dẫn (không được đọc). Các trang dữ liệu, theo "
             "thứ tự:", ""]
    for sheet in sheets():
        parts = []
        if sheet.rows:
            header = " \\| ".join(LABEL_HEADER)
            parts.append(f"các dòng mục ({header}): " + ", ".join(
                r.label for r in sheet.rows if isinstance(r, Field)))
        for grid in sheet.grids:
            cols = ", ".join(c.label for c in grid.columns)
            parts.append((f"bảng «{grid.title}»" if grid.title else "một bảng") + f"; cột: {cols}")
        homes = ", ".join(f"`{_header(t, isinstance(BLOCK_FILE.by_name[t].type, Array))}`"
                          for t in sheet.tables)
        lines.append(f"- **{sheet.name}** ({homes}): "
                     + "; ".join(parts) + ".")
    lines += ["", "Cột và mục của từng khóa: cột *bảng tính / workbook* trong các bảng dưới.", "",
              "### Giá trị chọn trong danh sách", "",
              "| khóa / key | bảng tính | block.toml |", "|---|---|---|"]
    for path, key in _choices(BLOCK_FILE, ""):
        kind = key.type.item if isinstance(key.type, ListOf) else key.type
        pairs = ", ".join(f"{w} = `{v}`" for v, w in zip(kind.values, kind.words))
        lines.append(f"| `{path}` | {', '.join(kind.words)} | {pairs} |")
    lines.append(f"| mọi khóa đúng/sai | {YES}, {NO} | `true`, `false` |")
    return lines + [""]


def _choices(table: Table, path: str):
    for key in table.keys:
        sub = f"{path}.{key.name}" if path else key.name
        kind = key.type.item if isinstance(key.type, ListOf) else key.type
        if isinstance(kind, Choice) and kind.words:
            yield sub, key
        elif isinstance(key.type, Table):
            yield from _choices(key.type, sub)
        elif isinstance(key.type, Array):
            yield from _choices(key.type.table, sub)


def _tables(table: Table, path: str, array: bool):
    """(dotted path, is an array of tables, table) for every table of the schema, depth first."""
    yield path, array, table
    for key in table.keys:
        sub = f"{path}.{key.name}" if path else key.name
        if isinstance(key.type, Table):
            yield from _tables(key.type, sub, False)
        elif isinstance(key.type, Array):
            yield from _tables(key.type.table, sub, True)


def _header(path: str, array: bool) -> str:
    return f"[[{path}]]" if array else f"[{path}]"


def _anchor(key: Key, path: str | None = None) -> str:
    path = path or key.name
    header = _header(path, isinstance(key.type, Array))
    slug = header.strip("[]").replace(".", "")
    return f"[`{header}`](#{slug})"


def _section(path: str, array: bool, table: Table) -> list[str]:
    out = [f"### `{_header(path, array)}`", "", f"`{_header(path, array)}` — {table.vi} / {table.en}", "",
           "| khóa / key | kiểu / type | mặc định / default | ý nghĩa | meaning | ví dụ / example "
           "| bảng tính / workbook |",
           "|---|---|---|---|---|---|---|"]
    where = places()
    for key in table.keys:
        vi, en = key.type.doc()
        kind = vi if vi == en else f"{vi} / {en}"
        if isinstance(key.type, (Table, Array)):
            kind = f"{kind}: {_anchor(key, f'{path}.{key.name}')}"
        example = f"`{key.name} = {key.example}`" if key.example else "—"
        place = where.get(tuple(f"{path}.{key.name}".split(".")), "—")
        cells = [f"`{key.name}`", kind, _default(key), key.vi, key.en, example, place]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return out + [""]


def _default(key: Key) -> str:
    if key.required:
        return "**bắt buộc** / required"
    if key.derived:
        vi, en = key.derived
        return vi if vi == en else f"{vi} / {en}"
    if isinstance(key.type, Table):
        return "—"
    if isinstance(key.type, Array):
        return "`[]`"
    if key.default is None:
        return "không có / none"
    return f"`{_toml(key.default)}`"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value} ({value // MiB} MiB)" if value >= MiB and value % MiB == 0 else str(value)
    if isinstance(value, Share):
        word = next(w for w, (f, strict) in SHARE_WORDS.items()
                    if f == value.fraction and strict == value.strict)
        return f'"{word}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{}"
    return str(value)


if __name__ == "__main__":
    print(markdown(), end="")
