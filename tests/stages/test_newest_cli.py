"""The newest file and lateness by the best evidence, through the real CLI (issue 19)."""
from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from processor.cli import cli
from tests.support.saved import set_saved
from tests.support.workspace import DEMO_CONFIG, Workspace

COPIED = datetime(2020, 12, 25, 9, 0)          # after the deadline (20/12 17:00): a copy's mtime
MANIFEST_HEADER = "file,sender,sender_name,subject,date,message_id,sha256,size,part,source,collected_at\n"


def touch(path: Path, when: datetime, ws: Workspace) -> None:
    stamp = when.replace(tzinfo=ws.block.tz).timestamp()
    os.utime(path, (stamp, stamp))


def consolidate(ws: Workspace, *, env: dict | None = None) -> tuple[int, dict, str]:
    out_json = ws.root / "ket-qua.json"
    proc = subprocess.run([sys.executable, "-m", "processor", "consolidate", "--config", str(DEMO_CONFIG),
                           "--inbox", str(ws.inbox), "--out", str(ws.out), "--json", str(out_json)],
                          capture_output=True, text=True, env={**os.environ, **(env or {})})
    assert "Traceback" not in proc.stderr + proc.stdout
    return proc.returncode, json.loads(out_json.read_text(encoding="utf-8")), proc.stdout


def unit(data: dict, code: str) -> dict:
    return next(u for u in data["units"] if u["code"] == code)


def test_a_copied_inbox_keeps_the_newest_file_and_nobody_is_late(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    # by name the old file would win (the name sorts last); by the saved time the new one does
    ws.submit("SYT", name="SYT-z-cu.xlsx", received=datetime(2020, 12, 10, 8), level=0.5)
    ws.submit("SYT", name="SYT-a-moi.xlsx", received=datetime(2020, 12, 18, 8), level=0.95)
    (ws.inbox / "SYT.xlsx").unlink()
    for path in ws.inbox.iterdir():          # cp without -p: every file has the copy's time
        touch(path, COPIED, ws)
    code, data, _ = consolidate(ws)
    assert code == 0
    assert unit(data, "SYT")["file"] == "SYT-a-moi.xlsx"
    assert not [f for f in data["findings"] if f["code"] in ("S003", "S004", "S005", "S006")]
    sources = {s["file"]: s for s in data["sources"]}
    assert sources["SYT-z-cu.xlsx"]["status"] == "superseded"
    assert all(s["time_source"] == "saved" for s in sources.values())
    assert sources["SYT-a-moi.xlsx"]["received"] == "2020-12-18T08:00:00"
    assert sources["SYT-a-moi.xlsx"]["times"] == {"saved": "2020-12-18T08:00:00+07:00",
                                                  "mtime": "2020-12-25T09:00:00+07:00"}


def test_late_is_decided_by_the_saved_time_in_the_blocks_zone_on_any_machine(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    late = ws.submit("BDT", received=datetime(2020, 12, 20, 17, 30))   # saved after the deadline
    touch(late, datetime(2020, 12, 19, 8), ws)                        # an mtime before it
    results = [consolidate(ws, env={"TZ": tz}) for tz in ("UTC", "America/New_York", "Asia/Tokyo")]
    for code, data, _ in results:
        lates = [f for f in data["findings"] if f["code"] == "S003"]
        assert [(f["unit"], f["file"]) for f in lates] == [("BDT", "BDT.xlsx")]
        assert "thời điểm lưu ghi trong tệp" in lates[0]["message"]
        assert "17:30 20/12/2020" in lates[0]["message"]
    assert results[0][1]["sources"] == results[1][1]["sources"] == results[2][1]["sources"]


def test_equal_evidence_and_different_content_is_an_error_and_no_score(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    when = datetime(2020, 12, 15, 8)
    ws.submit("SYT", name="SYT-2.xlsx", received=when, level=0.5)     # same saved time as SYT.xlsx
    touch(ws.inbox / "SYT-2.xlsx", datetime(2020, 12, 16, 8), ws)     # a later mtime decides nothing
    code, data, stdout = consolidate(ws)
    assert code == 3                                      # provisional: a unit is not scored
    assert "Chưa rõ tệp mới nhất: 2 tệp." in stdout
    syt = unit(data, "SYT")
    assert syt["status"] == "invalid" and syt["final_score"] is None and syt["award"] is None
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["unit"]) for f in errors] == [("S005", "SYT")]
    assert "SYT.xlsx" in errors[0]["message"] and "SYT-2.xlsx" in errors[0]["message"]
    statuses = {s["file"]: s["status"] for s in data["sources"] if s["unit"] == "SYT"}
    assert statuses == {"SYT.xlsx": "undecided", "SYT-2.xlsx": "undecided"}


def test_the_mail_date_outranks_the_saved_time(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    ws.submit("SYT", name="gui-lai.xlsx", received=datetime(2020, 12, 10, 8), level=0.5)
    (ws.inbox / "_thidua_manifest.csv").write_text(
        MANIFEST_HEADER
        + "SYT.xlsx,syt@x.vn,,,2020-12-16T08:00:00+07:00,<1@x>,,,,,\n"
        + "gui-lai.xlsx,syt@x.vn,,,2020-12-17T08:00:00+07:00,<2@x>,,,,,\n", encoding="utf-8-sig")
    code, data, _ = consolidate(ws)
    assert unit(data, "SYT")["file"] == "gui-lai.xlsx"      # sent later, though saved earlier
    src = next(s for s in data["sources"] if s["file"] == "gui-lai.xlsx")
    assert src["time_source"] == "mail" and src["received"] == "2020-12-17T08:00:00"
    said = [f for f in data["findings"] if f["code"] == "S007"]
    assert [(f["unit"], f["file"], f["severity"]) for f in said] == [("SYT", "gui-lai.xlsx", "warning")]
    assert "SYT.xlsx" in said[0]["message"]


# --- property, end to end: any shuffle of times and names --------------------------------------
LEVELS = (0.5, 0.7, 0.9)                  # one score per content: the result says which was used
DAYS = st.sampled_from([10, 11, 12])       # few values: ties are frequent


def _beats(x: dict, y: dict) -> bool:
    levels = [k for k in ("mail", "saved") if k in x and k in y] or \
        (["mtime"] if "mtime" in x and "mtime" in y else [])
    decided = [s for s in ((x[k] > y[k]) - (x[k] < y[k]) for k in levels) if s]
    return bool(decided) and decided[0] == 1


@pytest.fixture(scope="module")
def prop_ws(tmp_path_factory):
    return Workspace(tmp_path_factory.mktemp("newest-prop"))


_counter = itertools.count()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.tuples(st.integers(0, 2), st.one_of(st.none(), DAYS), DAYS),
                      min_size=2, max_size=4),
       saved=st.lists(st.one_of(st.none(), DAYS), min_size=3, max_size=3),
       data=st.data())
