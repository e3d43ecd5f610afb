"""The result workbook (one module per sheet, shared styles); see :func:`write_report`."""
from .styles import Styles, put, put_merged
from .writer import ExtraSheet, ReportWriteError, build_workbook, report_name, write_report

__all__ = ["write_report", "build_workbook", "report_name", "ReportWriteError", "ExtraSheet",
           "Styles", "put", "put_merged"]
