"""The short summary printed on the terminal after a run (plain text, Vietnamese by default)."""
from __future__ import annotations

import unicodedata

from .awards import fmt_score
from .model import Result

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
           "rotation": "Năm {year}: Khối trưởng {chair}, Khối phó {deputy}."},
    "en": {"title": "{name} — {year}", "rank": "Rank", "unit": "Unit", "score": "Score",
           "status": "Status", "proposal": "Proposal",
           "received": "Received {received}/{expected} units; {errors} errors, {warnings} warnings.",
           "provisional": "PROVISIONAL RESULT: units missing or submissions with errors.",
           "undecided": "Undecided ({what}): {units} — {reason}",
           "leader": "leader", "second": "second", "third": "third", "flag": "emulation flag",
           "merit": "merit", "ok": "valid", "invalid": "errors", "missing": "missing",
           "excluded": "excluded", "tie": "=", "check_ok": "No errors.",
           "files": "Files: {n}; used {used}, superseded {superseded}, duplicate {duplicate}, rejected {rejected}, ignored {ignored}.",
           "rotation": "{year}: chair {chair}, deputy {deputy}."},
}


def render(result: Result, lang: str = "vi") -> str:
    t = TEXT["en" if lang == "en" else "vi"]
    b = result.block
    rows = [(t["rank"], t["unit"], t["score"], t["status"], t["proposal"])]
    for u in result.units:
        rank = "" if u.rank is None else f"{u.rank}{t['tie'] if u.tied else ''}"
        proposal = ", ".join(t[x] for x in (u.position, u.award) if x)
        if u.undecided_for:
            proposal = (proposal + ", " if proposal else "") + "?" + u.undecided_for
        rows.append((rank, u.short_name, fmt_score(u.final_score, lang), t[u.status], proposal))
    lines = [t["title"].format(name=b.name, year=b.year), ""]
    lines += _table(rows)
    lines.append("")
    lines.append(counts_line(result, lang))
    for und in result.recommendations.undecided:
        lines.append(t["undecided"].format(what=und.for_, units=", ".join(und.units), reason=und.reason))
    rotation = getattr(result.review, "rotation", None)
    if rotation is not None and (rotation.chair or rotation.deputy):
        def name(code):
            return b.unit(code).short_name if code in b.unit_codes else (code or "—")
        lines.append(t["rotation"].format(year=rotation.year, chair=name(rotation.chair),
                                          deputy=name(rotation.deputy)))
    if result.provisional:
        lines.append(t["provisional"])
    return "\n".join(lines)


def counts_line(result: Result, lang: str = "vi") -> str:
    t = TEXT["en" if lang == "en" else "vi"]
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = sum(f.severity == "warning" for f in result.findings)
    statuses = {k: sum(s.status == k for s in result.sources)
                for k in ("used", "superseded", "duplicate", "rejected", "ignored")}
    return (t["received"].format(received=result.received, expected=result.expected, errors=errors,
                                 warnings=warnings) + " " + t["files"].format(n=len(result.sources), **statuses))


def render_findings(result: Result, lang: str = "vi", limit: int = 50) -> str:
    t = TEXT["en" if lang == "en" else "vi"]
    shown = [f for f in result.findings if f.severity != "info"][:limit]
    if not shown:
        return t["check_ok"]
    return "\n".join(f"[{f.code}] {f.unit or '-'} {f.location}: {f.message(lang)}" for f in shown)


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
