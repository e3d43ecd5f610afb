"""Write the block.toml reference from the schema: `python -m processor.config.doc > docs/config.md`.

A test checks that docs/config.md equals this output, so the reference never drifts.
"""
from __future__ import annotations

from typing import Any

from .schema import BLOCK_FILE, MiB
from .share import SHARE_WORDS, Share
from .spec import Array, Key, Table

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


def markdown() -> str:
    lines = [
        "# Tệp cấu hình Khối (block.toml) / Block configuration reference",
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
           "| khóa / key | kiểu / type | mặc định / default | ý nghĩa | meaning | ví dụ / example |",
           "|---|---|---|---|---|---|"]
    for key in table.keys:
        vi, en = key.type.doc()
        kind = vi if vi == en else f"{vi} / {en}"
        if isinstance(key.type, (Table, Array)):
            kind = f"{kind}: {_anchor(key, f'{path}.{key.name}')}"
        example = f"`{key.name} = {key.example}`" if key.example else "—"
        cells = [f"`{key.name}`", kind, _default(key), key.vi, key.en, example]
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
