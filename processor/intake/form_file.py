"""A returned form named on the command line (``--verification FILE``, ``--tally FILE``), read by
intake's own reader exactly as if it were found in the inbox."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..config.block import Block
from ..model import Source, TallyForm, VerificationForm
from . import read_one
from .times import from_epoch, record


@dataclass
class FormRead:
    """A returned form as intake read it: its records, or why it could not be read."""
    file: str
    form: VerificationForm | TallyForm | None = None
    failure: str | None = None        # the reader's words when the file could not be read
    source: Source | None = None      # the file, as intake saw it (hash, time received, status)


def read_form_file(path: Path, kind: str, block: Block, log_file: str = "thidua.log") -> FormRead:
    """The form of ``kind`` in ``path``; ``form`` is None when the file is another workbook."""
    path = Path(path)
    stat = path.stat()
    source = Source(file=path.name, sha256="", size=stat.st_size, received=datetime(1970, 1, 1),
                    path=path)
    record(source, "mtime", from_epoch(stat.st_mtime, block.tz), block.tz)
    sub, found = read_one(source, block, log_file)
    source.role = kind                # named on the command line as a form of this kind
    if sub is None:
        return FormRead(path.name, failure="; ".join(f.message() for f in found) or None,
                        source=source)
    form = sub.form if sub.form is not None and sub.form.kind == kind else None
    return FormRead(path.name, form=form, source=source)
