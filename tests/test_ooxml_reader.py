"""The fast OOXML reader (processor/intake/ooxml.py) is held to python-calamine, our reference:
on every sheet it accepts it gives exactly calamine's values and types; what it is not sure of it
declines, and intake then reads the file with calamine. Templates as we write them, as openpyxl
and LibreOffice save them, and generated workbooks of every cell kind are checked."""
import re
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from processor.intake import read_one
from processor.intake.ooxml import Declined, open_book
from processor.intake.read import read_submission
from processor.intake.sniff import sniff
from processor.model import Source
from tests.support.corpus import error_cell, rewrite_zip
from tests.support.workspace import Workspace


def calamine_cells(path, name):
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python(skip_empty_area=False)
    return {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v != ""}


def fast_cells(book, name):
    """The sheet as the fast reader gives it, by both of its ways: the grid and get()."""
    sheet = book.sheet(name)
    grid = {(r, c): v for r, row in enumerate(sheet.rows) for c, v in enumerate(row) if v != ""}
    fresh = book.sheet(name)
    assert {k: fresh.get(*k) for k in grid} == grid
    return grid


def typed(cells):
    return {k: (type(v).__name__, v) for k, v in cells.items()}


def assert_same_as_calamine(path, *, must_accept=True):
    book = open_book(sniff(path).parts)
    if book is None:
        assert not must_accept, f"{path.name}: declined"
        return None
    assert book.names == list(CalamineWorkbook.from_path(str(path)).sheet_names)
    for name in book.names:
        try:
            fast = fast_cells(book, name)
        except Declined:
            assert not must_accept, f"{path.name}!{name}: declined"
            continue
        assert typed(fast) == typed(calamine_cells(path, name)), (path.name, name)
    return book


def submission_fields(sub):
    return (sub.meta, sub.sheet, {k: vars(c) for k, c in sub.cells.items()}, sub.total_cell,
            sub.cached_total, sub.header_unit_name, [(f.code, f.cell, f.message()) for f in sub.findings])


def assert_same_submission(path, block):
    source = Source(file=path.name, sha256="", size=path.stat().st_size, received=datetime(2020, 12, 1),
                    received_via="file", path=path)
    source.format = "xlsx"
    parts = sniff(path).parts
    assert open_book(parts) is not None
    fast = read_submission(source, block, parts)
    reference = read_submission(source, block, None)       # calamine
    assert submission_fields(fast) == submission_fields(reference)
    return fast


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    ws = Workspace(tmp_path_factory.mktemp("ooxml"))
    ws.submit_all()
    return ws


def test_templates_and_filled_files_read_as_calamine_reads_them(ws):
    for path in sorted(ws.templates.glob("*.xlsx")) + sorted(ws.inbox.glob("*.xlsx")):
        assert_same_as_calamine(path)
    for path in sorted(ws.inbox.glob("*.xlsx")):
        sub = assert_same_submission(path, ws.block)
        assert len(sub.cells) == len(ws.block.criteria) and sub.meta["unit_code"]


def test_an_error_cell_is_seen_at_its_cell_by_both_ways(ws, tmp_path):
    broken = tmp_path / "broken.xlsx"
    error_cell(ws.inbox / "SYT.xlsx", broken)
    sub = assert_same_submission(broken, ws.block)
    cell = next(c for c in sub.cells.values() if c.cell == "D12")
    assert cell.raw is None and cell.error == "#DIV/0!"


@pytest.mark.parametrize("edit, why", [
    (lambda t: t.replace(b"<c ", b"<x:c ").replace(b"</c>", b"</x:c>").replace(b"<sheetData", b"<x:sheetData")
     .replace(b"</sheetData", b"</x:sheetData"), "namespace prefix"),
    (lambda t: re.sub(rb'<c r="(\w+)"([^>/]+)>', rb'<c\2 r="\1">', t, count=1), "reference not first"),
    (lambda t: re.sub(rb'<c r="D12"([^>]*?)(/>|>.*?</c>)', rb'<c r="D12"\1 t="d"><v>2020-12-01</v></c>', t,
                      count=1, flags=re.S), "ISO date cell (calamine 0.x cannot read it either: F003)"),
    (lambda t: re.sub(rb'<c r="D12"([^>]*?)(/>|>.*?</c>)', rb'<c r="D12"\1><v>8,5</v></c>', t,
                      count=1, flags=re.S), "a malformed number (calamine refuses it too: F003)"),
])
def test_what_it_is_not_sure_of_goes_to_calamine(ws, tmp_path, edit, why):
    odd = tmp_path / "odd.xlsx"
    rewrite_zip(ws.inbox / "SYT.xlsx", odd,
                lambda name, data: edit(data) if name.startswith("xl/worksheets/") else data)
    book = open_book(sniff(odd).parts)
    with pytest.raises(Declined):
        for name in book.names:
            book.sheet(name).rows
    # and intake still reads the file, through calamine
    source = Source(file=odd.name, sha256="", size=odd.stat().st_size, received=datetime(2020, 12, 1),
                    received_via="file", path=odd)
    sub, findings = read_one(source, ws.block)
    if "F003" in why:
        assert sub is None and [f.code for f in findings] == ["F003"]
    else:
        assert sub is not None and sub.meta.get("unit_code") == "SYT", (why, findings)


