"""Maps of the CSTO drawn with folium, that work with no network access.

Each function returns a ``folium.Map``: show it by leaving it as the last line of a cell, or
save it with ``m.save("map.html")``. The page carries its own copy of Leaflet (the pinned
django-js-lib-leaflet package), so it loads no script or stylesheet from the internet. With
``tiles=False`` (the default) there is no background map, only the country outlines and the
markers; ``tiles=True`` adds OpenStreetMap tiles, which do need the internet.

Country outlines come from Natural Earth 1:110m (``data/shapes/countries.geojson``), drawn as
Natural Earth draws them: read ``data/shapes/README.md`` before showing a map to a class.
Every text from the data that reaches a tooltip, a popup or a legend is HTML-escaped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import _leaflet as lf
from .data import as_of, load
from .dates import parse_date
from .queries import STATUSES
from .text import esc

if TYPE_CHECKING:  # pragma: no cover
    import folium

__all__ = ["membership_map", "crisis_map", "kazakhstan_map"]

#: Marker colour of each response category in crisis_map.
RESPONSE_COLORS: dict[str, str] = {
    "forces deployed": "#b2182b",
    "declined": "#2166ac",
    "mission or statement only": "#f4a52a",
    "none": "#7f7f7f",
}
_MEMBER_FILL = "#9ecae1"
_OTHER_STYLE = {"color": "#555555", "weight": 1, "fillColor": "#ffffff", "fillOpacity": 0.6}


def _area(color: str, opacity: float = 0.8) -> dict:
    return {"color": "#333333", "weight": 1, "fillColor": color, "fillOpacity": opacity}


def _text(value: object) -> str:
    """A cell as text: empty for missing values."""
    return "" if value is None or pd.isna(value) else str(value)


def _period(start: object, end: object) -> str:
    start, end = _text(start), _text(end)
    return f"{start} to {end}" if end else f"from {start}"


def _same_html_every_run(func: Callable[..., folium.Map]) -> Callable[..., folium.Map]:
    """Build the map with element ids derived from the call, not random ones."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> folium.Map:
        with lf.stable_ids(f"{func.__name__}{args!r}{sorted(kwargs.items())!r}"):
            return func(*args, **kwargs)

    return wrapper


@_same_html_every_run
def membership_map(date: object, tiles: bool = False) -> folium.Map:
    """Map every state in the data set, coloured by its membership status on one day.

    ``date`` is anything ``csto.parse_date`` reads: ``"2000-06-01"``, ``"2012-12"``,
    ``1995``... Hover over a state to see its name and status; the legend names every status
    (``csto.queries.STATUSES``). ``tiles=True`` adds an OpenStreetMap background
    (needs the internet); the default draws the outlines on a plain background.

    >>> m = membership_map("2000-06-01")
    >>> type(m).__name__
    'Map'
    >>> "CSTO membership on 2000-06-01" in m.get_root().render()
    True
    """
    from .queries import membership_spells, status_on

    day = parse_date(date)
    status = status_on(day)
    shapes = lf.shapes()
    ever = set(membership_spells()["iso3"])
    bounds = lf.bounds_of([shapes[c] for c in status["iso3"] if c in ever and c in shapes])
    m = lf.new_map(tiles, bounds)
    areas = []
    for rec in status.itertuples():
        if rec.iso3 not in shapes:
            continue
        st = str(rec.status)
        label, color, _ = STATUSES[st]
        tip = f"<b>{esc(rec.name)}</b><br>{esc(label)}"
        areas.append(lf.area_feature(shapes[rec.iso3], _area(color), tip))
    lf.add_layer(m, areas, "States")
    lf.legend(m, "Status", [(label, color, "area") for label, color, _ in STATUSES.values()])
    lf.caption(m, f"CSTO membership on {day.date().isoformat()}", [
        "Status of each state on that day, from the dated membership events "
        "(csto.status_on).",
        lf.BORDERS_LINE,
    ])
    return m


