"""Questions asked of the data: who was a member when, what happened, how the CSTO answered.

Every function returns a new pandas DataFrame (or list) and checks its arguments: a wrong
state, category, year or date gets an error that says what is valid, never a silent result.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .data import as_of, load, schema
from .dates import FIRST_DAY, parse_date
from .errors import BadDateError, CstoError, empty_choice, unknown
from .names import state_code
from .paths import cached
from .text import SHOWN_LENGTH, scalar, shown

#: Membership statuses, closest to the organisation first: status -> (label, colour, hatch) in
#: every map, chart and explorer (Okabe-Ito colours, safe for red-green colour blindness).
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
_STATUS_TYPE = pd.CategoricalDtype(list(STATUSES))
#: Several names may be given as one of these; anything else that is not text is refused.
_LISTS = (list, tuple, set, frozenset, pd.Series, pd.Index, np.ndarray)


class _Shown(str):
    """Text that a message shows as it is (already shortened), not as its repr."""

    __repr__ = str.__str__


def _described(value: object) -> str:
    """A value as a message shows it: shortened (csto.text.shown), a table or list by its kind."""
    if isinstance(value, Iterable) and not isinstance(value, str):
        return f"a {type(value).__name__}"
    return shown(value)


def _unknown(kind: str, value: object, valid: Iterable[str]) -> CstoError:
    """csto.errors.unknown, with a long or odd value shortened."""
    if not (isinstance(value, str) and len(value) <= SHOWN_LENGTH):
        value = _Shown(_described(value))
    return unknown(kind, value, valid)


def _enum(table: str, column: str) -> list[str]:
    fields = {f["name"]: f for f in schema(table)["fields"]}
    return fields[column]["constraints"]["enum"]


def _check_choice(kind: str, value: object, valid: list[str]) -> list[str]:
    """`value` (one name or a list of names) as a list, each name checked against `valid`."""
    value = scalar(value)
    if isinstance(value, str):
        value = [value]
    elif not isinstance(value, _LISTS):  # a number, a table, a dict...: not a name
        raise _unknown(kind, value, valid)
    values = list(value)
    if not values:
        raise empty_choice(kind, valid)
    for v in values:
        if not isinstance(v, str) or v not in valid:
            raise _unknown(kind, v, valid)
    return values


def _lists_contain(column: pd.Series, key: str) -> pd.Series:
    """True where a cell holding keys separated by ';' (e.g. "ARM;AZE") contains `key`."""
    return column.fillna("").str.split(";").apply(lambda keys: key in keys).astype(bool)


def membership_spells(state: str | None = None) -> pd.DataFrame:
    """Each state's spells of one status (all states, or one): ``start`` to ``end`` (the day the
    next status began; empty while it lasts), with the dates as written and the events.

    >>> list(membership_spells("Uzbekistan")["status"])
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


@cached
def _day_index() -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every state (sorted by name), and each spell's start, end (open spells end in the far
    future), state position and status code as arrays: a day's statuses take microseconds."""
    states = load("states")[["iso3", "name"]].sort_values("name").reset_index(drop=True)
    spells = _all_spells()
    end = spells["end"].fillna(pd.Timestamp("2200-01-01")).to_numpy()
    return (states, spells["start"].to_numpy(), end,
            pd.Index(states["iso3"]).get_indexer(spells["iso3"]),
            spells["status"].cat.codes.to_numpy())


def _codes_on(day: pd.Timestamp) -> np.ndarray:
    """Each state's status on `day`, as positions in STATUSES (states sorted by name)."""
    states, start, end, where, codes = _day_index()
    now = (start <= day.to_datetime64()) & (end > day.to_datetime64())
    out = np.full(len(states), list(STATUSES).index("none"), dtype=codes.dtype)
    out[where[now]] = codes[now]
    return out


def status_on(date: object) -> pd.DataFrame:
    """Every state's membership status on one day (``none`` where it had none); a year means
    its last day, as in ``status_table`` (see ``csto.dates``).

    >>> status_on("2000-01-01").set_index("name").loc["Georgia", "status"]
    'lapsed'
    """
    codes = _codes_on(parse_date(date, end=True))
    return _day_index()[0].assign(status=pd.Categorical.from_codes(codes, dtype=_STATUS_TYPE))


def members_on(date: object) -> list[str]:
    """The states that were parties to the treaty on that day, sorted by name.

    A frozen member (Armenia from 2024) counts; a lapsed (1999), suspended (Uzbekistan, 2012)
    or signatory state does not. A year means its last day: ``members_on(2012)`` is 31 December.

    >>> members_on("2000-06-01")
    ['Armenia', 'Belarus', 'Kazakhstan', 'Kyrgyzstan', 'Russia', 'Tajikistan']
    """
    party = [list(STATUSES).index(s) for s in PARTY_STATUSES]
    names = _day_index()[0]["name"].to_numpy()
    return names[np.isin(_codes_on(parse_date(date, end=True)), party)].tolist()


