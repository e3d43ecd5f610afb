"""Which unit sent a submission: the template's _meta first, then the sheet header, the file
name and the sender's address. When signals disagree we report and do not guess."""
from __future__ import annotations

import re
from functools import cached_property

from ..config.block import Block, per_block
from ..findings import Finding, finding
from ..model import Submission
from ..text import fold_name, normalize_text

SIGNAL_LABEL = {"meta": "mã đơn vị trong trang _meta", "header": "tên đơn vị ở đầu trang chấm điểm",
                "filename": "tên tệp", "sender": "địa chỉ thư người gửi"}
STRONG = ("meta", "header")
_NOT_CODE = re.compile(r"[^0-9A-Z]+")       # file names split into code-like tokens


def signals(sub: Submission, block: Block) -> dict[str, str]:
    """signal name -> unit code, for every signal that names a member unit."""
    found: dict[str, str] = {}
    code = (sub.meta.get("unit_code") or "").strip()
    if code and code in _index(block).codes:
        found["meta"] = code
    if sub.header_unit_name:
        if "meta" in found and _own_name(block, found["meta"], sub.header_unit_name):
            found["header"] = found["meta"]     # its own name, as written: nothing to fold
        else:
            name = sub.header_unit_name
            by_name = unit_by_name(block, name) or unit_by_code_text(block, name)
            if by_name:
                found["header"] = by_name
    by_file = unit_by_filename(block, sub.source.file)
    if by_file:
        found["filename"] = by_file
    if sub.source.sender:
        sender = sub.source.sender.strip().lower()
        code = _index(block).emails.get(sender)
        if code is not None:
            found["sender"] = code
    return found


def identify(sub: Submission, block: Block) -> tuple[str | None, str | None, list[Finding]]:
    """(unit code, signal used, findings). Strong signals (_meta, sheet header) outrank weak ones
    (file name, sender), but any two signals naming different units stop us: no guessing."""
    file = sub.source.file
    meta_code = (sub.meta.get("unit_code") or "").strip()
    if meta_code and meta_code not in _index(block).codes:
        return None, "meta", [finding("U002", file=file, sheet="_meta", found=meta_code)]
    found = signals(sub, block)
    if len(set(found.values())) > 1:
        return None, None, [finding("U101", file=file, detail=_disagree(found))]
    notes: list[Finding] = []
    for signal in ("meta", "header", "filename", "sender"):
        if signal in found:
            code = found[signal]
            if signal != "meta":
                notes.append(finding("U102", unit=code, file=file, signal=SIGNAL_LABEL[signal]))
            notes += _tolerant(sub, block, code)
            return code, signal, notes
    return None, None, [finding("U001", file=file, detail="không có mã đơn vị trong tệp, tên "
                                "đơn vị ở đầu trang, tên tệp hay địa chỉ người gửi khớp với đơn vị nào")]


def unit_by_name(block: Block, name: str) -> str | None:
    return _index(block).names.get(fold_name(name))


def unit_by_code_text(block: Block, text: str) -> str | None:
    code = normalize_text(text).upper()
    return code if code in _index(block).codes else None


def unit_by_filename(block: Block, file: str) -> str | None:
    stem = normalize_text(file.rsplit("/", 1)[-1].rsplit(".", 1)[0]).upper()
    tokens = set(_NOT_CODE.split(stem))
    by_upper = _index(block).upper_codes
    hits = [code for token in tokens for code in by_upper.get(token, ())]
    return hits[0] if len(hits) == 1 else None


class _Index:
    """Lookups by code, folded name, upper-cased code and address, built once per Block:
    identifying each of N files by scanning all N units (folding every name) is O(N²)."""

    def __init__(self, block: Block):
        self.units = block.units
        self.codes = frozenset(u.code for u in block.units)
        self.upper_codes: dict[str, list[str]] = {}
        self.emails: dict[str, str] = {}
        for unit in block.units:
            self.upper_codes.setdefault(unit.code.upper(), []).append(unit.code)
            for email in unit.emails:
                self.emails[email] = unit.code                          # the last unit wins

    @cached_property
    def names(self) -> dict[str, str]:
        # folded when first needed: a header holding its unit's own name never asks (folding
        # 10,000 units' names took 50 ms, before any file of a large batch was read)
        names: dict[str, str] = {}
        for unit in self.units:
            for n in (unit.name, unit.short_name, *unit.aliases):
                if n:
                    names.setdefault(fold_name(n), unit.code)          # the first unit wins
        return names


_index = per_block(_Index)


def _own_name(block: Block, code: str, name: str) -> bool:
    """``name`` is the unit's name, short name or an alias exactly (after normalizing)."""
    unit = block.unit(code)
    return normalize_text(name) in (unit.name, unit.short_name, *unit.aliases)


def _tolerant(sub: Submission, block: Block, code: str) -> list[Finding]:
    """A header name that matched only after folding (tone placement, case, spaces) is noted."""
    name = sub.header_unit_name
    if not name or _own_name(block, code, name):
        return []
    if unit_by_name(block, name) != code:
        return []
    return [finding("U103", unit=code, file=sub.source.file, sheet=sub.sheet, found=name,
                    expected=block.unit(code).name)]


def _disagree(found: dict[str, str]) -> str:
    return "; ".join(f"{SIGNAL_LABEL[s]}: {c}" for s, c in found.items())
