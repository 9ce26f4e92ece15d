"""csto.maps: offline folium maps that draw what the data holds, with escaped text."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import csto
import folium
import pytest
from conftest import ROOT
from csto import maps
from csto.data import schema
from csto.errors import BadDateError, UnknownNameError
from csto.queries import STATUSES
from csto.text import esc

LIMIT = 250_000
PAYLOAD = "<script>alert(1)</script>"
JS_PAYLOAD = "`${alert(2)}`"
ID = re.compile(r"([a-z])_[0-9a-f]{32}(?![0-9a-f])")  # as in tests/nbval_sanitize.cfg


def _append(folder: Path, table: str, rows: list[dict]) -> None:
    fields = [f["name"] for f in schema(table)["fields"]]
    path = folder / f"{table}.csv"
    with path.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in fields})


@pytest.fixture
def extra_data(tmp_path, monkeypatch):
    """A copy of the data set with test rows added (two crises, two sites, two contingents,
    three figures), some carrying HTML and JavaScript in their text. The real tables may be
    empty while they are being filled; these rows make every layer of every map testable."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as fh:
        source = next(csv.DictReader(fh))["source_id"]
    common = {"source_id": source}
    _append(folder, "crises", [
        {**common, "crisis_id": "test-one", "name": f"Test crisis {PAYLOAD}",
         "start_date": "2010-06", "start_precision": "month", "state": "KGZ",
         "kind": "internal unrest", "territory": "member's own territory",
         "place": "Osh", "lat": "40.53", "lon": "72.8",
         "request_type": "formal request for assistance (Article 4)",
         "response": "declined", "response_detail": "test", "outcome": f"ended {JS_PAYLOAD}"},
        {**common, "crisis_id": "test-two", "name": "Test crisis two",
         "start_date": "2021-04-28", "start_precision": "day", "end_date": "2021-05-01",
         "end_precision": "day", "state": "TJK", "other_states": "KGZ",
         "kind": "border clash between members", "territory": "disputed territory",
         "place": "Isfara", "lat": "40.12", "lon": "70.63", "request_type": "no request",
         "response": "mission or statement only", "response_detail": "test",
         "outcome": "ceasefire"},
    ])
    _append(folder, "kz2022_sites", [
        {**common, "site_id": "test-airport", "name": f"Test airport {PAYLOAD}",
         "kind": "airport", "city": "Almaty", "lat": "43.35", "lon": "77.04",
         "guarded_by": "RUS;BLR"},
        {**common, "site_id": "test-plant", "name": "Test power plant", "kind": "power plant",
         "city": "Almaty", "lat": "43.27", "lon": "76.9"},
    ])
    _append(folder, "kz2022_contingent", [
        {**common, "row_id": "test-rus", "iso3": "RUS", "personnel": "1000",
         "qualifier": "about", "status": "reported", "date": "2022-01-07",
         "date_precision": "day"},
        {**common, "row_id": "test-arm", "iso3": "ARM", "status": "unknown",
         "date": "2022-01-07", "date_precision": "day"},
    ])
    _append(folder, "kz2022_figures", [
        {**common, "figure_id": "test-d1", "measure": "deaths", "value": "100",
         "qualifier": "exact", "as_of": "2022-01-09", "as_of_precision": "day", "stated_by": "test",
         "status": "official"},
        {**common, "figure_id": "test-d2", "measure": "deaths", "value": "150",
         "qualifier": "about", "as_of": "2022-01-12", "as_of_precision": "day", "stated_by": "test",
         "status": "reported"},
        {**common, "figure_id": "test-d3", "measure": "deaths", "value": "200",
         "qualifier": "exact", "as_of": "2022-01-15", "as_of_precision": "day", "stated_by": "test",
         "status": "official"},
    ])
    with (folder / "states.csv").open(encoding="utf-8") as fh:
        states = list(csv.DictReader(fh))
    for row in states:
        if row["iso3"] == "FRA":
            row["name"] = f"France {PAYLOAD}"
    with (folder / "states.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(states[0]))
        writer.writeheader()
        writer.writerows(states)
    monkeypatch.setenv("CSTO_DATA", str(folder))
    csto.data.clear_cache()
    yield folder
    monkeypatch.delenv("CSTO_DATA")
    csto.data.clear_cache()


def html_of(m: folium.Map) -> str:
    return m.get_root().render()


def layer(m: folium.Map, name: str) -> folium.GeoJson | None:
    hits = [c for c in m._children.values()
            if isinstance(c, folium.GeoJson) and c.layer_name == name]
    assert len(hits) <= 1
    return hits[0] if hits else None


def features(m: folium.Map, name: str) -> list[dict]:
    found = layer(m, name)
    return [] if found is None else found.data["features"]


def all_maps() -> list[tuple[str, folium.Map]]:
    return [("membership", maps.membership_map("2000-06-01")),
            ("crisis", maps.crisis_map()),
            ("kazakhstan", maps.kazakhstan_map())]


def shape_codes() -> set[str]:
    data = json.loads((csto.paths.data_dir() / "shapes" / "countries.geojson").read_text())
    return {f["properties"]["iso3"] for f in data["features"]}


# --- what is drawn matches the data ---------------------------------------------------------

@pytest.mark.parametrize("date", ["1993-01-01", "2000-06-01", "2013-06-01", csto.as_of()])
def test_membership_map_draws_every_state_with_its_status(date):
    m = maps.membership_map(date)
    drawn = {f["properties"]["iso3"]: f for f in features(m, "States")}
    status = csto.status_on(date).set_index("iso3")
    assert set(drawn) == set(status.index) & shape_codes()
    assert len(drawn) == len(csto.load("states"))  # every state has an outline
    colour_of_status: dict[str, str] = {}
    for iso3, feature in drawn.items():
        st = str(status.loc[iso3, "status"])
        tip = feature["properties"]["tooltip"]
        assert status.loc[iso3, "name"] in tip
        assert STATUSES[st][0] in tip
        # each status its own colour, the one in the shared table
        colour = feature["properties"]["style"]["fillColor"]
        assert colour == STATUSES[st][1]
        colour_of_status[st] = colour
    assert len(set(colour_of_status.values())) == len(colour_of_status)


def test_membership_map_caption_and_legend():
    page = html_of(maps.membership_map("2012-12-31"))
    assert "CSTO membership on 2012-12-31" in page
    assert ("Borders: Natural Earth 1:110m, drawn as Natural Earth draws them; "
            "see data/shapes/README.md") in page
    for label, _, _ in STATUSES.values():
        assert f"</i>{label}</div>" in page


def test_membership_map_changes_with_the_date():
    before = {f["properties"]["iso3"]: f["properties"]["tooltip"]
              for f in features(maps.membership_map("1998-01-01"), "States")}
    after = {f["properties"]["iso3"]: f["properties"]["tooltip"]
             for f in features(maps.membership_map("2000-01-01"), "States")}
    changed = {c for c in before if before[c] != after[c]}
    s98 = csto.status_on("1998-01-01").set_index("iso3")["status"]
    s00 = csto.status_on("2000-01-01").set_index("iso3")["status"]
    assert changed == {c for c in s98.index if s98[c] != s00[c]}
    assert changed  # the 1999 lapse happened in between


def check_position(feature: dict, rec) -> None:
    """A dot is at the data's place, or (several sharing one place) close round it."""
    props = feature["properties"]
    assert (props["lat"], props["lon"]) == (rec.lat, rec.lon)
    lon, lat = feature["geometry"]["coordinates"]
    if (lat, lon) != (rec.lat, rec.lon):
        assert abs(lat - rec.lat) < 1 and abs(lon - rec.lon) < 1.5
        assert "shown spread round" in props["popup"]


def test_dots_sharing_a_place_are_spread_and_kept_apart():
    points = [(43.25, 76.91)] * 5 + [(40.0, 70.0)]
    shown = maps.lf.spread(points)
    assert shown[-1] == (40.0, 70.0)
    assert len(set(shown)) == len(points)
    assert all(abs(a - 43.25) <= 0.61 and abs(b - 76.91) <= 0.61 / 0.72 for a, b in shown[:5])


def check_crisis_map(response=None):
    m = maps.crisis_map(response=response)
    table = csto.crises(response=response)
    dots = features(m, "Crises")
    assert [f["properties"]["crisis_id"] for f in dots] == list(table["crisis_id"])
    for f, rec in zip(dots, table.itertuples(), strict=True):
        check_position(f, rec)
        assert f["properties"]["style"]["fillColor"] == maps.RESPONSE_COLORS[rec.response]
        popup = f["properties"]["popup"]
        for text in (rec.request_type, rec.response):
            assert esc(text) in popup
        assert rec.start_date_text in f["properties"]["tooltip"]
    members = set(csto.members_on(csto.as_of()))
    names = csto.load("states").set_index("iso3")["name"]
    states = features(m, "States")
    assert len(states) == len(names)
    for f in states:
        shaded = f["properties"]["style"]["fillColor"] != "#ffffff"
        assert shaded == (names[f["properties"]["iso3"]] in members)
    return m, table


def test_crisis_map_draws_each_episode():
    check_crisis_map()


def test_crisis_map_with_added_episodes(extra_data):
    m, table = check_crisis_map()
    assert {"test-one", "test-two"} <= set(table["crisis_id"])
    m, table = check_crisis_map(response="declined")
    assert set(table["response"]) <= {"declined"} and "test-one" in set(table["crisis_id"])
    check_crisis_map(response=["declined", "mission or statement only"])


def check_kazakhstan_map():
    m = maps.kazakhstan_map()
    sites = csto.kazakhstan_sites()
    dots = features(m, "Places secured")
    assert [f["properties"]["site_id"] for f in dots] == list(sites["site_id"])
    for f, rec in zip(dots, sites.itertuples(), strict=True):
        check_position(f, rec)
        assert esc(rec.city) in f["properties"]["tooltip"]
    contributors = set(csto.kazakhstan_contingent()["iso3"]) - {"KAZ"}
    fills: dict[str, set[str]] = {"KAZ": set(), "contrib": set(), "other": set()}
    for f in features(m, "States"):
        iso3 = f["properties"]["iso3"]
        kind = "KAZ" if iso3 == "KAZ" else "contrib" if iso3 in contributors else "other"
        fills[kind].add(f["properties"]["style"]["fillColor"])
    assert len(fills["KAZ"]) == 1 and len(fills["other"]) == 1
    assert len(fills["contrib"]) == (1 if contributors else 0)
    assert len(fills["KAZ"] | fills["contrib"] | fills["other"]) == (3 if contributors else 2)
    return m, sites


def test_kazakhstan_map_draws_each_site():
    check_kazakhstan_map()


def test_kazakhstan_map_with_added_sites(extra_data):
    m, sites = check_kazakhstan_map()
    assert {"test-airport", "test-plant"} <= set(sites["site_id"])
    popup = {f["properties"]["site_id"]: f["properties"]["popup"]
             for f in features(m, "Places secured")}
    assert "Russia, Belarus" in popup["test-airport"]
    assert "not known" in popup["test-plant"]


def test_maps_show_in_a_browser_count_of_features_in_page(extra_data):
    """The page itself (not only the Python object) holds one feature per state and dot."""
    for _, m in all_maps():
        page = html_of(m)
        drawn = page.count('"type": "Feature"')
        expected = sum(len(c.data["features"]) for c in m._children.values()
                       if isinstance(c, folium.GeoJson))
        assert drawn == expected


# --- offline, small, stable ------------------------------------------------------------------

@pytest.mark.parametrize("tiles", [False, True])
def test_no_script_or_stylesheet_by_url(extra_data, tiles):
    for kind, m in [("membership", maps.membership_map(2005, tiles=tiles)),
                    ("crisis", maps.crisis_map(tiles=tiles)),
                    ("kazakhstan", maps.kazakhstan_map(tiles=tiles))]:
        page = html_of(m)
        srcs = re.findall(r"<script[^>]*\bsrc\s*=\s*[\"']?([^\"'\s>]+)", page, re.I)
        links = re.findall(r"<link[^>]*\bhref\s*=\s*[\"']?([^\"'\s>]+)", page, re.I)
        assert srcs == [] and links == [], (kind, srcs, links)
        assert not re.search(r"@import|url\((?!data:|#)", page), kind
        assert "sourceMappingURL" not in page
        assert "L.map(" in page and "leafletjs.com" in page  # Leaflet itself is inline
        assert m.default_js == [] and m.default_css == []
    # the class-level CDN lists, shared by every folium map, were left alone
    assert any(url.startswith("https://") for _, url in folium.Map.default_js)


def test_maps_are_small(extra_data):
    for kind, m in all_maps():
        size = len(html_of(m).encode("utf-8"))
        assert size < LIMIT, f"{kind} map is {size} bytes"


def test_no_tiles_by_default_and_osm_when_asked():
    for _, m in all_maps():
        page = html_of(m)
        assert "L.tileLayer" not in page and "openstreetmap" not in page.lower()
    page = html_of(maps.membership_map("2000-06-01", tiles=True))
    assert "L.tileLayer" in page
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in page
    assert "OpenStreetMap" in page and "contributors" in page  # attribution
    layers = [c for c in maps.crisis_map(tiles=True)._children.values()
              if isinstance(c, folium.TileLayer)]
    assert len(layers) == 1


def test_output_is_the_same_on_every_run():
    """The stable ids: the same call gives the same HTML byte for byte (no sanitizing here),
    and different calls give different ids, so two maps in one notebook never clash."""
    pages = []
    for make in (lambda: maps.membership_map("2024-06-01"), maps.crisis_map,
                 maps.kazakhstan_map, lambda: maps.membership_map("2000-06-01")):
        first, second = make()._repr_html_(), make()._repr_html_()
        assert first == second
        pages.append(set(m.group(0) for m in ID.finditer(html_of(make()))))
    assert all(pages)
    for a, b in zip(pages, pages[1:], strict=False):
        assert not a & b


# --- escaping ---------------------------------------------------------------------------------

def test_text_from_the_data_is_escaped(extra_data):
    pages = {kind: html_of(m) for kind, m in all_maps()}
    for kind, page in pages.items():
        assert "<script>alert" not in page, kind
        # tojson in folium's templates would hide a raw "<" as \u003c, which the browser
        # turns back into "<" before Leaflet puts the tooltip into the page: it must not be
        assert "\\u003cscript\\u003ealert" not in page, kind
        assert "${alert" not in page, kind
    # France's name, changed to carry the payload, shows as text in every map
    for page in pages.values():
        assert "France \\u0026lt;script\\u0026gt;alert(1)\\u0026lt;/script\\u0026gt;" in page
    crisis = maps.crisis_map()
    tip = {f["properties"]["crisis_id"]: f["properties"] for f in features(crisis, "Crises")}
    assert "Test crisis &lt;script&gt;alert(1)&lt;/script&gt;" in tip["test-one"]["tooltip"]
    assert "&#96;&#36;{alert(2)}&#96;" in tip["test-one"]["popup"]
    site = next(f["properties"] for f in features(maps.kazakhstan_map(), "Places secured")
                if f["properties"]["site_id"] == "test-airport")
    assert "&lt;script&gt;" in site["tooltip"] and "&lt;script&gt;" in site["popup"]


def test_legend_text_is_escaped(monkeypatch):
    monkeypatch.setitem(maps.RESPONSE_COLORS, PAYLOAD, "#000000")
    page = html_of(maps.crisis_map())
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (0)" in page


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("date", ["2000-13-01", "06/01/2000", "1980-01-01", "2999", None])
def test_bad_date(date):
    with pytest.raises(BadDateError, match="date|range|YYYY-MM-DD"):
        maps.membership_map(date)


@pytest.mark.parametrize("response", ["deployed", "Declined", ["declined", "refused"]])
def test_unknown_response(response):
    with pytest.raises(UnknownNameError, match="response"):
        maps.crisis_map(response=response)


@pytest.mark.parametrize("func", [lambda t: maps.membership_map("2000", tiles=t),
                                  lambda t: maps.crisis_map(tiles=t),
                                  lambda t: maps.kazakhstan_map(tiles=t)])
def test_tiles_must_be_true_or_false(func):
    with pytest.raises(csto.CstoError, match="tiles must be True or False, not 'yes'"):
        func("yes")


def test_missing_shapes_say_where_to_look(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("countries.geojson"))
    monkeypatch.setenv("CSTO_DATA", str(folder))
    csto.data.clear_cache()
    maps.lf._shapes_text.cache_clear()
    try:
        with pytest.raises(csto.errors.DataFileError, match="countries.geojson"):
            maps.membership_map("2000")
    finally:
        monkeypatch.delenv("CSTO_DATA")
        csto.data.clear_cache()
        maps.lf._shapes_text.cache_clear()


# --- cheap import ----------------------------------------------------------------------------

def test_import_csto_loads_no_plotting_library():
    code = (
        "import sys, csto, csto.maps, csto.charts\n"
        "heavy = [m for m in ('folium', 'branca', 'matplotlib', 'jinja2') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
        "csto.membership_map\n"
        "print('folium' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split("\n")
    assert out[0] == ""
    assert out[1] == "False"  # looking the function up does not import folium either


def test_kazakhstan_tooltips_prefer_official_figures_and_say_when_none_exists():
    from csto.maps import _contingent_words

    contingent = csto.kazakhstan_contingent()
    for iso3, rows in contingent.groupby("iso3"):
        words = _contingent_words(rows)
        official = rows[(rows["status"] == "official") & rows["personnel"].notna()]
        if len(official):
            assert words.endswith("official figure"), (iso3, words)
            assert f"{int(official['personnel'].iloc[-1]):,} personnel" in words
        elif rows["personnel"].notna().any():
            assert words.startswith("no official figure; the media reported"), (iso3, words)
        else:
            assert words == "no figure given"


def test_crisis_map_follows_the_state_filter_and_popups_clear_the_caption():
    """The crisis explorer's map shows only the episodes of the chosen state, and a popup
    opened near the top pans clear of the caption box."""
    m = maps.crisis_map(state="Armenia")
    ids = [f["properties"]["crisis_id"] for f in features(m, "Crises")]
    assert ids == list(csto.crises(state="Armenia")["crisis_id"]) and ids
    assert "involving Armenia" in html_of(m)
    assert "autoPanPaddingTopLeft: [60, 130]" in html_of(m)


def test_crisis_explorer_map_follows_the_state_dropdown():
    from csto.widgets import crisis_explorer

    def parts(box):  # every widget inside the explorer, found by class, not by position
        for child in getattr(box, "children", ()):
            yield child
            yield from parts(child)

    explorer = crisis_explorer()
    state = next(c for c in parts(explorer) if "csto-crisis-state" in c._dom_classes)
    state.value = "Kazakhstan"
    map_out = next(c for c in parts(explorer) if "csto-crisis-map" in c._dom_classes)
    html = map_out.outputs[0]["data"]["text/html"]
    assert "involving Kazakhstan" in html


@pytest.mark.parametrize("make", [lambda: maps.membership_map("2000-06-01"), maps.crisis_map,
                                  maps.kazakhstan_map])
def test_maps_are_accessible(make):
    """Every map has a title on its frame, its data as a table under it, a JupyterLab 4 text
    where it cannot be drawn, and no national flag in Leaflet's attribution."""
    m = make()
    page = m._repr_html_()
    assert f'<iframe title="{esc(m.csto_title)}"' in page and m.csto_title != "Map"
    head, rows = m.csto_table
    assert rows and "<details class='csto-map-data'>" in page
    assert all(str(rows[0][0]) in page for _ in head)
    assert "File -&gt; Trust Notebook" not in page and "File -> Trust" not in page
    assert "Command Palette" in page
    # Leaflet's default prefix (with its flag) is replaced by a plain link when the map loads
    assert ".attributionControl.setPrefix('<a href=\"https://leafletjs.com\">Leaflet</a>')" in (
        html_of(m))


def test_map_data_table_escapes_names_once(extra_data):
    """The "guarded by" column was escaped twice (France <script> showed as &amp;lt;script...)."""
    _append(extra_data, "kz2022_sites", [
        {"source_id": csto.load("sources")["source_id"].iloc[0], "site_id": "test-fr",
         "name": "Test depot", "kind": "airport", "city": "Almaty", "lat": "43.3",
         "lon": "76.95", "guarded_by": "FRA"}])
    csto.data.clear_cache()
    m = maps.kazakhstan_map()
    row = next(r for r in m.csto_table[1] if r[0] == "Test depot")
    assert row[-1] == f"France {PAYLOAD}"  # plain text in the table, escaped once in the page
    page = m._repr_html_()
    assert f"<td>France {esc(PAYLOAD)}</td>" in page and "&amp;lt;script" not in page


def test_alliance_map_shades_every_drawable_member_and_lists_all():
    m = maps.alliance_map(["gcc", "arab-league-1950"])
    drawn = {f["properties"]["iso3"]: f["properties"]["style"]["fillColor"]
             for f in features(m, "Members")}
    members = csto.alliance_members(["gcc", "arab-league-1950"])
    assert drawn["SAU"] == maps._SEVERAL and drawn["EGY"] == maps.BODY_COLORS[1]
    assert "BHR" not in drawn  # too small for Natural Earth 1:110m, so it is named instead
    assert "Bahrain" in m.csto_title or "Bahrain" in html_of(m)
    assert len(m.csto_table[1]) == members["iso3"].nunique()
    with pytest.raises(csto.CstoError, match="at most 5 bodies"):
        maps.alliance_map(list(csto.alliances()["body_id"]))


# --- the map's own page (inside the notebook's frame, or saved with m.save) ------------------

@pytest.mark.parametrize("index", range(4))
def test_each_map_page_has_a_language_a_title_a_main_landmark_and_a_heading(index):
    """What axe-core asks of a page (issue 23): lang, <title>, zoom allowed (no
    user-scalable=no, no maximum-scale), a main landmark named by the title and a heading (level
    2: in a lesson the map sits under a section's heading); the page's title is the map's
    caption, as is the frame's title in the notebook."""
    name, m = [*all_maps(), ("alliance", maps.alliance_map(["nato", "csto"]))][index]
    page = m.get_root().render()
    assert re.search(r'<html lang="en"', page), name
    title = re.search(r"<title>(.*?)</title>", page)
    assert title and title.group(1) == csto.text.esc(m.csto_title), name
    viewport = re.findall(r'<meta name="viewport"[^>]*>', page)
    assert len(viewport) == 1 and "user-scalable" not in viewport[0] \
        and "maximum-scale" not in viewport[0], viewport
    assert page.count("<main") == 1 and page.index("<main") < page.index('class="folium-map"')
    assert f'<main class="csto-map-page" aria-label="{title.group(1)}">' in page
    assert page.index('class="folium-map"') < page.index("</main>") < page.index("</body>")
    heading = re.search(r"<h2>(.*?)</h2>", page)
    assert heading and heading.group(1) == title.group(1), name
    assert f'<iframe title="{csto.text.esc(m.csto_title)}"' in m._repr_html_()
