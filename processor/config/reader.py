"""The one config reader: walks a raw tree (nested dicts and lists, from TOML or a workbook) with
a schema and returns typed values plus every problem at once, each named by its key path.

Key paths count positions from 1 as people do (``units[14].short_name``); a key that is not bare
is quoted (``history.aliases."Sở Y tế"``). ``locate(path)`` may name where a value was typed
(``Đơn vị!C5``); messages then show it beside the key path. A workbook's reader turns each cell
into the value TOML would give; a cell it cannot turn is ``refused`` with its own message.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Callable, Iterable

from .spec import Array, Bad, Key, ListOf, MapOf, Namespace, Scalar, Table, show, suggest


class ConfigError(Exception):
    """A broken config; ``problems`` is a list of (key path, message) pairs, ``where`` maps a key
    path to the place it was typed when that is not the key path itself (a workbook cell)."""

    def __init__(self, path: str, problems: list[tuple[str, str]],
                 where: dict[str, str] | None = None):
        self.path = path
        self.problems = problems
        self.where = dict(where or {})
        super().__init__(f"Tệp cấu hình {path} có lỗi:\n{problem_lines(problems, self.where)}")


def problem_lines(problems: list[tuple[str, str]], where: dict[str, str] | None = None) -> str:
    """``  - key: message`` per problem; a message's further lines are indented under it."""
    where = where or {}
    out = []
    for key, msg in problems:
        place = f"{where[key]} ({key})" if key in where else key
        out.append(f"  - {place}: {msg}".replace("\n", "\n      "))
    return "\n".join(out)


_BARE = re.compile(r"[A-Za-z0-9_-]+\Z")


def join(path: str, name: str) -> str:
    """``path.name``, with ``name`` quoted when it is not a bare TOML key."""
    part = _part(name)
    return f"{path}.{part}" if path else part


@lru_cache(maxsize=4096)
def _part(name: str) -> str:
    return name if _BARE.match(name) else json.dumps(name, ensure_ascii=False)


def label(path: str, array: bool = False) -> str:
    """A table as TOML writes its header: ``[awards.merit]``, ``[[units]]``."""
    bare = re.sub(r"\[\d+\]", "", path)
    return f"[[{bare}]]" if array else f"[{bare}]" if bare else "đầu tệp (ngoài mọi bảng)"


