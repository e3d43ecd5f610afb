"""The output end of a run, one transaction in outcome: the verification workbook (when the
review asks for it), the result workbook with the history sheet and any feature sheets and the
JSON file are written to temporary files, renamed over their targets together, and only then is
a final result's year committed to the block's history. An error leaves every file and the
history as they were."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..history import DEFAULT_FILENAME as HISTORY_FILE
from ..history import History, open_history
from ..model import Result
from .atomic import OutputSet
from .history_sheet import history_sheet
from .result_json import write_json
from .review_sheets import review_sheets
from .verification_form import verification_filename, write_verification_workbook
from .writer import check_target, install, output_error, report_name, write_workbook


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
    """Write the result workbook (with the history and review sheets), the JSON file and the
    verification workbook, then record a final result in the block's history: all of it or,
    on an error (:class:`ReportWriteError`, :class:`HistoryError`), none of it."""
    out_dir = Path(out_dir)
    history_db = Path(history_db) if history_db else out_dir / HISTORY_FILE
    review = result.review
    sheets = list(review_sheets(review)) + list(extra_sheets) if review is not None else list(extra_sheets)
    workbook = out_dir / report_name(result, lang)
    verification = (out_dir / verification_filename(result.block)
                    if review is not None and review.config.verification.enabled else None)
    json_path = Path(json_file) if json_file else None
    for target in (workbook, verification):
        if target is not None:
            check_target(target)
    rotation = getattr(review, "rotation", None)
    final = not result.provisional
    next_chair, next_deputy = getattr(rotation, "chair", None), getattr(rotation, "deputy", None)

    def write(outputs: OutputSet) -> None:
        if verification is not None:
            write_verification_workbook(result.block, result, outputs.part(verification),
                                        result.created)
        write_workbook(outputs.part(workbook), result, lang, sheets)
        if json_path is not None:
            write_json(result, outputs.part(json_path), lang)

    try:
        with OutputSet() as outputs:
            if final and not history_db.exists():
                # a first year: the new database is one more output, renamed into place last
                write(outputs)
                with open_history(outputs.part(history_db), result.block) as history:
                    history.record(result, next_chair=next_chair, next_deputy=next_deputy)
                install(outputs)
            else:
                with _history(history_db, result, final, next_chair, next_deputy) as history:
                    if history is not None:
                        table = history.table(result.block.id, lang, block=result.block)
                        if len(table.years) > 1:   # a first year alone would repeat the summary
                            sheets.append(history_sheet(table))
                    write(outputs)
                    install(outputs)
    except OSError as exc:
        folder = Path(exc.filename).parent if isinstance(exc.filename, str) else out_dir
        raise output_error(folder, exc) from exc
    return Published(workbook=workbook, json=json_path, history=history_db, recorded=final,
                     verification=verification)


@contextmanager
def _history(path: Path, result: Result, final: bool, next_chair: str | None,
             next_deputy: str | None) -> Iterator[History | None]:
    """The block's history, with a final result recorded in a transaction that commits when the
    ``with`` block ends without error. None: a provisional result and no history yet."""
    if not path.exists():
        yield None
        return
    with open_history(path, result.block) as history:
        if not final:
            yield history
            return
        with history.recording(result, next_chair=next_chair, next_deputy=next_deputy):
            yield history
