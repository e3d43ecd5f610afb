"""The legal texts a block's documents cite (căn cứ), each with the dates it is in force.

The built-in texts (:data:`BUILT_IN`) are the national law and decree on emulation and
commendation; a block adds its province's texts, or replaces the built-in ones, under
``[legal]`` in block.toml. Which texts apply is decided by one day: the review meeting's date,
else the last day of the year reviewed (:func:`reference_day`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .memo import per_block
from .reader import read
from .schema import BLOCK_FILE
from .share import parse_women_share  # noqa: F401  (importable from here)

__all__ = ["LegalText", "BUILT_IN", "WOMEN_PRIORITY", "reference_day", "in_force",
           "texts_in_force", "block_texts", "parse_women_share"]

WOMEN_PRIORITY = Fraction(7, 10)
"""Decree 152/2025/NĐ-CP Art. 4(6): among equal candidates a collective with at least this share
of women comes first."""


@dataclass(frozen=True)
class LegalText:
    """One text as cited: "{title} số {number} ngày … của {issuer} {subject}"."""
    title: str                      # its kind and name before the number: "Nghị định"
    number: str                     # "152/2025/NĐ-CP"
    issued: date
    issuer: str = ""                # "Chính phủ"; empty for a law
    subject: str = ""               # what it does, after the issuer
    title_en: str = ""
    issuer_en: str = ""
    subject_en: str = ""
    effective_from: date | None = None   # None: in force at any earlier day too
    effective_to: date | None = None     # the last day in force; None: still in force
    repealed_by: str = ""                # the number of the text that replaced it
    amended_by: tuple["LegalText", ...] = ()   # cited with it, in one line
    note: str = ""                       # what was not checked against the official text

    def in_force(self, day: date) -> bool:
        return ((self.effective_from is None or self.effective_from <= day)
                and (self.effective_to is None or day <= self.effective_to))


_AMENDING, _AMENDING_EN = "Luật", "Law"     # cited after "được sửa đổi, bổ sung bởi"

BUILT_IN: tuple[LegalText, ...] = (
    LegalText(
        title="Luật Thi đua, Khen thưởng", number="15/2003/QH11", issued=date(2003, 11, 26),
        title_en="the Law on Emulation and Commendation",
        amended_by=(LegalText(title=_AMENDING, number="47/2005/QH11", issued=date(2005, 6, 14),
                              title_en=_AMENDING_EN),
                    LegalText(title=_AMENDING, number="39/2013/QH13", issued=date(2013, 11, 16),
                              title_en=_AMENDING_EN)),
        effective_from=date(2014, 6, 1), effective_to=date(2023, 12, 31),
        repealed_by="06/2022/QH15",
        note="Cited as amended in 2005 and 2013: from the day the 2013 amendment took effect."),
    LegalText(
        title="Nghị định", number="91/2017/NĐ-CP", issued=date(2017, 7, 31), issuer="Chính phủ",
        subject="quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        title_en="Decree", issuer_en="the Government",
        subject_en="detailing the Law on Emulation and Commendation",
        effective_from=date(2017, 10, 1), effective_to=date(2023, 12, 31),
        repealed_by="98/2023/NĐ-CP"),
    LegalText(
        title="Luật Thi đua, khen thưởng", number="06/2022/QH15", issued=date(2022, 6, 15),
        title_en="the Law on Emulation and Commendation", effective_from=date(2024, 1, 1)),
    LegalText(
        title="Nghị định", number="98/2023/NĐ-CP", issued=date(2023, 12, 31), issuer="Chính phủ",
        title_en="Decree", issuer_en="the Government",
        effective_from=date(2024, 1, 1), effective_to=date(2025, 6, 30),
        repealed_by="152/2025/NĐ-CP"),
    LegalText(
        title="Nghị định", number="152/2025/NĐ-CP", issued=date(2025, 6, 14), issuer="Chính phủ",
        title_en="Decree", issuer_en="the Government", effective_from=date(2025, 7, 1)),
    LegalText(
        title="Thông tư", number="15/2025/TT-BNV", issued=date(2025, 8, 4), issuer="Bộ Nội vụ",
        title_en="Circular", issuer_en="the Ministry of Home Affairs",
        effective_from=date(2025, 8, 4),
        note="The day it took effect is not checked against the official text: the day of issue "
             "is used."),
)


def reference_day(block) -> date:
    """The day whose law applies: the review meeting's, else the last day of the year reviewed."""
    return block.meeting_date or date(block.year, 12, 31)


def in_force(texts: tuple[LegalText, ...], day: date) -> tuple[LegalText, ...]:
    return tuple(t for t in texts if t.in_force(day))


def block_texts(legal: dict) -> tuple[LegalText, ...]:
    """The texts a block adds under ``[[legal.extra]]`` (typed values of its ``[legal]`` table)."""
    return tuple(LegalText(title=e["title"], number=e["number"], issued=e["date"],
                           issuer=e["issuer"], subject=e["subject"],
                           effective_from=e["effective_from"], effective_to=e["effective_to"])
                 for e in legal.get("extra") or ())


def texts_in_force(block) -> tuple[LegalText, ...]:
    """The texts the block's documents cite: the built-in ones in force on the reference day
    (none when ``[legal] replace = true``), then the block's own texts in force that day."""
    legal = _legal_settings(block)
    day = reference_day(block)
    built = () if legal["replace"] else in_force(BUILT_IN, day)
    return built + in_force(block_texts(legal), day)


@per_block
def _legal_settings(block) -> dict:
    """The typed ``[legal]`` table of a block (checked when the block was loaded)."""
    tree = {"legal": block.extra["legal"]} if "legal" in block.extra else {}
    reading = read(tree, BLOCK_FILE.only("legal"))
    reading.check(block.source or "<config>")
    return reading.values["legal"]
