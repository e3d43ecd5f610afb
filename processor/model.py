"""Plain data passed between the pipeline's stages (no I/O here).

intake -> :class:`Submission` (+ :class:`Source`) -> validate -> :class:`ScoreSheet`
-> scoring / ranking / awards -> :class:`Result` (what report and JSON write).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from .config.block import Block
from .findings import Finding

SOURCE_STATUSES = ("used", "superseded", "duplicate", "undecided", "rejected", "ignored",
                   "unreadable")
"""What became of an inbox entry: ``used`` (the unit's newest file), ``superseded`` (an older
file of the unit), ``duplicate`` (a byte-identical copy), ``undecided`` (one of a unit's files
that the evidence cannot order: the unit is not scored), ``rejected`` (read and refused, an
error says why), ``ignored`` (not a submission and nothing lost: an attachment, a hidden file,
thidua's own files), ``unreadable`` (could not or must not be opened: no permission, a link
not followed, a FIFO or device; a warning says why)."""
TIME_SOURCES = ("mail", "saved", "mtime")
"""The evidence of when a file was sent or made, best first: the mail's Date (collect's
manifest), the time the workbook was saved (its own properties), the file's modification time."""
UNIT_STATUSES = ("ok", "invalid", "missing", "excluded", "not_participating")
POSITIONS = ("leader", "second", "third")
AWARDS = ("flag", "merit")


@dataclass
class Source:
    """One entry found in the inbox (or saved from a mail), whatever became of it.

    Times are the block's wall-clock time: ``received`` is naive, in the block's time zone (as
    the deadline is); ``times`` holds every piece of evidence found, aware, in that zone."""
    file: str                      # name relative to the inbox, as shown to users
    sha256: str
    size: int
    received: datetime             # the time of the best evidence (``time_source``)
    received_via: str = "file"     # file | mail (listed in collect's manifest)
    sender: str | None = None
    format: str | None = None      # xlsx | xlsm | xls | xlsb | ods | None (not a spreadsheet)
    unit: str | None = None
    identity: str | None = None    # which signal named the unit: meta | header | filename | sender
    status: str = "used"           # see SOURCE_STATUSES
    note: str = ""
    role: str = "submission"       # submission | verification | tally (review workbooks)
    time_source: str = "mtime"     # see TIME_SOURCES: where ``received`` comes from
    times: dict[str, datetime] = field(default_factory=dict)    # TIME_SOURCES -> aware time
    path: Path | None = field(default=None, repr=False, compare=False)  # where it lies; not reported
    # the sha256 collect's manifest lists for this name, and whether it matched by base name only
    listed_sha256: str = field(default="", repr=False, compare=False)
    listed_by_name: bool = field(default=False, repr=False, compare=False)

    def to_json(self) -> dict:
        return {"file": self.file, "sha256": self.sha256, "size": self.size,
                "received": self.received.isoformat(timespec="seconds"),
                "received_via": self.received_via, "sender": self.sender, "format": self.format,
                "unit": self.unit, "identity": self.identity, "status": self.status, "note": self.note,
                "role": self.role, "time_source": self.time_source,
                "times": {k: self.times[k].isoformat(timespec="seconds")
                          for k in TIME_SOURCES if k in self.times}}


@dataclass
class ScoreCell:
    """What a submission holds for one criterion, exactly as read, with its location."""
    criterion: str
    raw: Any                        # the cell's value as read (None = blank); parsed by validate
    sheet: str
    cell: str                       # A1 reference of the score input
    evidence: str = ""
    evidence_cell: str | None = None
    error: str | None = None        # spreadsheet error code when the cell holds one (#DIV/0!, ...)


# --- the forms we send out and read back: report writes them, intake reads them into the
# records below (raw values and where they stand), stages judge the records -----------------
META_SHEET = "_meta"                                 # very hidden: what a workbook is, and its layout
VERIFICATION, TALLY = "verification", "tally"       # a form's ``kind`` in its _meta
VERIFY_SHEET = "Thẩm định"
VERIFY_HEADER_ROW = 4                                # 0-based; the rows below it hold the scores
VERIFY_COLUMNS = ("no", "unit", "name", "criterion", "text", "max", "self", "evidence", "source",
                  "verified", "reason")             # the verification table, from column A