@_same_html_every_run
def crisis_map(response: str | Iterable[str] | None = None, tiles: bool = False) -> folium.Map:
    """Map the crisis episodes, each a dot coloured by how the organisation responded.

    ``response`` keeps only some response categories ("forces deployed", "declined",
    "mission or statement only", "none"; one or a list), as in ``csto.crises``. Hover over a
    dot for the episode's name and dates; click it for what was asked, the response and the
    outcome. States that were members on the data's "as of" date are shaded lightly.

    >>> m = crisis_map(response="forces deployed")
    >>> m.default_js, m.default_css    # nothing loaded from a CDN
    ([], [])
    """
    from .queries import crises, members_on, status_on

    table = crises(response=response)
    shapes = lf.shapes()
    last = as_of()
    members = set(members_on(last))
    states = status_on(last)[["iso3", "name"]]
    involved: set[str] = set()
    for rec in table.itertuples():
        involved.add(rec.state)
        involved.update(s for s in _text(rec.other_states).split(";") if s)
    focus = [shapes[c] for c in sorted(involved) if c in shapes and c != "RUS"]
    if not focus:
        focus = [shapes[r.iso3] for r in states.itertuples()
                 if r.iso3 in shapes and r.name in members and r.iso3 != "RUS"]
    points = [(float(r.lat), float(r.lon)) for r in table.itertuples()]
    m = lf.new_map(tiles, lf.bounds_of(focus, points))
    areas = []
    for rec in states.itertuples():
        if rec.iso3 not in shapes:
            continue
        member = rec.name in members
        style = _area(_MEMBER_FILL, 0.45) if member else dict(_OTHER_STYLE)
        words = f"CSTO member on {last.isoformat()}" if member else "not a member"
        tip = f"<b>{esc(rec.name)}</b><br>{words}"
        areas.append(lf.area_feature(shapes[rec.iso3], style, tip))
    lf.add_layer(m, areas, "States")
    dots = []
    shown = lf.spread(points)
    for rec, at in zip(table.itertuples(), shown, strict=True):
        moved = at != (float(rec.lat), float(rec.lon))
        response_text = _text(rec.response)
        when = _period(rec.start_date_text, rec.end_date_text)
        tip = f"<b>{esc(rec.name)}</b><br>{esc(when)}"
        popup = (
            f"<b>{esc(rec.name)}</b><br>{esc(when)}, {esc(rec.place)}<br>"
            f"<b>Request:</b> {esc(rec.request_type)}<br>"
            f"<b>Response:</b> {esc(response_text)}<br>"
            f"<b>Outcome:</b> {esc(rec.outcome)}"
            + (f"<br><i>{lf.SPREAD_NOTE}</i>" if moved else "")
        )
        dots.append(lf.point_feature(rec.lat, rec.lon, {"crisis_id": rec.crisis_id},
                                     RESPONSE_COLORS.get(response_text, "#000000"), tip, popup,
                                     shown_at=at))
    if dots:
        lf.add_layer(m, dots, "Crises", radius=9)
    entries = [(f"{label} ({int((table['response'] == label).sum())})", color, "dot")
               for label, color in RESPONSE_COLORS.items()]
    entries.append((f"member on {last.isoformat()}", _MEMBER_FILL, "area"))
    lf.legend(m, "Response of the organisation", entries)
    which = "all episodes" if response is None else "response: " + (
        response if isinstance(response, str) else ", ".join(response))
    lf.caption(m, f"Crises and the CSTO's response ({which})", [
        f"{len(table)} episode(s) from the crises table, placed at their main place"
        + ("; episodes sharing a place are drawn in a ring round it." if shown != points
           else "."),
        lf.BORDERS_LINE,
    ])
    return m


