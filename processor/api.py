"""The library for analysts: :func:`consolidate` reads an inbox for a block and returns the
Result, whose scores, units, findings and sources are pandas DataFrames on request."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from .config.block import Block, load_block
from .model import Result
from .pipeline import consolidate as run

UNIT_COLUMNS = ("code", "name", "short_name", "status", "final_score", "rank", "tied", "eligible",
                "position", "award", "undecided_for", "base_sum", "applicable_max",
                "normalized_base", "bonus", "deduction", "file")
FINDING_COLUMNS = ("code", "name", "severity", "unit", "file", "sheet", "cell", "message", "action")
SOURCE_COLUMNS = ("file", "sha256", "size", "received", "received_via", "sender", "format", "unit",
                  "identity", "status", "note", "role")


def consolidate(config: str | Path | Block, inbox: str | Path, *, lang: str = "vi",
                created: datetime | None = None, verification: str | Path | None = None,
                tally: str | Path | None = None) -> Result:
    """What ``thidua consolidate`` computes, without writing anything: ``config`` is a
    block.toml (or a loaded Block), ``inbox`` the folder of received files; ``verification`` /
    ``tally``: a filled form to use instead of the newest in the inbox."""
    block = config if isinstance(config, Block) else load_block(config)
    return run(block, Path(inbox), lang=lang, created=created,
               verification=Path(verification) if verification else None,
               tally=Path(tally) if tally else None)


def scores_frame(result: Result) -> pd.DataFrame:
    """A row per unit × criterion of every unit that sent a sheet, verified scores included:
    unit, criterion, section, kind, max, applicable, value (NaN: none), file, sheet, cell
    (where the figure stands), evidence."""
    return result.scoresheet.frame.copy()


def units_frame(result: Result) -> pd.DataFrame:
    """A row per member unit in ranking order: :data:`UNIT_COLUMNS` and a ``section:<code>``
    column per section subtotal."""
    sections = [s.code for s in result.block.sections]
    frame = pd.DataFrame.from_records(
        [[getattr(u, c) for c in UNIT_COLUMNS] + [u.sections.get(s) for s in sections]
         for u in result.units],
        columns=[*UNIT_COLUMNS, *(f"section:{s}" for s in sections)])
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def findings_frame(result: Result, lang: str = "vi") -> pd.DataFrame:
    """A row per finding, in the result's order, its message and action in ``lang``."""
    return pd.DataFrame.from_records([f.to_json(lang) for f in result.findings],
                                     columns=list(FINDING_COLUMNS))


def sources_frame(result: Result) -> pd.DataFrame:
    """A row per file found in the inbox, whatever became of it."""
    frame = pd.DataFrame.from_records([s.to_json() for s in result.sources],
                                      columns=list(SOURCE_COLUMNS))
    frame["received"] = pd.to_datetime([s.received for s in result.sources])
    return frame
