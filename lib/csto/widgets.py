"""Interactive explorers for the lessons: move a slider, pick an episode, step through days.

Each explorer (``membership_explorer``, ``crisis_explorer``, ``kazakhstan_stepper``) is a thin
layer of ipywidgets, imported only when one is built, over plain functions you can call
yourself (``membership_view``, ``crisis_card``, ``kazakhstan_day``). All text from the data is
escaped. Each explorer starts with a line saying to run its cell (``RUN_NOTE``): saved in a
notebook, it is drawn but does nothing until then. Each part carries a CSS class
(``csto-membership-year``, ``csto-kz-next``...) for the browser tests in
tests/browser/explorers.py and the browser's inspector.
"""

from __future__ import annotations

import html
import json
import numbers
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import queries
from ._leaflet import require
from .data import as_of, load
from .dates import parse_date, period_end
from .errors import CstoError, unknown
from .names import state_name
from .queries import STATUSES, _described
from .sources import cite, source_ids, web_address
from .text import esc, shown

if TYPE_CHECKING:  # only for type checkers: ipywidgets is imported inside the functions
    import ipywidgets

FIRST_YEAR = 1992
ALL = "all"


def _classed(widget: Any, css_class: str) -> Any:
    """The widget, carrying a CSS class that browser tests and the inspector can find."""
    return widget.add_class(css_class)


#: Run by the browser where the explorer is drawn (JupyterLab, or the website's snapshot):
#: ipywidgets gives a slider's handle no name and states its value as a bare number, and
#: JupyterLab takes the arrow keys of a focused control for moving between cells. The script
#: names each handle, states its value in words, and marks the controls so that JupyterLab
#: leaves their keys to them (data-lm-suppress-shortcuts). It re-applies itself whenever the
#: explorer redraws (a MutationObserver), and gives up after 10 s if the explorer never shows.
_ARIA_SCRIPT = (
    "(function(img){var cfg=CFG,tries=0,watching=false;"
    "function apply(){var root=img.closest('.'+cfg.root);"
    "if(!root){if(tries++<100){setTimeout(apply,100);}return;}"
    "cfg.sliders.forEach(function(s){root.querySelectorAll('.'+s.cls+' .noUi-handle')"
    ".forEach(function(h){if(h.getAttribute('aria-label')!==s.label){"
    "h.setAttribute('aria-label',s.label);}"
    "var n=String(Math.round(parseFloat(h.getAttribute('aria-valuenow'))));"
    "var w=s.words[n];if(w&&h.getAttribute('aria-valuetext')!==w){"
    "h.setAttribute('aria-valuetext',w);}});});"
    "root.querySelectorAll('select, input, button, .noUi-handle').forEach(function(c){"
    "if(!c.hasAttribute('data-lm-suppress-shortcuts')){"
    "c.setAttribute('data-lm-suppress-shortcuts','true');}});"
    "if(!watching){watching=true;new MutationObserver(apply).observe(root,{subtree:true,"
    "childList:true,attributes:true,attributeFilter:['aria-valuenow','aria-valuetext']});}}"
    "apply();})(this)"
)


def _aria_helper(root_class: str, sliders: list[dict[str, Any]]) -> Any:
    """A hidden HTML widget whose script gives the explorer's sliders a name and their value
    in words (see _ARIA_SCRIPT). Each slider is a dict: ``cls`` (its CSS class), ``label``
    (its name) and ``words`` (the handle's value as a number in text -> its value in words).

    >>> helper = _aria_helper("x-root", [{"cls": "x-year", "label": "Year",
    ...                                   "words": {"2000": "31 December 2000"}}])
    >>> "&quot;label&quot;: &quot;Year&quot;" in helper.value, helper.layout.display
    (True, 'none')
    """
    import ipywidgets as w

    config = json.dumps({"root": root_class, "sliders": sliders})
    script = _ARIA_SCRIPT.replace("CFG", config)
    return _classed(w.HTML(f'<img alt="" src="data:," onerror="{html.escape(script)}">',
                           layout=w.Layout(display="none")), "csto-aria")


#: What a saved explorer says before its cell has run (its controls do nothing until then):
#: a line at its top, and the text shown where the explorer itself cannot be drawn.
RUN_NOTE = ("Nothing happens when you use the controls? Run this cell (Shift+Enter): a saved "
            "explorer works only once its cell has run.")
RUN_TEXT = "Run this cell to use the explorer (Shift+Enter)."


