"""Chi tiết điểm, large layout: one row per unit, one column per criterion (blocks above
:data:`processor.report.detail_layout.LARGE_BLOCK_UNITS` units).

Rows, top to bottom: title; note; a band naming each section over its columns; the maxima
(điểm chuẩn); the source cell of each criterion in the template ("Ô nguồn", e.g. ``Tự chấm
điểm!E12``); the column headers (filterable); then one row per unit in ranking order. Columns:
unit code, unit name, source file ("Tệp nguồn"), then per section its criteria and its subtotal,
then base sum, applicable maximum, normalized base, bonus, deduction, final score and rank.

Section subtotals and every total are live ``=ROUND(...)`` formulas whose cached values are the
tool's figures, exactly as in the small layout. Traceability without a comment per cell: each
figure is at "file (column Tệp nguồn) › the cell named in the header row", where the header cell
is the most common location of that criterion over all units (the template's own cell). Only a
score whose origin is elsewhere (a unit that inserted a row, another sheet, another file) carries
a comment giving its own file › sheet!cell. The criterion texts are comments on the header row.
"""
from __future__ import annotations

from collections import Counter

from xlsxwriter.utility import xl_col_to_name

from ..labels import label
from .common import round2, runs, sheet_name
from .detail_layout import DetailLayout, has_scores, highlight, not_applicable, total_titles
from .styles import page_setup, put, put_merged, set_width, text_height

TITLE_ROW, NOTE_ROW, BAND_ROW, MAX_ROW, CELL_ROW, HEADER_ROW = range(6)
FIRST_ROW = HEADER_ROW + 1
CODE_COL, NAME_COL, FILE_COL = 0, 1, 2
FIRST_CRIT_COL = 3
TOTALS = ("base_sum", "applicable_max", "normalized", "bonus", "deduction", "final", "rank")
CODE_W, NAME_W, FILE_W, CRIT_W, SUB_W, TOTAL_W, RANK_W = 11, 30, 28, 7.5, 8.5, 10.5, 7
COMMENT = {"x_scale": 2.6, "y_scale": 1.3, "font_size": 9}


def layout(result, lang: str) -> DetailLayout:
    lay = DetailLayout(sheet=sheet_name("detail", lang), units=[u.code for u in result.units],
                       by_rows=True)
    col = FIRST_CRIT_COL
    for section in result.block.sections:
        for crit in section.criteria:
            lay.what_col[crit.code] = col
            col += 1
        lay.what_col[section.code] = col
        col += 1
    for what in TOTALS:
        lay.what_col[what] = col
        col += 1
    for i, code in enumerate(lay.units):
        lay.unit_row[code] = FIRST_ROW + i
    return lay


def home_cells(result) -> dict[str, tuple[str, str]]:
    """criterion -> (sheet, cell) where most units' score for it came from (ties: the first in
    sort order, so the choice is reproducible)."""
    counts: dict[str, Counter] = {}
    for unit in result.units:
        for code, (_file, sheet, cell) in unit.origin.items():
            counts.setdefault(code, Counter())[(sheet, cell)] += 1
    return {code: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for code, c in counts.items()}


