"""Extra sheets of the result workbook for the review: self vs verified scores with the reasons,
the scorer × scored cross-scoring matrix, the ballot tally.

Plug-ins for the report's ``extra_sheets`` hook: :func:`review_sheets` returns callables
``(workbook, styles, result, lang) -> None``. Figures that the conference may recompute by hand
are written as formulas over the sheet's own cells, with the tool's value cached, so the printed
number and the formula agree (and LibreOffice/Excel recalculation gives the same figure).
Text from submissions is always written with ``write_string``.
"""
from __future__ import annotations

from typing import Callable

from xlsxwriter.utility import xl_range, xl_rowcol_to_cell

from ..review.cross import METHOD_TEXT, TOTAL
from ..review.data import ReviewData

FONT = "Times New Roman"
NAMES = {
    "verification": ("Thẩm định điểm", "Verification"),
    "cross": ("Ma trận chấm chéo", "Cross-scoring"),
    "ballots": ("Kiểm phiếu suy tôn", "Ballot tally"),
}
L = {
    "vi": {
        "v.title": "ĐIỂM TỰ CHẤM VÀ ĐIỂM THẨM ĐỊNH NĂM {year}",
        "v.source": "Bảng thẩm định: {file}",
        "v.none": "Không có bảng thẩm định: điểm tự chấm được dùng nguyên trạng.",
        "v.units": ["STT", "Mã", "Đơn vị", "Điểm tự chấm", "Điểm sau thẩm định", "Chênh lệch",
                    "Số tiêu chí điều chỉnh"],
        "v.changes": "Các tiêu chí được điều chỉnh",
        "v.cols": ["Mã ĐV", "Tiêu chí", "Nội dung", "Điểm chuẩn", "Tự chấm", "Thẩm định",
                   "Chênh lệch", "Lý do điều chỉnh", "Ô nguồn"],
        "v.nochange": "Không có tiêu chí nào được điều chỉnh.",
        "c.title": "CHẤM CHÉO GIỮA CÁC ĐƠN VỊ NĂM {year}",
        "c.method": "Cách tổng hợp: {method}. Điểm cuối cùng = ROUND({sw} × điểm tự chấm/thẩm định + "
                    "{cw} × điểm chấm chéo; 2).",
        "c.part": "{part} (tối đa {max}) — hàng: đơn vị chấm, cột: đơn vị được chấm",
        "c.total": "Tổng điểm", "c.section": "Phần {code}",
        "c.scorer": "Đơn vị chấm", "c.agg": "Điểm tổng hợp",
        "c.std": "Điểm chuẩn hóa (không có công thức: xem giải thích)",
        "c.std_note": "Chuẩn hóa: điểm mỗi đơn vị chấm đổi thành điểm z (trừ trung bình, chia độ lệch "
                      "chuẩn của chính đơn vị chấm, chỉ khi chấm từ 3 đơn vị trở lên), rồi quy về thang "
                      "chung (nhân độ lệch chuẩn chung, cộng trung bình chung); lấy trung bình.",
        "c.combine": "Kết hợp điểm",
        "c.ccols": ["Mã", "Đơn vị", "Điểm tự chấm/thẩm định", "Điểm chấm chéo", "Trọng số tự chấm",
                    "Trọng số chấm chéo", "Điểm cuối cùng"],
        "b.title": "KẾT QUẢ KIỂM PHIẾU SUY TÔN ĐƠN VỊ DẪN ĐẦU NĂM {year}",
        "b.source": "Bảng kiểm phiếu: {file}",
        "b.rows": ["Số đại biểu được phát phiếu", "Số phiếu thu về", "Tỷ lệ phiếu thu về",
                   "Tỷ lệ tối thiểu (quy định)", "Số phiếu hợp lệ", "Số phiếu không hợp lệ",
                   "Tỷ lệ phiếu cần đạt (quy định)"],
        "b.cands": ["Mã", "Đơn vị", "Số phiếu", "Tỷ lệ trên phiếu hợp lệ"],
        "b.decision": "Kết luận",
        "b.elected": "{unit} được suy tôn dẫn đầu Khối: {grounds}",
        "b.ballots": ["Số phiếu", "Đơn vị được chọn", "Hợp lệ", "Lý do không hợp lệ", "Dòng"],
        "yes": "Có", "no": "Không",
    },
    "en": {
        "v.title": "SELF AND VERIFIED SCORES, {year}",
        "v.source": "Verification workbook: {file}",
        "v.none": "No verification workbook: the self scores are used as they are.",
        "v.units": ["No.", "Code", "Unit", "Self score", "Verified score", "Difference",
                    "Criteria adjusted"],
        "v.changes": "Adjusted criteria",
        "v.cols": ["Unit", "Criterion", "Text", "Max", "Self", "Verified", "Difference", "Reason",
                   "Cell"],
        "v.nochange": "No criterion was adjusted.",
        "c.title": "CROSS-SCORING BETWEEN UNITS, {year}",
        "c.method": "Aggregation: {method}. Final score = ROUND({sw} × self/verified score + "
                    "{cw} × cross score, 2).",
        "c.part": "{part} (max {max}) — rows: scorer, columns: scored unit",
        "c.total": "Total", "c.section": "Section {code}",
        "c.scorer": "Scorer", "c.agg": "Aggregate",
        "c.std": "Standardized aggregate (no formula: see the note)",
        "c.std_note": "Standardization: each scorer's scores become z-scores (minus the scorer's mean, "
                      "divided by the scorer's standard deviation, only for scorers of 3 or more units), "
                      "mapped back onto the pooled scale; then averaged.",
        "c.combine": "Combination",
        "c.ccols": ["Code", "Unit", "Self/verified score", "Cross score", "Self weight",
                    "Cross weight", "Final score"],
        "b.title": "BALLOT TALLY FOR THE LEADING UNIT, {year}",
        "b.source": "Tally workbook: {file}",
        "b.rows": ["Voters (ballots handed out)", "Ballots returned", "Turnout", "Quorum (rule)",
                   "Valid ballots", "Invalid ballots", "Required share (rule)"],
        "b.cands": ["Code", "Unit", "Votes", "Share of valid votes"],
        "b.decision": "Outcome",
        "b.elected": "{unit} is confirmed as the leading unit: {grounds}",
        "b.ballots": ["Ballot", "Unit chosen", "Valid", "Why invalid", "Row"],
        "yes": "Yes", "no": "No",
    },
}

