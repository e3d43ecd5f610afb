"""The one place that chains the stages:

    intake (submissions and returned forms) -> validate -> verification -> scoring
    -> cross combination -> ranking (votes as a tie-breaker when configured) -> rating gate
    -> awards -> ballot decision on the leader -> tie-break grounds -> rotation -> Result

Only intake reads the disk; report (called by the CLI) writes it. Every stage in between takes
plain data and returns plain data.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from .config.block import Block
from .config.review import ReviewConfig, review_config
from .findings import Finding, finding
from .intake import intake
from .intake.form_file import FormRead, read_form_file
from .labels import label
from .model import (TALLY, VERIFICATION, Recommendations, Result, ScoreSheet, Source, Submission,
                    UnitResult)
from .progress import notice
from .stages import awards, cross
from .stages.ballots import (Tally, apply_leader_decision, effective_tie_breakers, leader_decision,
                             tally_of)
from .stages.gates import apply_gate_after, apply_gate_before, gate_failures
from .stages.grounds import combination_ground, tie_break_grounds, verification_ground
from .stages.provisional import provisional_reasons
from .stages.ranking import rank_units, with_tie_breakers
from .stages.review_data import ReviewData
from .stages.rotation import rotation_outcome
from .stages.scoring import finals, score_units, totals_frame
from .stages.validate import validate
from .stages.verification import Verified, apply_verification, verification_findings
from .stages.verification_forms import judge_form
from .stages.verification_merge import Current, VerificationOutcome, merge_forms


def consolidate(block: Block, inbox: Path, *, lang: str = "vi", created: datetime | None = None,
                log_file: str = "thidua.log", verification: Path | Sequence[Path] | None = None,
                tally: Path | Sequence[Path] | None = None, history_chairs: dict | None = None) -> Result:
    """The whole run. ``verification`` / ``tally``: filled forms named on the command line, taken
    with those in the inbox."""
    sources, submissions, intake_findings = intake(Path(inbox), block, log_file=log_file, lang=lang)
    forms = {"verification": [read_form_file(p, VERIFICATION, block, log_file) for p in _paths(verification)],
             "tally": [read_form_file(p, TALLY, block, log_file) for p in _paths(tally)]}
    with notice("Đang kiểm tra, chấm điểm và xếp hạng" if lang == "vi" else "Checking, scoring and ranking"):
        return consolidate_submissions(block, sources, submissions, intake_findings, lang=lang,
                                       created=created, history_chairs=history_chairs, **forms)


def consolidate_submissions(block: Block, sources: list[Source], submissions: list[Submission],
                            intake_findings: list[Finding], *, lang: str = "vi",
                            created: datetime | None = None,
                            verification: FormRead | Sequence[FormRead] | None = None,
                            tally: FormRead | Sequence[FormRead] | None = None,
                            history_chairs: dict | None = None) -> Result:
    """What intake read -> the Result. ``verification`` / ``tally``: forms read from files named
    by the user (:func:`read_form_file`), taken with those among ``submissions``."""
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
    given = _form_reads(verification) + _form_reads(tally)
    sources = sources + [r.source for r in given if r.source is not None]
    merged, form_findings = verification_outcome(
        block, _in_time_order(_inbox_forms(returned, VERIFICATION) + _form_reads(verification)),
        _submitted(units, sheet), lang)
    findings += form_findings
    counted, form_findings, tally_conflict = tally_outcome(
        block, _in_time_order(_inbox_forms(returned, TALLY) + _form_reads(tally)), lang)
    findings += form_findings
    out = decide(block, sheet, findings, verified=merged.verified if merged else None,
                 verification_file=", ".join(merged.used) if merged and merged.used else None,
                 tally=counted, cross_collected=collected, history_chairs=history_chairs, cfg=cfg,
                 lang=lang)
    out.review.verification_outcome = merged
    findings = _unique(findings + out.findings)
    findings.sort(key=lambda f: f.sort_key())
    reasons = provisional_reasons(block, out.units, tally_conflict, lang)
    return Result(block=block, units=out.units, recommendations=out.recommendations,
                  findings=findings, sources=sorted(sources, key=lambda s: s.file),
                  created=created or result_time(block, sources), provisional=bool(reasons),
                  review=out.review, provisional_reasons=reasons, scoresheet=out.sheet)


# --- returned forms: every verification form merged per cell, one tally ---------------------

def _in_time_order(reads: list[FormRead]) -> list[FormRead]:
    """Returned forms, oldest first, by the best evidence of when each was made: the time it was
    received (the mail's Date, else the file's modification time), then its name."""
    return sorted(reads, key=lambda r: (r.source.received, r.source.file) if r.source is not None
                  else (datetime.max, r.file))


def verification_outcome(block: Block, reads: list[FormRead], current: dict[str, Current],
                         lang: str = "vi") -> tuple[VerificationOutcome | None, list[Finding]]:
    """Every verification form (oldest first) merged per cell; each form's status says whether
    its values are in force, set aside by a later form, or could not be used. None: no form."""
    if not reads:
        return None, []
    reads = _drop_copies(reads)
    judged = [judge_form(r.form, block, file=r.file, failure=r.failure,
                         sha256=r.source.sha256 if r.source is not None else "") for r in reads]
    outcome = merge_forms(judged, block, current, lang)
    for read, form in zip(reads, judged):
        if read.source is None:
            continue
        if not form.usable:
            read.source.status, read.source.note = "rejected", ""
        elif read.file in outcome.superseded_by:
            read.source.status = "superseded"
            read.source.note = ", ".join(outcome.superseded_by[read.file])
        else:
            read.source.status, read.source.note = "used", ""
    return outcome, outcome.findings


def tally_outcome(block: Block, reads: list[FormRead],
                  lang: str = "vi") -> tuple[Tally | None, list[Finding], bool]:
    """(the tally counted, findings, whether tallies disagree). Copies with the same ballots count
    once (the newest); tallies with different ballots are a conflict (R211): none is used."""
    if not reads:
        return None, [], False
    reads = _drop_copies(reads)
    counted = [(r, *tally_of(r.form, block, file=r.file, failure=r.failure)) for r in reads]
    findings = [f for _, t, found in counted if t is None for f in found]
    for r, t, _ in counted:
        if t is None and r.source is not None:
            r.source.status = "rejected"
    usable = [(r, t, found) for r, t, found in counted if t is not None]
    contents = {_ballots_of(t) for _, t, _ in usable}
    if len(contents) <= 1:
        if not usable:
            return None, findings, False
        read, tally, found = usable[-1]
        for other, _, _ in usable[:-1]:
            if other.source is not None:
                other.source.status, other.source.note = "duplicate", read.file
        if read.source is not None:
            read.source.status = "used"
        return tally, findings + found, False
    for read, tally, found in usable:
        others = [(o, t) for o, t, _ in usable if _ballots_of(t) != _ballots_of(tally)]
        findings.append(finding("R211", file=read.file, sheet=read.form.sheet,
                                summary=_summary(tally, lang),
                                others="; ".join(f"{o.file} ({_summary(t, lang)})" for o, t in others)))
        findings.extend(found)
        if read.source is not None:
            read.source.status = "rejected"
            read.source.note = ", ".join(o.file for o, _ in others)
    return None, findings, True


def _ballots_of(tally: Tally) -> tuple:
    """What a tally says, whatever the order of its rows."""
    return (tally.voters, tally.candidates,
            tuple(sorted((b.number, b.choices) for b in tally.ballots)))


def _summary(tally: Tally, lang: str) -> str:
    """"9/10 phiếu; SYT 6, STTTT 2": ballots returned of those handed out, votes per candidate."""
    votes = "".join(f", {c} {n}" for c, n in tally.votes.items())
    return label("ballot.summary", lang, cast=tally.cast, voters=tally.voters) + votes


def _drop_copies(reads: list[FormRead]) -> list[FormRead]:
    """One read per content (sha256): the newest counts, older copies are marked duplicates."""
    kept: dict[str, FormRead] = {}
    for read in reversed(reads):
        sha = read.source.sha256 if read.source is not None else ""
        if sha and sha in kept:
            read.source.status, read.source.note = "duplicate", kept[sha].file
            continue
        kept[sha or f"#{id(read)}"] = read
    counted = {id(r) for r in kept.values()}
    return [r for r in reads if id(r) in counted]


def _inbox_forms(returned: list[Submission], kind: str) -> list[FormRead]:
    return [FormRead(s.source.file, form=s.form, source=s.source)
            for s in returned if s.form.kind == kind]


def _form_reads(given: FormRead | Sequence[FormRead] | None) -> list[FormRead]:
    if given is None:
        return []
    return [given] if isinstance(given, FormRead) else list(given)


def _paths(given: Path | Sequence[Path] | None) -> list[Path]:
    if given is None:
        return []
    return [Path(given)] if isinstance(given, (str, Path)) else [Path(p) for p in given]


def _submitted(units: list[Submission], sheet: ScoreSheet) -> dict[str, Current]:
    """Each scored unit's submission in force: the file, its hash and its self scores."""
    values = sheet.values                   # made from the frame at each access: read it once
    return {s.source.unit: Current(s.source.file, s.source.sha256, values[s.source.unit])
            for s in units if s.source.status == "used" and s.source.unit in values}


