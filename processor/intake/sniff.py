"""Know what a file is before anything parses it: by its bytes and container, never its name.

``sniff(path, limits)`` looks at the file's first bytes. A zip container is judged first from its
central directory (``check_zip``: entry count, declared sizes, compression ratios, encrypted
entries), then, with ``limits.verify_sizes``, every part a reader will parse is inflated once from
the file's bytes and checked (:mod:`.parts`: sizes that lie, damage, a DTD, cells far beyond a
template's size). An OLE compound file is judged by its streams and its sector chains
(:mod:`.ole`). Sniff never writes, never re-saves and never trusts the extension.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from ..config.limits import IntakeLimits as Limits
from ..findings import finding
from ..findings import intake as _intake_codes  # noqa: F401  (registers the I/V1xx/T/U1xx codes)
from ..text import LEGACY_FONT_PREFIXES
from .ole import OLE_MAGIC, Ole, OleError, biff_filepass
from .parts import PartScan, entity_check, scan_parts, short_error as _short
from .saved import ole_saved_time, zip_saved_time

SPREADSHEET_KINDS = ("xlsx", "xlsm", "xlsb", "ods", "xls")
KINDS = SPREADSHEET_KINDS + ("encrypted", "html", "xml", "pdf", "image", "text", "csv", "empty",
                             "truncated", "zip", "unknown")

ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
HEAD_BYTES = 8192


@dataclass(frozen=True)
class Sniffed:
    kind: str                                   # see KINDS
    detail: str = ""                            # e.g. "docx", "mhtml", "png", "EncryptionInfo"
    macros: bool = False                        # xlsm / xls with a VBA project
    size: int = 0
    problems: tuple[tuple[str, dict], ...] = ()     # (finding code, params) found while sniffing
    legacy_fonts: tuple[str, ...] = ()          # .VnTime, VNI-Times, ... used by the styles
    saved: datetime | None = None               # when the workbook says it was saved (see .saved)

    @property
    def readable(self) -> bool:
        """A spreadsheet a reader may open: right kind and nothing refused it."""
        return self.kind in SPREADSHEET_KINDS and not any(
            code in REFUSING for code, _ in self.problems)


# Codes that stop a file from being parsed at all.
REFUSING = {"I001", "I002", "I003", "I004", "I005", "I006", "I007", "I008", "I009", "I011",
            "I012", "I013", "I015", "F002"}

_KIND_FINDING = {
    "encrypted": "I001", "html": "I002", "pdf": "I003", "image": "I004", "text": "I005",
    "csv": "I005", "empty": "I006", "truncated": "I007", "zip": "F002", "unknown": "F002",
}


# A file whose name says what it really is (a signed PDF next to the workbook, a photo of the
# evidence) is an attachment, ignored with an info (F004); under a spreadsheet's name it is an error.
_HONEST_SUFFIXES = {
    "pdf": {".pdf"}, "image": {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"},
    "text": {".txt", ".md", ".log", ".rtf"}, "html": {".htm", ".html", ".mht", ".mhtml"},
    "zip": {".zip", ".docx", ".pptx", ".odt", ".odp"}, "unknown": {".doc", ".ppt", ".msg"},
    "xml": {".xml"},
}


def classify(source, limits: Limits | None = None) -> tuple[str, list, list]:
    """For intake, one sniff: ``(kind, findings that stop the file, notes that do not)``."""
    s, stop, notes = judge(source, limits)
    return s.kind, stop, notes


def judge(source, limits: Limits | None = None, data: bytes | None = None) -> tuple[Sniffed, list, list]:
    """``(what the file is, findings that stop it, notes that do not)``; ``data``: the file's
    bytes when the caller has read them already.

    Non-spreadsheets named as what they are become an F004 info (ignored attachment); under a
    spreadsheet's name (or none) they get their precise error. Notes: macros (info), legacy fonts."""
    s = sniff(source.path, limits, data)
    found = findings_for(s, file=source.file)
    notes = [f for f in found if f.code not in REFUSING]
    if s.readable:
        return s, [], notes
    suffix = Path(source.file).suffix.lower()
    if not s.problems and suffix in _HONEST_SUFFIXES.get(s.kind, ()):
        label = s.kind + (f" ({s.detail})" if s.detail else "")
        return s, [finding("F004", file=source.file, kind=label)], []
    return s, [f for f in found if f.code in REFUSING], notes


