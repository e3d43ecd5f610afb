"""The "Lịch sử" (History) sheet of the result workbook: the block across years, with charts.

Used through the report's ``extra_sheets`` hook::

    with open_history(db_path, block) as h:
        table = h.table(block.id, lang)
    write_report(result, out_dir, lang, extra_sheets=[history_sheet(table)])

The sheet holds the multi-year table (years as columns, units as rows: position, award,
rank (score); then the chair, deputy, next year's chair and the source of each year), the chart
data (place and score per unit and year, as numbers), a line chart of the places (axis reversed,
1 on top) and, where any year has scores, a line chart of the scores. A year that is being
consolidated but not yet recorded (``result``'s year) is added as "Đang tổng hợp".
"""
from __future__ import annotations

from typing import Callable

from ..history import HistoryTable, labels
from .styles import FONT, code_width, page_setup, text_height

PALETTE = ("#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47", "#264478",
           "#9E480E", "#636363", "#997300", "#C00000", "#7030A0", "#00B0F0", "#92D050")
CODE_WIDTH, NAME_WIDTH, YEAR_WIDTH = 10, 34, 26
CHART_ROWS = 22        # rows a chart covers (420 px at the default 20 px row height)


def _height(texts: list[str], widths: list[float]) -> float:
    """Row height (points) so that wrapped text shows whole: spreadsheets do not grow rows
    written by XlsxWriter by themselves."""
    return max([15.0] + [text_height(text, width, 12) for text, width in zip(texts, widths)])


_SPECS = {
    "hist_title": {"font_name": FONT, "font_size": 14, "bold": True, "align": "left",
                   "valign": "vcenter"},
    "hist_note": {"font_name": FONT, "font_size": 11, "italic": True, "text_wrap": True,
                  "valign": "top"},
    "hist_header": {"font_name": FONT, "font_size": 12, "bold": True, "align": "center",
                    "valign": "vcenter", "border": 1, "text_wrap": True, "bg_color": "#DDEBF7"},
    "hist_text": {"font_name": FONT, "font_size": 12, "valign": "vcenter", "border": 1,
                  "text_wrap": True},
    "hist_code": {"font_name": FONT, "font_size": 12, "valign": "vcenter", "border": 1,
                  "bold": True},
    "hist_footer": {"font_name": FONT, "font_size": 12, "valign": "vcenter", "border": 1,
                    "text_wrap": True, "italic": True, "bg_color": "#F2F2F2"},
    "hist_leader": {"font_name": FONT, "font_size": 12, "valign": "vcenter", "border": 1,
                    "text_wrap": True, "bold": True, "font_color": "#C00000"},
    "hist_merit": {"font_name": FONT, "font_size": 12, "valign": "vcenter", "border": 1,
                   "text_wrap": True, "font_color": "#2E7D32"},
    "hist_heading": {"font_name": FONT, "font_size": 12, "bold": True},
    "hist_int": {"font_name": FONT, "font_size": 11, "border": 1, "align": "center",
                 "num_format": "0"},
    "hist_score": {"font_name": FONT, "font_size": 11, "border": 1, "align": "right",
                   "num_format": "0.00"},
    "hist_year": {"font_name": FONT, "font_size": 11, "border": 1, "bold": True,
                  "align": "center", "num_format": "0", "bg_color": "#DDEBF7"},
    "hist_small": {"font_name": FONT, "font_size": 11, "border": 1},
}


class _Formats:
    """Formats from the report's shared :class:`Styles` when it offers ``add``, else our own."""

    def __init__(self, workbook, styles):
        self.workbook, self.styles, self._own = workbook, styles, {}

    def __getitem__(self, name: str):
        if self.styles is not None and hasattr(self.styles, "add"):
            try:
                return self.styles.add(name, **_SPECS[name])
            except (ValueError, TypeError, KeyError):
                pass
        if name not in self._own:
            self._own[name] = self.workbook.add_format(_SPECS[name])
        return self._own[name]


def history_sheet(table: HistoryTable) -> Callable:
    """A writer for the report's ``extra_sheets``: ``writer(workbook, styles, result, lang)``."""

    def write(workbook, styles, result, lang: str = "vi"):
        full = table.with_result(result) if result is not None else table
        return write_history_sheet(workbook, styles, full, lang)

    return write


