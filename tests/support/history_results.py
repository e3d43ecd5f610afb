"""Hand-built :class:`~processor.model.Result` objects for the history tests (no pipeline)."""
from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime
from pathlib import Path

from processor.config.block import Block, Unit, load_block
from processor.model import Recommendations, Result, Source, UnitResult

ROOT = Path(__file__).resolve().parents[2]
DEMO_BLOCK = ROOT / "demo" / "block.toml"
DEMO_HISTORY = ROOT / "demo" / "history.toml"

COLLEGES_2019 = (
    Unit(code="CDCD", name="Trường Cao đẳng Cộng đồng", short_name="Trường CĐ Cộng đồng"),
    Unit(code="CDNDTNT", name="Trường Cao đẳng nghề Dân tộc Nội trú tỉnh",
         short_name="Trường CĐN DTNT"),
)


def demo_block(**changes) -> Block:
    block = load_block(DEMO_BLOCK)
    return dataclasses.replace(block, **changes) if changes else block


def block_2019() -> Block:
    """The demo block as it was in 2019: 11 members, the two colleges not yet merged."""
    block = demo_block()
    units = tuple(u for u in block.units if u.code != "CDBK") + COLLEGES_2019
    return dataclasses.replace(block, year=2019, units=units, chair="BHXH", deputy=None)


def competition_ranks(scores: dict[str, float | None]) -> dict[str, tuple[int, bool]]:
    ranked = sorted((s for s in scores.values() if s is not None), reverse=True)
    out = {}
    for code, s in scores.items():
        if s is None:
            continue
        out[code] = (ranked.index(s) + 1, ranked.count(s) > 1)
    return out


def make_result(block: Block, scores: dict[str, float | None], *,
                positions: dict[str, str] | None = None, awards: dict[str, str] | None = None,
                created: datetime | None = None, provisional: bool = False) -> Result:
    """A Result with the given final scores (None = missing), ranks computed, in rank order."""
    positions = positions or {}
    awards = awards or {}
    ranks = competition_ranks(scores)
    units = []
    for u in block.units:
        score = scores.get(u.code)
        rank, tied = ranks.get(u.code, (None, False))
        units.append(UnitResult(
            code=u.code, name=u.name, short_name=u.short_name,
            status="ok" if score is not None else "missing", final_score=score, rank=rank,
            tied=tied, eligible=score is not None, position=positions.get(u.code),
            award=awards.get(u.code)))
    units.sort(key=lambda x: (x.rank is None, x.rank or 0, block.unit_codes.index(x.code)))
    rec = Recommendations(
        leader=[c for c, p in positions.items() if p == "leader"],
        second=[c for c, p in positions.items() if p == "second"],
        third=[c for c, p in positions.items() if p == "third"],
        flag=[c for c, a in awards.items() if a == "flag"],
        merit=[c for c, a in awards.items() if a == "merit"])
    sources = []
    for u in block.units:
        if scores.get(u.code) is None:
            continue
        name = f"{u.code.lower()}-{block.year}.xlsx"
        sources.append(Source(file=name, sha256=hashlib.sha256(
            f"{block.id}/{block.year}/{u.code}/{scores[u.code]}".encode()).hexdigest(),
            size=1000, received=datetime(block.year, 12, 15, 9, 0), unit=u.code))
    return Result(block=block, units=units, recommendations=rec, findings=[], sources=sources,
                  created=created or datetime(block.year + 1, 1, 4, 8, 0),
                  provisional=provisional)


SCORES_2020 = {"SKHCN": 95.5, "STTTT": 97.25, "SGDDT": 96.0, "SYT": 98.0, "SLDTBXH": 93.0,
               "SVHTTDL": 93.0, "BDT": 96.5, "BHXH": 91.75, "CDBK": 90.0, "DPTTH": 94.0}
SCORES_2021 = {"SKHCN": 97.0, "STTTT": 95.0, "SGDDT": 98.5, "SYT": 96.0, "SLDTBXH": 94.0,
               "SVHTTDL": 92.0, "BDT": 93.5, "BHXH": 95.5, "CDBK": 96.25, "DPTTH": 91.0}


def result_2020(**kw) -> Result:
    return make_result(demo_block(), kw.pop("scores", SCORES_2020),
                       positions={"SYT": "leader", "STTTT": "second", "BDT": "third"},
                       awards={"SYT": "flag", "STTTT": "merit", "BDT": "merit",
                               "SGDDT": "merit", "SKHCN": "merit"}, **kw)


def result_2021(**kw) -> Result:
    block = demo_block(year=2021, chair="SLDTBXH", deputy="SGDDT")
    return make_result(block, SCORES_2021,
                       positions={"SGDDT": "leader", "SKHCN": "second", "CDBK": "third"},
                       awards={"SGDDT": "flag", "SKHCN": "merit", "CDBK": "merit",
                               "SYT": "merit"}, **kw)


def result_2019() -> Result:
    scores = {"SKHCN": 94.0, "STTTT": 97.0, "SGDDT": 95.0, "SYT": 95.5, "SLDTBXH": 92.0,
              "SVHTTDL": 93.0, "BDT": 91.0, "BHXH": 92.5, "DPTTH": 90.5, "CDCD": 89.0,
              "CDNDTNT": 94.5}
    return make_result(block_2019(), scores, positions={"STTTT": "leader"},
                       awards={"STTTT": "flag", "SYT": "merit", "SGDDT": "merit",
                               "CDNDTNT": "merit"})
