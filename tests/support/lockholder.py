"""Hold a :func:`processor.locks.held` lock in another process (multiprocessing, spawn)."""
from __future__ import annotations


def hold(path: str, ready, release) -> None:
    """Take the lock, say so through ``ready``, keep it until ``release`` is set (or 60 s)."""
    from processor.locks import held
    with held(path, "test"):
        ready.set()
        release.wait(60)


def try_lock(path: str, wait: float, result) -> None:
    """Try the lock for ``wait`` seconds; put ('held', None) or ('busy', (vi, en)) in ``result``."""
    from processor.locks import Busy, held
    try:
        with held(path, "thidua collect", wait):
            result.put(("held", None))
    except Busy as exc:
        result.put(("busy", (exc.message("vi"), exc.message("en"))))
