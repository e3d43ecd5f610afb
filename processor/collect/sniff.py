"""What a blob is, recognised by content, never by name.

A spreadsheet when its leading bytes say so: ``PK\\x03\\x04`` (a zip) whose ``[Content_Types].xml``
names a workbook (xlsx/xlsm/xlsb/xltx) or whose ``mimetype`` is an OpenDocument spreadsheet (ods);
or the OLE signature ``D0CF11E0A1B11AE1`` (a legacy .xls, or an encrypted OOXML workbook: kept,
consolidate reports it). Other zips are archives for :mod:`.attachments` to look into.
"""
from __future__ import annotations

import io
import re
import zipfile

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
SPREADSHEET_KINDS = ("xlsx", "xlsm", "xlsb", "xltx", "xltm", "ods", "xls")
SPREADSHEET_EXTENSIONS = {"." + k for k in SPREADSHEET_KINDS} | {".xlt", ".ots"}
# what a kind is saved as when the name has no spreadsheet extension
EXTENSION_FOR = {"xlsx": ".xlsx", "xlsm": ".xlsm", "xlsb": ".xlsb", "xltx": ".xltx",
                 "xltm": ".xltm", "ods": ".ods", "xls": ".xls"}

_CONTENT_TYPES = (  # [Content_Types].xml main part -> kind (macro-enabled first)
    ("application/vnd.ms-excel.sheet.macroenabled.main+xml", "xlsm"),
    ("application/vnd.ms-excel.template.macroenabled.main+xml", "xltm"),
    ("application/vnd.ms-excel.sheet.binary.macroenabled.main", "xlsb"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml", "xltx"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xlsx"),
)
_OTHER_OOXML = (("wordprocessingml", "docx"), ("presentationml", "pptx"))
_ODS_MIMETYPES = {"application/vnd.oasis.opendocument.spreadsheet": "ods",
                  "application/vnd.oasis.opendocument.spreadsheet-template": "ods"}



MAX_HEADER_READ = 1024**2   # [Content_Types].xml / mimetype read to sniff


def sniff(data: bytes, max_read: int = MAX_HEADER_READ) -> str:
    """The kind of a blob: a spreadsheet kind, ``zip`` (an archive to look into), ``ole-doc``,
    ``docx``/``pptx``/``odt``..., ``pdf``, ``image``, ``html``, ``eml``, or ``other``."""
    head = data[:8]
    if head.startswith(ZIP_MAGIC):
        return _sniff_zip(data, max_read)
    if head == OLE_MAGIC:
        return _sniff_ole(data)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")) or data[8:12] == b"WEBP":
        return "image"
    text = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table")):
        return "html"
    if _looks_like_message(data):
        return "eml"
    return "other"


def _sniff_zip(data: bytes, max_read: int) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "other"
    with zf:
        names = {info.filename: info for info in zf.infolist()}
        ctypes = names.get("[Content_Types].xml")
        if ctypes is not None:
            text = bounded_read(zf, ctypes, max_read)
            if text is not None:
                low = text.decode("utf-8", "replace").lower()
                for ctype, kind in _CONTENT_TYPES:
                    if ctype in low:
                        return kind
                for marker, kind in _OTHER_OOXML:
                    if marker in low:
                        return kind
            if any(n.startswith("xl/workbook") for n in names):
                return "xlsx"
            return "ooxml"
        mimetype = names.get("mimetype")
        if mimetype is not None:
            raw = bounded_read(zf, mimetype, 200)
            value = (raw or b"").decode("ascii", "replace").strip()
            if value in _ODS_MIMETYPES:
                return _ODS_MIMETYPES[value]
            if value.startswith("application/vnd.oasis.opendocument."):
                return "od" + value.rsplit(".", 1)[-1][:1]  # odt, odp, odg...
            return "zip"
        return "zip"


def bounded_read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """Inflate at most ``limit`` bytes of an entry (the declared size is not trusted)."""
    if info.file_size > limit or info.flag_bits & 0x1:
        return None
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError,
            ValueError, zipfile.LargeZipFile):
        return None
    return data if len(data) <= limit else None


def _sniff_ole(data: bytes) -> str:
    """An OLE compound file: a workbook (or encrypted OOXML) unless it is plainly another
    Office document. Directory entry names are UTF-16LE; search them rather than parse."""
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data
    if has("Workbook") or has("Book") or has("EncryptionInfo") or has("EncryptedPackage"):
        return "xls"
    if has("WordDocument"):
        return "doc"
    if has("PowerPoint Document"):
        return "ppt"
    if has("__substg1.0_"):
        return "msg"
    return "xls"   # unknown OLE: keep it, consolidate says what it is


def _looks_like_message(data: bytes) -> bool:
    head = data[:4096]
    return bool(re.match(rb"(?:[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+", head)) and \
        re.search(rb"(?im)^(from|message-id|received|subject|date):", head) is not None and \
        re.search(rb"(?im)^(from|date|message-id):", head) is not None

