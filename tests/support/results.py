"""Realistic :class:`Result` objects built by hand from the demo block, for report tests.

``demo_result()`` gives the Culture–Social block of Bắc Kạn (10 units) with: an exact tie for
second place, a tie straddling the last merit slot (undecided), a unit with an error (not
eligible), a unit that sent nothing, a not-applicable criterion (the college), a unit that sent
twice, findings of each severity, sources with sha256, and an origin (file, sheet, cell) and
evidence for every score. The figures follow the default semantics of DESIGN.md, computed here
independently of the pipeline. ``hostile=True`` puts formula- and link-like text everywhere.
"""
from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from processor.config.block import load_block
from processor.findings import finding
from processor.model import Recommendations, Result, Source, UnitResult, Undecided

DEMO = Path(__file__).resolve().parents[2] / "demo" / "block.toml"
SHEET = "Tự chấm điểm"
CREATED = datetime(2021, 1, 4, 8, 0, 0)

# quality per unit: fraction of each maximum the unit gives itself
QUALITY = {"SYT": 0.955, "SGDDT": 0.93, "STTTT": 0.93, "BDT": 0.915, "SLDTBXH": 0.90,
           "SVHTTDL": 0.90, "DPTTH": 0.95, "SKHCN": 0.86, "CDBK": 0.84}
TWINS = {"STTTT": "SGDDT", "SVHTTDL": "SLDTBXH"}   # exact ties: the same self scores
MISSING = "BHXH"
INVALID = "DPTTH"            # left criterion I.3 blank: an error, not eligible
BLANK = "I.3"
HOSTILE = {
    "name": '=HYPERLINK("http://evil.example/x","bấm vào đây")',
    "short": "+1+2",
    "evidence": "@SUM(1,2)",
    "file": "-2+3 tu cham.xlsx",
    "sender": "http://evil.example/phish",
    "note": "=1+1",
}


