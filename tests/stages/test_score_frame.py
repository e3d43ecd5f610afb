"""The batch's scores as one frame: what validate builds, the dict views the review reads, the
replacement verification makes, and the frame's size at 10,000 units."""
from __future__ import annotations

import dataclasses
import math
from datetime import datetime

import pandas as pd

from processor.model import ScoreCell, Source, Submission
from processor.stages.scores import COLUMNS, score_sheet
from processor.stages.scoring import score_units, totals_frame
from processor.stages.validate import validate
from tests.support.blocks import small_block

FIGURES = {"I.1": 50.0, "I.2": 15.0, "II.1": 10.0, "B.1": 1.0, "D.1": 0.5}


def submission(unit, figures, *, received=datetime(2020, 12, 1), cached_total=None, skip=()):
    cells = {code: ScoreCell(code, v, "Tự chấm điểm", f"D{10 + i}",
                             evidence=f"BC {unit}" if i == 0 else "")
             for i, (code, v) in enumerate(figures.items()) if code not in skip}
    source = Source(file=f"{unit}.xlsx", sha256=unit, size=1, received=received, unit=unit)
    return Submission(source=source, sheet="Tự chấm điểm", cells=cells, cached_total=cached_total,
                      total_cell="D20")


def test_validate_builds_one_frame_a_row_per_unit_and_criterion():
    block = small_block(not_applicable={"C": ["II.1"]})
    subs = [submission("A", FIGURES), submission("C", {**FIGURES, "II.1": "không áp dụng"}),
            submission("B", FIGURES, skip=("I.2",))]
    sheet, findings = validate(block, subs)
    frame = sheet.frame
    assert tuple(frame.columns) == COLUMNS
    assert frame["unit"].tolist() == [u for u in "ABC" for _ in range(5)]     # block order; D, E sent none
    assert frame["criterion"].tolist() == ["I.1", "I.2", "II.1", "B.1", "D.1"] * 3
    assert frame["section"].tolist()[:5] == ["I", "I", "II", "B", "D"]
    assert frame["kind"].tolist()[:5] == ["score", "score", "score", "bonus", "deduction"]
    assert frame["max"].tolist()[:5] == [60.0, 20.0, 20.0, 5.0, 5.0]
    row = frame.set_index(["unit", "criterion"])
    assert not row.loc[("C", "II.1"), "applicable"] and math.isnan(row.loc[("C", "II.1"), "value"])
    assert row["applicable"].sum() == 14
    assert pd.isna(row.loc[("B", "I.2"), "cell"]) and math.isnan(row.loc[("B", "I.2"), "value"])
    assert row.loc[("A", "I.1"), ["file", "sheet", "cell", "evidence"]].tolist() == [
        "A.xlsx", "Tự chấm điểm", "D10", "BC A"]
    assert {f.code for f in findings if f.unit == "B"} == {"M005"}
    assert sheet.values["B"]["I.2"] is None and "I.2" not in sheet.origin["B"]
    assert sheet.evidence["A"] == {"I.1": "BC A", "I.2": "", "II.1": "", "B.1": "", "D.1": ""}


def test_the_cached_total_is_checked_before_the_late_deduction():
    block = dataclasses.replace(small_block(), deadline=datetime(2020, 12, 20, 17),
                                late_deduction=("D.1", 1.5))
    late = datetime(2020, 12, 22, 9)
    own = 50 + 15 + 10 + 1 - 0.5          # what the unit's workbook computed, before the deduction
    sheet, findings = validate(block, [submission("A", FIGURES, received=late, cached_total=own),
                                       submission("B", FIGURES, received=late, cached_total=own + 1)])
    assert [(f.code, f.unit) for f in findings if f.code in ("V004", "S004")] == [
        ("S004", "A"), ("V004", "B"), ("S004", "B")]
    v004 = next(f for f in findings if f.code == "V004")
    assert v004.params["computed"] == "75,50" and v004.cell == "D20"
    assert sheet.values["A"]["D.1"] == 1.5 and sheet.values["B"]["D.1"] == 1.5


def test_views_read_the_frame_back_as_the_dicts_it_was_built_from():
    block = small_block()
    values = {"A": dict(FIGURES), "D": {**FIGURES, "I.2": None}}
    origin = {"A": {c: ("A.xlsx", "S", f"D{i}") for i, c in enumerate(FIGURES)},
              "D": {"I.1": ("D.xlsx", "S", "D1")}}
    evidence = {"A": {"I.1": "x"}, "D": {}}
    sheet = score_sheet(block, values, origin, evidence)
    assert sheet.values == values and sheet.origin == origin and sheet.evidence == evidence
    assert list(sheet.values) == ["A", "D"]


def test_replace_puts_new_figures_and_origins_over_the_frame_and_leaves_it_alone():
    block = small_block()
    origin = {u: {c: (f"{u}.xlsx", "S", f"D{i}") for i, c in enumerate(FIGURES)} for u in "AB"}
    sheet = score_sheet(block, {u: dict(FIGURES) for u in "AB"}, origin)
    values, where = sheet.values, sheet.origin
    values["B"]["I.1"] = 40.0
    where["B"]["I.1"] = ("tham-dinh.xlsx", "Thẩm định", "J11")
    changed = dataclasses.replace(sheet, values=values, origin=where)
    assert changed.values == values and changed.origin == where
    assert sheet.values["B"]["I.1"] == 50.0 and sheet.origin["B"]["I.1"] == ("B.xlsx", "S", "D0")
    for column in ("unit", "criterion", "file", "sheet", "cell", "evidence"):
        assert isinstance(changed.frame[column].dtype, pd.CategoricalDtype), column
    assert changed.frame["value"].dtype == "float64"
    diff = (changed.frame["value"] != sheet.frame["value"]).sum()
    assert diff == 1


def test_ten_thousand_units_take_a_few_mib():
    """Categorical text columns: about 30 bytes a row, and each distinct text once (a unit's code,
    file and evidence here); a column of Python strings would add some 60 bytes a cell."""
    units = tuple(f"DV{i:05d}" for i in range(10_000))
    block = small_block(units=units)
    sheet = score_sheet(block, {u: dict(FIGURES) for u in units},
                        {u: {c: (f"{u}.xlsx", "Tự chấm điểm", f"D{10 + i}")
                             for i, c in enumerate(FIGURES)} for u in units},
                        {u: {"I.1": f"Báo cáo số {u}", "I.2": ""} for u in units})
    frame = sheet.frame
    assert len(frame) == 50_000
    assert frame.memory_usage(deep=True).sum() < 100 * len(frame)          # 5 MB


def test_a_batch_where_no_unit_sent_a_sheet_scores_every_unit_missing():
    block = small_block()
    sheet = dataclasses.replace(score_sheet(block, {}), values={}, origin={})
    assert len(sheet.frame) == 0 and sheet.frame["value"].dtype == "float64"
    assert sheet.values == {} and sheet.origin == {}
    units = score_units(block, sheet, [])
    assert [u.status for u in units] == ["missing"] * len(block.units)
    assert totals_frame(block, sheet).empty
