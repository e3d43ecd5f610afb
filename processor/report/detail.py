"""Chi tiết điểm: the criterion × unit matrix of self scores, with live subtotal formulas.

Every score cell carries a note "Nguồn: file › sheet!cell" (and the evidence the unit gave).
Section subtotals, the base sum, the applicable maximum, the normalized base, bonus, deduction
and the final score are formulas whose cached values are the tool's own figures, rounded as
Excel's ROUND does, so that a spreadsheet recalculating them finds exactly the same numbers.

A block of more than :data:`LARGE_BLOCK_UNITS` units (school and district blocks, individual
civil servants) gets the large layout of :mod:`processor.report.detail_rows` instead: one row per
unit, the criteria as columns, the source file in a column and the source cells stated once in a
header row, with comments only on the cells that are not where the template puts them.
"""
from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..labels import label
from . import detail_rows
from .common import a1_ranges, round2, runs, sheet_name
from .detail_layout import (FIRST_UNIT_COL, LARGE_BLOCK_UNITS, DetailLayout, has_scores, highlight,
                            large, not_applicable, total_titles)
from .styles import page_setup, put, put_merged, set_width, text_height

HEADER_ROW = 2
CODE_W, TEXT_W, MAX_W, UNIT_W = 7, 44, 8, 11.5


def layout(result, lang: str) -> DetailLayout:
    """The layout ``result`` gets: units as columns, or as rows for a large block."""
    if large(result):
        return detail_rows.layout(result, lang)
    lay = DetailLayout(sheet=sheet_name("detail", lang), units=[u.code for u in result.units])
    for i, code in enumerate(lay.units):
        lay.col[code] = FIRST_UNIT_COL + i
    row = HEADER_ROW + 1
    for section in result.block.sections:
        lay.section_row[section.code] = row
        row += 1
        for crit in section.criteria:
            lay.criterion_row[crit.code] = row
            row += 1
    for what in ("base_sum", "applicable_max", "normalized", "bonus", "deduction", "final", "rank"):
        lay.rows[what] = row
        row += 1
    return lay


def write(ws, styles, result, lang: str, lay: DetailLayout) -> None:
    if lay.by_rows:
        detail_rows.write(ws, styles, result, lang, lay)
        return
    block = result.block
    last = lay.last_col
    set_width(ws, 0, 0, CODE_W)
    set_width(ws, 1, 1, TEXT_W)
    set_width(ws, 2, 2, MAX_W)
    set_width(ws, FIRST_UNIT_COL, max(last, FIRST_UNIT_COL), UNIT_W)
    ws.set_row(0, 24)
    put_merged(ws, 0, 0, 0, max(last, 2), label("detail.title", lang, year=block.year),
               styles["title"])
    ws.set_row(1, 30)
    put_merged(ws, 1, 0, 1, max(last, 2), label("detail.note", lang), styles["note"])

    put(ws, HEADER_ROW, 0, label("col.code", lang), styles["header"])
    put(ws, HEADER_ROW, 1, label("col.criterion", lang), styles["header"])
    put(ws, HEADER_ROW, 2, label("col.max", lang), styles["header"])
    head_h = 48.0
    for unit in result.units:
        col = lay.col[unit.code]
        put(ws, HEADER_ROW, col, unit.short_name or unit.name, styles["header"])
        head_h = max(head_h, text_height(unit.short_name or unit.name, UNIT_W * 0.7))
        note = [unit.name, label(f"status.{unit.status}", lang)]
        if unit.file:
            note.append(label("detail.file", lang, file=unit.file))
        ws.write_comment(HEADER_ROW, col, "\n".join(note),
                         {"x_scale": 2.2, "y_scale": 1.2, "font_size": 9})
    ws.set_row(HEADER_ROW, head_h)

    score_rows = {"score": [], "bonus": [], "deduction": []}
    for section in block.sections:
        srow = lay.section_row[section.code]
        put(ws, srow, 0, section.code, styles["section"])
        put(ws, srow, 1, section.title, styles["section"])
        put(ws, srow, 2, section.max, styles["score_section"])
        ws.set_row(srow, text_height(section.title, TEXT_W))
        crit_rows = [lay.criterion_row[c.code] for c in section.criteria]
        for unit in result.units:
            _subtotal(ws, styles, unit, section, srow, crit_rows, lay)
        for crit in section.criteria:
            row = lay.criterion_row[crit.code]
            score_rows.setdefault(crit.kind, []).append(row)
            put(ws, row, 0, crit.code, styles["text_center"])
            put(ws, row, 1, crit.text, styles["text"])
            put(ws, row, 2, crit.max, styles["score"])
            ws.set_row(row, text_height(crit.text, TEXT_W))
            for unit in result.units:
                _score_cell(ws, styles, block, unit, crit, row, lay.col[unit.code], lang)

    _totals(ws, styles, result, lang, lay, score_rows)
    last_row = lay.rows["rank"]
    last_crit = lay.rows["base_sum"] - 1
    if result.units:
        for first_row, last_row_ in runs(score_rows["score"]):   # base criteria only
            highlight(ws, styles, (first_row, FIRST_UNIT_COL, last_row_, last),
                      xl_rowcol_to_cell(first_row, FIRST_UNIT_COL), f"$C{first_row + 1}")
        for first_row, last_row_ in runs(score_rows["deduction"]):
            highlight(ws, styles, (first_row, FIRST_UNIT_COL, last_row_, last),
                      xl_rowcol_to_cell(first_row, FIRST_UNIT_COL))
    ws.freeze_panes(HEADER_ROW + 1, FIRST_UNIT_COL)
    ws.autofilter(HEADER_ROW, 0, last_crit, max(last, 2))
    page_setup(ws, landscape=True, repeat_rows=(HEADER_ROW, HEADER_ROW),
               print_area=(0, 0, last_row, max(last, 2)), lang=lang)


