"""Competition ranking (1, 2, 2, 4) with an ordered list of tie-breakers, after Tabbycat:
a rank is a pair (position, tied); units still equal on every metric share the position,
and the tie is shown, never hidden."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Hashable, Mapping, Sequence

from ..config.block import Block
from ..config.law import WOMEN_PRIORITY
from ..model import UnitResult


@dataclass(frozen=True)
class Rank:
    position: int
    tied: bool


def competition_rank(metrics: Mapping[Hashable, Sequence[float]]) -> dict[Hashable, Rank]:
    """``metrics[key]`` is (final score, tie-breaker 1, tie-breaker 2, ...), higher is better.

    Keys equal on every metric share a position; the next position skips (1, 2, 2, 4).
    The result does not depend on the order of ``metrics``.
    """
    ordered = sorted(metrics, key=lambda k: (tuple(-m for m in metrics[k]), str(k)))
    ranks: dict[Hashable, Rank] = {}
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and tuple(metrics[ordered[j + 1]]) == tuple(metrics[ordered[i]]):
            j += 1
        for key in ordered[i:j + 1]:
            ranks[key] = Rank(position=i + 1, tied=j > i)
        i = j + 1
    return ranks


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
    metrics = {}
    for u in units:
        if u.final_score is None:
            continue
        u.tie_break_values = {
            name: tie_breaker_value(name, u.sections, u.bonus or 0.0, u.deduction or 0.0,
                                    u.normalized_base, votes, u.code, women)
            for name in breakers}
        metrics[u.code] = (u.final_score, *u.tie_break_values.values())
    ranks = competition_rank(metrics)
    for u in units:
        if u.code in ranks:
            u.rank, u.tied = ranks[u.code].position, ranks[u.code].tied


def with_tie_breakers(block: Block, breakers: tuple[str, ...]) -> Block:
    """``block`` ranking by ``breakers`` instead of its own (itself when they are the same)."""
    if breakers == tuple(block.awards.tie_breakers):
        return block
    return replace(block, awards=replace(block.awards, tie_breakers=breakers))