def moved_cells(result, home=None) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(unit, criterion) -> origin, for each score that is not at its home cell of the unit's
    file: these, and only these, get a comment."""
    home = home_cells(result) if home is None else home
    out = {}
    for unit in result.units:
        for code, origin in unit.origin.items():
            if origin[0] != unit.file or (origin[1], origin[2]) != home.get(code):
                out[(unit.code, code)] = origin
    return out


def write(ws, styles, result, lang: str, lay: DetailLayout) -> None:
    block = result.block
    wc = lay.what_col
    last_col = wc["rank"]
    last_row = FIRST_ROW + len(result.units) - 1
    home = home_cells(result)
    criteria = [c for s in block.sections for c in s.criteria]
    kinds = {c.code: c.kind for c in criteria}

    # --- columns -------------------------------------------------------------------------------
    set_width(ws, CODE_COL, CODE_COL, CODE_W)
    set_width(ws, NAME_COL, NAME_COL, NAME_W)
    set_width(ws, FILE_COL, FILE_COL, FILE_W)
    for section in block.sections:
        for crit in section.criteria:
            set_width(ws, wc[crit.code], wc[crit.code], CRIT_W)
        set_width(ws, wc[section.code], wc[section.code], SUB_W)
    set_width(ws, wc["base_sum"], wc["final"], TOTAL_W)
    set_width(ws, wc["rank"], wc["rank"], RANK_W)

    # --- title, note, section band ---------------------------------------------------------------
    ws.set_row(TITLE_ROW, 24)
    put_merged(ws, TITLE_ROW, 0, TITLE_ROW, last_col, label("detail.title", lang, year=block.year),
               styles["title"])
    sheets = sorted({sheet for sheet, _ in home.values()})
    note = label("detail.note.rows", lang, units=len(result.units),
                 sheet=", ".join(sheets) if sheets else "—")
    ws.set_row(NOTE_ROW, text_height(note, 200, 11, min_lines=2))
    put_merged(ws, NOTE_ROW, 0, NOTE_ROW, last_col, note, styles["note"])
    band_h = 20.0
    put_merged(ws, BAND_ROW, CODE_COL, BAND_ROW, FILE_COL, "", styles["section"])
    for section in block.sections:
        first = wc[section.criteria[0].code] if section.criteria else wc[section.code]
        title = f"{section.code}. {section.title}"
        put_merged(ws, BAND_ROW, first, BAND_ROW, wc[section.code], title, styles["section"])
        width = CRIT_W * len(section.criteria) + SUB_W
        band_h = max(band_h, text_height(title, width))
    put_merged(ws, BAND_ROW, wc["base_sum"], BAND_ROW, last_col, label("detail.totals", lang),
               styles["section"])
    ws.set_row(BAND_ROW, min(band_h, 80))

    # --- maxima, template cells, headers: row by row (the sheet may be streamed, see sheet.py)
    full = block.full_base_max
    titles = total_titles(block, lang)
    subtotal = {s.code: f"{label('detail.subtotal', lang)} {s.code}" for s in block.sections}
    head_h = max([32.0] + [text_height(t, SUB_W * 0.8) for t in subtotal.values()]
                 + [text_height(titles[w], (RANK_W if w == "rank" else TOTAL_W) * 0.85)
                    for w in TOTALS])
    ws.set_row(CELL_ROW, 30)
    ws.set_row(HEADER_ROW, head_h)

    put(ws, MAX_ROW, CODE_COL, None, styles["text_bold"])
    put_merged(ws, MAX_ROW, NAME_COL, MAX_ROW, FILE_COL, label("detail.max_row", lang),
               styles["text_bold"])
    for section in block.sections:
        for crit in section.criteria:
            put(ws, MAX_ROW, wc[crit.code], crit.max, styles["score_bold"])
        put(ws, MAX_ROW, wc[section.code], section.max, styles["score_section"])
    base_max_refs = "+".join(f"{xl_col_to_name(wc[s.code])}{MAX_ROW + 1}"
                             for s in block.sections if s.kind == "score") or "0"
    ws.write_formula(MAX_ROW, wc["base_sum"], f"={base_max_refs}", styles["score_bold"], full)
    base_cell = f"${xl_col_to_name(wc['base_sum'])}${MAX_ROW + 1}"
    ws.write_formula(MAX_ROW, wc["applicable_max"], f"={base_cell}", styles["score_bold"], full)
    put(ws, MAX_ROW, wc["normalized"], full, styles["score_bold"])
    for what in ("bonus", "deduction", "final", "rank"):
        put(ws, MAX_ROW, wc[what], None, styles["score_bold"])

    put(ws, CELL_ROW, CODE_COL, None, styles["text_small"])
    put_merged(ws, CELL_ROW, NAME_COL, CELL_ROW, FILE_COL, label("detail.cell_row", lang),
               styles["text_small"])
    for section in block.sections:
        for crit in section.criteria:
            where = home.get(crit.code)
            put(ws, CELL_ROW, wc[crit.code], f"{where[0]}!{where[1]}" if where else None,
                styles["text_small"])
        put(ws, CELL_ROW, wc[section.code], None, styles["text_small"])
    for what in TOTALS:
        put(ws, CELL_ROW, wc[what], None, styles["text_small"])

    put(ws, HEADER_ROW, CODE_COL, label("col.code", lang), styles["header"])
    put(ws, HEADER_ROW, NAME_COL, label("col.unit", lang), styles["header"])
    put(ws, HEADER_ROW, FILE_COL, label("col.source_file", lang), styles["header"])
    for section in block.sections:
        for crit in section.criteria:
            c = wc[crit.code]
            put(ws, HEADER_ROW, c, crit.code, styles["header"])
            ws.write_comment(HEADER_ROW, c, f"{crit.code}. {crit.text}\n"
                             f"{label('col.max', lang)}: {crit.max:g}", COMMENT)
        put(ws, HEADER_ROW, wc[section.code], subtotal[section.code], styles["header"])
    for what in TOTALS:
        put(ws, HEADER_ROW, wc[what], titles[what], styles["header"])

    # --- one row per unit ----------------------------------------------------------------------
    _unit_rows(ws, styles, result, lang, lay, home, kinds)

    # --- conditional formats, panes, filter, print -----------------------------------------------
    if result.units:
        _conditional(ws, styles, block, wc, last_row)
    ws.freeze_panes(FIRST_ROW, FIRST_CRIT_COL)
    ws.autofilter(HEADER_ROW, 0, max(last_row, HEADER_ROW), last_col)
    page_setup(ws, landscape=True, repeat_rows=(BAND_ROW, HEADER_ROW),
               print_area=(0, 0, max(last_row, HEADER_ROW), last_col), lang=lang)


def _unit_rows(ws, styles, result, lang, lay, home, kinds) -> None:
    block = result.block
    wc = lay.what_col
    letter = {what: xl_col_to_name(c) for what, c in wc.items()}
    base_cell = f"${letter['base_sum']}${MAX_ROW + 1}"
    max_cell = {code: f"${letter[code]}${MAX_ROW + 1}" for code in kinds}
    f_text, f_small = styles["text_nowrap"], styles["text_small_nowrap"]
    f_score, f_blank, f_na = styles["score"], styles["score_blank"], styles["na"]
    f_section, f_bold, f_total, f_int = (styles["score_section"], styles["score_bold"],
                                         styles["score_total"], styles["int"])
    na_text = label("detail.na", lang)
    sections = [(s, [wc[c.code] for c in s.criteria], [c.code for c in s.criteria])
                for s in block.sections]
    section_kind = {s.code: s.kind for s in block.sections}      # a computed property: once
    kind_cols: dict[str, list[str]] = {}                          # what each total sums
    for kind in ("score", "bonus", "deduction"):
        cols = kind_cols[kind] = []
        for section, _cols, codes in sections:
            if section_kind[section.code] == kind:
                cols.append(letter[section.code])
            elif section_kind[section.code] == "mixed":
                cols.extend(letter[c] for c in codes if kinds[c] == kind)

    def by_kind(kind: str, r: str) -> str:
        return ",".join(c + r for c in kind_cols[kind])

    write_number, write_string = ws.write_number, ws.write_string
    write_blank, write_formula = ws.write_blank, ws.write_formula
    for unit in result.units:
        row = lay.unit_row[unit.code]
        r = str(row + 1)
        write_string(row, CODE_COL, unit.code, f_text)
        write_string(row, NAME_COL, unit.name or unit.code, f_text)
        if unit.file:
            write_string(row, FILE_COL, unit.file, f_small)
        else:
            write_blank(row, FILE_COL, None, f_small)
        na = not_applicable(block, unit.code)
        scored = has_scores(unit)
        missing = unit.status in ("missing", "not_participating")
        scores, origin = unit.scores, unit.origin
        for section, cols, codes in sections:
            for code, col in zip(codes, cols):
                if code in na:
                    write_string(row, col, na_text, f_na)
                    continue
                value = scores.get(code)
                if value is None:
                    write_blank(row, col, None, f_score if missing else f_blank)
                else:
                    write_number(row, col, value, f_score)
                where = origin.get(code)
                if where is not None and (where[0] != unit.file
                                          or (where[1], where[2]) != home.get(code)):
                    _moved_comment(ws, row, col, where, unit.evidence.get(code, ""), lang)
            scol = wc[section.code]
            if not scored:
                write_blank(row, scol, None, f_section)
                continue
            cached = unit.sections.get(section.code)
            if cached is None:
                cached = sum(v for c in codes if (v := scores.get(c)) is not None)
            cached = round2(cached)
            refs = f"{letter[codes[0]]}{r}:{letter[codes[-1]]}{r}" if codes else "0"
            write_formula(row, scol, f"=ROUND(SUM({refs}),2)", f_section, cached)
            lay.cached[(unit.code, section.code)] = cached
        if not scored:
            for what in ("base_sum", "applicable_max", "normalized", "bonus", "deduction"):
                write_blank(row, wc[what], None, f_bold)
            write_blank(row, wc["final"], None, f_total)
            put(ws, row, wc["rank"], unit.rank, f_int)
            continue
        full = block.full_base_max
        na_codes = sorted(code for code in na if kinds.get(code) == "score")
        app_formula = "=" + base_cell + "".join(f"-{max_cell[code]}" for code in na_codes)
        app_cached = unit.applicable_max
        if app_cached is None:
            app_cached = full - sum(block.criterion(code).max for code in na
                                    if block.criterion(code).kind == "score")
        base_cached = unit.base_sum
        if base_cached is None:
            base_cached = sum(v for k, v in scores.items()
                              if v is not None and kinds.get(k) == "score")
        bonus = unit.bonus if unit.bonus is not None else 0.0
        deduction = unit.deduction if unit.deduction is not None else 0.0
        base_ref, app_ref = f"{letter['base_sum']}{r}", f"{letter['applicable_max']}{r}"
        bonus_ref, ded_ref = f"{letter['bonus']}{r}", f"{letter['deduction']}{r}"
        write_formula(row, wc["base_sum"], f"=ROUND(SUM({by_kind('score', r) or 0}),2)", f_bold,
                      round2(base_cached))
        write_formula(row, wc["applicable_max"], app_formula, f_bold, round2(app_cached))
        normalized = unit.normalized_base
        if normalized is None and app_cached:
            normalized = base_cached / app_cached * full
        write_formula(row, wc["normalized"], f"=ROUND({base_ref}/{app_ref}*{base_cell},2)", f_bold,
                      round2(normalized))
        lay.cached[(unit.code, "normalized")] = round2(normalized)
        for what, cached in (("bonus", bonus), ("deduction", deduction)):
            refs = by_kind(what, r)
            if refs:
                write_formula(row, wc[what], f"=ROUND(SUM({refs}),2)", f_bold, round2(cached))
                lay.cached[(unit.code, what)] = round2(cached)
            else:
                write_number(row, wc[what], 0, f_bold)
                lay.cached[(unit.code, what)] = 0
        if unit.final_score is None:
            write_blank(row, wc["final"], None, f_total)
        else:
            write_formula(row, wc["final"],
                          f"=ROUND({base_ref}/{app_ref}*{base_cell}+{bonus_ref}-{ded_ref},2)",
                          f_total, unit.final_score)
            lay.cached[(unit.code, "final")] = unit.final_score
        put(ws, row, wc["rank"], unit.rank, f_int)


def _moved_comment(ws, row, col, where, evidence, lang) -> None:
    file, sheet, cell = where
    lines = [label("detail.source", lang, where=f"{file} › {sheet}!{cell}")]
    if evidence:
        lines.append(label("detail.evidence", lang, text=evidence))
    ws.write_comment(row, col, "\n".join(lines), COMMENT)


def _conditional(ws, styles, block, wc, last_row) -> None:
    criteria = [c for s in block.sections for c in s.criteria]
    for first, last in runs([wc[c.code] for c in criteria if c.kind == "score"]):
        highlight(ws, styles, (FIRST_ROW, first, last_row, last), f"{xl_col_to_name(first)}{FIRST_ROW + 1}",
                  f"{xl_col_to_name(first)}${MAX_ROW + 1}")
    for first, last in runs([wc[c.code] for c in criteria if c.kind == "deduction"]):
        highlight(ws, styles, (FIRST_ROW, first, last_row, last), f"{xl_col_to_name(first)}{FIRST_ROW + 1}")


__all__ = ["layout", "write", "home_cells", "moved_cells", "FIRST_ROW", "HEADER_ROW", "CELL_ROW",
           "MAX_ROW", "FILE_COL", "TOTALS"]
