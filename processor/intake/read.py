"""Read one submission workbook (xlsx, xlsm, xls, xlsb, ods) with python-calamine, the one
reader of cells, from the bytes intake has already read and sniff has checked.

Rows are found by criterion code, never by position: the ``_meta`` table says which column
holds the score and the evidence, and the scoring sheet is scanned for each criterion's code,
so inserted, deleted, hidden or reordered rows do not matter. Values are kept raw here;
validate judges them.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from sys import intern

from xlsxwriter.utility import xl_rowcol_to_cell

from ..config.block import Block
from ..findings import finding
from ..model import ScoreCell, Source, Submission
from ..text import looks_legacy_vietnamese, normalize_text
from ..template_contract import META_SHEET, META_TABLE_REQUIRED, SCORING_SHEET
from .forms import FORM_KINDS, cross_enabled, read_cross_sheet, read_form

META_COLS = 8          # key/value rows use A:B, the criterion table A:F
SCORE_HEADERS = ("điểm tự chấm", "diem tu cham", "self score")
EVIDENCE_HEADERS = ("minh chứng", "minh chung", "evidence")
# How far down and right to look for codes: templates are small; a bomb is stopped earlier.
SCAN_ROWS, SCAN_COLS = 2000, 12
# Templates repeat the same texts in every file (criteria, headers, _meta keys): each distinct
# string is normalized / judged once per process (both functions are pure).
_CACHE_LIMIT = 50_000
_norm = lru_cache(maxsize=_CACHE_LIMIT)(normalize_text)          # for a str
_legacy_of = lru_cache(maxsize=_CACHE_LIMIT)(looks_legacy_vietnamese)


def read_submission(source: Source, block: Block, data: bytes | None = None) -> Submission:
    """A readable spreadsheet -> Submission. Raises only on unreadable files (caller reports).
    ``data``: the file's bytes, when intake has read them already."""
    return _read(source, block, Book(source.path if data is None else data))


def _read(source: Source, block: Block, book) -> Submission:
    sub = Submission(source=source)
    names = book.names
    meta_rows = book.sheet(META_SHEET).row_lists() if META_SHEET in names else []
    sub.meta, table = parse_meta(meta_rows, table_limit=1)   # rows are found by code, not by _meta
    if sub.meta.get("kind") in FORM_KINDS:     # one of our forms returned: its records, no scores
        sub.form = read_form(sub.meta, book, source.file)
        return sub
    if cross_enabled(block):                   # the units score each other: this one's cross sheet
        sub.cross = read_cross_sheet(book)

    sheet = sub.meta.get("scoring_sheet") or (table[0]["sheet"] if table else None)
    if sheet not in names:
        sheet = _best_sheet(book, names, block)
    if sheet is None:
        sub.findings.append(finding("M001", file=source.file, sheet=SCORING_SHEET))
        return sub
    sub.sheet = sheet
    grid = book.sheet(sheet)

    score_col, evidence_col = _columns(table, grid)
    positions = grid.find_codes(CodeMatcher(block.criterion_codes))
    # A1 references are built from column letters and the row's number (this loop runs for
    # every criterion of every file), interned so that 10,000 submissions share one "D12".
    score_letters = a1(0, score_col)[:-1] if score_col is not None else None
    evidence_letters = a1(0, evidence_col)[:-1] if evidence_col is not None else None
    value = grid.value
    typed = []                      # (row, col, raw value) of the text cells a unit types into
    for crit in block.criteria:
        at = positions.get(crit.code)
        if at is None:
            continue
        r = at[0]
        number = str(r + 1)
        if score_letters is not None:
            cell = intern(score_letters + number)
            raw = value(cell)
        else:
            cell, raw = a1(r, at[1] + 1), None
        evidence_cell = evidence = None
        if evidence_letters is not None:
            evidence_cell = intern(evidence_letters + number)
            evidence = value(evidence_cell)
        if raw.__class__ is str:
            typed.append((r, score_col, raw))
        if evidence.__class__ is str:
            typed.append((r, evidence_col, evidence))
        sub.cells[crit.code] = ScoreCell(
            crit.code, raw, sheet, cell,
            normalize_text(evidence) if evidence is not None else "", evidence_cell)

    _mark_error_cells(sub, source, book)

    total = sub.meta.get("total_cell")
    if total:
        r, c = parse_a1(total)
        sub.total_cell = total
        sub.cached_total = grid.get(r, c)
    header_cell = sub.meta.get("header_unit_cell")
    if header_cell:
        r, c = parse_a1(header_cell)
        name = grid.get(r, c)
        typed.insert(0, (r, c, name))
        sub.header_unit_name = normalize_text(name) or None
    else:
        typed = None                # an old template: every text cell is judged
        sub.header_unit_name = _header_unit_name(grid.rows)
    sub.findings.extend(legacy_text(grid, sheet, source.file, typed))
    return sub


