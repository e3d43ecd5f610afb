"""Ballots, the tally (written, filled, read back by intake, counted), and the ballot's decision
on the leader."""
import hashlib
from datetime import datetime
from fractions import Fraction
from types import SimpleNamespace

import openpyxl
import pytest
from hypothesis import given, settings, strategies as st

from processor.config.review import BallotConfig, Share
from processor.intake.form_file import read_form_file
from processor.model import TALLY, TALLY_SHEET, Recommendations, UnitResult
from processor.report.ballots_form import BALLOT_SHEET, write_ballots
from processor.stages import ballots as ballot_stage
from processor.stages.ballots import (Ballot, Tally, apply_leader_decision, ballot_candidates,
                                      leader_decision)
from tests.support.blocks import small_block

CREATED = datetime(2021, 1, 4, 8, 0)
MAJORITY = BallotConfig(enabled=True, quorum=Share(Fraction(2, 3)), required_share=Share(Fraction(1, 2), True))


def ranked_units(scores, eligible=None):
    units = []
    for rank, (code, score) in enumerate(sorted(scores.items(), key=lambda kv: -kv[1]), 1):
        units.append(UnitResult(code=code, name=f"Đơn vị {code}", short_name=code, status="ok",
                                final_score=score, rank=rank,
                                eligible=eligible is None or code in eligible))
    return units


def read_tally(path, block):
    """The tally read by intake (as ``consolidate --tally FILE`` reads it), then counted."""
    read = read_form_file(path, TALLY, block)
    return ballot_stage.tally_of(read.form, block, file=read.file, failure=read.failure)


def is_tally_workbook(path):
    """Intake knows the tally by its _meta kind, whatever its name."""
    return read_form_file(path, TALLY, small_block()).form is not None


def fill_tally(path, rows):
    """rows: {ballot number: (returned, {candidate: mark})}; columns found by the hidden key row."""
    wb = openpyxl.load_workbook(path)
    ws = wb[TALLY_SHEET]
    keys = {c.value: c.column for c in ws[4]}
    for row in ws.iter_rows(min_row=6):
        number = row[0].value
        if number in rows:
            returned, marks = rows[number]
            if returned:
                ws.cell(row[0].row, keys["returned"]).value = "x"
            for cand, mark in marks.items():
                ws.cell(row[0].row, keys[cand]).value = mark
    wb.save(path)


@pytest.fixture
def written(tmp_path):
    block = small_block()
    result = SimpleNamespace(units=ranked_units({"A": 95, "B": 92, "C": 90, "D": 80, "E": 70}, eligible="ABCD"))
    ballot, tally = write_ballots(block, result, tmp_path, CREATED, MAJORITY)
    return block, ballot, tally


def test_files_and_layout(written, tmp_path):
    block, ballot, tally = written
    assert ballot.name == "phieu-suy-ton-test-2020.xlsx" and tally.name == "kiem-phieu-test-2020.xlsx"
    ws = openpyxl.load_workbook(ballot)[BALLOT_SHEET]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts.count("PHIẾU SUY TÔN ĐƠN VỊ DẪN ĐẦU KHỐI THI ĐUA NĂM 2020") == 5     # one per member
    assert texts.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 5
    assert "KHỐI THỬ" in texts and any("Chỉ chọn một đơn vị" in t for t in texts)
    assert [t for t in texts if t.startswith("Đơn vị ")] == ["Đơn vị A", "Đơn vị B", "Đơn vị C", "Đơn vị D"] * 5
    assert len(ws.row_breaks.brk) == 4 and ws.page_setup.paperSize == 9
    wb = openpyxl.load_workbook(tally)
    assert wb["_meta"].sheet_state == "veryHidden" and is_tally_workbook(tally)
    ws = wb[TALLY_SHEET]
    assert [ws.cell(r, 1).value for r in range(6, 11)] == [1, 2, 3, 4, 5]
    assert not ws.cell(6, 3).protection.locked and ws.cell(6, 1).protection.locked
    again = write_ballots(block, SimpleNamespace(units=ranked_units(
        {"A": 95, "B": 92, "C": 90, "D": 80, "E": 70}, eligible="ABCD")), tmp_path / "again", CREATED, MAJORITY)
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in again] == \
           [hashlib.sha256(p.read_bytes()).hexdigest() for p in (ballot, tally)]


