"""Lỗi và cảnh báo (findings) and Nguồn tệp (sources): two filterable lists for the secretary."""
from __future__ import annotations

from ..findings import SEVERITIES
from ..labels import LABELS, label
from .styles import page_setup, put, put_merged, set_width, text_height

FINDING_COLUMNS = (("col.no", 5), ("col.severity", 10), ("col.finding_code", 7), ("col.unit", 13),
                   ("col.file", 24), ("col.location", 15), ("col.message", 52), ("col.action", 36))
SOURCE_COLUMNS = (("col.no", 5), ("col.file", 28), ("col.unit", 12), ("col.received", 19),
                  ("col.via", 10), ("col.sender", 22), ("col.format", 8), ("col.sha256", 35),
                  ("col.source_status", 12), ("col.note", 30))
SEVERITY_FILL = {"error": "#FFC7CE", "warning": "#FFEB9C", "info": "#FFFFFF"}


def _header(ws, styles, columns, row: int, lang: str) -> None:
    for col, (key, width) in enumerate(columns):
        set_width(ws, col, col, width)
        put(ws, row, col, label(key, lang), styles["header"])


def _title(ws, styles, title: str, ncols: int) -> None:
    ws.set_row(0, 24)
    put_merged(ws, 0, 0, 0, ncols - 1, title, styles["title"])


def _unit_label(result, code: str | None) -> str:
    if not code:
        return ""
    try:
        return result.block.unit(code).short_name
    except KeyError:
        return code


def write_findings(ws, styles, result, lang: str, lay=None) -> None:
    last = len(FINDING_COLUMNS) - 1
    _title(ws, styles, label("findings.title", lang), len(FINDING_COLUMNS))
    header = 2
    _header(ws, styles, FINDING_COLUMNS, header, lang)
    ws.set_row(header, 20)
    sev_styles = {sev: styles.derive("text", f"sev_{sev}", bg_color=SEVERITY_FILL[sev],
                                     bold=sev == "error") for sev in SEVERITIES}
    findings = sorted(result.findings, key=lambda f: f.sort_key())
    row = header + 1
    for i, f in enumerate(findings, 1):
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or f.cell or "")
        message, action = f.message(lang), f.action(lang)
        put(ws, row, 0, i, styles["int"])
        put(ws, row, 1, label(f"severity.{f.severity}", lang), sev_styles.get(f.severity))
        put(ws, row, 2, f.code, styles["text_center"])
        put(ws, row, 3, _unit_label(result, f.unit), styles["text"])
        put(ws, row, 4, f.file or "", styles["text"])
        put(ws, row, 5, where, styles["text"])
        put(ws, row, 6, message, styles["text"])
        put(ws, row, 7, action, styles["text"])
        ws.set_row(row, max(text_height(message, 52), text_height(action, 36),
                            text_height(f.file or "", 24), text_height(where, 15)))
        row += 1
    if not findings:
        put_merged(ws, row, 0, row, last, label("findings.none", lang), styles["text_center"])
        row += 1
    ws.autofilter(header, 0, max(row - 1, header), last)
    ws.freeze_panes(header + 1, 0)
    page_setup(ws, landscape=True, repeat_rows=(header, header),
               print_area=(0, 0, max(row - 1, header), last), lang=lang)


def write_sources(ws, styles, result, lang: str, lay=None) -> None:
    last = len(SOURCE_COLUMNS) - 1
    _title(ws, styles, label("sources.title", lang), len(SOURCE_COLUMNS))
    header = 2
    _header(ws, styles, SOURCE_COLUMNS, header, lang)
    ws.set_row(header, 20)
    row = header + 1
    sources = sorted(result.sources, key=lambda s: (s.unit or "\uffff", s.received, s.file))
    for i, s in enumerate(sources, 1):
        status = _maybe(f"source.{s.status}", s.status, lang)
        via = _maybe(f"via.{s.received_via}", s.received_via, lang)
        put(ws, row, 0, i, styles["int"])
        put(ws, row, 1, s.file, styles["text"])
        put(ws, row, 2, _unit_label(result, s.unit), styles["text"])
        put(ws, row, 3, s.received, styles["datetime"])
        put(ws, row, 4, via, styles["text_center"])
        put(ws, row, 5, s.sender or "", styles["text"])
        put(ws, row, 6, (s.format or "").upper(), styles["text_center"])
        put(ws, row, 7, s.sha256 or "", styles["mono"])
        put(ws, row, 8, status, styles["text_bold"] if s.status != "used" else styles["text"])
        put(ws, row, 9, s.note or "", styles["text"])
        ws.set_row(row, max(32, text_height(s.file, 28), text_height(s.note or "", 30),
                            text_height(s.sender or "", 22)))
        row += 1
    ws.autofilter(header, 0, max(row - 1, header), last)
    ws.freeze_panes(header + 1, 0)
    page_setup(ws, landscape=True, repeat_rows=(header, header),
               print_area=(0, 0, max(row - 1, header), last), lang=lang)


def _maybe(key: str, fallback: str, lang: str) -> str:
    return label(key, lang) if key in LABELS else (fallback or "")
