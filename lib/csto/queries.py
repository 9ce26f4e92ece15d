"""Questions asked of the data: who was a member when, what happened, how the CSTO answered.

Every function returns a new pandas DataFrame (or list) and checks its arguments: an unknown
state, category or date gets an error that says what is valid, never a silent empty result.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .data import as_of, load, schema
from .dates import parse_date
from .errors import CstoError, empty_choice, unknown
from .names import state_code
from .paths import cached

#: Membership statuses, from closest to the organisation to furthest, each with the label,
#: colour and hatch that every map, chart and explorer uses: status -> (label, colour, hatch).
#: The colours are the Okabe-Ito palette, told apart with red-green colour blindness; charts
#: add the hatch as a second cue.
STATUSES: dict[str, tuple[str, str, str]] = {
    "party": ("party to the treaty", "#0072B2", ""),
    "frozen": ("party, participation frozen", "#56B4E9", "//"),
    "signatory": ("signatory (signed, not yet in force for it)", "#CC79A7", ".."),
    "suspended": ("membership suspended", "#D55E00", "xx"),
    "lapsed": ("membership lapsed", "#E69F00", "\\\\"),
    "observer": ("observer (Parliamentary Assembly)", "#F0E442", "--"),
    "none": ("not a member", "#DDDDDD", ""),
}
#: Statuses that count as being a party to the treaty (a frozen member still is one).
PARTY_STATUSES = ("party", "frozen")


def _enum(table: str, column: str) -> list[str]:
    for field in schema(table)["fields"]:
        if field["name"] == column:
            return field["constraints"]["enum"]
    raise unknown("column", column, [f["name"] for f in schema(table)["fields"]])


def _check_choice(kind: str, value: str | Iterable[str], valid: list[str]) -> list[str]:
    if isinstance(value, str):
        values = [value]
    elif isinstance(value, Iterable):
        values = list(value)
    else:  # a number or another single value that is not a name
        raise unknown(kind, value, valid)
    if not values:
        raise empty_choice(kind, valid)
    for v in values:
        if v not in valid:
            raise unknown(kind, v, valid)
    return values


def _lists_contain(column: pd.Series, key: str) -> pd.Series:
    """True where a cell holding keys separated by ';' (e.g. "ARM;AZE") contains `key`."""
    return column.fillna("").str.split(";").apply(lambda keys: key in keys).astype(bool)


def membership_spells(state: str | None = None) -> pd.DataFrame:
    """Each state's spells of one status, from the dated membership events.

    One row per spell: ``iso3``, ``name``, ``status``, ``start`` and ``end`` (``end`` is the day
    the next status began, exclusive; empty while the spell lasts), with the dates as written
    in ``start_text``/``end_text`` and the events that opened and closed the spell.

    >>> spells = membership_spells("Uzbekistan")
    >>> list(spells["status"])
    ['signatory', 'party', 'lapsed', 'party', 'suspended']
    """
    spells = _all_spells()
    if state is not None:
        spells = spells[spells["iso3"] == state_code(state)].reset_index(drop=True)
    return spells.copy()


@cached
def _all_spells() -> pd.DataFrame:
    """Every state's spells, computed once per session (cleared by csto.clear_cache)."""
    events = load("membership_events").dropna(subset=["status_after"])
    events = events.sort_values(["iso3", "date"], kind="stable").reset_index(drop=True)
    # a run of events leaving one state in the same status makes one spell
    status = events["status_after"].astype(str)
    run = ((events["iso3"] != events["iso3"].shift()) | (status != status.shift())).cumsum()
    spells = events.assign(status=status, run=run).groupby("run").agg(
        iso3=("iso3", "first"), status=("status", "first"), start=("date", "first"),
        start_text=("date_text", "first"), start_event=("event_id", "first"))
    after = spells.groupby("iso3").shift(-1)  # a spell ends when the state's next one starts
    spells = spells.assign(end=after["start"], end_text=after["start_text"],
                           end_event=after["start_event"])
    spells.insert(1, "name", spells["iso3"].map(load("states").set_index("iso3")["name"]))
    spells["status"] = pd.Categorical(spells["status"], categories=list(STATUSES))
    spells = spells[spells["status"] != "none"][
        ["iso3", "name", "status", "start", "start_text", "end", "end_text", "start_event",
         "end_event"]]
    return spells.sort_values(["name", "start"]).reset_index(drop=True)


