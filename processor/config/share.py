"""A proportion compared exactly as a fraction: a required share (quorum, majority) and a unit's
share of women, and their parsers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

_FORM = re.compile(r"\d{1,9}(?:[.,]\d{1,9})?%?\Z|\d{1,9}/\d{1,9}\Z")
SHARE_WORDS = {
    "more_than_half": (Fraction(1, 2), True),
    "half": (Fraction(1, 2), False),
    "at_least_half": (Fraction(1, 2), False),
    "two_thirds": (Fraction(2, 3), False),
    "more_than_two_thirds": (Fraction(2, 3), True),
    "three_quarters": (Fraction(3, 4), False),
}


@dataclass(frozen=True)
class Share:
    """A required proportion: ``fraction`` of a whole, reached with ``>`` when ``strict`` else ``>=``.
    Compared exactly (fractions), never with floats."""
    fraction: Fraction
    strict: bool = False

    def reached(self, part: int, whole: int) -> bool:
        if whole <= 0:
            return False
        have = Fraction(part, whole)
        return have > self.fraction if self.strict else have >= self.fraction

    def text(self, lang: str = "vi") -> str:
        f = self.fraction
        frac = {Fraction(1, 2): ("một nửa", "half"), Fraction(2, 3): ("hai phần ba", "two thirds"),
                Fraction(3, 4): ("ba phần tư", "three quarters")}.get(f)
        if frac is None:
            pct = f"{float(f) * 100:.4g}%"
            frac = (pct.replace(".", ","), pct)
        if lang == "en":
            return ("more than " if self.strict else "at least ") + frac[1]
        return ("trên " if self.strict else "từ ") + frac[0] + ("" if self.strict else " trở lên")


def parse_share(value) -> Share | None:
    """``"more_than_half"`` (> 1/2), ``"2/3"`` / ``"two_thirds"`` (≥ 2/3), ``"60%"``, ``0.6``
    (≥ 0.6), ``"more_than 2/3"`` (> 2/3)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not 0 <= value <= 1:          # False for nan too
            return None
        return Share(Fraction(str(value)).limit_denominator(1000))
    if not isinstance(value, str):
        return None
    text = value.strip().lower().replace(" ", "_")
    if text in SHARE_WORDS:
        f, strict = SHARE_WORDS[text]
        return Share(f, strict)
    strict = False
    for prefix in ("more_than_", "over_", ">"):
        if text.startswith(prefix):
            text, strict = text[len(prefix):].strip("_"), True
            break
    for prefix in ("at_least_", ">="):
        if text.startswith(prefix):
            text = text[len(prefix):].strip("_")
    if not _FORM.match(text):           # no exponents: Fraction("1e999999999") never ends
        return None
    try:
        if text.endswith("%"):
            f = Fraction(text[:-1].replace(",", ".")) / 100
        else:
            f = Fraction(text.replace(",", "."))
    except ZeroDivisionError:
        return None
    if not 0 <= f <= 1:
        return None
    return Share(f, strict)


def parse_women_share(value) -> Fraction | None:
    """The share of women in a unit: a number 0..1 (``0.72``, ``"0,72"``) or a percentage
    (``"72%"``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not 0 <= value <= 1:             # False for nan too
            return None
        return Fraction(str(value))
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        percent = text.endswith("%")
        digits = (text[:-1] if percent else text).replace(",", ".")
        if not digits or len(digits) > 12 or not digits.replace(".", "", 1).isdigit():
            return None
        share = Fraction(digits) / (100 if percent else 1)
        return share if share <= 1 else None
    return None
