"""What the result workbook's review sheets share: their formats (the report's own styles where
it passes them), writing a cell of any type, the page setup, a unit's short name."""
from __future__ import annotations

from ..labels import label
from .styles import FONT, localized


def sheet_name(key: str, lang: str) -> str:
    """The sheet of ``key`` (verification, cross, ballots) in ``lang``."""
    return label(f"sheet.review.{key}", lang)


class Formats:
    """The report's shared styles where available (``styles[name]``), our own otherwise."""
    OWN = {
        "title": {"bold": True, "font_size": 14, "align": "center", "text_wrap": True},
        "note": {"italic": True, "font_size": 11, "text_wrap": True, "valign": "top"},
        "heading": {"bold": True, "font_size": 13},
        "header": {"border": 1, "text_wrap": True, "bold": True, "align": "center",
                   "bg_color": "#DDEBF7"},
        "text": {"border": 1, "text_wrap": True},
        "text_center": {"border": 1, "text_wrap": True, "align": "center"},
        "text_small": {"border": 1, "text_wrap": True, "font_size": 10},
        "int": {"border": 1, "text_wrap": True, "align": "center", "num_format": "0"},
        "score": {"border": 1, "text_wrap": True, "num_format": "0.00", "align": "right"},
        "score_bold": {"border": 1, "text_wrap": True, "num_format": "0.00", "align": "right",
                       "bold": True},
        "score_total": {"border": 1, "text_wrap": True, "num_format": "0.00", "align": "right",
                        "bold": True, "bg_color": "#FFF2CC"},
        "na": {"border": 1, "align": "center", "italic": True, "font_color": "#595959",
               "bg_color": "#E7E6E6"},
        "pct": {"border": 1, "num_format": "0.00%", "align": "right"},
        "plain": {"text_wrap": True, "valign": "top"},
    }

    def __init__(self, workbook, styles):
        self.workbook, self.styles, self.cache = workbook, styles, {}

    def __getitem__(self, name: str):
        if name in self.cache:
            return self.cache[name]
        fmt = None
        if self.styles is not None and name != "pct":
            try:
                fmt = self.styles[name]
            except (KeyError, TypeError, AttributeError):
                fmt = None
        if fmt is None:
            props = {"font_name": FONT, "font_size": 12, "valign": "vcenter", **self.OWN[name]}
            fmt = self.workbook.add_format(localized(props, getattr(self.styles, "lang", "vi")))
        self.cache[name] = fmt
        return fmt


def write_value(ws, r, c, value, fmt) -> None:
    """A number as a number, None as a blank, anything else as text (never a formula)."""
    if value is None:
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value, fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def page_setup(ws, landscape: bool, last_row: int, last_col: int, head: int | None = None) -> None:
    """A4, one page wide, the header row ``head`` repeated, a page number in the footer."""
    ws.set_paper(9)
    ws.set_landscape() if landscape else ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.7)
    if head is not None:
        ws.repeat_rows(head)
    ws.print_area(0, 0, max(last_row, 0), last_col)
    ws.set_footer(f'&C&"{FONT},Regular"&10Trang &P/&N')


def unit_name(block, code: str) -> str:
    """The unit's short name (its name, its code when not a member)."""
    try:
        return block.unit(code).short_name or block.unit(code).name
    except KeyError:
        return code