def _contingent_words(rows: pd.DataFrame) -> str:
    """What a tooltip says of one state's contingent: the latest official figure, else the
    latest media figure (said to be unofficial), else that no figure exists."""
    with_figure = rows[rows["personnel"].notna()].sort_values("date", kind="stable")

    def figure(status: str) -> str | None:
        pick = with_figure[with_figure["status"] == status]
        if pick.empty:
            return None
        rec = pick.iloc[-1]
        qual = _text(rec["qualifier"])
        qual = "" if qual in ("", "exact") else qual + " "
        return f"{qual}{int(rec['personnel']):,} personnel ({_text(rec['date_text'])})"

    official, reported = figure("official"), figure("reported")
    if official:
        return f"{official}, official figure"
    if reported:
        return f"no official figure; the media reported {reported}"
    return "no figure given"


@_same_html_every_run
def kazakhstan_map(tiles: bool = False) -> folium.Map:
    """Map the January 2022 operation in Kazakhstan: the places the contingents secured.

    Kazakhstan is highlighted and the states that sent contingents are shaded; each dot is a
    site (airport, power plant...), with its name and city when you hover and what guarded it
    when you click.

    >>> m = kazakhstan_map()
    >>> m.get_root().render().count("Kazakhstan") > 0
    True
    """
    from .queries import kazakhstan_contingent, kazakhstan_sites

    sites = kazakhstan_sites()
    contingent = kazakhstan_contingent()
    names = load("states").set_index("iso3")["name"]
    shapes = lf.shapes()
    contributors = sorted(set(contingent["iso3"]) - {"KAZ"})
    points = [(float(r.lat), float(r.lon)) for r in sites.itertuples()]
    m = lf.new_map(tiles, lf.bounds_of([shapes["KAZ"]] if "KAZ" in shapes else [], points))
    figures = {iso3: _contingent_words(rows) for iso3, rows in contingent.groupby("iso3")}
    areas = []
    for iso3, name in names.items():
        if iso3 not in shapes:
            continue
        if iso3 == "KAZ":
            style, words = _area("#f4a259", 0.75), "where the operation took place"
        elif iso3 in contributors:
            style, words = _area("#6baed6", 0.6), "sent a contingent: " + figures[iso3]
        else:
            style, words = dict(_OTHER_STYLE), ""
        tip = f"<b>{esc(name)}</b>" + (f"<br>{esc(words)}" if words else "")
        areas.append(lf.area_feature(shapes[iso3], style, tip))
    lf.add_layer(m, areas, "States")
    dots = []
    shown = lf.spread(points)
    for rec, at in zip(sites.itertuples(), shown, strict=True):
        moved = at != (float(rec.lat), float(rec.lon))
        guards = [names.get(c, c) for c in _text(rec.guarded_by).split(";") if c]
        tip = f"<b>{esc(rec.name)}</b><br>{esc(rec.city)}"
        popup = (
            f"<b>{esc(rec.name)}</b><br>{esc(rec.kind)}, {esc(rec.city)}<br>"
            f"<b>Guarded by:</b> {esc(', '.join(guards) if guards else 'not known')}"
            + (f"<br><i>{lf.SPREAD_NOTE}</i>" if moved else "")
        )
        dots.append(lf.point_feature(rec.lat, rec.lon, {"site_id": rec.site_id}, "#7b1e1e",
                                     tip, popup, shown_at=at))
    if dots:
        lf.add_layer(m, dots, "Places secured", radius=7)
    lf.legend(m, "January 2022", [
        ("Kazakhstan", "#f4a259", "area"),
        ("sent a contingent: " + (", ".join(names.get(c, c) for c in contributors) or "none"),
         "#6baed6", "area"),
        (f"place secured ({len(sites)})", "#7b1e1e", "dot"),
    ])
    lines = ["Places secured by the contingents (kz2022_sites) and the states that sent them "
             "(kz2022_contingent)."]
    if shown != points:
        lines.append("Places given only as a city are drawn in a ring round it, one dot each.")
    lf.caption(m, "The CSTO operation in Kazakhstan, January 2022", [
        *lines,
        lf.BORDERS_LINE,
    ])
    return m
