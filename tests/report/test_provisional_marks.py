"""A provisional result never prints as a signable document: through the real command, every
formal sheet opens with "DỰ THẢO — KẾT QUẢ TẠM THỜI" and the reason, and every sheet carries
the mark in its print header; a final result carries none of it."""
import json
import re
import subprocess
from datetime import datetime

import openpyxl
import pytest
from click.testing import CliRunner

from processor.cli import cli
from tests.support import libreoffice as lo
from tests.support.workspace import DEMO_CONFIG, Workspace, base_scores

MARK = "DỰ THẢO — KẾT QUẢ TẠM THỜI"
FORMAL = ("Đề nghị khen thưởng", "Biên bản")


def consolidate(ws, lang="vi"):
    out_json = ws.root / "ket-qua.json"
    res = CliRunner().invoke(cli, ["consolidate", "--config", str(DEMO_CONFIG), "--inbox",
                                   str(ws.inbox), "--out", str(ws.out), "--json", str(out_json),
                                   "--lang", lang], catch_exceptions=False)
    data = json.loads(out_json.read_text(encoding="utf-8"))
    prefix = "result" if lang == "en" else "ket-qua"
    return res, data, next(ws.out.glob(f"{prefix}-*.xlsx"))


def texts(sheet) -> list[str]:
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


@pytest.fixture
def missing_two(tmp_path):
    """Every unit but Sở KH&CN and Sở Y tế has sent its sheet."""
    ws = Workspace(tmp_path)
    for i, unit in enumerate(ws.block.unit_codes):
        if unit not in ("SKHCN", "SYT"):
            ws.submit(unit, level=0.95 - 0.01 * i)
    return ws


def test_formal_sheets_of_a_provisional_result_say_draft_with_the_reason(missing_two):
    res, data, path = consolidate(missing_two)
    assert res.exit_code == 3
    reason = "Chưa phải văn bản để ký: 2 đơn vị chưa gửi bảng tự chấm (Sở KH&CN, Sở Y tế)."
    assert data["provisional"] is True
    assert data["provisional_reasons"] == [{
        "kind": "missing", "units": ["SKHCN", "SYT"],
        "text": "2 đơn vị chưa gửi bảng tự chấm (Sở KH&CN, Sở Y tế)"}]
    book = openpyxl.load_workbook(path)
    for name in FORMAL:
        sheet = book[name]
        assert sheet["A1"].value == MARK, name                 # the first visible row
        assert sheet["A2"].value == reason, name
        assert sheet["A1"].font.color.rgb.endswith("C00000") and sheet["A1"].font.b
        assert {"A1:F1", "A2:F2"} <= {str(r) for r in sheet.merged_cells.ranges}   # full width
        # the official header follows the mark: the document below is unchanged
        assert "UBND TỈNH BẮC KẠN" in texts(sheet)
    # every sheet of the workbook prints the mark and the reason in its page header ("&" is
    # written "&&" in a header string)
    for sheet in book.worksheets:
        header = sheet.oddHeader.center.text or ""
        assert header.startswith(MARK + "\n"), sheet.title
        assert header.split("\n")[1] == reason.replace("&", "&&"), sheet.title
    # the summary's banner gives the reason too, and so does the terminal
    assert any(reason in t for t in texts(book["Tổng hợp"]))
    assert "2 đơn vị chưa gửi bảng tự chấm (Sở KH&CN, Sở Y tế)" in res.output


