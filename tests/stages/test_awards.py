from hypothesis import given, settings, strategies as st

from processor.stages import awards
from processor.model import UnitResult
from processor.stages.ranking import rank_units
from tests.support.blocks import small_block

CODES = ("A", "B", "C", "D", "E", "F", "G")


def decide(block, finals, statuses=None, order=None):
    statuses = statuses or {}
    units = []
    for code in order or block.unit_codes:
        u = UnitResult(code=code, name=code, short_name=code, status=statuses.get(code, "ok"))
        u.final_score = finals.get(code)
        if u.final_score is not None:
            u.sections, u.bonus, u.deduction = {"I": finals[code] / 2}, 0.0, 0.0
        units.append(u)
    rank_units(block, units)
    rec = awards.decide(block, units)
    return rec, {u.code: u for u in units}


def test_leader_second_third_and_merit():
    block = small_block(units=CODES[:6], merit_count=3, flag_min=90, merit_min=80)
    rec, u = decide(block, {"A": 95, "B": 92, "C": 91, "D": 88, "E": 85, "F": 70})
    assert rec.leader == ["A"] and rec.flag == ["A"]
    assert rec.second == ["B"] and rec.third == ["C"]
    assert rec.merit == ["B", "C", "D"]
    assert u["E"].award is None and "chỉ tiêu" in u["E"].reasons[0]
    assert "tối thiểu" in u["F"].reasons[0]
    assert any("dẫn đầu" in g.lower() for g in u["A"].grounds)


def test_shared_third_place_like_2014():
    block = small_block(units=CODES[:5], merit_count=4)
    rec, _ = decide(block, {"A": 96, "B": 94, "C": 92, "D": 92, "E": 80})
    assert rec.third == ["C", "D"] and rec.second == ["B"]
    assert rec.undecided == []


def test_tie_for_the_flag_is_undecided_not_picked():
    block = small_block(units=CODES[:5], merit_count=2)
    rec, u = decide(block, {"A": 95, "B": 95, "C": 90, "D": 85, "E": 80})
    assert rec.flag == [] and rec.leader == []
    kinds = {und.for_: und.units for und in rec.undecided}
    assert kinds["flag"] == ["A", "B"] and kinds["leader"] == ["A", "B"]
    # one of A/B will take a merit place, so only one merit slot is left for C
    assert rec.merit == ["C"] and u["D"].award is None


def test_tie_straddling_the_merit_quota_lists_every_tied_unit():
    block = small_block(units=CODES[:6], merit_count=2)
    rec, u = decide(block, {"A": 99, "B": 95, "C": 90, "D": 90, "E": 90, "F": 50})
    assert rec.merit == ["B"]
    und = [x for x in rec.undecided if x.for_ == "merit"]
    assert und and und[0].units == ["C", "D", "E"] and "1" in und[0].reason
    assert all(u[c].undecided_for == "merit" for c in "CDE")


def test_ineligible_units_are_shown_with_reasons_and_skipped():
    block = small_block(units=CODES[:5], merit_count=2, exclusions=[("B", "Có cán bộ bị kỷ luật")])
    rec, u = decide(block, {"A": 80, "B": 99, "C": 97, "D": 90}, statuses={"C": "invalid", "E": "missing"})
    assert rec.flag == ["D"] and rec.merit == ["A"]
    assert u["B"].status == "excluded" and "kỷ luật" in u["B"].reasons[0]
    assert u["C"].eligible is False and u["C"].reasons
    assert u["E"].rank is None and u["E"].reasons


def test_merit_quota_as_fraction_rounds_as_configured():
    block = small_block(units=CODES[:7], merit_fraction=0.3)
    assert block.awards.merit.quota(7) == 2        # floor(2.1)
    rec, _ = decide(block, {c: 90 - i for i, c in enumerate(CODES)})
    assert rec.merit == ["B", "C"]


finals = st.lists(st.integers(70, 100).map(float), min_size=len(CODES), max_size=len(CODES))


@settings(max_examples=150)
@given(finals, st.integers(0, 4), st.randoms())
def test_properties_of_awards(scores, quota, rnd):
    block = small_block(units=CODES, merit_count=quota)
    data = dict(zip(CODES, scores))
    order = list(CODES)
    rnd.shuffle(order)
    rec, units = decide(block, data, order=order)
    rec2, _ = decide(block, data)
    # the order of the inbox never changes the result
    assert rec.to_json() == rec2.to_json()
    # quotas are never exceeded and nobody holds two awards
    assert len(rec.flag) <= 1 and len(rec.merit) <= quota
    assert not set(rec.flag) & set(rec.merit)
    # a unit out of the awards but scoring at least as high as an awarded one is undecided
    awarded = [units[c].final_score for c in rec.flag + rec.merit]
    for code, u in units.items():
        if u.award is None and awarded and u.final_score >= min(awarded):
            assert u.undecided_for is not None, (code, data, rec)
    # every member appears exactly once
    assert sorted(units) == sorted(CODES)