def _explorer(children: list[Any], css_class: str) -> ipywidgets.VBox:
    """The explorer's box: the note saying to run the cell, then its parts; shown as RUN_TEXT
    where widgets cannot be drawn (its text/plain)."""
    w = require("ipywidgets")

    note = _classed(w.HTML(f'<small style="color: #555">{esc(RUN_NOTE)}</small>'),
                    "csto-explorer-note")
    box = _classed(w.VBox([note, *children]), css_class)
    widget_bundle = box._repr_mimebundle_

    def bundle(**kwargs: Any) -> dict[str, Any] | None:
        data = widget_bundle(**kwargs)
        if data:  # not instead of the widget: as the text shown where it cannot be drawn
            data["text/plain"] = RUN_TEXT
        return data

    box._repr_mimebundle_ = bundle
    return box


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


def membership_day(year: int) -> pd.Timestamp:
    """The day a year on the slider stands for: 31 December, or for the current year the
    data's "as of" date (as in ``status_table``).

    >>> membership_day(2012)
    Timestamp('2012-12-31 00:00:00')
    """
    return parse_date(queries._year(year, "year"), end=True)


def membership_view(date: object) -> dict[str, Any]:
    """Who was a party to the treaty on one day, and every other state's status: a dict with
    ``date``, ``title``, ``parties`` (sorted names), ``statuses`` (status -> sorted names) and
    the escaped HTML the explorer shows, ``parties_html`` and ``statuses_html``.

    >>> membership_view("2000-01-01")["statuses"]["lapsed"]
    ['Azerbaijan', 'Georgia', 'Uzbekistan']
    """
    day = parse_date(date, end=True)
    status, parties = queries.status_on(day), queries.members_on(day)
    statuses = {st: sorted(status.loc[status["status"] == st, "name"]) for st in STATUSES}
    statuses = {st: names for st, names in statuses.items() if names and st != "none"}
    when = f"{day:%Y-%m-%d}"
    title = (f"{len(parties)} part{'y' if len(parties) == 1 else 'ies'} on {when}" if parties
             else f"No parties on {when}")
    body = esc(", ".join(parties)) if parties else "The treaty bound no state on this day."
    items = "".join(f"<li><strong>{esc(STATUSES[st][0])}</strong>: {esc(', '.join(n))}</li>"
                    for st, n in statuses.items())
    return {"date": day, "title": title, "parties": parties, "statuses": statuses,
            "parties_html": f"<h3>{esc(title)}</h3><p>{body}</p>",
            "statuses_html": f"<p>Every status on {when}:</p><ul>{items}</ul>" if items else ""}


def membership_explorer(start_year: int = 2000) -> ipywidgets.VBox:
    """A VBox: a year slider (from 1992; a year means its last day, as in ``status_table``)
    driving the membership map and the list of parties."""
    w = require("ipywidgets")

    start_year, last = queries._year(start_year, "start_year", FIRST_YEAR), as_of().year
    slider = _classed(w.IntSlider(value=start_year, min=FIRST_YEAR, max=last,
                                  description="Year", continuous_update=False),
                      "csto-membership-year")
    note = _classed(w.HTML(f"Status on 31 December of the chosen year (for {last}: on "
                           f"{as_of().isoformat()}, the data's 'as of' date)."),
                    "csto-membership-note")
    parties = _classed(w.HTML(), "csto-membership-parties")
    statuses = _classed(w.HTML(), "csto-membership-statuses")
    map_out = _classed(w.Output(), "csto-membership-map")

    def update(_: object = None) -> None:
        view = membership_view(membership_day(slider.value))
        parties.value, statuses.value = view["parties_html"], view["statuses_html"]
        _show_map(map_out, "membership_map", f"{view['date']:%Y-%m-%d}", tiles=False)

    slider.observe(update, names="value")
    update()
    words = {str(year): f"{membership_day(year).day} {membership_day(year):%B %Y}"
             for year in range(FIRST_YEAR, last + 1)}
    words[str(last)] += " (the data's 'as of' date)"
    aria = _aria_helper("csto-membership-explorer", [
        {"cls": "csto-membership-year", "label": "Year shown (status on its last day)",
         "words": words}])
    return _explorer([slider, note, map_out, parties, statuses, aria],
                     "csto-membership-explorer")


