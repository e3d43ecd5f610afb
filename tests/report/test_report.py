"""The result workbook without LibreOffice: content, safety, reproducibility, atomic writing."""
from __future__ import annotations

import dataclasses
import os
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from processor.labels import LABELS, format_date, label
from processor.report import ReportWriteError, write_report
from processor.report import writer as writer_module
from tests.support.results import HOSTILE, demo_result

VI_SHEETS = ["Tổng hợp", "Đề nghị khen thưởng", "Biên bản", "Biểu đồ", "Chi tiết điểm",
             "Lỗi và cảnh báo", "Nguồn tệp"]
EN_SHEETS = ["Summary", "Proposals", "Minutes", "Charts", "Score detail", "Findings", "Sources"]


@pytest.fixture(scope="module")
def result():
    return demo_result()


@pytest.fixture(scope="module")
def book_path(tmp_path_factory, result):
    return write_report(result, tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def book(book_path):
    return openpyxl.load_workbook(book_path)


@pytest.fixture(scope="module")
def cached(book_path):
    return openpyxl.load_workbook(book_path, data_only=True)


def texts(ws) -> list[str]:
    return [c.value.strip() for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def find(ws, value):
    for row in ws.iter_rows():
        for c in row:
            if c.value == value:
                return c
    raise AssertionError(f"{value!r} not on {ws.title}")


def test_file_name_and_sheets(book_path, book):
    assert book_path.name == "ket-qua-thi-dua-bk-vhxh-2020.xlsx"
    assert book.sheetnames == VI_SHEETS


def test_same_result_gives_byte_identical_file(tmp_path, result):
    a = write_report(result, tmp_path / "a")
    b = write_report(demo_result(), tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
    later = write_report(demo_result(created=datetime(2021, 1, 5, 9, 0)), tmp_path / "c")
    assert later.read_bytes() != a.read_bytes()       # the date is really in the file
    with zipfile.ZipFile(a) as z:
        assert "2021-01-04T08:00:00Z" in z.read("docProps/core.xml").decode()


def test_every_unit_once_in_summary_in_ranking_order(book, result):
    ws = book["Tổng hợp"]
    names = [u.name for u in result.units]
    column = [c.value for c in ws["D"] if c.value in names]
    assert column == names                              # each once, in ranking order
    assert result.expected == 10 and len(names) == 10


def test_summary_marks_ties_positions_awards_and_counts(book, result):
    ws = book["Tổng hợp"]
    rows = {r[3].value: r for r in ws.iter_rows() if r[3].value in [u.name for u in result.units]}
    assert rows["Sở Y tế"][9].value == "Dẫn đầu"
    assert rows["Sở Y tế"][10].value == "Cờ thi đua"
    assert rows["Sở Thông tin và Truyền thông"][1].value == "đồng hạng"
    assert rows["Sở Giáo dục và Đào tạo"][0].value == rows["Sở Thông tin và Truyền thông"][0].value == 2
    assert rows["Ban Dân tộc tỉnh"][9].value == "Xếp thứ ba"
    assert "Hội nghị quyết định" in rows["Sở Lao động - Thương binh và Xã hội"][10].value
    assert rows["Bảo hiểm xã hội tỉnh"][8].value == "Chưa gửi"
    assert rows["Đài Phát thanh và Truyền hình tỉnh"][8].value == "Có lỗi"
    assert "Đã nhận 9/10 bảng tự chấm điểm" in " ".join(texts(ws))


def test_provisional_banner_only_when_provisional(tmp_path, book):
    assert any(t.startswith("KẾT QUẢ TẠM THỜI") for t in texts(book["Tổng hợp"]))
    final = openpyxl.load_workbook(write_report(demo_result(provisional=False), tmp_path))
    assert not any("TẠM THỜI" in t for t in texts(final["Tổng hợp"]))


def test_formulas_are_live_and_cache_the_tools_figures(book, cached, result):
    ws, wv = book["Chi tiết điểm"], cached["Chi tiết điểm"]
    final_row = find(ws, "TỔNG ĐIỂM").row
    header = {c.value: c.column for c in ws[3]}
    for unit in result.units:
        cell = ws.cell(final_row, header[unit.short_name])
        value = wv.cell(final_row, header[unit.short_name]).value
        if unit.final_score is None:
            assert cell.value is None
        else:
            assert str(cell.value).startswith("=ROUND(")
            assert value == unit.final_score
    # the summary points at the detail sheet and caches the same figure
    summary, summary_v = book["Tổng hợp"], cached["Tổng hợp"]
    syt = find(summary, "Sở Y tế")
    assert summary.cell(syt.row, 8).value.startswith("='Chi tiết điểm'!")
    assert summary_v.cell(syt.row, 8).value == result.unit("SYT").final_score
    # section subtotals are formulas too
    sec = find(ws, "I")
    assert ws.cell(sec.row, header["Sở Y tế"]).value.startswith("=ROUND(SUM(")
    assert wv.cell(sec.row, header["Sở Y tế"]).value == result.unit("SYT").sections["I"]


def test_detail_not_applicable_traceability_and_formats(book, result):
    ws = book["Chi tiết điểm"]
    header = {c.value: c.column for c in ws[3]}
    row = find(ws, "II.1").row
    college = ws.cell(row, header["Trường CĐ Bắc Kạn"])
    assert college.value == "KAD" and college.data_type == "s"
    score = ws.cell(row, header["Sở Y tế"])
    assert score.comment is not None
    assert "Nguồn: SYT-tu-cham-2020.xlsx › Tự chấm điểm!E" in score.comment.text
    assert "Minh chứng:" in score.comment.text
    final = ws.cell(find(ws, "TỔNG ĐIỂM").row, header["Sở Y tế"])
    assert final.number_format == "[$-42A]0.00"     # Vietnamese: a decimal comma in LibreOffice
    assert ws.freeze_panes == "D4"
    assert ws.conditional_formatting
    assert find(ws, "I.1").alignment.wrap_text or ws.cell(find(ws, "I.1").row, 2).alignment.wrap_text


def test_page_setup_of_every_sheet(book):
    for ws in book.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title
        assert ws.page_setup.fitToWidth in (1, None) and ws.sheet_properties.pageSetUpPr.fitToPage
        assert "Trang &P/&N" in ws.oddFooter.center.text, ws.title
        assert ws.print_area, ws.title
    assert book["Đề nghị khen thưởng"].page_setup.orientation == "portrait"
    assert book["Biên bản"].page_setup.orientation == "portrait"
    assert book["Chi tiết điểm"].page_setup.orientation == "landscape"
    assert book["Chi tiết điểm"].print_title_rows == "$3:$3"
    assert book["Lỗi và cảnh báo"].auto_filter.ref
    assert book["Nguồn tệp"].auto_filter.ref


def test_formal_header_date_and_signatures(book, result):
    ws = book["Đề nghị khen thưởng"]
    words = texts(ws)
    for expected in ("UBND TỈNH BẮC KẠN", "KHỐI THI ĐUA VĂN HÓA - XÃ HỘI",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Bắc Kạn, ngày 04 tháng 01 năm 2021", "TỜ TRÌNH", "KHỐI TRƯỞNG", "KHỐI PHÓ",
                     "Sở Y tế", "Ban Dân tộc tỉnh", "Nơi nhận:"):
        assert expected in words, expected
    motto = find(ws, "Độc lập - Tự do - Hạnh phúc")
    assert motto.font.b and motto.font.u and motto.font.name == "Times New Roman"
    assert find(ws, "Bắc Kạn, ngày 04 tháng 01 năm 2021").font.i
    assert 13 <= find(ws, "TỜ TRÌNH").font.sz <= 14
    # the proposals list the flag unit and every merit unit, and the undecided tie
    body = " ".join(words)
    for code in result.recommendations.flag + result.recommendations.merit:
        assert result.unit(code).name in words
    assert "Sở Lao động - Thương binh và Xã hội" in body and "Hội nghị Khối quyết định" in body
    minutes = texts(book["Biên bản"])
    assert "BIÊN BẢN" in minutes and "THƯ KÝ" in minutes
    assert "Khối trưởng: ………………………………………" in minutes     # no rotation in the config


def test_date_line_rules():
    assert format_date("Bắc Kạn", date(2021, 1, 4)) == "Bắc Kạn, ngày 04 tháng 01 năm 2021"
    assert format_date("Bắc Kạn", date(2021, 3, 15)) == "Bắc Kạn, ngày 15 tháng 3 năm 2021"
    assert format_date("Bắc Kạn", None) == "Bắc Kạn, ngày … tháng … năm …"
    assert format_date("Bắc Kạn", date(2021, 1, 4), "en") == "Bắc Kạn, 4 January 2021"


def test_minutes_read_next_years_chair_from_rotation(tmp_path):
    base = demo_result()
    block = dataclasses.replace(base.block, extra={"rotation": {"chair": "SLDTBXH", "deputy": "SGDDT"}},
                                meeting_date=None)
    res = demo_result(block=block)
    words = texts(openpyxl.load_workbook(write_report(res, tmp_path))["Biên bản"])
    assert "Khối trưởng: Sở Lao động - Thương binh và Xã hội" in words
    assert "Khối phó: Sở Giáo dục và Đào tạo" in words
    assert "Bắc Kạn, ngày … tháng … năm …" in words


def test_findings_and_sources_sheets(book, result):
    findings = book["Lỗi và cảnh báo"]
    assert sum(1 for r in findings.iter_rows(min_row=4) if r[2].value) == len(result.findings)
    assert "Tự chấm điểm!E10" in texts(findings)
    assert find(findings, "V003").offset(0, -1).value == "Lỗi"
    sources = book["Nguồn tệp"]
    for s in result.sources:
        assert s.sha256 in texts(sources)
    assert "Bị thay thế" in texts(sources) and "Bỏ qua" in texts(sources)


def test_charts_colour_leader_merit_undecided(book_path):
    with zipfile.ZipFile(book_path) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 2
        bar = z.read(charts[0]).decode()
        stacked = z.read(charts[1]).decode()
    assert bar.count("<c:dPt>") == 9                      # one colour per scored unit
    for colour in ("C00000", "2E7D32", "ED7D31"):
        assert colour in bar
    assert '<c:grouping val="stacked"/>' in stacked


def test_hostile_text_stays_literal(tmp_path):
    res = demo_result(hostile=True)
    path = write_report(res, tmp_path)
    book = openpyxl.load_workbook(path)
    seen = set()
    for ws in book.worksheets:
        assert not ws._hyperlinks, ws.title
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value in HOSTILE.values():
                    assert c.data_type == "s", (ws.title, c.coordinate)
                    seen.add(c.value)
                if c.data_type == "f":
                    assert "evil" not in c.value and "HYPERLINK" not in c.value.upper()
    assert {HOSTILE["name"], HOSTILE["short"], HOSTILE["file"], HOSTILE["sender"],
            HOSTILE["note"]} <= seen
    detail = book["Chi tiết điểm"]
    column = find(detail, HOSTILE["short"]).column
    comment = detail.cell(find(detail, "I.1").row, column).comment
    assert comment is not None and HOSTILE["evidence"] in comment.text
    with zipfile.ZipFile(path) as z:
        rels = [n for n in z.namelist() if n.endswith(".rels")]
        assert not any("evil.example" in z.read(n).decode() for n in rels)


def test_english_labels(tmp_path, result):
    path = write_report(result, tmp_path, lang="en")
    assert path.name == "result-bk-vhxh-2020.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == EN_SHEETS
    words = " ".join(texts(book["Summary"]))
    assert "Rank" in words and "Final score" in words and "PROVISIONAL RESULT" in words
    header = [c.value for c in find(book["Summary"], "Rank").parent[find(book["Summary"], "Rank").row]]
    assert "Final score" in header and not {"Hạng", "Tổng điểm", "Đơn vị"} & set(header)
    assert "Bắc Kạn, 4 January 2021" in texts(book["Proposals"])
    assert "CHAIR OF THE BLOCK" in texts(book["Minutes"])
    assert book["Score detail"]["A3"].value == "Code"
    na_row = find(book["Score detail"], "II.1").row
    assert "N/A" in [c.value for c in book["Score detail"][na_row]]
    assert all(ws.oddFooter.center.text.endswith("Page &P/&N") for ws in book.worksheets)


def test_labels_cover_statuses_positions_sources_severities():
    for prefix, names in (("status", ("ok", "invalid", "missing", "excluded")),
                          ("position", ("leader", "second", "third")),
                          ("award", ("flag", "merit")),
                          ("source", ("used", "superseded", "duplicate", "rejected", "ignored")),
                          ("severity", ("error", "warning", "info"))):
        for name in names:
            vi, en = LABELS[f"{prefix}.{name}"]
            assert vi and en and vi != en or prefix == "severity" and vi
    assert label("tie") == "đồng hạng"
    with pytest.raises(KeyError):
        label("no.such.key")


def test_extra_sheets_are_called_after_the_core_sheets(tmp_path, result):
    calls = []

    def history(workbook, styles, res, lang):
        calls.append((res is result, lang))
        ws = workbook.add_worksheet("Lịch sử")
        from processor.report import put
        put(ws, 0, 0, "=2+2", styles["text"])
        styles.add("hist_x", font_name="Times New Roman", bold=True)

    book = openpyxl.load_workbook(write_report(result, tmp_path, extra_sheets=[history]))
    assert calls == [(True, "vi")]
    assert book.sheetnames == VI_SHEETS + ["Lịch sử"]
    assert book["Lịch sử"]["A1"].value == "=2+2" and book["Lịch sử"]["A1"].data_type == "s"


# --- atomic writing -------------------------------------------------------------------------

def test_failed_replace_keeps_previous_result(tmp_path, monkeypatch, result):
    target = write_report(result, tmp_path)
    before = target.read_bytes()

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writer_module.os, "replace", refuse)
    with pytest.raises(ReportWriteError, match="Không thay được tệp kết quả"):
        write_report(demo_result(created=datetime(2022, 1, 1)), tmp_path)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]   # no temp file left


def test_target_that_is_a_directory(tmp_path, result):
    (tmp_path / "ket-qua-thi-dua-bk-vhxh-2020.xlsx").mkdir()
    with pytest.raises(ReportWriteError, match="là một thư mục"):
        write_report(result, tmp_path)


def test_output_folder_that_cannot_be_created(tmp_path, result):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    with pytest.raises(ReportWriteError, match="Không ghi được vào thư mục kết quả"):
        write_report(result, blocker / "sub")
    assert blocker.read_text() == "not a folder"


def test_file_open_in_excel_is_not_overwritten(tmp_path, result):
    target = write_report(result, tmp_path)
    before = target.read_bytes()
    lock = tmp_path / ("~$" + target.name)
    lock.write_bytes(b"owner")
    with pytest.raises(ReportWriteError, match="đang được mở"):
        write_report(demo_result(created=datetime(2022, 1, 1)), tmp_path)
    assert target.read_bytes() == before


def test_failure_while_building_leaves_no_temp_file(tmp_path, result):
    def broken(workbook, styles, res, lang):
        raise OSError(28, "No space left on device")

    with pytest.raises(ReportWriteError, match="Không ghi được tệp kết quả"):
        write_report(result, tmp_path, extra_sheets=[broken])
    assert list(tmp_path.iterdir()) == []


def test_written_file_is_readable_by_others(tmp_path, result):
    path = write_report(result, tmp_path)
    assert os.stat(path).st_mode & 0o044 == 0o044
