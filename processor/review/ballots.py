"""Ballots (phiếu suy tôn) and the tally (kiểm phiếu).

- :func:`write_ballots` writes the printable ballots (one A4 page per voter, listing the
  eligible candidates in rank order with a box to tick) and the tally workbook for the counting
  committee (one row per ballot number, an unlocked cell per candidate, ``_meta`` very hidden).
- :func:`read_tally` reads the tally back: every ballot row is counted exactly once; a ballot
  is valid with exactly one choice, invalid with none ("phiếu trắng") or more than one.
- :func:`leader_decision` checks that this year's leader (the best eligible unit after the
  tie-breakers) was returned by a quorum of ballots and reached the required share of the valid
  votes; otherwise the leader is undecided, with the reason. :func:`apply_leader_decision`
  writes that into the awards' outcome (never re-assigning a place or award by itself).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Sequence

from ..config.block import Block
from ..findings import Finding, finding
from ..model import Recommendations, Undecided, UnitResult
from ._util import (FONT, META_SHEET, a1, atomic_workbook, cell_text, read_meta, sheet_rows)
from ..config.review import BallotConfig

KIND = "tally"
TALLY_SHEET = "Kiểm phiếu"
BALLOT_SHEET = "Phiếu suy tôn"
KEY_BALLOT, KEY_RETURNED, KEY_NOTE = "ballot", "returned", "note"
CLEAR_MARKS = {"x", "✓", "✔", "v", "1", "true", "có", "co", "☒", "☑", "ü"}
EMPTY_MARKS = {"", "0", "false", "không", "khong", "-", "—"}
SCAN_ROWS = 40


def ballot_filenames(block: Block) -> tuple[str, str]:
    return (f"phieu-suy-ton-{block.id}-{block.year}.xlsx", f"kiem-phieu-{block.id}-{block.year}.xlsx")


def pct(fr: Fraction, lang: str = "vi") -> str:
    text = f"{float(fr) * 100:.2f}".rstrip("0").rstrip(".") + "%"
    return text.replace(".", ",") if lang != "en" else text


# --- the tally model -------------------------------------------------------------------------

@dataclass(frozen=True)
class Ballot:
    number: str
    choices: tuple[str, ...]
    row: int                     # 1-based row in the tally sheet

    @property
    def valid(self) -> bool:
        return len(self.choices) == 1

    def why_invalid(self, lang: str = "vi") -> str | None:
        if self.valid:
            return None
        if not self.choices:
            return "không chọn đơn vị nào" if lang != "en" else "no unit chosen"
        return (f"chọn {len(self.choices)} đơn vị ({', '.join(self.choices)})" if lang != "en"
                else f"{len(self.choices)} units chosen ({', '.join(self.choices)})")


@dataclass
class Tally:
    voters: int                            # ballots handed out
    candidates: tuple[str, ...]
    ballots: list[Ballot] = field(default_factory=list)   # ballots returned, each once
    file: str | None = None

    @property
    def cast(self) -> int:
        return len(self.ballots)

    @property
    def valid(self) -> int:
        return sum(1 for b in self.ballots if b.valid)

    @property
    def invalid(self) -> int:
        return self.cast - self.valid

    @property
    def blank(self) -> int:
        return sum(1 for b in self.ballots if not b.choices)

    @property
    def votes(self) -> dict[str, int]:
        out = {c: 0 for c in self.candidates}
        for b in self.ballots:
            if b.valid:
                out[b.choices[0]] = out.get(b.choices[0], 0) + 1
        return out

    def share(self, candidate: str) -> Fraction:
        return Fraction(self.votes.get(candidate, 0), self.valid) if self.valid else Fraction(0)

    @property
    def turnout(self) -> Fraction:
        return Fraction(self.cast, self.voters) if self.voters else Fraction(0)

    def to_json(self) -> dict:
        votes = self.votes
        return {"voters": self.voters, "cast": self.cast, "valid": self.valid,
                "invalid": self.invalid, "blank": self.blank, "candidates": list(self.candidates),
                "votes": votes,
                "share": {c: float(self.share(c)) for c in self.candidates},
                "ballots": [{"number": b.number, "choices": list(b.choices), "valid": b.valid,
                             "row": b.row} for b in self.ballots],
                "file": self.file}


# --- candidates ------------------------------------------------------------------------------

def ballot_candidates(block: Block, result, rules: BallotConfig) -> list[str]:
    """Eligible units at or above the flag's minimum, in rank order; ``max_candidates`` cuts the
    list but never inside a tie (units tied at the cut are all listed)."""
    ranked = sorted((u for u in result.units if u.eligible and u.final_score is not None
                     and u.final_score >= block.awards.flag.min_score and u.rank is not None),
                    key=lambda u: (u.rank, u.code))
    if rules.max_candidates is not None and len(ranked) > rules.max_candidates:
        cut_rank = ranked[rules.max_candidates - 1].rank
        ranked = [u for u in ranked if u.rank <= cut_rank]
    return [u.code for u in ranked]


# --- writing ---------------------------------------------------------------------------------

def write_ballots(block: Block, result, out_dir: Path, created: datetime,
                  rules: BallotConfig | None = None,
                  candidates: Sequence[str] | None = None) -> tuple[Path, Path]:
    """Write the printable ballots and the tally workbook into ``out_dir``; returns both paths.
    Raises ValueError when there is no eligible candidate."""
    if rules is None:
        from ..config.review import review_config
        rules = review_config(block).ballots
    cands = list(candidates) if candidates is not None else ballot_candidates(block, result, rules)
    if not cands:
        raise ValueError("Không có đơn vị đủ điều kiện để ghi vào phiếu suy tôn.")
    voters = rules.voter_count(block)
    ballot_name, tally_name = ballot_filenames(block)
    out_dir = Path(out_dir)
    ballot_path, tally_path = out_dir / ballot_name, out_dir / tally_name
    _write_ballot_sheet(block, cands, voters, ballot_path, created)
    _write_tally(block, cands, voters, rules, tally_path, created)
    return ballot_path, tally_path


def _write_ballot_sheet(block: Block, cands: list[str], voters: int, path: Path,
                        created: datetime) -> None:
    # ~62 character units: the printable width of A4 portrait with the Decree 30 margins
    grid = (4, 24, 4, 21, 9)
    with atomic_workbook(path, created) as wb:
        base = {"font_name": FONT, "valign": "vcenter"}
        f = {
            "org": wb.add_format({**base, "font_size": 12, "align": "center", "shrink": True}),
            "org_b": wb.add_format({**base, "font_size": 12, "bold": True, "align": "center",
                                    "shrink": True}),
            "nation": wb.add_format({**base, "font_size": 12, "bold": True, "align": "center",
                                     "shrink": True}),
            "motto": wb.add_format({**base, "font_size": 13, "bold": True, "align": "center",
                                    "underline": 1}),
            "rule": wb.add_format({**base, "top": 1}),
            "title": wb.add_format({**base, "font_size": 14, "bold": True, "align": "center",
                                    "text_wrap": True}),
            "sub": wb.add_format({**base, "font_size": 13, "bold": True, "align": "center",
                                  "text_wrap": True}),
            "date": wb.add_format({**base, "font_size": 13, "italic": True, "align": "center"}),
            "body": wb.add_format({**base, "font_size": 13, "text_wrap": True, "valign": "top"}),
            "th": wb.add_format({**base, "font_size": 13, "bold": True, "align": "center",
                                 "border": 1, "text_wrap": True}),
            "td": wb.add_format({**base, "font_size": 13, "border": 1, "text_wrap": True}),
            "td_c": wb.add_format({**base, "font_size": 13, "border": 1, "align": "center"}),
            "box": wb.add_format({**base, "font_size": 13, "border": 2, "align": "center"}),
            "note": wb.add_format({**base, "font_size": 12, "italic": True, "text_wrap": True,
                                   "valign": "top"}),
        }
        ws = wb.add_worksheet(BALLOT_SHEET)
        for col, w in enumerate(grid):
            ws.set_column(col, col, w)
        body = list(block.issuing_body) or [block.name]
        breaks = []
        r = 0
        for n in range(1, voters + 1):
            lines = max(len(body), 2)
            for i in range(lines):
                ws.set_row(r + i, 19)
                if i < len(body):
                    ws.merge_range(r + i, 0, r + i, 1, None)
                    ws.write_string(r + i, 0, body[i].upper(),
                                    f["org_b"] if i == len(body) - 1 else f["org"])
            ws.merge_range(r, 2, r, 4, None)
            ws.write_string(r, 2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f["nation"])
            ws.merge_range(r + 1, 2, r + 1, 4, None)
            ws.write_string(r + 1, 2, "Độc lập - Tự do - Hạnh phúc", f["motto"])
            r += lines
            ws.write_blank(r, 1, None, f["rule"])
            ws.set_row(r, 8)
            r += 1
            ws.merge_range(r, 2, r, 4, None)
            day = block.meeting_date
            ws.write_string(r, 2, f"{block.place or block.province}, ngày {day.day:02d} tháng "
                                  f"{day.month:02d} năm {day.year}" if day else
                            f"{block.place or block.province}, ngày ..... tháng ..... năm .......",
                            f["date"])
            r += 2
            ws.set_row(r, 40)
            ws.merge_range(r, 0, r, 4, None)
            ws.write_string(r, 0, f"PHIẾU SUY TÔN ĐƠN VỊ DẪN ĐẦU KHỐI THI ĐUA NĂM {block.year}",
                            f["title"])
            r += 1
            ws.set_row(r, 36)
            ws.merge_range(r, 0, r, 4, None)
            ws.write_string(r, 0, block.name, f["sub"])
            r += 2
            ws.set_row(r, 72)
            ws.merge_range(r, 0, r, 4, None)
            ws.write_string(r, 0, (
                "\u2003Đại biểu đánh dấu (X) vào ô bên cạnh tên đơn vị được suy tôn là đơn vị dẫn "
                "đầu Khối, đề nghị Ủy ban nhân dân tỉnh tặng Cờ thi đua. Chỉ chọn một đơn vị. "
                "Phiếu không chọn đơn vị nào hoặc chọn nhiều hơn một đơn vị là phiếu không hợp lệ."),
                f["body"])
            r += 2
            ws.set_row(r, 22)
            ws.write_string(r, 0, "STT", f["th"])
            ws.merge_range(r, 1, r, 3, None, f["th"])
            ws.write_string(r, 1, "Tên đơn vị", f["th"])
            ws.write_string(r, 4, "Chọn (X)", f["th"])
            for i, code in enumerate(cands, 1):
                r += 1
                ws.set_row(r, 26)
                ws.write_number(r, 0, i, f["td_c"])
                ws.merge_range(r, 1, r, 3, None, f["td"])
                ws.write_string(r, 1, block.unit(code).name, f["td"])
                ws.write_blank(r, 4, None, f["box"])
            r += 2
            ws.set_row(r, 36)
            ws.merge_range(r, 0, r, 4, None)
            ws.write_string(r, 0, f"Phiếu số {n}/{voters}. Đại biểu không ký tên vào phiếu; bỏ phiếu "
                                  "vào hòm phiếu. Ban kiểm phiếu ghi kết quả vào bảng kiểm phiếu.",
                            f["note"])
            r += 1
            if n < voters:
                breaks.append(r)
        ws.set_h_pagebreaks(breaks)
        ws.print_area(0, 0, r, 4)
        ws.set_paper(9)
        ws.set_portrait()
        ws.set_margins(left=1.18, right=0.59, top=0.79, bottom=0.79)
        ws.set_print_scale(100)
        ws.hide_gridlines(2)
        ws.protect("", {"select_locked_cells": True})


def _write_tally(block: Block, cands: list[str], voters: int, rules: BallotConfig, path: Path,
                 created: datetime) -> None:
    with atomic_workbook(path, created) as wb:
        base = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}
        cell = {**base, "border": 1, "text_wrap": True}
        f = {
            "title": wb.add_format({**base, "font_size": 14, "bold": True, "align": "center"}),
            "sub": wb.add_format({**base, "italic": True, "align": "center", "text_wrap": True}),
            "note": wb.add_format({**base, "italic": True, "text_wrap": True, "valign": "top"}),
            "key": wb.add_format({**base, "font_size": 8, "font_color": "#808080"}),
            "th": wb.add_format({**cell, "bold": True, "align": "center", "bg_color": "#DDEBF7"}),
            "num": wb.add_format({**cell, "align": "center"}),
            "input": wb.add_format({**cell, "align": "center", "locked": False, "bg_color": "#FFF2CC"}),
            "input_text": wb.add_format({**cell, "locked": False, "bg_color": "#FFF2CC"}),
        }
        ws = wb.add_worksheet(TALLY_SHEET)
        meta = wb.add_worksheet(META_SHEET)
        last = 2 + len(cands)
        ws.set_column(0, 1, 10)
        ws.set_column(2, last - 1, 14)
        ws.set_column(last, last, 30)
        ws.merge_range(0, 0, 0, last, None)
        ws.write_string(0, 0, f"BẢNG KIỂM PHIẾU SUY TÔN ĐƠN VỊ DẪN ĐẦU NĂM {block.year}", f["title"])
        ws.merge_range(1, 0, 1, last, None)
        ws.write_string(1, 0, block.name, f["sub"])
        ws.set_row(2, 62)
        ws.merge_range(2, 0, 2, last, None)
        ws.write_string(2, 0, (
            "Mỗi dòng là một phiếu. Với mỗi phiếu thu về: ghi x vào cột \"Đã thu\", và ghi x vào cột "
            "của (các) đơn vị được đánh dấu trên phiếu, đúng như trên phiếu (kể cả phiếu chọn nhiều "
            "đơn vị hoặc không chọn đơn vị nào). Dòng của phiếu không thu về để trống. "
            f"Đơn vị dẫn đầu cần đạt {rules.required_share.text()} số phiếu hợp lệ; "
            f"số phiếu thu về cần đạt {rules.quorum.text()} số đại biểu."), f["note"])
        key_row, head = 3, 4
        keys = [KEY_BALLOT, KEY_RETURNED, *cands, KEY_NOTE]
        for c, k in enumerate(keys):
            ws.write_string(key_row, c, k, f["key"])
        ws.set_row(key_row, None, None, {"hidden": True})
        ws.set_row(head, 48)
        heads = ["Số phiếu", "Đã thu", *[block.unit(c).short_name or c for c in cands], "Ghi chú"]
        for c, text in enumerate(heads):
            ws.write_string(head, c, text, f["th"])
        r = head
        for n in range(1, voters + 1):
            r += 1
            ws.write_number(r, 0, n, f["num"])
            for c in range(1, last):
                ws.write_blank(r, c, None, f["input"])
            ws.write_blank(r, last, None, f["input_text"])
        ws.data_validation(head + 1, 1, r, last - 1, {
            "validate": "list", "source": ["x"], "ignore_blank": True,
            "input_title": "Đánh dấu", "input_message": "Ghi x hoặc để trống.",
            "error_title": "Giá trị không hợp lệ", "error_message": "Chỉ ghi x hoặc để trống.",
            "error_type": "warning"})
        ws.freeze_panes(head + 1, 1)
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
        ws.set_paper(9)
        ws.set_landscape() if len(cands) > 6 else ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(head)
        ws.print_area(0, 0, r, last)
        ws.set_footer(f'&C&"{FONT},Regular"&10Trang &P/&N')
        rows = [("kind", KIND), ("block_id", block.id), ("year", str(block.year)),
                ("voters", str(voters)), ("candidates", ",".join(cands)), ("sheet", TALLY_SHEET),
                ("key_row", str(key_row + 1))]
        for i, (k, v) in enumerate(rows):
            meta.write_string(i, 0, k)
            meta.write_string(i, 1, v)
        meta.protect("")
        meta.very_hidden()


# --- reading ---------------------------------------------------------------------------------

def is_tally_workbook(path: Path) -> bool:
    try:
        meta, _, _ = read_meta(Path(path))
    except Exception:  # noqa: BLE001
        return False
    return meta.get("kind") == KIND


def _mark(value) -> tuple[bool, bool]:
    """(marked, odd): blank/0/"không" unmarked; x, ✓, 1 … marked; anything else marked but odd."""
    if value is None or value is False:
        return False, False
    if value is True:
        return True, False
    if isinstance(value, (int, float)):
        return (value != 0), (value not in (0, 1))
    text = cell_text(value).lower()
    if text in EMPTY_MARKS:
        return False, False
    return True, text not in CLEAR_MARKS


def read_tally(path: Path, block: Block) -> tuple[Tally | None, list[Finding]]:
    """The tally and its findings; None when it cannot be used (R205, R206)."""
    path = Path(path)
    file = path.name
    try:
        meta, _, wb = read_meta(path)
    except Exception as exc:  # noqa: BLE001
        return None, [finding("R206", file=file, detail=type(exc).__name__)]
    if meta.get("kind") != KIND:
        return None, [finding("R206", file=file, detail="không phải bảng kiểm phiếu (thiếu _meta)")]
    wrong = [f"{k}: {meta.get(k)!r} ≠ {want!r}" for k, want in
             (("block_id", block.id), ("year", str(block.year))) if meta.get(k) != want]
    cands = tuple(c for c in (meta.get("candidates") or "").split(",") if c)
    unknown = [c for c in cands if c not in block.unit_codes]
    if unknown:
        wrong.append(f"đơn vị không thuộc Khối: {', '.join(unknown)}")
    sheet = meta.get("sheet") or TALLY_SHEET
    if not wrong and sheet not in wb.sheet_names:
        wrong.append(f"không có trang {sheet}")
    if wrong:
        return None, [finding("R205", file=file, sheet=META_SHEET, detail="; ".join(wrong))]
    try:
        voters = int(meta.get("voters") or len(block.units))
    except ValueError:
        voters = len(block.units)
    rows = sheet_rows(wb, sheet)
    findings: list[Finding] = []
    key_r = None
    for r, row in enumerate(rows[:SCAN_ROWS]):
        if row and cell_text(row[0]) == KEY_BALLOT:
            key_r = r
            break
    if key_r is None:
        return None, [finding("R205", file=file, sheet=sheet, detail="mất dòng khóa cột")]
    columns: dict[str, int] = {}
    c_returned = None
    for c, v in enumerate(rows[key_r]):
        k = cell_text(v)
        if k == KEY_RETURNED:
            c_returned = c
        elif k in cands:
            columns[k] = c
        elif k and k not in (KEY_BALLOT, KEY_NOTE):
            findings.append(finding("R210", file=file, sheet=sheet, cell=a1(key_r, c), found=k))
    tally = Tally(voters=voters, candidates=cands, file=file)
    seen: dict[str, int] = {}
    for r in range(key_r + 2, len(rows)):
        row = rows[r]

        def at(c):
            return row[c] if c is not None and c < len(row) else None
        number = cell_text(at(0))
        choices = []
        for code in cands:
            marked, odd = _mark(at(columns.get(code)))
            if marked:
                choices.append(code)
                if odd:
                    findings.append(finding("R202", file=file, sheet=sheet,
                                            cell=a1(r, columns[code]), number=number or r + 1,
                                            value=cell_text(at(columns[code])), candidate=code))
        returned, _ = _mark(at(c_returned))
        if not (returned or choices):
            continue
        number = number or f"(dòng {r + 1})"
        if number in seen:
            findings.append(finding("R203", file=file, sheet=sheet, cell=a1(r, 0), number=number,
                                    rows=f"{seen[number]}, {r + 1}"))
            continue
        seen[number] = r + 1
        ballot = Ballot(number=number, choices=tuple(choices), row=r + 1)
        tally.ballots.append(ballot)
        if not ballot.valid:
            findings.append(finding("R201", file=file, sheet=sheet, cell=a1(r, 0), number=number,
                                    why=ballot.why_invalid()))
    if tally.cast > voters:
        findings.append(finding("R204", file=file, sheet=sheet, cast=tally.cast, members=voters))
    return tally, findings


# --- the decision ----------------------------------------------------------------------------

TEXT = {
    "vi": {
        "elected": "Được {votes}/{valid} phiếu hợp lệ ({share}), đạt tỷ lệ {required} theo quy định; "
                   "số phiếu thu về {cast}/{voters} ({turnout}), đạt tỷ lệ tối thiểu {quorum}",
        "quorum": "Số phiếu thu về {cast}/{voters} ({turnout}) chưa đạt tỷ lệ tối thiểu {quorum}; "
                  "Hội nghị bỏ phiếu lại",
        "share": "{unit} dẫn đầu về điểm nhưng chỉ được {votes}/{valid} phiếu hợp lệ ({share}), chưa đạt "
                 "{required}{most}; Hội nghị quyết định",
        "most": " (nhiều phiếu nhất: {who}, {n} phiếu)",
        "tie": "{units} bằng điểm ở vị trí dẫn đầu; phiếu suy tôn không phải tiêu chí phụ của Khối; "
               "Hội nghị quyết định",
        "over": "Số phiếu thu về ({cast}) nhiều hơn số đại biểu ({voters}); kết quả kiểm phiếu "
                "không dùng được",
        "not_on_ballot": "{unit} không có tên trên phiếu suy tôn; Hội nghị quyết định",
        "none": "Không có đơn vị đủ điều kiện dẫn đầu",
    },
    "en": {
        "elected": "Received {votes} of {valid} valid votes ({share}), reaching the required "
                   "{required}; {cast} of {voters} ballots returned ({turnout}), reaching the "
                   "quorum {quorum}",
        "quorum": "{cast} of {voters} ballots returned ({turnout}), below the quorum {quorum}; "
                  "the conference votes again",
        "share": "{unit} leads on score but received only {votes} of {valid} valid votes "
                 "({share}), short of {required}{most}; the conference decides",
        "most": " (most votes: {who}, {n})",
        "tie": "{units} are tied for first place; votes are not one of the block's tie-breakers; "
               "the conference decides",
        "over": "More ballots returned ({cast}) than voters ({voters}); the tally cannot be used",
        "not_on_ballot": "{unit} is not on the ballot; the conference decides",
        "none": "No unit is eligible to lead",
    },
}


@dataclass
class LeaderDecision:
    leader: str | None             # confirmed leader, or None (undecided / nothing to decide)
    candidate: str | None          # the unit the ballot had to confirm (best eligible after ties)
    grounds: list[str] = field(default_factory=list)
    reason: str | None = None      # why undecided
    units: list[str] = field(default_factory=list)   # the units concerned when undecided
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"leader": self.leader, "candidate": self.candidate, "grounds": self.grounds,
                "reason": self.reason, "units": self.units}


def leader_decision(tally: Tally, rules: BallotConfig,
                    eligible_ranked: Sequence[tuple[str, int | None]] | Sequence[UnitResult],
                    lang: str = "vi") -> LeaderDecision:
    """Confirm the best eligible unit by the ballot.

    ``eligible_ranked``: eligible units best first, as (code, rank) pairs or UnitResults.
    The leader must be alone at the top (votes break a tie only when they are one of the block's
    tie-breakers, i.e. before this step), the ballots returned must reach ``rules.quorum`` of the
    voters and the leader's votes ``rules.required_share`` of the valid ballots."""
    t = TEXT["en" if lang == "en" else "vi"]
    pairs = [(u.code, u.rank) if isinstance(u, UnitResult) else (u[0], u[1]) for u in eligible_ranked]
    if not pairs:
        return LeaderDecision(None, None, reason=t["none"])
    top_rank = pairs[0][1]
    top = [c for c, r in pairs if r == top_rank] if top_rank is not None else [pairs[0][0]]
    d = dict(cast=tally.cast, voters=tally.voters, turnout=pct(tally.turnout, lang),
             quorum=rules.quorum.text(lang), valid=tally.valid,
             required=rules.required_share.text(lang))
    if tally.cast > tally.voters:
        return LeaderDecision(None, None, reason=t["over"].format(**d), units=top,
                              findings=[finding("R204", file=tally.file, cast=tally.cast,
                                                members=tally.voters)])
    if len(top) > 1:
        votes = tally.votes
        reason = t["tie"].format(units=", ".join(top))
        return LeaderDecision(None, None, reason=reason, units=top, findings=[finding(
            "R209", file=tally.file, candidates=", ".join(top),
            votes=", ".join(f"{c}: {votes.get(c, 0)}" for c in top))])
    cand = top[0]
    if not rules.quorum.reached(tally.cast, tally.voters):
        return LeaderDecision(None, cand, reason=t["quorum"].format(**d), units=[cand],
                              findings=[finding("R207", file=tally.file, cast=tally.cast,
                                                members=tally.voters, quorum=rules.quorum.text())])
    if cand not in tally.candidates:
        return LeaderDecision(None, cand, reason=t["not_on_ballot"].format(unit=cand), units=[cand])
    votes = tally.votes
    share = tally.share(cand)
    if not rules.required_share.reached(votes[cand], tally.valid):
        best = max(votes.values()) if votes else 0
        leaders = sorted(c for c, v in votes.items() if v == best)
        most = (t["most"].format(who=", ".join(leaders), n=best)
                if best > votes[cand] else "")
        reason = t["share"].format(unit=cand, votes=votes[cand], share=pct(share, lang), most=most, **d)
        return LeaderDecision(None, cand, reason=reason, units=[cand], findings=[finding(
            "R208", unit=None, file=tally.file, candidate=cand, votes=votes[cand], valid=tally.valid,
            share=pct(share), required=rules.required_share.text())])
    grounds = [t["elected"].format(votes=votes[cand], share=pct(share, lang), **d)]
    return LeaderDecision(cand, cand, grounds=grounds)


def apply_leader_decision(units: list[UnitResult], rec: Recommendations, decision: LeaderDecision,
                          lang: str = "vi") -> None:
    """Write the ballot's outcome into what :func:`processor.stages.awards.decide` produced.

    Confirmed: the leader's grounds gain the votes. Not confirmed: the unit loses the leading
    place and the flag, which are listed as undecided with the reason (the flag is never passed
    to another unit silently, and no unit gains an award here)."""
    by_code = {u.code: u for u in units}
    if decision.leader is not None:
        u = by_code.get(decision.leader)
        if u is not None:
            u.grounds.extend(decision.grounds)
        return
    if decision.reason is None or decision.candidate is None:
        return           # a tie at the top is already undecided by awards.decide
    u = by_code.get(decision.candidate)
    if u is None:
        return
    what = None
    if u.award == "flag":
        u.award = None
        if decision.candidate in rec.flag:
            rec.flag.remove(decision.candidate)
        what = "flag"
    if decision.candidate in rec.leader:
        rec.leader.remove(decision.candidate)
        u.position = None
        what = "leader"
    if what is None:
        return
    u.undecided_for = what
    u.reasons.append(decision.reason)
    rec.undecided.append(Undecided([decision.candidate], what, decision.reason))