def test_no_candidates_is_an_error(tmp_path):
    with pytest.raises(ValueError):
        write_ballots(small_block(), SimpleNamespace(units=ranked_units({"A": 1}, eligible="")), tmp_path,
                      CREATED, MAJORITY)


def test_candidates_respect_flag_minimum_and_never_cut_a_tie():
    block = small_block(flag_min=85)
    units = ranked_units({"A": 95, "B": 92, "C": 92, "D": 90, "E": 70})
    units[2].rank = 2
    assert ballot_candidates(block, SimpleNamespace(units=units), MAJORITY) == ["A", "B", "C", "D"]
    two = BallotConfig(max_candidates=2)
    assert ballot_candidates(block, SimpleNamespace(units=units), two) == ["A", "B", "C"]


def test_read_tally_by_hand(written):
    block, _, tally_path = written
    fill_tally(tally_path, {1: (True, {"A": "x"}), 2: (False, {"A": "X"}), 3: (True, {}),
                            4: (True, {"A": "x", "B": "x"}), 5: (True, {"C": "✓"})})
    tally, findings = read_tally(tally_path, block)
    assert (tally.voters, tally.cast, tally.valid, tally.invalid, tally.blank) == (5, 5, 3, 2, 1)
    assert tally.votes == {"A": 2, "B": 0, "C": 1, "D": 0}
    assert tally.share("A") == Fraction(2, 3) and tally.turnout == 1
    assert sorted((f.code, f.params.get("number")) for f in findings) == [("R201", "3"), ("R201", "4")]
    assert "không chọn đơn vị nào" in [f for f in findings if f.params["number"] == "3"][0].message()


def test_duplicate_numbers_odd_marks_and_wrong_block(written):
    block, _, tally_path = written
    wb = openpyxl.load_workbook(tally_path)
    ws = wb[TALLY_SHEET]
    ws.cell(7, 1).value = 1                    # ballot "1" typed twice
    ws.cell(6, 3).value, ws.cell(7, 4).value = "x", "x"
    ws.cell(8, 5).value = "có lẽ"                # an odd mark counts as a choice, with a note
    wb.save(tally_path)
    tally, findings = read_tally(tally_path, block)
    assert [b.number for b in tally.ballots] == ["1", "3"] and tally.votes["C"] == 1
    assert sorted(f.code for f in findings) == ["R202", "R203"]
    other = small_block(units=("A", "B", "C", "D", "X"))
    object.__setattr__(other, "id", "other")
    assert read_tally(tally_path, other)[0] is None
    assert [f.code for f in read_tally(tally_path, other)[1]] == ["R205"]


def tally_of(votes, invalid=0, voters=None):
    ballots = [Ballot(str(i), (c,), i) for i, c in enumerate(c for c, n in votes.items() for _ in range(n))]
    ballots += [Ballot(f"x{i}", (), 0) for i in range(invalid)]
    return Tally(voters=voters or len(ballots), candidates=tuple(votes), ballots=ballots)


def test_leader_confirmed_with_grounds():
    d = leader_decision(tally_of({"A": 6, "B": 3}, invalid=1, voters=12), MAJORITY, [("A", 1), ("B", 2)])
    assert d.leader == "A"
    assert d.grounds == ["Được 6/9 phiếu hợp lệ (66,67%), đạt tỷ lệ trên một nửa theo quy định; số phiếu "
                         "thu về 10/12 (83,33%), đạt tỷ lệ tối thiểu từ hai phần ba trở lên"]


def test_exactly_half_is_not_more_than_half():
    d = leader_decision(tally_of({"A": 5, "B": 5}), MAJORITY, [("A", 1), ("B", 2)])
    assert d.leader is None and d.candidate == "A"
    assert "5/10 phiếu hợp lệ (50%), chưa đạt trên một nửa (nhiều phiếu nhất: A, B, 5 phiếu)" not in d.reason
    assert "chỉ được 5/10 phiếu hợp lệ (50%), chưa đạt trên một nửa" in d.reason
    assert [f.code for f in d.findings] == ["R208"]
    at_least_half = BallotConfig(quorum=Share(Fraction(1, 2)), required_share=Share(Fraction(1, 2)))
    assert leader_decision(tally_of({"A": 5, "B": 5}), at_least_half, [("A", 1)]).leader == "A"


