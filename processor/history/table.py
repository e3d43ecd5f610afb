"""The multi-year table of a block's history: years as columns, units as rows (one row per unit
across renames and mergers), with its text rendering for the terminal and the history sheet."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from ..config.block import Block
from ..labels import LABELS, format_number, label
from .aliases import canonical_outcome

POSITIONS = ("leader", "second", "third")
AWARDS = ("flag", "merit")


_KEYS = tuple(k[len("history."):] for k in LABELS
              if k.startswith("history.") and not k.startswith("history.cmd."))


def labels(lang: str) -> dict[str, str]:
    """The history table's labels in ``lang`` (``history.*`` of :mod:`processor.labels`)."""
    return {k: label(f"history.{k}", lang) for k in _KEYS}


def _score_text(value: float | None, lang: str) -> str:
    return "" if value is None else format_number(value, lang)


@dataclass(frozen=True)
class Outcome:
    """One unit's outcome in one year, as recorded (``code`` is the code of that year)."""
    code: str
    name: str
    status: str
    final_score: float | None
    rank: int | None
    tied: bool
    position: str | None
    award: str | None


@dataclass(frozen=True)
class YearInfo:
    year: int
    review_id: int | None          # None: the result being consolidated, not yet recorded
    status: str                    # final | imported | current
    source: str                    # consolidate | import
    block_name: str
    chair: str | None
    deputy: str | None
    next_chair: str | None
    next_deputy: str | None
    conference: str | None
    provisional: bool
    members_known: bool
    members: int
    note: str = ""


@dataclass
class HistoryRow:
    code: str                                   # the current (canonical) unit code
    name: str
    current: bool                               # a member of the block as configured now
    cells: dict[int, list[Outcome]] = field(default_factory=dict)

    @property
    def former_codes(self) -> list[str]:
        return sorted({o.code for lst in self.cells.values() for o in lst if o.code != self.code})


def _places(outcomes: list[Outcome]) -> dict[str, int]:
    """Competition places from announced positions (leader 1; second after the leaders...)."""
    counts = {p: sum(1 for o in outcomes if o.position == p) for p in POSITIONS}
    start = {"leader": 1, "second": 1 + counts["leader"],
             "third": 1 + counts["leader"] + counts["second"]}
    return {o.code: start[o.position] for o in outcomes if o.position in start}


