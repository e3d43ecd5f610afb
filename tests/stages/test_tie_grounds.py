"""The grounds a tie gives each of its units: in a provincial block every other tied unit is named
and every tie-breaker comparison said; in a tie of a large block the others are counted, a few
named, and a unit is compared only with its nearest neighbours, so grounds stay a few lines."""
from __future__ import annotations

from processor.model import UnitResult
from processor.stages.grounds import TIE_NAMED, tie_break_grounds


def unit(code: str, score: float, rank: int, bonus: float | None = None) -> UnitResult:
    u = UnitResult(code=code, name=code, short_name=code, status="ok", final_score=score, rank=rank)
    if bonus is not None:
        u.tie_break_values["bonus"] = bonus
    return u


def test_a_small_tie_names_every_other_unit_and_every_comparison():
    a, b, c = unit("A", 90.0, 1, bonus=2.0), unit("B", 90.0, 2, bonus=1.0), unit("C", 90.0, 2, bonus=1.0)
    tie_break_grounds([c, b, a], ("bonus",))
    assert a.grounds == ["Bằng điểm 90 với B, được xếp trên theo tiêu chí phụ điểm thưởng (2 so với 1)",
                         "Bằng điểm 90 với C, được xếp trên theo tiêu chí phụ điểm thưởng (2 so với 1)"]
    assert b.grounds == ["Bằng điểm 90 và bằng nhau ở mọi tiêu chí phụ với C nên đồng hạng",
                         "Bằng điểm 90 với A, được xếp dưới theo tiêu chí phụ điểm thưởng (1 so với 2)"]


def test_a_large_shared_tie_names_a_few_and_counts_the_rest():
    units = [unit(f"DV{i:05d}", 88.25, 30) for i in range(60)]
    tie_break_grounds(units, ("bonus",))
    first = units[0].grounds
    assert len(first) == 1
    named = ", ".join(f"DV{i:05d}" for i in range(1, TIE_NAMED + 1))
    assert first[0] == (f"Bằng điểm 88,25 và bằng nhau ở mọi tiêu chí phụ với {named} "
                        f"và {59 - TIE_NAMED} đơn vị khác nên đồng hạng")
    tie_break_grounds(units[:TIE_NAMED + 1], ("bonus",), "en")      # at the limit: all named
    assert units[0].grounds[-1].count("DV") == TIE_NAMED and "more units" not in units[0].grounds[-1]


def test_a_large_tie_split_by_a_breaker_compares_with_the_nearest_only():
    units = [unit(f"DV{i:05d}", 75.5, 100 + i, bonus=40.0 - i) for i in range(40)]
    tie_break_grounds(list(reversed(units)), ("bonus",))
    middle = units[20].grounds
    assert middle == [
        "Bằng điểm 75,5 với 39 đơn vị có thứ hạng khác, theo tiêu chí phụ được xếp trên 19 và dưới "
        "20 đơn vị trong số đó",
        "Bằng điểm 75,5 với DV00019, được xếp dưới theo tiêu chí phụ điểm thưởng (20 so với 21)",
        "Bằng điểm 75,5 với DV00021, được xếp trên theo tiêu chí phụ điểm thưởng (20 so với 19)"]
    assert len(units[0].grounds) == 2 and "xếp trên 39 và dưới 0" in units[0].grounds[0]
    assert sum(len(g) for u in units for g in u.grounds) < 40 * 300     # was 40 x 39 comparisons