def test_units_with_errors_are_named_as_the_reason(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    bad = base_scores(ws.block, "SYT")
    bad["I.2"] = "mười"
    ws.submit("SYT", bad, name="SYT.xlsx", received=datetime(2020, 12, 16))
    res, data, path = consolidate(ws)
    assert res.exit_code == 3
    assert [r["kind"] for r in data["provisional_reasons"]] == ["invalid"]
    assert data["provisional_reasons"][0]["units"] == ["SYT"]
    book = openpyxl.load_workbook(path)
    for name in FORMAL:
        assert book[name]["A2"].value == \
            "Chưa phải văn bản để ký: 1 đơn vị có hồ sơ lỗi (Sở Y tế)."


def test_english_draft_mark(missing_two):
    res, data, path = consolidate(missing_two, lang="en")
    assert res.exit_code == 3
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[1]
    assert sheet["A1"].value == "DRAFT — PROVISIONAL RESULT"
    assert sheet["A2"].value == ("Not a document to sign: 2 unit(s) have sent no self-scoring "
                                 "sheet (Sở KH&CN, Sở Y tế).")
    assert sheet.oddHeader.center.text.startswith("DRAFT — PROVISIONAL RESULT\n")


def test_a_final_result_carries_no_mark(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    res, data, path = consolidate(ws)
    assert res.exit_code == 0
    assert data["provisional"] is False and "provisional_reasons" not in data
    book = openpyxl.load_workbook(path)
    for name in FORMAL:
        assert book[name]["A1"].value == "UBND TỈNH BẮC KẠN"       # the issuing body, as before
    for sheet in book.worksheets:
        assert not any("DỰ THẢO" in t or "TẠM THỜI" in t for t in texts(sheet)), sheet.title
        assert not sheet.oddHeader.center.text, sheet.title


def test_a_long_reason_is_cut_to_excels_header_limit(tmp_path):
    ws = Workspace(tmp_path)            # nothing received: ten units named in the reason
    res, data, path = consolidate(ws)
    assert res.exit_code == 3
    assert "và 2 đơn vị khác" in data["provisional_reasons"][0]["text"]
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        header = sheet.oddHeader.center.text
        assert header.startswith(MARK + "\n") and "10 đơn vị chưa gửi" in header, sheet.title
    # the raw header string, codes included, stays within Excel's 255 characters (XlsxWriter
    # would drop a longer one)
    for name in FORMAL:
        raw = re.search(r"<oddHeader>(.*?)</oddHeader>", _sheet_xml(path, book.sheetnames.index(name)),
                        re.S)
        assert raw and len(raw.group(1).replace("&amp;", "&").replace("&quot;", '"')) <= 255


def test_a_reason_too_long_for_a_print_header_is_cut_not_dropped(tmp_path):
    import xlsxwriter
    from types import SimpleNamespace

    from processor.model import ProvisionalReason
    from processor.report import formal

    long = [ProvisionalReason("missing", [], "đơn vị " + "Sở Kế hoạch và Đầu tư & " * 20)]
    result = SimpleNamespace(provisional=True, provisional_reasons=long)
    path = tmp_path / "h.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        formal.print_mark(wb.add_worksheet("a"), result, "vi")
    header = openpyxl.load_workbook(path)["a"].oddHeader.center.text
    assert header.startswith(MARK + "\nChưa phải văn bản để ký: đơn vị Sở Kế hoạch")
    assert header.endswith("\u2026") and not header.endswith("&\u2026")
    raw = re.search(r"<oddHeader>(.*?)</oddHeader>", _sheet_xml(path, 0), re.S).group(1)
    assert 240 <= len(raw.replace("&amp;", "&").replace("&quot;", '"')) <= 255


def _sheet_xml(path, index: int) -> str:
    import zipfile
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index + 1}.xml").decode("utf-8")


@pytest.mark.libreoffice
def test_every_printed_page_of_a_provisional_result_says_draft(missing_two, tmp_path):
    lo.require_soffice()
    res, _, path = consolidate(missing_two)
    assert res.exit_code == 3
    pdf = lo.convert(path, "pdf", tmp_path / "pdf")
    pages = _pages(pdf)
    starts = {name: next(i for i, p in enumerate(pages) if marker in p)
              for name, marker in (("proposals", "TỜTRÌNH"), ("minutes", "BIÊNBẢN"),
                                   ("charts", "Màucột"))}
    formal = range(starts["proposals"], starts["charts"])
    assert len(formal) >= 2 and starts["proposals"] < starts["minutes"] < starts["charts"]
    reason = "Chưaphảivănbảnđểký:2đơnvịchưagửibảngtựchấm(SởKH&CN,SởYtế)."
    for i in formal:                      # each page of the Tờ trình and the Biên bản
        assert pages[i].startswith("DỰTHẢO—KẾTQUẢTẠMTHỜI" + reason), (i, pages[i][:120])
    for i, page in enumerate(pages):      # and every other printed page, by its print header
        assert "DỰTHẢO—KẾTQUẢTẠMTHỜI" in page and reason in page, i
    # the visible mark opens the first page of each formal document, under the print header
    for name in ("proposals", "minutes"):
        body = pages[starts[name]][len("DỰTHẢO—KẾTQUẢTẠMTHỜI" + reason):]
        assert body.startswith("DỰTHẢO—KẾTQUẢTẠMTHỜI" + reason), name


@pytest.mark.libreoffice
def test_a_final_result_prints_no_draft_mark(tmp_path):
    lo.require_soffice()
    ws = Workspace(tmp_path)
    ws.submit_all()
    res, _, path = consolidate(ws)
    assert res.exit_code == 0
    pages = _pages(lo.convert(path, "pdf", tmp_path / "pdf"))
    assert pages and not any("DỰTHẢO" in p or "TẠMTHỜI" in p for p in pages)


def _pages(pdf) -> list[str]:
    out = []
    for i in range(1, lo.pdf_pages(pdf) + 1):
        text = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        out.append(re.sub(r"\s+", "", text))
    return out
