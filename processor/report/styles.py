"""Shared look of the result workbook: cell formats, safe writing, page set-up.

One :class:`Styles` object is made per workbook and handed to every sheet writer (and to the
``extra_sheets`` plug-ins). ``styles["name"]`` gives a cached XlsxWriter format from
:data:`SPECS`; ``styles.add(name, **props)`` registers a new one. :func:`put` is the only way
sheet writers put a value into a cell: strings always go through ``write_string`` so that text
from submissions or config ("=1+1", "@SUM", "http://…") stays literal.
"""
from __future__ import annotations

import math
from datetime import date, datetime

FONT = "Times New Roman"
TABLE_SIZE = 12
BODY_SIZE = 13
TITLE_SIZE = 14

SCORE_FORMAT = "0.00"
VI_NUMBERS = "[$-42A]"
"""Vietnamese locale tag of a number format: LibreOffice prints "201,50" whatever the machine's
locale; Excel keeps the separators of Windows' regional settings (it reads the tag for names of
days and months only), so a sentence or a formal document writes a score as text instead."""
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"

# Colours shared by tables and charts.
COLOR_HEADER = "#DDEBF7"
COLOR_SECTION = "#F2F2F2"
COLOR_TOTAL = "#FFF2CC"
COLOR_BANNER = "#C00000"
COLOR_LEADER = "#C00000"
COLOR_MERIT = "#2E7D32"
COLOR_UNDECIDED = "#ED7D31"
COLOR_OTHER = "#A6A6A6"
COLOR_NA = "#E7E6E6"
SECTION_COLORS = ("#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47",
                  "#264478", "#9E480E", "#636363", "#997300")

_BASE = {"font_name": FONT, "font_size": TABLE_SIZE, "valign": "vcenter"}
_CELL = {**_BASE, "border": 1, "text_wrap": True}

