"""What the two filterable list sheets (findings, sources) share: title, header row, the unit
as a short name."""
from __future__ import annotations

from ..labels import label
from .styles import put, put_merged, set_width, text_height


HEADER_ROW = 2


def start_list(ws, styles, columns, title_key: str, lang: str) -> int:
    """The title across every column, then the header row (label keys, each column at its width,
    the row tall enough for every label whole); the header's row index."""
    ws.set_row(0, 24)
    put_merged(ws, 0, 0, 0, len(columns) - 1, label(title_key, lang), styles["title"])
    for col, (key, width) in enumerate(columns):
        set_width(ws, col, col, width)
        put(ws, HEADER_ROW, col, label(key, lang), styles["header"])
    ws.set_row(HEADER_ROW, max([20.0] + [text_height(label(key, lang), width * 0.8)
                                         for key, width in columns]))
    return HEADER_ROW


def unit_label(result, code: str | None) -> str:
    """A unit's short name (a code outside the block as it is)."""
    if not code:
        return ""
    try:
        return result.block.unit(code).short_name
    except KeyError:
        return code
