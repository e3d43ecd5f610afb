"""A block larger than the demo prints right (issue 20 §2): 14 schools with long names and
8-letter codes, a 200-point base, a verification and a ballot, consolidated through the CLI and
printed to PDF by LibreOffice. Every cell's text of the printed sheets appears whole in the PDF
(a cell cut at its edge or a row too short for its lines loses text: LibreOffice does not draw
it), codes stay on one line, scores have a decimal comma, formal text names units, signers and
recipients come from the config, and a signature block stays with the paragraph before it."""
from __future__ import annotations

import re
import subprocess
import unicodedata

import openpyxl
import pytest

from processor.labels import label
from tests.support import libreoffice as lo
from tests.support.large_block import ADJUSTED, consolidate_large

pytestmark = pytest.mark.libreoffice

# Each printed sheet, in print order, and a text only its first page holds.
SHEETS = (("Tổng hợp", "BẢNG TỔNG HỢP KẾT QUẢ"), ("Đề nghị khen thưởng", "TỜ TRÌNH"),
          ("Biên bản", "BIÊN BẢN"), ("Biểu đồ", "Màu cột"), ("Chi tiết điểm", "CHI TIẾT ĐIỂM"),
          ("Lỗi và cảnh báo", "LỖI VÀ CẢNH BÁO"), ("Nguồn tệp", "DANH SÁCH TỆP"),
          ("Thẩm định điểm", "ĐIỂM TỰ CHẤM VÀ ĐIỂM THẨM ĐỊNH"),
          ("Kiểm phiếu suy tôn", "KẾT QUẢ KIỂM PHIẾU"))
FORMAL = ("Đề nghị khen thưởng", "Biên bản")
# every cell's text printed whole (not the sources: a SHA-256 wraps by design)
WHOLE = FORMAL + ("Tổng hợp", "Thẩm định điểm", "Lỗi và cảnh báo", "Kiểm phiếu suy tôn")


WINDOW = 400     # a wrapped cell's next line comes after the other columns of its line


def flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def printed_whole(cell: str, page: str) -> bool:
    """Every word of ``cell`` is in the flattened ``page`` text, in order, each within WINDOW
    characters of the one before: ``pdftotext -layout`` interleaves the lines of a row's
    wrapped cells, and LibreOffice leaves out what a cell cannot show."""
    words = [flat(w) for w in cell.split()]
    start = page.find(words[0])
    while start >= 0:
        pos, ok = start + len(words[0]), True
        for word in words[1:]:
            at = page.find(word, pos)
            if at < 0 or at - pos > WINDOW:
                ok = False
                break
            pos = at + len(word)
        if ok:
            return True
        start = page.find(words[0], start + 1)
    return False


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    lo.require_soffice(uno=True)
    root = tmp_path_factory.mktemp("large-print")
    book = consolidate_large(root)
    pdf = lo.convert(book, "pdf", root / "pdf")
    pages = []
    for i in range(1, lo.pdf_pages(pdf) + 1):
        pages.append(subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout)
    starts, at = [], 0
    for sheet, marker in SHEETS:
        while at < len(pages) and flat(marker) not in flat(pages[at]):
            at += 1
        assert at < len(pages), f"no page starts {sheet}"
        starts.append(at)
        at += 1
    bounds = starts + [len(pages)]
    by_sheet = {sheet: pages[bounds[i]:bounds[i + 1]] for i, (sheet, _) in enumerate(SHEETS)}
    wb = openpyxl.load_workbook(book)
    return {"book": book, "pdf": pdf, "pages": by_sheet, "wb": wb, "root": root}


def cell_texts(ws) -> list[str]:
    last = int(re.sub(r"\D", "", str(ws.print_area).split(":")[-1])) if ws.print_area else ws.max_row
    return [c.value for row in ws.iter_rows(max_row=last) for c in row
            if isinstance(c.value, str) and c.value.strip() and c.data_type != "f"]


@pytest.mark.parametrize("sheet", WHOLE)
def test_every_cell_prints_whole(printed, sheet):
    text = flat("".join(printed["pages"][sheet]))
    missing = [t for t in cell_texts(printed["wb"][sheet]) if not printed_whole(t, text)]
    assert missing == [], f"{sheet}: cut or hidden in print: {missing[:5]}"


