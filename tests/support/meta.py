"""An independent reader of a template's _meta sheet for tests (not the intake's parser)."""
from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from processor.report.template import META_SHEET, META_TABLE_HEADER


def calamine_grid(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def meta_of(path: Path) -> tuple[dict, list[dict]]:
    """Key/value rows, then the table under its header row, read with calamine."""
    meta, table, header = {}, [], None
    for row in calamine_grid(path, META_SHEET):
        row = list(row) + [""] * (6 - len(row))
        if header is None:
            if tuple(row[:6]) == META_TABLE_HEADER:
                header = META_TABLE_HEADER
            elif row[0] != "":
                meta[row[0]] = row[1]
        elif row[0] != "":
            table.append(dict(zip(header, row)))
    return meta, table
