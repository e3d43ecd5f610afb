"""Build test mail with the standard library's email package, and small real workbooks."""
from __future__ import annotations

import base64
import io
import zipfile
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime, timedelta, timezone

import xlsxwriter

VN = timezone(timedelta(hours=7))


def xlsx(marker: str) -> bytes:
    """A small real xlsx whose content (and so sha256) depends on ``marker``."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False})
    # a fixed creation time: else two calls a second apart differ (docProps/core.xml)
    wb.set_properties({"created": datetime(2020, 12, 1, 8, 0)})
    ws = wb.add_worksheet("Tự chấm điểm")
    ws.write_string(0, 0, "Đơn vị")
    ws.write_string(0, 1, marker)
    ws.write_number(1, 1, 8.5)
    wb.close()
    return buf.getvalue()


def ods() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


def fake_xls() -> bytes:
    """An OLE compound file header with a 'Workbook' directory entry name (enough to sniff)."""
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 64


def docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", '<Types><Override ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def zip_of(entries: dict[str, bytes], level: int | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def message(sender: str = "Sở Y tế <vanthu@syt.gov.vn>", subject: str = "Bảng tự chấm điểm 2024",
            date: datetime | None = datetime(2024, 11, 20, 9, 15, tzinfo=VN),
            attachments: list[tuple[str | None, bytes, str]] = (),
            to: str = "thuky@khoi.gov.vn", message_id: str | None = None) -> EmailMessage:
    """``attachments``: (file name or None, data, mime type 'maintype/subtype')."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    if date is not None:
        msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id or make_msgid(domain="syt.gov.vn")
    msg.set_content("Kính gửi Thư ký Khối,\nĐơn vị gửi bảng tự chấm điểm.\n")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        if name is None:
            msg.add_attachment(data, maintype=maintype, subtype=subtype)
        else:
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def with_rfc2047_name(msg: EmailMessage, name: str, data: bytes) -> bytes:
    """The raw message plus an attachment whose name is an RFC 2047 encoded word inside a quoted
    parameter (what Outlook and many webmails send) rather than RFC 2231."""
    msg.add_attachment(data, maintype="application", subtype="octet-stream",
                       filename="PLACEHOLDER.xlsx")
    encoded = "=?utf-8?b?" + base64.b64encode(name.encode("utf-8")).decode() + "?="
    raw = msg.as_bytes()
    assert raw.count(b'filename="PLACEHOLDER.xlsx"') == 1
    return raw.replace(b'filename="PLACEHOLDER.xlsx"', f'filename="{encoded}"'.encode())


def forward(inner: EmailMessage, sender: str = "Khối phó <khoipho@sgd.gov.vn>",
            date: datetime = datetime(2024, 11, 21, 8, 0, tzinfo=VN)) -> EmailMessage:
    outer = message(sender=sender, subject="Fwd: " + str(inner["Subject"]), date=date)
    outer.add_attachment(inner)  # message/rfc822
    return outer


def with_bad_bytes(tag: str, sender_name: bytes = b"S\xff Y t\xe1", subject: bytes = b"B\xe1ng \xff \xc4\x91i\xe1\xbb\x83m",
                   filename: bytes = b"B\xffng \xc4\x91i\xe1\xbb\x83m.xlsx") -> bytes:
    """A raw message whose From: display name, Subject: and attachment filename carry bytes that
    are not UTF-8 (0xFF, a lone 0xE1), around valid UTF-8; the attachment is ``xlsx(tag)``."""
    raw = message(sender=f"PLACEHOLDER <{tag.lower()}@syt.gov.vn>", subject="PLACESUBJECT",
                  message_id=f"<bad-{tag}@syt.gov.vn>",
                  attachments=[("PLACENAME.xlsx", xlsx(tag), XLSX_MIME)]).as_bytes()
    for old, new in ((b"From: PLACEHOLDER", b"From: " + sender_name),
                     (b"Subject: PLACESUBJECT", b"Subject: " + subject),
                     (b'filename="PLACENAME.xlsx"', b'filename="' + filename + b'"')):
        assert raw.count(old) == 1, old
        raw = raw.replace(old, new)
    return raw


def padded_xlsx(marker: str, size: int) -> bytes:
    """A workbook (recognised as xlsx by its [Content_Types].xml) of ``size`` bytes, padded with a
    stored run of zeros: it compresses about a thousand to one inside an outer zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", '<Types><Override PartName="/xl/workbook.xml" ContentType="'
                    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        zf.writestr("xl/workbook.xml", f"<workbook><!-- {marker} --></workbook>")
        head = len(buf.getvalue()) + 200
        zf.writestr("xl/media/pad.bin", b"\0" * max(size - head, 0))
    return buf.getvalue()
