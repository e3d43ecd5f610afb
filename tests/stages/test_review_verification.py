"""Verification round trip: write the form, the chair edits it (openpyxl as a stand-in, and
once through LibreOffice), intake reads it back, the stage judges and applies it; a verified
score is read by the same parser as a self score."""
import hashlib
from datetime import datetime

import openpyxl
import pytest
from hypothesis import example, given, settings, strategies as st

from processor.intake.form_file import read_form_file
from processor.model import (VERIFICATION, VERIFY_SHEET, FormCell, ScoreCell, Source,
                             Submission, VerificationForm, VerificationRow)
from processor.pipeline import decide
from processor.report.verification_form import write_verification_workbook
from processor.stages.scores import score_sheet
from processor.stages.validate import validate
from processor.stages.verification import (Verified, apply_verification, feedback_for_unit,
                                           verification_findings, verified_scores)
from tests.support.blocks import small_block

CREATED = datetime(2021, 1, 4, 8, 0)


def self_sheet(block):
    values = {u: {"I.1": 50.0, "I.2": 15.0, "II.1": 10.0, "B.1": 1.0, "D.1": 0.5} for u in block.unit_codes}
    origin = {u: {c: (f"{u}.xlsx", "Tự chấm điểm", f"D{10 + i}") for i, c in enumerate(values[u])}
              for u in values}
    evidence = {u: {"I.1": f"Báo cáo số 12/BC-{u}", "I.2": "=HYPERLINK(\"x\")"} for u in values}
    return score_sheet(block, values, origin, evidence)


def read_verification(path, block):
    """The form read by intake (as ``consolidate --verification FILE`` reads it) and judged."""
    read = read_form_file(path, VERIFICATION, block)
    return verified_scores(read.form, block, file=read.file, failure=read.failure)


def is_verification_workbook(path, block=None):
    """Intake knows the form by its _meta kind, whatever its name."""
    return read_form_file(path, VERIFICATION, block or small_block()).form is not None


def edit(path, changes):
    """The chair's edits: {(unit, criterion): (verified, reason)}, rows found by their codes."""
    wb = openpyxl.load_workbook(path)
    ws = wb[VERIFY_SHEET]
    for row in ws.iter_rows(min_row=6):
        key = (row[1].value, row[3].value)
        if key in changes:
            row[9].value, row[10].value = changes[key]
    wb.save(path)


@pytest.fixture
def written(tmp_path):
    block = small_block()
    path = write_verification_workbook(block, self_sheet(block), tmp_path / "tham-dinh.xlsx", CREATED)
    return block, path


