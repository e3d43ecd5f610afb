"""A narrow, exact reader for the cells of an xlsx/xlsm whose parts sniff has already inflated.

python-calamine is our reference reader and reads every format. This module exists for speed
at scale only: to prove a zip's declared sizes, sniff inflates every part a reader would parse,
so reading the few plain cells of a template from those bytes costs one regex pass instead of a
second unzip and parse (calamine alone costs ~4× the unzip floor per file; see
docs/performance.md).

It reads only the plain forms that Excel, LibreOffice, openpyxl and XlsxWriter write, and
**declines** (raises :class:`Declined`) on anything else, which then goes to calamine: a
namespace prefix, a cell whose reference is not its first attribute, a number in a date or time
format, a ``t="d"`` cell, ``_xHHHH_`` escapes, carriage returns, CDATA, phonetic runs, a number
it cannot parse exactly. Its result is calamine's ``to_python(skip_empty_area=False)`` for the
same sheet, plus the error cells (``#DIV/0!``...) that calamine reads as blank;
``tests/test_ooxml_reader.py`` holds it to calamine on every fixture and on generated workbooks.
"""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from html import unescape

WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


class Declined(Exception):
    """Not a form this reader is sure to read exactly as calamine does; use calamine."""


_SHEET_TAG = re.compile(r"<sheet\b([^>]*?)/?>")
_REL_TAG = re.compile(r"<Relationship\b([^>]*?)/?>")
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
# a cell with content; its reference must be the first attribute (every writer we know does so).
# Possessive quantifiers (++, ?+) where giving back could never lead to a match: a third faster,
# mostly on the empty styled cells (<c r="B1" s="4"/>) that it must reject. Not in "<f .../>",
# where [^>]* must give the "/" back.
_CELL = re.compile(
    r'<c r="([A-Z]{1,3}+[0-9]{1,7}+)"(?: s="([0-9]++)")?+(?: t="([a-zA-Z]++)")?+>'
    r'(?:<f>[^<]*+</f>|<f [^>]*/>|<f [^>]*+>[^<]*+</f>)?+'
    r'(?:<v>([^<]*+)</v>|<v ?/>|<is>(.*?)</is>)?+</c>', re.S)
