"""The review's configuration: ``[review]``, ``[cross_scoring]``, ``[ballots]``,
``[eligibility]`` and ``[rotation]`` of block.toml, as typed options.

The keys are declared in :mod:`.schema` and read by the one reader; this module holds the model
and the rules that tie keys together. All tables are optional; an absent table means the
feature is off.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol, Sized

from .memo import per_block
from .reader import ConfigError, Reading, read
from .schema import (AGGREGATIONS, BLOCK_FILE, GRANULARITIES, RATING_AWARDS, RATING_EXCELLENT,  # noqa: F401
                     REVIEW_TABLES, ROTATION_RULES, UNIT, default)
from .share import SHARE_WORDS, Share, parse_share  # noqa: F401  (importable from here)

__all__ = ["ReviewConfig", "VerificationConfig", "CrossConfig", "BallotConfig",
           "EligibilityConfig", "RotationConfig", "Share", "parse_share", "review_config",
           "parse_review", "ConfigError"]


class BlockLike(Protocol):
    """What the review options read of a block: :class:`.block.Block` has it (a protocol, as
    block.py builds its review options from this module)."""
    @property
    def units(self) -> Sized: ...
    @property
    def unit_codes(self) -> tuple[str, ...]: ...
    @property
    def extra(self) -> dict[str, Any]: ...
    @property
    def source(self) -> str: ...


@dataclass(frozen=True)
class VerificationConfig:
    enabled: bool = default("review.verification")
    require_reason: bool = default("review.require_reason")   # a change without one: R001


@dataclass(frozen=True)
class CrossConfig:
    enabled: bool = False                 # true when [cross_scoring] has a key
    granularity: str = default("cross_scoring.granularity")
    aggregation: str = default("cross_scoring.aggregation")
    self_weight: float = 1.0              # 0.7 / 0.3 when enabled
    cross_weight: float = 0.0
    min_standardize: int = default("cross_scoring.min_standardize")


@dataclass(frozen=True)
class BallotConfig:
    enabled: bool = False                 # true when [ballots] has a key
    quorum: Share = default("ballots.quorum")                   # ballots returned / voters
    required_share: Share = default("ballots.required_share")   # leader's votes / valid ballots
    tie_breaker: bool = default("ballots.tie_breaker")   # append "votes" to the tie-breakers
    voters: int | None = None             # ballots handed out; default: number of member units
    max_candidates: int | None = None     # list only the best N eligible units on the ballot

    def voter_count(self, block: BlockLike) -> int:
        return self.voters if self.voters is not None else len(block.units)


@dataclass(frozen=True)
class EligibilityConfig:
    require_rating: bool = default("eligibility.require_rating")
    rating: str = default("eligibility.rating")
    awards: tuple[str, ...] = default("eligibility.awards")   # awards the rating gate applies to
    ratings: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class RotationConfig:
    order: tuple[str, ...] = ()           # empty: the order of [[units]]
    rule: str = default("rotation.rule")
    skip_recent: int = default("rotation.skip_recent")   # skip units that chaired in the last N years

    def effective_order(self, block: BlockLike) -> tuple[str, ...]:
        return self.order or block.unit_codes


@dataclass(frozen=True)
class ReviewConfig:
    verification: VerificationConfig = VerificationConfig()
    cross: CrossConfig = CrossConfig()
    ballots: BallotConfig = BallotConfig()
    eligibility: EligibilityConfig = EligibilityConfig()
    rotation: RotationConfig = RotationConfig()


@per_block
def review_config(block: BlockLike) -> ReviewConfig:
    """The review config of ``block`` (from ``block.extra``); raises ConfigError."""
    return parse_review(block.extra, block.unit_codes, block.source or "<config>")


def parse_review(extra: dict[str, Any], unit_codes: Iterable[str] = (),
                 source: str = "<config>") -> ReviewConfig:
    """The review tables of ``extra`` (other keys are not looked at) with their rules."""
    tables = {k: extra[k] for k in REVIEW_TABLES if k in extra}
    reading = read(tables, BLOCK_FILE.only(*REVIEW_TABLES), known={UNIT: tuple(unit_codes)})
    cfg = build_review(reading, reading.values, tables)
    reading.check(source)
    return cfg


def build_review(reading: Reading, values: dict, raw: dict, unit_codes=()) -> ReviewConfig:
    """The ReviewConfig of typed ``values``; rules that tie keys together fail on ``reading``."""
    c, b, e, r = (values[k] for k in ("cross_scoring", "ballots", "eligibility", "rotation"))
    cross_on = c["enabled"] if c["enabled"] is not None else _filled(raw, "cross_scoring")
    sw = c["self_weight"] if c["self_weight"] is not None else (0.7 if cross_on else 1.0)
    cw = c["cross_weight"] if c["cross_weight"] is not None else (0.3 if cross_on else 0.0)
    if cross_on and abs(sw + cw - 1.0) > 1e-9:
        reading.fail("cross_scoring.cross_weight",
                     f"self_weight + cross_weight phải bằng 1 (đang là {sw:g} + {cw:g})")
    return ReviewConfig(
        verification=VerificationConfig(enabled=values["review"]["verification"],
                                        require_reason=values["review"]["require_reason"]),
        cross=CrossConfig(enabled=cross_on, granularity=c["granularity"],
                          aggregation=c["aggregation"], self_weight=sw, cross_weight=cw,
                          min_standardize=c["min_standardize"]),
        ballots=BallotConfig(
            enabled=b["enabled"] if b["enabled"] is not None else _filled(raw, "ballots"),
            quorum=b["quorum"], required_share=b["required_share"], tie_breaker=b["tie_breaker"],
            voters=b["voters"], max_candidates=b["max_candidates"]),
        eligibility=EligibilityConfig(require_rating=e["require_rating"], rating=e["rating"],
                                      awards=tuple(e["awards"]), ratings=dict(e["ratings"])),
        rotation=RotationConfig(order=tuple(r["order"]), rule=r["rule"],
                                skip_recent=r["skip_recent"]))


def _filled(raw: dict, name: str) -> bool:
    table = raw.get(name)
    return isinstance(table, dict) and bool(table)
