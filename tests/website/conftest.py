"""Fixtures of the website tests (marker `site`, run by `make site-test`).

- They test the built site in build/site (`make site` builds it; `make site-test` builds it
  first when it is missing or older than its sources). Without it they skip, saying so; under
  CI (CI=true) they fail.
- The site is served on 127.0.0.1 by a thread (tools/site.py serve) and opened in Debian's
  Chromium (`/usr/bin/chromium`, or CSTO_CHROMIUM) through Playwright. Every request for another
  host is aborted and recorded; map tile servers are counted apart (the maps may show tiles).
- Each page is opened once per session (`visit`): what it requested, its JavaScript errors,
  its axe-core results and what the browser drew are kept for the tests that ask.
- These tests run only when the marker expression names `site` (`pytest -m site`): the unit
  stage (`pytest -m "not browser" tests`) must not pick them up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .site_support import AXE, CI, REPORT, ROOT, SITE, TILE_HOSTS, site_tool


def pytest_collection_modifyitems(config, items):
    """Keep the site tests out of runs whose marker expression does not name `site`."""
    if "site" in (config.option.markexpr or ""):
        return
    here = Path(__file__).parent
    mine = [i for i in items if here in Path(str(i.fspath)).parents]
    if mine:
        config.hook.pytest_deselected(items=mine)
        items[:] = [i for i in items if i not in mine]


def _skip_or_fail(message: str) -> None:
    if CI:
        pytest.fail(f"{message} (CI=true: the site tests must run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").is_file():
        _skip_or_fail("the website is not built: run `make site` (or `make site-test`)")
    return SITE


@pytest.fixture(scope="session")
def base_url(site_dir):
    with site_tool.serve(site_dir) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Playwright is not installed: run `make env-dev` (requirements-dev.txt)")
    executable = site_tool.chromium()
    if executable is None:
        _skip_or_fail("no Chromium found for the site tests: install Debian's chromium package "
                      "(apt-get install chromium) or set CSTO_CHROMIUM=/path/to/chromium")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=site_tool.CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Visit:
    """What one page did when it was opened."""

    page: str
    external: list[str] = field(default_factory=list)   # requests to other hosts (aborted)
    tiles: list[str] = field(default_factory=list)      # requests to tile servers (aborted)
    not_found: list[str] = field(default_factory=list)  # local requests answered 404
    errors: list[str] = field(default_factory=list)     # JavaScript errors
    maps: list[int] = field(default_factory=list)       # Leaflet paths drawn, per map iframe
    widgets: int = 0                                     # widget views drawn
    snapshot_notes: int = 0                              # snapshot notes with a Binder link
    slider_tracks: list[float] = field(default_factory=list)  # px width of each slider's track
    axe: list[dict] = field(default_factory=list)       # axe-core violations


@pytest.fixture(scope="session")
def visit(browser, base_url):
    """visit(page) -> Visit: opens the page once per session (cached), with other hosts
    blocked, lets its maps and widgets draw, then runs axe-core on it and on its frames."""
    if not AXE.is_file():
        _skip_or_fail(f"axe-core is missing ({AXE.relative_to(ROOT)}): run "
                      "`python tools/site.py assets` (make site-test does)")
    local = urlparse(base_url).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    current: list[Visit] = []

    def route(r):
        parsed = urlparse(r.request.url)
        if parsed.scheme in ("data", "blob", "about") or parsed.netloc == local:
            r.continue_()
            return
        bucket = current[-1].tiles if TILE_HOSTS.search(parsed.hostname or "") else \
            current[-1].external
        bucket.append(r.request.url)
        r.abort()

    context.route("**/*", route)
    cache: dict[str, Visit] = {}

    def open_page(rel: str) -> Visit:
        if rel in cache:
            return cache[rel]
        v = Visit(rel)
        current.append(v)
        page = context.new_page()
        page.on("pageerror", lambda e: v.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and v.errors.append(m.text))
        page.on("response", lambda resp: resp.status == 404 and v.not_found.append(resp.url))
        page.goto(f"{base_url}/{rel}", wait_until="load")
        if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
            page.wait_for_selector(".jupyter-widgets", timeout=20_000)
        v.widgets = page.locator(".jupyter-widgets.widget-container, "
                                 ".jupyter-widgets.widget-inline-hbox").count()
        v.snapshot_notes = page.locator(".csto-snapshot a[href*='mybinder.org']").count()
        v.slider_tracks = page.evaluate("""() => [...document.querySelectorAll(
            '.widget-hslider')].map(s => {
              const t = s.querySelector('.noUi-target, .slider-container');
              return t ? t.getBoundingClientRect().width : 0; })""")
        for frame in page.frames[1:]:
            try:
                frame.wait_for_selector(".leaflet-container", timeout=10_000)
                frame.wait_for_selector("path", timeout=10_000)
            except Exception:  # noqa: BLE001 (a frame without a map: nothing to wait for)
                pass
            v.maps.append(frame.locator(".leaflet-container path").count())
        page.wait_for_timeout(200)
        for frame in page.frames:
            frame.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => (await axe.run(document, "
                               "{resultTypes: ['violations']})).violations")
        v.axe = [{"id": r["id"], "impact": r["impact"], "help": r["help"],
                  "nodes": len(r["nodes"]),
                  "targets": [n["target"] for n in r["nodes"][:5]]} for r in result]
        page.close()
        cache[rel] = v
        return v

    yield open_page
    context.close()
    # A summary for people (and for the report of a CI run): build/site-report.json.
    REPORT.write_text(json.dumps({k: v.__dict__ for k, v in sorted(cache.items())}, indent=1))
