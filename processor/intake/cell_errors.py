"""Spreadsheet error cells (#DIV/0!, #N/A, #REF!...) in an OOXML sheet.

python-calamine returns an error cell as '' like a blank, and a blank score is "not scored":
a unit that typed a broken formula deserves the precise message. Only called when a score
cell read blank, so good files never pay for the second parse. The sheet XML is parsed with
defusedxml (sniff already refused files that declare entities).
"""
from __future__ import annotations

import posixpath
import zipfile

from defusedxml import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def error_cells(path, sheet_name: str, refs: set[str]) -> dict[str, str]:
    """{A1 ref: error text} for those of ``refs`` that hold an error value in ``sheet_name``."""
    try:
        with zipfile.ZipFile(path) as zf:
            part = _sheet_part(zf, sheet_name)
            if part is None:
                return {}
            found: dict[str, str] = {}
            with zf.open(part) as fh:
                for _, elem in ElementTree.iterparse(fh, events=("end",)):
                    if elem.tag == f"{{{NS['m']}}}c":
                        ref = elem.get("r")
                        if elem.get("t") == "e" and ref in refs:
                            value = elem.find("m:v", NS)
                            found[ref] = value.text if value is not None and value.text else "#ERROR"
                        elem.clear()
            return found
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return {}


def _sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rel_id = None
    for sheet in workbook.iterfind("m:sheets/m:sheet", NS):
        if sheet.get("name") == sheet_name:
            rel_id = sheet.get(f"{{{NS['r']}}}id")
    if rel_id is None:
        return None
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iterfind("rel:Relationship", NS):
        if rel.get("Id") == rel_id:
            target = rel.get("Target")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return None