def status_on(date: object) -> pd.DataFrame:
    """Every state's membership status on one day (``none`` where it had none). A year means
    31 December of that year (the data's "as of" date for the current one), as in
    ``status_table``: see ``csto.dates``.

    >>> status_on("2000-01-01").set_index("name").loc["Georgia", "status"]
    'lapsed'
    """
    return _status_on(parse_date(date, end=True), membership_spells())


def _status_on(day: pd.Timestamp, spells: pd.DataFrame) -> pd.DataFrame:
    states = load("states")[["iso3", "name"]]
    current = spells[(spells["start"] <= day) & (spells["end"].isna() | (spells["end"] > day))]
    out = states.merge(current[["iso3", "status"]], on="iso3", how="left")
    out["status"] = pd.Categorical(out["status"].astype("object").fillna("none"),
                                   categories=list(STATUSES))
    return out.sort_values("name").reset_index(drop=True)


def members_on(date: object) -> list[str]:
    """The states that were parties to the treaty on that day, sorted by name.

    A member whose participation is frozen (Armenia from 2024) still counts; a state whose
    membership lapsed (1999) or was suspended (Uzbekistan, 2012) does not, and neither does a
    state that had signed but for which the treaty was not yet in force. A year means its last
    day: ``members_on(2012)`` are the parties on 31 December 2012.

    >>> members_on("2000-06-01")
    ['Armenia', 'Belarus', 'Kazakhstan', 'Kyrgyzstan', 'Russia', 'Tajikistan']
    """
    day = parse_date(date, end=True).to_datetime64()
    start, end, names = _party_spells()
    return sorted(set(names[(start <= day) & (end > day)]))


@cached
def _party_spells() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, end (open spells end in the far future) and name of every spell as a party, as
    arrays: members_on compares a day with them without building a table (about 50 µs)."""
    spells = _all_spells()
    party = spells[spells["status"].isin(PARTY_STATUSES)]
    end = party["end"].fillna(pd.Timestamp.max).to_numpy(dtype="datetime64[ns]")
    return party["start"].to_numpy(dtype="datetime64[ns]"), end, party["name"].to_numpy()


def status_day(year: int) -> pd.Timestamp:
    """The day that stands for a year in status tables and explorers: 31 December of that
    year, or the data's "as of" date for the current year.

    >>> status_day(2012)
    Timestamp('2012-12-31 00:00:00')
    """
    return parse_date(int(year), end=True)


def _year(value: object, name: str) -> int:
    """A year given as a whole number, checked against the data set's range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise CstoError(f"{name} must be a year written as a whole number, such as 1998, "
                        f"not {value!r}.")
    parse_date(int(value))  # a year outside the data set's range gets its own error
    return int(value)


def _years(first_year: object, last_year: object) -> tuple[int, int]:
    first, last = _year(first_year, "first_year"), _year(last_year, "last_year")
    if first > last:
        raise CstoError(f"first_year ({first}) comes after last_year ({last}): give the earlier "
                        "year first.")
    return first, last


def status_table(first_year: int = 1992, last_year: int | None = None) -> pd.DataFrame:
    """A state-by-year table of membership status on 31 December of each year.

    For the current year the status on the data's "as of" date is used. Only states that ever
    had a status are listed.

    >>> status_table(1998, 2000).loc["Azerbaijan"].tolist()
    ['party', 'lapsed', 'lapsed']
    """
    first_year, last_year = _years(first_year, as_of().year if last_year is None else last_year)
    spells = membership_spells()
    out = pd.DataFrame({
        year: _status_on(status_day(year), spells).set_index("name")["status"].astype(object)
        for year in range(first_year, last_year + 1)
    }).loc[sorted(spells["name"].unique())]
    out.index.name = "state"
    return out