def _subtotal(ws, styles, unit, section, srow, crit_rows, lay) -> None:
    col = lay.col[unit.code]
    if not has_scores(unit):
        ws.write_blank(srow, col, None, styles["score_section"])
        return
    cached = unit.sections.get(section.code)
    if cached is None:
        cached = sum(v for c in section.criteria if (v := unit.scores.get(c.code)) is not None)
    refs = ",".join(a1_ranges(crit_rows, col))
    ws.write_formula(srow, col, f"=ROUND(SUM({refs}),2)", styles["score_section"], round2(cached))
    lay.cached[(unit.code, section.code)] = round2(cached)


def _score_cell(ws, styles, block, unit, crit, row, col, lang) -> None:
    try:
        na = crit.code in block.unit(unit.code).not_applicable
    except KeyError:
        na = False
    if na:
        put(ws, row, col, label("detail.na", lang), styles["na"])
        return
    value = unit.scores.get(crit.code)
    unscored = value is None and unit.status not in ("missing", "not_participating")
    put(ws, row, col, value, styles["score_blank" if unscored else "score"])
    origin = unit.origin.get(crit.code)
    evidence = unit.evidence.get(crit.code, "")
    if origin or evidence:
        lines = []
        if origin:
            file, sheet, cell = origin
            lines.append(label("detail.source", lang, where=f"{file} › {sheet}!{cell}"))
        if evidence:
            lines.append(label("detail.evidence", lang, text=evidence))
        ws.write_comment(row, col, "\n".join(lines),
                         {"x_scale": 2.6, "y_scale": 1.3, "font_size": 9})