# the verification form's _meta, below its keys: a row per table row (what it was written
# carrying), then tagged rows: the submission each unit's rows were made from, and the forms
# whose values it carried (by sha256)
VERIFY_META_TABLE = ("row", "unit_code", "criterion_code", "verified_cell", "reason_cell",
                     "carried_verified", "carried_reason", "carried_from")
META_SUBMISSION, META_KNOWN = "submission", "known"  # tags in column A: (unit, file, sha256), (sha256, file)
TALLY_SHEET = "Kiểm phiếu"
KEY_BALLOT, KEY_RETURNED, KEY_NOTE = "ballot", "returned", "note"    # the tally's hidden key row
CROSS_SHEET = "Chấm chéo"
CROSS_KEY_UNIT, CROSS_TOTAL = "unit_code", "total"  # the cross sheet's hidden key row


@dataclass
class FormCell:
    """A value typed into one of our forms, exactly as read, and its A1 reference."""
    raw: Any
    cell: str


@dataclass
class VerificationRow:
    """One row of a returned verification form: the codes it names, the self score written out,
    the verified score and the reason typed in."""
    unit: str
    criterion: str
    criterion_cell: str
    self_score: Any
    verified: FormCell
    reason: str


@dataclass
class CarriedCell:
    """What a verification form was written carrying for one row: the verified score and reason
    in force when a run wrote it, the forms they came from, the cell it was written to."""
    verified: Any
    reason: str
    origin: str                                  # file names, "; "-joined
    cell: str = ""


@dataclass
class VerificationForm:
    file: str
    meta: dict[str, str]
    sheet: str                                   # the sheet its _meta names
    has_sheet: bool
    rows: list[VerificationRow] = field(default_factory=list)
    carried: dict[tuple[str, str], CarriedCell] = field(default_factory=dict)  # (unit, criterion)
    known: list[tuple[str, str]] = field(default_factory=list)    # (sha256, file) it carried from
    made_from: dict[str, tuple[str, str]] = field(default_factory=dict)  # unit -> (file, sha256)
    kind: ClassVar[str] = VERIFICATION


@dataclass
class TallyRow:
    """One ballot's row of the tally: its number (column A) and the cell under each key."""
    row: int                                     # 1-based, as the sheet shows it
    number: str
    number_cell: str
    marks: dict[str, FormCell] = field(default_factory=dict)


@dataclass
class TallyForm:
    file: str
    meta: dict[str, str]
    sheet: str
    has_sheet: bool
    key_row: int | None = None                   # 0-based row of the hidden keys; None: not found
    keys: list[tuple[str, str]] = field(default_factory=list)   # (key, A1) along the key row
    rows: list[TallyRow] = field(default_factory=list)
    kind: ClassVar[str] = TALLY


@dataclass
class CrossRow:
    """One scored unit's row of a cross-scoring sheet: the code typed and the cell per part."""
    unit: str
    unit_cell: str
    scores: dict[str, FormCell] = field(default_factory=dict)


@dataclass
class CrossSheet:
    """A unit's "Chấm chéo" sheet, the rows below its hidden key row."""
    sheet: str
    rows: list[CrossRow] = field(default_factory=list)


@dataclass
class Submission:
    """A readable spreadsheet read into plain data; identity and values are not yet judged."""
    source: Source
    meta: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None                  # the self-scoring sheet's name
    cells: dict[str, ScoreCell] = field(default_factory=dict)
    cached_total: Any = None                  # the final-score formula's cached value, if any
    total_cell: str | None = None
    header_unit_name: str | None = None       # unit name printed in the sheet header
    findings: list[Finding] = field(default_factory=list)
    cross: CrossSheet | None = None           # its cross-scoring sheet, when the block has one
    form: VerificationForm | TallyForm | None = None   # one of our forms returned, not a unit's scores


