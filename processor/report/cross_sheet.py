"""The result workbook's cross-scoring sheet: the scorer × scored matrix of every part, the
aggregate under each column, and the combination with the self/verified score. Aggregates and
finals are formulas over the sheet's own cells (but the standardized method, explained in a
note), with the tool's value cached, so recalculating gives the printed figure."""
from __future__ import annotations

from xlsxwriter.utility import xl_range, xl_rowcol_to_cell

from ..labels import label
from ..model import CROSS_TOTAL
from ..stages.review_data import ReviewData
from .review_style import Formats, page_setup, sheet_name, unit_name

COMBINE_COLUMNS = ("code", "unit", "base", "cross", "self_weight", "cross_weight", "final")


def _agg_formula(method: str, rng: str) -> str | None:
    """The aggregate of a column as a spreadsheet formula (None: no formula for the method)."""
    if method == "mean":
        return f"=ROUND(AVERAGE({rng}),2)"
    if method == "median":
        return f"=ROUND(MEDIAN({rng}),2)"
    if method == "trimmed_mean":
        return (f"=ROUND(IF(COUNT({rng})>=3,(SUM({rng})-MAX({rng})-MIN({rng}))/(COUNT({rng})-2),"
                f"AVERAGE({rng})),2)")
    return None


def write_cross_sheet(workbook, styles, result, lang: str, data: ReviewData) -> None:
    """Add the sheet to ``workbook`` (XlsxWriter); ``styles``: the report's, or None."""
    f, block = Formats(workbook, styles), result.block
    cross, cfg = data.cross, data.config.cross
    ws = workbook.add_worksheet(sheet_name("cross", lang))
    codes = list(block.unit_codes)
    last = 1 + len(codes)
    ws.set_column(0, 0, 24)
    ws.set_column(1, last, 10)
    ws.merge_range(0, 0, 0, last, None)
    ws.write_string(0, 0, label("review.c.title", lang, year=block.year), f["title"])
    ws.merge_range(1, 0, 1, last, None)
    fw = (lambda x: f"{x:g}".replace(".", ",")) if lang != "en" else (lambda x: f"{x:g}")
    ws.set_row(1, 32)
    ws.write_string(1, 0, label("review.c.method", lang, method=label(f"cross.method.{cross.method}", lang),
                                sw=fw(cfg.self_weight), cw=fw(cfg.cross_weight)), f["note"])
    r = 3
    agg_cells: dict[str, dict[str, str]] = {}
    for part in cross.parts:
        name = (label("review.c.total", lang) if part == CROSS_TOTAL
                else label("review.c.section", lang, code=part))
        mx = f"{cross.maxima[part]:g}"
        ws.merge_range(r, 0, r, last, None)
        ws.write_string(r, 0, label("review.c.part", lang, part=name, max=mx), f["heading"])
        r += 1
        ws.write_string(r, 0, label("review.c.scorer", lang), f["header"])
        for j, code in enumerate(codes):
            ws.write_string(r, 1 + j, code, f["header"])
        matrix = cross.matrices.get(part, {})
        first = r + 1
        for scorer in codes:
            r += 1
            ws.write_string(r, 0, f"{scorer} — {unit_name(block, scorer)}", f["text"])
            row = matrix.get(scorer)
            for j, scored in enumerate(codes):
                if scored == scorer:
                    ws.write_string(r, 1 + j, "—", f["na"])
                elif row is None or row.get(scored) is None:
                    ws.write_blank(r, 1 + j, None, f["score"])
                else:
                    ws.write_number(r, 1 + j, float(row[scored]), f["score"])
        r += 1
        ws.write_string(r, 0, label("review.c.agg" if cross.method != "standardized" else "review.c.std",
                                    lang), f["text_center"])
        for j, scored in enumerate(codes):
            value = cross.aggregates.get(scored, {}).get(part)
            formula = _agg_formula(cross.method, xl_range(first, 1 + j, r - 1, 1 + j))
            if value is None:
                ws.write_blank(r, 1 + j, None, f["score_total"])
            elif formula:
                ws.write_formula(r, 1 + j, formula, f["score_total"], value)
            else:
                ws.write_number(r, 1 + j, value, f["score_total"])
            agg_cells.setdefault(scored, {})[part] = xl_rowcol_to_cell(r, 1 + j)
        r += 2
    if cross.method == "standardized":
        ws.merge_range(r, 0, r, last, None)
        ws.set_row(r, 46)
        ws.write_string(r, 0, label("review.c.std_note", lang), f["note"])
        r += 2
    # the combination, as formulas over the aggregates above
    ws.write_string(r, 0, label("review.c.combine", lang), f["heading"])
    r += 1
    ws.set_column(2, 6, 12)
    for c, key in enumerate(COMBINE_COLUMNS):
        ws.write_string(r, c, label(f"review.c.ccols.{key}", lang), f["header"])
    for code in codes:
        base = data.verified_finals.get(code)
        if base is None:
            continue
        r += 1
        ws.write_string(r, 0, code, f["text_center"])
        ws.write_string(r, 1, unit_name(block, code), f["text"])
        ws.write_number(r, 2, base, f["score"])
        total = cross.totals.get(code)
        parts = agg_cells.get(code, {})
        if total is not None and len(parts) == len(cross.parts):
            refs = ",".join(parts[p] for p in cross.parts)
            ws.write_formula(r, 3, f"=ROUND(SUM({refs}),2)", f["score"], total)
        else:
            ws.write_blank(r, 3, None, f["score"])
        ws.write_number(r, 4, cfg.self_weight, f["score"])
        ws.write_number(r, 5, cfg.cross_weight, f["score"])
        final = data.finals.get(code)
        c2, c3, c4, c5 = (xl_rowcol_to_cell(r, c) for c in (2, 3, 4, 5))
        if total is not None:
            ws.write_formula(r, 6, f"=ROUND({c4}*{c2}+{c5}*{c3},2)", f["score_bold"], final)
        else:
            ws.write_formula(r, 6, f"={c2}", f["score_bold"], final)
    page_setup(ws, True, r, last)
