"""What differs between two Blocks read from two files (block.toml and its workbook): every
model field, the review options and the other tables' typed values. Empty means the same block."""
from __future__ import annotations

import dataclasses

from .block import Block, settings
from .review import review_config

_NOT_COMPARED = ("source", "extra")      # where it was read from; the rest is compared below


def differences(a: Block, b: Block) -> list[str]:
    """``field: a-value ≠ b-value`` for each difference, in the model's order."""
    out = []
    for f in dataclasses.fields(Block):
        if f.name in _NOT_COMPARED:
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if x != y:
            out.append(f"{f.name}: {x!r} ≠ {y!r}")
    ra, rb = review_config(a), review_config(b)
    if ra != rb or ra.eligibility.ratings != rb.eligibility.ratings:
        out.append(f"review: {ra!r} ≠ {rb!r}")
    sa, sb = settings(a), settings(b)
    for name in sorted(set(sa) | set(sb)):
        if sa.get(name) != sb.get(name):
            out.append(f"{name}: {sa.get(name)!r} ≠ {sb.get(name)!r}")
    return out
