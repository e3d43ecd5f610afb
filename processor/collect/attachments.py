"""Find the spreadsheets a message carries, recognised by content, never by name.

A part is a spreadsheet when its leading bytes say so: ``PK\\x03\\x04`` (a zip) whose
``[Content_Types].xml`` names a workbook (xlsx/xlsm/xlsb/xltx) or whose ``mimetype`` is an
OpenDocument spreadsheet (ods); or the OLE signature ``D0CF11E0A1B11AE1`` (a legacy .xls, or an
encrypted OOXML workbook: kept, consolidate reports it). Other zips are archives: their entries are
examined the same way, after checking entry count, total size and compression ratio *before*
inflating anything. Forwarded messages (message/rfc822 parts, or attached .eml files) are walked
recursively up to a depth limit.

File names are decoded (RFC 2047/2231, by the email package), NFC-normalized, stripped of any
path, control, format and reserved characters, and given a spreadsheet extension when they lack
one (see :func:`safe_filename`).
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from pathlib import PurePosixPath

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


@dataclass(frozen=True)
class Limits:
    """Defences against hostile mail: archive bombs and endless forwarding."""
    max_depth: int = 5                      # forwarded messages / archives inside each other
    max_entries: int = 500                  # entries in one archive
    max_total_size: int = 200 * 1024**2     # declared uncompressed bytes of one archive
    max_entry_size: int = 50 * 1024**2      # one inflated entry
    max_ratio: float = 200.0                # uncompressed / compressed, for entries > 1 MiB
    max_header_read: int = 1024**2          # [Content_Types].xml / mimetype read to sniff


@dataclass
class Attachment:
    """A spreadsheet found in a message."""
    name: str                 # safe file name to save under (before de-duplication in the inbox)
    original: str             # the name as sent (decoded), '' when there was none
    data: bytes
    kind: str                 # one of SPREADSHEET_KINDS
    part: str                 # where in the message: "Bang.zip › a.xlsx", "Fwd: … › b.xlsx"


@dataclass
class Skipped:
    """Something in the message that is not saved: a non-spreadsheet, a rejected archive..."""
    reason: str               # not-spreadsheet | archive-rejected | too-deep
    name: str
    kind: str
    part: str
    detail: str = ""


@dataclass
class Extraction:
    attachments: list[Attachment] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


# --- sniffing -------------------------------------------------------------------------------
def sniff(data: bytes, limits: Limits = Limits()) -> str:
    """The kind of a blob: a spreadsheet kind, ``zip`` (an archive to look into), ``ole-doc``,
    ``docx``/``pptx``/``odt``..., ``pdf``, ``image``, ``html``, ``eml``, or ``other``."""
    head = data[:8]
    if head.startswith(ZIP_MAGIC):
        return _sniff_zip(data, limits)
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


def _sniff_zip(data: bytes, limits: Limits) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "other"
    with zf:
        names = {info.filename: info for info in zf.infolist()}
        ctypes = names.get("[Content_Types].xml")
        if ctypes is not None:
            text = _bounded_read(zf, ctypes, limits.max_header_read)
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
            raw = _bounded_read(zf, mimetype, 200)
            value = (raw or b"").decode("ascii", "replace").strip()
            if value in _ODS_MIMETYPES:
                return _ODS_MIMETYPES[value]
            if value.startswith("application/vnd.oasis.opendocument."):
                return "od" + value.rsplit(".", 1)[-1][:1]  # odt, odp, odg...
            return "zip"
        return "zip"


def _bounded_read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
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


# --- file names -----------------------------------------------------------------------------
_RESERVED = set('<>:"/\\|?*')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.I)
MAX_NAME_BYTES = 180


def decode_filename(raw: str | None) -> str:
    """An attachment's name as a person reads it: RFC 2047 words left by lax mailers decoded,
    stray surrogate bytes (raw 8-bit headers) read as UTF-8, NFC."""
    if not raw:
        return ""
    name = str(raw)
    if "=?" in name:
        try:
            name = str(make_header(decode_header(name)))
        except (ValueError, LookupError, UnicodeError):
            pass
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in name):
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return unicodedata.normalize("NFC", name)


def safe_filename(name: str, kind: str | None = None) -> str:
    """A file name that is safe to create in the inbox on Windows, macOS and Linux.

    Only the last path component is kept (``../../x.xlsx`` -> ``x.xlsx``, ``C:\\a\\b.xlsx`` ->
    ``b.xlsx``); control, format (bidi overrides, zero-width) and reserved characters are removed;
    leading/trailing dots and spaces go; Windows device names are prefixed; the name is cut to
    180 UTF-8 bytes keeping the extension; a spreadsheet ``kind`` adds its extension when the name
    has no spreadsheet extension. Never empty.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = re.sub(r"[\t\r\n\v\f]+", " ", text)
    text = "".join(ch for ch in text
                   if ch not in _RESERVED and unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp"))
    text = re.sub(r"\s+", " ", text).strip(" .")
    if not text:
        text = "tep-dinh-kem"
    if _WINDOWS_RESERVED.match(text):
        text = "_" + text
    suffix = PurePosixPath(text).suffix.lower()
    if kind in EXTENSION_FOR and suffix not in SPREADSHEET_EXTENSIONS:
        text += EXTENSION_FOR[kind]
    return _truncate(text)


def _truncate(name: str) -> str:
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    path = PurePosixPath(name)
    suffix = path.suffix if len(path.suffix) <= 10 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    while len(stem.encode("utf-8")) > budget:
        stem = stem[:-1]
    return stem.rstrip(" .") + suffix


# --- walking a message ----------------------------------------------------------------------
def parse_message(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)


def header_text(msg: Message, name: str) -> str:
    """A header as NFC text; a malformed header gives its raw text rather than an exception."""
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - the email package raises various errors on bad headers
        value = None
        for key, raw in msg.raw_items() if hasattr(msg, "raw_items") else []:
            if key.lower() == name.lower():
                value = raw
                break
    if value is None:
        return ""
    text = str(value)
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def extract(msg: Message, limits: Limits = Limits()) -> Extraction:
    """All spreadsheets in ``msg`` (attachments, archive entries, forwarded messages)."""
    out = Extraction()
    _walk(msg, 0, (), out, limits)
    return out


def _walk(part: Message, depth: int, where: tuple[str, ...], out: Extraction, limits: Limits) -> None:
    ctype = part.get_content_type()
    if ctype == "message/rfc822" or (part.get_content_maintype() == "message"
                                     and isinstance(part.get_payload(), list)):
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else None
        if isinstance(inner, Message):
            _descend(inner, depth, where, out, limits)
        return
    if part.is_multipart():
        payload = part.get_payload()
        for sub in payload if isinstance(payload, list) else []:
            if isinstance(sub, Message):
                _walk(sub, depth, where, out, limits)
        return
    try:
        raw_name = part.get_filename()
    except Exception:  # noqa: BLE001 - malformed parameters
        raw_name = None
    original = decode_filename(raw_name)
    disposition = (part.get_content_disposition() or "").lower()
    if not original and disposition != "attachment" and part.get_content_maintype() in ("text", "multipart"):
        return  # the message body itself
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        data = None
    if not data:
        if original:
            out.skipped.append(Skipped("not-spreadsheet", original, "empty", _where(where, original)))
        return
    _blob(data, original, depth, where, out, limits)


def _descend(inner: Message, depth: int, where: tuple[str, ...], out: Extraction, limits: Limits) -> None:
    label = header_text(inner, "subject") or "(thư chuyển tiếp)"
    if depth + 1 > limits.max_depth:
        out.skipped.append(Skipped("too-deep", label, "eml", _where(where, label),
                                   str(limits.max_depth)))
        return
    _walk(inner, depth + 1, where + (label,), out, limits)


def _blob(data: bytes, original: str, depth: int, where: tuple[str, ...], out: Extraction,
          limits: Limits) -> None:
    kind = sniff(data, limits)
    label = original or f"({kind})"
    if kind in SPREADSHEET_KINDS:
        out.attachments.append(Attachment(safe_filename(original, kind), original, data, kind,
                                          _where(where, label)))
    elif kind == "zip":
        _archive(data, label, depth, where, out, limits)
    elif kind == "eml":
        _descend(parse_message(data), depth, where, out, limits)
    else:
        out.skipped.append(Skipped("not-spreadsheet", label, kind, _where(where, label)))


def _archive(data: bytes, label: str, depth: int, where: tuple[str, ...], out: Extraction,
             limits: Limits) -> None:
    here = _where(where, label)
    if depth + 1 > limits.max_depth:
        out.skipped.append(Skipped("too-deep", label, "zip", here, str(limits.max_depth)))
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        out.skipped.append(Skipped("archive-rejected", label, "zip", here, "tệp nén hỏng"))
        return
    problem = archive_problem(infos, limits)
    if problem:
        out.skipped.append(Skipped("archive-rejected", label, "zip", here, problem))
        return
    inner_where = where + (label,)
    with zf:
        for info in infos:
            name = decode_zip_name(info)
            base = name.replace("\\", "/").rsplit("/", 1)[-1]
            if base.startswith(("._", "~$")) or name.startswith("__MACOSX/"):
                continue  # macOS resource forks, Office lock files
            content = _bounded_read(zf, info, limits.max_entry_size)
            if content is None:
                out.skipped.append(Skipped("archive-rejected", label, "zip", here,
                                           f"không giải nén được '{base}'"))
                continue
            _blob(content, base, depth + 1, inner_where, out, limits)


def archive_problem(infos: list[zipfile.ZipInfo], limits: Limits) -> str:
    """Why an archive is refused, checked on its directory before anything is inflated ('' = ok)."""
    if len(infos) > limits.max_entries:
        return f"quá nhiều tệp ({len(infos)} > {limits.max_entries})"
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_size:
        return f"dung lượng giải nén quá lớn ({total} byte)"
    for info in infos:
        if info.flag_bits & 0x1:
            return "tệp nén có mật khẩu"
        if info.file_size > limits.max_entry_size:
            return f"tệp '{info.filename}' quá lớn khi giải nén ({info.file_size} byte)"
        if info.file_size > 1024**2 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            return f"tỉ lệ nén bất thường ở '{info.filename}' (nghi là bom nén)"
    return ""


def decode_zip_name(info: zipfile.ZipInfo) -> str:
    """Zip entry names without the UTF-8 flag are cp437 in Python; Windows' built-in zip writes
    them in the OEM code page, and Vietnamese names often arrive as UTF-8 without the flag."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            raw = name.encode("cp437")
            name = raw.decode("utf-8")
        except UnicodeError:
            pass
    return unicodedata.normalize("NFC", name)


def _where(where: tuple[str, ...], label: str) -> str:
    return " › ".join(where + (label,))
