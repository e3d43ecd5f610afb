"""Past years from a TOML file a secretary writes (format: ``docs/history.md``; the demo's is
``demo/history.toml``): read, validated in one place (:func:`parse_history`), every problem
listed with its key path."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..config.block import Block, ConfigError
from ..config.tomlfile import read_toml
from ..labels import label
from ..text import normalize_text
from .aliases import fold, history_aliases
from .table import AWARDS, POSITIONS, Outcome


class HistoryImportError(ConfigError):
    """A broken import file; ``problems`` is a list of (key path, message) pairs."""

    def __init__(self, path: str, problems: list[tuple[str, str]]):
        super().__init__(path, problems)
        lines = "\n".join(f"  - {key}: {msg}" for key, msg in problems)
        self.args = (f"Tệp lịch sử {path} có lỗi:\n{lines}",)

    def __str__(self) -> str:
        return self.args[0]


@dataclass
class ImportedYear:
    year: int
    block_name: str
    conference: str | None
    chair: str | None
    deputy: str | None
    next_chair: str | None
    next_deputy: str | None
    note: str
    members_known: bool
    outcomes: list[Outcome]
    position: int = 0          # 1-based place of the year's table in the file


@dataclass
class HistoryFile:
    block_id: str
    block_name: str
    units: dict[str, str]
    years: list[ImportedYear]


_YEAR_KEYS = {"year", "conference", "block_name", "chair", "deputy", "next_chair", "next_deputy",
              "members", "leader", "second", "third", "flag", "merit", "note", "source",
              "scores", "ranks"}
_TOP_KEYS = {"block", "block_name", "units", "years"}


def load_history_file(path: str | Path, block: Block | None = None) -> HistoryFile:
    """Read and validate an import file; :class:`HistoryImportError` lists every problem."""
    raw = read_toml(path, HistoryImportError)
    return parse_history(raw, block, source=str(path))


def parse_history(raw: dict, block: Block | None = None, source: str = "<history>") -> HistoryFile:
    problems: list[tuple[str, str]] = []

    def fail(key: str, msg: str) -> None:
        problems.append((key, msg))

    for key in sorted(set(raw) - _TOP_KEYS):
        fail(key, "khóa không được hỗ trợ (dùng block, block_name, [units], [[years]])")

    block_id = raw.get("block", block.id if block else None)
    if not isinstance(block_id, str) or not block_id.strip():
        fail("block", "thiếu mã khối (block = \"...\"), hoặc chạy kèm tệp cấu hình khối")
        block_id = ""
    block_id = block_id.strip()
    if block is not None and block_id and block_id != block.id:
        fail("block", f"mã khối '{block_id}' khác mã khối trong cấu hình '{block.id}'")
    block_name = raw.get("block_name", block.name if block else block_id)
    if not isinstance(block_name, str):
        fail("block_name", f"cần chuỗi ký tự, nhận được {block_name!r}")
        block_name = block_id
    block_name = normalize_text(block_name)

    units: dict[str, str] = {}
    raw_units = raw.get("units", {})
    if not isinstance(raw_units, dict):
        fail("units", "cần một bảng [units] dạng MÃ = \"Tên đơn vị\"")
        raw_units = {}
    for code, name in raw_units.items():
        if not isinstance(name, str) or not normalize_text(name):
            fail(f"units.{code}", f"cần tên đơn vị (chuỗi ký tự), nhận được {name!r}")
            continue
        if not code.replace("-", "").replace("_", "").isalnum():
            fail(f"units.{code}", "mã đơn vị chỉ dùng chữ, số, '-' và '_'")
        units[code] = normalize_text(name)

    known: dict[str, str] = {}
    if block is not None:
        known.update({u.code: u.name for u in block.units})
    known.update(units)
    alias_keys = set(history_aliases(block))

    def unit_code(value, key: str) -> str | None:
        if not isinstance(value, str) or not normalize_text(value):
            fail(key, f"cần mã đơn vị (chuỗi ký tự), nhận được {value!r}")
            return None
        code = normalize_text(value)
        if block is not None and code not in known and fold(code) not in alias_keys:
            fail(key, f"mã đơn vị '{code}' không có trong [[units]] của cấu hình khối, cũng không "
                      "có trong bảng [units] của tệp lịch sử")
            return None
        return code

    def code_list(y: dict, key: str, path: str) -> list[str]:
        value = y.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            fail(f"{path}.{key}", f"cần danh sách mã đơn vị, nhận được {value!r}")
            return []
        out = []
        for j, v in enumerate(value):
            code = unit_code(v, f"{path}.{key}[{j + 1}]")
            if code is None:
                continue
            if code in out:
                fail(f"{path}.{key}[{j + 1}]", f"mã đơn vị '{code}' bị trùng")
                continue
            out.append(code)
        return out

    def opt_code(y: dict, key: str, path: str) -> str | None:
        if key not in y:
            return None
        return unit_code(y[key], f"{path}.{key}")

    def number_table(y: dict, key: str, path: str, kind: type) -> dict[str, Any]:
        value = y.get(key, {})
        if not isinstance(value, dict):
            fail(f"{path}.{key}", f"cần một bảng [{path}.{key}] dạng MÃ = số")
            return {}
        out = {}
        for code, v in value.items():
            c = unit_code(code, f"{path}.{key}.{code}")
            if c is None:
                continue
            ok = isinstance(v, (int, float)) and not isinstance(v, bool)
            if kind is int and not isinstance(v, int):
                ok = False
            if not ok or v < (1 if kind is int else 0):
                want = "số nguyên từ 1" if kind is int else "số không âm"
                fail(f"{path}.{key}.{code}", f"cần {want}, nhận được {v!r}")
                continue
            out[c] = kind(v)
        return out

    years: list[ImportedYear] = []
    raw_years = raw.get("years")
    if raw_years is None:
        fail("years", "thiếu (bắt buộc): cần ít nhất một bảng [[years]]")
        raw_years = []
    elif not isinstance(raw_years, list) or not raw_years:
        fail("years", "cần ít nhất một bảng [[years]]")
        raw_years = []
    seen_years: dict[int, int] = {}
    for i, y in enumerate(raw_years):
        path = f"years[{i + 1}]"
        if not isinstance(y, dict):
            fail(path, "cần một bảng [[years]]")
            continue
        for key in sorted(set(y) - _YEAR_KEYS):
            fail(f"{path}.{key}", "khóa không được hỗ trợ; xem docs/history.md")
        year = y.get("year")
        if "year" not in y:
            fail(f"{path}.year", "thiếu (bắt buộc)")
            year = 0
        elif not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
            fail(f"{path}.year", f"cần năm (số nguyên 1990–2100), nhận được {year!r}")
            year = 0
        elif year in seen_years:
            fail(f"{path}.year", f"năm {year} đã khai báo ở years[{seen_years[year]}]")
        else:
            seen_years[year] = i + 1
        if block is not None and year and year > block.year:
            fail(f"{path}.year", f"năm {year} sau năm của cấu hình khối ({block.year})")
        conf = y.get("conference")
        if conf is not None:
            if isinstance(conf, datetime):
                conf = conf.date()
            if not isinstance(conf, date):
                fail(f"{path}.conference", f"cần ngày dạng 2015-01-08, nhận được {conf!r}")
                conf = None
        texts = {}
        for key in ("note", "source", "block_name"):
            v = y.get(key, "")
            if not isinstance(v, str):
                fail(f"{path}.{key}", f"cần chuỗi ký tự, nhận được {v!r}")
                v = ""
            texts[key] = normalize_text(v)
        members = code_list(y, "members", path)
        members_known = "members" in y
        positions = {p: code_list(y, p, path) for p in POSITIONS}
        awards = {a: code_list(y, a, path) for a in AWARDS}
        scores = number_table(y, "scores", path, float)
        ranks = number_table(y, "ranks", path, int)
        chair, deputy = opt_code(y, "chair", path), opt_code(y, "deputy", path)
        next_chair, next_deputy = opt_code(y, "next_chair", path), opt_code(y, "next_deputy", path)

        where: dict[str, str] = {}
        for p in POSITIONS:
            for j, code in enumerate(positions[p]):
                if code in where:
                    fail(f"{path}.{p}[{j + 1}]",
                         f"đơn vị '{code}' đã xếp vị trí {label('history.' + where[code])}")
                where.setdefault(code, p)
        if awards["flag"] and awards["merit"]:
            for j, code in enumerate(awards["merit"]):
                if code in awards["flag"]:
                    fail(f"{path}.merit[{j + 1}]", f"đơn vị '{code}' đã được đề nghị Cờ thi đua")
        if members_known:
            named = [(f"{path}.{k}", lst) for k, lst in
                     [*positions.items(), *awards.items(),
                      ("scores", list(scores)), ("ranks", list(ranks))]]
            named += [(f"{path}.{k}", [v]) for k, v in (("chair", chair), ("deputy", deputy))
                      if v]
            for key, lst in named:
                for code in lst:
                    if code not in members:
                        fail(key, f"đơn vị '{code}' không có trong {path}.members")

        order = list(members)
        for lst in [*positions.values(), *awards.values(), list(scores), list(ranks),
                    [c for c in (chair, deputy) if c]]:
            order += [c for c in lst if c not in order]
        # ties among imported ranks: equal ranks are shared places
        rank_counts: dict[int, int] = {}
        for r in ranks.values():
            rank_counts[r] = rank_counts.get(r, 0) + 1
        outcomes = []
        for code in order:
            pos = where.get(code)
            award = "flag" if code in awards["flag"] else ("merit" if code in awards["merit"]
                                                          else None)
            rank = ranks.get(code)
            tied = (rank is not None and rank_counts[rank] > 1) or (
                pos is not None and len(positions[pos]) > 1)
            outcomes.append(Outcome(code=code, name=known.get(code, code), status="reported",
                                    final_score=scores.get(code), rank=rank, tied=tied,
                                    position=pos, award=award))
        note = texts["note"]
        if texts["source"]:
            note = f"{note} ({texts['source']})" if note else texts["source"]
        years.append(ImportedYear(
            year=year, block_name=texts["block_name"], conference=conf.isoformat() if conf else None,
            chair=chair, deputy=deputy, next_chair=next_chair, next_deputy=next_deputy,
            note=note, members_known=members_known, outcomes=outcomes, position=i + 1))

    if problems:
        raise HistoryImportError(source, problems)
    years.sort(key=lambda y: y.year)
    return HistoryFile(block_id=block_id, block_name=block_name, units=units, years=years)
