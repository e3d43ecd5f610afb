"""Cross-scoring (chấm chéo): each unit scores every other member, per section or as a total.

- :func:`cross_values` judges one unit's returned cross sheet (records read by intake), by unit
  code and part key, never by position; a typed score is read by the one parser of
  :mod:`processor.numbers`, and :func:`collect` does it for every unit's used submission.
- :func:`aggregate` turns one scorer × scored matrix into one figure per scored unit:
  ``mean``, ``median``, ``trimmed_mean`` (drop one highest and one lowest; needs ≥ 3 scores) or
  ``standardized`` (per-scorer z-scores mapped back onto the pooled scale; only for scorers who
  scored at least ``min_standardize`` units with some spread, the others keep raw scores and a
  finding says why). Every method is symmetric in the scorers (sorted, exactly rounded sums), so
  permuting scorers never changes a result.
- :func:`cross_scores` runs it per part and sums the parts; :func:`combine` mixes the
  self/verified final score with the cross score: ``ROUND(w_self·final + w_cross·cross, 2)``.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..config.block import Block
from ..findings import Finding, finding
from ..labels import LABELS, format_plain, label
from ..model import CROSS_SHEET, CROSS_TOTAL, CrossSheet, Submission
from ..numbers import parse_score
from .scoring import excel_round

OUT_OF_RANGE = ("V001", "V105")     # a number outside 0–max: R102; any other unusable text: R104


def parts(block: Block, granularity: str) -> list[tuple[str, str, float]]:
    """(key, label, max) of the columns a scorer fills: one per base section, or the total."""
    if granularity == "section":
        return [(s.code, f"Phần {s.code}", s.max) for s in block.sections if s.kind == "score"]
    return [(CROSS_TOTAL, "Tổng điểm", block.full_base_max)]


def part_max(block: Block, granularity: str) -> dict[str, float]:
    return {key: mx for key, _, mx in parts(block, granularity)}


def part_name(key: str) -> str:
    """A part as findings name it: "tổng điểm", "phần I"."""
    return label("cross.part.total") if key == CROSS_TOTAL else label("cross.part.section", code=key)


# --- reading what the units typed ----------------------------------------------------------

def collect(block: Block, submissions: Iterable[Submission], granularity: str
            ) -> tuple[dict[str, dict[str, dict[str, float | None]]], list[Finding]]:
    """``{scorer: {scored: {part: value}}}`` from the cross sheets of the used submissions."""
    collected: dict[str, dict[str, dict[str, float | None]]] = {}
    findings: list[Finding] = []
    for sub in sorted(submissions, key=lambda s: s.source.file):
        src = sub.source
        if src.status != "used" or not src.unit or src.unit in collected:
            continue
        values, f = cross_values(sub.cross, block, src.unit, granularity=granularity, file=src.file)
        findings.extend(f)
        if values:
            collected[src.unit] = values
    return collected, findings


def cross_values(sheet: CrossSheet | None, block: Block, scorer: str, *, granularity: str,
                 file: str | None = None) -> tuple[dict[str, dict[str, float | None]], list[Finding]]:
    """``{scored: {part: value or None}}`` from a unit's cross sheet, and findings. Out-of-range,
    unusable and self scores are reported and left out (None); a blank cell for another unit is
    reported as missing; a score read with a note (``8 điểm``) counts, with the parser's word."""
    maxima = part_max(block, granularity)
    if sheet is None:
        return {}, [finding("R108", unit=scorer, file=file, sheet=CROSS_SHEET)]
    members = set(block.unit_codes)
    out: dict[str, dict[str, float | None]] = {}
    findings: list[Finding] = []
    for row in sheet.rows:
        code = row.unit
        scores = {k: c for k, c in row.scores.items() if k in maxima}
        if code not in members:
            if any(c.raw not in (None, "") for c in scores.values()):
                findings.append(finding("R109", unit=scorer, file=file, sheet=sheet.sheet,
                                        cell=row.unit_cell, found=code))
            continue
        if code in out:
            continue
        values: dict[str, float | None] = {}
        for key, cell in scores.items():
            raw = cell.raw
            loc = dict(unit=scorer, file=file, sheet=sheet.sheet, cell=cell.cell, part=part_name(key))
            if code == scorer:
                values[key] = None
                if isinstance(raw, str) and raw.strip() in ("—", "-", "–", ""):
                    continue
                if raw not in (None, ""):
                    findings.append(finding("R103", **loc))
                continue
            values[key] = _score(raw, maxima[key], code, loc, findings)
        out[code] = values
    for code in block.unit_codes:
        if code != scorer and code not in out:
            findings.append(finding("R101", unit=scorer, file=file, sheet=CROSS_SHEET, scored=code,
                                    part=", ".join(part_name(k) for k in maxima)))
    return out, findings


