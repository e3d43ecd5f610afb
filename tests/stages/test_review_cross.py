"""Cross-scoring: the sheet, reading it back (intake's records, the stage's judgement), the
aggregation rules, the combination."""
import dataclasses
import math
from datetime import datetime

import pytest
import xlsxwriter
from hypothesis import given, settings, strategies as st

from processor.config.review import CrossConfig
from processor.intake import read_one
from processor.model import CROSS_SHEET, Source
from processor.report.cross_form import write_cross_sheet
from processor.stages.cross import aggregate, combine, cross_scores, cross_values
from tests.support.blocks import small_block


def test_mean_median_trimmed_by_hand():
    m = {"A": {"B": 80, "C": 70}, "B": {"A": 90, "C": 60}, "C": {"A": 70, "B": 100},
         "D": {"A": 50, "B": 90, "C": 65}}
    mean, f = aggregate(m, "mean")
    assert mean == {"A": 70.0, "B": 90.0, "C": 65.0} and not f
    median, _ = aggregate(m, "median")
    assert median == {"A": 70.0, "B": 90.0, "C": 65.0}
    trimmed, f = aggregate(m, "trimmed_mean")
    # A: 90, 70, 50 -> 70; B: 80, 100, 90 -> 90; C: 70, 60, 65 -> 65
    assert trimmed == {"A": 70.0, "B": 90.0, "C": 65.0} and not f
    m["E"] = {"A": 10}
    assert aggregate(m, "trimmed_mean")[0]["A"] == 60.0      # (90 + 70 + 50 + 10) minus 90 and 10 → 60


def test_trim_needs_three_scores():
    out, f = aggregate({"A": {"B": 80}, "C": {"B": 60}}, "trimmed_mean")
    assert out == {"B": 70.0}
    assert [(x.code, x.unit, x.params["n"]) for x in f] == [("R106", "B", 2)]


def test_self_scores_and_blanks_ignored():
    out, _ = aggregate({"A": {"A": 100, "B": None, "C": 50}, "B": {"C": 70}}, "mean")
    assert out == {"C": 60.0}


def test_standardized_by_hand():
    # scorer S1 is harsh (50, 60, 70), S2 generous (80, 90, 100): same order, same spread.
    m = {"S1": {"A": 50, "B": 60, "C": 70}, "S2": {"A": 80, "B": 90, "C": 100}}
    out, f = aggregate(m, "standardized")
    # pooled mean 75, pooled sd = sqrt(mean of squares of (-25,-15,-5,5,15,25)) = sqrt(1750/6)
    sd = math.sqrt(1750 / 6)
    z = 10 / math.sqrt(200 / 3)          # each scorer: sd = sqrt(200/3), z = -1.2247, 0, 1.2247
    assert out["A"] == pytest.approx(75 - z * sd) and out["B"] == pytest.approx(75)
    assert out["C"] == pytest.approx(75 + z * sd) and not f


def test_standardization_skipped_with_reason():
    m = {"S1": {"A": 50, "B": 60}, "S2": {"A": 80, "B": 80, "C": 80}, "S3": {"A": 1, "B": 2, "C": 3}}
    _, f = aggregate(m, "standardized")
    why = {x.params["scorer"]: x.params["why"] for x in f}
    assert set(why) == {"S1", "S2"}
    assert "chỉ chấm 2 đơn vị" in why["S1"] and "độ lệch chuẩn bằng 0" in why["S2"]
    assert all(x.code == "R105" and x.severity == "info" for x in f)


def test_combine():
    assert combine(90.0, 80.0, (0.7, 0.3)) == 87.0
    assert combine(88.55, 71.0, CrossConfig(enabled=True, self_weight=0.7, cross_weight=0.3)) == 83.29
    assert combine(90.0, None, (0.7, 0.3)) == 90.0
    assert combine(None, 80.0, (0.7, 0.3)) is None
    assert combine(80.005, 80.005, (0.5, 0.5)) == 80.01       # half away from zero, as ROUND


