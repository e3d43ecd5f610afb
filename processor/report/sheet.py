"""The worksheet class of the result workbook: XlsxWriter's, with a cheaper formula preparation.

XlsxWriter's ``Worksheet._prepare_formula`` runs about 30 ``re.sub`` calls on every formula to
prefix Excel 365's dynamic-array functions with ``_xlfn.`` (about 70 µs per formula: 1.6 s of
the 1,000-unit workbook, 17 s of the 10,000-unit one under the profiler). The result workbook
only calls a handful of classic functions (ROUND, SUM, AND, ISNUMBER, ...) that none of those
substitutions touches, so for a formula whose every function call is one of :data:`PLAIN` the
preparation is just "strip the leading '='" and gives the very same string. Anything else
(array braces, any other function name, a sheet name followed by "(") goes to XlsxWriter's own
method, unchanged: the fast path can only make writing faster, never the output different
(``tests/report/test_report_scale.py`` compares both on sample formulas).

Writing the sheet XML on ``close()`` is XlsxWriter's innermost loop (``_write_cell``, about
5 µs per cell: most of the 10,000-unit workbook's time). :meth:`ReportSheet._write_cell` writes
the four kinds of cell the report uses in bulk (number, shared string, blank, formula with a
numeric cached value, each with a format) straight to the file in exactly the bytes XlsxWriter
writes, and hands every other cell to XlsxWriter. The tests prove the whole workbook is byte for
byte the same as with XlsxWriter's own class, for the demo and for a large block; the fast path
is only taken on the XlsxWriter major version it was checked against.

:class:`StreamedSheet` is the same class in XlsxWriter's constant-memory mode, for the sheets of
a large block that grow with it and are written top to bottom (``writer.STREAMED_SHEETS``).
"""
from __future__ import annotations

import re

import xlsxwriter
from xlsxwriter.utility import _preserve_whitespace, xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import Worksheet

# Classic functions: not dynamic-array functions and not "future" (_xlfn.) functions.
PLAIN = frozenset({"ROUND", "SUM", "AND", "OR", "NOT", "IF", "ISNUMBER", "ISBLANK", "MIN", "MAX",
                   "ABS", "COUNT", "COUNTA", "COUNTIF", "SUMIF", "AVERAGE", "IFERROR"})
_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*(?=\()")


class ReportSheet(Worksheet):
    """A worksheet that prepares plain formulas without XlsxWriter's regex pass."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        if formula[:1] != "{" and formula[-1:] != "}":
            body = formula[1:] if formula[:1] == "=" else formula
            if "(" not in body or PLAIN.issuperset(_CALL.findall(body)):
                return body
        return super()._prepare_formula(formula, expand_future_functions)

    def _write_cell(self, row, col, cell):
        fmt = cell.format
        kind = type(cell).__name__
        if not FAST_CELLS or not fmt or kind not in _FAST_KINDS:
            return super()._write_cell(row, col, cell)
        attr = f' r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}"'
        if kind == "Number":
            self.fh.write(f"<c{attr}><v>{cell.number:.16G}</v></c>")
        elif kind == "String" and self.constant_memory:      # the text itself, inline
            # as XlsxWriter writes it, except that a text looking like "<r>...</r>" is escaped
            # too (XlsxWriter would copy it into the XML as a rich string)
            text = self._escape_control_characters(cell.string)
            space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
            self.fh.write(f'<c{attr} t="inlineStr"><is><t{space}>{self._escape_data(text)}'
                          f'</t></is></c>')
        elif kind == "String":                  # the shared-string index
            self.fh.write(f'<c{attr} t="s"><v>{cell.string}</v></c>')
        elif kind == "Blank":
            self.fh.write(f"<c{attr}/>")
        else:                                   # Formula
            value = cell.value
            if type(value) not in (int, float):  # bool, text, error, None: XlsxWriter's way
                return super()._write_cell(row, col, cell)
            self.fh.write(f"<c{attr}><f>{self._escape_data(cell.formula)}</f><v>{value}</v></c>")
        return None


class StreamedSheet(ReportSheet):
    """A ReportSheet in XlsxWriter's constant-memory mode, whatever the workbook's: a row goes to
    a temporary file as soon as a later row is begun, so a sheet of 10,000 units does not hold
    its cells until the workbook closes (the four growing sheets held ~90 MiB at 10,000 units).
    Rows must be written top to bottom, each with its height set before the next row begins;
    texts are written inline instead of as shared strings."""

    def _initialize(self, init_data):
        super()._initialize({**init_data, "constant_memory": True})


_FAST_KINDS = frozenset({"Number", "String", "Blank", "Formula"})
FAST_CELLS = xlsxwriter.__version__.split(".")[0] == "3"
"""The cell writer above mirrors XlsxWriter 3.x; any other major version uses its own."""


__all__ = ["ReportSheet", "StreamedSheet", "PLAIN", "FAST_CELLS"]
