"""Reading dates given by a learner, with errors that say what is accepted.

One parser serves the query helpers (``members_on("20 April 1994")``) and the exercise checker
(``check("01-entry-into-force", "20 April 1994")``), so a date is accepted by both or by neither.
Text is read by python-dateutil (the parser pandas uses), numbers day first (20.04.1994), with
one exception: a date with slashes that reads differently day first and month first
(06/01/2022) is refused as ambiguous rather than guessed.

A year or a month stands for its first day when it is a point in time (``members_on(2000)`` is
1 January 2000) and for its last day when it ends a range (``timeline(end=1999)`` keeps all of
1999): ``parse_date`` gives the first, ``parse_period_end`` the last.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re

import numpy as np
import pandas as pd
from dateutil import parser as _dateutil

from .errors import BadDateError

#: The first day an event in the data set may have.
FIRST_DAY = dt.date(1991, 1, 1)
#: Length of an ISO date written at each precision: "2013", "2021-08", "2022-01-06".
PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}
#: A date written as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (read without dateutil).
_ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
#: Longer text is not a date (and is not handed to the parser).
MAX_DATE_TEXT = 40
ACCEPTED = (
    "'YYYY-MM-DD' (e.g. '2022-01-06'), '6 January 2022', 'January 6, 2022' or '06.01.2022' "
    "(day first), a month ('2022-01', 'January 2022') or a year ('2022' or 2022), "
    "a datetime.date or a pandas Timestamp"
)
_DEFAULTS = (dt.datetime(1, 1, 1), dt.datetime(2, 2, 2))  # tell a given day from a filled one


def read_date(value: object) -> tuple[pd.Timestamp, str]:
    """Read a date in any accepted form: its first day and its precision ("year", "month" or
    "day"). Raises BadDateError with one sentence when it cannot; the range is not checked.

    >>> read_date("April 20th, 1994")
    (Timestamp('1994-04-20 00:00:00'), 'day')
    >>> read_date("1999-04")
    (Timestamp('1999-04-01 00:00:00'), 'month')
    >>> read_date("06/01/2022")
    Traceback (most recent call last):
    ...
    csto.errors.BadDateError: '06/01/2022' could be 6 January or 1 June 2022: write it as ...
    """
    if isinstance(value, bool) or value is None:
        raise BadDateError(f"{value!r} is not a date csto can read: use {ACCEPTED}.")
    if isinstance(value, numbers.Integral):
        if not 1 <= int(value) <= 9999:
            raise BadDateError(f"{value!r} is not a year: use {ACCEPTED}.")
        return pd.Timestamp(year=int(value), month=1, day=1), "year"
    if isinstance(value, (dt.date, pd.Timestamp, np.datetime64)):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            raise BadDateError("the date is missing (NaT), which usually means the rows you "
                               "selected were none: check the condition you filtered on.")
        return (ts.tz_localize(None) if ts.tz is not None else ts).normalize(), "day"
    if not isinstance(value, str):
        raise BadDateError(f"{value!r} is not a date csto can read: use {ACCEPTED}.")
    text = value.strip()
    if len(text) > MAX_DATE_TEXT or not any(len(p) == 4 for p in re.split(r"[^0-9]+", text)):
        raise BadDateError(f"{_short(value)} is not a date csto can read: use {ACCEPTED}.")
    try:
        if _ISO.fullmatch(text):
            return pd.Timestamp(period_start(text)), PRECISION_OF_LENGTH[len(text)]
        day_first = not text[:4].isdigit()  # 2022-1-6 is year, month, day
        first, other = (_dateutil.parse(text, dayfirst=day_first, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError) as exc:
        if "range" in str(exc) or "must be in" in str(exc) or _ISO.fullmatch(text):
            raise BadDateError(f"{value!r} is not a real calendar date: check the month and "
                               "the day.") from None
        raise BadDateError(f"{value!r} is not a date csto can read: use {ACCEPTED}.") from None
    if "/" in text and first != _dateutil.parse(text, dayfirst=False, default=_DEFAULTS[0]):
        raise BadDateError(f"{value!r} could be {first.day} {first:%B} or {first.month} "
                           f"{dt.date(2000, first.day, 1):%B} {first.year}: write it as "
                           "YYYY-MM-DD.")
    if first.month != other.month:
        if first.day != other.day:
            return pd.Timestamp(first.year, 1, 1), "year"
        raise BadDateError(f"{value!r} is not a date csto can read: use {ACCEPTED}.")
    return pd.Timestamp(first.date()), "month" if first.day != other.day else "day"


def _short(value: str) -> str:
    return repr(value) if len(value) <= MAX_DATE_TEXT else f"A text of {len(value)} characters"


def parse_date(value: object) -> pd.Timestamp:
    """Turn what a learner typed into a pandas Timestamp, checking it is in the data's range.

    A year or a month means its first day (1 January for a year): use ``parse_period_end`` for
    the end of a range.

    >>> parse_date("2022-01-06") == parse_date("6 January 2022") == parse_date("06.01.2022")
    True
    >>> parse_date(2000)
    Timestamp('2000-01-01 00:00:00')
    >>> parse_date("yesterday")
    Traceback (most recent call last):
    ...
    csto.errors.BadDateError: 'yesterday' is not a date csto can read: use 'YYYY-MM-DD' ...
    >>> parse_date("2022-02-30")
    Traceback (most recent call last):
    ...
    csto.errors.BadDateError: '2022-02-30' is not a real calendar date: check the month and the day.
    """
    from .data import as_of

    ts, _ = read_date(value)
    last = as_of()
    if not pd.Timestamp(FIRST_DAY) <= ts <= pd.Timestamp(last):
        raise BadDateError(
            f"{_short(str(value)) if isinstance(value, str) else repr(value)} is outside the "
            f"data set's range: choose a date from {FIRST_DAY.isoformat()} to "
            f"{last.isoformat()} (the data's 'as of' date)."
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
    >>> parse_period_end("January 2022")
    Timestamp('2022-01-31 00:00:00')
    >>> parse_period_end("2022-01-06")
    Timestamp('2022-01-06 00:00:00')
    """
    start = parse_date(value)
    precision = read_date(value)[1]
    if precision == "year":
        return start + pd.offsets.YearEnd(0)
    if precision == "month":
        return start + pd.offsets.MonthEnd(0)
    return start