SheetWriter = Callable[[object, object, object, str], None]


def review_sheets(review_data: ReviewData | None) -> list[SheetWriter]:
    """The sheet writers that have something to show for this review."""
    if review_data is None:
        return []
    out: list[SheetWriter] = []
    if review_data.verification_file or review_data.changes or review_data.config.verification.enabled:
        out.append(lambda wb, st, res, lang: write_verification_sheet(wb, st, res, lang, review_data))
    if review_data.cross is not None:
        out.append(lambda wb, st, res, lang: write_cross_sheet(wb, st, res, lang, review_data))
    if review_data.tally is not None:
        out.append(lambda wb, st, res, lang: write_tally_sheet(wb, st, res, lang, review_data))
    return out


def sheet_name(key: str, lang: str) -> str:
    return NAMES[key][1 if lang == "en" else 0]


# --- formats ---------------------------------------------------------------------------------

class _Formats:
    """The report's shared styles where available (``styles[name]``), our own otherwise."""
    OWN = {
        "title": {"bold": True, "font_size": 14, "align": "center", "text_wrap": True},
        "note": {"italic": True, "font_size": 11, "text_wrap": True, "valign": "top"},
        "heading": {"bold": True, "font_size": 13},
        "header": {"border": 1, "text_wrap": True, "bold": True, "align": "center",
                   "bg_color": "#DDEBF7"},
        "text": {"border": 1, "text_wrap": True},
        "text_center": {"border": 1, "text_wrap": True, "align": "center"},
        "text_small": {"border": 1, "text_wrap": True, "font_size": 10},
        "int": {"border": 1, "text_wrap": True, "align": "center", "num_format": "0"},
        "score": {"border": 1, "text_wrap": True, "num_format": "0.00", "align": "right"},
        "score_bold": {"border": 1, "text_wrap": True, "num_format": "0.00", "align": "right",
                       "bold": True},
        "score_total": {"border": 1, "text_wrap": True, "num_format": "0.00", "align": "right",
                        "bold": True, "bg_color": "#FFF2CC"},
        "na": {"border": 1, "align": "center", "italic": True, "font_color": "#595959",
               "bg_color": "#E7E6E6"},
        "pct": {"border": 1, "num_format": "0.00%", "align": "right"},
        "plain": {"text_wrap": True, "valign": "top"},
    }

    def __init__(self, workbook, styles):
        self.workbook, self.styles, self.cache = workbook, styles, {}

    def __getitem__(self, name: str):
        if name in self.cache:
            return self.cache[name]
        fmt = None
        if self.styles is not None and name != "pct":
            try:
                fmt = self.styles[name]
            except (KeyError, TypeError, AttributeError):
                fmt = None
        if fmt is None:
            fmt = self.workbook.add_format({"font_name": FONT, "font_size": 12, "valign": "vcenter",
                                            **self.OWN[name]})
        self.cache[name] = fmt
        return fmt


