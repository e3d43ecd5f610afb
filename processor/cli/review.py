"""Click pieces of the review: the ``ballots`` command and the ``consolidate`` options
``--verification FILE`` and ``--tally FILE``. No logic lives here."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..config.block import ConfigError, load_block

verification_option = click.option(
    "--verification", "verification", type=click.Path(exists=True, dir_okay=False), multiple=True,
    help="Bảng thẩm định đã điền, thêm vào các bảng trong hộp thư đến; lặp lại được. Các bảng được "
         "gộp theo từng ô; hai điểm khác nhau cho một ô là lỗi R011 (xem docs/review.md).")
tally_option = click.option(
    "--tally", "tally", type=click.Path(exists=True, dir_okay=False), multiple=True,
    help="Bảng kiểm phiếu suy tôn đã điền, thêm vào các bảng trong hộp thư đến; lặp lại được. "
         "Hai bảng khác nhau là lỗi R211.")


@click.command()
@click.option("--config", "config", default="demo/block.toml", show_default=True,
              type=click.Path(dir_okay=False),
              help="Cấu hình Khối: block.toml hoặc bảng tính (.xlsx, .ods).")
@click.option("--inbox", default="demo/inbox", show_default=True, type=click.Path(file_okay=False),
              help="Thư mục chứa các tệp đơn vị gửi.")
@click.option("--out", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Thư mục ghi phiếu suy tôn và bảng kiểm phiếu.")
@verification_option
@click.option("--created", help="Thời điểm ghi trong tệp (ISO), để tệp giống hệt nhau giữa các lần chạy.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Ngôn ngữ / language.")
def ballots(config: str, inbox: str, out: str, verification: tuple[str, ...], created: str | None,
            lang: str) -> None:
    """In phiếu suy tôn đơn vị dẫn đầu (mỗi đại biểu một phiếu) và bảng kiểm phiếu."""
    from ..config.review import review_config
    from ..pipeline import consolidate
    from ..report.ballots_form import write_ballots

    try:
        block = load_block(config)
        cfg = review_config(block)
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    inbox_path = Path(inbox)
    if not inbox_path.is_dir():
        click.echo(f"Không tìm thấy thư mục hộp thư đến: {inbox_path}", err=True)
        sys.exit(2)
    try:
        when = datetime.fromisoformat(created) if created else datetime(block.year + 1, 1, 1)
    except ValueError:
        click.echo(f"--created cần dạng ngày giờ ISO; nhận được {created!r}", err=True)
        sys.exit(2)
    result = consolidate(block, inbox_path, lang=lang,
                         verification=[Path(p) for p in verification])
    try:
        ballot_path, tally_path = write_ballots(block, result, Path(out), when, cfg.ballots)
    except ValueError as exc:
        click.echo(str(exc), err=True)
        sys.exit(3)
    except OSError as exc:
        click.echo(f"Không ghi được tệp: {exc}", err=True)
        sys.exit(4)
    click.echo(("Phiếu suy tôn: " if lang == "vi" else "Ballots: ") + str(ballot_path))
    click.echo(("Bảng kiểm phiếu: " if lang == "vi" else "Tally: ") + str(tally_path))