@dataclass(init=False, eq=False)
class ScoreSheet:
    """The batch's validated scores: ``frame``, a pandas DataFrame with a row per unit ×
    criterion (built by :mod:`processor.stages.scores`). ``values``, ``origin`` and ``evidence``
    read it as nested dicts, made anew at each access (keep one); given to the constructor, as
    ``dataclasses.replace`` gives them, ``values`` and ``origin`` replace the figures and their
    origins, row by row."""
    frame: Any

    def __init__(self, frame: Any, *, values: dict | None = None, origin: dict | None = None):
        rows = list(zip(frame["unit"].tolist(), frame["criterion"].tolist()))
        if values is not None:
            figures = (values.get(u, {}).get(c) for u, c in rows)
            frame = frame.assign(value=[float("nan") if v is None else float(v) for v in figures])
        if origin is not None:
            where = [origin.get(u, {}).get(c) or (None, None, None) for u, c in rows]
            frame = frame.assign(**{name: [w[i] for w in where] for i, name in
                                    enumerate(("file", "sheet", "cell"))})
            frame = frame.astype({"file": "category", "sheet": "category", "cell": "category"})
        self.frame = frame

    @property
    def values(self) -> dict[str, dict[str, float | None]]:
        """unit -> criterion -> the figure, None where there is none (every criterion)."""
        out: dict[str, dict[str, float | None]] = {}
        f = self.frame
        for unit, crit, v in zip(f["unit"].tolist(), f["criterion"].tolist(), f["value"].tolist()):
            out.setdefault(unit, {})[crit] = None if v != v else v
        return out

    @property
    def origin(self) -> dict[str, dict[str, tuple[str, str, str]]]:
        """unit -> criterion -> (file, sheet, cell), for the cells that exist ({} per unit)."""
        f = self.frame
        out: dict[str, dict[str, tuple[str, str, str]]] = {u: {} for u in f["unit"].unique().tolist()}
        for unit, crit, file, sheet, cell in zip(f["unit"].tolist(), f["criterion"].tolist(),
                                                  f["file"].tolist(), f["sheet"].tolist(),
                                                  f["cell"].tolist()):
            if isinstance(cell, str):
                out[unit][crit] = (file, sheet, cell)
        return out

    @property
    def evidence(self) -> dict[str, dict[str, str]]:
        """unit -> criterion -> evidence text, for the cells that exist ({} per unit)."""
        f = self.frame
        out: dict[str, dict[str, str]] = {u: {} for u in f["unit"].unique().tolist()}
        for unit, crit, text in zip(f["unit"].tolist(), f["criterion"].tolist(), f["evidence"].tolist()):
            if isinstance(text, str):
                out[unit][crit] = text
        return out


@dataclass
class UnitResult:
    code: str
    name: str
    short_name: str
    status: str                              # see UNIT_STATUSES
    scores: dict[str, float | None] = field(default_factory=dict)
    sections: dict[str, float] = field(default_factory=dict)   # section code -> subtotal
    base_sum: float | None = None
    applicable_max: float | None = None
    normalized_base: float | None = None
    bonus: float | None = None
    deduction: float | None = None
    final_score: float | None = None
    rank: int | None = None
    tied: bool = False
    eligible: bool = False
    position: str | None = None               # see POSITIONS
    award: str | None = None                  # see AWARDS
    undecided_for: str | None = None          # flag | merit | leader | second | third
    reasons: list[str] = field(default_factory=list)   # why not eligible / why undecided
    grounds: list[str] = field(default_factory=list)   # căn cứ: why the position or award
    file: str | None = None                   # the source file that was used
    origin: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    tie_break_values: dict[str, float] = field(default_factory=dict)
    error_codes: list[str] = field(default_factory=list)  # codes of error findings against the unit

    def to_json(self) -> dict:
        return {"code": self.code, "name": self.name, "status": self.status,
                "final_score": self.final_score, "rank": self.rank, "tied": self.tied,
                "eligible": self.eligible, "position": self.position, "award": self.award,
                "reasons": list(self.reasons), "grounds": list(self.grounds),
                "base_sum": self.base_sum, "applicable_max": self.applicable_max,
                "normalized_base": self.normalized_base, "bonus": self.bonus,
                "deduction": self.deduction, "sections": dict(self.sections),
                "scores": dict(self.scores), "file": self.file}


