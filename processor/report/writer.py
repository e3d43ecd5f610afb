"""The result workbook: all sheets into one .xlsx, written atomically and reproducibly.

``write_report(result, out_dir, lang, extra_sheets)`` builds the workbook in a temporary file
next to the target and renames it over the target only when it is complete, so a failure never
leaves a half-written or missing result. The same :class:`Result` (same ``created``) always
gives a byte-identical file.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Callable, Iterable

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException

from ..labels import label
from . import charts, detail, findings_sheet, formal, minutes, proposals, sources_sheet, summary
from .atomic import OutputInUse, OutputSet, part_folder, refuse_if_open
from .common import sheet_name
from .sheet import ReportSheet, StreamedSheet
from .styles import DEFAULT_COLUMN_PIXELS, DEFAULT_FORMAT, DEFAULT_ROW_PIXELS, Styles

ExtraSheet = Callable[[object, Styles, object, str], None]
"""A later feature's sheet: ``(workbook, styles, result, lang) -> None``; it adds its own
worksheet(s) with ``workbook.add_worksheet(name)`` and writes text only through
:func:`processor.report.styles.put`. Called after the core sheets, in the order given."""

WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False, "constant_memory": False,
                    "default_format_properties": DEFAULT_FORMAT,
                    "default_column_width": DEFAULT_COLUMN_PIXELS,
                    "default_row_height": DEFAULT_ROW_PIXELS}


STREAMED_SHEETS = frozenset({"summary", "detail", "findings", "sources"})
"""One row per unit, finding or file, each written strictly top to bottom (see sheet.py)."""


class ReportWriteError(Exception):
    """The result workbook could not be written; the previous result (if any) is intact."""


def report_name(result, lang: str = "vi") -> str:
    return label("file.result", lang, id=result.block.id, year=result.block.year)


def build_workbook(target, result, lang: str = "vi", extra_sheets: Iterable[ExtraSheet] = (),
                   tmpdir: Path | None = None) -> None:
    """Write every sheet into ``target`` (a path or a binary file object); XlsxWriter's working
    files go to ``tmpdir`` (default: the system's temporary folder)."""
    options = dict(WORKBOOK_OPTIONS)
    if tmpdir is not None:
        options["tmpdir"] = str(tmpdir)
    # XlsxWriter adds keys to this dict; a shared one made the second workbook written in a
    # process differ from the first (styles.xml), so each workbook gets its own copy.
    options["default_format_properties"] = dict(DEFAULT_FORMAT)
    if not isinstance(target, (str, os.PathLike)):
        options["in_memory"] = True
    workbook = xlsxwriter.Workbook(target, options)
    block = result.block
    workbook.set_properties({
        "title": label("summary.title", lang, year=block.year),
        "subject": block.name,
        "author": block.secretary or block.name,
        "company": block.issuing_body[-1] if block.issuing_body else block.name,
        "comments": "thidua",
        "created": result.created,
    })
    workbook.set_calc_mode("auto")
    styles = Styles(workbook, lang)
    try:
        lay = detail.layout(result, lang)
        # A large block's sheets that grow with it are written top to bottom: streamed to disk
        # row by row instead of held until the workbook closes (not when it is built in memory,
        # where XlsxWriter keeps no temporary files). A provincial block's is written as before.
        streamed = STREAMED_SHEETS if lay.by_rows and "in_memory" not in options else ()
        sheets = {key: workbook.add_worksheet(
                      sheet_name(key, lang),
                      worksheet_class=StreamedSheet if key in streamed else ReportSheet)
                  for key in ("summary", "proposals", "minutes", "charts", "detail", "findings",
                              "sources")}
        detail.write(sheets["detail"], styles, result, lang, lay)      # first: others refer to it
        summary.write(sheets["summary"], styles, result, lang, lay)
        proposals.write(sheets["proposals"], styles, result, lang, lay)
        minutes.write(sheets["minutes"], styles, result, lang, lay)
        charts.write(sheets["charts"], styles, result, lang, lay)
        findings_sheet.write(sheets["findings"], styles, result, lang, lay)
        sources_sheet.write(sheets["sources"], styles, result, lang, lay)
        for extra in extra_sheets:
            extra(workbook, styles, result, lang)
        for ws in workbook.worksheets():      # a provisional result: every printed page says so
            formal.print_mark(ws, result, lang)
        sheets["summary"].activate()
        workbook.close()
    except BaseException:
        _discard_streams(workbook)
        raise


def _discard_streams(workbook) -> None:
    """The temporary row files of streamed sheets, when a workbook is abandoned half-written
    (a finished one has read and removed them)."""
    for ws in workbook.worksheets():
        fh, name = getattr(ws, "row_data_fh", None), getattr(ws, "row_data_filename", None)
        if ws.constant_memory and fh is not None:
            fh.close()
            if name:
                Path(name).unlink(missing_ok=True)


def check_target(target: Path) -> None:
    """Raise :class:`ReportWriteError` when ``target`` cannot be replaced: it is open in a
    spreadsheet program (its lock file is there) or it is a folder."""
    try:
        refuse_if_open(target)
    except OutputInUse as exc:
        raise ReportWriteError(str(exc)) from None
    if target.is_dir():
        raise ReportWriteError(
            f"Không ghi được tệp kết quả: {target} là một thư mục. Đổi tên hoặc xóa thư mục đó "
            f"rồi chạy lại.")


def output_error(folder: Path, exc: BaseException, file: bool = False) -> ReportWriteError:
    """The Vietnamese sentence for an output that could not be written into ``folder`` (``file``:
    the folder was there, writing a file into it failed)."""
    if isinstance(exc, OutputInUse):
        return ReportWriteError(str(exc))
    code = getattr(exc, "errno", None)
    reason = getattr(exc, "strerror", None) or str(exc)
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        hint = "ổ đĩa đã đầy: giải phóng dung lượng hoặc chọn thư mục khác (tham số --out)"
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM):
        hint = "thư mục chỉ cho phép đọc hoặc không có quyền ghi: chọn thư mục khác (tham số --out)"
    elif code == errno.ENAMETOOLONG:
        hint = "đường dẫn quá dài: chọn thư mục có đường dẫn ngắn hơn"
    elif code in (errno.ENOENT, errno.ENOTDIR, errno.EEXIST):
        hint = "thư mục không tồn tại hoặc là một tệp: kiểm tra tham số --out"
    else:
        hint = "kiểm tra dung lượng đĩa và quyền ghi"
    lead = f"Không ghi được tệp kết quả vào {folder}" if file else \
        f"Không ghi được vào thư mục kết quả {folder}"
    return ReportWriteError(f"{lead} ({reason}); {hint}. Kết quả cũ được giữ nguyên, lịch sử "
                            f"của Khối không thay đổi.")


