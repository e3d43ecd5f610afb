"""The one catalogue of user-facing text: every area registered, both languages, one formatter."""
from __future__ import annotations

import math
import re

import pytest

from processor import labels as catalogue
from processor.labels import LABELS, add_labels, format_count, format_number, format_plain, label

AREAS = ("workbook", "awards", "grounds", "rotation", "terminal", "letters", "collect", "history")


@pytest.mark.parametrize("area", AREAS)
def test_every_area_is_registered_in_both_languages(area):
    entries = getattr(catalogue, area).ENTRIES
    assert entries
    for key, (vi, en) in entries.items():
        assert LABELS[key] == (vi, en)
        assert vi.strip() and en.strip(), key
        # the same placeholders in both languages: a message never loses a value in translation
        # (Vietnamese writes a province's name in lower case after "Ủy ban nhân dân")
        vi_params = {p.replace("province_lower", "province") for p in re.findall(r"\{(\w+)\}", vi)}
        assert vi_params == set(re.findall(r"\{(\w+)\}", en)), key


def test_a_key_is_defined_once():
    add_labels({"awards.tie": LABELS["awards.tie"]})          # the same text again is harmless
    with pytest.raises(ValueError):
        add_labels({"awards.tie": ("khác", "other")})


def test_labels_of_the_moved_areas_read_as_before():
    assert label("awards.score", "vi", score="96,50", rank=1, count=10, tie="") == \
        "Đạt 96,50 điểm, xếp thứ 1/10"
    assert label("terminal.received", "en", received=9, expected=10, errors=1, warnings=2) == \
        "Received 9/10 units; 1 errors, 2 warnings."
    assert label("history.cmd.none", "vi") == "không có năm nào"
    assert label("collect.dup", "xx", n=2) == "Bỏ qua 2 tệp đã lưu trước đó (trùng)."   # vi default


def test_format_number_fixed_decimals():
    assert format_number(96.5) == "96,50"
    assert format_number(96.5, "en") == "96.50"
    assert format_number(2.675, "vi", decimals=1) == "2,7"
    assert format_number(None) == "—"


def test_format_plain_drops_trailing_zeros():
    assert format_plain(8.5) == "8,5" and format_plain(8.5, "en") == "8.5"
    assert format_plain(8.0) == "8" and format_plain(100) == "100"
    assert format_plain(8.25) == "8,25" and format_plain(8.10) == "8,1"
    assert format_plain(-0.001) == "0"                                       # never "-0"
    assert format_plain(None) == "—"


def test_format_plain_every_digit():
    assert format_plain(8.0, decimals=None) == "8"
    assert format_plain(8.333, decimals=None) == "8,333"
    assert format_plain(1 / 3, "en", decimals=None) == repr(1 / 3)
    assert format_plain(-0.0, decimals=None) == "0"
    assert format_plain(math.inf, decimals=None) == "inf"


def test_format_count_groups_thousands():
    assert format_count(10000) == "10.000" and format_count(10000, "en") == "10,000"
    assert format_count(999) == "999" and format_count(1234567) == "1.234.567"
