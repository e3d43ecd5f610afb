"""``collect``: take the spreadsheets out of a mailbox and save them in the inbox, once.

For each message (optionally only those dated on or after ``since``): every spreadsheet found by
:mod:`.attachments` is saved under a safe name that never overwrites (``-2``, ``-3``...), and a
manifest row records who sent it, when, and its sha256. An attachment already in the manifest
(same sha256, or same Message-ID and same place in the message) is not saved again, so running
collect twice saves nothing twice.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path, PurePosixPath
from typing import Callable

from ..findings import Finding, finding
from .. import findings as _findings
from .attachments import Limits, extract, header_text, parse_message
from .errors import CollectError
from .imap import is_imap_url, parse_imap_url
from .manifest import MANIFEST_NAME, ManifestEntry, append_manifest, read_manifest
from .sources import describe_source, iter_messages

if "C001" not in _findings.CATALOGUE:  # until findings/__init__ imports it
    from ..findings import mail as _mail  # noqa: F401

#: --since compares the sender's Date converted to Vietnam time (UTC+7, no daylight saving).
VN_TZ = timezone(timedelta(hours=7))


@dataclass
class SkippedItem:
    reason: str            # duplicate | not-spreadsheet | archive-rejected | too-deep | no-spreadsheet
    name: str
    sender: str
    subject: str
    part: str = ""
    detail: str = ""
    existing: str = ""     # for duplicates: the file already saved


@dataclass
class CollectReport:
    source: str                                   # the source as shown (never a password)
    inbox: Path
    messages: int = 0                             # messages read
    before_since: int = 0                         # messages left out by --since
    saved: list[ManifestEntry] = field(default_factory=list)
    duplicates: list[SkippedItem] = field(default_factory=list)
    not_spreadsheets: list[SkippedItem] = field(default_factory=list)
    errors: list[SkippedItem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def skipped(self) -> list[SkippedItem]:
        return self.duplicates + self.not_spreadsheets


@dataclass
class _Message:
    sender: str
    sender_name: str
    subject: str
    date: datetime | None
    message_id: str


def collect(source: str, inbox: Path, since: date | None = None, password: str | None = None, *,
            cafile: str | None = None, insecure: bool = False,
            password_prompt: Callable[[], str] | None = None, limits: Limits = Limits(),
            now: datetime | None = None, timeout: float = 30.0) -> CollectReport:
    """Collect the spreadsheets of ``source`` into ``inbox``; see the module docstring.

    ``source``: a folder of .eml files, an .eml file, an mbox file, a Maildir, or
    ``imaps://user@host[:port]/FOLDER`` / ``imap://...`` (STARTTLS). ``password`` (IMAP only) falls
    back to env ``THIDUA_IMAP_PASSWORD``, then ``password_prompt()``. Raises :class:`CollectError`
    for anything that stops the whole run (source missing, login refused, server unreachable);
    problems with single messages end up in the report.
    """
    shown = str(parse_imap_url(source)) if is_imap_url(source) else source
    describe_source(source)  # fail early on a missing source, before creating the inbox
    inbox = Path(inbox)
    try:
        inbox.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CollectError(f"Không tạo được thư mục nhận '{inbox}': {exc.strerror}.",
                           f"Cannot create the inbox folder '{inbox}': {exc.strerror}.") from None
    collected_at = (now or datetime.now(timezone.utc)).astimezone().replace(microsecond=0)
    report = CollectReport(shown, inbox)
    manifest = read_manifest(inbox)
    by_sha = {e.sha256: e.file for e in manifest.values() if e.sha256}
    by_part = {(e.message_id, e.part): e.file for e in manifest.values() if e.message_id}
    taken = {p.name.casefold() for p in inbox.iterdir()} | {n.casefold() for n in manifest}
    taken.add(MANIFEST_NAME.casefold())

    for raw in iter_messages(source, since=since, password=password, password_prompt=password_prompt,
                             cafile=cafile, insecure=insecure, timeout=timeout):
        report.messages += 1
        if raw.data is None:
            _error(report, raw.origin, "không tải được nội dung thư")
            continue
        try:
            msg = parse_message(raw.data)
            head = _headers(msg)
        except Exception as exc:  # noqa: BLE001 - one broken message must not stop the run
            _error(report, raw.origin, f"{type(exc).__name__}")
            continue
        if since and head.date and head.date.astimezone(VN_TZ).date() < since:
            report.before_since += 1
            continue
        who = head.sender or head.sender_name or "?"
        subject = head.subject or "(không có tiêu đề)"
        if head.date is None:
            report.findings.append(finding("C008", subject=subject, sender=who))
        try:
            found = extract(msg, limits)
        except Exception as exc:  # noqa: BLE001
            _error(report, raw.origin, f"{type(exc).__name__}")
            continue
        for item in found.skipped:
            entry = SkippedItem(item.reason, item.name, head.sender, head.subject, item.part, item.detail)
            if item.reason == "not-spreadsheet":
                report.not_spreadsheets.append(entry)
                report.findings.append(finding("C001", name=item.name, kind=item.kind,
                                               subject=subject, sender=who))
            elif item.reason == "too-deep":
                report.errors.append(entry)
                report.findings.append(finding("C005", subject=subject, depth=item.detail))
            else:
                report.errors.append(entry)
                report.findings.append(finding("C004", name=item.name, subject=subject, sender=who,
                                               detail=item.detail))
        if not found.attachments:
            report.findings.append(finding("C006", subject=subject, sender=who))
        for att in found.attachments:
            sha = hashlib.sha256(att.data).hexdigest()
            existing = by_sha.get(sha) or (by_part.get((head.message_id, att.part))
                                            if head.message_id else None)
            if existing:
                report.duplicates.append(SkippedItem("duplicate", att.original or att.name,
                                                     head.sender, head.subject, att.part,
                                                     existing=existing))
                report.findings.append(finding("C002", file=existing, name=att.original or att.name,
                                               subject=subject, existing=existing))
                continue
            name = _save(inbox, att.name, att.data, taken)
            if name != att.original:
                reason = ("trùng tên với tệp đã có" if name != att.name
                          else "tên gốc chứa ký tự không an toàn hoặc thiếu đuôi tệp"
                          if att.original else "thư không ghi tên tệp")
                report.findings.append(finding("C007", file=name, saved=name,
                                               original=att.original or "(không tên)",
                                               reason=reason))
            entry = ManifestEntry(file=name, sender=head.sender, subject=head.subject,
                                  date=head.date, message_id=head.message_id, sha256=sha,
                                  sender_name=head.sender_name, size=len(att.data), part=att.part,
                                  source=raw.origin, collected_at=collected_at)
            # the manifest grows file by file: an interrupted run never leaves an unlisted file
            append_manifest(inbox, [entry])
            report.saved.append(entry)
            by_sha[sha] = name
            if head.message_id:
                by_part[(head.message_id, att.part)] = name
    return report


def _headers(msg) -> _Message:
    name = addr = ""
    try:
        parsed = msg.get("from")
        found = [a for a in getattr(parsed, "addresses", None) or () if "@" in (a.addr_spec or "")]
        if found:  # the first real address ("Sở Y tế, tỉnh X <a@b>" unquoted is two "addresses")
            name, addr = found[0].display_name or "", found[0].addr_spec
    except Exception:  # noqa: BLE001 - malformed From: fall back to the lax parser
        pass
    if not addr:
        from_text = header_text(msg, "from")
        pairs = getaddresses([from_text]) if from_text else []
        pairs = [p for p in pairs if "@" in p[1]] or pairs
        name, addr = pairs[0] if pairs else ("", "")
    if addr in ("<>", "@"):
        addr = ""
    date_text = header_text(msg, "date")
    when = None
    if date_text:
        try:
            when = parsedate_to_datetime(date_text)
        except (TypeError, ValueError, IndexError, OverflowError):
            when = None
        if when is not None and when.tzinfo is None:  # "-0000": UTC, origin unknown
            when = when.replace(tzinfo=timezone.utc)
    message_id = header_text(msg, "message-id").strip()
    return _Message(sender=addr.strip().lower(),
                    sender_name=unicodedata.normalize("NFC", name.strip()),
                    subject=header_text(msg, "subject"), date=when, message_id=message_id)


def _error(report: CollectReport, origin: str, detail: str) -> None:
    report.errors.append(SkippedItem("unreadable", origin, "", "", detail=detail))
    report.findings.append(finding("C003", origin=origin, detail=detail))


def _save(inbox: Path, name: str, data: bytes, taken: set[str]) -> str:
    """Write ``data`` under ``name`` or ``stem-2.ext``, ``stem-3.ext``...; never overwrites
    (the final name is claimed with an exclusive link/rename of a complete temporary file)."""
    path = PurePosixPath(name)
    stem, suffix = name[: len(name) - len(path.suffix)], path.suffix
    fd, tmp = tempfile.mkstemp(prefix=".thidua-part-", dir=inbox)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        n = 1
        while True:
            candidate = name if n == 1 else f"{stem}-{n}{suffix}"
            n += 1
            if candidate.casefold() in taken:
                continue
            target = inbox / candidate
            try:
                os.link(tmp, target)
            except FileExistsError:
                taken.add(candidate.casefold())
                continue
            except OSError:  # file systems without hard links (FAT, some shares)
                if target.exists():
                    taken.add(candidate.casefold())
                    continue
                os.rename(tmp, target)
            taken.add(candidate.casefold())
            return candidate
    finally:
        Path(tmp).unlink(missing_ok=True)
