"""A member that takes no part this year (``[[units]] not_participating``), through the real
command: the result becomes final, the unit is shown as not assessed with its reason, and a
fractional merit quota is taken of the documented base, named in the grounds."""
import json

import openpyxl
import pytest
from click.testing import CliRunner

from processor.cli import cli
from processor.config.block import load_block
from tests.support.workspace import DEMO_CONFIG, Workspace

REASON = "Sáp nhập vào Sở Văn hóa, Thể thao và Du lịch từ 01/10/2020"
DEMO_TEXT = DEMO_CONFIG.read_text(encoding="utf-8")


def config_text(base: str | None = None, fraction: float | None = 0.3, absent: str = "DPTTH") -> str:
    text = DEMO_TEXT
    if absent:
        anchor = f'code = "{absent}"\n'
        assert anchor in text
        text = text.replace(anchor, anchor + f'not_participating = "{REASON}"\n', 1)
    if fraction is not None:
        merit = f"[awards.merit]\nfraction = {fraction}\n" + (f'base = "{base}"\n' if base else "")
        assert "[awards.merit]\ncount = 4\n" in text
        text = text.replace("[awards.merit]\ncount = 4\n", merit, 1)
    return text


def workspace(tmp_path, text: str, skip=("DPTTH",)) -> tuple[Workspace, object]:
    config = tmp_path / "block.toml"
    config.write_text(text, encoding="utf-8")
    ws = Workspace(tmp_path / "ws", block=load_block(config))
    for i, unit in enumerate(ws.block.unit_codes):
        if unit not in skip:
            ws.submit(unit, level=0.95 - 0.01 * i)
    return ws, config


def consolidate(ws, config, lang="vi"):
    out_json = ws.root / "ket-qua.json"
    res = CliRunner().invoke(cli, ["consolidate", "--config", str(config), "--inbox", str(ws.inbox),
                                   "--out", str(ws.out), "--json", str(out_json), "--lang", lang],
                             catch_exceptions=False)
    data = json.loads(out_json.read_text(encoding="utf-8"))
    prefix = "result" if lang == "en" else "ket-qua"
    book = openpyxl.load_workbook(next(ws.out.glob(f"{prefix}-*.xlsx")))
    return res, data, book


