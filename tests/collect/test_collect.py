"""thidua collect from files: .eml folders, mbox, Maildir (messages built with the email package)."""
from __future__ import annotations

import mailbox
import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parents[1]))
from support.mailfactory import (PDF, PNG, VN, XLSX_MIME, docx, fake_xls, forward, message,  # noqa: E402
                                 ods, with_rfc2047_name, xlsx, zip_of)

from processor.cli.collect import collect as collect_cmd  # noqa: E402
from processor.collect import LOCK_NAME, CollectError, collect, read_manifest  # noqa: E402
from processor.collect.attachments import (Limits, extract, parse_message, safe_filename,  # noqa: E402
                                           sniff)
from processor.collect.manifest import MANIFEST_NAME, ManifestEntry, append_manifest  # noqa: E402
from processor.findings import CATALOGUE  # noqa: E402

NAME_2231 = "Bảng tự chấm điểm - Sở Y tế.xlsx"
NAME_2047 = "Báo cáo thi đua - Sở Giáo dục và Đào tạo.xlsx"


def inbox_files(inbox: Path) -> list[str]:
    """The files collect saved: all but the manifest and the lock file."""
    return sorted(p.name for p in inbox.iterdir() if p.name not in (MANIFEST_NAME, LOCK_NAME))


def the_mails() -> dict[str, bytes]:
    """One message per case, raw bytes, keyed by case name."""
    m = {}
    m["rfc2231"] = message(attachments=[(NAME_2231, xlsx("SYT"), XLSX_MIME)],
                           message_id="<syt-1@syt.gov.vn>").as_bytes()
    m["rfc2047"] = with_rfc2047_name(
        message(sender='"Sở Giáo dục và Đào tạo" <vanphong@sgddt.gov.vn>',
                subject="Gửi bảng điểm", message_id="<sgd-1@sgddt.gov.vn>"),
        unicodedata.normalize("NFD", NAME_2047), xlsx("SGDDT"))
    m["zip"] = message(sender="Đài PT-TH <dai@ptth.vn>", subject="Bảng điểm (nén)",
                       attachments=[("Hồ sơ thi đua.zip",
                                     zip_of({"Đài PTTH/Bảng điểm Đài.xlsx": xlsx("DAI-1"),
                                             "Phụ lục điểm thưởng.xlsx": xlsx("DAI-2"),
                                             "ghi chú.txt": "xin chào".encode()}),
                                     "application/zip")]).as_bytes()
    inner = message(sender="Trường Cao đẳng Y tế <cdyt@cdyt.edu.vn>", subject="Bảng điểm CĐYT",
                    attachments=[("CDYT.xlsx", xlsx("CDYT"), XLSX_MIME)],
                    date=datetime(2024, 11, 19, 16, 30, tzinfo=VN))
    m["forward"] = forward(inner).as_bytes()
    m["not_sheet"] = message(sender="Sở Tư pháp <stp@stp.gov.vn>", subject="Công văn",
                             attachments=[("Công văn.pdf", PDF, "application/pdf"),
                                          ("ảnh chụp.png", PNG, "image/png"),
                                          ("Báo cáo.docx", docx(), "application/octet-stream")]
                             ).as_bytes()
    m["hostile"] = message(sender="x@evil.example", subject="hostile",
                           attachments=[("../../x.xlsx", xlsx("HOSTILE"), XLSX_MIME),
                                        ("..\\..\\windows\\evil.xlsx", xlsx("EVIL"), XLSX_MIME),
                                        ("bao\u202ecao\x07.xlsx", xlsx("BIDI"), XLSX_MIME),
                                        ("CON.xlsx", xlsx("CON"), XLSX_MIME)]).as_bytes()
    return m


@pytest.fixture
def eml_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    for i, (name, raw) in enumerate(the_mails().items()):
        (folder / f"{i:02d}-{name}.eml").write_bytes(raw)
    (folder / "note.txt").write_text("not a message")
    return folder