def test_workbook_layout(written):
    block, path = written
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [VERIFY_SHEET, "_meta"]
    assert wb["_meta"].sheet_state == "veryHidden"
    ws = wb[VERIFY_SHEET]
    assert ws.protection.sheet
    assert [c.value for c in ws[5]][-2:] == ["Điểm thẩm định", "Lý do điều chỉnh"]
    row = ws[6]
    assert [row[1].value, row[3].value, row[6].value] == ["A", "I.1", 50]
    assert row[7].value == "Báo cáo số 12/BC-A" and row[8].value == "A.xlsx › Tự chấm điểm!D10"
    assert not row[9].protection.locked and not row[10].protection.locked
    assert row[6].protection.locked
    assert ws[7][7].data_type == "s"      # a formula-looking evidence stays text
    # data validation 0..max on every verified-score cell
    rules = {str(dv.sqref): (dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}
    assert float(rules["J6"][1]) == 60 and float(rules["J7"][1]) == 20 and rules["J6"][0] == "0"
    assert is_verification_workbook(path)


def test_bytes_are_reproducible(tmp_path):
    block = small_block()
    a = write_verification_workbook(block, self_sheet(block), tmp_path / "a.xlsx", CREATED)
    b = write_verification_workbook(block, self_sheet(block), tmp_path / "b.xlsx", CREATED)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    assert not list(tmp_path.glob(".thidua-*"))


def test_round_trip_with_openpyxl(written):
    block, path = written
    edit(path, {("B", "I.1"): (40, "Thiếu minh chứng kết quả"),
                ("C", "I.2"): ("12,5", None),           # a change without a reason; decimal comma
                ("D", "II.1"): (25, "quá điểm"),        # out of range
                ("E", "I.2"): ("mười", "x"),            # not a number
                ("A", "II.1"): (None, "đã kiểm tra"),   # a reason, no score
                ("A", "I.1"): (50, None)})              # same as the self score: no change
    verified, findings = read_verification(path, block)
    assert verified["B"]["I.1"] == Verified(40.0, "Thiếu minh chứng kết quả", "Thẩm định!J11",
                                            path.name)
    assert verified["C"]["I.2"].verified == 12.5
    assert verified["D"]["II.1"].verified is None and verified["E"]["I.2"].verified is None
    codes = sorted((f.code, f.unit, f.severity) for f in findings)
    # out of range and not a number: the self score's codes, located at the verified cell
    assert codes == [("R001", "C", "warning"), ("R007", "A", "info"), ("V001", "D", "error"),
                     ("V106", "E", "error")]
    v001 = next(f for f in findings if f.code == "V001")
    where = (v001.file, v001.sheet, v001.cell)
    assert where == (path.name, *verified["D"]["II.1"].cell.split("!"))
    assert v001.message() == "Điểm 25 của tiêu chí II.1 ngoài khoảng 0–20."
    sheet, changes = apply_verification(self_sheet(block), verified, path.name)
    assert [(c.unit, c.criterion, c.self_score, c.verified) for c in changes] == [
        ("B", "I.1", 50.0, 40.0), ("C", "I.2", 15.0, 12.5)]
    assert sheet.values["B"]["I.1"] == 40.0 and sheet.values["A"]["I.1"] == 50.0
    assert sheet.origin["B"]["I.1"] == (path.name, "Thẩm định", "J11")
    assert self_sheet(block).values["B"]["I.1"] == 50.0          # input not modified
    info = verification_findings(changes)
    assert [f.code for f in info] == ["R008", "R008"] and "Thiếu minh chứng" in info[0].message()


def test_rows_found_by_codes_not_position(written):
    block, path = written
    wb = openpyxl.load_workbook(path)
    ws = wb[VERIFY_SHEET]
    ws.insert_rows(6, 3)                         # rows pushed down
    rows = list(ws.iter_rows(min_row=9, values_only=True))
    for r, values in enumerate(reversed(rows), start=9):   # and reversed
        for c, v in enumerate(values, start=1):
            ws.cell(r, c).value = v
    for row in ws.iter_rows(min_row=9):
        if (row[1].value, row[3].value) == ("E", "B.1"):
            row[9].value, row[10].value = 0, "Sáng kiến chưa được công nhận"
    wb.save(path)
    verified, findings = read_verification(path, block)
    assert not findings
    assert verified["E"]["B.1"].verified == 0.0
    assert sum(1 for u in verified for _ in verified[u]) == 25


def test_deleted_row_and_unknown_row(written):
    block, path = written
    wb = openpyxl.load_workbook(path)
    ws = wb[VERIFY_SHEET]
    ws.delete_rows(6)                  # A / I.1 gone
    ws.cell(40, 2).value, ws.cell(40, 4).value = "ZZ", "I.1"
    wb.save(path)
    _, findings = read_verification(path, block)
    assert sorted(f.code for f in findings) == ["R004", "R005"]


def test_other_block_or_not_a_verification_workbook(written, tmp_path):
    block, path = written
    other = small_block(units=("A", "B", "C", "D", "X"))
    object.__setattr__(other, "year", 2021)
    verified, findings = read_verification(path, other)
    assert verified == {} and [f.code for f in findings] == ["R006"]
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    assert not is_verification_workbook(plain)
    assert [f.code for f in read_verification(plain, block)[1]] == ["R009"]
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    (r009,) = read_verification(junk, block)[1]
    assert r009.code == "R009" and r009.file == "junk.xlsx" and r009.params["detail"]


def test_feedback_text():
    block = small_block()
    sheet = self_sheet(block)
    _, changes = apply_verification(sheet, {"B": {"I.1": Verified(40.0, "Thiếu minh chứng", "Thẩm định!J11")}},
                                    "tham-dinh.xlsx")
    text = feedback_for_unit(changes, "B", "vi", block)
    assert "Đơn vị B" in text and "Tiêu chí I.1 (Một): điểm tự chấm 50, điểm thẩm định 40" in text
    assert "Lý do: Thiếu minh chứng." in text
    assert "giữ nguyên" in feedback_for_unit(changes, "A", "vi", block)
    assert "self score 50 → verified 40" in feedback_for_unit(changes, "B", "en", block)


@pytest.mark.libreoffice
def test_round_trip_through_libreoffice(written, tmp_path):
    """The chair saves the workbook in LibreOffice Calc (xlsx and ods): _meta survives, rows are
    still found by their codes, values read back."""
    from tests.support.libreoffice import convert, require_soffice

    require_soffice()
    block, path = written
    edit(path, {("B", "I.1"): (40, "Thiếu minh chứng"), ("C", "I.2"): (12.5, "Chậm báo cáo")})
    for fmt in ("ods", "xlsx"):
        out = convert(path, fmt, tmp_path / f"lo-{fmt}")
        assert is_verification_workbook(out)
        verified, findings = read_verification(out, block)
        assert not findings, [f.message() for f in findings]
        assert verified["B"]["I.1"].verified == 40.0 and verified["B"]["I.1"].reason == "Thiếu minh chứng"
        assert verified["C"]["I.2"].verified == 12.5
        assert verified["A"]["I.1"].verified is None


def test_rewritten_from_a_verified_result_shows_self_scores(tmp_path):
    """Written again from a result that already used verified scores, the workbook still shows
    the unit's self scores and their original cells."""
    from types import SimpleNamespace

    from processor.config.review import parse_review

    block = small_block()
    sheet = self_sheet(block)
    verified = {"B": {"I.1": Verified(40.0, "Thiếu minh chứng", "Thẩm định!J11")}}
    out = decide(block, sheet, [], verified=verified, verification_file="v.xlsx", cfg=parse_review({}))
    result = SimpleNamespace(units=out.units, review=out.review)
    path = write_verification_workbook(block, result, tmp_path / "again.xlsx", CREATED)
    ws = openpyxl.load_workbook(path)[VERIFY_SHEET]
    row = [r for r in ws.iter_rows(min_row=6) if (r[1].value, r[3].value) == ("B", "I.1")][0]
    assert row[6].value == 50 and row[8].value == "B.xlsx › Tự chấm điểm!D10"


# --- one parser: a verified score is read exactly as a self score ---------------------------

def self_score_as_read(block, raw):
    """(value, [(code, params)]) of ``raw`` typed as unit A's self score of I.1 (validate)."""
    cells = {c.code: ScoreCell(c.code, 10, "Tự chấm điểm", f"D{10 + i}")
             for i, c in enumerate(block.criteria)}
    cells["I.1"] = ScoreCell("I.1", raw, "Tự chấm điểm", "D10")
    source = Source(file="A.xlsx", sha256="a", size=1, received=datetime(2020, 12, 1), unit="A")
    sheet, findings = validate(block, [Submission(source=source, cells=cells)])
    mine = [(f.code, f.params) for f in findings if f.unit == "A" and f.cell == "D10"]
    return sheet.values["A"]["I.1"], mine


def verified_as_read(block, raw):
    """(value, [(code, params)], findings) of ``raw`` typed as A's verified score of I.1."""
    form = VerificationForm(file="v.xlsx", meta={"block_id": block.id, "year": str(block.year),
                                                 "criteria_hash": block.criteria_hash},
                            sheet=VERIFY_SHEET, has_sheet=True, rows=[VerificationRow(
                                "A", "I.1", "D6", 50.0, FormCell(raw, "J6"), "lý do")])
    verified, findings = verified_scores(form, block, file="v.xlsx")
    mine = [(f.code, f.params) for f in findings if f.cell == "J6" and not f.code.startswith("R")]
    return verified["A"]["I.1"].verified, mine, findings


NUMBERISH = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"[ +\-−]?[0-9]{0,4}([.,][0-9]{0,4})?( ?(điểm|đ|%|d|e[0-9]))?", fullmatch=True),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-100, 1000), st.booleans())


