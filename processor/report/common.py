"""What several sheets say about a unit: its outcome, grounds, and the sheet names."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from ..labels import format_number, label

CORE_SHEETS = ("summary", "proposals", "minutes", "charts", "detail", "findings", "sources")


def sheet_name(key: str, lang: str) -> str:
    return label(f"sheet.{key}", lang)


def quoted(sheet: str) -> str:
    """A sheet name as it appears in a formula reference."""
    return "'" + sheet.replace("'", "''") + "'"


def round2(value: float | None) -> float | None:
    """Half away from zero at 2 decimals, as Excel's ROUND (on the shortest decimal repr)."""
    if value is None:
        return None
    value = float(value)
    if round(value, 2) == value and math.isfinite(value):
        # already the double nearest to a 2-decimal number: quantizing its shortest repr is
        # exact, so the answer is the value itself (the common case; 10× faster than Decimal)
        return value
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def ranked_count(result) -> int:
    return sum(1 for u in result.units if u.rank is not None)


def undecided_of(result, code: str):
    for item in result.recommendations.undecided:
        if code in item.units:
            return item
    return None


def position_text(unit, lang: str) -> str:
    return label(f"position.{unit.position}", lang) if unit.position else ""


def award_text(result, unit, lang: str, short: bool = False) -> str:
    if unit.award:
        return label(f"award.{unit.award}" + (".short" if short else ""), lang)
    item = undecided_of(result, unit.code)
    if item is not None or unit.undecided_for:
        what = item.for_ if item is not None else unit.undecided_for
        return label("undecided.for", lang, what=label(f"undecided.what.{what}", lang))
    return ""


def outcome_text(result, unit, lang: str) -> str:
    """One short phrase for tables: position and award, or status when not ranked."""
    parts = [p for p in (position_text(unit, lang), award_text(result, unit, lang, short=True)) if p]
    if not parts and unit.status != "ok":
        parts.append(label(f"status.{unit.status}", lang))
    return "; ".join(parts)


def grounds_text(result, unit, lang: str, ranked: int | None = None) -> str:
    """Căn cứ: the pipeline's grounds, else score and rank; then the reasons, if any.
    ``ranked`` is :func:`ranked_count` when the caller has it (a table of every unit)."""
    parts: list[str] = []
    if unit.grounds:
        parts.extend(unit.grounds)
    elif unit.final_score is not None and unit.rank is not None:
        parts.append(label("grounds.default", lang, score=format_number(unit.final_score, lang),
                           rank=unit.rank,
                           ranked=ranked_count(result) if ranked is None else ranked))
    item = undecided_of(result, unit.code)
    if item is not None and item.reason and item.reason not in unit.reasons:
        parts.append(item.reason)
    parts.extend(r for r in unit.reasons if r not in parts)
    return "; ".join(parts)


def unit_names(result, codes) -> str:
    names = []
    for code in codes:
        try:
            names.append(result.unit(code).name)
        except KeyError:
            names.append(str(code))
    return ", ".join(names)


def chart_role(result, unit) -> str:
    """leader | merit | undecided | other — the colour of the unit's bar."""
    if unit.position == "leader" or unit.award == "flag":
        return "leader"
    if unit.award == "merit":
        return "merit"
    if undecided_of(result, unit.code) is not None or unit.undecided_for:
        return "undecided"
    return "other"


def runs(rows: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of row numbers as (first, last)."""
    out: list[tuple[int, int]] = []
    for r in sorted(rows):
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out
