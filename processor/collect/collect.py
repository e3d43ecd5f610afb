"""``collect``: take the spreadsheets out of a mailbox and save them in the inbox, once.

The run holds the inbox's lock (:data:`.inbox.LOCK_NAME`) from start to end, so two runs into one
inbox never mix. For each message (optionally only those dated on or after ``since``), every
spreadsheet found by :mod:`.attachments` is saved under a safe name that never overwrites, and a
manifest row records who sent it, when, and its sha256. Content decides what is new: an attachment
whose sha256 is listed already is not saved again, and one already in the inbox but unlisted (a run
stopped before listing it, a copy saved by hand) is listed rather than copied. So a rerun, even
after a crash, saves nothing twice; two different files of the same name are both kept.
"""
from __future__ import annotations

import hashlib
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from ..findings import Finding, finding
from ..locks import DEFAULT_WAIT, held
from .attachments import Attachment, Extraction, Limits, extract, parse_message
from .errors import InboxError
from .headers import MessageHead, read_head
from .imap import is_imap_url, parse_imap_url
from .inbox import LOCK_NAME, Inbox
from .manifest import ManifestEntry
from .names import is_reserved
from .sources import RawMessage, describe_source, iter_messages

#: --since compares the sender's Date converted to Vietnam time.
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_MiB = 1024**2


