"""An OLE compound file ([MS-CFB]) judged through olefile: its streams tell a legacy .xls from an
encrypted OOXML package or a Word document, and its sector chains are checked before any
native reader follows them.

olefile refuses a header, FAT or directory it cannot read, but reads a stream for its declared
size only and ignores the DIFAT chain when the header counts no DIFAT sector; python-calamine
follows every chain to its end, so one that loops (a sector pointing to itself) would make it
allocate without bound. ``check_chains`` walks each chain calamine follows, once.
"""
from __future__ import annotations

import struct

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ENDOFCHAIN, FREESECT, RESERVED = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFA
MACRO_ENTRIES = frozenset(("_VBA_PROJECT", "_VBA_PROJECT_CUR", "VBA", "dir"))


class OleError(Exception):
    """The compound file is damaged: a reader must not open it."""


class Ole:
    """An open compound file: stream names, their heads, whether it holds macros."""

    def __init__(self, data: bytes):
        import olefile

        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            raise OleError("not an OLE file")
        check_difat(data)
        try:
            self.ole = olefile.OleFileIO(data)
        except (OSError, ValueError, IndexError, struct.error) as exc:
            raise OleError(str(exc) or type(exc).__name__) from None
        check_chains(self.ole)

    def streams(self) -> set[str]:
        """Names of the streams at the root (where workbooks and encrypted packages live)."""
        return {path[0] for path in self.ole.listdir(streams=True, storages=False) if len(path) == 1}

    @property
    def macros(self) -> bool:
        return any(entry is not None and entry.name in MACRO_ENTRIES for entry in self.ole.direntries)

    def read_head(self, name: str, n: int) -> bytes:
        try:
            with self.ole.openstream(name) as stream:
                return stream.read(n)
        except (OSError, ValueError, IndexError, struct.error) as exc:
            raise OleError(str(exc) or type(exc).__name__) from None


def check_difat(data: bytes) -> None:
    """The DIFAT chain as calamine follows it: from the header's first DIFAT sector, each
    sector's last entry naming the next, whatever count the header gives."""
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        raise OleError("bad sector size")
    size = 1 << shift
    sectors = max(0, (len(data) - size) // size)
    sector = struct.unpack_from("<I", data, 0x44)[0]
    seen: set[int] = set()
    while sector < RESERVED:
        if sector >= sectors or sector in seen:
            raise OleError(f"DIFAT chain {'loops' if sector in seen else 'leaves the file'} at sector {sector}")
        seen.add(sector)
        sector = struct.unpack_from("<I", data, size + sector * size + size - 4)[0]


def check_chains(ole) -> None:
    """Every chain of the FAT and of the mini FAT that a reader follows ends, without visiting
    a sector twice or leaving the table."""
    fat = ole.fat
    limit = min(len(fat), ole.nb_sect)
    _walk("directory", ole.first_dir_sector, fat, limit)
    if ole.num_mini_fat_sectors:
        _walk("mini FAT", ole.first_mini_fat_sector, fat, limit)
    root = ole.root
    if root is not None and root.size:
        _walk("mini stream", root.isectStart, fat, limit)
    mini = None
    for entry in ole.direntries:
        if entry is None or entry.entry_type != 2 or not entry.size:      # a stream with data
            continue
        if entry.size < ole.minisectorcutoff:
            if mini is None:
                ole.loadminifat()
                mini = ole.minifat
            _walk(entry.name, entry.isectStart, mini, len(mini))
        else:
            _walk(entry.name, entry.isectStart, fat, limit)


def _walk(name: str, sector: int, table, limit: int) -> None:
    seen: set[int] = set()
    while sector != ENDOFCHAIN:
        if sector >= limit or sector in seen:
            what = "loops" if sector in seen else "leaves the table"
            raise OleError(f"the chain of {name!r} {what} at sector {sector}")
        seen.add(sector)
        sector = table[sector]


def biff_filepass(stream: bytes) -> bool:
    """Walk the workbook globals' records: FILEPASS (0x002F) before the first BOUNDSHEET."""
    off, n = 0, 0
    while off + 4 <= len(stream) and n < 2000:
        rtype, rlen = struct.unpack_from("<HH", stream, off)
        if rtype == 0x002F:
            return True
        if rtype in (0x0085, 0x000A) or (rtype == 0x0809 and off > 0):
            return False
        off, n = off + 4 + rlen, n + 1
    return False
