"""One file of the inbox read in full: hashed, sniffed, read and identified, never raising; what a
reading worker (:mod:`.worker`) runs, apart from the package so the workers need not import it."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import replace

from ..config.block import Block, per_block
from ..config.limits import IntakeLimits as Limits
from ..findings import Finding, finding
from ..model import Source, Submission
from .discover import read_file, sha256_of
from .identify import identify
from .read import read_submission
from .sniff import judge
from .times import record

log = logging.getLogger("thidua.intake")

SPREADSHEET_KINDS = ("xlsx", "xlsm", "xls", "xlsb", "ods")
REVIEW_ROLES = ("verification", "tally")


def read_one(source: Source, block: Block, log_file: str = "thidua.log") -> tuple[Submission | None, list[Finding]]:
    """Hash, sniff, read and identify one file; never raises. Runs in a reading worker
    (:mod:`.parallel`), where a native reader's crash costs this file alone."""
    try:
        limits = intake_limits(block)
        data = None
        try:
            if source.size <= limits.max_file_bytes:     # read once: hashed, sniffed and parsed
                data = read_file(source.path, source.size)
                if not source.sha256:
                    source.sha256 = hashlib.sha256(data).hexdigest()
            elif not source.sha256:
                source.sha256 = sha256_of(source.path)
        except OSError as exc:              # no permission, gone, no longer a file
            return None, [unreadable(source, exc)]
        listed = listed_content(source, block)
        sniffed, early, notes = judge(source, limits, data)
        record(source, "saved", sniffed.saved, block.tz)
        kind = sniffed.kind
        source.format = kind if kind in SPREADSHEET_KINDS else None
        if early:
            source.status = "ignored" if all(f.severity == "info" for f in early) else "rejected"
            return None, listed + early
        notes = listed + notes
        sub = read_submission(source, block, data)
        if sub.meta.get("kind") in REVIEW_ROLES:
            # the chair's verification workbook or the tally, its records read: not a unit's scores
            source.role = sub.meta["kind"]
            sub.findings[:0] = notes
            return sub, sub.findings
        sub.findings[:0] = notes            # macros (never run), legacy fonts
        unit, signal, id_findings = identify(sub, block)
        sub.findings.extend(id_findings)
        source.unit, source.identity = unit, signal
        if unit is None:
            source.status = "rejected"
        else:       # what was found before the unit was known is about that unit too
            sub.findings[:] = [f if f.unit else replace(f, unit=unit) for f in sub.findings]
        return sub, sub.findings
    except Exception as exc:  # noqa: BLE001 - the batch goes on; details go to the log
        source.status = "rejected"
        return None, [reader_error(source, exc, log_file)]
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":      # a Rust panic in python-calamine
            raise
        source.status = "rejected"
        return None, [reader_error(source, exc, log_file)]


def unreadable(source: Source, exc: OSError) -> Finding:
    """An entry listed as a file that cannot be opened now: I016, the entry ``unreadable``."""
    from ..collect.errors import os_reason

    vi, en = os_reason(exc)
    source.status = "unreadable"
    source.note = f"không đọc được: {vi}"
    return finding("I016", file=source.file, reason={"vi": vi, "en": en})


def listed_content(source: Source, block: Block) -> list[Finding]:
    """The mail's Date and sender count for this file only if it is what collect saved: listed
    by its path and changed since, it keeps them with a warning (I021); listed by its name
    alone (another folder) with other content, it is another file and loses them."""
    listed = source.listed_sha256
    if not listed or listed == source.sha256:
        return []
    if source.listed_by_name:
        source.received_via, source.sender = "file", None
        record(source, "mail", None, block.tz)
        return []
    return [finding("I021", file=source.file)]


def reader_error(source: Source, exc: BaseException, log_file: str) -> Finding:
    """The one finding of a file that raised: damaged (the reader said so), the reader failed
    (a panic, memory), or an error of ours (F003, logged with its traceback)."""
    from python_calamine import CalamineError

    if isinstance(exc, CalamineError):
        detail = f"{type(exc).__name__}: {exc}".strip(": ")[:120]
        return finding("I007", file=source.file, detail=detail)
    if isinstance(exc, MemoryError) or type(exc).__name__ == "PanicException":
        log.warning("the reader failed on %s: %r", source.file, exc)
        return finding("I014", file=source.file, detail=type(exc).__name__)
    log.error("reading %s failed", source.file, exc_info=exc)
    return finding("F003", file=source.file, detail=type(exc).__name__, log=log_file)


@per_block
def intake_limits(block: Block) -> Limits:
    """Resource limits from block.toml [intake] (validated when the block is loaded)."""
    return Limits.from_config(block.extra.get("intake"))
