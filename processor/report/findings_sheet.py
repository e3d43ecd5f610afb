"""Lỗi và cảnh báo: every finding of the run (severity, code, unit, file, sheet!cell, message,
what to do), a filterable list for the secretary."""
from __future__ import annotations

from ..findings import SEVERITIES
from ..labels import label
from .list_sheet import start_list, unit_label
from .styles import page_setup, put, put_merged, text_height

COLUMNS = (("col.no", 5), ("col.severity", 10), ("col.finding_code", 7), ("col.unit", 13),
           ("col.file", 24), ("col.location", 18), ("col.message", 50), ("col.action", 35))
SEVERITY_FILL = {"error": "#FFC7CE", "warning": "#FFEB9C", "info": "#FFFFFF"}


def write(ws, styles, result, lang: str, lay=None) -> None:
    last = len(COLUMNS) - 1
    header = start_list(ws, styles, COLUMNS, "findings.title", lang)
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
        put(ws, row, 3, unit_label(result, f.unit), styles["text"])
        put(ws, row, 4, f.file or "", styles["text"])
        put(ws, row, 5, where, styles["text"])
        put(ws, row, 6, message, styles["text"])
        put(ws, row, 7, action, styles["text"])
        texts = ((message, 50), (action, 35), (f.file or "", 24), (where, 18),
                 (unit_label(result, f.unit), 13))
        ws.set_row(row, max(text_height(text, width * 0.85) for text, width in texts))
        row += 1
    if not findings:
        put_merged(ws, row, 0, row, last, label("findings.none", lang), styles["text_center"])
        row += 1
    ws.autofilter(header, 0, max(row - 1, header), last)
    ws.freeze_panes(header + 1, 0)
    page_setup(ws, landscape=True, repeat_rows=(header, header),
               print_area=(0, 0, max(row - 1, header), last), lang=lang)
