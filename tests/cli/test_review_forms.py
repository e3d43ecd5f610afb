"""Several verification forms through the real CLI: each run writes a verification sheet carrying
the verified scores in force; forms are merged per cell, whatever their times and names; two
different values for one cell are a conflict; nothing verified is dropped without a finding.
Forms are filled through their ``_meta`` contract (tests/support/verification.py)."""
import json
import os
import stat
from datetime import datetime

import openpyxl
import pytest
from click.testing import CliRunner

from processor.cli import cli
from processor.model import TALLY_SHEET, VERIFY_SHEET
from tests.support.verification import KEEP, fill_verification, form_meta, typed
from tests.support.workspace import DEMO_CONFIG, Workspace, base_scores

SHEET = "tham-dinh-bk-vhxh-2020.xlsx"
DAY = datetime(2021, 1, 5, 8, 0)


def consolidate(ws, tag, *extra):
    """``thidua consolidate`` on the workspace; (exit code, the JSON, the CLI's output)."""
    out_json = ws.root / f"{tag}.json"
    run = CliRunner().invoke(cli, ["consolidate", "--config", str(DEMO_CONFIG), "--inbox", str(ws.inbox),
                                   "--out", str(ws.out), "--json", str(out_json), *extra],
                             catch_exceptions=False)
    assert run.exit_code in (0, 3), run.output
    return run.exit_code, json.loads(out_json.read_text(encoding="utf-8")), run.output


def score(data, unit, crit):
    return next(u for u in data["units"] if u["code"] == unit)["scores"][crit]


def unit_of(data, unit):
    return next(u for u in data["units"] if u["code"] == unit)


def findings(data, *codes):
    return [f for f in data["findings"] if f["code"] in codes]


def statuses(data):
    return {s["file"]: (s["status"], s["note"]) for s in data["sources"] if s["role"] == "verification"}


def status_list(data):
    return sorted(s["status"] for s in data["sources"] if s["role"] == "verification")