def _score(raw, maximum: float, scored: str, loc: dict, findings: list[Finding]) -> float | None:
    """One cross score, read as a self score would be; the finding that says why not, if not."""
    parsed = parse_score(raw, max=maximum)
    if parsed.code == "V003":
        findings.append(finding("R101", scored=scored, **loc))
        return None
    if parsed.value is None:
        if parsed.code in OUT_OF_RANGE:
            findings.append(finding("R102", scored=scored, value=parsed.params.get("value"),
                                    max=format_plain(maximum), **loc))
        else:
            findings.append(finding("R104", scored=scored, value=parsed.params.get("value"), **loc))
        return None
    for code, params in parsed.findings:           # read, with a word (V101, V103)
        where = label("cross.read_as", scored=scored, part=loc["part"])
        findings.append(finding(code, criterion=where, max=format_plain(maximum),
                                **{k: v for k, v in loc.items() if k != "part"}, **params))
    return parsed.value


# --- aggregation -----------------------------------------------------------------------------

def _mean(values: list[float]) -> float:
    return math.fsum(sorted(values)) / len(values)


def aggregate(matrix: Mapping[str, Mapping[str, float | None]], method: str, *,
              maximum: float | None = None, min_standardize: int = 3, part: str = CROSS_TOTAL
              ) -> tuple[dict[str, float], list[Finding]]:
    """``matrix[scorer][scored]`` -> ``{scored: aggregate}`` (units with at least one score), and
    the findings saying where a method could not be applied as configured. Self-scores (the
    diagonal) and None are ignored. Not rounded (see :func:`cross_scores`)."""
    if f"cross.method.{method}" not in LABELS:
        raise ValueError(f"unknown aggregation {method!r}")
    findings: list[Finding] = []
    clean: dict[str, dict[str, float]] = {}
    for scorer, row in matrix.items():
        kept = {scored: float(v) for scored, v in row.items() if v is not None and scored != scorer}
        if kept:
            clean[scorer] = kept
    if method == "standardized":
        clean = _standardize(clean, min_standardize, maximum, part, findings)
    columns: dict[str, list[float]] = {}
    for scorer in clean:
        for scored, v in clean[scorer].items():
            columns.setdefault(scored, []).append(v)
    out: dict[str, float] = {}
    for scored in sorted(columns):
        values = sorted(columns[scored])
        if method == "median":
            out[scored] = float(statistics.median(values))
        elif method == "trimmed_mean":
            if len(values) >= 3:
                out[scored] = math.fsum(values[1:-1]) / (len(values) - 2)
            else:
                findings.append(finding("R106", unit=scored, scored=scored, part=part_name(part),
                                        n=len(values)))
                out[scored] = _mean(values)
        else:
            out[scored] = _mean(values)
        if maximum is not None:
            out[scored] = min(max(out[scored], 0.0), float(maximum))
    return out, findings


