"""The standardized self-scoring templates (DESIGN.md, "The standardized template").

One workbook per unit plus a blank one, written with XlsxWriter. Any program can fill a template
through the very hidden ``_meta`` sheet; intake finds rows by criterion code, never by position.
"""
from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..config.block import TEMPLATE_VERSION, Block, Unit
from ..config.review import review_config
from ..labels import format_plain
from ..template_contract import (INSTRUCTIONS_SHEET, META_KEYS, META_SHEET, META_TABLE_HEADER,
                                 NOT_APPLICABLE_LABEL, SCORING_SHEET)
from .atomic import replace_file
from .common import a1_ranges
from .cross_form import write_cross_sheet
from .styles import FONT, localized

BLANK_CODE = "TRONG"
INPUT_FILL = "#FFF2CC"   # light yellow: "type here"
NA_FILL = "#D9D9D9"      # grey: not applicable
HEAD_FILL = "#DDEBF7"
SECTION_FILL = "#F2F2F2"
COLUMNS = (("Mã", 11), ("Nội dung tiêu chí", 49), ("Điểm chuẩn", 9),
           ("Điểm tự chấm", 10), ("Minh chứng / ghi chú", 28))
GUIDE_WIDTH = 78  # the instructions' one column: fits A4 portrait at 100 %


EVIDENCE_MARK = " (*)"     # after a criterion that needs evidence


def block_title(block: Block) -> str:
    """The block's name, then its province unless the name already holds it."""
    province = block.province or ""
    bare = province
    for prefix in ("Tỉnh ", "Thành phố ", "TP. ", "TP "):
        if bare.startswith(prefix):
            bare = bare[len(prefix):]
    if not province or (bare and bare.casefold() in block.name.casefold()):
        return block.name
    return f"{block.name} - {province}"


def template_name(block: Block, unit: Unit | None) -> str:
    return f"mau-tu-cham-{block.year}-{unit.code if unit else BLANK_CODE}.xlsx"


