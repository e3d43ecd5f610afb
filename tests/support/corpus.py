"""The messy and hostile inbox, generated (nothing opaque is committed).

``make_corpus(good, outdir)`` takes any good filled .xlsx and writes one file per case into
``outdir``; each :class:`Case` says what sniffing must find (kind and finding code). Everything is
built with the standard library: zip edits of the good file, a minimal OLE compound-file writer
(for an encrypted-OOXML container and .xls-shaped files), a tiny PNG and PDF, and a zip bomb
streamed through ``zipfile`` so the generator itself never holds the big entry in memory.
LibreOffice-made variants (xls, ods, password-protected) live in :func:`make_libreoffice_cases`.
"""
from __future__ import annotations

import re
import shutil
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


@dataclass(frozen=True)
class Case:
    name: str                   # file name in the corpus (the extension is the lie it tells)
    kind: str                   # what sniff must say
    code: str | None            # the finding that must come out (None: readable, no finding)
    build: Callable[[Path, Path], None]   # (good, target) -> writes target
    readable: bool = False      # calamine must still read it like the good file


# --- a good workbook ------------------------------------------------------------------------------
def make_good_xlsx(path: Path, *, unit_code: str = "SYT", unit_name: str = "Sở Y tế",
                   scores: dict[str, float] | None = None, font: str = "Times New Roman",
                   extra_text: str | None = None) -> Path:
    """A small template-shaped workbook (scoring sheet + very hidden ``_meta``), by XlsxWriter."""
    import xlsxwriter

    scores = scores if scores is not None else {"I.1": 18, "I.2": 8.5, "I.3": 4}
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"created": datetime(2020, 12, 1, 8, 0, 0)})
    fmt = wb.add_format({"font_name": font, "font_size": 13})
    ws = wb.add_worksheet("Tự chấm điểm")
    ws.write_string(0, 0, f"Đơn vị: {unit_name}", fmt)
    ws.write_string(2, 0, "Mã", fmt)
    ws.write_string(2, 1, "Tiêu chí", fmt)
    ws.write_string(2, 2, "Điểm tự chấm", fmt)
    ws.write_string(2, 3, "Minh chứng", fmt)
    for i, (code, value) in enumerate(scores.items()):
        ws.write_string(3 + i, 0, code, fmt)
        ws.write_string(3 + i, 1, f"Tiêu chí {code}", fmt)
        ws.write_number(3 + i, 2, value, fmt)
    if extra_text is not None:
        ws.write_string(3 + len(scores), 1, extra_text, fmt)
    meta = wb.add_worksheet("_meta")
    for r, (k, v) in enumerate([("template_version", "1"), ("block_id", "bk-vhxh"),
                                ("year", "2020"), ("unit_code", unit_code)]):
        meta.write_string(r, 0, k)
        meta.write_string(r, 1, v)
    meta.very_hidden()
    wb.close()
    return path


