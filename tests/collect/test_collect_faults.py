"""thidua collect under faults, with real processes and real file systems: killed mid-run (kill -9),
two runs at once into one inbox, a lock left by a dead run, a full disk, a read-only inbox."""
from __future__ import annotations

import errno
import hashlib
import mailbox
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parents[1]))
from support.inboxcheck import check_inbox, cli, popen, saved_files  # noqa: E402
from support.lockholder import hold  # noqa: E402
from support.mailfactory import XLSX_MIME, message, padded_xlsx, xlsx  # noqa: E402
from support.tmpfs import tmpfs  # noqa: E402

from processor.cli.collect import collect as collect_cmd  # noqa: E402
from processor.collect import LOCK_NAME, MANIFEST_NAME, read_manifest  # noqa: E402


def mails(n: int, tag: str = "") -> list[bytes]:
    """``n`` messages with one distinct workbook each, then the first one sent again."""
    out = [message(subject=f"Bảng điểm {i}", message_id=f"<{tag}{i}@khoi.vn>",
                   attachments=[(f"bang-{i}.xlsx", xlsx(f"{tag}U{i}"), XLSX_MIME)]).as_bytes()
           for i in range(n)]
    return out + [out[0]]


def expected(n: int, tag: str = "") -> set[str]:
    return {hashlib.sha256(xlsx(f"{tag}U{i}")).hexdigest() for i in range(n)}


def source(kind: str, tmp_path: Path, raws: list[bytes]) -> Path:
    if kind == "eml":
        path = tmp_path / "mail"
        path.mkdir()
        for i, raw in enumerate(raws):
            (path / f"{i:04d}.eml").write_bytes(raw)
    elif kind == "mbox":
        path = tmp_path / "thu.mbox"
        box = mailbox.mbox(path)
        for raw in raws:
            box.add(raw)
        box.close()
    else:
        path = tmp_path / "Maildir"
        box = mailbox.Maildir(path)
        for raw in raws:
            box.add(raw)
    return path


