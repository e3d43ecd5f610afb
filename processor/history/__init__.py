"""The block's history: every year's outcome, in an embedded SQLite database (no server).

One file per workspace, by default ``output/lich-su.sqlite`` (the caller passes the path). It
holds *reviews* (one block, one year, one run: a final consolidation, or a past year imported
from the province's reports) and each review's *unit outcomes* (score, rank, position, award).

- :mod:`.aliases` — which current unit a past code or name continues (mergers, renames).
- :mod:`.table` — the multi-year table (years as columns, units as rows) and its text.
- :mod:`.schema` — the database file: schema, opening, errors.
- :mod:`.store` — :class:`History`: record a final result, import past years, read tables
  and past chairs.
- :mod:`.importer` — the TOML import file, read and validated.
"""
from .aliases import canonical_unit, fold, history_aliases
from .importer import (HistoryFile, HistoryImportError, ImportedYear, load_history_file,
                       parse_history)
from .schema import DEFAULT_FILENAME, SCHEMA_VERSION, HistoryError
from .store import History, ImportSummary, default_history_path, open_history
from .table import AWARDS, POSITIONS, HistoryRow, HistoryTable, Outcome, YearInfo, labels

__all__ = ["AWARDS", "DEFAULT_FILENAME", "POSITIONS", "SCHEMA_VERSION", "History", "HistoryError",
           "HistoryFile", "HistoryImportError", "HistoryRow", "HistoryTable", "ImportSummary",
           "ImportedYear", "Outcome", "YearInfo", "canonical_unit", "default_history_path", "fold",
           "history_aliases", "labels", "load_history_file", "open_history", "parse_history"]
