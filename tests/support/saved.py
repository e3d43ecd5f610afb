"""Set or remove the saved time a workbook carries (``dcterms:modified`` in its core properties),
as Excel, WPS and LibreOffice write it on every save: a zip rewrite, every other part kept."""
from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

BLOCK_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>")


def set_saved(path: Path, when: datetime | None, zone=BLOCK_ZONE) -> Path:
    """``when`` (naive: wall time in ``zone``) written as UTC, as Excel does; None removes it."""
    path = Path(path)
    if when is not None:
        moment = when if when.tzinfo else when.replace(tzinfo=zone)
        stamp = moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        element = b'<dcterms:modified xsi:type="dcterms:W3CDTF">' + stamp + b"</dcterms:modified>"
    else:
        element = b""
    with zipfile.ZipFile(path) as zin:
        parts = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                if _MODIFIED.search(data):
                    data = _MODIFIED.sub(element, data)
                else:
                    data = data.replace(b"</cp:coreProperties>", element + b"</cp:coreProperties>")
            zout.writestr(info, data)
    return path


def saved_text(path: Path) -> str | None:
    """The ``dcterms:modified`` text of a workbook, or None."""
    with zipfile.ZipFile(path) as zf:
        m = _MODIFIED.search(zf.read("docProps/core.xml"))
    return None if m is None else re.sub(rb"<[^>]+>", b"", m.group(0)).decode()
