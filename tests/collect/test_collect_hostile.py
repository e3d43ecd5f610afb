"""thidua collect on mail that is broken or hostile, through the command: bytes that are not UTF-8,
same-named attachments, many small archives, names like our own manifest."""
from __future__ import annotations

import mailbox
import sys
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parents[1]))
from support.inboxcheck import check_inbox, saved_files  # noqa: E402
from support.mailfactory import (XLSX_MIME, message, padded_xlsx, with_bad_bytes, xlsx,  # noqa: E402
                                 zip_of)

from processor.cli.collect import collect as collect_cmd  # noqa: E402
from processor.collect import MANIFEST_NAME, collect, read_manifest  # noqa: E402
from processor.collect.attachments import Limits  # noqa: E402

MiB = 1024**2


def run(*args: str):
    result = CliRunner().invoke(collect_cmd, list(args))
    assert "Traceback" not in result.output and result.exception is None or \
        isinstance(result.exception, SystemExit), result.output
    return result


# --- headers and names that are not UTF-8 ------------------------------------------------------
def _bad_then_good(tmp_path: Path) -> list[bytes]:
    good = message(sender="Sở Nội vụ <snv@snv.gov.vn>", subject="Bảng điểm SNV",
                   attachments=[("SNV.xlsx", xlsx("SNV"), XLSX_MIME)]).as_bytes()
    return [with_bad_bytes("BAD"), good]


def _assert_bad_bytes_reported(result, inbox: Path, origin_part: str) -> None:
    assert result.exit_code == 0, result.output
    out = result.output
    # both messages read: the damaged one and the one after it
    assert "Đã đọc 2 thư" in out and "Đã lưu 2 tệp" in out
    assert "SNV.xlsx" in saved_files(inbox)
    # one finding per damaged header and one for the file name, each naming the message
    assert "[C009]" in out and "dòng From có byte không phải UTF-8" in out
    assert "dòng Subject có byte không phải UTF-8" in out
    assert "[C010]" in out and "B\ufffdng điểm.xlsx" in out
    lines = [line for line in out.splitlines() if "[C009]" in line or "[C010]" in line]
    assert len(lines) == 3 and all(origin_part in line for line in lines), lines
    # the valid UTF-8 around the bad bytes is kept; the manifest reads back
    shas = check_inbox(inbox)
    row = read_manifest(inbox)["B\ufffdng điểm.xlsx"]
    assert row.subject == "B\ufffdng \ufffd điểm" and row.sender_name == "S\ufffd Y t\ufffd"
    assert row.sender == "bad@syt.gov.vn" and row.message_id == "<bad-BAD@syt.gov.vn>"
    assert shas["B\ufffdng điểm.xlsx"] == row.sha256
    assert (inbox / "B\ufffdng điểm.xlsx").read_bytes() == xlsx("BAD")


def test_bytes_not_utf8_in_eml_headers(tmp_path: Path):
    box = tmp_path / "mail"
    box.mkdir()
    for i, raw in enumerate(_bad_then_good(tmp_path)):
        (box / f"{i}.eml").write_bytes(raw)
    inbox = tmp_path / "inbox"
    result = run(str(box), "--to", str(inbox))
    _assert_bad_bytes_reported(result, inbox, str(box / "0.eml"))
    en = run(str(box), "--to", str(tmp_path / "inbox-en"), "--lang", "en")
    assert "the From header has bytes that are not UTF-8" in en.output


def test_bytes_not_utf8_in_mbox_headers(tmp_path: Path):
    path = tmp_path / "Thi đua.mbox"
    box = mailbox.mbox(path)
    for raw in _bad_then_good(tmp_path):
        box.add(raw)
    box.flush()
    box.close()
    inbox = tmp_path / "inbox"
    _assert_bad_bytes_reported(run(str(path), "--to", str(inbox)), inbox, f"mbox:{path}#0")


def test_undecodable_encoded_words_and_forwarded_subject(tmp_path: Path):
    """Damage inside RFC 2047/2231 words (declared UTF-8, bytes not UTF-8) is reported too."""
    inner = message(subject="PLACEINNER", attachments=[("inner.xlsx", xlsx("INNER"), XLSX_MIME)])
    outer = message(subject="PLACEOUTER")
    outer.add_attachment(inner)
    raw = outer.as_bytes()
    raw = raw.replace(b"Subject: PLACEINNER", b"Subject: =?utf-8?q?Th=FFi_=C4=91ua?=")
    raw = raw.replace(b"Subject: PLACEOUTER", b"Subject: =?utf-8?b?/w==?= Fwd")
    box = tmp_path / "mail"
    box.mkdir()
    (box / "a.eml").write_bytes(raw)
    inbox = tmp_path / "inbox"
    result = run(str(box), "--to", str(inbox))
    assert result.exit_code == 0, result.output
    assert saved_files(inbox) == ["inner.xlsx"]
    assert "[C009]" in result.output and "dòng Subject" in result.output
    assert "[C010]" in result.output and "tên 'Th\ufffdi đua' có byte" in result.output


