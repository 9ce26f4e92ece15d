"""Reading dates given by a learner, with errors that say what is accepted."""

from __future__ import annotations

import datetime as dt
import numbers
import re

import pandas as pd

from .errors import BadDateError

#: The first day an event in the data set may have.
FIRST_DAY = dt.date(1991, 1, 1)
#: Length of an ISO date written at each precision: "2013", "2021-08", "2022-01-06".
PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}
#: A date written as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'.
_ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
ACCEPTED = (
    "a string 'YYYY-MM-DD' (e.g. '2022-01-06'), 'YYYY-MM' or 'YYYY' (taken as its first day), "
    "a year as a number (e.g. 2000), a datetime.date or a pandas Timestamp"
)


def parse_date(value: object) -> pd.Timestamp:
    """Turn what a learner typed into a pandas Timestamp, checking it is in range.

    >>> parse_date("2022-01-06")
    Timestamp('2022-01-06 00:00:00')
    >>> parse_date(2000)
    Timestamp('2000-01-01 00:00:00')
    >>> parse_date("6 January 2022")
    Traceback (most recent call last):
    ...
    csto.errors.BadDateError: '6 January 2022' is not a date csto can read: use ...
    >>> parse_date("2022-02-30")
    Traceback (most recent call last):
    ...
    csto.errors.BadDateError: '2022-02-30' is not a real calendar date: check the month and the day.
    """
    from .data import as_of

    last = as_of()
    if isinstance(value, bool):
        ts = None
    elif isinstance(value, numbers.Integral):
        value = int(value)
        ts = pd.Timestamp(year=value, month=1, day=1) if 1 <= value <= 9999 else None
    elif isinstance(value, (dt.date, pd.Timestamp)):
        ts = pd.Timestamp(value)
    elif isinstance(value, str):
        text = value.strip()
        if not _ISO.fullmatch(text):  # only these forms (not, say, an ISO week date)
            ts = None
        else:
            try:
                ts = pd.Timestamp(period_start(text))
            except ValueError:
                raise BadDateError(f"{value!r} is not a real calendar date: check the month "
                                   "and the day.") from None
    else:
        ts = None
    if ts is None or pd.isna(ts):
        raise BadDateError(f"{value!r} is not a date csto can read: use {ACCEPTED}.")
    ts = ts.normalize()
    if ts.tz is not None:
        ts = ts.tz_localize(None)
    if not pd.Timestamp(FIRST_DAY) <= ts <= pd.Timestamp(last):
        raise BadDateError(
            f"{value!r} is outside the data set's range: choose a date from "
            f"{FIRST_DAY.isoformat()} to {last.isoformat()} (the data's 'as of' date)."
        )
    return ts


def period_start(text: str) -> dt.date:
    """The first day of a date written at reduced precision ("2013" -> 2013-01-01).

    >>> period_start("2021-08")
    datetime.date(2021, 8, 1)
    """
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def period_end(text: str) -> pd.Timestamp:
    """The last day of a date written at reduced precision ("2022" -> 2022-12-31).

    >>> period_end("2022-02")
    Timestamp('2022-02-28 00:00:00')
    """
    start = pd.Timestamp(period_start(text))
    if len(text) == 4:
        return start + pd.offsets.YearEnd(0)
    if len(text) == 7:
        return start + pd.offsets.MonthEnd(0)
    return start


def parse_period_end(value: object) -> pd.Timestamp:
    """The last day of the period a learner typed: a year means 31 December, a month its last
    day, a full date itself. Used for the end of a range, so that ``end=1999`` keeps 1999.

    >>> parse_period_end("1999")
    Timestamp('1999-12-31 00:00:00')
    >>> parse_period_end("2022-01")
    Timestamp('2022-01-31 00:00:00')
    >>> parse_period_end("2022-01-06")
    Timestamp('2022-01-06 00:00:00')
    """
    start = parse_date(value)
    text = str(value).strip() if isinstance(value, (str, numbers.Integral)) else ""
    if not isinstance(value, bool) and len(text) in (4, 7):
        return period_end(start.strftime("%Y" if len(text) == 4 else "%Y-%m"))
    return start
