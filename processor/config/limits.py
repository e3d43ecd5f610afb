"""Resource limits on the files intake reads; a block may change them in block.toml ``[intake]``."""
from __future__ import annotations

from dataclasses import dataclass

from .reader import read
from .schema import BLOCK_FILE, default


@dataclass(frozen=True)
class IntakeLimits:
    """Safe defaults (declared in the schema, :data:`.schema.INTAKE`)."""
    max_file_bytes: int = default("intake.max_file_bytes")                 # a filled template: ~20–200 KB
    max_entries: int = default("intake.max_entries")                       # parts in one zip container
    max_uncompressed_bytes: int = default("intake.max_uncompressed_bytes")  # declared total, inflated
    max_entry_bytes: int = default("intake.max_entry_bytes")               # declared size of one part
    max_ratio: float = default("intake.max_ratio")       # inflated / compressed, per entry and overall
    ratio_floor_bytes: int = default("intake.ratio_floor_bytes")   # smaller entries skip the ratio test
    verify_sizes: bool = default("intake.verify_sizes")   # stream-inflate parts to check declared sizes
    max_sheet_cells: int = default("intake.max_sheet_cells")   # rows x columns a sheet spans from A1
    read_seconds: float = default("intake.read_seconds")       # one file's reading, in its worker
    read_memory_mib: int = default("intake.read_memory_mib")   # address space a reading worker may add

    @classmethod
    def from_config(cls, raw: dict | None, source: str = "<config>") -> "IntakeLimits":
        """From a block.toml ``[intake]`` table, read by the schema; raises ConfigError."""
        if not raw:
            return cls()
        reading = read({"intake": raw}, BLOCK_FILE.only("intake"))
        reading.check(source)
        return cls(**reading.values["intake"])