def sniff_findings(source, limits: Limits | None = None) -> tuple[str, list]:
    kind, stop, _ = classify(source, limits)
    return kind, stop


def sniff_notes(source, limits: Limits | None = None) -> list:
    return classify(source, limits)[2]


def findings_for(s: Sniffed, *, file: str | None = None, unit: str | None = None) -> list:
    """The findings a sniff result implies (kind, container checks, macros, legacy fonts)."""
    out: list = []
    code = _KIND_FINDING.get(s.kind)
    if s.kind == "xml":
        code = "I011" if s.detail == "spreadsheetml2003" else "F002"
    seen = set()
    for pcode, params in s.problems:
        out.append(finding(pcode, unit=unit, file=file, **params))
        seen.add(pcode)
    if code and code not in seen:
        params = {"detail": s.detail, "kind": s.kind + (f" ({s.detail})" if s.detail else "")}
        if s.kind == "html":
            params["detail"] = f", {s.detail}" if s.detail else ""
        elif s.kind in ("text", "csv") and not s.detail:
            params["detail"] = "CSV" if s.kind == "csv" else "text"
        out.append(finding(code, unit=unit, file=file, **params))
    if s.macros:
        out.append(finding("I010", unit=unit, file=file))
    for font in s.legacy_fonts:
        out.append(finding("T002", unit=unit, file=file, font=font))
    return out


# ----------------------------------------------------------------------------------------------
def sniff(path: Path | str, limits: Limits | None = None, data: bytes | None = None) -> Sniffed:
    """What the file is. ``data``: its bytes, when the caller has read them already."""
    limits = limits or Limits()
    path = path if isinstance(path, Path) else Path(path)
    size = path.stat().st_size if data is None else len(data)
    if size == 0:
        return Sniffed("empty", size=0)
    if data is not None:
        head = data[:HEAD_BYTES]
    else:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    too_big: tuple = ()
    if size > limits.max_file_bytes:
        too_big = (("I009", {"size": size, "limit": limits.max_file_bytes}),)
    if head.startswith(ZIP_MAGICS):
        s = _sniff_zip(path, limits, size, data)
    elif head.startswith(OLE_MAGIC):
        s = _sniff_ole(path, size, data) if not too_big else Sniffed("xls", "ole", size=size)
    else:
        s = _sniff_head(head, size)
    if too_big:
        s = replace(s, size=size, problems=too_big + s.problems)
    return s


# --- plain leading bytes ----------------------------------------------------------------------
_IMAGES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"),
           (b"GIF89a", "gif"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"BM", "bmp"))


def _sniff_head(head: bytes, size: int) -> Sniffed:
    if head.startswith(b"%PDF-"):
        return Sniffed("pdf", size=size)
    for magic, name in _IMAGES:
        if head.startswith(magic) and (name != "bmp" or len(head) > 14):
            return Sniffed("image", name, size=size)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image", "webp", size=size)
    if head[:4] in (b"\x09\x00\x04\x00", b"\x09\x02\x06\x00", b"\x09\x04\x06\x00"):
        return Sniffed("unknown", "BIFF2-4 (Excel 2.x-4.x)", size=size,
                       problems=(("I013", {"detail": "Excel 2.x–4.x"}),))
    text = _decode_text(head)
    if text is None:
        return Sniffed("unknown", size=size)
    low = text.lstrip("\ufeff \t\r\n").lower()
    start = low[:2048]
    if low.startswith("mime-version:") or ("mime-version:" in start and "multipart/related" in start):
        return Sniffed("html", "mhtml", size=size)
    if low.startswith(("<!doctype html", "<html")) or re.search(r"<html[\s>]", start) and \
            not low.startswith("<?xml"):
        return Sniffed("html", "", size=size)
    if low.startswith("<?xml") or low.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in low or re.search(r"<(ss:)?workbook[\s>]", low):
            return Sniffed("xml", "spreadsheetml2003", size=size)
        if re.search(r"<html[\s>]", low):
            return Sniffed("html", "xhtml", size=size)
        return Sniffed("xml", "xml", size=size)
    if text.lstrip("\ufeff").startswith("{\\rtf"):
        return Sniffed("text", "rtf", size=size)
    if _looks_csv(text):
        return Sniffed("csv", size=size)
    return Sniffed("text", size=size)


