"""The library for analysts: :func:`consolidate` reads an inbox for a block and returns the
Result, whose scores, units, findings and sources are pandas DataFrames on request (the
``*_frame`` functions of :mod:`.frames`, also importable from here)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .config.block import Block, load_block
from .frames import (FINDING_COLUMNS, SOURCE_COLUMNS, UNIT_COLUMNS, findings_frame,  # noqa: F401
                     scores_frame, sources_frame, units_frame)
from .model import Result
from .pipeline import consolidate as run


def consolidate(config: str | Path | Block, inbox: str | Path, *, lang: str = "vi",
                created: datetime | None = None, verification: str | Path | None = None,
                tally: str | Path | None = None) -> Result:
    """What ``thidua consolidate`` computes, without writing anything: ``config`` is a
    block.toml (or a loaded Block), ``inbox`` the folder of received files; ``verification`` /
    ``tally``: a filled form to use instead of the newest in the inbox."""
    block = config if isinstance(config, Block) else load_block(config)
    return run(block, Path(inbox), lang=lang, created=created,
               verification=Path(verification) if verification else None,
               tally=Path(tally) if tally else None)
