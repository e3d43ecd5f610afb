"""Cross-scoring (chấm chéo): each unit scores every other member, per section or as a total.

- :func:`write_cross_sheet` adds the "Chấm chéo" sheet to a template workbook (the template
  writer calls it); :func:`read_cross` reads a submitted one back, by unit code and part key,
  never by position (a hidden key row names the columns).
- :func:`aggregate` turns one scorer × scored matrix into one figure per scored unit:
  ``mean``, ``median``, ``trimmed_mean`` (drop one highest and one lowest; needs ≥ 3 scores) or
  ``standardized`` (per-scorer z-scores mapped back onto the pooled scale; only for scorers who
  scored at least ``min_standardize`` units with some spread, the others keep raw scores and a
  finding says why). Every method is symmetric in the scorers (sorted, exactly rounded sums), so
  permuting scorers never changes a result.
- :func:`cross_scores` runs it per part and sums the parts; :func:`combine` mixes the
  self/verified final score with the cross score: ``ROUND(w_self·final + w_cross·cross, 2)``.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..config.block import Block, Unit
from ..findings import Finding, finding
from ..stages.scoring import excel_round
from ._util import FONT, a1, cell_text, fmt_num, parse_number

CROSS_SHEET = "Chấm chéo"
KEY_UNIT = "unit_code"
TOTAL = "total"
SCAN_ROWS = 40
INPUT_FILL = "#FFF2CC"
NA_FILL = "#E7E6E6"
METHOD_TEXT = {
    "mean": ("trung bình cộng", "mean"),
    "median": ("trung vị", "median"),
    "trimmed_mean": ("trung bình sau khi bỏ một điểm cao nhất và một điểm thấp nhất",
                     "mean after dropping the highest and the lowest score"),
    "standardized": ("chuẩn hóa theo từng đơn vị chấm (điểm z), quy về thang điểm chung",
                     "standardized per scorer (z-scores), mapped back onto the common scale"),
}


def parts(block: Block, granularity: str) -> list[tuple[str, str, float]]:
    """(key, label, max) of the columns a scorer fills: one per base section, or the total."""
    if granularity == "section":
        return [(s.code, f"Phần {s.code}", s.max) for s in block.sections if s.kind == "score"]
    return [(TOTAL, "Tổng điểm", block.full_base_max)]


def part_max(block: Block, granularity: str) -> dict[str, float]:
    return {key: mx for key, _, mx in parts(block, granularity)}


# --- the template sheet ----------------------------------------------------------------------

def write_cross_sheet(workbook, block: Block, unit: Unit | None, formats: Mapping | None = None,
                      granularity: str | None = None) -> dict[str, str]:
    """Add the "Chấm chéo" sheet to ``workbook`` (XlsxWriter) for ``unit`` (None: blank template).

    ``formats`` may provide "th", "code", "crit", "input", "na_c", "title", "wrap"; missing ones
    are created. Returns ``_meta`` entries for the template writer (``cross_sheet``,
    ``cross_key_row``, ``cross_granularity``)."""
    if granularity is None:
        from ..config.review import review_config
        granularity = review_config(block).cross.granularity
    f = dict(formats or {})
    base = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}
    cell = {**base, "border": 1, "text_wrap": True}
    defaults = {
        "title": {**base, "font_size": 14, "bold": True, "align": "center"},
        "wrap": {**base, "text_wrap": True, "valign": "top"},
        "th": {**cell, "bold": True, "align": "center", "bg_color": "#DDEBF7"},
        "code": {**cell, "align": "center"},
        "crit": cell,
        "input": {**cell, "align": "center", "locked": False, "bg_color": INPUT_FILL},
        "na_c": {**cell, "align": "center", "bg_color": NA_FILL, "font_color": "#595959",
                 "italic": True},
    }
    for key, spec in defaults.items():
        if key not in f:
            f[key] = workbook.add_format(spec)
    key_fmt = workbook.add_format({**base, "font_size": 8, "font_color": "#808080"})
    cols = parts(block, granularity)
    ws = workbook.add_worksheet(CROSS_SHEET)
    last = 2 + len(cols)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 11)
    ws.set_column(2, 2, 40)
    ws.set_column(3, last, 12)
    ws.merge_range(0, 0, 0, last, f"CHẤM CHÉO GIỮA CÁC ĐƠN VỊ TRONG KHỐI NĂM {block.year}", f["title"])
    who = f"Đơn vị chấm: {unit.name} ({unit.code})" if unit else "Đơn vị chấm: (ghi tên đơn vị ở trang tự chấm)"
    ws.merge_range(1, 0, 1, last, who, f["wrap"])
    what = "từng phần tiêu chí" if granularity == "section" else "tổng điểm phần điểm cơ bản"
    ws.set_row(2, 48)
    ws.merge_range(2, 0, 2, last, (
        f"Đơn vị chấm {what} cho mọi đơn vị khác trong Khối, mỗi ô một số từ 0 đến điểm tối đa "
        "ghi ở tiêu đề cột. Không chấm cho chính đơn vị mình (ô ghi \"—\"). Chỉ nhập vào các ô màu vàng."),
        f["wrap"])
    key_row, head = 3, 4
    ws.write_string(key_row, 1, KEY_UNIT, key_fmt)
    for j, (key, _, _) in enumerate(cols):
        ws.write_string(key_row, 3 + j, key, key_fmt)
    ws.set_row(key_row, None, None, {"hidden": True})
    ws.set_row(head, 34)
    for col, text in enumerate(["STT", "Mã đơn vị", "Đơn vị được chấm"]
                               + [f"{label}\n(tối đa {fmt_num(mx)})" for _, label, mx in cols]):
        ws.write_string(head, col, text, f["th"])
    r = head
    for i, member in enumerate(block.units, 1):
        r += 1
        ws.write_number(r, 0, i, f["code"])
        ws.write_string(r, 1, member.code, f["code"])
        ws.write_string(r, 2, member.name, f["crit"])
        for j, (key, _, mx) in enumerate(cols):
            if unit is not None and member.code == unit.code:
                ws.write_string(r, 3 + j, "—", f["na_c"])
                continue
            ws.write_blank(r, 3 + j, None, f["input"])
            ws.data_validation(r, 3 + j, r, 3 + j, {
                "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": float(mx),
                "ignore_blank": True, "input_title": "Chấm chéo",
                "input_message": f"Nhập điểm từ 0 đến {fmt_num(mx)}.",
                "error_title": "Điểm không hợp lệ",
                "error_message": f"Điểm phải từ 0 đến {fmt_num(mx)}.", "error_type": "stop"})
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.set_paper(9)
    ws.set_portrait() if len(cols) <= 4 else ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(head)
    ws.print_area(0, 0, r, last)
    ws.set_footer(f'&C&"{FONT},Regular"&11Trang &P/&N')
    return {"cross_sheet": CROSS_SHEET, "cross_key_row": str(key_row + 1),
            "cross_granularity": granularity}


def read_cross(rows_by_sheet: Mapping[str, list[list]], block: Block, scorer: str, *,
               granularity: str | None = None, file: str | None = None
               ) -> tuple[dict[str, dict[str, float | None]], list[Finding]]:
    """``{scored: {part: value or None}}`` from a submission's "Chấm chéo" sheet, and findings.

    ``rows_by_sheet`` maps sheet names to rows as python-calamine gives them
    (``to_python(skip_empty_area=False)``). Out-of-range, non-numeric and self scores are
    reported and left out (None); blank cells for other units are reported as missing."""
    if granularity is None:
        from ..config.review import review_config
        granularity = review_config(block).cross.granularity
    maxima = part_max(block, granularity)
    rows = rows_by_sheet.get(CROSS_SHEET)
    located = _locate(rows) if rows is not None else None
    if located is None:
        for name, candidate in rows_by_sheet.items():
            located = _locate(candidate)
            if located is not None:
                rows = candidate
                break
    if located is None:
        return {}, [finding("R108", unit=scorer, file=file, sheet=CROSS_SHEET)]
    key_row, unit_col, columns = located
    columns = {k: c for k, c in columns.items() if k in maxima}
    members = set(block.unit_codes)
    out: dict[str, dict[str, float | None]] = {}
    findings: list[Finding] = []
    for r in range(key_row + 2, len(rows)):      # the visible header row follows the key row
        row = rows[r]
        code = cell_text(row[unit_col]) if unit_col < len(row) else ""
        if not code or code == KEY_UNIT:
            continue
        if code not in members:
            if any(c < len(row) and row[c] not in (None, "") for c in columns.values()):
                findings.append(finding("R109", unit=scorer, file=file, sheet=CROSS_SHEET,
                                        cell=a1(r, unit_col), found=code))
            continue
        if code in out:
            continue
        values: dict[str, float | None] = {}
        for key, c in columns.items():
            raw = row[c] if c < len(row) else None
            loc = dict(unit=scorer, file=file, sheet=CROSS_SHEET, cell=a1(r, c), part=_part(key))
            if code == scorer:
                values[key] = None
                if isinstance(raw, str) and raw.strip() in ("—", "-", "–", ""):
                    continue
                if raw not in (None, ""):
                    findings.append(finding("R103", **loc))
                continue
            value, ok = parse_number(raw)
            if not ok:
                findings.append(finding("R104", scored=code, value=cell_text(raw), **loc))
                value = None
            elif value is None:
                findings.append(finding("R101", scored=code, **loc))
            elif not 0 <= value <= maxima[key]:
                findings.append(finding("R102", scored=code, value=fmt_num(value),
                                        max=fmt_num(maxima[key]), **loc))
                value = None
            values[key] = value
        out[code] = values
    for code in block.unit_codes:
        if code != scorer and code not in out:
            findings.append(finding("R101", unit=scorer, file=file, sheet=CROSS_SHEET, scored=code,
                                    part=", ".join(_part(k) for k in maxima)))
    return out, findings


def _locate(rows: list[list] | None):
    """(key row, unit column, {part key: column}) from the hidden key row, or None."""
    if not rows:
        return None
    for r, row in enumerate(rows[:SCAN_ROWS]):
        for c, value in enumerate(row[:10]):
            if isinstance(value, str) and value.strip() == KEY_UNIT:
                columns = {cell_text(v): j for j, v in enumerate(row) if j > c and cell_text(v)}
                return r, c, columns
    return None


def _part(key: str) -> str:
    return "tổng điểm" if key == TOTAL else f"phần {key}"


# --- aggregation -----------------------------------------------------------------------------

def _mean(values: list[float]) -> float:
    return math.fsum(sorted(values)) / len(values)


def aggregate(matrix: Mapping[str, Mapping[str, float | None]], method: str, *,
              maximum: float | None = None, min_standardize: int = 3, part: str = TOTAL
              ) -> tuple[dict[str, float], list[Finding]]:
    """``matrix[scorer][scored]`` -> ``{scored: aggregate}`` (units with at least one score), and
    the findings saying where a method could not be applied as configured. Self-scores (the
    diagonal) and None are ignored. Not rounded (see :func:`cross_scores`)."""
    if method not in METHOD_TEXT:
        raise ValueError(f"unknown aggregation {method!r}")
    findings: list[Finding] = []
    clean: dict[str, dict[str, float]] = {}
    for scorer, row in matrix.items():
        kept = {scored: float(v) for scored, v in row.items() if v is not None and scored != scorer}
        if kept:
            clean[scorer] = kept
    if method == "standardized":
        clean = _standardize(clean, min_standardize, maximum, part, findings)
    columns: dict[str, list[float]] = {}
    for scorer in clean:
        for scored, v in clean[scorer].items():
            columns.setdefault(scored, []).append(v)
    out: dict[str, float] = {}
    for scored in sorted(columns):
        values = sorted(columns[scored])
        if method == "median":
            out[scored] = float(statistics.median(values))
        elif method == "trimmed_mean":
            if len(values) >= 3:
                out[scored] = math.fsum(values[1:-1]) / (len(values) - 2)
            else:
                findings.append(finding("R106", unit=scored, scored=scored, part=_part(part),
                                        n=len(values)))
                out[scored] = _mean(values)
        else:
            out[scored] = _mean(values)
        if maximum is not None:
            out[scored] = min(max(out[scored], 0.0), float(maximum))
    return out, findings


def _standardize(clean: dict[str, dict[str, float]], minimum: int, maximum: float | None,
                 part: str, findings: list[Finding]) -> dict[str, dict[str, float]]:
    stats: dict[str, tuple[float, float]] = {}
    for scorer in sorted(clean):
        values = sorted(clean[scorer].values())
        if len(values) < minimum:
            findings.append(finding("R105", unit=scorer, scorer=scorer, part=_part(part),
                                    why=f"chỉ chấm {len(values)} đơn vị, cần ít nhất {minimum}"))
            continue
        sd = statistics.pstdev(values)
        if sd == 0:
            findings.append(finding("R105", unit=scorer, scorer=scorer, part=_part(part),
                                    why="chấm mọi đơn vị bằng nhau (độ lệch chuẩn bằng 0)"))
            continue
        stats[scorer] = (_mean(values), sd)
    if not stats:
        return clean
    pooled = sorted(v for s in stats for v in clean[s].values())
    grand_mean, grand_sd = _mean(pooled), statistics.pstdev(pooled)
    out: dict[str, dict[str, float]] = {}
    for scorer, row in clean.items():
        if scorer not in stats:
            out[scorer] = dict(row)
            continue
        mean, sd = stats[scorer]
        out[scorer] = {scored: grand_mean + (v - mean) / sd * grand_sd for scored, v in row.items()}
    return out


@dataclass
class CrossOutcome:
    """Everything the result needs to show and recompute the cross scores."""
    granularity: str
    method: str
    parts: list[str]
    maxima: dict[str, float]
    matrices: dict[str, dict[str, dict[str, float | None]]]   # part -> scorer -> scored -> value
    aggregates: dict[str, dict[str, float]] = field(default_factory=dict)  # scored -> part -> rounded
    totals: dict[str, float | None] = field(default_factory=dict)          # scored -> sum of parts

    def to_json(self) -> dict:
        return {"granularity": self.granularity, "method": self.method, "parts": self.parts,
                "maxima": self.maxima, "matrices": self.matrices, "aggregates": self.aggregates,
                "totals": self.totals}


def cross_scores(block: Block, collected: Mapping[str, Mapping[str, Mapping[str, float | None]]],
                 cfg, units: Iterable[str] | None = None) -> tuple[CrossOutcome, list[Finding]]:
    """``collected[scorer][scored][part]`` (from :func:`read_cross` per scorer) -> per part the
    aggregate rounded to 2 decimals, and the unit's cross total = ROUND(sum of parts, 2).
    A unit with no score in some part gets no total (R107). ``cfg`` is a CrossConfig."""
    cols = parts(block, cfg.granularity)
    keys = [k for k, _, _ in cols]
    maxima = {k: mx for k, _, mx in cols}
    matrices = {k: {scorer: {scored: vals.get(k) for scored, vals in rows.items()}
                    for scorer, rows in collected.items()} for k in keys}
    outcome = CrossOutcome(cfg.granularity, cfg.aggregation, keys, maxima, matrices)
    findings: list[Finding] = []
    for k in keys:
        agg, f = aggregate(matrices[k], cfg.aggregation, maximum=maxima[k],
                           min_standardize=cfg.min_standardize, part=k)
        findings.extend(f)
        for scored, value in agg.items():
            outcome.aggregates.setdefault(scored, {})[k] = excel_round(value)
    for code in (list(units) if units is not None else list(block.unit_codes)):
        got = outcome.aggregates.get(code, {})
        missing = [k for k in keys if k not in got]
        if missing:
            outcome.totals[code] = None
            findings.append(finding("R107", unit=code, part=", ".join(_part(k) for k in missing)))
        else:
            outcome.totals[code] = excel_round(math.fsum(got[k] for k in keys))
    return outcome, findings


def combine(self_or_verified_final: float | None, cross: float | None, weights) -> float | None:
    """``ROUND(w_self × final + w_cross × cross, 2)``; ``weights`` is a CrossConfig or a
    (self_weight, cross_weight) pair. Without a cross score the final score stands unchanged;
    without a final score there is nothing to combine (None)."""
    if self_or_verified_final is None:
        return None
    if cross is None:
        return self_or_verified_final
    sw, cw = (weights.self_weight, weights.cross_weight) if hasattr(weights, "self_weight") else weights
    return excel_round(sw * self_or_verified_final + cw * cross)


def collect_cross(block: Block, submissions, granularity: str | None = None
                  ) -> tuple[dict[str, dict[str, dict[str, float | None]]], list[Finding]]:
    """``{scorer: {scored: {part: value}}}`` from the used submissions (``Submission`` objects of
    intake, whose ``source.path`` is read again with python-calamine for the cross sheet only)."""
    from python_calamine import CalamineWorkbook

    collected: dict[str, dict[str, dict[str, float | None]]] = {}
    findings: list[Finding] = []
    for sub in sorted(submissions, key=lambda s: s.source.file):
        src = sub.source
        if src.status != "used" or not src.unit or src.path is None or src.unit in collected:
            continue
        try:
            wb = CalamineWorkbook.from_path(str(src.path))
            rows = {CROSS_SHEET: wb.get_sheet_by_name(CROSS_SHEET).to_python(skip_empty_area=False)} \
                if CROSS_SHEET in wb.sheet_names else {}
        except Exception:  # noqa: BLE001 - intake already reported unreadable files
            rows = {}
        values, f = read_cross(rows, block, src.unit, granularity=granularity, file=src.file)
        findings.extend(f)
        if values:
            collected[src.unit] = values
    return collected, findings
