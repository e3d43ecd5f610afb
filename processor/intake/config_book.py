"""Read a block definition workbook (``thidua init``) into the raw tree block.toml would give.

The sheets, label rows and columns are found by their names as :mod:`processor.config.layout`
derives them from the schema; cells are read by python-calamine (xlsx, xlsm, xls, xlsb, ods)
and turned into TOML's value types by :mod:`processor.config.cells`. Nothing is decided here:
the one config reader checks the tree, and every problem names its cell (``Đơn vị!C5``).
Unknown sheets, labels and column headers are problems, never skipped in silence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_rowcol_to_cell

from ..config.cells import from_cell, text_of
from ..config.layout import (GUIDE_SHEET, LABEL_HEADER, Field, Grid, Heading, Sheet, fold, places,
                             reword, sheets)
from ..config.reader import ConfigError, join
from ..config.spec import Bad, suggest
from .cell_errors import error_cells

FILE = "(tệp)"
_INDEX = re.compile(r"\[\d+\]")


@dataclass
class ConfigBook:
    """A workbook's raw tree, where each value was typed, the cells that could not be read and
    problems of its shape (an unknown sheet, label or column)."""
    raw: dict = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)      # key path -> "Sheet!B7"
    refused: dict[str, str] = field(default_factory=dict)    # key path -> why
    problems: list[tuple[str, str]] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)    # top-level key -> its absent sheet

    def locate(self, path: str) -> str | None:
        """Where the value of ``path`` was (or should have been) typed."""
        cells = self.cells
        if path in cells:
            return cells[path]
        item = re.sub(r"\[\d+\]$", "", path)            # an item of a list typed in one cell
        if item in cells:
            return cells[item]
        for known, place in cells.items():            # a table: its first cell
            if known.startswith((path + ".", path + "[")):
                return place
        top = re.split(r"[.\[]", path, maxsplit=1)[0]
        if top in self.missing:
            return f"trang '{self.missing[top]}' (không có trong tệp)"
        names = tuple(p for p in _INDEX.sub("", path).split(".") if p)
        return places().get(names)

    def reword(self, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The validator's messages in a workbook's words: ``[[units]]`` the sheet of units, a
        key named in a message its «label», ``đã có ở units[3].code`` that cell."""
        return [(key, reword(key, message, self.cells)) for key, message in problems]


def read_config_book(path: str | Path) -> ConfigBook:
    """The workbook at ``path`` as a :class:`ConfigBook`; :class:`ConfigError` when it cannot be
    opened as a workbook at all."""
    path = Path(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        grids = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                 for name in names}
    except FileNotFoundError:
        raise ConfigError(str(path), [(FILE, "không tìm thấy tệp")]) from None
    except IsADirectoryError:
        raise ConfigError(str(path), [(FILE, "đây là thư mục, không phải tệp")]) from None
    except PermissionError:
        raise ConfigError(str(path), [(FILE, "không có quyền đọc tệp")]) from None
    except Exception as exc:  # noqa: BLE001  (calamine's errors: not a workbook, encrypted...)
        raise ConfigError(str(path), [(FILE, "không đọc được bảng tính "
                                             f"({type(exc).__name__}: {exc}); mở tệp bằng Excel "
                                             "hoặc LibreOffice và lưu lại dạng .xlsx")]) from None
    out = ConfigBook()
    known = {fold(s.name): s for s in sheets()}
    found: dict[str, str] = {}
    for name in names:
        key = fold(name)
        if key in known and known[key].name not in found:
            found[known[key].name] = name
        elif key in known and _filled(grids[name]):
            out.problems.append((name, f"trang trùng tên với trang '{found[known[key].name]}', "
                                       "không được đọc"))
        elif key != fold(GUIDE_SHEET) and _filled(grids[name]):
            close = suggest(name, [s.name for s in sheets()])
            hint = f"; có phải '{close}'?" if close else \
                f" (các trang: {', '.join(s.name for s in sheets())})"
            out.problems.append((name, "trang không có trong mẫu bảng cấu hình, dữ liệu trên trang "
                                       f"không được đọc{hint}"))
    for sheet in sheets():
        name = found.get(sheet.name)
        if name is None:
            out.missing.update({top: sheet.name for top in sheet.tables})
            continue
        rows = grids[name]
        errors = _errors(path, name, rows)
        _SheetReader(out, sheet, name, rows, errors).read()
    return out


def _filled(rows: list[list]) -> bool:
    return any(_value(v) is not None for row in rows for v in row)


def _errors(path: Path, name: str, rows: list[list]) -> dict[tuple[int, int], str]:
    """Error cells (#DIV/0!...) of an OOXML sheet, which calamine reads as blanks."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    blank = {xl_rowcol_to_cell(r, c): (r, c) for r, row in enumerate(rows) for c, v in enumerate(row)
             if _value(v) is None}
    if not blank:
        return {}
    return {blank[ref]: err for ref, err in error_cells(path, name, set(blank)).items()}


def _value(cell: Any) -> Any:
    """A cell's value, None when it is empty (or only white space)."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    return cell


