"""The time a workbook says it was saved: files Excel wrote, files LibreOffice writes, and
properties that are missing, odd or hostile (no evidence, never an error)."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from processor.intake.saved import zip_saved_time
from processor.intake.sniff import SPREADSHEET_KINDS, sniff
from processor.intake.times import parse_moment, record
from processor.model import Source
from tests.support.corpus import save_with_libreoffice
from tests.support.workspace import Workspace

REAL = Path(__file__).parents[1] / "data" / "real-xlsx"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def real_workbooks_with_a_saved_time():
    """(path, the dcterms:modified text) of the real files whose core part has one."""
    import xml.etree.ElementTree as ET

    for path in sorted(REAL.rglob("*.xlsx")):
        try:
            with zipfile.ZipFile(path) as zf:
                root = ET.fromstring(zf.read("docProps/core.xml"))
        except (KeyError, zipfile.BadZipFile, ET.ParseError):
            continue
        node = root.find("{http://purl.org/dc/terms/}modified")
        if node is not None and node.text and node.text.strip():
            yield path, node.text.strip()


def test_files_others_wrote_give_the_time_in_their_properties():
    checked = 0
    for path, text in real_workbooks_with_a_saved_time():
        expected = datetime.fromisoformat(text.replace("Z", "+00:00")).replace(microsecond=0)
        if expected.year < 1980:
            continue
        sniffed = sniff(path)
        if sniffed.kind not in SPREADSHEET_KINDS or sniffed.problems:
            continue                    # refused before any property is looked at
        assert sniffed.saved == expected, (path, text)
        checked += 1
    assert checked >= 10


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["ods", "xls", "xlsx"])
def test_the_saved_time_survives_a_libreoffice_store_in_each_format(tmp_path, fmt):
    """LibreOffice stores a copy with the document's modification time (01:00 UTC here): the xls
    SummaryInformation and the xlsx core part say it in UTC; the ods meta.xml writes the same
    fields without an offset, which intake reads as the block's wall time."""
    ws = Workspace(tmp_path)
    good = ws.submit("SYT", received=datetime(2020, 12, 15, 8))      # 01:00 UTC
    out = save_with_libreoffice(good, tmp_path / f"lo.{fmt}", fmt)
    saved = sniff(out).saved
    if fmt == "ods":
        assert saved == datetime(2020, 12, 15, 1, 0)
    else:
        assert saved == datetime(2020, 12, 15, 1, 0, tzinfo=timezone.utc)


def _xlsx_with_core(core: bytes | None, rels: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        if rels is not None:
            zf.writestr("_rels/.rels", rels)
        if core is not None:
            zf.writestr("docProps/core.xml" if rels is None else "meta/props.xml", core)
    return buf.getvalue()


CORE = (b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        b'core-properties" xmlns:dcterms="http://purl.org/dc/terms/">'
        b"<dcterms:modified>%s</dcterms:modified></cp:coreProperties>")


def _saved(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zip_saved_time(zf, set(zf.namelist()), "xlsx")


def test_the_core_part_is_found_where_the_package_relationship_says():
    rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="r1" Type="http://schemas.openxmlformats.org/package/2006/'
            b'relationships/metadata/core-properties" Target="meta/props.xml"/></Relationships>')
    assert _saved(_xlsx_with_core(CORE % b"2020-12-16T03:45:00Z", rels)) == \
        datetime(2020, 12, 16, 3, 45, tzinfo=timezone.utc)


@pytest.mark.parametrize("core", [
    None,                                                         # no core properties
    CORE % b"",                                                   # empty
    CORE % b"hom qua",                                            # not a time
    CORE % b"2020-13-45T99:00:00Z",                               # impossible date
    b'<!DOCTYPE x [<!ENTITY a "b">]>' + CORE % b"2020-12-16T03:45:00Z",   # a DTD: refused
    b"<cp:coreProperties",                                        # broken XML
])
def test_missing_or_hostile_properties_are_no_evidence(core):
    assert _saved(_xlsx_with_core(core)) is None


def test_placeholder_times_are_not_evidence_and_offsets_are_kept():
    source = Source(file="x.xlsx", sha256="", size=1, received=datetime(1970, 1, 1))
    record(source, "mtime", datetime(2020, 12, 20, 1, 0, tzinfo=timezone.utc), ZONE)
    record(source, "saved", parse_moment("1601-01-01T00:00:00Z"), ZONE)
    assert source.time_source == "mtime" and "saved" not in source.times
    record(source, "saved", parse_moment("2020-12-16T10:45:00+07:00"), ZONE)
    assert source.time_source == "saved" and source.received == datetime(2020, 12, 16, 10, 45)
    record(source, "saved", parse_moment("2020-12-16T03:45:00.123456789Z"), ZONE)
    assert source.received == datetime(2020, 12, 16, 10, 45)
    assert parse_moment("2020-12-16T10:45:00") == datetime(2020, 12, 16, 10, 45)   # naive: wall time
