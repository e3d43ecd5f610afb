"""The block defined in a workbook: the same Block as block.toml, every mistake named by its
sheet!cell, conversions both ways without loss, through the library and the real commands."""
import copy
import json
import re
import tomllib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from processor.cli import cli
from processor.cli.config import INIT_NAME, toml_text
from processor.config import ConfigError, load_block, parse_block
from processor.config.block import load_config
from processor.config.compare import differences
from processor.config.review import review_config
from processor.report.config_book import write_config_book
from tests.support.workspace import DEMO_CONFIG, Workspace

DEMO_RAW = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
CREATED = datetime(2021, 1, 1)


def book(tmp_path: Path, raw: dict | None = None, name: str = "khoi.xlsx") -> Path:
    return write_config_book(copy.deepcopy(raw or DEMO_RAW), tmp_path / name, CREATED)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def label_row(ws, label: str) -> int:
    """The row (1-based) whose column A holds ``label``."""
    return next(c.row for c in ws["A"] if c.value == label)


def edited(path: Path, changes, out: Path | None = None) -> Path:
    """``changes``: (sheet, where, value); ``where`` is an A1 cell or a label of column A (its
    value in B). Saved by openpyxl, as another program would."""
    wb = openpyxl.load_workbook(path)
    for sheet, where, value in changes:
        ws = wb[sheet]
        at_label = not re.fullmatch(r"[A-Z]{1,2}\d+", where)
        cell = ws.cell(label_row(ws, where), 2) if at_label else ws[where]
        cell.value = value
    target = out or path.with_name("edited.xlsx")
    wb.save(target)
    return target


def problems(path: Path) -> list[tuple[str, str]]:
    """(where it was typed, message) of each problem of the workbook at ``path``."""
    with pytest.raises(ConfigError) as err:
        load_block(path)
    return [(err.value.where.get(k, k), m) for k, m in err.value.problems]


def row_of(sheet: str, code: str, tmp_path: Path, column: str = "A") -> int:
    ws = openpyxl.load_workbook(tmp_path / "khoi.xlsx")[sheet]
    return next(c.row for c in ws[column] if c.value == code)


# --- the same block ----------------------------------------------------------------------------

def test_the_demo_workbook_is_the_demo_block_field_by_field(tmp_path):
    toml_block = load_block(DEMO_CONFIG)
    path = book(tmp_path)
    book_block = load_block(path)
    assert differences(toml_block, book_block) == []
    # and plainly, for what a mistake would most likely break
    assert book_block.unit_codes == toml_block.unit_codes
    assert book_block.unit("CDBK").not_applicable == frozenset({"II.1", "III.2"})
    assert book_block.unit("CDBK").aliases == ("Trường Cao đẳng Cộng đồng",
                                               "Trường Cao đẳng nghề Dân tộc Nội trú tỉnh")
    assert [c.kind for c in book_block.criteria] == [c.kind for c in toml_block.criteria]
    assert book_block.criterion("I.1").evidence_required is True
    assert book_block.deadline == datetime(2020, 12, 20, 17, 0)
    assert book_block.meeting_date == date(2021, 1, 4)
    assert book_block.issuing_body == ("UBND TỈNH BẮC KẠN", "KHỐI THI ĐUA VĂN HÓA - XÃ HỘI")
    assert review_config(book_block).rotation.rule == "leader_becomes_deputy"
    assert review_config(book_block).verification.enabled is True


def test_the_raw_tree_survives_the_workbook(tmp_path):
    _, raw = load_config(book(tmp_path))
    expected = copy.deepcopy(DEMO_RAW)
    del expected["awards"]["tie_breakers"]          # an empty list is an empty cell: the default
    expected["block"]["recipients"] = "\n".join(expected["block"]["recipients"])   # lines, one cell
    assert raw == expected


def test_workbook_to_toml_to_workbook_is_stable(tmp_path):
    first = book(tmp_path, name="a.xlsx")
    _, raw = load_config(first)
    text = toml_text(raw, first.name)
    again = book(tmp_path, tomllib.loads(text), name="b.xlsx")
    assert first.read_bytes() == again.read_bytes()
    _, raw_again = load_config(again)
    assert toml_text(raw_again, first.name) == text


