"""Private helpers for csto.maps: offline Leaflet, HTML escaping, shapes, legend and caption.

folium normally loads Leaflet, jQuery, Bootstrap and Font Awesome from CDNs, so a map shows
nothing without network access. Here Leaflet 1.9.4 (from the pinned django-js-lib-leaflet
package) is inlined into the map's page, folium's CDN lists are emptied on the map instance,
and a tiny stand-in replaces the two jQuery calls folium makes (``$(html)[0]`` in popups and
``$(document).ready``).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any

from .paths import cached, data_dir
from .text import esc

#: Where the pinned Leaflet dist files live inside the django-js-lib-leaflet package.
_LEAFLET_PACKAGE = "js_lib_leaflet"
_LEAFLET_DIR = ("static", "js_lib_leaflet")

#: Replaces the jQuery calls folium's templates make, when jQuery is not there.
_JQUERY_STANDIN = (
    "if(typeof window.$==='undefined'){window.$=function(a){"
    "if(typeof a==='function'){if(document.readyState!=='loading'){a();}"
    "else{document.addEventListener('DOMContentLoaded',a);}return;}"
    "if(a===document||a===window){return{ready:function(f){window.$(f);}};}"
    "var t=document.createElement('template');t.innerHTML=String(a).trim();"
    "return Array.prototype.slice.call(t.content.childNodes);};}"
)

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
#: What a saved map says where it cannot be drawn (JupyterLab 4 has no File > Trust item).
TRUST_TEXT = ("The map appears when this cell runs: choose Run > Run All Cells (or trust the "
              "notebook: Command Palette, Ctrl+Shift+C, then 'Trust Notebook').")
BORDERS_LINE = (
    "Borders: Natural Earth 1:110m, drawn as Natural Earth draws them; "
    "see data/shapes/README.md"
)


def _dist_file(name: str) -> bytes:
    base = resources.files(_LEAFLET_PACKAGE).joinpath(*_LEAFLET_DIR)
    return base.joinpath(*name.split("/")).read_bytes()


def _data_uri(name: str) -> str:
    data = _dist_file(f"images/{name}")
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


@cache
def leaflet_js() -> str:
    """Leaflet's minified JavaScript, without its source-map comment."""
    text = _dist_file("leaflet.js").decode("utf-8")
    text = re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "", text)
    if "</script" in text.lower():  # would end the inline <script> block early
        raise RuntimeError("leaflet.js contains '</script': cannot inline it safely")
    return text


@cache
def leaflet_css() -> str:
    """Leaflet's stylesheet, comments and spare whitespace removed, images as data URIs."""
    text = _dist_file("leaflet.css").decode("utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([{};:,>])\s*", r"\1", text).strip()
    for image in ("layers.png", "layers-2x.png", "marker-icon.png"):
        text = text.replace(f"url(images/{image})", f"url({_data_uri(image)})")
    if re.search(r"url\((?!data:|#)", text):
        raise RuntimeError("leaflet.css still points at a file by URL")
    return text


@cache
def _icon_defaults() -> str:
    """Make L.Icon.Default (folium.Marker's default pin) work with no image files."""
    icon, shadow = _data_uri("marker-icon.png"), _data_uri("marker-shadow.png")
    return (
        "L.Icon.Default.prototype.options.imagePath='';"
        f"L.Icon.Default.mergeOptions({{iconUrl:'{icon}',iconRetinaUrl:'{icon}',"
        f"shadowUrl:'{shadow}'}});"
    )


def _raw(text: str) -> Any:
    """A branca Element that renders `text` as is (not as a Jinja template)."""
    from branca.element import Element

    class Raw(Element):
        def render(self, **kwargs: Any) -> str:
            return text

    return Raw()


@contextmanager
def stable_ids(label: str) -> Iterator[None]:
    """Inside this block, every folium/branca element gets an id made from `label` and its
    order instead of a random one, so the same map gives the same HTML on every run and a
    re-run notebook shows no spurious changes."""
    from branca.element import Element

    counter = itertools.count()
    original = Element.__dict__["_generate_id"]

    def _generate_id(cls: type) -> str:
        return hashlib.md5(f"{label}:{next(counter)}".encode()).hexdigest()

    Element._generate_id = classmethod(_generate_id)
    try:
        yield
    finally:
        Element._generate_id = original


