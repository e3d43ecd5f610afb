"""Who signs the formal documents and where the proposal goes: the config's signers and
recipients, or a blank line to sign over and the built-in recipients; units named, not coded."""
from __future__ import annotations

import dataclasses

import openpyxl

from processor.config.block import Signer
from processor.report import write_report
from processor.report.common import named, sentence
from processor.report.formal import signer
from tests.support.results import demo_result
from tests.support.workspace import demo_block


def strings(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return [c.value.lstrip("\u2003") for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]


def test_without_signers_a_blank_line_under_each_unit_and_the_built_in_recipients(tmp_path):
    block = dataclasses.replace(demo_block(), signers=(), recipients=())
    book = write_report(demo_result(block=block), tmp_path)
    cells = strings(book, "Đề nghị khen thưởng")
    assert cells.count("………………………………………") == 2                  # two names to write by hand
    assert "Sở Y tế" in cells and "Ban Dân tộc tỉnh" in cells      # whose head signs
    assert cells[-3:] == ["- Hội đồng TĐKT tỉnh Bắc Kạn (Ban TĐKT);", "- Các đơn vị thành viên Khối;",
                          "- Lưu: VT, Khối."]
    minutes = strings(book, "Biên bản")
    assert "Chủ trì: Sở Y tế - Khối trưởng năm 2020" in minutes
    assert not any(t.startswith(("Kết quả thẩm định", "Kết quả bỏ phiếu")) for t in minutes)


def test_configured_signers_and_recipients(tmp_path):
    block = dataclasses.replace(
        demo_block(), signers=(Signer("chair", "Giám đốc Sở Y tế", "Nguyễn Văn An"),
                               Signer("deputy", "Trưởng ban", "Hoàng Thị Bình"),
                               Signer("secretary", "Chuyên viên", "Lê Văn Cường")),
        recipients=("UBND tỉnh", "Lưu: VT"))
    assert signer(block, "chair", "vi") == ("Nguyễn Văn An", "Giám đốc Sở Y tế")   # holds the unit
    assert signer(block, "deputy", "vi") == ("Hoàng Thị Bình", "Trưởng ban Ban Dân tộc tỉnh")
    book = write_report(demo_result(block=block), tmp_path)
    cells = strings(book, "Đề nghị khen thưởng")
    assert {"Nguyễn Văn An", "Giám đốc Sở Y tế", "Hoàng Thị Bình"} <= set(cells)
    assert cells.index("Giám đốc Sở Y tế") < cells.index("(Ký tên, đóng dấu)") < \
        cells.index("Nguyễn Văn An")                    # the title above, the name under
    assert cells[-2:] == ["- UBND tỉnh;", "- Lưu: VT."]
    minutes = strings(book, "Biên bản")
    assert "Chủ trì: Nguyễn Văn An, Giám đốc Sở Y tế - Khối trưởng năm 2020" in minutes
    assert {"Lê Văn Cường", "Chuyên viên"} <= set(minutes)


def test_the_demo_prints_its_signers(tmp_path):
    book = write_report(demo_result(), tmp_path)
    cells = strings(book, "Đề nghị khen thưởng")
    assert {"Nguyễn Văn A", "Trần Thị B"} <= set(cells) and "………………………………………" not in cells
    assert cells[-3:] == ["- Hội đồng TĐKT tỉnh (Ban TĐKT);", "- Các đơn vị thành viên Khối;",
                          "- Lưu: VT, Khối."]


def test_codes_in_text_become_names_but_not_in_file_names_or_other_words():
    block = demo_block()
    text = "SYT dẫn đầu; nhiều phiếu nhất: BDT, 5 phiếu; tệp SYT.xlsx; mã SYTX; SYT."
    assert named(text, block) == ("Sở Y tế dẫn đầu; nhiều phiếu nhất: Ban Dân tộc tỉnh, 5 phiếu; "
                                  "tệp SYT.xlsx; mã SYTX; Sở Y tế.")
    assert named("SYT", block, short=True) == "Sở Y tế"


def test_grounds_as_one_sentence():
    assert sentence(["Đạt 90,00 điểm, xếp thứ 1/5", "Dẫn đầu Khối;", "Hội nghị quyết định"]) == \
        "Đạt 90,00 điểm, xếp thứ 1/5; dẫn đầu Khối; Hội nghị quyết định."
    assert sentence([]) == ""
