"""Tổng hợp: the ranking table, counts, the provisional banner and the block's proposals.

Scores are formulas that point at the detail sheet (cached with the tool's figures), so that
the summary and the matrix can never disagree.
"""
from __future__ import annotations

from ..labels import format_number, label
from . import formal
from .common import (award_text, grounds_text, named, position_text, ranked_count, rotation,
                     sheet_name, undecided_of, unit_names)
from .styles import code_width, page_setup, put, put_merged, set_width, text_height

COLUMNS = (  # key, width
    ("col.rank", 5.5), ("col.tie", 8.5), ("col.code", 11), ("col.unit", 28), ("col.base", 10),
    ("col.bonus", 8.5), ("col.deduction", 8), ("col.final", 9), ("col.status", 10),
    ("col.position", 10.5), ("col.award", 14), ("col.reasons", 36),
)
LAST = len(COLUMNS) - 1
ONE_PAGE_UNITS = 25      # a block of up to this many units prints its summary on one page


def write(ws, styles, result, lang: str, lay) -> None:
    block = result.block
    for col, (key, w) in enumerate(COLUMNS):
        set_width(ws, col, col, code_width(block.unit_codes, w) if key == "col.code" else w)
    row = 0
    ws.set_row(row, 20)
    put_merged(ws, row, 0, row, LAST, block.name.upper() if lang != "en" else block.name,
               styles["title"])
    row += 1
    ws.set_row(row, 22)
    put_merged(ws, row, 0, row, LAST, label("summary.title", lang, year=block.year), styles["title"])
    row += 1
    counts = label("summary.counts", lang, received=result.received, expected=result.expected)
    absent = [u.short_name for u in result.units if u.status == "not_participating"]
    if absent:
        counts += " " + label("summary.not_participating", lang, units=", ".join(absent))
        ws.set_row(row, text_height(counts, 140))
    put_merged(ws, row, 0, row, LAST, counts, styles["subtitle"])
    row += 1
    if result.provisional:
        text = (label("summary.provisional", lang, sheet=sheet_name("findings", lang)) + " "
                + formal.draft_reason(result, lang))
        ws.set_row(row, max(34, text_height(text, 140, 13)))
        put_merged(ws, row, 0, row, LAST, text, styles["banner"])
        row += 1
    row += 1
    header_row = row
    for col, (key, _) in enumerate(COLUMNS):
        put(ws, row, col, label(key, lang), styles["header"])
    ws.set_row(row, 48)
    row += 1
    first = row
    ranked = ranked_count(result)
    for unit in result.units:
        row = _unit_row(ws, styles, result, unit, lang, lay, row, ranked)
    last_unit_row = row - 1
    ws.autofilter(header_row, 0, max(last_unit_row, header_row), LAST)
    ws.freeze_panes(header_row + 1, 4)
    if result.units:
        ws.conditional_format(first, 7, last_unit_row, 7,
                              {"type": "data_bar", "bar_color": "#9BC2E6", "bar_solid": True,
                               "min_type": "num", "min_value": 0})
    row = _recommendations(ws, styles, result, lang, row + 1)
    put_merged(ws, row + 1, 0, row + 1, LAST,
               label("summary.created", lang, created=result.created.strftime("%d/%m/%Y %H:%M")),
               styles["note"])
    page_setup(ws, landscape=True, repeat_rows=(header_row, header_row),
               print_area=(0, 0, row + 1, LAST), lang=lang,
               fit_height=1 if len(result.units) <= ONE_PAGE_UNITS else 0)


