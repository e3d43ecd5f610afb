"""The inbox as collect writes into it: names taken, files already there, saving without
overwriting, and the manifest row of each saved file.

Made while the run holds the inbox lock, so nothing else writes here meanwhile. A file is first
written whole under a hidden temporary name, then linked to its final name, then listed in the
manifest: a run killed in between leaves either a temporary file (swept by the next run) or a
saved file without its row (the next run finds it by content and lists it instead of saving a
copy). Every OS error becomes :class:`InboxError`.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path, PurePosixPath

from .errors import InboxError
from .manifest import MANIFEST_NAME, ManifestEntry, append_manifest, read_manifest
from .names import is_reserved

LOCK_NAME = "_thidua_collect.lock"
PART_PREFIX = ".thidua-part-"
TEMP_PREFIXES = (PART_PREFIX, ".thidua-manifest-")   # collect's temporary files
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Inbox:
    """What collect needs to know about the inbox folder, kept up to date as it saves."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.swept = _sweep(self.path)
            manifest = read_manifest(self.path)
            names = _listing(self.path)
        except OSError as exc:
            raise InboxError.from_os(exc, self.path) from None
        listed = {n.casefold() for n in manifest}
        #: sha256 -> file, for every file the manifest lists
        self.by_sha = {e.sha256: e.file for e in manifest.values() if _SHA256.fullmatch(e.sha256)}
        self._taken = {n.casefold(): n for n in manifest}
        self._taken.update({n.casefold(): n for n, _ in names})
        for own in (MANIFEST_NAME, LOCK_NAME):
            self._taken.setdefault(own.casefold(), own)
        # files not in the manifest (a run stopped before listing them, or copied by hand), by size
        self._unlisted: dict[int, list[str]] = {}
        for name, size in names:
            if size is not None and name.casefold() not in listed and not is_reserved(name):
                self._unlisted.setdefault(size, []).append(name)
        self._hashes: dict[str, str] = {}

    def holder(self, name: str) -> str | None:
        """The file that already has ``name`` (names compare without case, as on Windows)."""
        return self._taken.get(name.casefold())

    def unlisted_copy(self, sha256: str, size: int) -> str | None:
        """An unlisted file with exactly this content, if there is one."""
        for name in self._unlisted.get(size, ()):
            if name not in self._hashes:
                try:
                    self._hashes[name] = _sha256_of(self.path / name)
                except OSError:
                    self._hashes[name] = ""
            if self._hashes[name] == sha256:
                return name
        return None

    def save(self, name: str, data: bytes) -> str:
        """Write ``data`` under ``name`` or ``stem-2.ext``, ``stem-3.ext``...; never overwrites
        (the final name is claimed with an exclusive link/rename of a complete temporary file)."""
        path = PurePosixPath(name)
        stem, suffix = name[: len(name) - len(path.suffix)], path.suffix
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=PART_PREFIX, dir=self.path)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            n = 1
            while True:
                candidate = name if n == 1 else f"{stem}-{n}{suffix}"
                n += 1
                if candidate.casefold() in self._taken:
                    continue
                target = self.path / candidate
                try:
                    os.link(tmp, target)
                except FileExistsError:
                    self._taken[candidate.casefold()] = candidate
                    continue
                except OSError:  # file systems without hard links (FAT, some shares)
                    if target.exists():
                        self._taken[candidate.casefold()] = candidate
                        continue
                    os.rename(tmp, target)
                self._taken[candidate.casefold()] = candidate
                return candidate
        except OSError as exc:
            raise InboxError.from_os(exc, self.path / name) from None
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)

    def record(self, entry: ManifestEntry, *, saved_now: bool) -> None:
        """List ``entry`` in the manifest. When that fails, a file saved just now is removed
        again, so that the inbox never holds a file the manifest does not list."""
        try:
            append_manifest(self.path, [entry])
        except OSError as exc:
            if saved_now:
                try:
                    (self.path / entry.file).unlink()
                except OSError:
                    pass
            raise InboxError.from_os(exc, self.path / MANIFEST_NAME) from None
        self.by_sha[entry.sha256] = entry.file
        for names in self._unlisted.values():
            if entry.file in names:
                names.remove(entry.file)


def _sweep(path: Path) -> list[str]:
    """Remove the temporary files of a run that was stopped (only ours, by their prefix)."""
    removed = []
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.name.startswith(TEMP_PREFIXES) and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(entry.name)
    return removed


def _listing(path: Path) -> list[tuple[str, int | None]]:
    """(name, size) of every entry of the inbox; size None for what is not a regular file."""
    out = []
    with os.scandir(path) as entries:
        for entry in entries:
            size = None
            if entry.is_file(follow_symlinks=False) and not entry.name.startswith("."):
                try:
                    size = entry.stat(follow_symlinks=False).st_size
                except OSError:       # gone or unreadable meanwhile: still a name taken
                    pass
            out.append((entry.name, size))
    return out


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
