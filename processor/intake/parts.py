"""The parts of a zip container, inflated once each straight from the file's bytes and checked
before any reader parses them: declared sizes that lie (I008), damage (I007, including a CRC-32
that does not match), a DTD before an XML part's root element (I012), and a worksheet whose cells
reach far beyond a template's size (I015), which would make a reader build a grid without bound.
"""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field


@dataclass
class PartScan:
    problem: tuple[str, dict] | None = None     # I008 lying size, I007 damaged, I012 DTD, I015 far cell
    parts: dict[str, bytes] = field(default_factory=dict)   # small parts kept for later checks


KEEP_PARTS = ("[Content_Types].xml", "xl/styles.xml")
_XML_PART = (".xml", ".rels", ".bin", ".vml")
# Parts no reader of ours ever inflates (python-calamine reads the workbook, its relations, shared
# strings, styles and worksheets): a bomb there is never opened, so it costs nothing to skip.
_UNREAD = ("docProps/", "xl/theme/", "xl/drawings/", "xl/media/", "xl/printerSettings/",
           "customXml/", "xl/comments", "xl/calcChain.xml")
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384


def scan_parts(path, infos, *, entities: bool = False, data: bytes | None = None,
               max_sheet_cells: int | None = None) -> PartScan:
    """Inflate every XML/binary part once, straight from the file's bytes: more output than the
    central directory declares is a lying header (I008), a CRC-32 that does not match is damage
    (I007); a DOCTYPE/ENTITY before an XML part's root element is refused (I012); with
    ``max_sheet_cells``, a worksheet whose cells span more than that from A1 is refused (I015).
    Output is capped at the declared size + 1, so memory stays bounded."""
    out = PartScan()
    if data is None:
        with open(path, "rb") as fh:
            data = fh.read()
    for info in sorted(infos, key=lambda i: i.header_offset):
        name = info.filename
        if not name.endswith(_XML_PART) or name.startswith(_UNREAD):
            continue
        try:
            body = _inflate(data, info)
        except (zlib.error, ValueError, struct.error) as exc:
            out.problem = ("I007", {"detail": f"{name}: {short_error(exc)}"})
            return out
        if body is None:
            out.problem = ("I008", {"reason": f"{name}: more data than declared"})
            return out
        if entities and name.endswith((".xml", ".rels")) and has_dtd(body):
            out.problem = ("I012", {"part": name})   # never resolved by us; refused before parsing
            return out
        if max_sheet_cells is not None and name.startswith("xl/worksheets/") and name.endswith(".xml"):
            far = far_cell(body, max_sheet_cells)
            if far is not None:
                out.problem = ("I015", {"sheet": name, **far})
                return out
        if name in KEEP_PARTS:
            out.parts[name] = body
    return out


# A cell or row reference with three column letters or five row digits (column AAA, row 10,000
# or beyond), or a dimension reaching there: the only sheets whose extent is worked out exactly.
# The hint starts with a literal (fast) and takes any white space before it (another attribute
# ending in "r" only costs the exact count); the dimension stands in a sheet's head.
_FAR_REF = re.compile(rb'r="(?:[A-Z]{3}|[A-Z]{0,2}[0-9]{5})')
_FAR_DIMENSION = re.compile(rb'dimension\s+ref="[^"]*(?:[A-Z]{3}|[0-9]{5})')
HEAD = 4096
_REF = re.compile(rb'\sr="([A-Z]{0,4})([0-9]{1,9})"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]{0,4}[0-9]{0,9}:)?([A-Z]{0,4})([0-9]{0,9})"')


def far_cell(body: bytes, max_cells: int) -> dict | None:
    """``{"far": the farthest cell, "detail"}`` when the sheet's cells or its dimension reach beyond Excel's grid
    or span more than ``max_cells`` counted from A1; None for any sheet a template could be."""
    if _FAR_REF.search(body) is None and _FAR_DIMENSION.search(body, 0, HEAD) is None:
        return None
    refs = _REF.findall(body)
    dimension = _DIMENSION.search(body)
    if dimension is not None:
        refs.append(dimension.groups())
    rows = cols = 0
    far, far_size = "", 0
    for letters, digits in refs:
        row, col = int(digits or 0), _column(letters)
        rows, cols = max(rows, row), max(cols, col)
        if max(row, 1) * max(col, 1) > far_size:
            far, far_size = (letters + digits).decode(), max(row, 1) * max(col, 1)
    if rows > EXCEL_ROWS or cols > EXCEL_COLS:
        return {"far": far, "detail": "XFD1048576 max"}
    if max(rows, 1) * max(cols, 1) > max_cells:
        return {"far": far, "detail": f"{rows:,} × {cols:,} > {max_cells:,}".replace(",", ".")}
    return None


def _column(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col


def _inflate(data: bytes, info) -> bytes | None:
    """The entry's bytes, or None when it inflates to more than its declared size."""
    start = info.header_offset
    if data[start:start + 4] != b"PK\x03\x04":
        raise ValueError("local header missing")
    name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_len + extra_len
    raw = data[begin:begin + info.compress_size]
    if len(raw) < info.compress_size:
        raise ValueError("entry cut short")
    method, size = info.compress_type, info.file_size
    if method == zipfile.ZIP_STORED:
        body = raw
    elif method == zipfile.ZIP_DEFLATED:
        body = zlib.decompressobj(-15).decompress(raw, size + 1)
    else:
        raise ValueError(f"compression {method} not supported")
    if len(body) > size:
        return None
    if len(body) < size:
        raise ValueError("shorter than declared")
    if zlib.crc32(body) != info.CRC:           # damaged bytes can still inflate
        raise ValueError("CRC-32 does not match")
    return body


_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
# A DTD (and so any ENTITY) can only stand in the prolog, before the root element: past the
# BOM, the XML declaration, comments, processing instructions and white space. Looking there
# only is exact, and does not walk the part's every "<" (XML is full of them).
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:(?:<\?.*?\?>|<!--.*?-->)\s*)*", re.S)


# What every writer puts first: the XML declaration (no "?" inside), white space, then the root
# element. Seen in one short match, a third of the full prolog scan (sniff asks this of every
# part of every file); anything else gets the full scan.
_PLAIN_HEAD = re.compile(rb"<\?xml[^?]*\?>\s*<[^!?]")


def has_dtd(body: bytes) -> bool:
    """A DOCTYPE (billion laughs, external entities) before the root element of an XML part."""
    if _PLAIN_HEAD.match(body):
        return False
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):       # UTF-16: look at it as UTF-8
        body = body.decode("utf-16", "replace").encode("utf-8")
    end = _PROLOG.match(body).end()
    return body[end:end + 2] == b"<!" and _DTD.match(body, end) is not None


def entity_check(zf: zipfile.ZipFile, names: set[str]):
    """A DOCTYPE/ENTITY in the head of any XML part (billion laughs, external entities), for
    ``verify_sizes = false``, where the parts are not inflated whole."""
    for name in sorted(names):
        if not name.endswith((".xml", ".rels")):
            continue
        try:
            with zf.open(name) as fh:
                head = fh.read(4096)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
            yield ("I007", {"detail": f"{name}: {short_error(exc)}"})
            return
        if _DTD.search(head):  # never resolved by us; refused before any parser sees it
            yield ("I012", {"part": name})
            return


def short_error(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[:120]
