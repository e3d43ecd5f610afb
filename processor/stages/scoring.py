"""Scores -> totals, with the default semantics of DESIGN.md (a contract):

final = base_sum / applicable_base_max * full_base_max + bonus - deduction, rounded to 2
decimals half away from zero (Excel's ROUND), so the workbook's formulas and the tool agree.
Not-applicable criteria leave a unit's base and its applicable max alike. A unit with an
applicable base criterion that has no usable value gets no final score (never a silent 0).

Vectorized over the units of the score frame; each sum adds the criteria one by one in the
block's order, so every unit gets the very floats a unit-by-unit loop (and Excel) gets.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from ..config.block import Block
from ..findings import Finding
from ..model import ScoreSheet, UnitResult
from .scores import frame_units, matrix

TOTALS = ("base_sum", "applicable_max", "normalized_base", "bonus", "deduction", "final")


def excel_round(value: float, digits: int = 2) -> float:
    """ROUND(value, digits) as Excel and LibreOffice compute it: half away from zero on the
    15-significant-digit decimal the spreadsheet shows, not on the binary float."""
    exact = Decimal(format(value, ".15g"))
    return float(exact.quantize(_QUANTUM.get(digits) or Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


_QUANTUM = {d: Decimal(1).scaleb(-d) for d in range(0, 5)}
_NEAR_HALF = 1e-6        # |scaled fraction - 0.5| at or below this: decided by excel_round itself
_LARGE = 1e7             # |scaled value| from this on: likewise


def excel_round_array(values: np.ndarray, digits: int = 2) -> np.ndarray:
    """:func:`excel_round` of every element (NaN stays NaN; ``digits`` ≥ 0), bit for bit,
    without a Decimal per element: the scaled value is rounded half away from zero, except where
    it lies within ``_NEAR_HALF`` of a half (or is huge, or infinite), where the 15-digit decimal
    could round otherwise than the binary float; those few go through :func:`excel_round`."""
    x = np.asarray(values, dtype=float)
    scale = 10.0 ** digits
    with np.errstate(invalid="ignore", over="ignore"):
        magnitude = np.abs(x * scale)
        whole = np.floor(magnitude)
        fraction = magnitude - whole             # exact below 2**52
        out = np.copysign((whole + (fraction >= 0.5)) / scale, x)
        hard = (np.abs(fraction - 0.5) <= _NEAR_HALF) | ~(magnitude < _LARGE)
    hard &= ~np.isnan(x)
    for i in np.flatnonzero(hard):
        out.flat[i] = excel_round(float(x.flat[i]), digits)
    return out


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


def _totals(block: Block, values: np.ndarray, applicable: np.ndarray):
    """Units × criteria figures (NaN: none) and applicability -> (section subtotals by code,
    TOTALS by name, incomplete), rounded as the contract says; ``incomplete`` marks the
    applicable base criteria without a figure. Every sum runs over the criteria in block order."""
    zero = np.zeros(values.shape[0])
    base_sum = applicable_max = bonus = deduction = zero
    missing = np.isnan(values)
    figure = np.where(applicable & ~missing, values, 0.0)
    incomplete = applicable & missing
    kinds = [c.kind for c in block.criteria]
    sections: dict[str, np.ndarray] = {}
    j = 0
    for section in block.sections:
        subtotal = zero
        for crit in section.criteria:
            if crit.kind == "score":
                applicable_max = applicable_max + np.where(applicable[:, j], crit.max, 0.0)
                base_sum = base_sum + figure[:, j]
            elif crit.kind == "bonus":
                bonus = bonus + figure[:, j]
            else:
                deduction = deduction + figure[:, j]
            subtotal = subtotal + figure[:, j]
            j += 1
        sections[section.code] = excel_round_array(subtotal)
    incomplete[:, [k != "score" for k in kinds]] = False
    complete = ~incomplete.any(axis=1) & (applicable_max > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        normalized = np.where(complete, base_sum / applicable_max * block.full_base_max, np.nan)
    totals = {"base_sum": excel_round_array(base_sum), "applicable_max": applicable_max,
              "normalized_base": excel_round_array(normalized), "bonus": excel_round_array(bonus),
              "deduction": excel_round_array(deduction),
              "final": excel_round_array(normalized + bonus - deduction)}
    return sections, totals, incomplete


def totals_frame(block: Block, sheet: ScoreSheet) -> pd.DataFrame:
    """A row per unit of ``sheet`` (indexed by its code): ``section:<code>`` per section
    subtotal, then :data:`TOTALS`; NaN where a unit has no normalized or final score."""
    frame = sheet.frame
    sections, totals, _ = _totals(block, matrix(frame, "value", block),
                                  matrix(frame, "applicable", block))
    return pd.DataFrame({**{f"section:{code}": v for code, v in sections.items()}, **totals},
                        index=pd.Index(frame_units(frame, block), name="unit"))


def finals(totals: pd.DataFrame) -> dict[str, float | None]:
    """unit -> final score (None: none), from :func:`totals_frame`."""
    return dict(zip(totals.index.tolist(), map(_scalar, totals["final"].tolist())))


def unit_totals(block: Block, unit_code: str, values: dict[str, float | None]) -> Totals:
    """The totals of one unit's figures (criterion -> value; a criterion left out has none)."""
    not_applicable = block.unit(unit_code).not_applicable
    row = np.array([[np.nan if (v := values.get(c.code)) is None else v for c in block.criteria]],
                   dtype=float)
    applicable = np.array([[c.code not in not_applicable for c in block.criteria]])
    sections, totals, incomplete = _totals(block, row, applicable)
    first = {name: _scalar(column[0]) for name, column in totals.items()}
    return Totals(sections={code: _scalar(v[0]) for code, v in sections.items()},
                  incomplete=[c.code for c, gap in zip(block.criteria, incomplete[0]) if gap],
                  **first)


