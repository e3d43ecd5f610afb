"""Our forms, returned: the verification workbook, the tally and a unit's cross-scoring sheet,
read into plain records (raw values and where they stand) from the workbook intake already has
open. Nothing is judged here: :mod:`processor.stages` does that."""
from __future__ import annotations

from functools import lru_cache

from ..config.block import Block, ConfigError, per_block
from ..config.review import review_config
from ..model import (CROSS_KEY_UNIT, CROSS_SHEET, KEY_BALLOT, META_KNOWN, META_SHEET,
                     META_SUBMISSION, TALLY, TALLY_SHEET, VERIFICATION, VERIFY_COLUMNS,
                     VERIFY_HEADER_ROW, VERIFY_META_TABLE, VERIFY_SHEET, CarriedCell, CrossRow,
                     CrossSheet, FormCell, TallyForm, TallyRow, VerificationForm, VerificationRow)
from ..text import normalize_text

FORM_KINDS = (VERIFICATION, TALLY)
SCAN_ROWS = 40          # the hidden key row of a tally or cross sheet stands near the top
KEY_COLUMNS = 10        # ... in one of its first columns (the cross sheet's)


def read_form(meta: dict[str, str], book, file: str) -> VerificationForm | TallyForm:
    """The records of a returned form whose ``_meta`` (already read) names its kind. ``book``:
    intake's open workbook (``names``, ``sheet(name).rows``)."""
    if meta.get("kind") == VERIFICATION:
        return read_verification(meta, book, file)
    return read_tally(meta, book, file)


def read_verification(meta: dict[str, str], book, file: str) -> VerificationForm:
    """Every row that names a unit or a criterion, with the columns its ``_meta`` gives."""
    sheet = meta.get("sheet") or VERIFY_SHEET
    form = VerificationForm(file=file, meta=meta, sheet=sheet, has_sheet=sheet in book.names)
    if META_SHEET in book.names:
        read_carried(form, book.sheet(META_SHEET).rows)
    if not form.has_sheet:
        return form
    rows = book.sheet(sheet).rows
    unit, crit, own, verified, reason = (
        _column(meta, f"{name}_col", VERIFY_COLUMNS.index(name))
        for name in ("unit", "criterion", "self", "verified", "reason"))
    start = int(meta.get("header_row") or VERIFY_HEADER_ROW + 1)   # 1-based header: data below
    for r in range(start, len(rows)):
        row = rows[r]
        unit_code, crit_code = cell_text(_at(row, unit)), cell_text(_at(row, crit))
        if not unit_code and not crit_code:
            continue
        form.rows.append(VerificationRow(
            unit=unit_code, criterion=crit_code, criterion_cell=a1(r, crit),
            self_score=_at(row, own), verified=FormCell(_at(row, verified), a1(r, verified)),
            reason=cell_text(_at(row, reason))))
    return form


def read_carried(form: VerificationForm, rows: list[list]) -> None:
    """What the form was written carrying, from its ``_meta`` below the keys: the table of rows
    (header ``row | unit_code | criterion_code | ...``) and the tagged rows (``submission``,
    ``known``). A form written before these existed has none: it carried nothing."""
    columns: dict[str, int] | None = None
    for row in rows:
        first = cell_text(_at(row, 0))
        if first == META_SUBMISSION:
            unit, name, sha = (cell_text(_at(row, c)) for c in (1, 2, 3))
            if unit and sha and unit != "unit_code":
                form.made_from[unit] = (name, sha)
        elif first == META_KNOWN:
            sha, name = cell_text(_at(row, 1)), cell_text(_at(row, 2))
            if sha and sha != "sha256":
                form.known.append((sha, name))
        elif first == VERIFY_META_TABLE[0]:
            columns = {cell_text(v): c for c, v in enumerate(row) if cell_text(v)}
        elif columns is not None and first:
            get = {key: _at(row, c) for key, c in columns.items()}
            unit, crit = cell_text(get.get("unit_code")), cell_text(get.get("criterion_code"))
            verified, reason = get.get("carried_verified"), cell_text(get.get("carried_reason"))
            if unit and crit and not (_blank(verified) and not reason):
                form.carried[(unit, crit)] = CarriedCell(
                    verified, reason, cell_text(get.get("carried_from")),
                    cell_text(get.get("verified_cell")))


