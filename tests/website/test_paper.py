"""The site's reach beyond the screen: launch buttons on every lesson page (Binder and the
class's JupyterHub through nbgitpuller), the whole collection as one PDF (`make book-pdf`), and
lesson pages that print well (explorers explained, maps fitted, sources sorted)."""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import parse_qs, urlparse

import links
import pytest
import worksheets
import yaml
from csto.paths import lessons

from .conftest import _skip_or_fail
from .site_support import ROOT, hrefs, site_tool

pytestmark = pytest.mark.site

LESSONS = {f"notebooks/{p.stem}.html": p for p in lessons().values()}


def _configured_hub() -> str:
    conf = yaml.safe_load((ROOT / "site" / "_config.yml").read_text(encoding="utf-8"))
    return site_tool.hub_url(conf)


@pytest.mark.parametrize("page", sorted(LESSONS))
def test_lesson_page_has_binder_and_hub_launch_buttons(site_dir, page):
    """Both launch links open this lesson's notebook: Binder from the repository, the hub set
    in site/_config.yml (or HUB_URL) through nbgitpuller, as tools/links.py builds the link."""
    notebook = LESSONS[page].relative_to(ROOT).as_posix()
    targets = hrefs((site_dir / page).read_text(encoding="utf-8"))
    owner_repo = urlparse(links.repository_url()).path.strip("/")

    binder = [h for h in targets if urlparse(h).netloc == "mybinder.org"]
    assert binder, f"{page} has no Binder link"
    for href in binder:
        url = urlparse(href)
        assert url.scheme == "https" and url.path == f"/v2/gh/{owner_repo}/{links.BRANCH}"
        assert parse_qs(url.query)["urlpath"] == [f"lab/tree/{notebook}"]

    hub = _configured_hub()
    assert hub, "no JupyterHub is set (launch_buttons: jupyterhub_url in site/_config.yml)"
    pulls = [h for h in targets if urlparse(h).path.endswith("/hub/user-redirect/git-pull")]
    assert len(pulls) == 1, f"{page}: expected one JupyterHub launch link, found {pulls}"
    got, want = urlparse(pulls[0]), urlparse(links.classroom_url(hub, notebook=notebook))
    assert (got.scheme, got.netloc, got.path) == (want.scheme, want.netloc, want.path)
    assert parse_qs(got.query) == parse_qs(want.query)
    repo = urlparse(links.repository_url()).path.rsplit("/", 1)[-1]
    target = parse_qs(got.query)["urlpath"][0]
    assert target == f"lab/tree/{repo}/{notebook}"
    assert (ROOT / target.removeprefix(f"lab/tree/{repo}/")).is_file()


# ------------------------------------------------------------------------------------ book

@pytest.fixture(scope="module")
def book(site_dir):
    if not site_tool.BOOK.is_file():
        _skip_or_fail("the book PDF is not built: run `make book-pdf` (make site-test does)")
    from pypdf import PdfReader

    return PdfReader(site_tool.BOOK)


def _flat(text: str) -> str:
    """Text without spaces or line breaks, as _straight() makes it."""
    return re.sub(r"\s+", "", _straight(text))


def _straight(text: str) -> str:
    """Curly quotes made straight, ligatures (the PDF's "ﬁ") split."""
    return unicodedata.normalize("NFKC", text).translate(str.maketrans("‘’“”", "''\"\""))


def test_book_has_every_lesson_in_order_with_a_table_of_contents(book):
    """The outline starts with every lesson, in order; the contents page names each, with its
    page number; each of its links is an internal link to a place in the PDF, and each
    lesson's link leads to a later page than the one before."""
    titles = [worksheets.lesson_title(key) for key in lessons()]
    outline = [_straight(i.title) for i in book.outline if not isinstance(i, list)]
    assert outline[:len(titles)] == titles

    toc = next(n for n, p in enumerate(book.pages[:4]) if "Contents" in p.extract_text())
    text = _flat(" ".join(book.pages[n].extract_text() for n in range(toc, toc + 3)))
    assert [t for t in titles if _flat(t) not in text] == []

    places = book.named_destinations
    dests = [a.get_object().get("/Dest") for a in book.pages[toc].get("/Annots") or []]
    assert dests and all(d in places for d in dests), "a contents link leads nowhere"
    pages = [book.get_destination_page_number(places[f"/chapter-{p.stem}"])
             for p in lessons().values()]
    assert toc < pages[0] and pages == sorted(set(pages)), pages
    numbers = re.findall(r"^\d+$", book.pages[toc].extract_text(), re.M)
    assert str(pages[0] + 1) in numbers, "the contents do not give the first lesson's page"
    for path, number in zip(lessons().values(), pages, strict=True):
        start = _flat(book.pages[number].extract_text())
        assert _flat(worksheets.lesson_title(path.name[:2]))[:20] in start


def test_site_links_the_book(site_dir):
    for page in ("index.html", *LESSONS):
        targets = hrefs((site_dir / page).read_text(encoding="utf-8"))
        assert any(h.endswith("csto-collection.pdf") for h in targets), page


# ----------------------------------------------------------------------------------- print

def _stored(page: str) -> dict:
    staged = ROOT / "build" / "site-src" / page.replace(".html", ".ipynb")
    return json.loads(staged.read_text(encoding="utf-8"))


def _has(nb: dict, needle: str) -> bool:
    return any(needle in json.dumps(c.get("outputs", [])) for c in nb["cells"])


def test_printed_explorer_says_what_to_do_and_maps_show_their_places(browser, base_url):
    """On screen the paper note is hidden; in print each explorer has one, and every map shows
    the places it marks (lesson 04's printed map showed Russia and none of the sites)."""
    page_name = next((p for p in LESSONS if _has(_stored(p), "widget-view+json")
                      and _has(_stored(p), "leaflet")), None)
    if page_name is None:
        pytest.skip("no lesson has both an explorer and a map")
    n_widgets = sum(_has({"cells": [c]}, "widget-view+json") for c in _stored(page_name)["cells"])
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base_url)
               else r.abort())
    page.goto(f"{base_url}/{page_name}", wait_until="load")
    site_tool.wait_for_maps(page)
    notes = page.locator(f".{site_tool.PAPER_CLASS}")
    assert notes.count() == n_widgets
    assert not any(n.is_visible() for n in notes.all())
    assert site_tool.fit_maps_for_print(page) >= 1
    assert all(n.is_visible() for n in notes.all())
    assert "in the notebook" in notes.first.inner_text().lower()
    for frame in page.frames[1:]:
        outside = frame.evaluate("""() => {
          if (!window.L) return [];
          const out = [];
          for (const key of Object.keys(window)) {
            const map = window[key];
            if (!(map instanceof L.Map) || !map.getSize().x) continue;  // not printed
            const view = map.getBounds();
            map.eachLayer(l => { if (l instanceof L.CircleMarker && !view.contains(l.getLatLng()))
                                   out.push(l.getLatLng()); });
          }
          return out; }""")
        assert outside == [], f"{page_name}: printed map leaves out {outside}"
    page.close()


@pytest.mark.parametrize("page", sorted(LESSONS))
def test_sources_lists_are_sorted_and_tagged_for_print(site_dir, page):
    nb = _stored(page)
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"
             and "show_sources(" in "".join(c["source"])]
    for cell in cells:
        assert site_tool.SOURCES_TAG in cell["metadata"].get("tags", [])
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown")
            if text:
                lines = ("".join(text) if isinstance(text, list) else text).splitlines()
                assert lines == sorted(lines, key=str.casefold)
