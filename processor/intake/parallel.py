"""Read a batch in worker processes, so that no single file can bring the batch down.

``read_all(sources, block)`` returns, for each source in order, what
:func:`.one_file.read_one` returns for it, whichever worker read it: each Source the
parent holds is updated with what the worker learnt (format, unit, identity, status, note,
role), and every ``Submission.source`` is again the parent's own object.

Workbooks are untrusted input to native code (python-calamine). Each worker limits its address
space (``RLIMIT_AS``, ``read_memory_mib`` above what it holds at start) and sends back each file
as it finishes; the parent ends a worker that spends more than ``read_seconds`` on one file. A
worker that dies (SIGSEGV, SIGABRT, the memory limit) or is ended leaves one I014 on the file it
was reading, and the rest of its chunk goes to a fresh worker. Windows has no ``resource``
module: there the time limit holds, and a reader out of memory aborts its own worker only.
Works with ``fork`` (Linux: workers inherit the loaded modules) and ``spawn`` (elsewhere).

A small block's batch is read in one worker too, not in-process after the checks: a crash must
cost one file, never the batch, and a fork costs ~10 ms (a spawn ~0.3 s) of a one-second budget.
"""
from __future__ import annotations

import gc
import hashlib
import os
import sys
import time
from collections import deque
from contextlib import contextmanager
from typing import Callable, Sequence

from ..config.block import Block
from ..findings import Finding, finding
from ..model import Source, Submission
from .one_file import intake_limits
from .worker import SOURCE_FIELDS, log_path, unpack, work

THRESHOLD = 64            # files per worker: a batch smaller than this is read by one worker
# Chunks shrink as the batch drains (guided scheduling): large ones while every worker is busy,
# a few files each at the end, so that no worker idles long waiting for another's last chunk.
SHARE = 4                 # a chunk is 1/(SHARE x workers) of the files still to hand out
MIN_CHUNK, MAX_CHUNK = 4, 256
START_SECONDS = 120.0     # a worker's start (a spawn imports the reader)

Progress = Callable[[int], None]
"""Called with the number of files just finished."""


class WorkersFailed(RuntimeError):
    """Reading workers cannot start at all (not the fault of any file)."""


