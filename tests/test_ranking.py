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
