"""The demo inbox: filled through _meta, realistic, with one tie and one resend, reproducible."""
from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from tools.demo import fill_template, main
from processor.report.template import META_SHEET, META_TABLE_HEADER, NOT_APPLICABLE_LABEL, SCORING_SHEET, write_template

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def block(demo_block):
    return demo_block


@pytest.fixture(scope="module")
def inbox(block, tmp_path_factory):
    path = tmp_path_factory.mktemp("inbox")
    (path / "stale.xlsx").write_bytes(b"old")          # cleared
    (path / "ghi-chu.txt").write_text("giữ lại")       # not a spreadsheet: kept
    assert main(["--config", str(ROOT / "demo" / "block.toml"), "--inbox", str(path)]) == 0
    return path


def read_submission(path: Path, block) -> dict:
    """Independent of _meta's cell table: rows are found by scanning column A for codes."""
    wb = CalamineWorkbook.from_path(str(path))
    meta = {}
    for row in wb.get_sheet_by_name(META_SHEET).to_python():
        if tuple(row[:6]) == META_TABLE_HEADER:
            break
        if row[0]:
            meta[row[0]] = row[1]
    grid = wb.get_sheet_by_name(SCORING_SHEET).to_python(skip_empty_area=False)
    codes = {c.code for c in block.criteria}
    rows = {row[0]: row for row in grid if row and row[0] in codes}
    return {"meta": meta, "scores": {c: r[3] for c, r in rows.items()},
            "evidence": {c: r[4] for c, r in rows.items()}, "mtime": path.stat().st_mtime}


def design_final(block, unit_code: str, scores: dict) -> Decimal:
    """final = base_sum / applicable_base_max * full_base_max + bonus - deduction, ROUND half up."""
    na = block.unit(unit_code).not_applicable
    base = app = bonus = ded = Decimal(0)
    for crit in block.criteria:
        if crit.code in na:
            continue
        value = Decimal(str(scores[crit.code]))
        if crit.kind == "score":
            base += value
            app += Decimal(str(crit.max))
        elif crit.kind == "bonus":
            bonus += value
        else:
            ded += value
    exact = base / app * Decimal(str(block.full_base_max)) + bonus - ded
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def submissions(inbox, block):
    return {p.name: read_submission(p, block) for p in sorted(inbox.glob("*.xlsx"))}


@pytest.fixture(scope="module")
def used(submissions):
    """Newest file per unit, as the DESIGN says intake must choose."""
    best = {}
    for name, sub in submissions.items():
        code = sub["meta"]["unit_code"]
        if code not in best or sub["mtime"] > best[code]["mtime"]:
            best[code] = sub
    return best


def test_inbox_contents(inbox, submissions, block):
    assert len(submissions) == 11
    assert not (inbox / "stale.xlsx").exists() and (inbox / "ghi-chu.txt").exists()
    units = Counter(sub["meta"]["unit_code"] for sub in submissions.values())
    assert set(units) == set(block.unit_codes)
    assert [code for code, n in units.items() if n > 1] == ["SLDTBXH"]
    for name, sub in submissions.items():
        assert sub["meta"]["criteria_hash"] == block.criteria_hash and sub["meta"]["year"] == "2020"
        assert unicodedata.is_normalized("NFC", name)
    readme = (inbox / "README.txt").read_text(encoding="utf-8")
    assert "GIẢ ĐỊNH" in readme and unicodedata.is_normalized("NFC", readme)
    # Names vary like real attachments, and not all carry the unit code.
    assert len({Path(n).stem.lower().replace(" ", "") for n in submissions}) == 11
    assert any(not any(code in name for code in block.unit_codes) for name in submissions)


def test_every_applicable_criterion_scored_in_range(block, submissions):
    for name, sub in submissions.items():
        unit = block.unit(sub["meta"]["unit_code"])
        for crit in block.criteria:
            value = sub["scores"][crit.code]
            if crit.code in unit.not_applicable:
                assert value == NOT_APPLICABLE_LABEL, (name, crit.code)  # left untouched
            else:
                assert isinstance(value, float) and 0 <= value <= crit.max, (name, crit.code, value)


def test_not_applicable_untouched_for_cdbk(block, used):
    cdbk = used["CDBK"]
    assert block.unit("CDBK").not_applicable == {"II.1", "III.2"}
    assert cdbk["scores"]["II.1"] == cdbk["scores"]["III.2"] == NOT_APPLICABLE_LABEL
    assert cdbk["evidence"]["II.1"] == cdbk["evidence"]["III.2"] == ""


