"""The output end of a run: record a final result in the block's history, write the result
workbook (with the history sheet and any feature sheets) and the JSON file. Every file is
written atomically (:mod:`.atomic`)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from ..model import Result
from .atomic import write_text_atomic

HISTORY_FILE = "lich-su.sqlite"


@dataclass
class Published:
    workbook: Path
    json: Path | None = None
    history: Path | None = None
    recorded: bool = False
    verification: Path | None = None


def past_chairs(out_dir: Path, block, history_db: Path | None = None) -> dict:
    """{year: (chair, deputy)} from the block's history, for the rotation rule; {} when none."""
    from ..history import open_history

    path = Path(history_db) if history_db else Path(out_dir) / HISTORY_FILE
    if not path.exists():
        return {}
    with open_history(path, block) as history:
        return history.chairs(block.id, canonical=True)


def publish(result: Result, out_dir: Path, *, lang: str = "vi", json_file: Path | None = None,
            history_db: Path | None = None, extra_sheets=()) -> Published:
    from ..history import open_history
    from .history_sheet import history_sheet
    from .writer import write_report

    out_dir = Path(out_dir)
    history_db = Path(history_db) if history_db else out_dir / HISTORY_FILE
    sheets = list(extra_sheets)
    verification = None
    review = result.review
    if review is not None:
        from .review_sheets import review_sheets

        sheets = list(review_sheets(review)) + sheets
        if review.config.verification.enabled:
            from .verification_form import verification_filename, write_verification_workbook

            verification = write_verification_workbook(
                result.block, result, out_dir / verification_filename(result.block), result.created)
    rotation = getattr(review, "rotation", None)
    recorded = False
    with open_history(history_db, result.block) as history:
        if not result.provisional:
            history.record(result, next_chair=getattr(rotation, "chair", None),
                           next_deputy=getattr(rotation, "deputy", None))
            recorded = True
        table = history.table(result.block.id, lang, block=result.block)
        if len(table.years) > 1:      # a first year alone would only repeat the summary
            sheets.append(history_sheet(table))
    path = write_report(result, out_dir, lang=lang, extra_sheets=sheets)
    if json_file:
        write_json(result, Path(json_file), lang)
    return Published(workbook=path, json=Path(json_file) if json_file else None, history=history_db,
                     recorded=recorded, verification=verification)


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
