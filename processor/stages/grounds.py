"""Plain-language grounds (căn cứ) added by the review: verification, cross combination,
tie-breakers, the rating gate. Vietnamese by default, English on request. Pure functions."""
from __future__ import annotations

from itertools import groupby

from ..labels import label
from ..labels.review import format_short
from ..model import UnitResult

TEXT = {
    "vi": {
        "verified": "Điểm đã qua thẩm định: {n} tiêu chí được điều chỉnh ({items})",
        "verified_none": "Điểm tự chấm được giữ nguyên sau thẩm định",
        "combined": "Điểm cuối cùng = {sw} × điểm {base} {a} + {cw} × điểm chấm chéo {b} ({method}) = {final}",
        "base_verified": "thẩm định", "base_self": "tự chấm",
        "no_cross": "Không có điểm chấm chéo; điểm cuối cùng là điểm {base} {a}",
        "tie_won": "Bằng điểm {score} với {others}; xếp trên theo tiêu chí phụ: {name} ({mine} so với {theirs})",
        "tie_lost": "Bằng điểm {score} với {others}; xếp dưới theo tiêu chí phụ: {name} ({mine} so với {theirs})",
        "tie_shared": "Bằng điểm {score} và bằng nhau ở mọi tiêu chí phụ với {others}; đồng hạng",
        "tie_many": "Bằng điểm {score} với {n} đơn vị có thứ hạng khác: theo tiêu chí phụ xếp trên "
                    "{below} và dưới {above} đơn vị trong số đó",
        "and_more": "{names} và {n} đơn vị khác",
        "rating_ok": "Được xếp loại \"{rating}\"",
        "breaker.bonus": "điểm thưởng", "breaker.fewer_deductions": "ít điểm trừ hơn",
        "breaker.base": "điểm cơ bản quy đổi", "breaker.votes": "số phiếu suy tôn",
        "breaker.section": "tổng điểm phần {code}",
    },
    "en": {
        "verified": "Scores verified: {n} criteria adjusted ({items})",
        "verified_none": "Self scores kept after verification",
        "combined": "Final score = {sw} × {base} score {a} + {cw} × cross score {b} ({method}) = {final}",
        "base_verified": "verified", "base_self": "self",
        "no_cross": "No cross scores; the final score is the {base} score {a}",
        "tie_won": "Tied at {score} with {others}; placed above on the tie-breaker {name} ({mine} vs {theirs})",
        "tie_lost": "Tied at {score} with {others}; placed below on the tie-breaker {name} ({mine} vs {theirs})",
        "tie_shared": "Tied at {score} and equal on every tie-breaker with {others}; the rank is shared",
        "tie_many": "Tied at {score} with {n} units of other ranks: by the tie-breakers placed above "
                    "{below} and below {above} of them",
        "and_more": "{names} and {n} more units",
        "rating_ok": "Rated \"{rating}\"",
        "breaker.bonus": "bonus points", "breaker.fewer_deductions": "fewer deductions",
        "breaker.base": "normalized base score", "breaker.votes": "ballot votes",
        "breaker.section": "section {code} subtotal",
    },
}


def _t(lang: str) -> dict:
    return TEXT["en" if lang == "en" else "vi"]


def breaker_name(name: str, lang: str = "vi") -> str:
    t = _t(lang)
    if name.startswith("section:"):
        return t["breaker.section"].format(code=name.split(":", 1)[1])
    return t.get(f"breaker.{name}", name)


def _breaker_value(name: str, value: float, lang: str) -> str:
    if name == "fewer_deductions":
        return format_short(-value, lang)
    if name == "votes":
        return str(int(value))
    return format_short(value, lang)


def verification_ground(changes, unit: str, lang: str = "vi") -> str:
    mine = [c for c in changes if c.unit == unit]
    t = _t(lang)
    if not mine:
        return t["verified_none"]
    items = ", ".join(f"{c.criterion}: {format_short(c.self_score, lang)} → "
                      f"{format_short(c.verified, lang)}" for c in mine)
    return t["verified"].format(n=len(mine), items=items)


def combination_ground(base: float, cross: float | None, final: float | None, weights, method: str,
                       verified: bool, lang: str = "vi") -> str:
    t = _t(lang)
    kind = t["base_verified"] if verified else t["base_self"]
    if cross is None:
        return t["no_cross"].format(base=kind, a=format_short(base, lang))
    return t["combined"].format(sw=format_short(weights.self_weight, lang),
                                cw=format_short(weights.cross_weight, lang), base=kind,
                                a=format_short(base, lang), b=format_short(cross, lang),
                                method=label(f"cross.method.{method}", lang),
                                final=format_short(final, lang))


TIE_NAMED = 10
"""A tie's units named in one unit's grounds; a larger tie (a block of thousands, scored in
quarter points, has ties of a hundred units) is counted, and a unit is compared by the
tie-breakers only with its nearest neighbours above and below: every unit against every other
made 40 MiB of grounds at 10,000 units."""


def tie_break_grounds(units: list[UnitResult], breakers: tuple[str, ...], lang: str = "vi") -> None:
    """For units with the same final score: say which tie-breaker put one above another, or that
    they share the rank. Appends to ``unit.grounds``; order of ``units`` does not matter."""
    t = _t(lang)
    scored = sorted((u for u in units if u.final_score is not None and u.rank is not None),
                    key=lambda u: (-u.final_score, u.rank, u.code))
    for score, group in groupby(scored, key=lambda u: u.final_score):
        group = list(group)
        if len(group) < 2:
            continue
        large = len(group) > TIE_NAMED + 1
        for u in group:
            others = [o for o in group if o.code != u.code]
            shared = [o.code for o in others if o.rank == u.rank]
            if shared:
                u.grounds.append(t["tie_shared"].format(score=format_short(score, lang),
                                                        others=_named(shared, t)))
            compared = [o for o in others if o.rank != u.rank]
            if large and compared:
                above = [o for o in compared if o.rank < u.rank]      # in rank order
                below = [o for o in compared if o.rank > u.rank]
                u.grounds.append(t["tie_many"].format(score=format_short(score, lang), n=len(compared),
                                                      below=len(below), above=len(above)))
                compared = above[-1:] + below[:1]
            for o in compared:
                for name in breakers:
                    mine, theirs = u.tie_break_values.get(name), o.tie_break_values.get(name)
                    if mine is None or theirs is None or mine == theirs:
                        continue
                    key = "tie_won" if u.rank < o.rank else "tie_lost"
                    u.grounds.append(t[key].format(score=format_short(score, lang), others=o.code,
                                                   name=breaker_name(name, lang),
                                                   mine=_breaker_value(name, mine, lang),
                                                   theirs=_breaker_value(name, theirs, lang)))
                    break


def _named(codes: list[str], t: dict) -> str:
    if len(codes) <= TIE_NAMED:
        return ", ".join(codes)
    return t["and_more"].format(names=", ".join(codes[:TIE_NAMED]), n=len(codes) - TIE_NAMED)
