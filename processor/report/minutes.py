"""Biên bản: the draft minutes of the block's review conference, ready to complete and sign.

Block, date, chair, the member units (with a blank for each representative), the results
table, the proposals, next year's chair and deputy (from ``block.extra["rotation"]`` when the
config has it, else a line to fill in), closing, and the signature blocks.
"""
from __future__ import annotations

from ..labels import format_date, format_number, label
from . import formal
from .common import outcome_text, rotation, unit_name, unit_names
from .detail_layout import large as large_layout
from .proposals import proposed_units

def write(ws, styles, result, lang: str, lay=None) -> None:
    block = result.block
    formal.set_grid(ws)
    row = formal.header(ws, styles, block, lang, 0, "doc.number.minutes")
    row = formal.title(ws, styles, row, label("minutes.title", lang),
                       label("minutes.subject", lang, year=block.year, block=block.name))
    if block.meeting_date:
        when = label("minutes.time", lang, date=format_date("", block.meeting_date, lang)
                     .lstrip(", ").strip())
    else:
        when = label("minutes.time.blank", lang)
    chair = unit_name(block, block.chair, label("blank.fill", lang))
    lines = [when, label("minutes.place", lang),
             label("minutes.chaired", lang, chair=chair, year=block.year),
             label("minutes.members", lang, expected=result.expected)]
    for text in lines:
        row = formal.paragraph(ws, styles, row, text)
    large = large_layout(result)
    if not large:   # an attendance list to sign in; a large block keeps it apart from the minutes
        row = formal.table_header(ws, styles, row, [
            (0, 0, label("col.no", lang)), (1, 1, label("col.unit", lang)),
            (2, 5, label("col.attendee", lang))])
        for i, unit in enumerate(block.units, 1):
            row = formal.table_row(ws, styles, row, [(0, 0, i, "doc_td_int"), (1, 1, unit.name, "doc_td"),
                                                     (2, 5, "", "doc_td")])
    row += 1
    row = formal.paragraph(ws, styles, row, label("minutes.part1", lang, year=block.year),
                           "doc_bold", indent=False)
    shown = result.units
    if large:       # the proposed and undecided units; the full ranking is on the summary sheet
        shown = [u for u in result.units if u.position or u.award or u.undecided_for]
        row = formal.paragraph(ws, styles, row, label("minutes.large", lang, count=len(result.units)))
    row = formal.table_header(ws, styles, row, [
        (0, 0, label("col.rank", lang)), (1, 1, label("col.unit", lang)),
        (2, 2, label("col.final", lang)), (3, 5, label("col.result", lang))])
    for unit in shown:
        rank = unit.rank if unit.rank is not None else "—"
        outcome = outcome_text(result, unit, lang)
        if unit.tied:
            outcome = f"{label('tie', lang)}; {outcome}" if outcome else label("tie", lang)
        row = formal.table_row(ws, styles, row, [
            (0, 0, rank, "doc_td_int" if unit.rank is not None else "doc_td_center"),
            (1, 1, unit.name, "doc_td"), (2, 2, unit.final_score, "doc_td_score"),
            (3, 5, outcome, "doc_td")])
    row += 1
    row = formal.paragraph(ws, styles, row, label("minutes.part2", lang), "doc_bold", indent=False)
    by_award: dict[str, list] = {"flag": [], "merit": []}
    for unit, award in proposed_units(result):
        by_award[award].append(unit)
    for award, units in by_award.items():
        names = ", ".join(f"{u.name} ({format_number(u.final_score, lang)})" for u in units)
        text = f"- {label(f'award.{award}', lang)}: {names or label('summary.none', lang)}."
        row = formal.paragraph(ws, styles, row, text)
    for item in result.recommendations.undecided:
        text = (f"- {award_text_for(item, lang)}: {unit_names(result, item.units)}"
                + (f" ({item.reason})" if item.reason else "") + ".")
        row = formal.paragraph(ws, styles, row, text)
        row = formal.paragraph(ws, styles, row, label("minutes.decided", lang), "doc_left")
    row = formal.paragraph(ws, styles, row, label("minutes.part3", lang, year=block.year + 1),
                           "doc_bold", indent=False)
    rot = rotation(block, result)
    blank = label("blank.fill", lang)
    row = formal.paragraph(ws, styles, row, label("minutes.next_chair", lang,
                                                  unit=rot.get("chair", blank)))
    row = formal.paragraph(ws, styles, row, label("minutes.next_deputy", lang,
                                                  unit=rot.get("deputy", blank)))
    closing = row + 1
    row = formal.paragraph(ws, styles, closing, label("minutes.closing", lang))
    row += 1
    secretary = block.secretary if block.secretary and block.secretary.casefold() not in (
        "thư ký", "thư ký khối", "secretary") else ""
    deputy = unit_name(block, block.deputy, "")
    row = formal.signatures(ws, styles, row, [
        (0, 1, [label("doc.deputy", lang)], label("doc.sign_hint", lang), deputy),
        (2, 5, [label("doc.chair", lang)], label("doc.sign_hint", lang),
         unit_name(block, block.chair))])
    row = formal.signatures(ws, styles, row + 2, [
        (0, 1, [label("doc.secretary", lang)], label("doc.sign_hint", lang), secretary)])
    formal.page(ws, lang, row - 1, keep=((closing, row - 1),))


def award_text_for(item, lang: str) -> str:
    return label("undecided.for", lang, what=label(f"undecided.what.{item.for_}", lang))


__all__ = ["write"]
