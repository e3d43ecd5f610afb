"""Write a block definition workbook (``thidua init``, ``thidua config export``) from a raw tree.

The sheets, label rows and columns are :mod:`processor.config.layout`'s, derived from the schema;
each value is written in its cell form (:mod:`processor.config.cells`). Input cells are yellow,
values from a list have a drop-down, every label has its meaning beside it (or, for a column,
in its header's comment: :mod:`.config_guide`). A fixed ``created`` gives the same bytes for the
same tree.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..config.cells import NO, YES, to_cell
from ..config.layout import GUIDE_SHEET, LABEL_HEADER, Grid, Heading, Sheet, sheets
from ..config.schema import DEFAULT_TIMEZONE
from ..config.spec import (MAX_INT, Boolean, Choice, Code, Custom, Day, Integer, Lines, ListOf,
                           Moment, Number, Text, Zone)
from .atomic import atomic_workbook
from .config_guide import GUIDE, column_note, note, siblings
from .styles import text_height

FONT = "Times New Roman"
INPUT_FILL = "#FFF2CC"      # light yellow: type here (as in the scoring template)
HEAD_FILL = "#DDEBF7"
GROUP_FILL = "#F2F2F2"
HEADER_ROW = 3              # the header row of a sheet (0-based): title, hint, blank, header
CAPACITY = 1000             # rows a drop-down and a code list reach below the header
SPARE = 30                  # empty input rows written below a sheet's table
ZONES = ("Asia/Ho_Chi_Minh", "Asia/Bangkok", "UTC")

def write_config_book(raw: dict, path: Path, created: datetime) -> Path:
    """The workbook of a checked raw tree at ``path``, atomically. ``created`` fixes its bytes."""
    with atomic_workbook(Path(path), created) as wb:
        _Book(wb, raw).write()
    return Path(path)


class _Book:
    def __init__(self, wb, raw: dict):
        self.wb = wb
        self.raw = raw
        self.zone = ZoneInfo((raw.get("block") or {}).get("timezone") or DEFAULT_TIMEZONE)
        base = {"font_name": FONT, "font_size": 12, "valign": "top"}
        grid = {**base, "border": 1, "text_wrap": True}
        self.f = {
            "title": wb.add_format({**base, "bold": True, "font_size": 14}),
            "hint": wb.add_format({**base, "italic": True, "font_color": "#595959"}),
            "para": wb.add_format({**base, "text_wrap": True}),
            "head": wb.add_format({**grid, "bold": True, "bg_color": HEAD_FILL}),
            "group": wb.add_format({**grid, "bold": True, "bg_color": GROUP_FILL}),
            "label": wb.add_format(grid),
            "note": wb.add_format({**grid, "font_size": 10, "font_color": "#404040"}),
            "input": wb.add_format({**grid, "bg_color": INPUT_FILL}),
            "text": wb.add_format({**grid, "bg_color": INPUT_FILL, "num_format": "@"}),
            "date": wb.add_format({**grid, "bg_color": INPUT_FILL, "num_format": "dd/mm/yyyy"}),
            "datetime": wb.add_format({**grid, "bg_color": INPUT_FILL,
                                       "num_format": "dd/mm/yyyy hh:mm"}),
        }
        self.codes = _code_columns()
        self.widths: dict[int, float] = {}         # the current sheet's column widths
        self.heights: dict[int, float] = {}        # and the height each of its rows needs

    def fit(self, r: int, c: int, text: Any, size: float = 12) -> None:
        """Make row ``r`` tall enough for ``text`` wrapped in column ``c``."""
        if text is None or text == "":
            return
        shown = text if isinstance(text, str) else "00/00/0000 00:00"
        height = text_height(shown, self.widths.get(c, 10) - 1, size)
        self.heights[r] = max(self.heights.get(r, 0), height)

    def begin(self, name: str, widths: dict[int, float]):
        ws = self.wb.add_worksheet(name)
        self.widths, self.heights = dict(widths), {}
        for c, w in widths.items():
            ws.set_column(c, c, w)
        return ws

    def end(self, ws, last_row: int, last_col: int) -> None:
        for r, h in sorted(self.heights.items()):
            ws.set_row(r, h)
        ws.print_area(0, 0, last_row, last_col)

    def write(self) -> None:
        block = self.raw.get("block") or {}
        self.wb.set_properties({**self.wb.doc_properties,       # keeps the fixed "created"
                                "title": "Cấu hình Khối thi đua", "subject": block.get("name", ""),
                                "author": block.get("secretary", "") or "thidua"})
        self.guide()
        for sheet in sheets():
            if sheet.rows:
                self.label_sheet(sheet)
            else:
                self.table_sheet(sheet)

    # -- the guide ----------------------------------------------------------------------------
    def guide(self) -> None:
        ws = self.begin(GUIDE_SHEET, {0: 80})
        _page(ws, landscape=False)
        r = 0
        for kind, text in GUIDE:
            ws.write_string(r, 0, text, self.f["title" if kind == "title" else
                                               "group" if kind == "head" else "para"])
            self.fit(r, 0, text, 14 if kind == "title" else 12)
            r += 2 if kind == "title" else 1
        for sheet in sheets():
            what = sheet.title + (": mỗi dòng một mục (Mục | Giá trị | Ghi chú)" if sheet.rows
                                  else ": mỗi dòng một " + ("tiêu chí" if sheet.grids[0].inner
                                                            else "đơn vị"))
            if sheet.rows and sheet.grids:
                what += "; dưới các mục là bảng " + ", ".join(
                    f"\"{g.title}\"" for g in sheet.grids)
            ws.write_string(r, 0, f"• {sheet.name} — {what}.", self.f["para"])
            self.fit(r, 0, f"• {sheet.name} — {what}.")
            r += 1
        self.end(ws, r - 1, 0)
        ws.activate()

    # -- label rows, then titled tables -------------------------------------------------------
    def label_sheet(self, sheet: Sheet) -> None:
        ws = self.begin(sheet.name, {0: 36, 1: 46, 2: 70})
        _page(ws, landscape=True)
        ws.write_string(0, 0, sheet.title.upper(), self.f["title"])
        ws.write_string(1, 0, "Nhập ở cột Giá trị (ô màu vàng). Ô để trống: dùng giá trị mặc "
                              "định ghi ở cột Ghi chú.", self.f["hint"])
        for c, name in enumerate(LABEL_HEADER):
            ws.write_string(HEADER_ROW, c, name, self.f["head"])
        ws.freeze_panes(HEADER_ROW + 1, 0)
        ws.repeat_rows(HEADER_ROW)
        r = HEADER_ROW + 1
        group = None
        for row in sheet.rows:
            if isinstance(row, Heading):
                group = row.label if len(row.path) > 1 else None    # an optional sub-table
                ws.write_string(r, 0, row.label, self.f["group"])
                ws.write_blank(r, 1, None, self.f["group"])
                ws.write_blank(r, 2, None, self.f["group"])
            else:
                text = note(row.key, siblings(row.path),
                            group if group and len(row.path) > 2 else None)
                ws.write_string(r, 0, row.label, self.f["label"])
                self.value(ws, r, 1, row.kind, _get(self.raw, row.path))
                self.validate(ws, r, 1, r, row.kind)
                ws.write_string(r, 2, text, self.f["note"])
                self.fit(r, 0, row.label)
                self.fit(r, 2, text, 10)
            r += 1
        last = r - 1
        for grid in sheet.grids:
            r += 1
            ws.write_string(r, 0, grid.title, self.f["title"])
            ws.write_string(r + 1, 0, grid.key.hint_vi or grid.key.vi, self.f["hint"])
            last, r = self.table(ws, grid, r + 2, spare=5)
        self.end(ws, last, len(LABEL_HEADER) - 1)

    def table_sheet(self, sheet: Sheet) -> None:
        grid = sheet.grids[0]
        ws = self.begin(sheet.name, {c: max(_width(col.kind), len(col.label) + 2)
                                     for c, col in enumerate(grid.columns)})
        _page(ws, landscape=True)
        ws.write_string(0, 0, sheet.title.upper(), self.f["title"])
        ws.write_string(1, 0, (grid.key.hint_vi or grid.key.vi) + " Nhập vào ô màu vàng; đưa "
                              "chuột lên tiêu đề cột để xem cách ghi.", self.f["hint"])
        ws.freeze_panes(HEADER_ROW + 1, 0)
        ws.repeat_rows(HEADER_ROW)
        last, _ = self.table(ws, grid, HEADER_ROW, spare=SPARE)
        self.end(ws, last, len(grid.columns) - 1)

    def table(self, ws, grid: Grid, head: int, spare: int) -> tuple[int, int]:
        """Header at row ``head``, then the rows of ``grid`` and ``spare`` empty input rows;
        returns (its last filled row, the row after it)."""
        for c, col in enumerate(grid.columns):
            ws.write_string(head, c, col.label, self.f["head"])
            self.fit(head, c, col.label)
            ws.write_comment(head, c, column_note(grid, col), {"x_scale": 2.4, "y_scale": 1.6,
                                                               "font_name": FONT})
            self.validate(ws, head + 1, c, head + CAPACITY, col.kind)
        r = head + 1
        for values in _grid_rows(self.raw, grid):
            for c, col in enumerate(grid.columns):
                self.value(ws, r, c, col.kind, values.get((col.level, col.path[0])))
            r += 1
        last = r - 1
        for _ in range(spare):
            for c, col in enumerate(grid.columns):
                self.value(ws, r, c, col.kind, None)
            r += 1
        return last, r

    # -- one cell -----------------------------------------------------------------------------
    def value(self, ws, r: int, c: int, kind: Any, raw: Any) -> None:
        if isinstance(raw, datetime) and raw.tzinfo is not None:
            raw = raw.astimezone(self.zone).replace(tzinfo=None)
        cell = None if raw is None else to_cell(kind, raw)
        style = self.f[_style(kind)]
        self.fit(r, c, cell)
        if cell is None:
            ws.write_blank(r, c, None, style)
        elif isinstance(cell, str):
            ws.write_string(r, c, cell, style)
        elif isinstance(cell, datetime):
            ws.write_datetime(r, c, cell, self.f["datetime"])
        elif isinstance(cell, date):
            ws.write_datetime(r, c, datetime.combine(cell, datetime.min.time()), self.f["date"])
        else:
            ws.write_number(r, c, cell, style)

    def validate(self, ws, first: int, c: int, last: int, kind: Any) -> None:
        """A drop-down (or a number check) on rows ``first``..``last`` of column ``c``."""
        rule: dict[str, Any] | None = None
        if isinstance(kind, Boolean):
            rule = {"validate": "list", "source": [YES, NO]}
        elif isinstance(kind, Choice):
            rule = {"validate": "list", "source": list(kind.words or kind.values)}
        elif isinstance(kind, Zone):
            rule = {"validate": "list", "source": list(ZONES), "error_type": "warning"}
        elif isinstance(kind, Text) and kind.refers is not None and kind.refers in self.codes:
            sheet, col = self.codes[kind.refers]
            rule = {"validate": "list", "source": f"='{sheet}'!${col}${HEADER_ROW + 2}:"
                                                  f"${col}${HEADER_ROW + 1 + CAPACITY}"}
        elif isinstance(kind, (Integer, Number)):
            lo = kind.lo if kind.lo is not None else -(2**53)
            rule = {"validate": "integer" if isinstance(kind, Integer) else "decimal",
                    "criteria": ">=", "value": lo}
            if kind.hi is not None and kind.hi != MAX_INT:
                rule.update(criteria="between", minimum=lo, maximum=kind.hi)
                del rule["value"]
        if rule is None:
            return
        vi = kind.doc()[0].replace("`", "")
        rule.update(error_title="Giá trị không hợp lệ", error_message=f"Cần {vi}."[:255])
        rule.setdefault("error_type", "stop")
        ws.data_validation(first, c, last, c, rule)


def _page(ws, landscape: bool) -> None:
    ws.set_paper(9)                      # A4
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)


def _style(kind: Any) -> str:
    if isinstance(kind, (Text, Custom, ListOf, Lines, Choice, Boolean)):
        return "text"
    if isinstance(kind, Moment):
        return "datetime"
    if isinstance(kind, Day):
        return "date"
    return "input"


def _width(kind: Any) -> int:
    if isinstance(kind, Code) or (isinstance(kind, Text) and kind.refers is not None):
        return 12
    if isinstance(kind, Text) and kind.normalize:
        return 48
    if isinstance(kind, ListOf):
        return 26
    if isinstance(kind, (Integer, Number)):
        return 11
    if isinstance(kind, (Day, Moment)):
        return 18
    return 16


def _code_columns() -> dict:
    """namespace -> (sheet, column letter) of the column that defines its codes."""
    out = {}
    for sheet in sheets():
        for grid in sheet.grids:
            for c, col in enumerate(grid.columns):
                ns = getattr(col.kind, "defines", None)
                if ns is not None and not sheet.rows:
                    out[ns] = (sheet.name, chr(65 + c))
    return out


def _get(raw: dict, path: tuple[str, ...]) -> Any:
    node: Any = raw
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _grid_rows(raw: dict, grid: Grid) -> list[dict[tuple[int, str], Any]]:
    """Each row of a table as {(level, key): raw value}."""
    found = _get(raw, grid.path)
    if not found:
        return []
    if grid.is_map:
        return [{(0, "key"): k, (0, "value"): v} for k, v in found.items()]
    rows = []
    for item in found:
        outer = {(0, k): v for k, v in item.items() if k != grid.inner}
        inner = item.get(grid.inner) if grid.inner else None
        if not inner:
            rows.append(outer)
            continue
        for i, sub in enumerate(inner):
            rows.append({**(outer if i == 0 else {}), **{(1, k): v for k, v in sub.items()}})
    return rows
