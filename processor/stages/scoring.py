"""Scores -> totals, with the default semantics of DESIGN.md (a contract):

final = base_sum / applicable_base_max * full_base_max + bonus - deduction, rounded to 2
decimals half away from zero (Excel's ROUND), so the workbook's formulas and the tool agree.
Not-applicable criteria leave a unit's base and its applicable max alike. A unit with an
applicable base criterion that has no usable value gets no final score (never a silent 0).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..config.block import Block
from ..findings import Finding
from ..model import ScoreSheet, UnitResult


def excel_round(value: float, digits: int = 2) -> float:
    """ROUND(value, digits) as Excel and LibreOffice compute it: half away from zero on the
    15-significant-digit decimal the spreadsheet shows, not on the binary float."""
    exact = Decimal(format(value, ".15g"))
    return float(exact.quantize(_QUANTUM.get(digits) or Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


_QUANTUM = {d: Decimal(1).scaleb(-d) for d in range(0, 5)}


@dataclass
class Totals:
    sections: dict[str, float]
    base_sum: float
    applicable_max: float
    normalized_base: float | None
    bonus: float
    deduction: float
    final: float | None
    incomplete: list[str]          # applicable base criteria with no usable value


def unit_totals(block: Block, unit_code: str, values: dict[str, float | None]) -> Totals:
    not_applicable = block.unit(unit_code).not_applicable
    sections: dict[str, float] = {}
    base_sum = applicable_max = bonus = deduction = 0.0
    incomplete: list[str] = []
    for section in block.sections:
        subtotal = 0.0
        for crit in section.criteria:
            if crit.code in not_applicable:
                continue
            value = values.get(crit.code)
            if crit.kind == "score":
                applicable_max += crit.max
                if value is None:
                    incomplete.append(crit.code)
                    continue
                base_sum += value
            elif crit.kind == "bonus":
                bonus += value or 0.0
            else:
                deduction += value or 0.0
            subtotal += value or 0.0
        sections[section.code] = excel_round(subtotal)
    normalized = final = None
    if not incomplete and applicable_max > 0:
        normalized = base_sum / applicable_max * block.full_base_max
        final = excel_round(normalized + bonus - deduction)
    return Totals(sections=sections, base_sum=excel_round(base_sum), applicable_max=applicable_max,
                  normalized_base=None if normalized is None else excel_round(normalized),
                  bonus=excel_round(bonus), deduction=excel_round(deduction), final=final,
                  incomplete=incomplete)


def unit_final(block: Block, unit_code: str, values: dict[str, float | None]) -> float | None:
    return unit_totals(block, unit_code, values).final


def score_units(block: Block, sheet: ScoreSheet, findings: list[Finding]) -> list[UnitResult]:
    """A UnitResult per member, in the block's order, with its totals; a unit with an error
    finding is ``invalid`` (its error codes listed), a unit without a sheet ``missing`` (or
    ``not_participating`` when the config says it takes no part)."""
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
            result.status = "missing" if unit.not_participating is None else "not_participating"
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