def round2(x: float) -> float:
    return float(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _quarter(x: float) -> float:
    return float(Decimal(repr(x * 4)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)) / 4


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _scores(block, code: str) -> dict[str, float | None]:
    code = TWINS.get(code, code)
    q = QUALITY[code]
    out: dict[str, float | None] = {}
    na = block.unit(code).not_applicable
    for i, c in enumerate(block.criteria):
        if c.code in na:
            continue
        if c.kind == "score":
            wobble = ((sum(map(ord, code)) * (i + 3)) % 5 - 2) * 0.01
            out[c.code] = min(c.max, _quarter(c.max * min(1.0, q + wobble)))
        elif c.kind == "bonus":
            out[c.code] = _quarter(c.max * (q - 0.5))
        else:
            out[c.code] = 0.0 if q > 0.9 else 0.5
    return out


def _figures(block, unit: UnitResult) -> None:
    na = block.unit(unit.code).not_applicable
    for s in block.sections:
        unit.sections[s.code] = round2(sum(v for c in s.criteria
                                           if (v := unit.scores.get(c.code)) is not None))
    kind = {c.code: c.kind for c in block.criteria}
    unit.base_sum = sum(v for k, v in unit.scores.items() if v is not None and kind[k] == "score")
    unit.applicable_max = sum(c.max for c in block.criteria if c.kind == "score" and c.code not in na)
    unit.normalized_base = unit.base_sum / unit.applicable_max * block.full_base_max
    unit.bonus = sum(v for k, v in unit.scores.items() if v is not None and kind[k] == "bonus")
    unit.deduction = sum(v for k, v in unit.scores.items() if v is not None and kind[k] == "deduction")
    unit.final_score = round2(unit.normalized_base + unit.bonus - unit.deduction)


def _award(block, units: list[UnitResult]) -> Recommendations:
    rec = Recommendations()
    scored = sorted((u for u in units if u.final_score is not None), key=lambda u: -u.final_score)
    for u in scored:
        u.rank = 1 + sum(1 for o in scored if o.final_score > u.final_score)
        u.tied = sum(1 for o in scored if o.final_score == u.final_score) > 1
    eligible = [u for u in scored if u.eligible]
    groups: list[list[UnitResult]] = []
    for u in eligible:
        if groups and groups[-1][0].final_score == u.final_score:
            groups[-1].append(u)
        else:
            groups.append([u])
    rules = block.awards
    rest = groups
    if groups and groups[0][0].final_score >= rules.flag.min_score and len(groups[0]) == 1:
        leader = groups[0][0]
        leader.position, leader.award = "leader", "flag"
        leader.grounds = [f"Tổng điểm {leader.final_score:.2f}".replace(".", ","),
                          f"xếp hạng 1/{len(scored)}", "cao nhất trong các đơn vị đủ điều kiện",
                          f"đạt điểm tối thiểu {rules.flag.min_score:g} của Cờ thi đua"]
        rec.leader, rec.flag = [leader.code], [leader.code]
        rest = groups[1:]
    for pos, group in zip(("second", "third"), rest):
        for u in group:
            u.position = pos
        setattr(rec, pos, [u.code for u in group])
    slots = rules.merit.quota(len(block.units))
    for group in rest:
        if group[0].final_score < rules.merit.min_score or slots <= 0:
            break
        if len(group) <= slots:
            for u in group:
                u.award = "merit"
                u.grounds = [f"Tổng điểm {u.final_score:.2f}".replace(".", ","),
                             f"xếp hạng {u.rank}/{len(scored)}",
                             f"trong {rules.merit.quota(len(block.units))} đơn vị đề nghị "
                             f"Bằng khen, đạt tối thiểu {rules.merit.min_score:g} điểm"]
                rec.merit.append(u.code)
            slots -= len(group)
        else:
            reason = (f"{len(group)} đơn vị bằng {group[0].final_score:.2f} điểm".replace(".", ",", 1)
                      + f" tranh {slots} suất Bằng khen còn lại")
            for u in group:
                u.undecided_for = "merit"
                u.reasons.append(reason)
            rec.undecided.append(Undecided(units=[u.code for u in group], for_="merit", reason=reason))
            break
    return rec


def demo_result(*, hostile: bool = False, provisional: bool = True, created: datetime = CREATED,
                block=None) -> Result:
    block = block or load_block(DEMO)
    if hostile:
        units = list(block.units)
        units[0] = dataclasses.replace(units[0], name=HOSTILE["name"], short_name=HOSTILE["short"])
        block = dataclasses.replace(block, units=tuple(units), extra=dict(block.extra))
    hostile_code = block.units[0].code if hostile else None
    crit_row = {c.code: 8 + i for i, c in enumerate(block.criteria)}
    units: list[UnitResult] = []
    sources: list[Source] = []
    findings = []
    for n, u in enumerate(block.units):
        ur = UnitResult(code=u.code, name=u.name, short_name=u.short_name, status="ok")
        if u.code == MISSING:
            ur.status = "missing"
            ur.reasons = ["Chưa gửi bảng tự chấm điểm"]
            findings.append(finding("U003", unit=u.code))
            units.append(ur)
            continue
        file = f"{u.code}-tu-cham-2020.xlsx"
        if u.code == "SKHCN":
            old = "SKHCN-tu-cham-2020-ban-dau.xlsx"
            file = HOSTILE["file"] if u.code == hostile_code else "SKHCN-tu-cham-2020-sua-lai.xlsx"
            sources.append(Source(file=old, sha256=_sha(old), size=18_344,
                                  received=datetime(2020, 12, 14, 9, 12), received_via="mail",
                                  sender="skhcn@backan.gov.vn", format="xlsx", unit=u.code,
                                  identity="meta", status="superseded",
                                  note="Đã có tệp mới hơn"))
            findings.append(finding("S001", unit=u.code, file=old, winner=file))
        if u.code == hostile_code:
            file = HOSTILE["file"]
        ur.file = file
        ur.scores = _scores(block, u.code)
        for code in ur.scores:
            ur.origin[code] = (file, SHEET, f"E{crit_row[code]}")
            ur.evidence[code] = f"Báo cáo số {100 + crit_row[code]}/BC-{u.code} ngày 10/12/2020"
        if u.code == hostile_code:
            ur.evidence["I.1"] = HOSTILE["evidence"]
        if u.code == INVALID:
            ur.scores[BLANK] = None
            ur.status = "invalid"
            ur.reasons = [f"Hồ sơ có lỗi: tiêu chí {BLANK} chưa được chấm"]
            findings.append(finding("V003", unit=u.code, file=file, sheet=SHEET,
                                    cell=f"E{crit_row[BLANK]}", criterion=BLANK))
        ur.eligible = ur.status == "ok"
        _figures(block, ur)
        sources.append(Source(
            file=file, sha256=_sha(file), size=20_000 + 137 * n,
            received=datetime(2020, 12, 15 + n % 5, 8 + n, 30), received_via="mail" if n % 2 else "file",
            sender=(HOSTILE["sender"] if u.code == hostile_code else f"{u.code.lower()}@backan.gov.vn"),
            format="xlsx", unit=u.code, identity="meta", status="used",
            note=HOSTILE["note"] if u.code == hostile_code else ""))
        units.append(ur)
    findings.append(finding("V006", unit="CDBK", file="CDBK-tu-cham-2020.xlsx", sheet=SHEET,
                            cell="F8", criterion="I.1"))
    findings.append(finding("V004", unit="SVHTTDL", file="SVHTTDL-tu-cham-2020.xlsx", sheet=SHEET,
                            cell="E33", cached="91,5", computed="90,75"))
    findings.append(finding("F004", file="anh-chup-man-hinh.png", kind="PNG"))
    sources.append(Source(file="anh-chup-man-hinh.png", sha256=_sha("png"), size=48_211,
                          received=datetime(2020, 12, 16, 10, 5), received_via="mail",
                          sender="sldtbxh@backan.gov.vn", format=None, status="ignored",
                          note="Không phải bảng tính"))
    rec = _award(block, units)
    order = sorted(units, key=lambda u: (u.rank is None, u.rank or 0, block.unit_codes.index(u.code)))
    return Result(block=block, units=order, recommendations=rec,
                  findings=sorted(findings, key=lambda f: f.sort_key()), sources=sources,
                  created=created, provisional=provisional)
