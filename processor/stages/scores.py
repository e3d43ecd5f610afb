"""The batch's scores as one pandas DataFrame: a row per unit × criterion, units and criteria in
the block's order, every criterion of every unit that sent a sheet (:data:`COLUMNS`).

Long, not wide: each figure travels with its kind, max, section, applicability and origin, as the
report needs them, in one frame; categorical text keeps 10,000 units to a few MiB, and the block's
order makes the unit × criterion matrix a reshape that scoring sums criterion by criterion.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from ..config.block import Block
from ..model import ScoreSheet

COLUMNS = ("unit", "criterion", "section", "kind", "max", "applicable", "value",
           "file", "sheet", "cell", "evidence")
KINDS = ("score", "bonus", "deduction")


def score_frame(block: Block, units: list[str], value: Iterable[float | None],
                file: list[str | None], sheet: list[str | None], cell: list[str | None],
                evidence: list[str | None]) -> pd.DataFrame:
    """The frame of ``units`` (codes, in the block's order), from flat per-row lists that run
    through each unit's criteria in the block's order. ``None``: no usable value, no cell (then
    no origin), no evidence cell."""
    criteria = block.criteria
    m, n = len(criteria), len(units)
    unit_index = {code: i for i, code in enumerate(block.unit_codes)}
    section_index = {s.code: i for i, s in enumerate(block.sections)}
    applicable = np.ones((n, m), dtype=bool)
    for i, code in enumerate(units):
        not_applicable = block.unit(code).not_applicable
        if not_applicable:
            applicable[i] = [c.code not in not_applicable for c in criteria]
    return pd.DataFrame({
        "unit": pd.Categorical.from_codes(np.repeat([unit_index[u] for u in units], m).astype(np.int32),
                                          categories=list(block.unit_codes)),
        "criterion": pd.Categorical.from_codes(np.tile(np.arange(m, dtype=np.int32), n),
                                               categories=[c.code for c in criteria]),
        "section": pd.Categorical.from_codes(
            np.tile(np.array([section_index[c.section] for c in criteria], dtype=np.int32), n),
            categories=list(section_index)),
        "kind": pd.Categorical.from_codes(
            np.tile(np.array([KINDS.index(c.kind) for c in criteria], dtype=np.int32), n),
            categories=list(KINDS)),
        "max": np.tile(np.array([c.max for c in criteria], dtype=float), n),
        "applicable": applicable.ravel(),
        "value": np.fromiter((np.nan if v is None else v for v in value), dtype=float, count=n * m),
        "file": _categorical(file),
        "sheet": _categorical(sheet),
        "cell": _categorical(cell),
        "evidence": _categorical(evidence),
    }, columns=list(COLUMNS))


def _categorical(texts: list[str | None]) -> pd.Categorical:
    """``texts`` as a categorical (None: missing), categories in order of first appearance; a
    dict does in one pass what factorizing 200,000 Python strings does slowly."""
    index: dict[str, int] = {}
    codes = np.fromiter((-1 if t is None else index.setdefault(t, len(index)) for t in texts),
                        dtype=np.int32, count=len(texts))
    return pd.Categorical.from_codes(codes, categories=list(index))


def score_sheet(block: Block, values: dict[str, dict[str, float | None]],
                origin: dict[str, dict[str, tuple[str, str, str]]] | None = None,
                evidence: dict[str, dict[str, str]] | None = None) -> ScoreSheet:
    """A ScoreSheet from nested dicts (unit -> criterion -> ...), for the units in ``values``;
    a criterion left out has no value, no origin, no evidence."""
    origin, evidence = origin or {}, evidence or {}
    units = [code for code in block.unit_codes if code in values]
    rows = [(code, crit.code) for code in units for crit in block.criteria]
    where = [origin.get(u, {}).get(c) for u, c in rows]
    return ScoreSheet(score_frame(
        block, units, [values[u].get(c) for u, c in rows],
        [w[0] if w else None for w in where], [w[1] if w else None for w in where],
        [w[2] if w else None for w in where], [evidence.get(u, {}).get(c) for u, c in rows]))


def matrix(frame: pd.DataFrame, column: str, block: Block) -> np.ndarray:
    """``column`` as a units × criteria array (rows in the frame's unit order)."""
    m = len(block.criteria)
    return frame[column].to_numpy().reshape(len(frame) // m if m else 0, m)


def frame_units(frame: pd.DataFrame, block: Block) -> list[str]:
    """The codes of the units the frame holds, in its order."""
    return frame["unit"].iloc[::len(block.criteria) or 1].tolist()