def write_history_sheet(workbook, styles, table: HistoryTable, lang: str = "vi"):
    """Add the sheet to an XlsxWriter ``workbook``; returns the worksheet."""
    L = labels(lang)
    f = _Formats(workbook, styles)
    ws = workbook.add_worksheet(L["sheet"])
    years = table.years
    ncols = 2 + len(years)
    last_col = max(ncols - 1, 3)

    code_w = code_width([r.code for r in table.rows], CODE_WIDTH)
    ws.set_column(0, 0, code_w)
    ws.set_column(1, 1, NAME_WIDTH)
    if years:
        ws.set_column(2, ncols - 1, YEAR_WIDTH)

    ws.write_string(0, 0, L["title"].format(name=table.block_name), f["hist_title"])
    ws.merge_range(1, 0, 1, last_col, None, f["hist_note"])
    ws.write_string(1, 0, L["legend"], f["hist_note"])
    ws.set_row(1, _height([L["legend"]], [code_w + NAME_WIDTH + YEAR_WIDTH * max(len(years), 2)]))

    row = 3
    header_row = row
    for col, text in enumerate(table.header(lang)):
        ws.write_string(row, col, text, f["hist_header"])
    row += 1
    if not table.rows and not years:
        ws.write_string(row, 0, L["empty"].format(block=table.block_id), f["hist_note"])
        _page(ws, lang, header_row, last_col, row)
        return ws
    widths = [code_w, NAME_WIDTH] + [YEAR_WIDTH] * len(years)
    for r in table.rows:
        ws.set_row(row, _height([r.code, r.name] + [table.cell_text(r, y.year, lang)
                                                    for y in years], widths))
        ws.write_string(row, 0, r.code, f["hist_code"])
        ws.write_string(row, 1, r.name, f["hist_text"])
        for i, y in enumerate(years):
            outs = r.cells.get(y.year, [])
            fmt = f["hist_text"]
            if any(o.position == "leader" or o.award == "flag" for o in outs):
                fmt = f["hist_leader"]
            elif any(o.award == "merit" or o.position for o in outs):
                fmt = f["hist_merit"]
            ws.write_string(row, 2 + i, table.cell_text(r, y.year, lang), fmt)
        row += 1
    for line in table.footer_rows(lang):
        ws.set_row(row, _height(line, widths))
        for col, text in enumerate(line):
            ws.write_string(row, col, text, f["hist_footer"])
        row += 1
    ws.freeze_panes(header_row + 1, 2)

    # -- chart data: numbers only, one block for places, one for scores ------------------
    row += 1
    places_at = row
    row = _data_block(ws, f, table, L["data_places"], row,
                      lambda r, y: table.place(r, y), "hist_int")
    scores_wanted = any(table.score(r, y.year) is not None for r in table.rows for y in years)
    scores_at = None
    if scores_wanted:
        row += 1
        scores_at = row
        row = _data_block(ws, f, table, L["data_scores"], row,
                          lambda r, y: table.score(r, y), "hist_score")

    # -- charts ---------------------------------------------------------------------------
    row += 1
    name = ws.get_name()
    chart_row = row
    last_row = row
    rank_chart = _line_chart(workbook, ws, table, name, places_at, L["rank_chart"], L["year"],
                             L["place"], lambda r, y: table.place(r, y), reverse=True)
    if rank_chart is not None:
        ws.insert_chart(chart_row, 0, rank_chart, {"x_offset": 4, "y_offset": 4})
        last_row = chart_row + CHART_ROWS
    if scores_at is not None:
        score_chart = _line_chart(workbook, ws, table, name, scores_at, L["score_chart"],
                                  L["year"], L["score"], lambda r, y: table.score(r, y),
                                  reverse=False)
        if score_chart is not None:
            ws.insert_chart(chart_row + CHART_ROWS + 1, 0, score_chart,
                            {"x_offset": 4, "y_offset": 4})
            last_row = chart_row + 2 * CHART_ROWS + 1
    _page(ws, lang, header_row, last_col, last_row)
    # charts start on a page of their own, one per page, so none is cut by a page break
    breaks = [chart_row] if rank_chart is not None else []
    if scores_at is not None and last_row > chart_row + CHART_ROWS:
        breaks.append(chart_row + CHART_ROWS + 1)
    if breaks:
        ws.set_h_pagebreaks(breaks)
    return ws


