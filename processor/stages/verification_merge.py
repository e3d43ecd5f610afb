"""Several returned verification forms merged cell by cell (unit × criterion): :func:`merge_forms`
decides for each cell which verified score and reason are in force:

- A form written by a run carries the values then in force, and its ``_meta`` names the forms
  they came from (what it *knew*). A carried value left as is repeats it; a changed or cleared
  cell is an edit; a blank cell that carried nothing says nothing ("the self score stands").
- A statement is set aside by one made knowing it: by a form that carried its form's values, or
  by an edit made from the same (or more) knowledge than the repeat it replaces.
- The statements left must agree: two different values for one cell are a conflict (R011),
  nothing is applied to that cell and the unit stays provisional until someone settles it.
- Every verified value that is not applied has a finding: replaced (R013), cleared (R012), in
  conflict (R011), made on an older self score (R014), for a unit or criterion the run does not
  score (R016, R019). The merge never depends on the forms' times or names.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..config.block import Block
from ..findings import Finding, finding
from ..labels import format_plain, label
from .verification_forms import Entry, JudgedForm, Verified


class Current(NamedTuple):
    """A unit's submission in force in this run, and its self scores."""
    file: str
    sha256: str
    self_scores: Mapping[str, float | None]


@dataclass
class Carried:
    """A cell in force, for the next verification form to carry."""
    verified: float | None
    reason: str
    origin: tuple[str, ...]          # the forms it stands in


