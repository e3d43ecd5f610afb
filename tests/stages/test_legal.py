"""The law in force, cited and applied: the proposal's "Căn cứ" lines follow the texts in force
on the meeting day (else the year's last day), a block adds or replaces texts under [legal],
and the women_share tie-breaker (Decree 152/2025/NĐ-CP Art. 4(6)) decides a tie only when the
block switches it on, saying so in the grounds."""
from __future__ import annotations

import dataclasses
import re
import tomllib
from datetime import date, datetime
from fractions import Fraction

import openpyxl
import pytest

from processor.config.block import ConfigError, load_block, parse_block
from processor.config.law import BUILT_IN, texts_in_force
from processor.config.tomlfile import read_toml
from processor.pipeline import consolidate
from processor.report import write_report
from processor.report.basis import basis_lines
from tests.support.workspace import DEMO_CONFIG, Workspace


def read_toml_text(text: str) -> dict:
    return tomllib.loads(text)


def demo(**changes):
    return dataclasses.replace(load_block(DEMO_CONFIG), **changes)


def numbers(lines: list[str]) -> set[str]:
    found = set()
    for t in BUILT_IN:
        for n in (t.number, *(a.number for a in t.amended_by)):
            if any(n in line for line in lines):
                found.add(n)
    return found


def test_the_demo_2020_cites_the_2003_law_as_amended_and_decree_91_2017():
    lines = basis_lines(demo())
    assert lines == [
        "Căn cứ Luật Thi đua, Khen thưởng số 15/2003/QH11 ngày 26 tháng 11 năm 2003, được sửa "
        "đổi, bổ sung bởi Luật số 47/2005/QH11 ngày 14 tháng 6 năm 2005 và Luật số "
        "39/2013/QH13 ngày 16 tháng 11 năm 2013;",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi "
        "tiết thi hành một số điều của Luật Thi đua, khen thưởng;"]


