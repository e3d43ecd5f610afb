"""The make targets the README names do what it says: OUT honoured, the history found in OUT and
never deleted by ``make clean``, the tool's own exit code said in words."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(*args, cwd=REPO) -> subprocess.CompletedProcess:
    """make in the repository with this test run's environment as its .venv; ``-o`` keeps make
    from rebuilding that environment."""
    if not (VENV / "bin" / "thidua").exists():
        pytest.skip(f"thidua is not installed in {VENV}")
    proc = subprocess.run(["make", "--no-print-directory", "-C", str(cwd), f"VENV={VENV}",
                           "-o", f"{VENV}/bin/thidua", *map(str, args)],
                          capture_output=True, text=True, timeout=300)
    return proc


def test_templates_go_to_out_when_given(tmp_path):
    out = tmp_path / "mẫu gửi đơn vị"
    done = make("templates", f"OUT={out}")
    assert done.returncode == 0, done.stderr
    assert len(list(out.glob("*.xlsx"))) == 11
    dry = make("-n", "templates")
    assert '--out "input_templates"' in dry.stdout


def test_provisional_exit_code_is_said_and_history_found_in_out(tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.submit("SYT")                                   # nine units missing: provisional
    out = tmp_path / "kết quả"
    done = make("consolidate", f"INBOX={ws.inbox}", f"OUT={out}")
    assert done.returncode != 0
    assert "mã thoát 3" in done.stderr and "TẠM THỜI" in done.stderr
    assert "Error 3" in done.stderr                    # the tool's code, not one of make's own
    assert list(out.glob("ket-qua-thi-dua-*.xlsx"))
    shown = make("history", f"OUT={out}")
    assert shown.returncode == 0, shown.stderr
    assert f"{out}/lich-su.sqlite" in shown.stdout and "2019" in shown.stdout   # the demo's past years
    ws.submit_all()
    feedback = make("feedback", f"INBOX={ws.inbox}", f"OUT={out}")
    assert feedback.returncode == 0, feedback.stderr
    assert sorted(p.stem for p in (out / "thu-tra-loi").glob("*.txt")) == sorted(ws.block.unit_codes)
    ballots = make("ballots", f"INBOX={ws.inbox}", f"OUT={out}")
    assert ballots.returncode == 0, ballots.stderr


def test_clean_keeps_the_history(tmp_path):
    shutil.copy(REPO / "Makefile", tmp_path)
    (tmp_path / "output" / "khoi b").mkdir(parents=True)
    (tmp_path / "input_templates").mkdir()
    kept = [tmp_path / "output" / "lich-su.sqlite", tmp_path / "output" / ".gitkeep"]
    gone = [tmp_path / "output" / "ket-qua.xlsx", tmp_path / "output" / "khoi b" / "ket-qua.xlsx",
            tmp_path / "input_templates" / "mau.xlsx"]
    for path in kept + gone:
        path.write_bytes(b"x")
    done = subprocess.run(["make", "--no-print-directory", "-C", str(tmp_path), "clean",
                           f"VENV={tmp_path / 'venv'}"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert all(p.exists() for p in kept) and not any(p.exists() for p in gone)
    assert "Giữ lại lịch sử Khối: output/lich-su.sqlite" in done.stdout
