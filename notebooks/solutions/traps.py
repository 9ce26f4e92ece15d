"""Tempting wrong answers that depend on the data, for the traps in <lesson>.toml.

An exercise's trap names one of these (``data = "cst_day"``, with ``args``); csto.exercises
calls it when checking and gives the trap's message if the learner's answer equals a value it
returns. Each returns a list of candidates: a value, or (value, message) for a message of its
own. These are not answers: the answer is what the solution file computes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from csto import as_of, load, queries


def _cst(event: str, iso3: str | None = None) -> pd.DataFrame:
    rows = load("membership_events").query("body == 'CST' and event == @event")
    return rows if iso3 is None else rows[rows["iso3"] == iso3]


def _other_figures(measure: str) -> list[Any]:
    """Every figure of that measure but the latest exact official one, each with why not."""
    figures = queries.kazakhstan_figures(measure)
    best = figures.query("status == 'official' and qualifier == 'exact'").sort_values(
        "as_of", kind="stable").iloc[-1]
    out = []
    for row in figures[figures["value"] != best["value"]].itertuples():
        why = ("an early figure that a later official one replaced" if row.as_of < best["as_of"]
               else f"not an exact count ({row.qualifier} {row.value:,})"
               if row.qualifier != "exact" else f"a figure marked {row.status}, not official")
        out.append((int(row.value), f"That figure dates from {row.as_of_text} (source: "
                    f"{row.stated_by}); it is {why}. The question asks for the latest exact "
                    "official figure."))
    return out


def _armenia_later_steps() -> list[Any]:
    events = load("membership_events").query("iso3 == 'ARM'")
    freeze = events.loc[events["event"] == "freeze announced", "date"].min()
    return [(rec.date_text, f"That is the day of a later step ({rec.event}). The question asks "
             "when the status changed: look at membership_spells('Armenia').")
            for rec in events[events["date"] > freeze].itertuples()]


def _status_today(status: str) -> pd.DataFrame:
    return queries.status_on(as_of()).query("status == @status")


TRAPS: dict[str, Callable[..., list[Any]]] = {
    # every state with that treaty event (every signer, on any day)
    "cst_states": lambda event: [sorted(_cst(event)["iso3"])],
    # the first day of that treaty event (for one state, if given)
    "cst_day": lambda event, iso3=None: [_cst(event, iso3)["date_text"].min()],
    "first_signers_count": lambda: [int((_cst("signature")["date"]
                                         == _cst("signature")["date"].min()).sum())],
    # the claims the lessons do not follow (one naming the right answer is skipped)
    "claims_not_used": lambda question: list(
        queries.claims(question).query("not used_in_lessons")["claim"]),
    "crises_requesting": lambda *kinds: [
        list(queries.crises().query("request_type in @kinds")["crisis_id"])],
    "other_figures": _other_figures,
    "kazakhstan_request_day": lambda: list(queries.crises().query(
        "crisis_id == @queries.kazakhstan_crisis_id()")["request_date_text"][:1]),
    "kazakhstan_first_day": lambda: [queries.kazakhstan_days()["date_text"].iloc[0]],
    "states_with_status_today": lambda status: [list(_status_today(status)["iso3"])],
    "status_count_today": lambda status: [len(_status_today(status))],
    "armenia_later_steps": _armenia_later_steps,
    "coded_states": lambda dataset: [list(queries.alliance_codings(dataset)["iso3"])],
    # one data set's count for the state instead of the difference
    "member_years_of": lambda state: [int(queries.member_years(d)[state])
                                      for d in ("COW v4.1", "this data set")],
}


def _facility_hosts_any_kind() -> list[Any]:
    """Lesson 05: every host state of a facility in use, radars, ranges and cosmodrome included."""
    facilities = load("russian_facilities")
    hosts = sorted(set(facilities.loc[facilities["status"] == "in use", "iso3"]))
    return [(hosts, "You kept every kind of facility in use. A radar, a communications centre, a "
             "test range or a cosmodrome is a facility, not a base: keep the kinds 'military "
             "base' and 'air base'.")]


TRAPS["facility_hosts_any_kind"] = _facility_hosts_any_kind
