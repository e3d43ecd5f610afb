"""Members that take no part this year (``[[units]] not_participating = "lý do"``).

Such a unit owes no self-scoring sheet, is not ranked and does not keep the result provisional;
a file it sends anyway is set aside, with a warning, never scored from a guess.
"""
from __future__ import annotations

from ..config.block import Block
from ..findings import Finding, finding
from ..labels import label
from ..model import Submission


def set_aside(block: Block, submissions: list[Submission],
              lang: str = "vi") -> tuple[list[Submission], list[Finding]]:
    """(the submissions of participating units, a U004 warning per file of a unit that does
    not take part); those files become ``ignored``, with the reason in their note."""
    reasons = {u.code: u.not_participating for u in block.units if u.not_participating}
    kept, findings = [], []
    for sub in submissions:
        reason = reasons.get(sub.source.unit)
        if reason is None or sub.source.status == "rejected":
            kept.append(sub)
            continue
        sub.source.status = "ignored"
        sub.source.note = label("status.not_participating", lang)
        findings.append(finding("U004", unit=sub.source.unit, file=sub.source.file,
                                reason=reason))
    return kept, findings