def timeline(
    category: str | Iterable[str] | None = None,
    state: str | None = None,
    start: object = None,
    end: object = None,
) -> pd.DataFrame:
    """Dated events, optionally only of some categories, involving one state, or in a period.

    >>> timeline(category="origins", end="1994-12-31")["date_text"].tolist()
    ['1992-05-15', '1994-04-20']
    >>> timeline(category="crises")
    Traceback (most recent call last):
    ...
    csto.errors.UnknownNameError: 'crises' is not a known category. Did you mean 'crisis'? ...
    """
    events = load("timeline")
    if category is not None:
        chosen = _check_choice("category", category, _enum("timeline", "category"))
        events = events[events["category"].isin(chosen)]
    if state is not None:
        code = state_code(state)
        events = events[_lists_contain(events["states"], code)]
    first = parse_date(start) if start is not None else None
    last = parse_date(end, end=True) if end is not None else None
    if first is not None and last is not None and first > last:
        raise CstoError(f"start ({start!r}) comes after end ({end!r}): give the earlier date "
                        "as start.")
    if first is not None:
        events = events[events["date"] >= first]
    if last is not None:
        events = events[events["date"] <= last]
    return events.sort_values("date", kind="stable").reset_index(drop=True)


def crises(response: str | Iterable[str] | None = None, state: str | None = None) -> pd.DataFrame:
    """Crisis episodes: what the member asked for and how the organisation answered.

    ``response`` is one of the table's response categories ("forces deployed", "declined",
    "mission or statement only", "none"); ``state`` keeps the episodes involving that state.

    >>> crises(response="forces deployed")["state"].tolist()
    ['KAZ']
    """
    table = load("crises")
    if response is not None:
        chosen = _check_choice("response", response, _enum("crises", "response"))
        table = table[table["response"].isin(chosen)]
    if state is not None:
        code = state_code(state)
        table = table[(table["state"] == code) | _lists_contain(table["other_states"], code)]
    return table.sort_values("start_date", kind="stable").reset_index(drop=True)


def kazakhstan_crisis_id() -> str:
    """The key of the January 2022 Kazakhstan episode in the crises table."""
    table = load("crises")
    hit = table[(table["state"] == "KAZ") & (table["start_date"].dt.year == 2022)]
    return hit["crisis_id"].item()


def kazakhstan_days() -> pd.DataFrame:
    """The January 2022 operation, event by event, in date order.

    >>> kazakhstan_days()["date_text"].iloc[0]
    '2022-01-02'
    """
    events = load("timeline")
    events = events[events["crisis_id"] == kazakhstan_crisis_id()]
    return events.sort_values("date", kind="stable").reset_index(drop=True)


def kazakhstan_figures(measure: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Figures given about the operation (personnel, deaths, detentions...) by date.

    >>> int(kazakhstan_figures("deaths")["value"].iloc[0])
    164
    """
    table = load("kz2022_figures")
    if measure is not None:
        chosen = _check_choice("measure", measure, _enum("kz2022_figures", "measure"))
        table = table[table["measure"].isin(chosen)]
    return table.sort_values(["measure", "as_of"], kind="stable").reset_index(drop=True)


def kazakhstan_contingent() -> pd.DataFrame:
    """The contingent by contributing state, with each figure's status (official, reported or
    unknown). Missing figures stay missing: there is no official per-country breakdown.

    >>> sorted(kazakhstan_contingent()["name"].unique())
    ['Armenia', 'Belarus', 'Kyrgyzstan', 'Russia', 'Tajikistan']
    """
    table = load("kz2022_contingent")
    names = load("states").set_index("iso3")["name"]
    table.insert(2, "name", table["iso3"].map(names))
    return table.sort_values(["name", "date"], kind="stable").reset_index(drop=True)


def kazakhstan_sites() -> pd.DataFrame:
    """The places secured by the CSTO contingents in January 2022, with the contingent that
    guarded each where the sources say.

    >>> "airport" in set(kazakhstan_sites()["kind"])
    True
    """
    return load("kz2022_sites")


def claims(question: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Where sources disagree: each claim with its source, and which one the lessons use.

    ``question`` is a ``question_id`` from the table (for example "geo-signature-date"), or a
    list of them.

    >>> int(claims("geo-signature-date")["used_in_lessons"].sum())
    1
    """
    table = load("claims")
    if question is not None:
        chosen = _check_choice("question", question, sorted(table["question_id"].unique()))
        table = table[table["question_id"].isin(chosen)]
    return table.reset_index(drop=True)


