"""Verification round trip (thẩm định): the chair and deputy check each unit's evidence and
accept or adjust its scores.

- :func:`write_verification_workbook` writes one protected workbook with a row per
  unit × criterion: self score, evidence, where it came from, and two UNLOCKED columns,
  "Điểm thẩm định" (data validation 0..max) and "Lý do điều chỉnh". A very hidden ``_meta`` says
  ``kind = verification`` and which columns hold what.
- :func:`read_verification` reads it back. Rows are found by the (unit, criterion) codes written
  in them, never by position, so sorted, filtered or re-ordered rows do not matter. A blank
  verified score means "the self score stands".
- :func:`apply_verification` puts verified scores over self scores; :func:`feedback_for_unit`
  tells a unit, in plain Vietnamese, which of its scores changed and why.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from ..config.block import Block
from ..findings import Finding, finding
from ..model import ScoreSheet
from ._util import (FONT, META_SHEET, a1, atomic_workbook, cell_text, col_letter, fmt_num,
                    parse_number, read_meta, sheet_rows)

KIND = "verification"
VERIFY_SHEET = "Thẩm định"
VERIFY_VERSION = "1"
# column indices (0-based) of the verification table
C_NO, C_UNIT, C_NAME, C_CRIT, C_TEXT, C_MAX, C_SELF, C_EVID, C_SRC, C_VER, C_REASON = range(11)
HEADERS = ("STT", "Mã đơn vị", "Đơn vị", "Mã tiêu chí", "Nội dung tiêu chí", "Điểm chuẩn",
           "Điểm tự chấm", "Minh chứng", "Nguồn (tệp › ô)", "Điểm thẩm định", "Lý do điều chỉnh")
WIDTHS = (5, 10, 22, 8, 44, 8, 9, 30, 22, 11, 30)
HEADER_ROW = 4
INPUT_FILL = "#FFF2CC"
KIND_LABEL = {"score": "", "bonus": " (điểm thưởng)", "deduction": " (điểm trừ, số không âm)"}


class Verified(NamedTuple):
    """One row read back: the verified score (None = keep the self score), the reason, the cell
    (``sheet!A1`` of the verified score)."""
    verified: float | None
    reason: str
    cell: str


@dataclass(frozen=True)
class Change:
    unit: str
    criterion: str
    self_score: float | None
    verified: float
    reason: str
    cell: str            # where the verified score stands (sheet!A1)
    file: str | None = None

    @property
    def delta(self) -> float | None:
        return None if self.self_score is None else round(self.verified - self.self_score, 10)

    def to_json(self) -> dict:
        return {"unit": self.unit, "criterion": self.criterion, "self_score": self.self_score,
                "verified": self.verified, "reason": self.reason, "cell": self.cell,
                "file": self.file}


# --- writing ---------------------------------------------------------------------------------

def _self_data(block: Block, source) -> dict[str, tuple[dict, dict, dict]]:
    """unit -> (values, origin, evidence) from a Result or a ScoreSheet."""
    out = {}
    if isinstance(source, ScoreSheet):
        for code in block.unit_codes:
            if code in source.values:
                out[code] = (source.values[code], source.origin.get(code, {}),
                             source.evidence.get(code, {}))
        return out
    # A Result: its scores may already carry verified values (result.review.changes); the
    # workbook always shows the unit's own self scores and their original cells.
    review = getattr(source, "review", None)
    undo = {(c.unit, c.criterion): c for c in getattr(review, "changes", None) or []}
    self_origin = getattr(review, "self_origin", None) or {}
    for u in source.units:
        if u.status != "missing" and u.scores:
            values, origin = dict(u.scores), dict(u.origin)
            for (unit, crit), change in undo.items():
                if unit == u.code:
                    values[crit] = change.self_score
                    origin.pop(crit, None)
                    if (unit, crit) in self_origin:
                        origin[crit] = self_origin[(unit, crit)]
            out[u.code] = (values, origin, u.evidence)
    return out


def verification_filename(block: Block) -> str:
    return f"tham-dinh-{block.id}-{block.year}.xlsx"


def write_verification_workbook(block: Block, result_or_scoresheet, path: Path,
                                created: datetime) -> Path:
    """Write the verification workbook (atomic, byte-reproducible for a fixed ``created``)."""
    data = _self_data(block, result_or_scoresheet)
    path = Path(path)
    with atomic_workbook(path, created) as wb:
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
        cell = {**base, "border": 1, "text_wrap": True}
        f = {
            "title": wb.add_format({**base, "bold": True, "font_size": 14, "align": "center"}),
            "sub": wb.add_format({**base, "italic": True, "align": "center", "text_wrap": True}),
            "note": wb.add_format({**base, "italic": True, "text_wrap": True, "valign": "top"}),
            "th": wb.add_format({**cell, "bold": True, "align": "center", "bg_color": "#DDEBF7"}),
            "text": wb.add_format(cell),
            "center": wb.add_format({**cell, "align": "center"}),
            "num": wb.add_format({**cell, "align": "center", "num_format": "0.##"}),
            "small": wb.add_format({**cell, "font_size": 9}),
            "input": wb.add_format({**cell, "align": "center", "locked": False,
                                    "bg_color": INPUT_FILL, "num_format": "0.##"}),
            "input_text": wb.add_format({**cell, "locked": False, "bg_color": INPUT_FILL}),
        }
        ws = wb.add_worksheet(VERIFY_SHEET)
        meta = wb.add_worksheet(META_SHEET)
        last = len(HEADERS) - 1
        ws.merge_range(0, 0, 0, last, f"BẢNG THẨM ĐỊNH ĐIỂM THI ĐUA NĂM {block.year}", f["title"])
        ws.merge_range(1, 0, 1, last, f"{block.name} — {block.province}", f["sub"])
        ws.set_row(2, 44)
        ws.merge_range(2, 0, 2, last, (
            "Khối trưởng, Khối phó đối chiếu minh chứng và chỉ nhập vào hai cột màu vàng: "
            "\"Điểm thẩm định\" (để trống nếu giữ nguyên điểm tự chấm) và \"Lý do điều chỉnh\" "
            "(bắt buộc khi điểm thẩm định khác điểm tự chấm). Không sửa mã đơn vị, mã tiêu chí. "
            "Điểm trừ nhập là số không âm."), f["note"])
        for col, (head, width) in enumerate(zip(HEADERS, WIDTHS)):
            ws.set_column(col, col, width)
            ws.write_string(HEADER_ROW, col, head, f["th"])
        ws.set_row(HEADER_ROW, 32)
        table: list[tuple[int, str, str]] = []
        r = HEADER_ROW
        for unit in block.units:
            if unit.code not in data:
                continue
            values, origin, evidence = data[unit.code]
            for crit in block.criteria:
                if crit.code in unit.not_applicable:
                    continue
                r += 1
                ws.write_number(r, C_NO, len(table) + 1, f["center"])
                ws.write_string(r, C_UNIT, unit.code, f["center"])
                ws.write_string(r, C_NAME, unit.short_name or unit.name, f["text"])
                ws.write_string(r, C_CRIT, crit.code, f["center"])
                ws.write_string(r, C_TEXT, crit.text + KIND_LABEL[crit.kind], f["text"])
                ws.write_number(r, C_MAX, float(crit.max), f["num"])
                value = values.get(crit.code)
                if value is None:
                    ws.write_blank(r, C_SELF, None, f["num"])
                else:
                    ws.write_number(r, C_SELF, float(value), f["num"])
                ws.write_string(r, C_EVID, evidence.get(crit.code, "") or "", f["text"])
                where = origin.get(crit.code)
                ws.write_string(r, C_SRC, f"{where[0]} › {where[1]}!{where[2]}" if where else "",
                                f["small"])
                ws.write_blank(r, C_VER, None, f["input"])
                ws.write_blank(r, C_REASON, None, f["input_text"])
                ws.data_validation(r, C_VER, r, C_VER, {
                    "validate": "decimal", "criteria": "between", "minimum": 0,
                    "maximum": float(crit.max), "ignore_blank": True,
                    "input_title": f"Tiêu chí {crit.code}"[:32],
                    "input_message": f"Điểm thẩm định từ 0 đến {fmt_num(crit.max)}; để trống nếu "
                                     "giữ nguyên điểm tự chấm."[:255],
                    "error_title": "Điểm không hợp lệ",
                    "error_message": f"Điểm thẩm định phải từ 0 đến {fmt_num(crit.max)}.",
                    "error_type": "stop"})
                table.append((r, unit.code, crit.code))
        last_row = max(r, HEADER_ROW + 1)
        ws.freeze_panes(HEADER_ROW + 1, C_CRIT + 1)
        ws.autofilter(HEADER_ROW, 0, last_row, last)
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True,
                        "autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.3, top=0.5, bottom=0.6)
        ws.repeat_rows(HEADER_ROW)
        ws.print_area(0, 0, last_row, last)
        ws.set_footer(f'&C&"{FONT},Regular"&10Trang &P/&N')

        keys = [("kind", KIND), ("version", VERIFY_VERSION), ("block_id", block.id),
                ("year", str(block.year)), ("criteria_hash", block.criteria_hash),
                ("sheet", VERIFY_SHEET), ("header_row", str(HEADER_ROW + 1)),
                ("unit_col", col_letter(C_UNIT)), ("criterion_col", col_letter(C_CRIT)),
                ("max_col", col_letter(C_MAX)), ("self_col", col_letter(C_SELF)),
                ("verified_col", col_letter(C_VER)), ("reason_col", col_letter(C_REASON))]
        for i, (k, v) in enumerate(keys):
            meta.write_string(i, 0, k)
            meta.write_string(i, 1, v)
        mr = len(keys) + 1
        for col, name in enumerate(("row", "unit_code", "criterion_code", "verified_cell", "reason_cell")):
            meta.write_string(mr, col, name)
        for row, unit_code, crit_code in table:
            mr += 1
            meta.write_number(mr, 0, row + 1)
            meta.write_string(mr, 1, unit_code)
            meta.write_string(mr, 2, crit_code)
            meta.write_string(mr, 3, a1(row, C_VER))
            meta.write_string(mr, 4, a1(row, C_REASON))
        meta.protect("")
        meta.very_hidden()
    return path


# --- reading ---------------------------------------------------------------------------------

def is_verification_workbook(path: Path) -> bool:
    """True when ``path`` is a spreadsheet whose ``_meta`` says ``kind = verification``.
    Never raises (any unreadable file is simply not one)."""
    try:
        meta, _, _ = read_meta(Path(path))
    except Exception:  # noqa: BLE001
        return False
    return meta.get("kind") == KIND


def _col(meta: dict[str, str], key: str, default: int) -> int:
    letters = meta.get(key, "").strip().upper()
    if not letters.isalpha():
        return default
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col - 1


def read_verification(path: Path, block: Block) -> tuple[dict[str, dict[str, Verified]], list[Finding]]:
    """``{unit: {criterion: Verified}}`` for every row found, and the findings.

    Errors (R002 out of range, R003 not a number) leave ``verified`` None for that row and name
    the unit, so the unit is not ranked on an unresolved score. A workbook of another block,
    year or criteria version (R006) or one that cannot be read (R009) yields nothing."""
    path = Path(path)
    file = path.name
    findings: list[Finding] = []
    try:
        meta, _, wb = read_meta(path)
    except Exception as exc:  # noqa: BLE001
        return {}, [finding("R009", file=file, detail=type(exc).__name__)]
    if meta.get("kind") != KIND:
        return {}, [finding("R009", file=file, detail="không phải bảng thẩm định (thiếu _meta)")]
    wrong = [f"{k}: {meta.get(k)!r} ≠ {want!r}" for k, want in
             (("block_id", block.id), ("year", str(block.year)), ("criteria_hash", block.criteria_hash))
             if meta.get(k) != want]
    if wrong:
        return {}, [finding("R006", file=file, sheet=META_SHEET, detail="; ".join(wrong))]
    sheet = meta.get("sheet") or VERIFY_SHEET
    if sheet not in wb.sheet_names:
        return {}, [finding("R009", file=file, detail=f"không có trang {sheet}")]
    rows = sheet_rows(wb, sheet)
    cu, cc = _col(meta, "unit_col", C_UNIT), _col(meta, "criterion_col", C_CRIT)
    cs, cv, cr = (_col(meta, "self_col", C_SELF), _col(meta, "verified_col", C_VER),
                  _col(meta, "reason_col", C_REASON))
    start = int(meta.get("header_row") or HEADER_ROW + 1)   # 1-based header row: data below it

    def at(row: list, c: int):
        return row[c] if c < len(row) else None

    units = set(block.unit_codes)
    out: dict[str, dict[str, Verified]] = {}
    for r in range(start, len(rows)):
        row = rows[r]
        unit_code, crit_code = cell_text(at(row, cu)), cell_text(at(row, cc))
        if not unit_code and not crit_code:
            continue
        if unit_code not in units or crit_code not in block._criteria_by_code \
                or crit_code in block.unit(unit_code).not_applicable:
            findings.append(finding("R005", file=file, sheet=sheet, cell=a1(r, cc),
                                    found_unit=unit_code, criterion=crit_code))
            continue
        crit = block.criterion(crit_code)
        ver_cell = f"{sheet}!{a1(r, cv)}"
        loc = dict(unit=unit_code, file=file, sheet=sheet, cell=a1(r, cv), criterion=crit_code)
        if crit_code in out.get(unit_code, {}):
            findings.append(finding("R010", first=out[unit_code][crit_code].cell, **loc))
            continue
        raw, reason = at(row, cv), cell_text(at(row, cr))
        value, ok = parse_number(raw)
        if not ok:
            findings.append(finding("R003", value=cell_text(raw), **loc))
            value = None
        elif value is not None and not 0 <= value <= crit.max:
            findings.append(finding("R002", value=fmt_num(value), max=fmt_num(crit.max), **loc))
            value = None
        elif value is None and reason:
            findings.append(finding("R007", **loc))
        self_score, _ = parse_number(at(row, cs))
        if value is not None and value != self_score and not reason:
            findings.append(finding("R001", verified=fmt_num(value), self_score=fmt_num(self_score),
                                    **loc))
        out.setdefault(unit_code, {})[crit_code] = Verified(value, reason, ver_cell)
    for unit_code in sorted(out):
        unit = block.unit(unit_code)
        for crit in block.criteria:
            if crit.code not in unit.not_applicable and crit.code not in out[unit_code]:
                findings.append(finding("R004", unit=unit_code, file=file, sheet=sheet,
                                        criterion=crit.code))
    return out, findings


# --- applying --------------------------------------------------------------------------------

def apply_verification(scoresheet: ScoreSheet, verified: dict[str, dict[str, Verified]],
                       file: str | None = None) -> tuple[ScoreSheet, list[Change]]:
    """A new ScoreSheet with verified scores over self scores, and the list of changes (rows whose
    verified score differs from the self score). The origin of a changed score becomes the
    verification workbook's cell, so every figure stays traceable. The input is not modified."""
    values = {u: dict(v) for u, v in scoresheet.values.items()}
    origin = {u: dict(v) for u, v in scoresheet.origin.items()}
    changes: list[Change] = []
    for unit in sorted(verified):
        if unit not in values:
            continue            # no self-scoring sheet: nothing to verify
        for crit in sorted(verified[unit]):
            v = verified[unit][crit]
            if v.verified is None:
                continue
            old = values[unit].get(crit)
            if old is not None and old == v.verified:
                continue
            values[unit][crit] = v.verified
            sheet, _, cell = v.cell.rpartition("!")
            origin[unit][crit] = (file or "", sheet, cell)
            changes.append(Change(unit, crit, old, v.verified, v.reason, v.cell, file))
    return replace(scoresheet, values=values, origin=origin), changes