class Reading:
    """Typed values of one raw tree and its problems; builders add their own rules with ``fail``."""

    def __init__(self, root: Table, locate: Callable[[str], str | None] | None = None,
                 known: dict[Namespace, Iterable[str]] | None = None,
                 refused: dict[str, str] | None = None):
        self.root = root
        self.locate = locate
        self.refused = refused or {}           # key path -> why its cell could not be read
        self.problems: list[tuple[int, int, str, str]] = []    # (order, seq, key, message)
        self.where: dict[str, str] = {}
        self.order: dict[str, int] = {}       # container path -> where it starts
        self.ends: dict[str, int] = {}        # container path -> where it ends
        self.count = 0
        self.walking = False
        self.defined: dict[Namespace, dict[str, str]] = {}
        self.refs: list[tuple[Namespace, str, str, int]] = []
        self.item_paths: dict[str, list[str]] = {}     # a list's path -> its kept items' paths
        for ns, codes in (known or {}).items():
            self.defined[ns] = {c: "" for c in codes}
        self.values: dict = {}

    # -- problems ---------------------------------------------------------------------------
    def fail(self, path: str, message: str, at: int | None = None) -> None:
        """A problem at ``path``; sorted where the walk met it, or (after the walk) where the
        nearest container of ``path`` stands."""
        if at is None and self.walking:
            self.count += 1
            at = self.count
        elif at is None:
            at = self._ordinal(path)
        self.problems.append((at, len(self.problems), path, message))
        if self.locate is not None and path not in self.where:
            place = self.locate(path)
            if place:
                self.where[path] = place

    def _ordinal(self, path: str) -> int:
        """A container's own mark; for a key inside one, the end of its nearest container."""
        if path in self.order:
            return self.order[path]
        while path:
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
            if path in self.ends:
                return self.ends[path]
        return self.ends.get("", -1)

    def seen(self, path: str) -> bool:
        """The raw tree gave a table, array or list at ``path``."""
        return path in self.order

    def ordered_problems(self) -> list[tuple[str, str]]:
        """In the order the keys stand in the tree; a missing key at the end of its table."""
        return [(k, m) for _, _, k, m in sorted(self.problems, key=lambda p: (p[0], p[1]))]

    def check(self, source: str) -> None:
        """Raise :class:`ConfigError` with every problem, if there is any."""
        if self.problems:
            raise ConfigError(source, self.ordered_problems(), self.where)

    # -- walking ----------------------------------------------------------------------------
    def _mark(self, path: str) -> None:
        """Note where a container stands in the tree (problems are sorted by it)."""
        self.count += 1
        self.order.setdefault(path, self.count)

    def table(self, raw: Any, table: Table, path: str, what: str | None = None) -> dict:
        if not isinstance(raw, dict):
            self.fail(path, f"cần một bảng {what or label(path)}, nhận được {show(raw)}")
            return self.defaults(table)
        self._mark(path)
        prefix = path + "." if path else ""
        by_name = table.by_name
        out: dict[str, Any] = {}
        for name, value in raw.items():
            key = by_name.get(name)
            sub = prefix + _part(str(name))
            if key is None:
                self.fail(sub, self._unknown(str(name), table, path))
            elif self.refused and sub in self.refused:
                self.fail(sub, self.refused[sub])
                out[name] = key.fresh()
            elif isinstance(key.type, Scalar):
                got = self.scalar(value, key.type, sub)
                out[name] = key.fresh() if got is _REFUSED else got
            else:
                out[name] = self.value(value, key, sub)
        if len(out) < len(table.keys):
            self.count += 1
            end = self.count
            for key in table.keys:
                if key.name in out or key.name in raw:
                    continue
                if key.required:
                    self.fail(prefix + _part(key.name), "thiếu (bắt buộc)", at=end)
                out[key.name] = key.fresh()
        self.ends[path] = self.count
        return out

    def defaults(self, table: Table) -> dict:
        return {k.name: k.fresh() for k in table.keys}

    def value(self, raw: Any, key: Key, path: str) -> Any:
        kind = key.type
        if isinstance(kind, Table):
            return self.table(raw, kind, path)
        if isinstance(kind, Array):
            return self.array(raw, kind, path)
        if isinstance(kind, ListOf):
            return self.list(raw, kind, path, key)
        if isinstance(kind, MapOf):
            return self.map(raw, kind, path, key)
        got = self.scalar(raw, kind, path)
        return key.fresh() if got is _REFUSED else got

    def scalar(self, raw: Any, kind: Scalar, path: str) -> Any:
        try:
            value = kind.convert(raw)
        except Bad as exc:
            self.fail(path, str(exc))
            return _REFUSED
        if kind.defines is not None:
            codes = self.defined.setdefault(kind.defines, {})
            if value in codes:
                first = f" (đã có ở {codes[value]})" if codes[value] else ""
                self.fail(path, f"{kind.defines.label} '{value}' bị trùng{first}")
            else:
                codes[value] = path
        if kind.refers is not None:
            self.count += 1                 # its problem, if any, sorts where it stands
            self.refs.append((kind.refers, value, path, self.count))
        return value

    def array(self, raw: Any, kind: Array, path: str) -> list[dict]:
        home = label(path, array=True)
        if not isinstance(raw, list):
            self.fail(path, f"cần một hay nhiều bảng {home}, nhận được {show(raw)}")
            return []
        if len(raw) < kind.min_items:
            self.fail(path, f"cần ít nhất {kind.min_items} bảng {home}")
        self._mark(path)
        out = [self.table(item, kind.table, f"{path}[{i}]", home) for i, item in enumerate(raw, 1)]
        self.ends[path] = self.count
        return out

    def list(self, raw: Any, kind: ListOf, path: str, key: Key) -> list:
        if not isinstance(raw, list):
            example = f" (ví dụ {key.example})" if key.example else ""
            self.fail(path, f"cần một danh sách [...]{example}, nhận được {show(raw)}")
            return key.fresh() or []
        self._mark(path)
        out: list = []
        kept = self.item_paths[path] = []
        first: dict[Any, str] = {}
        for i, item in enumerate(raw, 1):
            sub = f"{path}[{i}]"
            value = self.scalar(item, kind.item, sub)
            if value is _REFUSED:
                continue
            if kind.unique and value in first:
                what = kind.item.refers.label if kind.item.refers else "giá trị"
                self.fail(sub, f"{what} '{value}' bị trùng (đã có ở {first[value]})")
                continue
            first.setdefault(value, sub)
            out.append(value)
            kept.append(sub)
        self.ends[path] = self.count
        return out

    def map(self, raw: Any, kind: MapOf, path: str, key: Key) -> dict:
        if not isinstance(raw, dict):
            self.fail(path, f"cần một bảng {label(path)} dạng KHÓA = giá trị, nhận được {show(raw)}")
            return {}
        self._mark(path)
        out = {}
        for name, value in raw.items():
            sub = join(path, str(name))
            if self.refused and sub in self.refused:
                self.fail(sub, self.refused[sub])
                continue
            k = self.scalar(name, kind.key, sub)
            v = self.scalar(value, kind.value, sub)
            if k is not _REFUSED and v is not _REFUSED:
                out[k] = v
        self.ends[path] = self.count
        return out

    def resolve(self) -> None:
        """Check every reference against the codes defined (or known) by then."""
        hints = 50                          # suggestions cost a scan of the codes each
        for ns, value, path, at in self.refs:
            codes = self.defined.get(ns)
            if not codes or value in codes or value == "":
                continue
            hints -= 1
            close = suggest(value, codes) if hints >= 0 else None
            hint = f"; có phải '{close}'?" if close else ""
            self.fail(path, f"{ns.label} '{value}' không có trong {ns.home}{hint}", at=at)
        self.refs.clear()

    # -- unknown keys -----------------------------------------------------------------------
    def _unknown(self, name: str, table: Table, path: str) -> str:
        close = suggest(name, table.by_name)
        if close:
            return f"khóa không có; có phải '{close}'?"
        here = ", ".join(table.by_name)
        homes = _homes(self.root).get(name.strip().casefold())
        if homes:
            return (f"khóa không có ở {label(path, path.endswith(']'))}; '{name}' thuộc "
                    f"{', '.join(homes)} (các khóa ở đây: {here})")
        return f"khóa không có; các khóa dùng được ở đây: {here}"


