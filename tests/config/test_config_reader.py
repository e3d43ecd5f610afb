"""The one config reader and the schema: typed values, every problem by key path, 1-based."""
import copy
import math
import tomllib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from processor.config import ConfigError, IntakeLimits, parse_block, settings
from processor.config.reader import read
from processor.config.schema import BLOCK_FILE, UNIT, default
from processor.config.spec import (Array, Boolean, Choice, Integer, Key, ListOf, MapOf, Namespace,
                                   Number, Table, Text)
from tests.support.workspace import DEMO_CONFIG

DEMO = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))


def demo(**changes) -> dict:
    raw = copy.deepcopy(DEMO)
    for path, value in changes.items():
        *parents, name = path.split("__")
        node = raw
        for part in parents:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        node[name] = value
    return raw


def problems(raw: dict) -> list[tuple[str, str]]:
    with pytest.raises(ConfigError) as err:
        parse_block(raw, source="block.toml")
    return err.value.problems


# --- numbers, types, ranges: refused by key ------------------------------------------------------

@pytest.mark.parametrize("path, value, key, words", [
    ("intake__max_ratio", math.nan, "intake.max_ratio", "nan"),
    ("intake__max_ratio", math.inf, "intake.max_ratio", "vô hạn"),
    ("intake__max_ratio", -math.inf, "intake.max_ratio", "vô hạn"),
    ("intake__max_ratio", 10**400, "intake.max_ratio", "quá lớn"),
    ("intake__max_ratio", 0.5, "intake.max_ratio", "từ 1 trở lên"),
    ("intake__max_entries", 2**63, "intake.max_entries", "quá lớn"),
    ("intake__max_entries", 0, "intake.max_entries", "từ 1 trở lên"),
    ("intake__max_entries", True, "intake.max_entries", "cần số nguyên"),
    ("intake__max_entries", 10.0, "intake.max_entries", "cần số nguyên"),
    ("intake__verify_sizes", 1, "intake.verify_sizes", "true hoặc false"),
    ("awards__flag__count", -1, "awards.flag.count", "từ 0 trở lên"),
    ("awards__merit__count", -4, "awards.merit.count", "từ 0 trở lên"),
    ("awards__flag__min_score", True, "awards.flag.min_score", "cần một số"),
    ("awards__flag__min_score", "90", "awards.flag.min_score", "không đặt trong ngoặc kép"),
    ("awards__merit__fraction", 1.5, "awards.merit.fraction", "từ 0 đến 1"),
    ("sections__0__criteria__0__max", 0, "sections[1].criteria[1].max", "lớn hơn 0"),
    ("sections__0__criteria__0__max", math.nan, "sections[1].criteria[1].max", "nan"),
])
def test_bad_values_are_refused_by_key(path, value, key, words):
    found = problems(demo(**{path: value}))
    assert [k for k, _ in found] == [key], found
    assert words in found[0][1]


def test_a_string_or_bool_where_a_list_belongs():
    found = dict(problems(demo(units__8__not_applicable="II.1", rotation__order=True)))
    assert found["units[9].not_applicable"].startswith("cần một danh sách [...] (ví dụ [")
    assert "nhận được 'II.1'" in found["units[9].not_applicable"]
    assert found["rotation.order"].endswith("nhận được true")


def test_a_table_where_a_value_belongs_and_the_reverse():
    found = dict(problems(demo(block__name={"a": 1}, awards__flag=3)))
    assert found["block.name"] == "cần chuỗi ký tự (đặt trong ngoặc kép), nhận được một bảng"
    assert found["awards.flag"] == "cần một bảng [awards.flag], nhận được 3"


def test_every_problem_at_once_in_the_order_written():
    raw = demo()
    raw["units"][2]["emails"] = [1]
    raw["units"][9]["cuont"] = 3
    raw["block"]["year"] = 1800
    raw["awards"]["merit"]["fraction"] = 0.3
    keys = [k for k, _ in problems(raw)]
    assert keys == ["block.year", "units[3].emails[1]", "units[10].cuont", "awards.merit"]


# --- unknown keys ------------------------------------------------------------------------------

def test_unknown_key_suggests_the_closest_known_key():
    raw = demo()
    raw["units"][8]["sholt_name"] = "CĐ"
    assert problems(raw) == [("units[9].sholt_name", "khóa không có; có phải 'short_name'?")]


def test_exclusion_under_the_wrong_table_is_an_unknown_key():
    raw = demo(awards__merit__exclusions=[{"unit": "SYT", "reason": "x"}])
    (key, msg), = problems(raw)
    assert key == "awards.merit.exclusions"
    assert msg.startswith("khóa không có ở [awards.merit]; 'exclusions' thuộc [awards]")


