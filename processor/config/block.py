"""The block's model and its loading: block.toml or a block definition workbook -> a typed,
validated :class:`Block`.

The schema (:mod:`.schema`) declares every key; the reader checks the whole file with it and
reports every problem at once with its key path (``units[3].code``) as a :class:`ConfigError`,
which the CLI turns into exit code 2. This module adds the rules that tie keys together.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable
from zoneinfo import ZoneInfo

from .memo import per_block
from .reader import ConfigError, Reading, read
from .review import build_review
from .schema import (BLOCK_FILE, DEFAULT_TIMEZONE, KINDS, MODEL_TABLES, SIGNER_ROLE_WORDS,
                     SIGNER_ROLES, UNIT)
from .tomlfile import read_toml

__all__ = ["Block", "Unit", "Criterion", "Section", "AwardRules", "FlagRule", "MeritRule",
           "Exclusion", "Signer", "ConfigError", "KINDS", "TEMPLATE_VERSION", "load_block",
           "load_config", "parse_block", "per_block", "settings"]

TEMPLATE_VERSION = "1"


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str
    max: float
    kind: str  # score | bonus | deduction
    section: str
    evidence_required: bool = False


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    criteria: tuple[Criterion, ...]

    @property
    def max(self) -> float:
        return sum(c.max for c in self.criteria)

    @property
    def kind(self) -> str:
        kinds = {c.kind for c in self.criteria}
        return kinds.pop() if len(kinds) == 1 else "mixed"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    short_name: str
    emails: tuple[str, ...] = ()
    not_applicable: frozenset[str] = frozenset()
    aliases: tuple[str, ...] = ()
    women_share: Fraction | None = None     # share of women in the collective, 0..1
    not_participating: str | None = None   # the reason the unit takes no part this year


@dataclass(frozen=True)
class Exclusion:
    unit: str
    reason: str


@dataclass(frozen=True)
class Signer:
    """A person who signs the block's documents: ``role`` chair | deputy | secretary."""
    role: str
    title: str
    name: str


@dataclass(frozen=True)
class FlagRule:
    count: int = 1
    min_score: float = 0.0


