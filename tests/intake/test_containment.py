"""No single file can bring a batch down: a worker that aborts, hangs or outgrows its memory bound
costs the file it was reading one I014, and every other file is read as if nothing happened;
under ``fork`` and ``spawn``. The crashes are real: a far-cell workbook that makes python-calamine
abort once the pre-check is lifted, and a test-only hook (``THIDUA_TEST_READER_FAULT``, read by
the worker only) that makes a real worker abort, hang or allocate on a marked file."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from processor.config.block import parse_block
from processor.intake import parallel, read_one
from processor.intake.discover import discover
from processor.intake.parallel import read_all
from processor.intake.worker import FAULT_ENV

ROOT = Path(__file__).resolve().parents[2]
UNITS = 12


def far_cell_xlsx(path: Path) -> Path:
    """An 11 KB workbook without _meta whose scoring sheet has a value at XFD1048576."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Tự chấm điểm")
    ws.write_string(0, 0, "Đơn vị: Sở Y tế")
    for r in range(1, 60):
        ws.write_string(r, 0, f"I.{r}")
        ws.write_string(r, 1, f"Tiêu chí số {r} của khối thi đua " * 2)
        ws.write_number(r, 2, r % 10)
    ws.write_number(1048575, 16383, 1)
    wb.close()
    return path


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    from tools.bench import generate

    base = tmp_path_factory.mktemp("contained")
    config, inbox = generate(UNITS, base, libreoffice=False)
    raw = tomllib.loads(config.read_text(encoding="utf-8"))
    far_cell_xlsx(inbox / "xa-tit.xlsx")
    return raw, inbox, config


def block_with(raw: dict, **intake) -> object:
    return parse_block({**raw, "intake": intake})


def codes(results):
    return [[f.code for f in findings] for _, findings in results]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_worker_that_aborts_costs_its_file_only(batch, monkeypatch, method):
    raw, inbox, config = batch
    block = block_with(raw)
    serial = [read_one(s, block) for s in discover(inbox)]
    sources = discover(inbox)
    marked = sources[4].file
    monkeypatch.setenv(FAULT_ENV, f"abort:{marked}")
    started = []
    real_start = parallel._Batch._start
    monkeypatch.setattr(parallel._Batch, "_start", lambda self: (started.append(1), real_start(self)))
    results = read_all(sources, block, workers=1, start_method=method)      # one chunk, one worker
    (finding,) = results[4][1]
    assert results[4][0] is None and finding.code == "I014" and finding.file == marked
    assert finding.params["detail"] == "SIGABRT" and sources[4].status == "rejected"
    assert sources[4].sha256                        # the parent hashed what the worker could not
    assert len(started) == 2                        # the rest of the chunk went to a fresh worker
    rest = [i for i in range(len(sources)) if i != 4]
    assert [codes(results)[i] for i in rest] == [codes(serial)[i] for i in rest]
    assert [results[i][0].cells for i in rest if results[i][0]] == [serial[i][0].cells for i in rest if serial[i][0]]
    assert sum(results[i][0] is not None for i in rest) == UNITS - 1     # and xa-tit: I015


def test_a_worker_that_hangs_is_ended_at_the_time_limit(batch, monkeypatch):
    raw, inbox, config = batch
    block = block_with(raw, read_seconds=1.5)
    sources = discover(inbox)
    monkeypatch.setenv(FAULT_ENV, f"hang:{sources[2].file}")
    results = read_all(sources, block, workers=2, threshold=4)
    (finding,) = results[2][1]
    assert finding.code == "I014" and "1.5 s" in finding.params["detail"]
    assert sum(sub is not None for sub, _ in results) == UNITS - 1         # and xa-tit: I015