@cache
def _map_class() -> type:
    """folium.Map with a plain text form that is the same on every run (no memory address)."""
    import folium

    class Map(folium.Map):
        #: The caption's title (the iframe's title) and the map's data as a table (headers,
        #: rows), shown under the map for readers who cannot use it.
        csto_title = "Map"
        csto_table: tuple[list[str], list[list[object]]] = ([], [])

        def __repr__(self) -> str:
            return "<csto map (folium.Map): run the cell to see it drawn>"

        def _repr_html_(self, **kwargs: Any) -> str:
            page = super()._repr_html_(**kwargs).replace(
                "Make this Notebook Trusted to load map: File -> Trust Notebook", TRUST_TEXT, 1)
            page = page.replace("<iframe ", f'<iframe title="{esc(self.csto_title)}" ', 1)
            head, rows = self.csto_table
            cells = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in r) + "</tr>"
                            for r in rows)
            return page + (
                f"<details class='csto-map-data'><summary>{esc(self.csto_title)}: the map's "
                f"data as a table ({len(rows)} rows)</summary><table><thead><tr>"
                + "".join(f"<th>{esc(h)}</th>" for h in head)
                + f"</tr></thead><tbody>{cells}</tbody></table></details>")

    Map.__module__ = "csto.maps"
    return Map


def new_map(tiles: bool, bounds: list[list[float]], background: str = "#eef3f7") -> Any:
    """A folium.Map that works offline: Leaflet inlined, no CDN links, no tiles unless asked."""
    import folium

    if not isinstance(tiles, bool):
        raise TypeError(f"tiles must be True or False, not {tiles!r}.")
    m = _map_class()(
        location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        zoom_start=3,
        tiles=None,
        zoom_snap=0.25,
    )
    # instance attributes: the class-level lists, shared by every folium map, stay as they are
    m.default_js = []
    m.default_css = []
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap",
                         max_zoom=19).add_to(m)
    root = m.get_root()
    root.header.add_child(_raw(f"<style>{leaflet_css()}</style>\n<script>{leaflet_js()}</script>\n"
                               f"<script>{_JQUERY_STANDIN}{_icon_defaults()}</script>\n"),
                          name="leaflet_inline")
    root.header.add_child(
        _raw(
            "<style>.leaflet-container{background:" + background + ";}"
            ".csto-box{position:absolute;z-index:1000;background:rgba(255,255,255,.92);"
            "padding:6px 10px;border:1px solid #888;border-radius:4px;"
            "font:14px/1.35 Arial,Helvetica,sans-serif;color:#111;}"
            ".csto-caption{top:10px;left:55px;right:10px;max-width:640px;}"
            ".csto-caption b{font-size:16px;}"
            ".csto-caption small{display:block;font-size:12px;color:#333;}"
            ".csto-legend{bottom:28px;right:10px;}"
            ".csto-legend i{display:inline-block;width:16px;height:12px;margin-right:6px;"
            "border:1px solid #333;vertical-align:middle;}"
            ".csto-legend i.dot{border-radius:50%;width:12px;}</style>"
        ),
        name="csto_style",
    )
    fit_bounds(m, bounds)
    # Leaflet's own attribution prefix carries a national flag: a plain link instead
    _macro(m, "Prefix", "{% macro script(this, kwargs) %}{{ this._parent.get_name() }}"
           ".attributionControl.setPrefix('<a href=\"https://leafletjs.com\">Leaflet</a>');"
           "{% endmacro %}")
    return m


def _macro(m: Any, name: str, template: str, **values: Any) -> None:
    """Add a branca MacroElement rendering `template` (Jinja) with `values` as its attributes;
    values are inserted as data, never parsed as templates."""
    from branca.element import MacroElement
    from folium.template import Template

    element = MacroElement()
    element._name = name
    element.__dict__.update(values)
    element._template = Template(template)
    m.add_child(element)


def fit_bounds(m: Any, bounds: list[list[float]]) -> None:
    """Show `bounds` with room for the caption, at once (folium's FitBounds animates the zoom,
    which a screenshot taken on load catches half-way, with lines and dots scaled up)."""
    _macro(m, "FitBounds", "{% macro script(this, kwargs) %}"
           "{{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, "
           "{paddingTopLeft: [10, 70], paddingBottomRight: [10, 120], animate: false});"
           "{% endmacro %}",
           bounds=[[round(float(v), 3) for v in corner] for corner in bounds])


def add_box(m: Any, css_class: str, inner_html: str) -> None:
    """Add a fixed box (caption or legend) over the map; `inner_html` must be escaped."""
    _macro(m, "CstoBox", "{% macro html(this, kwargs) %}"
           '<div class="csto-box {{ this.css_class }}">{{ this.inner }}</div>{% endmacro %}',
           css_class=css_class, inner=inner_html)


def caption(m: Any, title: str, lines: list[str]) -> None:
    """A caption box: the title in bold, then smaller lines (all plain text, escaped here)."""
    body = f"<b>{esc(title)}</b>" + "".join(f"<small>{esc(line)}</small>" for line in lines)
    add_box(m, "csto-caption", body)
    m.csto_title = title


