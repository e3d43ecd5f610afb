"""A file the tool would replace is open in Excel: Windows refuses the rename, elsewhere Excel's
owner file ``~$name`` tells. Either way a Vietnamese sentence naming the file, exit 4, and the
previous file untouched, for every file the commands write (not only the result workbook)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from processor.cli import cli
from tests.support.workspace import DEMO_CONFIG, Workspace

EXIT_OUTPUT = 4


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    w = Workspace(tmp_path_factory.mktemp("in-use"))
    w.submit_all()
    return w


def windows_replace(monkeypatch, name: str) -> list[str]:
    """``os.replace`` as Windows does it while Excel holds ``name`` open: a sharing violation."""
    real, refused = os.replace, []

    def replace(src, dst, *args, **kw):
        if Path(dst).name == name:
            refused.append(name)
            raise PermissionError(13, "The process cannot access the file because it is being "
                                      "used by another process", str(dst))
        return real(src, dst, *args, **kw)

    monkeypatch.setattr(os, "replace", replace)
    return refused


def consolidate(ws, out):
    return run("consolidate", "--config", DEMO_CONFIG, "--inbox", ws.inbox, "--out", out,
               "--created", "2021-01-04T08:00:00")


def test_verification_form_open_in_excel_owner_file(ws, tmp_path):
    first = consolidate(ws, tmp_path)
    assert first.exit_code == 0, first.output
    form = next(tmp_path.glob("tham-dinh-*.xlsx"))
    before = form.read_bytes()
    (tmp_path / ("~$" + form.name)).write_bytes(b"owner")
    again = consolidate(ws, tmp_path)
    assert again.exit_code == EXIT_OUTPUT
    assert f"Tệp {form} đang được mở trong Excel" in again.output
    assert "tệp cũ được giữ nguyên" in again.output and "Traceback" not in again.output
    assert form.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".thidua-")]   # no temp left


@pytest.mark.parametrize("which", ["tham-dinh-bk-vhxh-2020.xlsx", "ket-qua-thi-dua-bk-vhxh-2020.xlsx"])
def test_windows_refusing_the_rename(ws, tmp_path, monkeypatch, which):
    first = consolidate(ws, tmp_path)
    assert first.exit_code == 0, first.output
    before = (tmp_path / which).read_bytes()
    refused = windows_replace(monkeypatch, which)
    again = consolidate(ws, tmp_path)
    assert refused == [which]
    assert again.exit_code == EXIT_OUTPUT
    assert "Không thay được tệp" in again.output and which in again.output
    assert "đóng tệp rồi chạy lại" in again.output and "Traceback" not in again.output
    assert (tmp_path / which).read_bytes() == before


def test_template_open_in_excel(tmp_path, monkeypatch):
    out = tmp_path / "Mẫu gửi"
    assert run("templates", "--config", DEMO_CONFIG, "--out", out).exit_code == 0
    name = "mau-tu-cham-2020-SYT.xlsx"
    before = (out / name).read_bytes()
    windows_replace(monkeypatch, name)
    again = run("templates", "--config", DEMO_CONFIG, "--out", out)
    assert again.exit_code == EXIT_OUTPUT
    assert f"Không thay được tệp {out / name}" in again.output
    assert (out / name).read_bytes() == before


def test_feedback_letter_open(ws, tmp_path):
    letters = tmp_path / "thư trả lời"
    done = run("check", "--config", DEMO_CONFIG, "--inbox", ws.inbox, "--feedback", letters)
    assert done.exit_code == 0, done.output
    (letters / ".~lock.SYT.txt#").write_text("owner")
    again = run("check", "--config", DEMO_CONFIG, "--inbox", ws.inbox, "--feedback", letters)
    assert again.exit_code == EXIT_OUTPUT
    assert f"Tệp {letters / 'SYT.txt'} đang được mở" in again.output
