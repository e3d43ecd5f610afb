"""The result workbook's ballot tally sheet: the counts (formulas over the ballot list below
them), each candidate's votes and share, the conference's outcome, and every ballot returned."""
from __future__ import annotations

from xlsxwriter.utility import xl_range, xl_rowcol_to_cell

from ..labels import label
from ..stages.review_data import ReviewData
from .review_style import Formats, page_setup, sheet_name, unit_name, write_value
from .common import named
from .styles import text_height

CANDIDATE_COLUMNS = ("code", "unit", "votes", "share")
BALLOT_COLUMNS = ("number", "choice", "valid", "why", "row")


def write_tally_sheet(workbook, styles, result, lang: str, data: ReviewData) -> None:
    """Add the sheet to ``workbook`` (XlsxWriter); ``styles``: the report's, or None."""
    f, block = Formats(workbook, styles), result.block
    yes, no = label("review.yes", lang), label("review.no", lang)
    tally, rules, decision = data.tally, data.config.ballots, data.decision
    ws = workbook.add_worksheet(sheet_name("ballots", lang))
    widths = (32, 26, 12, 16, 10)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    last = len(widths) - 1
    ws.merge_range(0, 0, 0, last, None)
    ws.write_string(0, 0, label("review.b.title", lang, year=block.year), f["title"])
    ws.merge_range(1, 0, 1, last, None)
    ws.write_string(1, 0, label("review.b.source", lang, file=tally.file or ""), f["note"])
    # the ballot list first (further down), so the counts can be formulas over it
    list_top = 15 + len(tally.candidates)
    lr = list_top
    for c, key in enumerate(BALLOT_COLUMNS):
        ws.write_string(lr, c, label(f"review.b.ballots.{key}", lang), f["header"])
    ws.set_row(lr, max(text_height(label(f"review.b.ballots.{k}", lang), widths[c] * 0.8)
                       for c, k in enumerate(BALLOT_COLUMNS)))
    first = lr + 1
    for b in tally.ballots:
        lr += 1
        ws.write_string(lr, 0, b.number, f["text_center"])
        ws.write_string(lr, 1, ", ".join(b.choices), f["text_center"])
        ws.write_string(lr, 2, yes if b.valid else no, f["text_center"])
        ws.write_string(lr, 3, b.why_invalid(lang) or "", f["text"])
        ws.write_number(lr, 4, b.row, f["int"])
        ws.set_row(lr, text_height(b.why_invalid(lang) or "", widths[3] * 0.85))
    lastb = max(lr, first)
    choices, valid_col = xl_range(first, 1, lastb, 1), xl_range(first, 2, lastb, 2)
    numbers = xl_range(first, 0, lastb, 0)
    r = 3
    cells = {}
    values = [
        ("voters", tally.voters, None, "int"),
        ("cast", tally.cast, f"=COUNTA({numbers})", "int"),
        ("turnout", float(tally.turnout), None, "pct"),
        ("quorum", rules.quorum.text(lang), None, "text"),
        ("valid", tally.valid, f"=COUNTIF({valid_col},\"{yes}\")", "int"),
        ("invalid", tally.invalid, None, "int"),
        ("required", rules.required_share.text(lang), None, "text"),
    ]
    for key, value, formula, kind in values:
        ws.write_string(r, 0, label(f"review.b.rows.{key}", lang), f["text"])
        cells[key] = xl_rowcol_to_cell(r, 1)
        if key == "turnout":
            formula = f"=IF({cells['voters']}>0,{cells['cast']}/{cells['voters']},0)"
        if key == "invalid":
            formula = f"={cells['cast']}-{cells['valid']}"
        fmt = f[kind] if kind != "text" else f["text_center"]
        if formula:
            ws.write_formula(r, 1, formula, fmt, value)
        else:
            write_value(ws, r, 1, value, fmt)
        r += 1
    r += 1
    for c, key in enumerate(CANDIDATE_COLUMNS):
        ws.write_string(r, c, label(f"review.b.cands.{key}", lang), f["header"])
    ws.set_row(r, max(text_height(label(f"review.b.cands.{k}", lang), widths[c] * 0.8)
                      for c, k in enumerate(CANDIDATE_COLUMNS)))
    votes = tally.votes
    for code in tally.candidates:
        r += 1
        ws.write_string(r, 0, code, f["text_center"])
        ws.write_string(r, 1, unit_name(block, code), f["text"])
        ws.write_formula(r, 2, f"=COUNTIF({choices},\"{code}\")", f["int"], votes.get(code, 0))
        vcell = xl_rowcol_to_cell(r, 2)
        ws.write_formula(r, 3, f"=IF({cells['valid']}>0,{vcell}/{cells['valid']},0)", f["pct"],
                         float(tally.share(code)))
    r += 2
    if decision is not None:
        ws.write_string(r, 0, label("review.b.decision", lang), f["heading"])
        text = (label("review.b.elected", lang, unit=unit_name(block, decision.leader),
                      grounds="; ".join(decision.grounds))
                if decision.leader else named(decision.reason or "", block, short=True))
        ws.merge_range(r, 1, r, last, None)
        ws.set_row(r, 48)
        ws.write_string(r, 1, text, f["plain"])
    page_setup(ws, False, lastb, last)
