"""The website in a real Chromium: offline, maps and explorer snapshots drawn, links resolved,
no serious or critical accessibility problem (axe-core). See conftest.py for the set-up."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from csto.paths import lessons

from .site_support import ROOT, hrefs, pages, site_tool

pytestmark = pytest.mark.site

PAGES = pages() or ["index.html"]
LESSONS = [f"notebooks/{p.stem}.html" for p in lessons().values()]

#: axe-core rules that may fail on a page for now, each with its reason. Keep it short and
#: empty when possible: everything here is a known problem with an owner.
AXE_ALLOWED: dict[tuple[str, str], str] = {}


def _stored(lesson: str) -> dict:
    """The notebook the page was built from (its staged copy, so that a lesson edited since the
    build is not compared with the older page)."""
    name = Path(lesson).with_suffix(".ipynb").name
    staged = ROOT / "build" / "site-src" / "notebooks" / name
    path = staged if staged.is_file() else ROOT / "notebooks" / name
    return json.loads(path.read_text(encoding="utf-8"))


def _outputs(nb: dict):
    for cell in nb["cells"]:
        yield from cell.get("outputs", [])


@pytest.mark.parametrize("page", PAGES)
def test_page_is_offline(visit, page):
    """Opening the page asks no other host for anything (map tiles apart), finds every local
    file it asks for and raises no JavaScript error."""
    v = visit(page)
    assert v.external == [], f"{page} asked other hosts for: {v.external}"
    assert v.not_found == [], f"{page} asked for files the site does not have: {v.not_found}"
    assert v.errors == [], f"{page} raised JavaScript errors: {v.errors}"


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_serious_accessibility_problem(visit, page):
    """axe-core finds no serious or critical violation (apart from AXE_ALLOWED, with reasons)."""
    v = visit(page)
    bad = [r for r in v.axe if r["impact"] in ("serious", "critical")
           and (page, r["id"]) not in AXE_ALLOWED]
    assert not bad, f"{page}: " + "; ".join(
        f"{r['id']} ({r['impact']}, {r['nodes']}x: {r['help']}; e.g. {r['targets'][:2]})"
        for r in bad)


@pytest.mark.parametrize("lesson", LESSONS)
def test_maps_and_explorers_are_drawn(visit, lesson):
    """Every stored map draws its shapes (Leaflet paths in its iframe); every stored explorer
    is drawn from its saved state, with the snapshot note and its Binder link."""
    nb = _stored(lesson)
    n_maps = sum("leaflet" in "".join(o.get("data", {}).get("text/html", "")).lower()
                 and "<iframe" in "".join(o.get("data", {}).get("text/html", ""))
                 for o in _outputs(nb))
    n_widgets = sum("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                    for o in _outputs(nb))
    v = visit(lesson)
    drawn = [n for n in v.maps if n > 0]
    assert len(drawn) >= n_maps, f"{lesson}: {n_maps} stored maps, Leaflet paths per frame {v.maps}"
    assert v.widgets >= n_widgets, f"{lesson}: {n_widgets} explorers stored, {v.widgets} drawn"
    assert v.snapshot_notes == n_widgets, \
        f"{lesson}: {n_widgets} explorers but {v.snapshot_notes} snapshot notes with a Binder link"
    # a slider needs a track to drag (lesson 04's day slider once had none: 0 px)
    assert all(w >= 100 for w in v.slider_tracks), \
        f"{lesson}: slider tracks of {v.slider_tracks} px (each needs 100 px or more)"


@pytest.mark.parametrize("page", PAGES)
def test_internal_links_resolve(site_dir, page):
    """Every link to a local page resolves to a file of the site (not to a .md or .ipynb)."""
    broken = []
    for href in hrefs((site_dir / page).read_text(encoding="utf-8")):
        parsed = urlparse(href)
        if parsed.scheme or parsed.netloc or not parsed.path:
            continue
        target = (site_dir / page).parent / unquote(parsed.path)
        if target.is_dir():
            target = target / "index.html"
        inside = target.resolve().is_relative_to(site_dir.resolve())
        source_link = target.suffix in (".md", ".ipynb") and "_sources" not in target.parts
        if not inside or not target.is_file() or source_link:
            broken.append(href)
    assert broken == [], f"{page} links to pages the site does not have: {broken}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_feedback_of_unanswered_exercises_is_hidden(site_dir, lesson):
    html = (site_dir / lesson).read_text(encoding="utf-8")
    assert "csto-feedback-wrong" not in html
    assert "Not yet." not in html


def test_every_lesson_and_teachers_page_is_in_the_site(site_dir):
    """New lessons and teachers' pages appear without editing the site's configuration."""
    expected = set(LESSONS) | {f"teachers/{p.stem}.html" for p in (ROOT / "teachers").glob("*.md")}
    expected |= {"index.html", "data/README.html", "data/sources.html"}
    assert expected <= set(pages())


def test_sources_page_lists_every_source(site_dir):
    import csv

    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        ids = [row["source_id"] for row in csv.DictReader(f)]
    html = (site_dir / "data" / "sources.html").read_text(encoding="utf-8")
    missing = [i for i in ids if f'<span class="pre">{i}</span>' not in html]
    assert missing == []


def test_site_shows_the_version(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    found = re.search(r'id="csto-version">([^<]+)<', html)
    assert found and found.group(1) == site_tool.version()


def test_print_drops_interactive_parts(browser, base_url):
    """In print (the handouts), the sidebars, buttons, explorers and snapshot notes are gone;
    tables and charts stay."""
    lesson = next((p for p in LESSONS if "application/vnd.jupyter.widget-view+json"
                   in json.dumps(_stored(p))), LESSONS[0])
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base_url)
               else r.abort())
    page.goto(f"{base_url}/{lesson}", wait_until="load")
    page.emulate_media(media="print")
    for selector in (".bd-sidebar-primary", ".bd-header", ".jupyter-widgets",
                     ".csto-snapshot", "button"):
        visible = [e for e in page.locator(selector).all() if e.is_visible()]
        assert not visible, f"{selector} is printed in {lesson}"
    assert page.locator("table.dataframe").first.is_visible()
    page.close()
