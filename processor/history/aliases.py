"""Unit continuity across years: the current unit code that a past code or name continues
(renames, mergers, old tone placement), from the block's unit ``aliases`` and an optional
``[history.aliases]`` table in block.toml."""
from __future__ import annotations

import re
from typing import Any

from ..config.block import Block, per_block
from ..text import normalize_text

_OLD_TONES = {  # old tone placement (hoà, thuỷ) -> the current one (hòa, thủy), word-final only
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_TONE_RE = re.compile("(" + "|".join(_OLD_TONES) + r")(?!\w)")


def fold(value: Any) -> str:
    """A key to compare unit codes and names as a person reads them (case, spaces, tone marks)."""
    text = normalize_text(value).casefold()
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(1)], text)


def history_aliases(block: Block | None) -> dict[str, str]:
    """``[history.aliases]`` of block.toml (old code or name -> current unit code), folded keys."""
    if block is None:
        return {}
    hist = block.extra.get("history") if isinstance(block.extra, dict) else None
    table = hist.get("aliases") if isinstance(hist, dict) else None
    if not isinstance(table, dict):
        return {}
    return {fold(k): normalize_text(v) for k, v in table.items() if isinstance(v, str)}


def canonical_unit(code_or_name: str, block: Block | None) -> str:
    """The current unit code that ``code_or_name`` (a past or present code or name) continues.

    In order: a current unit code; an explicit ``[history.aliases]`` entry; a current unit's name
    or short name; a name or code listed in a unit's ``aliases``. Anything else is returned as
    given (NFC, trimmed): a unit that left the block keeps its own row.
    """
    text = normalize_text(code_or_name)
    if block is None or not text:
        return text
    index = _unit_index(block)
    explicit = index.explicit
    seen: set[str] = set()
    key = fold(text)
    while True:
        if key in index.codes:
            return index.codes[key]
        target = explicit.get(key)
        if not target or key in seen:
            break
        seen.add(key)
        text, key = target, fold(target)       # follow OLD -> NEWER -> CURRENT chains
    if key in index.names:
        return index.names[key]
    if key in index.aliases:
        return index.aliases[key]
    return text


class _UnitIndex:
    """canonical_unit's lookups, folded once per Block (the first unit in block order wins, as
    in the scan it replaces): scanning every unit for every outcome made N units O(N²)."""

    def __init__(self, block: Block):
        self.explicit = history_aliases(block)
        self.codes: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        for u in block.units:
            self.codes.setdefault(fold(u.code), u.code)
        for u in block.units:
            self.names.setdefault(fold(u.name), u.code)
            self.names.setdefault(fold(u.short_name), u.code)
        for u in block.units:
            for a in u.aliases:
                self.aliases.setdefault(fold(a), u.code)


_unit_index = per_block(_UnitIndex)


def canonical_outcome(code: str, name: str, block: Block | None) -> str:
    """Canonical code of a recorded outcome: by its code first, then by its recorded name."""
    by_code = canonical_unit(code, block)
    if block is None or by_code != normalize_text(code) or by_code in block.unit_codes:
        return by_code
    by_name = canonical_unit(name, block) if name else by_code
    return by_name if block is not None and by_name in block.unit_codes else by_code