def test_a_date_only_or_midnight_deadline_keeps_its_meaning(tmp_path):
    for value, expected in ((date(2020, 12, 20), datetime(2020, 12, 20, 23, 59, 59)),
                            (datetime(2020, 12, 20, 0, 0), datetime(2020, 12, 20, 0, 0)),
                            (datetime(2020, 12, 20, 8, 30, 15), datetime(2020, 12, 20, 8, 30, 15))):
        raw = copy.deepcopy(DEMO_RAW)
        raw["block"]["deadline"] = value
        assert load_block(book(tmp_path, raw)).deadline == expected, value


def test_a_deadline_with_an_offset_is_written_in_the_blocks_time(tmp_path):
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8").replace(
        "deadline = 2020-12-20T17:00:00", "deadline = 2020-12-20T10:00:00Z"))
    assert differences(parse_block(copy.deepcopy(raw)), load_block(book(tmp_path, raw))) == []
    assert load_block(tmp_path / "khoi.xlsx").deadline == datetime(2020, 12, 20, 17, 0)


# --- typed as a person types ---------------------------------------------------------------

def test_cells_typed_as_text_are_read_like_numbers_dates_and_words(tmp_path):
    path = book(tmp_path)
    crit = row_of("Tiêu chí", "I.2", tmp_path, "D")
    path = edited(path, [
        ("Khối", "Năm tổng kết", "2020"),
        ("Khối", "Hạn nộp", "20/12/2020 17h30"),
        ("Khối", "Ngày họp tổng kết", "05/01/2021"),
        ("Tiêu chí", f"F{crit}", "9,5"),
        ("Tiêu chí", f"G{crit}", "Điểm thưởng"),
        ("Tiêu chí", f"H{crit}", "có"),
        ("Đơn vị", "D5", "a@x.vn, B@X.VN;\nc@x.vn"),
        ("Khen thưởng", "Số Bằng khen", "3"),
    ])
    block = load_block(path)
    assert block.year == 2020
    assert block.deadline == datetime(2020, 12, 20, 17, 30)
    assert block.meeting_date == date(2021, 1, 5)
    c = block.criterion("I.2")
    assert (c.max, c.kind, c.evidence_required) == (9.5, "bonus", True)
    assert block.units[0].emails == ("a@x.vn", "b@x.vn", "c@x.vn")
    assert block.awards.merit.count == 3


def test_section_code_may_be_repeated_on_every_row(tmp_path):
    path = book(tmp_path)
    first, after = (row_of("Tiêu chí", code, tmp_path, "D") for code in ("I.1", "II.1"))
    path = edited(path, [("Tiêu chí", f"A{r}", "I") for r in range(first, after)])
    assert differences(load_block(DEMO_CONFIG), load_block(path)) == []


def test_signers_and_recipients_come_from_the_block_sheet(tmp_path):
    path = book(tmp_path)
    ws = openpyxl.load_workbook(path)["Khối"]
    head = label_row(ws, "Ký với tư cách")                      # the signers' header
    assert [c.value for c in ws[head][:3]] == ["Ký với tư cách", "Chức vụ", "Họ và tên"]
    path = edited(path, [("Khối", f"C{head + 2}", "Phạm Thị D"),
                         ("Khối", "Nơi nhận", "- Như trên;\n- Ban Thi đua - Khen thưởng tỉnh;\n"
                                              "- Lưu: VT.")])
    block = load_block(path)
    assert block.signer("chair").name == "Nguyễn Văn A"
    assert (block.signer("deputy").title, block.signer("deputy").name) == \
        ("Trưởng Ban Dân tộc", "Phạm Thị D")
    assert block.recipients == ("Như trên", "Ban Thi đua - Khen thưởng tỉnh", "Lưu: VT")
    raw = copy.deepcopy(DEMO_RAW)
    del raw["block"]["signers"], raw["block"]["recipients"]
    bare = parse_block(raw)                    # optional: the documents keep their own lines
    assert (bare.signers, bare.recipients, bare.signer("chair")) == ((), (), None)


def test_a_role_signed_twice_is_named_in_both_forms(tmp_path):
    path = book(tmp_path)
    head = label_row(openpyxl.load_workbook(path)["Khối"], "Ký với tư cách")
    found = problems(edited(path, [("Khối", f"A{head + 3}", "Khối trưởng")]))
    assert found == [(f"Khối!A{head + 3}", "tư cách Khối trưởng ('chair') bị trùng (đã có ở "
                                           f"Khối!A{head + 1})")]
    raw = copy.deepcopy(DEMO_RAW)
    raw["block"]["signers"][2]["role"] = "chair"
    with pytest.raises(ConfigError) as err:
        parse_block(raw)
    assert err.value.problems == [
        ("block.signers[3].role",
         "tư cách Khối trưởng ('chair') bị trùng (đã có ở block.signers[1].role)")]


