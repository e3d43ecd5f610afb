"""Award rules -> recommendations, each with its grounds (căn cứ).

- Eligible: status ok (no error finding, not excluded), a final score. Ineligible units are
  still shown, with the reason.
- Positions: leader, second, third by competition place among eligible units; ties share a
  place, except the leader, which the tool never picks from a tie (undecided).
- Flag: the leader(s) up to ``flag.count``, at or above ``flag.min_score``.
- Merit: the next ``quota`` eligible units at or above ``merit.min_score``.
- A tie that straddles a quota boundary is undecided: every tied unit is listed with the reason,
  for the conference to settle. No unit is dropped silently.
"""
from __future__ import annotations

from itertools import groupby

from ..config.block import Block
from ..model import Recommendations, Undecided, UnitResult

TEXT = {
    "vi": {
        "score": "Điểm {score}, xếp thứ {rank}/{count}{tie}",
        "tie": " (đồng hạng)",
        "excluded": "Không xét khen thưởng: {reason}",
        "invalid": "Không đủ điều kiện: hồ sơ có lỗi ({codes})",
        "missing": "Không đủ điều kiện: chưa gửi bảng tự chấm điểm",
        "no_score": "Không đủ điều kiện: chưa tính được điểm",
        "below_flag": "Không đạt điểm tối thiểu đề nghị Cờ thi đua ({min})",
        "below_merit": "Không đạt điểm tối thiểu đề nghị Bằng khen ({min})",
        "flag": "Đơn vị dẫn đầu Khối, đạt điểm tối thiểu đề nghị Cờ thi đua ({min}); không có lỗi hồ sơ",
        "merit": "Trong chỉ tiêu {quota} Bằng khen của Khối, đạt điểm tối thiểu ({min}); không có lỗi hồ sơ",
        "outside_quota": "Ngoài chỉ tiêu {quota} Bằng khen",
        "position": "Xếp thứ {place} trong các đơn vị đủ điều kiện",
        "undecided_flag": "{n} đơn vị bằng điểm {score} tranh {slots} Cờ thi đua; Hội nghị quyết định "
                          "(bỏ phiếu suy tôn hoặc tiêu chí phụ)",
        "undecided_merit": "{n} đơn vị bằng điểm {score} tranh {slots} suất Bằng khen còn lại; "
                           "Hội nghị quyết định",
        "undecided_leader": "{n} đơn vị bằng điểm {score} ở vị trí dẫn đầu; Hội nghị quyết định",
        "flag_loser_merit": "Đơn vị không được chọn đề nghị Cờ được đề nghị Bằng khen",
    },
    "en": {
        "score": "Score {score}, rank {rank} of {count}{tie}",
        "tie": " (tied)",
        "excluded": "Not considered for awards: {reason}",
        "invalid": "Not eligible: the submission has errors ({codes})",
        "missing": "Not eligible: no self-scoring sheet received",
        "no_score": "Not eligible: no final score",
        "below_flag": "Below the minimum score for the emulation flag ({min})",
        "below_merit": "Below the minimum score for the certificate of merit ({min})",
        "flag": "Leading unit of the block, at or above the flag minimum ({min}); no errors",
        "merit": "Within the block's quota of {quota} certificates of merit, at or above the minimum "
                 "({min}); no errors",
        "outside_quota": "Outside the quota of {quota} certificates of merit",
        "position": "Place {place} among eligible units",
        "undecided_flag": "{n} units tied at {score} for {slots} flag(s); the conference decides "
                          "(ballot or tie-breaker)",
        "undecided_merit": "{n} units tied at {score} for the {slots} remaining merit place(s); "
                           "the conference decides",
        "undecided_leader": "{n} units tied at {score} for first place; the conference decides",
        "flag_loser_merit": "The units not chosen for the flag are proposed for merit",
    },
}
POSITION_BY_PLACE = {1: "leader", 2: "second", 3: "third"}


def fmt_score(value: float | None, lang: str = "vi") -> str:
    if value is None:
        return "—"
    text = f"{value:.2f}"
    return text.replace(".", ",") if lang == "vi" else text


