"""Award rules -> recommendations, each with its grounds (căn cứ).

- Eligible: status ok (no error finding, not excluded), a final score. Ineligible units are
  still shown, with the reason.
- Positions: leader, second, third by competition place among eligible units; ties share a
  place, except the leader, which the tool never picks from a tie (undecided).
- Flag: the leader(s) up to ``flag.count``, at or above ``flag.min_score``.
- Merit: the next ``quota`` eligible units at or above ``merit.min_score``; a fractional quota
  is taken of the members or of the units taking part (``merit.base``), named in the grounds.
- A tie that straddles a quota boundary is undecided: every tied unit is listed with the reason,
  for the conference to settle. No unit is dropped silently.
"""
from __future__ import annotations

from itertools import groupby

from ..config.block import Block
from ..labels import format_number, format_plain, label
from ..model import Recommendations, Undecided, UnitResult

POSITION_BY_PLACE = {1: "leader", 2: "second", 3: "third"}


def _t(key: str, lang: str, **params) -> str:
    return label(f"awards.{key}", lang, **params)


def decide(block: Block, units: list[UnitResult], lang: str = "vi") -> Recommendations:
    """Fill position/award/eligible/reasons/grounds on ``units`` (ranked) and return the summary."""
    rec = Recommendations()
    ranked_count = sum(1 for u in units if u.rank is not None)
    excluded = {e.unit: e.reason for e in block.awards.exclusions}

    for u in units:
        if u.final_score is not None:
            u.grounds.append(_t("score", lang, score=format_number(u.final_score, lang),
                                rank=u.rank, count=ranked_count,
                                tie=_t("tie", lang) if u.tied else ""))
        if u.status == "not_participating":
            u.reasons.append(_t("not_participating", lang,
                                reason=block.unit(u.code).not_participating))
        elif u.status == "missing":
            u.reasons.append(_t("missing", lang))
        elif u.code in excluded:
            u.status = "excluded"
            u.reasons.append(_t("excluded", lang, reason=excluded[u.code]))
        elif u.status == "invalid":
            u.reasons.append(_t("invalid", lang, codes=", ".join(u.error_codes)))
        elif u.final_score is None:
            u.reasons.append(_t("no_score", lang))
        u.eligible = u.status == "ok" and u.final_score is not None

    eligible = sorted((u for u in units if u.eligible), key=lambda u: (u.rank, u.code))
    groups = [list(g) for _, g in groupby(eligible, key=lambda u: u.rank)]

    _positions(groups, rec, lang)
    flag_losers = _flag(block, groups, rec, lang)
    _merit(block, groups, rec, flag_losers, lang)
    return rec


def _positions(groups: list[list[UnitResult]], rec: Recommendations, lang: str) -> None:
    place = 1
    for group in groups:
        if place > 3:
            break
        position = POSITION_BY_PLACE[place]
        if position == "leader" and len(group) > 1:
            reason = _t("undecided_leader", lang, n=len(group),
                        score=format_number(group[0].final_score, lang))
            rec.undecided.append(Undecided([u.code for u in group], "leader", reason))
            for u in group:
                u.undecided_for = "leader"
        else:
            getattr(rec, position).extend(u.code for u in group)
            for u in group:
                u.position = position
                if u.rank != place:   # only worth saying when ineligible units rank above
                    u.grounds.append(_t("position", lang, place=place))
        place += len(group)


def _flag(block: Block, groups, rec: Recommendations, lang: str) -> list[UnitResult]:
    """Award flags to the top group(s); return the units of an undecided flag tie."""
    rule = block.awards.flag
    slots = rule.count
    for group in groups:
        if slots <= 0:
            break
        if group[0].final_score < rule.min_score:
            for u in group:
                u.reasons.append(_t("below_flag", lang, min=format_number(rule.min_score, lang)))
            break
        if len(group) <= slots:
            _grant(group, "flag", _t("flag", lang, min=format_number(rule.min_score, lang)), rec.flag)
            slots -= len(group)
            continue
        _undecided(group, "flag", _t("undecided_flag", lang, n=len(group),
                                     score=format_number(group[0].final_score, lang),
                                     slots=slots), rec)
        return group
    return []


def _merit(block: Block, groups, rec: Recommendations, flag_losers: list[UnitResult],
           lang: str) -> None:
    rule = block.awards.merit
    base, counted = merit_base(block)
    quota = rule.quota(counted)
    of = "" if rule.count is not None else _t("quota_of", lang, share=_share(rule.fraction, lang),
                                                  n=counted, base=_t(f"base.{base}", lang),
                                                  rounding=_t(f"rounding.{rule.rounding}", lang))
    # Of a tie for the flag, all but the flag's remaining slots will take merit places.
    flag_slots_left = block.awards.flag.count - len(rec.flag)
    slots = quota - max(0, len(flag_losers) - flag_slots_left)
    if flag_losers:
        rec.undecided[-1].reason += "; " + _t("flag_loser_merit", lang)
    minimum = format_number(rule.min_score, lang)
    for group in groups:
        group = [u for u in group if u.award is None and u.undecided_for != "flag"]
        if not group:
            continue
        if group[0].final_score < rule.min_score:
            for u in group:
                u.reasons.append(_t("below_merit", lang, min=minimum))
            continue
        if slots <= 0:
            for u in group:
                u.reasons.append(_t("outside_quota", lang, quota=quota, of=of))
            continue
        if len(group) <= slots:
            _grant(group, "merit", _t("merit", lang, quota=quota, of=of, min=minimum), rec.merit)
            slots -= len(group)
            continue
        _undecided(group, "merit", _t("undecided_merit", lang, n=len(group),
                                     score=format_number(group[0].final_score, lang),
                                     slots=slots), rec)
        slots = 0


def merit_base(block: Block) -> tuple[str, int]:
    """(``members`` | ``assessed``, how many units that is): what a fractional quota is taken of."""
    if block.awards.merit.base == "assessed":
        return "assessed", len(block.participating)
    return "members", len(block.units)


def _share(fraction: float | None, lang: str) -> str:
    """0.3 -> "30%" ("12,5%" in Vietnamese for 0.125)."""
    return format_plain(round((fraction or 0.0) * 100, 6), lang, decimals=None) + "%"


def _grant(group: list[UnitResult], award: str, ground: str, granted: list[str]) -> None:
    for u in group:
        u.award = award
        u.grounds.append(ground)
        granted.append(u.code)


def _undecided(group: list[UnitResult], for_: str, reason: str, rec: Recommendations) -> None:
    """A tie across a quota boundary: every tied unit is listed, none is picked."""
    rec.undecided.append(Undecided([u.code for u in group], for_, reason))
    for u in group:
        u.undecided_for = for_
        u.reasons.append(reason)