# --- mistakes: sheet!cell, what was expected, the same rules as block.toml --------------------

def test_text_in_a_maximum_and_an_unknown_chair_name_their_cells(tmp_path):
    path = book(tmp_path)
    crit = row_of("Tiêu chí", "I.2", tmp_path, "D")
    chair = label_row(openpyxl.load_workbook(path)["Khối"], "Khối trưởng")
    found = problems(edited(path, [("Tiêu chí", f"F{crit}", "mười"),
                                   ("Khối", "Khối trưởng", "SYTT")]))
    assert found == [
        (f"Khối!B{chair}", "mã đơn vị 'SYTT' không có trong trang «Đơn vị»; có phải 'SYT'?"),
        (f"Tiêu chí!F{crit}", "cần một số, nhận được 'mười'"),
    ]


@pytest.mark.parametrize("sheet, where, value, expected, at", [
    ("Khối", "Năm tổng kết", "hai nghìn", "cần số nguyên, nhận được 'hai nghìn'", None),
    ("Khối", "Năm tổng kết", 1800, "cần số nguyên từ 1990 đến 2100, nhận được 1800", None),
    ("Khối", "Hạn nộp", "31/02/2020", "cần ngày giờ, ví dụ 20/12/2020 17:00 (hoặc chỉ ngày); "
                                      "nhận được '31/02/2020'", None),
    ("Khối", "Múi giờ", "Asia/Ho_Chi_Min", "không có múi giờ 'Asia/Ho_Chi_Min'; có phải "
                                           "'Asia/Ho_Chi_Minh'?", None),
    ("Khen thưởng", "Số Cờ thi đua", "2.000", "không rõ '2.000' là 2 hay 2000; ghi số không có "
                                              "dấu ngăn cách hàng nghìn", None),
    ("Khen thưởng", "Làm tròn số Bằng khen", "tròn lên", "cần một trong: xuống, lên, gần nhất; "
                                                         "nhận được 'tròn lên'", None),
    ("Khen thưởng", "Tỷ lệ Bằng khen", 0.3, "chỉ khai báo một trong hai: «Số Bằng khen» hoặc "
                                            "«Tỷ lệ Bằng khen»", "Số Bằng khen"),
    ("Tùy chọn", "Bật thẩm định", "Co le", "cần Có hoặc Không, nhận được 'Co le'", None),
    ("Tùy chọn", "Tỷ lệ phiếu thu về tối thiểu", datetime(2021, 3, 2),
     "ô này là ngày 02/03/2021: có lẽ chương trình bảng tính đã đổi một tỷ lệ như 2/3 thành "
     "ngày; định dạng ô là Văn bản (Text) rồi gõ lại, hoặc ghi 0,67", None),
])
def test_a_wrong_value_is_refused_at_its_cell(tmp_path, sheet, where, value, expected, at):
    path = book(tmp_path)
    row = label_row(openpyxl.load_workbook(path)[sheet], at or where)
    assert problems(edited(path, [(sheet, where, value)])) == [(f"{sheet}!B{row}", expected)]


def test_a_duplicate_unit_code_points_at_the_first_one(tmp_path):
    path = edited(book(tmp_path), [("Đơn vị", "A6", "SKHCN")])
    found = problems(path)
    assert ("Đơn vị!A6", "mã đơn vị 'SKHCN' bị trùng (đã có ở Đơn vị!A5)") in found


