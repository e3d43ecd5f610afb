"""The parts of a zip container, inflated once each straight from the file's bytes and checked:
declared sizes that lie (I008), damage (I007, including a CRC-32 that does not match) and a DTD
before an XML part's root element (I012). The inflated XML is kept for the OOXML reader. The
parts that copies of one template share byte for byte are inflated once per process."""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

try:        # the same API as zlib, inflating about twice as fast (docs/performance.md)
    from zlib_ng import zlib_ng as _zlib
except ImportError:     # pragma: no cover - a platform without its wheel
    _zlib = zlib
_ZLIB_ERRORS = (zlib.error, _zlib.error)


@dataclass
class PartScan:
    problem: tuple[str, dict] | None = None     # I008 lying size, I007 damaged, I012 DTD
    parts: dict[str, bytes] = field(default_factory=dict)   # small parts kept for later checks


KEEP_PARTS = ("[Content_Types].xml", "xl/styles.xml")
_XML_PART = (".xml", ".rels", ".bin", ".vml")
# Parts no reader of ours ever inflates (python-calamine reads the workbook, its relations, shared
# strings, styles and worksheets): a bomb there is never opened, so it costs nothing to skip.
_UNREAD = ("docProps/", "xl/theme/", "xl/drawings/", "xl/media/", "xl/printerSettings/",
           "customXml/", "xl/comments", "xl/calcChain.xml")
# Parts that every copy of one template holds byte for byte (a unit's own data is in its sheets
# and shared strings): the same compressed bytes under the same declared size and CRC-32 inflate
# to the same checked part, so each distinct one is inflated once per process.
_TEMPLATE_PARTS = frozenset(("[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels",
                             "xl/workbook.xml", "xl/styles.xml"))
_TEMPLATE_PART_BYTES = 256 * 1024


def scan_parts(path, infos, *, entities: bool = False, data: bytes | None = None,
               keep: bool = False) -> PartScan:
    """Inflate every XML/binary part once, straight from the file's bytes: more output than the
    central directory declares is a lying header (I008), a CRC-32 that does not match is damage
    (I007); a DOCTYPE/ENTITY before an XML part's root element is refused (I012). Output is
    capped at the declared size + 1, so memory stays bounded.
    ``keep``: keep every XML part (for the reader), not only the few sniff looks at."""
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
        except (*_ZLIB_ERRORS, ValueError, struct.error) as exc:
            out.problem = ("I007", {"detail": f"{name}: {short_error(exc)}"})
            return out
        if body is None:
            out.problem = ("I008", {"reason": f"{name}: more data than declared"})
            return out
        if entities and name.endswith((".xml", ".rels")) and has_dtd(body):
            out.problem = ("I012", {"part": name})   # never resolved by us; refused before parsing
            return out
        if name in KEEP_PARTS or (keep and name.endswith((".xml", ".rels"))):
            out.parts[name] = body
    return out


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
    if info.filename in _TEMPLATE_PARTS and info.file_size <= _TEMPLATE_PART_BYTES:
        return _template_part(raw, info.compress_type, info.file_size, info.CRC)
    return _inflated(raw, info.compress_type, info.file_size, info.CRC)


def _inflated(raw: bytes, method: int, size: int, crc: int) -> bytes | None:
    """An entry's compressed bytes inflated and checked against its declared size and CRC-32."""
    if method == zipfile.ZIP_STORED:
        body = raw
    elif method == zipfile.ZIP_DEFLATED:
        inflater = _zlib.decompressobj(-15)
        body = inflater.decompress(raw, size + 1)
    else:
        raise ValueError(f"compression {method} not supported")
    if len(body) > size:
        return None
    if len(body) < size:
        raise ValueError("shorter than declared")
    if _zlib.crc32(body) != crc:           # damaged bytes can still inflate
        raise ValueError("CRC-32 does not match")
    return body


_template_part = lru_cache(maxsize=64)(_inflated)     # errors are raised, never remembered


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