def test_a_block_key_that_fell_under_the_last_unit():
    raw = demo()
    raw["units"][-1]["deadline"] = datetime(2020, 12, 20)
    (key, msg), = problems(raw)
    assert key == "units[10].deadline" and "'deadline' thuộc [block]" in msg


def test_an_unknown_table_and_a_key_that_is_not_bare_are_quoted_in_the_path():
    raw = demo(awrds={"flag": {}})
    raw["block"]["tên khối"] = "x"
    found = dict(problems(raw))
    assert found["awrds"] == "khóa không có; có phải 'awards'?"
    assert '"tên khối"' in "".join(found) and 'block."tên khối"' in found


def test_keys_differing_only_in_case_are_unknown_with_the_right_spelling_suggested():
    assert problems(demo(block__Name="x")) == [("block.Name", "khóa không có; có phải 'name'?")]


# --- references, duplicates ----------------------------------------------------------------------

def test_references_suggest_the_closest_code():
    found = dict(problems(demo(block__chair="SYTT")))
    assert found == {"block.chair": "mã đơn vị 'SYTT' không có trong [[units]]; có phải 'SYT'?"}


def test_duplicates_name_the_first_place():
    raw = demo()
    raw["units"][3]["code"] = "SKHCN"
    raw["sections"][1]["criteria"][0]["code"] = "I.1"
    raw["sections"][2]["code"] = "I"
    found = dict(problems(raw))
    assert found["units[4].code"] == "mã đơn vị 'SKHCN' bị trùng (đã có ở units[1].code)"
    assert found["sections[2].criteria[1].code"] == \
        "tiêu chí 'I.1' bị trùng (đã có ở sections[1].criteria[1].code)"
    assert found["sections[3].code"] == "nhóm tiêu chí 'I' bị trùng (đã có ở sections[1].code)"


def test_missing_required_keys_and_empty_arrays():
    raw = demo()
    del raw["block"]["chair"]
    raw["sections"][0]["criteria"] = []
    found = dict(problems(raw))
    assert found["block.chair"] == "thiếu (bắt buộc)"
    assert found["sections[1].criteria"] == "cần ít nhất 1 bảng [[sections.criteria]]"


def test_late_deduction_rules_tie_keys_together():
    found = dict(problems(demo(block__late_deduction={"criterion": "I.1", "points": 2})))
    assert "tiêu chí score" in found["block.late_deduction.criterion"]
    found = dict(problems(demo(block__late_deduction={"criterion": "VIII.2", "points": 3})))
    assert "không quá 2 (điểm tối đa của VIII.2)" in found["block.late_deduction.points"]
    block = parse_block(demo(block__late_deduction={"criterion": "VIII.2", "points": 2}))
    assert block.late_deduction == ("VIII.2", 2.0)


def test_tie_breakers_name_the_item():
    found = dict(problems(demo(awards__tie_breakers=["bonus", "section:IX"])))
    assert list(found) == ["awards.tie_breakers[2]"]


# --- values the model gets -------------------------------------------------------------------------

def test_timezone_default_and_validation():
    block = parse_block(demo())
    assert block.timezone == "Asia/Ho_Chi_Minh" and block.tz == ZoneInfo("Asia/Ho_Chi_Minh")
    assert parse_block(demo(block__timezone="Europe/Paris")).tz == ZoneInfo("Europe/Paris")
    found = dict(problems(demo(block__timezone="Asia/Hanoi")))
    assert found == {"block.timezone": "không có múi giờ 'Asia/Hanoi'; giờ Việt Nam là 'Asia/Ho_Chi_Minh'"}
    found = dict(problems(demo(block__timezone="Asia/Ho_Chi_Min")))
    assert found["block.timezone"].endswith("có phải 'Asia/Ho_Chi_Minh'?")
    assert "block.timezone" in dict(problems(demo(block__timezone="../../etc/passwd")))


def test_a_deadline_with_an_offset_is_the_blocks_wall_clock_time():
    from datetime import timedelta, timezone
    utc = datetime(2020, 12, 20, 10, 0, tzinfo=timezone.utc)
    assert parse_block(demo(block__deadline=utc)).deadline == datetime(2020, 12, 20, 17, 0)
    plus7 = datetime(2020, 12, 20, 17, 0, tzinfo=timezone(timedelta(hours=7)))
    assert parse_block(demo(block__deadline=plus7)).deadline == datetime(2020, 12, 20, 17, 0)


def test_derived_defaults():
    raw = demo()
    del raw["units"][0]["short_name"]
    del raw["block"]["place"]
    del raw["block"]["issuing_body"]
    block = parse_block(raw)
    assert block.units[0].short_name == block.units[0].name
    assert block.place == block.province and block.issuing_body == (block.name,)
    assert block.sections[6].criteria[0].kind == "bonus"            # the section's kind


