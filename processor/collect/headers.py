"""The headers collect uses (From, Subject, Date, Message-ID), read leniently.

A header may carry raw bytes that are not UTF-8 (a legacy mailer, a broken gateway) or an encoded
word whose bytes do not decode. Such bytes are replaced by U+FFFD and the header is named in
:attr:`MessageHead.undecodable`, so the run goes on and the caller can say which header of which
message was damaged. Nothing here raises on a malformed header.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

REPLACEMENT = "\ufffd"


def lenient(value) -> tuple[str, bool]:
    """``value`` as NFC text with white space folded, and whether bytes had to be replaced.

    Surrogate escapes (raw 8-bit bytes kept by the email package) are decoded as UTF-8; what is
    not UTF-8 becomes U+FFFD. A U+FFFD already present (the email package's own replacement in an
    encoded word) also counts as damage."""
    text = "" if value is None else str(value)
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        # lone surrogates other than escaped bytes cannot be encoded back: replace them first
        text = "".join(REPLACEMENT if _unescapable(ch) else ch for ch in text)
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text, REPLACEMENT in text


def _unescapable(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff" and not "\udc80" <= ch <= "\udcff"


def header_text(msg: Message, name: str) -> tuple[str, bool]:
    """A header as text and whether it was damaged ('' when absent); a header the email package
    cannot parse is read from its raw form."""
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - the email package raises various errors on bad headers
        value = next((raw for key, raw in _raw_items(msg) if key.lower() == name.lower()), None)
    return lenient(value) if value is not None else ("", False)


@dataclass
class MessageHead:
    sender: str                    # address, lower case ('' when unknown)
    sender_name: str
    subject: str
    date: datetime | None          # aware; a Date without offset is taken as UTC
    message_id: str
    undecodable: list[tuple[str, str]] = field(default_factory=list)   # (header, text as read)


def read_head(msg: Message) -> MessageHead:
    """From, Subject, Date and Message-ID of ``msg``, each read leniently."""
    bad: list[tuple[str, str]] = []

    def text(header: str) -> str:
        value, damaged = header_text(msg, header)
        if damaged:
            bad.append((header, value))
        return value

    from_text = text("From")
    name, addr = _sender(msg, from_text)
    subject = text("Subject")
    date_text = text("Date")
    message_id = text("Message-ID")
    return MessageHead(sender=addr.lower(), sender_name=name, subject=subject,
                       date=_date(date_text), message_id=message_id, undecodable=bad)


def _sender(msg: Message, from_text: str) -> tuple[str, str]:
    """(display name, address): the first real address ("Sở Y tế, tỉnh X <a@b>" unquoted is two
    "addresses" to the parser), else what the lax parser finds in the text."""
    name = addr = ""
    try:
        parsed = msg.get("from")
        found = [a for a in getattr(parsed, "addresses", None) or () if "@" in (a.addr_spec or "")]
        if found:
            name, addr = found[0].display_name or "", found[0].addr_spec
    except Exception:  # noqa: BLE001 - malformed From: fall back to the lax parser
        pass
    if not addr:
        pairs = getaddresses([from_text]) if from_text else []
        pairs = [p for p in pairs if "@" in p[1]] or pairs
        name, addr = pairs[0] if pairs else ("", "")
    if addr in ("<>", "@"):
        addr = ""
    return lenient(name)[0], lenient(addr)[0]


def _date(text: str) -> datetime | None:
    if not text:
        return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is not None and when.tzinfo is None:  # "-0000": UTC, origin unknown
        when = when.replace(tzinfo=timezone.utc)
    return when


def _raw_items(msg: Message):
    return msg.raw_items() if hasattr(msg, "raw_items") else []
