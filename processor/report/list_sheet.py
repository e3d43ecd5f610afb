"""What the two filterable list sheets (findings, sources) share: title, header row, the unit
as a short name."""
from __future__ import annotations

from ..labels import label
from .styles import put, put_merged, set_width, text_height


def put_header(ws, styles, columns, row: int, lang: str) -> None:
    """The column headers (label keys) at ``row``, each column set to its width."""
    for col, (key, width) in enumerate(columns):
        set_width(ws, col, col, width)
        put(ws, row, col, label(key, lang), styles["header"])


def header_height(columns, lang: str) -> float:
    """The header row's height: every column's label whole, bold, in its column."""
    return max([20.0] + [text_height(label(key, lang), width * 0.8) for key, width in columns])


def put_title(ws, styles, text: str, ncols: int) -> None:
    ws.set_row(0, 24)
    put_merged(ws, 0, 0, 0, ncols - 1, text, styles["title"])


def unit_label(result, code: str | None) -> str:
    """A unit's short name (a code outside the block as it is)."""
    if not code:
        return ""
    try:
        return result.block.unit(code).short_name
    except KeyError:
        return code
