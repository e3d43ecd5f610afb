"""The terminal summary: a ten-unit block whole; a large block's first units, its ties at the cut
and its positions further down, with the rest counted; findings beyond the limit counted."""
from __future__ import annotations

import dataclasses
import re

from processor.findings import finding
from processor.labels import format_count
from processor.report.terminal import TERMINAL_UNITS, render, render_findings
from tests.support.results import demo_result
from tests.report.test_report_scale import large_result


def table_units(text: str) -> list[str]:
    """The unit column of the printed table, "…" for a gap row, in order (columns located by the
    dashes under the header)."""
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", " "})
    start, end = [m.span() for m in re.finditer(r"-+", lines[rule])][1]
    out = []
    for line in lines[rule + 1:]:
        if not line.strip() or line.startswith("… và"):
            break
        out.append("…" if line.strip() == "…" else line[start:end].strip())
    return out


def test_a_ten_unit_block_is_printed_whole():
    result = demo_result()
    text = render(result)
    assert table_units(text) == [u.short_name for u in result.units]
    assert "… và" not in text


def test_a_large_block_shows_its_first_units_and_counts_the_rest():
    result = large_result(200)
    for u in result.units[40:52]:           # a merit quota reaching past the cut
        u.award = "merit"
    text = render(result)
    shown = table_units(text)
    assert shown == [u.short_name for u in result.units[:len(shown)]]
    assert TERMINAL_UNITS <= len(shown) < 40
    hidden = result.units[len(shown):]
    merits = sum(u.award == "merit" for u in hidden)
    assert merits == 12
    assert f"… và {len(hidden)} đơn vị khác (trong đó {merits} đề nghị Bằng khen); " \
           f"bảng kết quả có đủ các đơn vị." in text
    assert "Đã nhận 199/200 đơn vị" in text          # the counts still follow the table
    english = render(result, "en")
    assert f"… and {len(hidden)} more units ({merits} of them proposed for a certificate of merit)" in english


def test_a_tie_at_the_cut_is_never_split():
    result = large_result(200)
    units = result.units
    rank = units[TERMINAL_UNITS - 1].rank
    for u in units[TERMINAL_UNITS - 1:TERMINAL_UNITS + 3]:      # four units share the last rank
        u.rank, u.tied = rank, True
    shown = table_units(render(result))
    assert len(shown) == TERMINAL_UNITS + 3
    assert shown[-4:] == [u.short_name for u in units[TERMINAL_UNITS - 1:TERMINAL_UNITS + 3]]


def test_a_position_further_down_is_shown_after_a_gap():
    result = large_result(200)
    far = result.units[120]
    far.position, far.undecided_for = None, "third"             # e.g. a tie the conference settles
    shown = table_units(render(result))
    assert shown[-2:] == ["…", far.short_name]
    assert shown.count(far.short_name) == 1


def test_undecided_awards_are_named_in_the_output_language():
    result = large_result(200)
    text = render(result)
    undecided = [u for u in result.units if u.undecided_for == "merit"]
    assert undecided and "?merit" not in text and "(merit)" not in text
    row = next(line for line in text.splitlines() if undecided[0].short_name in line)
    assert row.rstrip().endswith("?Bằng khen")
    assert "Chưa quyết định (Bằng khen): " in text
    assert "Undecided (merit): " in render(result, "en")


def test_thousands_are_grouped_the_vietnamese_way():
    assert format_count(10000, "vi") == "10.000" and format_count(10000, "en") == "10,000"
    assert format_count(999, "vi") == "999"


def test_findings_beyond_the_limit_are_counted_not_dropped():
    result = demo_result()
    many = [finding("M001", file=f"tep-{i:04d}.xlsx", sheet="Tự chấm điểm") for i in range(1234)]
    result = dataclasses.replace(result, findings=many)
    lines = render_findings(result, limit=50).splitlines()
    assert len(lines) == 51
    assert lines[49].startswith("[M001] - ") and "tep-0049.xlsx" in lines[49]
    assert lines[50].startswith("… và 1.184 lỗi, cảnh báo khác")
    assert "“Lỗi và cảnh báo”" in lines[50]
    assert render_findings(result, limit=2000).count("\n") == 1233      # all, and no count line
