"""sniff / check_zip as pure-ish functions over small files made on the spot."""
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from processor.intake.ole import Ole
from processor.intake.sniff import Limits, Sniffed, check_zip, findings_for, sniff, sniff_findings
from processor.model import Source
from tests.support import corpus


def _w(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("data, kind, detail", [
    (b"%PDF-1.7\n...", "pdf", ""), (corpus.tiny_png(), "image", "png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image", "jpeg"), (b"GIF89a\x01\x00", "image", "gif"),
    (b"<!DOCTYPE html><html><body>", "html", ""), (b"\xef\xbb\xbf  <html lang=vi>", "html", ""),
    (corpus.MHTML_XLS, "html", "mhtml"), (corpus.SPREADSHEETML_2003, "xml", "spreadsheetml2003"),
    (b'<?xml version="1.0"?><note/>', "xml", "xml"), (corpus.CSV_TEXT, "csv", ""),
    (corpus.NOTE_TEXT, "text", ""), ("Bảng điểm".encode("utf-16"), "text", ""),
    (b"\x00\x01\x02\x03binary", "unknown", ""),
])
def test_leading_bytes_not_extension(tmp_path, data, kind, detail):
    s = sniff(_w(tmp_path, "bang-diem.xlsx", data))
    assert (s.kind, s.detail) == (kind, detail)
    assert not s.readable


def test_empty(tmp_path):
    assert sniff(_w(tmp_path, "a.xlsx", b"")).kind == "empty"


def test_xlsx_xlsm_ods_zip(tmp_path):
    good = corpus.make_good_xlsx(tmp_path / "good.xls")          # the name lies the other way
    assert sniff(good).kind == "xlsx" and sniff(good).readable
    corpus.add_macros(good, tmp_path / "m.xlsx")
    s = sniff(tmp_path / "m.xlsx")
    assert (s.kind, s.macros) == ("xlsm", True)
    assert [f.code for f in findings_for(s)] == ["I010"]
    with zipfile.ZipFile(tmp_path / "o.xlsx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    assert sniff(tmp_path / "o.xlsx").kind == "ods"
    with zipfile.ZipFile(tmp_path / "d.xlsx", "w") as z:
        z.writestr("word/document.xml", "<x/>")
    assert (sniff(tmp_path / "d.xlsx").kind, sniff(tmp_path / "d.xlsx").detail) == ("zip", "docx")
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w") as z:
        z.writestr("xl/workbook.bin", b"\x00")
    assert sniff(tmp_path / "b.xlsx").kind == "xlsb"


def test_ole_written_by_our_writer_parses(tmp_path):
    data = corpus.write_ole(None, [("Alpha", b"a" * 5000), ("Workbook", b"b" * 10)])
    ole = Ole(data)
    assert set(ole.streams()) == {"Alpha", "Workbook"}
    assert ole.read_head("Alpha", 6000) == b"a" * 5000
    assert ole.read_head("Workbook", 3) == b"bbb"


def test_ole_kinds(tmp_path):
    corpus.encrypted_ooxml(tmp_path / "e.xlsx")
    corpus.biff8_xls(tmp_path / "x.xls")
    corpus.biff8_xls(tmp_path / "p.xls", filepass=True)
    corpus.write_ole(tmp_path / "w.xls", [("WordDocument", b"x")])
    assert sniff(tmp_path / "e.xlsx").kind == "encrypted"
    assert sniff(tmp_path / "x.xls").kind == "xls" and sniff(tmp_path / "x.xls").readable
    assert sniff(tmp_path / "p.xls").kind == "encrypted"
    assert (sniff(tmp_path / "w.xls").kind, sniff(tmp_path / "w.xls").detail) == ("unknown", "Word .doc")
    bad = _w(tmp_path, "t.xls", (tmp_path / "x.xls").read_bytes()[:700])
    assert sniff(bad).kind == "truncated"


def test_check_zip_limits(tmp_path):
    good = corpus.make_good_xlsx(tmp_path / "good.xlsx")
    assert check_zip(good) == []
    assert check_zip(good, Limits(max_entries=3))[0][0] == "I008"
    assert check_zip(good, Limits(max_uncompressed_bytes=100))[0][0] == "I008"
    assert check_zip(good, Limits(max_entry_bytes=100))[0][0] == "I008"
    assert check_zip(good, Limits(max_ratio=1.0, ratio_floor_bytes=0))[0][0] == "I008"
    assert check_zip(_w(tmp_path, "x.zip", b"PK\x03\x04 broken"))[0][0] == "I007"


def test_ratio_bomb_small_enough_in_total(tmp_path):
    corpus.zip_bomb(tmp_path / "b.xlsx", size=64 << 20)     # 64 MB < total limit, but 1000:1
    problems = check_zip(tmp_path / "b.xlsx")
    assert problems[0][0] == "I008" and "ratio" in problems[0][1]["reason"]


def test_too_large(tmp_path):
    good = corpus.make_good_xlsx(tmp_path / "good.xlsx")
    s = sniff(good, Limits(max_file_bytes=100))
    assert s.kind == "xlsx" and not s.readable and s.problems[0][0] == "I009"


def _source(path: Path) -> Source:
    from datetime import datetime
    src = Source(file=path.name, sha256="", size=path.stat().st_size, received=datetime(2020, 12, 1))
    src.path = path
    return src


def test_sniff_findings_attachment_vs_renamed(tmp_path):
    pdf = _w(tmp_path, "minh-chung.pdf", corpus.tiny_pdf())
    renamed = _w(tmp_path, "bang-diem.xlsx", corpus.tiny_pdf())
    assert [f.code for f in sniff_findings(_source(pdf))[1]] == ["F004"]
    kind, found = sniff_findings(_source(renamed))
    assert kind == "pdf" and [(f.code, f.file) for f in found] == [("I003", "bang-diem.xlsx")]
    good = corpus.make_good_xlsx(tmp_path / "g.xlsx")
    assert sniff_findings(_source(good)) == ("xlsx", [])


def test_findings_have_messages():
    for s in (Sniffed("html", "mhtml"), Sniffed("encrypted", "x"), Sniffed("image", "png"),
              Sniffed("xml", "spreadsheetml2003"), Sniffed("zip", "docx"),
              Sniffed("xlsx", problems=(("I008", {"reason": "r"}),))):
        for f in findings_for(s, file="a.xlsx"):
            assert "{" not in f.message("vi") and "{" not in f.message("en") and f.action("vi")


@pytest.mark.parametrize("head, refused", [
    (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="x"/>', False),
    (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol "lol">]><sst/>', True),
    (b'\xef\xbb\xbf<?xml version="1.0"?> <!-- made by hand --> <?pi x?>\n<!DOCTYPE x SYSTEM "f"><x/>', True),
    (b'<!-- ' + b"x" * 10_000 + b' --><!DOCTYPE x [<!ENTITY a "b">]><x/>', True),     # past 4 KiB
    (b'<x><t><![CDATA[<!DOCTYPE is only text here]]></t></x>', False),
    (b'<x><!-- <!ENTITY in a comment> --></x>', False),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'.encode("utf-16"), True),
])
def test_a_dtd_is_seen_wherever_a_parser_would_read_one(head, refused):
    """A DTD can only stand before the root element; that is where sniff looks, all of it."""
    from processor.intake.parts import has_dtd
    assert has_dtd(head) is refused


_PROLOG_PIECES = [b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', b"<?xml?>", b"\xef\xbb\xbf",
                  b" ", b"\r\n", b"\t", b"<!-- c -->", b"<?pi x?>", b"<!DOCTYPE x>", b'<!ENTITY a "b">',
                  b"<x>", b"<sst/>", b"<![CDATA[<!DOCTYPE>]]>", b"?>", b"<!", b"x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PROLOG_PIECES), max_size=8))
def test_the_dtd_shortcut_agrees_with_the_full_prolog_scan(pieces):
    from processor.intake.parts import _DTD, _PROLOG, has_dtd
    body = b"".join(pieces)
    end = _PROLOG.match(body).end()
    assert has_dtd(body) is (body[end:end + 2] == b"<!" and _DTD.match(body, end) is not None)


def test_a_part_whose_crc_does_not_match_is_damaged(tmp_path):
    """Flipped bits can still inflate to the declared size: the CRC-32 tells (I007)."""
    good = corpus.make_good_xlsx(tmp_path / "good.xlsx")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    crc = info.CRC.to_bytes(4, "little")
    bad = crc[:3] + bytes([crc[3] ^ 0xFF])
    assert data.count(crc) == 2                     # the local header and the central directory
    damaged = _w(tmp_path, "damaged.xlsx", bytes(data).replace(crc, bad))
    s = sniff(damaged)
    assert s.kind == "truncated" and "CRC" in s.detail and not s.readable


def test_a_part_that_is_damaged_or_lies_about_its_size_is_caught(tmp_path):
    """Every part a reader parses is inflated and checked, template parts included: a copy
    whose styles part has another CRC-32 is damaged (I007), one whose declared size is short by
    a byte lies (I008)."""
    import struct
    b = corpus.make_good_xlsx(tmp_path / "b.xlsx", unit_code="STC", unit_name="Sở Tài chính")
    assert sniff(b).readable
    data = b.read_bytes()
    with zipfile.ZipFile(b) as z:
        info = z.getinfo("xl/styles.xml")
    sizes = struct.pack("<III", info.CRC, info.compress_size, info.file_size)
    assert data.count(sizes) == 2                   # the local header and the central directory
    damaged = struct.pack("<III", info.CRC ^ 1, info.compress_size, info.file_size)
    s = sniff(_w(tmp_path, "damaged.xlsx", data.replace(sizes, damaged)))
    assert s.kind == "truncated" and "CRC" in s.detail and not s.readable
    lying = struct.pack("<III", info.CRC, info.compress_size, info.file_size - 1)
    s = sniff(_w(tmp_path, "lying.xlsx", data.replace(sizes, lying)))
    assert [code for code, _ in s.problems] == ["I008"] and not s.readable


# --- OLE: olefile's own checks, and the chains it does not follow -------------------------------
def _difat_loop(src: bytes, declared: int) -> bytes:
    """The first FAT sector named as the first DIFAT sector, its last entry (the DIFAT's "next")
    pointing back to itself; ``declared``: the DIFAT sector count the header gives."""
    import struct
    data = bytearray(src)
    fat_sector = struct.unpack_from("<I", data, 0x4C)[0]
    struct.pack_into("<II", data, 0x44, fat_sector, declared)
    struct.pack_into("<I", data, 512 + fat_sector * 512 + 508, fat_sector)
    return bytes(data)


def _stream_loop(src: bytes, name: str) -> bytes:
    """The FAT entry of the last sector of stream ``name`` pointing to that sector itself."""
    import olefile
    import struct
    ole = olefile.OleFileIO(src)
    entry = next(e for e in ole.direntries if e is not None and e.name == name)
    sector = entry.isectStart
    while ole.fat[sector] != olefile.ENDOFCHAIN:
        sector = ole.fat[sector]
    data = bytearray(src)
    fat_sector = struct.unpack_from("<I", data, 0x4C)[0]
    struct.pack_into("<I", data, 512 + fat_sector * 512 + 4 * sector, sector)
    return bytes(data)


def test_what_olefile_itself_refuses_and_what_it_reads_past():
    """olefile refuses a DIFAT that loops when the header counts DIFAT sectors, but ignores the
    chain when the count is 0 (calamine follows it anyway: an endless allocation), and reads a
    stream for its declared size only, past a FAT entry that points to itself."""
    import olefile
    good = corpus.write_ole(None, [("Workbook", b"b" * 5000)])
    with pytest.raises(OSError, match="DIFAT"):
        olefile.OleFileIO(_difat_loop(good, 1))
    assert olefile.OleFileIO(_difat_loop(good, 0)).openstream("Workbook").read() == b"b" * 5000
    assert olefile.OleFileIO(_stream_loop(good, "Workbook")).openstream("Workbook").read(5000) == b"b" * 5000


@pytest.mark.parametrize("damage, says", [
    (lambda d: _difat_loop(d, 0), "DIFAT chain loops"), (lambda d: _difat_loop(d, 1), "DIFAT chain loops"),
    (lambda d: _stream_loop(d, "Workbook"), "'Workbook' loops"),
])
def test_an_ole_chain_that_loops_is_damage_refused_before_any_reader(tmp_path, damage, says):
    good = tmp_path / "x.xls"
    corpus.biff8_xls(good)
    assert sniff(good).readable
    bad = _w(tmp_path, "vong-lap.xls", damage(good.read_bytes()))
    s = sniff(bad)
    assert s.kind == "truncated" and says in s.detail and not s.readable
    assert [f.code for f in findings_for(s, file="vong-lap.xls")] == ["I007"]


# --- a sheet whose cells reach far beyond a template --------------------------------------------
def _far(tmp_path, name, cell_xml: bytes, dimension: bytes | None = None) -> Path:
    import re
    good = corpus.make_good_xlsx(tmp_path / "g.xlsx")

    def edit(part, data):
        if part != "xl/worksheets/sheet1.xml":
            return data
        if dimension is not None:
            data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + dimension + b'"/>', data)
        return data.replace(b"</sheetData>", cell_xml + b"</sheetData>")
    corpus.rewrite_zip(good, tmp_path / name, edit)
    return tmp_path / name


@pytest.mark.parametrize("cell_xml, dimension, cell", [
    (b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', None, "XFD1048576"),
    (b'<row r="70000"><c r="AB70000"><v>1</v></c></row>', None, "AB70000"),          # 1.96M cells
    (b'<row r="2"><c r="XFE2"><v>1</v></c></row>', None, "XFE2"),                    # off the grid
    (b"", b"A1:ZZZ900000", "ZZZ900000"),                                              # what it says
])
def test_a_sheet_far_beyond_a_template_is_refused_naming_its_cell(tmp_path, cell_xml, dimension, cell):
    path = _far(tmp_path, "xa.xlsx", cell_xml, dimension)
    s = sniff(path, Limits(max_sheet_cells=1_000_000))
    assert not s.readable and [code for code, _ in s.problems] == ["I015"]
    (f,) = findings_for(s, file="xa.xlsx")
    assert (f.sheet, f.cell, f.params["far"]) == ("Tự chấm điểm", cell, cell)
    assert f"ô ở {cell}" in f.message("vi") and f"cell at {cell}" in f.message("en")


def test_a_long_sheet_within_the_bound_is_read(tmp_path):
    path = _far(tmp_path, "dai.xlsx", b'<row r="20000"><c r="D20000"><v>1</v></c></row>')
    assert sniff(path).readable                         # 80,000 cells: not a bomb
    assert not sniff(path, Limits(max_sheet_cells=50_000)).readable