def _text(ws, r, c, value, fmt):
    if value is None:
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value, fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def _setup(ws, landscape: bool, last_row: int, last_col: int, head: int | None = None) -> None:
    ws.set_paper(9)
    ws.set_landscape() if landscape else ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.7)
    if head is not None:
        ws.repeat_rows(head)
    ws.print_area(0, 0, max(last_row, 0), last_col)
    ws.set_footer(f'&C&"{FONT},Regular"&10Trang &P/&N')


def _unit_name(block, code: str) -> str:
    try:
        return block.unit(code).short_name or block.unit(code).name
    except KeyError:
        return code


# --- verification ------------------------------------------------------------------------------

def write_verification_sheet(workbook, styles, result, lang: str, data: ReviewData) -> None:
    t, f, block = L["en" if lang == "en" else "vi"], _Formats(workbook, styles), result.block
    ws = workbook.add_worksheet(sheet_name("verification", lang))
    widths = (6, 10, 26, 12, 12, 12, 12, 30, 24)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    last = len(widths) - 1
    ws.merge_range(0, 0, 0, last, None)
    ws.write_string(0, 0, t["v.title"].format(year=block.year), f["title"])
    ws.merge_range(1, 0, 1, last, None)
    ws.write_string(1, 0, t["v.source"].format(file=data.verification_file) if data.verification_file
                    else t["v.none"], f["note"])
    r = 3
    for c, h in enumerate(t["v.units"]):
        ws.write_string(r, c, h, f["header"])
    head = r
    counts: dict[str, int] = {}
    for ch in data.changes:
        counts[ch.unit] = counts.get(ch.unit, 0) + 1
    n = 0
    for unit in block.units:
        if unit.code not in data.self_finals:
            continue
        r += 1
        n += 1
        ws.write_number(r, 0, n, f["int"])
        ws.write_string(r, 1, unit.code, f["text_center"])
        ws.write_string(r, 2, _unit_name(block, unit.code), f["text"])
        self_final, ver = data.self_finals.get(unit.code), data.verified_finals.get(unit.code)
        _text(ws, r, 3, self_final, f["score"])
        _text(ws, r, 4, ver, f["score"])
        if self_final is not None and ver is not None:
            ws.write_formula(r, 5, f"=ROUND({xl_rowcol_to_cell(r, 4)}-{xl_rowcol_to_cell(r, 3)},2)",
                             f["score"], round(ver - self_final, 2))
        else:
            ws.write_blank(r, 5, None, f["score"])
        ws.write_number(r, 6, counts.get(unit.code, 0), f["int"])
    r += 2
    ws.write_string(r, 0, t["v.changes"], f["heading"])
    r += 1
    for c, h in enumerate(t["v.cols"]):
        ws.write_string(r, c, h, f["header"])
    if not data.changes:
        r += 1
        ws.merge_range(r, 0, r, last, None)
        ws.write_string(r, 0, t["v.nochange"], f["note"])
    for ch in data.changes:
        r += 1
        crit = block.criterion(ch.criterion)
        ws.write_string(r, 0, ch.unit, f["text_center"])
        ws.write_string(r, 1, ch.criterion, f["text_center"])
        ws.write_string(r, 2, crit.text, f["text_small"])
        ws.write_number(r, 3, float(crit.max), f["score"])
        _text(ws, r, 4, ch.self_score, f["score"])
        ws.write_number(r, 5, ch.verified, f["score"])
        if ch.self_score is not None:
            ws.write_formula(r, 6, f"={xl_rowcol_to_cell(r, 5)}-{xl_rowcol_to_cell(r, 4)}",
                             f["score"], ch.verified - ch.self_score)
        else:
            ws.write_blank(r, 6, None, f["score"])
        ws.write_string(r, 7, ch.reason or "—", f["text"])
        ws.write_string(r, 8, f"{ch.file or ''} › {ch.cell}", f["text_small"])
    ws.freeze_panes(head + 1, 0)
    _setup(ws, True, r, last, head)


# --- cross-scoring -----------------------------------------------------------------------------

