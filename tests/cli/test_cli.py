"""The CLI end to end: click's CliRunner and a real subprocess, on generated workspaces."""
import hashlib
import json
import subprocess
import sys
from datetime import datetime

import pytest
from click.testing import CliRunner

from processor.cli import cli
from tests.support.workspace import DEMO_CONFIG, Workspace, base_scores


@pytest.fixture
def ws(tmp_path):
    w = Workspace(tmp_path)
    w.submit_all()
    return w


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_consolidate_writes_workbook_and_json_with_the_contract(ws):
    out_json = ws.root / "ket-qua.json"
    res = run("consolidate", "--config", DEMO_CONFIG, "--inbox", ws.inbox, "--out", ws.out, "--json", out_json)
    assert res.exit_code == 0, res.output
    assert list(ws.out.glob("*.xlsx")), res.output
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert set(data) >= {"block", "units", "recommendations", "findings", "sources"}
    assert set(data["block"]) >= {"id", "name", "year"}
    unit_keys = {"code", "name", "status", "final_score", "rank", "tied", "eligible", "position", "award", "reasons"}
    assert all(unit_keys <= set(u) for u in data["units"])
    assert {u["code"] for u in data["units"]} == set(ws.block.unit_codes)
    assert set(data["recommendations"]) >= {"leader", "second", "third", "merit", "undecided"}
    assert all({"file", "sha256", "unit", "status"} <= set(s) for s in data["sources"])
    assert data["recommendations"]["leader"] == ["SKHCN"]
    leader = next(u for u in data["units"] if u["code"] == "SKHCN")
    assert leader["position"] == "leader" and leader["award"] == "flag" and leader["rank"] == 1
    # the terminal summary names the leader and the path of the result
    assert "Sở KH&CN" in res.output and "Kết quả:" in res.output


def test_provisional_result_exits_3(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit("SYT")
    res = run("consolidate", "--config", DEMO_CONFIG, "--inbox", ws.inbox, "--out", ws.out)
    assert res.exit_code == 3
    assert "TẠM THỜI" in res.output


def test_english_on_request(ws):
    out_json = ws.root / "r.json"
    res = run("consolidate", "--config", DEMO_CONFIG, "--inbox", ws.inbox, "--out", ws.out, "--lang", "en",
              "--json", out_json)
    assert res.exit_code == 0 and "Rank" in res.output
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert all(u["grounds"] and u["grounds"][0].startswith("Score") for u in data["units"])


def test_check_only_validates_and_writes_feedback(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    bad = base_scores(ws.block, "SYT")
    bad["I.2"] = "mười"
    ws.submit("SYT", bad, name="SYT.xlsx", received=datetime(2020, 12, 16))
    fb = tmp_path / "thu-tra-loi"
    res = run("check", "--config", DEMO_CONFIG, "--inbox", ws.inbox, "--feedback", fb)
    assert res.exit_code == 3
    assert "V106" in res.output and "Tự chấm điểm!D13" in res.output
    assert not ws.out.exists()                      # check writes no result workbook
    syt = (fb / "SYT.txt").read_text(encoding="utf-8")
    assert "Tự chấm điểm!D13" in syt and "mười" in syt and "gửi lại" in syt
    ok = (fb / "SKHCN.txt").read_text(encoding="utf-8")
    assert "hợp lệ" in ok and "đã nhận" in ok


def test_inputs_are_byte_identical_after_a_run(ws):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ws.inbox.iterdir()}
    mtimes = {p.name: p.stat().st_mtime for p in ws.inbox.iterdir()}
    run("consolidate", "--config", DEMO_CONFIG, "--inbox", ws.inbox, "--out", ws.out)
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ws.inbox.iterdir()} == before
    assert {p.name: p.stat().st_mtime for p in ws.inbox.iterdir()} == mtimes


def test_same_inputs_same_bytes(ws):
    run("consolidate", "--config", DEMO_CONFIG, "--inbox", ws.inbox, "--out", ws.root / "a")
    run("consolidate", "--config", DEMO_CONFIG, "--inbox", ws.inbox, "--out", ws.root / "b")
    a = next((ws.root / "a").glob("*.xlsx")).read_bytes()
    b = next((ws.root / "b").glob("*.xlsx")).read_bytes()
    assert a == b


def test_real_subprocess_end_to_end(ws):
    proc = subprocess.run([sys.executable, "-m", "processor", "consolidate", "--config", str(DEMO_CONFIG),
                           "--inbox", str(ws.inbox), "--out", str(ws.out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and list(ws.out.glob("*.xlsx"))


def test_missing_inbox_is_a_usage_error(tmp_path):
    res = run("consolidate", "--config", DEMO_CONFIG, "--inbox", tmp_path / "khong-co", "--out", tmp_path)
    assert res.exit_code == 2 and "hộp thư" in res.output
