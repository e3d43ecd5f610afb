"""Which of a unit's files is its newest, by the evidence of when each was sent or saved.

The evidence, best first: the mail's Date (collect's manifest), the time the workbook was saved
(its own properties), the file's modification time (:data:`processor.model.TIME_SOURCES`).
Byte-identical copies are one content; a content's time at each level is its latest copy's.
Two different contents are ordered by the best evidence both have: the mail Date, at a tie the
saved time (two attachments of one mail); the modification time only when neither is common to
both, since copying a folder changes it. When the Date decides against the saved time, the
caller says so (S007). The newest content is the one newer than every other; when there is
none (a tie at every level used: S005; evidence that goes round in a circle: S006) no file is
chosen and the unit is not scored. The file name never decides. Of identical copies, the one
that arrived first is used (its time decides lateness); copies of one time are taken by name,
hidden names last, which changes nothing since their bytes are the same.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..model import TIME_SOURCES, Source, Submission

STRONG = ("mail", "saved")
EVIDENCE_LABEL = {
    "mail": {"vi": "ngày gửi thư", "en": "the mail's Date"},
    "saved": {"vi": "thời điểm lưu ghi trong tệp", "en": "the saved time in the workbook"},
    "mtime": {"vi": "thời gian sửa tệp trên máy", "en": "the file's modification time"},
}
TIME_FORMAT = "%H:%M:%S %d/%m/%Y"


@dataclass
class Choice:
    """What the evidence says of one unit's files."""
    used: Submission | None = None                  # None: the evidence cannot choose
    superseded: list[tuple[Submission, list[Submission]]] = field(default_factory=list)  # (file, newer ones)
    duplicates: list[tuple[Submission, Submission]] = field(default_factory=list)  # (copy, the one counted)
    undecided: list[Submission] = field(default_factory=list)   # the contents none of which is newest
    conflict: bool = False                          # undecided because the evidence goes round
    overruled: list[Submission] = field(default_factory=list)   # older by the Date, newer saved


def evidence(source: Source) -> dict[str, datetime]:
    """Every time known for a file (a Source made without ``times`` has its ``received``)."""
    return source.times or {source.time_source: source.received}


def compare(a: dict[str, datetime], b: dict[str, datetime]) -> tuple[int | None, bool]:
    """(1: ``a`` is newer, -1: ``b`` is, 0: equal at every level used, None: no evidence in
    common; whether a lesser level says the opposite of the one that decides)."""
    levels = [k for k in STRONG if k in a and k in b] or [k for k in ("mtime",) if k in a and k in b]
    if not levels:
        return None, False
    signs = [s for s in (_sign(_instant(a[k]) - _instant(b[k])) for k in levels) if s]
    if not signs:
        return 0, False
    return signs[0], -signs[0] in signs[1:]


def choose(subs: list[Submission]) -> Choice:
    """The newest of one unit's files, and what became of the others."""
    groups: dict[str, list[Submission]] = {}
    for sub in subs:
        groups.setdefault(sub.source.sha256 or f"\0{id(sub)}", []).append(sub)
    contents = [_Content(members) for members in groups.values()]
    n = len(contents)
    newer: list[set[int]] = [set() for _ in contents]       # newer[j]: the contents newer than j
    against: set[tuple[int, int]] = set()                   # (newer, older) a lesser level denies
    for i in range(n):
        for j in range(i + 1, n):
            order, denied = compare(contents[i].times, contents[j].times)
            if order == 1:
                newer[j].add(i)
            elif order == -1:
                newer[i].add(j)
            if denied and order:
                against.add((i, j) if order == 1 else (j, i))
    out = Choice()
    newest = [i for i in range(n) if sum(i in newer[j] for j in range(n)) == n - 1]
    if newest:
        out.used = contents[newest[0]].first
        out.overruled = sorted((contents[j].first for i, j in against if i == newest[0]),
                               key=lambda s: s.source.file)
    else:
        unbeaten = [i for i in range(n) if not newer[i]]
        contenders = unbeaten or list(range(n))                # none unbeaten: a cycle
        out.conflict = not unbeaten
        out.undecided = sorted((contents[i].first for i in contenders), key=lambda s: s.source.file)
    for i, content in enumerate(contents):
        first = content.first
        if first is not out.used and all(first is not u for u in out.undecided):
            by = sorted((contents[j].first for j in newer[i]), key=lambda s: s.source.file)
            out.superseded.append((first, by))
        out.duplicates.extend((copy, first) for copy in content.copies)
    out.superseded.sort(key=lambda x: x[0].source.file)
    out.duplicates.sort(key=lambda x: x[0].source.file)
    return out


def describe(subs: list[Submission]) -> dict[str, str]:
    """The files and every time known for each, for a finding's message: {"vi": ..., "en": ...}."""
    out = {}
    for lang in ("vi", "en"):
        parts = []
        for sub in subs:
            times = evidence(sub.source)
            known = "; ".join(f"{EVIDENCE_LABEL[k][lang]} {times[k].strftime(TIME_FORMAT)}"
                              for k in TIME_SOURCES if k in times)
            parts.append(f"'{sub.source.file}' ({known})")
        out[lang] = ", ".join(parts)
    return out


class _Content:
    """Byte-identical copies of one file: its time at each level is its latest copy's."""

    def __init__(self, members: list[Submission]):
        members = sorted(members, key=lambda s: (_arrived(s.source), _hidden(s.source.file),
                                                 s.source.file))
        self.first, self.copies = members[0], members[1:]
        self.times: dict[str, datetime] = {}
        for sub in members:
            for kind, moment in evidence(sub.source).items():
                if kind not in self.times or _instant(moment) > _instant(self.times[kind]):
                    self.times[kind] = moment


def _arrived(source: Source) -> float:
    """The instant of a file's own best evidence."""
    return _instant(evidence(source).get(source.time_source, source.received))


def _hidden(name: str) -> bool:
    """A hidden name (``..xlsx``): of identical copies of one time, a plainly named one is shown."""
    return name.rsplit("/", 1)[-1].startswith(".")


def _instant(moment: datetime) -> float:
    """Seconds since the epoch; a naive time (a Source made without times) is compared as is."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)
