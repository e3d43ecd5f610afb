"""The result workbook of a large block (units as rows), and the fast paths that make it cheap.

A 200-unit Result (above ``detail.LARGE_BLOCK_UNITS``) is built here by hand, after the default
semantics of DESIGN.md (the same helpers as ``tests/support/results.py``), with: a unit whose
section II lies one row lower in its file (it inserted a row), a unit whose score for one
criterion came from another sheet, a unit that sent nothing, a unit with a blank criterion, and
every tenth unit with a criterion that does not apply. No timing assertions here: the timings
are measured by ``make bench``.
"""
from __future__ import annotations

import io
import math
import random
import re
import warnings
import zipfile

import openpyxl
import pytest
from xlsxwriter.worksheet import Worksheet

from tools.bench import block_raw
from processor.config.block import parse_block
from processor.model import Result, Source, UnitResult
from processor.report import write_report
from processor.report import detail, detail_rows
from processor.report import writer as writer_module
from processor.report.charts import CHART_TOP_UNITS
from processor.report.common import round2
from processor.report.sheet import ReportSheet
from processor.stages.scoring import excel_round
from tests.support import libreoffice as lo
from tests.support.results import CREATED, SHEET, _award, _figures, _sha, demo_result

N = 200
MOVED_ROWS = "DV00007"          # inserted a row above section II: its section II is one row lower
OTHER_SHEET = "DV00013"         # I.2 read from a copy of the sheet
MISSING = "DV00042"
INVALID = "DV00101"             # left I.3 blank
SHEET_VI = "Chi tiết điểm"


