"""The block's configuration: block.toml -> a typed, validated model.

Every problem is reported with its key path (``units[3].code``) and what was expected, as a
:class:`ConfigError`; the CLI turns it into exit code 2 instead of a traceback.
"""
from __future__ import annotations

import hashlib
import json
import tomllib
import weakref
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Callable, TypeVar

KINDS = ("score", "bonus", "deduction")
TEMPLATE_VERSION = "1"


class ConfigError(Exception):
    """A broken block config; ``problems`` is a list of (key path, message) pairs."""

    def __init__(self, path: str, problems: list[tuple[str, str]]):
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {key}: {msg}" for key, msg in problems)
        super().__init__(f"Tệp cấu hình {path} có lỗi:\n{lines}")


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


@dataclass(frozen=True)
class Exclusion:
    unit: str
    reason: str


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
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

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

class _Reader:
    """Pulls typed values out of the TOML tree, collecting every problem with its key path."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, key: str, msg: str) -> None:
        self.problems.append((key, msg))

    def get(self, table: dict, key: str, path: str, kind: type | tuple, *, required=True, default=None):
        full = f"{path}.{key}" if path else key
        if key not in table:
            if required:
                self.fail(full, "thiếu (bắt buộc)")
            return default
        value = table[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) and bool not in kinds:
            self.fail(full, f"cần {_kind_name(kinds)}, nhận được {value!r}")
            return default
        if not isinstance(value, kinds):
            self.fail(full, f"cần {_kind_name(kinds)}, nhận được {value!r}")
            return default
        if isinstance(value, str):
            value = value.strip()
        return value


def _kind_name(kinds: tuple) -> str:
    names = {str: "chuỗi ký tự", int: "số nguyên", float: "số", bool: "true/false", list: "danh sách",
             dict: "bảng", datetime: "ngày giờ", date: "ngày"}
    return " hoặc ".join(names.get(k, k.__name__) for k in kinds)


def load_block(path: str | Path) -> Block:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), [("(tệp)", "không tìm thấy tệp cấu hình")]) from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), [("(tệp)", "tệp không phải UTF-8")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [("(cú pháp TOML)", str(exc))]) from None
    block = parse_block(raw, source=str(path))
    from .review import review_config

    review_config(block)          # [review], [cross_scoring], [ballots], ... : ConfigError early
    return block


def parse_block(raw: dict, source: str = "<config>") -> Block:
    from ..text import normalize_text

    r = _Reader()
    b = r.get(raw, "block", "", dict, default={}) or {}
    block_id = r.get(b, "id", "block", str, default="")
    name = normalize_text(r.get(b, "name", "block", str, default=""))
    year = r.get(b, "year", "block", int, default=0)
    if year and not 1990 <= year <= 2100:
        r.fail("block.year", f"năm không hợp lệ: {year}")
    province = normalize_text(r.get(b, "province", "block", str, default=""))
    body = r.get(b, "issuing_body", "block", (str, list), required=False, default=name) or name
    lines = body.splitlines() if isinstance(body, str) else [str(x) for x in body]
    issuing_body = tuple(t for t in (normalize_text(x) for x in lines) if t)
    place = normalize_text(r.get(b, "place", "block", str, required=False, default=province))
    chair = r.get(b, "chair", "block", str, default="")
    deputy = r.get(b, "deputy", "block", str, required=False, default=None)
    contact = normalize_text(r.get(b, "contact", "block", str, required=False, default=""))
    secretary = normalize_text(r.get(b, "secretary", "block", str, required=False, default=""))
    note = normalize_text(r.get(b, "note", "block", str, required=False, default=""))
    deadline = r.get(b, "deadline", "block", (datetime, date), required=False, default=None)
    if isinstance(deadline, date) and not isinstance(deadline, datetime):
        deadline = datetime.combine(deadline, time(23, 59, 59))
    meeting = r.get(b, "meeting_date", "block", (date,), required=False, default=None)
    if isinstance(meeting, datetime):
        meeting = meeting.date()
    if block_id and not block_id.replace("-", "").replace("_", "").isalnum():
        r.fail("block.id", "chỉ dùng chữ, số, '-' và '_'")

    sections = _parse_sections(r, raw)
    codes = {c.code for s in sections for c in s.criteria}
    units = _parse_units(r, raw, codes)
    unit_codes = {u.code for u in units}
    for key, value in (("block.chair", chair), ("block.deputy", deputy)):
        if value and value not in unit_codes:
            r.fail(key, f"mã đơn vị '{value}' không có trong [[units]]")
    awards = _parse_awards(r, raw, unit_codes, {s.code for s in sections})
    _check_intake(r, raw)

    late = _parse_late(r, b, sections)
    if r.problems:
        raise ConfigError(source, r.problems)
    return Block(
        id=block_id, name=name, year=year, province=province, issuing_body=issuing_body,
        place=place, chair=chair, deputy=deputy, units=tuple(units), sections=tuple(sections),
        awards=awards, deadline=deadline, contact=contact, secretary=secretary,
        meeting_date=meeting, note=note, source=source, late_deduction=late,
        extra={k: v for k, v in raw.items() if k not in ("block", "units", "sections", "awards")},
    )


def _parse_late(r: _Reader, b: dict, sections: list[Section]) -> tuple[str, float] | None:
    """[block] late_deduction = { criterion = "VIII.2", points = 2 }: applied to a late file."""
    t = r.get(b, "late_deduction", "block", dict, required=False, default=None)
    if t is None:
        return None
    code = r.get(t, "criterion", "block.late_deduction", str, default="")
    points = r.get(t, "points", "block.late_deduction", float, default=0.0)
    crit = next((c for s in sections for c in s.criteria if c.code == code), None)
    if crit is None or crit.kind != "deduction":
        r.fail("block.late_deduction.criterion", f"cần mã một tiêu chí điểm trừ, nhận được {code!r}")
        return None
    if not 0 < points <= crit.max:
        r.fail("block.late_deduction.points", f"cần số điểm từ 0 đến {crit.max:g}, nhận được {points}")
        return None
    return code, points


def _parse_sections(r: _Reader, raw: dict) -> list[Section]:
    from ..text import normalize_text

    sections: list[Section] = []
    seen: set[str] = set()
    items = r.get(raw, "sections", "", list, default=[]) or []
    if not items:
        r.fail("sections", "cần ít nhất một nhóm tiêu chí [[sections]]")
    for i, s in enumerate(items):
        path = f"sections[{i}]"
        if not isinstance(s, dict):
            r.fail(path, "cần một bảng [[sections]]")
            continue
        scode = r.get(s, "code", path, str, default=f"?{i}")
        title = normalize_text(r.get(s, "title", path, str, default=""))
        default_kind = r.get(s, "kind", path, str, required=False, default="score")
        crits = []
        for j, c in enumerate(r.get(s, "criteria", path, list, default=[]) or []):
            cpath = f"{path}.criteria[{j}]"
            if not isinstance(c, dict):
                r.fail(cpath, "cần một bảng [[sections.criteria]]")
                continue
            code = r.get(c, "code", cpath, str, default="")
            kind = r.get(c, "kind", cpath, str, required=False, default=default_kind)
            mx = r.get(c, "max", cpath, float, default=0.0)
            if kind not in KINDS:
                r.fail(f"{cpath}.kind", f"cần một trong {', '.join(KINDS)}, nhận được {kind!r}")
            if mx is not None and mx <= 0:
                r.fail(f"{cpath}.max", f"điểm chuẩn phải lớn hơn 0, nhận được {mx}")
            if code in seen:
                r.fail(f"{cpath}.code", f"mã tiêu chí '{code}' bị trùng")
            if not code:
                r.fail(f"{cpath}.code", "mã tiêu chí không được để trống")
            seen.add(code)
            crits.append(Criterion(
                code=code, text=normalize_text(r.get(c, "text", cpath, str, default="")),
                max=mx or 0.0, kind=kind, section=scode,
                evidence_required=bool(r.get(c, "evidence_required", cpath, bool, required=False, default=False)),
            ))
        if not crits:
            r.fail(f"{path}.criteria", "nhóm tiêu chí cần ít nhất một tiêu chí")
        sections.append(Section(code=scode, title=title, criteria=tuple(crits)))
    return sections


def _parse_units(r: _Reader, raw: dict, criterion_codes: set[str]) -> list[Unit]:
    from ..text import normalize_text

    units: list[Unit] = []
    seen: set[str] = set()
    items = r.get(raw, "units", "", list, default=[]) or []
    if not items:
        r.fail("units", "cần ít nhất một đơn vị [[units]]")
    for i, u in enumerate(items):
        path = f"units[{i}]"
        if not isinstance(u, dict):
            r.fail(path, "cần một bảng [[units]]")
            continue
        code = r.get(u, "code", path, str, default="")
        if code in seen:
            r.fail(f"{path}.code", f"mã đơn vị '{code}' bị trùng")
        if not code or not code.replace("-", "").replace("_", "").isalnum():
            r.fail(f"{path}.code", f"mã đơn vị cần chữ và số, nhận được {code!r}")
        seen.add(code)
        name = normalize_text(r.get(u, "name", path, str, default=""))
        na = r.get(u, "not_applicable", path, list, required=False, default=[]) or []
        for crit in na:
            if crit not in criterion_codes:
                r.fail(f"{path}.not_applicable", f"tiêu chí '{crit}' không có trong [[sections]]")
        emails = r.get(u, "emails", path, list, required=False, default=[]) or []
        aliases = r.get(u, "aliases", path, list, required=False, default=[]) or []
        units.append(Unit(
            code=code, name=name,
            short_name=normalize_text(r.get(u, "short_name", path, str, required=False, default=name)),
            emails=tuple(str(e).strip().lower() for e in emails),
            not_applicable=frozenset(str(x) for x in na),
            aliases=tuple(normalize_text(str(a)) for a in aliases),
        ))
    return units


def _parse_awards(r: _Reader, raw: dict, unit_codes: set[str], section_codes: set[str]) -> AwardRules:
    a = r.get(raw, "awards", "", dict, required=False, default={}) or {}
    f = r.get(a, "flag", "awards", dict, required=False, default={}) or {}
    flag = FlagRule(
        count=r.get(f, "count", "awards.flag", int, required=False, default=1),
        min_score=r.get(f, "min_score", "awards.flag", float, required=False, default=0.0),
    )
    m = r.get(a, "merit", "awards", dict, required=False, default={}) or {}
    count = r.get(m, "count", "awards.merit", int, required=False, default=None)
    fraction = r.get(m, "fraction", "awards.merit", float, required=False, default=None)
    if count is not None and fraction is not None:
        r.fail("awards.merit", "chỉ khai báo một trong hai: count hoặc fraction")
    if fraction is not None and not 0 <= fraction <= 1:
        r.fail("awards.merit.fraction", f"cần một tỷ lệ từ 0 đến 1, nhận được {fraction}")
    rounding = r.get(m, "rounding", "awards.merit", str, required=False, default="floor")
    if rounding not in ("floor", "ceil", "nearest"):
        r.fail("awards.merit.rounding", f"cần floor, ceil hoặc nearest, nhận được {rounding!r}")
    merit = MeritRule(
        count=count if (count is not None or fraction is not None) else 0, fraction=fraction,
        rounding=rounding,
        min_score=r.get(m, "min_score", "awards.merit", float, required=False, default=0.0),
    )
    exclusions = []
    for i, e in enumerate(r.get(a, "exclusions", "awards", list, required=False, default=[]) or []):
        path = f"awards.exclusions[{i}]"
        if not isinstance(e, dict):
            r.fail(path, "cần một bảng {unit = ..., reason = ...}")
            continue
        unit = r.get(e, "unit", path, str, default="")
        reason = r.get(e, "reason", path, str, default="")
        if unit and unit not in unit_codes:
            r.fail(f"{path}.unit", f"mã đơn vị '{unit}' không có trong [[units]]")
        if not reason:
            r.fail(f"{path}.reason", "cần nêu lý do loại trừ")
        exclusions.append(Exclusion(unit=unit, reason=reason))
    breakers = r.get(a, "tie_breakers", "awards", list, required=False, default=[]) or []
    for i, tb in enumerate(breakers):
        if not _valid_tie_breaker(str(tb), section_codes):
            r.fail(f"awards.tie_breakers[{i}]",
                   f"không hiểu tiêu chí phụ {tb!r}; dùng section:<mã nhóm>, bonus, fewer_deductions")
    return AwardRules(flag=flag, merit=merit, exclusions=tuple(exclusions),
                      tie_breakers=tuple(str(t) for t in breakers))


def _check_intake(r: _Reader, raw: dict) -> None:
    from ..intake.sniff import Limits

    table = raw.get("intake")
    if table is None:
        return
    if not isinstance(table, dict):
        r.fail("intake", "cần một bảng [intake]")
        return
    try:
        Limits.from_config(table)
    except KeyError as exc:
        known = ", ".join(Limits.__dataclass_fields__)
        r.fail("intake", f"khóa không biết: {exc.args[0]}; dùng: {known}")
    except (TypeError, ValueError) as exc:
        r.fail("intake", str(exc))


def _valid_tie_breaker(name: str, section_codes: set[str]) -> bool:
    if name.startswith("section:"):
        return name.split(":", 1)[1] in section_codes
    return name in ("bonus", "fewer_deductions", "base", "votes")


_Built = TypeVar("_Built")


def per_block(build: Callable[["Block"], _Built]) -> Callable[["Block"], _Built]:
    """``build(block)`` computed once per Block object, and forgotten with the block (lookup
    indexes that would otherwise be rebuilt for every file or outcome: O(N²) in all)."""
    built: "weakref.WeakKeyDictionary[Block, _Built]" = weakref.WeakKeyDictionary()

    def get(block: "Block") -> _Built:
        value = built.get(block)
        if value is None:
            value = built[block] = build(block)
        return value
    return get
