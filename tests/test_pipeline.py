"""End to end through the pipeline, on workspaces of real templates filled through _meta."""
import random
from datetime import datetime

import pandas as pd
import pytest

from processor.pipeline import consolidate, consolidate_submissions
from processor.intake import intake
from tests.support.workspace import Workspace, base_scores


@pytest.fixture
def ws(tmp_path):
    return Workspace(tmp_path)


def codes(result, unit=None):
    return sorted(f.code for f in result.findings if unit is None or f.unit == unit)


def test_clean_inbox_gives_a_final_result(ws):
    ws.submit_all()
    r = consolidate(ws.block, ws.inbox)
    assert not r.provisional and r.received == 10
    assert [f for f in r.findings if f.severity == "error"] == []
    assert r.recommendations.flag == ["SKHCN"]          # highest level in submit_all
    assert r.recommendations.merit == ["STTTT", "SGDDT", "SYT", "SLDTBXH"]
    cdbk = r.unit("CDBK")
    # II.1 and III.2 are not applicable: 86 applicable points, normalized to 100
    assert cdbk.applicable_max == 86 and cdbk.scores["II.1"] is None


def test_final_score_is_computed_from_the_cells(ws):
    scores = base_scores(ws.block, "SYT", 0.9)
    scores.update({"I.1": 17.5, "VII.1": 2, "VIII.2": 1})
    ws.submit("SYT", scores)
    r = consolidate(ws.block, ws.inbox)
    base = sum(v for k, v in scores.items() if ws.block.criterion(k).kind == "score")
    assert r.unit("SYT").final_score == round(base + 2 - 1, 2)
    assert r.unit("SYT").origin["I.1"][1:] == ("Tự chấm điểm", "D12")


@pytest.mark.parametrize("value, code", [(25, "V001"), ("tám", "V106"), (None, "V003"), (-1, "V105")])
def test_bad_values_are_errors_with_their_cell(ws, value, code):
    scores = base_scores(ws.block, "SYT")
    scores["I.1"] = value
    ws.submit("SYT", scores)
    r = consolidate(ws.block, ws.inbox)
    found = [f for f in r.findings if f.code == code]
    assert found and found[0].unit == "SYT" and found[0].cell == "D12" and found[0].sheet == "Tự chấm điểm"
    assert found[0].file == "SYT.xlsx"
    assert r.unit("SYT").status == "invalid" and not r.unit("SYT").eligible


def test_decimal_comma_text_is_read(ws):
    scores = base_scores(ws.block, "SYT")
    scores["I.1"] = "17,5"
    ws.submit("SYT", scores)
    r = consolidate(ws.block, ws.inbox)
    assert r.unit("SYT").scores["I.1"] == 17.5


@pytest.mark.parametrize("meta, code", [({"block_id": "khac"}, "M002"), ({"year": "2019"}, "M003"),
                                        ({"criteria_hash": "0000"}, "M004")])
def test_template_of_another_block_year_or_criteria(ws, meta, code):
    ws.submit("SYT", meta=meta)
    r = consolidate(ws.block, ws.inbox)
    assert code in codes(r, "SYT") and r.unit("SYT").status == "invalid"


def test_unknown_unit_and_missing_units(ws):
    ws.submit("SYT", meta={"unit_code": "XYZ"})
    r = consolidate(ws.block, ws.inbox)
    assert "U002" in codes(r)
    assert r.unit("SYT").status == "missing"       # the file named no member: nothing guessed
    assert sum(f.code == "U003" for f in r.findings) == 10
    assert r.provisional


def test_newest_submission_wins_and_the_other_is_superseded(ws):
    ws.submit("SYT", level=0.7, name="SYT lan 1.xlsx", received=datetime(2020, 12, 10, 8))
    ws.submit("SYT", level=0.9, name="SYT lan 2.xlsx", received=datetime(2020, 12, 12, 8))
    r = consolidate(ws.block, ws.inbox)
    status = {s.file: s.status for s in r.sources}
    assert status == {"SYT lan 1.xlsx": "superseded", "SYT lan 2.xlsx": "used"}
    assert r.unit("SYT").file == "SYT lan 2.xlsx"
    assert [f.file for f in r.findings if f.code == "S001"] == ["SYT lan 1.xlsx"]


def test_an_error_in_a_superseded_file_does_not_count(ws):
    bad = base_scores(ws.block, "SYT")
    bad["I.1"] = 99
    ws.submit("SYT", bad, name="old.xlsx", received=datetime(2020, 12, 10))
    ws.submit("SYT", name="new.xlsx", received=datetime(2020, 12, 11))
    r = consolidate(ws.block, ws.inbox)
    assert r.unit("SYT").status == "ok"
    assert not [f for f in r.findings if f.severity == "error" and f.unit == "SYT"]  # old values not judged


