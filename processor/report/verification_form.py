"""The verification form (bảng thẩm định) sent to the chair and deputy: one protected workbook
with a row per unit × criterion (self score, evidence, where it came from) and two unlocked
columns, "Điểm thẩm định" (data validation 0..max) and "Lý do điều chỉnh", filled with the
verified scores and reasons already in force, so that a second pass starts from them. A very
hidden ``_meta`` says ``kind = verification``, which columns hold what, what each row was
written carrying and from which forms (intake reads it back; a later form set aside by it)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..config.block import Block
from ..labels import format_plain, label
from ..model import (META_KNOWN, META_SHEET, META_SUBMISSION, VERIFICATION, VERIFY_COLUMNS,
                     VERIFY_HEADER_ROW, VERIFY_META_TABLE, VERIFY_SHEET, ScoreSheet)
from ..stages.verification_merge import Carried, VerificationOutcome
from .atomic import atomic_workbook
from .styles import FONT

VERIFY_VERSION = "2"
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
        values, origin, evidence = source.values, source.origin, source.evidence
        for code in block.unit_codes:
            if code in values:
                out[code] = (values[code], origin.get(code, {}), evidence.get(code, {}))
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
    """Write the verification workbook (atomic, byte-reproducible for a fixed ``created``): from a
    Result, with the verified scores in force carried in."""
    data = self_scores(block, result_or_scoresheet)
    review = getattr(result_or_scoresheet, "review", None)
    outcome = getattr(review, "verification_outcome", None) or VerificationOutcome()
    made_from = {s.unit: (s.file, s.sha256) for s in getattr(result_or_scoresheet, "sources", ())
                 if s.role == "submission" and s.status == "used" and s.unit and s.sha256}
    path = Path(path)
    with atomic_workbook(path, created) as wb:
        f = _formats(wb)
        ws = wb.add_worksheet(VERIFY_SHEET)
        meta = wb.add_worksheet(META_SHEET)
        table = _table(ws, f, block, data, outcome)
        _meta(meta, block, table, outcome, {u: made_from[u] for u in data if u in made_from})
    return path


def _formats(wb) -> dict:
    base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
    cell = {**base, "border": 1, "text_wrap": True}
    return {
        "title": wb.add_format({**base, "bold": True, "font_size": 14, "align": "center"}),
        "sub": wb.add_format({**base, "italic": True, "align": "center", "text_wrap": True}),
        "note": wb.add_format({**base, "italic": True, "text_wrap": True, "valign": "top"}),
        "carried": wb.add_format({**base, "italic": True, "bold": True, "text_wrap": True,
                                  "valign": "top", "font_color": "#833C0B"}),
        "th": wb.add_format({**cell, "bold": True, "align": "center", "bg_color": "#DDEBF7"}),
        "text": wb.add_format(cell),
        "center": wb.add_format({**cell, "align": "center"}),
        "num": wb.add_format({**cell, "align": "center", "num_format": "0.##"}),
        "small": wb.add_format({**cell, "font_size": 9}),
        "input": wb.add_format({**cell, "align": "center", "locked": False,
                                "bg_color": INPUT_FILL, "num_format": "0.##"}),
        "input_text": wb.add_format({**cell, "locked": False, "bg_color": INPUT_FILL}),
    }


def _table(ws, f: dict, block: Block, data: dict,
           outcome: VerificationOutcome) -> list[tuple[int, str, str, Carried | None]]:
    """The visible sheet; returns (row, unit, criterion, what it carries) of every row written."""
    last = len(HEADERS) - 1
    ws.merge_range(0, 0, 0, last, f"BẢNG THẨM ĐỊNH ĐIỂM THI ĐUA NĂM {block.year}", f["title"])
    ws.merge_range(1, 0, 1, last, f"{block.name} — {block.province}", f["sub"])
    ws.set_row(2, 44)
    ws.merge_range(2, 0, 2, last, (
        "Khối trưởng, Khối phó đối chiếu minh chứng và chỉ nhập vào hai cột màu vàng: "
        "\"Điểm thẩm định\" (để trống nếu giữ nguyên điểm tự chấm) và \"Lý do điều chỉnh\" "
        "(bắt buộc khi điểm thẩm định khác điểm tự chấm). Không sửa mã đơn vị, mã tiêu chí. "
        "Điểm trừ nhập là số không âm."), f["note"])
    _carried_line(ws, f, block, data, outcome, last)
    for col, (head, width) in enumerate(zip(HEADERS, WIDTHS)):
        ws.set_column(col, col, width)
        ws.write_string(HEADER_ROW, col, head, f["th"])
    ws.set_row(HEADER_ROW, 32)
    table: list[tuple[int, str, str, Carried | None]] = []
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
            carried = outcome.carried.get((unit.code, crit.code))
            notes = [f"{where[0]} › {where[1]}!{where[2]}"] if where else []
            if carried is not None and carried.verified is not None:
                notes.append(label("verification.form.from", files=", ".join(carried.origin)))
            if (unit.code, crit.code) in outcome.unsettled:
                notes.append(outcome.unsettled[(unit.code, crit.code)])
            ws.write_string(r, C_SRC, "; ".join(notes), f["small"])
            if carried is not None and carried.verified is not None:
                ws.write_number(r, C_VER, float(carried.verified), f["input"])
            else:
                ws.write_blank(r, C_VER, None, f["input"])
            if carried is not None and carried.reason:
                ws.write_string(r, C_REASON, carried.reason, f["input_text"])
            else:
                ws.write_blank(r, C_REASON, None, f["input_text"])
            ws.data_validation(r, C_VER, r, C_VER, {
                "validate": "decimal", "criteria": "between", "minimum": 0,
                "maximum": float(crit.max), "ignore_blank": True,
                "input_title": f"Tiêu chí {crit.code}"[:32],
                "input_message": f"Điểm thẩm định từ 0 đến {format_plain(crit.max)}; để trống nếu "
                                 "giữ nguyên điểm tự chấm."[:255],
                "error_title": "Điểm không hợp lệ",
                "error_message": f"Điểm thẩm định phải từ 0 đến {format_plain(crit.max)}.",
                "error_type": "stop"})
            table.append((r, unit.code, crit.code, carried))
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


def _carried_line(ws, f: dict, block: Block, data: dict, outcome: VerificationOutcome,
                  last: int) -> None:
    """Row 4, above the header: which forms the values written in came from, and how many cells
    verified somewhere have no score in force; left empty when there is neither."""
    def shown(cells):
        return sum(1 for (u, c) in cells if u in data and c not in block.unit(u).not_applicable)

    n = shown(k for k, v in outcome.carried.items() if v.verified is not None or v.reason)
    unsettled = shown(outcome.unsettled)
    if not n and not unsettled:
        return
    text = label("verification.form.carried", n=n, files=", ".join(outcome.origins)) if n else ""
    if unsettled:
        text = (text + label("verification.form.unsettled", n=unsettled)).strip()
    ws.set_row(HEADER_ROW - 1, 44)
    ws.merge_range(HEADER_ROW - 1, 0, HEADER_ROW - 1, last, text, f["carried"])


def _meta(meta, block: Block, table: list[tuple[int, str, str, Carried | None]],
          outcome: VerificationOutcome, made_from: dict[str, tuple[str, str]]) -> None:
    """The very hidden ``_meta``: the form's kind, block and columns, then a row per table row
    (with what it carries), then the submissions the rows were made from and the forms whose
    values it carries (``submission`` and ``known`` rows)."""
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
    for col, name in enumerate(VERIFY_META_TABLE):
        meta.write_string(mr, col, name)
    for row, unit_code, crit_code, carried in table:
        mr += 1
        meta.write_number(mr, 0, row + 1)
        meta.write_string(mr, 1, unit_code)
        meta.write_string(mr, 2, crit_code)
        meta.write_string(mr, 3, xl_rowcol_to_cell(row, C_VER))
        meta.write_string(mr, 4, xl_rowcol_to_cell(row, C_REASON))
        if carried is not None:
            if carried.verified is not None:
                meta.write_number(mr, 5, float(carried.verified))
            if carried.reason:
                meta.write_string(mr, 6, carried.reason)
            meta.write_string(mr, 7, "; ".join(carried.origin))
    mr += 1
    for unit_code, (name, sha) in sorted(made_from.items()):
        mr += 1
        for col, value in enumerate((META_SUBMISSION, unit_code, name, sha)):
            meta.write_string(mr, col, value)
    for sha, name in outcome.known:
        mr += 1
        for col, value in enumerate((META_KNOWN, sha, name)):
            meta.write_string(mr, col, value)
    meta.protect("")
    meta.very_hidden()