class Grid:
    """A sheet as intake reads it: ``get(row, col)`` (0-based; None when blank), ``value(ref)``,
    ``strings()`` (the text cells of the scanned area) and ``rows`` (python-calamine's
    ``to_python(skip_empty_area=False)``: row 0 is row 1, column 0 is A)."""

    def __init__(self, rows: list[list]):
        self.rows = rows

    def value(self, ref: str):
        """``get`` by an A1 reference."""
        return self.get(*parse_a1(ref))

    def get(self, r: int, c: int):
        rows = self.rows
        if r < 0 or c < 0 or r >= len(rows) or c >= len(rows[r]):
            return None
        value = rows[r][c]
        return None if value == "" else value

    def cells(self) -> dict[tuple[int, int], object]:
        """Every cell that is not blank, by (row, col): all that intake can report of the sheet."""
        return {(r, c): value for r, row in enumerate(self.rows) for c, value in enumerate(row)
                if value != ""}

    def row_lists(self):
        return iter(self.rows)

    def find_codes(self, matcher: "CodeMatcher") -> dict[str, tuple[int, int]]:
        return matcher.find(self.strings())

    def strings(self) -> list[tuple[int, int, str]]:
        return [(r, c, value) for r, row in enumerate(self.rows[:SCAN_ROWS])
                for c, value in enumerate(row[:SCAN_COLS]) if value.__class__ is str and value]


