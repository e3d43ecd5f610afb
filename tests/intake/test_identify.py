"""Which unit sent a file: identify's signals, on submissions made in memory."""
import tomllib
from datetime import datetime

from processor.config.block import parse_block
from processor.intake.identify import _index, identify
from processor.model import Source, Submission
from tests.support.workspace import DEMO_CONFIG


def _block(**aliases):
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    for unit in raw["units"]:
        unit["aliases"] = aliases.get(unit["code"], [])
    return parse_block(raw)


def _sub(code: str, header: str) -> Submission:
    sub = Submission(source=Source(file="bang-diem.xlsx", sha256="", size=1,
                                   received=datetime(2020, 12, 15, 9)))
    sub.meta = {"unit_code": code}
    sub.header_unit_name = header
    return sub


def test_a_header_with_its_units_own_name_names_that_unit_though_another_folds_alike():
    # SKHCN, listed first, also goes by "Sở Y Tế": folded, the key of SYT's own name "Sở Y tế"
    block = _block(SKHCN=["Sở Y Tế"])
    code, signal, findings = identify(_sub("SYT", "Sở Y tế"), block)
    assert (code, signal, [f.code for f in findings]) == ("SYT", "meta", [])
    # a name that matches only once folded is looked up among every unit's: here it is ambiguous
    code, _, findings = identify(_sub("SYT", "sở y tế"), block)
    assert code is None and [f.code for f in findings] == ["U101"]


def test_unit_names_are_folded_only_when_a_header_is_not_its_units_own_name():
    block = _block()
    assert identify(_sub("SYT", "Sở Y tế"), block)[0] == "SYT"
    assert "names" not in vars(_index(block))        # 10,000 names need not be folded for this
    code, _, findings = identify(_sub("SYT", "Sở  y TẾ"), block)
    assert code == "SYT" and [f.code for f in findings] == ["U103"]
    assert "names" in vars(_index(block))
