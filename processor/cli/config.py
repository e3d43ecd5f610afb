"""``thidua init`` and ``thidua config export|check``: the block defined in a workbook.

Thin: options, calls into :mod:`processor.config` (loading, checking) and
:mod:`processor.report.config_book` (writing), printing. Exit codes: 0 done; 2 a broken config
or a wrong call; 4 the output could not be written.
"""
from __future__ import annotations

import sys
import tomllib
from datetime import datetime
from importlib import resources
from pathlib import Path

import click

from ..config.block import Block, ConfigError, load_config, parse_block

INIT_NAME = "khoi-thi-dua.xlsx"
EXIT_CONFIG, EXIT_OUTPUT = 2, 4
TOML_HEADER = ("# Cấu hình Khối thi đua (block.toml), ghi bằng `thidua config export` từ "
               "{source}.\n# Mọi khóa: docs/config.md.\n\n")


def _fail(message: str, code: int = EXIT_CONFIG) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def _load(path: str) -> tuple[Block, dict]:
    try:
        return load_config(path)
    except ConfigError as exc:
        _fail(str(exc))
        raise AssertionError("unreachable")


def created_for(block: Block) -> datetime:
    """The workbook's fixed creation time (same tree, same bytes): 1 January after the year."""
    return datetime(block.year + 1, 1, 1)


def demo_raw() -> dict:
    """The demo block, shipped with the package (the same data as demo/block.toml)."""
    text = resources.files("processor.config").joinpath("demo_block.toml").read_text("utf-8")
    return tomllib.loads(text)


@click.command("init")
@click.option("--out", default=".", show_default=True, type=click.Path(file_okay=False),
              help=f"Thư mục ghi bảng tính cấu hình {INIT_NAME}.")
def init(out: str) -> None:
    """Tạo bảng tính cấu hình Khối (khoi-thi-dua.xlsx), điền sẵn khối mẫu để sửa."""
    from ..report.config_book import write_config_book

    path = Path(out) / INIT_NAME
    if path.exists():
        _fail(f"Đã có tệp {path}; không ghi đè. Đổi tên hoặc chuyển tệp cũ đi, hoặc chọn thư mục "
              "khác bằng --out.")
    raw = demo_raw()
    block = parse_block(raw, source=INIT_NAME)
    try:
        write_config_book(raw, path, created_for(block))
    except OSError as exc:
        _fail(f"Không ghi được {path}: {exc.strerror or exc}", EXIT_OUTPUT)
    click.echo(f"Đã tạo {path} (điền sẵn khối mẫu: {block.name}, năm {block.year}).")
    click.echo("Sửa bảng tính bằng Excel, LibreOffice hoặc WPS (trang Hướng dẫn nói cách điền), "
               f"rồi kiểm tra: thidua config check {path}")


@click.group("config")
def config() -> None:
    """Cấu hình Khối: kiểm tra, đổi qua lại giữa block.toml và bảng tính."""


@config.command("check")
@click.argument("config_file", metavar="CONFIG", type=click.Path(dir_okay=False))
def check(config_file: str) -> None:
    """Chỉ kiểm tra cấu hình CONFIG (block.toml hoặc bảng tính) và in tóm tắt Khối."""
    block, _ = _load(config_file)
    click.echo(f"Cấu hình hợp lệ: {config_file}")
    click.echo(summary(block))


@config.command("export")
@click.argument("config_file", metavar="CONFIG", type=click.Path(dir_okay=False))
@click.argument("out", metavar="OUT", type=click.Path(dir_okay=False))
def export(config_file: str, out: str) -> None:
    """Đổi cấu hình CONFIG (block.toml hoặc bảng tính) thành OUT: bảng tính .xlsx hoặc .toml."""
    from ..config.cells import Unwritable
    from ..config.compare import differences
    from ..report.atomic import atomic_path

    target = Path(out)
    kind = target.suffix.lower()
    if kind not in (".xlsx", ".toml"):
        _fail(f"OUT cần đuôi .xlsx (bảng tính) hoặc .toml, nhận được '{target.name}'.")
    if target.exists() and target.resolve() == Path(config_file).resolve():
        _fail("OUT trùng với CONFIG; chọn một tệp khác.")
    block, raw = _load(config_file)
    replaced = target.exists()
    try:
        with atomic_path(target) as tmp:
            if kind == ".xlsx":
                from ..report.config_book import write_config_book

                write_config_book(raw, tmp, created_for(block))
            else:
                tmp.write_text(toml_text(raw, Path(config_file).name), encoding="utf-8")
            again, _ = load_config(tmp)
            lost = differences(block, again)
            if lost:
                raise Unwritable("đọc lại tệp ghi ra không được cùng một Khối:\n  "
                                 + "\n  ".join(lost))
    except Unwritable as exc:
        _fail(f"Không đổi được {config_file} thành {target.name}: {exc}")
    except ConfigError as exc:
        _fail(f"Không đổi được {config_file} thành {target.name}:\n{exc}")
    except OSError as exc:
        _fail(f"Không ghi được {target}: {exc.strerror or exc}", EXIT_OUTPUT)
    click.echo(f"Đã ghi {target}{' (thay tệp cũ)' if replaced else ''}: cùng một Khối với "
               f"{config_file}.")


def toml_text(raw: dict, source: str) -> str:
    """block.toml's text of a raw tree, written by tomli-w (dates and Unicode as TOML has them)."""
    import tomli_w

    return TOML_HEADER.format(source=source) + tomli_w.dumps(raw, multiline_strings=True)


def _n(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def summary(block: Block) -> str:
    """The block in a few lines: units, criteria and full base, awards, the review's options."""
    from ..config.review import review_config

    crit = block.criteria
    bonus = sum(c.max for c in crit if c.kind == "bonus")
    minus = sum(c.max for c in crit if c.kind == "deduction")
    merit = block.awards.merit
    quota = (f"{merit.count}" if merit.fraction is None
             else f"{_n(merit.fraction * 100)}% số đơn vị ({merit.quota(len(block.units))})")
    review = review_config(block)
    on = {True: "bật", False: "tắt"}
    lines = [
        f"  Khối: {block.name} ({block.id}), năm {block.year}, {block.province}",
        f"  Đơn vị: {len(block.units)}; Khối trưởng {block.chair}"
        + (f", Khối phó {block.deputy}" if block.deputy else ""),
        f"  Tiêu chí: {len(crit)} trong {len(block.sections)} nhóm; điểm chuẩn đầy đủ "
        f"{_n(block.full_base_max)} (điểm thưởng tối đa {_n(bonus)}, điểm trừ tối đa {_n(minus)})",
        f"  Khen thưởng: {block.awards.flag.count} Cờ (từ {_n(block.awards.flag.min_score)} điểm), "
        f"{quota} Bằng khen (từ {_n(merit.min_score)} điểm)"
        + (f"; {len(block.awards.exclusions)} đơn vị không xét" if block.awards.exclusions else ""),
        f"  Thẩm định: {on[review.verification.enabled]}; chấm chéo: {on[review.cross.enabled]}; "
        f"suy tôn: {on[review.ballots.enabled]}",
    ]
    return "\n".join(lines)
