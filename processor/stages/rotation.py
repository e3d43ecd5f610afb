"""Rotation of the chair (Khối trưởng) and deputy (Khối phó) for next year.

Rule ``next_in_order``: next year's chair is the unit after this year's chair in the rotation
order (cyclic), its deputy the unit after that. Rule ``leader_becomes_deputy``: the chair as
before, the deputy is this year's leading unit (as in the 2017 review of the Bắc Kạn
Culture–Social block: SLDTBXH became chair and SGDDT, the flag winner, deputy); when there is no
single leader, or the leader is the next chair, the deputy falls back to the order.
With ``skip_recent = N`` and the history of past chairs, a unit that chaired in the last N
years (this one included) is passed over.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..config.block import Block
from ..findings import Finding, finding
from ..labels import label
from ..config.review import RotationConfig

def _t(key: str, lang: str, **params) -> str:
    return label(f"rotation.{key}", lang, **params)


@dataclass
class RotationOutcome:
    year: int                      # the year the new chair serves
    chair: str | None
    deputy: str | None
    rule: str
    grounds: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"year": self.year, "chair": self.chair, "deputy": self.deputy, "rule": self.rule,
                "grounds": self.grounds}


def _name(block: Block, code: str | None) -> str:
    if not code:
        return "—"
    try:
        return block.unit(code).name
    except KeyError:
        return code


def _after(order: list[str], start: str | None, skip=()) -> list[str]:
    """The order cyclically after ``start`` (start itself last), without ``skip``."""
    if start in order:
        i = order.index(start)
        seq = order[i + 1:] + order[:i + 1]
    else:
        seq = list(order)
    return [c for c in seq if c not in skip]


def _leader(result) -> str | None:
    if result is None:
        return None
    rec = getattr(result, "recommendations", None)
    leaders = list(getattr(rec, "leader", []) or []) if rec is not None else []
    return leaders[0] if len(leaders) == 1 else None


def next_chair_deputy(block: Block, result, rules: RotationConfig,
                      history_chairs: dict[int, tuple[str | None, str | None]] | None = None,
                      lang: str = "vi") -> tuple[str | None, str | None, list[str]]:
    """(next year's chair, deputy, grounds)."""
    out = rotation_outcome(block, result, rules, history_chairs, lang)
    return out.chair, out.deputy, out.grounds


def rotation_outcome(block: Block, result, rules: RotationConfig,
                     history_chairs: dict[int, tuple[str | None, str | None]] | None = None,
                     lang: str = "vi") -> RotationOutcome:
    members = set(block.unit_codes)
    order = [c for c in rules.effective_order(block) if c in members]
    year = block.year + 1
    out = RotationOutcome(year=year, chair=None, deputy=None, rule=rules.rule)
    current = block.chair
    recent: dict[str, list[int]] = {}
    if rules.skip_recent and history_chairs:
        for y, (chair, _) in sorted(history_chairs.items()):
            if block.year - rules.skip_recent < y <= block.year and chair:
                recent.setdefault(chair, []).append(y)
    if rules.skip_recent and current:
        recent.setdefault(current, [])
        if block.year not in recent[current]:
            recent[current].append(block.year)
    candidates = [c for c in _after(order, current) if c != current]
    if not candidates:
        why = _t("none", lang)
        out.findings.append(finding("R401", role=_t("role_chair", lang), year=year, why=why))
        out.grounds.append(why)
        return out
    notes = []
    fresh = [c for c in candidates if c not in recent]
    if fresh:
        chair = fresh[0]
        for c in candidates[:candidates.index(chair)]:
            notes.append(_t("skipped", lang, name=_name(block, c),
                            years=", ".join(map(str, sorted(recent[c])))))
    else:
        chair = candidates[0]
        notes.append(_t("all_recent", lang, n=rules.skip_recent))
    out.chair = chair
    line = _t("chair", lang, year=year, name=_name(block, chair), prev=_name(block, current))
    out.grounds.append(line + ("; " + "; ".join(notes) if notes else ""))

    deputy, note = None, ""
    if rules.rule == "leader_becomes_deputy":
        leader = _leader(result)
        if leader is not None and leader != chair and leader in members:
            deputy = leader
            out.grounds.append(_t("deputy_leader", lang, year=year, name=_name(block, leader),
                                  this=block.year))
        else:
            note = _t("leader_is_chair", lang) if leader == chair and leader else _t("no_leader", lang)
    if deputy is None:
        rest = [c for c in _after(order, chair) if c != chair]
        if rest:
            deputy = rest[0]
            out.grounds.append(_t("deputy_order", lang, year=year, name=_name(block, deputy))
                               + (f" ({note})" if note else ""))
        else:
            out.findings.append(finding("R401", role=_t("role_deputy", lang), year=year,
                                        why=_t("none", lang)))
    out.deputy = deputy
    return out
