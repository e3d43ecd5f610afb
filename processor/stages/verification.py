"""Verification (thẩm định): the chair and deputy check each unit's evidence and accept or adjust
its scores on the verification form.

:func:`verified_scores` judges one returned form (:mod:`.verification_forms` judges and merges
several); :func:`apply_verification` puts verified scores over self scores;
:func:`feedback_for_unit` tells a unit what changed.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..config.block import Block
from ..findings import Finding, finding
from ..labels import format_plain, label
from ..model import ScoreSheet, VerificationForm
from .verification_forms import Verified, judge_form
from .verification_merge import merge_forms

__all__ = ["Change", "Verified", "apply_verification", "feedback_for_unit",
           "verification_findings", "verified_scores"]


@dataclass(frozen=True)
class Change:
    unit: str
    criterion: str
    self_score: float | None
    verified: float
    reason: str
    cell: str            # where the verified score stands (sheet!A1)
    file: str | None = None

    @property
    def delta(self) -> float | None:
        return None if self.self_score is None else round(self.verified - self.self_score, 10)

    def to_json(self) -> dict:
        return {"unit": self.unit, "criterion": self.criterion, "self_score": self.self_score,
                "verified": self.verified, "reason": self.reason, "cell": self.cell,
                "file": self.file}


def verified_scores(form: VerificationForm | None, block: Block, *, file: str,
                    failure: str | None = None) -> tuple[dict[str, dict[str, Verified]], list[Finding]]:
    """``{unit: {criterion: Verified}}`` for every row of one form, and the findings.

    A score that cannot be used leaves ``verified`` None for that row with an error naming the
    unit, so the unit is not ranked on an unresolved score. No form (``failure``: why intake
    could not read it), or one of another block, year or criteria version (R006), yields nothing."""
    outcome = merge_forms([judge_form(form, block, file=file, failure=failure)], block)
    return outcome.verified, outcome.findings


def apply_verification(scoresheet: ScoreSheet, verified: dict[str, dict[str, Verified]],
                       file: str | None = None) -> tuple[ScoreSheet, list[Change]]:
    """A new ScoreSheet with verified scores over self scores, and the list of changes (rows whose
    verified score differs from the self score). The origin of a changed score becomes the
    verification workbook's cell, so every figure stays traceable. The input is not modified."""
    values = {u: dict(v) for u, v in scoresheet.values.items()}
    origin = {u: dict(v) for u, v in scoresheet.origin.items()}
    changes: list[Change] = []
    for unit in sorted(verified):
        if unit not in values:
            continue            # no self-scoring sheet: nothing to verify
        for crit in sorted(verified[unit]):
            v = verified[unit][crit]
            if v.verified is None:
                continue
            old = values[unit].get(crit)
            if old is not None and old == v.verified:
                continue
            values[unit][crit] = v.verified
            sheet, _, cell = v.cell.rpartition("!")
            where = v.file or file
            origin[unit][crit] = (where or "", sheet, cell)
            changes.append(Change(unit, crit, old, v.verified, v.reason, v.cell, where))
    return replace(scoresheet, values=values, origin=origin), changes


def verification_findings(changes: list[Change]) -> list[Finding]:
    """One info finding (R008) per change, for the findings sheet and the units' feedback."""
    out = []
    for c in changes:
        sheet, _, cell = c.cell.rpartition("!")
        out.append(finding("R008", unit=c.unit, file=c.file, sheet=sheet or None, cell=cell,
                           criterion=c.criterion, self_score=format_plain(c.self_score),
                           verified=format_plain(c.verified), reason=c.reason or "—"))
    return out


def feedback_for_unit(changes: list[Change], unit: str, lang: str = "vi",
                      block: Block | None = None) -> str:
    """Plain text telling ``unit`` which of its scores the chair changed and why."""
    mine = [c for c in changes if c.unit == unit]
    name = unit
    if block is not None:
        try:
            name = block.unit(unit).name
        except KeyError:
            pass
    year = label("verification.feedback.year", lang, year=block.year) if block is not None else ""
    if not mine:
        return label("verification.feedback.kept", lang, name=name, year=year)
    lines = [label("verification.feedback.changed", lang, name=name, year=year, n=len(mine))]
    for c in mine:
        lines.append(label("verification.feedback.item", lang, criterion=c.criterion,
                           text=_crit_text(block, c.criterion),
                           self_score=format_plain(c.self_score, lang),
                           verified=format_plain(c.verified, lang),
                           reason=c.reason or label("verification.feedback.no_reason", lang)))
    if lang != "en":
        lines.append(label("verification.feedback.reply", lang))
    return "\n".join(lines)


def _crit_text(block: Block | None, code: str) -> str:
    if block is None:
        return ""
    try:
        return f" ({block.criterion(code).text})"
    except KeyError:
        return ""