def _standardize(clean: dict[str, dict[str, float]], minimum: int, maximum: float | None,
                 part: str, findings: list[Finding]) -> dict[str, dict[str, float]]:
    stats: dict[str, tuple[float, float]] = {}
    for scorer in sorted(clean):
        values = sorted(clean[scorer].values())
        if len(values) < minimum:
            findings.append(finding("R105", unit=scorer, scorer=scorer, part=part_name(part),
                                    why=label("cross.standardize.few", n=len(values), minimum=minimum)))
            continue
        sd = statistics.pstdev(values)
        if sd == 0:
            findings.append(finding("R105", unit=scorer, scorer=scorer, part=part_name(part),
                                    why=label("cross.standardize.flat")))
            continue
        stats[scorer] = (_mean(values), sd)
    if not stats:
        return clean
    pooled = sorted(v for s in stats for v in clean[s].values())
    grand_mean, grand_sd = _mean(pooled), statistics.pstdev(pooled)
    out: dict[str, dict[str, float]] = {}
    for scorer, row in clean.items():
        if scorer not in stats:
            out[scorer] = dict(row)
            continue
        mean, sd = stats[scorer]
        out[scorer] = {scored: grand_mean + (v - mean) / sd * grand_sd for scored, v in row.items()}
    return out


@dataclass
class CrossOutcome:
    """Everything the result needs to show and recompute the cross scores."""
    granularity: str
    method: str
    parts: list[str]
    maxima: dict[str, float]
    matrices: dict[str, dict[str, dict[str, float | None]]]   # part -> scorer -> scored -> value
    aggregates: dict[str, dict[str, float]] = field(default_factory=dict)  # scored -> part -> rounded
    totals: dict[str, float | None] = field(default_factory=dict)          # scored -> sum of parts

    def to_json(self) -> dict:
        return {"granularity": self.granularity, "method": self.method, "parts": self.parts,
                "maxima": self.maxima, "matrices": self.matrices, "aggregates": self.aggregates,
                "totals": self.totals}


def cross_scores(block: Block, collected: Mapping[str, Mapping[str, Mapping[str, float | None]]],
                 cfg, units: Iterable[str] | None = None) -> tuple[CrossOutcome, list[Finding]]:
    """``collected[scorer][scored][part]`` (see :func:`collect`) -> per part the aggregate rounded
    to 2 decimals, and the unit's cross total = ROUND(sum of parts, 2). A unit with no score in
    some part gets no total (R107). ``cfg`` is a CrossConfig."""
    cols = parts(block, cfg.granularity)
    keys = [k for k, _, _ in cols]
    maxima = {k: mx for k, _, mx in cols}
    matrices = {k: {scorer: {scored: vals.get(k) for scored, vals in rows.items()}
                    for scorer, rows in collected.items()} for k in keys}
    outcome = CrossOutcome(cfg.granularity, cfg.aggregation, keys, maxima, matrices)
    findings: list[Finding] = []
    for k in keys:
        agg, f = aggregate(matrices[k], cfg.aggregation, maximum=maxima[k],
                           min_standardize=cfg.min_standardize, part=k)
        findings.extend(f)
        for scored, value in agg.items():
            outcome.aggregates.setdefault(scored, {})[k] = excel_round(value)
    for code in (list(units) if units is not None else list(block.unit_codes)):
        got = outcome.aggregates.get(code, {})
        missing = [k for k in keys if k not in got]
        if missing:
            outcome.totals[code] = None
            findings.append(finding("R107", unit=code, part=", ".join(part_name(k) for k in missing)))
        else:
            outcome.totals[code] = excel_round(math.fsum(got[k] for k in keys))
    return outcome, findings


def combine(self_or_verified_final: float | None, cross: float | None, weights) -> float | None:
    """``ROUND(w_self × final + w_cross × cross, 2)``; ``weights`` is a CrossConfig or a
    (self_weight, cross_weight) pair. Without a cross score the final score stands unchanged;
    without a final score there is nothing to combine (None)."""
    if self_or_verified_final is None:
        return None
    if cross is None:
        return self_or_verified_final
    sw, cw = (weights.self_weight, weights.cross_weight) if hasattr(weights, "self_weight") else weights
    return excel_round(sw * self_or_verified_final + cw * cross)