def read_all(sources: Sequence[Source], block: Block, workers: int | None = None,
             threshold: int | None = None, *, log_file: str = "thidua.log",
             progress: Progress | None = None, start_method: str | None = None,
             ) -> list[tuple[Submission | None, list[Finding]]]:
    """Each source read, sniffed and identified in a worker, in order; never raises for a file."""
    sources = list(sources)
    if not sources:
        return []
    workers = workers or os.cpu_count() or 1
    threshold = THRESHOLD if threshold is None else max(1, threshold)
    count = max(1, min(workers, -(-len(sources) // threshold)))
    batch = _Batch(sources, block, count, log_file, progress, intake_limits(block),
                   start_method or default_start_method())
    return batch.run()


def default_start_method() -> str:
    import multiprocessing

    # fork: workers inherit the loaded modules and the block instead of importing them again
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


@contextmanager
def collector_paused():
    """The garbage collector paused while a batch makes its objects, which then join the oldest
    generation unscanned. Reading makes no reference cycles (a test reads the messy corpus with
    the collector paused and finds nothing left for it), and a batch's sources and submissions
    live until the result is written: scanning them again and again as they grow costs time
    for nothing. Nested uses pause once."""
    if not gc.isenabled():
        yield
        return
    gc.freeze()                 # what exists already (modules, the block) is not scanned either
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()             # the batch's objects join them, and the young count restarts,
        gc.unfreeze()           # then all are ordinary old objects again
        gc.enable()


def chunk_sizes(n: int, workers: int) -> list[int]:
    """How many files each chunk takes, in order (they add up to ``n``)."""
    sizes, left = [], n
    while left > 0:
        size = min(left, max(MIN_CHUNK, min(MAX_CHUNK, -(-left // (SHARE * workers)))))
        sizes.append(size)
        left -= size
    return sizes


class _Worker:
    def __init__(self, process, conn):
        self.process, self.conn = process, conn
        self.ready = False
        self.pending: deque[int] = deque()      # indexes sent and not yet back, in order
        self.since = time.monotonic()           # start, or the last file back


class _Batch:
    def __init__(self, sources, block, count, log_file, progress, limits, start_method):
        import multiprocessing

        self.sources, self.block, self.count = sources, block, count
        self.log_file, self.progress, self.limits = log_file, progress, limits
        self.ctx = multiprocessing.get_context(start_method)
        self.results: list = [None] * len(sources)
        self.todo: deque[list[int]] = deque()
        start = 0
        for size in chunk_sizes(len(sources), count):
            self.todo.append(list(range(start, start + size)))
            start += size
        self.workers: list[_Worker] = []
        self.failed_starts = 0

    def run(self) -> list:
        try:
            for _ in range(min(self.count, len(self.todo))):
                self._start()
            while any(w.pending for w in self.workers):
                self._step()
        finally:
            self._stop_all()
        return self.results

    # --- workers ----------------------------------------------------------------------------
    def _start(self) -> None:
        parent_end, child_end = self.ctx.Pipe()
        memory = self.limits.read_memory_mib * 1024 * 1024
        process = self.ctx.Process(target=work, daemon=True, name="thidua-reader",
                                   args=(child_end, self.block, self.log_file, memory, log_path()))
        process.start()
        child_end.close()                   # the worker's end lives in the worker only: EOF = death
        worker = _Worker(process, parent_end)
        self.workers.append(worker)
        self._feed(worker)

    def _feed(self, worker: _Worker) -> None:
        if not self.todo:
            return
        chunk = self.todo.popleft()
        worker.pending.extend(chunk)
        try:
            worker.conn.send((chunk[0], [self.sources[i] for i in chunk]))
        except (OSError, EOFError):
            pass                            # died already: the next step sees it

    def _stop_all(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (OSError, EOFError):
                pass
        deadline = time.monotonic() + 2
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(1)
            worker.conn.close()
        self.workers.clear()

    # --- the loop ---------------------------------------------------------------------------
    def _step(self) -> None:
        from multiprocessing.connection import wait

        busy = [w for w in self.workers if w.pending]
        now = time.monotonic()
        deadlines = [self._deadline(w) for w in busy]
        ready = wait([w.conn for w in busy], timeout=max(0.0, min(deadlines) - now))
        for worker in busy:
            if worker.conn in ready:
                self._receive(worker)
        now = time.monotonic()
        for worker in busy:
            if worker.pending and worker in self.workers and now > self._deadline(worker):
                worker.process.kill()
                worker.process.join(5)
                limit = self.limits.read_seconds if worker.ready else START_SECONDS
                self._died(worker, f"quá {limit:g} giây / over {limit:g} s")

    def _deadline(self, worker: _Worker) -> float:
        return worker.since + (self.limits.read_seconds if worker.ready else START_SECONDS)

    def _receive(self, worker: _Worker) -> None:
        while True:
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                worker.process.join(5)
                self._died(worker, None)
                return
            worker.since = time.monotonic()
            if message == "ready":
                worker.ready = True
            else:
                self._land(worker, *message)
            if not worker.pending:
                self._feed(worker)
            if not worker.conn.poll():
                return

    def _land(self, worker: _Worker, index: int, packed, findings, state) -> None:
        expected = worker.pending.popleft()
        if index != expected:
            raise RuntimeError(f"a reading worker sent file {index}, expected {expected}")
        source = self.sources[index]
        for name, value in zip(SOURCE_FIELDS, state):
            setattr(source, name, value)
        sub = None
        if packed is not None:
            sub = unpack(packed, source)        # the parent's Source, as in read_one
            findings = sub.findings             # read_one returns the submission's own list
        self.results[index] = (sub, findings)
        if self.progress:
            self.progress(1)

    def _died(self, worker: _Worker, reason: str | None) -> None:
        """The worker is gone: the file it was reading gets the finding, the rest of its chunk
        goes back to the front of the queue, and a fresh worker takes over."""
        self.workers.remove(worker)
        worker.conn.close()
        if not worker.ready:
            self.failed_starts += 1
            if self.failed_starts > 2:
                raise WorkersFailed(f"reading workers cannot start (exit code {worker.process.exitcode})")
            self.todo.appendleft(list(worker.pending))
        else:
            culprit = worker.pending.popleft()
            self._blame(culprit, reason or _exit_reason(worker.process.exitcode))
            if worker.pending:
                self.todo.appendleft(list(worker.pending))
        if self.todo and len(self.workers) < self.count:
            self._start()

    def _blame(self, index: int, detail: str) -> None:
        source = self.sources[index]
        source.status = "rejected"
        if not source.sha256:
            try:
                source.sha256 = _sha256(source.path)
            except OSError:
                pass
        self.results[index] = (None, [finding("I014", file=source.file, detail=detail)])
        if self.progress:
            self.progress(1)


def _exit_reason(code: int | None) -> str:
    import signal

    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
