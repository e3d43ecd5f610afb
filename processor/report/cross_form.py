"""The cross-scoring sheet (trang "Chấm chéo") of a unit's template: a row per member, a column
per part (each base section, or the total), the unit's own row struck out, and a hidden key row
naming the columns so that intake reads them back by code, never by position."""
from __future__ import annotations

from typing import Mapping

from ..config.block import Block, Unit
from ..labels import format_plain
from ..model import CROSS_KEY_UNIT, CROSS_SHEET
from ..stages.cross import parts
from .styles import FONT

INPUT_FILL = "#FFF2CC"
NA_FILL = "#E7E6E6"


def write_cross_sheet(workbook, block: Block, unit: Unit | None, granularity: str,
                      formats: Mapping | None = None) -> dict[str, str]:
    """Add the "Chấm chéo" sheet to ``workbook`` (XlsxWriter) for ``unit`` (None: blank template).

    ``formats`` may provide "th", "code", "crit", "input", "na_c", "title", "wrap"; missing ones
    are created. Returns ``_meta`` entries for the template writer (``cross_sheet``,
    ``cross_key_row``, ``cross_granularity``)."""
    f = dict(formats or {})
    base = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}
    cell = {**base, "border": 1, "text_wrap": True}
    defaults = {
        "title": {**base, "font_size": 14, "bold": True, "align": "center"},
        "wrap": {**base, "text_wrap": True, "valign": "top"},
        "th": {**cell, "bold": True, "align": "center", "bg_color": "#DDEBF7"},
        "code": {**cell, "align": "center"},
        "crit": cell,
        "input": {**cell, "align": "center", "locked": False, "bg_color": INPUT_FILL},
        "na_c": {**cell, "align": "center", "bg_color": NA_FILL, "font_color": "#595959",
                 "italic": True},
    }
    for key, spec in defaults.items():
        if key not in f:
            f[key] = workbook.add_format(spec)
    key_fmt = workbook.add_format({**base, "font_size": 8, "font_color": "#808080"})
    cols = parts(block, granularity)
    ws = workbook.add_worksheet(CROSS_SHEET)
    last = 2 + len(cols)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 11)
    ws.set_column(2, 2, 40)
    ws.set_column(3, last, 12)
    ws.merge_range(0, 0, 0, last, f"CHẤM CHÉO GIỮA CÁC ĐƠN VỊ TRONG KHỐI NĂM {block.year}", f["title"])
    who = f"Đơn vị chấm: {unit.name} ({unit.code})" if unit else "Đơn vị chấm: (ghi tên đơn vị ở trang tự chấm)"
    ws.merge_range(1, 0, 1, last, who, f["wrap"])
    what = "từng phần tiêu chí" if granularity == "section" else "tổng điểm phần điểm cơ bản"
    ws.set_row(2, 48)
    ws.merge_range(2, 0, 2, last, (
        f"Đơn vị chấm {what} cho mọi đơn vị khác trong Khối, mỗi ô một số từ 0 đến điểm tối đa "
        "ghi ở tiêu đề cột. Không chấm cho chính đơn vị mình (ô ghi \"—\"). Chỉ nhập vào các ô màu vàng."),
        f["wrap"])
    key_row, head = 3, 4
    ws.write_string(key_row, 1, CROSS_KEY_UNIT, key_fmt)
    for j, (key, _, _) in enumerate(cols):
        ws.write_string(key_row, 3 + j, key, key_fmt)
    ws.set_row(key_row, None, None, {"hidden": True})
    ws.set_row(head, 34)
    for col, text in enumerate(["STT", "Mã đơn vị", "Đơn vị được chấm"]
                               + [f"{label}\n(tối đa {format_plain(mx)})" for _, label, mx in cols]):
        ws.write_string(head, col, text, f["th"])
    r = head
    for i, member in enumerate(block.units, 1):
        r += 1
        ws.write_number(r, 0, i, f["code"])
        ws.write_string(r, 1, member.code, f["code"])
        ws.write_string(r, 2, member.name, f["crit"])
        for j, (key, _, mx) in enumerate(cols):
            if unit is not None and member.code == unit.code:
                ws.write_string(r, 3 + j, "—", f["na_c"])
                continue
            ws.write_blank(r, 3 + j, None, f["input"])
            ws.data_validation(r, 3 + j, r, 3 + j, {
                "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": float(mx),
                "ignore_blank": True, "input_title": "Chấm chéo",
                "input_message": f"Nhập điểm từ 0 đến {format_plain(mx)}.",
                "error_title": "Điểm không hợp lệ",
                "error_message": f"Điểm phải từ 0 đến {format_plain(mx)}.", "error_type": "stop"})
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.set_paper(9)
    ws.set_portrait() if len(cols) <= 4 else ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(head)
    ws.print_area(0, 0, r, last)
    ws.set_footer(f'&C&"{FONT},Regular"&11Trang &P/&N')
    return {"cross_sheet": CROSS_SHEET, "cross_key_row": str(key_row + 1),
            "cross_granularity": granularity}
