"""The verification form (bảng thẩm định) sent to the chair and deputy: one protected workbook
with a row per unit × criterion (self score, evidence, where it came from) and two unlocked
columns, "Điểm thẩm định" (data validation 0..max) and "Lý do điều chỉnh". A very hidden
``_meta`` says ``kind = verification`` and which columns hold what (intake reads it back)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..config.block import Block
from ..labels.review import format_short
from ..model import (META_SHEET, VERIFICATION, VERIFY_COLUMNS, VERIFY_HEADER_ROW, VERIFY_SHEET,
                     ScoreSheet)
from .atomic import atomic_workbook

FONT = "Times New Roman"
VERIFY_VERSION = "1"
C_NO, C_UNIT, C_NAME, C_CRIT, C_TEXT, C_MAX, C_SELF, C_EVID, C_SRC, C_VER, C_REASON = range(
    len(VERIFY_COLUMNS))
HEADERS = ("STT", "Mã đơn vị", "Đơn vị", "Mã tiêu chí", "Nội dung tiêu chí", "Điểm chuẩn",
           "Điểm tự chấm", "Minh chứng", "Nguồn (tệp › ô)", "Điểm thẩm định", "Lý do điều chỉnh")
WIDTHS = (5, 10, 22, 8, 44, 8, 9, 30, 22, 11, 30)
HEADER_ROW = VERIFY_HEADER_ROW
INPUT_FILL = "#FFF2CC"
KIND_LABEL = {"score": "", "bonus": " (điểm thưởng)", "deduction": " (điểm trừ, số không âm)"}


def verification_filename(block: Block) -> str:
    """The form's name in OUT (the chair fills it and drops it into the inbox)."""
    return f"tham-dinh-{block.id}-{block.year}.xlsx"


def self_scores(block: Block, source) -> dict[str, tuple[dict, dict, dict]]:
    """unit -> (values, origin, evidence) from a Result or a ScoreSheet. A Result's scores may
    already carry verified values (``result.review.changes``): the form always shows the unit's
    own self scores and their original cells."""
    out = {}
    if isinstance(source, ScoreSheet):
        for code in block.unit_codes:
            if code in source.values:
                out[code] = (source.values[code], source.origin.get(code, {}),
                             source.evidence.get(code, {}))
        return out
    review = getattr(source, "review", None)
    undo = {(c.unit, c.criterion): c for c in getattr(review, "changes", None) or []}
    self_origin = getattr(review, "self_origin", None) or {}
    for u in source.units:
        if u.status != "missing" and u.scores:
            values, origin = dict(u.scores), dict(u.origin)
            for (unit, crit), change in undo.items():
                if unit == u.code:
                    values[crit] = change.self_score
                    origin.pop(crit, None)
                    if (unit, crit) in self_origin:
                        origin[crit] = self_origin[(unit, crit)]
            out[u.code] = (values, origin, u.evidence)
    return out


def write_verification_workbook(block: Block, result_or_scoresheet, path: Path,
                                created: datetime) -> Path:
    """Write the verification workbook (atomic, byte-reproducible for a fixed ``created``)."""
    data = self_scores(block, result_or_scoresheet)
    path = Path(path)
    with atomic_workbook(path, created) as wb:
        f = _formats(wb)
        ws = wb.add_worksheet(VERIFY_SHEET)
        meta = wb.add_worksheet(META_SHEET)
        table = _table(ws, f, block, data)
        _meta(meta, block, table)
    return path


def _formats(wb) -> dict:
    base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
    cell = {**base, "border": 1, "text_wrap": True}
    return {
        "title": wb.add_format({**base, "bold": True, "font_size": 14, "align": "center"}),
        "sub": wb.add_format({**base, "italic": True, "align": "center", "text_wrap": True}),
        "note": wb.add_format({**base, "italic": True, "text_wrap": True, "valign": "top"}),
        "th": wb.add_format({**cell, "bold": True, "align": "center", "bg_color": "#DDEBF7"}),
        "text": wb.add_format(cell),
        "center": wb.add_format({**cell, "align": "center"}),
        "num": wb.add_format({**cell, "align": "center", "num_format": "0.##"}),
        "small": wb.add_format({**cell, "font_size": 9}),
        "input": wb.add_format({**cell, "align": "center", "locked": False,
                                "bg_color": INPUT_FILL, "num_format": "0.##"}),
        "input_text": wb.add_format({**cell, "locked": False, "bg_color": INPUT_FILL}),
    }


