"""The review stages chained by the pipeline: verification → scoring → cross → ranking with
votes → gate → awards → ballot decision → rotation; the full cycle from templates through
``consolidate``; the review sheets."""
import dataclasses
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings, strategies as st

from processor.config.review import parse_review
from processor.model import TALLY_SHEET, VERIFY_SHEET, Result
from processor.pipeline import consolidate, decide
from processor.report.ballots_form import write_ballots
from processor.report.review_sheets import review_sheets
from processor.report.verification_form import write_verification_workbook
from processor.stages.ballots import Ballot, Tally
from processor.stages.scores import score_sheet
from tests.support.blocks import small_block

CREATED = datetime(2021, 1, 4, 8, 0)


def block_with(extra, **kw):
    return dataclasses.replace(small_block(**kw), extra=extra)


def sheet_of(finals):
    """Self scores giving these finals exactly: I.1 carries the points (others fixed)."""
    values = {u: {"I.1": f - 30.0, "I.2": 20.0, "II.1": 10.0, "B.1": 0.0, "D.1": 0.0} for u, f in finals.items()}
    return score_sheet(small_block(), values)


def test_cross_combination_and_votes_as_tie_breaker():
    extra = {"cross_scoring": {"aggregation": "mean", "self_weight": 0.5, "cross_weight": 0.5},
             "ballots": {"tie_breaker": True, "quorum": 0.5}}
    block = block_with(extra)
    sheet = sheet_of({"A": 80, "B": 90, "C": 70, "D": 60, "E": 50})
    # cross: A gets 100 from all, B gets 80 → A = 0.5·80 + 0.5·100 = 90, B = 0.5·90 + 0.5·80 = 85
    cross = {s: {t: {"total": {"A": 100, "B": 80, "C": 80, "D": 60, "E": 50}[t]} for t in "ABCDE" if t != s}
             for s in "ABCDE"}
    out = decide(block, sheet, [], cross_collected=cross)
    finals = {u.code: u.final_score for u in out.units}
    assert finals == {"A": 90.0, "B": 85.0, "C": 75.0, "D": 60.0, "E": 50.0}
    a = next(u for u in out.units if u.code == "A")
    assert a.grounds[0] == ("Điểm cuối cùng = 0,5 × điểm tự chấm 80 + 0,5 × điểm chấm chéo 100 "
                            "(trung bình cộng) = 90")
    assert out.recommendations.leader == ["A"] and out.review.tie_breakers == ("votes",)
    # a tie at the top settled by votes, which are a tie-breaker here
    sheet = sheet_of({"A": 90, "B": 90, "C": 70, "D": 60, "E": 50})
    tally = Tally(voters=5, candidates=("A", "B"), ballots=[Ballot("1", ("B",), 6), Ballot("2", ("B",), 7),
                                                            Ballot("3", ("A",), 8)])
    out = decide(block_with({"ballots": extra["ballots"]}), sheet, [], tally=tally)
    assert out.recommendations.leader == ["B"] and out.recommendations.flag == ["B"]
    b = next(u for u in out.units if u.code == "B")
    assert "được xếp trên theo tiêu chí phụ số phiếu suy tôn (2 so với 1)" in " ".join(b.grounds)
    assert "Được 2/3 phiếu hợp lệ (66,67%)" in " ".join(b.grounds)


def test_tie_without_votes_breaker_stays_undecided():
    block = block_with({"ballots": {"quorum": 0.5}})
    out = decide(block, sheet_of({"A": 90, "B": 90, "C": 70, "D": 60, "E": 50}), [],
                     tally=Tally(voters=5, candidates=("A", "B"), ballots=[Ballot("1", ("B",), 6)]))
    assert out.recommendations.leader == []
    assert [u.for_ for u in out.recommendations.undecided][0] == "leader"
    assert [f.code for f in out.findings] == ["R209"]


