"""The review stages chained in the one order that makes sense, as a pure function the lead's
``pipeline.consolidate_submissions`` can call in place of score → rank → decide:

    verification overrides → scoring → cross combination → ranking (votes as tie-breaker)
    → rating gate → awards → ballot decision on the leader → tie-break grounds → rotation

Inputs are plain data already read from disk (the verification and tally readers are called by
the caller or through the path arguments here); the output is the ranked units, the
recommendations, the :class:`ReviewData` and the review's findings.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace

from ..stages import awards
from ..config.block import Block
from ..findings import Finding
from ..model import Recommendations, ScoreSheet, UnitResult
from ..stages.scoring import unit_totals
from .ballots import Tally, apply_leader_decision, leader_decision, read_tally
from ..config.review import ReviewConfig, review_config
from .cross import combine, cross_scores
from .data import ReviewData
from ..stages.gates import apply_gate_after, apply_gate_before, gate_failures
from ..stages.grounds import combination_ground, tie_break_grounds, verification_ground
from ..stages.rotation import rotation_outcome
from .verification import Verified, apply_verification, read_verification, verification_findings


@dataclass
class ReviewOutcome:
    units: list[UnitResult]
    recommendations: Recommendations
    review: ReviewData
    findings: list[Finding] = field(default_factory=list)   # the review's own findings


def effective_tie_breakers(block: Block, cfg: ReviewConfig) -> tuple[str, ...]:
    """The block's tie-breakers, with ``votes`` appended when ``[ballots] tie_breaker = true``."""
    breakers = tuple(block.awards.tie_breakers)
    if cfg.ballots.tie_breaker and "votes" not in breakers:
        breakers += ("votes",)
    return breakers


def with_tie_breakers(block: Block, breakers: tuple[str, ...]) -> Block:
    if breakers == tuple(block.awards.tie_breakers):
        return block
    return replace(block, awards=replace(block.awards, tie_breakers=breakers))


def run_review(block: Block, sheet: ScoreSheet, findings: list[Finding], *,
               verification: Path | dict[str, dict[str, Verified]] | None = None,
               verification_file: str | None = None,
               tally: Path | Tally | None = None,
               cross_collected: dict | None = None,
               template_ratings: dict[str, str] | None = None,
               history_chairs: dict[int, tuple[str | None, str | None]] | None = None,
               cfg: ReviewConfig | None = None, lang: str = "vi") -> ReviewOutcome:
    """Score, rank and decide with the whole review. ``findings`` are the findings so far (used
    for error statuses, not modified); the review's new findings are returned separately —
    the caller merges them before deciding statuses for the report."""
    from ..pipeline import rank_units, score_units

    cfg = cfg or review_config(block)
    data = ReviewData(config=cfg)
    new: list[Finding] = []

    # 1. verification overrides
    for code, values in sheet.values.items():
        data.self_finals[code] = unit_totals(block, code, values).final
    verified = {}
    if isinstance(verification, (str, Path)):
        verified, f = read_verification(Path(verification), block)
        new.extend(f)
        verification_file = verification_file or Path(verification).name
    elif verification:
        verified = verification
    data.verification_file = verification_file
    data.verified = verified
    if verified:
        original = sheet
        sheet, data.changes = apply_verification(sheet, verified, verification_file)
        data.self_origin = {(c.unit, c.criterion): original.origin[c.unit][c.criterion]
                            for c in data.changes if c.criterion in original.origin.get(c.unit, {})}
        new.extend(verification_findings(data.changes))

    # 2. scoring (errors in the verification workbook make the unit invalid)
    units = score_units(block, sheet, list(findings) + new)
    for u in units:
        data.verified_finals[u.code] = u.final_score
        if verification is not None and u.status != "missing":
            u.grounds.append(verification_ground(data.changes, u.code, lang))

    # 3. cross combination
    if cfg.cross.enabled and cross_collected is not None:
        scored_units = [u.code for u in units if u.final_score is not None]
        outcome, f = cross_scores(block, cross_collected, cfg.cross, units=scored_units)
        new.extend(f)
        data.cross = outcome
        for u in units:
            if u.final_score is None:
                continue
            base, cross = u.final_score, outcome.totals.get(u.code)
            u.final_score = combine(base, cross, cfg.cross)
            u.grounds.append(combination_ground(base, cross, u.final_score, cfg.cross,
                                                cfg.cross.aggregation, bool(verified), lang))
    data.finals = {u.code: u.final_score for u in units}

    # 4. ranking, votes as a tie-breaker when configured
    if isinstance(tally, (str, Path)):
        tally, f = read_tally(Path(tally), block)
        new.extend(f)
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
    return ReviewOutcome(units=units, recommendations=rec, review=data, findings=new)


def find_review_files(paths) -> tuple[Path | None, Path | None]:
    """(newest verification workbook, newest tally) among ``paths`` (e.g. the inbox's files),
    recognised by their ``_meta`` kind, never by name. The lead's intake should set such files
    aside (status "ignored", note "verification"/"tally") instead of reading them as templates."""
    from .ballots import is_tally_workbook
    from .verification import is_verification_workbook

    found: dict[str, list[Path]] = {"verification": [], "tally": []}
    for p in map(Path, paths):
        if not p.is_file() or p.suffix.lower() not in (".xlsx", ".xlsm", ".ods", ".xls"):
            continue
        if is_verification_workbook(p):
            found["verification"].append(p)
        elif is_tally_workbook(p):
            found["tally"].append(p)

    def newest(items: list[Path]) -> Path | None:
        return max(items, key=lambda p: (p.stat().st_mtime, p.name)) if items else None
    return newest(found["verification"]), newest(found["tally"])
