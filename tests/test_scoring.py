from hypothesis import given, strategies as st

from processor.stages.scoring import excel_round, unit_totals
from tests.support.blocks import small_block


def test_excel_round_is_half_away_from_zero_on_the_shown_decimal():
    assert excel_round(2.675) == 2.68          # binary 2.67499999... but Excel shows 2.675
    assert excel_round(1.005) == 1.01
    assert excel_round(-1.005) == -1.01
    assert excel_round(0.125) == 0.13          # Python's round() would give 0.12
    assert excel_round(89.994999) == 89.99


def test_final_score_follows_the_default_formula():
    block = small_block()
    t = unit_totals(block, "A", {"I.1": 50, "I.2": 18, "II.1": 17.5, "B.1": 2, "D.1": 1})
    assert t.base_sum == 85.5 and t.applicable_max == 100
    assert t.final == 86.5
    assert t.sections == {"I": 68, "II": 17.5, "B": 2, "D": 1}


def test_not_applicable_leaves_base_and_max_alike():
    block = small_block(not_applicable={"C": ["II.1"]})
    t = unit_totals(block, "C", {"I.1": 54, "I.2": 18, "II.1": None, "B.1": 0, "D.1": 0})
    # 72 of 80 applicable points = 90 of 100
    assert t.applicable_max == 80 and t.final == 90.0
    assert t.incomplete == []


def test_a_blank_base_criterion_gives_no_final_score():
    block = small_block()
    t = unit_totals(block, "A", {"I.1": 50, "I.2": None, "II.1": 17, "B.1": 0, "D.1": 0})
    assert t.final is None and t.incomplete == ["I.2"]


@given(st.floats(0, 60), st.floats(0, 20), st.floats(0, 20), st.floats(0, 5), st.floats(0, 5))
def test_final_is_rounded_sum_of_parts(a, b, c, bonus, ded):
    block = small_block()
    t = unit_totals(block, "A", {"I.1": a, "I.2": b, "II.1": c, "B.1": bonus, "D.1": ded})
    assert abs(t.final - (a + b + c + bonus - ded)) <= 0.005 + 1e-9
    assert t.final == round(t.final, 2)