def verification_findings(changes: list[Change]) -> list[Finding]:
    """One info finding (R008) per change, for the findings sheet and the units' feedback."""
    out = []
    for c in changes:
        sheet, _, cell = c.cell.rpartition("!")
        out.append(finding("R008", unit=c.unit, file=c.file, sheet=sheet or None, cell=cell,
                           criterion=c.criterion, self_score=fmt_num(c.self_score),
                           verified=fmt_num(c.verified), reason=c.reason or "—"))
    return out


def feedback_for_unit(changes: list[Change], unit: str, lang: str = "vi",
                      block: Block | None = None) -> str:
    """Plain text telling ``unit`` which of its scores the chair changed and why."""
    mine = [c for c in changes if c.unit == unit]
    name = unit
    if block is not None:
        try:
            name = block.unit(unit).name
        except KeyError:
            pass
    year = f" năm {block.year}" if block is not None and lang != "en" else (
        f" for {block.year}" if block is not None else "")
    if lang == "en":
        if not mine:
            return f"{name}: verification{year} kept all your self scores."
        lines = [f"{name}: verification{year} changed {len(mine)} of your scores:"]
        for c in mine:
            text = _crit_text(block, c.criterion)
            lines.append(f"- Criterion {c.criterion}{text}: self score {fmt_num(c.self_score, 'en')}"
                         f" → verified {fmt_num(c.verified, 'en')}. Reason: "
                         f"{c.reason or '(none given)'}.")
        return "\n".join(lines)
    if not mine:
        return f"Kính gửi {name}: kết quả thẩm định điểm thi đua{year} giữ nguyên toàn bộ điểm tự chấm của đơn vị."
    lines = [f"Kính gửi {name}: qua thẩm định điểm thi đua{year}, Khối trưởng và Khối phó đã điều chỉnh "
             f"{len(mine)} tiêu chí của đơn vị như sau:"]
    for c in mine:
        text = _crit_text(block, c.criterion)
        lines.append(f"- Tiêu chí {c.criterion}{text}: điểm tự chấm {fmt_num(c.self_score)}, "
                     f"điểm thẩm định {fmt_num(c.verified)}. Lý do: {c.reason or '(không ghi lý do)'}.")
    lines.append("Đơn vị có ý kiến khác đề nghị phản hồi Thư ký Khối trước Hội nghị tổng kết.")
    return "\n".join(lines)


def _crit_text(block: Block | None, code: str) -> str:
    if block is None:
        return ""
    try:
        return f" ({block.criterion(code).text})"
    except KeyError:
        return ""