def _unit_row(ws, styles, result, unit, lang, lay, row, ranked=None) -> int:
    put(ws, row, 0, unit.rank, styles["int"])
    put(ws, row, 1, label("tie", lang) if unit.tied else "", styles["text_center"])
    put(ws, row, 2, unit.code, styles["text_center"])
    put(ws, row, 3, unit.name, styles["text"])
    scored = (unit.code, "final") in lay.cached
    figures = (("normalized", 4, unit.normalized_base), ("bonus", 5, unit.bonus),
               ("deduction", 6, unit.deduction), ("final", 7, unit.final_score))
    for what, col, value in figures:
        style = "score_total" if what == "final" else "score"
        if scored:
            ws.write_formula(row, col, f"={lay.ref(unit.code, what)}", styles[style],
                             _cached(ws, lay, unit, what, value))
        else:
            put(ws, row, col, None, styles[style])
    put(ws, row, 8, label(f"status.{unit.status}", lang), styles["text_center"])
    put(ws, row, 9, position_text(unit, lang), styles["text_bold"] if unit.position else styles["text"])
    award = award_text(result, unit, lang, short=True)
    put(ws, row, 10, award, styles["text"])
    reasons = grounds_text(result, unit, lang, ranked)
    put(ws, row, 11, reasons, styles["text_small"])
    ws.set_row(row, max(text_height(unit.name, 28 * 0.95), text_height(reasons, 36 * 0.95, 10),
                        text_height(award, 14 * 0.9), text_height(position_text(unit, lang), 10)))
    return row + 1


def _cached(ws, lay, unit, what, value):
    """The value the detail cell holds (what the formula will show)."""
    return lay.cached.get((unit.code, what), value)


def _recommendations(ws, styles, result, lang, row) -> int:
    rec = result.recommendations
    put_merged(ws, row, 0, row, LAST, label("summary.recommendations", lang), styles["heading"])
    ws.set_row(row, 22)
    row += 1
    lines: list[tuple[str, list[str]]] = [
        (label("position.leader", lang) + " — " + label("award.flag", lang), rec.leader or rec.flag),
        (label("position.second", lang), rec.second),
        (label("position.third", lang), rec.third),
        (label("award.merit", lang), rec.merit),
    ]
    for title, codes in lines:
        row = _rec_line(ws, styles, result, lang, row, title, codes)
    for item in rec.undecided:
        title = label("undecided", lang) + " — " + label(f"undecided.what.{item.for_}", lang)
        reason = named(item.reason, result.block, short=True) if item.reason else ""
        text = unit_names(result, item.units) + (f" ({reason})" if reason else "")
        put_merged(ws, row, 0, row, 3, title, styles["text_bold"])
        put_merged(ws, row, 4, row, LAST, text, styles["text"])
        ws.set_row(row, max(20, text_height(text, 115)))
        row += 1
    rot = rotation(result.block, result)
    if rot:
        title = label("summary.rotation", lang, year=result.block.year + 1)
        grounds = getattr(getattr(getattr(result, "review", None), "rotation", None), "grounds", None) or []
        text = "; ".join(label(f"minutes.next_{role}", lang, unit=name) for role, name in rot.items())
        text += (" (" + "; ".join(grounds) + ")") if grounds else ""
        put_merged(ws, row, 0, row, 3, title, styles["text_bold"])
        put_merged(ws, row, 4, row, LAST, text, styles["text"])
        ws.set_row(row, max(20, text_height(text, 115)))
        row += 1
    return row


def _rec_line(ws, styles, result, lang, row, title, codes) -> int:
    put_merged(ws, row, 0, row, 3, title, styles["text_bold"])
    if not codes:
        text = label("summary.none", lang)
    else:
        parts = []
        for code in codes:
            try:
                unit = result.unit(code)
            except KeyError:
                parts.append(str(code))
                continue
            tie = f", {label('tie', lang)} {unit.rank}" if unit.tied else ""
            parts.append(f"{unit.name} ({format_number(unit.final_score, lang)}{tie})")
        text = "; ".join(parts)
    put_merged(ws, row, 4, row, LAST, text, styles["text"])
    ws.set_row(row, max(20, text_height(text, 115)))
    return row + 1


__all__ = ["write", "undecided_of"]