def test_rating_gate_on_both_awards_and_on_the_flag_only():
    ratings = {"A": "Hoàn thành xuất sắc nhiệm vụ", "B": "HTXSNV", "C": "Hoàn thành tốt nhiệm vụ"}
    block = block_with({"eligibility": {"require_rating": True, "ratings": ratings}})
    out = decide(block, sheet_of({"A": 80, "B": 90, "C": 95, "D": 70, "E": 60}), [])
    status = {u.code: u.status for u in out.units}
    assert status == {"A": "ok", "B": "ok", "C": "excluded", "D": "excluded", "E": "excluded"}
    assert out.recommendations.leader == ["B"] and out.recommendations.merit == ["A"]
    c = next(u for u in out.units if u.code == "C")
    assert c.reasons[0].startswith("Xếp loại \"Hoàn thành tốt nhiệm vụ\", chưa đạt")
    assert sorted((f.code, f.unit) for f in out.findings) == [("R301", "D"), ("R301", "E"), ("R302", "C")]
    # template ratings count when the config has none for the unit
    out = decide(block, sheet_of({"A": 80, "B": 90, "C": 95, "D": 70, "E": 60}), [],
                     template_ratings={"D": "hoàn thành xuất sắc nhiệm vụ"})
    assert next(u for u in out.units if u.code == "D").status == "ok"
    flag_only = block_with({"eligibility": {"require_rating": True, "awards": ["flag"], "ratings": ratings}})
    out = decide(flag_only, sheet_of({"A": 80, "B": 90, "C": 95, "D": 70, "E": 60}), [])
    rec = out.recommendations
    assert rec.flag == [] and rec.leader == [] and [(u.units, u.for_) for u in rec.undecided] == [(["C"], "flag")]
    assert rec.merit == ["B", "A"]


# --- properties: awards stay consistent whatever the scores, votes and order -------------------

@settings(max_examples=120, deadline=None)
@given(st.lists(st.integers(min_value=50, max_value=100), min_size=6, max_size=6),
       st.lists(st.sampled_from("ABCDEF"), max_size=6), st.integers(0, 3), st.booleans(),
       st.sampled_from([0.3, 0.5, None]), st.randoms())
def test_quotas_and_exclusive_awards(scores, votes, merit_count, votes_break, fraction, rnd):
    units = ("A", "B", "C", "D", "E", "F")
    extra = {"ballots": {"tie_breaker": votes_break, "quorum": 0.5}}
    block = dataclasses.replace(small_block(units=units, merit_count=merit_count, merit_fraction=fraction),
                                extra=extra)
    finals = dict(zip(units, map(float, scores)))
    tally = Tally(voters=6, candidates=units, ballots=[Ballot(str(i), (v,), i) for i, v in enumerate(votes)])
    out = decide(block, sheet_of(finals), [], tally=tally)
    rec = out.recommendations
    quota = block.awards.merit.quota(len(units))
    assert len(rec.flag) <= block.awards.flag.count and len(rec.merit) <= quota
    assert not set(rec.flag) & set(rec.merit) and len(set(rec.merit)) == len(rec.merit)
    for u in out.units:
        assert (u.award == "flag") == (u.code in rec.flag) and (u.award == "merit") == (u.code in rec.merit)
        assert not (u.award and u.undecided_for)
    assert set(rec.leader) <= set(rec.flag) or not rec.leader
    decided = set(rec.flag) | set(rec.merit) | {c for x in rec.undecided for c in x.units}
    assert all(c in units for c in decided)
    # permuting the units' order in the input never changes the outcome
    items = list(finals.items())
    rnd.shuffle(items)
    again = decide(block, sheet_of(dict(items)), [], tally=tally)
    assert again.recommendations.to_json() == rec.to_json()
    assert [(u.code, u.rank, u.final_score) for u in again.units] == [(u.code, u.rank, u.final_score) for u in out.units]


# --- the full cycle ---------------------------------------------------------------------------