def run(*args: str):
    result = CliRunner().invoke(collect_cmd, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def kill_after_first_file(proc: subprocess.Popen, inbox: Path, timeout: float = 60) -> None:
    """kill -9 ``proc`` as soon as a first saved file is in ``inbox``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        try:
            if any(not n.startswith((".", "_thidua")) for n in os.listdir(inbox)):
                break
        except FileNotFoundError:
            pass
        time.sleep(0.001)
    proc.kill()
    proc.communicate()


# --- killed mid-run -----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["eml", "mbox", "maildir"])
def test_rerun_after_kill_saves_nothing_twice(kind: str, tmp_path: Path):
    n = 150
    src = source(kind, tmp_path, mails(n))
    inbox = tmp_path / "inbox"
    proc = popen(cli(str(src), "--to", str(inbox)))
    kill_after_first_file(proc, inbox)
    assert proc.returncode != 0, "the run ended before it could be killed"
    before = [f for f in saved_files(inbox) if not f.startswith(".")]   # not temporary files
    assert 0 < len(before) < n
    result = run(str(src), "--to", str(inbox))
    assert result.exit_code == 0, result.output
    shas = check_inbox(inbox)
    assert set(shas.values()) == expected(n) and len(shas) == n
    assert set(before) <= set(shas)                       # nothing saved before was lost
    again = run(str(src), "--to", str(inbox))
    assert "Không có tệp mới" in again.output and len(check_inbox(inbox)) == n


@pytest.mark.parametrize("mode, nth", [("after-link", 3), ("mid-row", 2)])
def test_killed_between_file_and_manifest_row(mode: str, nth: int, tmp_path: Path):
    """Killed at the worst moments: the third file saved but not listed, or its row half written.
    The rerun lists that file (C013) instead of saving a copy, and drops the half row."""
    n = 6
    src = source("eml", tmp_path, mails(n))
    inbox = tmp_path / "inbox"
    args = [sys.executable, "-m", "tests.support.killpoint", mode, str(nth), "collect", str(src),
            "--to", str(inbox)]
    proc = popen(args)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    listed = read_manifest(inbox)
    assert sorted(saved_files(inbox)) == ["bang-0.xlsx", "bang-1.xlsx", "bang-2.xlsx"]
    assert sorted(listed) == ["bang-0.xlsx", "bang-1.xlsx"]   # the half row is not read
    if mode == "mid-row":
        assert not (inbox / MANIFEST_NAME).read_bytes().endswith(b"\n")
    result = run(str(src), "--to", str(inbox))
    assert result.exit_code == 0, result.output
    assert "[C013]" in result.output and "Tệp 'bang-2.xlsx' đã có trong thư mục nhận" in result.output
    assert "Đã ghi vào danh sách 1 tệp có sẵn" in result.output
    shas = check_inbox(inbox)
    assert set(shas.values()) == expected(n) and len(shas) == n
    assert read_manifest(inbox)["bang-2.xlsx"].message_id == "<2@khoi.vn>"


# --- two runs at once -----------------------------------------------------------------------------
def test_two_collects_at_once_never_mix(tmp_path: Path):
    """Two real processes into one inbox, 20 times: no content is ever saved twice, every file is
    listed once; the second run waits for the first (before the lock: duplicates in 20 of 20)."""
    n = 30
    src = source("eml", tmp_path, mails(n))
    waited = 0
    for trial in range(20):
        inbox = tmp_path / f"inbox-{trial}"
        procs = [popen(cli(str(src), "--to", str(inbox))) for _ in range(2)]
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outs
        shas = check_inbox(inbox)
        assert set(shas.values()) == expected(n) and len(shas) == n, trial
        stdout = [o[0].decode() for o in outs]
        assert sorted("Đã lưu 30 tệp" in s for s in stdout) == [False, True], stdout
        waited += any("chờ tối đa" in o[1].decode() for o in outs)
    assert waited >= 1   # the runs did overlap: the lock, not luck, kept them apart


def _holder(path: Path):
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=hold, args=(str(path), ready, release))
    proc.start()
    assert ready.wait(60), "the holder did not take the lock"
    return proc, release


def test_busy_inbox_waits_then_says_so(tmp_path: Path):
    src = source("eml", tmp_path, mails(2))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc, release = _holder(inbox / LOCK_NAME)
    try:
        start = time.monotonic()
        result = run(str(src), "--to", str(inbox), "--wait", "0.5")
        assert time.monotonic() - start >= 0.5
        assert result.exit_code == 5
        assert "Một lần chạy collect khác đang ghi vào" in result.output
        assert (f"Đang có một lần chạy thidua collect khác dùng thư mục '{inbox}' "
                f"(tệp khóa {LOCK_NAME}); đã chờ 0,5 giây") in result.output
        assert saved_files(inbox) == [] and not (inbox / MANIFEST_NAME).exists()
        en = run(str(src), "--to", str(inbox), "--wait", "0", "--lang", "en")
        assert en.exit_code == 5 and "Another thidua collect run is using the folder" in en.output
    finally:
        release.set()
        proc.join(30)
    # once the other run is over, the same command goes through
    assert run(str(src), "--to", str(inbox), "--wait", "0").exit_code == 0
    assert len(check_inbox(inbox)) == 2


def test_lock_of_a_killed_run_does_not_block(tmp_path: Path):
    src = source("eml", tmp_path, mails(3))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc, _ = _holder(inbox / LOCK_NAME)
    proc.kill()                                        # kill -9: no release, the file stays
    proc.join(30)
    assert (inbox / LOCK_NAME).exists()
    start = time.monotonic()
    result = run(str(src), "--to", str(inbox), "--wait", "0")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - start < 30
    assert len(check_inbox(inbox)) == 3


def test_killed_collect_leaves_no_lock_and_no_temporary_file(tmp_path: Path):
    src = source("eml", tmp_path, mails(150))
    inbox = tmp_path / "inbox"
    proc = popen(cli(str(src), "--to", str(inbox)))
    kill_after_first_file(proc, inbox)
    (inbox / ".thidua-part-left-by-a-crash").write_bytes(b"half a file")   # as a kill leaves it
    result = run(str(src), "--to", str(inbox), "--wait", "0")
    assert result.exit_code == 0, result.output
    assert not [n for n in os.listdir(inbox) if n.startswith(".")]
    assert len(check_inbox(inbox)) == 150


# --- the inbox cannot be written --------------------------------------------------------------
def test_full_disk(tmp_path: Path):
    """A real full disk (a 512 KiB tmpfs): exit 4 and a Vietnamese sentence, what was saved is
    listed, nothing half-written; with room again the rerun saves the rest, nothing twice."""
    raws = [message(subject=f"Bảng {i}", attachments=[(f"lon-{i}.xlsx", padded_xlsx(f"L{i}", 100_000),
                                                        XLSX_MIME)]).as_bytes() for i in range(10)]
    src = source("eml", tmp_path, raws)
    with tmpfs(tmp_path / "disk", "512k") as disk:
        inbox = disk.path / "inbox"
        result = run(str(src), "--to", str(inbox))
        assert result.exit_code == 4, result.output
        assert "Không ghi được vào thư mục nhận" in result.output and "ổ đĩa đã đầy" in result.output
        assert "chạy lại" in result.output
        first = check_inbox(inbox)
        assert 0 < len(first) < 10
        disk.remount("size=4m")
        again = run(str(src), "--to", str(inbox))
        assert again.exit_code == 0, again.output
        shas = check_inbox(inbox)
        assert len(shas) == 10 and set(first.items()) <= set(shas.items())


def test_read_only_inbox(tmp_path: Path):
    src = source("eml", tmp_path, mails(2))
    with tmpfs(tmp_path / "disk", "1m") as disk:
        (disk.path / "inbox").mkdir()
        disk.remount("ro")
        for inbox in (disk.path / "inbox", disk.path / "new" / "inbox"):
            result = run(str(src), "--to", str(inbox))
            assert result.exit_code == 4, result.output
            assert "Không ghi được vào thư mục nhận" in result.output
            assert "ổ đĩa chỉ cho phép đọc" in result.output
            en = run(str(src), "--to", str(inbox), "--lang", "en")
            assert en.exit_code == 4 and "read-only file system" in en.output


def test_failing_manifest_write_keeps_the_inbox_consistent(tmp_path: Path, monkeypatch):
    """Without a tmpfs: the manifest append fails (disk full) at the third row; the file saved
    for that row is removed again, so no file is left unlisted."""
    from processor.collect import manifest
    src = source("eml", tmp_path, mails(5))
    inbox = tmp_path / "inbox"
    real, calls = manifest._append, [0]

    def failing(path, data):
        calls[0] += 1
        if calls[0] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)
    monkeypatch.setattr(manifest, "_append", failing)
    result = run(str(src), "--to", str(inbox))
    assert result.exit_code == 4 and "ổ đĩa đã đầy" in result.output
    assert saved_files(inbox) == ["bang-0.xlsx", "bang-1.xlsx"]
    check_inbox(inbox)
    monkeypatch.setattr(manifest, "_append", real)
    assert run(str(src), "--to", str(inbox)).exit_code == 0
    assert set(check_inbox(inbox).values()) == expected(5)
