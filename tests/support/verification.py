"""Filling a verification workbook through its ``_meta`` contract, as any program can: the very
hidden ``_meta`` names, for each (unit, criterion), the cells of the verified score and the
reason. Read here with calamine (not with the intake's reader); written with openpyxl."""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import openpyxl

from tests.support.meta import calamine_grid
from tests.support.saved import set_saved

KEEP = object()          # leave a cell as the workbook has it


def form_meta(path: Path) -> tuple[dict, list[dict], list[list]]:
    """(keys, the row table, the tagged rows ``submission`` / ``known``) of a verification form."""
    keys, table, tagged, header = {}, [], [], None
    for row in calamine_grid(path, "_meta"):
        row = [("" if v is None else v) for v in row] + [""] * 8
        first = str(row[0])
        if first in ("submission", "known"):
            tagged.append(row[:4])
        elif first == "row":
            header = [str(v) for v in row if v != ""]
        elif header is not None and first != "":
            table.append(dict(zip(header, row)))
        elif first != "":
            keys[first] = row[1]
    return keys, table, tagged


def form_cells(path: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(unit, criterion) -> (sheet, verified cell, reason cell), from ``_meta``."""
    keys, table, _ = form_meta(path)
    return {(r["unit_code"], r["criterion_code"]): (keys["sheet"], r["verified_cell"], r["reason_cell"])
            for r in table}


def fill_verification(src: Path, dst: Path, changes: dict, when: datetime | None = None) -> Path:
    """Copy ``src`` to ``dst`` with ``changes`` typed in: {(unit, criterion): (verified, reason)};
    None clears a cell, :data:`KEEP` leaves it. ``when``: the time the file was saved (its own
    saved time, as a spreadsheet program stamps it, and its modification time)."""
    cells = form_cells(src)
    wb = openpyxl.load_workbook(src)
    for key, (verified, reason) in changes.items():
        sheet, v_cell, r_cell = cells[key]
        ws = wb[sheet]
        if verified is not KEEP:
            ws[v_cell].value = verified
        if reason is not KEEP:
            ws[r_cell].value = reason
    dst = Path(dst)
    wb.save(dst)
    if when is not None:
        set_saved(dst, when)
        os.utime(dst, (when.timestamp(), when.timestamp()))
    return dst


def typed(path: Path) -> dict[tuple[str, str], tuple]:
    """(unit, criterion) -> (verified, reason) as the visible sheet holds them, blanks left out."""
    cells = form_cells(path)
    grids: dict[str, list[list]] = {}
    out = {}
    for key, (sheet, v_cell, r_cell) in cells.items():
        grid = grids.setdefault(sheet, calamine_grid(path, sheet))
        values = tuple(None if v == "" else v for v in (_at(grid, ref) for ref in (v_cell, r_cell)))
        if any(v is not None for v in values):
            out[key] = values
    return out


def _at(grid: list[list], ref: str):
    letters = "".join(ch for ch in ref if ch.isalpha())
    row = int(ref[len(letters):]) - 1
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    col -= 1
    if row < len(grid) and col < len(grid[row]):
        return grid[row][col]
    return None
