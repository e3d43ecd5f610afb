"""thidua consolidate and check under faults, through the real command line: publishing is one
transaction in outcome (exit 4 changes nothing: no history row, no output replaced, no part
left), every fault is a Vietnamese sentence with a documented exit code (never 1, never a
traceback), a kill -9 leaves nothing stale after the next run, two runs on one OUT do not mix."""
from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parents[1]))
from support.lockholder import hold  # noqa: E402
from support.tmpfs import tmpfs  # noqa: E402

from processor.cli import CONSOLIDATE_LOCK, cli  # noqa: E402
from processor.report.atomic import PART_PREFIX  # noqa: E402
from tests.support.workspace import DEMO_CONFIG, Workspace  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIRST, SECOND = "2021-01-04T08:00:00", "2021-02-01T09:30:00"
HISTORY = "lich-su.sqlite"


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    ws = Workspace(tmp_path_factory.mktemp("ws"))
    ws.submit_all()
    return ws.inbox


def run(*args, **kw):
    res = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)
    assert "Traceback" not in res.output and "Logging error" not in res.output, res.output
    return res


def consolidate(inbox: Path, out: Path, created: str = FIRST, *extra):
    return run("consolidate", "--config", DEMO_CONFIG, "--inbox", inbox, "--out", out,
               "--json", out / "ket-qua.json", "--created", created, *extra)


def process(*args, module: str = "processor") -> list[str]:
    return [sys.executable, "-m", module, *[str(a) for a in args]]


def popen(args: list[str], env: dict | None = None) -> subprocess.Popen:
    full = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.Popen(args, cwd=ROOT, env=full, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def snapshot(*folders: Path) -> dict[str, str]:
    """{name: sha256} of every output in ``folders``: not the log, the lock file, our parts or
    SQLite's rollback journal (which the next opening of the database plays back)."""
    return {f"{p.parent.name}/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in folders for p in sorted(folder.iterdir())
            if p.is_file() and p.name not in ("thidua.log", CONSOLIDATE_LOCK)
            and not p.name.startswith(PART_PREFIX) and not p.name.endswith("-journal")}


def parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((PART_PREFIX, ".~thidua")))


def reviews(db: Path) -> list[tuple]:
    """What the history holds, as the next run sees it (a hot journal rolled back)."""
    assert db.exists()
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT year, status, created FROM reviews ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture
def published(inbox, tmp_path) -> Path:
    """An OUT holding a first, final result (workbook, JSON, verification sheet, history)."""
    out = tmp_path / "out"
    res = consolidate(inbox, out)
    assert res.exit_code == 0, res.output
    names = set(snapshot(out))
    assert {"out/ket-qua.json", f"out/{HISTORY}"} <= names and len(names) == 4, names
    assert reviews(out / HISTORY) == [(2020, "final", FIRST)]
    return out


def assert_unchanged(out: Path, before: dict[str, str]) -> None:
    assert snapshot(out) == before
    assert reviews(out / HISTORY) == [(2020, "final", FIRST)]
    assert parts(out) == []


# --- one transaction in outcome -----------------------------------------------------------

def test_an_open_result_workbook_changes_nothing(inbox, published):
    """Excel holds the previous result open (its ~$ lock file): exit 4, and neither the history
    nor the verification sheet nor the JSON is rewritten."""
    before = snapshot(published)
    workbook = next(published.glob("ket-qua-*.xlsx"))
    (published / f"~${workbook.name}").write_bytes(b"owner")
    res = consolidate(inbox, published, SECOND)
    assert res.exit_code == 4, res.output
    assert "đang được mở trong Excel" in res.output
    (published / f"~${workbook.name}").unlink()
    assert_unchanged(published, before)