# --- generated workbooks: every cell kind, through two writers ---------------------------------
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
number = st.floats(allow_nan=False, allow_infinity=False, width=64) | st.integers(-10**12, 10**12)
cell = st.one_of(text, number, st.booleans(), st.none(),
                 st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
grid = st.lists(st.lists(cell, max_size=6), max_size=8)


def _write_xlsxwriter(path, rows):
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    ws = wb.add_worksheet("Tự chấm điểm")
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, date):
                ws.write_datetime(r, c, datetime(value.year, value.month, value.day), date_format)
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            elif value is not None:
                ws.write(r, c, value)
    ws.write_formula(len(rows), 0, "=1+1", None, 2)
    wb.close()


def _write_openpyxl(path, rows):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tự chấm điểm"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)   # openpyxl refuses them
                if value.startswith("="):
                    value = " " + value
            ws.cell(r, c, value)
    wb.save(path)


def by_both_writers(rows):
    """A test run on workbooks of ``rows`` (a strategy) written by XlsxWriter and by openpyxl."""
    def decorate(test):
        test = given(rows=rows)(test)
        test = settings(max_examples=60, deadline=None,
                        suppress_health_check=[HealthCheck.function_scoped_fixture])(test)
        return pytest.mark.parametrize("writer", [_write_xlsxwriter, _write_openpyxl])(test)
    return decorate


@by_both_writers(grid)
def test_any_cells_read_exactly_as_calamine_or_are_declined(tmp_path, writer, rows):
    path = tmp_path / f"{writer.__name__}.xlsx"
    writer(path, rows)
    assert_same_as_calamine(path, must_accept=False)


def test_plain_generated_workbooks_are_accepted(tmp_path):
    """Numbers, plain Vietnamese text, booleans, XML specials: the fast reader must not decline."""
    rows = [["I.1", "Hoàn thành chỉ tiêu <5> & \"đúng\" hạn", 8.5, True],
            ["I.2", "  khoảng trắng  ", -0.25, 1e-7], [None, "Ω≈ç√", 10**15, False]]
    for writer in (_write_xlsxwriter, _write_openpyxl):
        path = tmp_path / f"{writer.__name__}.xlsx"
        writer(path, rows)
        assert assert_same_as_calamine(path) is not None


def test_a_date_formatted_number_is_left_to_calamine(tmp_path):
    path = tmp_path / "date.xlsx"
    _write_xlsxwriter(path, [[date(2020, 12, 15)]])
    book = open_book(sniff(path).parts)
    with pytest.raises(Declined):
        book.sheet("Tự chấm điểm").rows


@pytest.mark.libreoffice
def test_a_template_filled_and_saved_by_libreoffice_reads_as_calamine_reads_it(ws, tmp_path):
    from tests.support.libreoffice import fill_with_libreoffice, require_soffice

    require_soffice(uno=True)
    block = ws.block
    scores = {c.code: round(c.max * 0.8, 1) for c in block.criteria if c.kind == "score"}
    path = fill_with_libreoffice(ws.template("SYT"), tmp_path / "SYT.xlsx", scores,
                                 {"I.1": "Báo cáo số 7/BC-SYT & phụ lục <A>"}, fmt="xlsx")
    assert_same_as_calamine(path)
    sub = assert_same_submission(path, block)
    assert sub.cells["I.1"].evidence == "Báo cáo số 7/BC-SYT & phụ lục <A>"


# --- where the criterion codes stand: the one-pass search equals the plain one ------------------
CODES = frozenset({"I.1", "I.2", "II.1", "1", "2.1"})
code_like = st.sampled_from(["I.1", "I.1.", " I.1 ", "I.2", "II.1", "II.1\u200b", "1", "2.1", "2.1.",
                             "I", "Mã", "Tổng cộng", "I.1 Hoàn thành chỉ tiêu", "x" * 30])
code_cell = st.one_of(code_like, code_like, number, st.none())
code_grid = st.lists(st.lists(code_cell, max_size=14), max_size=12)


@by_both_writers(code_grid)
def test_codes_are_found_where_the_plain_search_and_calamine_find_them(tmp_path, writer, rows):
    from processor.intake.read import CodeMatcher, Grid

    path = tmp_path / f"{writer.__name__}.xlsx"
    writer(path, rows)
    matcher = CodeMatcher(CODES)
    book = open_book(sniff(path).parts)
    sheet = book.sheet("Tự chấm điểm")
    try:
        found = sheet.find_codes(matcher)
    except Declined:
        return
    assert found == matcher.find(sheet.strings())
    rows_read = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Tự chấm điểm").to_python(
        skip_empty_area=False)
    assert found == Grid(rows_read).find_codes(matcher)


def test_shared_formulas_as_excel_writes_them_are_read_not_declined(ws, tmp_path):
    """Excel writes a column of like formulas as one shared formula: the first cell holds it
    (<f t="shared" ref=.. si="0">), the others point to it (<f t="shared" si="0"/>)."""
    def share(data: bytes) -> bytes:
        data = re.sub(rb"<f>([^<]*)</f>", lambda m: b'<f t="shared" ref="A1:A9" si="0">' + m.group(1)
                      + b"</f>", data, count=1)
        return re.sub(rb"<f>([^<]*)</f>", b'<f t="shared" si="0"/>', data, count=2)

    path = tmp_path / "shared.xlsx"
    rewrite_zip(ws.inbox / "SYT.xlsx", path,
                lambda name, data: share(data) if name.startswith("xl/worksheets/") else data)
    parts = sniff(path).parts
    assert sum(part.count(b'si="0"/>') for name, part in parts.items() if "worksheets" in name) >= 2
    assert_same_as_calamine(path)
    assert_same_submission(path, ws.block)