@pytest.mark.parametrize("sheet", ("Tổng hợp", "Thẩm định điểm"))
def test_codes_never_broken(printed, sheet):
    from processor.config.block import load_block
    block = load_block(printed["root"] / "block.toml")
    codes = [t for t in cell_texts(printed["wb"][sheet]) if t in block.unit_codes]
    assert len(codes) >= 14
    lines = [line for page in printed["pages"][sheet] for line in page.splitlines()]
    for code in set(codes):
        whole = sum(len(re.findall(rf"(?<!\w){code}(?!\w)", line)) for line in lines)
        assert whole >= codes.count(code), f"{code} broken across lines in {sheet}"


def test_formal_text_names_units_not_codes(printed):
    from processor.config.block import load_block
    block = load_block(printed["root"] / "block.toml")
    for sheet in FORMAL:
        text = "".join(printed["pages"][sheet])
        found = [code for code in block.unit_codes if re.search(rf"(?<!\w){code}(?!\w)", text)]
        assert found == [], sheet


def test_scores_print_with_a_decimal_comma(printed):
    for sheet in ("Tổng hợp", "Đề nghị khen thưởng", "Biên bản", "Chi tiết điểm", "Thẩm định điểm"):
        text = "".join(printed["pages"][sheet])
        assert re.search(r"\b\d{2,3},\d\d\b", text), sheet
        assert not re.search(r"\b\d{1,3}\.\d\d\b", text), sheet
    assert "190,00" in "".join(printed["pages"]["Tổng hợp"])


def test_signature_blocks_stay_with_the_last_paragraph(printed):
    for sheet, closing in (("Đề nghị khen thưởng", "tổng hợp, trình Chủ tịch UBND tỉnh quyết định./."),
                           ("Biên bản", "nhất trí thông qua./.")):
        pages = [flat(p) for p in printed["pages"][sheet]]
        signed = max(i for i, p in enumerate(pages) if flat("Trần Thị Lan Phương") in p)
        assert flat(closing) in pages[signed], sheet
        assert flat("Nguyễn Văn Minh") in pages[signed], sheet
    minutes = [flat(p) for p in printed["pages"]["Biên bản"]]
    assert any(flat("Nguyễn Thị Thu Hằng") in p and flat("Nguyễn Văn Minh") in p for p in minutes)


def test_signers_titles_and_recipients_from_the_config(printed):
    text = flat("".join(printed["pages"]["Đề nghị khen thưởng"]))
    for needle in ("Nguyễn Văn Minh", "Hiệu trưởng Trường Trung học phổ thông Chuyên Thái Nguyên",
                   "Trần Thị Lan Phương", "Nơi nhận:",
                   "- Hội đồng Thi đua - Khen thưởng tỉnh Thái Nguyên (Ban Thi đua - Khen thưởng, "
                   "Sở Nội vụ);", "- Sở Giáo dục và Đào tạo tỉnh Thái Nguyên;", "- Lưu: VT, Khối."):
        assert printed_whole(needle, text), needle
    assert flat("Hội đồng TĐKT") not in text          # the built-in list gave way to the config's


def test_minutes_record_the_verification_and_the_ballot(printed):
    text = flat("".join(printed["pages"]["Biên bản"]))
    assert flat("Kết quả thẩm định:") in text and flat("3 tiêu chí của 3 đơn vị") in text
    for (unit, criterion), (score, reason) in ADJUSTED.items():
        assert flat(f"tiêu chí {criterion}") in text and flat(reason) in text
    assert flat("phát ra 14 phiếu, thu về 13 phiếu, 11 phiếu hợp lệ, 2 phiếu không hợp lệ") in text
    assert flat("Trường Trung học phổ thông Chuyên Thái Nguyên 11 phiếu") in text


def test_grounds_read_as_sentences(printed):
    ws = printed["wb"]["Đề nghị khen thưởng"]
    grounds = [t for t in cell_texts(ws) if "xếp thứ" in t]
    assert len(grounds) == 4
    for text in grounds:
        assert text[0].isupper() and text.endswith(".")
        assert "; Đạt" not in text and "; Trong" not in text      # no capital after a semicolon
    assert label("grounds.verified_none", "vi").lower() in grounds[2]
