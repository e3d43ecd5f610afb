"""The catalogue's API: a finding type is defined once (:func:`define`, by one module per
concern) and :func:`finding` makes a located instance of it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class FindingType:
    code: str
    name: str
    severity: str
    vi: str
    en: str
    action_vi: str = ""
    action_en: str = ""


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    unit: str | None = None
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def type(self) -> FindingType:
        return CATALOGUE[self.code]

    def message(self, lang: str = "vi") -> str:
        template = self.type.en if lang == "en" else self.type.vi
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template

    def action(self, lang: str = "vi") -> str:
        return self.type.action_en if lang == "en" else self.type.action_vi

    @property
    def location(self) -> str:
        """file › sheet!cell, the parts that are known."""
        parts = [p for p in (self.file,) if p]
        where = f"{self.sheet}!{self.cell}" if self.sheet and self.cell else (self.sheet or self.cell or "")
        if where:
            parts.append(where)
        return " › ".join(parts)

    def sort_key(self) -> tuple:
        return (SEVERITIES.index(self.severity), self.unit or "", self.file or "", self.sheet or "",
                _cell_key(self.cell), self.code)

    def to_json(self, lang: str = "vi") -> dict:
        return {"code": self.code, "name": self.name, "severity": self.severity, "unit": self.unit,
                "file": self.file, "sheet": self.sheet, "cell": self.cell,
                "message": self.message(lang), "action": self.action(lang)}


CATALOGUE: dict[str, FindingType] = {}


def define(code: str, name: str, severity: str, vi: str, en: str, action_vi: str = "",
           action_en: str = "") -> FindingType:
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: severity {severity!r}")
    if code in CATALOGUE:
        raise ValueError(f"finding code {code} defined twice")
    if any(t.name == name for t in CATALOGUE.values()):
        raise ValueError(f"finding name {name} defined twice")
    CATALOGUE[code] = FindingType(code, name, severity, vi, en, action_vi, action_en)
    return CATALOGUE[code]


def finding(code: str, *, unit: str | None = None, file: str | None = None, sheet: str | None = None,
            cell: str | None = None, severity: str | None = None, **params: Any) -> Finding:
    """A located finding of a catalogued type; ``severity`` may be raised/lowered by config."""
    ftype = CATALOGUE[code]
    return Finding(code=code, name=ftype.name, severity=severity or ftype.severity, unit=unit,
                   file=file, sheet=sheet, cell=cell, params=params)


def has_errors(findings, unit: str) -> bool:
    return any(f.unit == unit and f.severity == "error" for f in findings)


def _cell_key(cell: str | None) -> tuple:
    if not cell:
        return (0, "", 0)
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (1, letters.rjust(3), int(digits or 0))