def test_late_file_is_warned(ws):
    ws.submit("SYT", received=datetime(2020, 12, 21, 9))
    r = consolidate(ws.block, ws.inbox)
    late = [f for f in r.findings if f.code == "S003"]
    assert late and late[0].severity == "warning" and "20/12/2020" in late[0].message()


def test_score_on_not_applicable_is_ignored_with_a_warning(ws):
    scores = base_scores(ws.block, "CDBK")
    scores["II.1"] = 5
    ws.submit("CDBK", scores)
    r = consolidate(ws.block, ws.inbox)
    assert "V005" in codes(r, "CDBK") and r.unit("CDBK").scores["II.1"] is None


def test_the_order_of_files_never_changes_the_result(ws):
    ws.submit_all()
    sources, subs, found = intake(ws.inbox, ws.block)
    first = consolidate_submissions(ws.block, sources, subs, found).to_json()
    for seed in range(3):
        sources, subs, found = intake(ws.inbox, ws.block)
        random.Random(seed).shuffle(subs)
        random.Random(seed).shuffle(sources)
        assert consolidate_submissions(ws.block, sources, subs, found).to_json() == first


def test_not_a_spreadsheet_is_reported_and_the_batch_goes_on(ws):
    ws.submit_all()
    (ws.inbox / "thu.xlsx").write_bytes(b"xin chao, day khong phai bang tinh")
    r = consolidate(ws.block, ws.inbox)
    bad = [f for f in r.findings if f.file == "thu.xlsx"]
    assert bad and bad[0].severity == "error"
    assert r.received == 10 and r.recommendations.flag
    assert {s.file: s.status for s in r.sources}["thu.xlsx"] == "rejected"


def test_configured_late_deduction_is_applied(tmp_path):
    from processor.config.block import load_block
    from tests.support.workspace import DEMO_CONFIG

    config = tmp_path / "block.toml"
    config.write_text(DEMO_CONFIG.read_text(encoding="utf-8").replace(
        'deadline = 2020-12-20T17:00:00', 'deadline = 2020-12-20T17:00:00\n'
        'late_deduction = { criterion = "VIII.2", points = 1.5 }'), encoding="utf-8")
    ws = Workspace(tmp_path, load_block(config))
    ws.submit("SYT", received=datetime(2020, 12, 22, 9))
    ws.submit("BDT", received=datetime(2020, 12, 19, 9))
    r = consolidate(ws.block, ws.inbox)
    assert r.unit("SYT").deduction == 1.5 and r.unit("BDT").deduction == 0
    assert r.unit("SYT").final_score == r.unit("BDT").final_score - 1.5
    s004 = [f for f in r.findings if f.code == "S004"]
    assert len(s004) == 1 and s004[0].unit == "SYT" and s004[0].cell == "D38"
    scores = r.scores_frame().set_index(["unit", "criterion"])["value"]
    assert scores["SYT", "VIII.2"] == 1.5 and scores["BDT", "VIII.2"] == 0.0


def test_the_result_carries_one_score_frame_in_the_block_order(ws):
    ws.submit_all()
    ws.submit("SYT", {**base_scores(ws.block, "SYT"), "I.1": "tám"})     # one unusable figure
    r = consolidate(ws.block, ws.inbox)
    frame = r.scoresheet.frame
    units = [c for c in ws.block.unit_codes]
    assert frame["unit"].tolist() == [u for u in units for _ in ws.block.criteria]
    assert frame["criterion"].tolist() == [c.code for c in ws.block.criteria] * len(units)
    syt = frame[(frame["unit"] == "SYT") & (frame["criterion"] == "I.1")].iloc[0]
    assert pd.isna(syt["value"]) and syt["cell"] == "D12" and syt["file"] == "SYT.xlsx"
    assert r.unit("SYT").final_score is None and r.unit("SYT").rank is None
    ranked = sorted((u for u in r.units if u.rank is not None), key=lambda u: u.rank)
    assert [u.final_score for u in ranked] == sorted((u.final_score for u in ranked), reverse=True)


def test_the_score_views_are_made_a_few_times_per_batch_not_once_per_unit(ws, monkeypatch):
    # ScoreSheet.values / origin / evidence rebuild nested dicts from the whole frame at each
    # access: read once per unit, they make a batch quadratic in its units
    from processor.model import ScoreSheet

    reads = {"values": 0, "origin": 0, "evidence": 0}
    for name in reads:
        view = getattr(ScoreSheet, name)

        def counted(self, view=view, name=name):
            reads[name] += 1
            return view.fget(self)
        monkeypatch.setattr(ScoreSheet, name, property(counted))
    ws.submit_all()
    r = consolidate(ws.block, ws.inbox)
    assert r.received == 10 and reads["values"] >= 1
    assert max(reads.values()) <= 3, reads