@dataclass(frozen=True)
class MeritRule:
    count: int | None = None
    fraction: float | None = None
    rounding: str = "floor"  # floor | ceil | nearest (half up)
    min_score: float = 0.0
    base: str = "members"    # what ``fraction`` is taken of: members | assessed

    def quota(self, members: int) -> int:
        if self.count is not None:
            return self.count
        exact = (self.fraction or 0.0) * members
        if self.rounding == "ceil":
            return int(-(-exact // 1))
        if self.rounding == "nearest":
            return int(exact + 0.5)
        return int(exact // 1)


@dataclass(frozen=True)
class AwardRules:
    flag: FlagRule = FlagRule()
    merit: MeritRule = MeritRule(count=0)
    exclusions: tuple[Exclusion, ...] = ()
    tie_breakers: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Block:
    id: str
    name: str
    year: int
    province: str
    issuing_body: tuple[str, ...]   # document header lines, top left (cơ quan ban hành)
    place: str
    chair: str
    deputy: str | None
    units: tuple[Unit, ...]
    sections: tuple[Section, ...]
    awards: AwardRules
    deadline: datetime | None = None
    contact: str = ""
    secretary: str = ""
    meeting_date: date | None = None
    note: str = ""
    late_deduction: tuple[str, float] | None = None   # (deduction criterion, points) for late files
    timezone: str = DEFAULT_TIMEZONE                   # IANA name; times are read in this zone
    signers: tuple[Signer, ...] = ()                   # one per role at most
    recipients: tuple[str, ...] = ()   # "Nơi nhận", bare (no '-', no ';'); () the documents' own
    evidence_example: str = ""                         # the template's example of evidence
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for s in self.sections for c in s.criteria)

    def criterion(self, code: str) -> Criterion:
        return self._criteria_by_code[code]

    @cached_property
    def _criteria_by_code(self) -> dict[str, Criterion]:
        return {c.code: c for c in self.criteria}

    @cached_property
    def _units_by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    def unit(self, code: str) -> Unit:
        return self._units_by_code[code]

    def signer(self, role: str) -> Signer | None:
        """Who signs as ``role`` (chair, deputy, secretary), if the config names them."""
        return next((s for s in self.signers if s.role == role), None)

    @cached_property
    def participating(self) -> tuple[Unit, ...]:
        """The members taking part this year (without those marked ``not_participating``)."""
        return tuple(u for u in self.units if u.not_participating is None)

    @cached_property
    def criterion_codes(self) -> frozenset[str]:
        return frozenset(c.code for c in self.criteria)

    @cached_property
    def unit_codes(self) -> tuple[str, ...]:
        return tuple(u.code for u in self.units)

    @property
    def full_base_max(self) -> float:
        return sum(c.max for c in self.criteria if c.kind == "score")

    @cached_property
    def criteria_hash(self) -> str:
        """A fingerprint of what a template asks for: codes, maxima and kinds (not the wording)."""
        rows = [[c.code, c.max, c.kind] for c in self.criteria]
        digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8"))
        return digest.hexdigest()[:16]


# --- loading -------------------------------------------------------------------------------

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")      # zip (xlsx, ods), OLE (xls)


def load_block(path: str | Path) -> Block:
    """Read and check block.toml or a block definition workbook; :class:`ConfigError` lists
    every problem with its key path (and, in a workbook, its cell)."""
    return load_config(path)[0]


def load_config(path: str | Path) -> tuple[Block, dict]:
    """The Block, and the raw tree it was read from (TOML's value types, whichever the file)."""
    if is_workbook(path):
        from ..intake.config_book import read_config_book   # intake reads files (and imports us)

        book = read_config_book(path)
        try:
            block = parse_block(book.raw, source=str(path), locate=book.locate,
                                refused=book.refused, problems=book.problems)
        except ConfigError as exc:
            raise ConfigError(exc.path, book.reword(exc.problems), exc.where) from None
        return block, book.raw
    raw = read_toml(path)
    return parse_block(raw, source=str(path)), raw


def is_workbook(path: str | Path) -> bool:
    """A spreadsheet by its name, or by its first bytes whatever its name."""
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    try:
        with open(path, "rb") as fh:
            return fh.read(4) in _WORKBOOK_MAGIC
    except OSError:
        return False


def parse_block(raw: dict, source: str = "<config>", *,
                locate: Callable[[str], str | None] | None = None,
                refused: dict[str, str] | None = None,
                problems: Iterable[tuple[str, str]] = ()) -> Block:
    """A Block from a raw tree (TOML's, or a workbook's): every key of every table is checked,
    the review tables included. ``locate(key path)`` names where a value was typed, if not TOML;
    ``refused`` and ``problems`` are a workbook's cells that could not be read and its shape's
    problems, reported with the rest."""
    reading = read(raw, BLOCK_FILE, locate=locate, refused=refused, problems=problems)
    v = reading.values
    b = v["block"]
    sections = _sections(v["sections"])
    units = _units(v["units"])
    awards = _awards(reading, v["awards"], {s.code for s in sections})
    _women_data(reading, awards, units)
    _legal_windows(reading, v["legal"])
    late = _late(reading, b["late_deduction"], sections)
    signers = _signers(reading, b["signers"])
    build_review(reading, v, raw, [u.code for u in units])
    reading.check(source)
    name = b["name"]
    return Block(
        id=b["id"], name=name, year=b["year"], province=b["province"],
        issuing_body=tuple(b["issuing_body"] or ([name] if name else [])),
        place=b["place"] if b["place"] is not None else b["province"],
        chair=b["chair"], deputy=b["deputy"], units=units, sections=sections, awards=awards,
        deadline=_in_zone(b["deadline"], b["timezone"]), contact=b["contact"],
        secretary=b["secretary"], meeting_date=b["meeting_date"], note=b["note"],
        late_deduction=late, timezone=b["timezone"], signers=signers,
        recipients=tuple(_bare(line) for line in b["recipients"] or ()), source=source,
        evidence_example=b["evidence_example"],
        extra={k: t for k, t in raw.items() if k not in MODEL_TABLES},
    )


def _in_zone(moment: datetime | None, zone: str) -> datetime | None:
    """A deadline written with an offset (``+07:00``), as the block's wall-clock time."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def _sections(items: list[dict]) -> tuple[Section, ...]:
    return tuple(Section(code=s["code"] or "", title=s["title"] or "", criteria=tuple(
        Criterion(code=c["code"] or "", text=c["text"] or "", max=c["max"] or 0.0,
                  kind=c["kind"] or s["kind"], section=s["code"] or "",
                  evidence_required=c["evidence_required"])
        for c in s["criteria"])) for s in items)


def _units(items: list[dict]) -> tuple[Unit, ...]:
    return tuple(Unit(
        code=u["code"] or "", name=u["name"] or "",
        short_name=u["short_name"] if u["short_name"] is not None else u["name"] or "",
        emails=tuple(u["emails"]), not_applicable=frozenset(u["not_applicable"]),
        aliases=tuple(u["aliases"]), women_share=u["women_share"],
        not_participating=u["not_participating"]) for u in items)


def _awards(reading: Reading, a: dict, section_codes: set[str]) -> AwardRules:
    m = a["merit"]
    if m["count"] is not None and m["fraction"] is not None:
        reading.fail("awards.merit", "chỉ khai báo một trong hai: count hoặc fraction")
    given = m["count"] is not None or m["fraction"] is not None
    paths = reading.item_paths.get("awards.tie_breakers", [])
    for path, name in zip(paths, a["tie_breakers"]):
        if not _valid_tie_breaker(name, section_codes):
            reading.fail(path, f"không hiểu tiêu chí phụ '{name}'; dùng section:<mã nhóm>, bonus, "
                               "fewer_deductions, base, votes hoặc women_share")
    return AwardRules(
        flag=FlagRule(count=a["flag"]["count"], min_score=a["flag"]["min_score"]),
        merit=MeritRule(count=m["count"] if given else 0, fraction=m["fraction"],
                        rounding=m["rounding"], min_score=m["min_score"], base=m["base"]),
        exclusions=tuple(Exclusion(unit=e["unit"] or "", reason=e["reason"] or "")
                         for e in a["exclusions"]),
        tie_breakers=tuple(a["tie_breakers"]))


def _women_data(reading: Reading, awards: AwardRules, units: tuple[Unit, ...]) -> None:
    """The ``women_share`` tie-breaker needs every unit's share: a missing one would rank silently."""
    if "women_share" not in awards.tie_breakers:
        return
    missing = [u.code for u in units if u.women_share is None]
    if missing:
        paths = reading.item_paths.get("awards.tie_breakers", [])
        path = next((p for p, n in zip(paths, awards.tie_breakers) if n == "women_share"),
                    "awards.tie_breakers")
        reading.fail(path,
                     "tiêu chí phụ women_share cần tỷ lệ nữ (`women_share`) của mọi đơn vị; "
                     f"chưa ghi cho: {', '.join(missing)}")


def _legal_windows(reading: Reading, legal: dict) -> None:
    """A text of ``[[legal.extra]]`` in force from a day after its last day would never be cited."""
    for i, text in enumerate(legal["extra"], 1):
        path = f"legal.extra[{i}]"
        start, end = text["effective_from"], text["effective_to"]
        if start is not None and end is not None and end < start:
            reading.fail(f"{path}.effective_to", f"cần ngày từ {start.isoformat()} "
                         f"(effective_from) trở đi, nhận được {end.isoformat()}")


def _late(reading: Reading, t: dict, sections: tuple[Section, ...]) -> tuple[str, float] | None:
    """``[block] late_deduction = { criterion = "VIII.2", points = 2 }``: applied to a late file."""
    code, points = t["criterion"], t["points"]
    if not reading.seen("block.late_deduction") or code is None or points is None:
        return None
    crit = next((c for s in sections for c in s.criteria if c.code == code), None)
    if crit is None:
        return None                       # the reader said so: not in [[sections.criteria]]
    if crit.kind != "deduction":
        reading.fail("block.late_deduction.criterion",
                     f"cần mã một tiêu chí điểm trừ (deduction); '{code}' là tiêu chí {crit.kind}")
        return None
    if points > crit.max:
        reading.fail("block.late_deduction.points",
                     f"cần số điểm lớn hơn 0 và không quá {crit.max:g} (điểm tối đa của {code}), "
                     f"nhận được {points:g}")
        return None
    return code, points


def _signers(reading: Reading, items: list[dict]) -> tuple[Signer, ...]:
    """``[[block.signers]]``: one person per role."""
    first: dict[str, int] = {}
    for i, s in enumerate(items, 1):
        role = s["role"]
        if role is None:
            continue
        if role in first:
            word = SIGNER_ROLE_WORDS[SIGNER_ROLES.index(role)]
            reading.fail(f"block.signers[{i}].role", f"tư cách {word} ('{role}') bị trùng (đã có "
                                                     f"ở block.signers[{first[role]}].role)")
        first.setdefault(role, i)
    return tuple(Signer(role=s["role"] or "", title=s["title"] or "", name=s["name"] or "")
                 for s in items)


def _bare(line: str) -> str:
    """A recipient line without the list's marks: a leading '-' and a closing ';' or '.'."""
    return line.lstrip("-–•+* \t").rstrip(";.,: \t")


def _valid_tie_breaker(name: str, section_codes: set[str]) -> bool:
    if name.startswith("section:"):
        return name.split(":", 1)[1] in section_codes
    return name in ("bonus", "fewer_deductions", "base", "votes", "women_share")


@per_block
def settings(block: Block) -> dict[str, dict]:
    """Typed values of block.toml's other tables (``history``, ``intake``, ...), defaults filled:
    what a new key of those tables is read through."""
    names = tuple(k.name for k in BLOCK_FILE.keys if k.name not in MODEL_TABLES)
    reading = read({k: t for k, t in block.extra.items() if k in names}, BLOCK_FILE.only(*names),
                   known={UNIT: block.unit_codes})
    reading.check(block.source or "<config>")
    return reading.values