def test_cross_scores_per_section_sum_of_rounded_parts():
    block = small_block(units=("A", "B", "C"))
    collected = {"A": {"B": {"I": 70, "II": 15}, "C": {"I": 60, "II": 10}},
                 "B": {"A": {"I": 75, "II": 20}, "C": {"I": 61, "II": 11}},
                 "C": {"A": {"I": 65, "II": None}, "B": {"I": 71, "II": 16}}}
    cfg = CrossConfig(enabled=True, granularity="section", aggregation="mean", self_weight=0.5,
                      cross_weight=0.5)
    out, f = cross_scores(block, collected, cfg)
    assert out.parts == ["I", "II"] and out.maxima == {"I": 80.0, "II": 20.0}
    assert out.aggregates["A"] == {"I": 70.0, "II": 20.0}
    assert out.aggregates["C"] == {"I": 60.5, "II": 10.5}
    assert out.totals == {"A": 90.0, "B": 86.0, "C": 71.0}
    assert not f


def test_unit_without_cross_scores():
    block = small_block(units=("A", "B", "C"))
    out, f = cross_scores(block, {"A": {"B": {"total": 80}}}, CrossConfig(enabled=True))
    assert out.totals == {"A": None, "B": 80.0, "C": None}
    assert sorted((x.code, x.unit) for x in f) == [("R107", "A"), ("R107", "C")]


# --- the sheet --------------------------------------------------------------------------------

def write_sheet(tmp_path, block, unit, granularity, fill):
    path = tmp_path / f"{unit.code if unit else 'blank'}.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    meta = write_cross_sheet(wb, block, unit, granularity)
    wb.close()
    import openpyxl
    book = openpyxl.load_workbook(path)
    ws = book[CROSS_SHEET]
    for row in ws.iter_rows(min_row=6):
        code = row[1].value
        for j, value in enumerate(fill.get(code, ())):
            row[3 + j].value = value
    book.save(path)
    return path, meta


def read_cross(path, block, scorer, *, granularity, file=None):
    """The sheet read back by intake (for a block whose units score each other), then judged."""
    cross_block = dataclasses.replace(block, extra={"cross_scoring": {"granularity": granularity}})
    source = Source(file=path.name, sha256="", size=path.stat().st_size,
                    received=datetime(2020, 12, 1), path=path)
    sub, _ = read_one(source, cross_block)
    return cross_values(sub.cross, block, scorer, granularity=granularity, file=file)


def test_sheet_round_trip_section(tmp_path):
    block = small_block(units=("A", "B", "C", "D"))
    path, meta = write_sheet(tmp_path, block, block.unit("A"), "section",
                             {"B": (70, 15), "C": ("65,5", 30), "D": (None, "abc")})
    assert meta == {"cross_sheet": CROSS_SHEET, "cross_key_row": "4", "cross_granularity": "section"}
    import openpyxl
    ws = openpyxl.load_workbook(path)[CROSS_SHEET]
    own = [r for r in ws.iter_rows(min_row=6) if r[1].value == "A"][0]
    assert own[3].value == "—" and own[3].protection.locked
    other = [r for r in ws.iter_rows(min_row=6) if r[1].value == "B"][0]
    assert not other[3].protection.locked and ws.row_dimensions[4].hidden
    values, f = read_cross(path, block, "A", granularity="section", file="A.xlsx")
    assert values["B"] == {"I": 70.0, "II": 15.0}
    assert values["C"] == {"I": 65.5, "II": None}
    assert values["D"] == {"I": None, "II": None}
    assert sorted((x.code, x.cell) for x in f) == [("R101", "D9"), ("R102", "E8"), ("R104", "E9")]
    assert all(x.unit == "A" and x.file == "A.xlsx" for x in f)


