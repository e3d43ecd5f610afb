"""Which unit sent a submission: the template's _meta first, then the sheet header, the file
name and the sender's address. When signals disagree we report and do not guess."""
from __future__ import annotations

import re

from ..block import Block
from ..findings import Finding, finding
from ..model import Submission
from ..text import normalize_text


def _fold(text: str) -> str:
    try:
        from ..text import fold_name
    except ImportError:  # basic matching until the tolerant folder exists
        return normalize_text(text).casefold()
    return fold_name(text)


def signals(sub: Submission, block: Block) -> dict[str, str]:
    """signal name -> unit code, for every signal that names a member unit."""
    found: dict[str, str] = {}
    code = (sub.meta.get("unit_code") or "").strip()
    if code and code in block.unit_codes:
        found["meta"] = code
    if sub.header_unit_name:
        by_name = unit_by_name(block, sub.header_unit_name)
        if by_name:
            found["header"] = by_name
    by_file = unit_by_filename(block, sub.source.file)
    if by_file:
        found["filename"] = by_file
    if sub.source.sender:
        sender = sub.source.sender.strip().lower()
        for unit in block.units:
            if sender in unit.emails:
                found["sender"] = unit.code
    return found


def identify(sub: Submission, block: Block) -> tuple[str | None, str | None, list[Finding]]:
    """(unit code, signal used, findings). The strongest signal wins unless another contradicts it."""
    file = sub.source.file
    meta_code = (sub.meta.get("unit_code") or "").strip()
    if meta_code and meta_code not in block.unit_codes:
        return None, "meta", [finding("U002", file=file, sheet="_meta", found=meta_code)]
    found = signals(sub, block)
    strong = [found[s] for s in ("meta", "header") if s in found]
    if len(set(strong)) > 1:
        return None, None, [finding("U001", file=file, detail=_disagree(found))]
    for signal in ("meta", "header", "filename", "sender"):
        if signal in found:
            code = found[signal]
            others = {s: c for s, c in found.items() if c != code}
            if others and signal not in ("meta", "header"):
                return None, None, [finding("U001", file=file, detail=_disagree(found))]
            return code, signal, []
    return None, None, [finding("U001", file=file, detail="không có mã đơn vị trong tệp, tên "
                                "đơn vị ở đầu trang hoặc tên tệp")]


def unit_by_name(block: Block, name: str) -> str | None:
    key = _fold(name)
    for unit in block.units:
        if key in {_fold(n) for n in (unit.name, unit.short_name, *unit.aliases) if n}:
            return unit.code
    return None


def unit_by_filename(block: Block, file: str) -> str | None:
    stem = normalize_text(file.rsplit("/", 1)[-1].rsplit(".", 1)[0]).upper()
    tokens = set(re.split(r"[^0-9A-Z]+", stem))
    hits = [u.code for u in block.units if u.code.upper() in tokens]
    return hits[0] if len(hits) == 1 else None


def _disagree(found: dict[str, str]) -> str:
    labels = {"meta": "mã trong mẫu", "header": "tên ở đầu trang", "filename": "tên tệp",
              "sender": "địa chỉ gửi"}
    return "các dấu hiệu mâu thuẫn: " + ", ".join(f"{labels[s]} = {c}" for s, c in found.items())
