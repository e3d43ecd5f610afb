"""A reading worker: chunks of sources in, one message per file out, until told to stop.

It reads each file with :func:`.one_file.read_one` under an address-space limit, with its
crash messages sent to the run's log, and sends each result back as plain data (see
:mod:`.parallel` for the parent's side and what happens when a worker dies).
"""
from __future__ import annotations

import gc
import os
import time
from dataclasses import fields

from ..config.block import Block
from ..model import ScoreCell, Source, Submission
from .one_file import read_one

SOURCE_FIELDS = ("sha256", "format", "unit", "identity", "status", "note", "role", "received",
                 "time_source", "times", "received_via", "sender")   # what read_one may set
FAULT_ENV = "THIDUA_TEST_READER_FAULT"
"""Tests only: ``abort:FILE``, ``hang:FILE`` or ``memory:FILE`` makes a worker abort, hang or
allocate without bound when it reaches FILE, so that containment is exercised for real."""


def log_path() -> str | None:
    """The file the run logs to (the CLI's), if any."""
    import logging

    for handler in logging.getLogger("thidua").handlers:
        if isinstance(handler, logging.FileHandler):
            return handler.baseFilename
    return None


def work(conn, block: Block, log_file: str, memory: int, log_path: str | None) -> None:
    """A reading worker: chunks in, one message per file out, until told to stop."""
    import faulthandler
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)       # Ctrl+C is the parent's to handle
    faulthandler.disable()      # a reader's crash is reported as a finding, not as a stack dump
    if log_path:
        _log_to(log_path)
    import python_calamine  # noqa: F401  (the readers are imported before the memory limit)
    try:
        import olefile  # noqa: F401
    except ImportError:         # an environment set up before olefile was a dependency
        pass

    limit_memory(memory)
    gc.enable()                 # olefile's objects hold cycles; a worker's objects are short-lived
    fault = os.environ.get(FAULT_ENV)
    conn.send("ready")
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        start, chunk = message
        for offset, source in enumerate(chunk):
            if fault:
                _fault(fault, source)
            sub, findings = read_one(source, block, log_file)
            state = tuple([getattr(source, name) for name in SOURCE_FIELDS])
            if sub is None:
                conn.send((start + offset, None, findings, state))
            else:
                conn.send((start + offset, pack(sub), None, state))


def _log_to(path: str) -> None:
    """What a native reader prints as it dies (a Rust panic, an allocation failure) and what
    this worker logs go to the run's log, never to the user's terminal."""
    import logging

    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.dup2(fd, 2)
    os.close(fd)
    logger = logging.getLogger("thidua")
    if not logger.handlers:                             # spawned: nothing inherited
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def limit_memory(extra: int) -> int | None:
    """Cap this process's address space at what it holds now plus ``extra`` bytes; the new
    limit, or None where the platform has no RLIMIT_AS."""
    try:
        import resource
    except ImportError:             # Windows
        return None
    if not hasattr(resource, "RLIMIT_AS"):
        return None
    try:
        with open("/proc/self/statm") as fh:
            held = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        held = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = held + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return None
    return limit


def _fault(spec: str, source: Source) -> None:
    mode, _, name = spec.partition(":")
    if source.file != name:
        return
    if mode == "abort":
        os.abort()
    if mode == "hang":
        time.sleep(3600)
    if mode == "memory":
        hoard = []
        try:
            while True:
                hoard.append(bytearray(64 << 20))     # touched: resident, not only reserved
        except MemoryError:
            os.abort()                                  # as a native allocator does


# A submission crosses the process boundary as plain data: unpickling dataclasses goes through
# a Python call per object (copyreg), which made the parent the bottleneck of a large batch.
# Its score cells travel as one flat tuple of their fields' values.
_CELL_WIDTH = len(fields(ScoreCell))


def pack(sub: Submission) -> tuple:
    state = dict(vars(sub))
    del state["source"]                             # the parent puts its own Source back
    cells = state.pop("cells")
    # vars() of a dataclass lists its fields in declaration order
    flat = tuple([value for cell in cells.values() for value in vars(cell).values()])
    if len(flat) != _CELL_WIDTH * len(cells) or any(code != cell.criterion for code, cell in cells.items()):
        raise ValueError("a score cell with attributes outside its fields, or under another code")
    return state, flat


def unpack(packed: tuple, source: Source) -> Submission:
    state, flat = packed
    sub = Submission.__new__(Submission)
    sub.__dict__.update(state)
    sub.source = source
    values = iter(flat)
    sub.cells = {cell[0]: ScoreCell(*cell) for cell in zip(*[values] * _CELL_WIDTH)}
    return sub
