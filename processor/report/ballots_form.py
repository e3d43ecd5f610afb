"""The ballots (phiếu suy tôn) and the tally form (bảng kiểm phiếu): the printable ballots, one
A4 page per voter listing the eligible candidates in rank order with a box to tick, and the
tally workbook for the counting committee (one row per ballot number, an unlocked cell per
candidate, ``_meta`` very hidden)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Sequence

from ..config.block import Block
from ..config.review import BallotConfig
from ..labels import label
from ..model import KEY_BALLOT, KEY_NOTE, KEY_RETURNED, META_SHEET, TALLY, TALLY_SHEET
from ..stages.ballots import ballot_candidates
from .atomic import atomic_workbook
from .styles import FONT

BALLOT_SHEET = "Phiếu suy tôn"


def ballot_filenames(block: Block) -> tuple[str, str]:
    """(the ballots, the tally form) as named in OUT."""
    return (f"phieu-suy-ton-{block.id}-{block.year}.xlsx", f"kiem-phieu-{block.id}-{block.year}.xlsx")


def write_ballots(block: Block, result, out_dir: Path, created: datetime, rules: BallotConfig,
                  candidates: Sequence[str] | None = None) -> tuple[Path, Path]:
    """Write the printable ballots and the tally workbook into ``out_dir``; returns both paths.
    Raises ValueError when there is no eligible candidate."""
    cands = list(candidates) if candidates is not None else ballot_candidates(block, result, rules)
    if not cands:
        raise ValueError(label("ballot.no_candidates"))
    voters = rules.voter_count(block)
    ballot_name, tally_name = ballot_filenames(block)
    out_dir = Path(out_dir)
    ballot_path, tally_path = out_dir / ballot_name, out_dir / tally_name
    _write_ballot_sheet(block, cands, voters, ballot_path, created)
    _write_tally(block, cands, voters, rules, tally_path, created)
    return ballot_path, tally_path


def _write_ballot_sheet(block: Block, cands: list[str], voters: int, path: Path,
                        created: datetime) -> None:
    """One A4 page per voter: the candidates in rank order, each with a box to tick."""
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
    """A row per ballot number, an unlocked cell per candidate, a hidden key row naming the
    columns, and a very hidden ``_meta`` (``kind = tally``) that intake reads back."""
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
        rows = [("kind", TALLY), ("block_id", block.id), ("year", str(block.year)),
                ("voters", str(voters)), ("candidates", ",".join(cands)), ("sheet", TALLY_SHEET),
                ("key_row", str(key_row + 1))]
        for i, (k, v) in enumerate(rows):
            meta.write_string(i, 0, k)
            meta.write_string(i, 1, v)
        meta.protect("")
        meta.very_hidden()
