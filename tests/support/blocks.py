"""Small block configs built in code, for unit tests of the pure stages."""
from __future__ import annotations

from processor.config.block import parse_block


def small_block(units=("A", "B", "C", "D", "E"), merit_count=2, flag_min=0.0, merit_min=0.0,
                tie_breakers=(), not_applicable=None, exclusions=(), flag_count=1, merit_fraction=None):
    not_applicable = not_applicable or {}
    merit = {"min_score": merit_min}
    if merit_fraction is not None:
        merit["fraction"] = merit_fraction
    else:
        merit["count"] = merit_count
    raw = {
        "block": {"id": "test", "name": "Khối thử", "year": 2020, "province": "Tỉnh Thử", "chair": units[0]},
        "units": [{"code": u, "name": f"Đơn vị {u}", "not_applicable": list(not_applicable.get(u, []))}
                  for u in units],
        "sections": [
            {"code": "I", "title": "Nhiệm vụ", "criteria": [
                {"code": "I.1", "text": "Một", "max": 60}, {"code": "I.2", "text": "Hai", "max": 20}]},
            {"code": "II", "title": "Văn bản", "criteria": [{"code": "II.1", "text": "Ba", "max": 20}]},
            {"code": "B", "title": "Thưởng", "kind": "bonus", "criteria": [{"code": "B.1", "text": "T", "max": 5}]},
            {"code": "D", "title": "Trừ", "kind": "deduction", "criteria": [{"code": "D.1", "text": "Tr", "max": 5}]},
        ],
        "awards": {"flag": {"count": flag_count, "min_score": flag_min}, "merit": merit,
                   "tie_breakers": list(tie_breakers),
                   "exclusions": [{"unit": u, "reason": r} for u, r in exclusions]},
    }
    return parse_block(raw)
