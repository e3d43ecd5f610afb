"""Click pieces of the review: the ``ballots`` command and the options the lead adds to
``consolidate`` (``--verification FILE``, ``--tally FILE``). No logic lives here.

Register with ``cli.add_command(ballots)`` in processor/cli.py.
"""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import click

from ..config.block import ConfigError, load_block

verification_option = click.option(
    "--verification", "verification", type=click.Path(exists=True, dir_okay=False),
    help="Bảng thẩm định đã điền (mặc định: bảng thẩm định mới nhất trong hộp thư đến).")
tally_option = click.option(
    "--tally", "tally", type=click.Path(exists=True, dir_okay=False),
    help="Bảng kiểm phiếu suy tôn đã điền (mặc định: bảng mới nhất trong hộp thư đến).")


def build_review_result(block, inbox: Path, *, verification: str | None, tally: str | None,
                        lang: str = "vi", log_file: str = "thidua.log"):
    """intake → validate → the review stages; (outcome, findings, sources). Used by ``ballots``
    until the lead's pipeline runs the review itself."""
    from ..intake import intake
    from ..config.review import review_config
    from ..review.cross import collect_cross
    from ..review.stage import find_review_files, run_review
    from ..stages.validate import validate

    cfg = review_config(block)
    sources, submissions, intake_findings = intake(inbox, block, log_file=log_file, lang=lang)
    found_v, found_t = find_review_files(p for s in sources if (p := s.path) is not None)
    sheet, findings = validate(block, [s for s in submissions
                                       if s.source.path not in (found_v, found_t)])
    aside = {p.name for p in (found_v, found_t) if p is not None}
    findings = [f for f in intake_findings + [f for s in submissions for f in s.findings]
                if f.file not in aside] + findings
    collected = None
    if cfg.cross.enabled:
        collected, cross_findings = collect_cross(block, submissions, cfg.cross.granularity)
        findings += cross_findings
    outcome = run_review(block, sheet, findings, verification=verification or found_v,
                         tally=tally or found_t, cross_collected=collected, cfg=cfg, lang=lang)
    return outcome, findings + outcome.findings, sources


@click.command()
@click.option("--config", "config", default="demo/block.toml", show_default=True,
              type=click.Path(dir_okay=False), help="Tệp cấu hình Khối (block.toml).")
@click.option("--inbox", default="demo/inbox", show_default=True, type=click.Path(file_okay=False),
              help="Thư mục chứa các tệp đơn vị gửi.")
@click.option("--out", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Thư mục ghi phiếu suy tôn và bảng kiểm phiếu.")
@verification_option
@click.option("--created", help="Thời điểm ghi trong tệp (ISO), để tệp giống hệt nhau giữa các lần chạy.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def ballots(config: str, inbox: str, out: str, verification: str | None, created: str | None,
            lang: str) -> None:
    """In phiếu suy tôn đơn vị dẫn đầu (mỗi đại biểu một phiếu) và bảng kiểm phiếu."""
    from ..review.ballots import write_ballots
    from ..config.review import review_config

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
    outcome, _, _ = build_review_result(block, inbox_path, verification=verification, tally=None,
                                        lang=lang)
    try:
        ballot_path, tally_path = write_ballots(block, SimpleNamespace(units=outcome.units),
                                                Path(out), when, cfg.ballots)
    except ValueError as exc:
        click.echo(str(exc), err=True)
        sys.exit(3)
    except OSError as exc:
        click.echo(f"Không ghi được tệp: {exc}", err=True)
        sys.exit(4)
    click.echo(("Phiếu suy tôn: " if lang == "vi" else "Ballots: ") + str(ballot_path))
    click.echo(("Bảng kiểm phiếu: " if lang == "vi" else "Tally: ") + str(tally_path))
