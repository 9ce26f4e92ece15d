"""Maps of the CSTO drawn with folium, that work with no network access.

Each function returns a ``folium.Map``: leave it as a cell's last line to show it, or save it
with ``m.save("map.html")``. It carries its own Leaflet; only ``tiles=True`` (an OpenStreetMap
background) needs the internet. Read ``data/shapes/README.md`` on the borders before class.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import _leaflet as lf
from .data import as_of, load
from .dates import parse_date
from .errors import CstoError
from .names import state_name
from .queries import STATUSES
from .text import esc

if TYPE_CHECKING:  # pragma: no cover
    import folium

__all__ = ["membership_map", "crisis_map", "kazakhstan_map", "alliance_map"]

#: Marker colour of each response category in crisis_map.
RESPONSE_COLORS: dict[str, str] = {
    "forces deployed": "#b2182b",
    "declined": "#2166ac",
    "mission or statement only": "#f4a52a",
    "none": "#7f7f7f",
}
_MEMBER_FILL = "#9ecae1"
#: Fill of each body chosen in alliance_map, in order (Okabe-Ito, colour-blind safe), and of a
#: state that belongs to more than one of them.
BODY_COLORS = ("#0072B2", "#D55E00", "#E69F00", "#CC79A7", "#56B4E9")
_SEVERAL = "#009E73"
_OTHER_STYLE = {"color": "#555555", "weight": 1, "fillColor": "#ffffff", "fillOpacity": 0.6}


def _area(color: str, opacity: float = 0.8) -> dict:
    return {"color": "#333333", "weight": 1, "fillColor": color, "fillOpacity": opacity}


def _text(value: object) -> str:
    """A cell as text: empty for missing values."""
    return "" if value is None or pd.isna(value) else str(value)


def _map_function(func: Callable[..., folium.Map]) -> Callable[..., folium.Map]:
    """Check that folium is there; build the map with ids made from the call, not at random."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> folium.Map:
        lf.require("folium")
        with lf.stable_ids(f"{func.__name__}{args!r}{sorted(kwargs.items())!r}"):
            return func(*args, **kwargs)

    return wrapper


def _new_map(tiles: bool, focus: Iterable[str], points: list = (), states: Iterable = ()):
    """A map framing the states `focus` (iso3 codes) and `points`, with one "States" layer
    drawn from (iso3, style, tooltip HTML) triples."""
    shapes = lf.shapes()
    m = lf.new_map(tiles, lf.bounds_of([shapes[c] for c in focus if c in shapes], points))
    lf.add_layer(m, [
        {"type": "Feature", "geometry": shapes[iso3]["geometry"],
         "properties": dict(shapes[iso3]["properties"], style=style, tooltip=tip)}
        for iso3, style, tip in states if iso3 in shapes], "States")
    return m


