"""Which of a unit's files is its newest: the evidence, its order, and no guess (issue 19)."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from processor.model import Source, Submission
from processor.stages.newest import choose, compare
from processor.stages.validate import choose_submissions

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = datetime(2020, 12, 15, 8, 0, tzinfo=ZONE)
STRONG = ("mail", "saved")


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def sub(name: str, content: str, **times: datetime | None) -> Submission:
    times = {k: v for k, v in times.items() if v is not None}
    best = next(k for k in ("mail", "saved", "mtime") if k in times)
    source = Source(file=name, sha256=content, size=1, received=times[best].replace(tzinfo=None),
                    unit="SYT", time_source=best, times=times)
    return Submission(source=source)


def test_saved_time_beats_a_copied_modification_time():
    # copied inbox: every mtime equal; the saved time in each workbook still orders them
    old = sub("b.xlsx", "B", saved=at(0), mtime=at(600))
    new = sub("a.xlsx", "A", saved=at(60), mtime=at(600))
    assert choose([old, new]).used is new and choose([new, old]).used is new


def test_mail_date_beats_the_saved_time_and_a_tie_there_goes_to_the_saved_time():
    assert compare({"mail": at(10), "saved": at(0)}, {"mail": at(5), "saved": at(0)}) == (1, False)
    # two attachments of one mail: the same Date, the saved time orders them
    assert compare({"mail": at(5), "saved": at(9)}, {"mail": at(5), "saved": at(3)}) == (1, False)
    # the Date decides, and says that the saved time says the opposite
    assert compare({"mail": at(10), "saved": at(0)}, {"mail": at(5), "saved": at(3)}) == (1, True)


def test_modification_time_decides_only_without_strong_evidence_in_common():
    assert compare({"saved": at(0), "mtime": at(50)}, {"mtime": at(10)}) == (1, False)
    assert compare({"saved": at(0), "mtime": at(0)}, {"saved": at(0), "mtime": at(50)}) == (0, False)


def test_equal_evidence_different_content_is_an_error_and_the_unit_is_not_scored():
    a, b = sub("a.xlsx", "A", saved=at(0), mtime=at(9)), sub("b.xlsx", "B", saved=at(0), mtime=at(1))
    findings = []
    used = choose_submissions(None, [a, b], findings)
    assert used == {"SYT": None}
    assert [(f.code, f.severity, f.unit) for f in findings] == [("S005", "error", "SYT")]
    assert "a.xlsx" in findings[0].message() and "b.xlsx" in findings[0].message("en")
    assert a.source.status == b.source.status == "undecided"


def test_identical_copies_are_fine_whatever_their_times():
    a, b = sub("a.xlsx", "A", saved=at(0), mtime=at(0)), sub("b.xlsx", "A", saved=at(0), mtime=at(0))
    findings = []
    used = choose_submissions(None, [b, a], findings)
    assert used["SYT"] is a and b.source.status == "duplicate"
    assert [f.code for f in findings] == ["S002"]


def test_sent_later_but_saved_earlier_is_used_with_a_warning():
    a = sub("a.xlsx", "A", mail=at(10), saved=at(0))
    b = sub("b.xlsx", "B", mail=at(5), saved=at(3))
    findings = []
    assert choose_submissions(None, [b, a], findings)["SYT"] is a
    assert sorted((f.code, f.severity, f.file) for f in findings) == [
        ("S001", "warning", "b.xlsx"), ("S007", "warning", "a.xlsx")]


def test_evidence_that_goes_round_in_a_circle_is_an_error():
    # a > c by the Date, c > b and b > a by the saved time (b was not mailed)
    a = sub("a.xlsx", "A", mail=at(2), saved=at(1))
    b = sub("b.xlsx", "B", saved=at(2))
    c = sub("c.xlsx", "C", mail=at(1), saved=at(3))
    findings = []
    assert choose_submissions(None, [a, b, c], findings) == {"SYT": None}
    assert [(f.code, f.severity, f.unit) for f in findings] == [("S006", "error", "SYT")]
    assert {s.source.status for s in (a, b, c)} == {"undecided"}


# --- property: any shuffle of times and names ---------------------------------------------------
def beats(x: dict, y: dict) -> bool:
    """The documented rule, written out: ``x`` is newer than ``y``."""
    levels = [k for k in STRONG if k in x and k in y] or (["mtime"] if "mtime" in x and "mtime" in y else [])
    decided = [s for s in ((x[k] > y[k]) - (x[k] < y[k]) for k in levels) if s]
    return bool(decided) and decided[0] == 1


MINUTES = st.sampled_from([0, 1, 2, 30])          # few values: ties are frequent
files_st = st.lists(st.tuples(st.integers(0, 2),                 # content
                              st.one_of(st.none(), MINUTES),     # mail Date
                              MINUTES),                          # mtime
                    min_size=1, max_size=5)
saved_st = st.lists(st.one_of(st.none(), MINUTES), min_size=3, max_size=3)   # per content


@settings(max_examples=400, deadline=None)
@given(files=files_st, saved=saved_st, data=st.data())
def test_the_unit_is_scored_from_the_evidence_newest_file_or_not_at_all(files, saved, data):
    names = data.draw(st.permutations([f"{c}.xlsx" for c in "abcdefgh"]))
    subs = []
    for i, (content, mail, mtime) in enumerate(files):
        s = sub(names[i], f"C{content}", mail=None if mail is None else at(mail),
                saved=None if saved[content] is None else at(saved[content]), mtime=at(mtime))
        subs.append(s)
    order = data.draw(st.permutations(subs))
    # the evidence of a content is its latest copy's at each level
    contents: dict[str, dict] = {}
    for s in subs:
        for k, v in s.source.times.items():
            c = contents.setdefault(s.source.sha256, {})
            c[k] = max(c.get(k, v), v)
    newest = [c for c, t in contents.items() if all(beats(t, u) for d, u in contents.items() if d != c)]
    findings = []
    used = choose_submissions(None, list(order), findings)["SYT"]
    errors = [f for f in findings if f.severity == "error"]
    if newest:
        assert used is not None and used.source.sha256 == newest[0], (newest, used)
        assert not errors
    else:
        assert used is None
        assert [(f.code, f.unit) for f in errors] in ([("S005", "SYT")], [("S006", "SYT")])
    # every file has a status, and no other file is marked used
    assert all(s.source.status != "used" or s is used for s in subs)
