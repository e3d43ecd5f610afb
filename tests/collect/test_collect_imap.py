"""thidua collect against a real Dovecot server on loopback (IMAPS and IMAP+STARTTLS)."""
from __future__ import annotations

import hashlib
import os
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parents[1]))
from support.imap_server import (PASSWORD_UTF8, USER_UTF8, free_port, imap_server,  # noqa: E402,F401
                                 plain_only_server)
from support.inboxcheck import check_inbox, popen  # noqa: E402
from support.inboxcheck import cli as inbox_cli  # noqa: E402
from support.mailfactory import VN, XLSX_MIME, forward, message, with_bad_bytes, xlsx, zip_of  # noqa: E402

from processor.cli.collect import collect as collect_cmd  # noqa: E402
from processor.collect import AuthError, ConnectError, collect, read_manifest  # noqa: E402
from processor.collect.imap import encode_folder, parse_imap_url  # noqa: E402
from processor.collect.manifest import MANIFEST_NAME  # noqa: E402

NAME = "Bảng tự chấm điểm - Sở Y tế.xlsx"


@pytest.fixture(autouse=True)
def _no_env_password(monkeypatch):
    monkeypatch.delenv("THIDUA_IMAP_PASSWORD", raising=False)
    monkeypatch.delenv("THIDUA_IMAP_CAFILE", raising=False)


def mails(tag: str) -> list[bytes]:
    inner = message(sender="Trường Cao đẳng <cd@cd.edu.vn>", subject=f"Bảng điểm CĐ {tag}",
                    attachments=[(f"CD-{tag}.xlsx", xlsx(f"CD{tag}"), XLSX_MIME)])
    return [
        message(attachments=[(NAME, xlsx(f"SYT{tag}"), XLSX_MIME)],
                message_id=f"<syt-{tag}@syt.gov.vn>").as_bytes(),
        message(sender="Đài PT-TH <dai@ptth.vn>", subject="Hồ sơ nén",
                attachments=[("hồ sơ.zip", zip_of({"Đài.xlsx": xlsx(f"DAI{tag}"),
                                                    "Phụ lục.xlsx": xlsx(f"PL{tag}")}),
                              "application/zip")]).as_bytes(),
        forward(inner).as_bytes(),
        message(subject="Cũ", date=datetime(2023, 12, 1, 8, 0, tzinfo=VN),
                attachments=[("cu.xlsx", xlsx(f"OLD{tag}"), XLSX_MIME)]).as_bytes(),
    ]


def cli(args, env=None, input=None):
    result = CliRunner().invoke(collect_cmd, args, env=env or {}, input=input)
    assert "Traceback" not in result.output
    return result


@pytest.mark.imap
def test_collect_over_imaps(imap_server, tmp_path: Path):
    imap_server.append("Imaps", *mails("A"))
    inbox = tmp_path / "inbox"
    report = collect(imap_server.url("Imaps"), inbox, password=imap_server.password,
                     cafile=imap_server.cafile)
    assert report.messages == 4
    files = sorted(e.file for e in report.saved)
    assert files == sorted([NAME, "Đài.xlsx", "Phụ lục.xlsx", "CD-A.xlsx", "cu.xlsx"])
    manifest = read_manifest(inbox)
    e = manifest[NAME]
    assert e.sender == "vanthu@syt.gov.vn" and e.message_id == "<syt-A@syt.gov.vn>"
    assert e.date == datetime(2024, 11, 20, 9, 15, tzinfo=VN)
    assert e.source.startswith(f"imaps://{imap_server.user}@127.0.0.1:{imap_server.imaps_port}/Imaps;UID=")
    assert imap_server.password not in (inbox / MANIFEST_NAME).read_text(encoding="utf-8-sig")
    # twice: nothing saved twice, manifest unchanged
    before = (inbox / MANIFEST_NAME).read_bytes()
    again = collect(imap_server.url("Imaps"), inbox, password=imap_server.password,
                    cafile=imap_server.cafile)
    assert again.saved == [] and len(again.duplicates) == 5
    assert (inbox / MANIFEST_NAME).read_bytes() == before
    # the folder was opened read-only: nothing marked as read
    conn = imap_server.connect()
    try:
        conn.select("Imaps", readonly=True)
        typ, data = conn.fetch("1:*", "(FLAGS)")
        assert typ == "OK" and not any(b"\\Seen" in d for d in data)
    finally:
        conn.logout()


