"""The "Căn cứ" lines of the block's documents: the legal texts in force on the reference day
(config.law), one line each, in the citation form of administrative documents."""
from __future__ import annotations

from ..config.law import LegalText, texts_in_force
from ..labels import _VI_MONTHS_EN, label


def cited_date(day, lang: str = "vi") -> str:
    """"ngày 04 tháng 01 năm 2021" as Decree 30/2020/NĐ-CP writes dates, less the word "ngày"."""
    if lang == "en":
        return label("basis.date", lang, day=day.day, month=_VI_MONTHS_EN[day.month - 1],
                     year=day.year)
    return label("basis.date", lang, day=f"{day.day:02d}",
                 month=f"{day.month:02d}" if day.month < 3 else str(day.month), year=day.year)


def citation(text: LegalText, lang: str = "vi") -> str:
    """One text as cited, its amendments with it: "Nghị định số … ngày … của Chính phủ …"."""
    en = lang == "en"
    title = (text.title_en if en else "") or text.title
    out = label("basis.text", lang, title=title, number=text.number,
                date=cited_date(text.issued, lang))
    issuer = (text.issuer_en if en else "") or text.issuer
    if issuer:
        out += label("basis.issuer", lang, issuer=issuer)
    subject = (text.subject_en if en else "") or text.subject
    if subject:
        out += " " + subject
    if text.amended_by:
        joined = label("basis.and", lang).join(citation(a, lang) for a in text.amended_by)
        out += label("basis.amended", lang, texts=joined)
    return out


def basis_lines(block, lang: str = "vi") -> list[str]:
    """"Căn cứ …;" for each text in force; the general line when none is known for that day."""
    texts = texts_in_force(block)
    if not texts:
        return [label("basis.generic", lang)]
    return [label("basis.line", lang, text=citation(t, lang)) for t in texts]


__all__ = ["basis_lines", "citation", "cited_date"]
