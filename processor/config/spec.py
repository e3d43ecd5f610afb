"""The language config schemas are written in: keys, tables and value types.

A schema is data: each :class:`Key` says its name, value type, whether it is required or its
default, what it means (vi, en) and an example. :mod:`.reader` walks a raw tree with it and
:mod:`.doc` writes the reference from it. Value types convert one raw value or raise :class:`Bad`.
"""
from __future__ import annotations

import difflib
import math
from datetime import date, datetime, time
from typing import Any, Callable, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..text import normalize_text

MAX_INT = 2**53 - 1          # the largest integer a float (and a spreadsheet cell) holds exactly


class Bad(Exception):
    """A raw value refused by its type; the message (vi) says what was expected."""


def show(value: Any) -> str:
    """A raw value as a message quotes it: short, TOML-like, never a container's contents."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return f"'{text}'"
    if isinstance(value, int):
        if abs(value) < 10**40:
            return str(value)
        return f"một số nguyên khoảng {int(value.bit_length() * 0.30103) + 1} chữ số"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return "một bảng"
    if isinstance(value, list):
        return "một danh sách"
    return type(value).__name__


def suggest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest of ``choices`` to ``word`` (case and surrounding space ignored), or None."""
    folded: dict[str, str] = {}
    for c in choices:
        folded.setdefault(c.casefold(), c)
    key = word.strip().casefold()
    if key in folded:
        return folded[key]
    match = difflib.get_close_matches(key, list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None


def fmt(number: float) -> str:
    """A bound or limit as a message prints it: 100, 0.5, 9007199254740991."""
    return f"{number:g}" if isinstance(number, float) and abs(number) < 1e15 else str(number)


class Namespace:
    """Codes one part of a config defines (unit codes) and other parts refer to."""

    def __init__(self, name: str, label: str, en: str, home: str):
        self.name = name
        self.label = label          # "mã đơn vị"
        self.en = en                # "unit code"
        self.home = home            # "[[units]]"


# --- scalar value types -----------------------------------------------------------------------

class Scalar:
    """Base of the value types: ``convert(raw)`` or :class:`Bad`; ``doc()`` names it (vi, en).
    Options are keyword arguments over the class's defaults (plain classes: cheap to import)."""
    defines: Namespace | None = None    # each value is a new code of this namespace (unique)
    refers: Namespace | None = None     # each value must be a code of this namespace

    def __init__(self, **options: Any):
        for name, value in options.items():
            if not hasattr(type(self), name):
                raise TypeError(f"{type(self).__name__} has no option {name!r}")
            setattr(self, name, value)

    def convert(self, value: Any) -> Any:
        raise NotImplementedError

    def doc(self) -> tuple[str, str]:
        raise NotImplementedError


class Text(Scalar):
    normalize: bool = False     # NFC, zero-width removed, white space folded (names, titles)
    nonempty: bool = False
    lower: bool = False

    def convert(self, value):
        if not isinstance(value, str):
            raise Bad(f"cần chuỗi ký tự (đặt trong ngoặc kép), nhận được {show(value)}")
        text = normalize_text(value) if self.normalize else value.strip()
        if self.nonempty and not text:
            raise Bad("không được để trống")
        return text.lower() if self.lower else text

    def doc(self):
        if self.refers is not None:
            ns = self.refers
            return f"{ns.label} (có trong `{ns.home}`)", f"{ns.en} (from `{ns.home}`)"
        return "chuỗi", "string"


class Code(Text):
    """A short fixed code: letters and digits, with '-' and '_' inside."""
    nonempty: bool = True

    def convert(self, value):
        text = super().convert(value)
        if not text.replace("-", "").replace("_", "").isalnum():
            raise Bad(f"cần mã gồm chữ, số, '-' hoặc '_', nhận được {show(value)}")
        return text

    def doc(self):
        return "mã (chữ, số, `-`, `_`)", "code (letters, digits, `-`, `_`)"


class Integer(Scalar):
    lo: int | None = None
    hi: int = MAX_INT

    def convert(self, value):
        if isinstance(value, bool) or not isinstance(value, int):
            hint = " (viết số, không đặt trong ngoặc kép)" if _numeric_text(value) else ""
            raise Bad(f"cần số nguyên{hint}, nhận được {show(value)}")
        if value > self.hi == MAX_INT:
            raise Bad(f"số quá lớn (tối đa {MAX_INT}), nhận được {show(value)}")
        if (self.lo is not None and value < self.lo) or value > self.hi:
            raise Bad(f"cần {self._range()}, nhận được {show(value)}")
        return value

    def _range(self) -> str:
        if self.hi == MAX_INT:
            return f"số nguyên từ {self.lo} trở lên" if self.lo is not None else \
                f"số nguyên không quá {self.hi}"
        return f"số nguyên từ {self.lo} đến {self.hi}"

    def doc(self):
        if self.hi != MAX_INT:
            return f"số nguyên {self.lo}–{self.hi}", f"integer {self.lo}–{self.hi}"
        if self.lo is not None:
            return f"số nguyên ≥ {self.lo}", f"integer ≥ {self.lo}"
        return "số nguyên", "integer"


class Number(Scalar):
    lo: float | None = None
    hi: float | None = None
    above: bool = False         # lo itself is not allowed (> lo)

    def convert(self, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            hint = " (viết số, không đặt trong ngoặc kép)" if _numeric_text(value) else ""
            raise Bad(f"cần một số{hint}, nhận được {show(value)}")
        raw = value
        if isinstance(value, int):
            if abs(value) > MAX_INT:
                raise Bad(f"số quá lớn, nhận được {show(value)}")
            value = float(value)
        if math.isnan(value):
            raise Bad("cần một số, nhận được nan (không phải số)")
        if math.isinf(value) or abs(value) > MAX_INT:
            raise Bad(f"số quá lớn hoặc vô hạn, nhận được {show(raw)}")
        low = self.lo is not None and (value <= self.lo if self.above else value < self.lo)
        if low or (self.hi is not None and value > self.hi):
            raise Bad(f"cần {self._range()}, nhận được {show(raw)}")
        return value

    def _range(self) -> str:
        lo, hi = self.lo, self.hi
        if lo is not None and hi is not None:
            return f"số lớn hơn {fmt(lo)} và không quá {fmt(hi)}" if self.above else \
                f"số từ {fmt(lo)} đến {fmt(hi)}"
        if lo is not None:
            return f"số lớn hơn {fmt(lo)}" if self.above else f"số từ {fmt(lo)} trở lên"
        return f"số không quá {fmt(hi)}"

    def doc(self):
        lo, hi = self.lo, self.hi
        if lo is not None and hi is not None:
            op = ">" if self.above else ""
            return f"số {op}{fmt(lo)}–{fmt(hi)}", f"number {op}{fmt(lo)}–{fmt(hi)}"
        if lo is not None:
            op = ">" if self.above else "≥"
            return f"số {op} {fmt(lo)}", f"number {op} {fmt(lo)}"
        return "số", "number"


def _numeric_text(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value.strip().replace(",", "."))
        return True
    except ValueError:
        return False


class Boolean(Scalar):
    def convert(self, value):
        if not isinstance(value, bool):
            raise Bad(f"cần true hoặc false (viết thường, không ngoặc kép), nhận được {show(value)}")
        return value

    def doc(self):
        return "`true`/`false`", "`true`/`false`"


class Choice(Scalar):
    values: tuple[str, ...] = ()
    words: tuple[str, ...] = ()     # each value as a workbook shows it (vi), same order

    def convert(self, value):
        if not isinstance(value, str) or value.strip() not in self.values:
            close = suggest(value, self.values) if isinstance(value, str) else None
            hint = f"; có phải '{close}'?" if close else ""
            raise Bad(f"cần một trong {', '.join(self.values)}, nhận được {show(value)}{hint}")
        return value.strip()

    def doc(self):
        names = ", ".join(f"`{v}`" for v in self.values)
        return f"một trong {names}", f"one of {names}"


class Day(Scalar):
    """A date; a date-time gives its date."""
    def convert(self, value):
        if isinstance(value, datetime):
            return value.date()
        if not isinstance(value, date):
            raise Bad(f"cần ngày dạng 2021-01-04 (không ngoặc kép), nhận được {show(value)}")
        return value

    def doc(self):
        return "ngày", "date"


class Moment(Scalar):
    """A date-time; a bare date means the end of that day (23:59:59)."""
    def convert(self, value):
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime.combine(value, time(23, 59, 59))
        raise Bad("cần ngày giờ dạng 2020-12-20T17:00:00 hoặc ngày 2020-12-20 (không ngoặc kép), "
                  f"nhận được {show(value)}")

    def doc(self):
        return "ngày giờ hoặc ngày", "date-time or date"


class Zone(Scalar):
    """An IANA time zone name, checked against the time zone database (``tzdata`` on Windows)."""
    def convert(self, value):
        if not isinstance(value, str) or not value.strip():
            raise Bad(f"cần tên múi giờ, ví dụ 'Asia/Ho_Chi_Minh', nhận được {show(value)}")
        name = value.strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            close = suggest(name, sorted(available_timezones()), cutoff=0.8)
            hint = f"có phải '{close}'?" if close else "giờ Việt Nam là 'Asia/Ho_Chi_Minh'"
            raise Bad(f"không có múi giờ {show(name)}; {hint}") from None
        return name

    def doc(self):
        return "múi giờ IANA", "IANA time zone"


class Lines(Scalar):
    """Text lines: one string (lines split at line breaks) or a list of strings."""
    def convert(self, value):
        if isinstance(value, str):
            value = value.splitlines()
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise Bad(f"cần chuỗi ký tự hoặc danh sách chuỗi, nhận được {show(value)}")
        return [t for t in (normalize_text(x) for x in value) if t]

    def doc(self):
        return "chuỗi (nhiều dòng) hoặc danh sách chuỗi", "string (lines) or list of strings"


class Custom(Scalar):
    """A value its own function reads: ``parse(raw)`` returns the value or None when refused."""
    parse: Callable[[Any], Any] = staticmethod(lambda v: v)
    expected: str = ""
    vi: str = ""
    en: str = ""

    def convert(self, value):
        parsed = self.parse(value)
        if parsed is None:
            raise Bad(f"cần {self.expected}; nhận được {show(value)}")
        return parsed

    def doc(self):
        return self.vi, self.en


# --- containers ---------------------------------------------------------------------------------

class ListOf:
    def __init__(self, item: Scalar, unique: bool = False):
        self.item = item
        self.unique = unique

    def doc(self) -> tuple[str, str]:
        if isinstance(self.item, Choice):
            names = ", ".join(f"`{v}`" for v in self.item.values)
            return f"danh sách các giá trị {names}", f"list of {names}"
        vi, en = self.item.doc()
        return f"danh sách {vi}", f"list, each a {en}"


class MapOf:
    """A table whose keys are data (a unit code, an old name), each with a value of one type.
    ``labels``: its two columns' headers in a workbook (vi)."""

    def __init__(self, key: Scalar, value: Scalar, labels: tuple[str, str] = ("", "")):
        self.key = key
        self.value = value
        self.labels = labels

    def doc(self) -> tuple[str, str]:
        kv, ke = self.key.doc()
        vv, ve = self.value.doc()
        return f"bảng {kv} = {vv}", f"table {ke} = {ve}"


class Key:
    """One key of a table: its value type, required or its default, meaning and example, and
    how a block definition workbook shows it (``label_vi``; a top-level table's ``sheet``)."""

    def __init__(self, name: str, type: Any, vi: str, en: str, *, required: bool = False,
                 default: Any = None, derived: tuple[str, str] | None = None, example: str = "",
                 label_vi: str = "", sheet: str = "", hint_vi: str = ""):
        self.name = name
        self.type = type                    # a Scalar, ListOf, MapOf, Table or Array
        self.vi = vi                        # what it means, Vietnamese
        self.en = en                        # and English
        self.required = required
        self.default = default
        self.derived = derived              # a default computed from other keys, described
        self.example = example              # TOML, as a user writes it
        self.label_vi = label_vi            # its row label or column header in a workbook
        self.sheet = sheet                  # the workbook sheet of a top-level table
        self.hint_vi = hint_vi              # the meaning in a workbook's words, when vi is TOML's

    def fresh(self) -> Any:
        """The default as a new value (a table's defaults, a copy of a list)."""
        if isinstance(self.type, Table):
            return {k.name: k.fresh() for k in self.type.keys}
        if isinstance(self.type, Array):
            return []
        if isinstance(self.default, (list, dict)):
            return self.default.copy()
        return self.default


class Table:
    """A TOML table with a fixed set of keys; any other key is an error."""

    def __init__(self, keys: tuple[Key, ...], vi: str = "", en: str = ""):
        self.keys = tuple(keys)
        self.vi = vi
        self.en = en
        self.by_name = {k.name: k for k in self.keys}

    def only(self, *names: str) -> "Table":
        """The same table restricted to ``names`` (a part of a schema read on its own)."""
        return Table(tuple(k for k in self.keys if k.name in names), self.vi, self.en)

    def doc(self) -> tuple[str, str]:
        return "bảng", "table"


class Array:
    """An array of tables (``[[units]]``)."""

    def __init__(self, table: Table, min_items: int = 0):
        self.table = table
        self.min_items = min_items

    def doc(self) -> tuple[str, str]:
        return "danh sách bảng", "array of tables"
