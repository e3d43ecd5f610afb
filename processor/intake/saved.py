"""The time a workbook says it was last saved, from the bytes sniff already holds.

Excel, WPS and LibreOffice write it on every save: ``dcterms:modified`` in the core properties
of an OOXML package (xlsx, xlsm, xlsb; UTC), ``dc:date`` in an ODF spreadsheet's ``meta.xml``
(usually without an offset: the saving machine's wall time), the last-saved FILETIME of a legacy
.xls's SummaryInformation stream (UTC, read by olefile). The parts are read with a size cap and
parsed with defusedxml (a DTD is refused, never resolved). Anything missing or malformed is no
evidence (None), never an error: the file is still read.
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from datetime import datetime, timezone

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from .times import parse_moment

PART_CAP = 256 * 1024        # core.xml / meta.xml are a few hundred bytes
CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CORE_DEFAULT = "docProps/core.xml"
_NS = {"rel": "http://schemas.openxmlformats.org/package/2006/relationships",
       "dcterms": "http://purl.org/dc/terms/",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
       "dc": "http://purl.org/dc/elements/1.1/"}
_XML_ERRORS = (ElementTree.ParseError, DefusedXmlException, ValueError, UnicodeError)


def zip_saved_time(zf: zipfile.ZipFile, names: set[str], kind: str) -> datetime | None:
    """The saved time of an OOXML (xlsx, xlsm, xlsb) or ODF (ods) spreadsheet."""
    if kind == "ods":
        root = _xml(zf, names, "meta.xml")
        node = None if root is None else root.find("office:meta/dc:date", _NS)
    else:
        root = _xml(zf, names, _core_part(zf, names))
        node = None if root is None else root.find("dcterms:modified", _NS)
    return parse_moment(node.text) if node is not None else None


def ole_saved_time(ole) -> datetime | None:
    """The last-saved time of a legacy .xls (``olefile.OleFileIO``), aware (UTC)."""
    try:
        if not ole.exists("\x05SummaryInformation"):
            return None
        moment = ole.get_metadata().last_saved_time
    except Exception:  # noqa: BLE001 - a damaged property stream is no evidence, not a failure
        return None
    if not isinstance(moment, datetime):
        return None
    return moment.replace(tzinfo=timezone.utc)


def _core_part(zf: zipfile.ZipFile, names: set[str]) -> str:
    """Where the core properties are: the package relationship says; docProps/core.xml else."""
    root = _xml(zf, names, "_rels/.rels")
    if root is not None:
        for rel in root.iterfind("rel:Relationship", _NS):
            if rel.get("Type") == CORE_REL and rel.get("Target"):
                target = rel.get("Target")
                return target.lstrip("/") if target.startswith("/") else posixpath.normpath(target)
    return CORE_DEFAULT


def _xml(zf: zipfile.ZipFile, names: set[str], name: str):
    if name not in names:
        return None
    try:
        info = zf.getinfo(name)
        if info.file_size > PART_CAP:
            return None
        with zf.open(info) as fh:
            data = fh.read(PART_CAP + 1)
        if len(data) > PART_CAP:
            return None
        return ElementTree.fromstring(data, forbid_dtd=True)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
            RuntimeError) + _XML_ERRORS:
        return None
