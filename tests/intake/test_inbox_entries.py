"""Every entry of the inbox is accounted for, through the real CLI: hidden files, links, FIFOs,
devices, our own names, names that are not UTF-8, entries that cannot be read (issue 19)."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from processor.cli import cli
from tests.support.corpus import _legacy_font
from tests.support.workspace import DEMO_CONFIG, Workspace

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX entries")


def consolidate_as_other_user(ws: Workspace, out_json: Path) -> subprocess.CompletedProcess:
    """The CLI as a user who is refused what is chmod 000 (root reads everything: run as nobody)."""
    cmd = [sys.executable, "-m", "processor", "consolidate", "--config", str(DEMO_CONFIG),
           "--inbox", str(ws.inbox), "--out", str(ws.out), "--json", str(out_json)]
    if os.geteuid() == 0:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.fixture
def open_root():
    """A folder every user can enter (pytest's tmp_path is private to root)."""
    root = Path(tempfile.mkdtemp(prefix="thidua-entries-"))
    root.chmod(0o777)
    yield root
    for folder, dirs, _ in os.walk(root):
        for d in dirs:
            os.chmod(os.path.join(folder, d), 0o777)
    shutil.rmtree(root, ignore_errors=True)


def test_every_entry_has_a_status_and_none_stops_the_run(open_root):
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to run as another user when root")
    ws = Workspace(open_root)
    ws.submit_all()
    inbox = ws.inbox
    outside = open_root / "ngoai.xlsx"
    shutil.copy(inbox / "SYT.xlsx", outside)
    (inbox / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (inbox / "._SYT.xlsx").write_bytes(b"\0\5\26\7")                     # macOS resource fork
    shutil.copy(inbox / "BDT.xlsx", inbox / "..xlsx")                    # a name that lost its stem
    (inbox / ".an").mkdir()
    (inbox / ".an" / "SYT.xlsx").write_bytes(b"x")
    shutil.copy(inbox / "SVHTTDL.xlsx", inbox / "_thidua_SVHTTDL.xlsx")  # our prefix, not ours
    (inbox / ".thidua-part-123.xlsx").write_bytes(b"PK")                # collect stopped midway
    os.symlink(outside, inbox / "lien-ket-ngoai.xlsx")                   # leads out of the inbox
    os.symlink(inbox / "SYT.xlsx", inbox / "lien-ket-trong.xlsx")        # to a file read anyway
    os.symlink(inbox / "khong-co.xlsx", inbox / "lien-ket-hong.xlsx")    # to nothing
    os.mkfifo(inbox / "ong.xlsx")
    device = None
    try:
        os.mknod(inbox / "thiet-bi", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        device = "thiet-bi"
    except (PermissionError, OSError):
        pass                                    # no right to make a device here: FIFO covers it
    raw = os.fsencode(inbox) + b"/bang-\xff-diem.xlsx"                  # not UTF-8
    shutil.copy(inbox / "BDT.xlsx", raw.decode("utf-8", "surrogateescape"))
    closed = inbox / "khoa"
    closed.mkdir()
    shutil.copy(inbox / "SKHCN.xlsx", closed / "SKHCN-2.xlsx")
    closed.chmod(0)
    locked = inbox / "khoa.xlsx"
    shutil.copy(inbox / "STTTT.xlsx", locked)
    locked.chmod(0)
    out_json = open_root / "out.json"

    proc = consolidate_as_other_user(ws, out_json)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode in (0, 3), proc.stdout[-2000:] + proc.stderr[-2000:]
    unreadable = 5 + (device is not None)     # two links, the FIFO, the folder, the file
    assert f"Không đọc được: {unreadable} mục." in proc.stdout
    data = json.loads(out_json.read_text(encoding="utf-8"))
    sources = {s["file"]: s for s in data["sources"]}
    codes = {}
    for f in data["findings"]:
        codes.setdefault(f["file"], set()).add(f["code"])

    expected = {
        ".DS_Store": ("ignored", None),
        "._SYT.xlsx": ("ignored", None),
        ".an": ("ignored", None),
        "_thidua_SVHTTDL.xlsx": ("duplicate", "S002"),       # read like any file: not ours
        ".thidua-part-123.xlsx": ("ignored", "I019"),
        "lien-ket-ngoai.xlsx": ("unreadable", "I017"),
        "lien-ket-trong.xlsx": ("ignored", None),
        "lien-ket-hong.xlsx": ("unreadable", "I017"),
        "ong.xlsx": ("unreadable", "I018"),
        "khoa/": ("unreadable", "I016"),
        "khoa.xlsx": ("unreadable", "I016"),
    }
    if device:
        expected[device] = ("unreadable", "I018")
    for name, (status, code) in expected.items():
        assert name in sources, (name, sorted(sources))
        assert sources[name]["status"] == status, (name, sources[name])
        assert sources[name]["note"], name
        if code:
            assert code in codes.get(name, set()), (name, codes.get(name))
    # links say where they lead; nothing outside the inbox is read
    assert str(outside) in sources["lien-ket-ngoai.xlsx"]["note"]
    assert "SYT.xlsx" in sources["lien-ket-trong.xlsx"]["note"]
    assert not any(s["file"].startswith("ngoai") for s in data["sources"])
    # '..xlsx' may be a submission that lost its name: read (BDT's bytes: a duplicate)
    assert sources["..xlsx"]["status"] == "duplicate" and sources["..xlsx"]["unit"] == "BDT"
    # a name that is not UTF-8 is shown with \xNN, said (I020), and read
    odd = "bang-\\xff-diem.xlsx"
    assert sources[odd]["status"] == "duplicate" and "I020" in codes[odd]
    # the good units are scored as before
    assert {u["code"]: u["status"] for u in data["units"]}["SKHCN"] == "ok"
    assert all(s["status"] in ("used", "superseded", "duplicate", "undecided", "rejected", "ignored",
                               "unreadable") for s in data["sources"])
    # the sources sheet lists every entry too
    import openpyxl
    from processor.labels import label
    books = [openpyxl.load_workbook(p, read_only=True) for p in ws.out.glob("*.xlsx")]
    sheet = next(b[label("sheet.sources")] for b in books if label("sheet.sources") in b.sheetnames)
    listed = {row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row and row[1]}
    assert set(sources) <= listed, set(sources) - listed


def test_a_legacy_font_warning_carries_its_unit_into_the_letter(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    font = ws.inbox / "phong-vntime.xlsx"
    _legacy_font(ws.inbox / "SYT.xlsx", font)
    (ws.inbox / "SYT.xlsx").unlink()
    letters = tmp_path / "thu"
    res = CliRunner().invoke(cli, ["check", "--config", str(DEMO_CONFIG), "--inbox", str(ws.inbox),
                                   "--feedback", str(letters)])
    assert res.exit_code in (0, 3), res.output
    text = (letters / "SYT.txt").read_text(encoding="utf-8")
    assert "phong-vntime.xlsx" in text and ".VnTime" in text, text
    assert "không có lỗi" not in text


def test_a_unit_whose_newest_file_is_unknown_is_told_so_in_its_letter(tmp_path):
    from datetime import datetime

    ws = Workspace(tmp_path)
    ws.submit_all()
    ws.submit("SYT", name="SYT-2.xlsx", received=datetime(2020, 12, 15, 8), level=0.5)
    letters = tmp_path / "thu"
    res = CliRunner().invoke(cli, ["check", "--config", str(DEMO_CONFIG), "--inbox", str(ws.inbox),
                                   "--feedback", str(letters)])
    assert res.exit_code == 3, res.output
    text = (letters / "SYT.txt").read_text(encoding="utf-8")
    assert "không xác định được bảng nào gửi sau cùng" in text
    assert '"SYT-2.xlsx"' in text and "chưa nhận được" not in text


def test_the_docs_say_how_the_newest_file_is_chosen_and_name_every_code():
    from processor.findings import CATALOGUE

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    doc = (REPO / "docs" / "inbox.md").read_text(encoding="utf-8")
    assert "(docs/inbox.md)" in readme
    for code in ("S005", "S006", "S007", "I016", "I017", "I018", "I019", "I020", "I021"):
        assert code in CATALOGUE and code in doc, code
    # the documented order, best first
    order = [doc.index(k) for k in ("Ngày gửi thư", "Thời điểm lưu ghi trong tệp", "Thời gian sửa tệp")]
    assert order == sorted(order)
