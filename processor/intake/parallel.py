"""Read many files at once: the parent and a process per other core above a threshold, the
plain loop below it.

``read_all(sources, block)`` returns, for each source in order, what
:func:`processor.intake.read_one` returns for it: ``(Submission | None, findings)``. The result
is identical to the serial loop (same order, same findings, same Source fields), whichever
path ran: every reader calls that very function, and each Source the parent holds is updated
with what a worker learnt (format, unit, identity, status, note), so that every
``Submission.source`` is again the parent's own object (validate settles statuses on it).

Small batches (a provincial block's ten files) stay serial: starting processes would cost more
than it saves. Files are handed out in chunks, in order, so that a worker pays the per-call
overhead once per chunk; the chunks shrink towards the end of the batch (see ``chunk_sizes``).
The parent reads chunks too, between collecting what the workers send back.
"""
from __future__ import annotations

import gc
import os
import sys
from collections import deque
from contextlib import contextmanager
from dataclasses import fields
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence

from ..config.block import Block
from ..findings import Finding
from ..model import ScoreCell, Source, Submission

THRESHOLD = 64            # files; below this the serial loop is faster than starting a pool
# Chunks shrink as the batch drains (guided scheduling): large ones while every worker is busy,
# a few files each at the end, so that no worker idles long waiting for another's last chunk.
SHARE = 4                 # a chunk is 1/(SHARE x workers) of the files still to hand out
MIN_CHUNK, MAX_CHUNK = 4, 256
SOURCE_FIELDS = ("sha256", "format", "unit", "identity", "status", "note", "role")   # what read_one may set

Progress = Callable[[int], None]
"""Called with the number of files just finished (1 in the serial loop, a chunk in the pool)."""

_block: Block | None = None           # the worker's copies, set once by the initializer
_sources: Sequence[Source] = ()
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
    from . import read_one

    results: list[tuple[Submission | None, list[Finding]]] = [None] * len(sources)  # type: ignore[list-item]
    # The first file is read here, before the fork: what a process learns once (the template's
    # layout and styles, normalized labels, the block's lookup indexes) is then inherited by
    # every worker instead of being learnt again in each.
    results[0] = read_one(sources[0], block, log_file)
    if progress:
        progress(1)
    chunks, start = [], 1
    for size in chunk_sizes(len(sources) - 1, workers):
        chunks.append((start, sources[start:start + size]))
        start += size
    with collector_paused():
        # Objects alive at the fork are left out of the workers' garbage collections, which
        # would otherwise touch, and so copy, every page the workers share with the parent.
        gc.freeze()
        _run_pool(chunks, sources, results, block, workers, log_file, progress)
    return results


@contextmanager
def collector_paused():
    """The garbage collector paused while a batch makes its objects, which then join the oldest
    generation unscanned. Reading makes no reference cycles (a test reads the messy corpus with
    the collector paused and finds nothing left for it), and a batch's sources and submissions
    live until the result is written: scanning them again and again as they grow cost ~10 µs a
    file, and the first collection after the batch scanned them all once more (44 ms at 10,000
    files). Nested uses pause once."""
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


def _run_pool(chunks, sources, results, block, workers, log_file, progress) -> None:
    """``workers - 1`` processes and the parent itself read the chunks: the parent, which would
    otherwise only wait, takes its share, and those files cross no process boundary."""
    from . import read_one

    todo = deque(chunks)
    in_flight: deque = deque()                      # (start, future), in submission order
    # a forked worker inherits the sources: a chunk is sent as where it starts and ends
    pool = ProcessPoolExecutor(max_workers=max(1, workers - 1), mp_context=_context(),
                               initializer=_init, initargs=(block, log_file, sources))
    try:
        def top_up() -> None:
            # two chunks queued per worker: it never waits for the parent to hand out more
            while todo and len(in_flight) < 2 * max(1, workers - 1):
                start, chunk = todo.popleft()
                in_flight.append((start, pool.submit(_read_chunk, start, start + len(chunk))))

        def collect(block_until_done: bool) -> None:
            while in_flight and (block_until_done or in_flight[0][1].done()):
                start, future = in_flight.popleft()
                _land(future.result(), start, sources, results, progress)
                top_up()

        top_up()
        while todo:
            start, chunk = todo.popleft()
            for offset, source in enumerate(chunk):
                results[start + offset] = read_one(source, block, log_file)
                if progress:
                    progress(1)
                collect(block_until_done=False)
        collect(block_until_done=True)
    finally:
        # every chunk is back (or the batch failed): the workers exit on their own; waiting for
        # them would only add their shutdown to the batch's time
        pool.shutdown(wait=False, cancel_futures=True)


def _land(chunk_results: list, start: int, sources: list[Source], results: list,
          progress: Progress | None) -> None:
    """A worker's chunk, back into the parent's objects (its Sources, whole Submissions)."""
    for offset, (packed, findings, state) in enumerate(chunk_results):
        source = sources[start + offset]
        for name, value in zip(SOURCE_FIELDS, state):
            setattr(source, name, value)
        sub = None
        if packed is not None:
            sub = _unpack(packed, source)       # the parent's Source, as in the serial loop
            findings = sub.findings             # read_one returns the submission's own list
        results[start + offset] = (sub, findings)
    if progress:
        progress(len(chunk_results))


def _context():
    import multiprocessing

    # fork: workers inherit the loaded modules and the block instead of importing and
    # unpickling them; elsewhere the platform's default (spawn) works, only slower to start.
    if "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return None


def _init(block: Block, log_file: str, sources: Sequence[Source]) -> None:
    global _block, _log_file, _sources
    _block, _log_file, _sources = block, log_file, sources
    # the collector stays paused, as in the parent (see collector_paused)


def _read_chunk(start: int, stop: int) -> list[tuple[tuple | None, list[Finding] | None, tuple]]:
    """Read ``sources[start:stop]`` (the worker's copies; what read_one learns goes back)."""
    from . import read_one

    out = []
    for source in _sources[start:stop]:
        sub, findings = read_one(source, _block, _log_file)
        state = tuple([getattr(source, name) for name in SOURCE_FIELDS])
        out.append((None, findings, state) if sub is None else (_pack(sub), None, state))
    return out


# A submission crosses the process boundary as plain data: unpickling dataclasses goes through
# a Python call per object (copyreg), which made the parent, not the workers, the bottleneck of
# a large batch. Its score cells travel as one flat tuple of their fields' values: a tuple per
# cell cost twice as much to pickle and three times as much to unpickle.
_CELL_WIDTH = len(fields(ScoreCell))


def _pack(sub: Submission) -> tuple:
    state = dict(vars(sub))
    del state["source"]                             # the parent puts its own Source back
    cells = state.pop("cells")
    # vars() of a dataclass lists its fields in declaration order
    flat = tuple([value for cell in cells.values() for value in vars(cell).values()])
    if len(flat) != _CELL_WIDTH * len(cells) or any(code != cell.criterion for code, cell in cells.items()):
        raise ValueError("a score cell with attributes outside its fields, or under another code")
    return state, flat


def _unpack(packed: tuple, source: Source) -> Submission:
    state, flat = packed
    sub = Submission.__new__(Submission)
    sub.__dict__.update(state)
    sub.source = source
    values = iter(flat)
    sub.cells = {cell[0]: ScoreCell(*cell) for cell in zip(*[values] * _CELL_WIDTH)}
    return sub
