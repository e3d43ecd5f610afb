"""The review through the real CLI: consolidate writes the verification workbook, the chair fills
it (openpyxl as a stand-in), puts it in the inbox, and the next run uses the verified scores."""
import json

import openpyxl
from click.testing import CliRunner

from processor.cli import cli
from processor.model import VERIFY_SHEET
from tests.support.workspace import DEMO_CONFIG, Workspace


def consolidate(ws, out_json):
    return CliRunner().invoke(cli, ["consolidate", "--config", str(DEMO_CONFIG), "--inbox", str(ws.inbox),
                                    "--out", str(ws.out), "--json", str(out_json)], catch_exceptions=False)


def test_verification_round_trip_changes_the_ranking(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    first = consolidate(ws, tmp_path / "a.json")
    assert first.exit_code == 0, first.output
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["recommendations"]["leader"] == ["SKHCN"]
    # next year's chair follows SYT in the rotation order; this year's leader becomes deputy
    assert data["review"]["rotation"]["chair"] == "SLDTBXH" and data["review"]["rotation"]["deputy"] == "SKHCN"
    assert "Khối trưởng Sở LĐ-TB&XH" in first.output

    verification = next(ws.out.glob("tham-dinh-*.xlsx"))
    wb = openpyxl.load_workbook(verification)
    sheet = wb[VERIFY_SHEET]
    edited = 0
    for row in sheet.iter_rows(min_row=6):
        if (row[1].value, row[3].value) == ("SKHCN", "I.1"):
            row[9].value, row[10].value = 10, "Minh chứng chỉ chứng minh hoàn thành một nửa chỉ tiêu"
            edited += 1
        if (row[1].value, row[3].value) == ("STTTT", "I.2"):
            row[9].value = 5                       # changed without a reason: a warning
            edited += 1
    assert edited == 2
    wb.save(ws.inbox / "tham-dinh-da-dien.xlsx")

    second = consolidate(ws, tmp_path / "b.json")
    assert second.exit_code == 0, second.output
    data = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    skhcn = next(u for u in data["units"] if u["code"] == "SKHCN")
    assert skhcn["scores"]["I.1"] == 10
    assert data["recommendations"]["leader"] == ["STTTT"] or "SKHCN" not in data["recommendations"]["leader"]
    changes = {(c["unit"], c["criterion"]) for c in data["review"]["verification"]["changes"]}
    assert {("SKHCN", "I.1"), ("STTTT", "I.2")} <= changes
    assert any(f["code"].startswith("R") and f["unit"] == "STTTT" and f["severity"] == "warning"
               for f in data["findings"])
    src = next(s for s in data["sources"] if s["file"] == "tham-dinh-da-dien.xlsx")
    assert src["role"] == "verification"
    # the result workbook shows self and verified scores side by side
    sheets = openpyxl.load_workbook(next(ws.out.glob("ket-qua-*.xlsx")), read_only=True).sheetnames
    assert "Thẩm định điểm" in sheets
