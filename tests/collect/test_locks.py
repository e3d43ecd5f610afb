"""processor.locks: one holder at a time across real processes (spawn), released by death."""
from __future__ import annotations

import errno
import multiprocessing
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from support.lockholder import hold, try_lock  # noqa: E402
from support.tmpfs import tmpfs  # noqa: E402

from processor.locks import EXIT_BUSY, Busy, held  # noqa: E402

SPAWN = multiprocessing.get_context("spawn")


def _start_holder(path: Path):
    ready, release = SPAWN.Event(), SPAWN.Event()
    proc = SPAWN.Process(target=hold, args=(str(path), ready, release))
    proc.start()
    assert ready.wait(60)
    return proc, release


def _try_in_other_process(path: Path, wait: float):
    result = SPAWN.Queue()
    proc = SPAWN.Process(target=try_lock, args=(str(path), wait, result))
    proc.start()
    outcome = result.get(timeout=60)
    proc.join(30)
    return outcome


def test_second_process_waits_then_is_told(tmp_path: Path):
    lock = tmp_path / "out" / "_thidua_consolidate.lock"
    lock.parent.mkdir()
    holder, release = _start_holder(lock)
    try:
        start = time.monotonic()
        kind, messages = _try_in_other_process(lock, 0.4)
        assert kind == "busy" and time.monotonic() - start >= 0.4
        vi, en = messages
        assert vi == (f"Đang có một lần chạy thidua collect khác dùng thư mục '{lock.parent}' (tệp khóa "
                      "_thidua_consolidate.lock); đã chờ 0,4 giây. Chờ lần chạy đó kết thúc rồi chạy lại.")
        assert en.startswith(f"Another thidua collect run is using the folder '{lock.parent}'")
        # in this process too, with the callback saying that it waits
        calls = []
        with pytest.raises(Busy) as err:
            with held(lock, "thidua consolidate", wait=0.1, on_wait=lambda: calls.append(1)):
                pass
        assert calls == [1] and err.value.exit_code == EXIT_BUSY == 5
        assert "thidua consolidate" in err.value.message("vi")
    finally:
        release.set()
        holder.join(30)
    assert _try_in_other_process(lock, 0) == ("held", None)


def test_waiter_gets_the_lock_when_the_holder_finishes(tmp_path: Path):
    lock = tmp_path / "x.lock"
    holder, release = _start_holder(lock)
    result = SPAWN.Queue()
    waiter = SPAWN.Process(target=try_lock, args=(str(lock), 30, result))
    waiter.start()
    time.sleep(0.5)
    assert result.empty()                    # still waiting
    release.set()
    assert result.get(timeout=60) == ("held", None)
    holder.join(30)
    waiter.join(30)


def test_lock_of_a_killed_holder_is_free(tmp_path: Path):
    lock = tmp_path / "x.lock"
    holder, _ = _start_holder(lock)
    holder.kill()                            # SIGKILL: no release, the lock file stays
    holder.join(30)
    assert lock.exists()
    start = time.monotonic()
    assert _try_in_other_process(lock, 0) == ("held", None)
    with held(lock, "test", wait=0):
        pass
    assert time.monotonic() - start < 30


def test_released_on_error_and_reentered(tmp_path: Path):
    lock = tmp_path / "x.lock"
    with pytest.raises(ValueError):
        with held(lock, "test", wait=0):
            raise ValueError
    with held(lock, "test", wait=0) as path:
        assert path == lock
        assert _try_in_other_process(lock, 0)[0] == "busy"
    assert _try_in_other_process(lock, 0)[0] == "held"


def test_read_only_folder_raises_the_os_error(tmp_path: Path):
    with tmpfs(tmp_path / "disk", "64k") as disk:
        disk.remount("ro")
        with pytest.raises(OSError) as err:
            with held(disk.path / "x.lock", "test", wait=0):
                pass
        assert not isinstance(err.value, Busy) and err.value.errno == errno.EROFS
