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
from ..config.review import RotationConfig

TEXT = {
    "vi": {
        "chair": "Khối trưởng năm {year}: {name} — đơn vị kế tiếp {prev} theo thứ tự luân phiên của Khối",
        "skipped": "bỏ qua {name} (đã làm Khối trưởng năm {years})",
        "all_recent": "mọi đơn vị đều đã làm Khối trưởng trong {n} năm gần đây; lấy đơn vị kế tiếp theo thứ tự",
        "deputy_order": "Khối phó năm {year}: {name} — đơn vị kế tiếp Khối trưởng theo thứ tự luân phiên",
        "deputy_leader": "Khối phó năm {year}: {name} — đơn vị dẫn đầu Khối năm {this} "
                         "(quy định: đơn vị dẫn đầu làm Khối phó)",
        "no_leader": "chưa có đơn vị dẫn đầu được xác định, Khối phó lấy theo thứ tự luân phiên",
        "leader_is_chair": "đơn vị dẫn đầu là Khối trưởng năm sau, Khối phó lấy theo thứ tự luân phiên",
        "none": "thứ tự luân phiên không có đơn vị nào khác",
        "role_chair": "Khối trưởng", "role_deputy": "Khối phó",
    },
    "en": {
        "chair": "Chair for {year}: {name} — next after {prev} in the block's rotation order",
        "skipped": "{name} passed over (chaired in {years})",
        "all_recent": "every unit chaired within the last {n} years; the next in order is taken",
        "deputy_order": "Deputy for {year}: {name} — next after the chair in the rotation order",
        "deputy_leader": "Deputy for {year}: {name} — the block's leading unit of {this} "
                         "(rule: the leader becomes deputy)",
        "no_leader": "no leading unit is decided, so the deputy follows the rotation order",
        "leader_is_chair": "the leading unit is next year's chair, so the deputy follows the order",
        "none": "the rotation order has no other unit",
        "role_chair": "chair", "role_deputy": "deputy",
    },
}


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
    t = TEXT["en" if lang == "en" else "vi"]
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
        why = t["none"]
        out.findings.append(finding("R401", role=t["role_chair"], year=year, why=why))
        out.grounds.append(why)
        return out
    notes = []
    fresh = [c for c in candidates if c not in recent]
    if fresh:
        chair = fresh[0]
        for c in candidates[:candidates.index(chair)]:
            notes.append(t["skipped"].format(name=_name(block, c),
                                             years=", ".join(map(str, sorted(recent[c])))))
    else:
        chair = candidates[0]
        notes.append(t["all_recent"].format(n=rules.skip_recent))
    out.chair = chair
    line = t["chair"].format(year=year, name=_name(block, chair), prev=_name(block, current))
    out.grounds.append(line + ("; " + "; ".join(notes) if notes else ""))

    deputy, note = None, ""
    if rules.rule == "leader_becomes_deputy":
        leader = _leader(result)
        if leader is not None and leader != chair and leader in members:
            deputy = leader
            out.grounds.append(t["deputy_leader"].format(year=year, name=_name(block, leader),
                                                         this=block.year))
        else:
            note = t["leader_is_chair"] if leader == chair and leader else t["no_leader"]
    if deputy is None:
        rest = [c for c in _after(order, chair) if c != chair]
        if rest:
            deputy = rest[0]
            out.grounds.append(t["deputy_order"].format(year=year, name=_name(block, deputy))
                               + (f" ({note})" if note else ""))
        else:
            out.findings.append(finding("R401", role=t["role_deputy"], year=year, why=t["none"]))
    out.deputy = deputy
    return out