def test_finals_realistic_with_one_exact_tie_not_first(block, used):
    finals = {code: design_final(block, code, sub["scores"]) for code, sub in used.items()}
    values = sorted(finals.values(), reverse=True)
    assert Decimal("84") <= values[-1] and values[0] <= Decimal("97.5")
    assert len(set(values)) >= 8                                  # varied
    counts = Counter(values)
    ties = [v for v, n in counts.items() if n > 1]
    assert len(ties) == 1 and counts[ties[0]] == 2                 # exactly one pair
    assert ties[0] != values[0]                                    # not at first place
    rank = 1 + sum(1 for v in values if v > ties[0])               # competition ranking
    assert rank == 3
    tied = sorted(c for c, v in finals.items() if v == ties[0])
    assert tied == ["BHXH", "STTTT"]
    assert used["BHXH"]["scores"] != used["STTTT"]["scores"]       # same total, other paths


def test_bonus_deductions_and_evidence(block, used):
    bonus = {c.code for c in block.criteria if c.kind == "bonus"}
    deduction = {c.code for c in block.criteria if c.kind == "deduction"}
    with_bonus = [u for u, s in used.items() if any(s["scores"][c] > 0 for c in bonus)]
    with_ded = {u: sum(s["scores"][c] for c in deduction) for u, s in used.items()}
    with_ded = {u: v for u, v in with_ded.items() if v > 0}
    assert len(with_bonus) >= 4
    assert 1 <= len(with_ded) <= 3 and all(v <= 1 for v in with_ded.values())
    for code, sub in used.items():
        assert "ngày" in sub["evidence"]["I.1"], code              # evidence_required criterion
    refs = [e for s in used.values() for e in s["evidence"].values() if e]
    assert any("Báo cáo số 125/BC-SYT ngày 10/12/2020" in e for e in refs)
    assert all(unicodedata.is_normalized("NFC", e) for e in refs)


def test_resend_is_newer_and_different(block, submissions):
    both = sorted((s for s in submissions.values() if s["meta"]["unit_code"] == "SLDTBXH"),
                  key=lambda s: s["mtime"])
    old, new = both
    assert old["mtime"] < new["mtime"]
    assert old["scores"] != new["scores"]
    assert design_final(block, "SLDTBXH", new["scores"]) > design_final(block, "SLDTBXH", old["scores"])
    deadline = block.deadline.timestamp()
    for sub in submissions.values():
        assert datetime(2020, 12, 1).timestamp() < sub["mtime"] < deadline


def test_deterministic(inbox, tmp_path):
    again = tmp_path / "again"
    assert main(["--config", str(ROOT / "demo" / "block.toml"), "--inbox", str(again)]) == 0
    names = sorted(p.name for p in inbox.iterdir() if p.suffix in (".xlsx", ".txt") and p.name != "ghi-chu.txt")
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        a, b = inbox / name, again / name
        assert a.read_bytes() == b.read_bytes(), name
        if name.endswith(".xlsx"):
            assert a.stat().st_mtime == b.stat().st_mtime


def test_filled_files_keep_the_template_contract(inbox):
    path = next(inbox.glob("Bang tu cham SYT.xlsx"))
    wb = openpyxl.load_workbook(path)
    assert wb[META_SHEET].sheet_state == "veryHidden"
    ws = wb[SCORING_SHEET]
    # a score rule on each of the 20 criteria, a prompt on the one evidence cell required (I.1)
    assert ws.protection.sheet and len(ws.data_validations.dataValidation) == 21
    assert str(ws["D45"].value).startswith("=ROUND(")


def test_fill_template_through_meta(block, tmp_path):
    blank = write_template(block, None, tmp_path / "blank.xlsx", datetime(2020, 11, 25))
    out = fill_template(blank, tmp_path / "filled.xlsx", {"I.1": 18.5, "II.2": "6,5"},
                        {"I.1": "=cmd|' /C calc'!A0", "II.2": "Công văn số 12/CV"},
                        header=("Sở Y tế", "SYT"), saved_at=datetime(2020, 12, 10, 8, 0))
    ws = openpyxl.load_workbook(out)[SCORING_SHEET]
    assert ws["B7"].value == "Sở Y tế" and ws["B8"].value == "SYT"
    assert ws["D12"].value == 18.5 and ws["D17"].value == "6,5" and ws["D17"].data_type == "s"
    assert ws["E12"].value == "=cmd|' /C calc'!A0" and ws["E12"].data_type == "s"
    again = fill_template(blank, tmp_path / "again.xlsx", {"I.1": 18.5, "II.2": "6,5"},
                          {"I.1": "=cmd|' /C calc'!A0", "II.2": "Công văn số 12/CV"},
                          header=("Sở Y tế", "SYT"), saved_at=datetime(2020, 12, 10, 8, 0))
    assert again.read_bytes() == out.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp")]
