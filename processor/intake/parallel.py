"""Read many files at once: a process pool above a threshold, the plain loop below it.

``read_all(sources, block)`` returns, for each source in order, what
:func:`processor.intake.read_one` returns for it: ``(Submission | None, findings)``. The result
is identical to the serial loop (same order, same findings, same Source fields), whichever
path ran: the workers call that very function, and each Source the parent holds is updated
with what its worker learnt (format, unit, identity, status, note), so that every
``Submission.source`` is again the parent's own object (validate settles statuses on it).

Small batches (a provincial block's ten files) stay serial: starting processes would cost more
than it saves. Files go to the workers in chunks, in order, so that a worker pays the per-call
overhead once per chunk and the parent never holds more than a few chunks in flight.
"""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence

from ..block import Block
from ..findings import Finding
from ..model import Source, Submission

THRESHOLD = 64            # files; below this the serial loop is faster than starting a pool
CHUNKS_PER_WORKER = 16    # balance the load (the last chunk is the tail) at little overhead
MAX_CHUNK = 256
SOURCE_FIELDS = ("sha256", "format", "unit", "identity", "status", "note", "role")   # what read_one may set

Progress = Callable[[int], None]
"""Called with the number of files just finished (1 in the serial loop, a chunk in the pool)."""

_block: Block | None = None           # the worker's copy, set once by the initializer
_log_file: str = "thidua.log"


def read_all(sources: Sequence[Source], block: Block, workers: int | None = None,
             threshold: int | None = None, *, log_file: str = "thidua.log",
             progress: Progress | None = None) -> list[tuple[Submission | None, list[Finding]]]:
    """Each source read, sniffed and identified, in order; never raises for a bad file."""
    from . import read_one

    sources = list(sources)
    workers = workers or os.cpu_count() or 1
    threshold = THRESHOLD if threshold is None else threshold
    if len(sources) < max(threshold, 2) or workers < 2:
        out = []
        for source in sources:
            out.append(read_one(source, block, log_file))
            if progress:
                progress(1)
        return out
    return _pooled(sources, block, workers, log_file, progress)


def _pooled(sources: list[Source], block: Block, workers: int, log_file: str,
            progress: Progress | None) -> list[tuple[Submission | None, list[Finding]]]:
    size = max(1, min(MAX_CHUNK, -(-len(sources) // (workers * CHUNKS_PER_WORKER))))
    chunks = [(start, sources[start:start + size]) for start in range(0, len(sources), size)]
    results: list[tuple[Submission | None, list[Finding]]] = [None] * len(sources)  # type: ignore[list-item]
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=_context(),
                             initializer=_init, initargs=(block, log_file)) as pool:
        futures = [(start, pool.submit(_read_chunk, chunk)) for start, chunk in chunks]
        for start, future in futures:               # in order: results land where they belong
            for offset, (sub, findings, state) in enumerate(future.result()):
                source = sources[start + offset]
                for name in SOURCE_FIELDS:
                    setattr(source, name, state[name])
                if sub is not None:
                    sub.source = source             # the parent's object, as in the serial loop
                    findings = sub.findings         # read_one returns the submission's own list
                results[start + offset] = (sub, findings)
            if progress:
                progress(len(future.result()))
    return results


def _context():
    import multiprocessing

    # fork: workers inherit the loaded modules and the block instead of importing and
    # unpickling them; elsewhere the platform's default (spawn) works, only slower to start.
    if "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return None


def _init(block: Block, log_file: str) -> None:
    global _block, _log_file
    _block, _log_file = block, log_file


def _read_chunk(chunk: list[Source]) -> list[tuple[Submission | None, list[Finding], dict]]:
    from . import read_one

    out = []
    for source in chunk:
        sub, findings = read_one(source, _block, _log_file)
        state = {name: getattr(source, name) for name in SOURCE_FIELDS}
        if sub is not None:
            sub.source = None   # the parent puts its own Source back: don't ship it twice
        out.append((sub, None if sub is not None else findings, state))
    return out


# --- the terminal's progress bar -------------------------------------------------------------
class ProgressBar:
    """A ``progress`` callback drawing ``click.progressbar`` on stderr, only on a terminal and
    only once the batch has run for ``delay`` seconds (short runs print nothing)::

        with ProgressBar(len(sources), label="Đọc tệp") as bar:
            read_all(sources, block, progress=bar)
    """

    def __init__(self, total: int, label: str = "", delay: float = 0.5, stream=None):
        self.total, self.label, self.delay = total, label, delay
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)()) and total > 0
        self.done = 0
        self.start = time.monotonic()
        self.bar = None

    def __call__(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.start < self.delay or self.done >= self.total:
                return
            import click

            self.bar = click.progressbar(length=self.total, label=self.label, file=self.stream,
                                         show_pos=True, show_eta=True)
            self.bar.__enter__()
            self.bar.update(self.done)
            return
        self.bar.update(n)

    def __enter__(self) -> "ProgressBar":
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
            self.bar = None