def test_a_failing_json_writer_changes_nothing(inbox, published, monkeypatch):
    """The disk fills while the JSON is written (after the workbook and verification parts):
    exit 4 with a Vietnamese sentence, every earlier part discarded, the history unchanged."""
    from processor.report import publish

    def full(result, path, lang):
        Path(path).write_text('{"half": ', encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(publish, "write_json", full)
    before = snapshot(published)
    res = consolidate(inbox, published, SECOND)
    assert res.exit_code == 4, res.output
    assert "ổ đĩa đã đầy" in res.output and "lịch sử của Khối không thay đổi" in res.output
    assert_unchanged(published, before)


def test_a_history_that_cannot_commit_puts_the_old_files_back(inbox, published, monkeypatch):
    """The workbook, JSON and verification sheet are already renamed into place when the
    history's commit fails (disk full): the previous files come back, exit 4."""
    from processor.history import store

    @contextmanager
    def no_commit(self):
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")
        raise sqlite3.OperationalError("database or disk is full")

    from processor.report import atomic

    installed = []
    real = atomic.OutputSet.install

    def install(self):
        real(self)
        installed.append(snapshot(published))

    monkeypatch.setattr(store.History, "_transaction", no_commit)
    monkeypatch.setattr(atomic.OutputSet, "install", install)
    before = snapshot(published)
    res = consolidate(inbox, published, SECOND)
    assert res.exit_code == 4, res.output
    assert "tệp lịch sử" in res.output and "ổ đĩa đầy" in res.output
    assert len(installed) == 1 and installed[0] != before        # the new files were in place
    assert_unchanged(published, before)


def test_a_first_run_that_fails_leaves_no_file(inbox, tmp_path, monkeypatch):
    """Nothing was there before: a failed publish removes what it had renamed into place."""
    from processor.history import store

    def refused(self, *a, **kw):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store.History, "_insert_outcomes", refused)
    out = tmp_path / "out"
    res = consolidate(inbox, out)
    assert res.exit_code == 4, res.output
    assert "chỉ cho phép đọc" in res.output
    assert snapshot(out) == {} and not (out / HISTORY).exists() and parts(out) == []


def test_a_json_path_too_long_changes_nothing(inbox, published):
    before = snapshot(published)
    res = run("consolidate", "--config", DEMO_CONFIG, "--inbox", inbox, "--out", published,
              "--json", published / ("j" * 300 + ".json"), "--created", SECOND)
    assert res.exit_code == 4, res.output
    assert "đường dẫn quá dài" in res.output
    assert_unchanged(published, before)


def test_an_out_path_too_long_or_under_a_file(inbox, tmp_path):
    res = consolidate(inbox, tmp_path / ("o" * 300))
    assert res.exit_code == 4 and "đường dẫn quá dài" in res.output, res.output
    (tmp_path / "tep").write_text("x")
    res = consolidate(inbox, tmp_path / "tep" / "out")
    assert res.exit_code == 4 and "Không ghi được vào thư mục kết quả" in res.output, res.output


def test_feedback_and_templates_into_a_folder_that_cannot_be(inbox, tmp_path):
    (tmp_path / "tep").write_text("x")
    res = run("check", "--config", DEMO_CONFIG, "--inbox", inbox, "--feedback", tmp_path / "tep" / "thu")
    assert res.exit_code == 4 and "Không ghi được vào thư mục kết quả" in res.output, res.output
    res = run("templates", "--config", DEMO_CONFIG, "--out", tmp_path / "tep" / "mau")
    assert res.exit_code == 4 and "Không ghi được vào thư mục kết quả" in res.output, res.output


