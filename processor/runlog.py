"""The run's log file: details for the secretary's helper, never a reason for a run to stop.

A log that cannot be opened or written (read-only folder, full disk, a folder named like it)
gives one warning line in the user's language and the run goes on; Python's own "--- Logging
error ---" traceback is never printed."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from .labels import label

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOGGER = "thidua"


class RunLogHandler(logging.FileHandler):
    """A file handler that reports its first failed write through ``warn`` and then stays
    quiet, instead of printing a traceback to the terminal."""

    def __init__(self, path: Path, warn: Callable[[str], None], lang: str = "vi"):
        self.warn, self.lang, self.failed = warn, lang, False
        super().__init__(path, encoding="utf-8")

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        if not self.failed:
            self.failed = True
            import sys
            exc = sys.exc_info()[1]
            self.warn(label("run.log_unwritable", self.lang, path=self.baseFilename,
                            reason=_reason(exc)))


def start_log(path: Path, warn: Callable[[str], None], lang: str = "vi") -> str:
    """Send the ``thidua`` logger to the file ``path`` (appending); the path, as text.

    When the file cannot be opened, ``warn`` gets one sentence and the run logs nowhere (and
    nothing reaches the terminal through logging's last resort)."""
    logger = logging.getLogger(LOGGER)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for old in logger.handlers[:]:
        logger.removeHandler(old)
        try:
            old.close()
        except OSError:                 # its last lines could not be written either
            pass
    try:
        handler: logging.Handler = RunLogHandler(Path(path), warn, lang)
        handler.setFormatter(logging.Formatter(FORMAT))
    except OSError as exc:
        warn(label("run.log_unwritable", lang, path=path, reason=_reason(exc)))
        handler = logging.NullHandler()
    logger.addHandler(handler)
    return str(path)


def _reason(exc: BaseException | None) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__ if exc is not None else "?"
