"""The result workbook: all sheets into one .xlsx, written atomically and reproducibly.

``write_report(result, out_dir, lang, extra_sheets)`` builds the workbook in a temporary file
next to the target and renames it over the target only when it is complete, so a failure never
leaves a half-written or missing result. The same :class:`Result` (same ``created``) always
gives a byte-identical file.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException

from ..labels import label
from . import charts, detail, findings_sheet, minutes, proposals, sources_sheet, summary
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


def build_workbook(target, result, lang: str = "vi", extra_sheets: Iterable[ExtraSheet] = ()) -> None:
    """Write every sheet into ``target`` (a path or a binary file object)."""
    options = dict(WORKBOOK_OPTIONS)
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
    styles = Styles(workbook)
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


def _lock_files(target: Path) -> list[Path]:
    """Lock files that Excel (~$name) and LibreOffice (.~lock.name#) leave while a file is open."""
    candidates = [target.with_name("~$" + target.name), target.with_name(f".~lock.{target.name}#")]
    return [p for p in candidates if p.exists()]


def write_report(result, out_dir: Path, lang: str = "vi", extra_sheets: Iterable[ExtraSheet] = ()) -> Path:
    """Write the result workbook into ``out_dir`` atomically; return its path.

    Raises :class:`ReportWriteError` (Vietnamese message) when the folder cannot be written or
    the previous result is open in a spreadsheet program; the previous file is then untouched.
    """
    out_dir = Path(out_dir)
    target = out_dir / report_name(result, lang)
    locks = _lock_files(target)
    if locks:
        raise ReportWriteError(
            f"Tệp kết quả {target} đang được mở trong Excel hoặc LibreOffice (có tệp khóa "
            f"{locks[0].name}). Hãy đóng tệp rồi chạy lại; kết quả cũ được giữ nguyên. "
            f"Nếu không có chương trình nào đang mở tệp, xóa tệp khóa {locks[0].name}.")
    if target.is_dir():
        raise ReportWriteError(
            f"Không ghi được tệp kết quả: {target} là một thư mục. Đổi tên hoặc xóa thư mục đó "
            f"rồi chạy lại.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".~thidua-", suffix=".xlsx.tmp", dir=out_dir)
        os.close(fd)
    except OSError as exc:
        raise ReportWriteError(
            f"Không ghi được vào thư mục kết quả {out_dir} ({exc.strerror or exc}). Kiểm tra "
            f"quyền ghi hoặc chọn thư mục khác (tham số --out); kết quả cũ được giữ nguyên.") from exc
    tmp = Path(tmp_name)
    try:
        try:
            build_workbook(str(tmp), result, lang, extra_sheets)
            os.chmod(tmp, 0o644)
        except (OSError, XlsxWriterException) as exc:
            raise ReportWriteError(
                f"Không ghi được tệp kết quả vào {out_dir} ({exc}). Kiểm tra dung lượng đĩa và "
                f"quyền ghi; kết quả cũ được giữ nguyên.") from exc
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise ReportWriteError(
                f"Không thay được tệp kết quả {target} ({exc.strerror or exc}). Có thể tệp đang "
                f"mở trong Excel hoặc chỉ cho phép đọc: đóng tệp rồi chạy lại. Kết quả cũ được "
                f"giữ nguyên.") from exc
    finally:
        if tmp.exists():
            try:
                tmp.unlink()
            except OSError:
                pass
    return target
