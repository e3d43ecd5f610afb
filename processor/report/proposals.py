"""Đề nghị khen thưởng: the block's formal proposal to the provincial commendation council.

A portrait A4 document after Decree 30/2020/NĐ-CP: issuing body and national title, number,
place and date, title and subject, "Kính gửi", the grounds, the table of proposed units with
their scores and grounds, boundary ties left to the conference, closing, signature blocks.
"""
from __future__ import annotations

from ..labels import format_number, label
from . import formal
from .basis import basis_lines
from .common import grounds_text, named, position_text, sentence, unit_names


ROMAN = ("I", "II", "III", "IV")


def proposed_units(result) -> list[tuple[object, str]]:
    """(unit, award) in the order of the document: the flag first, then merit by rank."""
    rec = result.recommendations
    out, seen = [], set()
    for award, codes in (("flag", rec.flag or rec.leader), ("merit", rec.merit)):
        for code in codes:
            if code in seen:
                continue
            try:
                out.append((result.unit(code), award))
                seen.add(code)
            except KeyError:
                continue
    return out


def write(ws, styles, result, lang: str, lay=None) -> None:
    block = result.block
    formal.set_grid(ws)
    row = formal.draft_mark(ws, styles, result, lang, 0)
    row = formal.header(ws, styles, block, lang, row, "doc.number.proposal")
    row = formal.title(ws, styles, row, label("proposals.title", lang),
                       label("proposals.subject", lang, year=block.year))
    province = block.province or ""
    lower = province[:1].lower() + province[1:]
    ws.set_row(row, 20)
    formal.put_merged(ws, row, 0, row, formal.LAST_COL,
                      label("proposals.to", lang, province=province, province_lower=lower),
                      styles["doc_to"])
    row += 2
    for line in basis_lines(block, lang):
        row = formal.paragraph(ws, styles, row, line)
    row = formal.paragraph(ws, styles, row, label(
        "proposals.body", lang, year=block.year, block=block.name, received=result.received,
        expected=result.expected))
    row += 1
    items = proposed_units(result)
    row = formal.table_header(ws, styles, row, [
        (0, 0, label("col.no", lang)), (1, 1, label("col.unit", lang)),
        (2, 2, label("col.final", lang)), (3, 3, label("col.rank", lang)),
        (4, 5, label("col.reasons", lang))])
    number = 0
    for part, award in enumerate(("flag", "merit")):
        group = [unit for unit, a in items if a == award]
        if not group:
            continue
        heading = label("proposals.group", lang, no=ROMAN[part], award=label(f"award.{award}", lang),
                        count=len(group))
        row = formal.table_row(ws, styles, row, [(0, formal.LAST_COL, heading, "doc_td_bold")])
        for unit in group:
            number += 1
            grounds = grounds_text(result, unit, lang, formal=True)
            extra = [p for p in (position_text(unit, lang), label("tie", lang) if unit.tied else "")
                     if p and p.casefold() not in grounds.casefold()]
            if extra:
                grounds = sentence(extra + ([grounds] if grounds else []))
            row = formal.table_row(ws, styles, row, [
                (0, 0, number, "doc_td_int"), (1, 1, unit.name, "doc_td"),
                (2, 2, format_number(unit.final_score, lang), "doc_td_score"), (3, 3, unit.rank, "doc_td_int"),
                (4, 5, grounds, "doc_td")])
    if not items:
        row = formal.table_row(ws, styles, row, [(0, formal.LAST_COL, label("proposals.none", lang),
                                                  "doc_td_center")])
    row += 1
    for item in result.recommendations.undecided:
        row = formal.paragraph(ws, styles, row, label(
            "proposals.undecided", lang, units=unit_names(result, item.units),
            what=label(f"undecided.what.{item.for_}", lang), reason=named(item.reason or "", block)))
    closing = row
    row = formal.paragraph(ws, styles, row, label("proposals.closing", lang, block=block.name))
    row += 1
    row = formal.signatures(ws, styles, row, [
        (0, 1, [label("doc.deputy", lang)], label("doc.sign_hint", lang),
         *formal.signer(block, "deputy", lang)),
        (2, 5, [label("doc.on_behalf", lang), label("doc.chair", lang)],
         label("doc.sign_seal_hint", lang), *formal.signer(block, "chair", lang))])
    row = formal.recipients(ws, styles, row + 1, block, lang)
    formal.page(ws, lang, row - 1, keep=((closing, row - 1),))


__all__ = ["write", "proposed_units"]
