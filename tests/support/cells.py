"""An independent reading of a workbook's cells (openpyxl) to hold intake's to, cell by cell.

``openpyxl_cells(path)`` gives ``{sheet: {(row, col): value}}`` of every cell with a value
(0-based, as intake's :meth:`Grid.cells`). ``differences(ours, theirs)`` lists what does not
match. The two readers are held to the same meaning, not the same spelling, where they are known
to spell a cell differently; each rule says why:

- error cells are left out: openpyxl gives their text, python-calamine a blank (intake finds
  them with its own check, ``cell_errors``);
- cells a merge covers, but its first, are left out: openpyxl drops their stored value;
- texts are compared as the scoring step takes them (``normalize_text``: NFC, outer white space
  stripped; a text that is only white space is no value), after openpyxl's ``_xHHHH_`` escapes
  are decoded (it leaves ``_x000D_`` as written; Excel shows a CR);
- numbers as numbers (5 == 5.0), booleans as booleans;
- dates, times and durations by their serial number: the two readers type some formats
  differently (``HH[M]``: a date for calamine, a duration for openpyxl), and for a time-formatted
  value of more than a day calamine gives only its time of day (``datetime.time``): then they
  must agree on the time of day;
- a number in a format that shows only a time marker or an elapsed time (``AM/PM``, ``A/P``,
  ``[h]``, ``[m]``, ``[s]``): calamine reads a time or a duration, openpyxl the bare number;
  they must agree on the serial number (the time of day for a time);
- a date-formatted number beyond the last date Excel can show (9999-12-31): openpyxl drops it,
  calamine keeps the number (the scoring step then refuses it as out of range).
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

DATES = (datetime, date, time, timedelta)


def openpyxl_cells(path) -> dict[str, dict[tuple[int, int], object]]:
    import warnings

    import openpyxl
    from openpyxl.utils.escape import unescape

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for ws in wb.worksheets:
        covered = {(r, c) for merged in ws.merged_cells.ranges
                   for r in range(merged.min_row, merged.max_row + 1)
                   for c in range(merged.min_col, merged.max_col + 1)
                   if (r, c) != (merged.min_row, merged.min_col)}
        cells, formats = {}, {}
        for (row, col), cell in ws._cells.items():
            if cell.number_format and cell.number_format != "General":
                formats[(row - 1, col - 1)] = cell.number_format
            value = cell.value
            if isinstance(value, str):
                value = unescape(value)
            if value is None or value == "" or cell.data_type == "e" or (row, col) in covered:
                continue
            cells[(row - 1, col - 1)] = value
        out[ws.title] = (cells, {(r - 1, c - 1) for r, c in covered}, formats)
    wb.close()
    return out


def calamine_cells(path, name: str) -> tuple[dict, set, dict]:
    """One sheet read by python-calamine called directly, for a sheet openpyxl cannot read
    (Strict OOXML): from the file's path, the used range only, placed by its start cell (intake
    reads from the bytes, the whole grid from A1). Shaped as a sheet of :func:`openpyxl_cells`."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
    top, left = sheet.start or (0, 0)
    cells = {(top + r, left + c): value for r, row in enumerate(sheet.to_python())
             for c, value in enumerate(row) if value != ""}
    return cells, set(), {}


def _text(value):
    from processor.text import normalize_text

    if isinstance(value, str):
        value = normalize_text(value)
        return value or None
    return value


def same_value(ours, theirs) -> bool:
    if isinstance(ours, bool) or isinstance(theirs, bool):
        return type(ours) is type(theirs) and ours == theirs
    if isinstance(ours, (int, float)) and isinstance(theirs, (int, float)):
        return float(ours) == float(theirs)
    if isinstance(ours, DATES) and isinstance(theirs, DATES):
        a, b = _serial(ours), _serial(theirs)
        if isinstance(ours, time) or isinstance(theirs, time):
            a, b = a % 1, b % 1
        return abs(a - b) < 1e-6
    return type(ours) is type(theirs) and ours == theirs


def _moment(value):
    if isinstance(value, datetime):
        return value.replace(microsecond=round(value.microsecond, -3) % 1_000_000)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, time):
        return datetime(1899, 12, 30, value.hour, value.minute, value.second)
    return value


_TIME_MARKER = re.compile(r"AM/PM|A/P|\[(?:h+|m+|s+)\]", re.I)
LAST_DATE_SERIAL = 2958465          # 9999-12-31


def _serial(value) -> float:
    """An Excel serial number (1900 system) of a date, time or duration."""
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
    moment = _moment(value)
    serial = (moment - datetime(1899, 12, 30)).total_seconds() / 86400
    return serial - 1 if serial < 61 else serial        # Excel's 29/02/1900


def _explained(ours, theirs, number_format: str) -> bool:
    from openpyxl.styles.numbers import is_date_format

    if isinstance(ours, DATES) and isinstance(theirs, (int, float)) and not isinstance(theirs, bool) \
            and _TIME_MARKER.search(number_format or ""):
        if isinstance(ours, time):
            return abs(_serial(ours) - theirs % 1) < 1e-6
        return abs(_serial(ours) - theirs) < 1e-6
    return (theirs is None and isinstance(ours, (int, float)) and not isinstance(ours, bool)
            and abs(ours) > LAST_DATE_SERIAL and is_date_format(number_format or ""))


def differences(ours: dict, theirs: tuple, limit: int = 5) -> list[tuple]:
    """(cell, ours, theirs) for up to ``limit`` cells that differ or that only one side has;
    ``theirs``: a sheet of :func:`openpyxl_cells` (its cells, the cells merges cover, the
    cells' number formats)."""
    theirs, covered, formats = theirs
    out = []
    for key in sorted((set(ours) | set(theirs)) - covered):
        a, b = _text(ours.get(key)), _text(theirs.get(key))
        if a is None and b is None:
            continue
        if (a is None or b is None or not same_value(a, b)) and not _explained(a, b, formats.get(key)):
            out.append((key, a, b))
            if len(out) >= limit:
                break
    return out
