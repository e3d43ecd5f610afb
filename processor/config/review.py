"""The review's configuration, parsed from ``block.extra`` (the block.toml tables that
``processor.config.block`` does not know): ``[review]``, ``[cross_scoring]``, ``[ballots]``,
``[eligibility]`` (with ``[eligibility.ratings]``) and ``[rotation]``.

Every problem is reported with its key path, all at once, as
:class:`processor.config.block.ConfigError` — the same error the CLI already turns into exit code 2.
All tables are optional; an absent table means the feature is off (defaults below).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .block import Block, ConfigError
from ..text import normalize_text

GRANULARITIES = ("total", "section")
AGGREGATIONS = ("mean", "median", "trimmed_mean", "standardized")
ROTATION_RULES = ("next_in_order", "leader_becomes_deputy")
RATING_EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"
RATING_AWARDS = ("flag", "merit")
SHARE_WORDS = {
    "more_than_half": (Fraction(1, 2), True),
    "half": (Fraction(1, 2), False),
    "at_least_half": (Fraction(1, 2), False),
    "two_thirds": (Fraction(2, 3), False),
    "more_than_two_thirds": (Fraction(2, 3), True),
    "three_quarters": (Fraction(3, 4), False),
}


@dataclass(frozen=True)
class Share:
    """A required proportion: ``fraction`` of a whole, reached with ``>`` when ``strict`` else ``>=``.
    Compared exactly (fractions), never with floats."""
    fraction: Fraction
    strict: bool = False

    def reached(self, part: int, whole: int) -> bool:
        if whole <= 0:
            return False
        have = Fraction(part, whole)
        return have > self.fraction if self.strict else have >= self.fraction

    def text(self, lang: str = "vi") -> str:
        f = self.fraction
        frac = {Fraction(1, 2): ("một nửa", "half"), Fraction(2, 3): ("hai phần ba", "two thirds"),
                Fraction(3, 4): ("ba phần tư", "three quarters")}.get(f)
        if frac is None:
            pct = f"{float(f) * 100:.4g}%"
            frac = (pct.replace(".", ","), pct)
        if lang == "en":
            return ("more than " if self.strict else "at least ") + frac[1]
        return ("trên " if self.strict else "từ ") + frac[0] + ("" if self.strict else " trở lên")


@dataclass(frozen=True)
class VerificationConfig:
    enabled: bool = False
    require_reason: bool = True          # a change without a reason is a warning (R001)


@dataclass(frozen=True)
class CrossConfig:
    enabled: bool = False
    granularity: str = "total"            # total | section
    aggregation: str = "mean"             # see AGGREGATIONS
    self_weight: float = 1.0
    cross_weight: float = 0.0
    min_standardize: int = 3              # a scorer needs this many scored units to be standardized


@dataclass(frozen=True)
class BallotConfig:
    enabled: bool = False
    quorum: Share = Share(Fraction(2, 3))                   # ballots returned / voters
    required_share: Share = Share(Fraction(1, 2), True)     # votes of the leader / valid ballots
    tie_breaker: bool = False             # append "votes" to the block's tie-breakers
    voters: int | None = None             # ballots handed out; default: number of member units
    max_candidates: int | None = None     # list only the best N eligible units on the ballot

    def voter_count(self, block: Block) -> int:
        return self.voters if self.voters is not None else len(block.units)


@dataclass(frozen=True)
class EligibilityConfig:
    require_rating: bool = False
    rating: str = RATING_EXCELLENT
    awards: tuple[str, ...] = RATING_AWARDS   # which awards the rating gate applies to
    ratings: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class RotationConfig:
    order: tuple[str, ...] = ()           # empty: the order of [[units]]
    rule: str = "next_in_order"           # next_in_order | leader_becomes_deputy
    skip_recent: int = 0                  # skip units that chaired in the last N years (history)

    def effective_order(self, block: Block) -> tuple[str, ...]:
        return self.order or block.unit_codes


@dataclass(frozen=True)
class ReviewConfig:
    verification: VerificationConfig = VerificationConfig()
    cross: CrossConfig = CrossConfig()
    ballots: BallotConfig = BallotConfig()
    eligibility: EligibilityConfig = EligibilityConfig()
    rotation: RotationConfig = RotationConfig()


def review_config(block: Block) -> ReviewConfig:
    """The review config of ``block`` (from ``block.extra``); raises ConfigError."""
    return parse_review(block.extra, block.unit_codes, block.source or "<config>")


def parse_review(extra: dict[str, Any], unit_codes=(), source: str = "<config>") -> ReviewConfig:
    p = _Problems()
    units = set(unit_codes)
    cfg = ReviewConfig(
        verification=_verification(p, extra),
        cross=_cross(p, extra),
        ballots=_ballots(p, extra),
        eligibility=_eligibility(p, extra, units),
        rotation=_rotation(p, extra, units),
    )
    if p.items:
        raise ConfigError(source, p.items)
    return cfg


# --- parsing ---------------------------------------------------------------------------------

class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def fail(self, key: str, msg: str) -> None:
        self.items.append((key, msg))

    def table(self, raw: dict, key: str) -> dict:
        value = raw.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, f"cần một bảng [{key}], nhận được {value!r}")
            return {}
        return value

    def known(self, table: dict, path: str, keys: tuple[str, ...]) -> None:
        for key in table:
            if key not in keys:
                self.fail(f"{path}.{key}", f"khóa không được hỗ trợ; dùng: {', '.join(keys)}")

    def boolean(self, table: dict, key: str, path: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{path}.{key}", f"cần true/false, nhận được {value!r}")
            return default
        return value

    def number(self, table: dict, key: str, path: str, default: float, lo=None, hi=None) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(f"{path}.{key}", f"cần một số, nhận được {value!r}")
            return default
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.fail(f"{path}.{key}", f"cần một số từ {lo} đến {hi}, nhận được {value}")
            return default
        return float(value)

    def integer(self, table: dict, key: str, path: str, default, lo: int = 0):
        value = table.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < lo:
            self.fail(f"{path}.{key}", f"cần một số nguyên từ {lo} trở lên, nhận được {value!r}")
            return default
        return value

    def choice(self, table: dict, key: str, path: str, default: str, choices: tuple[str, ...]) -> str:
        value = table.get(key, default)
        if value not in choices:
            self.fail(f"{path}.{key}", f"cần một trong {', '.join(choices)}, nhận được {value!r}")
            return default
        return value

    def share(self, table: dict, key: str, path: str, default: Share) -> Share:
        if key not in table:
            return default
        parsed = parse_share(table[key])
        if parsed is None:
            self.fail(f"{path}.{key}", "cần một tỷ lệ: \"more_than_half\", \"two_thirds\", \"2/3\", "
                                       f"\"60%\" hoặc số từ 0 đến 1; nhận được {table[key]!r}")
            return default
        return parsed


def parse_share(value) -> Share | None:
    """``"more_than_half"`` (> 1/2), ``"2/3"`` / ``"two_thirds"`` (≥ 2/3), ``"60%"``, ``0.6``
    (≥ 0.6), ``"more_than 2/3"`` (> 2/3)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not 0 <= value <= 1:
            return None
        return Share(Fraction(str(value)).limit_denominator(1000))
    if not isinstance(value, str):
        return None
    text = value.strip().lower().replace(" ", "_")
    if text in SHARE_WORDS:
        f, strict = SHARE_WORDS[text]
        return Share(f, strict)
    strict = False
    for prefix in ("more_than_", "over_", ">"):
        if text.startswith(prefix):
            text, strict = text[len(prefix):].strip("_"), True
            break
    for prefix in ("at_least_", ">="):
        if text.startswith(prefix):
            text = text[len(prefix):].strip("_")
    try:
        if text.endswith("%"):
            f = Fraction(text[:-1].replace(",", ".")) / 100
        else:
            f = Fraction(text.replace(",", "."))
    except (ValueError, ZeroDivisionError):
        return None
    if not 0 <= f <= 1:
        return None
    return Share(f, strict)


