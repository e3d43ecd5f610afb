"""Verification (thẩm định): the chair and deputy check each unit's evidence and accept or adjust
its scores on the verification form.

:func:`verified_scores` judges a returned form's records: rows are known by the (unit, criterion)
codes written in them, never by position; a blank verified score means "the self score stands";
a typed score is read by the one parser of :mod:`processor.numbers`, exactly as a self score (the
same value, the same finding codes, located at the verified cell). :func:`apply_verification`
puts verified scores over self scores; :func:`feedback_for_unit` tells a unit what changed.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from ..config.block import Block
from ..findings import Finding, finding
from ..labels import label
from ..labels.review import format_short
from ..model import META_SHEET, ScoreCell, ScoreSheet, VerificationForm
from ..numbers import parse_score
from .validate import parse_cell


class Verified(NamedTuple):
    """One row judged: the verified score (None = keep the self score), the reason, the cell
    (``sheet!A1`` of the verified score)."""
    verified: float | None
    reason: str
    cell: str


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
    """``{unit: {criterion: Verified}}`` for every row of ``form``, and the findings.

    A score that cannot be used leaves ``verified`` None for that row with an error naming the
    unit, so the unit is not ranked on an unresolved score. No form (``failure``: why intake
    could not read it), or one of another block, year or criteria version (R006), yields nothing."""
    if form is None:
        return {}, [finding("R009", file=file, detail=failure or label("verification.not_a_form"))]
    meta = form.meta
    wrong = [f"{k}: {meta.get(k)!r} ≠ {want!r}" for k, want in
             (("block_id", block.id), ("year", str(block.year)), ("criteria_hash", block.criteria_hash))
             if meta.get(k) != want]
    if wrong:
        return {}, [finding("R006", file=file, sheet=META_SHEET, detail="; ".join(wrong))]
    sheet = form.sheet
    if not form.has_sheet:
        return {}, [finding("R009", file=file, detail=label("verification.no_sheet", sheet=sheet))]
    units = set(block.unit_codes)
    out: dict[str, dict[str, Verified]] = {}
    findings: list[Finding] = []
    for row in form.rows:
        unit_code, crit_code = row.unit, row.criterion
        if unit_code not in units or crit_code not in block.criterion_codes \
                or crit_code in block.unit(unit_code).not_applicable:
            findings.append(finding("R005", file=file, sheet=sheet, cell=row.criterion_cell,
                                    found_unit=unit_code, criterion=crit_code))
            continue
        crit = block.criterion(crit_code)
        cell = row.verified.cell
        loc = dict(unit=unit_code, file=file, sheet=sheet, cell=cell)
        if crit_code in out.get(unit_code, {}):
            findings.append(finding("R010", first=out[unit_code][crit_code].cell, criterion=crit_code,
                                    **loc))
            continue
        reason = row.reason
        value = None
        if not _blank(row.verified.raw):
            value, problems = parse_cell(ScoreCell(crit_code, row.verified.raw, sheet, cell), crit, loc)
            findings.extend(problems)
        elif reason:
            findings.append(finding("R007", criterion=crit_code, **loc))
        self_score = parse_score(row.self_score, max=float("inf")).value
        if value is not None and value != self_score and not reason:
            findings.append(finding("R001", verified=format_short(value),
                                    self_score=format_short(self_score), criterion=crit_code, **loc))
        out.setdefault(unit_code, {})[crit_code] = Verified(value, reason, f"{sheet}!{cell}")
    for unit_code in sorted(out):
        unit = block.unit(unit_code)
        for crit in block.criteria:
            if crit.code not in unit.not_applicable and crit.code not in out[unit_code]:
                findings.append(finding("R004", unit=unit_code, file=file, sheet=sheet,
                                        criterion=crit.code))
    return out, findings


def _blank(raw) -> bool:
    """Blank as the one parser sees it (None, "", white space, invisible characters)."""
    return parse_score(raw, max=float("inf")).code == "V003"


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
            origin[unit][crit] = (file or "", sheet, cell)
            changes.append(Change(unit, crit, old, v.verified, v.reason, v.cell, file))
    return replace(scoresheet, values=values, origin=origin), changes


def verification_findings(changes: list[Change]) -> list[Finding]:
    """One info finding (R008) per change, for the findings sheet and the units' feedback."""
    out = []
    for c in changes:
        sheet, _, cell = c.cell.rpartition("!")
        out.append(finding("R008", unit=c.unit, file=c.file, sheet=sheet or None, cell=cell,
                           criterion=c.criterion, self_score=format_short(c.self_score),
                           verified=format_short(c.verified), reason=c.reason or "—"))
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
                           self_score=format_short(c.self_score, lang),
                           verified=format_short(c.verified, lang),
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