# --- same names ---------------------------------------------------------------------------------
def test_same_name_different_content_both_kept_same_content_once(tmp_path: Path):
    box = tmp_path / "mail"
    box.mkdir()
    # one message with two attachments of the same name and different content (plus a copy)
    (box / "a.eml").write_bytes(message(
        subject="Hai bảng", message_id="<two@syt.gov.vn>",
        attachments=[("Bảng điểm.xlsx", xlsx("ONE"), XLSX_MIME),
                     ("Bảng điểm.xlsx", xlsx("TWO"), XLSX_MIME),
                     ("Bảng điểm.xlsx", xlsx("ONE"), XLSX_MIME)]).as_bytes())
    # another message: the same name again, a third content, and a zip with the same name inside
    (box / "b.eml").write_bytes(message(
        subject="Bảng sửa", attachments=[("bảng ĐIỂM.xlsx", xlsx("THREE"), XLSX_MIME),
                                         ("nén.zip", zip_of({"Bảng điểm.xlsx": xlsx("FOUR")}),
                                          "application/zip")]).as_bytes())
    inbox = tmp_path / "inbox"
    result = run(str(box), "--to", str(inbox))
    assert result.exit_code == 0, result.output
    shas = check_inbox(inbox)
    assert saved_files(inbox) == ["Bảng điểm-2.xlsx", "Bảng điểm-4.xlsx", "Bảng điểm.xlsx",
                                  "bảng ĐIỂM-3.xlsx"]
    assert sorted(shas.values()) == sorted(
        __import__("hashlib").sha256(xlsx(m)).hexdigest() for m in ("ONE", "TWO", "THREE", "FOUR"))
    # each kept file says which name it got and which file had the name first
    out = result.output
    assert "giữ cả hai: 'Bảng điểm.xlsx' (có trước) và 'Bảng điểm-2.xlsx'" in out
    assert "giữ cả hai: 'Bảng điểm.xlsx' (có trước) và 'bảng ĐIỂM-3.xlsx'" in out
    assert "giữ cả hai: 'Bảng điểm.xlsx' (có trước) và 'Bảng điểm-4.xlsx'" in out
    assert out.count("[C011]") == 3
    # the identical third attachment counts once
    assert "Bỏ qua 1 tệp đã lưu trước đó" in out
    # both same-named parts of the first message are in the manifest
    rows = read_manifest(inbox)
    assert rows["Bảng điểm-2.xlsx"].message_id == rows["Bảng điểm.xlsx"].message_id == "<two@syt.gov.vn>"
    assert rows["Bảng điểm-4.xlsx"].part == "nén.zip › Bảng điểm.xlsx"
    again = run(str(box), "--to", str(inbox))
    assert "Không có tệp mới" in again.output and "Bỏ qua 5 tệp đã lưu trước đó" in again.output


def test_resent_message_id_with_new_content_is_kept(tmp_path: Path):
    """A mailer that reuses a Message-ID must not make a corrected file vanish."""
    box = tmp_path / "mail"
    box.mkdir()
    (box / "a.eml").write_bytes(message(message_id="<same@x.vn>",
                                        attachments=[("b.xlsx", xlsx("V1"), XLSX_MIME)]).as_bytes())
    inbox = tmp_path / "inbox"
    assert run(str(box), "--to", str(inbox)).exit_code == 0
    (box / "b.eml").write_bytes(message(message_id="<same@x.vn>",
                                        attachments=[("b.xlsx", xlsx("V2"), XLSX_MIME)]).as_bytes())
    result = run(str(box), "--to", str(inbox))
    assert "Đã lưu 1 tệp" in result.output and saved_files(inbox) == ["b-2.xlsx", "b.xlsx"]
    assert (inbox / "b-2.xlsx").read_bytes() == xlsx("V2")
    check_inbox(inbox)