def legend(m: Any, title: str, entries: list[tuple[str, str, str]]) -> None:
    """A legend box. Each entry is (label, fill colour, "area" or "dot"), label escaped here."""
    rows = [f"<b>{esc(title)}</b>"]
    for label, color, kind in entries:
        cls = ' class="dot"' if kind == "dot" else ""
        rows.append(f'<div><i{cls} style="background:{esc(color)}"></i>{esc(label)}</div>')
    add_box(m, "csto-legend", "".join(rows))


@cached
def _shapes_text() -> str:
    path = data_dir() / "shapes" / "countries.geojson"
    if not path.is_file():
        from .errors import DataFileError

        raise DataFileError(
            f"The country shapes are missing: {path} does not exist. See "
            "data/shapes/README.md for how to make it."
        )
    return path.read_text(encoding="utf-8")


def shapes() -> dict[str, dict]:
    """iso3 -> GeoJSON Feature (a fresh copy) from data/shapes/countries.geojson."""
    collection = json.loads(_shapes_text())
    return {f["properties"]["iso3"]: f for f in collection["features"]}


def bounds_of(features: list[dict], points: list[tuple[float, float]] = ()) -> list[list[float]]:
    """[[south, west], [north, east]] around the features and (lat, lon) points.

    Pieces lying wholly west of 160°W (Russia's Chukotka, cut at the 180° meridian in Natural
    Earth) are left out, so that Russia does not stretch the view round the whole world.
    """
    lats: list[float] = [p[0] for p in points]
    lons: list[float] = [p[1] for p in points]
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        for poly in [polygons] if geometry["type"] == "Polygon" else polygons:
            ring = poly[0]
            if max(x for x, _ in ring) < -160:
                continue
            lons.extend(x for x, _ in ring)
            lats.extend(y for _, y in ring)
    if not lats:
        return [[35.0, 20.0], [70.0, 100.0]]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


#: Binds each feature's tooltip and popup (HTML escaped in Python) when Leaflet draws it.
_ON_EACH_FEATURE = (
    "function(feature, layer) {"
    " var p = feature.properties;"
    " if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }"
    # autoPan keeps an opened popup clear of the caption box at the top of the map
    " if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 320,"
    " autoPanPaddingTopLeft: [60, 130], autoPanPaddingBottomRight: [20, 20]}); }"
    " }"
)


def area_feature(feature: dict, style: dict, tooltip_html: str) -> dict:
    """A copy of a state's feature carrying its style and tooltip (`tooltip_html` escaped)."""
    props = dict(feature["properties"], style=style, tooltip=tooltip_html)
    return {"type": "Feature", "properties": props, "geometry": feature["geometry"]}


SPREAD_NOTE = "shown spread round the point the data give, which several places share"


def spread(points: list[tuple[float, float]], radius: float = 0.6) -> list[tuple[float, float]]:
    """Where several (lat, lon) points are identical, place them evenly on a small circle
    round that point (`radius` in degrees of latitude), so that each dot can be pointed at.
    Points with a place of their own are left where they are."""
    import math
    from collections import Counter

    counts = Counter(points)
    seen: Counter = Counter()
    out = []
    for lat, lon in points:
        n = counts[(lat, lon)]
        if n == 1:
            out.append((lat, lon))
            continue
        k = seen[(lat, lon)]
        seen[(lat, lon)] += 1
        angle = 2 * math.pi * k / n
        out.append((round(lat + radius * math.cos(angle), 4),
                    round(lon + radius * math.sin(angle) / math.cos(math.radians(lat)), 4)))
    return out


def point_feature(lat: float, lon: float, props: dict, color: str, tooltip_html: str,
                  popup_html: str, shown_at: tuple[float, float] | None = None) -> dict:
    """A point feature drawn as a circle; the HTML arguments must be escaped already.
    ``lat``/``lon`` (as the data give them) stay in the properties; ``shown_at`` is where the
    dot is drawn, if elsewhere (see :func:`spread`)."""
    style = {"color": "#222222", "weight": 1.5, "fillColor": color, "fillOpacity": 0.95}
    props = dict(props, lat=float(lat), lon=float(lon), style=style, tooltip=tooltip_html,
                 popup=popup_html)
    at_lat, at_lon = shown_at if shown_at is not None else (lat, lon)
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Point", "coordinates": [float(at_lon), float(at_lat)]}}


def add_layer(m: Any, features: list[dict], name: str, radius: int = 8) -> Any:
    """Add features as one folium.GeoJson layer; points are drawn as CircleMarkers (no icon
    images or icon fonts needed). Each feature's ``properties.style`` styles it."""
    import folium
    from folium.utilities import JsCode

    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=name,
        marker=folium.CircleMarker(radius=radius, fill=True),
        on_each_feature=JsCode(_ON_EACH_FEATURE),
    )
    layer.add_to(m)
    return layer
