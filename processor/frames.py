"""The Result's tables as pandas DataFrames (scores, units, findings, sources): the Result's
``*_frame`` methods import this module on request, so that pandas loads only then."""
from __future__ import annotations

import pandas as pd

UNIT_COLUMNS = ("code", "name", "short_name", "status", "final_score", "rank", "tied", "eligible",
                "position", "award", "undecided_for", "base_sum", "applicable_max",
                "normalized_base", "bonus", "deduction", "file")
FINDING_COLUMNS = ("code", "name", "severity", "unit", "file", "sheet", "cell", "message", "action")
SOURCE_COLUMNS = ("file", "sha256", "size", "received", "received_via", "sender", "format", "unit",
                  "identity", "status", "note", "role")


def scores_frame(result) -> pd.DataFrame:
    """A row per unit × criterion of every unit that sent a sheet, verified scores included:
    unit, criterion, section, kind, max, applicable, value (NaN: none), file, sheet, cell
    (where the figure stands), evidence."""
    return result.scoresheet.frame.copy()


def units_frame(result) -> pd.DataFrame:
    """A row per member unit in ranking order: :data:`UNIT_COLUMNS` and a ``section:<code>``
    column per section subtotal."""
    sections = [s.code for s in result.block.sections]
    frame = pd.DataFrame.from_records(
        [[getattr(u, c) for c in UNIT_COLUMNS] + [u.sections.get(s) for s in sections]
         for u in result.units],
        columns=[*UNIT_COLUMNS, *(f"section:{s}" for s in sections)])
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def findings_frame(result, lang: str = "vi") -> pd.DataFrame:
    """A row per finding, in the result's order, its message and action in ``lang``."""
    return pd.DataFrame.from_records([f.to_json(lang) for f in result.findings],
                                     columns=list(FINDING_COLUMNS))


def sources_frame(result) -> pd.DataFrame:
    """A row per file found in the inbox, whatever became of it."""
    frame = pd.DataFrame.from_records([s.to_json() for s in result.sources],
                                      columns=list(SOURCE_COLUMNS))
    frame["received"] = pd.to_datetime([s.received for s in result.sources])
    return frame
