"""Intake's reading of a workbook's cells (python-calamine, the one reader), held to an
independent reader (openpyxl) and to what the scoring step must receive: cells as typed, dates
as dates whatever the order of a format's attributes, text exactly as typed (an escaped ``&lt;``
stays ``&lt;``), error cells seen, and a cell reference outside the grid never landing anywhere."""
import re
from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from processor.intake import read_one
from processor.intake.read import SCAN_COLS, SCAN_ROWS, CodeMatcher, read_sheet
from processor.model import Source
from processor.pipeline import consolidate
from tests.support.cells import differences, openpyxl_cells
from tests.support.corpus import error_cell, rewrite_zip
from tests.support.workspace import Workspace

SHEET = "Tự chấm điểm"


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    ws = Workspace(tmp_path_factory.mktemp("read"))
    ws.submit_all()
    return ws


def source_of(path):
    return Source(file=path.name, sha256="", size=path.stat().st_size, received=datetime(2020, 12, 1),
                  received_via="file", path=path)


def edited(ws, tmp_path, name, edit_sheet=None, edit_styles=None):
    """A copy of SYT's file under ``name`` with its scoring sheet and styles edited."""
    def edit(part, data):
        if part == "xl/worksheets/sheet2.xml" and edit_sheet:
            return edit_sheet(data)
        if part == "xl/styles.xml" and edit_styles:
            return edit_styles(data)
        return data
    rewrite_zip(ws.inbox / "SYT.xlsx", tmp_path / name, edit)
    return tmp_path / name


def test_every_cell_of_every_filled_file_reads_as_openpyxl_reads_it(ws):
    for path in sorted(ws.inbox.glob("*.xlsx")):
        sub, findings = read_one(source_of(path), ws.block)
        assert sub is not None and len(sub.cells) == len(ws.block.criteria) and sub.meta["unit_code"]
        theirs = openpyxl_cells(path)
        for name in ("_meta", SHEET):
            assert differences(read_sheet(path.read_bytes(), name).cells(), theirs[name]) == [], (path, name)


def test_an_error_cell_is_seen_at_its_cell(ws, tmp_path):
    broken = tmp_path / "broken.xlsx"
    error_cell(ws.inbox / "SYT.xlsx", broken)
    sub, _ = read_one(source_of(broken), ws.block)
    cell = next(c for c in sub.cells.values() if c.cell == "D12")
    assert cell.raw is None and cell.error == "#DIV/0!"


def _with_format(code: str, code_first: bool):
    """styles.xml with one more number format and a cell format using it (index returned by the
    edit as the last xf); ``code_first``: formatCode before numFmtId, as LibreOffice 3.3–4.1 write it."""
    attrs = f'formatCode="{code}" numFmtId="190"' if code_first else f'numFmtId="190" formatCode="{code}"'

    def edit(data: bytes) -> bytes:
        text = data.decode()
        text = re.sub(r'<numFmts count="(\d+)">', lambda m: f'<numFmts count="{int(m.group(1)) + 1}"><numFmt {attrs}/>',
                      text, count=1)
        count = int(re.search(r'<cellXfs count="(\d+)"', text).group(1))
        text = text.replace(f'<cellXfs count="{count}"', f'<cellXfs count="{count + 1}"').replace(
            "</cellXfs>", '<xf numFmtId="190" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>')
        return text.encode()
    return edit


@pytest.mark.parametrize("code_first", [True, False])
@pytest.mark.parametrize("code, value, typed", [("hh:mm", "0.233", time), ("dd/mm/yyyy", "18", date)])
def test_a_number_in_a_date_or_time_format_is_refused_as_a_date(ws, tmp_path, code_first, code, value, typed):
    """A time 0.233 or an early-1900 date serial in a score cell is what the unit sees (05:35,
    18/01/1900), never a score, whichever order the format's attributes come in."""
    import zipfile
    with zipfile.ZipFile(ws.inbox / "SYT.xlsx") as z:
        xf = int(re.search(rb'<cellXfs count="(\d+)"', z.read("xl/styles.xml")).group(1))
    path = edited(ws, tmp_path, "SYT.xlsx",
                  lambda d: re.sub(rb'<c r="D12"[^>]*?(/>|>.*?</c>)', f'<c r="D12" s="{xf}"><v>{value}</v></c>'.encode(),
                                   d, count=1, flags=re.S),
                  _with_format(code, code_first))
    sub, _ = read_one(source_of(path), ws.block)
    raw = next(c.raw for c in sub.cells.values() if c.cell == "D12")
    assert isinstance(raw, typed) and not isinstance(raw, (int, float)), raw
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path.rename(inbox / "SYT.xlsx")
    result = consolidate(ws.block, inbox)
    assert [(f.code, f.cell) for f in result.findings if f.file == "SYT.xlsx" and f.severity == "error"] == [("V108", "D12")]


