"""Reading in workers gives exactly what read_one gives in-process: same order, same
submissions, same findings, same Source fields, under ``fork`` and ``spawn`` (no timing
assertions here; see ``make bench``). Containment is in ``test_containment.py``."""
from __future__ import annotations

import re
import shutil
import tomllib
import zipfile
from datetime import datetime, timedelta

import pytest

from processor.config.block import parse_block
from processor.intake import read_one
from processor.intake import parallel, worker
from processor.intake.discover import discover
from processor.intake.parallel import read_all
from processor.progress import ProgressBar
from tests.support.saved import saved_text, set_saved

UNITS = 50


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    """~60 files: 50 filled submissions and the usual mess around them."""
    from tools.bench import generate

    base = tmp_path_factory.mktemp("parallel")
    config, inbox = generate(UNITS, base, libreoffice=False)
    block = parse_block(tomllib.loads(config.read_text(encoding="utf-8")))
    first = inbox / "tu-cham-2020-DV00001.xlsx"
    shutil.copy(first, inbox / "ban sao DV00001.xlsx")                  # a duplicate
    (inbox / "ghi chu.txt").write_text("Kính gửi Khối", encoding="utf-8")  # an attachment
    (inbox / "rong.xlsx").write_bytes(b"")                              # empty
    (inbox / "hong.xlsx").write_bytes(first.read_bytes()[:3000])        # truncated zip
    (inbox / "trang.xlsx").write_text("<html><body>x</body></html>")    # HTML saved as .xlsx
    with zipfile.ZipFile(first) as zin, zipfile.ZipFile(inbox / "la.xlsx", "w") as zout:
        for info in zin.infolist():                                     # a unit not in the block
            data = zin.read(info.filename).replace(b"DV00001", b"XX99999")
            zout.writestr(info.filename, data)
    third = inbox / "tu-cham-2020-DV00003.xlsx"
    with zipfile.ZipFile(third) as zin, zipfile.ZipFile(inbox / "DV00003 sua.xlsx", "w") as zout:
        for info in zin.infolist():                                     # a text where a number goes
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = re.sub(rb'(<c r="D12" s="\d+")><v>[^<]*</v>',
                              lambda m: m.group(1) + ' t="inlineStr"><is><t>tám</t></is>'.encode(), data)
            zout.writestr(info.filename, data)
    edited = datetime.fromisoformat(saved_text(third).replace("Z", "+00:00")) + timedelta(hours=1)
    set_saved(inbox / "DV00003 sua.xlsx", edited)          # edited and saved after the original
    return block, inbox


def snapshot(results, sources):
    """Everything the two paths must agree on, as plain data (Finding params included)."""
    def fs(findings):
        return [(f.code, f.severity, f.unit, f.file, f.sheet, f.cell, sorted(map(str, f.params.items())))
                for f in findings]

    out = []
    for (sub, findings), source in zip(results, sources):
        out.append((
            source.to_json(),
            None if sub is None else (sub.meta, sub.sheet, sub.cells, sub.cached_total, sub.total_cell,
                                      sub.header_unit_name, sub.source.to_json()),
            fs(findings),
        ))
    return out


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_equal_serial(inbox, method):
    block, folder = inbox
    serial_sources = discover(folder)
    assert len(serial_sources) >= 55
    serial = [read_one(s, block) for s in serial_sources]
    pool_sources = discover(folder)
    pooled = read_all(pool_sources, block, workers=2, threshold=8, start_method=method)
    assert snapshot(pooled, pool_sources) == snapshot(serial, serial_sources)
    # the messy files did what they should, so the comparison covered them
    codes = {f.code for _, findings in serial for f in findings}
    assert {"F004", "I002", "I006", "I007", "U002"} <= codes
    assert any(sub is None for sub, _ in pooled) and any(sub is not None for sub, _ in pooled)


