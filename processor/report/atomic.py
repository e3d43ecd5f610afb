"""Atomic output: every file is written to a temporary file beside its target and renamed over
it when complete, so a reader never sees half a file and a failed run leaves the old one."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import xlsxwriter

WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False}


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed over ``path`` when the block ends
    without error (readable by others, 0644, as the result workbook), removed otherwise."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".thidua-", suffix=path.suffix)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)            # mkstemp makes it owner-only
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str | Iterable[str]) -> None:
    """``text`` (or its pieces, in order) written to ``path`` atomically, as UTF-8."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        if isinstance(text, str):
            fh.write(text)
        else:
            fh.writelines(text)


@contextmanager
def atomic_workbook(path: Path, created: datetime) -> Iterator[xlsxwriter.Workbook]:
    """An XlsxWriter workbook written atomically to ``path``; a fixed ``created`` makes its bytes
    reproducible. Text is always written as text (no formulas, links or numbers guessed)."""
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        wb.set_properties({"created": created.replace(tzinfo=None)})
        yield wb
        wb.close()
