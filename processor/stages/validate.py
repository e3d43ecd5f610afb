"""Judge what intake read: which file counts for each unit, whether each value is usable.

Pure: Submissions in, (ScoreSheet, findings) out; Source statuses are settled here. The scores
are one frame (:mod:`.scores`), and a cached total is checked against the vectorized finals.
"""
from __future__ import annotations

from ..config.block import TEMPLATE_VERSION, Block, Criterion
from ..findings import Finding, finding
from ..labels import format_number, format_plain
from ..model import ScoreCell, ScoreSheet, Submission
from ..numbers import parse_score
from .newest import EVIDENCE_LABEL, choose, describe
from .participation import set_aside
from .scores import score_frame
from .scoring import finals, totals_frame

NOT_APPLICABLE_TEXT = ("không áp dụng", "khong ap dung", "kad", "n/a", "-")
_NOWHERE = (None, None, None)


def validate(block: Block, submissions: list[Submission]) -> tuple[ScoreSheet, list[Finding]]:
    submissions, findings = set_aside(block, submissions)
    used = choose_submissions(block, submissions, findings)
    present = [unit.code for unit in block.participating if unit.code in used]
    read = {code: _read(block, code, used[code]) for code in present}
    sheet = ScoreSheet(score_frame(block, present, **_columns(block, present, read)))
    computed = finals(totals_frame(block, sheet))      # the unit's own total, before any deduction
    for unit in block.participating:
        sub = used.get(unit.code)
        if sub is None:
            if unit.code not in used:   # None in used: sent, but which file counts is unknown
                findings.append(finding("U003", unit=unit.code))
            continue
        findings.extend(check_template(block, sub))
        values, _, _, cell_findings = read[unit.code]
        findings.extend(cell_findings)
        findings.extend(check_total(sub, computed[unit.code]))
        findings.extend(check_deadline(block, sub, values))
    if block.late_deduction:
        _late_deductions(block, sheet, present, read)
    return sheet, findings


def _read(block: Block, unit_code: str, sub: Submission | None):
    """:func:`read_values` of the file that counts; no figure, origin or finding where the
    evidence cannot tell which file that is (the unit is then not scored)."""
    if sub is None:
        return {c.code: None for c in block.criteria}, {}, {}, []
    return read_values(block, unit_code, sub)


def _columns(block: Block, present: list[str], read: dict) -> dict[str, list]:
    """The frame's per-row columns from what :func:`read_values` returned per unit."""
    codes = [c.code for c in block.criteria]
    out: dict[str, list] = {"value": [], "file": [], "sheet": [], "cell": [], "evidence": []}
    for code in present:
        values, origin, evidence, _ = read[code]
        where = [origin.get(c, _NOWHERE) for c in codes]
        out["value"] += [values[c] for c in codes]
        out["file"] += [w[0] for w in where]
        out["sheet"] += [w[1] for w in where]
        out["cell"] += [w[2] for w in where]
        out["evidence"] += [evidence.get(c) for c in codes]
    return out


def _late_deductions(block: Block, sheet: ScoreSheet, present: list[str], read: dict) -> None:
    """Into the frame, the deductions :func:`check_deadline` raised for late units."""
    code = block.late_deduction[0]
    m, j = len(block.criteria), [c.code for c in block.criteria].index(code)
    frame = sheet.frame
    rows = [i * m + j for i in range(len(present))]
    now = [read[unit][0][code] for unit in present]
    raised = [(row, float(v)) for row, v, was in zip(rows, now, frame["value"].to_numpy()[rows])
              if v is not None and v != was]
    if raised:
        frame.loc[[row for row, _ in raised], "value"] = [v for _, v in raised]


def choose_submissions(block: Block, submissions: list[Submission], findings: list[Finding]) -> dict[str, Submission | None]:
    """The newest file per unit by the evidence of when each was sent or saved (see
    :mod:`.newest`); byte-identical copies count once; the rest are superseded. A unit whose
    files the evidence cannot order maps to None, with an S005 / S006 error: it is not scored."""
    by_unit: dict[str, list[Submission]] = {}
    for sub in submissions:
        if sub.source.unit is not None and sub.source.status != "rejected":
            by_unit.setdefault(sub.source.unit, []).append(sub)
    used: dict[str, Submission | None] = {}
    for unit, subs in by_unit.items():
        choice = choose(subs)
        used[unit] = choice.used
        if choice.used is not None:
            choice.used.source.status = "used"
            winner = choice.used.source.file
            for other in choice.overruled:
                findings.append(finding("S007", unit=unit, file=winner, older=other.source.file,
                                        files=describe([choice.used, other])))
        else:
            for sub in choice.undecided:
                sub.source.status = "undecided"
                sub.source.note = "không biết tệp nào mới nhất: " + ", ".join(
                    o.source.file for o in choice.undecided if o is not sub)
            findings.append(finding("S006" if choice.conflict else "S005", unit=unit,
                                    files=describe(choice.undecided)))
        for sub, newer in choice.superseded:
            sub.source.status = "superseded"
            sub.source.note = winner if choice.used is not None else ", ".join(
                n.source.file for n in newer)
            if choice.used is not None:
                findings.append(finding("S001", unit=unit, file=sub.source.file, winner=winner))
        for copy, original in choice.duplicates:
            copy.source.status = "duplicate"
            copy.source.note = original.source.file
            findings.append(finding("S002", unit=unit, file=copy.source.file,
                                    same_as=original.source.file))
    # Findings of files that do not count are kept, but they no longer make the unit invalid.
    for sub in submissions:
        if sub.source.status in ("superseded", "duplicate", "undecided"):
            sub.findings[:] = [_as_info(f) for f in sub.findings]
    return used


