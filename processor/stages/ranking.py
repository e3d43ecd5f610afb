"""Competition ranking (1, 2, 2, 4) with an ordered list of tie-breakers, after Tabbycat:
a rank is a pair (position, tied); units still equal on every metric share the position,
and the tie is shown, never hidden."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Hashable, Mapping, Sequence

import numpy as np

from ..config.block import Block
from ..config.law import WOMEN_PRIORITY
from ..model import UnitResult


@dataclass(frozen=True)
class Rank:
    position: int
    tied: bool


def competition_positions(metrics: Sequence[Sequence[float]], keys: Sequence[str]
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of ``metrics`` (final score, tie-breaker 1, ...; higher is better) ranked at once:
    (order, position, tied), ``order`` the rows best first (equal rows by ``keys``), and the
    position (1, 2, 2, 4) and tie of each row. Equal rows share a position whatever their order."""
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0, dtype=bool)
    metrics = np.asarray(metrics, dtype=float).reshape(n, -1)
    columns = [-metrics[:, k] for k in range(metrics.shape[1])]
    order = np.lexsort((np.asarray(keys, dtype=str), *reversed(columns)))   # the last key leads
    ranked = metrics[order]
    starts = np.r_[True, np.any(ranked[1:] != ranked[:-1], axis=1)]      # a new group of equals
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    size = np.diff(np.r_[first, n])
    position, tied = np.empty(n, dtype=np.intp), np.empty(n, dtype=bool)
    position[order] = first[group] + 1
    tied[order] = size[group] > 1
    return order, position, tied


def competition_rank(metrics: Mapping[Hashable, Sequence[float]]) -> dict[Hashable, Rank]:
    """``metrics[key]`` is (final score, tie-breaker 1, tie-breaker 2, ...), higher is better.

    Keys equal on every metric share a position; the next position skips (1, 2, 2, 4).
    The result does not depend on the order of ``metrics``.
    """
    keys = list(metrics)
    order, position, tied = competition_positions([tuple(metrics[k]) for k in keys],
                                                  [str(k) for k in keys])
    return {keys[i]: Rank(position=int(position[i]), tied=bool(tied[i])) for i in order.tolist()}


def women_priority(share) -> float:
    """1 for a collective with at least 70% women (Decree 152/2025/NĐ-CP Art. 4(6)), else 0:
    every such collective comes first, and they stay equal among themselves."""
    return 1.0 if share is not None and share >= WOMEN_PRIORITY else 0.0


def tie_breaker_value(name: str, sections: Mapping[str, float], bonus: float, deduction: float,
                      normalized_base: float | None, votes: Mapping[str, int] | None, unit: str,
                      women: Mapping[str, object] | None = None) -> float:
    """One tie-breaker metric of a unit, oriented so that higher is better (``women``: each
    unit's share of women, for ``women_share``)."""
    if name.startswith("section:"):
        return float(sections.get(name.split(":", 1)[1], 0.0))
    if name == "bonus":
        return float(bonus)
    if name == "fewer_deductions":
        return -float(deduction)
    if name == "base":
        return float(normalized_base or 0.0)
    if name == "votes":
        return float((votes or {}).get(unit, 0))
    if name == "women_share":
        return women_priority((women or {}).get(unit))
    raise ValueError(f"unknown tie-breaker {name!r}")


def rank_units(block: Block, units: list[UnitResult], votes: Mapping[str, int] | None = None) -> None:
    """Rank the scored units by final score, then the block's tie-breakers in order (``votes``:
    the ballot's count, for the ``votes`` tie-breaker); sets ``rank``, ``tied`` and
    ``tie_break_values``. Units without a final score stay unranked."""
    breakers = block.awards.tie_breakers
    women = {u.code: u.women_share for u in block.units}
    scored = [u for u in units if u.final_score is not None]
    for u in scored:
        u.tie_break_values = {
            name: tie_breaker_value(name, u.sections, u.bonus or 0.0, u.deduction or 0.0,
                                    u.normalized_base, votes, u.code, women)
            for name in breakers}
    metrics = [(u.final_score, *u.tie_break_values.values()) for u in scored]
    _, position, tied = competition_positions(metrics, [u.code for u in scored])
    for u, p, t in zip(scored, position.tolist(), tied.tolist()):
        u.rank, u.tied = p, t


def with_tie_breakers(block: Block, breakers: tuple[str, ...]) -> Block:
    """``block`` ranking by ``breakers`` instead of its own (itself when they are the same)."""
    if breakers == tuple(block.awards.tie_breakers):
        return block
    return replace(block, awards=replace(block.awards, tie_breakers=breakers))
