import random

from hypothesis import given, strategies as st

from processor.stages.ranking import Rank, competition_rank


def test_competition_ranking_shares_positions_and_skips():
    ranks = competition_rank({"A": (90,), "B": (95,), "C": (90,), "D": (80,)})
    assert ranks == {"B": Rank(1, False), "A": Rank(2, True), "C": Rank(2, True), "D": Rank(4, False)}


def test_tie_breakers_are_applied_in_order():
    ranks = competition_rank({"A": (90, 30, 1), "B": (90, 30, 2), "C": (90, 31, 0)})
    assert [k for k, _ in sorted(ranks.items(), key=lambda kv: kv[1].position)] == ["C", "B", "A"]
    assert not any(r.tied for r in ranks.values())


scores = st.dictionaries(st.text("ABCDEFGHIJ", min_size=1, max_size=3),
                         st.integers(0, 20).map(lambda x: x / 2), min_size=1, max_size=12)


@given(scores)
def test_order_of_input_never_changes_ranks(data):
    items = list(data.items())
    random.Random(1).shuffle(items)
    assert competition_rank({k: (v,) for k, v in items}) == competition_rank({k: (v,) for k, v in data.items()})


@given(scores, st.data())
def test_raising_a_score_never_lowers_the_rank(data, draw):
    key = draw.draw(st.sampled_from(sorted(data)))
    before = competition_rank({k: (v,) for k, v in data.items()})[key].position
    raised = dict(data)
    raised[key] += draw.draw(st.integers(1, 10)) / 2
    after = competition_rank({k: (v,) for k, v in raised.items()})[key].position
    assert after <= before


@given(scores)
def test_position_counts_the_units_strictly_ahead(data):
    ranks = competition_rank({k: (v,) for k, v in data.items()})
    for k, v in data.items():
        assert ranks[k].position == 1 + sum(1 for w in data.values() if w > v)
        assert ranks[k].tied == (sum(1 for w in data.values() if w == v) > 1)


# --- the vectorized ranking is the sort it replaces ----------------------------------------

from processor.model import UnitResult
from processor.stages.ranking import rank_units
from tests.support.blocks import small_block


def sorted_rank(metrics):
    """Competition ranking by sorting and walking the runs of equal tuples (the reference)."""
    ordered = sorted(metrics, key=lambda k: (tuple(-m for m in metrics[k]), str(k)))
    ranks, i = {}, 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and tuple(metrics[ordered[j + 1]]) == tuple(metrics[ordered[i]]):
            j += 1
        for key in ordered[i:j + 1]:
            ranks[key] = Rank(position=i + 1, tied=j > i)
        i = j + 1
    return ranks


few = st.integers(0, 4).map(lambda x: x / 2)
tuples = st.dictionaries(st.text("ABCDEFGHIJ", min_size=1, max_size=3),
                         st.tuples(few, few, st.sampled_from((-0.0, 0.0, -1.0)), few),
                         min_size=0, max_size=30)


@given(tuples)
def test_ranks_with_tie_breakers_are_the_sorted_walk(data):
    got = competition_rank(data)
    want = sorted_rank(data)
    assert got == want
    assert list(got) == list(want)             # best first, equals by key, as before


def unit(code, final, sections, bonus=0.0, deduction=0.0):
    return UnitResult(code=code, name=code, short_name=code, status="ok", final_score=final,
                      sections=sections, bonus=bonus, deduction=deduction, normalized_base=final)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 2)),
                min_size=5, max_size=5), st.randoms())
def test_rank_units_is_the_same_whatever_the_order_of_units(rows, rnd):
    block = small_block(tie_breakers=("section:I", "fewer_deductions", "votes"))
    votes = {"A": 3, "C": 3}

    def units():
        return [unit(c, 90.0 + f, {"I": float(s), "II": 0.0}, deduction=float(d))
                for c, (f, s, d) in zip("ABCDE", rows)]

    first = units()
    rank_units(block, first, votes)
    shuffled = units()
    rnd.shuffle(shuffled)
    rank_units(block, shuffled, votes)
    assert {u.code: (u.rank, u.tied) for u in first} == {u.code: (u.rank, u.tied) for u in shuffled}
    metrics = {u.code: (u.final_score, *u.tie_break_values.values()) for u in first}
    assert {u.code: Rank(u.rank, u.tied) for u in first} == sorted_rank(metrics)


def test_units_without_a_final_score_stay_unranked():
    block = small_block()
    units = [unit("A", 90.0, {}), unit("B", None, {}), unit("C", 90.0, {})]
    rank_units(block, units)
    assert [(u.rank, u.tied) for u in units] == [(1, True), (None, False), (1, True)]
