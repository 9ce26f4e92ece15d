"""Reading dates given by a learner (one parser for the queries and the exercise checker), with
errors that say what is accepted. Numbers are read day first (20.04.1994); 06/01/2022 is refused
as ambiguous. A year or month where a day is needed means its **end** (``members_on(2012)``: 31
December 2012), except at the start of a range (``timeline(start=1999, end=1999)``: all 1999).
"""

from __future__ import annotations

import datetime as dt
import numbers
import re

import numpy as np
import pandas as pd
from dateutil import parser as _dateutil

from .errors import BadDateError
from .paths import as_of
from .text import scalar, shown

FIRST_DAY = dt.date(1991, 1, 1)  # the first day an event in the data set may have
PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}  # "2013", "2021-08", "2022-01-06"
_ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
MAX_DATE_TEXT = 40  # longer text is not a date (and is not handed to the parser)
ACCEPTED = ("'YYYY-MM-DD' (e.g. '2022-01-06'), '6 January 2022', 'January 6, 2022' or "
            "'06.01.2022' (day first), a month ('2022-01', 'January 2022') or a year ('2022' "
            "or 2022), a datetime.date or a pandas Timestamp")
_DEFAULTS = (dt.datetime(1, 1, 1), dt.datetime(2, 2, 2))  # tell a given day from a filled one


def _unreadable(value: object) -> BadDateError:
    return BadDateError(f"{shown(value)} is not a date csto can read: use {ACCEPTED}.")


def read_date(value: object) -> tuple[pd.Timestamp, str]:
    """Return a date in any accepted form as its first day and precision ("year", "month" or
    "day"); BadDateError says what is accepted. The range is not checked.

    >>> read_date("April 20th, 1994")
    (Timestamp('1994-04-20 00:00:00'), 'day')
    """
    value = scalar(value)
    if isinstance(value, (dt.timedelta, np.timedelta64)):  # numpy counts these as integers
        raise BadDateError(f"{shown(value)} is a length of time, not a date: use {ACCEPTED}.")
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if not 1 <= int(value) <= 9999:
            raise BadDateError(f"{value!r} is not a year: use {ACCEPTED}.")
        return pd.Timestamp(year=int(value), month=1, day=1), "year"
    if isinstance(value, (dt.date, pd.Timestamp, np.datetime64)):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            raise BadDateError("the date is missing (NaT), which usually means the rows you "
                               "selected were none: check the condition you filtered on.")
        unit = np.datetime_data(value.dtype)[0] if isinstance(value, np.datetime64) else "D"
        precision = {"Y": "year", "M": "month"}.get(unit, "day")  # as "2012" or "2012-05" reads
        return (ts.tz_localize(None) if ts.tz is not None else ts).normalize(), precision
    text = value.strip() if isinstance(value, str) else ""
    years = [p for p in re.split(r"[^0-9]+", text) if len(p) == 4]
    if len(text) > MAX_DATE_TEXT or not years or not text.isprintable():
        raise _unreadable(value)
    try:
        if _ISO.fullmatch(text):
            return pd.Timestamp(period_start(text)), PRECISION_OF_LENGTH[len(text)]
        day_first = not text[:4].isdigit()  # 2022-1-6 is year, month, day
        first, other = (_dateutil.parse(text, dayfirst=day_first, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError) as exc:
        if "range" in str(exc) or "must be in" in str(exc) or _ISO.fullmatch(text):
            raise BadDateError(f"{value!r} is not a real calendar date: check the month and "
                               "the day.") from None
        raise _unreadable(value) from None
    if "/" in text and first != _dateutil.parse(text, dayfirst=False, default=_DEFAULTS[0]):
        raise BadDateError(f"{value!r} could be {first.day} {first:%B} or {first.month} "
                           f"{dt.date(2000, first.day, 1):%B} {first.year}: write it as "
                           "YYYY-MM-DD.")
    if f"{first.year:04}" not in years:  # dateutil reads "0001" as 2001
        raise _unreadable(value)
    if first.month != other.month:
        if first.day != other.day:
            return pd.Timestamp(first.year, 1, 1), "year"
        raise _unreadable(value)
    return pd.Timestamp(first.date()), "month" if first.day != other.day else "day"


def parse_date(value: object, end: bool = False) -> pd.Timestamp:
    """Return what a learner typed as a Timestamp in the data's range: a year or a month is
    its first day, or with ``end=True`` its last (no later than the "as of" date).

    >>> parse_date(2000), parse_date(2000, end=True)
    (Timestamp('2000-01-01 00:00:00'), Timestamp('2000-12-31 00:00:00'))
    """
    ts, precision = read_date(value)
    last = pd.Timestamp(as_of())
    if not pd.Timestamp(FIRST_DAY) <= ts <= last:
        raise BadDateError(f"{shown(value)} is outside the data set's range: choose a date from "
                           f"{FIRST_DAY.isoformat()} to {last.date().isoformat()} (the data's "
                           "'as of' date).")
    return min(period_end(ts, precision), last) if end else ts


def period_start(text: str) -> dt.date:
    """Return the first day of an ISO date at reduced precision ("2013" -> 2013-01-01).

    >>> period_start("2021-08")
    datetime.date(2021, 8, 1)
    """
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def period_end(start: str | pd.Timestamp, precision: str | None = None) -> pd.Timestamp:
    """Return the last day of a period: an ISO text ("2022" -> 2022-12-31), or a first day
    and its precision.

    >>> period_end("2022-02"), period_end(pd.Timestamp("2022-01-06"), "day")
    (Timestamp('2022-02-28 00:00:00'), Timestamp('2022-01-06 00:00:00'))
    """
    if isinstance(start, str):
        start, precision = pd.Timestamp(period_start(start)), PRECISION_OF_LENGTH[len(start)]
    offset = {"year": pd.offsets.YearEnd(0), "month": pd.offsets.MonthEnd(0)}.get(precision)
    return start + offset if offset is not None else start
