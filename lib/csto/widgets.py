"""Interactive explorers for the lessons: move a slider, pick an episode, step through days.

Each explorer is a thin layer of ipywidgets over a plain function that does the work, so you
can call the function yourself and the lessons can test it without a browser:

=======================  ===================================  ==================================
explorer                 plain function behind it             what it shows
=======================  ===================================  ==================================
``membership_explorer``  ``membership_view(date)``            map and list of parties on a day
``crisis_explorer``      ``crisis_options``, ``crisis_card``   one crisis episode: request, answer
``kazakhstan_stepper``   ``kazakhstan_day(index or date)``    January 2022, day by day
=======================  ===================================  ==================================

ipywidgets (and folium, through ``csto.maps``) are imported only when an explorer is built.
All text from the data is escaped before it goes into HTML.

Every explorer returns a ``VBox``. Its parts carry CSS classes, so browser tests (and curious
learners with the browser's inspector) can find them:

* membership explorer: ``csto-membership-explorer`` (the VBox), ``csto-membership-year``
  (year slider), ``csto-membership-note`` (which day the year means), ``csto-membership-map``
  (Output holding the map), ``csto-membership-parties`` (HTML: the day and the parties, no
  other state), ``csto-membership-statuses`` (HTML: every state's status that day);
* crisis explorer: ``csto-crisis-explorer`` (the VBox), ``csto-crisis-response`` and
  ``csto-crisis-state`` (filter dropdowns), ``csto-crisis-episode`` (episode dropdown),
  ``csto-crisis-card`` (HTML: the episode; inside it, the cell ``td.csto-crisis-answer``
  holds the chosen episode's response), ``csto-crisis-map`` (Output holding the map);
* Kazakhstan stepper: ``csto-kz-stepper`` (the VBox), ``csto-kz-previous`` and ``csto-kz-next``
  (buttons), ``csto-kz-day`` (the day slider), ``csto-kz-date`` (HTML: the date shown, e.g.
  "Day 5 of 11: Friday 7 January 2022"), ``csto-kz-card`` (HTML: the day's events and
  the figures known by then).

Plain HTML produced by the functions uses ``csto-membership-view``, ``csto-crisis-view`` and
``csto-kz-view`` as the class of its outer ``div``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from . import queries
from .data import as_of, load
from .dates import parse_date, period_end
from .errors import CstoError, unknown
from .names import state_name
from .sources import cite, source_ids, web_address
from .text import esc

if TYPE_CHECKING:  # only for type checkers: ipywidgets is imported inside the functions
    import ipywidgets

W = TypeVar("W")
FIRST_YEAR = 1992
ALL = "all"


def _classed(widget: W, css_class: str) -> W:
    """The widget, carrying a CSS class that browser tests and the inspector can find."""
    widget.add_class(css_class)  # type: ignore[attr-defined]
    return widget


def _show_map(output: ipywidgets.Output, name: str, *args: Any, **kwargs: Any) -> None:
    """Draw ``csto.maps.<name>(*args, **kwargs)`` into an Output widget, or say why it cannot
    be drawn. Setting ``outputs`` directly works with or without a running kernel."""
    try:
        from . import maps

        m = getattr(maps, name)(*args, **kwargs)
        data = {"text/html": m._repr_html_(), "text/plain": f"<{type(m).__name__}>"}
    except ImportError as exc:
        text = f"The map cannot be drawn here ({exc})."
        data = {"text/html": f"<p>{esc(text)}</p>", "text/plain": text}
    output.outputs = ({"output_type": "display_data", "data": data, "metadata": {}},)


# ------------------------------------------------------------------ membership

#: The day a year on the membership slider stands for (as in ``status_table``).
membership_day = queries.status_day


def membership_view(date: object) -> dict[str, Any]:
    """Who was a party to the treaty on one day, and every other state's status.

    Returns a dict with ``date`` (Timestamp), ``title``, ``parties`` (sorted names),
    ``statuses`` (status -> sorted names, for every status anyone had that day), ``text``
    (plain text) and ``html`` (escaped, for a notebook or a widget), which joins
    ``parties_html`` (title and parties only) and ``statuses_html`` (every status).

    >>> view = membership_view("2000-01-01")
    >>> print(view["text"])
    6 parties on 2000-01-01: Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia, Tajikistan
    party to the treaty: Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia, Tajikistan
    membership lapsed: Azerbaijan, Georgia, Uzbekistan
    >>> membership_view("1993-01-01")["title"]
    'No parties on 1993-01-01'
    """
    day = parse_date(date, end=True)
    status = queries.status_on(day)
    parties = queries.members_on(day)
    statuses = {st: sorted(status.loc[status["status"] == st, "name"])
                for st in queries.STATUSES if st != "none"}
    statuses = {st: names for st, names in statuses.items() if names}
    when = day.strftime("%Y-%m-%d")
    count = f"{len(parties)} part{'y' if len(parties) == 1 else 'ies'}"
    title = f"{count} on {when}" if parties else f"No parties on {when}"
    lines = [f"{title}: {', '.join(parties) or 'the treaty bound no state.'}"]
    lines += [f"{queries.STATUSES[st][0]}: {', '.join(n)}" for st, n in statuses.items()]
    items = "".join(f"<li><strong>{esc(queries.STATUSES[st][0])}</strong>: "
                    f"{esc(', '.join(n))}</li>" for st, n in statuses.items())
    body = esc(", ".join(parties)) if parties else "The treaty bound no state on this day."
    parties_html = f"<h4>{esc(title)}</h4><p>{body}</p>"
    statuses_html = f"<p>Every status on {when}:</p><ul>{items}</ul>" if items else ""
    markup = f'<div class="csto-membership-view">{parties_html}{statuses_html}</div>'
    return {"date": day, "title": title, "parties": parties, "statuses": statuses,
            "text": "\n".join(lines), "html": markup, "parties_html": parties_html,
            "statuses_html": statuses_html}


def membership_explorer(start_year: int = 2000) -> ipywidgets.VBox:
    """A year slider driving the membership map and the list of parties.

    Each year means 31 December of that year (for the current year: the data's "as of"
    date), as in ``status_table``. Returns the VBox holding the slider, a note, the map and the
    list; ``explorer.children`` gives the parts.
    """
    import ipywidgets as w

    last = as_of().year
    if not FIRST_YEAR <= int(start_year) <= last:
        raise CstoError(f"start_year {start_year!r} is outside the data: choose a year from "
                        f"{FIRST_YEAR} to {last}.")
    slider = _classed(w.IntSlider(value=int(start_year), min=FIRST_YEAR, max=last, step=1,
                                  description="Year", continuous_update=False),
                      "csto-membership-year")
    note = _classed(w.HTML(f"Status on 31 December of the chosen year (for {last}: on "
                           f"{as_of().isoformat()}, the data's 'as of' date)."),
                    "csto-membership-note")
    parties = _classed(w.HTML(), "csto-membership-parties")
    statuses = _classed(w.HTML(), "csto-membership-statuses")
    map_out = _classed(w.Output(), "csto-membership-map")

    def update(_: object = None) -> None:
        day = membership_day(slider.value)
        view = membership_view(day)
        parties.value, statuses.value = view["parties_html"], view["statuses_html"]
        _show_map(map_out, "membership_map", day.strftime("%Y-%m-%d"), tiles=False)

    slider.observe(update, names="value")
    update()
    return _classed(w.VBox([slider, note, map_out, parties, statuses]),
                    "csto-membership-explorer")


# ------------------------------------------------------------------ crises


def crisis_options(response: str | None = ALL, state: str | None = ALL) -> list[tuple[str, str]]:
    """The episodes matching the filters, as (label, crisis_id) pairs in date order.

    ``response`` is "all" (or None) or one of the response categories; ``state`` is "all"
    (or None) or a state involved in the episode, in any spelling.

    >>> [crisis_id for label, crisis_id in crisis_options("forces deployed")]
    ['kaz-2022-01']
    >>> crisis_options(response="no such response")
    Traceback (most recent call last):
    ...
    csto.errors.UnknownNameError: 'no such response' is not a known response. ...
    """
    table = queries.crises(response=None if response in (None, ALL) else response,
                           state=None if state in (None, ALL) else state)
    return [(f"{row.start_date_text} · {row.name} ({state_name(row.state)})", row.crisis_id)
            for row in table.itertuples()]


def _sources_html(row: pd.DataFrame) -> str:
    urls = load("sources").set_index("source_id")["url"]
    items = []
    for sid in source_ids(row):
        text, url = esc(cite(sid)), urls.get(sid)
        if web_address(url):  # never javascript: or another scheme
            link = f'<a href="{esc(url)}" target="_blank" rel="noopener">{esc(url)}</a>'
            text = text.replace(esc(url), link)
        items.append(f"<li>{text}</li>")
    return f"<ol>{''.join(items)}</ol>"


def crisis_card(crisis_id: str) -> str:
    """One episode as HTML: what happened, what was asked, how the organisation answered,
    the outcome and the sources. All text from the data is escaped.

    >>> crisis_card("no-such-episode")
    Traceback (most recent call last):
    ...
    csto.errors.UnknownNameError: 'no-such-episode' is not a known crisis id. ...
    """
    table = queries.crises()
    hit = table[table["crisis_id"] == crisis_id]
    if hit.empty:
        raise unknown("crisis id", crisis_id, table["crisis_id"])
    r = hit.iloc[0]
    others = r["other_states"]
    involved = (", ".join(state_name(c) for c in others.split(";"))
                if isinstance(others, str) else "")

    def row(label: str, value: object, cell: str = "<td>") -> str:
        return f"<tr><th>{esc(label)}</th>{cell}{esc(value) or '—'}</td></tr>"

    when = esc(r["start_date_text"]) + (f" to {esc(r['end_date_text'])}"
                                       if esc(r["end_date_text"]) else "")
    return (
        f'<div class="csto-crisis-view"><h4>{esc(r["name"])}</h4>'
        f"<p>{when} · {esc(r['place'])} · {esc(state_name(r['state']))}"
        + (f" (also involved: {esc(involved)})" if involved else "") + "</p>"
        f"<p><em>{esc(r['kind'])}</em>, {esc(r['territory'])}</p>"
        "<h5>What was asked</h5><table>"
        + row("Request", r["request_type"])
        + row("Asked by", r["requested_by"])
        + row("Asked of", r["requested_from"])
        + row("When", r["request_date_text"])
        + "</table><h5>The answer</h5><table>"
        + row("Response", r["response"], '<td class="csto-crisis-answer">')
        + row("What was done", r["response_detail"])
        + row("Reason given", r["reason_given"])
        + "</table>"
        f"<h5>Outcome</h5><p>{esc(r['outcome']) or '—'}</p>"
        + (f"<p><small>Note: {esc(r['note'])}</small></p>" if esc(r["note"]) else "")
        + f"<h5>Sources</h5>{_sources_html(hit)}</div>"
    )


def crisis_explorer() -> ipywidgets.VBox:
    """Filter the crisis episodes by response and state, pick one, read how it went.

    Returns the VBox holding the two filters, the episode menu, the card and the map.
    """
    import ipywidgets as w

    table = queries.crises()
    codes = set(table["state"].dropna()).union(*table["other_states"].dropna().str.split(";"))
    style = {"description_width": "initial"}
    response = _classed(w.Dropdown(options=[ALL, *queries._enum("crises", "response")],
                                   value=ALL, description="Response", style=style),
                        "csto-crisis-response")
    state = _classed(w.Dropdown(options=[ALL, *sorted(map(state_name, codes))], value=ALL,
                                description="State", style=style), "csto-crisis-state")
    episode = _classed(w.Dropdown(options=crisis_options(), description="Episode", style=style,
                                  layout=w.Layout(width="auto")), "csto-crisis-episode")
    card = _classed(w.HTML(), "csto-crisis-card")
    map_out = _classed(w.Output(), "csto-crisis-map")

    def show_episode(_: object = None) -> None:
        card.value = ("<p>No episode matches these filters.</p>" if episode.value is None
                      else crisis_card(episode.value))

    def refilter(_: object = None) -> None:
        options = crisis_options(response.value, state.value)
        episode.options = options
        episode.value = options[0][1] if options else None
        show_episode()

    def redraw(_: object = None) -> None:
        _show_map(map_out, "crisis_map", tiles=False,
                  response=None if response.value == ALL else response.value,
                  state=None if state.value == ALL else state.value)

    for control in (response, state):  # the map follows both filters, as the menu does
        control.observe(refilter, names="value")
        control.observe(redraw, names="value")
    episode.observe(show_episode, names="value")
    refilter()
    redraw()
    return _classed(w.VBox([w.HBox([response, state]), episode, card, map_out]),
                    "csto-crisis-explorer")


# ------------------------------------------------------------------ Kazakhstan 2022


def kazakhstan_dates() -> list[pd.Timestamp]:
    """The days on which something happened in the January 2022 operation, in order."""
    return sorted(pd.Timestamp(d) for d in queries.kazakhstan_days()["date"].unique())


def _figure_text(value: object, qualifier: object) -> str:
    q = "" if qualifier in (None, "exact") or pd.isna(qualifier) else f"{qualifier} "
    return f"{q}{int(value):,}"  # type: ignore[call-overload]


def kazakhstan_day(day: int | object) -> dict[str, Any]:
    """One day of the January 2022 operation: its events and the figures known by then.

    ``day`` is a position in ``kazakhstan_dates()`` (0 is the first day) or a date. A figure
    counts as known from the day it was given (a figure dated only by month or year, from the
    end of that period). Per measure and status, the latest figure known is shown, marked
    "new" when given that day.

    Returns a dict with ``index``, ``date``, ``n_days``, ``title``, ``events`` (a list of
    dicts: date_text, title, description, place, continuing), ``figures`` (a DataFrame),
    ``text`` and ``html`` (escaped).

    >>> kazakhstan_day(0)["title"]
    'Day 1 of ...: Sunday 2 January 2022'
    >>> kazakhstan_day("2022-01-10")["figures"].query("measure == 'personnel deployed'")[
    ...     "value"].item()
    np.int64(2030)
    """
    dates = kazakhstan_dates()
    if isinstance(day, int) and not isinstance(day, bool):
        if not 0 <= day < len(dates):
            raise CstoError(f"day {day} is outside the operation: give a number from 0 to "
                            f"{len(dates) - 1}, or one of the dates in kazakhstan_dates().")
        index = day
    else:
        wanted = parse_date(day)
        if wanted not in dates:
            raise unknown("day of the operation", wanted.strftime("%Y-%m-%d"),
                          [d.strftime("%Y-%m-%d") for d in dates])
        index = dates.index(wanted)
    date = dates[index]
    events = queries.kazakhstan_days()
    end = events["end_date"].fillna(events["date"])
    today = events[(events["date"] == date) | ((events["date"] < date) & (end >= date))]
    event_list = [
        {"date_text": r.date_text, "title": r.title, "description": r.description,
         "place": r.place if isinstance(r.place, str) else "", "continuing": r.date < date}
        for r in today.itertuples()
    ]
    figures = queries.kazakhstan_figures()
    figures["known_from"] = [period_end(t) for t in figures["as_of_text"]]
    known = figures[figures["known_from"] <= date].sort_values(["measure", "status", "as_of"],
                                                                 kind="stable")
    latest = known.groupby(["measure", "status"], observed=True, sort=True).tail(1)
    latest = latest.assign(new=latest["known_from"] == date)[
        ["measure", "value", "qualifier", "as_of_text", "stated_by", "status", "new"]
    ].reset_index(drop=True)

    title = f"Day {index + 1} of {len(dates)}: {date:%A} {date.day} {date:%B %Y}"
    lines = [title]
    for ev in event_list:
        lines.append(("(continuing) " if ev["continuing"] else "") + f"{ev['title']}")
    lines.append("Figures known by this day:" if len(latest) else "No figures given yet.")
    for f in latest.itertuples():
        lines.append(f"{f.measure}: {_figure_text(f.value, f.qualifier)} ({f.status}, "
                     f"{f.stated_by}, {f.as_of_text}){' NEW' if f.new else ''}")

    ev_html = "".join(
        "<li>"
        + (f"<em>continuing since {esc(ev['date_text'])}:</em> " if ev["continuing"] else "")
        + f"<strong>{esc(ev['title'])}</strong>"
        + (f" ({esc(ev['place'])})" if ev["place"] else "")
        + f". {esc(ev['description'])}</li>"
        for ev in event_list
    )
    fig_rows = "".join(
        f"<tr><td>{esc(f.measure)}</td><td>{esc(_figure_text(f.value, f.qualifier))}</td>"
        f"<td>{esc(f.status)}</td><td>{esc(f.stated_by)}</td><td>{esc(f.as_of_text)}"
        f"{' <strong>new</strong>' if f.new else ''}</td></tr>"
        for f in latest.itertuples()
    )
    fig_html = (
        "<table><tr><th>Measure</th><th>Figure</th><th>Status</th><th>Given by</th>"
        f"<th>Date</th></tr>{fig_rows}</table>" if fig_rows else "<p>No figures given yet.</p>"
    )
    markup = (f'<div class="csto-kz-view"><h4>{esc(title)}</h4><ul>{ev_html}</ul>'
              f"<h5>Figures known by this day</h5>{fig_html}</div>")
    return {"index": index, "date": date, "n_days": len(dates), "title": title,
            "events": event_list, "figures": latest, "text": "\n".join(lines), "html": markup}


def kazakhstan_stepper(start: int | object = 0) -> ipywidgets.VBox:
    """Step through the January 2022 operation day by day with Previous/Next or the slider.

    ``start`` is the first day shown (a position or a date). Returns the VBox holding the
    buttons, the day slider and the card.
    """
    import ipywidgets as w

    dates = kazakhstan_dates()
    slider = _classed(w.SelectionSlider(
        options=[(f"{d.day} {d:%b %Y}", i) for i, d in enumerate(dates)],
        value=kazakhstan_day(start)["index"], description="Day", continuous_update=False,
        layout=w.Layout(width="auto")), "csto-kz-day")
    previous = _classed(w.Button(description="Previous", icon="arrow-left",
                                 tooltip="The day before"), "csto-kz-previous")
    following = _classed(w.Button(description="Next", icon="arrow-right",
                                  tooltip="The day after"), "csto-kz-next")
    label = _classed(w.HTML(), "csto-kz-date")
    card = _classed(w.HTML(), "csto-kz-card")

    def update(_: object = None) -> None:
        view = kazakhstan_day(slider.value)
        label.value = f"<strong>{esc(view['title'])}</strong>"
        # the label above already shows the day: leave the card's own heading out
        card.value = view["html"].replace(f"<h4>{esc(view['title'])}</h4>", "", 1)
        previous.disabled = slider.value == 0
        following.disabled = slider.value == len(dates) - 1

    previous.on_click(lambda _: setattr(slider, "value", max(slider.value - 1, 0)))
    following.on_click(lambda _: setattr(slider, "value", min(slider.value + 1, len(dates) - 1)))
    slider.observe(update, names="value")
    update()
    return _classed(w.VBox([w.HBox([previous, following, slider]), label, card]),
                    "csto-kz-stepper")


__all__ = [
    "membership_day", "membership_view", "membership_explorer",
    "crisis_options", "crisis_card", "crisis_explorer",
    "kazakhstan_dates", "kazakhstan_day", "kazakhstan_stepper",
]