def test_a_submission_crosses_the_process_boundary_unchanged(inbox):
    import pickle

    from processor.findings import finding

    block, folder = inbox
    source = discover(folder)[1]
    sub, _ = read_one(source, block)
    cell = next(iter(sub.cells.values()))
    cell.raw, cell.error = None, "#DIV/0!"
    sub.findings.append(finding("T001", file=source.file, sheet="x", cell="B7", encoding="TCVN3",
                                sample="Ban"))
    back = worker.unpack(pickle.loads(pickle.dumps(worker.pack(sub))), source)
    assert back == sub and back.source is source
    cell.note = "an attribute outside the fields"
    with pytest.raises(ValueError):
        worker.pack(sub)
    del cell.note
    sub.cells["other"] = sub.cells.pop(cell.criterion)
    with pytest.raises(ValueError):
        worker.pack(sub)


@pytest.mark.parametrize("n", [1, 5, 63, 999, 9999])
def test_chunks_cover_every_file_and_shrink_towards_the_end(n):
    sizes = parallel.chunk_sizes(n, 2)
    assert sum(sizes) == n and all(s > 0 for s in sizes)
    assert sizes == sorted(sizes, reverse=True) and sizes[0] <= parallel.MAX_CHUNK
    assert sizes[-1] <= parallel.MIN_CHUNK


def test_workers_keep_the_parents_objects(inbox):
    block, folder = inbox
    sources = discover(folder)
    pooled = read_all(sources, block, workers=2, threshold=8)
    for (sub, findings), source in zip(pooled, sources):
        if sub is not None:
            assert sub.source is source          # validate settles statuses on these objects
            assert findings is sub.findings      # as read_one returns them


def test_a_small_batch_is_read_by_one_worker_and_a_large_one_by_one_per_core(inbox, monkeypatch):
    block, folder = inbox
    started = []
    real_start = parallel._Batch._start
    monkeypatch.setattr(parallel._Batch, "_start", lambda self: (started.append(1), real_start(self)))
    sources = discover(folder)
    read_all(sources[:10], block, workers=2)
    assert len(started) == 1
    started.clear()
    read_all(sources, block, workers=2, threshold=8)
    assert len(started) == 2


def test_consolidate_through_two_workers_equals_one(inbox, monkeypatch):
    from processor.pipeline import consolidate

    block, folder = inbox
    monkeypatch.setattr(parallel, "THRESHOLD", 10**9)
    one = consolidate(block, folder).to_json()
    monkeypatch.setattr(parallel, "THRESHOLD", 8)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    two = consolidate(block, folder).to_json()
    assert two == one
    assert {"S002", "U002", "V106"} & {f["code"] for f in one["findings"]} >= {"S002", "U002"}
    assert any(f["code"].startswith("V") and f["file"] == "DV00003 sua.xlsx" for f in one["findings"])


def test_progress_reports_every_file(inbox):
    block, folder = inbox
    sources = discover(folder)
    seen = []
    read_all(sources, block, workers=2, threshold=8, progress=seen.append)
    assert sum(seen) == len(sources) and set(seen) == {1}


def test_progress_bar_stays_quiet_off_a_terminal(capsys):
    import io

    stream = io.StringIO()
    with ProgressBar(100, stream=stream, delay=0) as bar:
        for _ in range(100):
            bar(1)
    assert stream.getvalue() == ""


def test_collector_paused_during_a_batch_and_collecting_again_after():
    import gc
    import weakref

    class Node:
        pass

    assert gc.isenabled()
    with parallel.collector_paused():
        assert not gc.isenabled()
        with parallel.collector_paused():       # read_all inside intake: one pause
            assert not gc.isenabled()
        assert not gc.isenabled()
        node = Node()
        node.me = node                          # a cycle made while paused...
        alive = weakref.ref(node)
        del node
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert alive() is not None
    gc.collect()
    assert alive() is None                      # ...is collected once the batch is over