@pytest.mark.parametrize("year, meeting, cited", [
    (2025, date(2026, 1, 8), {"06/2022/QH15", "152/2025/NĐ-CP", "15/2025/TT-BNV"}),
    (2025, None, {"06/2022/QH15", "152/2025/NĐ-CP", "15/2025/TT-BNV"}),
    (2024, date(2025, 1, 10), {"06/2022/QH15", "98/2023/NĐ-CP"}),
    (2024, None, {"06/2022/QH15", "98/2023/NĐ-CP"}),
    (2023, None, {"15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "91/2017/NĐ-CP"}),
    (2023, date(2024, 1, 5), {"06/2022/QH15", "98/2023/NĐ-CP"}),   # the meeting day decides
    (2025, date(2025, 6, 30), {"06/2022/QH15", "98/2023/NĐ-CP"}),  # the day before 152 applies
])
def test_the_texts_cited_are_those_in_force_on_the_reference_day(year, meeting, cited):
    assert numbers(basis_lines(demo(year=year, meeting_date=meeting))) == cited


def test_the_2025_lines_in_full_and_in_english():
    block = demo(year=2025, meeting_date=date(2026, 1, 8))
    assert basis_lines(block) == [
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ;",
        "Căn cứ Thông tư số 15/2025/TT-BNV ngày 04 tháng 8 năm 2025 của Bộ Nội vụ;"]
    assert basis_lines(block, "en")[1] == \
        "Having regard to Decree No. 152/2025/NĐ-CP of 14 June 2025 of the Government;"


def test_a_day_before_any_built_in_text_gets_the_general_line():
    assert basis_lines(demo(year=2012, meeting_date=None)) == [
        "Căn cứ Luật Thi đua, Khen thưởng và các văn bản hướng dẫn thi hành;"]


def test_every_repealed_text_names_its_successor_and_the_windows_do_not_overlap():
    by_number = {t.number: t for t in BUILT_IN}
    for t in BUILT_IN:
        if t.repealed_by:
            after = by_number[t.repealed_by]
            assert (after.effective_from - t.effective_to).days == 1, t.number


def with_legal(tmp_path, legal: str, year: int | None = None) -> object:
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    if year is not None:
        text = text.replace("year = 2020", f"year = {year}").replace(
            "meeting_date = 2021-01-04", f"meeting_date = {year + 1}-01-08")
    config = tmp_path / "block.toml"
    config.write_text(text + "\n" + legal, encoding="utf-8")
    return load_block(config)


PROVINCE = """
[[legal.extra]]
title = "Quyết định"
number = "18/2018/QĐ-UBND"
date = 2018-08-15
issuer = "Ủy ban nhân dân tỉnh Bắc Kạn"
subject = "ban hành Quy chế công tác thi đua, khen thưởng"

[[legal.extra]]
title = "Quyết định"
number = "99/2030/QĐ-UBND"
date = 2030-01-02
effective_from = 2030-01-15
"""


def test_a_block_adds_its_provinces_decision_after_the_built_in_texts(tmp_path):
    lines = basis_lines(with_legal(tmp_path, PROVINCE))
    assert len(lines) == 3 and "91/2017/NĐ-CP" in lines[1]
    assert lines[2] == ("Căn cứ Quyết định số 18/2018/QĐ-UBND ngày 15 tháng 8 năm 2018 của Ủy "
                        "ban nhân dân tỉnh Bắc Kạn ban hành Quy chế công tác thi đua, khen "
                        "thưởng;")
    assert not any("99/2030" in line for line in lines)      # not yet in force in 2021


def test_replace_cites_only_the_blocks_texts(tmp_path):
    block = with_legal(tmp_path, "[legal]\nreplace = true\n" + PROVINCE)
    assert [t.number for t in texts_in_force(block)] == ["18/2018/QĐ-UBND"]
    assert len(basis_lines(block)) == 1


def test_the_written_proposal_carries_the_lines(tmp_path):
    from tests.support.results import demo_result
    block = with_legal(tmp_path, PROVINCE)
    path = write_report(demo_result(block=block), tmp_path / "out")
    ws = openpyxl.load_workbook(path)["Đề nghị khen thưởng"]
    texts = [str(c.value).strip("\u2003") for row in ws.iter_rows() for c in row if c.value]
    first = next(i for i, t in enumerate(texts) if t.startswith("Căn cứ"))
    assert texts[first:first + 4] == basis_lines(block) + [texts[first + 3]]
    assert texts[first + 3].startswith("Căn cứ kết quả chấm điểm, xếp hạng thi đua năm 2020")


@pytest.mark.parametrize("legal, where", [
    ("[[legal.extra]]\ntitle = \"Quyết định\"\ndate = 2018-08-15\n", "legal.extra[1].number"),
    ("[[legal.extra]]\ntitle = \"Quyết định\"\nnumber = \"1/QĐ\"\ndate = \"15/8/2018\"\n",
     "legal.extra[1].date"),
    ("[legal]\nreplace = \"có\"\n", "legal.replace"),
    ("[legal]\nadd = []\n", "legal.add"),
])
def test_a_wrong_legal_table_is_refused_with_its_key(tmp_path, legal, where):
    with pytest.raises(ConfigError) as err:
        with_legal(tmp_path, legal)
    assert where in str(err.value)


# --- the women_share tie-breaker ------------------------------------------------------------

def raw_with_women(shares: dict[str, object], breakers: list[str]) -> dict:
    raw = read_toml(DEMO_CONFIG)
    for unit in raw["units"]:
        if unit["code"] in shares:
            unit["women_share"] = shares[unit["code"]]
    raw["awards"]["tie_breakers"] = breakers
    return raw


ALL_LOW = {code: 0.4 for code in ("SKHCN", "STTTT", "SGDDT", "SYT", "SLDTBXH", "SVHTTDL", "BDT",
                                  "BHXH", "CDBK", "DPTTH")}


@pytest.mark.parametrize("given, share", [(0.72, Fraction(72, 100)), ("72%", Fraction(72, 100)),
                                          ("72,5 %", Fraction(725, 1000)), (1, Fraction(1)),
                                          ("0,72", Fraction(72, 100)),
                                          (0, Fraction(0))])
def test_a_share_of_women_is_a_fraction_or_a_percentage(given, share):
    block = parse_block(raw_with_women({**ALL_LOW, "SYT": given}, []))
    assert block.unit("SYT").women_share == share


@pytest.mark.parametrize("given", [72, 1.5, "72", "150%", "nhiều", True, -0.1])
def test_a_wrong_share_of_women_is_refused_with_its_unit(given):
    with pytest.raises(ConfigError) as err:
        parse_block(raw_with_women({"SYT": given}, []))
    assert "units[4].women_share" in str(err.value) and "tỷ lệ nữ" in str(err.value)


def test_the_tie_breaker_needs_every_units_share():
    with pytest.raises(ConfigError) as err:
        parse_block(raw_with_women({"SYT": 0.8}, ["women_share"]))
    message = str(err.value)
    assert "awards.tie_breakers[1]" in message and "SKHCN" in message and "SYT" not in message


TIED = {"SKHCN": 0.95, "STTTT": 0.95}      # the two best units, tied for first place


def test_women_share_decides_a_tie_and_the_grounds_say_so(tmp_path):
    shares = {**ALL_LOW, "STTTT": "75%"}
    block = parse_block(raw_with_women(shares, ["women_share"]), source=str(DEMO_CONFIG))
    ws = Workspace(tmp_path, block)
    ws.submit_all(TIED)
    r = consolidate(block, ws.inbox)
    first, second = r.unit("STTTT"), r.unit("SKHCN")
    assert first.final_score == second.final_score
    assert (first.rank, first.tied, second.rank, second.tied) == (1, False, 2, False)
    assert r.recommendations.flag == ["STTTT"]
    score = f"{first.final_score:g}".replace(".", ",")
    assert (f"Bằng điểm {score} với SKHCN; xếp trên vì là tập thể có từ 70% nữ trở lên (75% nữ, "
            "SKHCN: 40%), được ưu tiên theo khoản 6 Điều 4 Nghị định số 152/2025/NĐ-CP"
            in first.grounds)
    assert (f"Bằng điểm {score} với STTTT; xếp dưới vì STTTT là tập thể có từ 70% nữ trở lên "
            "(75% nữ, đơn vị có 40%), được ưu tiên theo khoản 6 Điều 4 Nghị định số "
            "152/2025/NĐ-CP" in second.grounds)


def test_two_collectives_both_over_70_percent_stay_tied(tmp_path):
    shares = {**ALL_LOW, "STTTT": 0.9, "SKHCN": 0.7}
    block = parse_block(raw_with_women(shares, ["women_share"]), source=str(DEMO_CONFIG))
    ws = Workspace(tmp_path, block)
    ws.submit_all(TIED)
    r = consolidate(block, ws.inbox)
    assert (r.unit("STTTT").rank, r.unit("SKHCN").rank) == (1, 1)
    assert r.unit("STTTT").tied and not any("70%" in g for g in r.unit("STTTT").grounds)


def test_off_by_default_the_share_of_women_changes_nothing(tmp_path):
    shares = {**ALL_LOW, "STTTT": "75%"}
    block = parse_block(raw_with_women(shares, []), source=str(DEMO_CONFIG))
    assert load_block(DEMO_CONFIG).awards.tie_breakers == ()
    ws = Workspace(tmp_path, block)
    ws.submit_all(TIED)
    r = consolidate(block, ws.inbox)
    assert (r.unit("STTTT").rank, r.unit("SKHCN").rank) == (1, 1)
    assert r.unit("STTTT").tied and r.recommendations.flag == []
    assert not any("nữ" in g for u in r.units for g in u.grounds)


def test_no_unit_of_the_demo_has_a_share_of_women():
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    assert not re.search(r"^\s*women_share", text, re.M) and "[legal" not in text


def test_the_docs_list_every_built_in_text_and_the_readme_links_them():
    root = DEMO_CONFIG.parents[1]
    doc = (root / "docs" / "legal.md").read_text(encoding="utf-8")
    for t in BUILT_IN:
        assert t.number in doc and f"{t.issued.day:02d}/{t.issued.month}/{t.issued.year}" in doc
        for a in t.amended_by:
            assert a.number in doc
    assert "(docs/legal.md)" in (root / "README.md").read_text(encoding="utf-8")


def test_a_text_that_ends_before_it_starts_is_refused(tmp_path):
    with pytest.raises(ConfigError) as err:
        with_legal(tmp_path, "[[legal.extra]]\ntitle = \"Quyết định\"\nnumber = \"1/QĐ\"\n"
                             "date = 2018-08-15\neffective_from = 2019-01-01\n"
                             "effective_to = 2018-12-31\n")
    assert "legal.extra[1].effective_to" in str(err.value) and "2019-01-01" in str(err.value)


def test_the_share_of_women_and_the_legal_texts_survive_the_block_workbook(tmp_path):
    from processor.config.compare import differences
    from processor.report.config_book import write_config_book

    raw = raw_with_women({**ALL_LOW, "STTTT": "75%", "SYT": 0.725}, ["women_share", "bonus"])
    raw["legal"] = read_toml_text(PROVINCE)["legal"]
    raw["legal"]["replace"] = True
    toml_block = parse_block(raw, source=str(DEMO_CONFIG))
    path = write_config_book(raw, tmp_path / "khoi.xlsx", datetime(2021, 1, 1))
    book_block = load_block(path)
    assert differences(toml_block, book_block) == []
    assert [u.women_share for u in book_block.units] == [u.women_share for u in toml_block.units]
    assert book_block.awards.tie_breakers == ("women_share", "bonus")
    assert texts_in_force(book_block) == texts_in_force(toml_block)
    assert basis_lines(book_block) == basis_lines(toml_block) and len(basis_lines(book_block)) == 1
