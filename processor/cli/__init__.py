"""Command line: parse options, call the pipeline, print. No logic lives here.

Exit codes (one table in README.md): 0 done; 2 config or usage error; 3 result written but
provisional (errors or missing units); 4 the output could not be written (nothing changed);
5 another run holds the folder; 130 stopped by Ctrl+C; 1 an error of ours (see the log).
"""
from __future__ import annotations

import logging
import sys
import tempfile
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

import click

from ..config.block import ConfigError, load_block
from ..labels import format_plain, label
from ..locks import DEFAULT_WAIT, EXIT_BUSY, Busy, held
from ..runlog import start_log
from .review import tally_option, verification_option

DEFAULT_CONFIG = "demo/block.toml"
DEFAULT_INBOX = "demo/inbox"
EXIT_OK, EXIT_UNEXPECTED, EXIT_CONFIG, EXIT_PROVISIONAL, EXIT_OUTPUT = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130
CONSOLIDATE_LOCK = "_thidua_consolidate.lock"
LOG_NAME = "thidua.log"

config_option = click.option("--config", "config", default=DEFAULT_CONFIG, show_default=True,
                             type=click.Path(dir_okay=False),
                             help="Cấu hình Khối: block.toml hoặc bảng tính (.xlsx, .ods).")
inbox_option = click.option("--inbox", default=DEFAULT_INBOX, show_default=True,
                            type=click.Path(file_okay=False), help="Thư mục chứa các tệp đơn vị gửi.")
lang_option = click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
                           help="Ngôn ngữ / language.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="thidua")
def cli() -> None:
    """thidua — tổng hợp, chấm điểm, xếp hạng thi đua của Khối thi đua."""