def crisis_options(response: str | None = ALL, state: str | None = ALL) -> list[tuple[str, str]]:
    """The episodes matching the filters, as (label, crisis_id) pairs in date order.

    ``response`` is "all" (or None) or one response category; ``state`` is "all" (or None) or
    a state involved in the episode, in any spelling.

    >>> [crisis_id for label, crisis_id in crisis_options("forces deployed")]
    ['kaz-2022-01']
    """
    for name, value in (("response", response), ("state", state)):
        if value is not None and not isinstance(value, str):
            raise CstoError(f"{name} is one {name} written as text, or 'all', not "
                            f"{_described(value)}.")
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
    """One episode as escaped HTML: what happened, what was asked, how the organisation
    answered, the outcome and the sources.

    >>> crisis_card("no-such-episode")
    Traceback (most recent call last):
    ...
    csto.errors.UnknownNameError: 'no-such-episode' is not a known crisis id. ...
    """
    table = queries.crises()
    if not isinstance(crisis_id, str):
        raise CstoError(f"crisis_id is one episode's id written as text, such as "
                        f"{table['crisis_id'].iloc[-1]!r}, not {_described(crisis_id)}.")
    hit = table[table["crisis_id"] == crisis_id]
    if hit.empty:
        raise queries._unknown("crisis id", crisis_id, table["crisis_id"])
    r = hit.iloc[0]
    others = r["other_states"]
    involved = ", ".join(map(state_name, others.split(";"))) if isinstance(others, str) else ""

    def rows(*pairs: tuple[str, str], cell: str = "<td>") -> str:
        return "".join(f"<tr><th>{esc(label)}</th>{cell}{esc(r[col]) or '—'}</td></tr>"
                       for label, col in pairs)

    when = esc(r["start_date_text"]) + (f" to {esc(r['end_date_text'])}"
                                       if esc(r["end_date_text"]) else "")
    return (
        # at most 48em wide, long addresses wrapped: no sideways scrolling on a narrow screen
        f'<div class="csto-crisis-view" style="max-width:48em;overflow-wrap:anywhere">'
        f'<h3>{esc(r["name"])}</h3>'
        f"<p>{when} · {esc(r['place'])} · {esc(state_name(r['state']))}"
        + (f" (also involved: {esc(involved)})" if involved else "") + "</p>"
        f"<p><em>{esc(r['kind'])}</em>, {esc(r['territory'])}</p><h4>What was asked</h4><table>"
        + rows(("Request", "request_type"), ("Asked by", "requested_by"),
               ("Asked of", "requested_from"), ("When", "request_date_text"))
        + "</table><h4>The answer</h4><table>"
        + rows(("Response", "response"), cell='<td class="csto-crisis-answer">')
        + rows(("What was done", "response_detail"), ("Reason given", "reason_given"))
        + f"</table><h4>Outcome</h4><p>{esc(r['outcome']) or '—'}</p>"
        + (f"<p><small>Note: {esc(r['note'])}</small></p>" if esc(r["note"]) else "")
        + f"<h4>Sources</h4>{_sources_html(hit)}</div>"
    )


def crisis_explorer() -> ipywidgets.VBox:
    """Filter the crisis episodes by response and state, pick one, read how it went.
    Returns the VBox of the two filters, the episode menu, the card and the map."""
    w = require("ipywidgets")

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

    def refilter(_: object = None) -> None:  # the menu and the map follow both filters
        options = crisis_options(response.value, state.value)
        episode.options = options
        episode.value = options[0][1] if options else None
        show_episode()
        _show_map(map_out, "crisis_map", tiles=False,
                  response=None if response.value == ALL else response.value,
                  state=None if state.value == ALL else state.value)

    for control in (response, state):
        control.observe(refilter, names="value")
    episode.observe(show_episode, names="value")
    refilter()
    aria = _aria_helper("csto-crisis-explorer", [])  # arrow keys for the dropdowns
    return _explorer([w.HBox([response, state]), episode, card, map_out, aria],
                     "csto-crisis-explorer")


def kazakhstan_dates() -> list[pd.Timestamp]:
    """The days on which something happened in the January 2022 operation, in order."""
    return sorted(pd.Timestamp(d) for d in queries.kazakhstan_days()["date"].unique())


def _day_position(day: object, dates: list[pd.Timestamp]) -> int:
    """`day` (a position in `dates` or a date) as a position, checked."""
    if isinstance(day, numbers.Integral) and not isinstance(day, bool):
        if not 0 <= day < len(dates):
            raise CstoError(f"day {shown(day)} is outside the operation: give a number from 0 "
                            f"to {len(dates) - 1}, or one of the dates in kazakhstan_dates().")
        return int(day)
    wanted = parse_date(day)
    if wanted not in dates:
        raise unknown("day of the operation", f"{wanted:%Y-%m-%d}",
                      [f"{d:%Y-%m-%d}" for d in dates])
    return dates.index(wanted)


