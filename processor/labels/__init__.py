"""The one catalogue of user-facing labels (workbook, terminal summary), Vietnamese and English.

``label(key, lang, **params)`` returns the text for ``lang`` ("vi" by default, "en" on request),
with ``{placeholders}`` filled from ``params``. A key missing in English falls back to Vietnamese;
an unknown key raises ``KeyError`` (a typo must not print a raw key on an official document).
The entries live in this package, one module per area (``workbook``, ...), each an ``ENTRIES``
dict registered at the end of this file; a key may be defined once.
"""
from __future__ import annotations

LANGS = ("vi", "en")

LABELS: dict[str, tuple[str, str]] = {}


def _register(*areas: dict[str, tuple[str, str]]) -> None:
    for entries in areas:
        add_labels(entries)


_VI_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December")


def label(key: str, lang: str = "vi", **params) -> str:
    """The text of ``key`` in ``lang``; placeholders filled from ``params``."""
    vi, en = LABELS[key]
    text = en if lang == "en" and en else vi
    return text.format(**params) if params else text


def add_labels(entries: dict[str, tuple[str, str]]) -> None:
    """Register the labels of a later feature; redefining a key is a programming error."""
    for key, value in entries.items():
        if key in LABELS and LABELS[key] != value:
            raise ValueError(f"label {key!r} defined twice")
        LABELS[key] = value


def format_date(place: str, day, lang: str = "vi") -> str:
    """The place-and-date line of a formal document, after Decree 30/2020/NĐ-CP.

    Days below 10 and the months January and February take a leading zero
    ("ngày 04 tháng 01 năm 2021"); without a date the line is left to be filled by hand.
    """
    if day is None:
        return label("doc.date.blank", lang, place=place)
    if lang == "en":
        return label("doc.date", lang, place=place, day=day.day,
                     month=_VI_MONTHS_EN[day.month - 1], year=day.year)
    dd = f"{day.day:02d}"
    mm = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return label("doc.date", lang, place=place, day=dd, month=mm, year=day.year)


def format_number(value: float | None, lang: str = "vi", decimals: int = 2) -> str:
    """A score as text inside a sentence: "96,50" in Vietnamese, "96.50" in English."""
    if value is None:
        return "—"
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang != "en" else text


from . import review, workbook  # noqa: E402  (the areas of the catalogue)

_register(workbook.ENTRIES, review.ENTRIES)
