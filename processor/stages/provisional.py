"""Why a result is provisional (kết quả tạm thời), in words the conference reads on every
printed page: units that have not sent, submissions with errors, ballot tallies that disagree.
A unit recorded as not taking part keeps nothing open."""
from __future__ import annotations

from ..config.block import Block
from ..labels import label
from ..model import ProvisionalReason, UnitResult

NAMED = 8
"""Units named in one reason; more are counted ("và 5 đơn vị khác")."""


def provisional_reasons(block: Block, units: list[UnitResult], tally_conflict: bool = False,
                        lang: str = "vi") -> list[ProvisionalReason]:
    """What keeps the result provisional, in a fixed order; empty: the result is final."""
    reasons = []
    for kind in ("missing", "invalid"):
        codes = [u.code for u in units if u.status == kind]
        if codes:
            reasons.append(ProvisionalReason(kind, codes, label(
                f"provisional.{kind}", lang, n=len(codes), units=_names(block, codes, lang))))
    if tally_conflict:
        reasons.append(ProvisionalReason("tally_conflict", [],
                                         label("provisional.tally_conflict", lang)))
    return reasons


def _names(block: Block, codes: list[str], lang: str) -> str:
    names = []
    for code in codes[:NAMED]:
        try:
            names.append(block.unit(code).short_name)
        except KeyError:
            names.append(code)
    text = ", ".join(names)
    if len(codes) > NAMED:
        text = label("provisional.and_more", lang, names=text, n=len(codes) - NAMED)
    return text