@dataclass
class Undecided:
    units: list[str]
    for_: str                 # flag | merit | leader | second | third
    reason: str

    def to_json(self) -> dict:
        return {"units": list(self.units), "for": self.for_, "reason": self.reason}


@dataclass
class Recommendations:
    leader: list[str] = field(default_factory=list)
    second: list[str] = field(default_factory=list)
    third: list[str] = field(default_factory=list)
    flag: list[str] = field(default_factory=list)
    merit: list[str] = field(default_factory=list)
    undecided: list[Undecided] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"leader": self.leader, "second": self.second, "third": self.third,
                "flag": self.flag, "merit": self.merit,
                "undecided": [u.to_json() for u in self.undecided]}


@dataclass
class ProvisionalReason:
    """One thing that keeps a result provisional: missing | invalid | tally_conflict."""
    kind: str
    units: list[str]
    text: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "units": list(self.units), "text": self.text}


@dataclass
class Result:
    block: Block
    units: list[UnitResult]                  # in ranking order; missing/unranked units last
    recommendations: Recommendations
    findings: list[Finding]
    sources: list[Source]
    created: datetime                        # fixed for reproducible output
    provisional: bool = False                # errors or missing units: the conference must know
    review: Any = None                       # stages.review_data.ReviewData, when a review ran
    provisional_reasons: list[ProvisionalReason] = field(default_factory=list)
    scoresheet: ScoreSheet | None = field(default=None, repr=False)   # the figures ranked

    @property
    def expected(self) -> int:
        """Self-scoring sheets expected: the members taking part this year."""
        return len(self.block.participating)

    @property
    def received(self) -> int:
        return sum(1 for u in self.units if u.status not in ("missing", "not_participating"))

    @property
    def not_participating(self) -> int:
        return len(self.block.units) - len(self.block.participating)

    def unit(self, code: str) -> UnitResult:
        for u in self.units:
            if u.code == code:
                return u
        raise KeyError(code)

    # The tables for analysts (pandas, imported only when a table is asked for; see frames).
    def scores_frame(self):
        """A row per unit × criterion: the figure, its kind, max, section, applicability, origin."""
        from .frames import scores_frame
        return scores_frame(self)

    def units_frame(self):
        """A row per member unit in ranking order: status, totals, rank, position, award."""
        from .frames import units_frame
        return units_frame(self)

    def findings_frame(self, lang: str = "vi"):
        """A row per finding: code, severity, where, message and action in ``lang``."""
        from .frames import findings_frame
        return findings_frame(self, lang)

    def sources_frame(self):
        """A row per file found in the inbox: its hash, when it came, which unit, its status."""
        from .frames import sources_frame
        return sources_frame(self)

    def to_json(self, lang: str = "vi", *, lazy: bool = False) -> dict:
        """The JSON contract. ``lazy``: the long lists (units, findings, sources) as iterators
        that make each item when asked, for a writer that streams them (see publish)."""
        b = self.block
        seq = iter if lazy else list
        return {
            "block": {"id": b.id, "name": b.name, "year": b.year, "province": b.province,
                      "chair": b.chair, "deputy": b.deputy},
            "created": self.created.isoformat(timespec="seconds"),
            "provisional": self.provisional,
            **({"provisional_reasons": [r.to_json() for r in self.provisional_reasons]}
               if self.provisional else {}),
            "counts": {"expected": self.expected, "received": self.received,
                       **({"not_participating": self.not_participating}
                          if self.not_participating else {})},
            "units": seq(u.to_json() for u in self.units),
            "recommendations": self.recommendations.to_json(),
            "findings": seq(f.to_json(lang) for f in self.findings),
            "sources": seq(s.to_json() for s in self.sources),
            "review": None if self.review is None else self.review.to_json(),
        }