def alliance_codings(dataset: str | Iterable[str] | None = None) -> pd.DataFrame:
    """How ATOP v4.01, COW v4.1 and this data set code the treaty's members and dates.

    ``dataset`` is "ATOP v4.01", "COW v4.1" or "this data set" (or a list of them).

    >>> alliance_codings("COW v4.1")["start_text"].unique().tolist()
    ['1992-05-15']
    """
    table = load("alliance_codings")
    if dataset is not None:
        chosen = _check_choice("dataset", dataset, _enum("alliance_codings", "dataset"))
        table = table[table["dataset"].isin(chosen)]
    names = load("states").set_index("iso3")["name"]
    table.insert(table.columns.get_loc("iso3") + 1, "name", table["iso3"].map(names))
    return table.reset_index(drop=True)


#: The last year a coding's data cover, where the data set records it (COW v4.1 stops at the
#: end of 2012, so its open spells are right-censored there). Member-years are not counted
#: past it.
CODING_LAST_YEAR: dict[str, int] = {"COW v4.1": 2012}


def member_years(dataset: str, first_year: int = 1992, last_year: int = 2012) -> pd.Series:
    """Member-years per state under one data set's coding: for each state, the number of
    calendar years from ``first_year`` to ``last_year`` in which it was coded as a member for
    at least one day.

    A spell with no end counts up to ``last_year``. The default ends in 2012, the last year the
    COW data cover; COW v4.1 cannot be counted past it (see ``CODING_LAST_YEAR``), and no
    coding past the data set's "as of" year.

    >>> int(member_years("COW v4.1")["Georgia"])
    21
    """
    valid = _enum("alliance_codings", "dataset")
    if not isinstance(dataset, str):
        raise CstoError(f"dataset is one coding ({', '.join(valid)}), not {dataset!r}; "
                        "member_years_table() gives them side by side.")
    _check_choice("dataset", dataset, valid)
    first_year, last_year = _years(first_year, last_year)
    end_of_data = CODING_LAST_YEAR.get(dataset)
    if end_of_data is not None and last_year > end_of_data:
        raise CstoError(f"{dataset} covers years up to {end_of_data} only: give a last_year of "
                        f"{end_of_data} or earlier.")
    codings = alliance_codings(dataset)
    ends = codings["end"].dt.year.fillna(last_year).clip(upper=last_year).astype(int)
    starts = codings["start"].dt.year.clip(lower=first_year)
    years = [range(a, b + 1) for a, b in zip(starts, ends, strict=True)]
    counts = codings.assign(year=years).explode("year").groupby("name")["year"].nunique()
    return counts.rename(f"member-years {first_year}-{last_year}").rename_axis(None)


def member_years_table(first_year: int = 1992, last_year: int = 2012) -> pd.DataFrame:
    """Member-years per state (rows) under each coding (columns: this data set, ATOP v4.01,
    COW v4.1), from ``first_year`` to ``last_year``; 0 where a coding never has the state.

    >>> member_years_table().sum().to_dict()
    {'this data set': 139, 'ATOP v4.01': 153, 'COW v4.1': 189}
    """
    datasets = ["this data set", "ATOP v4.01", "COW v4.1"]
    table = pd.DataFrame({d: member_years(d, first_year, last_year) for d in datasets})
    table.index.name = "state"
    return table.fillna(0).astype(int)
