"""Run ``thidua collect`` and kill this very process (SIGKILL, no cleanup) at a chosen point:

- ``after-link N``: the N-th file is in the inbox under its final name, its manifest row not
  written;
- ``mid-row N``: half of the N-th appended manifest row is written.

Usage: python -m tests.support.killpoint MODE N collect SOURCE --to INBOX ...
"""
from __future__ import annotations

import os
import signal
import sys

from processor.cli import main
from processor.collect import inbox, manifest

_KILL = getattr(signal, "SIGKILL", signal.SIGTERM)   # SIGTERM is TerminateProcess on Windows


def _die() -> None:
    os.kill(os.getpid(), _KILL)


def _arm(mode: str, nth: int) -> None:
    calls = [0]
    if mode == "after-link":
        real_append = inbox.append_manifest

        def append(path, rows):
            calls[0] += 1
            if calls[0] == nth:
                _die()
            real_append(path, rows)
        inbox.append_manifest = append
    elif mode == "mid-row":
        real_write = manifest._append

        def partial(path, data):
            calls[0] += 1
            if calls[0] == nth:
                fd = os.open(path, os.O_WRONLY | os.O_APPEND)
                os.write(fd, data[: len(data) // 2])
                os.close(fd)
                _die()
            real_write(path, data)
        manifest._append = partial
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    _arm(sys.argv[1], int(sys.argv[2]))
    sys.argv = ["thidua", *sys.argv[3:]]
    main()