def test_text_comes_back_exactly_as_typed(ws, tmp_path):
    """``Mã &lt;I.1&gt;`` typed literally (in the XML: ``&amp;lt;``), in rich-text runs, after a
    CR LF XML declaration as Excel writes it: read once, never unescaped twice."""
    rich = ('<c r="E12" s="17" t="inlineStr"><is><r><rPr><b/></rPr><t>Mã &amp;lt;I.1&amp;gt;</t></r>'
            '<r><t xml:space="preserve"> &amp; phụ lục &quot;A&quot;</t></r></is></c>')

    def edit(data):
        data = re.sub(rb"^(<\?xml[^>]*\?>)\n?", rb"\1\r\n", data)
        return re.sub(rb'<c r="E12".*?</c>', rich.encode(), data, count=1, flags=re.S)
    path = edited(ws, tmp_path, "SYT.xlsx", edit)
    sub, _ = read_one(source_of(path), ws.block)
    assert sub.cells["I.1"].evidence == 'Mã &lt;I.1&gt; & phụ lục "A"'
    assert read_sheet(path, SHEET).value("E12") == 'Mã &lt;I.1&gt; & phụ lục "A"'


def test_a_cell_in_row_zero_lands_nowhere(ws, tmp_path):
    """``r="A0"`` names no cell: the file is refused as damaged, its value read into no cell."""
    path = edited(ws, tmp_path, "SYT.xlsx", lambda d: d.replace(
        b"</sheetData>", '<row r="1"><c r="A0" t="inlineStr"><is><t>LẠC CHỖ</t></is></c></row></sheetData>'.encode(), 1))
    sub, findings = read_one(source_of(path), ws.block)
    assert sub is None and [f.code for f in findings] == ["I007"]


def test_shared_formulas_as_excel_writes_them_are_read(ws, tmp_path):
    """Excel writes a column of like formulas as one shared formula: the first cell holds it
    (<f t="shared" ref=.. si="0">), the others point to it (<f t="shared" si="0"/>)."""
    def share(data: bytes) -> bytes:
        data = re.sub(rb"<f>([^<]*)</f>", lambda m: b'<f t="shared" ref="A1:A9" si="0">' + m.group(1)
                      + b"</f>", data, count=1)
        return re.sub(rb"<f>([^<]*)</f>", b'<f t="shared" si="0"/>', data, count=2)

    path = edited(ws, tmp_path, "SYT.xlsx", share)
    sub, _ = read_one(source_of(path), ws.block)
    reference, _ = read_one(source_of(ws.inbox / "SYT.xlsx"), ws.block)
    assert sub.cells == reference.cells and sub.cached_total == reference.cached_total
    assert differences(read_sheet(path, SHEET).cells(), openpyxl_cells(path)[SHEET]) == []


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
    ws = wb.add_worksheet(SHEET)
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
    ws.title = SHEET
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
        test = settings(max_examples=40, deadline=None,
                        suppress_health_check=[HealthCheck.function_scoped_fixture])(test)
        return pytest.mark.parametrize("writer", [_write_xlsxwriter, _write_openpyxl])(test)
    return decorate


@by_both_writers(grid)
def test_any_cells_read_as_openpyxl_reads_them(tmp_path, writer, rows):
    path = tmp_path / f"{writer.__name__}.xlsx"
    writer(path, rows)
    assert differences(read_sheet(path, SHEET).cells(), openpyxl_cells(path)[SHEET]) == []


CODES = frozenset({"I.1", "I.2", "II.1", "1", "2.1"})
code_like = st.sampled_from(["I.1", "I.1.", " I.1 ", "I.2", "II.1", "II.1\u200b", "1", "2.1", "2.1.",
                             "I", "Mã", "Tổng cộng", "I.1 Hoàn thành chỉ tiêu", "x" * 30])
code_grid = st.lists(st.lists(st.one_of(code_like, code_like, number, st.none()), max_size=14), max_size=12)


@by_both_writers(code_grid)
def test_codes_are_found_at_their_first_cell_in_reading_order(tmp_path, writer, rows):
    """Where intake finds each criterion code equals a plain search of openpyxl's cells."""
    path = tmp_path / f"{writer.__name__}.xlsx"
    writer(path, rows)
    matcher = CodeMatcher(CODES)
    cells, _, _ = openpyxl_cells(path)[SHEET]
    expected: dict[str, tuple[int, int]] = {}
    for (r, c), value in sorted(cells.items()):
        code = matcher.code(value) if r < SCAN_ROWS and c < SCAN_COLS else None
        if code is not None:
            expected.setdefault(code, (r, c))
    assert read_sheet(path, SHEET).find_codes(matcher) == expected


@pytest.mark.libreoffice
def test_a_template_filled_and_saved_by_libreoffice_reads_as_openpyxl_reads_it(ws, tmp_path):
    from tests.support.libreoffice import fill_with_libreoffice, require_soffice

    require_soffice(uno=True)
    block = ws.block
    scores = {c.code: round(c.max * 0.8, 1) for c in block.criteria if c.kind == "score"}
    path = fill_with_libreoffice(ws.template("SYT"), tmp_path / "SYT.xlsx", scores,
                                 {"I.1": "Báo cáo số 7/BC-SYT & phụ lục <A>"}, fmt="xlsx")
    sub, _ = read_one(source_of(path), block)
    assert sub.cells["I.1"].evidence == "Báo cáo số 7/BC-SYT & phụ lục <A>"
    assert {k: sub.cells[k].raw for k in scores} == scores
    theirs = openpyxl_cells(path)
    for name in ("_meta", SHEET):
        assert differences(read_sheet(path, name).cells(), theirs[name]) == []