# --- names like ours ----------------------------------------------------------------------------
def test_attachment_named_like_the_manifest_neither_hides_nor_overwrites(tmp_path: Path):
    box = tmp_path / "mail"
    box.mkdir()
    (box / "a.eml").write_bytes(message(attachments=[("thật.xlsx", xlsx("REAL"), XLSX_MIME)]).as_bytes())
    (box / "b.eml").write_bytes(message(subject="Giả danh", attachments=[
        ("_thidua_manifest.csv", xlsx("M1"), XLSX_MIME),
        ("..\\..\\x\\_THIDUA_Manifest.CSV", xlsx("M2"), "application/octet-stream"),
        ("/tmp/_Thidua_collect.lock", xlsx("M3"), "application/octet-stream"),
        ("_thidua_manifest.csv", "file,sender\r\nfake.xlsx,a@b\r\n".encode(), "text/csv"),
    ]).as_bytes())
    inbox = tmp_path / "inbox"
    result = run(str(box), "--to", str(inbox))
    assert result.exit_code == 0, result.output
    check_inbox(inbox)   # nothing saved under a name starting with _thidua
    assert saved_files(inbox) == ["THIDUA_Manifest.CSV-2.xlsx", "Thidua_collect.lock.xlsx",
                                  "thidua_manifest.csv.xlsx", "thật.xlsx"]
    # the manifest is ours and lists all four; the csv attachment was not a spreadsheet
    assert set(read_manifest(inbox)) == set(saved_files(inbox))
    assert (inbox / MANIFEST_NAME).read_bytes().startswith(b"\xef\xbb\xbffile,sender,sender_name")
    assert result.output.count("[C012]") == 3
    assert "'_thidua_manifest.csv' trong thư 'Giả danh' mang tên dành riêng" in result.output
    assert "được lưu là 'thidua_manifest.csv.xlsx'" in result.output
    assert "[C001]" in result.output and "fake.xlsx" not in " ".join(saved_files(inbox))


# --- archives: one budget for the whole message, one for the run --------------------------------
def _many_zips(count: int, entries: int, entry_size: int, tag: str = "") -> bytes:
    """One message with ``count`` zips of ``entries`` distinct padded workbooks each."""
    zips = [(f"hồ sơ {z}.zip",
             zip_of({f"bảng {z}-{i}.xlsx": padded_xlsx(f"{tag}{z}-{i}", entry_size)
                     for i in range(entries)}, level=1), "application/zip")
            for z in range(count)]
    return message(subject="Nhiều tệp nén", attachments=zips).as_bytes()


def test_many_small_zips_stay_under_the_message_bound(tmp_path: Path):
    """Ten zips of 45 one-MiB workbooks (450 MiB unpacked, about 2 MiB of mail): each zip alone
    is within the limits; together only what fits in 200 MiB is unpacked."""
    box = tmp_path / "mail"
    box.mkdir()
    raw = _many_zips(10, 45, MiB - 4096)
    assert len(raw) < 5 * MiB
    (box / "bomb.eml").write_bytes(raw)
    (box / "next.eml").write_bytes(message(attachments=[("sau.xlsx", xlsx("AFTER"), XLSX_MIME)]).as_bytes())
    inbox = tmp_path / "inbox"
    result = run(str(box), "--to", str(inbox))
    assert result.exit_code == 0, result.output
    written = sum((inbox / f).stat().st_size for f in saved_files(inbox))
    assert written <= Limits().max_message_unpacked
    # four zips fit (4 x 45 MiB), the other six are refused, each named with the message
    assert len(saved_files(inbox)) == 4 * 45 + 1 and "sau.xlsx" in saved_files(inbox)
    refused = [line for line in result.output.splitlines() if "[C014]" in line]
    assert len(refused) == 6
    for z in range(4, 10):
        assert any(f"Tệp nén 'hồ sơ {z}.zip' trong thư 'Nhiều tệp nén' ({box / 'bomb.eml'})" in line
                   for line in refused)
    assert "tổng cộng 200 MiB và 500 tệp" in refused[0]
    check_inbox(inbox)


def test_many_zips_bounded_by_entry_count(tmp_path: Path):
    box = tmp_path / "mail"
    box.mkdir()
    (box / "a.eml").write_bytes(_many_zips(10, 60, 2000))
    inbox = tmp_path / "inbox"
    result = run(str(box), "--to", str(inbox))
    assert result.exit_code == 0, result.output
    assert len(saved_files(inbox)) == 8 * 60 <= Limits().max_message_entries
    assert result.output.count("[C014]") == 2 and "'hồ sơ 9.zip'" in result.output


def test_run_bound_on_archives_and_rerun_goes_on(tmp_path: Path):
    """The run's bound counts only bytes saved now: a rerun picks up where the last one stopped."""
    box = tmp_path / "mail"
    box.mkdir()
    for m in range(3):
        (box / f"{m}.eml").write_bytes(_many_zips(2, 5, 100_000, tag=f"m{m}-"))
    inbox = tmp_path / "inbox"
    limits = Limits(max_run_unpacked=1_250_000)
    first = collect(str(box), inbox, limits=limits)
    written = sum(e.size for e in first.saved)
    assert len(first.saved) == 12 and written <= limits.max_run_unpacked
    over = [f for f in first.findings if f.code == "C015"]
    assert [f.params["count"] for f in over] == [8, 10]
    assert "hồ sơ 0.zip" in over[0].message() and "Chạy lại collect" in over[0].message()
    second = collect(str(box), inbox, limits=limits)
    assert len(second.saved) == 12 and len(second.duplicates) == 12
    third = collect(str(box), inbox, limits=limits)
    assert len(third.saved) == 6 and not [f for f in third.findings if f.code == "C015"]
    assert len(check_inbox(inbox)) == 30
