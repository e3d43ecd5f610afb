"""A returned verification form, read into entries (:func:`judge_form`): rows are known by the
(unit, criterion) codes written in them, never by position; a typed score is read by the one
parser of :mod:`processor.numbers`, exactly as a self score (the same value, the same finding
codes, located at the verified cell); ``_meta`` says what the form was written carrying and
which forms it knew. :mod:`.verification_merge` merges several forms cell by cell."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..config.block import Block
from ..findings import Finding, finding
from ..labels import format_plain, label
from ..model import META_SHEET, ScoreCell, VerificationForm
from ..numbers import parse_score
from .validate import parse_cell


class Verified(NamedTuple):
    """One cell in force: the verified score (None = keep the self score), the reason, the cell
    (``sheet!A1`` of the verified score) and the form it stands in."""
    verified: float | None
    reason: str
    cell: str
    file: str | None = None


@dataclass(frozen=True)
class Entry:
    """One form's row for a unit × criterion, read."""
    key: Any                    # what is compared: None (blank), the number, ("text", raw) unusable
    reason: str
    sheet: str
    cell: str                   # A1 of the verified score
    self_score: float | None    # the self score printed on the form
    base_key: Any = None        # the verified score the form was written carrying (None: none)
    base_reason: str = ""
    base_from: str = ""         # the forms that value came from, as written
    problems: tuple[Finding, ...] = ()   # findings of reading the verified cell
    row_missing: bool = False   # the row was deleted; the entry stands for what _meta says it carried


@dataclass
class JudgedForm:
    """A returned form, read: its entries, its own findings, what it knew when written."""
    file: str
    sha256: str = ""
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    known: frozenset[str] = frozenset()                # sha256 of the forms it carried from
    known_files: tuple[tuple[str, str], ...] = ()      # (sha256, file), for the next form
    made_from: dict[str, tuple[str, str]] = field(default_factory=dict)   # unit -> (file, sha256)
    usable: bool = True

def judge_form(form: VerificationForm | None, block: Block, *, file: str, sha256: str = "",
               failure: str | None = None) -> JudgedForm:
    """The entries of ``form`` and its own findings. No form (``failure``: why intake could not
    read it), or one of another block, year or criteria version (R006), is not usable."""
    out = JudgedForm(file=file, sha256=sha256)
    if form is None:
        out.usable = False
        out.findings.append(finding("R009", file=file,
                                    detail=failure or label("verification.not_a_form")))
        return out
    meta = form.meta
    wrong = [f"{k}: {meta.get(k)!r} ≠ {want!r}" for k, want in
             (("block_id", block.id), ("year", str(block.year)), ("criteria_hash", block.criteria_hash))
             if meta.get(k) != want]
    if wrong:
        typed = sum(1 for row in form.rows if not _blank(row.verified.raw))
        if typed:
            wrong.append(label("verification.unused", n=typed))
        out.usable = False
        out.findings.append(finding("R006", file=file, sheet=META_SHEET, detail="; ".join(wrong)))
        return out
    sheet = form.sheet
    if not form.has_sheet:
        out.usable = False
        out.findings.append(finding("R009", file=file, detail=label("verification.no_sheet", sheet=sheet)))
        return out
    out.known_files = tuple(form.known)
    out.known = frozenset(sha for sha, _ in form.known)
    out.made_from = dict(form.made_from)
    units = set(block.unit_codes)
    for row in form.rows:
        unit_code, crit_code = row.unit, row.criterion
        why = _unknown(block, units, unit_code, crit_code)
        if why:
            if _blank(row.verified.raw):
                out.findings.append(finding("R005", file=file, sheet=sheet, cell=row.criterion_cell,
                                            found_unit=unit_code, criterion=crit_code))
            else:
                out.findings.append(finding("R016", file=file, sheet=sheet, cell=row.verified.cell,
                                            value=_text(row.verified.raw), found_unit=unit_code,
                                            criterion=crit_code, why=why))
            continue
        cell = row.verified.cell
        loc = dict(unit=unit_code, file=file, sheet=sheet, cell=cell)
        if (unit_code, crit_code) in out.entries:
            first = out.entries[(unit_code, crit_code)]
            out.findings.append(finding("R010", first=f"{first.sheet}!{first.cell}",
                                        criterion=crit_code, **loc))
            continue
        key, problems = None, ()
        if not _blank(row.verified.raw):
            crit = block.criterion(crit_code)
            value, found = parse_cell(ScoreCell(crit_code, row.verified.raw, sheet, cell), crit, loc)
            key = value if value is not None else ("text", _text(row.verified.raw))
            problems = tuple(found)
        base = form.carried.get((unit_code, crit_code))
        out.entries[(unit_code, crit_code)] = Entry(
            key=key, reason=row.reason, sheet=sheet, cell=cell,
            self_score=parse_score(row.self_score, max=float("inf")).value,
            base_key=_number(base.verified) if base else None,
            base_reason=base.reason if base else "", base_from=base.origin if base else "",
            problems=problems)
    rowed = {u for u, _ in out.entries} | {u for u, _ in form.carried if u in units}
    for unit_code in sorted(rowed):
        unit = block.unit(unit_code)
        for crit in block.criteria:
            if crit.code in unit.not_applicable or (unit_code, crit.code) in out.entries:
                continue
            base = form.carried.get((unit_code, crit.code))
            if base is None or (_number(base.verified) is None and not base.reason):
                out.findings.append(finding("R004", unit=unit_code, file=file, sheet=sheet,
                                            criterion=crit.code))
                continue
            # the row is gone but _meta says what it carried: that value still stands
            cell = base.cell or ""
            key = _number(base.verified)
            out.entries[(unit_code, crit.code)] = Entry(
                key=key, reason=base.reason, sheet=sheet, cell=cell, self_score=None,
                base_key=key, base_reason=base.reason, base_from=base.origin, row_missing=True)
            out.findings.append(finding("R018", unit=unit_code, file=file, sheet=sheet, cell=cell or None,
                                        criterion=crit.code, verified=format_plain(key),
                                        origin=base.origin or "—"))
    return out


def _unknown(block: Block, units: set[str], unit_code: str, crit_code: str) -> str | None:
    """Why a row's (unit, criterion) is not one the block scores; None when it is."""
    if unit_code not in units:
        return label("verification.why.unit")
    if crit_code not in block.criterion_codes:
        return label("verification.why.criterion")
    if crit_code in block.unit(unit_code).not_applicable:
        return label("verification.why.not_applicable")
    return None

def _number(raw) -> float | None:
    return parse_score(raw, max=float("inf")).value


def _text(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def _blank(raw) -> bool:
    """Blank as the one parser sees it (None, "", white space, invisible characters)."""
    return parse_score(raw, max=float("inf")).code == "V003"