def test_unknown_sheets_labels_and_headers_are_problems_with_a_suggestion(tmp_path):
    path = book(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Đơn vị"]["C4"] = "Ten viet tat"
    stray = label_row(wb["Khối"], "Người ký văn bản")           # two rows above the signers
    wb["Khối"].insert_rows(stray, 2)
    wb["Khối"].cell(stray, 1, "Ten khoi")
    wb["Khối"].cell(stray, 2, "X")
    wb["Khối"].cell(stray + 1, 1, "Một ghi chú không có giá trị")  # nothing lost: not a problem
    wb["Tùy chọn"].title = "Tuy chon"
    wb.create_sheet("Trống")                                     # empty: nothing lost either
    wb.save(path)
    assert problems(path) == [
        ("Tuy chon", "trang không có trong mẫu bảng cấu hình, dữ liệu trên trang không được đọc; "
                     "có phải 'Tùy chọn'?"),
        (f"Khối!A{stray}", "mục 'Ten khoi' không có; có phải 'Tên Khối'?"),
        ("Đơn vị!C4", "cột 'Ten viet tat' không có, dữ liệu cột này không được đọc; có phải "
                      "'Tên viết tắt'?"),
    ]


def test_a_missing_required_value_or_sheet_is_named(tmp_path):
    path = book(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Đơn vị"]["B7"] = None                       # the third unit's full name
    del wb["Tiêu chí"]
    wb.save(path)
    found = problems(path)
    assert ("Đơn vị!B7", "thiếu (bắt buộc)") in found
    assert ("trang 'Tiêu chí' (không có trong tệp)", "thiếu (bắt buộc)") in found


def test_criteria_rows_name_their_group_problems(tmp_path):
    path = book(tmp_path)
    second = row_of("Tiêu chí", "I.2", tmp_path, "D")
    found = problems(edited(path, [("Tiêu chí", f"A{second}", "I"),
                                   ("Tiêu chí", f"B{second}", "Một tên khác")]))
    assert found == [(f"Tiêu chí!B{second}", "'Tên nhóm' khác với dòng 5 của cùng nhóm")]


def test_a_formula_error_is_refused_not_read_as_blank(tmp_path):
    """python-calamine reads an error cell as blank; an optional value would silently take its
    default. The reader finds error cells in xlsx and refuses them."""
    path = tmp_path / "tay.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    rows = {"Khối": [("Mục", "Giá trị"), ("Mã Khối", "k"), ("Tên Khối", "K"),
                     ("Năm tổng kết", 2020), ("Tỉnh, thành phố", "T"), ("Khối trưởng", "A")],
            "Đơn vị": [("Mã đơn vị", "Tên đầy đủ"), ("A", "Đơn vị A")],
            "Tiêu chí": [("Mã nhóm", "Tên nhóm", "Mã tiêu chí", "Nội dung tiêu chí", "Điểm chuẩn"),
                         ("I", "Nhóm", "I.1", "Một", 10)],
            "Khen thưởng": [("Mục", "Giá trị"), ("Số Cờ thi đua", 1)]}
    for name, sheet_rows in rows.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(sheet_rows):
            ws.write_row(r, 0, row)
    awards = wb.get_worksheet_by_name("Khen thưởng")
    awards.write_string(2, 0, "Điểm tối thiểu để được Cờ")
    awards.write_formula(2, 1, "=1/0", None, "#DIV/0!")
    wb.close()
    assert problems(path) == [("Khen thưởng!B3", "ô có lỗi công thức #DIV/0!")]
    wb2 = openpyxl.load_workbook(path)
    wb2["Khen thưởng"]["B3"] = 80
    wb2.save(path)
    block = load_block(path)            # a minimal hand-made workbook is a whole block
    assert (block.awards.flag.min_score, block.unit_codes, block.full_base_max) == (80, ("A",), 10)


# --- the commands ------------------------------------------------------------------------------

def test_init_writes_the_demo_workbook_and_never_overwrites(tmp_path):
    res = run("init", "--out", tmp_path)
    assert res.exit_code == 0, res.output
    path = tmp_path / INIT_NAME
    assert differences(load_block(DEMO_CONFIG), load_block(path)) == []
    assert path.read_bytes() == book(tmp_path).read_bytes()       # reproducible bytes
    before = path.read_bytes()
    again = run("init", "--out", tmp_path)
    assert again.exit_code == 2 and "không ghi đè" in again.output
    assert path.read_bytes() == before


def test_the_package_demo_block_is_demo_block_toml():
    from processor.cli.config import demo_raw
    assert demo_raw() == DEMO_RAW


def test_config_check_summarises_or_lists_every_problem(tmp_path):
    res = run("config", "check", book(tmp_path))
    assert res.exit_code == 0, res.output
    assert "Đơn vị: 10; Khối trưởng SYT, Khối phó BDT" in res.output
    assert "Tiêu chí: 20 trong 8 nhóm; điểm chuẩn đầy đủ 100" in res.output
    bad = edited(tmp_path / "khoi.xlsx", [("Khối", "Năm tổng kết", "x"), ("Đơn vị", "A5", "")])
    res = run("config", "check", bad)
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "Khối!B7 (block.year): cần số nguyên, nhận được 'x'" in res.output
    assert "Đơn vị!A5 (units[1].code): thiếu (bắt buộc)" in res.output