@settings(max_examples=400, deadline=None)
@given(NUMBERISH)
@example("8,5 điểm")
@example("1e3")
@example("-1")
@example("2.000")
@example("=SUM(A1)")
@example("#DIV/0!")
def test_a_verified_score_is_read_as_a_self_score(raw):
    block = small_block()
    self_value, self_codes = self_score_as_read(block, raw)
    value, codes, findings = verified_as_read(block, raw)
    if [c for c, _ in self_codes] == ["V003"]:       # blank: the self score stands
        assert value is None and codes == [] and "V003" not in [f.code for f in findings]
        return
    assert value == self_value
    assert codes == self_codes
    for f in findings:
        if not f.code.startswith("R"):
            assert (f.unit, f.file, f.sheet, f.cell) == ("A", "v.xlsx", VERIFY_SHEET, "J6")


@pytest.mark.parametrize("raw, code, value", [("8,5 điểm", "V103", 8.5), ("1e3", "V106", None),
                                              ("-1", "V105", None), (-1, "V105", None),
                                              ("12,5", None, 12.5), (75, "V001", None)])
def test_formerly_disagreeing_texts(raw, code, value):
    """Texts the verification's own parser once read otherwise ("8,5 điểm" refused, "1e3" and
    "-1" accepted) now have the self score's verdict."""
    got, codes, _ = verified_as_read(small_block(), raw)
    assert got == value and [c for c, _ in codes] == ([code] if code else [])
