"""The words of a block definition workbook: its guide sheet, and each key's note (meaning and
what an empty cell means) in a spreadsheet user's words rather than block.toml's."""
from __future__ import annotations

import re
from functools import lru_cache

from ..config.cells import NO, YES, to_cell
from ..config.layout import Field, Grid, sheet_of
from ..config.schema import BLOCK_FILE
from ..config.share import Share
from ..config.spec import Array, Choice, Key, ListOf, Table, fmt

GUIDE = [
    ("title", "HƯỚNG DẪN ĐIỀN BẢNG CẤU HÌNH KHỐI THI ĐUA"),
    ("p", "Bảng tính này mô tả Khối thi đua cho công cụ thidua: thông tin chung, các đơn vị "
          "thành viên, tiêu chí chấm điểm, quy định khen thưởng và các tùy chọn. Nó thay cho tệp "
          "block.toml: mọi lệnh nhận bảng tính này ở --config, ví dụ "
          "thidua templates --config khoi-thi-dua.xlsx."),
    ("p", "Bảng do lệnh thidua init tạo đã điền sẵn khối mẫu (Khối thi đua Văn hóa - Xã hội tỉnh "
          "Bắc Kạn, tổng kết năm 2020) để thấy một bảng điền đủ trông thế nào. Sửa các giá trị "
          "mẫu thành của Khối mình; xóa cả dòng các đơn vị, tiêu chí không dùng."),
    ("p", "Chỉ nhập vào ô màu vàng. Ô để trống là dùng giá trị mặc định (ghi ở cột Ghi chú, hoặc "
          "trong chú thích của tiêu đề cột: đưa chuột lên ô tiêu đề). Mục bắt buộc ghi "
          "\"Bắt buộc\"."),
    ("p", f"{YES}/{NO}, loại tiêu chí, cách làm tròn, mã đơn vị (Khối trưởng, Khối phó, đơn vị "
          "không xét khen thưởng), tư cách người ký, múi giờ: chọn trong danh sách thả xuống "
          "của ô."),
    ("p", "Ngày ghi ngày/tháng/năm (15/12/2020); ngày giờ 20/12/2020 17:00 (chỉ ghi ngày: hết ngày "
          "đó). Số thập phân viết 8,5 hoặc 8.5. Tỷ lệ viết 2/3, 60% hoặc 0,6."),
    ("p", "Nhiều giá trị trong một ô (thư điện tử, tiêu chí không áp dụng, thứ tự luân phiên…): "
          "cách nhau bằng dấu chấm phẩy (;) hoặc xuống dòng trong ô (Alt+Enter); với mã và thư "
          "điện tử, dấu phẩy cũng được. Tên (tên cũ, tên khác) có thể chứa dấu phẩy."),
    ("p", "Trang Khối: bảng Người ký văn bản ở dưới các mục, mỗi người ký một dòng (Khối trưởng, "
          "Khối phó, Thư ký Khối) với chức vụ và họ tên, in ở chỗ ký của tờ trình và biên bản. "
          "Mục Nơi nhận: mỗi nơi một dòng trong ô (Alt+Enter), không ghi dấu - và dấu ;."),
    ("p", "Trang Tiêu chí: mỗi tiêu chí một dòng. Dòng đầu của mỗi nhóm ghi Mã nhóm và Tên nhóm; "
          "các dòng sau của nhóm để trống hai cột này (hoặc ghi lại đúng mã nhóm). Loại của nhóm "
          "(điểm cơ bản, điểm thưởng, điểm trừ) áp dụng cho các tiêu chí không ghi loại riêng."),
    ("p", "Không đổi tên trang, tên mục (cột Mục) và tiêu đề cột: công cụ đọc theo tên. Tên không "
          "có trong mẫu là lỗi, kèm gợi ý tên gần nhất, để không giá trị nào bị bỏ qua mà không "
          "báo. Được thêm dòng, đổi thứ tự dòng; cột Ghi chú không được đọc."),
    ("p", "Kiểm tra bảng: thidua config check khoi-thi-dua.xlsx. Mỗi lỗi ghi trang!ô và điều cần "
          "sửa, ví dụ: Khối!B11 (block.chair): mã đơn vị 'SYTT' không có trong trang «Đơn vị»; "
          "có phải 'SYT'? Đổi qua lại với block.toml: "
          "thidua config export khoi-thi-dua.xlsx block.toml (và ngược lại). Tài liệu đầy đủ: "
          "docs/config.md."),
    ("head", "Các trang"),
]


def siblings(path: tuple[str, ...]) -> dict[str, str]:
    """Key name -> label of the keys beside the one at ``path`` (for a default's wording)."""
    table: Table = BLOCK_FILE
    for part in path[:-1]:
        kind = table.by_name[part].type
        table = kind.table if isinstance(kind, Array) else kind
    return {k.name: k.label_vi for k in table.keys}


def note(key: Key, siblings: dict[str, str], group: str | None = None) -> str:
    """A key's meaning and what an empty cell means, in a workbook's words; ``group``: the
    heading of the optional group it stands in."""
    empty = f"Bắt buộc khi dùng «{group}»." if key.required and group else empty_means(key)
    return _words(f"{key.hint_vi or key.vi} {empty}", siblings)


def _words(text: str, siblings: dict[str, str]) -> str:
    """block.toml's words in a text made workbook's: a key's name its «label», a choice its
    Vietnamese word, [[units]] the sheet of units."""
    def word(m: re.Match) -> str:
        token = m.group(1)
        if token in siblings:
            return f"«{siblings[token]}»"
        return _choice_words().get(token, token)
    text = re.sub(r"`([^`]+)`", word, text)
    return text.replace("[[units]]", f"các dòng ở trang {sheet_of('units').name}")


@lru_cache(maxsize=1)
def _choice_words() -> dict[str, str]:
    """Each choice value of the schema -> its Vietnamese word."""
    out: dict[str, str] = {}

    def walk(table: Table) -> None:
        for key in table.keys:
            kind = key.type.item if isinstance(key.type, ListOf) else key.type
            if isinstance(kind, Choice) and kind.words:
                out.update(zip(kind.values, kind.words))
            elif isinstance(kind, Table):
                walk(kind)
            elif isinstance(kind, Array):
                walk(kind.table)
    walk(BLOCK_FILE)
    return out


def empty_means(key: Key) -> str:
    if key.required:
        return "Bắt buộc."
    if key.derived:
        text = key.derived[0].replace("true", YES).replace("false", NO)
        text = re.sub(r"(\d)\.(\d)", r"\1,\2", text)
        return f"Để trống: {text.replace('khi bảng có khóa', 'khi có mục nào của nhóm được điền')}."
    value = key.default
    if value is None or value == [] or value == {} or value == "":
        return "Để trống: không có."
    if isinstance(value, Share):
        return f"Để trống: {value.text('vi')}."
    if isinstance(value, bool):
        return f"Để trống: {YES if value else NO}."
    if isinstance(value, float):
        return f"Để trống: {fmt(value).replace('.', ',')}."
    if isinstance(value, list):
        return "Để trống: " + "; ".join(str(to_cell(key.type.item, v)) for v in value) + "."
    return f"Để trống: {to_cell(key.type, value)}."


def column_note(grid: Grid, col: Field) -> str:
    if grid.is_map:
        return f"{grid.key.hint_vi or grid.key.vi}"
    return note(col.key, {f.path[0]: f.label for f in grid.columns if f.level == col.level})