@pytest.mark.imap
def test_collect_over_starttls_with_cli_and_since(imap_server, tmp_path: Path):
    imap_server.append("Starttls", *mails("B"))
    inbox = tmp_path / "inbox"
    env = {"THIDUA_IMAP_PASSWORD": imap_server.password, "THIDUA_IMAP_CAFILE": imap_server.cafile}
    result = cli([imap_server.url("Starttls", starttls=True), "--to", str(inbox),
                  "--since", "2024-11-01"], env=env)
    assert result.exit_code == 0, result.output
    assert "Đã đọc 4 thư" in result.output and "Đã lưu 4 tệp" in result.output
    assert "Bỏ qua 1 thư gửi trước ngày 2024-11-01" in result.output
    assert imap_server.password not in result.output
    assert not (inbox / "cu.xlsx").exists() and (inbox / "CD-B.xlsx").exists()
    assert read_manifest(inbox)["CD-B.xlsx"].source.startswith("imap://")


@pytest.mark.imap
def test_prompted_password_and_cafile_option(imap_server, tmp_path: Path):
    imap_server.append("Prompt", mails("C")[0])
    result = cli([imap_server.url("Prompt"), "--to", str(tmp_path / "in"),
                  "--cafile", imap_server.cafile], input=imap_server.password + "\n")
    assert result.exit_code == 0, result.output
    assert "Mật khẩu hộp thư" in result.output and imap_server.password not in result.output
    assert (tmp_path / "in" / NAME).exists()


@pytest.mark.imap
def test_utf8_password_and_vietnamese_folder(imap_server, tmp_path: Path):
    conn = imap_server.connect()
    try:
        assert conn.create(encode_folder("Thi đua 2024"))[0] == "OK"
        conn.append(encode_folder("Thi đua 2024"), None, None, mails("D")[0])
    finally:
        conn.logout()
    report = collect(imap_server.url("Thi%20%C4%91ua%202024"), tmp_path / "in",
                     password=imap_server.password, cafile=imap_server.cafile)
    assert [e.file for e in report.saved] == [NAME]
    url = f"imaps://{USER_UTF8}@127.0.0.1:{imap_server.imaps_port}/INBOX"
    report = collect(url, tmp_path / "in2", password=PASSWORD_UTF8, cafile=imap_server.cafile)
    assert report.messages == 0


@pytest.mark.imap
@pytest.mark.parametrize("starttls", [False, True])
def test_wrong_password(imap_server, tmp_path: Path, starttls: bool):
    wrong = "sai-mat-khau-XYZ"
    result = cli([imap_server.url("INBOX", starttls=starttls), "--to", str(tmp_path / "in")],
                 env={"THIDUA_IMAP_PASSWORD": wrong, "THIDUA_IMAP_CAFILE": imap_server.cafile})
    assert result.exit_code == 2
    assert "Sai tên đăng nhập hoặc mật khẩu IMAP" in result.output
    assert wrong not in result.output
    with pytest.raises(AuthError) as err:
        collect(imap_server.url("INBOX", starttls=starttls), tmp_path / "in", password=wrong,
                cafile=imap_server.cafile)
    assert wrong not in str(err.value) and wrong not in err.value.message("en")


@pytest.mark.imap
def test_untrusted_certificate_and_insecure(imap_server, tmp_path: Path):
    env = {"THIDUA_IMAP_PASSWORD": imap_server.password}
    result = cli([imap_server.url("INBOX"), "--to", str(tmp_path / "in")], env=env)
    assert result.exit_code == 2
    assert "không được tin cậy" in result.output and "--cafile" in result.output
    result = cli([imap_server.url("INBOX"), "--to", str(tmp_path / "in"), "--insecure"], env=env)
    assert result.exit_code == 0, result.output


@pytest.mark.imap
def test_missing_folder_and_tls_on_plain_port(imap_server, tmp_path: Path):
    env = {"THIDUA_IMAP_PASSWORD": imap_server.password, "THIDUA_IMAP_CAFILE": imap_server.cafile}
    result = cli([imap_server.url("KhongCo"), "--to", str(tmp_path / "in")], env=env)
    assert result.exit_code == 2 and "Không mở được thư mục 'KhongCo'" in result.output
    wrong_port = f"imaps://{imap_server.user}@127.0.0.1:{imap_server.imap_port}/INBOX"
    result = cli([wrong_port, "--to", str(tmp_path / "in")], env=env)
    assert result.exit_code == 2 and "kết nối mã hóa (TLS)" in result.output
    assert imap_server.password not in result.output


def test_unreachable_server(tmp_path: Path):
    port = free_port()  # nothing listens there
    for scheme in ("imaps", "imap"):
        result = cli([f"{scheme}://thuky@127.0.0.1:{port}/INBOX", "--to", str(tmp_path / "in")],
                     env={"THIDUA_IMAP_PASSWORD": "pw-unreachable"})
        assert result.exit_code == 2, result.output
        assert f"Không kết nối được tới máy chủ thư 127.0.0.1:{port}" in result.output
        assert "pw-unreachable" not in result.output
    with pytest.raises(ConnectError):
        collect(f"imaps://thuky@127.0.0.1:{port}/INBOX", tmp_path / "in", password="x")
    result = cli(["imaps://thuky@khong-ton-tai.invalid/INBOX", "--to", str(tmp_path / "in")],
                 env={"THIDUA_IMAP_PASSWORD": "x"})
    assert result.exit_code == 2 and "Không tìm thấy máy chủ thư" in result.output