def test_config_export_both_ways_and_its_refusals(tmp_path):
    xlsx, toml = tmp_path / "k.xlsx", tmp_path / "k.toml"
    assert run("config", "export", DEMO_CONFIG, xlsx).exit_code == 0
    assert xlsx.read_bytes() == book(tmp_path).read_bytes()
    res = run("config", "export", xlsx, toml)
    assert res.exit_code == 0 and "cùng một Khối" in res.output
    assert differences(load_block(DEMO_CONFIG), load_block(toml)) == []
    text = toml.read_text(encoding="utf-8")
    assert 'name = "Khối thi đua Văn hóa - Xã hội"' in text
    assert "deadline = 2020-12-20 17:00:00" in text
    assert run("config", "export", xlsx, tmp_path / "k.csv").exit_code == 2
    assert run("config", "export", xlsx, xlsx).exit_code == 2
    broken = edited(xlsx, [("Khối", "Năm tổng kết", "x")])
    res = run("config", "export", broken, tmp_path / "n.toml")
    assert res.exit_code == 2 and not (tmp_path / "n.toml").exists()


def test_a_value_a_cell_cannot_hold_is_refused_by_export(tmp_path):
    raw = copy.deepcopy(DEMO_RAW)
    raw["units"][0]["emails"] = ["a@x.vn; b@x.vn"]
    config = tmp_path / "b.toml"
    config.write_text(toml_text(raw, "test"), encoding="utf-8")
    res = run("config", "export", config, tmp_path / "b.xlsx")
    assert res.exit_code == 2 and "'a@x.vn; b@x.vn' không ghi được" in res.output
    assert not (tmp_path / "b.xlsx").exists()


def test_consolidate_with_the_workbook_gives_the_same_bytes(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    xlsx = book(tmp_path, name="demo.xlsx")
    outputs = []
    for config, name in ((DEMO_CONFIG, "toml"), (xlsx, "xlsx")):
        out = tmp_path / f"out-{name}"
        res = run("consolidate", "--config", config, "--inbox", ws.inbox, "--out", out,
                  "--json", out / "result.json", "--created", "2021-01-04T08:00:00")
        assert res.exit_code == 0, res.output
        outputs.append(out)
    names = sorted(p.name for p in outputs[0].glob("*") if p.suffix in (".xlsx", ".json"))
    assert "result.json" in names and any(n.startswith("ket-qua") for n in names)
    for name in names:
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name
    assert json.loads((outputs[1] / "result.json").read_text(encoding="utf-8"))["block"]["id"] \
        == "bk-vhxh"


def test_lists_have_drop_downs_and_inputs_are_marked(tmp_path):
    wb = openpyxl.load_workbook(book(tmp_path))
    assert wb.sheetnames == ["Hướng dẫn", "Khối", "Đơn vị", "Tiêu chí", "Khen thưởng", "Tùy chọn"]

    def rule(sheet: str, cell: str):
        found = [dv for dv in wb[sheet].data_validations.dataValidation if cell in dv.sqref]
        assert len(found) == 1, (sheet, cell)
        return found[0]
    chair = f"B{label_row(wb['Khối'], 'Khối trưởng')}"
    assert rule("Khối", chair).formula1 == "'Đơn vị'!$A$5:$A$1004"
    assert rule("Tiêu chí", "G5").formula1 == '"điểm cơ bản,điểm thưởng,điểm trừ"'
    assert rule("Tiêu chí", "H30").formula1 == '"Có,Không"'
    rounding = f"B{label_row(wb['Khen thưởng'], 'Làm tròn số Bằng khen')}"
    assert rule("Khen thưởng", rounding).formula1 == '"xuống,lên,gần nhất"'
    exclusions = label_row(wb["Khen thưởng"], "Mã đơn vị")       # the exclusions' header
    assert rule("Khen thưởng", f"A{exclusions + 1}").formula1 == "'Đơn vị'!$A$5:$A$1004"
    assert rule("Khối", f"B{label_row(wb['Khối'], 'Năm tổng kết')}").type == "whole"
    yellow = "FFFFF2CC"
    assert wb["Khối"][chair].fill.fgColor.rgb == yellow
    assert wb["Đơn vị"]["B30"].fill.fgColor.rgb == yellow            # room for more units
    assert wb["Khối"]["C5"].fill.fgColor.rgb != yellow               # the note is not an input
    assert "Bắt buộc" in wb["Khối"]["C5"].value
    assert wb["Đơn vị"]["C4"].comment.text.startswith("Tên viết tắt, dùng trong bảng.")
