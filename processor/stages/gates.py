"""Eligibility gate on the annual task-completion rating ("Hoàn thành xuất sắc nhiệm vụ").

The rating comes from ``[eligibility.ratings]`` in block.toml (the official record; it wins) or
from the unit's template (``template_ratings``, read by intake). A unit without the required
rating is not eligible for the gated awards; it is still shown, with the reason.

- Gate on both awards (default): before :func:`processor.stages.awards.decide`, the unit's status
  becomes ``excluded`` with the reason, exactly like a configured exclusion.
- Gate on one award only: after ``decide``, a gated unit holding that award loses it and the
  award is listed as undecided with the reason (nothing is re-assigned silently).
"""
from __future__ import annotations

from ..findings import Finding, finding
from ..labels import label
from ..model import Recommendations, Undecided, UnitResult
from ..text import normalize_text
from ..config.review import EligibilityConfig

ABBREVIATIONS = {"htxsnv": "hoàn thành xuất sắc nhiệm vụ", "httnv": "hoàn thành tốt nhiệm vụ",
                 "htnv": "hoàn thành nhiệm vụ", "khtnv": "không hoàn thành nhiệm vụ"}


def _key(text: str) -> str:
    key = normalize_text(text).casefold()
    return ABBREVIATIONS.get(key.replace(" ", "").replace(".", ""), key)


def unit_rating(cfg: EligibilityConfig, unit: str,
                template_ratings: dict[str, str] | None = None) -> tuple[str | None, str | None]:
    """(rating, where it came from: "config" | "template" | None)."""
    if unit in cfg.ratings:
        return cfg.ratings[unit], "config"
    value = (template_ratings or {}).get(unit)
    if value and normalize_text(value):
        return normalize_text(value), "template"
    return None, None


def gate_failures(cfg: EligibilityConfig, units: list[UnitResult],
                  template_ratings: dict[str, str] | None = None,
                  lang: str = "vi") -> tuple[dict[str, str], list[Finding], dict[str, str]]:
    """({unit: reason} of units failing the gate, findings, {unit: rating} of those passing)."""
    award_key = ("gates.award.both" if set(cfg.awards) >= {"flag", "merit"}
                 else f"gates.award.{cfg.awards[0]}")
    award_word, award_vi = label(award_key, lang), label(award_key, "vi")
    failed, passed, findings = {}, {}, []
    if not cfg.require_rating:
        return failed, findings, passed
    for u in units:
        if u.status in ("missing", "not_participating"):
            continue
        rating, _ = unit_rating(cfg, u.code, template_ratings)
        if rating is None:
            failed[u.code] = (label("gates.missing", lang, required=cfg.rating)
                              + f" — {award_word}")
            findings.append(finding("R301", unit=u.code, award=award_vi))
        elif _key(rating) != _key(cfg.rating):
            failed[u.code] = (label("gates.below", lang, rating=rating, required=cfg.rating)
                              + f" — {award_word}")
            findings.append(finding("R302", unit=u.code, rating=rating, required=cfg.rating,
                                    award=award_vi))
        else:
            passed[u.code] = rating
    return failed, findings, passed


def apply_gate_before(cfg: EligibilityConfig, units: list[UnitResult], failed: dict[str, str],
                      passed: dict[str, str], lang: str = "vi") -> None:
    """When the gate covers both awards: failing units become ``excluded`` (with the reason)
    before ``awards.decide``; passing units get the rating in their grounds."""
    for u in units:
        if u.code in passed:
            u.grounds.append(label("grounds.rating_ok", lang, rating=passed[u.code]))
    if not set(cfg.awards) >= {"flag", "merit"}:
        return
    for u in units:
        if u.code in failed and u.status == "ok":
            u.status = "excluded"
            u.reasons.append(failed[u.code])


def apply_gate_after(cfg: EligibilityConfig, units: list[UnitResult], rec: Recommendations,
                     failed: dict[str, str]) -> None:
    """When the gate covers one award only: a failing unit that ``decide`` gave it loses it; the
    award is listed as undecided with the reason."""
    if set(cfg.awards) >= {"flag", "merit"}:
        return
    award = cfg.awards[0]
    for u in units:
        if u.code not in failed or u.award != award:
            continue
        u.award = None
        getattr(rec, award).remove(u.code)
        if award == "flag" and u.code in rec.leader:
            rec.leader.remove(u.code)
            u.position = None
        u.undecided_for = award
        u.reasons.append(failed[u.code])
        rec.undecided.append(Undecided([u.code], award, failed[u.code]))