class Book:
    """Any readable workbook (xlsx, xlsm, xls, xlsb, ods) through python-calamine, from its
    path or its bytes; each sheet read once."""

    def __init__(self, file: Path | bytes):
        from python_calamine import CalamineWorkbook

        self.file = file
        if isinstance(file, bytes):
            self.wb = CalamineWorkbook.from_filelike(io.BytesIO(file))
        else:
            self.wb = CalamineWorkbook.from_path(str(file))
        self.names = list(self.wb.sheet_names)
        self._sheets: dict[str, Grid] = {}

    def sheet(self, name: str) -> Grid:
        grid = self._sheets.get(name)
        if grid is None:
            # skip_empty_area=False anchors row 0 at A1, so indices are real cell positions.
            grid = Grid(self.wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
            self._sheets[name] = grid
        return grid

    def error_cells(self, sheet: str, refs: set[str]) -> dict[str, str]:
        """The error cells (#DIV/0!...) among ``refs``, which calamine reads as blank (OOXML)."""
        from .cell_errors import error_cells

        file = io.BytesIO(self.file) if isinstance(self.file, bytes) else self.file
        return error_cells(file, sheet, refs)


def read_sheet(file: Path | bytes, name: str) -> Grid:
    """One sheet of a workbook exactly as intake reads it for the scoring step."""
    return Book(file).sheet(name)


def _mark_error_cells(sub: Submission, source: Source, book: Book) -> None:
    blank = {cell.cell: cell for cell in sub.cells.values() if cell.raw is None}
    if blank and source.format in ("xlsx", "xlsm"):
        for ref, error in book.error_cells(sub.sheet, set(blank)).items():
            blank[ref].error = error


def parse_meta(rows, table_limit: int | None = None) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Key/value rows in A/B, then a table whose header row starts with criterion_code
    (its first ``table_limit`` rows only, when given: intake needs the columns, not every row)."""
    meta: dict[str, str] = {}
    table: list[dict[str, str]] = []
    header: list[str] | None = None
    for row in rows:
        if header is None:
            key = _text(row[0]) if row else ""
            if not key:
                continue                    # key/value rows have their key in A
            if key == META_TABLE_REQUIRED[0]:
                cells = [_text(v) for v in row[:META_COLS]]
                if tuple(cells[:3]) == META_TABLE_REQUIRED:
                    header = [c for c in cells if c]
                    continue
            meta[key] = _text(row[1]) if len(row) > 1 else ""
            continue
        cells = [_text(v) for v in row[:META_COLS]]
        if not any(cells):
            continue
        table.append(dict(zip(header, cells)))
        if table_limit is not None and len(table) >= table_limit:
            break
    return meta, table


def legacy_text(grid, sheet: str, file: str | None = None,
                cells: list[tuple[int, int, object]] | None = None) -> list:
    """One T001 for the first cell whose text reads as TCVN3/VNI mojibake (raw, before
    normalizing: TCVN3 writes ư as a soft hyphen). ``cells``: only those (row, col, value) (the
    ones a unit types into); by default every text cell of the scanned area."""
    for r, c, value in cells if cells is not None else grid.strings():
        if value.__class__ is str and not value.isascii():
            encoding = _legacy_of(value)
            if encoding:
                return [finding("T001", file=file, sheet=sheet, cell=a1(r, c),
                                encoding=encoding.upper(), sample=normalize_text(value)[:40])]
    return []


CODE_MAX_LEN = 24      # a cell longer than this is text, never a criterion code


class CodeMatcher:
    """Which texts are criterion codes: the code itself or, normalized and without a trailing
    dot, one of the block's codes; looked for in the first SCAN_ROWS x SCAN_COLS cells.
    Each short text is judged once (every copy of a template repeats the same labels)."""
    rows, cols, longest = SCAN_ROWS, SCAN_COLS, CODE_MAX_LEN

    def __init__(self, codes: set[str] | frozenset[str]):
        self.codes = frozenset(codes)

    def code(self, value) -> str | None:
        if not value or value.__class__ is not str or len(value) > CODE_MAX_LEN:
            return None
        return _code_among(self.codes, value)

    def find(self, strings) -> dict[str, tuple[int, int]]:
        """Where each code stands, (row, column) of its first occurrence, from a sheet's text
        cells ``(row, col, text)`` in row-major order."""
        found: dict[str, tuple[int, int]] = {}
        for r, c, value in strings:
            if r < SCAN_ROWS and c < SCAN_COLS:
                code = self.code(value)
                if code is not None and code not in found:
                    found[code] = (r, c)
        return found


@lru_cache(maxsize=_CACHE_LIMIT)
def _code_among(codes: frozenset[str], value: str) -> str | None:
    code = value if value in codes else _norm(value).rstrip(".")
    return code if code in codes else None


a1 = lru_cache(maxsize=16384)(xl_rowcol_to_cell)
"""0-based (row, col) -> 'D12' (XlsxWriter's helper, cached: templates repeat their cells)."""


@lru_cache(maxsize=4096)
def parse_a1(ref: str) -> tuple[int, int]:
    ref = ref.split("!")[-1].replace("$", "").strip().upper()
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return int(digits) - 1, col - 1


def _columns(table: list[dict[str, str]], grid) -> tuple[int | None, int | None]:
    score_col = evidence_col = None
    if table:
        cells = [t.get("cell") for t in table if t.get("cell")]
        if cells:
            score_col = parse_a1(cells[0])[1]
        ev = [t.get("evidence_cell") for t in table if t.get("evidence_cell")]
        if ev:
            evidence_col = parse_a1(ev[0])[1]
    if score_col is None or evidence_col is None:
        # _meta lost (some programs drop very hidden sheets): find the header labels.
        for r, c, value in grid.strings():
            if r >= 60:
                break
            text = normalize_text(value).lower()
            if score_col is None and text.startswith(SCORE_HEADERS):
                score_col = c
            if evidence_col is None and text.startswith(EVIDENCE_HEADERS):
                evidence_col = c
    return score_col, evidence_col


def _best_sheet(book, names: list[str], block: Block) -> str | None:
    codes = block.criterion_codes
    best, best_count = None, 0
    for name in names:
        if name == META_SHEET:
            continue
        count = len(book.sheet(name).find_codes(CodeMatcher(codes)))
        if count > best_count:
            best, best_count = name, count
    return best if best_count >= max(1, len(codes) // 2) else None


def _header_unit_name(rows: list[list]) -> str | None:
    for row in rows[:15]:
        for c, value in enumerate(row[:SCAN_COLS]):
            if isinstance(value, str) and normalize_text(value).lower().startswith("đơn vị"):
                rest = normalize_text(value).split(":", 1)
                if len(rest) == 2 and rest[1].strip():
                    return rest[1].strip()
                for nxt in row[c + 1:SCAN_COLS]:
                    if isinstance(nxt, str) and normalize_text(nxt):
                        return normalize_text(nxt)
    return None


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if value.__class__ is str:
        return _norm(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_text(value)