def test_eml_folder_collects_every_spreadsheet(eml_folder: Path, tmp_path: Path):
    inbox = tmp_path / "inbox"
    report = collect(str(eml_folder), inbox)
    files = inbox_files(inbox)
    assert report.messages == 6
    # RFC 2231 and RFC 2047 (sent decomposed) names, NFC
    assert NAME_2231 in files
    assert NAME_2047 in files and all(unicodedata.is_normalized("NFC", f) for f in files)
    # both spreadsheets inside the zip, path inside the archive stripped; the .txt skipped
    assert "Bảng điểm Đài.xlsx" in files and "Phụ lục điểm thưởng.xlsx" in files
    # forwarded message
    assert "CDYT.xlsx" in files
    # hostile names: no path, no control/bidi characters, no device names
    assert "x.xlsx" in files and "evil.xlsx" in files and "baocao.xlsx" in files
    assert "_CON.xlsx" in files
    assert not (tmp_path / "x.xlsx").exists() and not (inbox.parent / "windows").exists()
    assert len(files) == 9 and len(report.saved) == 9
    # non-spreadsheets skipped and recorded
    skipped = {s.name for s in report.not_spreadsheets}
    assert {"Công văn.pdf", "ảnh chụp.png", "Báo cáo.docx", "ghi chú.txt"} <= skipped
    codes = [f.code for f in report.findings]
    assert codes.count("C001") == 4 and "C006" in codes  # the PDF-only mail has no spreadsheet
    # every message is complete, in both languages
    for f in report.findings:
        assert "{" not in f.message("vi") and "{" not in f.message("en"), f
    # the saved bytes are the attachment's bytes
    assert (inbox / "CDYT.xlsx").read_bytes() == xlsx("CDYT")


def test_manifest_rows(eml_folder: Path, tmp_path: Path):
    inbox = tmp_path / "inbox"
    collect(str(eml_folder), inbox, now=datetime(2024, 11, 25, 10, 0, tzinfo=VN))
    raw = (inbox / MANIFEST_NAME).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    manifest = read_manifest(inbox)
    assert set(manifest) == set(inbox_files(inbox))
    e = manifest[NAME_2231]
    assert isinstance(e, ManifestEntry)
    assert e.sender == "vanthu@syt.gov.vn" and e.sender_name == "Sở Y tế"
    assert e.subject == "Bảng tự chấm điểm 2024"
    assert e.date == datetime(2024, 11, 20, 9, 15, tzinfo=VN) and e.date.utcoffset() is not None
    assert e.message_id == "<syt-1@syt.gov.vn>"
    import hashlib
    assert e.sha256 == hashlib.sha256((inbox / NAME_2231).read_bytes()).hexdigest()
    assert e.collected_at == datetime(2024, 11, 25, 10, 0, tzinfo=VN)
    assert e.source.endswith("00-rfc2231.eml")
    # a forwarded file keeps the outer mail (who forwarded it, when) and says where it was
    fwd = manifest["CDYT.xlsx"]
    assert fwd.sender == "khoipho@sgd.gov.vn" and fwd.part == "Bảng điểm CĐYT › CDYT.xlsx"
    assert manifest["Phụ lục điểm thưởng.xlsx"].part == "Hồ sơ thi đua.zip › Phụ lục điểm thưởng.xlsx"


def test_collect_twice_saves_nothing_twice(eml_folder: Path, tmp_path: Path):
    inbox = tmp_path / "inbox"
    first = collect(str(eml_folder), inbox)
    before_files = inbox_files(inbox)
    before_manifest = (inbox / MANIFEST_NAME).read_bytes()
    second = collect(str(eml_folder), inbox)
    assert second.saved == [] and len(second.duplicates) == len(first.saved)
    assert inbox_files(inbox) == before_files
    assert (inbox / MANIFEST_NAME).read_bytes() == before_manifest


