"""When a file was sent or made, from the best evidence there is, in the block's time zone.

The evidence, best first (:data:`processor.model.TIME_SOURCES`): the mail's Date (collect's
manifest, with its offset), the workbook's own saved time (UTC in its properties), the file's
modification time (epoch seconds). Every time is kept aware, in the block's zone, to the second;
a time without an offset (an ODF ``dc:date``, a manifest re-saved by Excel) is read as the
block's wall-clock time. ``Source.received`` is the best one, naive, as the deadline is.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from ..model import TIME_SOURCES, Source

EARLIEST = datetime(1980, 1, 1, tzinfo=timezone.utc)
"""A saved time before this is a placeholder a program wrote (1601, 1899, 1970), not evidence."""

_W3CDTF = re.compile(r"\s*(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?"
                     r"\s*(Z|[+-]\d\d:?\d\d)?\s*$", re.IGNORECASE)


def parse_moment(text: str | None) -> datetime | None:
    """A W3CDTF / ISO 8601 date-time (``2020-12-16T03:45:00Z``, ``...T10:45:00.123456789``,
    ``...+07:00``): aware when it has an offset, naive when not; None when it is not one.
    Fractions of a second are dropped."""
    m = _W3CDTF.match(text or "")
    if not m:
        return None
    year, month, day, hour, minute, second, offset = m.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    if offset:
        if offset.upper() == "Z":
            zone = timezone.utc
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            if delta >= timedelta(hours=24):
                return None
            zone = timezone(sign * delta)
        moment = moment.replace(tzinfo=zone)
    return moment


def in_zone(moment: datetime, tz: tzinfo) -> datetime:
    """``moment`` in the block's zone, to the second; a naive one is that zone's wall time."""
    moment = moment.replace(microsecond=0)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def from_epoch(seconds: float, tz: tzinfo) -> datetime:
    """A file modification time (whole seconds) in the block's zone."""
    return datetime.fromtimestamp(int(seconds), tz)


def record(source: Source, kind: str, moment: datetime | None, tz: tzinfo) -> None:
    """Keep one piece of evidence and make ``received`` / ``time_source`` the best one."""
    if kind not in TIME_SOURCES:
        raise ValueError(kind)
    if moment is None:
        source.times.pop(kind, None)
    else:
        moment = in_zone(moment, tz)
        if kind == "saved" and moment < EARLIEST:
            source.times.pop(kind, None)
        else:
            source.times[kind] = moment
    for best in TIME_SOURCES:
        if best in source.times:
            source.time_source = best
            source.received = source.times[best].replace(tzinfo=None)
            return