@dataclass
class HistoryTable:
    """The multi-year table: ``years`` (columns, ascending) and ``rows`` (one per unit)."""
    block_id: str
    block_name: str
    years: list[YearInfo]
    rows: list[HistoryRow]
    lang: str = "vi"

    def __iter__(self) -> Iterator[HistoryRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def year_numbers(self) -> list[int]:
        return [y.year for y in self.years]

    def row(self, code: str) -> HistoryRow:
        for r in self.rows:
            if r.code == code:
                return r
        raise KeyError(code)

    def year(self, year: int) -> YearInfo:
        for y in self.years:
            if y.year == year:
                return y
        raise KeyError(year)

    # -- values -----------------------------------------------------------------------------
    def _year_outcomes(self, year: int) -> list[Outcome]:
        return [o for r in self.rows for o in r.cells.get(year, [])]

    def place(self, row: HistoryRow, year: int) -> int | None:
        """The rank where scored; otherwise the announced position's place (imported years)."""
        outs = row.cells.get(year, [])
        ranks = [o.rank for o in outs if o.rank is not None]
        if ranks:
            return min(ranks)
        if not any(o.position for o in outs):
            return None
        places = _places(self._year_outcomes(year))
        found = [places[o.code] for o in outs if o.code in places]
        return min(found) if found else None

    def score(self, row: HistoryRow, year: int) -> float | None:
        scores = [o.final_score for o in row.cells.get(year, []) if o.final_score is not None]
        return max(scores) if scores else None

    # -- text ---------------------------------------------------------------------------------
    def outcome_text(self, o: Outcome, lang: str | None = None) -> str:
        L = labels(lang or self.lang)
        parts: list[str] = []
        if o.position:
            shared = o.tied and o.rank is None
            parts.append(f"{L[o.position]} ({L['tied']})" if shared else L[o.position])
        if o.award:
            parts.append(L[o.award])
        if o.rank is not None:
            rank = f"{L['tied']} {o.rank}" if o.tied else f"{L['rank']} {o.rank}"
            score = _score_text(o.final_score, lang or self.lang)
            parts.append(f"{rank} ({score})" if score else rank)
        elif o.final_score is not None:
            parts.append(_score_text(o.final_score, lang or self.lang))
        if not parts:
            parts.append(L.get(o.status, L["member"]) if o.status != "reported" else L["member"])
        return ", ".join(parts)

    def cell_text(self, row: HistoryRow, year: int, lang: str | None = None) -> str:
        outs = row.cells.get(year, [])
        if len(outs) == 1 and outs[0].code == row.code:
            return self.outcome_text(outs[0], lang)
        return "; ".join(
            (self.outcome_text(o, lang) if o.code == row.code
             else f"{o.code}: {self.outcome_text(o, lang)}") for o in outs)

    def year_header(self, y: YearInfo, lang: str | None = None) -> str:
        L = labels(lang or self.lang)
        if y.provisional:
            return f"{y.year} ({L['provisional']})"
        return str(y.year)

    def header(self, lang: str | None = None) -> list[str]:
        L = labels(lang or self.lang)
        return [L["code"], L["unit"]] + [self.year_header(y, lang) for y in self.years]

    def footer_rows(self, lang: str | None = None) -> list[list[str]]:
        L = labels(lang or self.lang)
        names = []
        if any(y.block_name and y.block_name != self.block_name for y in self.years):
            names = [["", L["block_name"]] + [y.block_name for y in self.years]]
        return names + [
            ["", L["chair"]] + [y.chair or "" for y in self.years],
            ["", L["deputy"]] + [y.deputy or "" for y in self.years],
            ["", L["next_chair"]] + [
                " / ".join(x for x in (y.next_chair, y.next_deputy) if x) for y in self.years],
            ["", L["members"]] + [str(y.members) if y.members_known else L["unknown"]
                                  for y in self.years],
            ["", L["source"]] + [L["current"] if y.status == "current" else L[y.source]
                                 for y in self.years],
        ]

    def text_rows(self, lang: str | None = None) -> list[list[str]]:
        """Header, one row per unit, then chair, deputy, next chair, members, source."""
        body = [[r.code, r.name] + [self.cell_text(r, y.year, lang) for y in self.years]
                for r in self.rows]
        return [self.header(lang)] + body + self.footer_rows(lang)

    def render_text(self, lang: str | None = None) -> str:
        rows = self.text_rows(lang)
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = []
        for n, r in enumerate(rows):
            lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
            if n == 0 or n == len(self.rows):
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)

    # -- the year being consolidated ---------------------------------------------------------
    def with_result(self, result, block: Block | None = None) -> "HistoryTable":
        """This table plus ``result``'s year (if not recorded yet), marked as current."""
        year = result.block.year
        if year in self.year_numbers or result.block.id != self.block_id:
            return self
        block = block or result.block
        info = YearInfo(year=year, review_id=None, status="current", source="consolidate",
                        block_name=result.block.name, chair=result.block.chair or None,
                        deputy=result.block.deputy, next_chair=None, next_deputy=None,
                        conference=(result.block.meeting_date.isoformat()
                                    if result.block.meeting_date else None),
                        provisional=bool(result.provisional), members_known=True,
                        members=len(result.units))
        outcomes = [(u.code, outcome_of(u)) for u in result.units]
        return assemble(self.block_id, self.block_name, self.years + [info],
                         {y.year: [o for r in self.rows for o in r.cells.get(y.year, [])]
                          for y in self.years} | {year: [o for _, o in outcomes]},
                         block, self.lang, known_rows=self.rows)


def outcome_of(u) -> Outcome:
    return Outcome(code=u.code, name=u.name, status=u.status,
                   final_score=None if u.final_score is None else float(u.final_score),
                   rank=u.rank, tied=bool(u.tied), position=u.position, award=u.award)


def assemble(block_id: str, block_name: str, years: list[YearInfo],
              by_year: dict[int, list[Outcome]], block: Block | None, lang: str,
              known_rows: list[HistoryRow] | None = None) -> HistoryTable:
    years = sorted(years, key=lambda y: y.year)
    rows: dict[str, HistoryRow] = {}
    if block is not None:
        for u in block.units:
            rows[u.code] = HistoryRow(code=u.code, name=u.name, current=True)
    latest_name: dict[str, tuple[int, str]] = {}
    for r in known_rows or []:
        if r.code not in rows:
            rows[r.code] = HistoryRow(code=r.code, name=r.name, current=r.current)
    for y in years:
        for o in by_year.get(y.year, []):
            code = canonical_outcome(o.code, o.name, block)
            row = rows.get(code)
            if row is None:
                row = rows[code] = HistoryRow(code=code, name=o.name, current=False)
            if not row.current and o.code == code and y.year >= latest_name.get(code, (0, ""))[0]:
                latest_name[code] = (y.year, o.name)
                row.name = o.name
            row.cells.setdefault(y.year, []).append(o)
    current = [r for r in rows.values() if r.current]
    former = sorted((r for r in rows.values() if not r.current), key=lambda r: r.code)
    for r in current + former:
        for y in r.cells:
            r.cells[y].sort(key=lambda o: (o.code != r.code, o.code))
    return HistoryTable(block_id=block_id, block_name=block_name, years=years,
                        rows=current + former, lang=lang)
