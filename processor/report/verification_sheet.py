"""The result workbook's verification sheet: each unit's self and verified final score side by
side, then every adjusted criterion with its reason and the cell it came from. Differences are
formulas over the sheet's own cells, with the tool's value cached."""
from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..labels import label
from ..stages.review_data import ReviewData
from .review_style import Formats, page_setup, sheet_name, unit_name, write_value
from .styles import code_width, text_height

UNIT_COLUMNS = ("no", "code", "unit", "self", "verified", "difference", "adjusted")
CHANGE_COLUMNS = ("unit", "criterion", "text", "max", "self", "verified", "difference", "reason",
                  "cell")


def write_verification_sheet(workbook, styles, result, lang: str, data: ReviewData) -> None:
    """Add the sheet to ``workbook`` (XlsxWriter); ``styles``: the report's, or None."""
    f, block = Formats(workbook, styles), result.block
    ws = workbook.add_worksheet(sheet_name("verification", lang))
    codes = code_width(block.unit_codes)
    widths = (max(6, codes), max(10, codes), 26, 12, 12, 12, 12, 30, 24)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    last = len(widths) - 1
    ws.merge_range(0, 0, 0, last, None)
    ws.write_string(0, 0, label("review.v.title", lang, year=block.year), f["title"])
    ws.merge_range(1, 0, 1, last, None)
    ws.write_string(1, 0, label("review.v.source", lang, file=data.verification_file)
                    if data.verification_file else label("review.v.none", lang), f["note"])
    r = 3
    for c, key in enumerate(UNIT_COLUMNS):
        ws.write_string(r, c, label(f"review.v.units.{key}", lang), f["header"])
    ws.set_row(r, max(text_height(label(f"review.v.units.{k}", lang), widths[c] * 0.8)
                      for c, k in enumerate(UNIT_COLUMNS)))
    head = r
    counts: dict[str, int] = {}
    for ch in data.changes:
        counts[ch.unit] = counts.get(ch.unit, 0) + 1
    n = 0
    for unit in block.units:
        if unit.code not in data.self_finals:
            continue
        r += 1
        n += 1
        ws.write_number(r, 0, n, f["int"])
        ws.write_string(r, 1, unit.code, f["text_center"])
        ws.write_string(r, 2, unit_name(block, unit.code), f["text"])
        self_final, ver = data.self_finals.get(unit.code), data.verified_finals.get(unit.code)
        write_value(ws, r, 3, self_final, f["score"])
        write_value(ws, r, 4, ver, f["score"])
        if self_final is not None and ver is not None:
            ws.write_formula(r, 5, f"=ROUND({xl_rowcol_to_cell(r, 4)}-{xl_rowcol_to_cell(r, 3)},2)",
                             f["score"], round(ver - self_final, 2))
        else:
            ws.write_blank(r, 5, None, f["score"])
        ws.write_number(r, 6, counts.get(unit.code, 0), f["int"])
    r += 2
    ws.write_string(r, 0, label("review.v.changes", lang), f["heading"])
    r += 1
    for c, key in enumerate(CHANGE_COLUMNS):
        ws.write_string(r, c, label(f"review.v.cols.{key}", lang), f["header"])
    ws.set_row(r, max(text_height(label(f"review.v.cols.{k}", lang), widths[c] * 0.8)
                      for c, k in enumerate(CHANGE_COLUMNS)))
    if not data.changes:
        r += 1
        ws.merge_range(r, 0, r, last, None)
        ws.write_string(r, 0, label("review.v.nochange", lang), f["note"])
    for ch in data.changes:
        r += 1
        crit = block.criterion(ch.criterion)
        ws.write_string(r, 0, ch.unit, f["text_center"])
        ws.write_string(r, 1, ch.criterion, f["text_center"])
        ws.write_string(r, 2, crit.text, f["text_small"])
        ws.write_number(r, 3, float(crit.max), f["score"])
        write_value(ws, r, 4, ch.self_score, f["score"])
        ws.write_number(r, 5, ch.verified, f["score"])
        if ch.self_score is not None:
            ws.write_formula(r, 6, f"={xl_rowcol_to_cell(r, 5)}-{xl_rowcol_to_cell(r, 4)}",
                             f["score"], ch.verified - ch.self_score)
        else:
            ws.write_blank(r, 6, None, f["score"])
        ws.write_string(r, 7, ch.reason or "—", f["text"])
        ws.write_string(r, 8, f"{ch.file or ''} › {ch.cell}", f["text_small"])
        ws.set_row(r, max(text_height(crit.text, widths[2] * 0.95, 10),
                          text_height(ch.reason or "—", widths[7] * 0.95),
                          text_height(f"{ch.file or ''} › {ch.cell}", widths[8] * 0.95, 10)))
    ws.freeze_panes(head + 1, 0)
    page_setup(ws, True, r, last, head)
