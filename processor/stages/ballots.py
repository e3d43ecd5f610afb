"""Ballots (phiếu suy tôn) and the tally (kiểm phiếu): who stands on the ballot, how a returned
tally counts, and whether the ballot confirms the leader.

- :func:`tally_of` judges a returned tally's records: every ballot row is counted exactly once;
  a ballot is valid with exactly one choice, invalid with none ("phiếu trắng") or more than one.
- :func:`leader_decision` checks that this year's leader (the best eligible unit after the
  tie-breakers) was returned by a quorum of ballots and reached the required share of the valid
  votes; otherwise the leader is undecided, with the reason. :func:`apply_leader_decision`
  writes that into the awards' outcome (never re-assigning a place or award by itself).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Sequence

from ..config.block import Block
from ..config.review import BallotConfig, ReviewConfig
from ..findings import Finding, finding
from ..labels import label
from ..model import (KEY_BALLOT, KEY_NOTE, KEY_RETURNED, META_SHEET, Recommendations, TallyForm,
                     Undecided, UnitResult)
from ..numbers import parse_score
from ..text import normalize_text

CLEAR_MARKS = {"x", "✓", "✔", "v", "1", "true", "có", "co", "☒", "☑", "ü"}
EMPTY_MARKS = {"", "0", "false", "không", "khong", "-", "—"}


def pct(fr: Fraction, lang: str = "vi") -> str:
    text = f"{float(fr) * 100:.2f}".rstrip("0").rstrip(".") + "%"
    return text.replace(".", ",") if lang != "en" else text


# --- the tally model -------------------------------------------------------------------------

@dataclass(frozen=True)
class Ballot:
    number: str
    choices: tuple[str, ...]
    row: int                     # 1-based row in the tally sheet

    @property
    def valid(self) -> bool:
        return len(self.choices) == 1

    def why_invalid(self, lang: str = "vi") -> str | None:
        if self.valid:
            return None
        if not self.choices:
            return label("ballot.invalid.none", lang)
        return label("ballot.invalid.many", lang, n=len(self.choices), units=", ".join(self.choices))


@dataclass
class Tally:
    voters: int                            # ballots handed out
    candidates: tuple[str, ...]
    ballots: list[Ballot] = field(default_factory=list)   # ballots returned, each once
    file: str | None = None

    @property
    def cast(self) -> int:
        return len(self.ballots)

    @property
    def valid(self) -> int:
        return sum(1 for b in self.ballots if b.valid)

    @property
    def invalid(self) -> int:
        return self.cast - self.valid

    @property
    def blank(self) -> int:
        return sum(1 for b in self.ballots if not b.choices)

    @property
    def votes(self) -> dict[str, int]:
        out = {c: 0 for c in self.candidates}
        for b in self.ballots:
            if b.valid:
                out[b.choices[0]] = out.get(b.choices[0], 0) + 1
        return out

    def share(self, candidate: str) -> Fraction:
        return Fraction(self.votes.get(candidate, 0), self.valid) if self.valid else Fraction(0)

    @property
    def turnout(self) -> Fraction:
        return Fraction(self.cast, self.voters) if self.voters else Fraction(0)

    def to_json(self) -> dict:
        votes = self.votes
        return {"voters": self.voters, "cast": self.cast, "valid": self.valid,
                "invalid": self.invalid, "blank": self.blank, "candidates": list(self.candidates),
                "votes": votes,
                "share": {c: float(self.share(c)) for c in self.candidates},
                "ballots": [{"number": b.number, "choices": list(b.choices), "valid": b.valid,
                             "row": b.row} for b in self.ballots],
                "file": self.file}


# --- candidates and tie-breakers -------------------------------------------------------------

def ballot_candidates(block: Block, result, rules: BallotConfig) -> list[str]:
    """Eligible units at or above the flag's minimum, in rank order; ``max_candidates`` cuts the
    list but never inside a tie (units tied at the cut are all listed)."""
    ranked = sorted((u for u in result.units if u.eligible and u.final_score is not None
                     and u.final_score >= block.awards.flag.min_score and u.rank is not None),
                    key=lambda u: (u.rank, u.code))
    if rules.max_candidates is not None and len(ranked) > rules.max_candidates:
        cut_rank = ranked[rules.max_candidates - 1].rank
        ranked = [u for u in ranked if u.rank <= cut_rank]
    return [u.code for u in ranked]


def effective_tie_breakers(block: Block, cfg: ReviewConfig) -> tuple[str, ...]:
    """The block's tie-breakers, with ``votes`` appended when ``[ballots] tie_breaker = true``."""
    breakers = tuple(block.awards.tie_breakers)
    if cfg.ballots.tie_breaker and "votes" not in breakers:
        breakers += ("votes",)
    return breakers


