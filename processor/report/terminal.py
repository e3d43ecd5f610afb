"""The short summary printed on the terminal after a run (plain text, Vietnamese by default)."""
from __future__ import annotations

import unicodedata

from ..labels import LABELS, format_count, format_number, label
from ..model import Result


def _t(key: str, lang: str, **params) -> str:
    return label(f"terminal.{key}", lang, **params)


def _word(key: str, lang: str) -> str:
    """A position, award or status word; an unknown one is shown as it is."""
    return _t(key, lang) if f"terminal.{key}" in LABELS else key

TERMINAL_UNITS = 30
"""A larger block's terminal table shows its first units in ranking order (and every unit tied
with the last of them, and any unit proposed for a position further down); the workbook and the
JSON hold every unit. Ten thousand lines on a terminal would bury the counts and the proposals."""


def render(result: Result, lang: str = "vi", limit: int = TERMINAL_UNITS) -> str:
    b = result.block
    rows = [tuple(_t(k, lang) for k in ("rank", "unit", "score", "status", "proposal"))]
    shown = shown_units(result.units, limit)
    previous = -1
    for i, u in shown:
        if i != previous + 1:
            rows.append(("…", "", "", "", ""))
        previous = i
        rank = "" if u.rank is None else f"{u.rank}{_t('tie', lang) if u.tied else ''}"
        proposal = ", ".join(_t(x, lang) for x in (u.position, u.award) if x)
        if u.undecided_for:
            proposal = (proposal + ", " if proposal else "") + "?" + _word(u.undecided_for, lang)
        rows.append((rank, u.short_name, format_number(u.final_score, lang), _t(u.status, lang),
                     proposal))
    lines = [_t("title", lang, name=b.name, year=b.year), ""]
    lines += _table(rows)
    listed = {i for i, _ in shown}
    hidden = [u for i, u in enumerate(result.units) if i not in listed]
    if hidden:
        merits = sum(u.award == "merit" for u in hidden)
        lines.append(_t("more_units", lang, n=format_count(len(hidden), lang),
                        merits=_t("more_merits", lang, n=format_count(merits, lang))
                        if merits else ""))
    lines.append("")
    lines.append(counts_line(result, lang))
    for und in result.recommendations.undecided:
        lines.append(_t("undecided", lang, what=_word(und.for_, lang), units=", ".join(und.units),
                        reason=und.reason))
    rotation = getattr(result.review, "rotation", None)
    if rotation is not None and (rotation.chair or rotation.deputy):
        def name(code):
            return b.unit(code).short_name if code in b.unit_codes else (code or "—")
        lines.append(_t("rotation", lang, year=rotation.year, chair=name(rotation.chair),
                        deputy=name(rotation.deputy)))
    if result.provisional:
        lines.append(_t("provisional", lang))
        lines.extend(f"  - {r.text}" for r in result.provisional_reasons)
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


def counts_line(result: Result, lang: str = "vi") -> str:
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = sum(f.severity == "warning" for f in result.findings)
    statuses = {k: sum(s.status == k for s in result.sources)
                for k in ("used", "superseded", "duplicate", "rejected", "ignored")}
    n = {k: format_count(v, lang) for k, v in statuses.items()}
    line = (_t("received", lang, received=format_count(result.received, lang),
               expected=format_count(result.expected, lang), errors=format_count(errors, lang),
               warnings=format_count(warnings, lang))
            + " " + _t("files", lang, n=format_count(len(result.sources), lang), **n))
    for status in ("undecided", "unreadable"):          # said only when there are any
        count = sum(s.status == status for s in result.sources)
        if count:
            line += " " + _t(f"files_{status}", lang, n=format_count(count, lang))
    return line


def render_findings(result: Result, lang: str = "vi", limit: int = 50) -> str:
    listed = [f for f in result.findings if f.severity != "info"]
    if not listed:
        return _t("check_ok", lang)
    lines = [f"[{f.code}] {f.unit or '-'} {f.location}: {f.message(lang)}" for f in listed[:limit]]
    if len(listed) > limit:
        lines.append(_t("more_findings", lang, n=format_count(len(listed) - limit, lang)))
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