REVIEW_TOML = """
[review]
verification = true

[ballots]
quorum = "2/3"
required_share = "more_than_half"
tie_breaker = true

[eligibility]
require_rating = true
[eligibility.ratings]
SYT = "Hoàn thành xuất sắc nhiệm vụ"
STTTT = "Hoàn thành xuất sắc nhiệm vụ"
SGDDT = "Hoàn thành xuất sắc nhiệm vụ"
SLDTBXH = "Hoàn thành xuất sắc nhiệm vụ"
SKHCN = "Hoàn thành tốt nhiệm vụ"
SVHTTDL = "Hoàn thành xuất sắc nhiệm vụ"
DPTTH = "Hoàn thành xuất sắc nhiệm vụ"
BDT = "Hoàn thành xuất sắc nhiệm vụ"
BHXH = "Hoàn thành xuất sắc nhiệm vụ"
CDBK = "Hoàn thành xuất sắc nhiệm vụ"

[rotation]
rule = "leader_becomes_deputy"
"""
FACTORS = {"SGDDT": 0.97, "SYT": 0.95, "STTTT": 0.93, "SLDTBXH": 0.92, "SKHCN": 0.91,
           "SVHTTDL": 0.90, "DPTTH": 0.88, "BDT": 0.86, "BHXH": 0.84, "CDBK": 0.80}


def fill_template(path, block, unit, factor, out):
    wb = openpyxl.load_workbook(path)
    meta = wb["_meta"]
    rows = list(meta.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "criterion_code")
    for code, sheet, cell, mx, kind, ev in rows[start + 1:]:
        if code is None or code in block.unit(unit).not_applicable:
            continue
        wb[sheet][cell].value = round(mx * factor, 2) if kind == "score" else 0
        wb[sheet][ev].value = f"Báo cáo số 1/BC-{unit}"
    wb.save(out)


@pytest.fixture
def demo_cycle(tmp_path):
    from processor.config.block import load_block
    from processor.report.template import write_templates

    toml = tmp_path / "block.toml"
    demo = Path("demo/block.toml").read_text(encoding="utf-8")
    demo = demo[:demo.index("# --- Thẩm định và luân phiên Khối trưởng ---")]   # this test states its own
    toml.write_text(demo + REVIEW_TOML, encoding="utf-8")
    block = load_block(toml)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in write_templates(block, tmp_path / "templates"):
        unit = next((u for u in block.unit_codes if path.stem.endswith("-" + u)), None)
        if unit:
            fill_template(path, block, unit, FACTORS[unit], inbox / f"{unit}.xlsx")
    return block, inbox, tmp_path


