"""Private helpers for csto.maps and csto.charts: offline Leaflet, shapes, legend, caption.

folium loads Leaflet and jQuery from CDNs; here the pinned Leaflet 1.9.4 is inlined, the map's
CDN lists are emptied, and a stand-in replaces the two jQuery calls folium makes.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import itertools
import json
import math
import os
import re
import sys
import tempfile
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from unittest import mock

import pandas as pd

from .errors import CstoError, DataFileError
from .paths import cached, data_dir
from .text import esc, shown

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
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap'
                   "</a> contributors")
#: What a saved map says where it cannot be drawn (JupyterLab 4 has no File > Trust item).
TRUST_TEXT = ("The map appears when this cell runs: choose Run > Run All Cells (or trust the "
              "notebook: Command Palette, Ctrl+Shift+C, then 'Trust Notebook').")
BORDERS_LINE = ("Borders: Natural Earth 1:110m, drawn as Natural Earth draws them; "
                "see data/shapes/README.md")


class MissingPackageError(CstoError, ImportError):
    """An optional package (folium, matplotlib...) that is not installed."""


def _matplotlib_folder() -> None:
    """Point matplotlib at a temporary folder for its settings and font cache when the home
    folder cannot hold them (a read-only home), instead of the warning it prints then."""
    if "MPLCONFIGDIR" in os.environ:
        return
    home = Path.home()
    for base in (os.environ.get("XDG_CONFIG_HOME") or home / ".config",
                 os.environ.get("XDG_CACHE_HOME") or home / ".cache"):
        folder = Path(base) / "matplotlib"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            writable = os.access(folder, os.W_OK)
        except OSError:
            writable = False
        if not writable:  # one folder per user, kept so the font cache is built only once
            user = os.getuid() if hasattr(os, "getuid") else "user"
            shared = Path(tempfile.gettempdir()) / f"csto-matplotlib-{user}"
            try:
                shared.mkdir(mode=0o700, exist_ok=True)
                usable = os.access(shared, os.W_OK)
            except OSError:
                usable = False
            os.environ["MPLCONFIGDIR"] = str(shared) if usable else tempfile.mkdtemp()
            return


def require(module: str) -> Any:
    """The module, imported; if it is not installed, a CstoError naming the package."""
    if module.startswith("matplotlib") and "matplotlib" not in sys.modules:
        _matplotlib_folder()
    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.partition(".")[0]
        pip = {"js_lib_leaflet": "django-js-lib-leaflet"}.get(top, top)
        raise MissingPackageError(
            f"This needs the {top} package, which is not installed: run `make lab` to set "
            f"up everything, or `pip install {pip}`.") from None


def check_flag(name: str, value: object) -> None:
    """Raise a CstoError unless `value` is True or False (numpy's too)."""
    if not pd.api.types.is_bool(value):
        raise CstoError(f"{name} must be True or False, not {shown(value)}.")


def figure_text(value: object, qualifier: object) -> str:
    """A figure with its qualifier, as charts and maps write it: "about 1,000", "164".

    >>> figure_text(1000.0, "about"), figure_text(164, "exact")
    ('about 1,000', '164')
    """
    words = "" if pd.isna(qualifier) or qualifier == "exact" else f"{qualifier} "
    return f"{words}{int(value):,}"


def _dist_file(name: str) -> bytes:
    """A file of Leaflet's dist folder, from the pinned django-js-lib-leaflet package."""
    require("js_lib_leaflet")
    base = resources.files("js_lib_leaflet").joinpath("static", "js_lib_leaflet")
    return base.joinpath(*name.split("/")).read_bytes()


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
        data = base64.b64encode(_dist_file(f"images/{image}")).decode("ascii")
        text = text.replace(f"url(images/{image})", f"url(data:image/png;base64,{data})")
    return text


def stable_ids(label: str) -> Any:
    """A context in which folium/branca element ids are made from `label` and their order, not
    at random, so that a re-run notebook gives the same HTML."""
    from branca.element import Element

    counter = itertools.count()
    ids = classmethod(lambda cls: hashlib.md5(f"{label}:{next(counter)}".encode()).hexdigest())
    return mock.patch.object(Element, "_generate_id", ids)


@cache
def _map_class() -> type:
    """folium.Map with a stable text form, a titled frame and its data as a table below it."""
    import folium

    class Map(folium.Map):
        #: The caption (the frame's title) and the map's data (headers, rows) for a table.
        csto_title = "Map"
        csto_table: tuple[list[str], list[list[object]]] = ([], [])

        def __repr__(self) -> str:
            return "<csto map (folium.Map): run the cell to see it drawn>"

        def _repr_html_(self, **kwargs: Any) -> str:
            page = super()._repr_html_(**kwargs).replace(
                "Make this Notebook Trusted to load map: File -> Trust Notebook", TRUST_TEXT, 1)
            page = page.replace("<iframe ", f'<iframe title="{esc(self.csto_title)}" ', 1)
            table = pd.DataFrame(self.csto_table[1], columns=self.csto_table[0]).map(esc)
            return page + (
                f"<details class='csto-map-data'><summary>{esc(self.csto_title)}: the map's "
                f"data as a table ({len(table)} rows)</summary>"
                f"{table.to_html(index=False, escape=False, border=0)}</details>")

    Map.__module__ = "csto.maps"
    return Map


_STYLE = (
    "<style>.leaflet-container{background:#eef3f7;}"
    ".csto-box{position:absolute;z-index:1000;background:rgba(255,255,255,.92);padding:6px 10px;"
    "border:1px solid #888;border-radius:4px;font:14px/1.35 Arial,Helvetica,sans-serif;color:#111}"
    ".csto-caption{top:10px;left:55px;right:10px;max-width:640px;}.csto-caption b{font-size:16px}"
    ".csto-caption small{display:block;font-size:12px;color:#333;}"
    ".csto-legend{bottom:28px;right:10px;}.csto-legend i.dot{border-radius:50%;width:12px;}"
    ".csto-legend i{display:inline-block;width:16px;height:12px;margin-right:6px;"
    "border:1px solid #333;vertical-align:middle;}"
    "main.csto-map-page{display:block;width:100%;height:100%;}"
    ".csto-caption h2{font-size:16px;font-weight:bold;margin:0;display:inline;}</style>"
)
#: folium's viewport forbids zooming (WCAG 1.4.4): replaced by one that allows it.
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'


def accessible_page(html: str, title: str) -> str:
    """A map's page made readable by assistive technology: its language (English), a title, a
    viewport that lets the reader zoom, and its content in a main landmark named by the title
    (several maps in one lesson are told apart; the caption box holds the heading).

    >>> page = accessible_page('<html><head><meta name="viewport" content="user-scalable=no">'
    ...                        '</head><body><div></div></body></html>', "A & B")
    >>> page.startswith('<html lang="en"><head><title>A &amp; B</title>')
    True
    >>> "user-scalable" in page, '<main class="csto-map-page" aria-label="A &amp; B">' in page
    (False, True)
    """
    html = re.sub(r"<html(?![^>]*\blang=)", '<html lang="en"', html, count=1)
    html = html.replace("<head>", f"<head><title>{esc(title)}</title>", 1)
    html = _FOLIUM_VIEWPORT.sub(_VIEWPORT, html, count=1)
    html = html.replace("<body>", f'<body><main class="csto-map-page" aria-label="{esc(title)}">',
                        1)
    head, sep, tail = html.rpartition("</body>")
    return f"{head}</main>{sep}{tail}" if sep else html


def new_map(tiles: bool, bounds: list[list[float]]) -> Any:
    """A folium.Map that works offline (Leaflet inlined, no CDN links, no tiles unless asked),
    showing `bounds` at once with room for the caption (folium's FitBounds animates)."""
    check_flag("tiles", tiles)
    folium = require("folium")
    m = _map_class()(
        location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        zoom_start=3, tiles=None, zoom_snap=0.25)
    # the page (shown in the notebook's frame, or saved with m.save) is rendered by the root
    # Figure: made accessible there, with the map's caption as its title
    root = m.get_root()
    render = root.render
    root.render = lambda **kwargs: accessible_page(render(**kwargs), m.csto_title)
    # instance attributes: the class-level lists, shared by every folium map, stay as they are
    m.default_js = []
    m.default_css = []
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap",
                         max_zoom=19).add_to(m)
    from branca.element import Element

    inline = Element("{{ this.text }}")  # the text as it is, not read as a template
    inline.text = (f"<style>{leaflet_css()}</style>\n<script>{leaflet_js()}</script>\n"
                   f"<script>{_JQUERY_STANDIN}</script>\n{_STYLE}")
    m.get_root().header.add_child(inline, name="leaflet_inline")
    _macro(m, "FitBounds", "{% macro script(this, kwargs) %}"
           "{{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, "
           "{paddingTopLeft: [10, 70], paddingBottomRight: [10, 120], animate: false});"
           "{% endmacro %}",
           bounds=[[round(float(v), 3) for v in corner] for corner in bounds])
    # Leaflet's own attribution prefix carries a national flag: a plain link instead
    _macro(m, "Prefix", "{% macro script(this, kwargs) %}{{ this._parent.get_name() }}"
           ".attributionControl.setPrefix('<a href=\"https://leafletjs.com\">Leaflet</a>');"
           "{% endmacro %}")
    return m