def test_any_shuffle_scores_the_evidence_newest_file_or_none(prop_ws, files, saved, data):
    ws = prop_ws
    ws.inbox = ws.root / f"inbox-{next(_counter)}"
    ws.inbox.mkdir()
    names = data.draw(st.permutations([f"{c}.xlsx" for c in "pqrstu"]))
    first: dict[int, Path] = {}
    evidence: dict[int, dict] = {}
    rows = []
    for i, (content, mail, mtime) in enumerate(files):
        path = ws.inbox / names[i]
        if content in first:
            shutil.copyfile(first[content], path)              # byte-identical copy
        else:
            day = saved[content]
            ws.submit("SYT", name=path.name, level=LEVELS[content],
                      received=datetime(2020, 12, day or 1, 8))
            if day is None:
                set_saved(path, None)
            first[content] = path
        touch(path, datetime(2020, 12, mtime, 9), ws)
        ev = evidence.setdefault(content, {})
        ev["mtime"] = max(ev.get("mtime", mtime), mtime)
        if saved[content] is not None:
            ev["saved"] = saved[content]
        if mail is not None:
            rows.append(f"{path.name},syt@x.vn,,,2020-12-{mail:02d}T10:00:00+07:00,<{i}@x>,,,,,\n")
            ev["mail"] = max(ev.get("mail", mail), mail)
    if rows:
        (ws.inbox / "_thidua_manifest.csv").write_text(MANIFEST_HEADER + "".join(rows), encoding="utf-8-sig")
    out_json = ws.inbox.with_suffix(".json")
    res = CliRunner().invoke(cli, ["consolidate", "--config", str(DEMO_CONFIG), "--inbox", str(ws.inbox),
                                   "--out", str(ws.inbox.with_suffix(".out")), "--json", str(out_json)])
    assert res.exit_code == 3, res.output                  # other units missing: provisional
    result = json.loads(out_json.read_text(encoding="utf-8"))
    syt = unit(result, "SYT")
    newest = [c for c in evidence if all(_beats(evidence[c], evidence[d]) for d in evidence if d != c)]
    by_name = {names[i]: content for i, (content, _, _) in enumerate(files)}
    if newest:
        assert syt["file"] is not None and by_name[syt["file"]] == newest[0], (evidence, syt["file"])
        assert syt["status"] == "ok"
    else:
        assert syt["status"] == "invalid" and syt["final_score"] is None
        codes = {f["code"] for f in result["findings"] if f["unit"] == "SYT" and f["severity"] == "error"}
        assert codes & {"S005", "S006"}, codes