def test_full_cycle(demo_cycle):
    block, inbox, tmp = demo_cycle
    cfg = parse_review(block.extra, block.unit_codes)
    outcome = consolidate(block, inbox)
    assert {u.code: u.final_score for u in outcome.units}["SGDDT"] == 97.0
    # the chair verifies: SGDDT's I.1 (19.4 of 20) is cut to 15, with a reason
    vpath = write_verification_workbook(block, SimpleNamespace(units=outcome.units), tmp / "tham-dinh.xlsx", CREATED)
    wb = openpyxl.load_workbook(vpath)
    for row in wb[VERIFY_SHEET].iter_rows(min_row=6):
        if (row[1].value, row[3].value) == ("SGDDT", "I.1"):
            assert row[6].value == 19.4
            row[9].value, row[10].value = 15, "Chỉ tiêu tuyển sinh chưa đạt"
    wb.save(inbox / "tham-dinh-da-sua.xlsx")             # dropped into the inbox
    outcome = consolidate(block, inbox)
    findings = outcome.findings
    finals = {u.code: u.final_score for u in outcome.units}
    assert finals["SGDDT"] == 92.6                       # 97 − 4.4 (the full base is 100)
    assert outcome.review.verification_file == "tham-dinh-da-sua.xlsx"
    assert not [f for f in findings if f.severity == "error"], [f.message() for f in findings if f.severity == "error"]
    # ballots for the eligible candidates (flag minimum 90; SKHCN is rated below the gate)
    ballot, tally_path = write_ballots(block, SimpleNamespace(units=outcome.units), tmp / "out", CREATED, cfg.ballots)
    wb = openpyxl.load_workbook(tally_path)
    ws = wb[TALLY_SHEET]
    keys = {c.value: c.column for c in ws[4]}
    assert [k for k in keys if k not in ("ballot", "returned", "note")] == ["SYT", "STTTT", "SGDDT", "SLDTBXH", "SVHTTDL"]
    choices = ["SYT"] * 6 + ["STTTT"] * 2 + [("SYT", "SGDDT")]       # 9 of 10 returned, one invalid
    for i, choice in enumerate(choices):
        ws.cell(6 + i, keys["returned"]).value = "x"
        for c in (choice if isinstance(choice, tuple) else (choice,)):
            ws.cell(6 + i, keys[c]).value = "x"
    wb.save(inbox / "kiem-phieu.xlsx")
    outcome = consolidate(block, inbox)
    rec = outcome.recommendations
    assert rec.leader == ["SYT"] and rec.flag == ["SYT"]
    assert rec.second == ["STTTT"] and rec.third == ["SGDDT"]
    assert rec.merit == ["STTTT", "SGDDT", "SLDTBXH", "SVHTTDL"]      # SKHCN excluded by its rating
    syt = next(u for u in outcome.units if u.code == "SYT")
    assert "Được 6/8 phiếu hợp lệ (75%), đạt tỷ lệ trên một nửa" in " ".join(syt.grounds)
    skhcn = next(u for u in outcome.units if u.code == "SKHCN")
    assert skhcn.status == "excluded" and "Hoàn thành tốt nhiệm vụ" in skhcn.reasons[0]
    tally = outcome.review.tally
    assert (tally.cast, tally.valid, tally.invalid, tally.votes["SYT"]) == (9, 8, 1, 6)
    rot = outcome.review.rotation
    assert (rot.chair, rot.deputy) == ("SLDTBXH", "SYT")
    roles = {s.file: (s.role, s.status) for s in outcome.sources}
    assert roles["kiem-phieu.xlsx"] == ("tally", "used")
    assert roles["tham-dinh-da-sua.xlsx"] == ("verification", "used")
    # the review sheets: written, and every formula agrees with the tool's figures
    result = outcome
    path = write_review_workbook(tmp / "review.xlsx", result, outcome.review)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Thẩm định điểm", "Kiểm phiếu suy tôn"]
    ws = book["Thẩm định điểm"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert ["SGDDT", "I.1"] == [r for r in rows if r[0] == "SGDDT"][0][:2]
    js = outcome.review.to_json()
    assert js["ballots"]["votes"]["SYT"] == 6 and js["verification"]["changes"][0]["verified"] == 15.0
    from tests.support.libreoffice import disagreements, recalculate, soffice_available, uno_available
    if soffice_available() and uno_available():
        cells = recalculate(path)
        assert not disagreements(cells), disagreements(cells)
        assert cells["Kiểm phiếu suy tôn"]
    # through the report's extra_sheets hook, with the report's shared styles
    writer = pytest.importorskip("processor.report.writer")
    full = writer.write_report(result, tmp / "report", extra_sheets=review_sheets(outcome.review))
    names = openpyxl.load_workbook(full, read_only=True).sheetnames
    assert {"Thẩm định điểm", "Kiểm phiếu suy tôn"} <= set(names)


def write_review_workbook(path, result, review, lang="vi"):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    for write in review_sheets(review):
        write(wb, None, result, lang)
    wb.close()
    return path


@pytest.mark.libreoffice
def test_cross_sheet_formulas_recalculate_to_the_same_figures(tmp_path):
    """Every figure on the review sheets can be recomputed: LibreOffice recalculates the formulas
    and gets exactly the tool's values."""
    from tests.support.libreoffice import disagreements, recalculate, require_soffice

    require_soffice(uno=True)
    for method in ("mean", "median", "trimmed_mean"):
        extra = {"review": {"verification": True},
                 "cross_scoring": {"aggregation": method, "granularity": "section"},
                 "ballots": {"quorum": 0.5}}
        block = block_with(extra)
        sheet = sheet_of({"A": 80.5, "B": 90.25, "C": 70, "D": 60, "E": 50})
        cross = {s: {t: {"I": 40 + (ord(s) * 7 + ord(t) * 3) % 37, "II": (ord(s) + ord(t)) % 19}
                     for t in "ABCDE" if t != s} for s in "ABCDE"}
        tally = Tally(voters=5, candidates=("A", "B", "C"),
                      ballots=[Ballot("1", ("B",), 6), Ballot("2", ("B",), 7), Ballot("3", ("A", "B"), 8)])
        out = decide(block, sheet, [], cross_collected=cross, tally=tally)
        result = Result(block=block, units=out.units, recommendations=out.recommendations, findings=[],
                        sources=[], created=CREATED)
        path = write_review_workbook(tmp_path / f"{method}.xlsx", result, out.review)
        cells = recalculate(path)
        assert not disagreements(cells, tol=1e-9), disagreements(cells)
        assert sum(len(v) for v in cells.values()) > 20


def test_ballots_command(demo_cycle):
    from click.testing import CliRunner

    from processor.cli.review import ballots

    block, inbox, tmp = demo_cycle
    result = CliRunner().invoke(ballots, ["--config", str(tmp / "block.toml"), "--inbox", str(inbox),
                                          "--out", str(tmp / "out"), "--created", "2021-01-04T08:00:00"])
    assert result.exit_code == 0, result.output
    assert (tmp / "out" / "phieu-suy-ton-bk-vhxh-2020.xlsx").exists()
    assert "kiem-phieu-bk-vhxh-2020.xlsx" in result.output
    bad = CliRunner().invoke(ballots, ["--config", str(tmp / "nope.toml"), "--inbox", str(inbox)])
    assert bad.exit_code == 2


def test_two_forms_from_one_sheet_conflict_and_a_later_sheet_settles_it(demo_cycle):
    """Two copies of one verification sheet with different scores for one cell: a conflict at
    both files, whatever their times; the sheet the next run writes (knowing both) settles it
    and sets both aside."""
    import os

    block, inbox, tmp = demo_cycle
    first = consolidate(block, inbox)
    vpath = write_verification_workbook(block, first, tmp / "tham-dinh.xlsx", CREATED)

    def fill(src, name, verified, when):
        wb = openpyxl.load_workbook(src)
        for row in wb[VERIFY_SHEET].iter_rows(min_row=6):
            if (row[1].value, row[3].value) == ("SGDDT", "I.1"):
                row[9].value, row[10].value = verified, "Chỉ tiêu chưa đạt"
        wb.save(inbox / name)
        os.utime(inbox / name, (when, when))

    fill(vpath, "cu.xlsx", 10, 1_600_000_000)
    fill(vpath, "moi.xlsx", 15, 1_600_100_000)
    result = consolidate(block, inbox)
    conflicts = sorted((f.file, f.cell, f.severity) for f in result.findings if f.code == "R011")
    assert [c[0] for c in conflicts] == ["cu.xlsx", "moi.xlsx"] and {c[2] for c in conflicts} == {"error"}
    assert result.unit("SGDDT").status == "invalid" and result.provisional
    assert result.unit("SGDDT").scores["I.1"] == 19.4          # neither value is applied
    # the sheet written now leaves that cell blank and says why; filled there, it settles
    again = write_verification_workbook(block, result, tmp / "lan-2.xlsx", CREATED)
    ws = openpyxl.load_workbook(again)[VERIFY_SHEET]
    row = next(r for r in ws.iter_rows(min_row=6) if (r[1].value, r[3].value) == ("SGDDT", "I.1"))
    assert row[9].value is None and "chưa thống nhất" in row[8].value
    assert "10 (cu.xlsx)" in row[8].value and "15 (moi.xlsx)" in row[8].value
    fill(again, "lan-2.xlsx", 12, 1_599_000_000)              # even with the oldest file time
    result = consolidate(block, inbox)
    assert result.unit("SGDDT").scores["I.1"] == 12.0 and result.unit("SGDDT").status != "invalid"
    status = {s.file: (s.role, s.status, s.note) for s in result.sources if s.role != "submission"}
    assert status == {"cu.xlsx": ("verification", "superseded", "lan-2.xlsx"),
                      "moi.xlsx": ("verification", "superseded", "lan-2.xlsx"),
                      "lan-2.xlsx": ("verification", "used", "")}
    assert result.review.verification_file == "lan-2.xlsx"
    replaced = sorted((f.file, f.params["old"]) for f in result.findings if f.code == "R013")
    assert replaced == [("cu.xlsx", "10"), ("moi.xlsx", "15")]