@dataclass
class Decided:
    """What :func:`decide` returns: the units ranked, the proposals, the review."""
    units: list[UnitResult]
    recommendations: Recommendations
    review: ReviewData
    findings: list[Finding] = field(default_factory=list)   # the review's own findings
    sheet: ScoreSheet | None = None                          # the figures ranked (verified)


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
    data.self_finals = finals(totals_frame(block, sheet))
    data.verification_file = verification_file
    data.verified = verified or {}
    if verified:
        self_origin = sheet.origin
        sheet, data.changes = apply_verification(sheet, verified, verification_file)
        data.self_origin = {(c.unit, c.criterion): self_origin[c.unit][c.criterion]
                            for c in data.changes if c.criterion in self_origin.get(c.unit, {})}
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
    tie_break_grounds(units, breakers, lang, {u.code: u.women_share for u in block.units})
    if "rotation" in block.extra:
        data.rotation = rotation_outcome(block, SimpleNamespace(recommendations=rec), cfg.rotation,
                                         history_chairs, lang)
        new.extend(data.rotation.findings)
    units.sort(key=lambda u: (u.rank is None, u.rank or 0, u.code))
    return Decided(units=units, recommendations=rec, review=data, findings=new, sheet=sheet)


def result_time(block: Block, sources: list[Source]) -> datetime:
    """A fixed timestamp for reproducible output, as a wall time in the block's zone:
    SOURCE_DATE_EPOCH, else the time of the newest file the units sent (each by its best
    evidence, so that copying the inbox changes nothing), else 1 January after the year."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), block.tz).replace(tzinfo=None)
    sent = [s.received for s in sources if s.status in RESULT_TIME_STATUSES]
    if sent:
        return max(sent)
    return datetime(block.year + 1, 1, 1)


RESULT_TIME_STATUSES = ("used", "superseded", "duplicate", "undecided")


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.code, f.unit, f.file, f.sheet, f.cell, tuple(sorted(map(str, f.params.items()))))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