_SI = re.compile(r'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>|<si>(.*?)</si>|<si/>', re.S)
_RUN_TEXT = re.compile(r"<t(?:\s[^>]*)?>([^<]*)</t>|<t\s*/>")
_NUMBER = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
# text this reader leaves to calamine: escaped characters, CR (XML would normalize it), CDATA
_ESCAPED = re.compile(r"_x[0-9A-Fa-f]{4}_")
_ESCAPED_BYTES = re.compile(_ESCAPED.pattern.encode())
# built-in number formats that are dates, times or durations (ECMA-376 18.8.30), and a custom
# format code with a date/time letter outside quotes, brackets and escapes
_DATE_FORMAT_IDS = frozenset(range(14, 23)) | frozenset(range(27, 37)) | frozenset(range(45, 48)) \
    | frozenset(range(50, 59))
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[(?![hHmMsS]+\])[^\]]*\]|\\.|_.|\*.')
_NUM_FMT = re.compile(r'<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_XF = re.compile(r"<xf\b([^>]*?)/?>")
_NUM_FMT_ID = re.compile(r'numFmtId="(\d+)"')
_GENERAL = re.compile("general", re.I)


class Book:
    """Sheet names (in workbook order) and their cells, from a dict of inflated parts."""

    def __init__(self, parts: dict[str, bytes]):
        self.parts = parts
        try:
            workbook, rels = parts[WORKBOOK], parts[WORKBOOK_RELS]
        except KeyError as exc:
            raise Declined(f"no {exc}") from None
        self.sheets, shared, styles = _layout(workbook, rels)
        self.names = list(self.sheets)
        self.shared = _shared_strings(parts[shared]) if shared in parts else []
        self.date_styles = _date_styles(parts[styles]) if styles in parts else frozenset()

    def string(self, index: str) -> str:
        """The shared string a cell's ``<v>`` points to."""
        try:
            return self.shared[int(index)]
        except (ValueError, IndexError):
            raise Declined(f"shared string {index[:20]!r}") from None

    def sheet(self, name: str) -> "Sheet":
        part = self.sheets[name]
        try:
            data = self.parts[part]
        except KeyError:
            raise Declined(f"no {part}") from None
        start = data.find(b"<sheetData")
        if start < 0:
            raise Declined("prefixed or unusual sheet XML")
        end = data.find(b"</sheetData>", start)
        # cells stand only in sheetData; the rest (validations, print setup) is not decoded
        try:
            return Sheet(self, data[start:end if end > 0 else start].decode("utf-8"))
        except UnicodeDecodeError:
            raise Declined("not UTF-8") from None


class Sheet:
    """One sheet's cells: ``get(row, col)`` (0-based; None when blank), ``strings()``,
    ``row_lists()`` and ``errors``, and ``rows`` (the dense grid of calamine's ``to_python``).
    Values are converted only when asked for: a template's few typed cells, not every label."""

    def __init__(self, book: Book, text: str):
        self.book = book
        self.text = text
        self._found: list | None = None
        self._by_ref: dict[str, tuple] | None = None

    @property
    def found(self) -> list:
        """(ref, style, type, value, inline) of every cell with content, in document order."""
        if self._found is None:
            self._found = _cells(self.text)
        return self._found

    @property
    def by_ref(self) -> dict[str, tuple]:
        if self._by_ref is None:
            self._by_ref = {cell[0]: cell for cell in self.found}
        return self._by_ref

    def get(self, r: int, c: int):
        return self.value(a1(r, c))

    def value(self, ref: str):
        """``get`` by an A1 reference ("D12")."""
        cell = self.by_ref.get(ref)
        return None if cell is None else self._value(cell)

    def find_codes(self, matcher) -> dict[str, tuple[int, int]]:
        """``matcher.find(self.strings())`` in one pass: a label too long to be a code is
        dropped before its place is worked out; the first in row-major order wins."""
        string, code_of, longest = self.book.string, matcher.code, matcher.longest
        hits = []
        for cell in self.found:
            kind = cell[2]
            if kind == "s":
                value = string(cell[3])
            elif kind == "str" or kind == "inlineStr":
                value = self._value(cell)
            else:
                continue
            if value and len(value) <= longest:
                code = code_of(value)
                if code is not None:
                    r, c = _parse_ref(cell[0])
                    if r < matcher.rows and c < matcher.cols:
                        hits.append((r, c, code))
        found: dict[str, tuple[int, int]] = {}
        for r, c, code in sorted(hits):
            found.setdefault(code, (r, c))
        return found

    def strings(self) -> list[tuple[int, int, str]]:
        """Every text cell as (row, col, text), row-major."""
        out = []
        for cell in self.found:
            if cell[2] in _TEXT_TYPES:
                value = self._value(cell)
                if value:
                    out.append((*_parse_ref(cell[0]), value))
        out.sort()
        return out

    def row_lists(self):
        """The non-blank rows in order, each a list from column A (blank cells as "")."""
        row: list = []
        current = -1
        for cell in self._found if self._found is not None else _iter_cells(self.text):
            r, c = _parse_ref(cell[0])
            value = self._value(cell)
            if value is None or value == "":
                continue
            if r < current:
                raise Declined("rows out of order")      # calamine would sort them
            if r != current:
                if row:
                    yield row
                row, current = [], r
            if c >= len(row):
                row.extend([""] * (c + 1 - len(row)))
            row[c] = value
        if row:
            yield row

    @property
    def rows(self) -> list[list]:
        values = [(*_parse_ref(cell[0]), self._value(cell)) for cell in self.found]
        values = [v for v in values if v[2] is not None and v[2] != ""]
        height = max((r for r, _, _ in values), default=-1) + 1
        width = max((c for _, c, _ in values), default=-1) + 1
        grid = [[""] * width for _ in range(height)]
        for r, c, value in values:
            grid[r][c] = value
        return grid

    @property
    def errors(self) -> dict[tuple[int, int], str]:
        """{(row, col): "#DIV/0!"...}: error cells, which calamine reads as blank."""
        return {_parse_ref(ref): _text(raw) or "#ERROR"
                for ref, _, kind, raw, _ in self.found if kind == "e"}

    def _value(self, cell: tuple):
        _, style, kind, raw, inline = cell
        if kind == "s":
            return self.book.string(raw)
        if kind == "inlineStr":
            return _rich_text(inline)
        if not raw:
            return None                        # no cached value (a formula never calculated)
        if kind == "" or kind == "n":
            number = _number(raw)
            if style and self.book.date_styles and int(style) in self.book.date_styles:
                raise Declined("a number in a date format")
            return number
        if kind == "str":
            return _text(raw)
        if kind == "b":
            if raw not in ("0", "1"):
                raise Declined(f"boolean {raw[:20]!r}")
            return raw == "1"
        if kind == "e":
            return None                         # as calamine: blank (see ``errors``)
        raise Declined(f"cell type {kind!r}")


_TEXT_TYPES = frozenset(("s", "str", "inlineStr"))


@lru_cache(maxsize=50_000)
def _number(raw: str) -> float:
    """A cached value as a number ("19" -> 19.0), each distinct text checked once per process:
    every file holds the same few scores and maxima."""
    if not _NUMBER.fullmatch(raw):
        raise Declined(f"number {raw[:20]!r}")
    return float(raw)


def _cells(text: str) -> list:
    found = _CELL.findall(text)
    if len(found) != text.count("</c>"):
        raise Declined("a cell in a form this reader does not know")
    return found


WINDOW = 2048      # characters of sheet XML parsed at a time by a reader that may stop early


def _iter_cells(text: str):
    """The cells, for a reader that may stop early (``_meta``'s head): parsed a few rows at a
    time, each window ending at a row's end and held to the count of its cells like ``_cells``."""
    pos, size = 0, len(text)
    while pos < size:
        end = text.find("</row>", pos + WINDOW)
        end = size if end < 0 else end + 6
        found = _CELL.findall(text, pos, end)
        if len(found) != text.count("</c>", pos, end):
            raise Declined("a cell in a form this reader does not know")
        yield from found
        pos = end


def open_book(parts: dict[str, bytes] | None) -> Book | None:
    """The book, or None when this reader declines the file (calamine reads it instead)."""
    if not parts:
        return None
    try:
        return Book(parts)
    except (Declined, UnicodeDecodeError, ValueError):
        return None


def _attr(attrs: str, key: str) -> str:
    start = attrs.index(key) + len(key) + 1
    return attrs[start:attrs.index('"', start)]


@lru_cache(maxsize=16384)
def _parse_ref(ref: str) -> tuple[int, int]:
    """'D12' -> (11, 3)."""
    col, i = 0, 0
    while ref[i] > "9":
        col = col * 26 + ord(ref[i]) - 64
        i += 1
    return int(ref[i:]) - 1, col - 1


@lru_cache(maxsize=16384)
def a1(row: int, col: int) -> str:
    """0-based (row, col) -> 'D12'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _unsure(text: str) -> bool:
    return "\r" in text or "<![CDATA[" in text or ("_x" in text and bool(_ESCAPED.search(text)))


def _text(raw: str) -> str:
    if _unsure(raw):
        raise Declined("escaped or CR text")
    return unescape(raw) if "&" in raw else raw


def _rich_text(inner: str) -> str:
    if "<rPh" in inner or "<!" in inner:
        raise Declined("phonetic run or CDATA")
    return "".join(_text(t) for t in _RUN_TEXT.findall(inner))


def _shared_strings(data: bytes) -> list[str]:
    # one-byte probes first (memchr); a longer needle ("_x" in data) walks the part at ~1 ns a
    # byte, slower than the regex's own search, and our _meta keys put a "_" in every template
    if b"\r" in data or (b"[" in data and b"<![CDATA[" in data) or \
            (b"_" in data and _ESCAPED_BYTES.search(data)):
        raise Declined("escaped or CR text in shared strings")
    text = data.decode("utf-8")
    plain = text.replace('<t xml:space="preserve">', "<t>")
    first, last = plain.find("<si><t>"), plain.rfind("</t></si>")
    out = None
    if first >= 0 and first == plain.find("<si") and plain[last + 9:].strip() == "</sst>":
        # every string one plain run (what Excel, LibreOffice and XlsxWriter mostly write):
        # split, then prove it: exactly the separators' tags are left between the strings
        body = plain[first + 7:last]
        out = body.split("</t></si><si><t>")
        if body.count("<") != 4 * (len(out) - 1):
            out = None
    if out is None:
        out = [p if not rich else _rich_text(rich) for p, rich in _SI.findall(text)]
        if len(out) != text.count("<si") or any("<" in s for s in out):
            raise Declined("a shared string in a form this reader does not know")
    if "&" in text:
        out = [unescape(s) if "&" in s else s for s in out]
    return out


@lru_cache(maxsize=64)
def _layout(workbook: bytes, rels: bytes) -> tuple[dict[str, str], str, str]:
    """({sheet name: part}, shared strings part, styles part): the same in every copy of a
    template, so computed once per distinct workbook.xml and relations."""
    wb_text, rels_text = workbook.decode("utf-8"), rels.decode("utf-8")
    if "<sheets" not in wb_text or "<Relationships" not in rels_text:
        raise Declined("prefixed workbook XML")
    targets, shared, styles = {}, "xl/sharedStrings.xml", "xl/styles.xml"
    for attrs in _REL_TAG.findall(rels_text):
        a = dict(_ATTR.findall(attrs))
        target = a.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", unescape(target)))
        targets[a.get("Id")] = path
        kind = a.get("Type", "")
        if kind.endswith("/sharedStrings"):
            shared = path
        elif kind.endswith("/styles"):
            styles = path
    sheets: dict[str, str] = {}
    for attrs in _SHEET_TAG.findall(wb_text):
        a = dict(_ATTR.findall(attrs))
        rel = [v for k, v in a.items() if k.endswith(":id")]
        if "name" not in a or len(rel) != 1 or rel[0] not in targets:
            raise Declined("a sheet without its relation")
        sheets[unescape(a["name"])] = targets[rel[0]]
    return sheets, shared, styles


@lru_cache(maxsize=64)
def _date_styles(styles: bytes) -> frozenset[int]:
    """Indexes of the cell formats whose number format shows a date, time or duration
    (over-inclusive on purpose: a false positive only sends the file to calamine)."""
    text = styles.decode("utf-8")
    custom = {int(i): code for i, code in _NUM_FMT.findall(text)}
    start = text.find("<cellXfs")
    end = text.find("</cellXfs>", start)
    if start < 0:
        return frozenset()
    out = set()
    for index, attrs in enumerate(_XF.findall(text[start:end])):
        fmt = _NUM_FMT_ID.search(attrs)
        fid = int(fmt.group(1)) if fmt else 0
        if fid in _DATE_FORMAT_IDS or (fid in custom and _is_date_code(unescape(custom[fid]))):
            out.add(index)
    return frozenset(out)


def _is_date_code(code: str) -> bool:
    bare = _GENERAL.sub("", _FORMAT_LITERALS.sub("", code))
    return any(ch in bare for ch in "dmyhsDMYHSeg")
