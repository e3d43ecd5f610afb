"""The history database file: its SQLite schema, opening it (created on first use, refused when it
is another database or a newer schema), and its errors in Vietnamese."""
from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = 1
DEFAULT_FILENAME = "lich-su.sqlite"
REVIEW_STATUSES = ("final", "superseded", "imported")
REVIEW_SOURCES = ("consolidate", "import")

_SCHEMA = """
CREATE TABLE schema_version (
    version     INTEGER NOT NULL
);
CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    block_id      TEXT    NOT NULL,
    block_name    TEXT    NOT NULL,
    year          INTEGER NOT NULL,
    created       TEXT    NOT NULL,          -- ISO 8601: the result's creation / import time
    status        TEXT    NOT NULL CHECK (status IN ('final', 'superseded', 'imported')),
    source        TEXT    NOT NULL CHECK (source IN ('consolidate', 'import')),
    provisional   INTEGER NOT NULL DEFAULT 0,
    chair         TEXT,
    deputy        TEXT,
    next_chair    TEXT,
    next_deputy   TEXT,
    conference    TEXT,                      -- ISO date of the review conference, if known
    members_known INTEGER NOT NULL DEFAULT 1,-- 0: an imported year without a member list
    note          TEXT    NOT NULL DEFAULT '',
    origin        TEXT    NOT NULL DEFAULT '',  -- import: file name; consolidate: block.toml
    fingerprint   TEXT    NOT NULL DEFAULT '',  -- sha256 of the recorded content
    superseded_by INTEGER REFERENCES reviews(id)
);
CREATE UNIQUE INDEX reviews_current ON reviews (block_id, year)
    WHERE status IN ('final', 'imported');
CREATE INDEX reviews_block_year ON reviews (block_id, year, id);
CREATE TABLE review_inputs (
    review_id   INTEGER NOT NULL REFERENCES reviews(id),
    seq         INTEGER NOT NULL,
    file        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    unit        TEXT,
    status      TEXT,
    PRIMARY KEY (review_id, seq)
);
CREATE TABLE unit_outcomes (
    review_id   INTEGER NOT NULL REFERENCES reviews(id),
    seq         INTEGER NOT NULL,            -- the order of the result / of the import file
    unit_code   TEXT    NOT NULL,
    unit_name   TEXT    NOT NULL,
    status      TEXT    NOT NULL,            -- ok|invalid|missing|excluded (consolidated), reported
    final_score REAL,                        -- NULL: not scored, or an imported year
    rank        INTEGER,
    tied        INTEGER NOT NULL DEFAULT 0,
    position    TEXT CHECK (position IS NULL OR position IN ('leader', 'second', 'third')),
    award       TEXT CHECK (award IS NULL OR award IN ('flag', 'merit')),
    PRIMARY KEY (review_id, unit_code)
);
"""


class HistoryError(Exception):
    """A history database that cannot be used (not SQLite, newer schema, a refused write).
    ``refused_write``: the file is fine but could not be written (read-only, disk full)."""

    def __init__(self, message: str, refused_write: bool = False):
        super().__init__(message)
        self.refused_write = refused_write


def connect(path: str | Path, *, create: bool = True) -> sqlite3.Connection:
    """A connection to the history database at ``path``, its schema made or checked.

    Raises :class:`HistoryError` for a file that is not a history database, or one written by
    a newer version (its ``schema_version`` is higher than :data:`SCHEMA_VERSION`).
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise HistoryError(f"Chưa có tệp lịch sử {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=10)
    except sqlite3.Error as exc:
        raise db_error(path, exc) from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        _ensure_schema(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise db_error(path, exc) from None
    except BaseException:
        conn.close()
        raise
    return conn


def db_error(path: Path, exc: Exception) -> HistoryError:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return HistoryError(f"Tệp lịch sử {path} không phải cơ sở dữ liệu SQLite hoặc đã hỏng "
                            f"({text}).")
    if "readonly" in text or "read-only" in text:
        return HistoryError(f"Không ghi được vào tệp lịch sử {path}: tệp hoặc thư mục của nó chỉ "
                            f"cho phép đọc. Cho phép ghi, hoặc chọn tệp khác (--history-db).",
                            refused_write=True)
    if "full" in text or "disk i/o" in text:
        return HistoryError(f"Không ghi được vào tệp lịch sử {path}: ổ đĩa đầy hoặc lỗi đọc ghi "
                            f"({text}). Giải phóng dung lượng rồi chạy lại.", refused_write=True)
    if "unable to open" in text:
        return HistoryError(f"Không mở được tệp lịch sử {path} (thư mục không tồn tại, không có "
                            f"quyền ghi hoặc đường dẫn quá dài).", refused_write=True)
    if "locked" in text:
        return HistoryError(f"Tệp lịch sử {path} đang bị một tiến trình khác ghi; thử lại sau.")
    return HistoryError(f"Lỗi cơ sở dữ liệu lịch sử {path}: {text}.")


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            for stmt in _statements(_SCHEMA):
                conn.execute(stmt)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        elif "schema_version" not in tables or "reviews" not in tables:
            raise HistoryError(f"Tệp {path} là cơ sở dữ liệu SQLite khác, không phải tệp lịch sử "
                               "của thidua.")
        else:
            row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
            version = row[0] if row else None
            if version is None or version > SCHEMA_VERSION:
                raise HistoryError(
                    f"Tệp lịch sử {path} có phiên bản lược đồ {version}, mới hơn phiên bản "
                    f"{SCHEMA_VERSION} mà chương trình này hiểu; hãy cập nhật thidua.")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    cleaned = "\n".join(line.split("--", 1)[0] for line in script.splitlines())
    return [s.strip() for s in cleaned.split(";") if s.strip()]