# --- zip edits ------------------------------------------------------------------------------------
def rewrite_zip(src: Path, dst: Path, edit: Callable[[str, bytes], bytes | None],
                add: dict[str, bytes] | None = None) -> None:
    """Copy ``src`` to ``dst`` part by part; ``edit(name, data)`` returns new data or None to drop."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)


def _sheet_parts(src: Path) -> dict[str, str]:
    """sheet name -> part name (xl/worksheets/sheetN.xml), from workbook.xml and its rels."""
    with zipfile.ZipFile(src) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({i: t for t, i in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        target = targets[rid].lstrip("/")
        out[name] = target if target.startswith("xl/") else "xl/" + target
    return out


def error_cell(src: Path, dst: Path, ref: str = "D12", error: str = "#DIV/0!") -> None:
    """A copy whose cell ``ref`` holds a spreadsheet error (a formula that divides by zero)."""
    def edit(name, data):
        if name.startswith("xl/worksheets/") and f'r="{ref}"'.encode() in data:
            return re.sub(rf'<c r="{ref}"([^>]*?)( t="\w+")?(/>|>.*?</c>)'.encode(),
                          rf'<c r="{ref}"\1 t="e"><f>1/0</f><v>{error}</v></c>'.encode(), data,
                          count=1, flags=re.S)
        return data
    rewrite_zip(src, dst, edit)


def drop_dimension(src: Path, dst: Path) -> None:
    """Google Sheets style: no ``<dimension>`` in any sheet."""
    rewrite_zip(src, dst, lambda n, d: re.sub(rb"<dimension [^>]*/>", b"", d)
                if n.startswith("xl/worksheets/") else d)


def wrong_dimension(src: Path, dst: Path) -> None:
    """WPS style: ``<dimension ref="A1"/>`` although the sheet holds much more."""
    rewrite_zip(src, dst, lambda n, d: re.sub(rb"<dimension [^>]*/>", b'<dimension ref="A1"/>', d)
                if n.startswith("xl/worksheets/") else d)


def drop_meta(src: Path, dst: Path) -> None:
    """A program that drops very hidden sheets: ``_meta`` gone from workbook, rels, types, parts."""
    part = _sheet_parts(src)["_meta"]
    rel_target = part[3:]

    def edit(name: str, data: bytes) -> bytes | None:
        if name == part:
            return None
        if name == "xl/workbook.xml":
            data = re.sub(rb'<sheet [^>]*name="_meta"[^>]*/>', b"", data)
            return re.sub(rb"<definedName [^>]*>[^<]*_meta[^<]*</definedName>", b"", data)
        if name == "xl/_rels/workbook.xml.rels":
            return re.sub(rb'<Relationship [^>]*Target="/?(?:xl/)?' + re.escape(rel_target.encode())
                          + rb'"[^>]*/>', b"", data)
        if name == "[Content_Types].xml":
            return re.sub(rb'<Override PartName="/' + re.escape(part.encode()) + rb'"[^>]*/>', b"", data)
        if name == "docProps/app.xml":
            return data.replace(b"<vt:lpstr>_meta</vt:lpstr>", b"")
        return data
    rewrite_zip(src, dst, edit)


def add_macros(src: Path, dst: Path) -> None:
    """An .xlsm: a ``vbaProject.bin`` part with its content type and relationship (never run)."""
    def edit(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            return data.replace(b"</Types>", b'<Default Extension="bin" ContentType='
                                b'"application/vnd.ms-office.vbaProject"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rIdVba1" Type='
                                b'"http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                                b'Target="vbaProject.bin"/></Relationships>')
        return data
    vba = write_ole(None, [("VBA", b""), ("PROJECT", b"ID=\"{00000000}\"\r\nName=\"VBAProject\"\r\n")])
    rewrite_zip(src, dst, edit, add={"xl/vbaProject.bin": vba})


LAUGHS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          b'<!DOCTYPE sst [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]>\n")


def billion_laughs(src: Path, dst: Path) -> None:
    """Entity expansion in the shared strings (and the same DTD in the scoring sheet)."""
    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/sharedStrings.xml":
            body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", data)
            body = body.replace(b"<t>M\xc3\xa3</t>", b"<t>&lol9;</t>", 1)
            return LAUGHS + body
        if name.startswith("xl/worksheets/sheet"):
            # files written with inline strings have no sharedStrings part: the sheets carry it
            body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", data)
            return LAUGHS.replace(b"DOCTYPE sst", b"DOCTYPE worksheet") + body
        return data
    rewrite_zip(src, dst, edit)


def truncate(src: Path, dst: Path, keep: float = 0.6) -> None:
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * keep)])


def zip_bomb(dst: Path, size: int = 1 << 30, chunk: int = 1 << 20) -> None:
    """An xlsx-shaped zip whose sheet inflates to ``size`` bytes (about 1000:1), written in chunks
    so that building it needs one chunk of memory, not ``size``."""
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(2020, 12, 1, 8, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        block = b" " * chunk
        with z.open(info, "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main"><sheetData>')
            for _ in range(size // chunk):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")


def lying_zip_bomb(dst: Path, size: int = 64 << 20) -> None:
    """A bomb whose headers claim a tiny sheet: only streaming the data can tell."""
    zip_bomb(dst, size=size)
    data = bytearray(dst.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    # Central directory entry: patch its uncompressed size (a zip64 extra may hold the real one).
    for m in re.finditer(rb"PK\x01\x02", bytes(data)):
        off = m.start()
        n_len = struct.unpack_from("<H", data, off + 28)[0]
        if bytes(data[off + 46: off + 46 + n_len]) == name:
            x_len = struct.unpack_from("<H", data, off + 30)[0]
            extra = off + 46 + n_len
            end = extra + x_len
            p = extra
            while p + 4 <= end:
                hid, hlen = struct.unpack_from("<HH", data, p)
                if hid == 0x0001:
                    # zip64 extra: uncompressed size first (when the 32-bit field is 0xFFFFFFFF)
                    if struct.unpack_from("<I", data, off + 24)[0] == 0xFFFFFFFF:
                        struct.pack_into("<Q", data, p + 4, 4096)
                    else:
                        struct.pack_into("<I", data, off + 24, 4096)
                p += 4 + hlen
            if struct.unpack_from("<I", data, off + 24)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", data, off + 24, 4096)
    dst.write_bytes(bytes(data))


def plain_zip(dst: Path) -> None:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bao-cao.txt", "Báo cáo tổng kết năm 2020".encode())
        z.writestr("anh/minh-chung.png", tiny_png())


# --- not spreadsheets at all ------------------------------------------------------------------------
def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def tiny_pdf() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


HTML_XLS = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head><meta charset="utf-8">'
            '</head><body><table><tr><td>I.1</td><td>18</td></tr></table></body></html>\n').encode()
MHTML_XLS = ("MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\nContent-Type: multipart/related; "
             'boundary="----=_NextPart_01D6"\r\n\r\n------=_NextPart_01D6\r\n'
             "Content-Type: text/html; charset=\"utf-8\"\r\n\r\n<html><body>I.1</body></html>\r\n").encode()
SPREADSHEETML_2003 = ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                      '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                      'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
                      '<Worksheet ss:Name="Tự chấm điểm"><Table><Row><Cell><Data ss:Type="String">I.1'
                      '</Data></Cell><Cell><Data ss:Type="Number">18</Data></Cell></Row></Table>'
                      '</Worksheet>\n</Workbook>\n').encode()
CSV_TEXT = "Mã;Tiêu chí;Điểm\nI.1;Hoàn thành chỉ tiêu;18\nI.2;Triển khai chương trình;8,5\n".encode()
NOTE_TEXT = "Kính gửi Thư ký Khối,\nĐơn vị xin gửi bảng tự chấm điểm năm 2020.\nTrân trọng.\n".encode()


# --- a minimal OLE compound file writer ([MS-CFB] version 3) --------------------------------------------
def write_ole(path: Path | None, streams: list[tuple[str, bytes]], *, pad_to: int = 4096) -> bytes:
    """Root storage + streams, all in regular 512-byte sectors (each stream padded to ``pad_to``
    ≥ the 4096-byte mini-stream cutoff, so no mini stream is needed). Returns the bytes and
    writes them to ``path`` if given."""
    ss = 512
    streams = [(n, d + b"\x00" * max(0, pad_to - len(d))) for n, d in streams]
    n_dir = -(-(len(streams) + 1) * 128 // ss)
    data_secs = [-(-len(d) // ss) for _, d in streams]
    n_fat = 1
    while n_fat * (ss // 4) < n_fat + n_dir + sum(data_secs):
        n_fat += 1
    if n_fat > 109:
        raise ValueError("too big for this minimal writer")
    fat = [FATSECT] * n_fat
    dir_start = len(fat)
    fat += [dir_start + i + 1 for i in range(n_dir - 1)] + [END]
    starts = []
    for secs in data_secs:
        start = len(fat)
        starts.append(start)
        fat += [start + i + 1 for i in range(secs - 1)] + [END]
    fat += [FREE] * (n_fat * (ss // 4) - len(fat))

    def entry(name: str, etype: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), etype, 1)
                + struct.pack("<III", FREE, right, child) + b"\x00" * 16 + b"\x00" * 4
                + b"\x00" * 16 + struct.pack("<II", start, size) + b"\x00" * 4)

    entries = [entry("Root Entry", 5, 1 if streams else FREE, FREE, END, 0)]
    for i, ((name, d), start) in enumerate(zip(streams, starts)):
        entries.append(entry(name, 2, FREE, i + 2 if i + 1 < len(streams) else FREE, start, len(d)))
    directory = b"".join(entries).ljust(n_dir * ss, b"\x00")
    for k in range(len(entries), n_dir * ss // 128):
        directory = directory[:k * 128] + (b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0)
                                           + struct.pack("<III", FREE, FREE, FREE)
                                           + b"\x00" * 48).ljust(128, b"\x00") + directory[(k + 1) * 128:]
    header = (OLE_MAGIC + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, 4096, END, 0, END, 0)
              + struct.pack("<109I", *(list(range(n_fat)) + [FREE] * (109 - n_fat))))
    assert len(header) == 512
    body = struct.pack(f"<{len(fat)}I", *fat) + directory
    body += b"".join(d.ljust(secs * ss, b"\x00") for (_, d), secs in zip(streams, data_secs))
    out = header + body
    if path is not None:
        Path(path).write_bytes(out)
    return out


def biff_records(*records: tuple[int, bytes]) -> bytes:
    return b"".join(struct.pack("<HH", t, len(d)) + d for t, d in records)


BOF_GLOBALS = (0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06))
EOF_REC = (0x000A, b"")


def encrypted_ooxml(dst: Path) -> None:
    """What Excel writes when a workbook gets an opening password: OOXML inside OLE."""
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns='
        b'"http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" '
        b'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining='
        b'"ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
        b"</encryption>")
    package = struct.pack("<Q", 12345) + bytes(range(256)) * 48
    write_ole(dst, [("EncryptionInfo", info), ("EncryptedPackage", package)])


def biff8_xls(dst: Path, *, filepass: bool = False) -> None:
    """An .xls-shaped OLE (Workbook stream, BIFF8 globals); with FILEPASS when encrypted."""
    recs = [BOF_GLOBALS]
    if filepass:
        recs.append((0x002F, struct.pack("<HHH", 1, 1, 2) + b"\x00" * 48))   # RC4 CryptoAPI
    recs += [(0x0042, struct.pack("<H", 1200)),          # CODEPAGE
             (0x0085, struct.pack("<IBB", 0, 0, 0) + b"\x01\x00S"), EOF_REC]
    write_ole(dst, [("Workbook", biff_records(*recs))])


# --- the corpus -------------------------------------------------------------------------------------
def _write(data: bytes) -> Callable[[Path, Path], None]:
    return lambda good, dst: dst.write_bytes(data)


def _copy(good: Path, dst: Path) -> None:
    shutil.copyfile(good, dst)


def _legacy_font(good: Path, dst: Path) -> None:
    from processor.text import encode_legacy
    make_good_xlsx(dst, font=".VnTime", extra_text=encode_legacy("Sở Y tế tỉnh Bắc Kạn", "tcvn3"))


CASES: tuple[Case, ...] = (
    Case("good.xlsx", "xlsx", None, _copy, readable=True),
    Case("mat-khau.xlsx", "encrypted", "I001", lambda g, d: encrypted_ooxml(d)),
    Case("mat-khau-cu.xls", "encrypted", "I001", lambda g, d: biff8_xls(d, filepass=True)),
    Case("bieu-mau-cu.xls", "xls", None, lambda g, d: biff8_xls(d)),
    Case("trang-web.xls", "html", "I002", _write(HTML_XLS)),
    Case("trang-web-mht.xls", "html", "I002", _write(MHTML_XLS)),
    Case("xml-2003.xls", "xml", "I011", _write(SPREADSHEETML_2003)),
    Case("ban-quet.xlsx", "pdf", "I003", _write(tiny_pdf())),
    Case("anh-chup.xlsx", "image", "I004", _write(tiny_png())),
    Case("ghi-chu.xlsx", "text", "I005", _write(NOTE_TEXT)),
    Case("bang-diem.xls", "csv", "I005", _write(CSV_TEXT)),
    Case("rong.xlsx", "empty", "I006", _write(b"")),
    Case("dut-doan.xlsx", "truncated", "I007", truncate),
    Case("bom-nen.xlsx", "xlsx", "I008", lambda g, d: zip_bomb(d)),
    Case("bom-noi-doi.xlsx", "xlsx", "I008", lambda g, d: lying_zip_bomb(d)),
    Case("tep-nen.xlsx", "zip", "F002", lambda g, d: plain_zip(d)),
    Case("khong-dimension.xlsx", "xlsx", None, drop_dimension, readable=True),
    Case("sai-dimension.xlsx", "xlsx", None, wrong_dimension, readable=True),
    Case("mat-meta.xlsx", "xlsx", None, drop_meta, readable=True),
    Case("co-macro.xlsm", "xlsm", "I010", add_macros, readable=True),
    Case("billion-laughs.xlsx", "xlsx", "I012", billion_laughs),
    Case("phong-vntime.xlsx", "xlsx", "T002", _legacy_font, readable=True),
)


def make_corpus(good: Path, outdir: Path, cases: tuple[Case, ...] = CASES) -> dict[str, Case]:
    """Write every case into ``outdir``; returns file name -> Case."""
    outdir.mkdir(parents=True, exist_ok=True)
    for case in cases:
        case.build(Path(good), outdir / case.name)
    return {c.name: c for c in cases}


# --- LibreOffice-made files (real program, headless) -----------------------------------------------------
_UNO_SAVE = r'''
import sys, time, uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
def prop(n, v):
    p = PropertyValue(); p.Name, p.Value = n, v; return p
pipe, src, dst, flt, password = sys.argv[1:6]
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.monotonic() + 60
while True:
    try:
        ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe); break
    except NoConnectException:
        if time.monotonic() > deadline: raise
        time.sleep(0.2)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
args = [prop("FilterName", flt), prop("Overwrite", True)]
if password and "2007" in flt:
    # OOXML export encrypts from EncryptionData["OOXPassword"] (a plain Password is ignored).
    nv = uno.createUnoStruct("com.sun.star.beans.NamedValue")
    nv.Name, nv.Value = "OOXPassword", password
    args.append(prop("EncryptionData", (nv,)))
elif password:
    args.append(prop("Password", password))
doc.storeToURL(uno.systemPathToFileUrl(dst), tuple(args))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
'''


# "Calc Office Open XML" ignores a password; the MS Excel 2007 filter encrypts (agile, in OLE).
_LO_FILTERS = {"xlsx": "Calc MS Excel 2007 XML", "xls": "MS Excel 97", "ods": "calc8"}


def save_with_libreoffice(src: Path, dst: Path, fmt: str, password: str = "", attempts: int = 2) -> Path:
    """Open ``src`` in a private headless LibreOffice and store it as ``fmt`` (xlsx | xls | ods),
    optionally with an opening password (what a unit does with 'Save with password').

    A cold headless start now and then exits without storing and without a word (seen once in a
    full CI run, never alone): one more attempt on a fresh profile and process, then fail loudly."""
    for attempt in range(1, attempts + 1):
        try:
            return _save_once(src, dst, fmt, password)
        except RuntimeError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def _save_once(src: Path, dst: Path, fmt: str, password: str) -> Path:
    import os
    import subprocess
    import tempfile
    import uuid

    from tests.support import libreoffice as lo

    exe = lo.soffice_path()
    if exe is None:
        raise RuntimeError("soffice not found")
    dst = Path(dst).resolve()
    dst.unlink(missing_ok=True)
    pipe = f"thidua-corpus-{os.getpid()}-{uuid.uuid4().hex[:10]}"
    with lo._profile() as profile, tempfile.TemporaryDirectory(prefix="thidua-corpus-") as tmp:
        script = Path(tmp) / "save.py"
        script.write_text(_UNO_SAVE, encoding="utf-8")
        work = Path(tmp) / ("source" + Path(src).suffix)     # no lock files next to the corpus
        shutil.copyfile(src, work)
        office = subprocess.Popen(
            [exe, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--nodefault",
             "--norestore", "--nologo", "--nolockcheck",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=lo._clean_env(),
            start_new_session=True)
        try:
            done = lo._run([lo.uno_python(), str(script), pipe, str(work), str(dst),
                            _LO_FILTERS[fmt], password], lo.UNO_TIMEOUT)
            if done.returncode != 0 or not dst.exists():
                raise RuntimeError(f"LibreOffice could not save {dst} (exit {done.returncode}): "
                                   f"{done.stderr}{done.stdout}")
            try:
                office.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        finally:
            lo._kill_group(office)
    return dst


def make_libreoffice_cases(good: Path, outdir: Path) -> dict[str, tuple[str, str | None]]:
    """Files written by LibreOffice itself: file name -> (kind, finding code)."""
    outdir.mkdir(parents=True, exist_ok=True)
    made = {
        "lo.xlsx": ("xlsx", None, "xlsx", ""), "lo.xls": ("xls", None, "xls", ""),
        "lo.ods": ("ods", None, "ods", ""),
        # (LibreOffice 7.4 did not encrypt xlsx through UNO here; the crafted OLE case covers it.)
        "lo-mat-khau.xls": ("encrypted", "I001", "xls", "matkhau"),
        "lo-mat-khau.ods": ("encrypted", "I001", "ods", "matkhau"),
    }
    for name, (_, _, fmt, password) in made.items():
        save_with_libreoffice(good, outdir / name, fmt, password)
    return {name: (kind, code) for name, (kind, code, _, _) in made.items()}


_CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
       b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
       b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
       b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
       b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
       b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       b'spreadsheetml.worksheet+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
         b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
         b'.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         b'</Relationships>')
_WB = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
       b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
       b'relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
            b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
            b'sheet1.xml"/></Relationships>')
