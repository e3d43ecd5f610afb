"""The result workbook's review sheets, as plug-ins for the report's ``extra_sheets`` hook:
:func:`review_sheets` returns callables ``(workbook, styles, result, lang) -> None`` for the
verification, cross-scoring and ballot tally sheets that have something to show. Text from
submissions is always written with ``write_string``."""
from __future__ import annotations

from typing import Callable

from ..stages.review_data import ReviewData
from .cross_sheet import write_cross_sheet
from .tally_sheet import write_tally_sheet
from .verification_sheet import write_verification_sheet

SheetWriter = Callable[[object, object, object, str], None]


def review_sheets(review_data: ReviewData | None) -> list[SheetWriter]:
    """The sheet writers that have something to show for this review."""
    if review_data is None:
        return []
    out: list[SheetWriter] = []
    if review_data.verification_file or review_data.changes or review_data.config.verification.enabled:
        out.append(lambda wb, st, res, lang: write_verification_sheet(wb, st, res, lang, review_data))
    if review_data.cross is not None:
        out.append(lambda wb, st, res, lang: write_cross_sheet(wb, st, res, lang, review_data))
    if review_data.tally is not None:
        out.append(lambda wb, st, res, lang: write_tally_sheet(wb, st, res, lang, review_data))
    return out
