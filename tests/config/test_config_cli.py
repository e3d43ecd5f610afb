"""A broken block.toml through the real command: exit 2, the key named, nothing written, no
traceback; never exit 1 and never silently accepted."""
import copy
import json
import re
import subprocess
import sys
import tomllib

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from processor.cli import cli
from processor.config import ConfigError, parse_block
from processor.config.schema import BLOCK_FILE
from processor.config.spec import Array, Table
from tests.support.workspace import DEMO_CONFIG

DEMO_TEXT = DEMO_CONFIG.read_text(encoding="utf-8")
DEMO = tomllib.loads(DEMO_TEXT)


def consolidate(tmp_path, text: str, name: str = "bad.toml"):
    config = tmp_path / name
    config.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["consolidate", "--config", str(config), "--inbox", str(tmp_path),
                                   "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert isinstance(res.exception, SystemExit) and "Traceback" not in res.output
    assert res.output.startswith(f"Tệp cấu hình {config} có lỗi:\n")
    assert not out.exists()                     # nothing written before the config is good
    return res.output


def edited(old: str, new: str) -> str:
    assert old in DEMO_TEXT
    return DEMO_TEXT.replace(old, new, 1)


@pytest.mark.parametrize("old, new, line", [
    ("[awards]\n", "[intake]\nmax_ratio = nan\n\n[awards]\n",
     "  - intake.max_ratio: cần một số, nhận được nan (không phải số)"),
    ("[awards]\n", "[intake]\nmax_ratio = inf\n\n[awards]\n",
     "  - intake.max_ratio: số quá lớn hoặc vô hạn, nhận được inf"),
    ("  max = 5\n", "  max = -inf\n",
     "  - sections[1].criteria[3].max: số quá lớn hoặc vô hạn, nhận được -inf"),
    ("[awards]\n", "[intake]\nmax_file_bytes = 99999999999999999999999\n\n[awards]\n",
     "  - intake.max_file_bytes: số quá lớn (tối đa 9007199254740991), nhận được 99999999999999999999999"),
    ("  max = 20\n", "  max = 1e400\n",
     "  - sections[1].criteria[1].max: số quá lớn hoặc vô hạn, nhận được inf"),
    ("  max = 20\n", "  max = 123456789012345678901234567890\n",
     "  - sections[1].criteria[1].max: số quá lớn, nhận được 123456789012345678901234567890"),
    ("count = 4\n", "count = -4\n", "  - awards.merit.count: cần số nguyên từ 0 trở lên, nhận được -4"),
    ("count = 4\n", 'count = "bốn"\n', "  - awards.merit.count: cần số nguyên, nhận được 'bốn'"),
    ("count = 4\n", "count = true\n", "  - awards.merit.count: cần số nguyên, nhận được true"),
    ("min_score = 90\n", "min_score = false\n", "  - awards.flag.min_score: cần một số, nhận được false"),
    ('not_applicable = ["II.1", "III.2"]', 'not_applicable = "II.1"',
     "  - units[9].not_applicable: cần một danh sách [...] (ví dụ [\"II.1\", \"III.2\"]), nhận được 'II.1'"),
    ('short_name = "Đài PT-TH"', 'sholt_name = "Đài PT-TH"',
     "  - units[10].sholt_name: khóa không có; có phải 'short_name'?"),
    ("[awards.merit]\ncount = 4\n", "[awards.merit]\ncuont = 4\n",
     "  - awards.merit.cuont: khóa không có; có phải 'count'?"),
    ("[awards.merit]\ncount = 4\n",
     '[awards.merit]\ncount = 4\nexclusions = [{ unit = "SYT", reason = "kỷ luật" }]\n',
     "  - awards.merit.exclusions: khóa không có ở [awards.merit]; 'exclusions' thuộc [awards]"),
    ("year = 2020\n", 'year = "2020"\n',
     "  - block.year: cần số nguyên (viết số, không đặt trong ngoặc kép), nhận được '2020'"),
    ('rule = "leader_becomes_deputy"', 'rule = "leader_becomes_deputy"\nskip_recent = -1',
     "  - rotation.skip_recent: cần số nguyên từ 0 trở lên, nhận được -1"),
])
def test_refused_by_key(tmp_path, old, new, line):
    output = consolidate(tmp_path, edited(old, new))
    assert line in output.splitlines() or any(x.startswith(line) for x in output.splitlines()), output


def test_every_problem_of_a_file_at_once(tmp_path):
    text = edited("count = 4\n", "count = -4\n").replace("year = 2020\n", "year = 1800\n")
    text = text.replace('short_name = "Sở Y tế"', 'sholt_name = "Sở Y tế"')
    keys = re.findall(r"^  - (\S+):", consolidate(tmp_path, text), re.M)
    assert keys == ["block.year", "units[4].sholt_name", "awards.merit.count"]


@pytest.mark.parametrize("text, where, what, shown", [
    ("[block\nid = 1\n", "dòng 1, cột 7", "thiếu dấu ']' đóng tên bảng", "      1 | [block"),
    ('[block]\nname = Khối\n', "dòng 2, cột 8", "giá trị không hợp lệ", "      2 | name = Khối"),
    ('[block]\nid = "a"\nid = "b"\n', "dòng 3, cột 9", "một khóa được gán hai lần", '      3 | id = "b"'),
    ('[block]\nplace = "C:\\Users\\thuky"\n', "dòng 2, cột 14", "dấu \\ trong chuỗi", None),
    ('[block]\nname = "Khối\n', "dòng 2, cột 13", "chuỗi chưa đóng dấu ngoặc kép", None),
])
def test_toml_syntax_errors_in_vietnamese_with_line_and_column(tmp_path, text, where, what, shown):
    output = consolidate(tmp_path, text)
    first = output.splitlines()[1]
    assert first.startswith(f"  - {where}: lỗi cú pháp TOML: ") and what in first, output
    if shown:
        assert shown in output.splitlines()
    caret = output.splitlines()[3]
    col = int(where.rsplit(" ", 1)[1])
    assert caret.index("^") - caret.index("|") - 2 == col - 1          # the caret under the column


def test_nesting_a_thousand_deep(tmp_path):
    # tomllib recurses for nested arrays and inline tables: a RecursionError, caught
    for value in ("[" * 1000 + "]" * 1000, "{a=" * 1000 + "1" + "}" * 1000):
        output = consolidate(tmp_path, edited("[awards]\n", f"[intake]\nx = {value}\n\n[awards]\n"))
        assert "lồng nhau quá sâu" in output
    # dotted table names parse without recursion: the unknown key is named, its contents never shown
    deep = "[" + ".".join(["a"] * 1000) + "]\nx = 1\n"
    output = consolidate(tmp_path, DEMO_TEXT + deep)
    assert "  - a: khóa không có; các khóa dùng được ở đây: block, units" in output
    assert len(output) < 2000


def test_other_unreadable_files(tmp_path):
    (tmp_path / "latin1.toml").write_bytes(b'[block]\nname = "Kh\xf4i"\n')      # Latin-1, not UTF-8
    res = CliRunner().invoke(cli, ["check", "--config", str(tmp_path / "latin1.toml"),
                                   "--inbox", str(tmp_path)])
    assert res.exit_code == 2 and "dòng 2: tệp không phải UTF-8" in res.output
    (tmp_path / "long.toml").write_text("a = " + "9" * 5000 + "\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", "--config", str(tmp_path / "long.toml"),
                                   "--inbox", str(tmp_path)])
    assert res.exit_code == 2 and "dòng 1: số quá dài" in res.output