def _table(ws, f: dict, block: Block, data: dict) -> list[tuple[int, str, str]]:
    """The visible sheet; returns (row, unit, criterion) of every row written."""
    last = len(HEADERS) - 1
    ws.merge_range(0, 0, 0, last, f"BẢNG THẨM ĐỊNH ĐIỂM THI ĐUA NĂM {block.year}", f["title"])
    ws.merge_range(1, 0, 1, last, f"{block.name} — {block.province}", f["sub"])
    ws.set_row(2, 44)
    ws.merge_range(2, 0, 2, last, (
        "Khối trưởng, Khối phó đối chiếu minh chứng và chỉ nhập vào hai cột màu vàng: "
        "\"Điểm thẩm định\" (để trống nếu giữ nguyên điểm tự chấm) và \"Lý do điều chỉnh\" "
        "(bắt buộc khi điểm thẩm định khác điểm tự chấm). Không sửa mã đơn vị, mã tiêu chí. "
        "Điểm trừ nhập là số không âm."), f["note"])
    for col, (head, width) in enumerate(zip(HEADERS, WIDTHS)):
        ws.set_column(col, col, width)
        ws.write_string(HEADER_ROW, col, head, f["th"])
    ws.set_row(HEADER_ROW, 32)
    table: list[tuple[int, str, str]] = []
    r = HEADER_ROW
    for unit in block.units:
        if unit.code not in data:
            continue
        values, origin, evidence = data[unit.code]
        for crit in block.criteria:
            if crit.code in unit.not_applicable:
                continue
            r += 1
            ws.write_number(r, C_NO, len(table) + 1, f["center"])
            ws.write_string(r, C_UNIT, unit.code, f["center"])
            ws.write_string(r, C_NAME, unit.short_name or unit.name, f["text"])
            ws.write_string(r, C_CRIT, crit.code, f["center"])
            ws.write_string(r, C_TEXT, crit.text + KIND_LABEL[crit.kind], f["text"])
            ws.write_number(r, C_MAX, float(crit.max), f["num"])
            value = values.get(crit.code)
            if value is None:
                ws.write_blank(r, C_SELF, None, f["num"])
            else:
                ws.write_number(r, C_SELF, float(value), f["num"])
            ws.write_string(r, C_EVID, evidence.get(crit.code, "") or "", f["text"])
            where = origin.get(crit.code)
            ws.write_string(r, C_SRC, f"{where[0]} › {where[1]}!{where[2]}" if where else "",
                            f["small"])
            ws.write_blank(r, C_VER, None, f["input"])
            ws.write_blank(r, C_REASON, None, f["input_text"])
            ws.data_validation(r, C_VER, r, C_VER, {
                "validate": "decimal", "criteria": "between", "minimum": 0,
                "maximum": float(crit.max), "ignore_blank": True,
                "input_title": f"Tiêu chí {crit.code}"[:32],
                "input_message": f"Điểm thẩm định từ 0 đến {format_short(crit.max)}; để trống nếu "
                                 "giữ nguyên điểm tự chấm."[:255],
                "error_title": "Điểm không hợp lệ",
                "error_message": f"Điểm thẩm định phải từ 0 đến {format_short(crit.max)}.",
                "error_type": "stop"})
            table.append((r, unit.code, crit.code))
    last_row = max(r, HEADER_ROW + 1)
    ws.freeze_panes(HEADER_ROW + 1, C_CRIT + 1)
    ws.autofilter(HEADER_ROW, 0, last_row, last)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True,
                    "autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.3, top=0.5, bottom=0.6)
    ws.repeat_rows(HEADER_ROW)
    ws.print_area(0, 0, last_row, last)
    ws.set_footer(f'&C&"{FONT},Regular"&10Trang &P/&N')
    return table


def _meta(meta, block: Block, table: list[tuple[int, str, str]]) -> None:
    """The very hidden ``_meta``: the form's kind, block and columns, then a row per table row."""
    keys = [("kind", VERIFICATION), ("version", VERIFY_VERSION), ("block_id", block.id),
            ("year", str(block.year)), ("criteria_hash", block.criteria_hash),
            ("sheet", VERIFY_SHEET), ("header_row", str(HEADER_ROW + 1)),
            ("unit_col", xl_col_to_name(C_UNIT)), ("criterion_col", xl_col_to_name(C_CRIT)),
            ("max_col", xl_col_to_name(C_MAX)), ("self_col", xl_col_to_name(C_SELF)),
            ("verified_col", xl_col_to_name(C_VER)), ("reason_col", xl_col_to_name(C_REASON))]
    for i, (k, v) in enumerate(keys):
        meta.write_string(i, 0, k)
        meta.write_string(i, 1, v)
    mr = len(keys) + 1
    for col, name in enumerate(("row", "unit_code", "criterion_code", "verified_cell", "reason_cell")):
        meta.write_string(mr, col, name)
    for row, unit_code, crit_code in table:
        mr += 1
        meta.write_number(mr, 0, row + 1)
        meta.write_string(mr, 1, unit_code)
        meta.write_string(mr, 2, crit_code)
        meta.write_string(mr, 3, xl_rowcol_to_cell(row, C_VER))
        meta.write_string(mr, 4, xl_rowcol_to_cell(row, C_REASON))
    meta.protect("")
    meta.very_hidden()