# --- the returned tally ----------------------------------------------------------------------

def tally_of(form: TallyForm | None, block: Block, *, file: str,
             failure: str | None = None) -> tuple[Tally | None, list[Finding]]:
    """The tally and its findings; None when it cannot be used (R205, R206). ``failure``: why
    intake could not read the file, when it could not."""
    if form is None:
        return None, [finding("R206", file=file, detail=failure or label("ballot.not_a_form"))]
    meta = form.meta
    wrong = [f"{k}: {meta.get(k)!r} ≠ {want!r}" for k, want in
             (("block_id", block.id), ("year", str(block.year))) if meta.get(k) != want]
    cands = tuple(c for c in (meta.get("candidates") or "").split(",") if c)
    unknown = [c for c in cands if c not in block.unit_codes]
    if unknown:
        wrong.append(label("ballot.not_members", units=", ".join(unknown)))
    sheet = form.sheet
    if not wrong and not form.has_sheet:
        wrong.append(label("ballot.no_sheet", sheet=sheet))
    if wrong:
        return None, [finding("R205", file=file, sheet=META_SHEET, detail="; ".join(wrong))]
    try:
        voters = int(meta.get("voters") or len(block.units))
    except ValueError:
        voters = len(block.units)
    if form.key_row is None:
        return None, [finding("R205", file=file, sheet=sheet, detail=label("ballot.no_keys"))]
    findings: list[Finding] = []
    for key, cell in form.keys:
        if key not in cands and key not in (KEY_BALLOT, KEY_RETURNED, KEY_NOTE):
            findings.append(finding("R210", file=file, sheet=sheet, cell=cell, found=key))
    tally = Tally(voters=voters, candidates=cands, file=file)
    seen: dict[str, int] = {}
    for row in form.rows:
        number = row.number
        choices = []
        for code in cands:
            mark = row.marks.get(code)
            marked, odd = _mark(mark.raw if mark else None)
            if marked:
                choices.append(code)
                if odd:
                    findings.append(finding("R202", file=file, sheet=sheet, cell=mark.cell,
                                            number=number or row.row, value=_text(mark.raw),
                                            candidate=code))
        returned = row.marks.get(KEY_RETURNED)
        if not (_mark(returned.raw if returned else None)[0] or choices):
            continue
        number = number or label("ballot.no_number", row=row.row)
        if number in seen:
            findings.append(finding("R203", file=file, sheet=sheet, cell=row.number_cell,
                                    number=number, rows=f"{seen[number]}, {row.row}"))
            continue
        seen[number] = row.row
        ballot = Ballot(number=number, choices=tuple(choices), row=row.row)
        tally.ballots.append(ballot)
        if not ballot.valid:
            findings.append(finding("R201", file=file, sheet=sheet, cell=row.number_cell,
                                    number=number, why=ballot.why_invalid()))
    if tally.cast > voters:
        findings.append(finding("R204", file=file, sheet=sheet, cast=tally.cast, members=voters))
    return tally, findings


def _mark(value) -> tuple[bool, bool]:
    """(marked, odd): blank/0/"không" unmarked; x, ✓, 1 … marked; a number typed as text is
    read by the one parser ("1,0" is 1); anything else marked but odd."""
    if value is None or value is False:
        return False, False
    if value is True:
        return True, False
    if isinstance(value, (int, float)):
        return (value != 0), (value not in (0, 1))
    text = _text(value).lower()
    if text in EMPTY_MARKS:
        return False, False
    if text in CLEAR_MARKS:
        return True, False
    number = parse_score(text, max=float("inf"))
    if number.value is not None:
        return _mark(number.value)
    return True, True


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(value)


# --- the decision ----------------------------------------------------------------------------

@dataclass
class LeaderDecision:
    leader: str | None             # confirmed leader, or None (undecided / nothing to decide)
    candidate: str | None          # the unit the ballot had to confirm (best eligible after ties)
    grounds: list[str] = field(default_factory=list)
    reason: str | None = None      # why undecided
    units: list[str] = field(default_factory=list)   # the units concerned when undecided
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"leader": self.leader, "candidate": self.candidate, "grounds": self.grounds,
                "reason": self.reason, "units": self.units}


