"""Command line: parse options, call the pipeline, print. No logic lives here.

Exit codes: 0 done; 2 config or usage error; 3 result written but provisional (errors or
missing units); 4 the output could not be written; 1 unexpected failure (see the log).
"""
from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import click

from .block import ConfigError, load_block

DEFAULT_CONFIG = "demo/block.toml"
DEFAULT_INBOX = "demo/inbox"
EXIT_OK, EXIT_UNEXPECTED, EXIT_CONFIG, EXIT_PROVISIONAL, EXIT_OUTPUT = 0, 1, 2, 3, 4

config_option = click.option("--config", "config", default=DEFAULT_CONFIG, show_default=True,
                             type=click.Path(dir_okay=False), help="Tệp cấu hình Khối (block.toml).")
inbox_option = click.option("--inbox", default=DEFAULT_INBOX, show_default=True,
                            type=click.Path(file_okay=False), help="Thư mục chứa các tệp đơn vị gửi.")
lang_option = click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
                           help="Ngôn ngữ / language.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="thidua")
def cli() -> None:
    """thidua — tổng hợp, chấm điểm, xếp hạng thi đua của Khối thi đua."""


def main() -> None:
    """Console entry point: no traceback ever reaches the user; it goes to the log."""
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001
        log = Path(tempfile.gettempdir()) / "thidua-error.log"
        logging.basicConfig(filename=log, level=logging.ERROR)
        logging.getLogger("thidua").exception("unexpected failure")
        click.echo(f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Chi tiết: {log}", err=True)
        sys.exit(EXIT_UNEXPECTED)


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


def _logging(out: Path) -> str:
    out.mkdir(parents=True, exist_ok=True)
    log_file = out / "thidua.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("thidua")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    return str(log_file)


@cli.command()
@config_option
@click.option("--out", default="input_templates", show_default=True, type=click.Path(file_okay=False),
              help="Thư mục ghi tệp mẫu.")
def templates(config: str, out: str) -> None:
    """Tạo tệp mẫu tự chấm điểm cho từng đơn vị (và một mẫu trống)."""
    from .template import write_templates

    block = _load(config)
    paths = write_templates(block, Path(out))
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
def consolidate(config: str, inbox: str, out: str, json_file: str | None, lang: str, created: str | None) -> None:
    """Tổng hợp các bảng tự chấm, xếp hạng, đề nghị khen thưởng, ghi bảng kết quả."""
    from .pipeline import consolidate as run
    from .report.writer import ReportWriteError, write_report
    from .summary import render

    block = _load(config)
    out_dir = Path(out)
    log_file = _logging(out_dir)
    result = run(block, _inbox(inbox), lang=lang, created=_created(created), log_file=log_file)
    click.echo(render(result, lang))
    try:
        path = write_report(result, out_dir, lang=lang)
        if json_file:
            write_json(result, Path(json_file), lang)
    except (ReportWriteError, OSError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_OUTPUT)
    click.echo(("Kết quả: " if lang == "vi" else "Result: ") + str(path))
    if json_file:
        click.echo(("JSON: ") + json_file)
    sys.exit(EXIT_PROVISIONAL if result.provisional else EXIT_OK)


@cli.command()
@config_option
@inbox_option
@lang_option
def check(config: str, inbox: str, lang: str) -> None:
    """Chỉ kiểm tra các tệp đã nhận (trước hạn nộp), không xếp hạng."""
    from .pipeline import consolidate as run
    from .summary import counts_line, render_findings

    block = _load(config)
    result = run(block, _inbox(inbox), lang=lang)
    click.echo(counts_line(result, lang))
    click.echo(render_findings(result, lang))
    sys.exit(EXIT_PROVISIONAL if result.provisional else EXIT_OK)


def write_json(result, path: Path, lang: str) -> None:
    """Atomic: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(result.to_json(lang), ensure_ascii=False, indent=2, default=str)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".thidua-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    main()