def _verification(p: _Problems, extra: dict) -> VerificationConfig:
    t = p.table(extra, "review")
    p.known(t, "review", ("verification", "require_reason"))
    return VerificationConfig(
        enabled=p.boolean(t, "verification", "review", False),
        require_reason=p.boolean(t, "require_reason", "review", True))


def _cross(p: _Problems, extra: dict) -> CrossConfig:
    t = p.table(extra, "cross_scoring")
    path = "cross_scoring"
    p.known(t, path, ("enabled", "granularity", "aggregation", "self_weight", "cross_weight",
                      "min_standardize"))
    enabled = p.boolean(t, "enabled", path, bool(t))
    sw = p.number(t, "self_weight", path, 0.7 if enabled else 1.0, 0, 1)
    cw = p.number(t, "cross_weight", path, 0.3 if enabled else 0.0, 0, 1)
    if enabled and abs(sw + cw - 1.0) > 1e-9:
        p.fail(f"{path}.cross_weight", f"self_weight + cross_weight phải bằng 1 (đang là {sw} + {cw})")
    return CrossConfig(
        enabled=enabled,
        granularity=p.choice(t, "granularity", path, "total", GRANULARITIES),
        aggregation=p.choice(t, "aggregation", path, "mean", AGGREGATIONS),
        self_weight=sw, cross_weight=cw,
        min_standardize=p.integer(t, "min_standardize", path, 3, lo=3))