def test_a_byte_order_mark_is_accepted(tmp_path):
    config = tmp_path / "bom.toml"
    config.write_bytes(b"\xef\xbb\xbf" + DEMO_TEXT.encode("utf-8"))
    res = CliRunner().invoke(cli, ["templates", "--config", str(config), "--out", str(tmp_path / "t")])
    assert res.exit_code == 0, res.output


def test_real_process_nan_ratio_is_refused(tmp_path):
    config = tmp_path / "block.toml"
    config.write_text(edited("[awards]\n", "[intake]\nmax_ratio = nan\n\n[awards]\n"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "processor", "consolidate", "--config", str(config),
                           "--inbox", str(tmp_path), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 2, proc.stderr
    assert "intake.max_ratio: cần một số, nhận được nan" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


# --- property: any unknown key anywhere is reported by its path ----------------------------------

def _tables(node, table: Table, path: str):
    """(path, raw dict, schema table) of every table present in the demo config."""
    yield path, node, table
    for key in table.keys:
        sub = f"{path}.{key.name}" if path else key.name
        if isinstance(key.type, Table) and isinstance(node.get(key.name), dict):
            yield from _tables(node[key.name], key.type, sub)
        elif isinstance(key.type, Array) and isinstance(node.get(key.name), list):
            for i, item in enumerate(node[key.name], 1):
                yield from _tables(item, key.type.table, f"{sub}[{i}]")


PLACES = [p for p, _, _ in _tables(DEMO, BLOCK_FILE, "")]
ABSENT = [k.name for k in BLOCK_FILE.keys if isinstance(k.type, Table) and k.name not in DEMO]


def _expected(path: str, name: str) -> str:
    part = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name, ensure_ascii=False)
    return f"{path}.{part}" if path else part


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(PLACES + ABSENT), name=st.text(min_size=1, max_size=20),
       value=st.one_of(st.integers(), st.floats(), st.booleans(), st.text(max_size=5),
                       st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3),
                                                                            st.integers(), max_size=2)))
def test_any_unknown_key_anywhere_is_reported_by_its_path(where, name, value):
    raw = copy.deepcopy(DEMO)
    if where in ABSENT:
        raw[where] = {}
    node, table = next((n, t) for p, n, t in _tables(raw, BLOCK_FILE, "") if p == where)
    if name in table.by_name:
        return
    node[name] = value
    with pytest.raises(ConfigError) as err:
        parse_block(raw, source="block.toml")
    assert err.value.problems[0][0] == _expected(where, name), err.value.problems
    assert err.value.problems[0][1].startswith("khóa không có")
    assert len(err.value.problems) == 1


def test_the_demo_config_loads_unchanged_and_every_table_was_visited():
    visited = {"", "block", "units[10]", "sections[8].criteria[2]", "awards.merit", "review", "rotation"}
    assert visited <= set(PLACES)
    assert parse_block(copy.deepcopy(DEMO)).unit_codes[-1] == "DPTTH"
