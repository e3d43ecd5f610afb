"""What both layouts of the detail sheet (Chi tiết điểm) share: where each figure lives
(:class:`DetailLayout`, read by the summary and the charts), which layout a block gets, the titles
of the totals, and the conditional formats of the score cells."""
from __future__ import annotations

from dataclasses import dataclass, field

from xlsxwriter.utility import xl_rowcol_to_cell

from ..labels import label
from .common import quoted

FIRST_UNIT_COL = 3          # the small layout: criterion code, text, max, then a unit a column
LARGE_BLOCK_UNITS = 60
"""Above this many units the detail sheet lists units as rows (detail_rows.py). Up to 60
unit columns still print legibly one page wide in landscape, and 60 units × ~20 comments stay
cheap; beyond that a column per unit is unreadable and per-cell comments (VML shapes) dominate
the time and size of the workbook, and Excel's 16,384 columns cap the block size."""


@dataclass
class DetailLayout:
    """Where each figure lives on the detail sheet, for formulas and charts elsewhere."""
    sheet: str
    units: list[str]                                  # unit codes, one column each
    col: dict[str, int] = field(default_factory=dict)
    section_row: dict[str, int] = field(default_factory=dict)
    criterion_row: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # base_sum, applicable_max, normalized, ...
    cached: dict[tuple[str, str], float | None] = field(default_factory=dict)  # what each holds
    by_rows: bool = False                             # the large layout: one row per unit
    unit_row: dict[str, int] = field(default_factory=dict)   # by_rows: unit -> row
    what_col: dict[str, int] = field(default_factory=dict)   # by_rows: criterion/section/total -> col

    def cell(self, unit: str, row: int, absolute: bool = True) -> str:
        return xl_rowcol_to_cell(row, self.col[unit], row_abs=absolute, col_abs=absolute)

    def ref(self, unit: str, what: str) -> str:
        """A reference from another sheet: 'Chi tiết điểm'!$D$40."""
        if self.by_rows:
            row, col = self.unit_row[unit], self.what_col[what]
        else:
            row = self.rows[what] if what in self.rows else self.section_row[what]
            col = self.col[unit]
        return f"{quoted(self.sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"

    @property
    def last_col(self) -> int:
        return FIRST_UNIT_COL + len(self.units) - 1


def large(result) -> bool:
    """Whether ``result`` gets the large (units as rows) layout."""
    return len(result.units) > LARGE_BLOCK_UNITS


def total_titles(block, lang: str) -> dict[str, str]:
    """Labels of the totals rows (or columns, in the large layout)."""
    return {
        "base_sum": label("detail.base_sum", lang),
        "applicable_max": label("detail.applicable_max", lang),
        "normalized": label("detail.normalized", lang, full=f"{block.full_base_max:g}"),
        "bonus": label("detail.bonus", lang),
        "deduction": label("detail.deduction", lang),
        "final": label("detail.final", lang),
        "rank": label("detail.rank", lang),
    }


def has_scores(unit) -> bool:
    """Whether the unit's column (or row) holds figures: it sent a file with any usable value."""
    return unit.status != "missing" and any(v is not None for v in unit.scores.values())


def not_applicable(block, code: str) -> frozenset:
    """The criteria that do not apply to unit ``code`` (none for a code not in the block)."""
    try:
        return block.unit(code).not_applicable
    except KeyError:
        return frozenset()


def highlight(ws, styles, rng: tuple[int, int, int, int], top: str,
              maxcell: str | None = None) -> None:
    """Conditional formats over a run of criterion cells, ``top`` its first cell (the formulas
    are written for it and shift with each cell): with ``maxcell``, base scores (green at the
    maximum, red under half of it); without, deductions (red and bold above 0)."""
    if maxcell is None:
        deduction = styles.derive("text", "cf_deduction", font_color="#C00000", bold=True)
        ws.conditional_format(*rng, {"type": "formula", "format": deduction,
                                     "criteria": f"=AND(ISNUMBER({top}),{top}>0)"})
        return
    full = styles.derive("text", "cf_full", bg_color="#C6EFCE", font_color="#006100")
    low = styles.derive("text", "cf_low", bg_color="#FFC7CE", font_color="#9C0006")
    ws.conditional_format(*rng, {"type": "formula", "format": full,
                                 "criteria": f"=AND(ISNUMBER({top}),{top}>={maxcell})"})
    ws.conditional_format(*rng, {"type": "formula", "format": low,
                                 "criteria": f"=AND(ISNUMBER({top}),{top}<0.5*{maxcell})"})


__all__ = ["DetailLayout", "FIRST_UNIT_COL", "LARGE_BLOCK_UNITS", "has_scores", "highlight", "large",
           "not_applicable", "total_titles"]
