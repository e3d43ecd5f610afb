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

from dataclasses import dataclass, field

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..labels import label
from .common import quoted, round2, runs as _runs, sheet_name
from .styles import page_setup, put, put_merged, set_width, text_height

HEADER_ROW = 2
FIRST_UNIT_COL = 3
LARGE_BLOCK_UNITS = 60
"""Above this many units the detail sheet lists units as rows (see the module doc). Up to 60
unit columns still print legibly one page wide in landscape, and 60 units × ~20 comments stay
cheap; beyond that a column per unit is unreadable and per-cell comments (VML shapes) dominate
the time and size of the workbook, and Excel's 16,384 columns cap the block size."""
CODE_W, TEXT_W, MAX_W, UNIT_W = 7, 44, 8, 11.5


@dataclass
class DetailLayout:
    """Where each figure lives on the detail sheet, for formulas and charts elsewhere."""
    sheet: str
    units: list[str]                                  # unit codes, one column each
    col: dict[str, int] = field(default_factory=dict)
    section_row: dict[str, int] = field(default_factory=dict)
    criterion_row: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # base_sum, applicable_max, normalized, ...
    cached: dict[tuple[str, str], float | None] = field(default_factory=dict)  # what each holds
    by_rows: bool = False                             # the large layout: one row per unit
    unit_row: dict[str, int] = field(default_factory=dict)   # by_rows: unit -> row
    what_col: dict[str, int] = field(default_factory=dict)   # by_rows: criterion/section/total -> col

    def cell(self, unit: str, row: int, absolute: bool = True) -> str:
        return xl_rowcol_to_cell(row, self.col[unit], row_abs=absolute, col_abs=absolute)

    def ref(self, unit: str, what: str) -> str:
        """A reference from another sheet: 'Chi tiết điểm'!$D$40."""
        if self.by_rows:
            row, col = self.unit_row[unit], self.what_col[what]
        else:
            row = self.rows[what] if what in self.rows else self.section_row[what]
            col = self.col[unit]
        return f"{quoted(self.sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"

    @property
    def last_col(self) -> int:
        return FIRST_UNIT_COL + len(self.units) - 1


def large(result) -> bool:
    """Whether ``result`` gets the large (units as rows) layout."""
    return len(result.units) > LARGE_BLOCK_UNITS


def layout(result, lang: str) -> DetailLayout:
    if large(result):
        from .detail_rows import layout as rows_layout

        return rows_layout(result, lang)
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



def _ranges(rows: list[int], col: int) -> list[str]:
    """Contiguous runs of rows in one column as A1 ranges (relative)."""
    out = []
    for first, last in _runs(rows):
        a = xl_rowcol_to_cell(first, col)
        out.append(a if first == last else f"{a}:{xl_rowcol_to_cell(last, col)}")
    return out


def write(ws, styles, result, lang: str, lay: DetailLayout) -> None:
    if lay.by_rows:
        from .detail_rows import write as rows_write

        rows_write(ws, styles, result, lang, lay)
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
        for first_row, last_row_ in _runs(score_rows["score"]):   # base criteria only
            highlight(ws, styles, (first_row, FIRST_UNIT_COL, last_row_, last),
                      xl_rowcol_to_cell(first_row, FIRST_UNIT_COL), f"$C{first_row + 1}")
        for first_row, last_row_ in _runs(score_rows["deduction"]):
            highlight(ws, styles, (first_row, FIRST_UNIT_COL, last_row_, last),
                      xl_rowcol_to_cell(first_row, FIRST_UNIT_COL))
    ws.freeze_panes(HEADER_ROW + 1, FIRST_UNIT_COL)
    ws.autofilter(HEADER_ROW, 0, last_crit, max(last, 2))
    page_setup(ws, landscape=True, repeat_rows=(HEADER_ROW, HEADER_ROW),
               print_area=(0, 0, last_row, max(last, 2)), lang=lang)


def _has_scores(unit) -> bool:
    return unit.status != "missing" and any(v is not None for v in unit.scores.values())


def _subtotal(ws, styles, unit, section, srow, crit_rows, lay) -> None:
    col = lay.col[unit.code]
    if not _has_scores(unit):
        ws.write_blank(srow, col, None, styles["score_section"])
        return
    cached = unit.sections.get(section.code)
    if cached is None:
        cached = sum(v for c in section.criteria if (v := unit.scores.get(c.code)) is not None)
    refs = ",".join(_ranges(crit_rows, col))
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
    unscored = value is None and unit.status != "missing"
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


def total_titles(block, lang: str) -> dict[str, str]:
    """Labels of the totals rows (or columns, in the large layout)."""
    return {
        "base_sum": label("detail.base_sum", lang),
        "applicable_max": label("detail.applicable_max", lang),
        "normalized": label("detail.normalized", lang, full=f"{block.full_base_max:g}"),
        "bonus": label("detail.bonus", lang),
        "deduction": label("detail.deduction", lang),
        "final": label("detail.final", lang),
        "rank": label("detail.rank", lang),
    }


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
                parts.extend(_ranges(crit, col))
        return ",".join(parts)

    base_cell = f"$C${rows['base_sum'] + 1}"
    for unit in result.units:
        col = lay.col[unit.code]
        c = xl_col_to_name(col)
        if not _has_scores(unit):
            for what in ("base_sum", "applicable_max", "normalized", "bonus", "deduction", "final"):
                put(ws, rows[what], col, None, styles["score_total" if what == "final" else "score_bold"])
            put(ws, rows["rank"], col, unit.rank, styles["int"])
            continue
        na_rows = [lay.criterion_row[code] for code in sorted(_na(block, unit.code))
                   if code in lay.criterion_row and block.criterion(code).kind == "score"]
        app_formula = "=" + base_cell + "".join(f"-$C${r + 1}" for r in na_rows)
        app_cached = unit.applicable_max
        if app_cached is None:
            app_cached = full - sum(block.criterion(code).max for code in _na(block, unit.code)
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


def _na(block, code: str) -> frozenset:
    try:
        return block.unit(code).not_applicable
    except KeyError:
        return frozenset()


def highlight(ws, styles, rng: tuple[int, int, int, int], top: str, maxcell: str | None = None) -> None:
    """Conditional formats over a run of criterion cells, ``top`` its first cell (the formulas
    are written for it and shift with each cell): with ``maxcell``, base scores (green at the
    maximum, red under half of it); without, deductions (red and bold above 0)."""
    if maxcell is None:
        deduction = styles.derive("text", "cf_deduction", font_color="#C00000", bold=True)
        ws.conditional_format(*rng, {"type": "formula", "format": deduction,
                                     "criteria": f"=AND(ISNUMBER({top}),{top}>0)"})
        return
    full = styles.derive("text", "cf_full", bg_color="#C6EFCE", font_color="#006100")
    low = styles.derive("text", "cf_low", bg_color="#FFC7CE", font_color="#9C0006")
    ws.conditional_format(*rng, {"type": "formula", "format": full,
                                 "criteria": f"=AND(ISNUMBER({top}),{top}>={maxcell})"})
    ws.conditional_format(*rng, {"type": "formula", "format": low,
                                 "criteria": f"=AND(ISNUMBER({top}),{top}<0.5*{maxcell})"})


__all__ = ["DetailLayout", "LARGE_BLOCK_UNITS", "large", "layout", "write"]