def _add_dots(m: folium.Map, table: pd.DataFrame, layer: str, radius: int, key: str,
              color: Callable, tooltip: Callable, popup: Callable) -> bool:
    """One dot per row of `table` (with lat and lon), its colour and escaped HTML texts made
    from the row; rows sharing a place are spread round it. True if any dot was moved."""
    points = [(float(r.lat), float(r.lon)) for r in table.itertuples()]
    shown = lf.spread(points)
    dots = []
    for rec, (lat, lon), given in zip(table.itertuples(), shown, points, strict=True):
        note = f"<br><i>{lf.SPREAD_NOTE}</i>" if (lat, lon) != given else ""
        style = {"color": "#222222", "weight": 1.5, "fillColor": color(rec), "fillOpacity": 0.95}
        props = {key: getattr(rec, key), "lat": given[0], "lon": given[1], "style": style,
                 "tooltip": tooltip(rec), "popup": popup(rec) + note}
        dots.append({"type": "Feature", "properties": props,
                     "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    if dots:
        lf.add_layer(m, dots, layer, radius=radius)
    return shown != points


@_map_function
def membership_map(date: object, tiles: bool = False) -> folium.Map:
    """A folium map of every state, coloured by its membership status on one day.

    ``date`` is anything ``csto.parse_date`` reads: ``"2000-06-01"``, ``"2012-12"``,
    ``1995``... Hover over a state to see its name and status. ``tiles=True`` adds an
    OpenStreetMap background (needs the internet).

    >>> "CSTO membership on 2000-06-01" in membership_map("2000-06-01").get_root().render()
    True
    """
    from .queries import membership_spells, status_on

    day = parse_date(date, end=True)
    status = status_on(day)
    m = _new_map(tiles, set(membership_spells()["iso3"]), states=[
        (r.iso3, _area(STATUSES[r.status][1]),
         f"<b>{esc(r.name)}</b><br>{esc(STATUSES[r.status][0])}")
        for r in status.itertuples()])
    lf.legend(m, "Status", [(label, color, "area") for label, color, _ in STATUSES.values()])
    lf.caption(m, f"CSTO membership on {day.date().isoformat()}", [
        "Status of each state on that day, from the dated membership events "
        "(csto.status_on).",
    ])
    m.csto_table = (["state", "status"], [[r.name, STATUSES[r.status][0]]
                                          for r in status.itertuples() if r.status != "none"])
    return m


@_map_function
def crisis_map(response: str | Iterable[str] | None = None, tiles: bool = False,
               state: str | None = None) -> folium.Map:
    """A folium map of the crisis episodes, each a dot coloured by the organisation's response.

    ``response`` (one category or a list) and ``state`` keep some episodes, as in
    ``csto.crises``. Hover over a dot for the episode's name and dates; click it for the
    request, the response and the outcome. States that are members now are shaded lightly.

    >>> crisis_map(response="forces deployed").default_js   # nothing loaded from a CDN
    []
    """
    from .queries import crises, members_on, status_on

    table = crises(response=response, state=state)
    last = as_of()
    states = status_on(last)
    member_codes = set(states.loc[states["name"].isin(members_on(last)), "iso3"])
    involved = set(table["state"]).union(*(_text(o).split(";") for o in table["other_states"]))
    focus = (involved or member_codes) - {"RUS", ""}

    def shade(r: Any) -> tuple[str, dict, str]:
        if r.iso3 in member_codes:
            return (r.iso3, _area(_MEMBER_FILL, 0.45),
                    f"<b>{esc(r.name)}</b><br>CSTO member on {last.isoformat()}")
        return r.iso3, dict(_OTHER_STYLE), f"<b>{esc(r.name)}</b><br>not a member"

    m = _new_map(tiles, focus, [(float(r.lat), float(r.lon)) for r in table.itertuples()],
                 [shade(r) for r in states.itertuples()])

    def when(rec: Any) -> str:
        start, end = _text(rec.start_date_text), _text(rec.end_date_text)
        return esc(f"{start} to {end}" if end else f"from {start}")

    spread = _add_dots(
        m, table, "Crises", 9, "crisis_id",
        color=lambda r: RESPONSE_COLORS.get(_text(r.response), "#000000"),
        tooltip=lambda r: f"<b>{esc(r.name)}</b><br>{when(r)}",
        popup=lambda r: (f"<b>{esc(r.name)}</b><br>{when(r)}, {esc(r.place)}<br>"
                         f"<b>Request:</b> {esc(r.request_type)}<br>"
                         f"<b>Response:</b> {esc(r.response)}<br>"
                         f"<b>Outcome:</b> {esc(r.outcome)}"))
    entries = [(f"{label} ({int((table['response'] == label).sum())})", color, "dot")
               for label, color in RESPONSE_COLORS.items()]
    entries.append((f"member on {last.isoformat()}", _MEMBER_FILL, "area"))
    lf.legend(m, "Response of the organisation", entries)
    which = [] if response is None else [
        "response: " + ", ".join([response] if isinstance(response, str) else response)]
    which += [] if state is None else [f"involving {state_name(state)}"]
    lf.caption(m, f"Crises and the CSTO's response ({', '.join(which) or 'all episodes'})", [
        f"{len(table)} episode(s) from the crises table, placed at their main place"
        + ("; episodes sharing a place are drawn in a ring round it." if spread else "."),
    ])
    m.csto_table = (["episode", "start", "place", "request", "response"], [
        [r.name, r.start_date_text, r.place, r.request_type, r.response]
        for r in table.itertuples()])
    return m


def _contingent_words(rows: pd.DataFrame) -> str:
    """What a tooltip says of one state's contingent: the latest official figure, else the
    latest media figure (said to be unofficial), else that no figure exists."""
    rows = rows[rows["personnel"].notna()].sort_values("date", kind="stable")
    for status, words in (("official", "{}, official figure"),
                          ("reported", "no official figure; the media reported {}")):
        pick = rows[rows["status"] == status]
        if len(pick):
            rec = pick.iloc[-1]
            figure = lf.figure_text(rec["personnel"], rec["qualifier"])
            return words.format(f"{figure} personnel ({_text(rec['date_text'])})")
    return "no figure given"


@_map_function
def kazakhstan_map(tiles: bool = False) -> folium.Map:
    """A folium map of the January 2022 operation in Kazakhstan and the places secured.

    The states that sent contingents are shaded; each dot is a site (airport, power plant...):
    hover for its name and city, click for who guarded it.

    >>> kazakhstan_map().get_root().render().count("Kazakhstan") > 0
    True
    """
    from .queries import kazakhstan_contingent, kazakhstan_sites

    sites = kazakhstan_sites()
    contingent = kazakhstan_contingent()
    names = load("states").set_index("iso3")["name"]
    figures = {iso3: _contingent_words(rows) for iso3, rows in contingent.groupby("iso3")}
    contributors = sorted(set(figures) - {"KAZ"})

    def state(iso3: str, name: str) -> tuple[str, dict, str]:
        if iso3 == "KAZ":
            style, words = _area("#f4a259", 0.75), "where the operation took place"
        elif iso3 in contributors:
            style, words = _area("#6baed6", 0.6), "sent a contingent: " + figures[iso3]
        else:
            style, words = dict(_OTHER_STYLE), ""
        return iso3, style, f"<b>{esc(name)}</b>" + (f"<br>{esc(words)}" if words else "")

    m = _new_map(tiles, ["KAZ"], [(float(r.lat), float(r.lon)) for r in sites.itertuples()],
                 [state(iso3, name) for iso3, name in names.items()])

    def guards(rec: Any) -> str:  # plain text: escaped where it is used
        named = [names.get(c, c) for c in _text(rec.guarded_by).split(";") if c]
        return ", ".join(named) if named else "not known"

    spread = _add_dots(
        m, sites, "Places secured", 7, "site_id", color=lambda r: "#7b1e1e",
        tooltip=lambda r: f"<b>{esc(r.name)}</b><br>{esc(r.city)}",
        popup=lambda r: (f"<b>{esc(r.name)}</b><br>{esc(r.kind)}, {esc(r.city)}<br>"
                         f"<b>Guarded by:</b> {esc(guards(r))}"))
    lf.legend(m, "January 2022", [
        ("Kazakhstan", "#f4a259", "area"),
        ("sent a contingent: " + (", ".join(names.get(c, c) for c in contributors) or "none"),
         "#6baed6", "area"),
        (f"place secured ({len(sites)})", "#7b1e1e", "dot"),
    ])
    lf.caption(m, "The CSTO operation in Kazakhstan, January 2022", [
        "Places secured by the contingents (kz2022_sites) and the states that sent them "
        "(kz2022_contingent).",
        *(["Places given only as a city are drawn in a ring round it, one dot each."]
          if spread else []),
    ])
    m.csto_table = (["place secured", "kind", "city", "guarded by"], [
        [r.name, r.kind, r.city, guards(r)] for r in sites.itertuples()])
    return m


@_map_function
def alliance_map(body: str | Iterable[str], tiles: bool = False) -> folium.Map:
    """A folium map of the member states of one or more bodies (up to five: "nato", "csto",
    "sco"...; see ``csto.alliances()``) on the data's "as of" date, each body in its colour and
    states in more than one of them in a colour of their own. Hover over a state for its
    memberships; the table lists every member, the small states the map cannot draw too.

    >>> alliance_map(["nato", "csto"]).csto_title.startswith("Members of NATO and CSTO")
    True
    """
    from .queries import alliance_members, alliances

    chosen = alliances(body=body)
    if len(chosen) > len(BODY_COLORS):
        raise CstoError(f"alliance_map draws at most {len(BODY_COLORS)} bodies at once, not "
                        f"{len(chosen)}: choose fewer, for example ['nato', 'csto'].")
    short = {r.body_id: _short_name(r.name) for r in chosen.itertuples()}
    colors = dict(zip(chosen["body_id"], BODY_COLORS, strict=False))
    members = alliance_members(list(chosen["body_id"]))
    of = members.groupby("iso3", sort=False)["body_id"].agg(list)
    names = members.drop_duplicates("iso3").set_index("iso3")["name"]
    shapes = lf.world_shapes()

    def fill(bodies: list[str]) -> str:
        return colors[bodies[0]] if len(bodies) == 1 else _SEVERAL

    m = lf.new_map(tiles, lf.bounds_of([shapes[c] for c in of.index if c in shapes]))
    lf.add_layer(m, [
        {"type": "Feature", "geometry": shapes[iso3]["geometry"],
         "properties": {"iso3": iso3, "name": names[iso3], "style": _area(fill(bodies), 0.75),
                        "tooltip": f"<b>{esc(names[iso3])}</b><br>member of "
                                   f"{esc(', '.join(short[b] for b in bodies))}"}}
        for iso3, bodies in of.items() if iso3 in shapes], "Members")
    entries = [(f"{short[b]} only ({sum(v == [b] for v in of)})", colors[b], "area")
               for b in chosen["body_id"]]
    several = sum(len(v) > 1 for v in of)
    if several:  # no legend entry for a colour the map does not use
        entries.append((f"more than one of these ({several})", _SEVERAL, "area"))
    lf.legend(m, "Member of", entries)
    missing = sorted(names[c] for c in of.index if c not in shapes)
    listed = list(short.values())
    named = " and ".join([", ".join(listed[:-1]), listed[-1]] if len(listed) > 1 else listed)
    lf.caption(m, f"Members of {named} on {as_of().isoformat()}", [
        "Member states from the alliance_members table.",
        *([f"Too small to draw at this scale: {', '.join(missing)} (in the table)."]
          if missing else []),
    ])
    m.csto_table = (["state", "member of"], [
        [names[iso3], ", ".join(short[b] for b in bodies)]
        for iso3, bodies in sorted(of.items(), key=lambda kv: names[kv[0]])])
    return m


def _short_name(name: str) -> str:
    """The abbreviation in a body's name ("NATO" from "North Atlantic ... (NATO)"), else the
    name before any colon ("Arab League")."""
    if name.endswith(")") and "(" in name:
        return name[name.rindex("(") + 1:-1]
    return name.split(":")[0]