SPECS: dict[str, dict] = {
    # tables
    "title": {**_BASE, "bold": True, "font_size": TITLE_SIZE, "align": "center", "text_wrap": True},
    "subtitle": {**_BASE, "italic": True, "align": "center", "text_wrap": True},
    "note": {**_BASE, "italic": True, "font_size": 11, "text_wrap": True, "valign": "top"},
    "banner": {**_BASE, "bold": True, "font_size": BODY_SIZE, "font_color": "#FFFFFF",
               "bg_color": COLOR_BANNER, "align": "center", "text_wrap": True},
    "header": {**_CELL, "bold": True, "align": "center", "bg_color": COLOR_HEADER},
    "text": {**_CELL},
    "text_center": {**_CELL, "align": "center"},
    "text_bold": {**_CELL, "bold": True},
    "text_small": {**_CELL, "font_size": 10},
    "text_nowrap": {**_CELL, "text_wrap": False},              # long tables: constant row height
    "text_small_nowrap": {**_CELL, "font_size": 10, "text_wrap": False},
    "mono": {**_CELL, "font_name": "Courier New", "font_size": 9},
    "int": {**_CELL, "align": "center", "num_format": "0"},
    "score": {**_CELL, "num_format": SCORE_FORMAT, "align": "right"},
    "score_blank": {**_CELL, "num_format": SCORE_FORMAT, "bg_color": "#FCE4D6"},
    "score_bold": {**_CELL, "num_format": SCORE_FORMAT, "align": "right", "bold": True},
    "score_total": {**_CELL, "num_format": SCORE_FORMAT, "align": "right", "bold": True,
                    "bg_color": COLOR_TOTAL},
    "label_total": {**_CELL, "bold": True, "bg_color": COLOR_TOTAL},
    "section": {**_CELL, "bold": True, "bg_color": COLOR_SECTION},
    "score_section": {**_CELL, "num_format": SCORE_FORMAT, "align": "right", "bold": True,
                      "bg_color": COLOR_SECTION},
    "na": {**_CELL, "align": "center", "italic": True, "font_color": "#595959",
           "bg_color": COLOR_NA},
    "datetime": {**_CELL, "num_format": DATETIME_FORMAT, "align": "center"},
    "heading": {**_BASE, "bold": True, "font_size": BODY_SIZE},
    "plain": {**_BASE, "text_wrap": True, "valign": "top"},
    # formal documents (Decree 30/2020/NĐ-CP)
    "doc_body_org": {**_BASE, "font_size": 12, "align": "center", "text_wrap": True},
    "doc_org": {**_BASE, "font_size": 12, "bold": True, "align": "center", "text_wrap": True},
    "doc_nation": {**_BASE, "font_size": 12, "bold": True, "align": "center"},
    "doc_motto": {**_BASE, "font_size": BODY_SIZE, "bold": True, "align": "center", "underline": 1},
    "doc_rule": {**_BASE, "font_size": 10, "align": "center", "valign": "top"},
    "doc_number": {**_BASE, "font_size": BODY_SIZE, "align": "center"},
    "doc_date": {**_BASE, "font_size": BODY_SIZE, "italic": True, "align": "center"},
    "doc_title": {**_BASE, "font_size": TITLE_SIZE, "bold": True, "align": "center",
                  "text_wrap": True},
    "doc_subject": {**_BASE, "font_size": BODY_SIZE, "bold": True, "align": "center",
                    "text_wrap": True},
    "doc_to": {**_BASE, "font_size": BODY_SIZE, "align": "center", "text_wrap": True},
    "doc_body": {**_BASE, "font_size": BODY_SIZE, "text_wrap": True, "align": "justify",
                 "valign": "top"},
    "doc_left": {**_BASE, "font_size": BODY_SIZE, "text_wrap": True, "valign": "top"},
    "doc_bold": {**_BASE, "font_size": BODY_SIZE, "bold": True, "text_wrap": True,
                 "valign": "top"},
    "doc_sign_title": {**_BASE, "font_size": BODY_SIZE, "bold": True, "align": "center",
                       "text_wrap": True, "valign": "top"},
    "doc_sign_hint": {**_BASE, "font_size": BODY_SIZE, "italic": True, "align": "center",
                      "valign": "top"},
    "doc_sign_name": {**_BASE, "font_size": BODY_SIZE, "bold": True, "align": "center",
                      "text_wrap": True, "valign": "top"},
    "doc_recipients": {**_BASE, "font_size": 12, "bold": True, "italic": True, "valign": "top"},
    "doc_recipient": {**_BASE, "font_size": 11, "valign": "top", "text_wrap": True},
    "doc_sign_position": {**_BASE, "font_size": BODY_SIZE, "italic": True, "align": "center",
                          "text_wrap": True, "valign": "top"},
    "doc_th": {**_CELL, "bold": True, "align": "center"},
    "doc_td": {**_CELL},
    "doc_td_center": {**_CELL, "align": "center"},
    "doc_td_bold": {**_CELL, "bold": True},
    "doc_td_score": {**_CELL, "align": "center"},          # a score written as text
    "doc_td_int": {**_CELL, "align": "center", "num_format": "0"},
}


class Styles:
    """The workbook's formats, created once each, on first use, in a stable order."""

    def __init__(self, workbook, lang: str = "vi"):
        self.workbook = workbook
        self.lang = lang
        self.specs = dict(SPECS)
        self._formats: dict[str, object] = {}

    def __getitem__(self, name: str):
        fmt = self._formats.get(name)
        if fmt is None:
            fmt = self._formats[name] = self.workbook.add_format(localized(self.specs[name], self.lang))
        return fmt

    def add(self, name: str, **props):
        """Register (or return, if identical) a named format for a later feature's sheet."""
        if name in self.specs and self.specs[name] != props:
            raise ValueError(f"format {name!r} already defined differently")
        self.specs[name] = props
        return self[name]

    def derive(self, base: str, name: str, **changes):
        """A variant of an existing format, e.g. ``derive("score", "score_red", font_color=...)``."""
        if name not in self.specs:
            self.specs[name] = {**self.specs[base], **changes}
        return self[name]


