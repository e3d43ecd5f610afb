"""The short summary printed on the terminal after a run (plain text, Vietnamese by default)."""
from __future__ import annotations

import unicodedata

from ..stages.awards import fmt_score
from ..model import Result

TEXT = {
    "vi": {"title": "{name} — năm {year}", "rank": "Hạng", "unit": "Đơn vị", "score": "Điểm",
           "status": "Trạng thái", "proposal": "Đề nghị",
           "received": "Đã nhận {received}/{expected} đơn vị; {errors} lỗi, {warnings} cảnh báo.",
           "provisional": "KẾT QUẢ TẠM THỜI: còn đơn vị chưa gửi hoặc hồ sơ có lỗi.",
           "undecided": "Chưa quyết định ({what}): {units} — {reason}",
           "leader": "dẫn đầu", "second": "thứ nhì", "third": "thứ ba", "flag": "Cờ thi đua",
           "merit": "Bằng khen", "ok": "hợp lệ", "invalid": "có lỗi", "missing": "chưa gửi",
           "excluded": "không xét", "tie": "=", "check_ok": "Không có lỗi.",
           "files": "Tệp: {n}; dùng {used}, thay thế {superseded}, trùng {duplicate}, loại {rejected}, bỏ qua {ignored}.",
           "rotation": "Năm {year}: Khối trưởng {chair}, Khối phó {deputy}.",
           "more_units": "… và {n} đơn vị khác{merits}; bảng kết quả có đủ các đơn vị.",
           "more_merits": " (trong đó {n} đề nghị Bằng khen)",
           "more_findings": "… và {n} lỗi, cảnh báo khác: bảng kết quả (lệnh tổng hợp) ghi đủ ở trang "
                            "“Lỗi và cảnh báo”; --feedback ghi cho mỗi đơn vị một thư có đủ các lỗi của "
                            "đơn vị đó."},
    "en": {"title": "{name} — {year}", "rank": "Rank", "unit": "Unit", "score": "Score",
           "status": "Status", "proposal": "Proposal",
           "received": "Received {received}/{expected} units; {errors} errors, {warnings} warnings.",
           "provisional": "PROVISIONAL RESULT: units missing or submissions with errors.",
           "undecided": "Undecided ({what}): {units} — {reason}",
           "leader": "leader", "second": "second", "third": "third", "flag": "emulation flag",
           "merit": "merit", "ok": "valid", "invalid": "errors", "missing": "missing",
           "excluded": "excluded", "tie": "=", "check_ok": "No errors.",
           "files": "Files: {n}; used {used}, superseded {superseded}, duplicate {duplicate}, rejected {rejected}, ignored {ignored}.",
           "rotation": "{year}: chair {chair}, deputy {deputy}.",
           "more_units": "… and {n} more units{merits}; the result workbook lists them all.",
           "more_merits": " ({n} of them proposed for a certificate of merit)",
           "more_findings": "… and {n} more errors and warnings: the result workbook (consolidate) "
                            "lists them all on its “Findings” sheet; --feedback writes each unit a reply "
                            "with all of its own."},
}


TERMINAL_UNITS = 30
"""A larger block's terminal table shows its first units in ranking order (and every unit tied
with the last of them, and any unit proposed for a position further down); the workbook and the
JSON hold every unit. Ten thousand lines on a terminal would bury the counts and the proposals."""


def render(result: Result, lang: str = "vi", limit: int = TERMINAL_UNITS) -> str:
    t = TEXT["en" if lang == "en" else "vi"]
    b = result.block
    rows = [(t["rank"], t["unit"], t["score"], t["status"], t["proposal"])]
    shown = shown_units(result.units, limit)
    previous = -1
    for i, u in shown:
        if i != previous + 1:
            rows.append(("…", "", "", "", ""))
        previous = i
        rank = "" if u.rank is None else f"{u.rank}{t['tie'] if u.tied else ''}"
        proposal = ", ".join(t[x] for x in (u.position, u.award) if x)
        if u.undecided_for:
            proposal = (proposal + ", " if proposal else "") + "?" + t.get(u.undecided_for, u.undecided_for)
        rows.append((rank, u.short_name, fmt_score(u.final_score, lang), t[u.status], proposal))
    lines = [t["title"].format(name=b.name, year=b.year), ""]
    lines += _table(rows)
    listed = {i for i, _ in shown}
    hidden = [u for i, u in enumerate(result.units) if i not in listed]
    if hidden:
        merits = sum(u.award == "merit" for u in hidden)
        lines.append(t["more_units"].format(
            n=fmt_count(len(hidden), lang),
            merits=t["more_merits"].format(n=fmt_count(merits, lang)) if merits else ""))
    lines.append("")
    lines.append(counts_line(result, lang))
    for und in result.recommendations.undecided:
        lines.append(t["undecided"].format(what=t.get(und.for_, und.for_), units=", ".join(und.units),
                                           reason=und.reason))
    rotation = getattr(result.review, "rotation", None)
    if rotation is not None and (rotation.chair or rotation.deputy):
        def name(code):
            return b.unit(code).short_name if code in b.unit_codes else (code or "—")
        lines.append(t["rotation"].format(year=rotation.year, chair=name(rotation.chair),
                                          deputy=name(rotation.deputy)))
    if result.provisional:
        lines.append(t["provisional"])
    return "\n".join(lines)


def shown_units(units: list, limit: int = TERMINAL_UNITS) -> list[tuple[int, object]]:
    """(index, unit) of the units the terminal table shows, in order: all of them when there are
    at most ``limit`` (+ a few, not to hide a handful); else the first ``limit``, every unit tied
    with the last of those (ties are never cut), and every later unit holding a position (leader,
    second, third) or left undecided."""
    if len(units) <= limit + 10:
        return list(enumerate(units))
    end = limit
    last = units[end - 1].rank
    while end < len(units) and last is not None and units[end].rank == last:
        end += 1
    later = [(i, u) for i, u in enumerate(units[end:], start=end) if u.position or u.undecided_for]
    return list(enumerate(units[:end])) + later


def fmt_count(n: int, lang: str = "vi") -> str:
    """10000 -> "10.000" (Vietnamese groups thousands with a dot), "10,000" in English."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "vi" else text


def counts_line(result: Result, lang: str = "vi") -> str:
    t = TEXT["en" if lang == "en" else "vi"]
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = sum(f.severity == "warning" for f in result.findings)
    statuses = {k: sum(s.status == k for s in result.sources)
                for k in ("used", "superseded", "duplicate", "rejected", "ignored")}
    n = {k: fmt_count(v, lang) for k, v in statuses.items()}
    return (t["received"].format(received=fmt_count(result.received, lang),
                                 expected=fmt_count(result.expected, lang),
                                 errors=fmt_count(errors, lang), warnings=fmt_count(warnings, lang))
            + " " + t["files"].format(n=fmt_count(len(result.sources), lang), **n))


def render_findings(result: Result, lang: str = "vi", limit: int = 50) -> str:
    t = TEXT["en" if lang == "en" else "vi"]
    listed = [f for f in result.findings if f.severity != "info"]
    if not listed:
        return t["check_ok"]
    lines = [f"[{f.code}] {f.unit or '-'} {f.location}: {f.message(lang)}" for f in listed[:limit]]
    if len(listed) > limit:
        lines.append(t["more_findings"].format(n=fmt_count(len(listed) - limit, lang)))
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        out.append("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out
