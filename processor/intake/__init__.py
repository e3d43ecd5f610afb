"""Intake: the inbox -> Sources and Submissions. The only stage (besides report) that reads disk.

One file's failure never stops the batch: whatever goes wrong becomes a finding naming the file.
"""
from __future__ import annotations

from pathlib import Path

from ..config.block import Block
from ..findings import Finding
from ..model import Source, Submission
from .discover import discover, survey  # noqa: F401
from .one_file import (REVIEW_ROLES, SPREADSHEET_KINDS, intake_limits, read_one,  # noqa: F401
                       reader_error)


def intake(inbox: Path, block: Block, log_file: str = "thidua.log",
           lang: str = "vi") -> tuple[list[Source], list[Submission], list[Finding]]:
    """(every inbox entry as a Source, the readable Submissions, findings of entries that could
    not be read). ``lang``: of the progress bar's label only."""
    from ..progress import ProgressBar
    from .parallel import collector_paused, read_all

    submissions: list[Submission] = []
    with collector_paused():
        found = survey(inbox, block.tz)
        findings = list(found.findings)
        to_read = found.to_read
        # a process pool for large batches (same result as the serial loop); a progress bar on
        # a terminal when it takes more than a moment
        with ProgressBar(len(to_read), label="Đọc tệp" if lang == "vi" else "Reading files") as bar:
            results = read_all(to_read, block, log_file=log_file, progress=bar)
        for sub, file_findings in results:
            if sub is not None:
                submissions.append(sub)   # its findings travel with it (validate may demote them)
            else:
                findings.extend(file_findings)
    return found.sources, submissions, findings