def test_same_file_in_two_mails_saved_once_and_same_names_not_overwritten(tmp_path: Path):
    box = tmp_path / "mail"
    box.mkdir()
    same = xlsx("SAME")
    (box / "a.eml").write_bytes(message(attachments=[("Bảng điểm.xlsx", same, XLSX_MIME)]).as_bytes())
    (box / "b.eml").write_bytes(message(attachments=[("khác tên.xlsx", same, XLSX_MIME)]).as_bytes())
    (box / "c.eml").write_bytes(message(sender="Sở Nội vụ <snv@snv.gov.vn>",
                                        attachments=[("Bảng điểm.xlsx", xlsx("SNV"), XLSX_MIME)]).as_bytes())
    (box / "d.eml").write_bytes(message(attachments=[("BẢNG ĐIỂM.xlsx", xlsx("UPPER"), XLSX_MIME)]).as_bytes())
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "Bảng điểm-2.xlsx").write_bytes(b"saved by hand")  # an existing file is never overwritten
    report = collect(str(box), inbox)
    # names compare without case (Windows, macOS): the upper-case one is numbered too
    assert inbox_files(inbox) == ["BẢNG ĐIỂM-4.xlsx", "Bảng điểm-2.xlsx", "Bảng điểm-3.xlsx",
                                  "Bảng điểm.xlsx"]
    assert (inbox / "Bảng điểm-2.xlsx").read_bytes() == b"saved by hand"
    assert [d.existing for d in report.duplicates] == ["Bảng điểm.xlsx"]
    assert read_manifest(inbox)["Bảng điểm-3.xlsx"].sender == "snv@snv.gov.vn"
    # each same-name file kept says which name it got, and which file had the name first
    both = {f.params["saved"]: f.params["first"] for f in report.findings if f.code == "C011"}
    assert both == {"Bảng điểm-3.xlsx": "Bảng điểm.xlsx", "BẢNG ĐIỂM-4.xlsx": "Bảng điểm.xlsx"}


def test_mbox_source_with_duplicate_message_and_since(tmp_path: Path):
    path = tmp_path / "Thi đua.mbox"
    box = mailbox.mbox(path)
    mails = the_mails()
    box.add(mails["rfc2231"])
    box.add(mails["rfc2231"])  # the same message twice (sent twice / copied)
    box.add(message(subject="Năm ngoái", date=datetime(2024, 10, 1, 8, 0, tzinfo=VN),
                    attachments=[("cu.xlsx", xlsx("OLD"), XLSX_MIME)]).as_bytes())
    box.add(message(subject="Không ngày", date=None,
                    attachments=[("khong-ngay.xlsx", xlsx("NODATE"), XLSX_MIME)]).as_bytes())
    box.flush()
    box.close()
    inbox = tmp_path / "inbox"
    report = collect(str(path), inbox, since=date(2024, 11, 1))
    assert report.messages == 4 and report.before_since == 1
    assert inbox_files(inbox) == sorted([NAME_2231, "khong-ngay.xlsx"])
    assert len(report.duplicates) == 1
    assert read_manifest(inbox)["khong-ngay.xlsx"].date is None
    assert "C008" in [f.code for f in report.findings]
    assert report.saved[0].source.startswith("mbox:")
    # without --since the old one comes too, nothing else is saved again
    again = collect(str(path), inbox)
    assert [e.file for e in again.saved] == ["cu.xlsx"]


def test_since_uses_vietnam_date(tmp_path: Path):
    box = tmp_path / "mail"
    box.mkdir()
    # 2024-10-31 18:30 UTC is 2024-11-01 01:30 in Vietnam: on or after 1 Nov there
    from datetime import timezone
    (box / "a.eml").write_bytes(message(date=datetime(2024, 10, 31, 18, 30, tzinfo=timezone.utc),
                                        attachments=[("a.xlsx", xlsx("A"), XLSX_MIME)]).as_bytes())
    (box / "b.eml").write_bytes(message(date=datetime(2024, 10, 31, 16, 30, tzinfo=timezone.utc),
                                        attachments=[("b.xlsx", xlsx("B"), XLSX_MIME)]).as_bytes())
    report = collect(str(box), tmp_path / "inbox", since=date(2024, 11, 1))
    assert [e.file for e in report.saved] == ["a.xlsx"] and report.before_since == 1


