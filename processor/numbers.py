"""The one parser for every number a person types (pure; no I/O): a self score, a verified
score, a cross score, a number typed as a tally mark. The same text gets the same verdict and
the same finding code wherever it is typed.

``parse_score(raw, max=…, error=…)`` returns a :class:`Parsed`: the value (a float, or None when
it cannot be used) and, when the cell was not a plain number, a finding code with its params.
The caller adds the criterion and the location (``finding(p.code, cell=…, criterion=…,
**p.params)``). A warning code comes with a value (read, but say so); an error code never does.

Rules, in order:
1. ``error`` given (the reader saw an error cell) or text like ``#DIV/0!`` → V107 error-cell.
2. blank (None, "", white space, NBSP, zero-width) → V003 not-scored.
3. bool → V110 (TRUE is not 1); date/time objects → V108 date-like.
4. numbers: NaN/inf → V002; negative → V105; above max → V001; else the value.
5. text, after NFKC (full-width digits), stripping NBSP/zero-width/white space:
   ``=…`` → V109 formula typed as text; a plain number with a decimal comma or point
   ("8,5", "8.5", "+8") → the value; exactly three digits after one separator ("2.000",
   "1,250") → the decimal and the thousands reading are both tried: the one that fits
   [0, max] is used with V101, both → V102, none → V001 (with the decimal reading);
   grouped thousands with a decimal part ("1.250,5") → read, then range-checked;
   "-2" → V105; "80%" → V104; "8 điểm", "8đ", "8 d" → V103 (the number is used);
   "12/5", "2020-05-12" → V108; words ("tám", "đạt", "x", "có") and anything else → V106.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from .findings import intake as _intake_codes  # noqa: F401  (registers V101–V110)
from .labels import format_plain

ERROR_LITERALS = ("#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!",
                  "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!",
                  "#BUSY!", "#UNKNOWN!")
_ERROR_SET = {e.upper() for e in ERROR_LITERALS}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"), None)
_SPACE = re.compile(r"[\s\u00a0\u2007\u202f\u3000]+")
MAX_TEXT = 400                      # longer text is never a score; bounds the work per cell

_SIGN = r"(?P<sign>[+\-\u2212\u2013]?)"
_PLAIN = re.compile(r"^(?P<int>\d+)(?:[.,](?P<frac>\d+))?$")
_LEADING_SEP = re.compile(r"^[.,](?P<frac>\d+)$")                       # ",5" = 0.5
_GROUPED = re.compile(r"^(?P<int>\d{1,3}(?:(?P<g>[.,\u00a0 ])\d{3})+)(?:(?P<d>[.,])(?P<frac>\d+))?$")
_UNIT = re.compile(r"^(?P<num>.*?\d)\s*(?:điểm|diem|đ|đ\.|d|đểm|pts?|points?)\.?$", re.I)
_PERCENT = re.compile(r"^(?P<num>[^%]*\d)\s*%$")
_DATE = re.compile(r"^(?:\d{1,2}[/\-]\d{1,2}(?:[/\-]\d{2,4})?|\d{4}[/\-]\d{1,2}[/\-]\d{1,2}"
                   r"|\d{1,2}-(?:thg|tháng|th)\s*\d{1,2}(?:-\d{2,4})?)$", re.I)


def _show(x: float) -> str:
    """A number quoted back in a finding: every digit, decimal comma (8 not 8.0, 8,5)."""
    return format_plain(x, "vi", decimals=None)


@dataclass(frozen=True)
class Parsed:
    value: float | None
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.value is not None

    @property
    def findings(self) -> list[tuple[str, dict[str, Any]]]:
        """``[(code, params)]`` for the validator, which supplies ``criterion`` and ``max``
        itself (so those two are left out here)."""
        if self.code is None:
            return []
        return [(self.code, {k: v for k, v in self.params.items() if k not in ("criterion", "max")})]


def clean_text(raw: str) -> str:
    """NFKC (full-width digits and signs), no zero-width characters, white space squeezed."""
    text = unicodedata.normalize("NFKC", raw).translate(_INVISIBLE)
    return _SPACE.sub(" ", text).strip()


def parse_score(raw: Any, *, max: float, error: str | None = None) -> Parsed:   # noqa: A002
    if error:
        return Parsed(None, "V107", {"value": error})
    if raw is None:
        return Parsed(None, "V003", {})
    if isinstance(raw, bool):
        return Parsed(None, "V110", {"value": "TRUE" if raw else "FALSE"})
    if isinstance(raw, (datetime, date, time, timedelta)):
        return Parsed(None, "V108", {"value": _show_date(raw)})
    if isinstance(raw, (int, float)) or _is_numpy_number(raw):
        return _check_number(float(raw), raw, max)
    text = clean_text(str(raw))
    if not text:
        return Parsed(None, "V003", {})
    if len(text) > MAX_TEXT:
        return Parsed(None, "V106", {"value": text[:60] + "…"})
    if text.upper() in _ERROR_SET:
        return Parsed(None, "V107", {"value": text.upper()})
    if text.startswith("="):
        return Parsed(None, "V109", {"value": text})
    return _parse_text(text, max)


def _parse_text(text: str, max: float) -> Parsed:
    number = _read_number(text, max)
    if number is not None:
        return number
    m = _PERCENT.match(text)
    if m and _read_number(m.group("num").strip(), float("inf")) is not None:
        return Parsed(None, "V104", {"value": text, "max": _show(max)})
    m = _UNIT.match(text)
    if m:
        inner = _read_number(m.group("num").strip(), max)
        if inner is not None:
            if inner.value is None:           # the number itself is wrong: say that
                return Parsed(None, inner.code, {**inner.params, "value": text})
            return Parsed(inner.value, "V103", {"value": text, "parsed": _show(inner.value),
                                                **({"ambiguous": True} if inner.code else {})})
    if _DATE.match(text):
        return Parsed(None, "V108", {"value": text})
    return Parsed(None, "V106", {"value": text})


def _read_number(text: str, max: float) -> Parsed | None:
    """A number written as text (sign included), or None when the text is not one."""
    m = re.match(_SIGN + r"\s*(?P<body>.+)$", text)
    sign, body = m.group("sign"), m.group("body")
    negative = sign in ("-", "\u2212", "\u2013")
    plain = _PLAIN.match(body) or _LEADING_SEP.match(body)
    if plain:
        int_part = plain.groupdict().get("int") or "0"
        frac = plain.group("frac")
        decimal = float(f"{int_part}.{frac}" if frac else int_part)
        if negative:
            return _negative(text, decimal)
        if frac and len(frac) == 3 and _PLAIN.match(body) and len(int_part) <= 3 \
                and not int_part.startswith("0"):
            thousands = float(int_part + frac)
            fits = [v for v in (decimal, thousands) if 0 <= v <= max]
            if len(fits) == 2:
                return Parsed(None, "V102", {"value": text, "parsed": _show(decimal),
                                             "other": _show(thousands), "max": _show(max)})
            if len(fits) == 1:
                other = thousands if fits[0] == decimal else decimal
                return Parsed(fits[0], "V101", {"value": text, "parsed": _show(fits[0]),
                                                "other": _show(other), "max": _show(max)})
            return Parsed(None, "V001", {"value": text, "max": _show(max)})
        return _check_number(decimal, text, max)
    grouped = _GROUPED.match(body)
    if grouped and grouped.group("g") != grouped.group("d"):
        digits = re.sub(r"\D", "", grouped.group("int"))
        frac = grouped.group("frac")
        value = float(f"{digits}.{frac}" if frac else digits)
        if negative:
            return _negative(text, value)
        return _check_number(value, text, max)
    return None


def _negative(text: str, magnitude: float) -> Parsed:
    if magnitude == 0:
        return Parsed(0.0)
    return Parsed(None, "V105", {"value": text})


def _check_number(value: float, raw: Any, max: float) -> Parsed:
    if math.isnan(value) or math.isinf(value):
        return Parsed(None, "V002", {"value": str(raw)})
    if value < 0:
        return Parsed(None, "V105", {"value": _show(value) if not isinstance(raw, str) else raw})
    if value > max:
        return Parsed(None, "V001", {"value": _show(value) if not isinstance(raw, str) else raw,
                                     "max": _show(max)})
    return Parsed(value + 0.0)          # -0.0 → 0.0


def _show_date(v) -> str:
    if isinstance(v, datetime):
        return v.strftime("%d/%m/%Y") if v.time() == time(0) else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    return str(v)


def _is_numpy_number(raw: Any) -> bool:
    kind = getattr(getattr(raw, "dtype", None), "kind", None)
    return kind in ("i", "u", "f") and getattr(raw, "ndim", 1) == 0
