"""List what is in the inbox: every entry becomes a Source, none is skipped silently.

The inbox is read-only to us: entries are listed and stat'ed, never opened for writing or
moved. Regular files, in every subfolder, are read (status ``used`` until read). The others
are listed with a status and a note (:data:`processor.model.SOURCE_STATUSES`), never opened:

- hidden entries (a name starting with a dot: ``.DS_Store``, macOS ``._x.xlsx``, a hidden
  folder) are ``ignored``; a hidden file named like a spreadsheet (``..xlsx``, ``.xlsx``) may be
  a submission that lost its name, so it is read; collect's temporary files (``.thidua-part-*``)
  are ``ignored`` with a warning (I019: collect is running or was stopped);
- collect's manifest and lock (``_thidua_manifest.csv``, ``_thidua_collect.lock``) are
  ``ignored``; any other name starting with ``_thidua`` is read like any file;
- a symbolic link is never followed: one that leads to a file read on its own in the inbox is
  ``ignored`` (nothing is lost); one that leads out of the inbox, nowhere, or to anything else is
  ``unreadable`` with a warning naming its target (I017);
- FIFOs, sockets and devices are ``unreadable`` (I018): opening a FIFO would block the run;
- a folder or entry that cannot be listed or stat'ed (no permission) is ``unreadable`` (I016);
- a name that is not valid UTF-8 is shown with ``\\xNN`` for its odd bytes (I020), and read.
"""
from __future__ import annotations

import hashlib
import os
import stat as st
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from ..collect.inbox import LOCK_NAME, TEMP_PREFIXES
from ..collect.manifest import MANIFEST_NAME
from ..findings import Finding, finding
from ..model import Source
from ..text import normalize_text
from .times import from_epoch, record

HIDDEN_READ_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")

_NOTES = {
    "hidden": "tệp ẩn (tên bắt đầu bằng dấu chấm), không phải bảng chấm điểm; không đọc",
    "hidden_dir": "thư mục ẩn (tên bắt đầu bằng dấu chấm); không đọc các tệp bên trong",
    "hidden_read": "tên bắt đầu bằng dấu chấm (tệp ẩn) nhưng có đuôi bảng tính: vẫn được đọc",
    "manifest": "danh sách tệp do thidua collect ghi (ngày gửi thư, người gửi); không phải bài nộp",
    "manifest_sub": "danh sách tệp của thidua collect trong thư mục con; không được dùng",
    "lock": "tệp khóa của thidua collect; không phải bài nộp",
    "temp": "tệp tạm của thidua collect đang lưu dở; không đọc",
    "own_prefix": "tên bắt đầu bằng _thidua nhưng không phải tệp của thidua: được đọc như mọi tệp",
    "link_inside": "lối tắt (symbolic link) tới '{target}' trong thư mục nhận; tệp đó được đọc riêng",
    "link": "lối tắt (symbolic link) tới '{target}'; không đọc qua lối tắt",
    "special": "{kind}, không phải tệp; không mở",
    "unreadable": "không đọc được: {reason}",
    "not_utf8": "tên tệp có byte không phải UTF-8 (hiển thị dạng \\xNN)",
}


@dataclass
class Survey:
    """Every entry of an inbox, and the findings about entries that are not read."""
    sources: list[Source] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def to_read(self) -> list[Source]:
        """The entries intake opens and reads (each still ``used``)."""
        return [s for s in self.sources if s.status == "used"]


def discover(inbox: Path, hashed: bool = True, tz: tzinfo | None = None) -> list[Source]:
    """Every entry of ``inbox`` as a Source (sorted by name: the order never depends on the
    disk). ``tz``: the block's time zone (default the machine's, for tools and tests)."""
    return survey(inbox, tz, hashed=hashed).sources


