"""What the terminal shows while a batch runs: a bar while files are read, a line while a long
stage works. Both only on a terminal and only once the work has taken more than a moment, so a
ten-unit run, a pipe and a log print nothing extra."""
from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager


def on_terminal(stream) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())


REDRAW = 0.1       # seconds between two drawings of the bar


class ProgressBar:
    """A ``progress`` callback drawing ``click.progressbar`` on stderr, only on a terminal and
    only once the batch has run for ``delay`` seconds (short runs print nothing), redrawn at
    most every REDRAW seconds (a drawing per file wrote 340 KB to the terminal at 10,000)::

        with ProgressBar(len(sources), label="Đọc tệp") as bar:
            read_all(sources, block, progress=bar)
    """

    def __init__(self, total: int, label: str = "", delay: float = 0.5, stream=None):
        self.total, self.label, self.delay = total, label, delay
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = on_terminal(self.stream) and total > 0
        self.done = self.drawn = 0
        self.start = self.drawn_at = time.monotonic()
        self.bar = None

    def __call__(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if self.bar is None:
            if now - self.start < self.delay or self.done >= self.total:
                return
            import click

            self.bar = click.progressbar(length=self.total, label=self.label, file=self.stream,
                                         show_pos=True, show_eta=True)
            self.bar.__enter__()
        elif now - self.drawn_at < REDRAW and self.done < self.total:
            return
        self.bar.update(self.done - self.drawn)
        self.drawn, self.drawn_at = self.done, now

    def __enter__(self) -> "ProgressBar":
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            if self.done > self.drawn:
                self.bar.update(self.done - self.drawn)
            self.bar.__exit__(*exc)
            self.bar = None


@contextmanager
def notice(label: str, delay: float = 0.5, stream=None):
    """``label`` printed on its own line (on a terminal only) once the work inside the ``with``
    has run for ``delay`` seconds: the report of 10,000 units takes seconds and shows no bar."""
    stream = stream if stream is not None else sys.stderr
    if not on_terminal(stream):
        yield
        return

    def show() -> None:
        stream.write(label + "…\n")
        stream.flush()

    timer = threading.Timer(delay, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
