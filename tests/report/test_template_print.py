"""The template as a unit prints it (issue 20 §3): criteria needing evidence are marked, the
instructions' example and contact come from the config, a place and date line and the unit
head's signature close the scoring sheet, the province is not said twice; filled by LibreOffice
it reads back whole."""
from __future__ import annotations

import subprocess
from datetime import datetime

import pytest
from python_calamine import CalamineWorkbook

from processor.config.block import load_block
from processor.report.template import (EVIDENCE_MARK, INSTRUCTIONS_SHEET, SCORING_SHEET,
                                       block_title, write_templates)
from tests.support import libreoffice as lo
from tests.support.large_block import write_large_block
from tests.support.workspace import base_scores, demo_block

CREATED = datetime(2024, 11, 25, 8)


def texts(path, sheet):
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return [str(v) for row in rows for v in row if v not in (None, "")]


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    root = tmp_path_factory.mktemp("large-templates")
    block = load_block(write_large_block(root))
    paths = {p.stem.rsplit("-", 1)[1]: p for p in write_templates(block, root / "t", CREATED)}
    return block, paths


def test_evidence_criteria_marked_and_explained(large):
    block, paths = large
    cells = texts(paths["TNCHUYEN"], SCORING_SHEET)
    for crit in block.criteria:
        marked = crit.text + EVIDENCE_MARK
        assert (marked in cells) == crit.evidence_required, crit.code
        assert (crit.text in cells) == (not crit.evidence_required), crit.code
    assert any("cần minh chứng" in c and EVIDENCE_MARK.strip() in c for c in cells)


def test_instructions_take_example_and_contact_from_config(large):
    block, paths = large
    guide = "\n".join(texts(paths["TNCHUYEN"], INSTRUCTIONS_SHEET))
    assert block.evidence_example in guide and block.contact in guide
    assert "125/BC-SYT" not in guide


def test_instructions_example_without_config_names_no_other_unit():
    block = demo_block()
    assert block.evidence_example == ""
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as tmp:
        paths = {p.stem.rsplit("-", 1)[1]: p for p in write_templates(block, Path(tmp), CREATED)}
        guide = "\n".join(texts(paths["CDBK"], INSTRUCTIONS_SHEET))
        blank = "\n".join(texts(paths["TRONG"], INSTRUCTIONS_SHEET))
    assert "Báo cáo số …/BC-CDBK ngày …/…/2020" in guide and "SYT" not in guide.split("Liên hệ")[0]
    assert "Báo cáo số …/BC-… ngày …/…/2020" in blank


def test_province_said_once():
    large = load_block(write_large_block(__import__("pathlib").Path(__import__("tempfile").mkdtemp())))
    assert block_title(large) == "Khối thi đua các trường Trung học phổ thông tỉnh Thái Nguyên"
    assert block_title(demo_block()) == "Khối thi đua Văn hóa - Xã hội - Tỉnh Bắc Kạn"


def test_signature_block_in_the_print_area(large):
    import openpyxl
    block, paths = large
    ws = openpyxl.load_workbook(paths["TNCHUYEN"])[SCORING_SHEET]
    where = {c.value: c.row for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    head = where["THỦ TRƯỞNG ĐƠN VỊ"]
    assert where["Thái Nguyên, ngày … tháng … năm ……"] == head - 1
    assert where["(Ký, ghi rõ họ tên, đóng dấu)"] == head + 1
    last_printed = int(ws.print_area.split("$")[-1])
    assert last_printed >= head + 4                   # the room to sign is printed too
    assert head > where["TỔNG ĐIỂM"]


@pytest.mark.libreoffice
def test_large_template_prints_whole_and_reads_back_after_libreoffice(large, tmp_path):
    lo.require_soffice(uno=True)
    block, paths = large
    pdf = lo.convert(paths["TNDTNTRU"], "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    for needle in ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)", "Thái Nguyên, ngày … tháng",
                   block.evidence_example, "TNDTNTRU"):
        assert needle in flat, needle
    assert "Thái Nguyên - Tỉnh Thái Nguyên" not in flat
    assert flat.count(EVIDENCE_MARK.strip()) >= sum(c.evidence_required for c in block.criteria)
    scores = base_scores(block, "TNDTNTRU", 0.9)
    evidence = {c.code: f"Quyết định số {i}/QĐ-SGDĐT" for i, c in enumerate(block.criteria)
                if c.evidence_required}
    filled = lo.fill_with_libreoffice(paths["TNDTNTRU"], tmp_path / "TNDTNTRU.xlsx", scores, evidence)
    sub, findings = read_back(filled, block)
    assert [f.code for f in findings if f.severity == "error"] == []
    assert sub.meta["unit_code"] == "TNDTNTRU"
    for code, value in scores.items():
        assert float(sub.cells[code].raw) == pytest.approx(value), code
    for code, text in evidence.items():
        assert sub.cells[code].evidence == text, code


def read_back(path, block):
    from processor.intake import read_one
    from processor.intake.discover import discover
    [source] = [s for s in discover(path.parent) if s.file == path.name]
    return read_one(source, block)