def write_templates(block: Block, out_dir: Path, created: datetime | None = None) -> list[Path]:
    """One template per unit, then the blank one; returns the paths in that order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for unit in (*block.units, None):
        path = out_dir / template_name(block, unit)
        write_template(block, unit, path, created)
        paths.append(path)
    return paths


def write_template(block: Block, unit: Unit | None, path: Path, created: datetime | None = None) -> Path:
    """Write one template atomically (temp file in the same folder, then os.replace)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        # Times New Roman 12 as the workbook's default font, so that column widths (counted in
        # the default font's digits) mean the same in Excel and LibreOffice (no Calibri there).
        wb = xlsxwriter.Workbook(tmp, {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "default_format_properties": {"font_name": FONT, "font_size": 12},
            "default_row_height": 21, "default_column_width": 72})
        wb.set_properties({"title": f"Bảng tự chấm điểm thi đua năm {block.year}",
                           "subject": block.name, "author": block.secretary or block.name,
                           "company": block.issuing_body[0] if block.issuing_body else "",
                           "created": created or datetime.now()})
        _Writer(wb, block, unit).write()
        wb.close()
        publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def publish(tmp: str | Path, path: Path) -> None:
    """Give the temp file ordinary permissions (mkstemp makes it 0600), then swap it in."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    replace_file(tmp, path)


def _num(x: float) -> str:
    """A number as a formula literal: 100 rather than 100.0, a decimal point."""
    return format_plain(float(x), "en", decimals=None)


def _height(text: str, width: float, bold: bool = False, min_lines: int = 1) -> float:
    """Row height (points) for wrapped text: applications do not reliably autofit on load
    (LibreOffice does not), so rows are sized here; generous rather than clipped."""
    per_line = max(width * (0.95 if bold else 1.05), 1)
    lines = sum(max(1, -(-len(part) // int(per_line))) for part in text.split("\n"))
    return max(lines, min_lines) * 16.5 + 3


def _sum(rows: list[int], col: int) -> str:
    return f"SUM({','.join(a1_ranges(rows, col))})" if rows else "0"


class _Writer:
    def __init__(self, wb: xlsxwriter.Workbook, block: Block, unit: Unit | None):
        self.wb, self.block, self.unit = wb, block, unit
        self.na = unit.not_applicable if unit else frozenset()
        base = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}
        cell = {**base, "border": 1, "text_wrap": True}
        def f(props):       # decimals with a comma, as the instructions and the documents write them
            return wb.add_format(localized(props, "vi"))
        self.fmt = {
            "text": f(base),
            "wrap": f({**base, "text_wrap": True, "valign": "top"}),
            "bold": f({**base, "bold": True}),
            "body_c": f({**base, "align": "center"}),
            "body_cb": f({**base, "align": "center", "bold": True}),
            "title": f({**base, "font_size": 14, "bold": True, "align": "center"}),
            "subtitle": f({**base, "font_size": 13, "bold": True, "align": "center"}),
            "label": f({**base, "bold": True, "align": "right"}),
            "head_value": f({**base, "bold": True}),
            "head_input": f({**base, "bold": True, "locked": False, "bg_color": INPUT_FILL, "border": 1}),
            "th": f({**cell, "bold": True, "align": "center", "bg_color": HEAD_FILL}),
            "code": f({**cell, "align": "center"}),
            "crit": f(cell),
            "max": f({**cell, "align": "center", "num_format": "0.##"}),
            "input": f({**cell, "align": "center", "locked": False, "bg_color": INPUT_FILL}),
            "evidence": f({**cell, "locked": False, "bg_color": INPUT_FILL}),
            "na": f({**cell, "bg_color": NA_FILL, "font_color": "#595959"}),
            "na_c": f({**cell, "align": "center", "bg_color": NA_FILL, "font_color": "#595959",
                       "italic": True, "num_format": "0.##"}),
            "sec": f({**cell, "bold": True, "bg_color": SECTION_FILL}),
            "sec_c": f({**cell, "bold": True, "align": "center", "bg_color": SECTION_FILL}),
            "sec_n": f({**cell, "bold": True, "align": "center", "bg_color": SECTION_FILL,
                        "num_format": "0.00"}),
            "tot_label": f({**cell, "bold": True}),
            "tot_n": f({**cell, "bold": True, "align": "center", "num_format": "0.00"}),
            "final_label": f({**cell, "bold": True, "font_size": 13, "bg_color": HEAD_FILL}),
            "final_n": f({**cell, "bold": True, "font_size": 13, "align": "center",
                          "num_format": "0.00", "bg_color": HEAD_FILL}),
            "date": f({**base, "italic": True, "align": "center"}),
            "para_title": f({**base, "font_size": 14, "bold": True, "align": "center", "text_wrap": True}),
        }

    def write(self) -> None:
        guide = self.wb.add_worksheet(INSTRUCTIONS_SHEET)
        sheet = self.wb.add_worksheet(SCORING_SHEET)
        cross = review_config(self.block).cross
        self.extra_meta: dict[str, str] = {}
        if cross.enabled:   # the block scores each other: a sheet where this unit scores the others
            self.extra_meta = write_cross_sheet(self.wb, self.block, self.unit, cross.granularity)
        meta = self.wb.add_worksheet(META_SHEET)
        self.rows: list[tuple] = []  # (criterion, input row) for _meta
        keys = self._scoring(sheet)
        self._instructions(guide, keys)
        self._meta(meta, keys)
        guide.activate()

    # --- the self-scoring sheet ----------------------------------------------------------
    def _scoring(self, ws) -> dict[str, str]:
        b, fm, unit = self.block, self.fmt, self.unit
        for col, (_, width) in enumerate(COLUMNS):
            ws.set_column(col, col, width)
        # Decree 30 header: issuing body top left, national motto top right.
        body = list(b.issuing_body) or [b.name]
        motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        for r in range(max(len(body), 2)):
            if r < len(body):
                ws.merge_range(r, 0, r, 1, body[r], fm["body_cb"] if r == len(body) - 1 else fm["body_c"])
            if r < 2:
                ws.merge_range(r, 2, r, 4, motto[r], fm["body_cb"])
        r = max(len(body), 2) + 1
        ws.set_row(r, 22)
        ws.merge_range(r, 0, r, 4, f"BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {b.year}", fm["title"])
        ws.merge_range(r + 1, 0, r + 1, 4, block_title(b), fm["subtitle"])
        r += 3
        unit_row, code_row = r, r + 1
        ws.write_string(unit_row, 0, "Đơn vị:", fm["label"])
        ws.write_string(code_row, 0, "Mã đơn vị:", fm["label"])
        if unit:
            ws.merge_range(unit_row, 1, unit_row, 4, unit.name, fm["head_value"])
            ws.write_string(code_row, 1, unit.code, fm["head_value"])
        else:  # blank template: the unit types its own name and code
            ws.merge_range(unit_row, 1, unit_row, 4, "", fm["head_input"])
            ws.write_blank(code_row, 1, None, fm["head_input"])
            ws.write_string(code_row, 2, "(ghi tên và mã đơn vị vào các ô màu vàng)", fm["text"])

        head = code_row + 2
        ws.set_row(head, 36)
        for col, (label, _) in enumerate(COLUMNS):
            ws.write_string(head, col, label, fm["th"])
        ws.freeze_panes(head + 1, 0)
        row = head + 1
        D, C = 3, 2
        parts: dict[str, list[str]] = {"score": [], "bonus": [], "deduction": []}
        max_parts: list[str] = []
        app_base = 0.0
        for section in b.sections:
            sec_row, row = row, row + 1
            live: list[int] = []
            live_max = 0.0
            for crit in section.criteria:
                self.rows.append((crit, row))
                ws.set_row(row, _height(crit.text + EVIDENCE_MARK, COLUMNS[1][1], min_lines=2))
                applicable = crit.code not in self.na
                ws.write_string(row, 0, crit.code, fm["code"] if applicable else fm["na"])
                text = crit.text + (EVIDENCE_MARK if crit.evidence_required else "")
                ws.write_string(row, 1, text, fm["crit"] if applicable else fm["na"])
                ws.write_number(row, 2, crit.max, fm["max"] if applicable else fm["na_c"])
                if applicable:
                    live.append(row)
                    live_max += crit.max
                    ws.write_blank(row, 3, None, fm["input"])
                    ws.write_blank(row, 4, None, fm["evidence"])
                    self._validate(ws, row, crit)
                    if crit.evidence_required:
                        self._evidence_prompt(ws, row, crit)
                else:
                    ws.write_string(row, 3, NOT_APPLICABLE_LABEL, fm["na_c"])
                    ws.write_blank(row, 4, None, fm["na"])
                if applicable and section.kind == "mixed":
                    parts[crit.kind].append(xl_rowcol_to_cell(row, D))
                if applicable and crit.kind == "score":
                    app_base += crit.max
                row += 1
            # Section row: applicable max and subtotal; cached values given so they agree as written.
            ws.write_string(sec_row, 0, section.code, fm["sec_c"])
            ws.write_string(sec_row, 1, section.title, fm["sec"])
            ws.set_row(sec_row, _height(section.title, COLUMNS[1][1], bold=True))
            ws.write_formula(sec_row, C, f"={_sum(live, C)}", fm["sec_c"], live_max)
            ws.write_formula(sec_row, D, f"={_sum(live, D)}", fm["sec_n"], 0)
            ws.write_blank(sec_row, 4, None, fm["sec"])
            if section.kind != "mixed":
                parts[section.kind].append(xl_rowcol_to_cell(sec_row, D))
                if section.kind == "score":
                    max_parts.append(xl_rowcol_to_cell(sec_row, C))
            else:
                max_parts += [xl_rowcol_to_cell(rw, C) for c, rw in self.rows
                              if c.section == section.code and c.kind == "score" and c.code not in self.na]

        def terms(refs: list[str]) -> str:
            return f"SUM({','.join(refs)})" if refs else "0"

        full = b.full_base_max
        row += 1
        r_base, r_app, r_conv, r_bonus, r_ded, r_total = range(row, row + 6)
        cell = lambda r: xl_rowcol_to_cell(r, D)  # noqa: E731
        lines = [
            (r_base, "Tổng điểm cơ bản (chưa quy đổi)", f"={terms(parts['score'])}", 0),
            (r_app, "Điểm chuẩn áp dụng (không tính tiêu chí không áp dụng)", f"={terms(max_parts)}", app_base),
            (r_conv, f"Điểm cơ bản quy đổi về thang {_num(full)} điểm",
             f"={cell(r_base)}/{cell(r_app)}*{_num(full)}", 0),
            (r_bonus, "Điểm thưởng", f"={terms(parts['bonus'])}", 0),
            (r_ded, "Điểm trừ", f"={terms(parts['deduction'])}", 0),
        ]
        for r, label, formula, value in lines:
            ws.merge_range(r, 0, r, 2, label, fm["tot_label"])
            ws.write_formula(r, D, formula, fm["tot_n"], value)
            ws.write_blank(r, 4, None, fm["tot_label"])
        # DESIGN: final = ROUND(base_sum / applicable_base_max * full_base_max + bonus - deduction, 2)
        ws.set_row(r_total, 21)
        ws.merge_range(r_total, 0, r_total, 2, "TỔNG ĐIỂM", fm["final_label"])
        ws.write_formula(r_total, D, f"=ROUND({cell(r_base)}/{cell(r_app)}*{_num(full)}"
                         f"+{cell(r_bonus)}-{cell(r_ded)},2)", fm["final_n"], 0)
        ws.write_blank(r_total, 4, None, fm["final_label"])
        note = ("Ghi chú: Điểm tổng được tính tự động bằng công thức; "
                "đơn vị chỉ nhập vào các ô màu vàng.")
        if any(c.evidence_required for c in b.criteria):
            note += f" Tiêu chí đánh dấu{EVIDENCE_MARK} cần minh chứng: ghi số, ký hiệu, ngày của " \
                    "văn bản ở cột \"Minh chứng / ghi chú\"."
        ws.set_row(r_total + 2, _height(note, sum(w for _, w in COLUMNS)))
        ws.merge_range(r_total + 2, 0, r_total + 2, 4, note, fm["wrap"])
        last = self._signature(ws, r_total + 4)

        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
        ws.set_paper(9)
        ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.7)
        ws.repeat_rows(head)
        ws.print_area(0, 0, last, 4)
        ws.set_footer(f'&C&"{FONT},Regular"&11Trang &P/&N')
        return {"scoring_sheet": SCORING_SHEET, "total_cell": cell(r_total),
                "header_unit_cell": xl_rowcol_to_cell(unit_row, 1),
                "header_unit_code_cell": xl_rowcol_to_cell(code_row, 1)}

    def _evidence_prompt(self, ws, row: int, crit) -> None:
        ws.data_validation(row, 4, row, 4, {
            "validate": "any", "input_title": "Cần minh chứng"[:32],
            "input_message": f"Tiêu chí {crit.code} cần minh chứng: ghi số, ký hiệu, ngày của "
                             "văn bản."[:255]})

    def _evidence_example(self) -> str:
        b, unit = self.block, self.unit
        if b.evidence_example:
            return b.evidence_example
        return f"Báo cáo số …/BC-{unit.code if unit else '…'} ngày …/…/{b.year}"

    def _signature(self, ws, row: int) -> int:
        """Place and date, the unit head's title and room to sign, under the table; last row."""
        fm = self.fmt
        place = self.block.place or self.block.province or "……"
        lines = [(f"{place}, ngày … tháng … năm ……", fm["date"], 20),
                 ("THỦ TRƯỞNG ĐƠN VỊ", fm["body_cb"], 20),
                 ("(Ký, ghi rõ họ tên, đóng dấu)", fm["date"], 20)]
        for text, style, height in lines:
            ws.set_row(row, height)
            ws.merge_range(row, 2, row, 4, text, style)
            row += 1
        for r in range(row, row + 4):     # room to sign
            ws.set_row(r, 22)
        return row + 3

    def _validate(self, ws, row: int, crit) -> None:
        mx = _num(crit.max)
        what = {"score": "điểm tự chấm", "bonus": "số điểm thưởng", "deduction": "số điểm bị trừ (số không âm)"}
        ws.data_validation(row, 3, row, 3, {
            "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": float(crit.max),
            "ignore_blank": True,
            "input_title": f"Tiêu chí {crit.code}"[:32],
            "input_message": f"Nhập {what[crit.kind]} từ 0 đến {mx}; có thể có phần thập phân.",
            "error_title": "Điểm không hợp lệ",
            "error_message": f"Điểm phải từ 0 đến {mx}.",
            "error_type": "stop",
        })

    # --- the instructions sheet ----------------------------------------------------------
    def _instructions(self, ws, keys: dict[str, str]) -> None:
        b, fm, unit = self.block, self.fmt, self.unit
        ws.set_column(0, 0, GUIDE_WIDTH)
        deadline = (f"{b.deadline:%H} giờ {b.deadline:%M} ngày {b.deadline:%d/%m/%Y}"
                    if b.deadline else "theo thông báo của Khối")
        who = (f"Tệp này dành riêng cho: {unit.name} (mã {unit.code}). Tên và mã đơn vị đã được ghi sẵn."
               if unit else
               f"Đây là tệp mẫu trống: đơn vị ghi tên đơn vị vào ô {keys['header_unit_cell']} và mã đơn vị "
               f"vào ô {keys['header_unit_code_cell']} của trang \"{SCORING_SHEET}\" (ô màu vàng).")
        steps = [
            f"1. Mở trang \"{SCORING_SHEET}\". Chỉ nhập vào các ô màu vàng: cột \"Điểm tự chấm\" và cột "
            "\"Minh chứng / ghi chú\". Các ô khác đã được khóa.",
            "2. Mỗi tiêu chí nhập một số từ 0 đến điểm chuẩn của tiêu chí đó. Có thể nhập số thập phân, "
            "dùng dấu phẩy (ví dụ 8,5) hoặc dấu chấm theo cài đặt của máy. Không để trống tiêu chí nào "
            "(nếu không đạt, nhập 0).",
            "3. Cột \"Minh chứng / ghi chú\": ghi số, ký hiệu, ngày của văn bản chứng minh "
            f"(ví dụ: {self._evidence_example()}). Tiêu chí đánh dấu{EVIDENCE_MARK} bắt buộc có "
            "minh chứng.",
            "4. Điểm thưởng và điểm trừ nhập là số không âm (ví dụ trừ 0,5 điểm thì nhập 0,5); "
            "công thức sẽ tự cộng điểm thưởng và trừ điểm trừ. Không có thì nhập 0.",
            f"5. Các dòng màu xám ghi \"{NOT_APPLICABLE_LABEL}\" là tiêu chí không áp dụng đối với đơn vị; "
            "không chấm và không tính vào điểm chuẩn của đơn vị.",
            "6. Không chèn, xóa, di chuyển dòng hoặc cột; không đổi tên các trang tính. Tổng điểm được "
            "tính tự động.",
            "7. Lưu tệp ở định dạng Excel (.xlsx). Không đặt mật khẩu cho tệp. In trang "
            f"\"{SCORING_SHEET}\", Thủ trưởng đơn vị ký, ghi ngày ở cuối trang và đóng dấu.",
            f"8. Hạn gửi: {deadline}.",
            f"9. Liên hệ: {b.contact or 'Thư ký Khối'}.",
        ]
        rows = [(f"HƯỚNG DẪN ĐIỀN BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {b.year}", fm["para_title"]),
                (b.name, fm["subtitle"]), ("", None), (who, fm["wrap"]), ("", None)]
        rows += [(s, fm["wrap"]) for s in steps]
        if b.note:
            rows += [("", None), (f"Lưu ý: {b.note}", fm["wrap"])]
        for r, (text, f) in enumerate(rows):
            if text:
                ws.write_string(r, 0, text, f)
                ws.set_row(r, _height(text, GUIDE_WIDTH, bold=f is fm["para_title"]))
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
        ws.set_paper(9)
        ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.7, right=0.5, top=0.6, bottom=0.7)
        ws.print_area(0, 0, len(rows) - 1, 0)
        ws.set_footer(f'&C&"{FONT},Regular"&11Trang &P/&N')

    # --- the very hidden _meta sheet -----------------------------------------------------
    def _meta(self, ws, keys: dict[str, str]) -> None:
        b, unit = self.block, self.unit
        values = {"template_version": TEMPLATE_VERSION, "block_id": b.id, "block_name": b.name,
                  "year": str(b.year), "unit_code": unit.code if unit else "",
                  "unit_name": unit.name if unit else "", "criteria_hash": b.criteria_hash, **keys}
        for r, key in enumerate(META_KEYS):
            ws.write_string(r, 0, key)
            if values[key]:
                ws.write_string(r, 1, values[key])
        for r, (key, value) in enumerate(sorted(self.extra_meta.items()), start=len(META_KEYS)):
            ws.write_string(r, 0, key)
            ws.write_string(r, 1, str(value))
        r = len(META_KEYS) + len(self.extra_meta) + 1
        for col, name in enumerate(META_TABLE_HEADER):
            ws.write_string(r, col, name)
        for crit, row in self.rows:
            r += 1
            ws.write_string(r, 0, crit.code)
            ws.write_string(r, 1, SCORING_SHEET)
            ws.write_string(r, 2, xl_rowcol_to_cell(row, 3))
            ws.write_number(r, 3, float(crit.max))
            ws.write_string(r, 4, crit.kind)
            ws.write_string(r, 5, xl_rowcol_to_cell(row, 4))
        ws.protect("")
        ws.very_hidden()