def _data_block(ws, f, table: HistoryTable, title: str, row: int, value, fmt_name: str) -> int:
    """A heading, a row of years, then one row per unit (blank where unknown); next free row."""
    ws.write_string(row, 0, title, f["hist_heading"])
    row += 1
    ws.write_string(row, 0, "", f["hist_year"])
    ws.write_string(row, 1, "", f["hist_year"])
    for i, y in enumerate(table.years):
        ws.write_number(row, 2 + i, y.year, f["hist_year"])
    row += 1
    for r in table.rows:
        ws.write_string(row, 0, r.code, f["hist_small"])
        ws.write_string(row, 1, r.name, f["hist_small"])
        for i, y in enumerate(table.years):
            v = value(r, y.year)
            if v is None:
                ws.write_blank(row, 2 + i, None, f[fmt_name])
            else:
                ws.write_number(row, 2 + i, v, f[fmt_name])
        row += 1
    return row


CHART_TOP_UNITS = 20      # more lines than this make a line chart unreadable


def _best_rows(table: HistoryTable, value, reverse: bool) -> set[int]:
    """Indexes of the rows to chart: all of a small block; else the best-placed in the latest year
    each unit has a value (place: lower is better; score: higher is better)."""
    if len(table.rows) <= CHART_TOP_UNITS:
        return set(range(len(table.rows)))
    def latest(r):
        for y in reversed(table.years):
            v = value(r, y.year)
            if v is not None:
                return v
        return None
    keyed = [(n, latest(r)) for n, r in enumerate(table.rows)]
    keyed = [(n, v) for n, v in keyed if v is not None]
    keyed.sort(key=lambda nv: (nv[1] if reverse else -nv[1], nv[0]))
    return {n for n, _ in keyed[:CHART_TOP_UNITS]}


def _line_chart(workbook, ws, table: HistoryTable, sheet: str, at: int, title: str,
                x_name: str, y_name: str, value, *, reverse: bool):
    """One series per unit with any value; ``at`` is the data block's heading row."""
    years = table.years
    if not years:
        return None
    years_row = at + 1
    first_col, last_col = 2, 2 + len(years) - 1
    chart = workbook.add_chart({"type": "line"})
    values: list[float] = []
    series = 0
    charted = _best_rows(table, value, reverse)
    for n, r in enumerate(table.rows):
        points = [value(r, y.year) for y in years]
        if all(p is None for p in points) or n not in charted:
            continue
        values += [p for p in points if p is not None]
        data_row = years_row + 1 + n
        color = PALETTE[series % len(PALETTE)]
        chart.add_series({
            "name": [sheet, data_row, 0],
            "categories": [sheet, years_row, first_col, years_row, last_col],
            "values": [sheet, data_row, first_col, data_row, last_col],
            "line": {"color": color, "width": 2},
            "marker": {"type": "circle", "size": 6, "border": {"color": color},
                       "fill": {"color": color}},
        })
        series += 1
    if not series:
        return None
    chart.set_title({"name": title, "name_font": {"name": FONT, "size": 12, "bold": True}})
    chart.set_x_axis({"name": x_name, "name_font": {"name": FONT, "size": 10},
                      "num_font": {"name": FONT, "size": 10}})
    axis = {"name": y_name, "name_font": {"name": FONT, "size": 10},
            "num_font": {"name": FONT, "size": 10}, "major_gridlines": {"visible": True}}
    if reverse:
        top = max(int(max(values)), 1)
        axis.update({"reverse": True, "min": 1, "max": max(top, 2), "major_unit": 1,
                     "crossing": "max"})
    chart.set_y_axis(axis)
    chart.set_legend({"position": "right", "font": {"name": FONT, "size": 9}})
    chart.show_blanks_as("span")
    chart.set_size({"width": 760, "height": 420})
    return chart


def _page(ws, lang: str, header_row: int, last_col: int, last_row: int) -> None:
    page_setup(ws, landscape=True, repeat_rows=(header_row, header_row),
               print_area=(0, 0, last_row, last_col), lang=lang)