def survey(inbox: Path, tz: tzinfo | None = None, hashed: bool = False) -> Survey:
    """Every entry of ``inbox`` with its status, times and the findings about those not read.
    ``hashed``: hash the files to read here (intake hashes each where it reads it)."""
    inbox = Path(inbox)
    tz = tz or datetime.now().astimezone().tzinfo
    manifest, manifest_error = _manifest(inbox)
    out = Survey()
    entries = sorted(_walk(inbox, ""), key=lambda e: e[0])
    read: dict[str, Source] = {}
    links = []
    for rel, path, info in entries:
        name = readable_name(rel)
        source = Source(file=normalize_text(name), sha256="", size=0,
                        received=datetime(1970, 1, 1), path=path)
        out.sources.append(source)
        if name != rel:
            _note(source, _NOTES["not_utf8"])
            out.findings.append(finding("I020", file=source.file))
        if rel == MANIFEST_NAME and manifest_error is not None:
            info = manifest_error
        if isinstance(info, OSError):           # listed, but it cannot be stat'ed or opened
            _unreadable(source, info, out)
            continue
        source.size = info.st_size if st.S_ISREG(info.st_mode) else 0
        record(source, "mtime", from_epoch(info.st_mtime, tz), tz)
        if st.S_ISLNK(info.st_mode):
            links.append((source, path))
            continue
        _classify(source, rel, info, out)
        if source.status == "used":
            read[rel] = source
            if hashed:
                source.sha256 = sha256_of(path)
            _listed(source, rel, path, manifest, tz)
    folders = {rel.rsplit("/", 1)[0] for rel in read if "/" in rel} | {""}
    for source, path in links:
        _link(source, path, inbox, read, folders, out)
    return out


def readable_name(name: str) -> str:
    """A name as a person can read it: bytes that are not UTF-8 (surrogate-escaped by the OS
    layer) shown as ``\\xNN``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        try:
            raw = name.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = name.encode("utf-8", "surrogatepass")
        return raw.decode("utf-8", "backslashreplace")


def read_file(path: Path, size: int) -> bytes:
    """The whole file, ``size`` being what discover saw (it may have changed since): one open
    and a read to the end, without the buffered reader and fstat of ``Path.read_bytes``.
    O_NONBLOCK: a FIFO put in the file's place since it was listed never blocks the run."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if not st.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(f"{path}: not a regular file")
        chunks = [os.read(fd, size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 20))
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 2 else b"".join(chunks)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- walking -----------------------------------------------------------------------------------
def _walk(folder: Path, prefix: str):
    """(rel POSIX path, path, lstat or the OSError) of every entry below ``folder``; hidden
    folders and links are not entered; one scandir per folder, no stat of a name twice."""
    try:
        with os.scandir(folder) as it:
            listed = list(it)
    except OSError as exc:
        if not prefix:
            raise                           # the inbox itself: the caller's to report
        yield prefix, folder, exc
        return
    for entry in listed:
        rel = f"{prefix}{entry.name}"
        path = Path(entry.path)
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            yield rel, path, exc
            continue
        if st.S_ISDIR(info.st_mode) and not entry.name.startswith("."):
            yield from _walk(path, rel + "/")
        else:
            yield rel, path, info


def _unreadable(source: Source, exc: OSError, out: Survey) -> None:
    from ..collect.errors import os_reason

    vi, en = os_reason(exc)
    source.status = "unreadable"
    _note(source, _NOTES["unreadable"].format(reason=vi))
    out.findings.append(finding("I016", file=source.file, reason={"vi": vi, "en": en}))