def _utf8_streams() -> None:
    """Output redirected to a file or pipe on Windows gets the ANSI code page (cp1252, cp1258),
    which cannot hold Vietnamese letters: such streams are switched to UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "Lỗi tổng hợp đơn vị".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(encoding="utf-8")


def main() -> None:
    """Console entry point: no traceback ever reaches the user; it goes to the log."""
    _utf8_streams()
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001
        sys.exit(unexpected(exc))


def unexpected(exc: BaseException, lang: str = "vi") -> int:
    """Log ``exc`` with its traceback (to the run's log, else a file in the temporary folder),
    print one sentence, return :data:`EXIT_UNEXPECTED`."""
    logger = logging.getLogger("thidua")
    files = [h.baseFilename for h in logger.handlers if isinstance(h, logging.FileHandler)]
    if not files:
        files = [start_log(Path(tempfile.gettempdir()) / "thidua-error.log", _warn, lang)]
    logger.error("unexpected failure", exc_info=exc)
    click.echo(label("run.unexpected", lang, kind=type(exc).__name__, detail=exc, log=files[0]),
               err=True)
    return EXIT_UNEXPECTED


def _warn(text: str) -> None:
    try:
        click.echo(text, err=True)
    except OSError:
        pass


def _load(config: str):
    try:
        return load_block(config)
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_CONFIG)


def _inbox(path: str) -> Path:
    inbox = Path(path)
    if not inbox.is_dir():
        click.echo(f"Không tìm thấy thư mục hộp thư đến: {inbox}", err=True)
        sys.exit(EXIT_CONFIG)
    return inbox


def _created(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        click.echo(f"--created cần dạng ngày giờ ISO, ví dụ 2021-01-04T08:00:00; nhận được {value!r}", err=True)
        sys.exit(EXIT_CONFIG)


@cli.command()
@config_option
@click.option("--out", default="input_templates", show_default=True, type=click.Path(file_okay=False),
              help="Thư mục ghi tệp mẫu.")
def templates(config: str, out: str) -> None:
    """Tạo tệp mẫu tự chấm điểm cho từng đơn vị (và một mẫu trống)."""
    block = _load(config)
    from ..report.template import write_templates
    from ..report.writer import output_error

    try:
        paths = write_templates(block, Path(out))
    except OSError as exc:
        click.echo(str(output_error(Path(out), exc)), err=True)
        sys.exit(EXIT_OUTPUT)
    for path in paths:
        click.echo(str(path))
    click.echo(f"Đã tạo {len(paths)} tệp mẫu trong {out}.")


@cli.command()
@config_option
@inbox_option
@click.option("--out", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Thư mục ghi kết quả.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False), help="Ghi thêm kết quả dạng JSON.")
@lang_option
@click.option("--created", help="Thời điểm ghi trong tệp kết quả (ISO); mặc định: tệp nhận mới nhất.")
@click.option("--history-db", type=click.Path(dir_okay=False),
              help="Cơ sở dữ liệu lịch sử của Khối; mặc định OUT/lich-su.sqlite.")
@verification_option
@tally_option
@click.option("--wait", type=click.FloatRange(min=0), default=DEFAULT_WAIT, show_default=True,
              metavar="GIÂY",
              help="Số giây chờ khi một lần tổng hợp khác đang ghi vào cùng thư mục OUT "
                   "/ seconds to wait for another consolidate run into the same OUT.")
def consolidate(config: str, inbox: str, out: str, json_file: str | None, lang: str, created: str | None,
                history_db: str | None, verification: tuple[str, ...], tally: tuple[str, ...],
                wait: float) -> None:
    """Tổng hợp các bảng tự chấm, xếp hạng, đề nghị khen thưởng, ghi bảng kết quả.

    Mã thoát: 0 xong; 2 cấu hình; 3 kết quả tạm thời; 4 không ghi được kết quả (không gì thay
    đổi); 5 một lần tổng hợp khác đang dùng thư mục OUT.
    """
    block = _load(config)
    inbox_dir = _inbox(inbox)
    when = _created(created)
    from ..report.atomic import remove_stale
    from ..report.writer import output_error

    out_dir = Path(out)
    with ExitStack() as stack:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            stack.enter_context(held(out_dir / CONSOLIDATE_LOCK, "thidua consolidate", wait,
                                     on_wait=lambda: _warn(label(
                                         "run.waiting", lang, what="thidua consolidate",
                                         folder=out_dir, wait=format_plain(wait, lang, decimals=None)))))
        except Busy as exc:
            click.echo(exc.message(lang), err=True)
            sys.exit(EXIT_BUSY)
        except OSError as exc:
            click.echo(str(output_error(out_dir, exc)), err=True)
            sys.exit(EXIT_OUTPUT)
        remove_stale(out_dir)
        log_file = start_log(out_dir / LOG_NAME, _warn, lang)
        try:
            code = _consolidate(block, inbox_dir, out_dir, json_file, lang, when, history_db,
                                verification, tally, log_file)
        except KeyboardInterrupt:
            click.echo(label("run.interrupted", lang), err=True)
            code = EXIT_INTERRUPTED
        except Exception as exc:  # noqa: BLE001 - logged in the run's log, one sentence shown
            code = unexpected(exc, lang)
    sys.exit(code)


def _consolidate(block, inbox: Path, out_dir: Path, json_file: str | None, lang: str,
                 created: datetime | None, history_db: str | None, verification: tuple[str, ...],
                 tally: tuple[str, ...], log_file: str) -> int:
    """One consolidation under the folder's lock; the exit code."""
    from ..history import HistoryError
    from ..pipeline import consolidate as run
    from ..progress import notice
    from ..report.publish import past_chairs, publish
    from ..report.terminal import render
    from ..report.writer import ReportWriteError

    try:
        chairs = past_chairs(out_dir, block, history_db)
    except HistoryError as exc:
        click.echo(str(exc), err=True)
        return EXIT_OUTPUT if exc.refused_write else EXIT_CONFIG
    result = run(block, inbox, lang=lang, created=created, log_file=log_file,
                 verification=[Path(p) for p in verification], tally=[Path(p) for p in tally],
                 history_chairs=chairs)
    click.echo(render(result, lang))
    try:
        with notice("Đang ghi bảng kết quả" if lang == "vi" else "Writing the result workbook"):
            done = publish(result, out_dir, lang=lang, json_file=json_file, history_db=history_db)
    except (ReportWriteError, HistoryError) as exc:
        click.echo(str(exc), err=True)
        return EXIT_OUTPUT
    click.echo(("Kết quả: " if lang == "vi" else "Result: ") + str(done.workbook))
    if done.verification:
        click.echo(("Bảng thẩm định (để Khối trưởng điền): " if lang == "vi" else "Verification workbook: ")
                   + str(done.verification))
    if json_file:
        click.echo("JSON: " + json_file)
    return EXIT_PROVISIONAL if result.provisional else EXIT_OK


@cli.command()
@config_option
@inbox_option
@lang_option
@click.option("--feedback", "feedback_dir", type=click.Path(file_okay=False),
              help="Ghi cho mỗi đơn vị một thư trả lời (danh sách lỗi, cách sửa) vào thư mục này.")
def check(config: str, inbox: str, lang: str, feedback_dir: str | None) -> None:
    """Chỉ kiểm tra các tệp đã nhận (trước hạn nộp), không xếp hạng.

    Mã thoát: 0 không có lỗi; 2 cấu hình; 3 còn lỗi hoặc đơn vị chưa gửi; 4 không ghi được thư
    trả lời. Chi tiết lỗi của chương trình: tệp thidua-check.log trong thư mục tạm.
    """
    block = _load(config)
    inbox_dir = _inbox(inbox)
    from ..pipeline import consolidate as run
    from ..report.terminal import counts_line, render_findings

    log_file = start_log(Path(tempfile.gettempdir()) / "thidua-check.log", _warn, lang)
    try:
        result = run(block, inbox_dir, lang=lang, log_file=log_file)
    except KeyboardInterrupt:
        click.echo(label("run.interrupted", lang), err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # noqa: BLE001
        sys.exit(unexpected(exc, lang))
    click.echo(counts_line(result, lang))
    click.echo(render_findings(result, lang))
    if feedback_dir:
        from ..report.letters import unit_feedback
        from ..report.atomic import write_text_atomic
        from ..report.writer import output_error

        folder = Path(feedback_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for code, text in unit_feedback(result, lang).items():
                write_text_atomic(folder / f"{code}.txt", text)
        except OSError as exc:
            click.echo(str(output_error(folder, exc)), err=True)
            sys.exit(EXIT_OUTPUT)
        click.echo(("Thư trả lời từng đơn vị: " if lang == "vi" else "Replies per unit: ") + str(folder))
    sys.exit(EXIT_PROVISIONAL if result.provisional else EXIT_OK)


from .collect import collect  # noqa: E402  (feature commands, each in its own module)
from .config import config, init  # noqa: E402
from .history import history  # noqa: E402
from .review import ballots  # noqa: E402

cli.add_command(collect)
cli.add_command(history)
cli.add_command(ballots)
cli.add_command(init)
cli.add_command(config)