def test_maildir_source(tmp_path: Path):
    md = mailbox.Maildir(tmp_path / "Maildir")
    mails = the_mails()
    for key in ("rfc2047", "forward", "not_sheet"):
        md.add(mails[key])
    inbox = tmp_path / "inbox"
    report = collect(str(tmp_path / "Maildir"), inbox)
    assert report.messages == 3
    assert inbox_files(inbox) == sorted([NAME_2047, "CDYT.xlsx"])
    assert all(e.source.startswith("maildir:") for e in report.saved)


def test_single_eml_file_and_other_formats(tmp_path: Path):
    raw = message(attachments=[("bang.ods", ods(), "application/octet-stream"),
                               ("cu.xls", fake_xls(), "application/vnd.ms-excel"),
                               (None, xlsx("NONAME"), "application/octet-stream"),
                               ("bangdiem", xlsx("NOEXT"), "application/octet-stream"),
                               ("bang.pdf", xlsx("WRONGEXT"), "application/pdf")]).as_bytes()
    (tmp_path / "one.eml").write_bytes(raw)
    report = collect(str(tmp_path / "one.eml"), tmp_path / "inbox")
    # recognised by content: names without a spreadsheet extension get one
    assert sorted(e.file for e in report.saved) == sorted(
        ["bang.ods", "cu.xls", "tep-dinh-kem.xlsx", "bangdiem.xlsx", "bang.pdf.xlsx"])


def test_forward_depth_limit_and_zip_bombs(tmp_path: Path):
    msg = message(attachments=[("deep.xlsx", xlsx("DEEP"), XLSX_MIME)])
    for _ in range(7):
        msg = forward(msg)
    zeros = zip_of({"bom.xlsx": b"\0" * (20 * 1024**2)})
    many = zip_of({f"{i}.xlsx": b"x" for i in range(600)})
    outer = message(attachments=[("bom.zip", zeros, "application/zip"),
                                 ("nhieu.zip", many, "application/zip"),
                                 ("hong.zip", b"PK\x03\x04garbage", "application/zip")])
    box = tmp_path / "mail"
    box.mkdir()
    (box / "deep.eml").write_bytes(msg.as_bytes())
    (box / "bomb.eml").write_bytes(outer.as_bytes())
    report = collect(str(box), tmp_path / "inbox")
    assert report.saved == []
    codes = [f.code for f in report.findings]
    assert "C005" in codes and codes.count("C004") == 2  # the garbage one is "other"
    reasons = " ".join(e.detail for e in report.errors)
    assert "bom nén" in reasons and "quá nhiều tệp" in reasons


def test_zip_limits_checked_before_inflating(monkeypatch):
    import zipfile
    msg = message(attachments=[("bom.zip", zip_of({"a.xlsx": b"\0" * (5 * 1024**2)}), "application/zip")])
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: opened.append(a) or real_open(self, *a, **k))
    found = extract(parse_message(msg.as_bytes()), Limits(max_ratio=100))
    assert found.attachments == [] and found.skipped[0].reason == "archive-rejected"
    assert opened == []


@pytest.mark.parametrize("raw, expected", [
    ("../../x.xlsx", "x.xlsx"),
    ("..\\..\\x.xlsx", "x.xlsx"),
    ("C:\\Users\\a\\Desktop\\Bảng.xlsx", "Bảng.xlsx"),
    ("/etc/passwd", "passwd.xlsx"),
    ("a<b>c:d\"e|f?g*.xlsx", "abcdefg.xlsx"),
    ("tab\tand\nnewline.xlsx", "tab and newline.xlsx"),
    ("\u202ecod.exe.xlsx", "cod.exe.xlsx"),
    ("..", "tep-dinh-kem.xlsx"),
    ("", "tep-dinh-kem.xlsx"),
    (" .hidden.xlsx. ", "hidden.xlsx"),
    ("nul.xlsx", "_nul.xlsx"),
    (unicodedata.normalize("NFD", "Sở Y tế.xlsx"), "Sở Y tế.xlsx"),
])
def test_safe_filename(raw, expected):
    assert safe_filename(raw, "xlsx") == expected


