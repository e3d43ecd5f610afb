"""Rotation of the chair and deputy."""
from types import SimpleNamespace

from processor.config.block import load_block
from processor.model import Recommendations
from processor.config.review import RotationConfig
from processor.stages.rotation import next_chair_deputy, rotation_outcome
from tests.support.blocks import small_block

ORDER = ("SKHCN", "SLDTBXH", "SGDDT", "STTTT", "SYT", "SVHTTDL", "DPTTH", "BDT", "BHXH", "CDBK")


def demo(chair):
    block = load_block("demo/block.toml")
    object.__setattr__(block, "chair", chair)
    object.__setattr__(block, "year", 2017)
    return block


def with_leader(code):
    return SimpleNamespace(recommendations=Recommendations(leader=[code] if code else []))


def test_the_2017_handover():
    """2017: SKHCN chaired, SGDDT won the flag; SLDTBXH became chair and SGDDT deputy."""
    chair, deputy, grounds = next_chair_deputy(demo("SKHCN"), with_leader("SGDDT"),
                                               RotationConfig(order=ORDER, rule="leader_becomes_deputy"))
    assert (chair, deputy) == ("SLDTBXH", "SGDDT")
    assert grounds[0].startswith("Khối trưởng năm 2018: Sở Lao động - Thương binh và Xã hội")
    assert "đơn vị dẫn đầu Khối năm 2017" in grounds[1]


def test_next_in_order_wraps_around():
    chair, deputy, _ = next_chair_deputy(demo("CDBK"), with_leader("SGDDT"), RotationConfig(order=ORDER))
    assert (chair, deputy) == ("SKHCN", "SLDTBXH")


def test_leader_is_next_chair_or_undecided_falls_back_to_order():
    rules = RotationConfig(order=ORDER, rule="leader_becomes_deputy")
    chair, deputy, grounds = next_chair_deputy(demo("SKHCN"), with_leader("SLDTBXH"), rules)
    assert (chair, deputy) == ("SLDTBXH", "SGDDT") and "Khối trưởng năm sau" in grounds[1]
    chair, deputy, grounds = next_chair_deputy(demo("SKHCN"), with_leader(None), rules, lang="en")
    assert (chair, deputy) == ("SLDTBXH", "SGDDT") and "no leading unit" in grounds[1]


def test_skip_units_that_chaired_recently():
    history = {2015: ("SLDTBXH", None), 2016: ("SGDDT", None), 2012: ("STTTT", None)}
    rules = RotationConfig(order=ORDER, skip_recent=3)
    chair, deputy, grounds = next_chair_deputy(demo("SKHCN"), None, rules, history)
    assert chair == "STTTT" and deputy == "SYT"
    assert "bỏ qua Sở Lao động - Thương binh và Xã hội (đã làm Khối trưởng năm 2015)" in grounds[0]
    assert "Sở Giáo dục và Đào tạo (đã làm Khối trưởng năm 2016)" in grounds[0]


def test_order_defaults_to_units_and_lonely_block():
    block = small_block(units=("A", "B", "C"))
    assert next_chair_deputy(block, None, RotationConfig())[:2] == ("B", "C")
    lonely = small_block(units=("A",))
    out = rotation_outcome(lonely, None, RotationConfig())
    assert out.chair is None and [f.code for f in out.findings] == ["R401"]
