"""A large block's growing sheets (summary, detail, findings, sources) are streamed to disk row by
row (XlsxWriter's constant-memory mode, sheet by sheet). Streaming loses every cell written to a
row above the last one begun, so the streamed workbook is held, sheet by sheet and cell by cell,
to the same workbook built whole in memory; and its bytes to XlsxWriter's own constant-memory
writer."""
from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import openpyxl
import pytest
from xlsxwriter.worksheet import Worksheet

from processor.findings import finding
from processor.report import write_report
from processor.report import writer as writer_module
from tests.report.test_report_scale import large_result

N = 150


@pytest.fixture(scope="module")
def result():
    res = large_result(N)
    findings = [finding("M001", unit=u.code, file=u.file, sheet="Tự chấm điểm")
                for u in res.units[5:40] if u.file]
    spaced = dataclasses.replace(res.units[4], name="  Đơn vị có dấu cách  ")
    return dataclasses.replace(res, units=res.units[:4] + [spaced] + res.units[5:], findings=findings)


@pytest.fixture(scope="module")
def streamed(tmp_path_factory, result):
    return write_report(result, tmp_path_factory.mktemp("streamed"))


@pytest.fixture(scope="module")
def whole(result):
    buf = io.BytesIO()
    writer_module.build_workbook(buf, result, "vi")       # in memory: nothing is streamed
    return buf


def sheet_xml(path_or_buf) -> dict[str, str]:
    with zipfile.ZipFile(path_or_buf) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/sheet")}


def test_the_growing_sheets_are_streamed_and_the_others_are_not(streamed, whole):
    book = openpyxl.load_workbook(streamed)
    names = book.sheetnames
    xml = sheet_xml(streamed)
    inline = {names[int(re.search(r"sheet(\d+)", part).group(1)) - 1]
              for part, text in xml.items() if 't="inlineStr"' in text}
    assert inline == {"Tổng hợp", "Chi tiết điểm", "Lỗi và cảnh báo", "Nguồn tệp"}
    assert not any('t="inlineStr"' in text for text in sheet_xml(whole).values())


def test_every_cell_height_and_merge_is_as_in_the_workbook_built_whole(streamed, whole):
    a, b = openpyxl.load_workbook(streamed), openpyxl.load_workbook(whole)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        sa, sb = a[name], b[name]
        assert (sa.max_row, sa.max_column) == (sb.max_row, sb.max_column), name
        for ra, rb in zip(sa.iter_rows(), sb.iter_rows()):
            for ca, cb in zip(ra, rb):
                assert (ca.value, ca.number_format, ca.font.b) == (cb.value, cb.number_format, cb.font.b), \
                    (name, ca.coordinate)
        assert sorted(map(str, sa.merged_cells.ranges)) == sorted(map(str, sb.merged_cells.ranges)), name
        heights = {r: d.height for r, d in sa.row_dimensions.items() if d.height}
        assert heights == {r: d.height for r, d in sb.row_dimensions.items() if d.height}, name
        assert {c.coordinate: c.comment.text for row in sa.iter_rows() for c in row if c.comment} == \
               {c.coordinate: c.comment.text for row in sb.iter_rows() for c in row if c.comment}, name
    assert a["Chi tiết điểm"].cell(7 + 4, 2).value == "  Đơn vị có dấu cách  "   # spaces kept


def test_a_text_shaped_like_rich_text_stays_text(tmp_path, result):
    # XlsxWriter copies a string "<r>...</r>" into the XML as rich text (its shared strings and
    # its own constant-memory writer alike); the streamed sheets write it as the text it is
    odd = dataclasses.replace(result.units[3], name="<r><t>Đơn vị</t></r>")
    path = write_report(dataclasses.replace(result, units=result.units[:3] + [odd] + result.units[4:]),
                        tmp_path)
    assert openpyxl.load_workbook(path)["Chi tiết điểm"].cell(7 + 3, 2).value == "<r><t>Đơn vị</t></r>"


def test_the_streamed_bytes_are_xlsxwriters_own(tmp_path, monkeypatch, result, streamed):
    class OwnStreamed(Worksheet):           # XlsxWriter's cell writer, in constant-memory mode
        def _initialize(self, init_data):
            super()._initialize({**init_data, "constant_memory": True})

    ours = write_report(result, tmp_path / "ours").read_bytes()
    monkeypatch.setattr(writer_module, "StreamedSheet", OwnStreamed)
    monkeypatch.setattr(writer_module, "ReportSheet", Worksheet)
    assert write_report(result, tmp_path / "theirs").read_bytes() == ours


def test_a_workbook_abandoned_half_written_leaves_no_row_files(tmp_path, monkeypatch, result):
    import tempfile

    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))     # nothing goes there
    out = tmp_path / "out"

    def fail(*_args, **_kwargs):
        work = [p for p in out.iterdir() if p.is_dir()]             # the .thidua-part-* folder
        assert [p.name[:13] for p in work] == [".thidua-part-"]
        assert len(list(work[0].iterdir())) == 4                   # the four streamed sheets
        raise RuntimeError("disk gone")

    monkeypatch.setattr(writer_module.sources_sheet, "write", fail)
    with pytest.raises(RuntimeError):
        write_report(result, out)
    assert list(system_tmp.iterdir()) == []
    assert [p.name for p in (tmp_path / "out").iterdir()] == []     # nor a half result
