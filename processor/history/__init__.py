"""The block's history: an embedded SQLite database (no server) of every year's outcome.

One file per workspace, by default ``output/lich-su.sqlite`` (the caller passes the path). It
holds *reviews* (one block, one year, one run: a final consolidation, or a past year imported
from the province's reports) and each review's *unit outcomes* (score, rank, position, award).

- :meth:`History.record` stores a final consolidation (:class:`~processor.model.Result`).
  Recording the same block and year again keeps the old review, marked ``superseded``.
- :meth:`History.import_file` reads past years from a TOML file a secretary can write
  (``docs/history.md``; the demo's is ``demo/history.toml``).
- :meth:`History.table` builds the multi-year table (years as columns, units as rows); units
  keep one row across mergers and renames through :func:`canonical_unit` (the config's unit
  ``aliases`` and an optional ``[history.aliases]`` table in block.toml).
- :meth:`History.chairs` says who chaired (and deputised) each year, for rotation.

Every write runs in one transaction (all or nothing); every query has an explicit order.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from ..config.block import Block, ConfigError, per_block
from ..labels import add_labels, label
from ..text import normalize_text

SCHEMA_VERSION = 1
DEFAULT_FILENAME = "lich-su.sqlite"
REVIEW_STATUSES = ("final", "superseded", "imported")
REVIEW_SOURCES = ("consolidate", "import")
POSITIONS = ("leader", "second", "third")
AWARDS = ("flag", "merit")

_SCHEMA = """
CREATE TABLE schema_version (
    version     INTEGER NOT NULL
);
CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    block_id      TEXT    NOT NULL,
    block_name    TEXT    NOT NULL,
    year          INTEGER NOT NULL,
    created       TEXT    NOT NULL,          -- ISO 8601: the result's creation / import time
    status        TEXT    NOT NULL CHECK (status IN ('final', 'superseded', 'imported')),
    source        TEXT    NOT NULL CHECK (source IN ('consolidate', 'import')),
    provisional   INTEGER NOT NULL DEFAULT 0,
    chair         TEXT,
    deputy        TEXT,
    next_chair    TEXT,
    next_deputy   TEXT,
    conference    TEXT,                      -- ISO date of the review conference, if known
    members_known INTEGER NOT NULL DEFAULT 1,-- 0: an imported year without a member list
    note          TEXT    NOT NULL DEFAULT '',
    origin        TEXT    NOT NULL DEFAULT '',  -- import: file name; consolidate: block.toml
    fingerprint   TEXT    NOT NULL DEFAULT '',  -- sha256 of the recorded content
    superseded_by INTEGER REFERENCES reviews(id)
);
CREATE UNIQUE INDEX reviews_current ON reviews (block_id, year)
    WHERE status IN ('final', 'imported');
