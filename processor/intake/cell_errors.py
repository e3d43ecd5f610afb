"""Spreadsheet error cells (#DIV/0!, #N/A, #REF!...) in an OOXML sheet: a check, not a reader.

python-calamine returns an error cell as '' like a blank, and a blank score is "not scored":
a unit that typed a broken formula deserves the precise message. Only called when a score
cell read blank, so good files never pay for it. The sheet's bytes are searched for the few
cells asked for (sniff already refused any part that declares a DTD or entities).
"""
from __future__ import annotations

import re
import zipfile

from defusedxml import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
_CELL = re.compile(rb'<c\b([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def error_cells(file, sheet_name: str, refs: set[str]) -> dict[str, str]:
    """{A1 ref: error text} for those of ``refs`` that hold an error value in ``sheet_name``;
    ``file``: a path or a binary file object."""
    wanted = {ref.encode() for ref in refs}
    try:
        with zipfile.ZipFile(file) as zf:
            part = {name: part for part, name in sheet_names_by_part(zf).items()}.get(sheet_name)
            if part is None:
                return {}
            data = zf.read(part)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return {}
    found: dict[str, str] = {}
    for m in _CELL.finditer(data):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get(b"r") in wanted and attrs.get(b"t") == b"e":
            value = _VALUE.search(m.group(2) or b"")
            found[attrs[b"r"].decode()] = value.group(1).decode("utf-8", "replace") if value else "#ERROR"
    return found


def sheet_names_by_part(zf: zipfile.ZipFile) -> dict[str, str]:
    """{worksheet part ("xl/worksheets/sheet2.xml"): sheet name} from the workbook and its
    relations (parsed with defusedxml: a DTD is refused, never resolved)."""
    import posixpath

    workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels.iterfind("rel:Relationship", NS):
        target = rel.get("Target") or ""
        targets[rel.get("Id")] = (target.lstrip("/") if target.startswith("/")
                                  else posixpath.normpath(posixpath.join("xl", target)))
    out = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", NS):
        part = targets.get(sheet.get(f"{{{NS['r']}}}id"))
        if part is not None:
            out[part] = sheet.get("name")
    return out