def _totals(ws, styles, result, lang, lay, score_rows) -> None:
    block = result.block
    rows = lay.rows
    full = block.full_base_max
    kinds = {s.code: s.kind for s in block.sections}
    titles = total_titles(block, lang)
    for what, row in rows.items():
        style = "label_total" if what == "final" else "text_bold"
        put_merged(ws, row, 0, row, 1, titles[what], styles[style])
        ws.set_row(row, 20)
    # column C: the maxima, the base maximum as a formula over the section maxima
    base_sections = [lay.section_row[c] for c, k in kinds.items() if k == "score"]
    base_max_refs = "+".join(f"C{r + 1}" for r in base_sections) or "0"
    ws.write_formula(rows["base_sum"], 2, f"={base_max_refs}", styles["score_bold"], full)
    ws.write_formula(rows["applicable_max"], 2, f"=C{rows['base_sum'] + 1}", styles["score_bold"],
                     full)
    put(ws, rows["normalized"], 2, full, styles["score_bold"])
    for what in ("bonus", "deduction", "final", "rank"):
        put(ws, rows[what], 2, None, styles["score_total" if what == "final" else "score_bold"])

    def by_kind(kind: str, col: int) -> str:
        parts = []
        for section in block.sections:
            if section.kind == kind:
                parts.append(xl_rowcol_to_cell(lay.section_row[section.code], col))
            elif section.kind == "mixed":
                crit = [lay.criterion_row[c.code] for c in section.criteria if c.kind == kind]
                parts.extend(a1_ranges(crit, col))
        return ",".join(parts)

    base_cell = f"$C${rows['base_sum'] + 1}"
    for unit in result.units:
        col = lay.col[unit.code]
        c = xl_col_to_name(col)
        if not has_scores(unit):
            for what in ("base_sum", "applicable_max", "normalized", "bonus", "deduction", "final"):
                put(ws, rows[what], col, None, styles["score_total" if what == "final" else "score_bold"])
            put(ws, rows["rank"], col, unit.rank, styles["int"])
            continue
        na_rows = [lay.criterion_row[code] for code in sorted(not_applicable(block, unit.code))
                   if code in lay.criterion_row and block.criterion(code).kind == "score"]
        app_formula = "=" + base_cell + "".join(f"-$C${r + 1}" for r in na_rows)
        app_cached = unit.applicable_max
        if app_cached is None:
            app_cached = full - sum(block.criterion(code).max for code in not_applicable(block, unit.code)
                                    if block.criterion(code).kind == "score")
        base_cached = unit.base_sum
        if base_cached is None:
            base_cached = sum(v for k, v in unit.scores.items()
                              if v is not None and k in lay.criterion_row
                              and block.criterion(k).kind == "score")
        bonus = unit.bonus if unit.bonus is not None else 0.0
        deduction = unit.deduction if unit.deduction is not None else 0.0
        base_ref, app_ref = f"{c}{rows['base_sum'] + 1}", f"{c}{rows['applicable_max'] + 1}"
        bonus_ref, ded_ref = f"{c}{rows['bonus'] + 1}", f"{c}{rows['deduction'] + 1}"
        ws.write_formula(rows["base_sum"], col, f"=ROUND(SUM({by_kind('score', col) or 0}),2)",
                         styles["score_bold"], round2(base_cached))
        ws.write_formula(rows["applicable_max"], col, app_formula, styles["score_bold"],
                         round2(app_cached))
        normalized = unit.normalized_base
        if normalized is None and app_cached:
            normalized = base_cached / app_cached * full
        ws.write_formula(rows["normalized"], col, f"=ROUND({base_ref}/{app_ref}*{base_cell},2)",
                         styles["score_bold"], round2(normalized))
        lay.cached[(unit.code, "normalized")] = round2(normalized)
        for what, kind, cached in (("bonus", "bonus", bonus), ("deduction", "deduction", deduction)):
            refs = by_kind(kind, col)
            if refs:
                ws.write_formula(rows[what], col, f"=ROUND(SUM({refs}),2)", styles["score_bold"],
                                 round2(cached))
                lay.cached[(unit.code, what)] = round2(cached)
            else:
                put(ws, rows[what], col, 0, styles["score_bold"])
                lay.cached[(unit.code, what)] = 0
        if unit.final_score is None:
            put(ws, rows["final"], col, None, styles["score_total"])
        else:
            ws.write_formula(rows["final"], col,
                             f"=ROUND({base_ref}/{app_ref}*{base_cell}+{bonus_ref}-{ded_ref},2)",
                             styles["score_total"], unit.final_score)
            lay.cached[(unit.code, "final")] = unit.final_score
        put(ws, rows["rank"], col, unit.rank, styles["int"])


__all__ = ["DetailLayout", "LARGE_BLOCK_UNITS", "large", "layout", "write"]