def localized(props: dict, lang: str) -> dict:
    """A format's properties with a decimal number format tagged Vietnamese (see VI_NUMBERS)."""
    number = props.get("num_format")
    if lang == "en" or not isinstance(number, str) or "." not in number or number.startswith("["):
        return props
    return {**props, "num_format": VI_NUMBERS + number}


DEFAULT_FORMAT = {"font_name": FONT, "font_size": TABLE_SIZE}
"""The workbook's default font: Times New Roman 12, so that column widths mean the same in
Excel and in LibreOffice (Liberation Serif has the same metrics; Calibri is often missing)."""
DEFAULT_COLUMN_PIXELS = 72    # Times New Roman 12: digits 8 px wide at 96 dpi
DEFAULT_ROW_PIXELS = 21


def set_width(ws, first: int, last: int, width: float) -> None:
    """Column width given in the familiar Excel units of Calibri 11 (7-pixel digits), set as
    exact pixels so that it does not depend on the workbook's default font."""
    ws.set_column_pixels(first, last, int(width * 7 + 0.5) + 5)


def code_width(codes, floor: float = 6.0, font_size: float = TABLE_SIZE) -> float:
    """A column width (Excel units) that holds the longest code on one line: a code is never
    broken across lines (capitals of Times New Roman 12 take about 1.5 units with the padding)."""
    longest = max((len(str(c)) for c in codes), default=0)
    return max(floor, round(longest * 1.5 * font_size / TABLE_SIZE + 2, 1))


def put(ws, row: int, col: int, value, fmt=None) -> None:
    """Write one value by its type; text is ALWAYS literal (never a formula, link or number)."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            ws.write_string(row, col, str(value), fmt)
        else:
            ws.write_number(row, col, value, fmt)
    elif isinstance(value, datetime):
        ws.write_datetime(row, col, value.replace(tzinfo=None), fmt)
    elif isinstance(value, date):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def put_merged(ws, first_row: int, first_col: int, last_row: int, last_col: int, value,
               fmt) -> None:
    """A merged range holding literal text (or a number); a 1-cell range is written plainly."""
    if first_row == last_row and first_col == last_col:
        put(ws, first_row, first_col, value, fmt)
        return
    ws.merge_range(first_row, first_col, last_row, last_col, None, fmt)
    put(ws, first_row, first_col, value, fmt)


def text_height(text: str, width_chars: float, font_size: float = TABLE_SIZE,
                min_lines: int = 1) -> float:
    """Row height in points for ``text`` wrapped in a cell ``width_chars`` wide (Excel units).

    Excel and LibreOffice do not grow rows of merged cells to fit; this estimate is deliberately
    a little generous so that no line is cut off in print.
    """
    per_line = max(1.0, width_chars * 11.5 / font_size)
    lines = 0
    for part in str(text).split("\n"):
        lines += max(1, math.ceil(len(part) / per_line))
    lines = max(lines, min_lines)
    return round(lines * font_size * 1.25 + 5, 1)


def page_setup(ws, *, landscape: bool, repeat_rows: tuple[int, int] | None = None,
               print_area: tuple[int, int, int, int] | None = None, lang: str = "vi",
               formal: bool = False, fit_height: int = 0) -> None:
    """A4, orientation, fit to one page wide, repeated header rows, "Trang x/y" footer."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if formal:   # Decree 30: top/bottom 2 cm, left 3 cm, right 1.5 cm
        ws.set_margins(left=1.18, right=0.59, top=0.79, bottom=0.79)
    else:
        ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.7)
    ws.fit_to_pages(1, fit_height)
    ws.center_horizontally()
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)
    if print_area is not None:
        ws.print_area(*print_area)
    page = "Trang &P/&N" if lang != "en" else "Page &P/&N"
    ws.set_footer(f"&C&\"{FONT},Regular\"&10{page}", {"margin": 0.3})
    ws.hide_gridlines(2 if formal else 1)
