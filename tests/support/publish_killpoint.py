"""Run ``thidua consolidate`` and kill this very process (SIGKILL, no cleanup) while publishing:

- ``mid-workbook``: the result workbook's part is half written (its sheets are being added);
- ``before-install``: every part is written, none renamed over its target yet;
- ``mid-install``: the first part is renamed over its target, the others not.

Usage: python -m tests.support.publish_killpoint MODE consolidate --config ... --out OUT ...
"""
from __future__ import annotations

import os
import signal
import sys

from processor.cli import main
from processor.report import atomic, writer

_KILL = getattr(signal, "SIGKILL", signal.SIGTERM)   # SIGTERM is TerminateProcess on Windows


def _die(*_args, **_kwargs) -> None:
    os.kill(os.getpid(), _KILL)


def _arm(mode: str) -> None:
    if mode == "mid-workbook":
        writer.sources_sheet.write = _die
    elif mode == "before-install":
        atomic.OutputSet.install = _die
    elif mode == "mid-install":
        real_replace = os.replace
        calls = [0]

        def replace(src, dst, *a, **kw):
            if str(os.path.basename(src)).startswith(atomic.PART_PREFIX) and \
                    not str(os.path.basename(dst)).startswith(atomic.PART_PREFIX):
                calls[0] += 1
                if calls[0] == 2:
                    _die()
            return real_replace(src, dst, *a, **kw)

        atomic.os.replace = replace
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    _arm(sys.argv[1])
    sys.argv = ["thidua", *sys.argv[2:]]
    main()
