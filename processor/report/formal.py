"""Pieces of a formal Vietnamese administrative document (Decree 30/2020/NĐ-CP) on a worksheet.

A formal sheet uses a grid of six columns (:data:`GRID`): the issuing body sits over the two left
columns, the national title over the four right ones. Rows are 0-based; every helper returns
the next free row.
"""
from __future__ import annotations

from ..labels import format_date, label
from .styles import (BODY_SIZE, COLOR_BANNER, DEFAULT_ROW_PIXELS, FONT, TABLE_SIZE, TITLE_SIZE,
                     page_setup, put_merged, set_width, text_height)

# Column widths (Excel character units): STT, name | score, rank, award, grounds.
GRID = (6, 32.5, 9, 7, 12, 19)   # about 16.4 cm: printed at 100 %, fonts stay 13–14 pt
LEFT = (0, 1)
RIGHT = (2, 5)
LAST_COL = len(GRID) - 1


def width(first: int, last: int) -> float:
    return sum(GRID[first:last + 1])


def set_grid(ws) -> None:
    for col, w in enumerate(GRID):
        set_width(ws, col, col, w)


DRAFT_STYLES = {
    "doc_draft": {"font_name": FONT, "font_size": TITLE_SIZE, "bold": True, "align": "center",
                  "valign": "vcenter", "font_color": COLOR_BANNER, "border": 2,
                  "border_color": COLOR_BANNER, "text_wrap": True},
    "doc_draft_reason": {"font_name": FONT, "font_size": 11, "italic": True, "align": "center",
                         "valign": "top", "font_color": COLOR_BANNER, "text_wrap": True},
}
PRINT_HEADER_LIMIT = 255       # Excel's limit on a header string, codes included


def draft_reason(result, lang: str) -> str:
    """"Chưa phải văn bản để ký: 1 đơn vị chưa gửi bảng tự chấm (Sở Y tế)."""
    reasons = [r.text for r in getattr(result, "provisional_reasons", None) or []]
    return label("draft.reason", lang,
                 reasons="; ".join(reasons) or label("provisional.unknown", lang))


def draft_mark(ws, styles, result, lang: str, row: int, last_col: int = LAST_COL) -> int:
    """A provisional result's formal sheet opens with "DỰ THẢO — KẾT QUẢ TẠM THỜI" and the
    reason, and says so in its print header; a final result's sheet is left as it is."""
    if not result.provisional:
        return row
    for name, spec in DRAFT_STYLES.items():
        styles.add(name, **spec)
    ws.set_row(row, 24)
    put_merged(ws, row, 0, row, last_col, label("draft.mark", lang), styles["doc_draft"])
    reason = draft_reason(result, lang)
    ws.set_row(row + 1, text_height(reason, width(0, last_col) * 0.95, 11))
    put_merged(ws, row + 1, 0, row + 1, last_col, reason, styles["doc_draft_reason"])
    print_mark(ws, result, lang)
    return row + 3


def print_mark(ws, result, lang: str) -> None:
    """The draft mark and its reason in the sheet's print header, on every printed page."""
    if not result.provisional:
        return
    head = f'&C&"{FONT},Bold"&11{_escape(label("draft.mark", lang))}'
    small = f'\n&"{FONT},Italic"&8'
    room = PRINT_HEADER_LIMIT - len(head) - len(small)
    reason = _escape(draft_reason(result, lang))
    if len(reason) > room:
        reason = reason[:room - 1].rstrip("&") + "\u2026"
    ws.set_header(head + small + reason, {"margin": 0.2})


def _escape(text: str) -> str:
    """A literal "&" in a header is written "&&" ("Sở KH&CN")."""
    return text.replace("&", "&&")