class _SheetReader:
    """One sheet: its label rows (after the Mục | Giá trị header), then its tables."""

    def __init__(self, out: ConfigBook, sheet: Sheet, name: str, rows: list[list],
                 errors: dict[tuple[int, int], str]):
        self.out, self.sheet, self.name, self.rows, self.errors = out, sheet, name, rows, errors
        self.titles = {fold(g.title): g for g in sheet.grids if g.title}

    def cell(self, r: int, c: int) -> Any:
        if (r, c) in self.errors:
            return _ErrorCell(self.errors[(r, c)])
        row = self.rows[r] if r < len(self.rows) else []
        return _value(row[c]) if c < len(row) else None

    def ref(self, r: int, c: int) -> str:
        return f"{self.name}!{xl_rowcol_to_cell(r, c)}"

    def problem(self, r: int, c: int, message: str) -> None:
        self.out.problems.append((self.ref(r, c), message))

    def title_at(self, r: int) -> Grid | None:
        """The table whose title stands alone in row ``r``."""
        filled = [v for v in (self.cell(r, c) for c in range(len(self.rows[r]))) if v is not None]
        if len(filled) == 1 and isinstance(filled[0], str):
            return self.titles.get(fold(filled[0]))
        return None

    def read(self) -> None:
        r = 0
        if self.sheet.rows:
            r = self.labels()
        grid = None if self.sheet.grids and self.sheet.grids[0].title else \
            (self.sheet.grids[0] if self.sheet.grids else None)
        seen: set[str] = set()
        while r < len(self.rows):
            title = self.title_at(r)
            if title is not None:
                if title.title in seen:
                    self.problem(r, 0, f"bảng '{title.title}' có hai lần trên trang")
                seen.add(title.title)
                grid, r = title, r + 1
                continue
            if grid is None:
                if any(self.cell(r, c) is not None for c in range(len(self.rows[r]))):
                    self.problem(r, 0, "dòng nằm ngoài các mục và bảng của trang, không được đọc")
                r += 1
                continue
            r = self.table(grid, r)
            grid = None

    # -- label rows ---------------------------------------------------------------------------
    def labels(self) -> int:
        """Read the label rows; returns the row where the tables begin."""
        head = self.header_row(LABEL_HEADER[:2])
        if head is None:
            self.out.problems.append((self.name, "không tìm thấy dòng tiêu đề "
                                                 f"'{LABEL_HEADER[0]} | {LABEL_HEADER[1]}'"))
            return len(self.rows)
        r, columns = head
        label_col, value_col = columns[fold(LABEL_HEADER[0])], columns[fold(LABEL_HEADER[1])]
        fields = {fold(f.label): f for f in self.sheet.rows if isinstance(f, Field)}
        headings = {fold(h.label) for h in self.sheet.rows if isinstance(h, Heading)}
        done: dict[tuple[str, ...], int] = {}
        r += 1
        while r < len(self.rows):
            if self.title_at(r) is not None:
                break
            label, value = self.cell(r, label_col), self.cell(r, value_col)
            text = fold(text_of(label)) if label is not None else ""
            if text in fields:
                f = fields[text]
                if f.path in done:
                    self.problem(r, label_col, f"mục '{f.label}' ghi hai lần (đã có ở dòng "
                                               f"{done[f.path] + 1})")
                else:
                    done[f.path] = r
                    self.put(f.path, value, f, r, value_col)
            elif value is None:
                pass                # a heading, a note or an empty row: nothing is lost
            elif label is None:
                self.problem(r, value_col, f"giá trị không có tên mục (cột '{LABEL_HEADER[0]}' "
                                           "trống)")
            elif text in headings:
                self.problem(r, value_col, "dòng này là tên nhóm, không nhập giá trị")
            else:
                close = suggest(text_of(label), [f.label for f in fields.values()])
                hint = f"; có phải '{close}'?" if close else ""
                self.problem(r, label_col, f"mục '{text_of(label)}' không có{hint}")
            r += 1
        return r

    def header_row(self, names: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
        """The first row holding all of ``names``, with their columns."""
        wanted = {fold(n) for n in names}
        for r, row in enumerate(self.rows):
            columns = {fold(v): c for c, v in enumerate(row) if isinstance(v, str) and v.strip()}
            if wanted <= set(columns):
                return r, columns
        return None

    def put(self, path: tuple[str, ...], value: Any, f: Field, r: int, c: int) -> None:
        """Record where ``path`` is typed; set its value in the raw tree when the cell has one."""
        key = ".".join(path)
        self.out.cells[key] = self.ref(r, c)
        if value is None:
            return
        node = self.out.raw
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = self.convert(f, value, key)

    def convert(self, f: Field, value: Any, key: str) -> Any:
        if isinstance(value, _ErrorCell):
            self.out.refused[key] = f"ô có lỗi công thức {value.error}"
            return value.error
        try:
            return from_cell(f.kind, value)
        except Bad as exc:
            self.out.refused[key] = str(exc)
            return text_of(value)

    # -- tables ------------------------------------------------------------------------------
    def table(self, grid: Grid, r: int) -> int:
        """Read ``grid`` from its header row (at or after ``r``) to the next table's title."""
        names = {fold(f.label): f for f in grid.columns}
        while r < len(self.rows) and self.title_at(r) is None:
            row = self.rows[r]
            if any(isinstance(v, str) and fold(v) in names for v in row):
                break
            r += 1
        else:
            self.out.problems.append((self.name, f"không tìm thấy dòng tiêu đề cột của bảng "
                                                 f"'{grid.title or self.sheet.title}' (cột "
                                                 f"'{grid.columns[0].label}', …)"))
            return r
        columns: dict[int, Field] = {}
        for c, v in enumerate(self.rows[r]):
            v = _value(v)
            if v is None:
                continue
            f = names.get(fold(text_of(v)))
            if f is None:
                close = suggest(text_of(v), [f.label for f in grid.columns])
                hint = f"; có phải '{close}'?" if close else \
                    f" (các cột: {', '.join(f.label for f in grid.columns)})"
                self.problem(r, c, f"cột '{text_of(v)}' không có, dữ liệu cột này không được "
                                   f"đọc{hint}")
            elif f in columns.values():
                self.problem(r, c, f"cột '{f.label}' có hai lần")
            else:
                columns[c] = f
        items = []
        r += 1
        while r < len(self.rows) and self.title_at(r) is None:
            values = {c: self.cell(r, c) for c in columns}
            if any(v is not None for v in values.values()):
                items.append((r, values))
            r += 1
        if grid.is_map:
            self.map_rows(grid, columns, items)
        else:
            self.item_rows(grid, columns, items)
        return r

    def map_rows(self, grid: Grid, columns: dict[int, Field], items) -> None:
        base = ".".join(grid.path)
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        at = {f.path[0]: c for c, f in columns.items()}
        key_field, value_field = grid.columns
        for r, values in items:
            name = values.get(at.get("key"))
            value = values.get(at.get("value"))
            if name is None:
                self.problem(r, at.get("value", 0), f"thiếu '{key_field.label}'")
                continue
            name = text_of(name).strip()
            path = join(base, name)
            if name in first:
                self.problem(r, at["key"], f"'{name}' ghi hai lần (đã có ở dòng {first[name] + 1})")
                continue
            first[name] = r
            self.out.cells[path] = self.ref(r, at.get("value", at["key"]))
            out[name] = self.convert(value_field, value, path) if value is not None else None
            if value is None:
                self.out.refused[path] = f"thiếu '{value_field.label}'"
        if out:
            node = self.out.raw
            for part in grid.path[:-1]:
                node = node.setdefault(part, {})
            node[grid.path[-1]] = out

    def item_rows(self, grid: Grid, columns: dict[int, Field], items) -> None:
        base = ".".join(grid.path)
        outer = {c: f for c, f in columns.items() if f.level == 0}
        inner = {c: f for c, f in columns.items() if f.level == 1}
        outer_at = {f.path[0]: c for c, f in outer.items()}
        inner_at = {f.path[0]: c for c, f in inner.items()}
        code = grid.columns[0].path[0]
        made: list[dict] = []
        current: dict | None = None
        shown: dict[str, str] = {}          # the current item's outer cells, as text
        start = 0
        for r, values in items:
            mine = {f.path[0]: values[c] for c, f in outer.items() if values[c] is not None}
            theirs = {f.path[0]: values[c] for c, f in inner.items() if values[c] is not None}
            text = {k: fold(text_of(v)) for k, v in mine.items()}
            same = current is not None and (
                text.get(code) == shown.get(code) if code in text
                else all(shown.get(k) == v for k, v in text.items()))
            if current is None or (mine and not same) or not grid.inner:
                current, start, shown = {}, r, {}
                made.append(current)
                if grid.inner:
                    current[grid.inner] = []
                prefix = f"{base}[{len(made)}]"
                for c, f in outer.items():
                    self.out.cells[f"{prefix}.{f.path[0]}"] = self.ref(r, c)
            prefix = f"{base}[{len(made)}]"
            for name, value in mine.items():
                f = outer[outer_at[name]]
                if name in shown and shown[name] != text[name]:
                    self.problem(r, outer_at[name], f"'{f.label}' khác với dòng {start + 1} của "
                                                    "cùng nhóm")
                elif name not in shown:
                    shown[name] = text[name]
                    current[name] = self.convert(f, value, f"{prefix}.{name}")
            if theirs:
                item: dict[str, Any] = {}
                current[grid.inner].append(item)
                sub = f"{prefix}.{grid.inner}[{len(current[grid.inner])}]"
                for c, f in inner.items():
                    self.out.cells[f"{sub}.{f.path[0]}"] = self.ref(r, c)
                for name, value in theirs.items():
                    item[name] = self.convert(inner[inner_at[name]], value, f"{sub}.{name}")
        if made:
            node = self.out.raw
            for part in grid.path[:-1]:
                node = node.setdefault(part, {})
            node[grid.path[-1]] = made


class _ErrorCell:
    """A cell holding a formula error (#DIV/0!, #N/A...)."""

    def __init__(self, error: str):
        self.error = error
