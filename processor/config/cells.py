"""The cell form of each value type: a spreadsheet cell's value -> the value TOML would give
(:func:`from_cell`), and back (:func:`to_cell`).

Booleans are Có/Không, choices their Vietnamese words, dates dates ("15/12/2020" typed as text
too), numbers typed as text are read by :mod:`processor.numbers`'s rules; several values in one
cell are separated by ';' or line breaks (and ',' unless they are names). A cell that cannot
be read raises :class:`.spec.Bad` in a spreadsheet user's words.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from ..numbers import clean_text, parse_score
from ..text import normalize_text
from .spec import (MAX_INT, Bad, Boolean, Choice, Custom, Day, Integer, Lines, ListOf, Moment,
                   Number, Text, suggest)

YES, NO = "Có", "Không"
_YES = {"có", "co", "true", "x", "đúng", "yes"}
_NO = {"không", "khong", "false", "sai", "no"}
_SPLIT = re.compile(r"\s*(?:;|\r\n|\r|\n)\s*")
_SPLIT_COMMA = re.compile(r"\s*(?:[;,]|\r\n|\r|\n)\s*")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"
                  r"(?:(?:\s+|\s*,\s*|T)(\d{1,2})\s*[:hg]\s*(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?")
DATE_FORMAT = "%d/%m/%Y"


def from_cell(kind: Any, value: Any) -> Any:
    """The raw value (as TOML gives it) of a non-empty cell typed for ``kind``; :class:`Bad`."""
    if isinstance(kind, ListOf):
        return _list(kind, value)
    if isinstance(kind, Boolean):
        return _boolean(value)
    if isinstance(kind, Choice):
        return _choice(kind, value)
    if isinstance(kind, Integer):
        return _number(value, "số nguyên")
    if isinstance(kind, Number):
        return _number(value, "một số")
    if isinstance(kind, Moment):
        return _moment(value)
    if isinstance(kind, Day):
        found = _moment(value, "ngày, ví dụ 04/01/2021")
        return found.date() if isinstance(found, datetime) else found
    if isinstance(kind, Custom):
        return _custom(value)
    return text_of(value)


def text_of(value: Any) -> str:
    """A cell as the text a person sees in it (a number without '.0', a date as 15/12/2020)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_INT:
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime(DATE_FORMAT + (" %H:%M:%S" if value.second else " %H:%M"))
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def _list(kind: ListOf, value: Any) -> list:
    if not isinstance(value, str):
        return [from_cell(kind.item, value)]
    split = _SPLIT if _names(kind) else _SPLIT_COMMA
    return [from_cell(kind.item, part) for part in split.split(value.strip()) if part]


def _names(kind: ListOf) -> bool:
    """Items are names (which may hold a comma): only ';' and line breaks separate them."""
    return isinstance(kind.item, Text) and kind.item.normalize


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = normalize_text(value).casefold()
        if word in _YES:
            return True
        if word in _NO:
            return False
    raise Bad(f"cần {YES} hoặc {NO}, nhận được {_shown(value)}")


def _choice(kind: Choice, value: Any) -> str:
    words = kind.words or kind.values
    if isinstance(value, str):
        word = normalize_text(value).casefold()
        for token, shown in zip(kind.values, words):
            if word in (shown.casefold(), token.casefold()):
                return token
    close = suggest(text_of(value), words) if isinstance(value, str) else None
    hint = f"; có phải '{close}'?" if close else ""
    raise Bad(f"cần một trong: {', '.join(words)}; nhận được {_shown(value)}{hint}")


