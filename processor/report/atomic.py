"""Atomic output: every file is written to a temporary file beside its target and renamed over
it when complete, so a reader never sees half a file and a failed run leaves the old one.

Temporary files and folders are named ``.thidua-part-*``, so that those left by a run that was
killed can be recognised and removed by the next run (:func:`remove_stale`)."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import xlsxwriter

WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False}

PART_PREFIX = ".thidua-part-"
"""The start of every temporary name this package makes in an output folder."""

_STALE = re.compile(r"^(\.thidua-part-.*|\.~thidua-.*\.xlsx\.tmp|\.thidua-[a-z0-9_]{8}\.[A-Za-z]+)$")
"""Our temporary names, today's and those of earlier versions (``.~thidua-*.xlsx.tmp``,
``.thidua-XXXXXXXX.ext``)."""


def remove_stale(folder: Path) -> list[str]:
    """Remove the temporary files and folders a killed run left in ``folder``; the names removed.
    Call it only while holding the folder's lock: another run's parts are not stale."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _STALE.match(entry.name):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            pass                        # removed on a later run; never a reason to stop this one
    return sorted(removed)


def part_path(path: Path) -> Path:
    """A new, empty temporary file beside ``path`` (same folder, same suffix)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=PART_PREFIX, suffix=path.suffix)
    os.close(fd)
    return Path(tmp)


@contextmanager
def part_folder(near: Path) -> Iterator[Path]:
    """A temporary folder in the folder ``near`` (XlsxWriter's working files), removed after."""
    folder = Path(tempfile.mkdtemp(dir=near, prefix=PART_PREFIX))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class OutputInUse(OSError):
    """A file to be replaced is open in a spreadsheet program or cannot be replaced; the message
    is a Vietnamese sentence naming the file, and the previous file is untouched."""


def owner_files(path: Path) -> list[Path]:
    """The owner files Excel (``~$name``) and LibreOffice (``.~lock.name#``) keep beside a file
    while it is open."""
    path = Path(path)
    candidates = [path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")]
    return [p for p in candidates if p.exists()]


def refuse_if_open(path: Path) -> None:
    """:class:`OutputInUse` when ``path`` is open in a spreadsheet program (its owner file)."""
    owners = owner_files(path)
    if owners:
        raise OutputInUse(
            f"Tệp {path} đang được mở trong Excel hoặc LibreOffice (có tệp khóa {owners[0].name}). "
            f"Hãy đóng tệp rồi chạy lại; tệp cũ được giữ nguyên. Nếu không có chương trình nào "
            f"đang mở tệp, xóa tệp khóa {owners[0].name}.")


def replace_file(tmp: str | Path, path: Path) -> None:
    """``os.replace(tmp, path)``, refused while ``path`` is open in a spreadsheet program. Windows
    refuses to replace a file that Excel holds open; elsewhere the owner file is what tells."""
    path = Path(path)
    refuse_if_open(path)
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputInUse(
            f"Không thay được tệp {path} ({exc.strerror or exc}). Có thể tệp đang mở trong Excel "
            f"hoặc chỉ cho phép đọc: đóng tệp rồi chạy lại; tệp cũ được giữ nguyên.") from exc


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed over ``path`` when the block ends
    without error (readable by others, 0644, as the result workbook), removed otherwise."""
    path = Path(path)
    tmp = part_path(path)
    try:
        yield tmp
        os.chmod(tmp, 0o644)            # mkstemp makes it owner-only (Windows: not read-only)
        replace_file(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
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
    reproducible. Text is always written as text (no formulas, links or numbers guessed).
    XlsxWriter's working files go to a ``.thidua-part-*`` folder beside ``path``."""
    with atomic_path(path) as tmp, part_folder(tmp.parent) as work:
        wb = xlsxwriter.Workbook(str(tmp), {**WORKBOOK_OPTIONS, "tmpdir": str(work)})
        wb.set_properties({"created": created.replace(tzinfo=None)})
        yield wb
        wb.close()


class OutputSet:
    """Several output files replaced together, or not at all.

    Each file is written to :meth:`part` (a temporary file beside its target); :meth:`install`
    renames every part over its target, keeping a link to (or copy of) each previous file; the
    ``with`` block ending with an error puts every previous file back (and removes a file that
    did not exist before); ending without error removes the kept copies. A kill at any point
    leaves each target either old or new, whole, and only ``.thidua-part-*`` names besides."""

    def __init__(self) -> None:
        self._parts: list[tuple[Path, Path]] = []          # (part, target)
        self._installed: list[tuple[Path, Path | None]] = []  # (target, kept previous file)

    def part(self, target: Path) -> Path:
        """A temporary file to write ``target``'s new content to."""
        tmp = part_path(target)
        self._parts.append((tmp, Path(target)))
        return tmp

    def install(self) -> None:
        """Rename every part over its target (readable by others, 0644); nothing is renamed
        while a target is open in a spreadsheet program (:class:`OutputInUse`)."""
        for _, target in self._parts:
            refuse_if_open(target)
        for tmp, target in self._parts:
            os.chmod(tmp, 0o644)
            kept = _keep(target)
            try:
                os.replace(tmp, target)
            except BaseException:
                if kept is not None:
                    kept.unlink(missing_ok=True)
                raise
            self._installed.append((target, kept))

    def _undo(self) -> None:
        for target, kept in reversed(self._installed):
            try:
                if kept is None:
                    target.unlink(missing_ok=True)
                else:
                    os.replace(kept, target)
            except OSError:
                pass                    # the kept copy stays, a .thidua-part- name, for the next run
        self._installed.clear()

    def _tidy(self) -> None:
        for tmp, _ in self._parts:
            tmp.unlink(missing_ok=True)
        for _, kept in self._installed:
            if kept is not None:
                kept.unlink(missing_ok=True)

    def __enter__(self) -> "OutputSet":
        return self

    def __exit__(self, kind, exc, tb) -> None:
        try:
            if kind is not None:
                self._undo()
        finally:
            try:
                self._tidy()
            except OSError:
                pass


def _keep(target: Path) -> Path | None:
    """A second name for ``target``'s current content (a hard link, else a copy); None when
    there is no such file."""
    if not target.is_file():
        return None
    kept = part_path(target)
    kept.unlink()
    try:
        os.link(target, kept)
    except OSError:                     # a file system without hard links (FAT, some shares)
        shutil.copy2(target, kept)
    return kept
