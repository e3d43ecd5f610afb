"""Plain-language grounds (căn cứ) added by the review: verification, cross combination,
tie-breakers, the rating gate. Vietnamese by default, English on request. Pure functions."""
from __future__ import annotations

from itertools import groupby
from typing import Mapping

from ..labels import LABELS, format_plain, label
from ..model import UnitResult


def _t(key: str, lang: str, **params) -> str:
    return label(f"grounds.{key}", lang, **params)


def breaker_name(name: str, lang: str = "vi") -> str:
    if name.startswith("section:"):
        return _t("breaker.section", lang, code=name.split(":", 1)[1])
    key = f"grounds.breaker.{name}"
    return label(key, lang) if key in LABELS else name


def _breaker_value(name: str, value: float, lang: str) -> str:
    if name == "fewer_deductions":
        return format_plain(-value, lang)
    if name == "votes":
        return str(int(value))
    return format_plain(value, lang)


def verification_ground(changes, unit: str, lang: str = "vi") -> str:
    mine = [c for c in changes if c.unit == unit]
    if not mine:
        return _t("verified_none", lang)
    items = ", ".join(f"{c.criterion}: {format_plain(c.self_score, lang)} → "
                      f"{format_plain(c.verified, lang)}" for c in mine)
    return _t("verified", lang, n=len(mine), items=items)


def combination_ground(base: float, cross: float | None, final: float | None, weights, method: str,
                       verified: bool, lang: str = "vi") -> str:
    kind = _t("base_verified", lang) if verified else _t("base_self", lang)
    if cross is None:
        return _t("no_cross", lang, base=kind, a=format_plain(base, lang))
    return _t("combined", lang, sw=format_plain(weights.self_weight, lang),
              cw=format_plain(weights.cross_weight, lang), base=kind, a=format_plain(base, lang),
              b=format_plain(cross, lang), method=label(f"cross.method.{method}", lang),
              final=format_plain(final, lang))


TIE_NAMED = 10
"""A tie's units named in one unit's grounds; a larger tie (a block of thousands, scored in
quarter points, has ties of a hundred units) is counted, and a unit is compared by the
tie-breakers only with its nearest neighbours above and below: every unit against every other
made 40 MiB of grounds at 10,000 units."""


def women_percent(share, lang: str = "vi") -> str:
    return "—" if share is None else format_plain(float(share) * 100, lang) + "%"


def tie_break_grounds(units: list[UnitResult], breakers: tuple[str, ...], lang: str = "vi",
                      women: Mapping[str, object] | None = None) -> None:
    """For units with the same final score: say which tie-breaker put one above another, or that
    they share the rank (``women``: each unit's share of women, quoted when it decides).
    Appends to ``unit.grounds``; order of ``units`` does not matter."""
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
                u.grounds.append(_t("tie_shared", lang, score=format_plain(score, lang),
                                    others=_named(shared, lang)))
            compared = [o for o in others if o.rank != u.rank]
            if large and compared:
                above = [o for o in compared if o.rank < u.rank]      # in rank order
                below = [o for o in compared if o.rank > u.rank]
                u.grounds.append(_t("tie_many", lang, score=format_plain(score, lang),
                                    n=len(compared), below=len(below), above=len(above)))
                compared = above[-1:] + below[:1]
            for o in compared:
                for name in breakers:
                    mine, theirs = u.tie_break_values.get(name), o.tie_break_values.get(name)
                    if mine is None or theirs is None or mine == theirs:
                        continue
                    won = u.rank < o.rank
                    key = "tie_won" if won else "tie_lost"
                    if name == "women_share":
                        shares = women or {}
                        u.grounds.append(_t("women_won" if won else "women_lost", lang,
                                            score=format_plain(score, lang), others=o.code,
                                            mine=women_percent(shares.get(u.code), lang),
                                            theirs=women_percent(shares.get(o.code), lang)))
                        break
                    u.grounds.append(_t(key, lang, score=format_plain(score, lang), others=o.code,
                                        name=breaker_name(name, lang),
                                        mine=_breaker_value(name, mine, lang),
                                        theirs=_breaker_value(name, theirs, lang)))
                    break


def _named(codes: list[str], lang: str) -> str:
    if len(codes) <= TIE_NAMED:
        return ", ".join(codes)
    return _t("and_more", lang, names=", ".join(codes[:TIE_NAMED]), n=len(codes) - TIE_NAMED)
