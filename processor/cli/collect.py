"""``thidua collect``: the click command only; the work is in :mod:`processor.collect`."""
from __future__ import annotations

import os
from pathlib import Path

import click

from ..collect.errors import CollectError
from ..collect.imap import CAFILE_ENV, PASSWORD_ENV, is_imap_url
from ..collect.manifest import MANIFEST_NAME
from ..labels import LANGS, format_plain, label
from ..locks import DEFAULT_WAIT, Busy

def _t(key: str, lang: str, **params) -> str:
    return label(f"collect.{key}", lang, **params)


@click.command("collect")
@click.argument("source")
@click.option("--to", "inbox", default="inbox", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục lưu các tệp nhận được / inbox folder.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]),
              help="Chỉ lấy thư gửi từ ngày này (YYYY-MM-DD hoặc DD/MM/YYYY) / only mail from this date.")
@click.option("--cafile", type=click.Path(exists=True, dir_okay=False),
              help=f"Tệp chứng chỉ CA của máy chủ IMAP tự ký (hoặc biến {CAFILE_ENV}).")
@click.option("--insecure", is_flag=True,
              help="Không kiểm tra chứng chỉ máy chủ (chỉ dùng khi thử nghiệm) / skip certificate checks.")
@click.option("--wait", type=click.FloatRange(min=0), default=DEFAULT_WAIT, show_default=True,
              metavar="GIÂY",
              help="Số giây chờ khi một lần chạy collect khác đang ghi vào cùng thư mục nhận "
                   "/ seconds to wait for another collect run into the same inbox.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
              help="Ngôn ngữ thông báo / message language (vi, en).")
@click.pass_context
def collect(ctx: click.Context, source: str, inbox: Path, since, cafile, insecure, wait,
            lang) -> None:
    """Lấy bảng tính đính kèm từ thư (thư mục .eml, tệp mbox, Maildir, hoặc
    imaps://tên@máy-chủ/THƯ-MỤC) vào thư mục nhận, kèm danh sách người gửi.

    Mật khẩu IMAP: biến môi trường THIDUA_IMAP_PASSWORD hoặc nhập khi được hỏi.
    Mã thoát: 0 xong; 2 nguồn thư / đăng nhập / máy chủ; 4 không ghi được vào thư mục nhận;
    5 một lần chạy collect khác đang dùng thư mục nhận.
    """
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    lang = lang or obj.get("lang") or os.environ.get("THIDUA_LANG", "vi")
    lang = lang if lang in LANGS else "vi"

    def prompt() -> str:
        user = source.split("//", 1)[-1].rsplit("@", 1)[0] if is_imap_url(source) else ""
        try:
            return click.prompt(_t("prompt", lang, user=user), hide_input=True, default="",
                                show_default=False, err=True)
        except click.Abort:  # no terminal (a script, a scheduler): explained by collect
            return ""

    from ..collect.collect import collect as run_collect   # the mail modules: only when collecting

    def waiting() -> None:
        seconds = format_plain(wait, lang, decimals=None)
        click.echo(_t("waiting", lang, inbox=inbox, wait=seconds), err=True)

    try:
        report = run_collect(source, inbox, since=since.date() if since else None,
                             password=None, cafile=cafile, insecure=insecure,
                             password_prompt=prompt if os.environ.get(PASSWORD_ENV) is None else None,
                             wait=wait, on_wait=waiting)
    except (CollectError, Busy) as exc:
        click.echo(exc.message(lang), err=True)
        ctx.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo(_t("interrupted", lang), err=True)
        ctx.exit(130)
    except click.exceptions.Exit:
        raise
    except click.Abort:
        raise
    except Exception as exc:  # noqa: BLE001 - never a traceback for the secretary
        click.echo(_t("unexpected", lang, kind=type(exc).__name__), err=True)
        ctx.exit(1)

    click.echo(_t("summary", lang, messages=report.messages, source=report.source))
    if report.saved:
        click.echo(_t("saved", lang, n=len(report.saved), inbox=inbox))
        for e in report.saved:
            when = e.date.isoformat(sep=" ", timespec="minutes") if e.date else "?"
            click.echo(f"  {e.file}  ←  {e.sender or '?'}  ({when})")
    else:
        click.echo(_t("none", lang, inbox=inbox))
    if report.adopted:
        click.echo(_t("adopted", lang, n=len(report.adopted), inbox=inbox))
        for e in report.adopted:
            click.echo(f"  {e.file}  ←  {e.sender or '?'}")
    if report.duplicates:
        click.echo(_t("dup", lang, n=len(report.duplicates)))
    if report.not_spreadsheets:
        click.echo(_t("other", lang, n=len(report.not_spreadsheets)))
    if report.before_since:
        click.echo(_t("since", lang, n=report.before_since, since=since.date().isoformat()))
    notes = [f for f in report.findings if f.code != "C002"]
    if notes:
        click.echo(_t("problems", lang, n=len(notes)))
        for f in notes:
            click.echo(f"  [{f.code}] {f.message(lang)}")
    if report.saved or (inbox / MANIFEST_NAME).exists():
        click.echo(_t("manifest", lang, path=inbox / MANIFEST_NAME))
