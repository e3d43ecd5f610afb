"""Templates filled by another program (LibreOffice, through UNO and _meta) and saved as
xlsx, xls and ods keep their values, compute the DESIGN total, and keep _meta."""
from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.support.meta import meta_of
import xlsxwriter
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from tools.demo import build_inbox
from processor.report.template import META_SHEET, SCORING_SHEET, write_templates
from tests.support import libreoffice as lo

pytestmark = pytest.mark.libreoffice
ROOT = Path(__file__).resolve().parents[2]

# CDBK: two criteria not applicable (its max is 86), a bonus and a deduction.
SCORES = {"I.1": 17.5, "I.2": 9, "I.3": 4.75, "II.2": 6.5, "III.1": 7, "III.3": 5.5, "IV.1": 5,
          "IV.2": 4, "IV.3": 4.5, "V.1": 5, "V.2": 2.5, "V.3": 2, "VI.1": 3, "VI.2": 2,
          "VII.1": 1.5, "VII.2": 0, "VIII.1": 0, "VIII.2": 0.25}
EVIDENCE = {"I.1": "Báo cáo số 156/BC-CĐBK ngày 12/12/2020",
            "VII.1": "=HYPERLINK(\"http://x\")",   # text that looks like a formula stays text
            "IV.1": "Kế hoạch số 58/KH-CĐBK; minh chứng kèm theo"}


@pytest.fixture(scope="module", autouse=True)
def _needs_office():
    lo.require_soffice(uno=True)


@pytest.fixture(scope="module")
def block(demo_block):
    return demo_block


@pytest.fixture(scope="module")
def templates(block, tmp_path_factory):
    out = tmp_path_factory.mktemp("lo-templates")
    return {p.stem.rsplit("-", 1)[1]: p for p in write_templates(block, out, datetime(2020, 11, 25, 8))}


def design_final(block, unit: str, scores: dict) -> float:
    na = block.unit(unit).not_applicable
    base = app = extra = Decimal(0)
    for c in block.criteria:
        if c.code in na:
            continue
        v = Decimal(str(scores.get(c.code, 0)))
        if c.kind == "score":
            base, app = base + v, app + Decimal(str(c.max))
        else:
            extra += v if c.kind == "bonus" else -v
    exact = base / app * Decimal(str(block.full_base_max)) + extra
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def read_back(path: Path):
    meta, table = meta_of(path)
    wb = CalamineWorkbook.from_path(str(path))
    grid = wb.get_sheet_by_name(SCORING_SHEET).to_python(skip_empty_area=False)
    states = {m.name: m.visible for m in wb.sheets_metadata}
    return meta, table, grid, states


def at(grid, ref: str):
    col = ord(ref[0]) - 65
    return grid[int(ref[1:]) - 1][col]


@pytest.mark.parametrize("fmt", ["xlsx", "xlsx-excel2007", "xls", "ods"])
def test_fill_save_and_read_back(block, templates, tmp_path, fmt):
    suffix = fmt.split("-")[0]
    out = lo.fill_with_libreoffice(templates["CDBK"], tmp_path / f"cdbk.{suffix}", SCORES, EVIDENCE, fmt)
    meta, table, grid, states = read_back(out)
    # _meta survives with its keys and its table; LibreOffice 7.4 keeps it hidden but writes
    # "hidden", not "very hidden", in all three formats (it has no very-hidden state).
    assert meta["unit_code"] == "CDBK" and meta["criteria_hash"] == block.criteria_hash
    assert meta["year"] == "2020" and meta["template_version"] == "1"
    assert [r["criterion_code"] for r in table] == [c.code for c in block.criteria]
    assert states[META_SHEET] in (SheetVisibleEnum.Hidden, SheetVisibleEnum.VeryHidden)
    assert states[SCORING_SHEET] == SheetVisibleEnum.Visible
    for row in table:
        code = row["criterion_code"]
        value = at(grid, row["cell"])
        if code in SCORES:
            assert value == SCORES[code] and not isinstance(value, str), (fmt, code, value)
        else:
            assert value == "Không áp dụng", (fmt, code, value)   # untouched N/A cells
        assert at(grid, row["evidence_cell"]) == EVIDENCE.get(code, ""), (fmt, code)
    # The total LibreOffice stored (its own recalculation of our formulas) is the DESIGN value.
    expected = design_final(block, "CDBK", SCORES)
    assert expected == 92.24  # 78.25 / 86 * 100 + 1.5 - 0.25 = 92.2384 -> 92.24
    assert at(grid, meta["total_cell"]) == pytest.approx(expected, abs=1e-9)
    if suffix == "xlsx":  # protection, unlocked inputs and validation survive the round trip
        ws = openpyxl.load_workbook(out)[SCORING_SHEET]
        assert ws.protection.sheet
        assert not ws[table[0]["cell"]].protection.locked and ws["B12"].protection.locked
        assert any("Điểm phải từ 0 đến 20" in (dv.error or "") for dv in ws.data_validations.dataValidation)