def _year(value: object, name: str, first: int = FIRST_DAY.year) -> int:
    """A year given as a whole number from `first` to the data's "as of" year."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise CstoError(f"{name} must be a year written as a whole number, such as 1998, "
                        f"not {_described(value)}.")
    if not first <= int(value) <= as_of().year:
        raise BadDateError(f"{name} {shown(value)} is outside the data set's range: choose a "
                           f"year from {first} to {as_of().year}.")
    return int(value)


def _years(first_year: object, last_year: object) -> tuple[int, int]:
    first, last = _year(first_year, "first_year"), _year(last_year, "last_year")
    if first > last:
        raise CstoError(f"first_year ({first}) comes after last_year ({last}): give the earlier "
                        "year first.")
    return first, last


def status_table(first_year: int = 1992, last_year: int | None = None) -> pd.DataFrame:
    """A state-by-year table of membership status on 31 December of each year (for the current
    year, the data's "as of" date), for the states that ever had a status.

    >>> status_table(1998, 2000).loc["Azerbaijan"].tolist()
    ['party', 'lapsed', 'lapsed']
    """
    first_year, last_year = _years(first_year, as_of().year if last_year is None else last_year)
    labels = np.array(list(STATUSES), dtype=object)
    out = pd.DataFrame({year: labels[_codes_on(parse_date(year, end=True))]
                        for year in range(first_year, last_year + 1)},
                       index=_day_index()[0]["name"].rename("state"))
    return out.loc[sorted(_all_spells()["name"].unique())]


def timeline(category: str | Iterable[str] | None = None, state: str | None = None,
             start: object = None, end: object = None) -> pd.DataFrame:
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
        events = events[_lists_contain(events["states"], state_code(state))]
    first = parse_date(start) if start is not None else events["date"].min()
    last = parse_date(end, end=True) if end is not None else events["date"].max()
    if first > last:
        raise CstoError(f"start ({shown(start)}) comes after end ({shown(end)}): give the "
                        "earlier date as start.")
    events = events[events["date"].between(first, last)]
    return events.sort_values("date", kind="stable").reset_index(drop=True)


def crises(response: str | Iterable[str] | None = None, state: str | None = None) -> pd.DataFrame:
    """Crisis episodes: what the member asked for and how the organisation answered.

    ``response``: one or more of "forces deployed", "declined", "mission or statement only",
    "none"; ``state`` keeps the episodes involving that state.

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
    """The contingent by contributing state, each figure official, reported or unknown
    (missing figures stay missing: there is no official per-country breakdown).

    >>> sorted(kazakhstan_contingent()["name"].unique())
    ['Armenia', 'Belarus', 'Kyrgyzstan', 'Russia', 'Tajikistan']
    """
    table = load("kz2022_contingent")
    table.insert(2, "name", table["iso3"].map(load("states").set_index("iso3")["name"]))
    return table.sort_values(["name", "date"], kind="stable").reset_index(drop=True)


def kazakhstan_sites() -> pd.DataFrame:
    """The places the CSTO contingents secured in January 2022, and who guarded each.

    >>> "airport" in set(kazakhstan_sites()["kind"])
    True
    """
    return load("kz2022_sites")


def claims(question: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Where sources disagree: each claim with its source, and which one the lessons use.

    ``question``: a ``question_id`` (for example "geo-signature-date") or a list of them.

    >>> int(claims("geo-signature-date")["used_in_lessons"].sum())
    1
    """
    table = load("claims")
    if question is not None:
        chosen = _check_choice("question", question, sorted(table["question_id"].unique()))
        table = table[table["question_id"].isin(chosen)]
    return table.reset_index(drop=True)


def alliance_codings(dataset: str | Iterable[str] | None = None) -> pd.DataFrame:
    """How ATOP v4.01, COW v4.1 and "this data set" code the treaty's members and dates.

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


#: The last year a coding's data cover: its open spells are cut there (right-censored).
CODING_LAST_YEAR: dict[str, int] = {"COW v4.1": 2012}


def member_years(dataset: str, first_year: int = 1992, last_year: int = 2012) -> pd.Series:
    """Member-years per state under one coding: the calendar years from ``first_year`` to
    ``last_year`` in which the state was coded a member for at least one day (an open spell
    counts up to ``last_year``; COW v4.1 ends in 2012, see ``CODING_LAST_YEAR``).

    >>> int(member_years("COW v4.1")["Georgia"])
    21
    """
    valid = _enum("alliance_codings", "dataset")
    if not isinstance(dataset, str):
        raise CstoError(f"dataset is one coding ({', '.join(valid)}), not {_described(dataset)}; "
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
    """Member-years per state (rows) under each coding (columns), 0 where a coding never has
    the state: see ``member_years``.

    >>> member_years_table().sum().to_dict()
    {'this data set': 139, 'ATOP v4.01': 153, 'COW v4.1': 189}
    """
    datasets = ["this data set", "ATOP v4.01", "COW v4.1"]
    table = pd.DataFrame({d: member_years(d, first_year, last_year) for d in datasets})
    return table.rename_axis("state").fillna(0).astype(int)


def _bodies(body: str | Iterable[str] | None) -> list[str] | None:
    """The body ids asked for (checked against the alliances table), or None for all."""
    if body is None:
        return None
    return _check_choice("body", body, list(load("alliances")["body_id"]))


def alliances(body: str | Iterable[str] | None = None,
              defence_clause: bool | None = None) -> pd.DataFrame:
    """The CSTO and the bodies it is compared with: founding and defence texts, members, leading
    states (by the sources' account), the defence clause, who decides it applies, whether the
    texts allow action against unrest inside a member, and ATOP's coding beside ours.

    ``body``: one or more ids ("nato", "csto", "sco", ...); ``defence_clause=True`` keeps the
    bodies whose texts bind members to defend one another (False: those without).

    >>> alliances(body=["nato", "csto"])["clause_article"].tolist()
    ['Article 5', 'Article 4']
    """
    table = load("alliances")
    chosen = _bodies(body)
    if chosen is not None:
        table = table.set_index("body_id").loc[chosen].reset_index()
    if defence_clause is not None:
        if not pd.api.types.is_bool(defence_clause):
            raise CstoError(f"defence_clause must be True, False or None, not "
                            f"{_described(defence_clause)}.")
        table = table[table["has_defence_clause"] == bool(defence_clause)]
    return table.reset_index(drop=True)


def alliance_members(body: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The member states of each body on the data set's as-of date, one row per body and state.

    >>> len(alliance_members("nato"))
    32
    """
    table = load("alliance_members")
    chosen = _bodies(body)
    if chosen is not None:
        table = table[table["body_id"].isin(chosen)]
    return table.reset_index(drop=True)


def interventions(body: str | Iterable[str] | None = None, kind: str | Iterable[str] | None = None,
                  against_unrest_inside: bool | None = None) -> pd.DataFrame:
    """Invocations and deployments by the bodies in ``alliances()``, in date order: who asked,
    whether the UN Security Council authorised force, the size and the outcome.

    ``kind``: one or more of "defence clause invoked", "consultations requested", "forces
    deployed", "request without deployment", "deployment ordered, not carried out";
    ``against_unrest_inside=True`` keeps action against unrest or a coup inside a member.

    >>> interventions(kind="defence clause invoked")["body_id"].tolist()
    ['nato', 'gcc']
    """
    table = load("interventions")
    chosen = _bodies(body)
    if chosen is not None:
        table = table[table["body_id"].isin(chosen)]
    if kind is not None:
        kinds = _check_choice("kind", kind, _enum("interventions", "kind"))
        table = table[table["kind"].isin(kinds)]
    if against_unrest_inside is not None:
        if not pd.api.types.is_bool(against_unrest_inside):
            raise CstoError(f"against_unrest_inside must be True, False or None, not "
                            f"{_described(against_unrest_inside)}.")
        table = table[table["against_unrest_inside"] == bool(against_unrest_inside)]
    return table.sort_values("start_date", kind="stable").reset_index(drop=True)


#: Rules for counting crisis episodes: rule -> (what it admits, the test on a crises row).
CRISIS_RULES: dict[str, str] = {
    "the data set's rule": "every episode in the crises table (the question of help was raised)",
    "formal requests only": "episodes with a formal request to the CSTO under Article 4",
    "any request to the CSTO": "episodes in which the member asked the CSTO itself for something",
    "armed conflict": "episodes of fighting or armed threat involving a member (not unrest)",
    "mass unrest": "episodes of unrest inside a member",
}


def _admitted(table: pd.DataFrame, rule: str) -> pd.Series:
    """True for the rows of `table` (the crises table) that `rule` admits."""
    if rule == "formal requests only":
        return table["request_type"] == "formal request for assistance (Article 4)"
    if rule == "any request to the CSTO":
        return table["requested_from"] == "CSTO"
    if rule == "mass unrest":
        return table["kind"] == "internal unrest"
    if rule == "armed conflict":
        return table["kind"] != "internal unrest"
    return pd.Series(True, index=table.index)


def crisis_counts(rule: str | Iterable[str] | None = None) -> pd.DataFrame:
    """How many crisis episodes each counting rule admits, and in how many the CSTO sent forces:
    the headline "forces sent once in N episodes" changes with the rule (see CRISIS_RULES).

    >>> crisis_counts("formal requests only")[["episodes", "forces deployed"]].values.tolist()
    [[2, 1]]
    """
    rules = list(CRISIS_RULES) if rule is None else _check_choice("rule", rule,
                                                                  list(CRISIS_RULES))
    table = load("crises")
    rows = []
    for name in rules:
        kept = table[_admitted(table, name)]
        rows.append({"rule": name, "admits": CRISIS_RULES[name], "episodes": len(kept),
                     "forces deployed": int((kept["response"] == "forces deployed").sum())})
    return pd.DataFrame(rows)
