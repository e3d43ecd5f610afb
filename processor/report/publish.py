"""The output end of a run, in order: the verification workbook (when the review asks for it),
the block's history (a final result recorded), the result workbook with the history sheet and any
feature sheets, then the JSON file. Every file is written atomically."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..history import DEFAULT_FILENAME as HISTORY_FILE
from ..history import open_history
from ..model import Result
from .history_sheet import history_sheet
from .result_json import write_json
from .review_sheets import review_sheets
from .verification_form import verification_filename, write_verification_workbook
from .writer import write_report


@dataclass
class Published:
    workbook: Path
    json: Path | None = None
    history: Path | None = None
    recorded: bool = False
    verification: Path | None = None


def past_chairs(out_dir: Path, block, history_db: Path | None = None) -> dict:
    """{year: (chair, deputy)} from the block's history, for the rotation rule; {} when none."""
    path = Path(history_db) if history_db else Path(out_dir) / HISTORY_FILE
    if not path.exists():
        return {}
    with open_history(path, block) as history:
        return history.chairs(block.id, canonical=True)


def publish(result: Result, out_dir: Path, *, lang: str = "vi", json_file: Path | None = None,
            history_db: Path | None = None, extra_sheets=()) -> Published:
    """Write the result workbook (with the history and review sheets) and the JSON file, and
    record a final result in the block's history."""
    out_dir = Path(out_dir)
    history_db = Path(history_db) if history_db else out_dir / HISTORY_FILE
    sheets = list(extra_sheets)
    verification = None
    review = result.review
    if review is not None:
        sheets = list(review_sheets(review)) + sheets
        if review.config.verification.enabled:
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
