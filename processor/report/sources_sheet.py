"""Nguồn tệp: every entry of the inbox (unit, time received and its evidence, how, sender,
format, sha256, status), a filterable list for the secretary."""
from __future__ import annotations

from ..labels import LABELS, label
from .list_sheet import start_list, unit_label
from .styles import page_setup, put, text_height

COLUMNS = (("col.no", 5), ("col.file", 28), ("col.unit", 12), ("col.received", 19),
           ("col.time_source", 14), ("col.via", 10), ("col.sender", 22), ("col.format", 8),
           ("col.sha256", 35), ("col.source_status", 12), ("col.note", 30))


def write(ws, styles, result, lang: str, lay=None) -> None:
    last = len(COLUMNS) - 1
    header = start_list(ws, styles, COLUMNS, "sources.title", lang)
    row = header + 1
    sources = sorted(result.sources, key=lambda s: (s.unit or "\uffff", s.received, s.file))
    for i, s in enumerate(sources, 1):
        status = _maybe(f"source.{s.status}", s.status, lang)
        via = _maybe(f"via.{s.received_via}", s.received_via, lang)
        put(ws, row, 0, i, styles["int"])
        put(ws, row, 1, s.file, styles["text"])
        put(ws, row, 2, unit_label(result, s.unit), styles["text"])
        put(ws, row, 3, s.received, styles["datetime"])
        put(ws, row, 4, _maybe(f"time.{s.time_source}", s.time_source, lang), styles["text_center"])
        put(ws, row, 5, via, styles["text_center"])
        put(ws, row, 6, s.sender or "", styles["text"])
        put(ws, row, 7, (s.format or "").upper(), styles["text_center"])
        put(ws, row, 8, s.sha256 or "", styles["mono"])
        put(ws, row, 9, status, styles["text_bold"] if s.status != "used" else styles["text"])
        put(ws, row, 10, s.note or "", styles["text"])
        texts = ((s.file, 28), (s.note or "", 30), (s.sender or "", 22),
                 (unit_label(result, s.unit), 12), (status, 12))
        ws.set_row(row, max([32.0] + [text_height(text, width * 0.85) for text, width in texts]))
        row += 1
    ws.autofilter(header, 0, max(row - 1, header), last)
    ws.freeze_panes(header + 1, 0)
    page_setup(ws, landscape=True, repeat_rows=(header, header),
               print_area=(0, 0, max(row - 1, header), last), lang=lang)


def _maybe(key: str, fallback: str, lang: str) -> str:
    return label(key, lang) if key in LABELS else (fallback or "")
