"""The result workbook as LibreOffice sees it: it opens, prints on few A4 pages per sheet, and
every formula recalculates to exactly the cached figure, with no error cell."""
from __future__ import annotations

import re
import subprocess

import pytest

from processor.report import write_report
from tests.support import libreoffice as lo
from tests.support.results import HOSTILE, demo_result

pytestmark = pytest.mark.libreoffice

# The first page of each sheet, in print order, is recognised by a text only it starts with.
MARKERS = {
    "vi": [("summary", "BẢNGTỔNGHỢPKẾTQUẢ"), ("proposals", "TỜTRÌNH"), ("minutes", "BIÊNBẢN"),
           ("charts", "Màucột"), ("detail", "CHITIẾTĐIỂMTỰCHẤM"),
           ("findings", "LỖIVÀCẢNHBÁOTRONG"), ("sources", "DANHSÁCHTỆPĐÃNHẬN")],
    "en": [("summary", "EMULATIONSCORESANDRANKING"), ("proposals", "Proposalfortheemulationflag"),
           ("minutes", "Reviewconference"), ("charts", "Barcolours"), ("detail", "SELFSCORESBYCRITERION"),
           ("findings", "FINDINGSINTHESUBMISSIONS"), ("sources", "FILESRECEIVED")],
}
MAX_PAGES = {"summary": 1, "proposals": 2, "minutes": 3, "charts": 1, "detail": 3,
             "findings": 2, "sources": 2}


def page_texts(pdf) -> list[str]:
    pages = lo.pdf_pages(pdf)
    out = []
    for i in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        out.append(re.sub(r"\s+", "", text))
    return out


def pages_per_sheet(pdf, lang: str) -> dict[str, int]:
    texts = page_texts(pdf)
    starts = []
    at = 0
    for sheet, marker in MARKERS[lang]:
        while at < len(texts) and marker not in texts[at]:
            at += 1
        assert at < len(texts), f"no page starts the {sheet} sheet ({marker})"
        starts.append((sheet, at))
        at += 1
    bounds = [p for _, p in starts] + [len(texts)]
    return {sheet: bounds[i + 1] - start for i, (sheet, start) in enumerate(starts)}


@pytest.fixture(scope="module")
def soffice():
    lo.require_soffice(uno=True)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_prints_on_few_a4_pages_per_sheet(soffice, tmp_path, lang):
    book = write_report(demo_result(), tmp_path / "out", lang=lang)
    pdf = lo.convert(book, "pdf", tmp_path / "pdf")
    counts = pages_per_sheet(pdf, lang)
    for sheet, most in MAX_PAGES.items():
        assert 1 <= counts[sheet] <= most, counts
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d* pts", size) or "A4" in size, size
    # the official header and the date line come out with their diacritics
    first = page_texts(pdf)[counts["summary"]]          # the proposals' first page
    if lang == "vi":
        for text in ("CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM", "Độclập-Tựdo-Hạnhphúc",
                     "BắcKạn,ngày04tháng01năm2021", "UBNDTỈNHBẮCKẠN"):
            assert text in first, text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_formula_recalculates_to_its_cached_value(soffice, tmp_path, lang):
    result = demo_result()
    cells = lo.recalculate(write_report(result, tmp_path, lang=lang))
    assert lo.disagreements(cells) == []
    detail = "Chi tiết điểm" if lang == "vi" else "Score detail"
    summary = "Tổng hợp" if lang == "vi" else "Summary"
    assert len(cells[detail]) > 100 and len(cells[summary]) >= 4 * result.received - 4
    finals = sorted(v[2] for v in cells[detail].values() if v[0].startswith("=ROUND(") and "+" in v[0])
    assert finals == sorted(u.final_score for u in result.units if u.final_score is not None)


def test_hostile_text_is_not_evaluated_by_libreoffice(soffice, tmp_path):
    plain = lo.recalculate(write_report(demo_result(), tmp_path / "plain"))
    hostile = lo.recalculate(write_report(demo_result(hostile=True), tmp_path / "hostile"))
    assert lo.disagreements(hostile) == []
    assert {s: len(c) for s, c in hostile.items()} == {s: len(c) for s, c in plain.items()}
    for cells in hostile.values():
        for formula, *_ in cells.values():
            assert not any(h in formula for h in HOSTILE.values())
