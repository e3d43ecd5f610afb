"""676 real spreadsheets nobody here wrote (``tests/data/real-xlsx``: Excel, Excel Online, WPS and
LibreOffice files from the test data of four public projects; see its SOURCES.md) go through
intake, copied to a temporary inbox: every file is read or refused with a finding code, with no
crash, no traceback and no F003 (an error of ours); and every cell intake reads, of every sheet
of every file it reads, equals openpyxl's reading of that sheet (``tests/support/cells.py`` says
where the two readers spell one value differently, and why), or, for the sheets openpyxl cannot
read (Strict OOXML), python-calamine's own reading called directly on the file."""
from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from processor.config.block import load_block
from processor.findings import CATALOGUE
from processor.intake import intake
from processor.intake.read import Book
from tests.support.cells import calamine_cells, differences, openpyxl_cells
from tests.support.workspace import DEMO_CONFIG

REAL = Path(__file__).parents[1] / "data" / "real-xlsx"
FILES = 676


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("real") / "inbox"
    shutil.copytree(REAL, inbox, ignore=shutil.ignore_patterns("*.md", "*.txt"))
    sources, submissions, findings = intake(inbox, load_block(DEMO_CONFIG))
    return inbox, sources, submissions, findings


def test_every_real_file_is_read_or_refused_with_a_code(batch):
    inbox, sources, submissions, findings = batch
    assert len(sources) == FILES
    read = {sub.source.file for sub in submissions}
    refused: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        refused[f.file].add(f.code)
    for source in sources:
        assert (source.file in read) != (source.file in refused), source.file
        assert source.sha256 and source.status, source.file
    codes = set().union(*refused.values())
    assert codes <= set(CATALOGUE)
    # no error of ours, no reader that died: damage is named by what the reader said (I007)
    assert "F003" not in codes and "I014" not in codes, {f: c for f, c in refused.items() if c & {"F003", "I014"}}
    assert len(read) >= 600
    assert {"I001", "I007"} <= codes         # password-protected and damaged files are among them


def test_every_cell_intake_reads_equals_an_independent_reading(batch):
    inbox, _, submissions, _ = batch
    by_openpyxl, by_calamine, mismatched = 0, [], {}
    for sub in submissions:
        path = inbox / sub.source.file
        book = Book(path.read_bytes())
        try:
            theirs = openpyxl_cells(path)
        except Exception:  # noqa: BLE001 - openpyxl cannot open some files calamine reads
            theirs = {}
        for name in book.names:
            ours = book.sheet(name).cells()
            if name in theirs:
                by_openpyxl += 1
                reference = theirs[name]
            elif ours:                  # Strict OOXML or a file openpyxl refuses
                by_calamine.append(f"{sub.source.file}!{name}")
                reference = calamine_cells(path, name)
            else:
                continue                # a chart sheet: no cells on either side
            diff = differences(ours, reference)
            if diff:
                mismatched[(sub.source.file, name)] = diff
    assert not mismatched, mismatched
    print(f"sheets held to openpyxl: {by_openpyxl}; to calamine directly: {len(by_calamine)}")
    assert by_openpyxl >= 900 and len(by_calamine) <= 150, by_calamine