def _ballots(p: _Problems, extra: dict) -> BallotConfig:
    t = p.table(extra, "ballots")
    path = "ballots"
    p.known(t, path, ("enabled", "quorum", "required_share", "tie_breaker", "voters", "max_candidates"))
    return BallotConfig(
        enabled=p.boolean(t, "enabled", path, bool(t)),
        quorum=p.share(t, "quorum", path, Share(Fraction(2, 3))),
        required_share=p.share(t, "required_share", path, Share(Fraction(1, 2), True)),
        tie_breaker=p.boolean(t, "tie_breaker", path, False),
        voters=p.integer(t, "voters", path, None, lo=1),
        max_candidates=p.integer(t, "max_candidates", path, None, lo=1))


def _eligibility(p: _Problems, extra: dict, units: set[str]) -> EligibilityConfig:
    t = p.table(extra, "eligibility")
    path = "eligibility"
    p.known(t, path, ("require_rating", "rating", "awards", "ratings"))
    rating = t.get("rating", RATING_EXCELLENT)
    if not isinstance(rating, str) or not rating.strip():
        p.fail(f"{path}.rating", f"cần tên mức xếp loại, nhận được {rating!r}")
        rating = RATING_EXCELLENT
    awards = t.get("awards", list(RATING_AWARDS))
    if not isinstance(awards, list) or any(a not in RATING_AWARDS for a in awards):
        p.fail(f"{path}.awards", f"cần danh sách gồm flag và/hoặc merit, nhận được {awards!r}")
        awards = list(RATING_AWARDS)
    ratings_raw = p.table(t, "ratings") if "ratings" in t else {}
    ratings: dict[str, str] = {}
    for code, value in ratings_raw.items():
        if units and code not in units:
            p.fail(f"{path}.ratings.{code}", f"mã đơn vị '{code}' không có trong [[units]]")
        elif not isinstance(value, str) or not value.strip():
            p.fail(f"{path}.ratings.{code}", f"cần mức xếp loại (chuỗi), nhận được {value!r}")
        else:
            ratings[code] = normalize_text(value)
    return EligibilityConfig(
        require_rating=p.boolean(t, "require_rating", path, False),
        rating=normalize_text(rating), awards=tuple(awards), ratings=ratings)


def _rotation(p: _Problems, extra: dict, units: set[str]) -> RotationConfig:
    t = p.table(extra, "rotation")
    path = "rotation"
    p.known(t, path, ("order", "rule", "skip_recent"))
    order = t.get("order", [])
    if not isinstance(order, list) or any(not isinstance(c, str) for c in order):
        p.fail(f"{path}.order", f"cần danh sách mã đơn vị, nhận được {order!r}")
        order = []
    seen: set[str] = set()
    for i, code in enumerate(order):
        if code in seen:
            p.fail(f"{path}.order[{i}]", f"mã đơn vị '{code}' bị trùng")
        seen.add(code)
        if units and code not in units:
            p.fail(f"{path}.order[{i}]", f"mã đơn vị '{code}' không có trong [[units]]")
    return RotationConfig(
        order=tuple(order),
        rule=p.choice(t, "rule", path, "next_in_order", ROTATION_RULES),
        skip_recent=p.integer(t, "skip_recent", path, 0, lo=0))
