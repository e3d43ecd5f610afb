"""A small real file system for fault tests: a tmpfs of a given size (a full disk is real ENOSPC)
that can be remounted read-only (real EROFS, even for root).

Mounting needs root on Linux (and a sandbox that allows mount). Where it cannot mount, the tests
that need it are skipped with the reason; the same faults are also injected without a mount by
tests that always run (a failing writer), so the logic is covered on every machine."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest


def _unavailable(reason: str):
    pytest.skip(f"no tmpfs here: {reason}")


class Tmpfs:
    def __init__(self, path: Path):
        self.path = path

    def remount(self, options: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{options}", str(self.path)], check=True,
                       capture_output=True)


@contextmanager
def tmpfs(path: Path, size: str = "1m"):
    """Mount a tmpfs of ``size`` on ``path`` (created) for the ``with`` block."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        _unavailable("needs root on Linux")
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        _unavailable(done.stderr.strip())
    try:
        yield Tmpfs(path)
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)