def test_safe_filename_length():
    name = safe_filename("Bảng tự chấm điểm " * 30 + ".xlsx", "xlsx")
    assert name.endswith(".xlsx") and len(name.encode()) <= 180


def test_sniff():
    assert sniff(xlsx("a")) == "xlsx"
    assert sniff(ods()) == "ods"
    assert sniff(fake_xls()) == "xls"
    assert sniff(docx()) == "docx"
    assert sniff(PDF) == "pdf" and sniff(PNG) == "image"
    assert sniff(zip_of({"a.txt": b"x"})) == "zip"
    assert sniff(b"<html><table></table></html>") == "html"
    assert sniff(message().as_bytes()) == "eml"


def test_manifest_escapes_formulas_and_reads_excel_resaved(tmp_path: Path):
    entry = ManifestEntry(file="a.xlsx", sender="a@b.vn", subject="=HYPERLINK(\"http://x\",\"y\")",
                          date=datetime(2024, 11, 20, 9, 15, tzinfo=VN), message_id="<1@b>",
                          sha256="ab" * 32, sender_name="'Quote", size=3)
    append_manifest(tmp_path, [entry])
    text = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    back = read_manifest(tmp_path)["a.xlsx"]
    assert back.subject == entry.subject and back.sender_name == "'Quote" and back.date == entry.date
    # the same manifest after Excel with Vietnamese regional settings: cp1258, semicolons
    resaved = tmp_path / "resaved"
    resaved.mkdir()
    (resaved / MANIFEST_NAME).write_bytes(
        "file;sender;subject;date;message_id;sha256\r\nbang.xlsx;A@B.VN;Bang diem;"
        "2024-11-20T09:15:00+07:00;<1@b>;ABC\r\n".encode("cp1258"))
    e = read_manifest(resaved)["bang.xlsx"]
    assert e.sender == "a@b.vn" and e.sha256 == "abc" and e.date.utcoffset().total_seconds() == 7 * 3600
    # appending to a re-saved manifest rewrites it in our format, keeping its rows
    append_manifest(resaved, [entry])
    assert set(read_manifest(resaved)) == {"bang.xlsx", "a.xlsx"}
    assert read_manifest(tmp_path / "nowhere") == {}


def test_findings_catalogue():
    from processor.findings import mail  # noqa: F401
    codes = sorted(c for c in CATALOGUE if c.startswith("C"))
    assert codes == [f"C{i:03d}" for i in range(1, 16)]
    for code in codes:
        t = CATALOGUE[code]
        assert t.vi != t.en and any(ch in t.vi for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ")


# --- the command ------------------------------------------------------------------------------
def test_cli_eml_folder(eml_folder: Path, tmp_path: Path):
    inbox = tmp_path / "inbox"
    result = CliRunner().invoke(collect_cmd, [str(eml_folder), "--to", str(inbox)])
    assert result.exit_code == 0, result.output
    assert "Đã đọc 6 thư" in result.output and "Đã lưu 9 tệp" in result.output
    assert "vanthu@syt.gov.vn" in result.output
    again = CliRunner().invoke(collect_cmd, [str(eml_folder), "--to", str(inbox)])
    assert again.exit_code == 0 and "Không có tệp mới" in again.output
    assert "Bỏ qua 9 tệp đã lưu trước đó" in again.output
    en = CliRunner().invoke(collect_cmd, [str(eml_folder), "--to", str(inbox), "--lang", "en",
                                          "--since", "21/11/2024"])
    assert en.exit_code == 0 and "Skipped 5 messages sent before 2024-11-21" in en.output


def test_cli_missing_source(tmp_path: Path):
    result = CliRunner().invoke(collect_cmd, [str(tmp_path / "khong-co"), "--to", str(tmp_path / "in")])
    assert result.exit_code == 2
    assert "Không tìm thấy nguồn thư" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "in").exists()