def kazakhstan_day(day: int | object) -> dict[str, Any]:
    """One day of the January 2022 operation: its events and the figures known by then.

    ``day`` is a position in ``kazakhstan_dates()`` (0 is the first day) or a date. A figure is
    known from the day it was given (dated only by month or year: from the end of it); per
    measure and status the latest is shown, marked new when given that day. Returns a dict
    with ``index``, ``date``, ``n_days``, ``title``, ``events`` (dicts: date_text, title,
    description, place, continuing), ``figures`` (a DataFrame) and ``html`` (escaped).

    >>> kazakhstan_day(0)["title"]
    'Day 1 of ...: Sunday 2 January 2022'
    """
    dates = kazakhstan_dates()
    index = _day_position(day, dates)
    date = dates[index]
    events = queries.kazakhstan_days()
    end = events["end_date"].fillna(events["date"])
    today = events[(events["date"] == date) | ((events["date"] < date) & (end >= date))]
    event_list = [{"date_text": r.date_text, "title": r.title, "description": r.description,
                   "place": r.place if isinstance(r.place, str) else "",
                   "continuing": r.date < date} for r in today.itertuples()]
    figures = queries.kazakhstan_figures()
    figures["known_from"] = figures["as_of_text"].map(period_end)
    known = figures[figures["known_from"] <= date].sort_values(["measure", "status", "as_of"],
                                                                 kind="stable")
    latest = known.groupby(["measure", "status"], observed=True, sort=True).tail(1)
    latest = latest.assign(new=latest["known_from"] == date)[
        ["measure", "value", "qualifier", "as_of_text", "stated_by", "status", "new"]
    ].reset_index(drop=True)

    title = f"Day {index + 1} of {len(dates)}: {date:%A} {date.day} {date:%B %Y}"
    items = "".join(
        "<li>" + (f"<em>continuing since {esc(e['date_text'])}:</em> " if e["continuing"] else "")
        + f"<strong>{esc(e['title'])}</strong>" + (f" ({esc(e['place'])})" if e["place"] else "")
        + f". {esc(e['description'])}</li>" for e in event_list)
    qualifier = latest["qualifier"].astype(object).fillna("exact").replace("exact", "")
    table = pd.DataFrame({
        "Measure": latest["measure"].astype(str),
        "Figure": (qualifier + " " + latest["value"].map("{:,}".format)).str.strip(),
        "Status": latest["status"].astype(str), "Given by": latest["stated_by"],
        "Date": latest["as_of_text"] + latest["new"].map({True: " (new)", False: ""})})
    figures_html = (table.map(esc).to_html(index=False, escape=False, border=0) if len(table)
                    else "<p>No figures given yet.</p>")
    return {"index": index, "date": date, "n_days": len(dates), "title": title,
            "events": event_list, "figures": latest,
            "html": f'<div class="csto-kz-view"><h3>{esc(title)}</h3><ul>{items}</ul>'
                    f"<h4>Figures known by this day</h4>{figures_html}</div>"}


def kazakhstan_stepper(start: int | object = 0) -> ipywidgets.VBox:
    """Step through the January 2022 operation day by day with the Previous day and Next day
    buttons or the slider, from ``start`` (a position or a date). Returns the VBox of the
    buttons, the day slider below them, the date and the card."""
    w = require("ipywidgets")

    dates = kazakhstan_dates()
    slider = _classed(w.SelectionSlider(
        options=[(f"{d.day} {d:%b %Y}", i) for i, d in enumerate(dates)],
        value=_day_position(start, dates), description="Day", continuous_update=False,
        # the label as wide as its word, so that at 400 % zoom the track keeps the room
        style={"description_width": "initial"},
        # a row of its own, as wide as the output allows: beside the buttons with an "auto"
        # width, the flex layout left its track 0 px wide (tests/browser/test_walk.py)
        layout=w.Layout(width="100%", max_width="48em")), "csto-kz-day")
    # the buttons say what they do in words (read by screen readers), not in a tooltip
    # as wide as their words, and on a new line when the window is narrow (400 % zoom)
    fit = {"width": "auto", "min_width": "max-content"}
    previous = _classed(w.Button(description="Previous day", icon="arrow-left",
                                 layout=w.Layout(**fit)), "csto-kz-previous")
    following = _classed(w.Button(description="Next day", icon="arrow-right",
                                  layout=w.Layout(**fit)), "csto-kz-next")
    label = _classed(w.HTML(), "csto-kz-date")
    card = _classed(w.HTML(), "csto-kz-card")

    def update(_: object = None) -> None:
        view = kazakhstan_day(slider.value)
        label.value = f'<h3 style="margin:0">{esc(view["title"])}</h3>'
        # the label above already shows the day: leave the card's own heading out
        card.value = view["html"].replace(f"<h3>{esc(view['title'])}</h3>", "", 1)
        previous.disabled = slider.value == 0
        following.disabled = slider.value == len(dates) - 1

    previous.on_click(lambda _: setattr(slider, "value", max(slider.value - 1, 0)))
    following.on_click(lambda _: setattr(slider, "value", min(slider.value + 1, len(dates) - 1)))
    slider.observe(update, names="value")
    update()
    aria = _aria_helper("csto-kz-stepper", [{
        "cls": "csto-kz-day", "label": "Day of the operation",
        "words": {str(i): f"{d:%A} {d.day} {d:%B %Y}, day {i + 1} of {len(dates)}"
                  for i, d in enumerate(dates)}}])
    buttons = w.HBox([previous, following], layout=w.Layout(flex_flow="row wrap"))
    return _explorer([buttons, slider, label, card, aria], "csto-kz-stepper")