@dataclass
class SkippedItem:
    reason: str            # duplicate | not-spreadsheet | archive-rejected | too-deep | over-limit
    name: str              # | unreadable | over-run-limit
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
    adopted: list[ManifestEntry] = field(default_factory=list)   # found in the inbox, now listed
    duplicates: list[SkippedItem] = field(default_factory=list)
    not_spreadsheets: list[SkippedItem] = field(default_factory=list)
    errors: list[SkippedItem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def skipped(self) -> list[SkippedItem]:
        return self.duplicates + self.not_spreadsheets


@dataclass
class _Run:
    report: CollectReport
    box: Inbox
    limits: Limits
    collected_at: datetime
    archive_bytes: int = 0                        # saved from archives so far in this run


def collect(source: str, inbox: Path, since: date | None = None, password: str | None = None, *,
            cafile: str | None = None, insecure: bool = False,
            password_prompt: Callable[[], str] | None = None, limits: Limits = Limits(),
            now: datetime | None = None, timeout: float = 30.0, wait: float = DEFAULT_WAIT,
            on_wait: Callable[[], None] | None = None) -> CollectReport:
    """Collect the spreadsheets of ``source`` into ``inbox``; see the module docstring.

    ``source``: a folder of .eml files, an .eml file, an mbox file, a Maildir, or
    ``imaps://user@host[:port]/FOLDER`` / ``imap://...`` (STARTTLS). ``password`` (IMAP only) falls
    back to env ``THIDUA_IMAP_PASSWORD``, then ``password_prompt()``. When another run holds the
    inbox, waits ``wait`` seconds (calling ``on_wait()`` once) and then raises
    :class:`processor.locks.Busy`. Raises :class:`CollectError` for anything else that stops the
    run (source missing, login refused, server unreachable; :class:`InboxError` when the inbox
    cannot be written); problems with single messages end up in the report.
    """
    shown = str(parse_imap_url(source)) if is_imap_url(source) else source
    describe_source(source)  # fail early on a missing source, before creating the inbox
    inbox = Path(inbox)
    try:
        inbox.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InboxError.from_os(exc, inbox) from None
    collected_at = (now or datetime.now(timezone.utc)).astimezone(VN_TZ).replace(microsecond=0)
    report = CollectReport(shown, inbox)
    with ExitStack() as stack:
        try:
            stack.enter_context(held(inbox / LOCK_NAME, "thidua collect", wait, on_wait))
        except OSError as exc:
            raise InboxError.from_os(exc, inbox / LOCK_NAME) from None
        run = _Run(report, Inbox(inbox), limits, collected_at)
        for raw in iter_messages(source, since=since, password=password,
                                 password_prompt=password_prompt, cafile=cafile,
                                 insecure=insecure, timeout=timeout):
            report.messages += 1
            _message(run, raw, since)
    return report


def _message(run: _Run, raw: RawMessage, since: date | None) -> None:
    report = run.report
    if raw.data is None:
        _error(report, raw.origin, raw.problem or "không tải được nội dung thư")
        return
    try:
        msg = parse_message(raw.data)
        head = read_head(msg)
    except Exception as exc:  # noqa: BLE001 - one broken message must not stop the run
        _error(report, raw.origin, f"{type(exc).__name__}")
        return
    if since and head.date and head.date.astimezone(VN_TZ).date() < since:
        report.before_since += 1
        return
    who = head.sender or head.sender_name or "?"
    subject = head.subject or "(không có tiêu đề)"
    for header, text in head.undecodable:
        report.findings.append(finding("C009", header=header, text=text, subject=subject,
                                       origin=raw.origin))
    if head.date is None:
        report.findings.append(finding("C008", subject=subject, sender=who))
    try:
        found = extract(msg, run.limits)
    except Exception as exc:  # noqa: BLE001
        _error(report, raw.origin, f"{type(exc).__name__}")
        return
    for damaged in found.damaged:
        report.findings.append(finding("C010", part=damaged.part, subject=subject,
                                       origin=raw.origin))
    _skipped(run, found, head, subject, who, raw.origin)
    refused: list[Attachment] = []
    for att in found.attachments:
        if not _attachment(run, att, head, subject, raw.origin):
            refused.append(att)
    if refused:
        report.errors.extend(SkippedItem("over-run-limit", a.original or a.name, head.sender,
                                         head.subject, a.part) for a in refused)
        archives = sorted({a.archive for a in refused})
        report.findings.append(finding(
            "C015", count=len(refused), archives=", ".join(f"'{a}'" for a in archives),
            subject=subject, origin=raw.origin, limit_mib=_mib(run.limits.max_run_unpacked)))


def _skipped(run: _Run, found: Extraction, head: MessageHead, subject: str, who: str,
             origin: str) -> None:
    report = run.report
    for item in found.skipped:
        entry = SkippedItem(item.reason, item.name, head.sender, head.subject, item.part, item.detail)
        if item.reason == "not-spreadsheet":
            report.not_spreadsheets.append(entry)
            report.findings.append(finding("C001", name=item.name, kind=item.kind,
                                           subject=subject, sender=who))
            continue
        report.errors.append(entry)
        if item.reason == "too-deep":
            report.findings.append(finding("C005", subject=subject, depth=item.detail))
        elif item.reason == "over-limit":
            report.findings.append(finding(
                "C014", name=item.name, part=item.part, subject=subject, origin=origin,
                limit_mib=_mib(run.limits.max_message_unpacked),
                limit_entries=run.limits.max_message_entries,
                mib=_mib(item.unpacked), entries=item.entries))
        else:
            report.findings.append(finding("C004", name=item.name, subject=subject, sender=who,
                                           detail=item.detail))
    if not found.attachments and all(s.reason == "not-spreadsheet" for s in found.skipped):
        report.findings.append(finding("C006", subject=subject, sender=who))


def _attachment(run: _Run, att: Attachment, head: MessageHead, subject: str, origin: str) -> bool:
    """Save or list one spreadsheet; False when the run's bound on archives refuses it."""
    report, box = run.report, run.box
    original = att.original or att.name
    sha = hashlib.sha256(att.data).hexdigest()
    existing = box.by_sha.get(sha)
    if existing:
        report.duplicates.append(SkippedItem("duplicate", original, head.sender, head.subject,
                                             att.part, existing=existing))
        report.findings.append(finding("C002", file=existing, name=original, subject=subject,
                                       existing=existing))
        return True
    copy = box.unlisted_copy(sha, len(att.data))
    if copy is None and att.archive:
        if run.archive_bytes + len(att.data) > run.limits.max_run_unpacked:
            return False
        run.archive_bytes += len(att.data)
    if copy is not None:
        name = copy
        report.findings.append(finding("C013", file=name, existing=name, name=original,
                                       subject=subject, origin=origin))
    else:
        first = box.holder(att.name)
        name = box.save(att.name, att.data)
        _name_findings(report, att, name, first, subject)
    entry = ManifestEntry(file=name, sender=head.sender, subject=head.subject, date=head.date,
                          message_id=head.message_id, sha256=sha, sender_name=head.sender_name,
                          size=len(att.data), part=att.part, source=origin,
                          collected_at=run.collected_at)
    # the manifest grows file by file: an interrupted run never leaves an unlisted file behind
    box.record(entry, saved_now=copy is None)
    (report.saved if copy is None else report.adopted).append(entry)
    return True


def _name_findings(report: CollectReport, att: Attachment, name: str, first: str | None,
                   subject: str) -> None:
    original = att.original or "(không tên)"
    if att.original and is_reserved(att.original.replace("\\", "/").rsplit("/", 1)[-1].strip(" .")):
        report.findings.append(finding("C012", file=name, original=att.original, saved=name,
                                       subject=subject))
    elif first is not None and name != att.name:
        report.findings.append(finding("C011", file=name, original=original, first=first,
                                       saved=name, subject=subject))
    elif name != att.original:
        reason = ("tên gốc chứa ký tự không an toàn hoặc thiếu đuôi tệp" if att.original
                  else "thư không ghi tên tệp")
        report.findings.append(finding("C007", file=name, saved=name, original=original,
                                       reason=reason))


def _error(report: CollectReport, origin: str, detail: str) -> None:
    report.errors.append(SkippedItem("unreadable", origin, "", "", detail=detail))
    report.findings.append(finding("C003", origin=origin, detail=detail))


def _mib(size: int) -> int:
    """Whole MiB, rounded up (no decimal separator to translate)."""
    return -(-size // _MiB)
