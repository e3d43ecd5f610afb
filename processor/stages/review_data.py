"""What the review adds to a result: :class:`ReviewData`, attached as ``result.review``; the
review sheets and the JSON read it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..config.review import ReviewConfig
from .ballots import LeaderDecision, Tally
from .cross import CrossOutcome
from .rotation import RotationOutcome
from .verification import Change, Verified
from .verification_merge import VerificationOutcome


@dataclass
class ReviewData:
    config: ReviewConfig
    verification_file: str | None = None        # the forms in force, ", "-joined
    verification_outcome: VerificationOutcome | None = None   # what every form decided, per cell
    verified: dict[str, dict[str, Verified]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    self_origin: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    self_finals: dict[str, float | None] = field(default_factory=dict)      # self scores only
    verified_finals: dict[str, float | None] = field(default_factory=dict)  # after verification
    cross: CrossOutcome | None = None
    finals: dict[str, float | None] = field(default_factory=dict)           # after combination
    tally: Tally | None = None
    decision: LeaderDecision | None = None
    ratings: dict[str, str] = field(default_factory=dict)
    rotation: RotationOutcome | None = None
    tie_breakers: tuple[str, ...] = ()

    def to_json(self) -> dict:
        cfg = self.config
        return {
            "verification": {
                "file": self.verification_file,
                **(self.verification_outcome.to_json() if self.verification_outcome else {}),
                "changes": [c.to_json() for c in self.changes],
                "self_finals": self.self_finals, "verified_finals": self.verified_finals},
            "cross": None if self.cross is None else {
                **self.cross.to_json(), "self_weight": cfg.cross.self_weight,
                "cross_weight": cfg.cross.cross_weight},
            "finals": self.finals,
            "ballots": None if self.tally is None else {
                **self.tally.to_json(),
                "quorum": cfg.ballots.quorum.text("en"),
                "required_share": cfg.ballots.required_share.text("en"),
                "decision": None if self.decision is None else self.decision.to_json()},
            "ratings": self.ratings,
            "tie_breakers": list(self.tie_breakers),
            "rotation": None if self.rotation is None else self.rotation.to_json(),
        }
