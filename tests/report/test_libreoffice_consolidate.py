"""A template filled by another program (LibreOffice, through its UNO bridge and the _meta table),
saved as xlsx, xls and ods, is consolidated and scored exactly as the default semantics say."""
import pytest

from processor.pipeline import consolidate
from tests.support.libreoffice import fill_with_libreoffice, require_soffice
from tests.support.workspace import Workspace

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    require_soffice(uno=True)
    return Workspace(tmp_path_factory.mktemp("lo"))


def filled(ws, tmp_path, fmt, i2):
    block = ws.block
    unit = block.unit("CDBK")                     # II.1 and III.2 do not apply to the college
    scores = {c.code: round(c.max * 0.85, 1) for c in block.criteria
              if c.kind == "score" and c.code not in unit.not_applicable}
    scores["I.2"] = i2
    scores.update({"VII.1": 2, "VII.2": 0, "VIII.1": 0, "VIII.2": 0.5})
    evidence = {"I.1": "Báo cáo số 215/BC-CĐBK ngày 15/12/2020"}
    inbox = tmp_path / "inbox"
    path = fill_with_libreoffice(ws.template("CDBK"), inbox / f"CDBK.{fmt}", scores, evidence, fmt=fmt)
    # LibreOffice stamps the time it saved (today) in the file; the mail that brought it, sent
    # before the block's deadline, is the better evidence (collect's manifest)
    (inbox / "_thidua_manifest.csv").write_text(
        "file,sender,sender_name,subject,date,message_id,sha256,size,part,source,collected_at\n"
        f"{path.name},cdbk@x.vn,,,2020-12-18T09:00:00+07:00,<1@x>,,,,,\n", encoding="utf-8-sig")
    return scores, inbox


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_libreoffice_filled_template_is_scored_by_the_formula(ws, tmp_path, fmt):
    block, unit = ws.block, ws.block.unit("CDBK")
    scores, inbox = filled(ws, tmp_path, fmt, 8.5)
    result = consolidate(block, inbox)
    cdbk = result.unit("CDBK")
    # LibreOffice recalculated the template's own total: it agrees with ours (no V004)
    assert [f.code for f in result.findings if f.unit == "CDBK"] == [], result.findings
    base = sum(float(str(v).replace(",", ".")) for k, v in scores.items()
               if block.criterion(k).kind == "score")
    applicable = sum(c.max for c in block.criteria if c.kind == "score" and c.code not in unit.not_applicable)
    expected = round(base / applicable * 100 + 2 - 0.5 + 1e-9, 2)
    assert applicable == 86 and cdbk.final_score == expected
    assert cdbk.scores["I.2"] == 8.5 and cdbk.evidence["I.1"].startswith("Báo cáo số 215")
    source = next(s for s in result.sources if s.file == f"CDBK.{fmt}")
    assert source.format == fmt and source.identity == "meta" and source.time_source == "mail"


def test_text_score_is_read_and_the_sheet_total_that_skipped_it_is_flagged(ws, tmp_path):
    """"8,5" typed as text: the spreadsheet's SUM skipped it, so the total the unit saw was
    8.5 too low; we read the value and say that the file's total differs."""
    scores, inbox = filled(ws, tmp_path, "xlsx", "8,5")
    result = consolidate(ws.block, inbox)
    assert result.unit("CDBK").scores["I.2"] == 8.5
    v004 = [f for f in result.findings if f.code == "V004"]
    assert len(v004) == 1 and v004[0].cell == "D45"
    cached = float(v004[0].params["cached"].replace(",", "."))
    # both totals are rounded to 2 decimals, so their difference is within 0.01 of the skipped part
    assert abs(result.unit("CDBK").final_score - cached - 8.5 / 86 * 100) <= 0.0101
