"""Values computed once per Block object and forgotten with it."""
from __future__ import annotations

import weakref
from typing import Callable, TypeVar

_Key = TypeVar("_Key")
_Built = TypeVar("_Built")


def per_block(build: Callable[[_Key], _Built]) -> Callable[[_Key], _Built]:
    """``build(block)`` computed once per Block object, and forgotten with the block (lookup
    indexes that would otherwise be rebuilt for every file or outcome: O(N²) in all)."""
    built: "weakref.WeakKeyDictionary[_Key, _Built]" = weakref.WeakKeyDictionary()

    def get(block: _Key) -> _Built:
        value = built.get(block)
        if value is None:
            value = built[block] = build(block)
        return value
    return get