def test_a_provisional_run_that_fails_creates_no_history(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit("SYT")
    out = tmp_path / "out"
    (out / "ket-qua-thi-dua-bk-vhxh-2020.xlsx").mkdir(parents=True)      # a folder in the way
    res = run("consolidate", "--config", DEMO_CONFIG, "--inbox", ws.inbox, "--out", out)
    assert res.exit_code == 4 and "là một thư mục" in res.output, res.output
    assert not (out / HISTORY).exists() and parts(out) == []


def test_a_read_only_history_database_is_exit_4(inbox, published, monkeypatch):
    """Without a mount: the history database opened read-only, as SQLite does for a file it may
    not write. The outputs stay as they were."""
    from processor.history import schema

    real = sqlite3.connect

    def read_only(path, **kw):
        return real(f"file:{path}?mode=ro", uri=True, **kw)

    monkeypatch.setattr(schema.sqlite3, "connect", read_only)
    before = snapshot(published)
    res = consolidate(inbox, published, SECOND)
    monkeypatch.undo()
    assert res.exit_code == 4, res.output
    assert "Không ghi được vào tệp lịch sử" in res.output and "chỉ cho phép đọc" in res.output
    assert_unchanged(published, before)


# --- real file systems: a full disk, a read-only OUT, a read-only history -----------------

def test_a_real_full_disk(inbox, tmp_path):
    with tmpfs(tmp_path / "disk", "1m") as disk:
        out = disk.path / "out"
        assert consolidate(inbox, out).exit_code == 0
        before = snapshot(out)
        with open(disk.path / "filler", "wb", buffering=0) as fh:
            try:
                while True:
                    fh.write(b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        res = consolidate(inbox, out, SECOND)
        assert res.exit_code == 4, res.output
        assert "ổ đĩa" in res.output and "đầy" in res.output     # the history's or an output's
        assert_unchanged(out, before)
        (disk.path / "filler").unlink()
        res = consolidate(inbox, out, SECOND)
        assert res.exit_code == 0, res.output
        assert [r[1:] for r in reviews(out / HISTORY)] == [("superseded", FIRST), ("final", SECOND)]
        assert parts(out) == []


def test_a_real_read_only_out_and_history(inbox, tmp_path):
    with tmpfs(tmp_path / "disk", "2m") as disk:
        out, db = disk.path / "out", disk.path / "lich-su.sqlite"
        assert consolidate(inbox, out, FIRST, "--history-db", db).exit_code == 0
        elsewhere = tmp_path / "elsewhere"
        assert consolidate(inbox, elsewhere, FIRST, "--history-db", db).exit_code == 0
        before, db_before = snapshot(elsewhere), db.read_bytes()
        disk.remount("ro")
        res = consolidate(inbox, out, SECOND, "--history-db", db)
        assert res.exit_code == 4 and "chỉ cho phép đọc" in res.output, res.output
        res = consolidate(inbox, disk.path / "moi", SECOND)             # a missing OUT
        assert res.exit_code == 4 and "chỉ cho phép đọc" in res.output, res.output
        res = consolidate(inbox, elsewhere, SECOND, "--history-db", db)  # the history is read-only
        assert res.exit_code == 4 and "tệp lịch sử" in res.output, res.output
        assert snapshot(elsewhere) == before and db.read_bytes() == db_before
        assert parts(elsewhere) == []


# --- the log -------------------------------------------------------------------------------

@pytest.fixture
def reader_bug(monkeypatch):
    """One inbox file whose reading raises an error of ours (F003, logged with its traceback)."""
    import processor.intake.one_file as intake   # where read_one calls it

    real = intake.read_submission

    def read(source, block, data=None):
        if source.file.startswith("SYT"):
            raise RuntimeError("a bug of ours")
        return real(source, block, data)

    monkeypatch.setattr(intake, "read_submission", read)


def test_a_log_that_cannot_be_opened_warns_and_the_run_goes_on(inbox, tmp_path, reader_bug):
    out = tmp_path / "out"
    (out / "thidua.log").mkdir(parents=True)
    res = consolidate(inbox, out)
    assert res.exit_code == 3, res.output                    # SYT not scored: provisional
    assert "Cảnh báo: không ghi được nhật ký" in res.output
    data = json.loads((out / "ket-qua.json").read_text(encoding="utf-8"))
    assert "F003" in {f["code"] for f in data["findings"]}


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_log_whose_writes_fail_warns_once(inbox, tmp_path, monkeypatch):
    """Every write to the log fails (/dev/full: ENOSPC) as an error of ours is logged: one
    warning, the error's one sentence, no "Logging error" traceback."""
    from processor import pipeline

    def bug(*a, **kw):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "consolidate", bug)
    out = tmp_path / "out"
    out.mkdir()
    (out / "thidua.log").symlink_to("/dev/full")
    res = consolidate(inbox, out)
    assert res.exit_code == 1, res.output
    assert res.output.count("Cảnh báo: không ghi được nhật ký") == 1, res.output
    assert "Lỗi không mong đợi (ZeroDivisionError" in res.output


def test_check_on_a_file_that_ends_in_an_error_of_ours(inbox, reader_bug, tmp_path, monkeypatch):
    """thidua check: the F003 finding names a log that holds the traceback; the terminal holds
    none; exit 3 (an error in the inbox), never 1."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    res = run("check", "--config", DEMO_CONFIG, "--inbox", inbox)
    assert res.exit_code == 3, res.output
    log = tmp_path / "thidua-check.log"
    assert "F003" in res.output and str(log) in res.output
    assert "RuntimeError: a bug of ours" in log.read_text(encoding="utf-8")


def test_an_error_of_ours_is_exit_1_with_one_sentence(inbox, tmp_path, monkeypatch):
    from processor import pipeline

    def bug(*a, **kw):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "consolidate", bug)
    out = tmp_path / "out"
    res = consolidate(inbox, out)
    assert res.exit_code == 1 and "Lỗi không mong đợi (ZeroDivisionError" in res.output
    assert "ZeroDivisionError" in (out / "thidua.log").read_text(encoding="utf-8")
    assert snapshot(out) == {}


# --- kill -9 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["mid-workbook", "before-install", "mid-install"])
def test_killed_while_publishing_then_the_next_run_cleans_up(inbox, published, tmp_path, mode):
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    before = snapshot(published)
    proc = popen(process(mode, "consolidate", "--config", DEMO_CONFIG, "--inbox", inbox,
                         "--out", published, "--json", published / "ket-qua.json",
                         "--created", SECOND, module="tests.support.publish_killpoint"),
                 env={"TMPDIR": str(system_tmp)})
    proc.communicate(timeout=300)
    assert proc.returncode == -9, proc.returncode
    assert parts(published), "the kill came before any part was written"
    assert list(system_tmp.iterdir()) == []                # XlsxWriter's files were in OUT
    # whole files only: each one is the old or the new version, and the history is the old one
    now = snapshot(published)
    assert now.keys() == before.keys()
    assert reviews(published / HISTORY) == [(2020, "final", FIRST)]
    for name in now:
        if name.endswith(".xlsx"):
            zipfile.ZipFile(published / name.split("/", 1)[1]).testzip()
    json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))
    res = consolidate(inbox, published, SECOND)
    assert res.exit_code == 0, res.output
    assert parts(published) == []
    assert [r[1:] for r in reviews(published / HISTORY)] == [("superseded", FIRST), ("final", SECOND)]


def test_killed_in_a_first_run_leaves_no_history(inbox, tmp_path):
    """A first year's new history database is one more part: killed before the renames, the
    folder has no history and no result; the next run cleans up and records the year once."""
    out = tmp_path / "out"
    proc = popen(process("before-install", "consolidate", "--config", DEMO_CONFIG, "--inbox", inbox,
                         "--out", out, "--created", FIRST, module="tests.support.publish_killpoint"))
    proc.communicate(timeout=300)
    assert proc.returncode == -9, proc.returncode
    assert snapshot(out) == {} and any(p.endswith(".sqlite") for p in parts(out)), parts(out)
    assert consolidate(inbox, out).exit_code == 0
    assert reviews(out / HISTORY) == [(2020, "final", FIRST)] and parts(out) == []


# --- two runs on one OUT -------------------------------------------------------------------

def test_a_second_run_waits_then_says_another_run_is_in_progress(inbox, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=hold, args=(str(out / CONSOLIDATE_LOCK), ready, release))
    holder.start()
    try:
        assert ready.wait(60), "the holder did not take the lock"
        start = time.monotonic()
        proc = subprocess.run(process("consolidate", "--config", DEMO_CONFIG, "--inbox", inbox,
                                      "--out", out, "--wait", "0.5"),
                              cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
        took = time.monotonic() - start
    finally:
        release.set()
        holder.join(60)
    assert proc.returncode == 5, proc.stderr
    assert "Một lần chạy thidua consolidate khác đang dùng thư mục" in proc.stderr
    assert "Đang có một lần chạy thidua consolidate khác" in proc.stderr
    assert "Traceback" not in proc.stderr and took >= 0.5
    assert snapshot(out) == {} and not (out / "thidua.log").exists()


def test_two_runs_at_once_do_not_mix(inbox, tmp_path):
    """Two real processes with different --created into one OUT: both finish (one waits for the
    other), and the workbook, the JSON and the history's last year are from the same run."""
    for trial in range(3):
        out = tmp_path / f"out{trial}"
        procs = [popen(process("consolidate", "--config", DEMO_CONFIG, "--inbox", inbox,
                               "--out", out, "--json", out / "ket-qua.json", "--created", created,
                               "--wait", "120"))
                 for created in (FIRST, SECOND)]
        outs = [p.communicate(timeout=300) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], [o[1].decode() for o in outs]
        data = json.loads((out / "ket-qua.json").read_text(encoding="utf-8"))
        workbook = next(out.glob("ket-qua-*.xlsx"))
        core = zipfile.ZipFile(workbook).read("docProps/core.xml").decode()
        created = data["created"][:19]
        assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}Z" in core, (created, core)
        assert [r[1] for r in reviews(out / HISTORY)] == ["superseded", "final"]
        assert reviews(out / HISTORY)[-1][2] == created
        assert parts(out) == []
        if any("chờ tối đa" in o[1].decode() for o in outs):
            return                  # the runs did overlap: the lock, not luck, kept them apart
    pytest.fail("the two runs never overlapped in three trials")


# --- documentation -------------------------------------------------------------------------

def test_every_exit_code_is_in_the_one_table_and_the_faults_are_documented():
    import re

    from processor import cli as cli_module
    from processor.locks import EXIT_BUSY

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Mã thoát (exit codes)", 1)[1].split("###", 1)[0]
    documented = {int(c) for c in re.findall(r"^\| (\d+) \|", table, flags=re.M)}
    codes = {v for k, v in vars(cli_module).items() if k.startswith("EXIT_")} | {EXIT_BUSY}
    assert codes == documented == {0, 1, 2, 3, 4, 5, 130}
    doc = (ROOT / "docs" / "faults.md").read_text(encoding="utf-8")
    vi, en = doc.split("\n---\n", 1)
    for text in (vi, en):
        for name in ("--wait", CONSOLIDATE_LOCK, PART_PREFIX, "thidua-check.log", "exit" if text is en else "mã thoát 4"):
            assert name in text, name
    help_text = " ".join(run("consolidate", "--help").output.split())
    assert "5 một lần tổng hợp khác" in help_text and "--wait" in help_text