def test_self_score_on_blank_template_and_missing_sheet(tmp_path):
    block = small_block(units=("A", "B", "C"))
    path, _ = write_sheet(tmp_path, block, None, "total", {"A": (90,), "B": (80,), "C": (70,)})
    values, f = read_cross(path, block, "A", granularity="total")
    assert values["A"] == {"total": None} and values["B"] == {"total": 80.0}
    assert [x.code for x in f] == ["R103"]
    other = tmp_path / "no-cross.xlsx"
    wb = xlsxwriter.Workbook(str(other))
    wb.add_worksheet("Tự chấm điểm").write_string(0, 0, "x")
    wb.close()
    values, f = read_cross(other, block, "A", granularity="total")
    assert values == {} and [x.code for x in f] == ["R108"]


def test_cross_scores_are_read_by_the_one_parser(tmp_path):
    """A cross score is read as a self score would be: "8,5 điểm" counts (with the parser's word),
    "1e3" is not a number, "-1" is out of range."""
    block = small_block(units=("A", "B", "C", "D", "E"))
    path, _ = write_sheet(tmp_path, block, block.unit("A"), "total",
                          {"B": ("8,5 điểm",), "C": ("1e3",), "D": ("-1",), "E": ("2.000",)})
    values, f = read_cross(path, block, "A", granularity="total", file="A.xlsx")
    assert values["B"] == {"total": 8.5} and values["E"] == {"total": 2.0}
    assert values["C"] == values["D"] == {"total": None}
    got = sorted((x.code, x.cell, x.severity) for x in f)
    assert got == [("R102", "D9", "warning"), ("R104", "D8", "warning"), ("V101", "D10", "warning"),
                   ("V103", "D7", "warning")]
    v103 = next(x for x in f if x.code == "V103")
    assert v103.unit == "A" and v103.sheet == CROSS_SHEET
    assert v103.message() == ("Giá trị '8,5 điểm' của tiêu chí chấm chéo cho B (tổng điểm) có kèm chữ; "
                              "đã đọc là 8,5.")


# --- properties -------------------------------------------------------------------------------

score = st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 2))
UNITS = ["A", "B", "C", "D", "E", "F"]


@st.composite
def matrices(draw):
    scorers = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=6, unique=True))
    return {s: {t: draw(st.one_of(st.none(), score)) for t in UNITS if t != s} for s in scorers}


@settings(max_examples=150, deadline=None)
@given(matrices(), st.sampled_from(["mean", "median", "trimmed_mean", "standardized"]), st.randoms())
def test_permuting_scorers_never_changes_the_aggregate(m, method, rnd):
    keys = list(m)
    rnd.shuffle(keys)
    shuffled = {k: dict(reversed(list(m[k].items()))) for k in keys}
    a, fa = aggregate(m, method, maximum=100)
    b, fb = aggregate(shuffled, method, maximum=100)
    assert a == b
    assert sorted(x.code + str(x.unit) for x in fa) == sorted(x.code + str(x.unit) for x in fb)


@settings(max_examples=150, deadline=None)
@given(st.lists(score, min_size=3, max_size=10), st.floats(min_value=0, max_value=1000, allow_nan=False),
       st.booleans())
def test_trimmed_mean_ignores_one_extreme_scorer(values, extreme, high):
    """Making one scorer's score more extreme (beyond every other score) never moves the result."""
    m = {f"S{i}": {"X": v} for i, v in enumerate(values)}
    base, _ = aggregate(m, "trimmed_mean")
    ordered = sorted(values)
    outlier = ordered[-1] + extreme if high else ordered[0] - extreme
    target = max(m, key=lambda s: m[s]["X"]) if high else min(m, key=lambda s: m[s]["X"])
    m[target] = {"X": outlier}
    moved, _ = aggregate(m, "trimmed_mean")
    assert moved["X"] == pytest.approx(base["X"], abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(matrices(), st.sampled_from(["mean", "median", "trimmed_mean", "standardized"]))
def test_aggregate_stays_within_the_scale(m, method):
    out, _ = aggregate(m, method, maximum=100)
    assert all(0 <= v <= 100 for v in out.values())
    if method in ("mean", "median", "trimmed_mean"):
        for scored, v in out.items():
            got = [row[scored] for s, row in m.items() if s != scored and row.get(scored) is not None]
            assert min(got) - 1e-9 <= v <= max(got) + 1e-9
