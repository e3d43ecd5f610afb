"""Small helpers shared by the review modules: atomic XlsxWriter output, number parsing and
formatting, reading a very hidden ``_meta`` sheet with python-calamine."""
from __future__ import annotations

import math
import os
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from ..text import normalize_text

META_SHEET = "_meta"
FONT = "Times New Roman"
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False}


@contextmanager
def atomic_workbook(path: Path, created: datetime):
    """An XlsxWriter workbook written to a temporary file beside ``path``, renamed on success.
    A fixed ``created`` makes the bytes reproducible."""
    import xlsxwriter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".thidua-", suffix=".xlsx")
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp, WORKBOOK_OPTIONS)
        wb.set_properties({"created": created.replace(tzinfo=None)})
        yield wb
        wb.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def parse_number(raw) -> tuple[float | None, bool]:
    """(value, ok). Blank -> (None, True); a number or numeric text ("8,5", "8.5") -> (value, True);
    anything else -> (None, False)."""
    if raw is None:
        return None, True
    if isinstance(raw, bool):
        return None, False
    if isinstance(raw, (int, float)):
        value = float(raw)
        return (value, True) if math.isfinite(value) else (None, False)
    text = normalize_text(raw).replace(" ", "")
    if not text:
        return None, True
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None, False
    return (value, True) if math.isfinite(value) else (None, False)


def fmt_num(value: float | None, lang: str = "vi") -> str:
    """8.5 -> "8,5" (vi) / "8.5" (en); at most two decimals, no trailing zeros."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if lang != "en" else text


def read_meta(path: Path) -> tuple[dict[str, str], list[list[str]], object]:
    """(key/value pairs of ``_meta`` up to the first blank row, the rows after it, the workbook).
    Raises on unreadable files; returns ({}, [], wb) when there is no ``_meta``."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    if META_SHEET not in wb.sheet_names:
        return {}, [], wb
    rows = wb.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False)
    meta: dict[str, str] = {}
    table: list[list[str]] = []
    in_table = False
    for row in rows:
        cells = [cell_text(v) for v in row]
        if not any(cells):
            in_table = bool(meta)
            continue
        if in_table:
            table.append(cells)
        else:
            meta[cells[0]] = cells[1] if len(cells) > 1 else ""
    return meta, table, wb


def cell_text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(value)


def sheet_rows(wb, name: str) -> list[list]:
    return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def col_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    return f"{col_letter(col)}{row + 1}"
