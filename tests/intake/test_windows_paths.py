"""What a Windows office computer brings: folders with spaces and Vietnamese letters (stored NFC
by Windows, NFD by macOS and by files copied from it), output redirected to a file in the ANSI
code page, and reading workers started with ``spawn``. Everything through the real command."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.support.workspace import DEMO_CONFIG, Workspace

REPO = Path(__file__).resolve().parents[2]
CREATED = "2021-01-04T08:00:00"


def thidua(*args, env=None, cwd=None) -> subprocess.CompletedProcess:
    """``python -m processor ARGS`` as a user runs it, from a folder that is not the repository."""
    return subprocess.run([sys.executable, "-m", "processor", *map(str, args)], capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
                          cwd=cwd or REPO.parent, timeout=300)


def text(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8")


@pytest.fixture(scope="module")
def submitted(tmp_path_factory):
    """The demo block's ten filled templates, once for the module."""
    ws = Workspace(tmp_path_factory.mktemp("ws"))
    ws.submit_all()
    return ws


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_consolidate_in_folders_with_spaces_and_vietnamese_letters(submitted, tmp_path, form):
    def name(s: str) -> str:
        return unicodedata.normalize(form, s)

    desktop = tmp_path / "Desktop" / name("Khối thi đua Văn hóa")
    inbox, out = desktop / name("Bài nộp"), desktop / name("Kết quả tổng hợp")
    inbox.mkdir(parents=True)
    config = desktop / name("khối.toml")
    shutil.copy(DEMO_CONFIG, config)
    saved = {}
    for path in sorted(submitted.inbox.iterdir()):
        target = inbox / name(f"Bảng tự chấm điểm {path.stem} (bản cuối).xlsx")
        shutil.copy2(path, target)
        saved[path.stem] = target.name
    assert all(unicodedata.is_normalized(form, n) for n in saved.values())
    if form == "NFD":                                   # the names really are decomposed
        assert all(not unicodedata.is_normalized("NFC", n) for n in saved.values())
    result_json = out / name("kết quả.json")

    done = thidua("consolidate", "--config", config, "--inbox", inbox, "--out", out,
                  "--json", result_json, "--created", CREATED)
    assert done.returncode == 0, text(done)
    workbooks = [p for p in out.iterdir() if p.name.startswith("ket-qua-thi-dua")]
    assert len(workbooks) == 1 and str(workbooks[0]) in text(done)
    data = json.loads(result_json.read_text(encoding="utf-8"))
    assert {u["code"]: u["status"] for u in data["units"]} == {c: "ok" for c in submitted.block.unit_codes}
    # every file is named as it is on disk (NFC in the result, whatever the disk holds)
    assert sorted(s["file"] for s in data["sources"]) == sorted(
        unicodedata.normalize("NFC", n) for n in saved.values())
    assert {s["unit"]: unicodedata.normalize("NFC", saved[s["unit"]]) for s in data["sources"]} == {
        code: unicodedata.normalize("NFC", n) for code, n in saved.items()}

    # the history is found where consolidate wrote it, given only the same --out
    shown = thidua("history", "--config", config, "--out", out)
    assert shown.returncode == 0, text(shown)
    assert "2020" in text(shown) and str(out / "lich-su.sqlite") in text(shown)


def test_output_redirected_in_an_ansi_code_page_is_utf8(tmp_path):
    """Windows gives a redirected stream the ANSI code page (cp1252, cp1258): no Vietnamese
    letter fits, so the command switches it to UTF-8 instead of failing."""
    env = {"PYTHONIOENCODING": "cp1252"}
    helped = thidua("--help", env=env)
    assert helped.returncode == 0, helped.stderr
    assert "tổng hợp, chấm điểm, xếp hạng" in helped.stdout.decode("utf-8")
    broken = tmp_path / "khối.toml"
    broken.write_text("[block]\nid = 1\n", encoding="utf-8")
    failed = thidua("check", "--config", broken, env=env)
    assert failed.returncode == 2
    message = failed.stderr.decode("utf-8")
    assert "khối.toml" in message and "Lỗi không mong đợi" not in message


POSIX_ONLY = ("resource", "fcntl", "pwd", "grp", "termios")


def test_reading_workers_started_with_spawn_give_the_same_result(submitted, tmp_path):
    """The whole command with ``spawn`` (Windows, macOS), and with ``spawn`` where the POSIX-only
    modules cannot be imported (as on Windows: no memory limit), writes what ``fork`` writes."""
    posixless, tried = tmp_path / "posixless", tmp_path / "tried.txt"
    posixless.mkdir()
    for name in POSIX_ONLY:
        (posixless / f"{name}.py").write_text(
            "import os\n"
            "with open(os.environ['POSIXLESS_LOG'], 'a') as fh:\n"
            "    fh.write(f'{__name__} {os.getpid()}\\n')\n"
            "raise ImportError('no POSIX-only module here, as on Windows')\n", encoding="utf-8")
    runs = {"fork": ("fork", []), "spawn": ("spawn", []), "windows": ("spawn", [str(posixless)])}
    results = {}
    for run, (method, path) in runs.items():
        out = tmp_path / run
        code = ("import sys, multiprocessing as mp; from processor.intake import parallel\n"
                f"parallel.default_start_method = lambda: {method!r}\n"
                "real = mp.get_context\n"
                "def context(method=None):\n"
                "    sys.stderr.write(f'start method: {method}\\n'); return real(method)\n"
                "mp.get_context = context\n"
                "from processor.cli import main; sys.argv[0] = 'thidua'; main()")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([*path, str(REPO)]),
               "POSIXLESS_LOG": str(tried)}
        proc = subprocess.run(
            [sys.executable, "-c", code, "consolidate", "--config", str(DEMO_CONFIG),
             "--inbox", str(submitted.inbox), "--out", str(out), "--json", str(out / "r.json"),
             "--created", CREATED],
            capture_output=True, env=env, cwd=tmp_path, timeout=300)
        assert proc.returncode == 0, text(proc)
        assert f"start method: {method}" in proc.stderr.decode("utf-8")
        results[run] = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".xlsx", ".json")}
    assert sorted(results["fork"]) == sorted(results["spawn"]) and len(results["fork"]) >= 2
    assert results["spawn"] == results["fork"]
    assert results["windows"] == results["fork"]
    # the workers did try the memory limit's module and went on without it
    tried_by = {line.split()[1] for line in tried.read_text().splitlines() if line.startswith("resource ")}
    assert tried_by, tried.read_text()