def leader_decision(tally: Tally, rules: BallotConfig,
                    eligible_ranked: Sequence[tuple[str, int | None]] | Sequence[UnitResult],
                    lang: str = "vi") -> LeaderDecision:
    """Confirm the best eligible unit by the ballot.

    ``eligible_ranked``: eligible units best first, as (code, rank) pairs or UnitResults.
    The leader must be alone at the top (votes break a tie only when they are one of the block's
    tie-breakers, i.e. before this step), the ballots returned must reach ``rules.quorum`` of the
    voters and the leader's votes ``rules.required_share`` of the valid ballots."""
    pairs = [(u.code, u.rank) if isinstance(u, UnitResult) else (u[0], u[1]) for u in eligible_ranked]
    if not pairs:
        return LeaderDecision(None, None, reason=label("ballot.none", lang))
    top_rank = pairs[0][1]
    top = [c for c, r in pairs if r == top_rank] if top_rank is not None else [pairs[0][0]]
    d = dict(cast=tally.cast, voters=tally.voters, turnout=pct(tally.turnout, lang),
             quorum=rules.quorum.text(lang), valid=tally.valid,
             required=rules.required_share.text(lang))
    if tally.cast > tally.voters:
        return LeaderDecision(None, None, reason=label("ballot.over", lang, **d), units=top,
                              findings=[finding("R204", file=tally.file, cast=tally.cast,
                                                members=tally.voters)])
    if len(top) > 1:
        votes = tally.votes
        reason = label("ballot.tie", lang, units=", ".join(top))
        return LeaderDecision(None, None, reason=reason, units=top, findings=[finding(
            "R209", file=tally.file, candidates=", ".join(top),
            votes=", ".join(f"{c}: {votes.get(c, 0)}" for c in top))])
    cand = top[0]
    if not rules.quorum.reached(tally.cast, tally.voters):
        return LeaderDecision(None, cand, reason=label("ballot.quorum", lang, **d), units=[cand],
                              findings=[finding("R207", file=tally.file, cast=tally.cast,
                                                members=tally.voters, quorum=rules.quorum.text())])
    if cand not in tally.candidates:
        return LeaderDecision(None, cand, reason=label("ballot.not_on_ballot", lang, unit=cand),
                              units=[cand])
    votes = tally.votes
    share = tally.share(cand)
    if not rules.required_share.reached(votes[cand], tally.valid):
        best = max(votes.values()) if votes else 0
        leaders = sorted(c for c, v in votes.items() if v == best)
        most = (label("ballot.most", lang, who=", ".join(leaders), n=best)
                if best > votes[cand] else "")
        reason = label("ballot.share", lang, unit=cand, votes=votes[cand], share=pct(share, lang),
                       most=most, **d)
        return LeaderDecision(None, cand, reason=reason, units=[cand], findings=[finding(
            "R208", unit=None, file=tally.file, candidate=cand, votes=votes[cand], valid=tally.valid,
            share=pct(share), required=rules.required_share.text())])
    grounds = [label("ballot.elected", lang, votes=votes[cand], share=pct(share, lang), **d)]
    return LeaderDecision(cand, cand, grounds=grounds)


def apply_leader_decision(units: list[UnitResult], rec: Recommendations, decision: LeaderDecision,
                          lang: str = "vi") -> None:
    """Write the ballot's outcome into what :func:`processor.stages.awards.decide` produced.

    Confirmed: the leader's grounds gain the votes. Not confirmed: the unit loses the leading
    place and the flag, which are listed as undecided with the reason (the flag is never passed
    to another unit silently, and no unit gains an award here)."""
    by_code = {u.code: u for u in units}
    if decision.leader is not None:
        u = by_code.get(decision.leader)
        if u is not None:
            u.grounds.extend(decision.grounds)
        return
    if decision.reason is None or decision.candidate is None:
        return           # a tie at the top is already undecided by awards.decide
    u = by_code.get(decision.candidate)
    if u is None:
        return
    what = None
    if u.award == "flag":
        u.award = None
        if decision.candidate in rec.flag:
            rec.flag.remove(decision.candidate)
        what = "flag"
    if decision.candidate in rec.leader:
        rec.leader.remove(decision.candidate)
        u.position = None
        what = "leader"
    if what is None:
        return
    u.undecided_for = what
    u.reasons.append(decision.reason)
    rec.undecided.append(Undecided([decision.candidate], what, decision.reason))
