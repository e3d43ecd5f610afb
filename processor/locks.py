"""One run at a time in a folder: a lock file inside it, held for the whole run.

The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking`` on Windows, through
the ``filelock`` package), so it goes away with the process that held it, even after ``kill -9`` or
a power cut: a lock file left behind never blocks the next run. A second run waits up to ``wait``
seconds, then gets :class:`Busy` with a complete sentence in Vietnamese and English. ``filelock``
is imported when a lock is taken, not by every command that imports this module.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

DEFAULT_WAIT = 10.0        # seconds a second run waits for the first one
EXIT_BUSY = 5              # the exit code of a command that found its folder busy


class Busy(Exception):
    """Another run holds the lock on the folder."""

    exit_code = EXIT_BUSY

    def __init__(self, path: Path, what: str, waited: float):
        self.path, self.what, self.waited = Path(path), what, waited
        folder, name = self.path.parent, self.path.name
        seconds = f"{waited:g}".replace(".", ",")          # 0,5 giây: the Vietnamese decimal comma
        self.vi = (f"Đang có một lần chạy {what} khác dùng thư mục '{folder}' (tệp khóa {name}); "
                   f"đã chờ {seconds} giây. Chờ lần chạy đó kết thúc rồi chạy lại.")
        self.en = (f"Another {what} run is using the folder '{folder}' (lock file {name}); waited "
                   f"{waited:g} s. Let it finish, then run again.")
        super().__init__(self.vi)

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


@contextmanager
def held(path: Path | str, what: str, wait: float = DEFAULT_WAIT,
         on_wait: Callable[[], None] | None = None) -> Iterator[Path]:
    """Hold the lock file ``path`` for the ``with`` block; ``what`` names the command in messages.

    When the lock is taken, ``on_wait()`` is called once (to say that the run waits) and the lock
    is tried again for up to ``wait`` seconds; then :class:`Busy`. An OS error creating the lock
    file (read-only folder, disk full) is raised as it is, for the caller to explain."""
    from filelock import FileLock, Timeout

    path = Path(path)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait()
        try:
            lock.acquire(timeout=max(wait, 0))
        except Timeout:
            raise Busy(path, what, wait) from None
    try:
        yield path
    finally:
        lock.release()