CREATE INDEX reviews_block_year ON reviews (block_id, year, id);
CREATE TABLE review_inputs (
    review_id   INTEGER NOT NULL REFERENCES reviews(id),
    seq         INTEGER NOT NULL,
    file        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    unit        TEXT,
    status      TEXT,
    PRIMARY KEY (review_id, seq)
);
CREATE TABLE unit_outcomes (
    review_id   INTEGER NOT NULL REFERENCES reviews(id),
    seq         INTEGER NOT NULL,            -- the order of the result / of the import file
    unit_code   TEXT    NOT NULL,
    unit_name   TEXT    NOT NULL,
    status      TEXT    NOT NULL,            -- ok|invalid|missing|excluded (consolidated), reported
    final_score REAL,                        -- NULL: not scored, or an imported year
    rank        INTEGER,
    tied        INTEGER NOT NULL DEFAULT 0,
    position    TEXT CHECK (position IS NULL OR position IN ('leader', 'second', 'third')),
    award       TEXT CHECK (award IS NULL OR award IN ('flag', 'merit')),
    PRIMARY KEY (review_id, unit_code)
);
"""


class HistoryError(Exception):
    """A history database that cannot be used (not SQLite, newer schema, a refused write)."""


class HistoryImportError(ConfigError):
    """A broken import file; ``problems`` is a list of (key path, message) pairs."""

    def __init__(self, path: str, problems: list[tuple[str, str]]):
        super().__init__(path, problems)
        lines = "\n".join(f"  - {key}: {msg}" for key, msg in problems)
        self.args = (f"Tệp lịch sử {path} có lỗi:\n{lines}",)

    def __str__(self) -> str:
        return self.args[0]


# --- unit continuity --------------------------------------------------------------------------

_OLD_TONES = {  # old tone placement (hoà, thuỷ) -> the current one (hòa, thủy), word-final only
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_TONE_RE = re.compile("(" + "|".join(_OLD_TONES) + r")(?!\w)")


def fold(value: Any) -> str:
    """A key to compare unit codes and names as a person reads them (case, spaces, tone marks)."""
    text = normalize_text(value).casefold()
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(1)], text)


def history_aliases(block: Block | None) -> dict[str, str]:
    """``[history.aliases]`` of block.toml (old code or name -> current unit code), folded keys."""
    if block is None:
        return {}
    hist = block.extra.get("history") if isinstance(block.extra, dict) else None
    table = hist.get("aliases") if isinstance(hist, dict) else None
    if not isinstance(table, dict):
        return {}
    return {fold(k): normalize_text(v) for k, v in table.items() if isinstance(v, str)}


def canonical_unit(code_or_name: str, block: Block | None) -> str:
    """The current unit code that ``code_or_name`` (a past or present code or name) continues.

    In order: a current unit code; an explicit ``[history.aliases]`` entry; a current unit's name
    or short name; a name or code listed in a unit's ``aliases``. Anything else is returned as
    given (NFC, trimmed): a unit that left the block keeps its own row.
    """
    text = normalize_text(code_or_name)
    if block is None or not text:
        return text
    index = _unit_index(block)
    explicit = index.explicit
    seen: set[str] = set()
    key = fold(text)
    while True:
        if key in index.codes:
            return index.codes[key]
        target = explicit.get(key)
        if not target or key in seen:
            break
        seen.add(key)
        text, key = target, fold(target)       # follow OLD -> NEWER -> CURRENT chains
    if key in index.names:
        return index.names[key]
    if key in index.aliases:
        return index.aliases[key]
    return text


class _UnitIndex:
    """canonical_unit's lookups, folded once per Block (the first unit in block order wins, as
    in the scan it replaces): scanning every unit for every outcome made N units O(N²)."""

    def __init__(self, block: Block):
        self.explicit = history_aliases(block)
        self.codes: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        for u in block.units:
            self.codes.setdefault(fold(u.code), u.code)
        for u in block.units:
            self.names.setdefault(fold(u.name), u.code)
            self.names.setdefault(fold(u.short_name), u.code)
        for u in block.units:
            for a in u.aliases:
                self.aliases.setdefault(fold(a), u.code)


_unit_index = per_block(_UnitIndex)


def _canonical(code: str, name: str, block: Block | None) -> str:
    """Canonical code of a recorded outcome: by its code first, then by its recorded name."""
    by_code = canonical_unit(code, block)
    if block is None or by_code != normalize_text(code) or by_code in block.unit_codes:
        return by_code
    by_name = canonical_unit(name, block) if name else by_code
    return by_name if block is not None and by_name in block.unit_codes else by_code


# --- the table ---------------------------------------------------------------------------------

_LABELS: dict[str, tuple[str, str]] = {
    "code": ("Mã", "Code"), "unit": ("Đơn vị", "Unit"),
    "chair": ("Khối trưởng", "Chair"), "deputy": ("Khối phó", "Deputy"),
    "next_chair": ("Khối trưởng / Khối phó năm sau", "Next year's chair / deputy"),
    "block_name": ("Tên gọi của Khối", "Name of the block"),
    "source": ("Nguồn", "Source"), "members": ("Số thành viên", "Members"),
    "leader": ("Dẫn đầu", "Leader"), "second": ("Thứ nhì", "Second"), "third": ("Thứ ba", "Third"),
    "flag": ("Cờ thi đua", "Emulation flag"), "merit": ("Bằng khen", "Certificate of merit"),
    "rank": ("hạng", "rank"), "tied": ("đồng hạng", "tied"),
    "member": ("Thành viên", "Member"), "missing": ("Không nộp", "Not submitted"),
    "invalid": ("Hồ sơ lỗi", "Invalid"), "excluded": ("Không xét", "Not considered"),
    "consolidate": ("Tổng hợp", "Consolidated"),
    "import": ("Tin tổng kết (nhập)", "Review report (imported)"),
    "current": ("Đang tổng hợp", "Being consolidated"),
    "provisional": ("tạm thời", "provisional"), "unknown": ("không rõ", "unknown"),
    "title": ("Lịch sử {name}", "History of {name}"),
    "sheet": ("Lịch sử", "History"),
    "rank_chart": ("Thứ hạng qua các năm", "Place across years"),
    "score_chart": ("Điểm qua các năm", "Score across years"),
    "year": ("Năm", "Year"), "place": ("Thứ hạng", "Place"), "score": ("Điểm", "Score"),
    "data_places": ("Số liệu biểu đồ: thứ hạng", "Chart data: place"),
    "data_scores": ("Số liệu biểu đồ: điểm", "Chart data: score"),
    "legend": ("Ô: vị trí, danh hiệu đề nghị; hạng (điểm) khi có. Năm nhập từ tin tổng kết "
               "chỉ có vị trí và đề nghị khen thưởng, không có điểm; thứ hạng trên biểu đồ của "
               "các năm đó là vị trí công bố (dẫn đầu 1, nhì 2, ba 3).",
               "Cell: position and proposed award; rank (score) where known. Years imported "
               "from review reports have positions and proposals only, no scores; their place "
               "on the chart is the announced position (leader 1, second 2, third 3)."),
    "empty": ("Chưa có lịch sử của khối {block}.", "No history yet for block {block}."),
}
add_labels({f"history.{k}": v for k, v in _LABELS.items()})


def labels(lang: str) -> dict[str, str]:
    """The history labels in ``lang`` (from the one catalogue, :mod:`processor.labels`)."""
    return {k: label(f"history.{k}", lang) for k in _LABELS}


def format_score(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}"
    return text.replace(".", ",") if lang != "en" else text


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
            score = format_score(o.final_score, lang or self.lang)
            parts.append(f"{rank} ({score})" if score else rank)
        elif o.final_score is not None:
            parts.append(format_score(o.final_score, lang or self.lang))
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
        outcomes = [(u.code, _outcome_of(u)) for u in result.units]
        return _assemble(self.block_id, self.block_name, self.years + [info],
                         {y.year: [o for r in self.rows for o in r.cells.get(y.year, [])]
                          for y in self.years} | {year: [o for _, o in outcomes]},
                         block, self.lang, known_rows=self.rows)


def _outcome_of(u) -> Outcome:
    return Outcome(code=u.code, name=u.name, status=u.status,
                   final_score=None if u.final_score is None else float(u.final_score),
                   rank=u.rank, tied=bool(u.tied), position=u.position, award=u.award)


def _assemble(block_id: str, block_name: str, years: list[YearInfo],
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
            code = _canonical(o.code, o.name, block)
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


# --- the database ------------------------------------------------------------------------------

def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _fingerprint(payload: Any) -> str:
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ImportSummary:
    imported: list[int]            # years written
    unchanged: list[int]           # years already recorded with the same content
    review_ids: list[int]


class History:
    """An open history database; use :func:`open_history` (a context manager)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, block: Block | None = None):
        self._conn = conn
        self.path = path
        self.block = block

    # -- plumbing ---------------------------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise _db_error(self.path, exc) from None
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _current(self, conn, block_id: str, year: int):
        return conn.execute(
            "SELECT id, status, source, fingerprint FROM reviews "
            "WHERE block_id = ? AND year = ? AND status IN ('final', 'imported')",
            (block_id, year)).fetchone()

    def _insert_review(self, conn, **v) -> int:
        cur = conn.execute(
            "INSERT INTO reviews (block_id, block_name, year, created, status, source, provisional,"
            " chair, deputy, next_chair, next_deputy, conference, members_known, note, origin,"
            " fingerprint) VALUES (:block_id, :block_name, :year, :created, :status, :source,"
            " :provisional, :chair, :deputy, :next_chair, :next_deputy, :conference,"
            " :members_known, :note, :origin, :fingerprint)", v)
        return int(cur.lastrowid)

    def _insert_outcomes(self, conn, review_id: int, outcomes: list[Outcome]) -> None:
        conn.executemany(
            "INSERT INTO unit_outcomes (review_id, seq, unit_code, unit_name, status, final_score,"
            " rank, tied, position, award) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(review_id, i, o.code, o.name, o.status, o.final_score, o.rank, int(o.tied),
              o.position, o.award) for i, o in enumerate(outcomes)])

    # -- writing ----------------------------------------------------------------------------
    def record(self, result, *, next_chair: str | None = None,
               next_deputy: str | None = None) -> int:
        """Record a final consolidation; returns the new review's id.

        An earlier record of the same block and year (consolidated or imported) is kept and
        marked ``superseded``. Next year's chair and deputy come from the arguments, else from
        ``[history] next_chair / next_deputy`` in block.toml, else stay unknown.
        """
        b = result.block
        hist = b.extra.get("history") if isinstance(b.extra, dict) else None
        hist = hist if isinstance(hist, dict) else {}
        next_chair = next_chair or _opt_str(hist.get("next_chair"))
        next_deputy = next_deputy or _opt_str(hist.get("next_deputy"))
        outcomes = [_outcome_of(u) for u in result.units]
        inputs = [(s.file, s.sha256, s.unit, s.status) for s in result.sources]
        values = dict(
            block_id=b.id, block_name=b.name, year=int(b.year),
            created=result.created.isoformat(timespec="seconds"), status="final",
            source="consolidate", provisional=int(bool(result.provisional)),
            chair=b.chair or None, deputy=b.deputy or None, next_chair=next_chair,
            next_deputy=next_deputy,
            conference=b.meeting_date.isoformat() if b.meeting_date else None,
            members_known=1, note=b.note or "", origin=b.source or "")
        values["fingerprint"] = _fingerprint(
            [values, [o.__dict__ for o in outcomes], inputs])
        with self._transaction() as conn:
            review_id = self._insert_review_superseding(conn, values)
            self._insert_outcomes(conn, review_id, outcomes)
            conn.executemany(
                "INSERT INTO review_inputs (review_id, seq, file, sha256, unit, status)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(review_id, i, *row) for i, row in enumerate(inputs)])
        return review_id

    def _insert_review_superseding(self, conn, values: dict) -> int:
        # The partial unique index allows one current review per block and year, so the old one
        # is marked superseded first (pointing at no one yet), then linked to the new one.
        old = self._current(conn, values["block_id"], values["year"])
        if old is not None:
            conn.execute("UPDATE reviews SET status = 'superseded' WHERE id = ?", (old[0],))
        review_id = self._insert_review(conn, **values)
        if old is not None:
            conn.execute("UPDATE reviews SET superseded_by = ? WHERE id = ?", (review_id, old[0]))
        return review_id

    def import_file(self, path: str | Path, block: Block | None = None, *,
                    replace: bool = False, now: datetime | None = None) -> ImportSummary:
        """Import past years from a TOML file (format: ``docs/history.md``), all or nothing.

        A year already imported with the same content is left alone; with other content the old
        import is kept as ``superseded``. A year that has a final consolidation is refused
        (:class:`HistoryImportError`) unless ``replace`` is true.
        """
        block = block or self.block
        data = load_history_file(path, block)
        created = (now or _now()).isoformat(timespec="seconds")
        imported, unchanged, ids = [], [], []
        with self._transaction() as conn:
            problems = []
            for i, y in enumerate(data.years):
                old = self._current(conn, data.block_id, y.year)
                if old is not None and old[2] == "consolidate" and not replace:
                    problems.append((f"years[{i}].year",
                                     f"năm {y.year} đã có kết quả tổng hợp chính thức trong "
                                     f"{self.path.name}; không nhập đè"))
            if problems:
                raise HistoryImportError(str(path), problems)
            for y in data.years:
                values = dict(
                    block_id=data.block_id, block_name=y.block_name or data.block_name,
                    year=y.year, created=created, status="imported", source="import",
                    provisional=0, chair=y.chair, deputy=y.deputy, next_chair=y.next_chair,
                    next_deputy=y.next_deputy, conference=y.conference,
                    members_known=int(y.members_known), note=y.note,
                    origin=Path(path).name)
                content = {k: v for k, v in values.items() if k not in ("created", "origin")}
                values["fingerprint"] = _fingerprint([content, [o.__dict__ for o in y.outcomes]])
                old = self._current(conn, data.block_id, y.year)
                if old is not None and old[3] == values["fingerprint"]:
                    unchanged.append(y.year)
                    ids.append(int(old[0]))
                    continue
                review_id = self._insert_review_superseding(conn, values)
                self._insert_outcomes(conn, review_id, y.outcomes)
                imported.append(y.year)
                ids.append(review_id)
        return ImportSummary(imported=imported, unchanged=unchanged, review_ids=ids)

    # -- reading ----------------------------------------------------------------------------
    def _q(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise _db_error(self.path, exc) from None

    def block_ids(self) -> list[str]:
        return [r[0] for r in self._q("SELECT DISTINCT block_id FROM reviews ORDER BY block_id")]

    def years(self, block_id: str | None = None) -> list[int]:
        """Years with a current (final or imported) review, ascending."""
        block_id = block_id or (self.block.id if self.block else "")
        return [r[0] for r in self._q(
            "SELECT year FROM reviews WHERE block_id = ? AND status IN ('final', 'imported')"
            " ORDER BY year", (block_id,))]

    def reviews(self, block_id: str | None = None, *, include_superseded: bool = True) -> list[dict]:
        """Every review of the block (oldest year first, then in recording order), as dicts."""
        block_id = block_id or (self.block.id if self.block else "")
        where = "" if include_superseded else " AND status IN ('final', 'imported')"
        rows = self._q(f"SELECT * FROM reviews WHERE block_id = ?{where} ORDER BY year, id",
                       (block_id,))
        out = []
        for r in rows:
            d = dict(r)
            d["provisional"] = bool(d["provisional"])
            d["members_known"] = bool(d["members_known"])
            d["inputs"] = [x[0] for x in self._q(
                "SELECT sha256 FROM review_inputs WHERE review_id = ? ORDER BY seq", (r["id"],))]
            out.append(d)
        return out

    def outcomes(self, review_id: int) -> list[Outcome]:
        return [Outcome(code=r["unit_code"], name=r["unit_name"], status=r["status"],
                        final_score=r["final_score"], rank=r["rank"], tied=bool(r["tied"]),
                        position=r["position"], award=r["award"])
                for r in self._q("SELECT * FROM unit_outcomes WHERE review_id = ? ORDER BY seq",
                                 (review_id,))]

    def table(self, block_id: str | None = None, lang: str = "vi",
              block: Block | None = None) -> HistoryTable:
        """The multi-year table of the block's current reviews; units mapped to today's codes."""
        block = block or self.block
        block_id = block_id or (block.id if block else "")
        years, by_year = [], {}
        for r in self.reviews(block_id, include_superseded=False):
            outs = self.outcomes(r["id"])
            by_year[r["year"]] = outs
            years.append(YearInfo(
                year=r["year"], review_id=r["id"], status=r["status"], source=r["source"],
                block_name=r["block_name"], chair=r["chair"], deputy=r["deputy"],
                next_chair=r["next_chair"], next_deputy=r["next_deputy"],
                conference=r["conference"], provisional=r["provisional"],
                members_known=r["members_known"], members=len(outs), note=r["note"]))
        name = (block.name if block is not None and block.id == block_id
                else (years[-1].block_name if years else block_id))
        return _assemble(block_id, name, years, by_year,
                         block if block is not None and block.id == block_id else None, lang)

    def chairs(self, block_id: str | None = None, *, canonical: bool = False,
               block: Block | None = None) -> dict[int, tuple[str | None, str | None]]:
        """``{year: (chair, deputy)}`` from the recorded reviews, ascending by year.

        A year without its own review takes the chair and deputy that the previous year's
        conference named for it (``next_chair`` / ``next_deputy``). With ``canonical`` the codes
        are mapped to today's units (a merged college's turn counts for the new college).
        """
        block = block or self.block
        block_id = block_id or (block.id if block else "")
        out: dict[int, tuple[str | None, str | None]] = {}
        reviews = self.reviews(block_id, include_superseded=False)
        own = {r["year"] for r in reviews}
        for r in reviews:
            out[r["year"]] = (r["chair"], r["deputy"])
        for r in reviews:
            nxt = r["year"] + 1
            if nxt not in own and (r["next_chair"] or r["next_deputy"]):
                out[nxt] = (r["next_chair"], r["next_deputy"])
        if canonical and block is not None:
            names = {r[0]: r[1] for r in self._q(
                "SELECT o.unit_code, o.unit_name FROM unit_outcomes o JOIN reviews r"
                " ON r.id = o.review_id WHERE r.block_id = ? ORDER BY r.year, r.id, o.seq",
                (block_id,))}
            out = {y: tuple(_canonical(c, names.get(c, ""), block) if c else c  # type: ignore
                            for c in pair) for y, pair in out.items()}
        return dict(sorted(out.items()))


def _opt_str(value) -> str | None:
    return normalize_text(value) or None if isinstance(value, str) else None


def _db_error(path: Path, exc: Exception) -> HistoryError:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return HistoryError(f"Tệp lịch sử {path} không phải cơ sở dữ liệu SQLite hoặc đã hỏng "
                            f"({text}).")
    if "locked" in text:
        return HistoryError(f"Tệp lịch sử {path} đang bị một tiến trình khác ghi; thử lại sau.")
    return HistoryError(f"Lỗi cơ sở dữ liệu lịch sử {path}: {text}.")


def open_history(path: str | Path, block: Block | None = None, *,
                 create: bool = True) -> History:
    """Open (creating if needed) the history database at ``path``; use as a context manager.

    ``block`` (the block config) gives unit aliases and names to :meth:`History.table`.
    Raises :class:`HistoryError` for a file that is not a history database, or one written by
    a newer version (its ``schema_version`` is higher than :data:`SCHEMA_VERSION`).
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise HistoryError(f"Chưa có tệp lịch sử {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=10)
    except sqlite3.Error as exc:
        raise _db_error(path, exc) from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        _ensure_schema(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _db_error(path, exc) from None
    except BaseException:
        conn.close()
        raise
    return History(conn, path, block)


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            for stmt in _statements(_SCHEMA):
                conn.execute(stmt)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        elif "schema_version" not in tables or "reviews" not in tables:
            raise HistoryError(f"Tệp {path} là cơ sở dữ liệu SQLite khác, không phải tệp lịch sử "
                               "của thidua.")
        else:
            row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
            version = row[0] if row else None
            if version is None or version > SCHEMA_VERSION:
                raise HistoryError(
                    f"Tệp lịch sử {path} có phiên bản lược đồ {version}, mới hơn phiên bản "
                    f"{SCHEMA_VERSION} mà chương trình này hiểu; hãy cập nhật thidua.")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    cleaned = "\n".join(line.split("--", 1)[0] for line in script.splitlines())
    return [s.strip() for s in cleaned.split(";") if s.strip()]


def default_history_path(out_dir: str | Path = "output") -> Path:
    return Path(out_dir) / DEFAULT_FILENAME


# --- the import file -------------------------------------------------------------------------

@dataclass
class ImportedYear:
    year: int
    block_name: str
    conference: str | None
    chair: str | None
    deputy: str | None
    next_chair: str | None
    next_deputy: str | None
    note: str
    members_known: bool
    outcomes: list[Outcome]


@dataclass
class HistoryFile:
    block_id: str
    block_name: str
    units: dict[str, str]
    years: list[ImportedYear]


_YEAR_KEYS = {"year", "conference", "block_name", "chair", "deputy", "next_chair", "next_deputy",
              "members", "leader", "second", "third", "flag", "merit", "note", "source",
              "scores", "ranks"}
_TOP_KEYS = {"block", "block_name", "units", "years"}


def load_history_file(path: str | Path, block: Block | None = None) -> HistoryFile:
    """Read and validate an import file; :class:`HistoryImportError` lists every problem."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HistoryImportError(str(path), [("(tệp)", "không tìm thấy tệp")]) from None
    except IsADirectoryError:
        raise HistoryImportError(str(path), [("(tệp)", "đây là thư mục, không phải tệp")]) from None
    except UnicodeDecodeError:
        raise HistoryImportError(str(path), [("(tệp)", "tệp không phải UTF-8")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise HistoryImportError(str(path), [("(cú pháp TOML)", str(exc))]) from None
    return parse_history(raw, block, source=str(path))


def parse_history(raw: dict, block: Block | None = None, source: str = "<history>") -> HistoryFile:
    problems: list[tuple[str, str]] = []

    def fail(key: str, msg: str) -> None:
        problems.append((key, msg))

    for key in sorted(set(raw) - _TOP_KEYS):
        fail(key, "khóa không được hỗ trợ (dùng block, block_name, [units], [[years]])")

    block_id = raw.get("block", block.id if block else None)
    if not isinstance(block_id, str) or not block_id.strip():
        fail("block", "thiếu mã khối (block = \"...\"), hoặc chạy kèm tệp cấu hình khối")
        block_id = ""
    block_id = block_id.strip()
    if block is not None and block_id and block_id != block.id:
        fail("block", f"mã khối '{block_id}' khác mã khối trong cấu hình '{block.id}'")
    block_name = raw.get("block_name", block.name if block else block_id)
    if not isinstance(block_name, str):
        fail("block_name", f"cần chuỗi ký tự, nhận được {block_name!r}")
        block_name = block_id
    block_name = normalize_text(block_name)

    units: dict[str, str] = {}
    raw_units = raw.get("units", {})
    if not isinstance(raw_units, dict):
        fail("units", "cần một bảng [units] dạng MÃ = \"Tên đơn vị\"")
        raw_units = {}
    for code, name in raw_units.items():
        if not isinstance(name, str) or not normalize_text(name):
            fail(f"units.{code}", f"cần tên đơn vị (chuỗi ký tự), nhận được {name!r}")
            continue
        if not code.replace("-", "").replace("_", "").isalnum():
            fail(f"units.{code}", "mã đơn vị chỉ dùng chữ, số, '-' và '_'")
        units[code] = normalize_text(name)

    known: dict[str, str] = {}
    if block is not None:
        known.update({u.code: u.name for u in block.units})
    known.update(units)
    alias_keys = set(history_aliases(block))

    def unit_code(value, key: str) -> str | None:
        if not isinstance(value, str) or not normalize_text(value):
            fail(key, f"cần mã đơn vị (chuỗi ký tự), nhận được {value!r}")
            return None
        code = normalize_text(value)
        if block is not None and code not in known and fold(code) not in alias_keys:
            fail(key, f"mã đơn vị '{code}' không có trong [[units]] của cấu hình khối, cũng không "
                      "có trong bảng [units] của tệp lịch sử")
            return None
        return code

    def code_list(y: dict, key: str, path: str) -> list[str]:
        value = y.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            fail(f"{path}.{key}", f"cần danh sách mã đơn vị, nhận được {value!r}")
            return []
        out = []
        for j, v in enumerate(value):
            code = unit_code(v, f"{path}.{key}[{j}]")
            if code is None:
                continue
            if code in out:
                fail(f"{path}.{key}[{j}]", f"mã đơn vị '{code}' bị trùng")
                continue
            out.append(code)
        return out

    def opt_code(y: dict, key: str, path: str) -> str | None:
        if key not in y:
            return None
        return unit_code(y[key], f"{path}.{key}")

    def number_table(y: dict, key: str, path: str, kind: type) -> dict[str, Any]:
        value = y.get(key, {})
        if not isinstance(value, dict):
            fail(f"{path}.{key}", f"cần một bảng [{path}.{key}] dạng MÃ = số")
            return {}
        out = {}
        for code, v in value.items():
            c = unit_code(code, f"{path}.{key}.{code}")
            if c is None:
                continue
            ok = isinstance(v, (int, float)) and not isinstance(v, bool)
            if kind is int and not isinstance(v, int):
                ok = False
            if not ok or v < (1 if kind is int else 0):
                want = "số nguyên từ 1" if kind is int else "số không âm"
                fail(f"{path}.{key}.{code}", f"cần {want}, nhận được {v!r}")
                continue
            out[c] = kind(v)
        return out

    years: list[ImportedYear] = []
    raw_years = raw.get("years")
    if raw_years is None:
        fail("years", "thiếu (bắt buộc): cần ít nhất một bảng [[years]]")
        raw_years = []
    elif not isinstance(raw_years, list) or not raw_years:
        fail("years", "cần ít nhất một bảng [[years]]")
        raw_years = []
    seen_years: dict[int, int] = {}
    for i, y in enumerate(raw_years):
        path = f"years[{i}]"
        if not isinstance(y, dict):
            fail(path, "cần một bảng [[years]]")
            continue
        for key in sorted(set(y) - _YEAR_KEYS):
            fail(f"{path}.{key}", "khóa không được hỗ trợ; xem docs/history.md")
        year = y.get("year")
        if "year" not in y:
            fail(f"{path}.year", "thiếu (bắt buộc)")
            year = 0
        elif not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
            fail(f"{path}.year", f"cần năm (số nguyên 1990–2100), nhận được {year!r}")
            year = 0
        elif year in seen_years:
            fail(f"{path}.year", f"năm {year} đã khai báo ở years[{seen_years[year]}]")
        else:
            seen_years[year] = i
        if block is not None and year and year > block.year:
            fail(f"{path}.year", f"năm {year} sau năm của cấu hình khối ({block.year})")
        conf = y.get("conference")
        if conf is not None:
            if isinstance(conf, datetime):
                conf = conf.date()
            if not isinstance(conf, date):
                fail(f"{path}.conference", f"cần ngày dạng 2015-01-08, nhận được {conf!r}")
                conf = None
        texts = {}
        for key in ("note", "source", "block_name"):
            v = y.get(key, "")
            if not isinstance(v, str):
                fail(f"{path}.{key}", f"cần chuỗi ký tự, nhận được {v!r}")
                v = ""
            texts[key] = normalize_text(v)
        members = code_list(y, "members", path)
        members_known = "members" in y
        positions = {p: code_list(y, p, path) for p in POSITIONS}
        awards = {a: code_list(y, a, path) for a in AWARDS}
        scores = number_table(y, "scores", path, float)
        ranks = number_table(y, "ranks", path, int)
        chair, deputy = opt_code(y, "chair", path), opt_code(y, "deputy", path)
        next_chair, next_deputy = opt_code(y, "next_chair", path), opt_code(y, "next_deputy", path)

        where: dict[str, str] = {}
        for p in POSITIONS:
            for j, code in enumerate(positions[p]):
                if code in where:
                    fail(f"{path}.{p}[{j}]",
                         f"đơn vị '{code}' đã xếp vị trí {label('history.' + where[code])}")
                where.setdefault(code, p)
        if awards["flag"] and awards["merit"]:
            for j, code in enumerate(awards["merit"]):
                if code in awards["flag"]:
                    fail(f"{path}.merit[{j}]", f"đơn vị '{code}' đã được đề nghị Cờ thi đua")
        if members_known:
            named = [(f"{path}.{k}", lst) for k, lst in
                     [*positions.items(), *awards.items(),
                      ("scores", list(scores)), ("ranks", list(ranks))]]
            named += [(f"{path}.{k}", [v]) for k, v in (("chair", chair), ("deputy", deputy))
                      if v]
            for key, lst in named:
                for code in lst:
                    if code not in members:
                        fail(key, f"đơn vị '{code}' không có trong {path}.members")

        order = list(members)
        for lst in [*positions.values(), *awards.values(), list(scores), list(ranks),
                    [c for c in (chair, deputy) if c]]:
            order += [c for c in lst if c not in order]
        # ties among imported ranks: equal ranks are shared places
        rank_counts: dict[int, int] = {}
        for r in ranks.values():
            rank_counts[r] = rank_counts.get(r, 0) + 1
        outcomes = []
        for code in order:
            pos = where.get(code)
            award = "flag" if code in awards["flag"] else ("merit" if code in awards["merit"]
                                                          else None)
            rank = ranks.get(code)
            tied = (rank is not None and rank_counts[rank] > 1) or (
                pos is not None and len(positions[pos]) > 1)
            outcomes.append(Outcome(code=code, name=known.get(code, code), status="reported",
                                    final_score=scores.get(code), rank=rank, tied=tied,
                                    position=pos, award=award))
        note = texts["note"]
        if texts["source"]:
            note = f"{note} ({texts['source']})" if note else texts["source"]
        years.append(ImportedYear(
            year=year, block_name=texts["block_name"], conference=conf.isoformat() if conf else None,
            chair=chair, deputy=deputy, next_chair=next_chair, next_deputy=next_deputy,
            note=note, members_known=members_known, outcomes=outcomes))

    if problems:
        raise HistoryImportError(source, problems)
    years.sort(key=lambda y: y.year)
    return HistoryFile(block_id=block_id, block_name=block_name, units=units, years=years)
