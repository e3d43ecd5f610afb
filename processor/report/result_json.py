"""The machine-readable result (``--json FILE``; the contract in docs/design.md), written
atomically: indented for a provincial block, compact and streamed item by item for a large one."""
from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from ..model import Result
from .atomic import write_text_atomic

JSON_INDENT_UNITS = 200   # above this the JSON is written compact (indenting is 10× slower)


def write_json(result: Result, path: Path, lang: str) -> None:
    if len(result.units) <= JSON_INDENT_UNITS:
        write_text_atomic(path, json.dumps(result.to_json(lang), ensure_ascii=False, indent=2,
                                           default=str) + "\n")
    else:
        write_text_atomic(path, compact_json(result.to_json(lang, lazy=True)))


def compact_json(doc: dict) -> Iterator[str]:
    """``json.dumps(doc, ensure_ascii=False, default=str) + "\\n"``, in pieces: a value that is an
    iterator is encoded item by item, as it is made. The 10,000-unit result (33 MB of JSON) was
    built whole, then encoded whole: +120 MiB at the run's peak for half a second."""
    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False, default=str)

    sep = "{"
    for key, value in doc.items():
        yield sep + dumps(key) + ": "
        sep = ", "
        if isinstance(value, Iterator):
            yield "[" + ", ".join(map(dumps, islice(value, 1)))
            for item in value:
                yield ", " + dumps(item)
            yield "]"
        else:
            yield dumps(value)
    yield ("}" if doc else "{}") + "\n"