def _run(script: str, env: dict | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


PEAK = """
    import resource
    with open("/proc/self/status") as fh:      # VmHWM: this process's own mark (see test_corpus)
        own = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("PEAK_MIB", round(own / 1024), round(children / 1024))
"""


def _peaks(out: str) -> tuple[int, int]:
    own, children = re.search(r"PEAK_MIB (\d+) (\d+)", out).groups()
    print(f"peak MiB: the process {own}, its largest worker {children}")
    return int(own), int(children)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_file_that_makes_the_native_reader_abort_is_one_finding(batch, method):
    """With the far-cell pre-check lifted (max_sheet_cells above Excel's grid), python-calamine
    itself aborts on the far cell: its worker dies, the file gets I014, the batch goes on, and
    neither the parent nor any worker grew past 1.5 GiB."""
    raw, inbox, config = batch
    script = f"""
        import json, tomllib
        from pathlib import Path
        from processor.config.block import parse_block
        from processor.intake.discover import discover
        from processor.intake.parallel import read_all
        if __name__ == "__main__":
            raw = tomllib.loads(Path({str(config)!r}).read_text(encoding="utf-8"))
            block = parse_block({{**raw, "intake": {{"max_sheet_cells": 10**12}}}})
            sources = discover(Path({str(inbox)!r}))
            results = read_all(sources, block, workers=2, threshold=4, start_method={method!r})
            print(json.dumps({{s.file: [f.code + ":" + str(f.params.get("detail", "")) for f in fs]
                              for s, (sub, fs) in zip(sources, results) if sub is None}}))
            print(sum(sub is not None for sub, _ in results))
    """
    done = _run(textwrap.dedent(script) + textwrap.dedent(PEAK))
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    refused = json.loads(lines[0])
    assert refused == {"xa-tit.xlsx": ["I014:SIGABRT"]}
    assert int(lines[1]) == UNITS
    own, children = _peaks(done.stdout)
    assert own < 1536 and children < 1536, (own, children)


def test_a_reader_that_allocates_without_bound_is_stopped_by_the_memory_limit(batch):
    raw, inbox, config = batch
    marked = sorted(p.name for p in inbox.iterdir())[3]
    script = f"""
        import json, tomllib
        from pathlib import Path
        from processor.config.block import parse_block
        from processor.intake.discover import discover
        from processor.intake.parallel import read_all
        raw = tomllib.loads(Path({str(config)!r}).read_text(encoding="utf-8"))
        block = parse_block({{**raw, "intake": {{"read_memory_mib": 512}}}})
        sources = discover(Path({str(inbox)!r}))
        results = read_all(sources, block, workers=1)
        print(json.dumps([[f.code for f in fs] for s, fs in results if s is None]))
    """
    done = _run(textwrap.dedent(script) + textwrap.dedent(PEAK), {FAULT_ENV: f"memory:{marked}"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.splitlines()[0]) == [["I014"], ["I015"]]
    own, children = _peaks(done.stdout)
    assert children < 1024, children                # the worker stopped near its 512 MiB bound


@pytest.mark.libreoffice
def test_consolidate_with_a_corrupt_xls_a_far_cell_sheet_and_a_crashing_file(tmp_path):
    """The whole command on a block's inbox: an .xls saved by LibreOffice whose first FAT sector
    is also its DIFAT and points to itself (python-calamine allocates until it aborts on it),
    the far-cell workbook, and a file whose worker aborts: three findings, every unit scored,
    exit 0 or 3, no traceback, and under 1.5 GiB for the command and its workers."""
    from tests.support.libreoffice import convert, require_soffice
    from tests.support.workspace import DEMO_CONFIG, Workspace
    from tests.intake.test_sniff import _difat_loop

    require_soffice()
    ws = Workspace(tmp_path / "ws")
    ws.submit_all()
    saved = convert(ws.inbox / "SYT.xlsx", "xls", tmp_path / "xls")
    (ws.inbox / "hong-fat.xls").write_bytes(_difat_loop(saved.read_bytes(), 0))
    far_cell_xlsx(ws.inbox / "xa-tit.xlsx")
    shutil.copy(ws.inbox / "BDT.xlsx", ws.inbox / "BDT ban sao.xlsx")
    out = tmp_path / "out"
    script = """
        import runpy, sys
        sys.argv = ["thidua"] + sys.argv[1:]
        try:
            runpy.run_module("processor", run_name="__main__")
        except SystemExit as exc:
            print("EXIT", exc.code)
    """
    script = textwrap.dedent(script) + textwrap.dedent(PEAK)
    done = subprocess.run([sys.executable, "-c", script, "consolidate", "--config",
                           str(DEMO_CONFIG), "--inbox", str(ws.inbox), "--out", str(out), "--json",
                           str(out / "ket-qua.json")], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, FAULT_ENV: "abort:BDT ban sao.xlsx"})
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    assert re.search(r"EXIT (\d+)", done.stdout).group(1) in ("0", "3"), done.stdout[-2000:]
    result = json.loads((out / "ket-qua.json").read_text(encoding="utf-8"))
    by_file = {}
    for f in result["findings"]:
        by_file.setdefault(f["file"], []).append(f["code"])
    assert by_file["hong-fat.xls"] == ["I007"] and by_file["xa-tit.xlsx"] == ["I015"]
    assert by_file["BDT ban sao.xlsx"] == ["I014"]
    assert "DIFAT" in next(f["message"] for f in result["findings"] if f["file"] == "hong-fat.xls")
    assert all(u["final_score"] is not None for u in result["units"]), result["units"]
    own, children = _peaks(done.stdout)
    assert own < 1536 and children < 1536, (own, children)