def read_tally(meta: dict[str, str], book, file: str) -> TallyForm:
    """The hidden key row (``ballot`` in column A) and every ballot row below the header."""
    sheet = meta.get("sheet") or TALLY_SHEET
    form = TallyForm(file=file, meta=meta, sheet=sheet, has_sheet=sheet in book.names)
    if not form.has_sheet:
        return form
    rows = book.sheet(sheet).rows
    key_r = next((r for r, row in enumerate(rows[:SCAN_ROWS])
                  if row and cell_text(row[0]) == KEY_BALLOT), None)
    if key_r is None:
        return form
    form.key_row = key_r
    columns: dict[str, int] = {}
    for c, value in enumerate(rows[key_r]):
        key = cell_text(value)
        if key:
            form.keys.append((key, a1(key_r, c)))
            columns[key] = c                     # a key written twice: its last column
    for r in range(key_r + 2, len(rows)):         # the visible header row follows the key row
        row = rows[r]
        marks = {key: FormCell(_at(row, c), a1(r, c)) for key, c in columns.items()}
        number = _at(row, 0)
        if _blank(number) and all(_blank(m.raw) for m in marks.values()):
            continue
        form.rows.append(TallyRow(row=r + 1, number=cell_text(number),
                                  number_cell=a1(r, 0), marks=marks))
    return form


def read_cross_sheet(book) -> CrossSheet | None:
    """The unit's "Chấm chéo" sheet: a row per unit code below the hidden key row (``unit_code``,
    then one key per part); None when the sheet or its key row is gone."""
    if CROSS_SHEET not in book.names:
        return None
    rows = book.sheet(CROSS_SHEET).rows
    located = _cross_keys(rows)
    if located is None:
        return None
    key_row, unit_col, columns = located
    out = CrossSheet(sheet=CROSS_SHEET)
    for r in range(key_row + 2, len(rows)):      # the visible header row follows the key row
        row = rows[r]
        code = cell_text(_at(row, unit_col))
        if not code or code == CROSS_KEY_UNIT:
            continue
        out.rows.append(CrossRow(unit=code, unit_cell=a1(r, unit_col), scores={
            key: FormCell(_at(row, c), a1(r, c)) for key, c in columns.items()}))
    return out


@per_block
def cross_enabled(block: Block) -> bool:
    """Whether the block's units score each other (then intake reads their cross sheets)."""
    try:
        return review_config(block).cross.enabled
    except ConfigError:
        return False


def cell_text(value) -> str:
    """A cell as text: blank -> "", 6.0 -> "6", text normalized (NFC, spaces folded)."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(value)


def _cross_keys(rows: list[list]) -> tuple[int, int, dict[str, int]] | None:
    """(key row, unit column, {part key: column}) from the hidden key row, or None."""
    for r, row in enumerate(rows[:SCAN_ROWS]):
        for c, value in enumerate(row[:KEY_COLUMNS]):
            if isinstance(value, str) and value.strip() == CROSS_KEY_UNIT:
                columns = {cell_text(v): j for j, v in enumerate(row) if j > c and cell_text(v)}
                return r, c, columns
    return None


def _column(meta: dict[str, str], key: str, default: int) -> int:
    """A column named in ``_meta`` by its letters ("J"), else ``default`` (0-based)."""
    letters = meta.get(key, "").strip().upper()
    if not letters.isalpha() or not letters.isascii():
        return default
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col - 1


@lru_cache(maxsize=4096)
def a1(row: int, col: int) -> str:
    """0-based (row, col) -> "J12", as ``xlsxwriter.utility.xl_rowcol_to_cell`` (not imported:
    reading workers would load XlsxWriter, ~50 ms a spawn, for one function)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _at(row: list, c: int | None):
    return row[c] if c is not None and c < len(row) else None


def _blank(value) -> bool:
    return value is None or value == ""