def unit_final(block: Block, unit_code: str, values: dict[str, float | None]) -> float | None:
    return unit_totals(block, unit_code, values).final


def _scalar(x: float) -> float | None:
    return None if x != x else float(x)


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
    totals = totals_frame(block, sheet)
    sections = [s.code for s in block.sections]
    subtotals = zip(*(totals[f"section:{code}"].tolist() for code in sections), strict=True) \
        if sections else ((),) * len(totals)
    figures = zip(*(map(_scalar, totals[name].tolist()) for name in TOTALS), strict=True)
    scored = {code: (row, dict(zip(sections, subs)), figs) for code, row, subs, figs
              in zip(totals.index.tolist(), _unit_rows(block, sheet.frame), subtotals, figures,
                     strict=True)}
    units = []
    for unit in block.units:
        result = UnitResult(code=unit.code, name=unit.name, short_name=unit.short_name, status="ok")
        if unit.code not in scored:
            result.status = "missing" if unit.not_participating is None else "not_participating"
            result.error_codes = errors.get(unit.code, [])
            units.append(result)
            continue
        (result.scores, result.origin, result.evidence), result.sections, figs = scored[unit.code]
        (result.base_sum, result.applicable_max, result.normalized_base, result.bonus,
         result.deduction, result.final_score) = figs
        result.file = next(iter(result.origin.values()), (None,))[0]
        if unit.code in errors:
            result.status = "invalid"
            result.error_codes = errors[unit.code]
        units.append(result)
    return units


def _unit_rows(block: Block, frame: pd.DataFrame):
    """(scores, origin, evidence) per unit of the frame, in its order, as UnitResult keeps them."""
    codes = [c.code for c in block.criteria]
    m = len(codes)
    value, file, sheet, cell, evidence = (frame[c].tolist() for c in
                                          ("value", "file", "sheet", "cell", "evidence"))
    for a in range(0, len(frame), m or 1):
        b = a + m
        scores = dict(zip(codes, [None if v != v else v for v in value[a:b]]))
        origin = {code: (f, s, c) for code, f, s, c in zip(codes, file[a:b], sheet[a:b], cell[a:b])
                  if c.__class__ is str}
        texts = {code: e for code, e in zip(codes, evidence[a:b]) if e.__class__ is str}
        yield scores, origin, texts
