"""Issue 3's acceptance: the demo's good files plus every messy and hostile case, in one run."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime

import pytest

from processor.pipeline import consolidate
from tests.support.corpus import error_cell, make_corpus
from tests.support.saved import set_saved
from tests.support.workspace import DEMO_CONFIG, Workspace

# Readable corpus cases are copies of SYT's file; they name SYT through the header or _meta.
EXPECTED_FOR_READABLE = {"bieu-mau-cu.xls": "M001", "mat-meta.xlsx": "U102", "co-macro.xlsm": "I010", "phong-vntime.xlsx": "T002"}


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    root = tmp_path_factory.mktemp("messy")
    ws = Workspace(root)
    ws.submit_all()
    baseline = consolidate(ws.block, ws.inbox).to_json()
    corpus = make_corpus(ws.inbox / "SYT.xlsx", root / "corpus")
    old = datetime(2020, 12, 1, 8).timestamp()        # older than the good files: they never win
    for name in corpus:
        if name == "good.xlsx":
            continue
        shutil.copy(root / "corpus" / name, ws.inbox / name)
        if corpus[name].readable:     # saved earlier too: the saved time is the better evidence
            set_saved(ws.inbox / name, datetime(2020, 12, 1, 8), ws.block.tz)
        os.utime(ws.inbox / name, (old, old))
    return ws, baseline, corpus


def test_every_problem_file_is_reported_by_name_with_its_code(messy):
    ws, _, corpus = messy
    result = consolidate(ws.block, ws.inbox)
    by_file = {}
    for f in result.findings:
        by_file.setdefault(f.file, set()).add(f.code)
    for name, case in corpus.items():
        if name == "good.xlsx":
            continue
        expected = EXPECTED_FOR_READABLE.get(name, case.code)
        if expected is None:
            # readable quirks (WPS/Google dimensions, plain old xls): no error of their own
            assert not any(f.severity == "error" for f in result.findings if f.file == name), name
            continue
        assert expected in by_file.get(name, set()), (name, by_file.get(name))
    statuses = {s.file: s.status for s in result.sources}
    assert len(statuses) == 10 + len(corpus) - 1      # no file lost
    assert statuses["bom-nen.xlsx"] == "rejected" and statuses["mat-khau.xlsx"] == "rejected"


def test_good_units_are_scored_exactly_as_without_the_bad_files(messy):
    ws, baseline, _ = messy
    result = consolidate(ws.block, ws.inbox).to_json()
    assert [(u["code"], u["final_score"], u["rank"], u["award"]) for u in result["units"]] == \
           [(u["code"], u["final_score"], u["rank"], u["award"]) for u in baseline["units"]]
    assert result["recommendations"] == baseline["recommendations"]


def test_cli_run_has_no_traceback_bounded_memory_and_leaves_inputs_untouched(messy):
    ws, _, _ = messy
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ws.inbox.iterdir()}
    probe = ("import resource, runpy, sys; sys.argv = ['thidua'] + sys.argv[1:];\n"
             "try:\n    runpy.run_module('processor', run_name='__main__')\n"
             "finally:\n    print('PEAK_KB', next(int(l.split()[1]) for l in open('/proc/self/status') "
             "if l.startswith('VmHWM:')), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
             "file=sys.stderr)")
    out_json = ws.root / "messy.json"
    proc = subprocess.run([sys.executable, "-c", probe, "consolidate", "--config", str(DEMO_CONFIG),
                           "--inbox", str(ws.inbox), "--out", str(ws.root / "out"), "--json", str(out_json)],
                          capture_output=True, text=True)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.returncode == 0, proc.stderr[-2000:]     # all units valid: bad files are not units
    own, worker = (int(kb) / 1024 for kb in re.search(r"PEAK_KB (\d+) (\d+)", proc.stderr).groups())
    assert own < 400 and worker < 400, f"peak {own:.0f} MiB, worker {worker:.0f} MiB with a 1 GiB zip bomb"
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ws.inbox.iterdir()}
    assert after == before
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert any(f["code"] == "I008" and f["file"] == "bom-nen.xlsx" for f in data["findings"])


def test_error_cell_gets_its_own_finding_at_its_cell(tmp_path):
    ws = Workspace(tmp_path)
    path = ws.submit("SYT")
    broken = tmp_path / "broken.xlsx"
    error_cell(path, broken)
    shutil.move(broken, path)
    result = consolidate(ws.block, ws.inbox)
    errs = [f for f in result.findings if f.code == "V107"]
    assert errs and errs[0].cell == "D12" and "#DIV/0!" in errs[0].message()


def test_file_of_one_unit_sent_from_another_units_address_is_not_guessed(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit("SYT", name="bang-diem.xlsx")
    (ws.inbox / "_thidua_manifest.csv").write_text(
        "file,sender,sender_name,subject,date,message_id,sha256,size,part,source,collected_at\n"
        "bang-diem.xlsx,bdt@backan.gov.vn,Ban Dân tộc,Gửi bảng,2020-12-15T08:00:00+07:00,<1@x>,,,,,\n",
        encoding="utf-8-sig")
    result = consolidate(ws.block, ws.inbox)
    assert [f.code for f in result.findings if f.file == "bang-diem.xlsx"] == ["U101"]
    src = next(s for s in result.sources if s.file == "bang-diem.xlsx")
    assert src.status == "rejected" and src.sender == "bdt@backan.gov.vn" and src.received_via == "mail"


def test_file_changed_after_listing_is_read_as_it_is_when_read(tmp_path):
    """Intake reads each file once, to its end, whatever size the listing saw."""
    from processor.intake import read_one
    from processor.intake.discover import discover

    ws = Workspace(tmp_path)
    grown, shrunk = ws.submit("SYT"), ws.submit("BDT")
    sources = {s.path.name: s for s in discover(ws.inbox, hashed=False)}
    good = shrunk.read_bytes()
    grown.write_bytes(grown.read_bytes() + b"\0" * 1000)      # zip readers allow trailing bytes
    shrunk.write_bytes(good[:-100])                            # the central directory cut off
    sub, _ = read_one(sources[grown.name], ws.block)
    assert sub is not None and sub.source.unit == "SYT"
    assert sources[grown.name].sha256 == hashlib.sha256(grown.read_bytes()).hexdigest()
    sub, findings = read_one(sources[shrunk.name], ws.block)
    assert sub is None and sources[shrunk.name].status == "rejected"
    assert sources[shrunk.name].sha256 == hashlib.sha256(good[:-100]).hexdigest()


def test_a_batch_leaves_the_parent_no_reference_cycles(messy):
    """Intake pauses the parent's garbage collector for a batch (processor.intake.parallel):
    that holds only while what the parent makes of a batch, good files and bad (the workers'
    results, unpacked), leaves nothing that only the collector could free."""
    import gc

    from processor.intake.discover import discover
    from processor.intake.parallel import read_all

    ws, _, corpus = messy
    sources = discover(ws.inbox, hashed=False)
    assert len(sources) >= len(corpus)
    gc.collect()
    gc.disable()
    try:
        results = read_all(sources, ws.block, workers=2, threshold=8)
        assert sum(sub is not None for sub, _ in results) >= 10
        assert gc.collect() == 0
    finally:
        gc.enable()
