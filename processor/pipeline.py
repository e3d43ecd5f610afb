"""The one place that chains the stages:

inbox -> intake -> validate -> scoring -> ranking -> awards -> Result.

Only intake reads the disk; report (called by the CLI) writes it. Every stage in between takes
plain data and returns plain data.
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from .stages import ranking
from .config.block import Block
from .findings import Finding
from .intake import intake
from .model import Result, ScoreSheet, Source, Submission, UnitResult
from .progress import notice
from .stages.scoring import unit_totals
from .stages.validate import validate


def consolidate(block: Block, inbox: Path, *, lang: str = "vi", created: datetime | None = None,
                log_file: str = "thidua.log", verification: Path | None = None, tally: Path | None = None,
                history_chairs: dict | None = None) -> Result:
    """The whole run. ``verification`` / ``tally`` default to the newest such workbook in the inbox."""
    sources, submissions, intake_findings = intake(Path(inbox), block, log_file=log_file, lang=lang)
    verification = verification or _newest_role(sources, "verification")
    tally = tally or _newest_role(sources, "tally")
    with notice("Đang kiểm tra, chấm điểm và xếp hạng" if lang == "vi" else "Checking, scoring and ranking"):
        return consolidate_submissions(block, sources, submissions, intake_findings, lang=lang,
                                       created=created, verification=verification, tally=tally,
                                       history_chairs=history_chairs)


def consolidate_submissions(block: Block, sources: list[Source], submissions: list[Submission],
                            intake_findings: list[Finding], *, lang: str = "vi",
                            created: datetime | None = None, verification=None, tally=None,
                            history_chairs: dict | None = None) -> Result:
    from .config.review import review_config
    from .review.cross import collect_cross
    from .review.stage import run_review

    sheet, findings = validate(block, submissions)
    read_findings = [f for sub in submissions for f in sub.findings]
    findings = _unique(intake_findings + read_findings + findings)
    cfg = review_config(block)
    collected = None
    if cfg.cross.enabled:
        collected, cross_findings = collect_cross(block, submissions, cfg.cross.granularity)
        findings += cross_findings
    # verification -> scoring -> cross combination -> ranking -> gates -> awards -> ballots -> rotation
    out = run_review(block, sheet, findings, verification=verification, tally=tally,
                     cross_collected=collected, history_chairs=history_chairs, cfg=cfg, lang=lang)
    findings = _unique(findings + out.findings)
    findings.sort(key=lambda f: f.sort_key())
    units = out.units
    units.sort(key=lambda u: (u.rank is None, u.rank or 0, u.code))
    provisional = any(u.status in ("invalid", "missing") for u in units)
    return Result(block=block, units=units, recommendations=out.recommendations, findings=findings,
                  sources=sorted(sources, key=lambda s: s.file), created=created or result_time(block, sources),
                  provisional=provisional, review=out.review)


def _newest_role(sources: list[Source], role: str) -> Path | None:
    """The newest review workbook of a role wins; older ones are marked superseded."""
    found = sorted((s for s in sources if s.role == role), key=lambda s: (s.received, s.file))
    for older in found[:-1]:
        older.status, older.note = "superseded", found[-1].file
    return found[-1].path if found else None


def score_units(block: Block, sheet: ScoreSheet, findings: list[Finding]) -> list[UnitResult]:
    errors: dict[str, list[str]] = {}
    for f in findings:
        if f.severity == "error" and f.unit:
            errors.setdefault(f.unit, [])
            if f.code not in errors[f.unit]:
                errors[f.unit].append(f.code)
    units = []
    for unit in block.units:
        result = UnitResult(code=unit.code, name=unit.name, short_name=unit.short_name, status="ok")
        values = sheet.values.get(unit.code)
        if values is None:
            result.status = "missing"
            result.error_codes = errors.get(unit.code, [])
            units.append(result)
            continue
        totals = unit_totals(block, unit.code, values)
        result.scores = dict(values)
        result.sections = totals.sections
        result.base_sum, result.applicable_max = totals.base_sum, totals.applicable_max
        result.normalized_base, result.final_score = totals.normalized_base, totals.final
        result.bonus, result.deduction = totals.bonus, totals.deduction
        result.origin = sheet.origin.get(unit.code, {})
        result.evidence = sheet.evidence.get(unit.code, {})
        result.file = next(iter(result.origin.values()), (None,))[0]
        if unit.code in errors:
            result.status = "invalid"
            result.error_codes = errors[unit.code]
        units.append(result)
    return units


def rank_units(block: Block, units: list[UnitResult], votes: dict[str, int] | None = None) -> None:
    breakers = block.awards.tie_breakers
    metrics = {}
    for u in units:
        if u.final_score is None:
            continue
        u.tie_break_values = {
            name: ranking.tie_breaker_value(name, u.sections, u.bonus or 0.0, u.deduction or 0.0,
                                            u.normalized_base, votes, u.code)
            for name in breakers}
        metrics[u.code] = (u.final_score, *u.tie_break_values.values())
    ranks = ranking.competition_rank(metrics)
    for u in units:
        if u.code in ranks:
            u.rank, u.tied = ranks[u.code].position, ranks[u.code].tied


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