def _number(value: Any, what: str) -> int | float:
    if isinstance(value, bool) or isinstance(value, (date, time, timedelta)):
        raise Bad(f"cần {what}, nhận được {_shown(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _tidy(value)
    text = clean_text(str(value))
    negative = text[:1] in ("-", "\u2212", "\u2013")
    parsed = parse_score(text[1:] if negative else text, max=math.inf)
    if parsed.value is not None and parsed.code is None:
        return _tidy(-parsed.value if negative else parsed.value)
    if parsed.code == "V102":
        raise Bad(f"không rõ '{text}' là {parsed.params['parsed']} hay {parsed.params['other']}; "
                  "ghi số không có dấu ngăn cách hàng nghìn")
    raise Bad(f"cần {what}, nhận được {_shown(value)}")


def _tidy(number: float) -> int | float:
    """A whole number as an int (as a person typed it), any other as a float."""
    if number.is_integer() and abs(number) <= MAX_INT:
        return int(number)
    return number


def _moment(value: Any, what: str = "ngày giờ, ví dụ 20/12/2020 17:00 (hoặc chỉ ngày)") \
        -> date | datetime:
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, str):
        found = _read_date(normalize_text(value))
        if found is not None:
            return found
    raise Bad(f"cần {what}; nhận được {_shown(value)}")


def _read_date(text: str) -> date | datetime | None:
    """15/12/2020, 15-12-2020, 15.12.2020 (with a time 17:00 or 17h00), or ISO 2020-12-15."""
    m = _DMY.fullmatch(text)
    try:
        if m:
            day = date(int(m[3]), int(m[2]), int(m[1]))
            if m[4] is None:
                return day
            micro = int((m[7] or "0").ljust(6, "0"))
            return datetime.combine(day, time(int(m[4]), int(m[5]), int(m[6] or 0), micro))
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text) if re.match(r"\d{4}-\d\d-\d\d[T ]", text) else None
    except ValueError:
        return None


def _custom(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        raise Bad(f"ô này là ngày {text_of(value)}: có lẽ chương trình bảng tính đã đổi một tỷ lệ "
                  "như 2/3 thành ngày; định dạng ô là Văn bản (Text) rồi gõ lại, hoặc ghi 0,67")
    if isinstance(value, float):
        return _tidy(value)
    return value


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return f"'{text}'"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (date, datetime)):
        return f"ngày {text_of(value)}"
    return text_of(value)


# --- back: a raw value as the cell shows it ------------------------------------------------

class Unwritable(ValueError):
    """A raw value a cell cannot hold without changing it (a list item holding a separator)."""


def to_cell(kind: Any, value: Any) -> Any:
    """What a cell holds for the raw ``value`` of ``kind``: text, a number, a date or datetime;
    None for nothing to write (an empty list or text). Aware date-times are the caller's to
    turn into the block's wall-clock time first."""
    if isinstance(kind, ListOf):
        return _join(kind, value)
    if isinstance(kind, Boolean):
        return YES if value else NO
    if isinstance(kind, Choice):
        return kind.words[kind.values.index(value)] if kind.words else value
    if isinstance(kind, Moment):
        return _moment_cell(value)
    if isinstance(kind, Day):
        return value.date() if isinstance(value, datetime) else value
    if isinstance(kind, Lines) and isinstance(value, list):
        return "\n".join(value) or None
    if isinstance(value, str):
        return value if value.strip() else None
    return value


def _moment_cell(value: date | datetime) -> date | datetime | str:
    """A date-time a spreadsheet reads back the same: one at midnight, or with a fraction of a
    second, as text (a cell at 00:00 reads back as a bare date, which means the end of the day)."""
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is not None:
        raise ValueError("an aware date-time: convert it to the block's time zone first")
    if value.time() == time(0) or value.microsecond:
        return value.strftime(DATE_FORMAT + " %H:%M:%S") + (
            f".{value.microsecond:06d}" if value.microsecond else "")
    return value


def _join(kind: ListOf, items: list) -> str | None:
    cells = [to_cell(kind.item, item) for item in items]
    split = _SPLIT if _names(kind) else _SPLIT_COMMA
    for cell in cells:
        text = text_of(cell)
        if len(split.split(text.strip())) != 1 or not text.strip():
            raise Unwritable(f"'{text}' không ghi được thành một giá trị trong ô nhiều giá trị "
                             "(ô tách các giá trị ở dấu ;" + ("" if _names(kind) else " hoặc ,")
                             + " và chỗ xuống dòng)")
    return "; ".join(text_of(c) for c in cells) or None