def _decode_text(head: bytes) -> str | None:
    """Decode a head as text if it plausibly is text (UTF-8/16 or an 8-bit code page)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16", errors="ignore")
        except UnicodeError:
            return None
    if b"\x00" in head:
        return None
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:               # cut in the middle of a character
            return head[:exc.start].decode("utf-8")
    text = head.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return text if controls <= len(text) // 100 else None


def _looks_csv(text: str) -> bool:
    lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    if len(lines) < 2:
        return False
    lines = lines[:-1] if len(lines) > 2 else lines       # the last may be cut
    for sep in (";", ",", "\t"):
        counts = {ln.count(sep) for ln in lines}
        if len(counts) == 1 and counts.pop() > 0:
            return True
    return False


# --- zip containers ---------------------------------------------------------------------------
def check_zip(path: Path | str, limits: Limits | None = None,
              zf: zipfile.ZipFile | None = None, verify: bool | None = None) -> list[tuple[str, dict]]:
    """(code, params) problems of a zip container, from its central directory (no inflating);
    then, if ``verify`` (default ``limits.verify_sizes``), the XML/binary parts are inflated with
    bounded output to prove their declared sizes. A damaged container gives I007."""
    limits = limits or Limits()
    verify = limits.verify_sizes if verify is None else verify
    own = zf is None
    try:
        if own:
            zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return [("I007", {"detail": _short(exc)})]
    try:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            return [("I008", {"reason": f"{len(infos)} entries > {limits.max_entries}"})]
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos)
        if total > limits.max_uncompressed_bytes:
            return [("I008", {"reason": f"declared {total} bytes uncompressed > "
                                        f"{limits.max_uncompressed_bytes}"})]
        for i in infos:
            if i.file_size > limits.max_entry_bytes:
                return [("I008", {"reason": f"{i.filename}: {i.file_size} bytes > "
                                            f"{limits.max_entry_bytes}"})]
            if i.file_size >= limits.ratio_floor_bytes and \
                    i.file_size > limits.max_ratio * max(i.compress_size, 1):
                return [("I008", {"reason": f"{i.filename}: ratio "
                                            f"{i.file_size / max(i.compress_size, 1):.0f}:1"})]
            if i.flag_bits & 0x1:
                return [("I001", {"detail": f"zip entry {i.filename} encrypted"})]
        if total >= limits.ratio_floor_bytes and total > limits.max_ratio * max(packed, 1):
            return [("I008", {"reason": f"overall ratio {total / max(packed, 1):.0f}:1"})]
        if verify:
            problem = scan_parts(path, infos, max_sheet_cells=limits.max_sheet_cells).problem
            if problem:
                return [problem]
        return []
    finally:
        if own:
            zf.close()


def _sniff_zip(path: Path, limits: Limits, size: int, data: bytes | None = None) -> Sniffed:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return Sniffed("truncated", _short(exc), size=size)
    with zf:
        names = set(zf.namelist())
        verify = limits.verify_sizes
        problems = check_zip(path, limits, zf, verify=False)    # central directory only
        scan = PartScan()
        if not problems and verify:
            scan = scan_parts(path, zf.infolist(), entities=True, data=data,
                              max_sheet_cells=limits.max_sheet_cells)
            if scan.problem:
                problems = [_named_sheet(zf, scan.problem)]
        if problems and problems[0][0] == "I007":
            return Sniffed("truncated", problems[0][1]["detail"], size=size)
        kind, detail = _zip_kind(zf, names, scan.parts.get("[Content_Types].xml"))
        macros = kind == "xlsm"
        fonts: tuple[str, ...] = ()
        if not problems and kind in ("xlsx", "xlsm"):
            if not verify:
                problems = tuple(entity_check(zf, names))
            fonts = _legacy_fonts(zf, names, scan.parts.get("xl/styles.xml"))
        if kind == "ods" and not problems and _ods_encrypted(zf, names):
            return Sniffed("encrypted", "ODF", size=size)
        saved = None
        if not problems and kind in SPREADSHEET_KINDS:
            saved = zip_saved_time(zf, names, kind)
        return Sniffed(kind, detail, macros, size, tuple(problems), fonts, saved)


def _named_sheet(zf: zipfile.ZipFile, problem: tuple[str, dict]) -> tuple[str, dict]:
    """An I015 names the sheet as the user sees it, not its part (looked up only then)."""
    code, params = problem
    if code != "I015":
        return problem
    from .cell_errors import sheet_names_by_part

    try:
        name = sheet_names_by_part(zf).get(params["sheet"], params["sheet"])
    except Exception:  # noqa: BLE001 - a workbook part that does not parse: keep the part's name
        name = params["sheet"]
    return code, {**params, "sheet": name, "cell": params["far"]}


def _zip_kind(zf: zipfile.ZipFile, names: set[str], content_types: bytes | None = None) -> tuple[str, str]:
    if "mimetype" in names:
        mime = _read_small(zf, "mimetype", 200).decode("ascii", "replace").strip()
        if mime == "application/vnd.oasis.opendocument.spreadsheet":
            return "ods", ""
        return "zip", mime.rsplit(".", 1)[-1] or "odf"
    if "xl/workbook.bin" in names:
        return "xlsb", ""
    if "xl/workbook.xml" in names or any(n.startswith("xl/") and n.endswith("workbook.xml")
                                         for n in names):
        if "xl/vbaProject.bin" in names:
            return "xlsm", ""
        ct = content_types if content_types is not None else _read_small(zf, "[Content_Types].xml", 256 * 1024)
        if b"macroEnabled" in ct:
            return "xlsm", ""
        return "xlsx", ""
    if "word/document.xml" in names:
        return "zip", "docx"
    if "ppt/presentation.xml" in names:
        return "zip", "pptx"
    return "zip", ""


def _read_small(zf: zipfile.ZipFile, name: str, cap: int) -> bytes:
    try:
        info = zf.getinfo(name)
        if info.file_size > cap:
            return b""
        with zf.open(info) as fh:
            return fh.read(cap + 1)[:cap]
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
        return b""


_FONT = re.compile(rb'<(?:\w+:)?name\s+val="([^"]{1,64})"')


def _legacy_fonts(zf: zipfile.ZipFile, names: set[str], styles: bytes | None = None) -> tuple[str, ...]:
    if "xl/styles.xml" not in names:
        return ()
    return _fonts_in(styles if styles is not None else _read_small(zf, "xl/styles.xml", 4 * 1024 * 1024))


@lru_cache(maxsize=64)
def _fonts_in(data: bytes) -> tuple[str, ...]:
    """The legacy fonts a styles part names (the same part in every copy of a template)."""
    found = []
    for m in _FONT.finditer(data):
        font = m.group(1).decode("utf-8", "replace")
        if font.lower().startswith(tuple(p.lower() for p in LEGACY_FONT_PREFIXES)) and font not in found:
            found.append(font)
    return tuple(found)


def _ods_encrypted(zf: zipfile.ZipFile, names: set[str]) -> bool:
    if "META-INF/manifest.xml" not in names:
        return False
    return b"encryption-data" in _read_small(zf, "META-INF/manifest.xml", 1024 * 1024)


def _sniff_ole(path: Path, size: int, data: bytes | None = None) -> Sniffed:
    data = path.read_bytes() if data is None else data
    try:
        ole = Ole(data)
        streams = ole.streams()
        if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
            return Sniffed("encrypted", "OOXML in OLE (EncryptionInfo)", size=size)
        book = "Workbook" if "Workbook" in streams else "Book" if "Book" in streams else None
        if book is None:
            if "WordDocument" in streams:
                return Sniffed("unknown", "Word .doc", size=size)
            return Sniffed("unknown", "OLE without a workbook", size=size)
        head = ole.read_head(book, 64 * 1024)
    except OleError as exc:
        return Sniffed("truncated", f"OLE: {exc}"[:160], size=size)
    if biff_filepass(head):
        return Sniffed("encrypted", "xls (FILEPASS)", size=size)
    macros, saved = ole.macros, ole_saved_time(ole.ole)
    if book == "Book":
        return Sniffed("xls", "BIFF5", macros=macros, size=size, saved=saved)
    return Sniffed("xls", "", macros=macros, size=size, saved=saved)
