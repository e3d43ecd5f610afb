"""Attachment names: decoded as a person reads them, made safe to create in the inbox.

Names are decoded (RFC 2047/2231, by the email package), NFC-normalized, stripped of any path,
control, format and reserved characters, kept clear of the names thidua keeps for itself in an
inbox (``_thidua…``), and given a spreadsheet extension when they lack one.
"""
from __future__ import annotations

import re
import unicodedata
from email.header import decode_header, make_header
from pathlib import PurePosixPath

from .headers import lenient
from .sniff import EXTENSION_FOR, SPREADSHEET_EXTENSIONS

_RESERVED = set('<>:"/\\|?*')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.I)
MAX_NAME_BYTES = 180
OWN_PREFIX = "_thidua"     # the inbox's own files: the manifest, the lock


def decode_filename(raw: str | None) -> tuple[str, bool]:
    """An attachment's name as a person reads it, and whether bytes had to be replaced: RFC 2047
    words left by lax mailers decoded, raw 8-bit bytes read as UTF-8 (U+FFFD where they are not),
    NFC."""
    if not raw:
        return "", False
    name = str(raw)
    if "=?" in name:
        try:
            name = str(make_header(decode_header(name)))
        except (ValueError, LookupError, UnicodeError):
            pass
    return lenient(name)


def is_reserved(name: str) -> bool:
    """Whether ``name`` looks like a file thidua keeps in an inbox (``_thidua…``, any case):
    consolidate does not read those as submissions."""
    return name.casefold().startswith(OWN_PREFIX)


def safe_filename(name: str, kind: str | None = None) -> str:
    """A file name that is safe to create in the inbox on Windows, macOS and Linux.

    Only the last path component is kept (``../../x.xlsx`` -> ``x.xlsx``, ``C:\\a\\b.xlsx`` ->
    ``b.xlsx``); control, format (bidi overrides, zero-width) and reserved characters are removed;
    leading/trailing dots and spaces go; Windows device names are prefixed; a name thidua keeps for
    itself (``_thidua…``) loses its leading underscores; the name is cut to
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
    if is_reserved(text):
        text = text.lstrip("_")
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

