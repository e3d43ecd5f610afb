"""Just enough of an OLE compound file ([MS-CFB]) for sniff: list its streams and read the head
of one, to tell an .xls workbook from an encrypted OOXML package or a Word document, and to find
a BIFF FILEPASS record (a password-protected .xls)."""
from __future__ import annotations

import struct

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


class OleError(Exception):
    pass


class Ole:
    """Just enough of [MS-CFB] to list stream names and read the head of a stream."""
    FREE, ENDOFCHAIN = 0xFFFFFFFF, 0xFFFFFFFE

    def __init__(self, data: bytes):
        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            raise OleError("not an OLE file")
        self.data = data
        major = struct.unpack_from("<H", data, 0x1A)[0]
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12) or (major == 3) != (shift == 9):
            raise OleError("bad sector size")
        self.ss = 1 << shift
        self.mini_ss = 1 << struct.unpack_from("<H", data, 0x20)[0]
        n_fat, dir_start = struct.unpack_from("<II", data, 0x2C)
        self.mini_cutoff, mini_fat_start, n_mini_fat, difat_start, n_difat = \
            struct.unpack_from("<IIIII", data, 0x38)
        self.n_sectors = max(0, (len(data) - self.ss) // self.ss)
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        sec, hops = difat_start, 0
        per = self.ss // 4 - 1
        while sec < self.n_sectors and hops < n_difat and hops < 10000:
            vals = struct.unpack_from(f"<{per + 1}I", self._sector(sec))
            difat.extend(vals[:per])
            sec, hops = vals[per], hops + 1
        fat_secs = difat[:n_fat]            # a sector beyond the end raises: truncated
        self.fat: list[int] = []
        for s in fat_secs:
            self.fat.extend(struct.unpack_from(f"<{self.ss // 4}I", self._sector(s)))
        self.entries = self._read_dir(dir_start)
        root = self.entries[0] if self.entries else None
        self.ministream = self._chain_bytes(root[1], root[2]) if root and root[2] else b""
        self.minifat: list[int] = []
        if n_mini_fat:
            raw = self._chain_bytes(mini_fat_start, n_mini_fat * self.ss)
            self.minifat = list(struct.unpack_from(f"<{len(raw) // 4}I", raw))

    def _sector(self, n: int) -> bytes:
        off = (n + 1) * self.ss
        if off + self.ss > len(self.data):
            raise OleError("sector beyond end of file")
        return self.data[off:off + self.ss]

    def _chain(self, start: int, fat: list[int], limit: int):
        sec, seen = start, 0
        while sec < len(fat) and sec not in (self.FREE, self.ENDOFCHAIN) and seen < limit:
            yield sec
            sec, seen = fat[sec], seen + 1

    def _chain_bytes(self, start: int, size: int) -> bytes:
        need = -(-size // self.ss)
        out = b"".join(self._sector(s) for s in self._chain(start, self.fat, need))
        return out[:size]

    def _read_dir(self, start: int) -> list[tuple[str, int, int, int]]:
        raw = b"".join(self._sector(s) for s in self._chain(start, self.fat, 4096))
        entries = []
        for off in range(0, len(raw) - 127, 128):
            name_len = struct.unpack_from("<H", raw, off + 0x40)[0]
            etype = raw[off + 0x42]
            start_sec = struct.unpack_from("<I", raw, off + 0x74)[0]
            size = struct.unpack_from("<I", raw, off + 0x78)[0]
            name = raw[off:off + max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
            entries.append((name, start_sec, size, etype))
        return entries

    def streams(self) -> dict[str, tuple[int, int]]:
        return {name: (start, size) for name, start, size, etype in self.entries if etype == 2}

    def read_head(self, name: str, n: int) -> bytes:
        start, size = self.streams()[name]
        n = min(n, size)
        if size < self.mini_cutoff:
            out = bytearray()
            for s in self._chain(start, self.minifat, -(-n // self.mini_ss)):
                out += self.ministream[s * self.mini_ss:(s + 1) * self.mini_ss]
            return bytes(out[:n])
        return self._chain_bytes(start, n)


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