def decide(block: Block, units: list[UnitResult], lang: str = "vi") -> Recommendations:
    """Fill position/award/eligible/reasons/grounds on ``units`` (ranked) and return the summary."""
    t = TEXT["en" if lang == "en" else "vi"]
    rec = Recommendations()
    ranked_count = sum(1 for u in units if u.rank is not None)
    excluded = {e.unit: e.reason for e in block.awards.exclusions}

    for u in units:
        if u.final_score is not None:
            u.grounds.append(t["score"].format(score=fmt_score(u.final_score, lang), rank=u.rank,
                                               count=ranked_count, tie=t["tie"] if u.tied else ""))
        if u.status == "missing":
            u.reasons.append(t["missing"])
        elif u.code in excluded:
            u.status = "excluded"
            u.reasons.append(t["excluded"].format(reason=excluded[u.code]))
        elif u.status == "invalid":
            u.reasons.append(t["invalid"].format(codes=", ".join(u.error_codes)))
        elif u.final_score is None:
            u.reasons.append(t["no_score"])
        u.eligible = u.status == "ok" and u.final_score is not None

    eligible = sorted((u for u in units if u.eligible), key=lambda u: (u.rank, u.code))
    groups = [list(g) for _, g in groupby(eligible, key=lambda u: u.rank)]

    _positions(groups, rec, t, lang)
    flag_losers = _flag(block, groups, rec, t, lang)
    _merit(block, groups, rec, flag_losers, t, lang)
    return rec


def _positions(groups: list[list[UnitResult]], rec: Recommendations, t: dict, lang: str) -> None:
    place = 1
    for group in groups:
        if place > 3:
            break
        position = POSITION_BY_PLACE[place]
        if position == "leader" and len(group) > 1:
            rec.undecided.append(Undecided([u.code for u in group], "leader", t["undecided_leader"].format(
                n=len(group), score=fmt_score(group[0].final_score, lang))))
            for u in group:
                u.undecided_for = "leader"
        else:
            getattr(rec, position).extend(u.code for u in group)
            for u in group:
                u.position = position
                if u.rank != place:   # only worth saying when ineligible units rank above
                    u.grounds.append(t["position"].format(place=place))
        place += len(group)


def _flag(block: Block, groups, rec: Recommendations, t: dict, lang: str) -> list[UnitResult]:
    """Award flags to the top group(s); return the units of an undecided flag tie."""
    rule = block.awards.flag
    slots = rule.count
    for group in groups:
        if slots <= 0:
            break
        if group[0].final_score < rule.min_score:
            for u in group:
                u.reasons.append(t["below_flag"].format(min=fmt_score(rule.min_score, lang)))
            break
        if len(group) <= slots:
            _grant(group, "flag", t["flag"].format(min=fmt_score(rule.min_score, lang)), rec.flag)
            slots -= len(group)
            continue
        _undecided(group, "flag", t["undecided_flag"].format(
            n=len(group), score=fmt_score(group[0].final_score, lang), slots=slots), rec)
        return group
    return []


def _merit(block: Block, groups, rec: Recommendations, flag_losers: list[UnitResult], t: dict,
           lang: str) -> None:
    rule = block.awards.merit
    quota = rule.quota(len(block.units))
    # Of a tie for the flag, all but the flag's remaining slots will take merit places.
    flag_slots_left = block.awards.flag.count - len(rec.flag)
    slots = quota - max(0, len(flag_losers) - flag_slots_left)
    if flag_losers:
        rec.undecided[-1].reason += "; " + t["flag_loser_merit"]
    minimum = fmt_score(rule.min_score, lang)
    for group in groups:
        group = [u for u in group if u.award is None and u.undecided_for != "flag"]
        if not group:
            continue
        if group[0].final_score < rule.min_score:
            for u in group:
                u.reasons.append(t["below_merit"].format(min=minimum))
            continue
        if slots <= 0:
            for u in group:
                u.reasons.append(t["outside_quota"].format(quota=quota))
            continue
        if len(group) <= slots:
            _grant(group, "merit", t["merit"].format(quota=quota, min=minimum), rec.merit)
            slots -= len(group)
            continue
        _undecided(group, "merit", t["undecided_merit"].format(
            n=len(group), score=fmt_score(group[0].final_score, lang), slots=slots), rec)
        slots = 0


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
