"""What several sheets say about a unit (its outcome, grounds, next year's roles), the sheet
names, and the cell helpers they share."""
from __future__ import annotations

import math
import re
from functools import lru_cache

from xlsxwriter.utility import xl_rowcol_to_cell

from ..labels import format_number, label
from ..stages.scoring import excel_round

CORE_SHEETS = ("summary", "proposals", "minutes", "charts", "detail", "findings", "sources")


def sheet_name(key: str, lang: str) -> str:
    return label(f"sheet.{key}", lang)


def quoted(sheet: str) -> str:
    """A sheet name as it appears in a formula reference."""
    return "'" + sheet.replace("'", "''") + "'"


def round2(value: float | None) -> float | None:
    """A cached figure as the tool rounds it (:func:`~processor.stages.scoring.excel_round`,
    Excel's ROUND at 2 decimals); None stays None."""
    if value is None:
        return None
    value = float(value)
    if round(value, 2) == value and math.isfinite(value) and abs(value) < 1e13:
        # already the double nearest to a 2-decimal number (of at most 15 digits): ROUND gives
        # the value itself (the common case; 10× faster than going through Decimal)
        return value
    return excel_round(value)


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


def grounds_text(result, unit, lang: str, ranked: int | None = None, *, formal: bool = False) -> str:
    """Căn cứ as one sentence a chair can sign: the pipeline's grounds (else score and rank),
    then the reasons. ``formal``: units named by their full name, not their code.
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
    verified = (label("grounds.verified_none", lang), label("grounds.verified", lang).split("{")[0])
    parts.sort(key=lambda p: p.startswith(verified))     # score and award first, then the check
    text = sentence(parts)
    return named(text, result.block, short=not formal) if text else ""


# The openings of grounds that are common words, written small inside a sentence.
_SMALL_OPENINGS = ("Điểm", "Đạt", "Dẫn đầu", "Qua thẩm định", "Bằng điểm", "Trong chỉ tiêu",
                   "Ngoài chỉ tiêu", "Đơn vị dẫn đầu",
                   "Được xếp loại", "Không", "Xếp thứ", "Tổng điểm", "Score", "Tied", "Within",
                   "Outside", "Leading", "Rated", "Not ", "Place", "Below", "Self scores",
                   "Scores verified", "Final score", "No ")


def sentence(parts: list[str]) -> str:
    """Fragments as one sentence: "; " between them, each after the first in small letters
    when it opens with a common word, a full stop at the end."""
    out = []
    for i, part in enumerate(p.strip().rstrip(";.") for p in parts):
        if not part:
            continue
        if out and part.startswith(_SMALL_OPENINGS):
            part = part[:1].lower() + part[1:]
        out.append(part)
    return ("; ".join(out) + ".") if out else ""


def named(text: str, block, short: bool = False) -> str:
    """``text`` with every unit code (of 3 characters or more) replaced by the unit's name:
    formal text names units, codes belong to tables."""
    if not text:
        return text
    names = {u.code: (u.short_name if short else u.name) for u in block.units if len(u.code) >= 3}
    if not names:
        return text
    pattern = _code_pattern(tuple(sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda m: names[m.group(0)], text)


@lru_cache(maxsize=64)
def _code_pattern(codes: tuple[str, ...]):
    return re.compile(r"(?<![\w.\-/])(?:" + "|".join(re.escape(c) for c in codes) + r")(?![\w\-/]|\.\w)")


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


def a1_ranges(rows: list[int], col: int) -> list[str]:
    """Rows (0-based) of one column as compact relative A1 ranges: ["D12:D14", "D16"]."""
    out = []
    for first, last in runs(rows):
        a = xl_rowcol_to_cell(first, col)
        out.append(a if first == last else f"{a}:{xl_rowcol_to_cell(last, col)}")
    return out


ROTATION_KEYS = {"chair": ("next_chair", "chair"), "deputy": ("next_deputy", "deputy")}


def unit_name(block, code: str | None, blank: str = "") -> str:
    """A unit's full name for a document; an unknown code as it is, no code as ``blank``."""
    if not code:
        return blank
    try:
        return block.unit(code).name
    except KeyError:
        return str(code)


def rotation(block, result=None) -> dict[str, str]:
    """Next year's chair and deputy, as unit names: the review's rotation rule when it named them,
    else what the config states (``[rotation] next_chair``/``next_deputy``)."""
    decided = getattr(getattr(result, "review", None), "rotation", None)
    if decided is not None and (decided.chair or decided.deputy):
        return {role: unit_name(block, code) for role, code in
                (("chair", decided.chair), ("deputy", decided.deputy)) if code}
    raw = block.extra.get("rotation") if isinstance(block.extra, dict) else None
    if not isinstance(raw, dict):
        return {}
    nested = raw.get(str(block.year + 1))
    if isinstance(nested, dict):
        raw = nested
    out = {}
    for role, keys in ROTATION_KEYS.items():
        for key in keys:
            value = raw.get(key)
            if isinstance(value, str) and value.strip():
                out[role] = unit_name(block, value.strip()) if _is_unit(block, value) else value
                break
    return out


def _is_unit(block, code: str) -> bool:
    try:
        block.unit(code.strip())
        return True
    except KeyError:
        return False


def runs(rows: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of row numbers as (first, last)."""
    out: list[tuple[int, int]] = []
    for r in sorted(rows):
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out