def test_two_thirds_and_most_votes_elsewhere():
    rules = BallotConfig(required_share=Share(Fraction(2, 3)))
    d = leader_decision(tally_of({"A": 3, "B": 6}), rules, [("A", 1), ("B", 2)])
    assert d.leader is None and "(nhiều phiếu nhất: B, 6 phiếu)" in d.reason
    assert leader_decision(tally_of({"A": 6, "B": 3}), rules, [("A", 1)]).leader == "A"


def test_quorum_tie_and_overcount():
    d = leader_decision(tally_of({"A": 6}, voters=10), MAJORITY, [("A", 1)])
    assert d.leader is None and "6/10 (60%) chưa đạt tỷ lệ tối thiểu" in d.reason
    assert [f.code for f in d.findings] == ["R207"]
    d = leader_decision(tally_of({"A": 3, "B": 3}), MAJORITY, [("A", 1), ("B", 1)])
    assert d.leader is None and d.units == ["A", "B"] and [f.code for f in d.findings] == ["R209"]
    d = leader_decision(tally_of({"A": 9}, voters=5), MAJORITY, [("A", 1)])
    assert d.leader is None and [f.code for f in d.findings] == ["R204"]
    assert leader_decision(tally_of({"A": 1}), MAJORITY, []).reason


def test_apply_decision_removes_flag_and_lists_it_undecided():
    units = ranked_units({"A": 95, "B": 92})
    units[0].position, units[0].award = "leader", "flag"
    rec = Recommendations(leader=["A"], flag=["A"])
    d = leader_decision(tally_of({"A": 2, "B": 3}), MAJORITY, [("A", 1), ("B", 2)])
    apply_leader_decision(units, rec, d)
    assert rec.leader == [] and rec.flag == [] and units[0].award is None and units[0].position is None
    assert [(u.units, u.for_) for u in rec.undecided] == [(["A"], "leader")]
    assert units[0].reasons == [d.reason]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from("ABCD"), max_size=4, unique=True), max_size=30))
def test_a_tally_counts_every_ballot_exactly_once(choices):
    ballots = [Ballot(str(i), tuple(c), i) for i, c in enumerate(choices)]
    t = Tally(voters=30, candidates=tuple("ABCD"), ballots=ballots)
    assert t.valid + t.invalid == t.cast == len(choices)
    assert sum(t.votes.values()) == t.valid == sum(1 for c in choices if len(c) == 1)
    assert t.blank == sum(1 for c in choices if not c)
    assert sum(t.share(c) for c in "ABCD") in (0, 1)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.lists(st.sampled_from("ABCD"), max_size=3, unique=True)),
                min_size=5, max_size=5))
def test_written_tally_counts_every_returned_ballot_once(tmp_path_factory, rows):
    block = small_block()
    result = SimpleNamespace(units=ranked_units({"A": 95, "B": 92, "C": 90, "D": 80, "E": 70}, eligible="ABCD"))
    _, path = write_ballots(block, result, tmp_path_factory.mktemp("t"), CREATED, MAJORITY)
    fill_tally(path, {i + 1: (ret, {c: "x" for c in marks}) for i, (ret, marks) in enumerate(rows)})
    tally, _ = read_tally(path, block)
    returned = [marks for ret, marks in rows if ret or marks]
    assert tally.cast == len(returned)
    assert tally.votes == {c: sum(1 for m in returned if m == [c]) for c in "ABCD"}


@pytest.mark.libreoffice
def test_one_printed_page_per_voter(written, tmp_path):
    from tests.support.libreoffice import convert, pdf_pages, require_soffice

    require_soffice()
    _, ballot, tally = written
    assert pdf_pages(convert(ballot, "pdf", tmp_path / "pdf")) == 5
    assert pdf_pages(convert(tally, "pdf", tmp_path / "pdf")) == 1


def test_marks_typed_as_numbers_are_read_by_the_one_parser(written):
    """A mark typed as a number in text ("1,0", "0,0") is that number; an odd number still counts
    as a choice, with a note."""
    block, _, tally_path = written
    fill_tally(tally_path, {1: (True, {"A": "1,0"}), 2: (True, {"B": "0,0", "C": "x"}),
                            3: (True, {"D": "2"})})
    tally, findings = read_tally(tally_path, block)
    assert [(b.number, b.choices) for b in tally.ballots] == [("1", ("A",)), ("2", ("C",)), ("3", ("D",))]
    assert [(f.code, f.params["value"]) for f in findings] == [("R202", "2")]
