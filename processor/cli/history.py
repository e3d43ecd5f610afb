"""``thidua history``: print the block's multi-year table; ``--import FILE`` adds past years.

Thin: options, calls into :mod:`processor.history`, printing. Registered by the main CLI::

    from .history import history
    cli.add_command(history)

Exit codes: 0 done; 2 a broken config, import file or history database (a clear message,
never a traceback).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..config.block import ConfigError, load_block
from ..history import (DEFAULT_FILENAME, HistoryError, HistoryImportError, load_history_file,
                       open_history)
from ..labels import label

DEFAULT_CONFIG = "demo/block.toml"
DEFAULT_OUT = "output"          # the same default as ``thidua consolidate --out``
EXIT_CONFIG = 2


def _msg(key: str, lang: str, **params) -> str:
    return label(f"history.cmd.{key}", lang, **params)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_CONFIG)


def _years(years: list[int], lang: str) -> str:
    return ", ".join(str(y) for y in years) if years else _msg("none", lang)


@click.command("history")
@click.option("--config", "config", default=DEFAULT_CONFIG, show_default=True,
              type=click.Path(dir_okay=False),
              help="Cấu hình Khối: block.toml hoặc bảng tính (.xlsx, .ods).")
@click.option("--out", "out", default=DEFAULT_OUT, show_default=True, type=click.Path(file_okay=False),
              help=f"Thư mục kết quả mà lệnh consolidate đã dùng (--out); lịch sử là "
                   f"OUT/{DEFAULT_FILENAME}.")
@click.option("--db", "db", type=click.Path(dir_okay=False),
              help=f"Tệp cơ sở dữ liệu lịch sử (SQLite), nếu không phải OUT/{DEFAULT_FILENAME} "
                   f"(như --history-db của consolidate).")
@click.option("--import", "imports", multiple=True, type=click.Path(dir_okay=False),
              metavar="TỆP.toml",
              help="Nhập kết quả các năm trước từ tệp TOML (xem docs/history.md); có thể lặp lại.")
@click.option("--replace", is_flag=True,
              help="Cho phép --import ghi đè năm đã có kết quả tổng hợp chính thức "
                   "(bản cũ được giữ, đánh dấu bị thay thế).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Ngôn ngữ / language.")
def history(config: str, out: str, db: str | None, imports: tuple[str, ...], replace: bool, lang: str) -> None:
    """Bảng lịch sử của Khối qua các năm (vị trí, danh hiệu, hạng và điểm, Khối trưởng)."""
    try:
        block = load_block(config)
    except ConfigError as exc:
        _fail(str(exc))
    db_path = Path(db) if db else Path(out) / DEFAULT_FILENAME
    try:  # check every import file before touching the database
        for file in imports:
            load_history_file(file, block)
    except HistoryImportError as exc:
        _fail(str(exc))
    if not imports and not db_path.exists():
        click.echo(_msg("no_db", lang, db=db_path))
        return
    try:
        with open_history(db_path, block) as h:
            for file in imports:
                summary = h.import_file(file, block, replace=replace)
                click.echo(_msg("imported", lang, file=file, years=_years(summary.imported, lang)))
                if summary.unchanged:
                    click.echo(_msg("unchanged", lang, years=_years(summary.unchanged, lang)))
            table = h.table(block.id, lang, block)
    except HistoryImportError as exc:
        _fail(str(exc))
    except HistoryError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"Không ghi/đọc được tệp lịch sử {db_path}: {exc.strerror or exc}")
    click.echo(label("history.title", lang, name=table.block_name))
    if not table.years:
        click.echo(label("history.empty", lang, block=block.id))
        return
    click.echo(table.render_text(lang))
    click.echo("")
    click.echo(label("history.legend", lang))
    click.echo(_msg("db", lang, db=db_path))


commands = [history]