def _classify(source: Source, rel: str, info: os.stat_result, out: Survey) -> None:
    """Settle the status of an entry that is not read (one to read stays ``used``)."""
    name = rel.rsplit("/", 1)[-1]
    mode = info.st_mode
    if st.S_ISDIR(mode):                                 # only hidden folders come here
        source.status = "ignored"
        _note(source, _NOTES["hidden_dir"])
    elif not st.S_ISREG(mode):
        kind = _special_kind(mode)
        source.status = "unreadable"
        _note(source, _NOTES["special"].format(kind=kind["vi"]))
        out.findings.append(finding("I018", file=source.file, kind=kind))
    elif name.startswith(TEMP_PREFIXES):
        source.status = "ignored"
        _note(source, _NOTES["temp"])
        out.findings.append(finding("I019", file=source.file))
    elif name == MANIFEST_NAME:
        source.status = "ignored"
        _note(source, _NOTES["manifest" if "/" not in rel else "manifest_sub"])
    elif name == LOCK_NAME:
        source.status = "ignored"
        _note(source, _NOTES["lock"])
    elif name.startswith("."):
        if name.lower().endswith(HIDDEN_READ_SUFFIXES) and not name.startswith("._"):
            _note(source, _NOTES["hidden_read"])         # read: a submission that lost its name?
        else:
            source.status = "ignored"
            _note(source, _NOTES["hidden"])
    elif name.casefold().startswith("_thidua"):
        _note(source, _NOTES["own_prefix"])


def _link(source: Source, path: Path, inbox: Path, read: dict[str, Source], folders: set[str],
          out: Survey) -> None:
    """A symbolic link is never followed; where it leads is said. One that leads to a file or
    folder read on its own in the inbox loses nothing: ignored. Any other: unreadable, I017."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    shown = normalize_text(readable_name(target))
    inside = None
    try:
        real, root = os.path.realpath(path), os.path.realpath(inbox)
        if os.path.commonpath([real, root]) == root:
            inside = "" if real == root else Path(os.path.relpath(real, root)).as_posix()
    except (OSError, ValueError):
        pass
    if inside is not None and (inside in read or inside in folders):
        source.status = "ignored"
        _note(source, _NOTES["link_inside"].format(
            target=normalize_text(readable_name(inside or "."))))
        return
    source.status = "unreadable"
    _note(source, _NOTES["link"].format(target=shown))
    if inside is None:
        where = {"vi": "ngoài thư mục nhận hoặc không tồn tại", "en": "outside the inbox or nowhere"}
    else:
        where = {"vi": "không phải tệp hay thư mục được đọc trong thư mục nhận",
                 "en": "not a file or folder that is read in the inbox"}
    out.findings.append(finding("I017", file=source.file, target=shown, where=where))


def _special_kind(mode: int) -> dict[str, str]:
    if st.S_ISFIFO(mode):
        return {"vi": "ống dẫn FIFO", "en": "a FIFO (named pipe)"}
    if st.S_ISSOCK(mode):
        return {"vi": "socket", "en": "a socket"}
    if st.S_ISCHR(mode) or st.S_ISBLK(mode):
        return {"vi": "thiết bị", "en": "a device"}
    return {"vi": "mục lạ", "en": "an unknown kind of entry"}


def _note(source: Source, text: str) -> None:
    source.note = f"{source.note}; {text}" if source.note else text


# --- collect's manifest ------------------------------------------------------------------------
def _listed(source: Source, rel: str, path: Path, manifest: dict, tz: tzinfo) -> None:
    """The mail's Date and sender, when collect's manifest lists this file (by its path, else by
    its name alone: then intake uses them only if the content is the one listed)."""
    if not manifest:                    # most inboxes have none: nothing looked up for nothing
        return
    entry = manifest.get(rel)
    by_name = entry is None
    if by_name:
        entry = manifest.get(path.name)
    if entry is None:
        return
    source.received_via = "mail"
    source.listed_sha256 = (getattr(entry, "sha256", "") or "").lower()
    source.listed_by_name = by_name
    if getattr(entry, "date", None) is not None:
        record(source, "mail", entry.date, tz)
    source.sender = getattr(entry, "sender", None) or None


def _manifest(inbox: Path) -> tuple[dict, OSError | None]:
    """collect's manifest ({} when there is none), and why it could not be read."""
    from ..collect.manifest import read_manifest

    try:
        return read_manifest(inbox), None
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, exc
