"""Biểu đồ: final scores (leader, merit and undecided units in their own colours) and the
section subtotals per unit as stacked bars, over a small data table of live references to the
detail sheet. One landscape A4 page.

In the large layout (more than ``detail_layout.LARGE_BLOCK_UNITS`` units) the table and both charts
show the :data:`CHART_TOP_UNITS` leading units only, and the sheet says so: a bar per unit of a
thousand-unit block is unreadable, and XlsxWriter warns above 255 points per series.
"""
from __future__ import annotations

import math

from ..labels import label
from .common import award_text, chart_role, position_text, quoted
from .styles import (COLOR_LEADER, COLOR_MERIT, COLOR_OTHER, COLOR_UNDECIDED, FONT, localized,
                     SECTION_COLORS, SCORE_FORMAT, page_setup, put, put_merged, set_width,
                     text_height)

ROLE_COLOR = {"leader": COLOR_LEADER, "merit": COLOR_MERIT, "undecided": COLOR_UNDECIDED,
              "other": COLOR_OTHER}
HEADER_ROW = 2
PRINT_LAST_COL = 14
CHART_TOP_UNITS = 30


def write(ws, styles, result, lang: str, lay) -> None:
    wb = styles.workbook
    block = result.block
    sections = [s for s in block.sections if s.kind == "score"]
    units = [u for u in result.units if (u.code, "final") in lay.cached]
    legend = label("charts.legend", lang)
    if lay.by_rows and len(units) > CHART_TOP_UNITS:
        legend += " " + label("charts.top", lang, top=CHART_TOP_UNITS, total=len(units))
        units = units[:CHART_TOP_UNITS]          # result.units is in ranking order
    last_col = 2 + len(sections)
    set_width(ws, 0, 0, 22)
    set_width(ws, 1, 1, 10)
    set_width(ws, 2, 2, 30)
    set_width(ws, 3, max(PRINT_LAST_COL, last_col), 8)
    ws.set_row(0, 22)
    put_merged(ws, 0, 0, 0, max(last_col, PRINT_LAST_COL), label("charts.final", lang, year=block.year),
               styles["title"])
    put_merged(ws, 1, 0, 1, max(last_col, PRINT_LAST_COL), legend, styles["note"])
    ws.set_row(1, 18 if legend == label("charts.legend", lang) else 32)
    ws.set_row(HEADER_ROW, 32)
    put(ws, HEADER_ROW, 0, label("col.unit", lang), styles["header"])
    put(ws, HEADER_ROW, 1, label("col.final", lang), styles["header"])
    put(ws, HEADER_ROW, 2, label("col.result", lang), styles["header"])
    for i, section in enumerate(sections):
        put(ws, HEADER_ROW, 3 + i, section.code, styles["header"])
    row = HEADER_ROW + 1
    for unit in units:
        put(ws, row, 0, unit.short_name or unit.name, styles["text"])
        ws.write_formula(row, 1, f"={lay.ref(unit.code, 'final')}", styles["score_bold"],
                         lay.cached[(unit.code, "final")])
        result_text = "; ".join(p for p in (position_text(unit, lang),
                                            award_text(result, unit, lang, short=True)) if p)
        put(ws, row, 2, result_text, styles["text_small"])
        for i, section in enumerate(sections):
            cached = lay.cached.get((unit.code, section.code))
            if cached is None:
                put(ws, row, 3 + i, None, styles["score"])
            else:
                ws.write_formula(row, 3 + i, f"={lay.ref(unit.code, section.code)}",
                                 styles["score"], cached)
        ws.set_row(row, max(18, text_height(result_text, 30 * 1.1, 10)))
        row += 1
    last_row = row - 1
    if not units:
        page_setup(ws, landscape=True, print_area=(0, 0, HEADER_ROW, max(last_col, PRINT_LAST_COL)), lang=lang)
        return
    sheet = quoted(ws.get_name())
    n = len(units)
    cats = f"={sheet}!$A${HEADER_ROW + 2}:$A${last_row + 1}"

    bar = wb.add_chart({"type": "bar"})
    finals = [lay.cached[(u.code, "final")] or 0 for u in units]
    low = min(finals)
    axis_min = max(0, int(math.floor((low - 5) / 10.0)) * 10)
    bar.add_series({
        "name": label("col.final", lang),
        "categories": cats,
        "values": f"={sheet}!$B${HEADER_ROW + 2}:$B${last_row + 1}",
        "points": [{"fill": {"color": ROLE_COLOR[chart_role(result, u)]},
                    "border": {"none": True}} for u in units],
        "data_labels": {"value": True, "num_format": localized({"num_format": SCORE_FORMAT},
                                                                lang)["num_format"],
                        "font": {"name": FONT, "size": 9}},
        "gap": 60,
    })
    bar.set_title({"name": label("charts.final", lang, year=block.year),
                   "name_font": {"name": FONT, "size": 12, "bold": True}})
    bar.set_legend({"none": True})
    top = max(finals + [block.full_base_max])
    bar.set_x_axis({"min": axis_min, "max": 5 * math.ceil(top / 5),
                    "num_format": "0", "num_font": {"name": FONT, "size": 9},
                    "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    bar.set_y_axis({"reverse": True, "num_font": {"name": FONT, "size": 9}})
    bar.set_size({"width": 520, "height": 26 * n + 110})

    stack = wb.add_chart({"type": "bar", "subtype": "stacked"})
    for i, section in enumerate(sections):
        col = chr(ord("D") + i) if i < 23 else None
        if col is None:
            break
        stack.add_series({
            "name": f"{section.code}. {section.title}",
            "categories": cats,
            "values": f"={sheet}!${col}${HEADER_ROW + 2}:${col}${last_row + 1}",
            "fill": {"color": SECTION_COLORS[i % len(SECTION_COLORS)]},
            "border": {"none": True},
            "gap": 60,
        })
    stack.set_title({"name": label("charts.sections", lang),
                     "name_font": {"name": FONT, "size": 12, "bold": True}})
    stack.set_legend({"position": "bottom", "font": {"name": FONT, "size": 8}})
    stack.set_x_axis({"min": 0, "max": block.full_base_max, "num_format": "0",
                      "num_font": {"name": FONT, "size": 9},
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    stack.set_y_axis({"reverse": True, "num_font": {"name": FONT, "size": 9}})
    stack.set_size({"width": 520, "height": 26 * n + 200})

    chart_row = last_row + 2
    ws.insert_chart(chart_row, 0, bar, {"x_offset": 2, "y_offset": 4, "object_position": 3})
    ws.insert_chart(chart_row, 0, stack, {"x_offset": 545, "y_offset": 4, "object_position": 3})
    chart_rows = int((26 * n + 220) / 20) + 2
    page_setup(ws, landscape=True, print_area=(0, 0, chart_row + chart_rows, PRINT_LAST_COL),
               lang=lang, fit_height=1)