def header(ws, styles, block, lang: str, row: int, number_key: str) -> int:
    """Issuing body (top left), national title and motto (top right), number, place and date."""
    body = list(block.issuing_body) or [block.name]
    right = [(label("doc.nation", lang), styles["doc_nation"]),
             (label("doc.motto", lang), styles["doc_motto"])]
    lines = max(len(body), len(right))
    for i in range(lines):
        ws.set_row(row + i, 19)
        if i < len(body):
            fmt = styles["doc_org"] if i == len(body) - 1 else styles["doc_body_org"]
            text = body[i].upper() if lang != "en" else body[i]
            capitals = 0.62 if text.isupper() else 0.9     # bold capitals are wide
            ws.set_row(row + i, max(19, text_height(text, width(*LEFT) * capitals, 12)))
            put_merged(ws, row + i, LEFT[0], row + i, LEFT[1], text, fmt)
        if i < len(right):
            put_merged(ws, row + i, RIGHT[0], row + i, RIGHT[1], right[i][0], right[i][1])
    row += lines
    # the short rule under the issuing body (centred under the left block)
    ws.set_row(row, 11)
    put_merged(ws, row, LEFT[0], row, LEFT[1], "\u2014" * 8, styles["doc_rule"])
    row += 1
    ws.set_row(row, 20)
    put_merged(ws, row, LEFT[0], row, LEFT[1], label(number_key, lang), styles["doc_number"])
    put_merged(ws, row, RIGHT[0], row, RIGHT[1],
               format_date(block.place or block.province, block.meeting_date, lang),
               styles["doc_date"])
    return row + 2


def title(ws, styles, row: int, text: str, subject: str | None = None) -> int:
    ws.set_row(row, 22)
    put_merged(ws, row, 0, row, LAST_COL, text, styles["doc_title"])
    row += 1
    if subject:
        ws.set_row(row, text_height(subject, width(0, LAST_COL) * 0.9, BODY_SIZE))
        put_merged(ws, row, 0, row, LAST_COL, subject, styles["doc_subject"])
        row += 1
    return row + 1


def paragraph(ws, styles, row: int, text: str, style: str = "doc_body", first: int = 0,
              last: int = LAST_COL, indent: bool = True, gap: float = 0) -> int:
    """A wrapped paragraph over merged columns, its row tall enough for the whole text."""
    shown = ("\u2003" + text) if indent else text
    ws.set_row(row, text_height(shown, width(first, last), BODY_SIZE) + gap)
    put_merged(ws, row, first, row, last, shown, styles[style])
    return row + 1


def signer(block, role: str, lang: str) -> tuple[str, str]:
    """(name, position) of who signs as ``role`` (chair, deputy, secretary), from the config's
    ``[[block.signers]]``: the title, followed by the unit's name unless it holds it. No signer:
    a blank line to write the name on, and the unit's name."""
    person = block.signer(role) if hasattr(block, "signer") else None
    name, title = (person.name, person.title) if person else ("", "")
    code = {"chair": block.chair, "deputy": block.deputy}.get(role)
    unit, holds = "", False
    if code:
        try:
            member = block.unit(code)
            unit = member.name
            holds = any(n and n.casefold() in title.casefold() for n in (member.name, member.short_name))
        except KeyError:
            unit = str(code)
    position = title if (holds or not unit) else " ".join(p for p in (title, unit) if p)
    return name or label("blank.fill", lang), position


def signatures(ws, styles, row: int, blocks: list[tuple]) -> int:
    """Signature blocks side by side: (first_col, last_col, role lines, hint, name[, position]).
    The position (title and unit) under the role lines, the name (bold) under the room to sign."""
    blocks = [tuple(b) + ("",) * (6 - len(b)) for b in blocks]
    depth = max(len(b[2]) for b in blocks)
    for first, last, titles, hint, name, _ in blocks:
        r = row + depth - len(titles)
        for t in titles:
            put_merged(ws, r, first, r, last, t, styles["doc_sign_title"])
            r += 1
    for r in range(row, row + depth):
        ws.set_row(r, 19)
    row += depth
    row = _side_by_side(ws, styles, row, [(b[0], b[1], b[5]) for b in blocks], "doc_sign_position")
    ws.set_row(row, 19)
    for first, last, _, hint, _, _ in blocks:
        put_merged(ws, row, first, row, last, hint, styles["doc_sign_hint"])
    row += 1
    for r in range(row, row + 3):        # room to sign (about 3 cm)
        ws.set_row(r, 26)
    row += 3
    return _side_by_side(ws, styles, row, [(b[0], b[1], b[4]) for b in blocks], "doc_sign_name")


