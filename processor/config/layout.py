"""Where each key of the schema sits in a block definition workbook, derived from the schema.

Each top-level table names its sheet (``Key(sheet=...)``). A table's scalar and list keys become
label rows (label | value; a sub-table follows under a heading row); an array of tables becomes
a table with one column per key (an array inside it is flattened into its rows: a section's columns,
then its criteria's); a map becomes a two-column table. On a sheet, the label rows come first,
then the tables, each under its title. The workbook's reader and writer and docs/config.md walk
this one layout, so the workbook, block.toml and the reference never disagree.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .schema import BLOCK_FILE
from .spec import Array, Key, MapOf, Table

GUIDE_SHEET = "Hướng dẫn"
_INDEX = re.compile(r"\[\d+\]")
LABEL_HEADER = ("Mục", "Giá trị", "Ghi chú")      # the label rows' header: label, value, note


@dataclass(frozen=True)
class Field:
    """A key typed in one cell: a label row's value, or a table's column."""
    path: tuple[str, ...]       # key names: from the root for a label row, from the item in a table
    key: Key
    label: str
    level: int = 0              # in a flattened table: 0 the outer item's key, 1 the inner's

    @property
    def kind(self):
        return self.key.type


@dataclass(frozen=True)
class Heading:
    """A group of label rows (a table of the schema): its title row."""
    path: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class Grid:
    """An array of tables (one row per item) or a map (one row per entry) under a title."""
    path: tuple[str, ...]           # key names from the root to the array or map
    key: Key
    title: str | None               # None: the sheet's only part, found by its header row
    columns: tuple[Field, ...]
    inner: str | None = None        # the key of the array flattened into the rows (criteria)

    @property
    def is_map(self) -> bool:
        return isinstance(self.key.type, MapOf)


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    rows: tuple[Field | Heading, ...] = ()
    grids: tuple[Grid, ...] = ()
    tables: tuple[str, ...] = field(default=())     # the top-level keys shown on the sheet


def fold(text: str) -> str:
    """A label as it is matched: NFC, case and runs of white space ignored, a trailing ':' or
    '*' dropped."""
    text = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    return text.rstrip(":*").rstrip()


@lru_cache(maxsize=1)
def sheets() -> tuple[Sheet, ...]:
    """The workbook's data sheets, in the order of the schema's top-level tables."""
    order: list[str] = []
    parts: dict[str, tuple[list, list, list]] = {}
    for key in BLOCK_FILE.keys:
        if not key.sheet:
            raise ValueError(f"top-level table {key.name} names no sheet")
        if key.sheet not in parts:
            order.append(key.sheet)
            parts[key.sheet] = ([], [], [])
        parts[key.sheet][2].append(key)
    for name in order:
        rows, grids, keys = parts[name]
        alone = len(keys) == 1
        for key in keys:
            _place(key, (key.name,), rows, grids, heading=not alone)
    out = []
    for name in order:
        rows, grids, keys = parts[name]
        if len(grids) == 1 and not rows:
            grids[0] = Grid(grids[0].path, grids[0].key, None, grids[0].columns, grids[0].inner)
        out.append(Sheet(name, ", ".join(k.label_vi for k in keys), tuple(rows), tuple(grids),
                         tuple(k.name for k in keys)))
    return tuple(out)


def _place(key: Key, path: tuple[str, ...], rows: list, grids: list, heading: bool) -> None:
    kind = key.type
    if isinstance(kind, Table):
        if heading:
            rows.append(Heading(path, key.label_vi))
        # its own keys first, then its sub-tables: a key after a group would read as the group's
        for sub in sorted(kind.keys, key=lambda k: isinstance(k.type, Table)):
            _place(sub, path + (sub.name,), rows, grids, heading=True)
    elif isinstance(kind, Array):
        grids.append(_grid(key, path))
    elif isinstance(kind, MapOf):
        k, v = kind.labels
        grids.append(Grid(path, key, key.label_vi, (
            Field(("key",), Key("key", kind.key, "", ""), k),
            Field(("value",), Key("value", kind.value, "", ""), v))))
    else:
        rows.append(Field(path, key, key.label_vi))


def _grid(key: Key, path: tuple[str, ...]) -> Grid:
    columns: list[Field] = []
    inner = None
    for sub in key.type.table.keys:
        if isinstance(sub.type, Array):
            if inner is not None or any(isinstance(k.type, (Array, Table, MapOf))
                                        for k in sub.type.table.keys):
                raise ValueError(f"{'.'.join(path)}: one flat array inside an array at most")
            inner = sub.name
            columns += [Field((s.name,), s, s.label_vi, level=1) for s in sub.type.table.keys]
        elif isinstance(sub.type, (Table, MapOf)):
            raise ValueError(f"{'.'.join(path)}.{sub.name}: a table inside an array of tables")
        else:
            columns.append(Field((sub.name,), sub, sub.label_vi))
    return Grid(path, key, key.label_vi, tuple(columns), inner)


def sheet_of(top: str) -> Sheet:
    """The sheet that shows a top-level table."""
    return next(s for s in sheets() if top in s.tables)


def places() -> dict[tuple[str, ...], str]:
    """Every key's place in the workbook, by its key path with array items left out (``units``,
    ``code``): ``Đơn vị › cột Mã đơn vị``, ``Khối › Tên Khối``."""
    out: dict[tuple[str, ...], str] = {}
    for sheet in sheets():
        out.update({(top,): sheet.name for top in sheet.tables})
        for row in sheet.rows:
            out[row.path] = f"{sheet.name} › {row.label}"
        for grid in sheet.grids:
            where = f"{sheet.name} › bảng {grid.title}" if grid.title else sheet.name
            out[grid.path] = where
            if grid.is_map:
                continue
            for col in grid.columns:
                inner = (grid.inner,) if col.level else ()
                out[grid.path + inner + col.path] = f"{sheet.name} › cột {col.label}"
            if grid.inner:
                out[grid.path + (grid.inner,)] = where
    return out


_HOME = re.compile(r"\[\[([A-Za-z_][\w.]*)\]\]|(?<![\w\]])\[([A-Za-z_][\w.]*)\]")
_SEEN_AT = re.compile(r"(đã có ở )([A-Za-z_][\w.\[\]\"]*\w\]?)")
_WORD = re.compile(r"(?<![\w.:'<])([a-z]+(?:_[a-z]+)*)(?![\w'>])")


def reword(key: str, message: str, cells: dict[str, str]) -> str:
    """A validator's message in a workbook's words: ``[[units]]`` the sheet of units, a key named
    in it its «label», ``đã có ở units[3].code`` the cell in ``cells`` (key path -> cell)."""
    where = places()

    def home(m: re.Match) -> str:
        names = tuple((m.group(1) or m.group(2)).split("."))
        return f"trang «{where[names]}»" if names in where else m.group(0)

    def seen(m: re.Match) -> str:
        return m.group(1) + (cells.get(m.group(2)) or m.group(2))

    message = _SEEN_AT.sub(seen, _HOME.sub(home, message))
    labels = _labels_near(key)
    if labels:
        message = _WORD.sub(lambda m: f"«{labels[m.group(1)]}»" if m.group(1) in labels
                            else m.group(0), message)
    return message


def _labels_near(key: str) -> dict[str, str]:
    """Key name -> label of the keys of the table that holds ``key`` (or that ``key`` is)."""
    names = [p for p in _INDEX.sub("", key).split(".") if p]
    table = BLOCK_FILE
    out: dict[str, str] = {}
    for name in names:
        found = table.by_name.get(name)
        if found is None:
            break
        kind = found.type.table if isinstance(found.type, Array) else found.type
        if not isinstance(kind, Table):
            break
        table = kind
    out.update({k.name: k.label_vi for k in table.keys if k.label_vi})
    return out
