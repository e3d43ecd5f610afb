"""The block's history: SQLite records, mergers, re-runs, imports, the CLI and the sheet."""
from __future__ import annotations

import dataclasses
import sqlite3
import textwrap
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from openpyxl import load_workbook

from processor.cli.history import history as history_cmd
from processor.history import (SCHEMA_VERSION, HistoryError, HistoryImportError, canonical_unit,
                               load_history_file, open_history)
from processor.report import write_report
from processor.report.history_sheet import history_sheet
from processor.report.styles import Styles
from tests.support.history_results import (DEMO_BLOCK, DEMO_HISTORY, SCORES_2020, block_2019,
                                           demo_block, result_2019, result_2020, result_2021)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "output" / "lich-su.sqlite"


@pytest.fixture
def block():
    return demo_block()


def write(tmp_path: Path, text: str, name: str = "history.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --- recording consolidations -------------------------------------------------------------

def test_two_years_consolidated(db, block):
    with open_history(db, block) as h:
        id20 = h.record(result_2020())
        id21 = h.record(result_2021())
        assert id20 != id21
        assert h.years("bk-vhxh") == [2020, 2021]
        table = h.table("bk-vhxh", "vi")
    assert db.exists()
    assert table.year_numbers == [2020, 2021]
    assert [r.code for r in table] == list(block.unit_codes)
    syt, cdbk = table.row("SYT"), table.row("CDBK")
    assert table.cell_text(syt, 2020) == "Dẫn đầu, Cờ thi đua, hạng 1 (98,00)"
    assert table.cell_text(cdbk, 2021) == "Thứ ba, Bằng khen, hạng 3 (96,25)"
    # SLDTBXH and SVHTTDL share rank 7 in 2020
    assert table.cell_text(table.row("SLDTBXH"), 2020) == "đồng hạng 7 (93,00)"
    assert table.place(cdbk, 2021) == 3 and table.score(cdbk, 2021) == 96.25
    assert table.cell_text(syt, 2020, "en") == "Leader, Emulation flag, rank 1 (98.00)"


def test_record_stores_review_fields_and_inputs(db):
    result = result_2020()
    with open_history(db) as h:
        review_id = h.record(result, next_chair="SLDTBXH", next_deputy="SGDDT")
        (rev,) = h.reviews("bk-vhxh")
        outcomes = h.outcomes(review_id)
    assert rev["status"] == "final" and rev["source"] == "consolidate"
    assert (rev["block_id"], rev["block_name"], rev["year"]) == (
        "bk-vhxh", "Khối thi đua Văn hóa - Xã hội", 2020)
    assert (rev["chair"], rev["deputy"]) == ("SYT", "BDT")
    assert (rev["next_chair"], rev["next_deputy"]) == ("SLDTBXH", "SGDDT")
    assert rev["created"] == "2021-01-04T08:00:00" and rev["provisional"] is False
    assert rev["conference"] == "2021-01-04"
    assert rev["inputs"] == [s.sha256 for s in result.sources] and len(rev["inputs"]) == 10
    assert [o.code for o in outcomes] == [u.code for u in result.units]   # ranking order kept
    assert outcomes[0].final_score == 98.0 and outcomes[0].rank == 1


def test_next_chair_from_block_config(db):
    block = demo_block(extra={"history": {"next_chair": "SLDTBXH", "next_deputy": "SGDDT"}})
    with open_history(db) as h:
        h.record(dataclasses.replace(result_2020(), block=block))
        assert h.chairs("bk-vhxh") == {2020: ("SYT", "BDT"), 2021: ("SLDTBXH", "SGDDT")}


def test_rerun_supersedes_old_record(db, block):
    with open_history(db, block) as h:
        first = h.record(result_2020())
        changed = dict(SCORES_2020, CDBK=99.0)
        second = h.record(result_2020(scores=changed))
        reviews = h.reviews("bk-vhxh")
        assert [(r["id"], r["status"], r["superseded_by"]) for r in reviews] == [
            (first, "superseded", second), (second, "final", None)]
        assert h.years("bk-vhxh") == [2020]
        table = h.table()
        # the old record is kept with its own outcomes
        assert h.outcomes(first)[-1].code == "CDBK" and h.outcomes(first)[-1].rank == 10
    assert table.cell_text(table.row("CDBK"), 2020) == "hạng 1 (99,00)"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM unit_outcomes").fetchone()[0] == 20


def test_record_is_atomic(db, block):
    bad = result_2020()
    bad.units.append(dataclasses.replace(bad.units[0]))          # the same unit twice
    with open_history(db, block) as h:
        h.record(result_2020())
        with pytest.raises(sqlite3.IntegrityError):
            h.record(bad)
        reviews = h.reviews("bk-vhxh")
        assert [(r["status"], r["superseded_by"]) for r in reviews] == [("final", None)]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM review_inputs").fetchone()[0] == 10


# --- continuity across mergers and renames ---------------------------------------------------

def test_merger_maps_old_colleges_to_cdbk(db, block):
    with open_history(db, block) as h:
        h.record(result_2019())
        h.record(result_2020())
        table = h.table("bk-vhxh", "vi")
        chairs = h.chairs("bk-vhxh")
    codes = [r.code for r in table]
    assert codes == list(block.unit_codes)                 # no separate CDCD / CDNDTNT rows
    cdbk = table.row("CDBK")
    assert [o.code for o in cdbk.cells[2019]] == ["CDCD", "CDNDTNT"]
    assert cdbk.former_codes == ["CDCD", "CDNDTNT"]
    assert table.cell_text(cdbk, 2019) == ("CDCD: hạng 11 (89,00); "
                                           "CDNDTNT: Bằng khen, hạng 4 (94,50)")
    assert table.place(cdbk, 2019) == 4
    assert chairs == {2019: ("BHXH", None), 2020: ("SYT", "BDT")}


def test_history_table_in_block_toml(tmp_path):
    from processor.config.block import load_block
    text = DEMO_BLOCK.read_text(encoding="utf-8").replace(
        "\n[awards]\n", '\n[history]\nnext_chair = "SLDTBXH"\n'
        '[history.aliases]\nCDCD = "CDBK"\n\n[awards]\n')
    config = tmp_path / "block.toml"
    config.write_text(text, encoding="utf-8")
    block = load_block(config)
    assert canonical_unit("cdcd", block) == "CDBK"
    with open_history(tmp_path / "h.sqlite", block) as h:
        h.record(dataclasses.replace(result_2020(), block=block))
        assert h.chairs()[2021] == ("SLDTBXH", None)


def test_without_config_old_units_keep_their_rows(db):
    with open_history(db) as h:
        h.record(result_2019())
        table = h.table("bk-vhxh")
    assert {"CDCD", "CDNDTNT"} <= {r.code for r in table}


def test_canonical_unit(block):
    assert canonical_unit("SYT", block) == "SYT"
    assert canonical_unit(" syt ", block) == "SYT"
    assert canonical_unit("Sở Y tế", block) == "SYT"
    assert canonical_unit("Trường Cao đẳng Cộng đồng", block) == "CDBK"
    assert canonical_unit("TRƯỜNG CAO ĐẲNG NGHỀ DÂN TỘC NỘI TRÚ TỈNH", block) == "CDBK"
    assert canonical_unit("Sở Văn hoá, Thể thao và Du lịch", block) == "SVHTTDL"  # old tone mark
    assert canonical_unit("CDCD", block) == "CDCD"          # a bare old code: no name to go by
    assert canonical_unit("XYZ", block) == "XYZ"


def test_explicit_history_aliases(db):
    block = demo_block(extra={"history": {"aliases": {"CDCD": "CDBK", "SVHTT": "SVHTTDL",
                                                      "Sở Văn hóa - Thông tin": "SVHTTDL"}}})
    assert canonical_unit("CDCD", block) == "CDBK"
    assert canonical_unit("svhtt", block) == "SVHTTDL"
    assert canonical_unit("Sở Văn hóa - Thông tin", block) == "SVHTTDL"
    looping = demo_block(extra={"history": {"aliases": {"A": "B", "B": "A", "OLD": "MID",
                                                        "MID": "Sở Y tế"}}})
    assert canonical_unit("A", looping) in ("A", "B")         # a loop ends, no recursion error
    assert canonical_unit("OLD", looping) == "SYT"            # chains are followed
    path_block = block_2019()
    renamed = dataclasses.replace(
        path_block, units=tuple(dataclasses.replace(u, code="SVHTT") if u.code == "SVHTTDL" else u
                                for u in path_block.units))
    from tests.support.history_results import make_result
    with open_history(db, block) as h:
        h.record(make_result(renamed, {"SVHTT": 90.0, "SYT": 95.0}))
        table = h.table()
        chairs = h.chairs(canonical=True)
    assert [o.code for o in table.row("SVHTTDL").cells[2019]] == ["SVHTT"]
    assert "SVHTT" not in [r.code for r in table]
    assert chairs[2019] == ("BHXH", None)


# --- importing past years --------------------------------------------------------------------

def test_import_demo_history(db, block):
    with open_history(db, block) as h:
        summary = h.import_file(DEMO_HISTORY)
        assert summary.imported == [2014, 2017, 2019] and summary.unchanged == []
        assert h.years("bk-vhxh") == [2014, 2017, 2019]
        table = h.table("bk-vhxh", "vi")
        again = h.import_file(DEMO_HISTORY)                 # same content: nothing written
        assert again.imported == [] and again.unchanged == [2014, 2017, 2019]
        assert len(h.reviews("bk-vhxh")) == 3
    text = lambda code, year: table.cell_text(table.row(code), year)  # noqa: E731
    # 2014: leader SKHCN, second DPTTH, third shared by SLDTBXH and SVHTTDL
    assert text("SKHCN", 2014) == "Dẫn đầu"
    assert text("DPTTH", 2014) == "Thứ nhì"
    assert text("SLDTBXH", 2014) == text("SVHTTDL", 2014) == "Thứ ba (đồng hạng)"
    assert text("BDT", 2014) == "Thành viên"
    assert text("CDBK", 2014) == "CDCD: Thành viên"
    assert [table.place(table.row(c), 2014) for c in ("SKHCN", "DPTTH", "SLDTBXH", "SVHTTDL")] \
        == [1, 2, 3, 3]
    # 2017: flag SGDDT, merit SLDTBXH, SKHCN, SVHTTDL, DPTTH; block numbered "Khối thi đua số 6"
    assert text("SGDDT", 2017) == "Dẫn đầu, Cờ thi đua"
    assert {c for c in block.unit_codes if text(c, 2017) == "Bằng khen"} == {
        "SLDTBXH", "SKHCN", "SVHTTDL", "DPTTH"}
    assert table.year(2017).block_name == "Khối thi đua số 6"
    assert table.year(2017).members_known is False
    # 2019: 11 members, flag STTTT, merit SYT, SGDDT, CDNDTNT (shown in CDBK's row)
    assert table.year(2019).members == 11
    assert text("STTTT", 2019) == "Dẫn đầu, Cờ thi đua"
    assert text("SYT", 2019) == text("SGDDT", 2019) == "Bằng khen"
    assert text("CDBK", 2019) == "CDCD: Thành viên; CDNDTNT: Bằng khen"
    assert all(o.final_score is None for r in table for lst in r.cells.values() for o in lst)


def test_chairs_per_year(db, block):
    with open_history(db, block) as h:
        h.import_file(DEMO_HISTORY)
        assert h.chairs("bk-vhxh") == {
            2014: ("SKHCN", None), 2017: ("SKHCN", None), 2018: ("SLDTBXH", "SGDDT"),
            2019: ("BHXH", None), 2020: ("CDNDTNT", None)}       # 2019's conference named it
        assert h.chairs("bk-vhxh", canonical=True)[2020] == ("CDBK", None)
        h.record(result_2020())                                 # the 2020 review says SYT
        assert h.chairs("bk-vhxh")[2020] == ("SYT", "BDT")


def test_import_then_consolidated_years_side_by_side(db, block):
    with open_history(db, block) as h:
        h.import_file(DEMO_HISTORY)
        h.record(result_2020())
        table = h.table()
    assert table.year_numbers == [2014, 2017, 2019, 2020]
    footer = {line[1]: line[2:] for line in table.footer_rows("vi")}
    assert footer["Khối trưởng"] == ["SKHCN", "SKHCN", "BHXH", "SYT"]
    assert footer["Nguồn"] == ["Tin tổng kết (nhập)"] * 3 + ["Tổng hợp"]
    assert footer["Tên gọi của Khối"][1] == "Khối thi đua số 6"


def test_import_refuses_to_overwrite_a_consolidated_year(db, block, tmp_path):
    path = write(tmp_path, """
        block = "bk-vhxh"
        [[years]]
        year = 2020
        leader = ["BDT"]
    """)
    with open_history(db, block) as h:
        h.record(result_2020())
        with pytest.raises(HistoryImportError) as err:
            h.import_file(path)
        assert "years[1].year" in str(err.value) and "không nhập đè" in str(err.value)
        assert [r["status"] for r in h.reviews()] == ["final"]
        h.import_file(path, replace=True)
        assert [r["status"] for r in h.reviews()] == ["superseded", "imported"]


def test_reimport_with_changed_content_supersedes(db, block, tmp_path):
    one = write(tmp_path, 'block = "bk-vhxh"\n[[years]]\nyear = 2016\nleader = ["SYT"]\n', "a.toml")
    two = write(tmp_path, 'block = "bk-vhxh"\n[[years]]\nyear = 2016\nleader = ["BDT"]\n', "b.toml")
    with open_history(db, block) as h:
        h.import_file(one)
        h.import_file(two)
        assert [r["status"] for r in h.reviews()] == ["superseded", "imported"]
        table = h.table()
    assert table.cell_text(table.row("BDT"), 2016) == "Dẫn đầu"
    assert table.cell_text(table.row("SYT"), 2016) == ""


def test_import_with_scores_and_ranks(db, block, tmp_path):
    path = write(tmp_path, """
        block = "bk-vhxh"
        [[years]]
        year = 2016
        leader = "SYT"
        [years.scores]
        SYT = 96.5
        BDT = 90
        [years.ranks]
        SYT = 1
        BDT = 2
    """)
    with open_history(db, block) as h:
        h.import_file(path)
        table = h.table()
    assert table.cell_text(table.row("SYT"), 2016) == "Dẫn đầu, hạng 1 (96,50)"
    assert table.score(table.row("BDT"), 2016) == 90.0


BAD = """
    block = "bk-khac"
    color = "red"
    [units]
    CDCD = 5
    [[years]]
    year = "2014"
    leader = ["SKHCN", "XYZ"]
    second = ["SKHCN"]
    members = ["SKHCN"]
    conference = "08/01/2015"
    chairman = "SKHCN"
    [[years]]
    year = 2014
    merit = "DPTTH"
    flag = ["DPTTH"]
    [years.scores]
    SYT = "chín mươi"
"""


def test_bad_import_lists_every_problem_with_its_key_path(block, tmp_path):
    path = write(tmp_path, BAD)
    with pytest.raises(HistoryImportError) as err:
        load_history_file(path, block)
    keys = [k for k, _ in err.value.problems]
    assert keys == ["color", "block", "units.CDCD", "years[1].chairman", "years[1].year",
                    "years[1].conference", "years[1].leader[2]", "years[1].second[1]",
                    "years[2].scores.SYT", "years[2].merit[1]"]
    message = str(err.value)
    assert message.startswith(f"Tệp lịch sử {path} có lỗi:")
    assert "years[1].leader[2]: mã đơn vị 'XYZ' không có" in message
    assert "block: mã khối 'bk-khac' khác mã khối trong cấu hình 'bk-vhxh'" in message
    assert "years[1].second[1]: đơn vị 'SKHCN' đã xếp vị trí Dẫn đầu" in message
    assert "years[1].year: cần năm (số nguyên 1990–2100), nhận được '2014'" in message


@pytest.mark.parametrize("text, key", [
    ("not toml = = =", "dòng 1, cột 5"),
    ('block = "bk-vhxh"', "years"),
    ('block = "bk-vhxh"\n[[years]]\nleader = ["SYT"]', "years[1].year"),
    ('block = "bk-vhxh"\n[[years]]\nyear = 2015\n[[years]]\nyear = 2015', "years[2].year"),
    ('block = "bk-vhxh"\n[[years]]\nyear = 2030', "years[1].year"),
    ('block = "bk-vhxh"\n[[years]]\nyear = 2015\nmembers = ["SYT"]\nmerit = ["BDT"]',
     "years[1].merit"),
    ('block = "bk-vhxh"\n[[years]]\nyear = 2015\nleader = ["SYT"]\nthird = ["SYT"]',
     "years[1].third[1]"),
    ('block = "bk-vhxh"\n[[years]]\nyear = 2015\n[years.ranks]\nSYT = 0', "years[1].ranks.SYT"),
    ('block = "bk-vhxh"\n[[years]]\nyear = 2015\nnext_chair = 7', "years[1].next_chair"),
])
def test_bad_import_cases(block, tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(HistoryImportError) as err:
        load_history_file(path, block)
    assert key in [k for k, _ in err.value.problems], err.value.problems


def test_failed_import_writes_nothing(db, block, tmp_path):
    path = write(tmp_path, """
        block = "bk-vhxh"
        [[years]]
        year = 2015
        leader = ["SYT"]
        [[years]]
        year = 2020
        leader = ["BDT"]
    """)
    with open_history(db, block) as h:
        h.record(result_2020())
        with pytest.raises(HistoryImportError):
            h.import_file(path)
        assert h.years() == [2020]


# --- the database file -----------------------------------------------------------------------

def test_schema_version_and_foreign_files(db, tmp_path):
    with open_history(db):
        pass
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"schema_version", "reviews", "unit_outcomes", "review_inputs"} <= tables
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(HistoryError, match="mới hơn"):
        open_history(db)

    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(HistoryError, match="không phải cơ sở dữ liệu SQLite"):
        open_history(junk)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(HistoryError, match="không phải tệp lịch sử"):
        open_history(other)


def test_deterministic_table(tmp_path, block):
    texts = []
    for name in ("a.sqlite", "b.sqlite"):
        with open_history(tmp_path / name, block) as h:
            h.record(result_2021())
            h.import_file(DEMO_HISTORY)
            h.record(result_2019())
            h.record(result_2020())
            texts.append(h.table().render_text())
    assert texts[0] == texts[1]


# --- the command -----------------------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(history_cmd, [str(a) for a in args], catch_exceptions=True)


def test_cli_imports_and_prints_table(db):
    res = run("--config", DEMO_BLOCK, "--db", db, "--import", DEMO_HISTORY)
    assert res.exit_code == 0, res.output
    out = res.output
    assert "Đã nhập" in out and "2014, 2017, 2019" in out
    for text in ("2014", "2017", "2019", "Khối trưởng", "Dẫn đầu, Cờ thi đua", "Thứ nhì",
                 "Thứ ba (đồng hạng)", "Bằng khen", "CDNDTNT: Bằng khen", "Số thành viên",
                 "Lịch sử Khối thi đua Văn hóa - Xã hội", "Sở Lao động - Thương binh và Xã hội"):
        assert text in out, text
    # the second call prints the table from the database, in English on request
    with open_history(db, demo_block()) as h:
        h.record(result_2020())
    res = run("--config", DEMO_BLOCK, "--db", db, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "Leader, Emulation flag" in res.output and "2020" in res.output
    assert "rank 1 (98.00)" in res.output and "Chair" in res.output


def test_cli_without_database(tmp_path):
    db = tmp_path / "none.sqlite"
    res = run("--config", DEMO_BLOCK, "--db", db)
    assert res.exit_code == 0
    assert "Chưa có tệp lịch sử" in res.output and not db.exists()


def test_cli_bad_import_exits_2_with_key_path(db, tmp_path):
    path = write(tmp_path, BAD)
    res = run("--config", DEMO_BLOCK, "--db", db, "--import", path)
    assert res.exit_code == 2
    assert isinstance(res.exception, SystemExit)          # no traceback
    assert "Tệp lịch sử" in res.output and "years[1].leader[2]" in res.output
    assert "Traceback" not in res.output
    assert not db.exists()                                # checked before touching the database


@pytest.mark.parametrize("setup", ["missing-import", "bad-config", "junk-db"])
def test_cli_errors_exit_2(tmp_path, setup):
    db = tmp_path / "h.sqlite"
    args = ["--config", DEMO_BLOCK, "--db", db]
    if setup == "missing-import":
        args += ["--import", tmp_path / "nope.toml"]
        expect = "không tìm thấy tệp"
    elif setup == "bad-config":
        args[1] = write(tmp_path, "[block]\nid = 5\n", "block.toml")
        expect = "Tệp cấu hình"
    else:
        db.write_bytes(b"garbage" * 200)
        expect = "không phải cơ sở dữ liệu SQLite"
    res = run(*args)
    assert res.exit_code == 2, res.output
    assert expect in res.output and isinstance(res.exception, SystemExit)


# --- the sheet -------------------------------------------------------------------------------

def _workbook_with_sheet(path: Path, table, result, lang="vi", styles_factory=None):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    styles = styles_factory(wb) if styles_factory else None
    wb.add_worksheet("Tổng hợp")
    history_sheet(table)(wb, styles, result, lang)
    wb.close()
    return load_workbook(path)


def test_history_sheet_with_table_and_charts(db, block, tmp_path):
    with open_history(db, block) as h:
        h.import_file(DEMO_HISTORY)
        h.record(result_2020())
        table = h.table()
    wb = _workbook_with_sheet(tmp_path / "r.xlsx", table, result_2021(), styles_factory=Styles)
    assert wb.sheetnames == ["Tổng hợp", "Lịch sử"]
    ws = wb["Lịch sử"]
    assert ws["A1"].value == "Lịch sử Khối thi đua Văn hóa - Xã hội"
    header = [c.value for c in ws[4]]
    assert header == ["Mã", "Đơn vị", "2014", "2017", "2019", "2020", "2021"]
    rows = {}
    for r in ws.iter_rows(min_row=5, values_only=True):
        rows.setdefault(r[0], r)                         # the table first, then the chart data
    assert rows["SKHCN"][2] == "Dẫn đầu"
    assert rows["CDBK"][4] == "CDCD: Thành viên; CDNDTNT: Bằng khen"
    assert rows["SYT"][5] == "Dẫn đầu, Cờ thi đua, hạng 1 (98,00)"
    assert rows["SGDDT"][6] == "Dẫn đầu, Cờ thi đua, hạng 1 (98,50)"    # the year being made
    assert len(ws._charts) == 2                          # places and scores
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith("=") for v in values)


def test_history_sheet_english_without_styles_and_only_imported_years(db, block, tmp_path):
    with open_history(db, block) as h:
        h.import_file(DEMO_HISTORY)
        table = h.table(lang="en")
    wb = _workbook_with_sheet(tmp_path / "e.xlsx", table, None, lang="en")
    ws = wb["History"]
    assert [c.value for c in ws[4]][:3] == ["Code", "Unit", "2014"]
    assert len(ws._charts) == 1                          # places from announced positions only


def test_history_sheet_through_report_hook(db, block, tmp_path):
    with open_history(db, block) as h:
        h.record(result_2020())
        table = h.table()
    path = write_report(result_2020(), tmp_path / "out", lang="vi",
                               extra_sheets=[history_sheet(table)])
    wb = load_workbook(path)
    assert "Lịch sử" in wb.sheetnames and len(wb["Lịch sử"]._charts) >= 1
