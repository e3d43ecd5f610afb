"""Find the spreadsheets a message carries: attachments, archive entries, forwarded messages.

What a part is comes from its content (:mod:`.sniff`), never its name. Zips that are not
workbooks are archives: their entries are examined the same way, after checking the archive's
directory *before* inflating anything: encryption, each entry's size and compression ratio, and
what all archives of the message together may unpack (:class:`Limits`), so that ten small
archives cannot add up to more than one may. Forwarded messages (message/rfc822 parts, or
attached .eml files) are walked recursively up to a depth limit. Names whose bytes are not UTF-8
are read leniently and listed in :attr:`Extraction.damaged`.
"""
from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser

from .headers import header_text
from .names import decode_filename, safe_filename
from .sniff import SPREADSHEET_KINDS, bounded_read, sniff

MiB = 1024**2


@dataclass(frozen=True)
class Limits:
    """Defences against hostile mail: archive bombs and endless forwarding."""
    max_depth: int = 5                      # forwarded messages / archives inside each other
    max_message_entries: int = 500          # entries of all archives of one message together
    max_message_unpacked: int = 200 * MiB   # declared uncompressed bytes, all archives of a message
    max_run_unpacked: int = 1024 * MiB      # bytes saved from archives in one run (see collect)
    max_entry_size: int = 50 * MiB          # one inflated entry
    max_ratio: float = 200.0                # uncompressed / compressed, for entries > 1 MiB
    max_header_read: int = MiB              # [Content_Types].xml / mimetype read to sniff


@dataclass
class Attachment:
    """A spreadsheet found in a message."""
    name: str                 # safe file name to save under (before de-duplication in the inbox)
    original: str             # the name as sent (decoded), '' when there was none
    data: bytes
    kind: str                 # one of SPREADSHEET_KINDS
    part: str                 # where in the message: "Bang.zip › a.xlsx", "Fwd: … › b.xlsx"
    archive: str = ""         # the outermost archive it came out of ('' = not from an archive)


@dataclass
class Skipped:
    """Something in the message that is not saved: a non-spreadsheet, a rejected archive..."""
    reason: str               # not-spreadsheet | archive-rejected | too-deep | over-limit
    name: str
    kind: str
    part: str
    detail: str = ""
    entries: int = 0          # over-limit: what the archive would have unpacked
    unpacked: int = 0


@dataclass
class Damaged:
    """A name inside the message whose bytes are not UTF-8 (read with U+FFFD)."""
    field: str                # "filename" | "Subject" (of a forwarded message)
    text: str
    part: str


@dataclass
class Extraction:
    attachments: list[Attachment] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    damaged: list[Damaged] = field(default_factory=list)


@dataclass
class _Walk:
    out: Extraction
    limits: Limits
    entries_left: int         # what the archives of this message may still unpack
    unpacked_left: int


def parse_message(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)


def extract(msg: Message, limits: Limits = Limits()) -> Extraction:
    """All spreadsheets in ``msg`` (attachments, archive entries, forwarded messages)."""
    walk = _Walk(Extraction(), limits, limits.max_message_entries, limits.max_message_unpacked)
    _walk(msg, 0, (), walk)
    return walk.out


def _walk(part: Message, depth: int, where: tuple[str, ...], w: _Walk) -> None:
    ctype = part.get_content_type()
    if ctype == "message/rfc822" or (part.get_content_maintype() == "message"
                                     and isinstance(part.get_payload(), list)):
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else None
        if isinstance(inner, Message):
            _descend(inner, depth, where, w)
        return
    if part.is_multipart():
        payload = part.get_payload()
        for sub in payload if isinstance(payload, list) else []:
            if isinstance(sub, Message):
                _walk(sub, depth, where, w)
        return
    try:
        raw_name = part.get_filename()
    except Exception:  # noqa: BLE001 - malformed parameters
        raw_name = None
    original, damaged = decode_filename(raw_name)
    if damaged:
        w.out.damaged.append(Damaged("filename", original, _where(where, original)))
    disposition = (part.get_content_disposition() or "").lower()
    if not original and disposition != "attachment" and part.get_content_maintype() in ("text", "multipart"):
        return  # the message body itself
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        data = None
    if not data:
        if original:
            w.out.skipped.append(Skipped("not-spreadsheet", original, "empty", _where(where, original)))
        return
    _blob(data, original, depth, where, w, "")


def _descend(inner: Message, depth: int, where: tuple[str, ...], w: _Walk) -> None:
    subject, damaged = header_text(inner, "subject")
    label = subject or "(thư chuyển tiếp)"
    if damaged:
        w.out.damaged.append(Damaged("Subject", subject, _where(where, label)))
    if depth + 1 > w.limits.max_depth:
        w.out.skipped.append(Skipped("too-deep", label, "eml", _where(where, label),
                                     str(w.limits.max_depth)))
        return
    _walk(inner, depth + 1, where + (label,), w)


def _blob(data: bytes, original: str, depth: int, where: tuple[str, ...], w: _Walk,
          archive: str) -> None:
    kind = sniff(data, w.limits.max_header_read)
    label = original or f"({kind})"
    if kind in SPREADSHEET_KINDS:
        w.out.attachments.append(Attachment(safe_filename(original, kind), original, data, kind,
                                            _where(where, label), archive))
    elif kind == "zip":
        _archive(data, label, depth, where, w, archive or label)
    elif kind == "eml":
        _descend(parse_message(data), depth, where, w)
    else:
        w.out.skipped.append(Skipped("not-spreadsheet", label, kind, _where(where, label)))


def _archive(data: bytes, label: str, depth: int, where: tuple[str, ...], w: _Walk,
             outermost: str) -> None:
    here = _where(where, label)
    limits = w.limits
    if depth + 1 > limits.max_depth:
        w.out.skipped.append(Skipped("too-deep", label, "zip", here, str(limits.max_depth)))
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        w.out.skipped.append(Skipped("archive-rejected", label, "zip", here, "tệp nén hỏng"))
        return
    problem = archive_problem(infos, limits)
    if problem:
        w.out.skipped.append(Skipped("archive-rejected", label, "zip", here, problem))
        return
    # zipfile never inflates an entry past its declared size: the declared sizes bound the work
    entries, unpacked = len(infos), sum(i.file_size for i in infos)
    if entries > w.entries_left or unpacked > w.unpacked_left:
        w.out.skipped.append(Skipped("over-limit", label, "zip", here, entries=entries,
                                     unpacked=unpacked))
        return
    w.entries_left -= entries
    w.unpacked_left -= unpacked
    inner_where = where + (label,)
    with zf:
        for info in infos:
            name = decode_zip_name(info)
            base = name.replace("\\", "/").rsplit("/", 1)[-1]
            if base.startswith(("._", "~$")) or name.startswith("__MACOSX/"):
                continue  # macOS resource forks, Office lock files
            content = bounded_read(zf, info, limits.max_entry_size)
            if content is None:
                w.out.skipped.append(Skipped("archive-rejected", label, "zip", here,
                                             f"không giải nén được '{base}'"))
                continue
            _blob(content, base, depth + 1, inner_where, w, outermost)


def archive_problem(infos: list[zipfile.ZipInfo], limits: Limits) -> str:
    """Why an archive is refused on its own, checked on its directory before anything is
    inflated ('' = ok). What the archives of a message add up to is checked by the walk."""
    if len(infos) > limits.max_message_entries:
        return f"quá nhiều tệp ({len(infos)} > {limits.max_message_entries})"
    total = sum(i.file_size for i in infos)
    if total > limits.max_message_unpacked:
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