def _macro(m: Any, name: str, template: str, **values: Any) -> None:
    """Add a MacroElement rendering the Jinja `template`, `values` as data (never templates)."""
    from branca.element import MacroElement
    from folium.template import Template

    element = MacroElement()
    element._name = name
    element.__dict__.update(values)
    element._template = Template(template)
    m.add_child(element)


def _box(m: Any, css_class: str, title: str, rows: list[str], tag: str = "b") -> None:
    """Add a fixed box over the map: the title (escaped here) in bold (in a `tag` element),
    then the `rows` (HTML, escaped already)."""
    _macro(m, "CstoBox", "{% macro html(this, kwargs) %}"
           '<div class="csto-box {{ this.css_class }}">{{ this.inner }}</div>{% endmacro %}',
           css_class=css_class, inner=f"<{tag}>{esc(title)}</{tag}>" + "".join(rows))


def caption(m: Any, title: str, lines: list[str]) -> None:
    """A caption box: the title (the page's heading: level 2, as the map usually sits in a
    lesson's section, whose heading is level 2), then smaller lines and the borders' source
    (plain text)."""
    _box(m, "csto-caption", title, [f"<small>{esc(t)}</small>" for t in [*lines, BORDERS_LINE]],
         tag="h2")
    m.csto_title = title