def _agg_formula(method: str, rng: str) -> str | None:
    if method == "mean":
        return f"=ROUND(AVERAGE({rng}),2)"
    if method == "median":
        return f"=ROUND(MEDIAN({rng}),2)"
    if method == "trimmed_mean":
        return (f"=ROUND(IF(COUNT({rng})>=3,(SUM({rng})-MAX({rng})-MIN({rng}))/(COUNT({rng})-2),"
                f"AVERAGE({rng})),2)")
    return None


def write_cross_sheet(workbook, styles, result, lang: str, data: ReviewData) -> None:
    t, f, block = L["en" if lang == "en" else "vi"], _Formats(workbook, styles), result.block
    cross, cfg = data.cross, data.config.cross
    ws = workbook.add_worksheet(sheet_name("cross", lang))
    codes = list(block.unit_codes)
    last = 1 + len(codes)
    ws.set_column(0, 0, 24)
    ws.set_column(1, last, 10)
    ws.merge_range(0, 0, 0, last, None)
    ws.write_string(0, 0, t["c.title"].format(year=block.year), f["title"])
    ws.merge_range(1, 0, 1, last, None)
    fw = (lambda x: f"{x:g}".replace(".", ",")) if lang != "en" else (lambda x: f"{x:g}")
    ws.set_row(1, 32)
    ws.write_string(1, 0, t["c.method"].format(
        method=METHOD_TEXT[cross.method][1 if lang == "en" else 0],
        sw=fw(cfg.self_weight), cw=fw(cfg.cross_weight)), f["note"])
    r = 3
    agg_cells: dict[str, dict[str, str]] = {}
    for part in cross.parts:
        label = t["c.total"] if part == TOTAL else t["c.section"].format(code=part)
        mx = f"{cross.maxima[part]:g}"
        ws.merge_range(r, 0, r, last, None)
        ws.write_string(r, 0, t["c.part"].format(part=label, max=mx), f["heading"])
        r += 1
        ws.write_string(r, 0, t["c.scorer"], f["header"])
        for j, code in enumerate(codes):
            ws.write_string(r, 1 + j, code, f["header"])
        matrix = cross.matrices.get(part, {})
        first = r + 1
        for scorer in codes:
            r += 1
            ws.write_string(r, 0, f"{scorer} — {_unit_name(block, scorer)}", f["text"])
            row = matrix.get(scorer)
            for j, scored in enumerate(codes):
                if scored == scorer:
                    ws.write_string(r, 1 + j, "—", f["na"])
                elif row is None or row.get(scored) is None:
                    ws.write_blank(r, 1 + j, None, f["score"])
                else:
                    ws.write_number(r, 1 + j, float(row[scored]), f["score"])
        r += 1
        ws.write_string(r, 0, t["c.agg"] if cross.method != "standardized" else t["c.std"],
                        f["text_center"])
        for j, scored in enumerate(codes):
            value = cross.aggregates.get(scored, {}).get(part)
            formula = _agg_formula(cross.method, xl_range(first, 1 + j, r - 1, 1 + j))
            if value is None:
                ws.write_blank(r, 1 + j, None, f["score_total"])
            elif formula:
                ws.write_formula(r, 1 + j, formula, f["score_total"], value)
            else:
                ws.write_number(r, 1 + j, value, f["score_total"])
            agg_cells.setdefault(scored, {})[part] = xl_rowcol_to_cell(r, 1 + j)
        r += 2
    if cross.method == "standardized":
        ws.merge_range(r, 0, r, last, None)
        ws.set_row(r, 46)
        ws.write_string(r, 0, t["c.std_note"], f["note"])
        r += 2
    # the combination, as formulas over the aggregates above
    ws.write_string(r, 0, t["c.combine"], f["heading"])
    r += 1
    ccols = t["c.ccols"]
    ws.set_column(2, 6, 12)
    for c, h in enumerate(ccols):
        ws.write_string(r, c, h, f["header"])
    for code in codes:
        base = data.verified_finals.get(code)
        if base is None:
            continue
        r += 1
        ws.write_string(r, 0, code, f["text_center"])
        ws.write_string(r, 1, _unit_name(block, code), f["text"])
        ws.write_number(r, 2, base, f["score"])
        total = cross.totals.get(code)
        parts = agg_cells.get(code, {})
        if total is not None and len(parts) == len(cross.parts):
            refs = ",".join(parts[p] for p in cross.parts)
            ws.write_formula(r, 3, f"=ROUND(SUM({refs}),2)", f["score"], total)
        else:
            ws.write_blank(r, 3, None, f["score"])
        ws.write_number(r, 4, cfg.self_weight, f["score"])
        ws.write_number(r, 5, cfg.cross_weight, f["score"])
        final = data.finals.get(code)
        c2, c3, c4, c5 = (xl_rowcol_to_cell(r, c) for c in (2, 3, 4, 5))
        if total is not None:
            ws.write_formula(r, 6, f"=ROUND({c4}*{c2}+{c5}*{c3},2)", f["score_bold"], final)
        else:
            ws.write_formula(r, 6, f"={c2}", f["score_bold"], final)
    _setup(ws, True, r, last)


