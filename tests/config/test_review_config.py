"""The review's config: parsed from block.extra, every problem with its key path."""
from fractions import Fraction

import pytest

from processor.config.block import ConfigError
from processor.config.review import Share, parse_review, parse_share


def test_defaults_are_all_off():
    cfg = parse_review({})
    assert not cfg.verification.enabled and not cfg.cross.enabled and not cfg.ballots.enabled
    assert cfg.cross.self_weight == 1.0 and cfg.cross.cross_weight == 0.0
    assert cfg.ballots.required_share == Share(Fraction(1, 2), True)
    assert cfg.rotation.rule == "next_in_order"


def test_full_config():
    cfg = parse_review({
        "review": {"verification": True},
        "cross_scoring": {"granularity": "section", "aggregation": "standardized",
                          "self_weight": 0.7, "cross_weight": 0.3},
        "ballots": {"quorum": "2/3", "required_share": "more_than_half", "tie_breaker": True,
                    "voters": 12},
        "eligibility": {"require_rating": True, "ratings": {"A": "Hoàn thành xuất sắc nhiệm vụ"}},
        "rotation": {"order": ["B", "A"], "rule": "leader_becomes_deputy", "skip_recent": 2},
    }, unit_codes=("A", "B"))
    assert cfg.verification.enabled
    assert (cfg.cross.enabled, cfg.cross.granularity, cfg.cross.aggregation) == (True, "section", "standardized")
    assert cfg.ballots.enabled and cfg.ballots.voters == 12 and cfg.ballots.tie_breaker
    assert cfg.ballots.quorum == Share(Fraction(2, 3), False)
    assert cfg.eligibility.ratings == {"A": "Hoàn thành xuất sắc nhiệm vụ"}
    assert cfg.rotation.order == ("B", "A") and cfg.rotation.skip_recent == 2


def test_errors_carry_key_paths_all_at_once():
    with pytest.raises(ConfigError) as exc:
        parse_review({
            "cross_scoring": {"aggregation": "mode", "self_weight": 0.5, "cross_weight": 0.3},
            "ballots": {"required_share": "most", "voters": 0},
            "eligibility": {"ratings": {"Z": "x"}},
            "rotation": {"order": ["A", "A"], "rule": "random", "colour": 1},
        }, unit_codes=("A", "B"), source="block.toml")
    keys = [k for k, _ in exc.value.problems]
    # in the order the keys are written; positions count from 1
    assert keys == ["cross_scoring.aggregation", "cross_scoring.cross_weight", "ballots.required_share",
                    "ballots.voters", "eligibility.ratings.Z", "rotation.order[2]", "rotation.rule",
                    "rotation.colour"]
    assert "block.toml" in str(exc.value)


@pytest.mark.parametrize("raw, fraction, strict", [
    ("more_than_half", Fraction(1, 2), True), ("2/3", Fraction(2, 3), False),
    ("two_thirds", Fraction(2, 3), False), (0.6, Fraction(3, 5), False), ("60%", Fraction(3, 5), False),
    ("more_than 2/3", Fraction(2, 3), True), (1, Fraction(1), False)])
def test_share_forms(raw, fraction, strict):
    assert parse_share(raw) == Share(fraction, strict)


@pytest.mark.parametrize("raw", ["most", 1.5, -0.1, True, "3/2", None])
def test_bad_shares(raw):
    assert parse_share(raw) is None


def test_share_is_exact():
    half = Share(Fraction(1, 2), True)
    assert not half.reached(5, 10) and half.reached(6, 10) and not half.reached(0, 0)
    two_thirds = Share(Fraction(2, 3))
    assert two_thirds.reached(2, 3) and not two_thirds.reached(6, 10)
    assert Share(Fraction(2, 3)).text() == "từ hai phần ba trở lên"
    assert half.text("en") == "more than half"
