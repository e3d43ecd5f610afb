"""The one place that chains the stages:

    intake (submissions and returned forms) -> validate -> verification -> scoring
    -> cross combination -> ranking (votes as a tie-breaker when configured) -> rating gate
    -> awards -> ballot decision on the leader -> tie-break grounds -> rotation -> Result

Only intake reads the disk; report (called by the CLI) writes it. Every stage in between takes
plain data and returns plain data.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from .config.block import Block
from .config.review import ReviewConfig, review_config
from .findings import Finding
from .intake import intake
from .intake.form_file import FormRead, read_form_file
from .model import (Recommendations, Result, ScoreSheet, Source, Submission, TallyForm,
                    UnitResult, VerificationForm)
from .progress import notice
from .stages import awards, cross
from .stages.ballots import (Tally, apply_leader_decision, effective_tie_breakers, leader_decision,
                             tally_of)
from .stages.gates import apply_gate_after, apply_gate_before, gate_failures
from .stages.grounds import combination_ground, tie_break_grounds, verification_ground
from .stages.ranking import rank_units, with_tie_breakers
from .stages.review_data import ReviewData
from .stages.rotation import rotation_outcome
from .stages.scoring import score_units, unit_totals
from .stages.validate import validate
from .stages.verification import (Verified, apply_verification, verification_findings,
                                  verified_scores)


def consolidate(block: Block, inbox: Path, *, lang: str = "vi", created: datetime | None = None,
                log_file: str = "thidua.log", verification: Path | None = None,
                tally: Path | None = None, history_chairs: dict | None = None) -> Result:
    """The whole run. ``verification`` / ``tally``: a filled form named on the command line;
    by default the newest such form in the inbox."""
    sources, submissions, intake_findings = intake(Path(inbox), block, log_file=log_file, lang=lang)
    forms = {}
    if verification is not None:
        forms["verification"] = read_form_file(verification, VerificationForm.kind, block, log_file)
    if tally is not None:
        forms["tally"] = read_form_file(tally, TallyForm.kind, block, log_file)
    with notice("Đang kiểm tra, chấm điểm và xếp hạng" if lang == "vi" else "Checking, scoring and ranking"):
        return consolidate_submissions(block, sources, submissions, intake_findings, lang=lang,
                                       created=created, history_chairs=history_chairs, **forms)


def consolidate_submissions(block: Block, sources: list[Source], submissions: list[Submission],
                            intake_findings: list[Finding], *, lang: str = "vi",
                            created: datetime | None = None,
                            verification: FormRead | None = None, tally: FormRead | None = None,
                            history_chairs: dict | None = None) -> Result:
    """What intake read -> the Result. ``verification`` / ``tally``: a form read from a file named
    by the user (:func:`read_form_file`), in place of the newest one among ``submissions``."""
    units = [s for s in submissions if s.form is None]
    returned = [s for s in submissions if s.form is not None]
    sheet, findings = validate(block, units)
    read_findings = [f for sub in units for f in sub.findings]
    findings = _unique(intake_findings + read_findings + findings)
    cfg = review_config(block)
    collected = None
    if cfg.cross.enabled:
        collected, cross_findings = cross.collect(block, units, cfg.cross.granularity)
        findings += cross_findings
    verification = verification or _newest_form(returned, VerificationForm.kind)
    tally = tally or _newest_form(returned, TallyForm.kind)
    verified = counted = None
    if verification is not None:
        verified, form_findings = verified_scores(verification.form, block, file=verification.file,
                                                  failure=verification.failure)
        findings += form_findings
    if tally is not None:
        counted, form_findings = tally_of(tally.form, block, file=tally.file, failure=tally.failure)
        findings += form_findings
    out = decide(block, sheet, findings, verified=verified,
                 verification_file=verification.file if verification else None, tally=counted,
                 cross_collected=collected, history_chairs=history_chairs, cfg=cfg, lang=lang)
    findings = _unique(findings + out.findings)
    findings.sort(key=lambda f: f.sort_key())
    provisional = any(u.status in ("invalid", "missing") for u in out.units)
    return Result(block=block, units=out.units, recommendations=out.recommendations,
                  findings=findings, sources=sorted(sources, key=lambda s: s.file),
                  created=created or result_time(block, sources), provisional=provisional,
                  review=out.review)


def _newest_form(returned: list[Submission], kind: str) -> FormRead | None:
    """The form of ``kind`` the run uses when several are in the inbox: the newest; the others
    are marked superseded by it."""
    found = sorted((s for s in returned if s.form.kind == kind),
                   key=lambda s: (s.source.received, s.source.file))
    for older in found[:-1]:
        older.source.status, older.source.note = "superseded", found[-1].source.file
    return FormRead(found[-1].source.file, form=found[-1].form) if found else None


@dataclass
class Decided:
    """What :func:`decide` returns: the units ranked, the proposals, the review."""
    units: list[UnitResult]
    recommendations: Recommendations
    review: ReviewData
    findings: list[Finding] = field(default_factory=list)   # the review's own findings


def decide(block: Block, sheet: ScoreSheet, findings: list[Finding], *,
           verified: dict[str, dict[str, Verified]] | None = None,
           verification_file: str | None = None, tally: Tally | None = None,
           cross_collected: dict | None = None,
           template_ratings: dict[str, str] | None = None,
           history_chairs: dict[int, tuple[str | None, str | None]] | None = None,
           cfg: ReviewConfig | None = None, lang: str = "vi") -> Decided:
    """Validated scores -> ranked units, recommendations and the review, from plain data.

    ``findings``: the findings so far (their errors make units invalid; not modified).
    ``verified``: the verification form's judged rows (None: no form); ``tally``: the ballots
    counted (None: no tally). The review's new findings are returned, for the caller to merge."""
    cfg = cfg or review_config(block)
    data = ReviewData(config=cfg)
    new: list[Finding] = []

    # 1. verification overrides
    for code, values in sheet.values.items():
        data.self_finals[code] = unit_totals(block, code, values).final
    data.verification_file = verification_file
    data.verified = verified or {}
    if verified:
        original = sheet
        sheet, data.changes = apply_verification(sheet, verified, verification_file)
        data.self_origin = {(c.unit, c.criterion): original.origin[c.unit][c.criterion]
                            for c in data.changes if c.criterion in original.origin.get(c.unit, {})}
        new.extend(verification_findings(data.changes))

    # 2. scoring (errors in the verification form make the unit invalid)
    units = score_units(block, sheet, list(findings) + new)
    for u in units:
        data.verified_finals[u.code] = u.final_score
        if verified is not None and u.status != "missing":
            u.grounds.append(verification_ground(data.changes, u.code, lang))

    # 3. cross combination
    if cfg.cross.enabled and cross_collected is not None:
        scored_units = [u.code for u in units if u.final_score is not None]
        outcome, f = cross.cross_scores(block, cross_collected, cfg.cross, units=scored_units)
        new.extend(f)
        data.cross = outcome
        for u in units:
            if u.final_score is None:
                continue
            base, cross_score = u.final_score, outcome.totals.get(u.code)
            u.final_score = cross.combine(base, cross_score, cfg.cross)
            u.grounds.append(combination_ground(base, cross_score, u.final_score, cfg.cross,
                                                cfg.cross.aggregation, bool(verified), lang))
    data.finals = {u.code: u.final_score for u in units}

    # 4. ranking, votes as a tie-breaker when configured
    data.tally = tally
    breakers = effective_tie_breakers(block, cfg)
    data.tie_breakers = breakers
    ranked_block = with_tie_breakers(block, breakers)
    rank_units(ranked_block, units, tally.votes if tally is not None else None)

    # 5. eligibility gate and awards
    failed, f, passed = gate_failures(cfg.eligibility, units, template_ratings, lang)
    new.extend(f)
    data.ratings = dict(passed)
    apply_gate_before(cfg.eligibility, units, failed, passed, lang)
    rec = awards.decide(ranked_block, units, lang)
    apply_gate_after(cfg.eligibility, units, rec, failed)

    # 6. the ballot decides whether the leader stands
    if tally is not None:
        eligible = sorted((u for u in units if u.eligible and u.rank is not None),
                          key=lambda u: (u.rank, u.code))
        decision = leader_decision(tally, cfg.ballots, eligible, lang)
        new.extend(decision.findings)
        apply_leader_decision(units, rec, decision, lang)
        data.decision = decision

    # 7. grounds for ties, then the rotation of the chair
    tie_break_grounds(units, breakers, lang)
    if "rotation" in block.extra:
        data.rotation = rotation_outcome(block, SimpleNamespace(recommendations=rec), cfg.rotation,
                                         history_chairs, lang)
        new.extend(data.rotation.findings)
    units.sort(key=lambda u: (u.rank is None, u.rank or 0, u.code))
    return Decided(units=units, recommendations=rec, review=data, findings=new)


def result_time(block: Block, sources: list[Source]) -> datetime:
    """A fixed timestamp for reproducible output: SOURCE_DATE_EPOCH, else the newest input."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch))
    if sources:
        return max(s.received for s in sources)
    return datetime(block.year + 1, 1, 1)


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.code, f.unit, f.file, f.sheet, f.cell, tuple(sorted(map(str, f.params.items()))))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