def legend(m: Any, title: str, entries: list[tuple[str, str, str]]) -> None:
    """A legend box. Each entry is (label, fill colour, "area" or "dot"), label escaped here."""
    _box(m, "csto-legend", title, [
        f'<div><i{" class=dot" if kind == "dot" else ""} style="background:{esc(color)}"></i>'
        f"{esc(label)}</div>" for label, color, kind in entries])


@cached
def _shapes_text(name: str = "countries.geojson") -> str:
    path = data_dir() / "shapes" / name
    if not path.is_file():
        raise DataFileError(f"The country shapes are missing: {path} does not exist. See "
                            "data/shapes/README.md for how to make it.")
    return path.read_text(encoding="utf-8")


def shapes() -> dict[str, dict]:
    """iso3 -> GeoJSON Feature (a fresh copy) from data/shapes/countries.geojson."""
    return {f["properties"]["iso3"]: f for f in json.loads(_shapes_text())["features"]}


def world_shapes() -> dict[str, dict]:
    """iso3 -> GeoJSON Feature from data/shapes/world.geojson (the members of the bodies in
    alliance_members; states too small for Natural Earth 1:110m are not in it)."""
    return {f["properties"]["iso3"]: f
            for f in json.loads(_shapes_text("world.geojson"))["features"]}


def bounds_of(features: list[dict], points: list[tuple[float, float]] = ()) -> list[list[float]]:
    """[[south, west], [north, east]] around the features and (lat, lon) points, leaving out
    pieces wholly west of 160°W (Russia's Chukotka), which would stretch it round the world."""
    rings = [poly[0] for f in features for poly in (
        [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon"
        else f["geometry"]["coordinates"])]
    lonlats = [(lon, lat) for lat, lon in points]
    lonlats += [xy for ring in rings if max(x for x, _ in ring) >= -160 for xy in ring]
    if not lonlats:
        return [[35.0, 20.0], [70.0, 100.0]]
    lons, lats = zip(*lonlats, strict=True)
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


#: Binds each feature's tooltip and popup (HTML escaped in Python) when Leaflet draws it;
#: autoPan keeps an opened popup clear of the caption box at the top of the map.
_ON_EACH_FEATURE = (
    "function(feature, layer) {"
    " var p = feature.properties;"
    " if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }"
    " if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 320,"
    " autoPanPaddingTopLeft: [60, 130], autoPanPaddingBottomRight: [20, 20]}); }"
    " }"
)
SPREAD_NOTE = "shown spread round the point the data give, which several places share"


def spread(points: list[tuple[float, float]], radius: float = 0.6) -> list[tuple[float, float]]:
    """The (lat, lon) points, those sharing a place moved evenly onto a circle round it
    (`radius` in degrees of latitude), so that each dot can be pointed at."""
    counts, seen = Counter(points), Counter()
    out = []
    for lat, lon in points:
        n, k = counts[(lat, lon)], seen[(lat, lon)]
        seen[(lat, lon)] += 1
        angle = 2 * math.pi * k / n
        out.append((lat, lon) if n == 1 else (
            round(lat + radius * math.cos(angle), 4),
            round(lon + radius * math.sin(angle) / math.cos(math.radians(lat)), 4)))
    return out


def add_layer(m: Any, features: list[dict], name: str, radius: int = 8) -> None:
    """Add features as one folium.GeoJson layer, each styled by its ``properties.style``;
    points are drawn as CircleMarkers (no icon images or fonts needed)."""
    import folium
    from folium.utilities import JsCode

    folium.GeoJson({"type": "FeatureCollection", "features": features}, name=name,
                   marker=folium.CircleMarker(radius=radius, fill=True),
                   on_each_feature=JsCode(_ON_EACH_FEATURE)).add_to(m)