def install(outputs: OutputSet) -> None:
    """:meth:`OutputSet.install`, its failure said in Vietnamese (:class:`ReportWriteError`)."""
    try:
        outputs.install()
    except OSError as exc:
        target = exc.filename2 or exc.filename or ""
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY):
            raise output_error(Path(target).parent, exc, file=True) from exc
        raise ReportWriteError(
            f"Không thay được tệp kết quả {target} ({exc.strerror or exc}). Có thể tệp đang mở "
            f"trong Excel hoặc chỉ cho phép đọc: đóng tệp rồi chạy lại. Kết quả cũ được giữ "
            f"nguyên, lịch sử của Khối không thay đổi.") from exc


def write_workbook(target: Path, result, lang: str = "vi",
                   extra_sheets: Iterable[ExtraSheet] = ()) -> None:
    """Build the workbook into the file ``target`` (a temporary part); XlsxWriter's working files
    go to a ``.thidua-part-*`` folder beside it, removed after. Errors: :class:`ReportWriteError`."""
    target = Path(target)
    try:
        with part_folder(target.parent) as work:
            build_workbook(str(target), result, lang, extra_sheets, tmpdir=work)
    except (OSError, XlsxWriterException) as exc:
        raise output_error(target.parent, exc, file=True) from exc


def write_report(result, out_dir: Path, lang: str = "vi", extra_sheets: Iterable[ExtraSheet] = ()) -> Path:
    """Write the result workbook into ``out_dir`` atomically; return its path.

    Raises :class:`ReportWriteError` (Vietnamese message) when the folder cannot be written or
    the previous result is open in a spreadsheet program; the previous file is then untouched.
    """
    out_dir = Path(out_dir)
    target = out_dir / report_name(result, lang)
    check_target(target)
    try:
        with OutputSet() as outputs:
            write_workbook(outputs.part(target), result, lang, extra_sheets)
            install(outputs)
    except OSError as exc:
        raise output_error(out_dir, exc) from exc
    return target
