"""The line a long stage prints on a terminal: after a moment, once; never for a short stage,
never into a pipe or a log."""
from __future__ import annotations

import io
import threading
import time

from processor.progress import ProgressBar, notice


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def timers() -> list[threading.Timer]:
    return [t for t in threading.enumerate() if isinstance(t, threading.Timer)]


def test_a_long_stage_is_announced_once_it_has_taken_a_moment():
    tty = Terminal()
    with notice("Đang ghi bảng kết quả", delay=0.05, stream=tty):
        deadline = time.monotonic() + 30
        while not tty.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.1)                     # and only once
    assert tty.getvalue() == "Đang ghi bảng kết quả…\n"


def test_a_short_stage_prints_nothing():
    tty = Terminal()
    with notice("Đang ghi bảng kết quả", delay=60, stream=tty):
        pending = timers()
        assert pending                      # it would have spoken, had the stage lasted
    for timer in pending:
        timer.join(5)
        assert not timer.is_alive()         # cancelled when the stage ended
    assert tty.getvalue() == ""


def test_a_pipe_gets_nothing_and_no_timer_is_started():
    piped = io.StringIO()
    before = set(timers())
    with notice("Đang ghi bảng kết quả", delay=0, stream=piped):
        assert set(timers()) == before
        time.sleep(0.05)
    assert piped.getvalue() == ""


def test_the_bar_is_drawn_a_few_times_a_second_not_once_a_file():
    tty = Terminal()
    with ProgressBar(10_000, label="Đọc tệp", delay=0, stream=tty) as bar:
        for _ in range(10_000):
            bar(1)
    drawings = tty.getvalue().count("/10000")
    assert 1 <= drawings <= 60                  # one a file would be 10,000
    assert "10000/10000" in tty.getvalue().split("\r")[-1]     # the last drawing shows them all
