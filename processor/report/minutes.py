"""Biên bản: the draft minutes of the block's review conference, ready to complete and sign.

Block, date, chair, the member units (with a blank for each representative), the results
table, the proposals, next year's chair and deputy (from ``block.extra["rotation"]`` when the
config has it, else a line to fill in), closing, and the signature blocks.
"""
from __future__ import annotations

from ..labels import format_date, format_number, format_plain, label
from ..stages.ballots import pct
from . import formal
from .common import named, outcome_text, rotation, unit_name, unit_names
from .detail_layout import large as large_layout
from .proposals import proposed_units

def write(ws, styles, result, lang: str, lay=None) -> None:
    block = result.block
    formal.set_grid(ws)
    row = formal.draft_mark(ws, styles, result, lang, 0)
    row = formal.header(ws, styles, block, lang, row, "doc.number.minutes")
    row = formal.title(ws, styles, row, label("minutes.title", lang),
                       label("minutes.subject", lang, year=block.year, block=block.name))
    if block.meeting_date:
        when = label("minutes.time", lang, date=format_date("", block.meeting_date, lang)
                     .lstrip(", ").strip())
    else:
        when = label("minutes.time.blank", lang)
    chair = unit_name(block, block.chair, label("blank.fill", lang))
    name, position = formal.signer(block, "chair", lang)
    if block.signer("chair") is not None:
        chair = f"{name}, {position}"
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
    keep = [(row, row + 3)]          # a heading with the lines under it
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
            (1, 1, unit.name, "doc_td"), (2, 2, format_number(unit.final_score, lang), "doc_td_score"),
            (3, 5, outcome, "doc_td")])
    row += 1
    for text in verification_lines(result, lang):
        row = formal.paragraph(ws, styles, row, text)
    keep.append((row, row + 1))
    row = formal.paragraph(ws, styles, row, label("minutes.part2", lang), "doc_bold", indent=False)
    for text in ballot_lines(result, lang):
        row = formal.paragraph(ws, styles, row, text)
    by_award: dict[str, list] = {"flag": [], "merit": []}
    for unit, award in proposed_units(result):
        by_award[award].append(unit)
    for award, units in by_award.items():
        names = ", ".join(f"{u.name} ({format_number(u.final_score, lang)})" for u in units)
        text = f"- {label(f'award.{award}', lang)}: {names or label('summary.none', lang)}."
        row = formal.paragraph(ws, styles, row, text)
    for item in result.recommendations.undecided:
        text = (f"- {award_text_for(item, lang)}: {unit_names(result, item.units)}"
                + (f" ({named(item.reason, block)})" if item.reason else "") + ".")
        row = formal.paragraph(ws, styles, row, text)
        row = formal.paragraph(ws, styles, row, label("minutes.decided", lang), "doc_left")
    keep.append((row, row + 2))
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
    secretary, secretary_title = ("", "")
    if block.signer("secretary") is not None:
        secretary, secretary_title = formal.signer(block, "secretary", lang)
    elif block.secretary and block.secretary.casefold() not in ("thư ký", "thư ký khối", "secretary"):
        secretary = block.secretary
    row = formal.signatures(ws, styles, row, [
        (0, 1, [label("doc.deputy", lang)], label("doc.sign_hint", lang),
         *formal.signer(block, "deputy", lang)),
        (2, 5, [label("doc.chair", lang)], label("doc.sign_hint", lang),
         *formal.signer(block, "chair", lang))])
    row = formal.signatures(ws, styles, row + 2, [
        (0, 1, [label("doc.secretary", lang)], label("doc.sign_hint", lang), secretary,
         secretary_title)])
    formal.page(ws, lang, row - 1, keep=tuple(keep) + ((closing, row - 1),))


def verification_lines(result, lang: str) -> list[str]:
    """What the verification changed, unit by unit (by name), when one took place."""
    review = getattr(result, "review", None)
    if review is None or not review.verification_file:
        return []
    changes = review.changes
    if not changes:
        return [label("minutes.verified_none", lang)]
    lines = [label("minutes.verified", lang, n=len(changes), units=len({c.unit for c in changes}))]
    for c in sorted(changes, key=lambda c: (_order(result, c.unit), c.criterion)):
        reason = label("minutes.change.reason", lang, reason=c.reason.strip().rstrip(".")) \
            if c.reason and c.reason.strip() else ""
        lines.append(label("minutes.change", lang, unit=unit_name(result.block, c.unit),
                           criterion=c.criterion, before=format_plain(c.self_score, lang),
                           after=format_plain(c.verified, lang), reason=reason))
    return lines


def ballot_lines(result, lang: str) -> list[str]:
    """The count of the ballot on the leading unit and what it decided, when one took place."""
    review = getattr(result, "review", None)
    tally = getattr(review, "tally", None)
    if tally is None:
        return []
    votes = [(code, n) for code, n in tally.votes.items() if n]
    votes.sort(key=lambda cn: -cn[1])
    said = "; ".join(label("minutes.ballot.vote", lang, unit=unit_name(result.block, code), n=n)
                     for code, n in votes)
    lines = [label("minutes.ballot", lang, voters=tally.voters, cast=tally.cast, valid=tally.valid,
                   invalid=tally.invalid,
                   votes=label("minutes.ballot.votes", lang, votes=said) if said else "")]
    decision = review.decision
    if decision is not None and decision.leader:
        lines.append(label("minutes.ballot.elected", lang, unit=unit_name(result.block, decision.leader),
                           votes=tally.votes.get(decision.leader, 0), valid=tally.valid,
                           share=pct(tally.share(decision.leader), lang)))
    elif decision is not None and decision.reason:
        lines.append(label("minutes.ballot.undecided", lang,
                           reason=named(decision.reason, result.block).rstrip(".")))
    return lines


def _order(result, code: str) -> int:
    codes = result.block.unit_codes
    return codes.index(code) if code in codes else len(codes)


def award_text_for(item, lang: str) -> str:
    return label("undecided.for", lang, what=label(f"undecided.what.{item.for_}", lang))


__all__ = ["write"]