@dataclass
class VerificationOutcome:
    """What the run's verification forms decide, cell by cell."""
    verified: dict[str, dict[str, Verified]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    carried: dict[tuple[str, str], Carried] = field(default_factory=dict)
    unsettled: dict[tuple[str, str], str] = field(default_factory=dict)  # verified, not in force: why
    known: tuple[tuple[str, str], ...] = ()          # (sha256, file) of every form merged
    files: tuple[str, ...] = ()                      # the usable forms, oldest first
    used: tuple[str, ...] = ()                       # ... those with a statement in force
    superseded_by: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def origins(self) -> tuple[str, ...]:
        """The forms the carried values stand in, oldest first."""
        named = {f for c in self.carried.values() for f in c.origin}
        return tuple(f for f in self.files if f in named)

    def to_json(self) -> dict:
        return {"files": list(self.files), "used": list(self.used),
                "superseded": {f: list(by) for f, by in self.superseded_by.items()},
                "unsettled": [{"unit": u, "criterion": c, "why": why}
                              for (u, c), why in sorted(self.unsettled.items())]}


class _Said(NamedTuple):
    """What one form says about one field (value or reason) of a cell."""
    form: int                   # index in the forms, oldest first
    key: Any                    # None: blank (for a value: keep the self score)
    edit: bool                  # differs from what the form was written carrying
    entry: Entry


def merge_forms(forms: Sequence[JudgedForm], block: Block,
                current: Mapping[str, Current] | None = None, lang: str = "vi") -> VerificationOutcome:
    """The verified scores in force from ``forms`` (oldest first; the order only sorts names in
    messages), with a finding for every verified value not applied. ``current``: each scored
    unit's submission in force (None: not checked against the self scores of this run)."""
    merge = _Merge([f for f in forms if f.usable], current, lang)
    merge.out.findings = [x for f in forms for x in f.findings]
    for unit, crit in sorted({cell for f in merge.forms for cell in f.entries}):
        merge.cell(unit, crit)
    return merge.finish()


class _Merge:
    """The state of one merge: the outcome so far, and what each form said and lost."""

    def __init__(self, forms: list[JudgedForm], current: Mapping[str, Current] | None, lang: str):
        self.forms, self.current, self.lang = forms, current, lang
        self.out = VerificationOutcome(files=tuple(f.file for f in forms))
        self.live: set[int] = set()                       # forms with a statement in force
        self.said: set[int] = set()                       # forms with any statement
        self.aside_by: dict[int, set[int]] = {}           # form -> the forms that set it aside
        self.replaced: dict[tuple[int, str], tuple[str, str]] = {}   # (form, unit) -> (then, now)
        self.not_scored: dict[tuple[int, str], list[str]] = {}       # (form, unit) -> criteria

    def cell(self, unit: str, crit: str) -> None:
        """Decide one cell: its value and reason in force, a finding for whatever is not."""
        forms, lang, findings = self.forms, self.lang, self.out.findings
        entries = [(i, f.entries[(unit, crit)]) for i, f in enumerate(forms) if (unit, crit) in f.entries]
        values = [s for i, e in entries if (s := _said(forms[i], i, e, e.key, e.base_key))]
        reasons = [s for i, e in entries
                   if (s := _said(forms[i], i, e, e.reason or None, e.base_reason or None))]
        live_v, aside_v = _live(forms, values)
        live_r, aside_r = _live(forms, reasons)
        self.said.update(s.form for s in values + reasons)
        self.live.update(s.form for s in live_v + live_r)
        for t, by in aside_v + aside_r:
            self.aside_by.setdefault(t.form, set()).add(by.form)
        keys = list(dict.fromkeys(s.key for s in live_v))
        conflict = len(keys) > 1
        agreed = None if conflict or not keys else keys[0]
        reason, reason_forms = _reasons(live_r, forms)
        for s in live_v:
            findings.extend(s.entry.problems)
        for t, by in aside_v:
            if t.key is not None and (conflict or t.key != agreed):
                findings.append(_at("R013", forms, t, unit, criterion=crit, old=_show(t.key, lang),
                                    new=_show(by.key, lang), by=forms[by.form].file))
        if conflict:
            self._conflict(unit, crit, live_v)
        elif agreed is None:
            self._cleared(unit, crit, live_v)
        elif isinstance(agreed, tuple):
            self.out.unsettled[(unit, crit)] = label(
                "verification.unsettled.unusable", value=agreed[1], files=_files(forms, live_v))
        elif self.current is not None and unit not in self.current:
            for s in live_v:
                self.not_scored.setdefault((s.form, unit), []).append(crit)
        else:
            in_force = self._in_force(unit, crit, agreed, reason, live_v)
            if in_force is not None:
                self.out.verified.setdefault(unit, {})[crit] = in_force
        if len(reason_forms) > 1 and not conflict:
            findings.append(_at("R017", forms, live_r[0], unit, unit_code=unit, criterion=crit,
                                reasons="; ".join(f"'{r}' ({', '.join(fs)})" for r, fs in reason_forms)))
        if agreed is None and not conflict and reason:
            s = live_r[-1]
            findings.append(_at("R007", forms, s, unit, criterion=crit))
            self.out.carried[(unit, crit)] = Carried(None, reason, (forms[s.form].file,))
        if crit not in self.out.verified.get(unit, {}):       # nothing in force: the self score
            i, e = entries[0]
            self.out.verified.setdefault(unit, {})[crit] = Verified(None, reason, f"{e.sheet}!{e.cell}",
                                                                    forms[i].file)

    def _conflict(self, unit: str, crit: str, live: list[_Said]) -> None:
        """Two or more different values: R011 at each form's cell, nothing applied."""
        forms, lang = self.forms, self.lang
        for s in live:
            others = "; ".join(f"{_show(t.key, lang)} ({forms[t.form].file})"
                               for t in live if t.key != s.key)
            self.out.findings.append(_at("R011", forms, s, unit, unit_code=unit, criterion=crit,
                                         value=_show(s.key, lang), others=others))
        self.out.unsettled[(unit, crit)] = label("verification.unsettled.conflict", values="; ".join(
            f"{_show(s.key)} ({forms[s.form].file})" for s in live))

    def _cleared(self, unit: str, crit: str, live: list[_Said]) -> None:
        """The self score stands; a carried value cleared on purpose is a warning (R012)."""
        for s in live:
            if s.edit and s.entry.base_key is not None:
                self.out.findings.append(_at(
                    "R012", self.forms, s, unit, unit_code=unit, criterion=crit,
                    old=_show(s.entry.base_key, self.lang), origin=s.entry.base_from or "—",
                    self_score=format_plain(_self(self.current, unit, crit, s.entry), self.lang)))

    def _in_force(self, unit: str, crit: str, agreed: float, reason: str,
                  live: list[_Said]) -> Verified | None:
        """The agreed value, unless every form gave it on another self score than the one in
        force now (R014: not applied). A form made on an earlier file of the unit: R015."""
        forms, lang = self.forms, self.lang
        cur = self.current.get(unit) if self.current is not None else None
        fresh = [s for s in live if cur is None or s.entry.row_missing
                 or _same(s.entry.self_score, cur.self_scores.get(crit))]
        if not fresh:
            for s in live:
                self.out.findings.append(_at(
                    "R014", forms, s, unit, unit_code=unit, criterion=crit,
                    verified=_show(agreed, lang), then=format_plain(s.entry.self_score, lang),
                    now=format_plain(cur.self_scores.get(crit), lang), submission=cur.file))
            self.out.unsettled[(unit, crit)] = label(
                "verification.unsettled.stale", value=_show(agreed), files=_files(forms, live),
                then=format_plain(live[0].entry.self_score))
            return None
        for s in fresh:
            made = forms[s.form].made_from.get(unit)
            if cur is not None and made and made[1] != cur.sha256:
                self.replaced[(s.form, unit)] = (made[0], cur.file)
        last = fresh[-1]
        self_now = _self(self.current, unit, crit, last.entry)
        if agreed != self_now and not reason:
            self.out.findings.append(_at("R001", forms, last, unit, criterion=crit,
                                         verified=format_plain(agreed),
                                         self_score=format_plain(self_now)))
        self.out.carried[(unit, crit)] = Carried(agreed, reason, tuple(
            forms[i].file for i in sorted({s.form for s in fresh})))
        return Verified(agreed, reason, f"{last.entry.sheet}!{last.entry.cell}", forms[last.form].file)

    def finish(self) -> VerificationOutcome:
        """The per-form findings (R015, R019), which forms count, and what the next form knows."""
        out, forms = self.out, self.forms
        for (i, unit), (then, now) in sorted(self.replaced.items()):
            out.findings.append(finding("R015", unit=unit, file=forms[i].file, then=then, now=now))
        for (i, unit), crits in sorted(self.not_scored.items()):
            out.findings.append(finding("R019", unit=unit, file=forms[i].file, n=len(crits),
                                        criteria=", ".join(crits)))
        out.used = tuple(f.file for i, f in enumerate(forms) if i in self.live or i not in self.said)
        out.superseded_by = {f.file: tuple(forms[j].file for j in sorted(self.aside_by.get(i, ())))
                             for i, f in enumerate(forms) if i in self.said and i not in self.live}
        known = {sha: name for f in forms for sha, name in f.known_files}
        known.update({f.sha256: f.file for f in forms if f.sha256})
        out.known = tuple(sorted(known.items(), key=lambda item: (item[1], item[0])))
        return out


def _said(form: JudgedForm, i: int, entry: Entry, key, base) -> _Said | None:
    """What ``form`` says in one field: an edit when it differs from what the form carried (a
    form that knew no other form carried nothing), a repeat when equal and not blank."""
    if not form.known:
        base = None
    if key != base:
        return _Said(i, key, True, entry)
    return _Said(i, key, False, entry) if key is not None else None


def _sets_aside(forms: Sequence[JudgedForm], s: _Said, t: _Said) -> bool:
    """Whether statement ``s`` was made knowing what ``t`` says."""
    if s.form == t.form:
        return False
    f, g = forms[s.form], forms[t.form]
    if g.sha256 and g.sha256 in f.known and not (f.sha256 and f.sha256 in g.known):
        return True
    return not t.edit and g.known <= f.known and (s.edit or g.known < f.known)


def _live(forms: Sequence[JudgedForm], said: list[_Said]) -> tuple[list[_Said], list[tuple[_Said, _Said]]]:
    """(the statements no other one sets aside, [(set aside, by whom)]); if every statement is
    set aside (forms that claim to know each other), all stay."""
    aside = []
    for t in said:
        by = [s for s in said if _sets_aside(forms, s, t)]
        if by:
            aside.append((t, by[-1]))
    if len(aside) == len(said):
        return list(said), []
    gone = {id(t) for t, _ in aside}
    return [s for s in said if id(s) not in gone], aside


def _reasons(live: list[_Said], forms: Sequence[JudgedForm]) -> tuple[str, list[tuple[str, list[str]]]]:
    """The reason in force (distinct reasons joined, oldest form first) and [(reason, forms)]."""
    by_reason: dict[str, list[str]] = {}
    for s in live:
        if s.key:
            by_reason.setdefault(s.key, []).append(forms[s.form].file)
    return " / ".join(by_reason), list(by_reason.items())


def _at(code: str, forms: Sequence[JudgedForm], s: _Said, unit: str, **params) -> Finding:
    """A finding of ``code`` located at the verified cell of statement ``s``."""
    return finding(code, unit=unit, file=forms[s.form].file, sheet=s.entry.sheet,
                   cell=s.entry.cell or None, **params)


def _self(current: Mapping[str, Current] | None, unit: str, crit: str, entry: Entry) -> float | None:
    if current is not None and unit in current:
        return current[unit].self_scores.get(crit)
    return entry.self_score


def _same(a: float | None, b: float | None) -> bool:
    return a == b if a is None or b is None else abs(a - b) < 1e-9


def _files(forms: Sequence[JudgedForm], said: list[_Said]) -> str:
    return ", ".join(dict.fromkeys(forms[s.form].file for s in said))


def _show(key, lang: str = "vi") -> str:
    if key is None:
        return label("verification.blank", lang)
    if isinstance(key, tuple):
        return f"'{key[1]}'"
    return format_plain(key, lang)