def _side_by_side(ws, styles, row: int, cells, style: str) -> int:
    """One row of texts side by side, tall enough for the longest; none: no row."""
    if not any(text for _, _, text in cells):
        return row
    tallest = 19.0
    for first, last, text in cells:
        put_merged(ws, row, first, row, last, text, styles[style])
        tallest = max(tallest, text_height(text, width(first, last) * 0.85, BODY_SIZE))
    ws.set_row(row, tallest)
    return row + 1


def recipients(ws, styles, row: int, block, lang: str) -> int:
    """Nơi nhận: the config's list (``recipients``), else the council, the members, the archive;
    each line wrapped and its row tall enough, ";" between, "." after the last."""
    put_merged(ws, row, 0, row, 1, label("doc.recipients", lang), styles["doc_recipients"])
    row += 1
    lines = [f"- {r}" for r in getattr(block, "recipients", ()) if r]
    if not lines:
        province = block.province or ""
        lower = province[:1].lower() + province[1:] if province else ""
        lines = [label(key, lang, province=province, province_lower=lower).rstrip(";.")
                 for key in ("doc.recipient.council", "doc.recipient.members",
                             "doc.recipient.archive")]
    for i, text in enumerate(lines):
        text += "." if i == len(lines) - 1 else ";"
        ws.set_row(row, max(16.0, text_height(text, width(*LEFT) * 0.9, 11)))
        put_merged(ws, row, 0, row, 1, text, styles["doc_recipient"])
        row += 1
    return row


def table_header(ws, styles, row: int, cells: list[tuple[int, int, str]]) -> int:
    tallest = 20.0
    for first, last, text in cells:
        put_merged(ws, row, first, row, last, text, styles["doc_th"])
        tallest = max(tallest, text_height(text, width(first, last) * 0.9, TABLE_SIZE))
    ws.set_row(row, tallest)
    return row + 1


def table_row(ws, styles, row: int, cells: list[tuple[int, int, object, str]]) -> int:
    tallest = 20.0
    for first, last, value, style in cells:
        put_merged(ws, row, first, row, last, value, styles[style])
        if isinstance(value, str):
            tallest = max(tallest, text_height(value, width(first, last), TABLE_SIZE))
    ws.set_row(row, tallest)
    return row + 1


def page(ws, lang: str, last_row: int, keep: tuple[tuple[int, int], ...] = ()) -> None:
    """Portrait A4 with the decree's margins, one page wide, printing only the document.

    ``keep`` lists row ranges that must not be split across pages (the signature blocks with
    the paragraph before them, a heading with the lines under it); every break is a manual one
    (:func:`page_breaks`).
    """
    page_setup(ws, landscape=False, print_area=(0, 0, last_row, LAST_COL), lang=lang, formal=True)
    breaks = page_breaks(ws, last_row, keep)
    if breaks:
        ws.set_h_pagebreaks(breaks)


def _row_height(ws, row: int) -> float:
    """A row's height in points (XlsxWriter keeps explicit heights in pixels)."""
    info = getattr(ws, "row_info", {}).get(row)
    height = getattr(info, "height", None)
    return float(height) * 0.75 if height is not None else DEFAULT_ROW_PIXELS * 0.75


def page_breaks(ws, last_row: int, keep) -> list[int]:
    """Every page break of a portrait formal sheet, placed by its row heights on a page a little
    shorter than the real one, so that no spreadsheet program breaks anywhere else; a ``keep``
    range that would be split starts a new page."""
    content_pt = sum(int(w * 7 + 0.5) + 5 for w in GRID) * 0.75
    page_w = (21.0 / 2.54 - 1.18 - 0.59) * 72
    page_h = (29.7 / 2.54 - 0.79 * 2) * 72
    scale = min(1.0, page_w / content_pt)
    avail = (page_h - 30) / scale * 0.97       # room for the footer, and for rounding
    starts: dict[int, int] = {}
    for first, last in keep:
        starts[first] = max(last, starts.get(first, first))
    breaks, used = [], 0.0
    for row in range(last_row + 1):
        height = _row_height(ws, row)
        if row in starts and used > 0:
            group = sum(_row_height(ws, r) for r in range(row, starts[row] + 1))
            if used + group > avail and group <= avail:
                breaks.append(row)
                used = 0.0
        if used + height > avail and used > 0:
            breaks.append(row)
            used = 0.0
        used += height
    return breaks