@pytest.fixture
def ws(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    code, data, _ = consolidate(ws, "first")
    assert code == 0 and not data["review"]["verification"]["file"]
    return ws


def test_second_pass_on_the_carried_sheet_keeps_the_first_pass(ws):
    first = fill_verification(ws.out / SHEET, ws.inbox / "tham-dinh-lan-1.xlsx", {
        ("SKHCN", "I.1"): (10, "Thiếu minh chứng"), ("STTTT", "I.2"): (5, "Chậm báo cáo")}, DAY)
    code, data, _ = consolidate(ws, "second")
    assert (score(data, "SKHCN", "I.1"), score(data, "STTTT", "I.2")) == (10, 5)
    # the sheet written now carries both, and says where they came from
    assert typed(ws.out / SHEET) == {("SKHCN", "I.1"): (10, "Thiếu minh chứng"),
                                     ("STTTT", "I.2"): (5, "Chậm báo cáo")}
    top = openpyxl.load_workbook(ws.out / SHEET)[VERIFY_SHEET]["A4"].value
    assert top.startswith("Bảng này ghi sẵn 2 điểm thẩm định đang có hiệu lực, lấy từ: tham-dinh-lan-1.xlsx.")
    # the second pass changes one more cell and leaves the carried ones; its file time is even
    # older than the first pass's: what it knew decides, not the clock
    fill_verification(ws.out / SHEET, ws.inbox / "tham-dinh-lan-2.xlsx",
                      {("SGDDT", "I.1"): (15, "Chỉ tiêu tuyển sinh chưa đạt")}, datetime(2021, 1, 1))
    code, data, _ = consolidate(ws, "third")
    assert code == 0
    assert [score(data, u, c) for u, c in (("SKHCN", "I.1"), ("STTTT", "I.2"), ("SGDDT", "I.1"))] == [10, 5, 15]
    assert statuses(data) == {"tham-dinh-lan-1.xlsx": ("superseded", "tham-dinh-lan-2.xlsx"),
                              "tham-dinh-lan-2.xlsx": ("used", "")}
    # a carried value left as is is neither a new edit nor a conflict with itself
    assert not findings(data, "R011", "R012", "R013", "R001")
    changes = data["review"]["verification"]["changes"]
    assert sorted((c["unit"], c["criterion"]) for c in changes) == [
        ("SGDDT", "I.1"), ("SKHCN", "I.1"), ("STTTT", "I.2")]
    assert len(findings(data, "R008")) == 3
    # the first pass's file can go: the carried sheet alone keeps every edit
    first.unlink()
    code, data, _ = consolidate(ws, "fourth")
    assert [score(data, u, c) for u, c in (("SKHCN", "I.1"), ("STTTT", "I.2"), ("SGDDT", "I.1"))] == [10, 5, 15]
    assert unit_of(data, "SKHCN")["status"] == "ok" and not findings(data, "R011", "R012", "R013")


def test_chair_and_deputy_fill_copies_of_one_blank_sheet(ws):
    blank = ws.out / SHEET
    fill_verification(blank, ws.inbox / "khoi-truong.xlsx", {
        ("SKHCN", "I.1"): (10, "Thiếu minh chứng"), ("SYT", "I.2"): (8, "Chưa đủ")}, DAY)
    fill_verification(blank, ws.inbox / "khoi-pho.xlsx", {
        ("SGDDT", "I.1"): (15, "Chỉ tiêu chưa đạt"), ("SYT", "I.2"): (8, "Chưa đủ")}, DAY)
    code, data, _ = consolidate(ws, "both")
    # disjoint cells: both applied; the same value in both: fine, counted once
    assert code == 0
    assert [score(data, u, c) for u, c in (("SKHCN", "I.1"), ("SGDDT", "I.1"), ("SYT", "I.2"))] == [10, 15, 8]
    assert statuses(data) == {"khoi-truong.xlsx": ("used", ""), "khoi-pho.xlsx": ("used", "")}
    assert not findings(data, "R011", "R013") and len(findings(data, "R008")) == 3
    assert set(data["review"]["verification"]["file"].split(", ")) == {"khoi-truong.xlsx", "khoi-pho.xlsx"}
    # the sheet written now carries all three, naming both files
    assert typed(blank)[("SYT", "I.2")] == (8, "Chưa đủ")
    top = openpyxl.load_workbook(blank)[VERIFY_SHEET]["A4"].value
    assert "khoi-pho.xlsx" in top and "khoi-truong.xlsx" in top


def test_chair_and_deputy_disagree_on_a_cell(ws):
    blank = ws.out / SHEET
    self_score = score(consolidate(ws, "self")[1], "SKHCN", "I.1")
    fill_verification(blank, ws.inbox / "khoi-truong.xlsx", {
        ("SKHCN", "I.1"): (10, "Thiếu minh chứng"), ("SGDDT", "I.1"): (15, "Chỉ tiêu")}, DAY)
    fill_verification(blank, ws.inbox / "khoi-pho.xlsx", {("SKHCN", "I.1"): (12, "Thiếu một phần")},
                      datetime(2021, 1, 6))
    code, data, output = consolidate(ws, "conflict")
    assert code == 3                                        # provisional: someone must settle it
    conflicts = findings(data, "R011")
    assert sorted((f["file"], f["sheet"], f["unit"], f["severity"]) for f in conflicts) == [
        ("khoi-pho.xlsx", VERIFY_SHEET, "SKHCN", "error"), ("khoi-truong.xlsx", VERIFY_SHEET, "SKHCN", "error")]
    cell = next(f for f in conflicts if f["file"] == "khoi-truong.xlsx")
    assert cell["cell"] == "J6"
    assert cell["message"] == ("Đơn vị SKHCN, tiêu chí I.1: điểm thẩm định 10 ở tệp này khác 12 "
                               "(khoi-pho.xlsx); chưa dùng điểm nào cho tới khi thống nhất.")
    assert "khoi-truong.xlsx" in next(f for f in conflicts if f["file"] == "khoi-pho.xlsx")["message"]
    # the cell is not applied from a guess; the unit is invalid until settled; the rest stands
    assert score(data, "SKHCN", "I.1") == self_score and unit_of(data, "SKHCN")["status"] == "invalid"
    assert score(data, "SGDDT", "I.1") == 15 and unit_of(data, "SGDDT")["status"] == "ok"
    assert "KẾT QUẢ TẠM THỜI" in output
    # settled by making one file agree with the other
    fill_verification(ws.inbox / "khoi-pho.xlsx", ws.inbox / "khoi-pho.xlsx",
                      {("SKHCN", "I.1"): (10, KEEP)}, datetime(2021, 1, 6))
    code, data, _ = consolidate(ws, "settled")
    assert code == 0 and score(data, "SKHCN", "I.1") == 10 and not findings(data, "R011")
    # the reasons differ: both are kept, with a warning
    (r017,) = findings(data, "R017")
    assert r017["unit"] == "SKHCN" and "Thiếu minh chứng" in r017["message"] and "Thiếu một phần" in r017["message"]
    change = next(c for c in data["review"]["verification"]["changes"] if c["unit"] == "SKHCN")
    assert change["reason"] == "Thiếu minh chứng / Thiếu một phần"


def test_conflict_settled_on_the_next_sheet_or_by_removing_a_file(ws):
    blank = ws.out / SHEET
    fill_verification(blank, ws.inbox / "a.xlsx", {("SKHCN", "I.1"): (10, "x")}, DAY)
    deputy = fill_verification(blank, ws.inbox / "b.xlsx", {("SKHCN", "I.1"): (12, "y")}, DAY)
    consolidate(ws, "conflict")
    # the sheet written now leaves the cell blank and says why, in the source column
    sheet = openpyxl.load_workbook(ws.out / SHEET)[VERIFY_SHEET]
    row = next(r for r in sheet.iter_rows(min_row=6) if (r[1].value, r[3].value) == ("SKHCN", "I.1"))
    assert row[9].value is None
    assert "Thẩm định chưa thống nhất: 10 (a.xlsx); 12 (b.xlsx)" in row[8].value
    assert "1 ô chưa có điểm thẩm định dùng được" in sheet["A4"].value
    # filling that sheet settles it: it knew both files
    fill_verification(ws.out / SHEET, ws.inbox / "c.xlsx", {("SKHCN", "I.1"): (11, "thống nhất")}, DAY)
    code, data, _ = consolidate(ws, "third")
    assert code == 0 and score(data, "SKHCN", "I.1") == 11
    assert statuses(data) == {"a.xlsx": ("superseded", "c.xlsx"), "b.xlsx": ("superseded", "c.xlsx"),
                              "c.xlsx": ("used", "")}
    assert sorted(f["file"] for f in findings(data, "R013")) == ["a.xlsx", "b.xlsx"]
    # or by removing the outdated file
    (ws.inbox / "c.xlsx").unlink()
    deputy.unlink()
    code, data, _ = consolidate(ws, "removed")
    assert code == 0 and score(data, "SKHCN", "I.1") == 10


def test_copies_of_the_carried_sheet_merge_like_a_three_way_merge(ws):
    """Chair and deputy each fill a copy of the carried sheet: an edit beats a value left as is;
    a cleared carried value brings back the self score, with a warning; edits of the same
    cell to different values conflict."""
    self_score = score(consolidate(ws, "self")[1], "STTTT", "I.2")
    fill_verification(ws.out / SHEET, ws.inbox / "lan-1.xlsx", {
        ("SKHCN", "I.1"): (10, "Thiếu minh chứng"), ("STTTT", "I.2"): (5, "Chậm"),
        ("SYT", "I.1"): (16, "Một phần")}, DAY)
    consolidate(ws, "carried")
    carried = ws.out / SHEET
    fill_verification(carried, ws.inbox / "truong.xlsx", {
        ("SKHCN", "I.1"): (12, "Xem lại minh chứng"),           # changed
        ("STTTT", "I.2"): (None, None),                          # cleared on purpose
        ("SYT", "I.1"): (17, KEEP)}, DAY)
    fill_verification(carried, ws.inbox / "pho.xlsx", {
        ("SGDDT", "I.2"): (7, "Thiếu"),                          # a new cell; the rest left
        ("SYT", "I.1"): (15, KEEP)}, DAY)
    code, data, _ = consolidate(ws, "merged")
    assert score(data, "SKHCN", "I.1") == 12                    # an edit beats a value left as is
    assert score(data, "SGDDT", "I.2") == 7
    assert score(data, "STTTT", "I.2") == self_score
    (r012,) = findings(data, "R012")
    assert (r012["unit"], r012["file"], r012["severity"]) == ("STTTT", "truong.xlsx", "warning")
    assert "điểm thẩm định 5 (từ lan-1.xlsx) đã bị xóa" in r012["message"]
    assert sorted(f["file"] for f in findings(data, "R011")) == ["pho.xlsx", "truong.xlsx"]
    assert all(f["unit"] == "SYT" for f in findings(data, "R011"))
    assert unit_of(data, "SYT")["status"] == "invalid" and code == 3
    assert statuses(data)["lan-1.xlsx"][0] == "superseded"


def test_verified_unit_replaced_by_a_newer_submission(ws):
    block = ws.block
    fill_verification(ws.out / SHEET, ws.inbox / "tham-dinh.xlsx", {
        ("SYT", "I.1"): (10, "Thiếu minh chứng"), ("SYT", "I.2"): (8, "Chưa đạt")}, DAY)
    old = "SYT.xlsx"
    scores = base_scores(block, "SYT", 0.95 - 0.01 * block.unit_codes.index("SYT"))   # as first sent
    scores["I.1"] = 18                                             # changed after the verification
    ws.submit("SYT", scores, name="SYT lan 2.xlsx", received=datetime(2021, 1, 6))
    code, data, _ = consolidate(ws, "after")
    assert code == 3 and unit_of(data, "SYT")["status"] == "invalid"
    (r014,) = findings(data, "R014")
    assert (r014["unit"], r014["file"], r014["severity"]) == ("SYT", "tham-dinh.xlsx", "error")
    assert "tệp đang dùng của đơn vị (SYT lan 2.xlsx) tự chấm 18" in r014["message"]
    assert score(data, "SYT", "I.1") == 18                         # not applied from a guess
    assert score(data, "SYT", "I.2") == 8                          # the same claim: still verified
    (r015,) = findings(data, "R015")
    assert (r015["unit"], r015["severity"]) == ("SYT", "warning")
    assert old in r015["message"] and "SYT lan 2.xlsx" in r015["message"]
    # the next sheet leaves that cell blank, says why, and carries the other
    assert typed(ws.out / SHEET) == {("SYT", "I.2"): (8, "Chưa đạt")}
    # the chair verifies again on it: settled
    fill_verification(ws.out / SHEET, ws.inbox / "tham-dinh-lai.xlsx", {("SYT", "I.1"): (14, "Vẫn thiếu")}, DAY)
    code, data, _ = consolidate(ws, "again")
    assert code == 0 and score(data, "SYT", "I.1") == 14 and score(data, "SYT", "I.2") == 8
    assert not findings(data, "R014", "R015")


def test_verified_rows_the_run_cannot_use_are_reported(ws):
    path = fill_verification(ws.out / SHEET, ws.root / "v.xlsx", {("SKHCN", "I.1"): (10, "x")}, DAY)
    wb = openpyxl.load_workbook(path)
    sheet = wb[VERIFY_SHEET]
    for row in sheet.iter_rows(min_row=6):
        if (row[1].value, row[3].value) == ("SYT", "I.1"):
            row[1].value = "SYTCU"                                  # a unit the block no longer has
            row[9].value = 7
    wb.save(ws.inbox / "v.xlsx")
    code, data, _ = consolidate(ws, "unknown")
    (r016,) = findings(data, "R016")
    assert "Điểm thẩm định 7 ở dòng của đơn vị 'SYTCU'" in r016["message"] and r016["file"] == "v.xlsx"
    # a carried row deleted: its value still stands, with a warning
    carried = ws.out / SHEET
    wb = openpyxl.load_workbook(carried)
    sheet = wb[VERIFY_SHEET]
    gone = next(r[0].row for r in sheet.iter_rows(min_row=6) if (r[1].value, r[3].value) == ("SKHCN", "I.1"))
    sheet.delete_rows(gone)
    (ws.inbox / "v.xlsx").unlink()
    wb.save(ws.inbox / "lan-2.xlsx")
    code, data, _ = consolidate(ws, "deleted")
    (r018,) = findings(data, "R018")
    assert r018["unit"] == "SKHCN" and score(data, "SKHCN", "I.1") == 10


def test_a_unit_that_has_no_sheet_keeps_its_verified_scores_reported(tmp_path):
    ws = Workspace(tmp_path)
    ws.submit_all()
    consolidate(ws, "first")
    fill_verification(ws.out / SHEET, ws.inbox / "v.xlsx", {("BDT", "I.1"): (5, "x"), ("BDT", "I.2"): (4, "y")}, DAY)
    (ws.inbox / "BDT.xlsx").unlink()
    code, data, _ = consolidate(ws, "missing")
    (r019,) = findings(data, "R019")
    assert r019["unit"] == "BDT" and "2 điểm thẩm định" in r019["message"] and "I.1, I.2" in r019["message"]


def test_forms_named_on_the_command_line_join_the_inbox(ws):
    blank = ws.out / SHEET
    outside = ws.root / "ngoai"
    outside.mkdir()
    fill_verification(blank, ws.inbox / "trong.xlsx", {("SKHCN", "I.1"): (10, "x")}, DAY)
    a = fill_verification(blank, outside / "a.xlsx", {("SGDDT", "I.1"): (15, "y")}, DAY)
    b = fill_verification(blank, outside / "b.xlsx", {("SYT", "I.1"): (16, "z")}, DAY)
    code, data, _ = consolidate(ws, "given", "--verification", str(a), "--verification", str(b))
    assert [score(data, u, "I.1") for u in ("SKHCN", "SGDDT", "SYT")] == [10, 15, 16]
    assert statuses(data) == {"trong.xlsx": ("used", ""), "a.xlsx": ("used", ""), "b.xlsx": ("used", "")}
    # the same file in the inbox and on the command line counts once
    code, data, _ = consolidate(ws, "twice", "--verification", str(ws.inbox / "trong.xlsx"))
    assert not findings(data, "R011") and score(data, "SKHCN", "I.1") == 10
    assert status_list(data) == ["duplicate", "used"]


def test_written_forms_are_readable_by_others(ws):
    """The verification sheet, the ballots and the tally are written 0644 like the result
    workbook, whatever the umask."""
    old = os.umask(0o077)
    try:
        consolidate(ws, "umask")
        run = CliRunner().invoke(cli, ["ballots", "--config", str(DEMO_CONFIG), "--inbox", str(ws.inbox),
                                       "--out", str(ws.out)])
        assert run.exit_code == 0, run.output
    finally:
        os.umask(old)
    for name in (SHEET, "ket-qua-thi-dua-bk-vhxh-2020.xlsx", "phieu-suy-ton-bk-vhxh-2020.xlsx",
                 "kiem-phieu-bk-vhxh-2020.xlsx"):
        assert stat.S_IMODE((ws.out / name).stat().st_mode) == 0o644, name


def test_meta_records_what_the_sheet_carries(ws):
    fill_verification(ws.out / SHEET, ws.inbox / "lan-1.xlsx", {("SKHCN", "I.1"): (10, "x")}, DAY)
    consolidate(ws, "second")
    keys, table, tagged = form_meta(ws.out / SHEET)
    assert keys["kind"] == "verification" and keys["version"] == "2"
    row = next(r for r in table if (r["unit_code"], r["criterion_code"]) == ("SKHCN", "I.1"))
    assert (row["carried_verified"], row["carried_reason"], row["carried_from"]) == (10, "x", "lan-1.xlsx")
    known = [r for r in tagged if r[0] == "known"]
    assert [r[2] for r in known] == ["lan-1.xlsx"] and len(known[0][1]) == 64
    made = {r[1]: r[2] for r in tagged if r[0] == "submission"}
    assert made["SKHCN"] == "SKHCN.xlsx" and len(made) == len(ws.block.units)


@pytest.mark.libreoffice
def test_carried_sheet_filled_in_libreoffice_survives_the_next_run(ws):
    """The run's own sheet, carrying the first pass, is filled and saved by LibreOffice Calc (one
    new score typed, the carried ones left); the first pass's file is removed; the next run has
    every value, and the _meta LibreOffice saved still says what the sheet knew."""
    import shutil

    from tests.support.libreoffice import require_soffice, set_cells_with_libreoffice
    from tests.support.verification import form_cells

    require_soffice(uno=True)
    fill_verification(ws.out / SHEET, ws.inbox / "lan-1.xlsx", {
        ("SKHCN", "I.1"): (10, "Thiếu minh chứng"), ("STTTT", "I.2"): (5.5, "Chậm báo cáo")}, DAY)
    consolidate(ws, "second")
    sheet, v_cell, r_cell = form_cells(ws.out / SHEET)[("SGDDT", "I.1")]
    saved = set_cells_with_libreoffice(ws.out / SHEET, ws.root / "calc" / "lan-2.xlsx",
                                       {sheet: {v_cell: 15, r_cell: "Chỉ tiêu tuyển sinh chưa đạt"}})
    assert typed(saved)[("SKHCN", "I.1")] == (10, "Thiếu minh chứng")     # as LibreOffice saved it
    keys, table, tagged = form_meta(saved)
    assert keys["version"] == "2" and [r[2] for r in tagged if r[0] == "known"] == ["lan-1.xlsx"]
    shutil.copy(saved, ws.inbox / "lan-2.xlsx")
    code, data, _ = consolidate(ws, "both")
    assert statuses(data) == {"lan-1.xlsx": ("superseded", "lan-2.xlsx"), "lan-2.xlsx": ("used", "")}
    assert not findings(data, "R011", "R012", "R013")
    (ws.inbox / "lan-1.xlsx").unlink()
    code, data, _ = consolidate(ws, "third")
    assert code == 0 and not findings(data, "R011", "R012", "R013", "R001")
    assert [score(data, u, c) for u, c in (("SKHCN", "I.1"), ("STTTT", "I.2"), ("SGDDT", "I.1"))] == [10, 5.5, 15]
    reasons = {(c["unit"], c["criterion"]): c["reason"] for c in data["review"]["verification"]["changes"]}
    assert reasons[("STTTT", "I.2")] == "Chậm báo cáo" and reasons[("SGDDT", "I.1")].startswith("Chỉ tiêu")
    assert typed(ws.out / SHEET) == {("SKHCN", "I.1"): (10, "Thiếu minh chứng"),
                                     ("STTTT", "I.2"): (5.5, "Chậm báo cáo"),
                                     ("SGDDT", "I.1"): (15, "Chỉ tiêu tuyển sinh chưa đạt")}


# --- tallies -----------------------------------------------------------------------------------

def write_tally(ws, name, choices, order=1):
    """The tally from ``thidua ballots``, filled: one row per ballot ("x" returned, "x" marks)."""
    run = CliRunner().invoke(cli, ["ballots", "--config", str(DEMO_CONFIG), "--inbox", str(ws.inbox),
                                   "--out", str(ws.root / "ballots"), "--created", "2021-01-04T08:00:00"])
    assert run.exit_code == 0, run.output
    wb = openpyxl.load_workbook(ws.root / "ballots" / "kiem-phieu-bk-vhxh-2020.xlsx")
    sheet = wb[TALLY_SHEET]
    keys = {c.value: c.column for c in sheet[4] if c.value}
    rows = list(enumerate(choices, start=1))[::order]
    for r, (number, choice) in enumerate(rows, start=6):
        sheet.cell(r, 1).value = number
        sheet.cell(r, keys["returned"]).value = "x"
        sheet.cell(r, keys[choice]).value = "x"
    wb.save(ws.inbox / name)


def test_two_different_tallies_are_a_conflict(ws):
    leader = unit_of(consolidate(ws, "scores")[1], "SKHCN")["code"]
    write_tally(ws, "kiem-phieu.xlsx", [leader] * 7 + ["STTTT"] * 2)
    write_tally(ws, "kiem-phieu-ban-sao.xlsx", [leader] * 7 + ["STTTT"] * 2, order=-1)   # same ballots
    code, data, _ = consolidate(ws, "same")
    assert not findings(data, "R211") and data["review"]["ballots"]["votes"][leader] == 7
    assert sorted(s["status"] for s in data["sources"] if s["role"] == "tally") == ["duplicate", "used"]
    write_tally(ws, "kiem-phieu-ban-sao.xlsx", [leader] * 6 + ["STTTT"] * 3)
    code, data, _ = consolidate(ws, "different")
    assert code == 3 and data["review"]["ballots"] is None
    conflict = findings(data, "R211")
    assert sorted(f["file"] for f in conflict) == ["kiem-phieu-ban-sao.xlsx", "kiem-phieu.xlsx"]
    assert all(f["severity"] == "error" for f in conflict)
    msg = next(f["message"] for f in conflict if f["file"] == "kiem-phieu.xlsx")
    assert "kiem-phieu-ban-sao.xlsx" in msg and f"{leader} 7" in msg and f"{leader} 6" in msg
