"""The one catalogue of user-facing text and number formatting, Vietnamese and English.

``label(key, lang, **params)`` returns the text for ``lang`` ("vi" by default, "en" on request),
with ``{placeholders}`` filled from ``params``. A key missing in English falls back to Vietnamese;
an unknown key raises ``KeyError`` (a typo must not print a raw key on an official document).
The entries live in this package, one module per area (``workbook``, ``awards``, ...), each an
``ENTRIES`` dict registered at the end of this file; a key may be defined once.

Numbers in text go through :func:`format_number` (fixed decimals, "96,50"), :func:`format_plain`
(no trailing zeros, "8,5", "8") and :func:`format_count` (thousands grouped, "10.000").
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
    """A score in a sentence or a table, with fixed decimals: "96,50" in Vietnamese, "96.50" in
    English; "—" when there is none."""
    if value is None:
        return "—"
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang != "en" else text


def format_plain(value: float | None, lang: str = "vi", decimals: int | None = 2) -> str:
    """A number without trailing zeros: 8.5 -> "8,5", 8.0 -> "8" ("8.5" in English); "—" when
    there is none. ``decimals=None`` keeps every digit of the float (a value quoted back to the
    person who typed it, or a formula literal with ``lang="en"``)."""
    if value is None:
        return "—"
    if decimals is None:
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            text = str(int(value))
        else:
            text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
        if text == "-0":
            text = "0"
    return text.replace(".", ",") if lang != "en" else text


def format_count(n: int, lang: str = "vi") -> str:
    """A count with thousands grouped: 10000 -> "10.000" in Vietnamese, "10,000" in English."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang != "en" else text


from . import (awards, collect, grounds, history, legal, letters,  # noqa: E402  (the areas)
               provisional, review, rotation, run, terminal, workbook)

_register(workbook.ENTRIES, review.ENTRIES, awards.ENTRIES, grounds.ENTRIES, rotation.ENTRIES,
          terminal.ENTRIES, letters.ENTRIES, collect.ENTRIES, history.ENTRIES, legal.ENTRIES,
          run.ENTRIES, provisional.ENTRIES)