def test_recalculate_agrees_after_fill(block, templates, tmp_path):
    filled = lo.fill_with_libreoffice(templates["CDBK"], tmp_path / "cdbk.xlsx", SCORES, EVIDENCE, "xlsx")
    cells = lo.recalculate(filled)
    assert lo.disagreements(cells) == []
    scoring = cells[SCORING_SHEET]
    assert len(scoring) == 2 * len(block.sections) + 6      # subtotal max+score, 6 total rows
    formula, cached, fresh, error = scoring["D45"]
    assert formula.startswith("=ROUND(") and not error
    assert cached == fresh == pytest.approx(design_final(block, "CDBK", SCORES))


def test_template_cached_values_agree_when_recalculated(templates):
    """The cached values XlsxWriter wrote with each formula are what a recalculation gives."""
    for code in ("CDBK", "TRONG"):
        cells = lo.recalculate(templates[code])
        assert cells[SCORING_SHEET] and lo.disagreements(cells) == [], code


def test_recalculate_detects_a_wrong_cached_value(tmp_path):
    path = tmp_path / "wrong.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_number("A1", 2)
    ws.write_formula("B1", "=A1*3", None, 7)          # cached 7, truly 6
    ws.write_formula("C1", "=1/0", None, 0)           # an error once recalculated
    wb.close()
    bad = lo.disagreements(lo.recalculate(path))
    assert len(bad) == 2 and bad[0].startswith("S!B1") and "(error)" in bad[1]


def test_demo_files_total_as_design_says(block, tmp_path):
    """LibreOffice's own arithmetic on the demo inbox (openpyxl stores no cached values)."""
    inbox = tmp_path / "inbox"
    build_inbox(block, inbox)
    for name, unit in (("Bảng tự chấm điểm 2020 - Trường CĐ Bắc Kạn.xlsx", "CDBK"),
                       ("STTTT_TuCham_2020.xlsx", "STTTT")):
        cells = lo.recalculate(inbox / name)
        meta, table, grid, _ = read_back(inbox / name)
        scores = {r["criterion_code"]: at(grid, r["cell"]) for r in table
                  if r["criterion_code"] not in block.unit(unit).not_applicable}
        total = cells[SCORING_SHEET][meta["total_cell"]][2]
        assert total == pytest.approx(design_final(block, unit, scores), abs=1e-9), name


def test_pdf_print_layout(templates, tmp_path):
    pdf = lo.convert(templates["SYT"], "pdf", tmp_path)
    # One page of instructions, the scoring table on two A4 pages fitted to one page wide.
    assert lo.pdf_pages(pdf) == 3


def test_convert_roundtrip(templates, tmp_path):
    ods = lo.convert(templates["SYT"], "ods", tmp_path)
    assert ods.suffix == ".ods" and ods.read_bytes()[:2] == b"PK"
    back = lo.convert(ods, "xlsx", tmp_path / "back")
    meta, table, _, states = read_back(back)
    assert meta["unit_code"] == "SYT" and len(table) == 20

