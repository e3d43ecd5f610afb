"""The block's history store: every year's outcome in an embedded SQLite database (no server).

:meth:`History.record` stores a final consolidation; recording the same block and year again
keeps the old review, marked ``superseded``. :meth:`History.import_file` adds past years from a
TOML file (``docs/history.md``). :meth:`History.table` builds the multi-year table and
:meth:`History.chairs` says who chaired each year. Every write runs in one transaction (all or
nothing); every query has an explicit order.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from ..config.block import Block
from ..text import normalize_text
from .aliases import canonical_outcome
from .importer import HistoryImportError, load_history_file
from .schema import DEFAULT_FILENAME, connect, db_error
from .table import HistoryTable, Outcome, YearInfo, assemble, outcome_of


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
            raise db_error(self.path, exc) from None
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:         # SQLite may have rolled back already (disk full)
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
        with self.recording(result, next_chair=next_chair, next_deputy=next_deputy) as review_id:
            return review_id

    @contextmanager
    def recording(self, result, *, next_chair: str | None = None,
                  next_deputy: str | None = None) -> Iterator[int]:
        """:meth:`record` in a transaction committed when the ``with`` block ends without error
        (reads inside it see the new year); an error leaves the database as it was."""
        b = result.block
        hist = b.extra.get("history") if isinstance(b.extra, dict) else None
        hist = hist if isinstance(hist, dict) else {}
        next_chair = next_chair or _opt_str(hist.get("next_chair"))
        next_deputy = next_deputy or _opt_str(hist.get("next_deputy"))
        outcomes = [outcome_of(u) for u in result.units]
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
        try:
            with self._transaction() as conn:
                review_id = self._insert_review_superseding(conn, values)
                self._insert_outcomes(conn, review_id, outcomes)
                conn.executemany(
                    "INSERT INTO review_inputs (review_id, seq, file, sha256, unit, status)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [(review_id, i, *row) for i, row in enumerate(inputs)])
                yield review_id
        except sqlite3.OperationalError as exc:      # read-only, full, locked: not our error
            raise db_error(self.path, exc) from None

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
            for y in data.years:
                old = self._current(conn, data.block_id, y.year)
                if old is not None and old[2] == "consolidate" and not replace:
                    problems.append((f"years[{y.position}].year",
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
            raise db_error(self.path, exc) from None

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
        return assemble(block_id, name, years, by_year,
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
            out = {y: tuple(canonical_outcome(c, names.get(c, ""), block) if c else c  # type: ignore
                            for c in pair) for y, pair in out.items()}
        return dict(sorted(out.items()))


def _opt_str(value) -> str | None:
    return normalize_text(value) or None if isinstance(value, str) else None


def open_history(path: str | Path, block: Block | None = None, *,
                 create: bool = True) -> History:
    """Open (creating if needed) the history database at ``path``; use as a context manager.

    ``block`` (the block config) gives unit aliases and names to :meth:`History.table`.
    Raises :class:`~processor.history.schema.HistoryError` for a file that is not a history
    database, or one written by a newer version.
    """
    return History(connect(path, create=create), Path(path), block)


def default_history_path(out_dir: str | Path = "output") -> Path:
    return Path(out_dir) / DEFAULT_FILENAME
