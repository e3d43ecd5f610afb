"""List what is in the inbox: every file becomes a Source, none is skipped silently.

The inbox is read-only to us: files are hashed and stat'ed, never opened for writing or moved.
"""
from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from ..model import Source
from ..text import normalize_text

# Files the tool itself keeps in an inbox (collect's manifest); they are not submissions.
OWN_FILE_PREFIX = "_thidua"


def discover(inbox: Path, hashed: bool = True) -> list[Source]:
    """Every regular file below ``inbox`` (sorted by name, so the order never depends on the disk)."""
    inbox = Path(inbox)
    manifest = _manifest(inbox)
    sources = []
    for rel_posix, stat in sorted(_files(inbox)):
        path = inbox / rel_posix
        # hashed=False: intake hashes each file where it reads it (in the pool, for large batches)
        source = Source(file=normalize_text(rel_posix), sha256=sha256_of(path) if hashed else "",
                        size=stat.st_size, received=datetime.fromtimestamp(int(stat.st_mtime)),
                        received_via="file", path=path)
        # (most inboxes have no manifest: no name looked up 10,000 times for nothing)
        entry = (manifest.get(rel_posix) or manifest.get(path.name)) if manifest else None
        if entry is not None:
            if getattr(entry, "date", None) is not None:
                source.received = _local_naive(entry.date)
                source.received_via = "mail"
            source.sender = getattr(entry, "sender", None) or None
        sources.append(source)
    return sources


def read_file(path: Path, size: int) -> bytes:
    """The whole file, ``size`` being what discover saw (it may have changed since): one open
    and a read to the end, without the buffered reader and fstat of ``Path.read_bytes``."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
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


def _files(inbox: Path, prefix: str = ""):
    """(path relative to the inbox, POSIX style; its stat) of every regular file, symlinks and
    hidden names excluded (one scandir per folder: no stat per name twice)."""
    with os.scandir(inbox) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _files(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.is_file(follow_symlinks=False) and not entry.name.startswith(OWN_FILE_PREFIX):
                yield f"{prefix}{entry.name}", entry.stat(follow_symlinks=False)


def _manifest(inbox: Path) -> dict:
    try:
        from ..collect.manifest import read_manifest
    except ImportError:
        return {}
    try:
        return read_manifest(inbox)
    except FileNotFoundError:
        return {}


def _local_naive(moment: datetime) -> datetime:
    # Deadlines in block.toml are local wall-clock times; compare like with like.
    if moment.tzinfo is not None:
        return moment.astimezone().replace(tzinfo=None)
    return moment