def cells(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def unit(data, code):
    return next(u for u in data["units"] if u["code"] == code)


def test_a_non_participant_leaves_the_result_final_and_is_shown_as_not_assessed(tmp_path):
    ws, config = workspace(tmp_path, config_text(base="assessed"))
    res, data, book = consolidate(ws, config)
    assert res.exit_code == 0, res.output                  # final: nothing is missing
    assert data["provisional"] is False and "provisional_reasons" not in data
    assert data["counts"] == {"expected": 9, "received": 9, "not_participating": 1}
    dptth = unit(data, "DPTTH")
    assert dptth["status"] == "not_participating"
    assert dptth["rank"] is None and dptth["eligible"] is False and dptth["award"] is None
    assert dptth["reasons"] == [f"Không tham gia đánh giá: {REASON}"]
    assert not [f for f in data["findings"] if f["unit"] == "DPTTH"]     # no missing-file error
    ranks = sorted(u["rank"] for u in data["units"] if u["rank"] is not None)
    assert ranks == list(range(1, 10))
    # the summary sheet: the unit's row says so, with the reason; the counts name it
    summary = book["Tổng hợp"]
    row = next(r for r in summary.iter_rows(values_only=True) if "DPTTH" in r)
    assert "Không tham gia đánh giá" in row and any(REASON in str(v) for v in row if v)
    assert any("Không tham gia đánh giá: Đài PT-TH." in t for t in cells(summary))
    assert any("Đã nhận 9/9" in t for t in cells(summary))
    # the detail sheet: its column is not painted as "not scored" (a missing value to chase)
    detail = book["Chi tiết điểm"]
    head = next((c for row in detail.iter_rows(max_row=10) for c in row if c.value == "Đài PT-TH"))
    column = [c for c in detail[head.column_letter][head.row:] if c.fill.fgColor.rgb]
    assert column and not any(c.fill.fgColor.rgb.endswith("FCE4D6") for c in column)
    syt = next((c for row in detail.iter_rows(max_row=10) for c in row if c.value == "Sở Y tế"))
    assert detail.cell(syt.row + 2, syt.column).value is not None          # a scored column
    # a final result: no draft mark anywhere
    for sheet in book.worksheets:
        assert not any("DỰ THẢO" in t for t in cells(sheet)), sheet.title
        assert not sheet.oddHeader.center.text, sheet.title
    assert "không tham gia" in res.output


@pytest.mark.parametrize("base, count, quota, words", [
    ("assessed", 9, 2, "30% của 9 đơn vị tham gia đánh giá, làm tròn xuống"),
    (None, 10, 3, "30% của 10 đơn vị thành viên, làm tròn xuống"),        # the default
    ("members", 10, 3, "30% của 10 đơn vị thành viên, làm tròn xuống"),
])
def test_a_fractional_merit_quota_names_its_base_and_count(tmp_path, base, count, quota, words):
    ws, config = workspace(tmp_path, config_text(base=base))
    res, data, book = consolidate(ws, config)
    assert res.exit_code == 0, res.output
    merit = data["recommendations"]["merit"]
    assert len(merit) == quota
    for code in merit:
        assert any(f"Trong chỉ tiêu {quota} Bằng khen của Khối ({words})" in g
                   for g in unit(data, code)["grounds"]), unit(data, code)["grounds"]
    outside = [u for u in data["units"] if u["status"] == "ok" and not u["award"]
               and not u["position"]]
    assert outside and all(f"Ngoài chỉ tiêu {quota} Bằng khen của Khối ({words})" in u["reasons"]
                           for u in outside)
    # the proposals print the grounds of each proposed unit
    assert any(words in t for t in cells(book["Đề nghị khen thưởng"]))


def test_the_base_in_english(tmp_path):
    ws, config = workspace(tmp_path, config_text(base="assessed"))
    res, data, _ = consolidate(ws, config, lang="en")
    assert res.exit_code == 0, res.output
    code = data["recommendations"]["merit"][0]
    assert any("(30% of 9 units taking part, rounded down)" in g for g in unit(data, code)["grounds"])
    assert unit(data, "DPTTH")["reasons"] == [f"Not assessed (did not take part): {REASON}"]


def test_a_count_quota_keeps_its_grounds(tmp_path):
    ws, config = workspace(tmp_path, config_text(fraction=None))
    res, data, _ = consolidate(ws, config)
    assert res.exit_code == 0, res.output
    assert len(data["recommendations"]["merit"]) == 4
    code = data["recommendations"]["merit"][0]
    assert "Trong chỉ tiêu 4 Bằng khen của Khối, đạt điểm tối thiểu (85,00), hồ sơ đầy đủ, hợp lệ" \
        in unit(data, code)["grounds"]


def test_a_file_from_a_non_participant_is_set_aside_with_a_warning(tmp_path):
    ws, config = workspace(tmp_path, config_text(base="assessed"), skip=())
    res, data, book = consolidate(ws, config)
    assert res.exit_code == 0, res.output
    assert unit(data, "DPTTH")["status"] == "not_participating"
    assert unit(data, "DPTTH")["final_score"] is None
    u004 = [f for f in data["findings"] if f["code"] == "U004"]
    assert len(u004) == 1 and u004[0]["unit"] == "DPTTH" and u004[0]["severity"] == "warning"
    assert u004[0]["file"] == "DPTTH.xlsx" and REASON in u004[0]["message"]
    source = next(s for s in data["sources"] if s["file"] == "DPTTH.xlsx")
    assert source["status"] == "ignored"
    assert any("U004" in t for t in cells(book["Lỗi và cảnh báo"]))


def test_without_the_key_the_same_inbox_stays_provisional(tmp_path):
    ws, config = workspace(tmp_path, config_text(absent="", base="assessed"))
    res, data, _ = consolidate(ws, config)
    assert res.exit_code == 3
    assert unit(data, "DPTTH")["status"] == "missing"
    assert data["provisional_reasons"] == [{
        "kind": "missing", "units": ["DPTTH"],
        "text": "1 đơn vị chưa gửi bảng tự chấm (Đài PT-TH)"}]


def test_check_feedback_tells_a_non_participant_it_is_not_assessed(tmp_path):
    ws, config = workspace(tmp_path, config_text(base="assessed"))
    fb = tmp_path / "thu"
    res = CliRunner().invoke(cli, ["check", "--config", str(config), "--inbox", str(ws.inbox),
                                   "--feedback", str(fb)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    letter = (fb / "DPTTH.txt").read_text(encoding="utf-8")
    assert "không tham gia đánh giá" in letter and REASON in letter
    assert "chưa nhận được" not in letter


@pytest.mark.parametrize("old, new, shown", [
    ('code = "DPTTH"\n', 'code = "DPTTH"\nnot_participating = ""\n', "units[10].not_participating"),
    ("[awards.merit]\ncount = 4\n", '[awards.merit]\nfraction = 0.3\nbase = "all"\n',
     "awards.merit.base"),
    ("[awards.merit]\ncount = 4\n", '[awards.merit]\nfraction = 0.3\nbasis = "assessed"\n',
     "awards.merit.basis"),
])
def test_bad_values_are_refused_by_key(tmp_path, old, new, shown):
    config = tmp_path / "block.toml"
    config.write_text(DEMO_TEXT.replace(old, new, 1), encoding="utf-8")
    res = CliRunner().invoke(cli, ["consolidate", "--config", str(config), "--inbox", str(tmp_path),
                                   "--out", str(tmp_path / "out")])
    assert res.exit_code == 2, res.output
    assert shown in res.output and "Traceback" not in res.output
