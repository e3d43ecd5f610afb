"""Intake: the inbox -> Sources and Submissions. The only stage (besides report) that reads disk.

One file's failure never stops the batch: whatever goes wrong becomes a finding naming the file.
"""
from __future__ import annotations

import logging
from pathlib import Path

from ..block import Block
from ..findings import Finding, finding
from ..model import Source, Submission
from .discover import discover
from .identify import identify
from .read import read_submission

log = logging.getLogger("thidua.intake")

SPREADSHEET_KINDS = ("xlsx", "xlsm", "xls", "xlsb", "ods")


def intake(inbox: Path, block: Block, log_file: str = "thidua.log") -> tuple[list[Source], list[Submission], list[Finding]]:
    """(every file as a Source, the readable Submissions, findings of files that could not be read)."""
    sources = discover(inbox)
    submissions: list[Submission] = []
    findings: list[Finding] = []
    for source in sources:
        sub, file_findings = read_one(source, block, log_file)
        if sub is not None:
            submissions.append(sub)   # its findings travel with it (validate may demote them)
        else:
            findings.extend(file_findings)
    return sources, submissions, findings


def read_one(source: Source, block: Block, log_file: str = "thidua.log") -> tuple[Submission | None, list[Finding]]:
    """Sniff, read and identify one file; never raises."""
    try:
        kind, early = sniff_source(source)
        source.format = kind if kind in SPREADSHEET_KINDS else None
        if early:
            source.status = "ignored" if all(f.severity == "info" for f in early) else "rejected"
            return None, early
        sub = read_submission(source, block)
        unit, signal, id_findings = identify(sub, block)
        sub.findings.extend(id_findings)
        source.unit, source.identity = unit, signal
        if unit is None:
            source.status = "rejected"
        return sub, sub.findings
    except Exception as exc:  # noqa: BLE001 - the batch goes on; details go to the log
        log.exception("reading %s failed", source.file)
        source.status = "rejected"
        return None, [finding("F003", file=source.file, detail=type(exc).__name__, log=log_file)]


def sniff_source(source: Source) -> tuple[str | None, list[Finding]]:
    """(kind, findings that stop reading). Content decides, not the extension."""
    try:
        from .sniff import sniff_findings
    except ImportError:
        return _basic_sniff(source)
    return sniff_findings(source)


def _basic_sniff(source: Source) -> tuple[str | None, list[Finding]]:
    with open(source.path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04"):
        suffix = Path(source.file).suffix.lower().lstrip(".")
        return (suffix if suffix in ("xlsx", "xlsm", "ods", "xlsb") else "xlsx"), []
    if head.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        return "xls", []
    if not head:
        return None, [finding("F001", file=source.file, detail="tệp rỗng")]
    if source.file.lower().endswith((".txt", ".md", ".pdf", ".png", ".jpg", ".docx", ".doc")):
        return None, [finding("F004", file=source.file, kind=Path(source.file).suffix)]
    return None, [finding("F002", file=source.file, kind="không rõ")]