# --- ballots ---------------------------------------------------------------------------------

def write_tally_sheet(workbook, styles, result, lang: str, data: ReviewData) -> None:
    t, f, block = L["en" if lang == "en" else "vi"], _Formats(workbook, styles), result.block
    tally, rules, decision = data.tally, data.config.ballots, data.decision
    ws = workbook.add_worksheet(sheet_name("ballots", lang))
    widths = (32, 26, 12, 16, 10)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    last = len(widths) - 1
    ws.merge_range(0, 0, 0, last, None)
    ws.write_string(0, 0, t["b.title"].format(year=block.year), f["title"])
    ws.merge_range(1, 0, 1, last, None)
    ws.write_string(1, 0, t["b.source"].format(file=tally.file or ""), f["note"])
    # the ballot list first (further down), so the counts can be formulas over it
    list_top = 15 + len(tally.candidates)
    lr = list_top
    for c, h in enumerate(t["b.ballots"]):
        ws.write_string(lr, c, h, f["header"])
    first = lr + 1
    for b in tally.ballots:
        lr += 1
        ws.write_string(lr, 0, b.number, f["text_center"])
        ws.write_string(lr, 1, ", ".join(b.choices), f["text_center"])
        ws.write_string(lr, 2, t["yes"] if b.valid else t["no"], f["text_center"])
        ws.write_string(lr, 3, b.why_invalid(lang) or "", f["text"])
        ws.write_number(lr, 4, b.row, f["int"])
    lastb = max(lr, first)
    choices, valid_col = xl_range(first, 1, lastb, 1), xl_range(first, 2, lastb, 2)
    numbers = xl_range(first, 0, lastb, 0)
    r = 3
    cells = {}
    rows = t["b.rows"]
    values = [
        ("voters", tally.voters, None, "int"),
        ("cast", tally.cast, f"=COUNTA({numbers})", "int"),
        ("turnout", float(tally.turnout), None, "pct"),
        ("quorum", rules.quorum.text(lang), None, "text"),
        ("valid", tally.valid, f"=COUNTIF({valid_col},\"{t['yes']}\")", "int"),
        ("invalid", tally.invalid, None, "int"),
        ("required", rules.required_share.text(lang), None, "text"),
    ]
    for label, (key, value, formula, kind) in zip(rows, values):
        ws.write_string(r, 0, label, f["text"])
        cells[key] = xl_rowcol_to_cell(r, 1)
        if key == "turnout":
            formula = f"=IF({cells['voters']}>0,{cells['cast']}/{cells['voters']},0)"
        if key == "invalid":
            formula = f"={cells['cast']}-{cells['valid']}"
        fmt = f[kind] if kind != "text" else f["text_center"]
        if formula:
            ws.write_formula(r, 1, formula, fmt, value)
        else:
            _text(ws, r, 1, value, fmt)
        r += 1
    r += 1
    for c, h in enumerate(t["b.cands"]):
        ws.write_string(r, c, h, f["header"])
    votes = tally.votes
    for code in tally.candidates:
        r += 1
        ws.write_string(r, 0, code, f["text_center"])
        ws.write_string(r, 1, _unit_name(block, code), f["text"])
        ws.write_formula(r, 2, f"=COUNTIF({choices},\"{code}\")", f["int"], votes.get(code, 0))
        vcell = xl_rowcol_to_cell(r, 2)
        ws.write_formula(r, 3, f"=IF({cells['valid']}>0,{vcell}/{cells['valid']},0)", f["pct"],
                         float(tally.share(code)))
    r += 2
    if decision is not None:
        ws.write_string(r, 0, t["b.decision"], f["heading"])
        text = (t["b.elected"].format(unit=_unit_name(block, decision.leader),
                                      grounds="; ".join(decision.grounds))
                if decision.leader else (decision.reason or ""))
        ws.merge_range(r, 1, r, last, None)
        ws.set_row(r, 48)
        ws.write_string(r, 1, text, f["plain"])
    _setup(ws, False, lastb, last)
