"""The inbox manifest: ``_thidua_manifest.csv``, one row per file saved by ``thidua collect``.

CSV in UTF-8 with a BOM (Excel opens it with the diacritics intact), comma-separated, one header
row of stable column names (:data:`COLUMNS`). Text that a spreadsheet would run as a formula
(starting with ``= + - @`` or a tab/CR) is written with a leading apostrophe, and a leading
apostrophe is always doubled, so the value reads back exactly. Rows are appended one whole row per
write; a last row without its line end (a run stopped mid-write) is not read, and is dropped by
the next append. Consolidate calls
:func:`read_manifest` to use the mail's Date as the time received and the sender as one more
identity signal.
"""
from __future__ import annotations

import csv
import errno
import io
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path

MANIFEST_NAME = "_thidua_manifest.csv"
COLUMNS = ("file", "sender", "sender_name", "subject", "date", "message_id", "sha256", "size",
           "part", "source", "collected_at")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


@dataclass
class ManifestEntry:
    file: str                       # saved file name, relative to the inbox
    sender: str                     # sender address, lower case ('' when unknown)
    subject: str
    date: datetime | None           # the Date header, with its offset; None when missing/invalid
    message_id: str                 # '<...>' as in the header ('' when none)
    sha256: str
    sender_name: str = ""
    size: int = 0
    part: str = ""                  # where in the message: "Bang.zip › a.xlsx"
    source: str = ""                # the mailbox and message (never a password)
    collected_at: datetime | None = None

    def row(self) -> dict[str, str]:
        values = asdict(self)
        out = {}
        for key in COLUMNS:
            value = values[key]
            if isinstance(value, datetime):
                value = value.isoformat(timespec="seconds")
            text = "" if value is None else str(value)
            # a lone surrogate cannot be written as UTF-8: never let one stop the manifest
            text = text.encode("utf-8", "replace").decode("utf-8")
            out[key] = _escape(text)
        return out

    @classmethod
    def from_row(cls, row: dict[str, str]) -> "ManifestEntry":
        get = lambda key: _unescape((row.get(key) or "").strip() if key != "subject" else (row.get(key) or ""))  # noqa: E731
        try:
            size = int(get("size") or 0)
        except ValueError:
            size = 0
        return cls(file=get("file"), sender=get("sender").lower(), subject=get("subject"),
                   date=_parse_dt(get("date")), message_id=get("message_id"),
                   sha256=get("sha256").lower(), sender_name=get("sender_name"), size=size,
                   part=get("part"), source=get("source"),
                   collected_at=_parse_dt(get("collected_at")))


def manifest_path(inbox: Path) -> Path:
    return Path(inbox) / MANIFEST_NAME


def read_manifest(inbox: Path) -> dict[str, ManifestEntry]:
    """The manifest of ``inbox`` keyed by saved file name ({} when there is none).

    Tolerant of a manifest re-saved by Excel: no BOM or the Windows Vietnamese code page
    (cp1258), semicolons instead of commas, columns reordered or added. Rows without a file name
    are ignored; when a name appears twice the last row wins.
    """
    path = manifest_path(inbox)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1258", "replace")
    first = text.split("\n", 1)[0]
    if first.strip() == ",".join(COLUMNS) and not text.endswith("\n"):
        text = text[: text.rfind("\n") + 1]   # our rows always end a line: this one was cut
    delimiter = max((",", ";", "\t"), key=first.count)
    entries: dict[str, ManifestEntry] = {}
    for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter):
        row = {(k or "").strip().lower(): v for k, v in row.items() if isinstance(v, str)}
        entry = ManifestEntry.from_row(row)
        if entry.file:
            entries[entry.file] = entry
    return entries


def append_manifest(inbox: Path, new: list[ManifestEntry]) -> None:
    """Add rows; creates the file with its BOM and header. A manifest whose header is not ours
    (re-saved by Excel) is rewritten whole, atomically, keeping every row it had. When a write
    fails (disk full) the manifest is left as it was and the OSError raised."""
    if not new:
        return
    path = manifest_path(inbox)
    header = ",".join(COLUMNS)
    if path.exists():
        with open(path, "rb") as fh:
            first = fh.readline().decode("utf-8", "replace").lstrip("\ufeff").strip()
        if first == header:
            buffer = io.StringIO(newline="")
            _write_rows(buffer, new, header=False)
            _append(path, buffer.getvalue().encode("utf-8"))
            return
        entries = list(read_manifest(inbox).values()) + list(new)
    else:
        entries = list(new)
    fd, tmp = tempfile.mkstemp(prefix=".thidua-manifest-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            _write_rows(fh, entries, header=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _append(path: Path, data: bytes) -> None:
    """``data`` at the end of ``path`` in one write, after dropping a last row cut short; on a
    failed or short write the file is cut back to what it was."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        size = os.lseek(fd, 0, os.SEEK_END)
        if size:
            os.lseek(fd, max(size - 4096, 0), os.SEEK_SET)
            tail = os.read(fd, 4096)
            if not tail.endswith(b"\n") and b"\n" in tail:
                size -= len(tail) - tail.rfind(b"\n") - 1
                os.ftruncate(fd, size)
        os.lseek(fd, size, os.SEEK_SET)
        try:
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        except OSError:
            os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)


def _write_rows(fh, entries: list[ManifestEntry], header: bool) -> None:
    writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\r\n")
    if header:
        writer.writeheader()
    for entry in entries:
        writer.writerow(entry.row())


def _escape(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _unescape(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def _parse_dt(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


assert {f.name for f in fields(ManifestEntry)} == set(COLUMNS)
