"""Workspaces the tests generate: real templates, filled through their _meta table."""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import openpyxl

from processor.config.block import Block, load_block
from processor.report.template import write_templates
from tests.support.saved import set_saved

DEMO_CONFIG = Path(__file__).resolve().parents[2] / "demo" / "block.toml"
CREATED = datetime(2020, 12, 1, 8, 0, 0)


def demo_block() -> Block:
    return load_block(DEMO_CONFIG)


def base_scores(block: Block, unit: str, level: float = 0.9) -> dict[str, float]:
    """A complete, valid score set: each base criterion at ``level`` of its max (one decimal)."""
    scores = {}
    for c in block.criteria:
        if c.code in block.unit(unit).not_applicable:
            continue
        if c.kind == "score":
            scores[c.code] = round(c.max * level, 1)
        else:
            scores[c.code] = 0
    return scores


class Workspace:
    def __init__(self, root: Path, block: Block | None = None):
        self.root = root
        self.block = block or demo_block()
        self.templates = root / "templates"
        self.inbox = root / "inbox"
        self.out = root / "output"
        self.inbox.mkdir(parents=True, exist_ok=True)
        self._paths = {p.name: p for p in write_templates(self.block, self.templates, created=CREATED)}

    def template(self, unit: str | None) -> Path:
        suffix = unit or "TRONG"
        return next(p for n, p in self._paths.items() if n.endswith(f"-{suffix}.xlsx"))

    def submit(self, unit: str, scores: dict | None = None, *, name: str | None = None,
               evidence: dict | None = None, received: datetime | None = None,
               meta: dict | None = None, level: float = 0.9) -> Path:
        from tools.demo import fill_template

        scores = base_scores(self.block, unit, level) if scores is None else scores
        evidence = {c.code: "Báo cáo số 01/BC" for c in self.block.criteria if c.evidence_required} \
            if evidence is None else evidence
        path = self.inbox / (name or f"{unit}.xlsx")
        when = received or datetime(2020, 12, 15, 8, 0, 0)
        # saved at ``when`` (the block's wall time), as Excel writes it: the file's own evidence
        fill_template(self.template(unit), path, scores, evidence, saved_at=when)
        if meta:
            wb = openpyxl.load_workbook(path)
            ws = wb["_meta"]
            for row in ws.iter_rows(min_col=1, max_col=2):
                if row[0].value in meta:
                    row[1].value = meta[row[0].value]
            wb.save(path)
            set_saved(path, when, self.block.tz)
        stamp = when.replace(tzinfo=self.block.tz).timestamp()
        os.utime(path, (stamp, stamp))
        return path

    def submit_all(self, levels: dict[str, float] | None = None) -> None:
        for i, unit in enumerate(self.block.unit_codes):
            self.submit(unit, level=(levels or {}).get(unit, 0.95 - 0.01 * i))