def check_template(block: Block, sub: Submission) -> list[Finding]:
    meta, file, unit = sub.meta, sub.source.file, sub.source.unit
    out: list[Finding] = []
    if not meta:
        return out  # no _meta: identity came from other signals (intake reported which)
    if meta.get("block_id") and meta["block_id"] != block.id:
        out.append(finding("M002", unit=unit, file=file, sheet="_meta", found=meta["block_id"],
                           expected=block.id))
    if meta.get("year") and meta["year"] != str(block.year):
        out.append(finding("M003", unit=unit, file=file, sheet="_meta", found=meta["year"],
                           expected=block.year))
    if meta.get("criteria_hash") and meta["criteria_hash"] != block.criteria_hash:
        out.append(finding("M004", unit=unit, file=file, sheet="_meta", found=meta["criteria_hash"],
                           expected=block.criteria_hash))
    if meta.get("template_version") and meta["template_version"] != TEMPLATE_VERSION:
        out.append(finding("M006", unit=unit, file=file, sheet="_meta",
                           found=meta["template_version"], expected=TEMPLATE_VERSION))
    return out


def read_values(block: Block, unit_code: str, sub: Submission):
    unit = block.unit(unit_code)
    values: dict[str, float | None] = {}
    origin: dict[str, tuple[str, str, str]] = {}
    evidence: dict[str, str] = {}
    out: list[Finding] = []
    file = sub.source.file
    for crit in block.criteria:
        cell = sub.cells.get(crit.code)
        if cell is None:
            values[crit.code] = None
            if crit.code not in unit.not_applicable:
                out.append(finding("M005", unit=unit_code, file=file, sheet=sub.sheet,
                                   criterion=crit.code))
            continue
        origin[crit.code] = (file, cell.sheet, cell.cell)
        evidence[crit.code] = cell.evidence
        loc = dict(unit=unit_code, file=file, sheet=cell.sheet, cell=cell.cell)
        if crit.code in unit.not_applicable:
            values[crit.code] = None
            raw = cell.raw
            if raw is not None and not (isinstance(raw, str) and raw.strip().lower() in NOT_APPLICABLE_TEXT):
                out.append(finding("V005", criterion=crit.code, value=raw, **loc))
            continue
        if crit.kind != "score" and (cell.raw is None or (isinstance(cell.raw, str) and not cell.raw.strip())):
            values[crit.code] = 0.0   # a blank bonus or deduction row means none
            continue
        value, problems = parse_cell(cell, crit, loc)
        out.extend(problems)
        values[crit.code] = value
        if value is not None and crit.evidence_required and not cell.evidence:
            out.append(finding("V006", criterion=crit.code, unit=unit_code, file=file,
                               sheet=cell.sheet, cell=cell.evidence_cell or cell.cell))
    return values, origin, evidence, out


def check_total(sub: Submission, computed: float | None) -> list[Finding]:
    """A cached total that disagrees with ours (``computed``) is reported; ours is used either way."""
    cached = sub.cached_total
    if not isinstance(cached, (int, float)) or isinstance(cached, bool):
        return []
    if computed is None or abs(float(cached) - computed) < 0.005:
        return []
    # A template saved by a program that never recalculated holds 0: not the unit's doing.
    if float(cached) == 0.0:
        return []
    return [finding("V004", unit=sub.source.unit, file=sub.source.file, sheet=sub.sheet,
                    cell=sub.total_cell, cached=format_number(cached),
                    computed=format_number(computed))]


def check_deadline(block: Block, sub: Submission, values: dict[str, float | None]) -> list[Finding]:
    """A file sent or saved after the deadline (by the best evidence of its time, in the block's
    zone: never the time it was copied) is warned; where the block configures it, its deduction
    is applied (never less than what the unit deducted itself)."""
    source = sub.source
    if block.deadline is None or not _after(source, block):
        return []
    out = [finding("S003", unit=source.unit, file=source.file,
                   received=source.received.strftime("%H:%M %d/%m/%Y"),
                   deadline=block.deadline.strftime("%H:%M %d/%m/%Y"),
                   evidence=EVIDENCE_LABEL.get(source.time_source, EVIDENCE_LABEL["mtime"]))]
    if block.late_deduction:
        code, points = block.late_deduction
        if (values.get(code) or 0.0) < points:
            values[code] = points
            cell = sub.cells.get(code)
            out.append(finding("S004", unit=source.unit, file=source.file,
                               sheet=cell.sheet if cell else None, cell=cell.cell if cell else None,
                               criterion=code, points=format_plain(points)))
    return out


def _after(source, block: Block) -> bool:
    """The file's time is after the deadline: compared as instants when the time is aware (a
    wall time in the block's zone can repeat when clocks go back), else as wall times."""
    moment = source.times.get(source.time_source)
    if moment is not None and moment.tzinfo is not None:
        return moment.timestamp() > block.deadline.replace(tzinfo=block.tz).timestamp()
    return source.received > block.deadline


def _as_info(f: Finding) -> Finding:
    if f.severity != "error":
        return f
    return finding(f.code, unit=f.unit, file=f.file, sheet=f.sheet, cell=f.cell, severity="info",
                   **f.params)


def parse_cell(cell: ScoreCell, crit: Criterion, loc: dict) -> tuple[float | None, list[Finding]]:
    """The cell's number, or None with the finding that says why it cannot be used."""
    parsed = parse_score(cell.raw, max=crit.max, error=cell.error)
    problems = [finding(code, criterion=crit.code, max=format_plain(crit.max), **loc, **params)
                for code, params in parsed.findings]
    return parsed.value, problems
