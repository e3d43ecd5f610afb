"""Runs under LibreOffice's Python (Debian python3-uno), never under the project's venv.

usage: python3 calc.py PIPE_NAME JOB.json RESULT.json
JOB: {"action": "fill", "template", "out", "filter", "scores", "evidence"}
     {"action": "set", "path", "out", "filter", "cells": {sheet: {A1: value or null}}}
     {"action": "recalculate", "path"}
The soffice process is started (and killed) by tests/support/libreoffice.py; this script only
connects to it, retrying while it starts, and asks it to terminate at the end.
"""
import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

META_SHEET = "_meta"
META_TABLE_HEADER = ("criterion_code", "sheet", "cell", "max", "kind", "evidence_cell")
FORMULA_FLAG = 16       # com.sun.star.sheet.CellFlags.FORMULA
RESULT_STRING = 2       # com.sun.star.sheet.FormulaResult.STRING


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, timeout=30.0):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def load(desktop, path):
    url = uno.systemPathToFileUrl(path)
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        raise RuntimeError("LibreOffice could not open " + path)
    return doc


def read_meta(doc):
    """Key/value rows, then the criterion table, wherever its header row is."""
    sheet = doc.Sheets.getByName(META_SHEET)  # reachable even when very hidden
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_row, last_col = cursor.RangeAddress.EndRow, max(cursor.RangeAddress.EndColumn, 5)
    data = sheet.getCellRangeByPosition(0, 0, last_col, last_row).getDataArray()
    meta, table, header = {}, [], None
    for row in data:
        cells = list(row)
        if header is None:
            if tuple(str(c) for c in cells[:6]) == META_TABLE_HEADER:
                header = list(META_TABLE_HEADER)
            elif cells[0] != "":
                meta[str(cells[0])] = cells[1]
        elif cells[0] != "":
            table.append(dict(zip(header, cells)))
    if header is None:
        raise RuntimeError("_meta has no criterion table")
    return meta, table


def fill(desktop, job):
    doc = load(desktop, job["template"])
    try:
        meta, table = read_meta(doc)
        written = {}
        for row in table:
            code = str(row["criterion_code"])
            sheet = doc.Sheets.getByName(row["sheet"])
            for key, source in (("cell", job["scores"]), ("evidence_cell", job["evidence"])):
                if code not in source or not row.get(key):
                    continue
                value = source[code]
                cell = sheet.getCellRangeByName(row[key])
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell.setValue(float(value))
                else:
                    cell.setString(str(value))
                written[row["sheet"] + "!" + row[key]] = value
        doc.storeToURL(uno.systemPathToFileUrl(job["out"]), (prop("FilterName", job["filter"]),))
        return {"meta": meta, "written": written}
    finally:
        doc.close(True)


def set_cells(desktop, job):
    """Type values into named cells (a number as a number, text as text, null clears the cell),
    as a person does in Calc, and store the document as ``filter``."""
    doc = load(desktop, job["path"])
    try:
        for sheet_name, cells in job["cells"].items():
            sheet = doc.Sheets.getByName(sheet_name)
            for ref, value in cells.items():
                cell = sheet.getCellRangeByName(ref)
                if value is None:
                    cell.setString("")
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell.setValue(float(value))
                else:
                    cell.setString(str(value))
        doc.storeToURL(uno.systemPathToFileUrl(job["out"]), (prop("FilterName", job["filter"]),))
        return {"written": job["cells"]}
    finally:
        doc.close(True)


def a1(col, row):
    name = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return "%s%d" % (name, row + 1)


def formula_cells(sheet):
    ranges = sheet.queryContentCells(FORMULA_FLAG)
    cells = ranges.getCells().createEnumeration()
    while cells.hasMoreElements():
        yield cells.nextElement()


def value_of(cell):
    if cell.getError():
        return None
    if cell.FormulaResultType2 == RESULT_STRING:
        return cell.getString()
    return cell.getValue()


def recalculate(desktop, job):
    doc = load(desktop, job["path"])
    try:
        cached = {}
        for sheet in doc.Sheets:
            for cell in formula_cells(sheet):
                addr = cell.CellAddress
                cached[(sheet.Name, a1(addr.Column, addr.Row))] = value_of(cell)
        doc.calculateAll()
        out = {}
        for sheet in doc.Sheets:
            cells = out.setdefault(sheet.Name, {})
            for cell in formula_cells(sheet):
                addr = cell.CellAddress
                ref = a1(addr.Column, addr.Row)
                cells[ref] = [cell.getFormula(), cached.get((sheet.Name, ref)), value_of(cell),
                              bool(cell.getError())]
        return {"sheets": out}
    finally:
        doc.close(True)


def main():
    pipe, job_path, result_path = sys.argv[1:4]
    with open(job_path, encoding="utf-8") as fh:
        job = json.load(fh)
    desktop = connect(pipe, float(job.get("connect_timeout", 30)))
    try:
        result = {"fill": fill, "set": set_cells, "recalculate": recalculate}[job["action"]](desktop, job)
    finally:
        try:
            desktop.terminate()
        except Exception:  # the bridge dies with soffice; that is the point
            pass
    with open(result_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)


if __name__ == "__main__":
    main()