def large_result(n: int = N, created=CREATED) -> Result:
    block = parse_block(block_raw(n), source="<test>")
    crit_row = {c.code: 12 + i for i, c in enumerate(block.criteria)}
    units: list[UnitResult] = []
    sources: list[Source] = []
    for i, u in enumerate(block.units, 1):
        ur = UnitResult(code=u.code, name=u.name, short_name=u.short_name, status="ok")
        if u.code == MISSING:
            ur.status = "missing"
            ur.reasons = ["Chưa gửi bảng tự chấm điểm"]
            units.append(ur)
            continue
        rng = random.Random(i)
        file = f"tu-cham-{block.year}-{u.code}.xlsx"
        ur.file = file
        for c in block.criteria:
            if c.code in u.not_applicable:
                continue
            if c.kind == "score":
                steps = int(c.max * 4)
                ur.scores[c.code] = max(0, steps - rng.randint(0, steps // 3)) / 4
            else:
                ur.scores[c.code] = rng.choice((0.0, 0.0, 0.5, 1.0))
            row = crit_row[c.code] + (1 if u.code == MOVED_ROWS and c.section == "II" else 0)
            sheet = "Tự chấm điểm (2)" if u.code == OTHER_SHEET and c.code == "I.2" else SHEET
            ur.origin[c.code] = (file, sheet, f"E{row}")
            if rng.random() < 0.2:
                ur.evidence[c.code] = f"Báo cáo số {rng.randint(1, 999)}/BC-{u.code}"
        if u.code == INVALID:
            ur.scores["I.3"] = None
            ur.status = "invalid"
            ur.reasons = ["Hồ sơ có lỗi: tiêu chí I.3 chưa được chấm"]
        ur.eligible = ur.status == "ok"
        _figures(block, ur)
        sources.append(Source(file=file, sha256=_sha(file), size=20_000 + i, received=CREATED,
                              format="xlsx", unit=u.code, identity="meta", status="used"))
        units.append(ur)
    rec = _award(block, units)
    index = {code: i for i, code in enumerate(block.unit_codes)}
    order = sorted(units, key=lambda u: (u.rank is None, u.rank or 0, index[u.code]))
    return Result(block=block, units=order, recommendations=rec, findings=[], sources=sources,
                  created=created, provisional=True)


@pytest.fixture(scope="module")
def result():
    return large_result()


@pytest.fixture(scope="module")
def book_path(tmp_path_factory, result):
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # e.g. XlsxWriter's "more than 255 points"
        return write_report(result, tmp_path_factory.mktemp("large"))


@pytest.fixture(scope="module")
def book(book_path):
    return openpyxl.load_workbook(book_path)


@pytest.fixture(scope="module")
def cached(book_path):
    return openpyxl.load_workbook(book_path, data_only=True)


def header_cols(ws) -> dict:
    return {c.value: c.column for c in ws[detail_rows.HEADER_ROW + 1] if c.value is not None}


def unit_rows(ws) -> dict[str, int]:
    first = detail_rows.FIRST_ROW + 1
    return {ws.cell(r, 1).value: r for r in range(first, ws.max_row + 1) if ws.cell(r, 1).value}


def test_threshold_picks_the_layout(result):
    assert detail.large(result) and len(result.units) > detail.LARGE_BLOCK_UNITS
    assert not detail.large(large_result(detail.LARGE_BLOCK_UNITS))
    assert detail.large(large_result(detail.LARGE_BLOCK_UNITS + 1))
    assert not detail.large(demo_result())


def test_units_are_rows_each_exactly_once_in_ranking_order(book, result):
    ws = book[SHEET_VI]
    head = header_cols(ws)
    assert [head["Mã"], head["Đơn vị"], head["Tệp nguồn"]] == [1, 2, 3]
    codes = [ws.cell(r, 1).value for r in range(detail_rows.FIRST_ROW + 1, ws.max_row + 1)]
    assert codes == [u.code for u in result.units]              # every unit once, in order
    assert len(set(codes)) == N
    assert ws.max_column < 60                                   # criteria are the columns
    for crit in result.block.criteria:
        assert crit.code in head
    assert ws.freeze_panes == "D7"
    assert ws.auto_filter.ref.startswith("A6:")
    assert ws.print_title_rows == "$3:$6"
    assert ws.page_setup.orientation == "landscape"


def test_formulas_are_live_and_cache_the_tools_figures(book, cached, result):
    ws, wv = book[SHEET_VI], cached[SHEET_VI]
    head = header_cols(ws)
    rows = unit_rows(ws)
    totals = {"Tổng điểm cơ bản đạt được": "base_sum", "Điểm cơ bản quy đổi (thang 100)": "normalized_base",
              "Điểm thưởng": "bonus", "Điểm trừ": "deduction", "TỔNG ĐIỂM": "final_score"}
    checked = 0
    for unit in result.units:
        r = rows[unit.code]
        for section in result.block.sections:
            col = head[f"Cộng {section.code}"]
            formula, value = ws.cell(r, col).value, wv.cell(r, col).value
            if unit.status == "missing":
                assert formula is None and value is None
                continue
            assert formula.startswith("=ROUND(SUM(") and value == unit.sections[section.code]
            checked += 1
        for title, what in totals.items():
            formula, value = ws.cell(r, head[title]).value, wv.cell(r, head[title]).value
            if unit.status == "missing":
                assert formula is None and value is None
                continue
            assert str(formula).startswith("=ROUND("), (unit.code, title, formula)
            assert value == round2(getattr(unit, what))
            checked += 1
        app = ws.cell(r, head["Điểm chuẩn áp dụng"]).value
        if unit.status != "missing":
            assert app.startswith("=$") and wv.cell(r, head["Điểm chuẩn áp dụng"]).value == unit.applicable_max
            na = result.block.unit(unit.code).not_applicable
            assert app.count("-") == len(na)                 # each N/A maximum subtracted
        assert wv.cell(r, head["Xếp hạng"]).value == unit.rank
    assert checked == (N - 1) * (len(result.block.sections) + len(totals))
    # the summary and the charts point at the unit's own row and cache the same figure
    summary, summary_v = book["Tổng hợp"], cached["Tổng hợp"]
    leader = result.units[0]
    row = next(c.row for c in summary["D"] if c.value == leader.name)
    ref = summary.cell(row, 8).value
    assert ref == f"='{SHEET_VI}'!${openpyxl.utils.get_column_letter(head['TỔNG ĐIỂM'])}${rows[leader.code]}"
    assert summary_v.cell(row, 8).value == leader.final_score


def test_not_applicable_and_blank_scores_are_marked(book, result):
    ws = book[SHEET_VI]
    head, rows = header_cols(ws), unit_rows(ws)
    tenth = result.block.units[9]
    assert ws.cell(rows[tenth.code], head["III.2"]).value == "KAD"
    blank = ws.cell(rows[INVALID], head["I.3"])
    assert blank.value is None and blank.fill.fgColor.rgb.endswith("FCE4D6")


def test_provenance_column_header_cells_and_comments_only_where_moved(book, result):
    ws = book[SHEET_VI]
    head, rows = header_cols(ws), unit_rows(ws)
    cell_row = detail_rows.CELL_ROW + 1
    home = {code: ws.cell(cell_row, col).value for code, col in head.items()
            if code in {c.code for c in result.block.criteria}}
    crit_row = {c.code: 12 + i for i, c in enumerate(result.block.criteria)}
    assert home == {code: f"{SHEET}!E{row}" for code, row in crit_row.items()}
    data_comments = {}
    for row in ws.iter_rows(min_row=detail_rows.FIRST_ROW + 1):
        for c in row:
            if c.comment is not None:
                data_comments[(ws.cell(c.row, 1).value, ws.cell(detail_rows.HEADER_ROW + 1, c.column).value)] = c.comment.text
    expected = {(MOVED_ROWS, c.code) for c in result.block.criteria
                if c.section == "II" and c.code in result.unit(MOVED_ROWS).origin}
    expected.add((OTHER_SHEET, "I.2"))
    assert set(data_comments) == expected                       # the few moved cells, only
    assert "Tự chấm điểm (2)!E13" in data_comments[(OTHER_SHEET, "I.2")]
    # header comments give the criterion texts (one per criterion, nothing else above the data)
    header_comments = [c for row in ws.iter_rows(max_row=detail_rows.FIRST_ROW) for c in row
                       if c.comment is not None]
    assert len(header_comments) == len(result.block.criteria)
    assert all(c.row == detail_rows.HEADER_ROW + 1 for c in header_comments)
    # every figure traces to file › sheet!cell: the file column plus the header cell, or its comment
    for unit in result.units:
        r = rows[unit.code]
        assert ws.cell(r, head["Tệp nguồn"]).value == unit.file
        for code, (file, sheet, cell) in unit.origin.items():
            where = f"{file} › {sheet}!{cell}"
            if (unit.code, code) in data_comments:
                assert where in data_comments[(unit.code, code)]
            else:
                assert (ws.cell(r, head["Tệp nguồn"]).value, home[code]) == (file, f"{sheet}!{cell}")
    assert detail_rows.moved_cells(result).keys() == expected


def test_charts_show_the_leading_units_only_and_say_so(book_path, book, result):
    ws = book["Biểu đồ"]
    names = [ws.cell(r, 1).value for r in range(4, 4 + CHART_TOP_UNITS + 5)]
    scored = [u for u in result.units if u.final_score is not None]
    assert names[:CHART_TOP_UNITS] == [u.short_name for u in scored[:CHART_TOP_UNITS]]
    assert names[CHART_TOP_UNITS] is None
    assert any("30 đơn vị dẫn đầu" in (c.value or "") for c in ws[2])
    with zipfile.ZipFile(book_path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2
        for name in charts:
            xml = z.read(name).decode()
            assert xml.count("<c:dPt>") <= CHART_TOP_UNITS
            assert f"$A$4:$A${3 + CHART_TOP_UNITS}" in xml


def test_same_result_gives_byte_identical_file(tmp_path, book_path):
    again = write_report(large_result(), tmp_path)
    assert again.read_bytes() == book_path.read_bytes()


def test_english_large_layout(tmp_path, result):
    ws = openpyxl.load_workbook(write_report(result, tmp_path, lang="en"))["Score detail"]
    head = header_cols(ws)
    assert {"Code", "Unit", "Source file", "FINAL SCORE", "Subtotal I"} <= set(head)


# --- the fast paths give XlsxWriter's own bytes ------------------------------------------------
FORMULAS = ["=ROUND(SUM(D7:G7),2)", "=ROUND(SUM(H7,M7,R7),2)", "=$AB$4-$E$4", "=D12+H12",
            "='Chi tiết điểm'!$AD$9", "=ROUND(AB9/AC9*$AB$4+AE9-AF9,2)",
            "=AND(ISNUMBER(D7),D7>=D$4)", "=XLOOKUP(A1,B:B,C:C)", "=FILTER(A1:A9,B1:B9>0)",
            "{=SUM(A1:A2*B1:B2)}", "=SUM(A1)+SINGLE(B1)", "=_xlfn.STDEV.S(A1:A9)",
            "='Sheet (1)'!A1", "='Sort(x)'!A1+SORT(B1:B3)", "=LAMBDA(x,x+1)(2)", "=ROUND(1,0",
            "SUM(A1:A3)", "=IFS(A1>0,1,TRUE,0)", "=CONCAT(A1,B1)", "=ROUND(RANK.EQ(A1,A:A),0)"]


@pytest.mark.parametrize("future", [False, True])
def test_formula_preparation_matches_xlsxwriter(future):
    import xlsxwriter

    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True, "use_future_functions": future})
    ours, theirs = (wb.add_worksheet(worksheet_class=ReportSheet), wb.add_worksheet())
    for formula in FORMULAS:
        assert ours._prepare_formula(formula) == theirs._prepare_formula(formula), formula


def _bytes(result, lang="vi") -> bytes:
    buf = io.BytesIO()
    writer_module.build_workbook(buf, result, lang)
    return buf.getvalue()


@pytest.mark.parametrize("which", ["demo", "hostile", "large"])
def test_report_sheet_writes_the_same_bytes_as_xlsxwriter(monkeypatch, which, result):
    res = {"demo": demo_result, "hostile": lambda: demo_result(hostile=True),
           "large": lambda: result}[which]()
    ours = _bytes(res)
    monkeypatch.setattr(writer_module, "ReportSheet", Worksheet)
    assert _bytes(res) == ours


def test_round2_is_the_stage_rounding_with_a_fast_path():
    """The detail sheet's cached figures round as the stages do (excel_round: Excel's ROUND on
    the 15-digit decimal), the fast path included."""
    rng = random.Random(7)
    values = [2.675, 1.005, 0.125, -0.125, -2.675, 96.5, 0.0, -0.0, 100, 1e-9, 12345.678,
              99.995, 0.1 + 0.2, 89.285, 1 / 3]
    # a hair below a half: Excel shows 96.125 and rounds it up, as the stages do
    values += [math.nextafter(x, 0) for x in (0.125, 2.675, 96.125, 1.005, 89.285)]
    values += [rng.uniform(-200, 200) for _ in range(2000)]
    values += [rng.randint(0, 40000) / 400 for _ in range(2000)]   # quarter points / averages
    for v in values:
        assert round2(v) == excel_round(v) and str(round2(v)) == str(excel_round(v)), v
    assert round2(math.nextafter(96.125, 0)) == 96.13
    assert round2(None) is None


# --- LibreOffice recalculates the large workbook to the same figures ----------------------------
@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_large_workbook_without_disagreement(tmp_path, result):
    lo.require_soffice(uno=True)
    cells = lo.recalculate(write_report(result, tmp_path))
    assert lo.disagreements(cells) == []
    assert not [ref for refs in cells.values() for ref, v in refs.items() if v[3]]   # no error cell
    detail_cells = cells[SHEET_VI]
    per_unit = len(result.block.sections) + 6      # subtotals; base, applicable, normalized,
    assert len(detail_cells) == (N - 1) * per_unit + 2  # bonus, deduction, final; 2 maxima
    finals = sorted(v[2] for v in detail_cells.values()
                    if re.match(r"=ROUND\([A-Z]+\d+/[A-Z]+\d+\*", v[0]) and "+" in v[0])
    assert finals == sorted(u.final_score for u in result.units if u.final_score is not None)
    assert len(cells["Tổng hợp"]) == 4 * (N - 1)


def test_large_minutes_name_the_proposed_units_not_all_members(book, result):
    from processor.report.common import sheet_name

    ws = book[sheet_name("minutes", "vi")]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    named = {u.code for u in result.units if u.name in texts}
    proposed = {u.code for u in result.units if u.position or u.award or u.undecided_for}
    assert proposed and proposed <= named
    assert len(named) < len(result.units) / 4              # not the whole membership, twice
    assert any("trang Tổng hợp" in t for t in texts)
