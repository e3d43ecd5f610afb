"""The standardized template, read back with openpyxl and with python-calamine."""
from __future__ import annotations

import dataclasses
import os
import re
import stat
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.support.meta import calamine_grid, meta_of
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from processor.config.block import TEMPLATE_VERSION, Criterion
from processor.report.template import (EVIDENCE_MARK, INSTRUCTIONS_SHEET, META_KEYS, META_SHEET,
                                       NOT_APPLICABLE_LABEL, SCORING_SHEET,
                                       write_template, write_templates)

ROOT = Path(__file__).resolve().parents[2]
CREATED = datetime(2020, 11, 25, 8, 0)
UMASK = os.umask(0)
os.umask(UMASK)


@pytest.fixture(scope="module")
def block(demo_block):
    return demo_block


@pytest.fixture(scope="module")
def templates(block, tmp_path_factory):
    out = tmp_path_factory.mktemp("templates")
    return {p.stem.rsplit("-", 1)[1]: p for p in write_templates(block, out, CREATED)}




def cell_rc(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def test_one_template_per_unit_plus_blank(block, templates):
    assert sorted(templates) == sorted([*block.unit_codes, "TRONG"])
    for code, path in templates.items():
        assert path.name == f"mau-tu-cham-2020-{code}.xlsx"
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~UMASK  # not mkstemp's 0600
    assert not [p for p in templates["SYT"].parent.iterdir() if p.name.startswith(".tmp")]


@pytest.mark.parametrize("code", ["SYT", "CDBK", "TRONG"])
def test_sheets_and_very_hidden_meta(templates, code):
    path = templates[code]
    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names == [INSTRUCTIONS_SHEET, SCORING_SHEET, META_SHEET]
    states = {m.name: m.visible for m in wb.sheets_metadata}
    assert states == {INSTRUCTIONS_SHEET: SheetVisibleEnum.Visible,
                      SCORING_SHEET: SheetVisibleEnum.Visible, META_SHEET: SheetVisibleEnum.VeryHidden}
    ox = openpyxl.load_workbook(path)
    assert [ws.sheet_state for ws in ox] == ["visible", "visible", "veryHidden"]
    assert ox.active.title == INSTRUCTIONS_SHEET


def test_meta_keys(block, templates):
    for code, path in templates.items():
        meta, _ = meta_of(path)
        assert list(meta) == list(META_KEYS)
        unit = None if code == "TRONG" else block.unit(code)
        assert meta["template_version"] == TEMPLATE_VERSION
        assert meta["block_id"] == block.id and meta["block_name"] == block.name
        assert meta["year"] == "2020"  # text, not 2020.0
        assert meta["unit_code"] == (unit.code if unit else "")
        assert meta["unit_name"] == (unit.name if unit else "")
        assert meta["criteria_hash"] == block.criteria_hash
        assert meta["scoring_sheet"] == SCORING_SHEET
        grid = calamine_grid(path, SCORING_SHEET)
        r, c = cell_rc(meta["header_unit_cell"])
        assert grid[r][c] == (unit.name if unit else "") and grid[r][c - 1] == "Đơn vị:"
        r, c = cell_rc(meta["header_unit_code_cell"])
        assert grid[r][c] == (unit.code if unit else "") and grid[r][c - 1] == "Mã đơn vị:"
        ws = openpyxl.load_workbook(path)[SCORING_SHEET]
        assert str(ws[meta["total_cell"]].value).startswith("=ROUND(")


@pytest.mark.parametrize("code", ["SYT", "CDBK", "TRONG"])
def test_meta_table_points_at_each_criterion_row(block, templates, code):
    path = templates[code]
    _, table = meta_of(path)
    assert [row["criterion_code"] for row in table] == [c.code for c in block.criteria]
    grid = calamine_grid(path, SCORING_SHEET)
    ws = openpyxl.load_workbook(path)[SCORING_SHEET]
    for row, crit in zip(table, block.criteria):
        assert row["sheet"] == SCORING_SHEET
        assert row["max"] == crit.max and row["kind"] == crit.kind
        r, c = cell_rc(row["cell"])
        er, ec = cell_rc(row["evidence_cell"])
        assert (c, ec, er) == (3, 4, r)                  # D = score, E = evidence, same row
        assert grid[r][0] == crit.code                   # the code exactly as configured
        mark = EVIDENCE_MARK if crit.evidence_required else ""
        assert grid[r][1] == crit.text + mark and grid[r][2] == crit.max
        assert ws.cell(r + 1, 1).data_type == "s"
    # Codes appear once in column A: intake may scan for them.
    column_a = [row[0] for row in grid if row]
    for crit in block.criteria:
        assert column_a.count(crit.code) == 1


def test_protection_inputs_and_not_applicable(block, templates):
    wb = openpyxl.load_workbook(templates["CDBK"])
    ws = wb[SCORING_SHEET]
    meta, table = meta_of(templates["CDBK"])
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.formatColumns and ws.protection.formatRows  # True = not allowed
    assert ws.protection.insertRows and ws.protection.deleteRows
    assert wb[INSTRUCTIONS_SHEET].protection.sheet
    na = block.unit("CDBK").not_applicable
    assert na == {"II.1", "III.2"}
    for row in table:
        score, evidence = ws[row["cell"]], ws[row["evidence_cell"]]
        if row["criterion_code"] in na:
            assert score.value == NOT_APPLICABLE_LABEL and score.data_type == "s"
            assert score.protection.locked and evidence.protection.locked
            assert score.fill.fgColor.rgb.endswith("D9D9D9")
        else:
            assert score.value is None
            assert not score.protection.locked and not evidence.protection.locked
            assert score.fill.fgColor.rgb.endswith("FFF2CC")
    # Labels and the unit's name are locked in a unit's template.
    assert ws[meta["header_unit_cell"]].protection.locked
    assert ws["B12"].protection.locked and ws[meta["total_cell"]].protection.locked


def test_not_applicable_excluded_from_formulas(block, templates):
    ws = openpyxl.load_workbook(templates["CDBK"])[SCORING_SHEET]
    _, table = meta_of(templates["CDBK"])
    cells = {row["criterion_code"]: row["cell"] for row in table}
    formulas = " ".join(str(c.value) for row in ws.iter_rows() for c in row
                        if isinstance(c.value, str) and c.value.startswith("="))
    for code in ("II.1", "III.2"):
        assert not re.search(rf"\b{cells[code]}\b", formulas), code
        assert not re.search(rf"\bC{cells[code][1:]}\b", formulas), code
    assert re.search(rf"\b{cells['II.2']}\b", formulas)


def test_cached_values_as_written(block, templates):
    """Cached values written with the formulas are right for an empty form (maxima, 0 scores)."""
    for code, applicable in (("SYT", 100.0), ("CDBK", 86.0), ("TRONG", 100.0)):
        meta, _ = meta_of(templates[code])
        grid = calamine_grid(templates[code], SCORING_SHEET)
        labels = {row[0]: row[3] for row in grid if row and isinstance(row[0], str)}
        assert labels["Điểm chuẩn áp dụng (không tính tiêu chí không áp dụng)"] == applicable
        assert labels["Tổng điểm cơ bản (chưa quy đổi)"] == 0
        r, c = cell_rc(meta["total_cell"])
        assert grid[r][c] == 0 and grid[r][0] == "TỔNG ĐIỂM"
        section_rows = {row[0]: row for row in grid if row and row[0] in {s.code for s in block.sections}}
        na = block.unit(code).not_applicable if code != "TRONG" else set()
        for s in block.sections:
            assert section_rows[s.code][2] == sum(x.max for x in s.criteria if x.code not in na)


def test_total_formula_follows_design(block, templates):
    ws = openpyxl.load_workbook(templates["CDBK"])[SCORING_SHEET]
    meta, _ = meta_of(templates["CDBK"])
    by_label = {ws.cell(r, 1).value: f"D{r}" for r in range(1, ws.max_row + 1)}
    base, app = by_label["Tổng điểm cơ bản (chưa quy đổi)"], by_label[
        "Điểm chuẩn áp dụng (không tính tiêu chí không áp dụng)"]
    bonus, ded = by_label["Điểm thưởng"], by_label["Điểm trừ"]
    assert by_label["TỔNG ĐIỂM"] == meta["total_cell"]
    assert ws[meta["total_cell"]].value == f"=ROUND({base}/{app}*100+{bonus}-{ded},2)"
    # Base total sums the base sections' subtotals, bonus/deduction their own sections.
    assert ws[base].value == "=SUM(D11,D15,D18,D22,D26,D30)"
    assert ws[bonus].value == "=SUM(D33)" and ws[ded].value == "=SUM(D36)"
    assert ws["D33"].value == "=SUM(D34:D35)" and ws["D36"].value == "=SUM(D37:D38)"


def test_validation_with_vietnamese_messages(block, templates):
    ws = openpyxl.load_workbook(templates["CDBK"])[SCORING_SHEET]
    _, table = meta_of(templates["CDBK"])
    rules = ws.data_validations.dataValidation
    na = block.unit("CDBK").not_applicable
    for row in table:
        found = [dv for dv in rules if row["cell"] in dv.sqref]
        if row["criterion_code"] in na:
            assert not found
            continue
        assert len(found) == 1, row
        dv = found[0]
        mx = block.criterion(row["criterion_code"]).max
        assert dv.type == "decimal" and dv.operator in (None, "between") and dv.allow_blank
        assert float(dv.formula1) == 0 and float(dv.formula2) == mx
        assert dv.showErrorMessage and dv.errorStyle in (None, "stop")
        assert dv.error == f"Điểm phải từ 0 đến {mx:g}."
        assert dv.prompt.startswith("Nhập ") and f"từ 0 đến {mx:g}" in dv.prompt
        if row["kind"] == "deduction":
            assert "số không âm" in dv.prompt


def test_blank_template(block, templates):
    path = templates["TRONG"]
    ws = openpyxl.load_workbook(path)[SCORING_SHEET]
    meta, table = meta_of(path)
    assert meta["unit_code"] == "" and meta["unit_name"] == ""
    for key in ("header_unit_cell", "header_unit_code_cell"):
        cell = ws[meta[key]]
        assert cell.value is None and not cell.protection.locked
    assert all(ws[row["cell"]].value is None for row in table)  # nothing is "not applicable"
    evidence = sum(1 for c in block.criteria if c.evidence_required)
    assert evidence and len(ws.data_validations.dataValidation) == len(block.criteria) + evidence


def test_instructions_sheet(block, templates):
    grid = calamine_grid(templates["SYT"], INSTRUCTIONS_SHEET)
    text = "\n".join(str(c) for row in grid for c in row if c)
    for needle in ("HƯỚNG DẪN", "ô màu vàng", "8,5", "Minh chứng", "số không âm", NOT_APPLICABLE_LABEL,
                   "Không chèn, xóa", ".xlsx", "mật khẩu", "17 giờ 00 ngày 20/12/2020", block.contact,
                   block.note, "Sở Y tế (mã SYT)"):
        assert needle in text, needle
    import unicodedata
    assert unicodedata.is_normalized("NFC", text)
    blank = "\n".join(str(c) for row in calamine_grid(templates["TRONG"], INSTRUCTIONS_SHEET) for c in row if c)
    assert "tệp mẫu trống" in blank and "B7" in blank


def test_print_setup(templates):
    wb = openpyxl.load_workbook(templates["SYT"])
    ws = wb[SCORING_SHEET]
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$10:$10"
    assert ws.freeze_panes == "A11"
    assert "Trang &P/&N" in ws.oddFooter.center.text
    assert ws["B12"].font.name == "Times New Roman" and ws["B12"].alignment.wrap_text
    assert ws["A10"].value == "Mã" and ws["E10"].value == "Minh chứng / ghi chú"


def test_byte_identical_for_same_created(block, templates, tmp_path):
    again = write_templates(block, tmp_path / "again", CREATED)
    for path in again:
        assert path.read_bytes() == templates[path.stem.rsplit("-", 1)[1]].read_bytes(), path.name
    other = write_template(block, block.unit("SYT"), tmp_path / "later.xlsx", datetime(2021, 1, 1))
    assert other.read_bytes() != templates["SYT"].read_bytes()


def test_text_is_never_a_formula_or_link(block, tmp_path):
    crit = Criterion(code="I.1", text="=HYPERLINK(\"http://evil.example\",\"x\")", max=20,
                     kind="score", section="I")
    first = dataclasses.replace(block.sections[0], criteria=(crit, *block.sections[0].criteria[1:]))
    unit = dataclasses.replace(block.unit("SYT"), name="=1+1 http://syt.example.vn")
    odd = dataclasses.replace(block, sections=(first, *block.sections[1:]),
                              units=tuple(unit if u.code == "SYT" else u for u in block.units))
    path = write_template(odd, odd.unit("SYT"), tmp_path / "odd.xlsx", CREATED)
    ws = openpyxl.load_workbook(path)[SCORING_SHEET]
    assert ws["B12"].data_type == "s" and ws["B12"].value == crit.text
    assert ws["B7"].data_type == "s" and ws["B7"].hyperlink is None
    meta, _ = meta_of(path)
    assert meta["unit_name"] == unit.name
