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


# --- the vectorized totals are the unit-by-unit loop, bit for bit ----------------------------

import math
import struct

import numpy as np
from decimal import Decimal

from processor.stages.scores import score_sheet
from processor.stages.scoring import excel_round_array, totals_frame


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def same_rounding(x: float) -> None:
    try:
        want = excel_round(x)
    except ArithmeticError as exc:            # beyond Decimal's precision: both refuse alike
        try:
            excel_round_array(np.array([x]))
        except type(exc):
            return
        raise AssertionError(f"excel_round_array({x!r}) did not raise {type(exc).__name__}")
    got = excel_round_array(np.array([x]))[0]
    assert bits(got) == bits(want), (x, got, want)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_vectorized_round_is_excel_round_for_any_float(x):
    same_rounding(x)


three_decimals = st.integers(-10**9, 10**9).map(lambda k: k / 1000)


@given(three_decimals, st.integers(-3, 3))
def test_vectorized_round_is_excel_round_at_and_beside_the_halves(x, steps):
    """x.xx5 written as a decimal, and the floats a few ulps either side of it."""
    for _ in range(abs(steps)):
        x = math.nextafter(x, math.copysign(math.inf, steps))
    same_rounding(x)


@given(st.decimals(min_value=-10**6, max_value=10**6, places=6, allow_nan=False))
def test_vectorized_round_is_excel_round_on_sums_people_make(d):
    same_rounding(float(d) / 3 * 3)             # a float that is almost, not quite, the decimal
    same_rounding(float(Decimal(d)))


def test_vectorized_round_keeps_nan_and_the_sign_of_zero():
    got = excel_round_array(np.array([np.nan, -0.0, -0.004, 2.675, -1.005, 0.125]))
    assert math.isnan(got[0])
    assert [bits(v) for v in got[1:]] == [bits(v) for v in (-0.0, -0.0, 2.68, -1.01, 0.13)]


def loop_totals(block, unit_code, values):
    """The totals as the unit-by-unit loop computed them before the frame (the reference)."""
    not_applicable = block.unit(unit_code).not_applicable
    sections = {}
    base_sum = applicable_max = bonus = deduction = 0.0
    incomplete = []
    for section in block.sections:
        subtotal = 0.0
        for crit in section.criteria:
            if crit.code in not_applicable:
                continue
            value = values.get(crit.code)
            if crit.kind == "score":
                applicable_max += crit.max
                if value is None:
                    incomplete.append(crit.code)
                    continue
                base_sum += value
            elif crit.kind == "bonus":
                bonus += value or 0.0
            else:
                deduction += value or 0.0
            subtotal += value or 0.0
        sections[section.code] = excel_round(subtotal)
    normalized = final = None
    if not incomplete and applicable_max > 0:
        normalized = base_sum / applicable_max * block.full_base_max
        final = excel_round(normalized + bonus - deduction)
    return dict(sections=sections, base_sum=excel_round(base_sum), applicable_max=applicable_max,
                normalized_base=None if normalized is None else excel_round(normalized),
                bonus=excel_round(bonus), deduction=excel_round(deduction), final=final,
                incomplete=incomplete)


def same_figure(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and bits(a) == bits(b))


figure = st.one_of(st.none(), st.floats(0, 60), st.integers(0, 240).map(lambda q: q / 4),
                   st.integers(0, 6000).map(lambda k: k / 100))
unit_figures = st.fixed_dictionaries({c: figure for c in ("I.1", "I.2", "II.1", "B.1", "D.1")})


@given(st.lists(unit_figures, min_size=1, max_size=5),
       st.lists(st.sampled_from(["I.1", "I.2", "II.1", "B.1", "D.1"]), max_size=3))
def test_totals_over_the_frame_are_the_loop_for_every_unit(figures, not_applicable):
    block = small_block(not_applicable={"C": not_applicable, "E": not_applicable[:1]})
    values = dict(zip(block.unit_codes, figures))
    totals = totals_frame(block, score_sheet(block, values))
    assert totals.index.tolist() == list(values)
    for code, vals in values.items():
        want = loop_totals(block, code, vals)
        row = totals.loc[code]
        for section, subtotal in want["sections"].items():
            assert bits(row[f"section:{section}"]) == bits(subtotal)
        for name in ("base_sum", "applicable_max", "normalized_base", "bonus", "deduction", "final"):
            got = None if math.isnan(row[name]) else float(row[name])
            assert same_figure(got, want[name]), (code, name, got, want[name])
        one = unit_totals(block, code, vals)
        assert one.incomplete == want["incomplete"] and one.sections == want["sections"]
        assert same_figure(one.final, want["final"])