def test_refuses_login_without_starttls(tmp_path: Path):
    with plain_only_server() as (port, lines):
        result = cli([f"imap://thuky@127.0.0.1:{port}/INBOX", "--to", str(tmp_path / "in")],
                     env={"THIDUA_IMAP_PASSWORD": "never-sent-in-clear"})
    assert result.exit_code == 2
    assert "không hỗ trợ STARTTLS" in result.output
    sent = b"\n".join(lines)
    assert b"never-sent-in-clear" not in sent and b"LOGIN" not in sent.upper().replace(b"LOGOUT", b"")


def test_no_password_without_terminal(tmp_path: Path):
    result = cli(["imaps://thuky@127.0.0.1:1/INBOX", "--to", str(tmp_path / "in")], input="")
    assert result.exit_code == 2 and "THIDUA_IMAP_PASSWORD" in result.output


def test_parse_imap_url():
    u = parse_imap_url("imaps://thuky%40khoi.gov.vn@mail.khoi.gov.vn/Thi%20%C4%91ua")
    assert (u.user, u.host, u.port, u.folder) == ("thuky@khoi.gov.vn", "mail.khoi.gov.vn", 993, "Thi đua")
    u = parse_imap_url("imap://thuky@khoi.gov.vn@mail.khoi.gov.vn:1143")
    assert (u.user, u.port, u.folder, u.tls) == ("thuky@khoi.gov.vn", 1143, "INBOX", "starttls")
    assert encode_folder("Thi đua & Khen") == '"Thi &ARE-ua &- Khen"'


@pytest.mark.imap
def test_bytes_not_utf8_over_imap(imap_server, tmp_path: Path):
    """0xFF in From:, Subject: and a file name, stored as is by Dovecot: read leniently, reported
    naming the message, and the next message is still read."""
    good = message(sender="Sở Nội vụ <snv@snv.gov.vn>", attachments=[("SNV.xlsx", xlsx("SNV-I"), XLSX_MIME)])
    imap_server.append("Bytes", with_bad_bytes("IMAPBAD"), good.as_bytes())
    inbox = tmp_path / "inbox"
    env = {"THIDUA_IMAP_PASSWORD": imap_server.password, "THIDUA_IMAP_CAFILE": imap_server.cafile}
    result = cli([imap_server.url("Bytes"), "--to", str(inbox)], env=env)
    assert result.exit_code == 0, result.output
    assert "Đã đọc 2 thư" in result.output and "Đã lưu 2 tệp" in result.output
    lines = [line for line in result.output.splitlines() if "[C009]" in line or "[C010]" in line]
    assert len(lines) == 3 and all(";UID=" in line for line in lines), lines
    assert "dòng From" in result.output and "dòng Subject" in result.output
    row = read_manifest(inbox)["B\ufffdng điểm.xlsx"]
    assert row.sender_name == "S\ufffd Y t\ufffd" and row.sha256 == check_inbox(inbox)["B\ufffdng điểm.xlsx"]


@pytest.mark.imap
def test_rerun_after_kill_over_imap(imap_server, tmp_path: Path):
    n = 120
    raws = [message(subject=f"Bảng {i}", attachments=[(f"imap-{i}.xlsx", xlsx(f"IK{i}"), XLSX_MIME)]).as_bytes()
            for i in range(n)]
    imap_server.append("Killed", *raws, raws[0])
    inbox = tmp_path / "inbox"
    env = {"THIDUA_IMAP_PASSWORD": imap_server.password, "THIDUA_IMAP_CAFILE": imap_server.cafile}
    proc = popen(inbox_cli(imap_server.url("Killed"), "--to", str(inbox)), env=env)
    end = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < end:
        if inbox.exists() and any(f.startswith("imap-") for f in os.listdir(inbox)):
            break
        time.sleep(0.001)
    proc.kill()
    proc.communicate()
    assert proc.returncode != 0, "the run ended before it could be killed"
    before = [f for f in os.listdir(inbox) if f.startswith("imap-")]
    assert 0 < len(before) < n
    result = cli([imap_server.url("Killed"), "--to", str(inbox)], env=env)
    assert result.exit_code == 0, result.output
    shas = check_inbox(inbox)
    assert len(shas) == n and set(before) <= set(shas)
    assert set(shas.values()) == {hashlib.sha256(xlsx(f"IK{i}")).hexdigest() for i in range(n)}