def test_cli_refuses_password_in_url(tmp_path: Path):
    result = CliRunner().invoke(collect_cmd, ["imaps://thuky:bimat123@mail.example.vn/INBOX",
                                              "--to", str(tmp_path / "in")])
    assert result.exit_code == 2
    assert "Không ghi mật khẩu trong địa chỉ" in result.output and "bimat123" not in result.output


def test_collect_error_is_raised_for_library_callers(tmp_path: Path):
    with pytest.raises(CollectError) as err:
        collect(str(tmp_path / "missing.mbox"), tmp_path / "inbox")
    assert "Không tìm thấy" in err.value.message("vi") and "not found" in err.value.message("en")


def test_broken_and_odd_messages_do_not_stop_the_run(tmp_path: Path):
    box = tmp_path / "mail"
    box.mkdir()
    (box / "a.eml").write_bytes(b"\x00\xff\xfe garbage \r\n\r\n\x89PNG")
    (box / "b.eml").write_bytes(
        b"From: =?utf-8?q?S=E1=BB=9F_Y_t=E1=BA=BF=2C_t=E1=BB=89nh_X?= <a@syt.gov.vn>\r\n"
        b"Subject: =?utf-8?b?QuG6o25nIMSRaeG7g20=?=\r\nDate: not a date\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
        b"--XX\r\nContent-Type: application/octet-stream; name=\"b.xlsx\"\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n--XX--\r\n")
    (box / "c.eml").write_bytes(message(sender='"Sở Y tế, tỉnh X" <b@syt.gov.vn>',
                                        attachments=[("c.xlsx", xlsx("C"), XLSX_MIME)]).as_bytes())
    report = collect(str(box), tmp_path / "inbox")
    assert report.messages == 3 and [e.file for e in report.saved] == ["c.xlsx"]
    assert report.saved[0].sender == "b@syt.gov.vn" and report.saved[0].sender_name == "Sở Y tế, tỉnh X"
    assert "C008" in [f.code for f in report.findings]  # "not a date"
    (box / "d.eml").write_bytes(message(sender="Sở Y tế, tỉnh X <d@syt.gov.vn>",  # unquoted comma
                                        attachments=[("d.xlsx", xlsx("D"), XLSX_MIME)]).as_bytes())
    assert collect(str(box), tmp_path / "inbox").saved[0].sender == "d@syt.gov.vn"


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_safe_filename_never_escapes(name):
    out = safe_filename(name, "xlsx")
    assert out and out not in (".", "..") and "/" not in out and "\\" not in out
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in out)
    assert len(out.encode("utf-8")) <= 180 and out == unicodedata.normalize("NFC", out)
    assert out.lower().endswith((".xlsx", ".xlsm", ".xls", ".xlsb", ".xltx", ".xltm", ".ods", ".xlt", ".ots"))


def test_every_option_and_exit_code_is_documented():
    """docs/collect.md names every option of the command in both languages, and its exit codes."""
    import click
    doc = (Path(__file__).resolve().parents[2] / "docs" / "collect.md").read_text(encoding="utf-8")
    vi, en = doc.split("\n---\n", 1)
    options = [o for p in collect_cmd.params if isinstance(p, click.Option) for o in p.opts]
    assert {"--to", "--since", "--cafile", "--insecure", "--wait", "--lang"} <= set(options)
    for option in options:
        assert option in vi and option in en, option
    for code in ("| 2 |", "| 4 |", "| 5 |"):
        assert code in vi
    assert "exit 5" in en and "4 the inbox cannot be written" in en
    help_text = " ".join(CliRunner().invoke(collect_cmd, ["--help"]).output.split())
    assert "5 một lần chạy collect khác" in help_text and "--wait" in help_text