def test_settings_give_typed_values_of_the_other_tables_with_defaults():
    block = parse_block(demo(history={"next_chair": " SLDTBXH ", "aliases": {"CDCD": "CDBK"}}))
    s = settings(block)
    assert s["history"] == {"aliases": {"CDCD": "CDBK"}, "next_chair": "SLDTBXH", "next_deputy": None}
    assert s["intake"]["max_ratio"] == 100.0 and s["ballots"]["voters"] is None


def test_intake_limits_from_config():
    # re-homed from test_sniff: the [intake] table is read by the schema, not by IntakeLimits
    assert IntakeLimits.from_config({"max_entries": 10}).max_entries == 10
    assert IntakeLimits.from_config(None) == IntakeLimits()
    with pytest.raises(ConfigError) as err:
        IntakeLimits.from_config({"max_entires": 10})
    assert err.value.problems == [("intake.max_entires", "khóa không có; có phải 'max_entries'?")]
    with pytest.raises(ConfigError) as err:
        IntakeLimits.from_config({"max_ratio": math.nan})
    assert [k for k, _ in err.value.problems] == ["intake.max_ratio"]


def test_model_defaults_are_the_schemas():
    from processor.config.review import ReviewConfig
    limits = IntakeLimits()
    for key in BLOCK_FILE.by_name["intake"].type.keys:
        assert getattr(limits, key.name) == key.default
    cfg = ReviewConfig()
    assert cfg.verification.require_reason == default("review.require_reason") is True
    assert cfg.ballots.quorum == default("ballots.quorum")
    assert cfg.eligibility.awards == default("eligibility.awards") == ("flag", "merit")


# --- the reader on its own: another root, and places other than key paths -------------------------

YEAR = Namespace("year", "năm", "year", "[[years]]")
OTHER = Table((
    Key("block", Text(nonempty=True), "Mã khối.", "Block code.", required=True),
    Key("units", MapOf(Text(), Text(normalize=True, nonempty=True)), "Đơn vị.", "Units.", default={}),
    Key("years", Array(Table((
        Key("year", Integer(lo=1990, hi=2100, defines=YEAR), "Năm.", "Year.", required=True),
        Key("leader", ListOf(Text(refers=UNIT), unique=True), "Dẫn đầu.", "Leader.", default=[]),
        Key("scores", MapOf(Text(refers=UNIT), Number(lo=0)), "Điểm.", "Scores.", default={}),
        Key("kind", Choice(values=("final", "draft")), "Loại.", "Kind.", default="final"),
        Key("members_known", Boolean(), "Đủ thành viên.", "Members known.", default=True),
    )), min_items=1), "Các năm.", "Years.", required=True),
))


def test_the_reader_reads_another_root_with_known_codes():
    raw = {"block": "bk", "years": [
        {"year": 2019, "leader": ["SYT"], "scores": {"SYT": 95, "BDT": 90.5}},
        {"year": 2019, "leader": ["SYT", "XYZ", "SYT"], "scores": {"SYT": math.nan}, "kind": "fnal",
         "color": "red"}]}
    reading = read(raw, OTHER, known={UNIT: ("SYT", "BDT")})
    assert reading.values["years"][0] == {"year": 2019, "leader": ["SYT"],
                                          "scores": {"SYT": 95.0, "BDT": 90.5},
                                          "kind": "final", "members_known": True}
    assert reading.ordered_problems() == [
        ("years[2].year", "năm '2019' bị trùng (đã có ở years[1].year)"),
        ("years[2].leader[2]", "mã đơn vị 'XYZ' không có trong [[units]]"),
        ("years[2].leader[3]", "mã đơn vị 'SYT' bị trùng (đã có ở years[2].leader[1])"),
        ("years[2].scores.SYT", "cần một số, nhận được nan (không phải số)"),
        ("years[2].kind", "cần một trong final, draft, nhận được 'fnal'; có phải 'final'?"),
        ("years[2].color",
         "khóa không có; các khóa dùng được ở đây: year, leader, scores, kind, members_known"),
    ]


def test_locate_names_where_a_value_was_typed():
    cells = {"units[2].code": "Đơn vị!A3", "block.year": "Khối!B4"}
    raw = demo(block__year=1800)
    raw["units"][1]["code"] = "S K"
    with pytest.raises(ConfigError) as err:
        parse_block(raw, source="khoi.xlsx", locate=cells.get)
    text = str(err.value)
    assert text.startswith("Tệp cấu hình khoi.xlsx có lỗi:\n")
    assert "  - Khối!B4 (block.year): cần số nguyên từ 1990 đến 2100, nhận được 1800" in text
    assert "  - Đơn vị!A3 (units[2].code): cần mã gồm chữ, số" in text
    assert err.value.where == cells