_REFUSED = object()


def _homes(root: Table) -> dict[str, list[str]]:
    """Every key name of a schema -> the tables that declare it (``[awards]``, ``[[units]]``);
    worked out once per schema."""
    cached = getattr(root, "homes", None)
    if cached is not None:
        return cached
    homes: dict[str, list[str]] = {}

    def walk(table: Table, path: str, array: bool) -> None:
        for key in table.keys:
            homes.setdefault(key.name.casefold(), []).append(label(path, array))
            if isinstance(key.type, Table):
                walk(key.type, join(path, key.name), False)
            elif isinstance(key.type, Array):
                walk(key.type.table, join(path, key.name), True)
    walk(root, "", False)
    root.homes = homes
    return homes


def read(raw: Any, root: Table, *, locate: Callable[[str], str | None] | None = None,
         known: dict[Namespace, Iterable[str]] | None = None,
         refused: dict[str, str] | None = None,
         problems: Iterable[tuple[str, str]] = ()) -> Reading:
    """Walk ``raw`` with ``root``: ``reading.values`` (typed, defaults filled) and its problems.

    ``known``: codes of a namespace that the tree refers to but does not define itself (the
    block's unit codes when only the review tables are read). ``refused``: key paths whose
    value could not be read, with why. ``problems``: (place, message) found before the tree
    was made (a workbook's unknown sheet or column), listed first."""
    reading = Reading(root, locate, known, refused)
    for place, message in problems:           # already named by their place: not located
        reading.problems.append((0, len(reading.problems), place, message))
    reading.walking = True
    reading.values = reading.table(raw, root, "", "(cả tệp)")
    reading.walking = False
    reading.resolve()
    return reading
