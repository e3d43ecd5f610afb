import subprocess
import sys

import pytest
from click.testing import CliRunner

from processor.config.block import ConfigError, load_block
from processor.cli import cli
from tests.support.workspace import DEMO_CONFIG


def test_demo_block_loads_with_its_facts():
    b = load_block(DEMO_CONFIG)
    assert b.year == 2020 and b.chair == "SYT" and len(b.units) == 10
    assert b.full_base_max == 100
    assert sum(c.max for c in b.criteria if c.kind == "bonus") == 5
    assert b.unit("CDBK").not_applicable == {"II.1", "III.2"}
    assert b.issuing_body == ("UBND TỈNH BẮC KẠN", "KHỐI THI ĐUA VĂN HÓA - XÃ HỘI")


def broken(tmp_path, text):
    p = tmp_path / "block.toml"
    p.write_text(DEMO_CONFIG.read_text(encoding="utf-8").replace(*text), encoding="utf-8")
    return p


# Positions count from 1 (units[9] is the ninth unit); a section's own kind is checked where it
# is written, and a list names the item at fault.
@pytest.mark.parametrize("change, key", [
    (('max = 20\n', 'max = "hai mươi"\n'), "sections[1].criteria[1].max"),
    (('kind = "bonus"', 'kind = "thuong"'), "sections[7].kind"),
    (('chair = "SYT"', 'chair = "SXX"'), "block.chair"),
    (('not_applicable = ["II.1", "III.2"]', 'not_applicable = ["IX.9"]'), "units[9].not_applicable[1]"),
    (('year = 2020', 'year = "2020"'), "block.year"),
    (('count = 4', 'count = 4\nfraction = 0.3'), "awards.merit"),
])
def test_broken_config_names_the_key_path(tmp_path, change, key):
    with pytest.raises(ConfigError) as err:
        load_block(broken(tmp_path, change))
    assert key in [k for k, _ in err.value.problems], err.value.problems


def test_toml_syntax_error_and_missing_file(tmp_path):
    p = tmp_path / "x.toml"
    p.write_text("[block\nid=", encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML"):
        load_block(p)
    with pytest.raises(ConfigError, match="không tìm thấy"):
        load_block(tmp_path / "nope.toml")


def test_cli_broken_config_exits_2_without_traceback(tmp_path):
    p = broken(tmp_path, ('max = 20\n', 'max = -3\n'))
    result = CliRunner().invoke(cli, ["check", "--config", str(p), "--inbox", str(tmp_path)])
    assert result.exit_code == 2
    assert "sections[1].criteria[1].max" in result.output and "Traceback" not in result.output


def test_real_subprocess_broken_config(tmp_path):
    p = broken(tmp_path, ('year = 2020', 'year = 1800'))
    proc = subprocess.run([sys.executable, "-m", "processor", "consolidate", "--config", str(p),
                           "--inbox", str(tmp_path), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "block.year" in proc.stderr and "Traceback" not in proc.stderr


def test_intake_limits_are_checked_at_load(tmp_path):
    p = broken(tmp_path, ("[awards]", "[intake]\nmax_entires = 10\n\n[awards]"))
    with pytest.raises(ConfigError) as err:
        load_block(p)
    assert err.value.problems == [("intake.max_entires", "khóa không có; có phải 'max_entries'?")]
    ok = broken(tmp_path, ("[awards]", "[intake]\nmax_entries = 10\n\n[awards]"))
    from processor.intake import intake_limits
    assert intake_limits(load_block(ok)).max_entries == 10
