"""Build the website (Jupyter Book 1) and the printable handouts from the stored outputs.

    python tools/site.py build      # build/site: the static website (nothing is executed)
    python tools/site.py handouts   # build/handouts: one PDF per lesson and teachers' page,
                                    # and each lesson's worksheet and answer sheet
    python tools/site.py book-pdf [--teachers]  # build/site/csto-collection.pdf: every lesson
    python tools/site.py assets     # only fetch the npm packages (build/npm/node_modules)
    python tools/site.py version    # the one version number (pyproject.toml)

The website is built from a staging folder, build/site-src, that mirrors the repository so
that the relative links of the README, the lessons and the teachers' pages work unchanged:

- index.md is README.md (the landing page); notebooks/NN-*.ipynb are the lessons, found with
  csto.paths.lessons() so that a new lesson appears without editing anything here; teachers/
  holds every teachers' page, data/README.md the data dictionary and data/sources.md the
  sources list, generated from data/sources.csv. _toc.yml is written from what was found.
- In the lessons, stored "Not yet" feedback of unanswered exercises is dropped, and a note with
  a Binder link for the lesson goes before each explorer (its widget state is a snapshot).
- Links to repository files that are not pages (LICENSE, environment.yml...) go to GitHub.
- Every script and style comes from the build: the ipywidgets html-manager bundle and
  require.js are fetched from npm (`npm pack`, exact versions from site/package.json) into
  _static; MathJax is off.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import time
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
BUILD = ROOT / "build"
STAGE = BUILD / "site-src"
OUT = BUILD / "site"
HANDOUTS = BUILD / "handouts"
NPM = BUILD / "npm"
NODE_MODULES = NPM / "node_modules"

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "lib"))
import links  # noqa: E402  (tools/links.py: the repository address and the Binder link)

FEEDBACK_WRONG = "csto-feedback-wrong"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Class of the note put before each explorer (and of the cell, through its tag).
SNAPSHOT_CLASS = "csto-snapshot"
WIDGET_TAG = "csto-widget"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def version() -> str:
    """The version of the collection: pyproject.toml's, which CITATION.cff, the data package
    and the site must agree with (tests/test_release.py)."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["version"]


def npm_pins() -> dict[str, str]:
    """The npm packages of site/package.json, with their exact versions."""
    return json.loads((SITE / "package.json").read_text(encoding="utf-8"))["dependencies"]


def fetch_assets() -> Path:
    """Fetch each npm package of site/package.json (exact version, with `npm pack`, which checks
    the registry's integrity hash) into build/npm/node_modules/NAME. Already fetched: nothing
    to do. Returns the node_modules folder."""
    for name, pinned in npm_pins().items():
        target = NODE_MODULES / name
        manifest = target / "package.json"
        if manifest.is_file() and json.loads(manifest.read_text())["version"] == pinned:
            continue
        if shutil.which("npm") is None:
            raise SystemExit("site: npm is needed to fetch the site's scripts "
                             "(Debian: apt-get install npm)")
        packs = NPM / "packs"
        packs.mkdir(parents=True, exist_ok=True)
        print(f"site: fetching {name}@{pinned} from npm")
        out = subprocess.run(["npm", "pack", "--silent", f"{name}@{pinned}"], cwd=packs,
                             check=True, capture_output=True, text=True).stdout.split()
        tgz = packs / out[-1]
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        with tarfile.open(tgz) as tar:
            for member in tar.getmembers():
                if not member.name.startswith("package/"):
                    continue
                member.name = member.name[len("package/"):]
                tar.extract(member, target, filter="data")
        tgz.unlink()
    return NODE_MODULES


# ---------------------------------------------------------------------------------- staging

def _repo_url() -> str:
    return links.repository_url()


def lesson_binder_url(notebook: str) -> str:
    """The Binder link that opens one lesson (same form as the README badge's, tools/links.py)."""
    start = links.binder_url()
    return start.replace(links.START, notebook)


_LINK = re.compile(r"(\]\()([^)\s]+)(\))")


def rewrite_links(text: str, source: Path, pages: set[str]) -> str:
    """Point the Markdown links of `source` (a repository file) at the site's pages: a folder
    goes to its README page, a file that is a page stays (Sphinx resolves it), any other
    repository file goes to GitHub."""
    def fix(match: re.Match) -> str:
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        anchor = anchor.lower()  # JupyterLab's heading ids keep case; MyST's slugs are lower
        if not path:
            return f"{match.group(1)}#{anchor}{match.group(3)}"
        resolved = (source.parent / path).resolve()
        try:
            rel = resolved.relative_to(ROOT).as_posix()
        except ValueError:
            return match.group(0)
        if resolved.is_dir() and f"{rel}/README.md" in pages:
            new = path.rstrip("/") + "/README.md"
        elif rel in pages:
            new = path
        else:
            kind = "tree" if resolved.is_dir() else "blob"
            new = f"{_repo_url()}/{kind}/{links.BRANCH}/{rel}"
        return f"{match.group(1)}{new}{'#' + anchor if anchor else ''}{match.group(3)}"
    return _LINK.sub(fix, text)


def landing_page(pages: set[str]) -> str:
    """README.md as the landing page: links rewritten, and the Binder badge (an image from
    mybinder.org) replaced by a plain link, so that the page loads nothing from elsewhere."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    text = text.replace(links.badge(), f"[Open the lessons live on Binder]({links.binder_url()})")
    return rewrite_links(text, ROOT / "README.md", pages)


def _md_cell(text: str, cell_id: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text}


def stage_notebook(source: Path, pages: set[str]) -> dict:
    """A lesson as the site shows it: feedback of unanswered exercises dropped, a snapshot
    note (with a Binder link) before every explorer, Markdown links pointed at the site."""
    nb = json.loads(source.read_text(encoding="utf-8"))
    rel = source.relative_to(ROOT).as_posix()
    cells = []
    for cell in nb["cells"]:
        cell = copy.deepcopy(cell)
        if cell["cell_type"] == "markdown":
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = rewrite_links(src, source, pages)
        if cell["cell_type"] == "code":
            cell["outputs"] = [o for o in cell.get("outputs", []) if FEEDBACK_WRONG not in
                               "".join(o.get("data", {}).get("text/html", ""))]
            compact_sources(cell)
            if any(WIDGET_VIEW in o.get("data", {}) for o in cell["outputs"]):
                cells.append(paper_note(cell, f"{PAPER_CLASS}-{len(cells)}"))
                tags = cell.setdefault("metadata", {}).setdefault("tags", [])
                if WIDGET_TAG not in tags:
                    tags.append(WIDGET_TAG)
                cells.append(_md_cell(
                    "```{admonition} This explorer is a snapshot\n"
                    f":class: note {SNAPSHOT_CLASS}\n"
                    "On this page the explorer below shows the state it was saved in: its "
                    "controls move, but the view does not change, because no Python runs here. "
                    f"[Open this lesson live on Binder]({lesson_binder_url(rel)}) to use it, or "
                    "run it on your own computer with `make lab`.\n"
                    "```", f"{SNAPSHOT_CLASS}-{len(cells)}"))
        cells.append(cell)
    nb["cells"] = cells
    return nb


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def sources_page() -> str:
    """data/sources.csv as a Markdown page: one row per source in the order of the ids, with
    its citation as csto.cite() writes it, a link when there is one, and the note."""
    from csto.sources import cite

    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda row: row["source_id"].casefold())
    lines = [
        "# Sources",
        "",
        f"Every row of the data set names its sources by id. These are the {len(rows)} sources "
        "of `data/sources.csv` (generated from it when the site is built). In a lesson, "
        '`csto.cite("source-id")` prints one of these references and `csto.show_sources(table)` '
        "lists those behind a table.",
        "",
        "| Id | Reference | Note |",
        "|---|---|---|",
    ]
    for row in rows:
        ref = cite(row["source_id"])
        url = row["url"].strip()
        if url and ref.endswith(" " + url):
            ref = ref[: -len(url) - 1] + f" <{url}>"
        lines.append(f"| `{row['source_id']}` | {_md_escape(ref)} | {_md_escape(row['note'])} |")
    return "\n".join(lines) + "\n"


#: Top-level pages of the repository that the site shows as they are, under "Reference".
REFERENCE_PAGES = ("glossary.md", "accessibility.md")


def reference_pages() -> dict[str, Path]:
    """The glossary and the accessibility statement: top-level pages, shown at the site's top
    level (so that the lessons' links ../glossary.md#term work unchanged)."""
    return {name: ROOT / name for name in REFERENCE_PAGES if (ROOT / name).exists()}


def site_pages() -> dict[str, Path]:
    """Every page of the site: its path in the staging folder (mirroring the repository) ->
    the repository file it comes from (None for generated pages)."""
    from csto.paths import TEACHERS, lessons

    pages: dict[str, Path | None] = {"index.md": ROOT / "README.md"}
    for path in lessons().values():
        pages[path.relative_to(ROOT).as_posix()] = path
    teachers = sorted(TEACHERS.glob("*.md"),
                      key=lambda p: (p.name != "README.md", not p.name[:2].isdigit(), p.name))
    for path in teachers:
        pages[path.relative_to(ROOT).as_posix()] = path
    pages["data/README.md"] = ROOT / "data" / "README.md"
    pages["data/sources.md"] = None
    pages.update(reference_pages())
    return pages


def toc(pages: dict[str, Path | None]) -> dict:
    """The table of contents, from the pages found (nothing is listed by hand)."""
    def chapters(prefix: str) -> list[dict]:
        return [{"file": p.rsplit(".", 1)[0]} for p in pages if p.startswith(prefix)]

    teachers = chapters("teachers/")
    return {
        "format": "jb-book",
        "root": "index",
        "parts": [
            {"caption": "Lessons", "chapters": chapters("notebooks/")},
            {"caption": "For teachers",
             "chapters": [{**teachers[0], "sections": teachers[1:]}] if teachers else []},
            {"caption": "Data", "chapters": chapters("data/")},
            {"caption": "Reference",
             "chapters": [{"file": p.rsplit(".", 1)[0]} for p in REFERENCE_PAGES if p in pages]},
        ],
    }


def config() -> dict:
    """site/_config.yml with the version, the repository and the local widget scripts."""
    conf = yaml.safe_load((SITE / "_config.yml").read_text(encoding="utf-8"))
    v = version()
    conf["repository"]["url"] = _repo_url()
    conf["sphinx"]["config"]["nb_ipywidgets_js"] = {
        "require.min.js": {},
        "widgets-config.js": {},
        "widgets/embed-amd.js": {},
    }
    conf["sphinx"]["config"]["html_context"] = {"csto_version": v, "default_mode": "light"}
    # links to a heading (lesson 00's "Pandas in five moves") resolve to its MyST slug
    conf["sphinx"]["config"]["myst_heading_anchors"] = 3
    launch_options(conf)
    return conf


def stage() -> dict[str, Path | None]:
    """Write the staging folder build/site-src from the repository; return its pages."""
    shutil.rmtree(STAGE, ignore_errors=True)
    STAGE.mkdir(parents=True)
    pages = site_pages()
    # Pages as the repository names them, for the link rewriting: index.md is README.md.
    repo_pages = {p for p in pages if p != "index.md"} | {"README.md"}
    for target, source in pages.items():
        out = STAGE / target
        out.parent.mkdir(parents=True, exist_ok=True)
        if target == "index.md":
            out.write_text(landing_page(repo_pages), encoding="utf-8")
        elif source is None:
            out.write_text(sources_page(), encoding="utf-8")
        elif source.suffix == ".ipynb":
            out.write_text(json.dumps(stage_notebook(source, repo_pages), ensure_ascii=False),
                           encoding="utf-8")
        else:
            text = source.read_text(encoding="utf-8")
            out.write_text(rewrite_links(text, source, repo_pages), encoding="utf-8")
    (STAGE / "_toc.yml").write_text(yaml.safe_dump(toc(pages), sort_keys=False))
    (STAGE / "_config.yml").write_text(yaml.safe_dump(config(), sort_keys=False))
    # Both end up in the output's _static/ (html_static_path in site/_config.yml). The staging
    # folder has no _static of its own: Jupyter Book would add every script found in the
    # static folders to every page; site/_config.yml lists the site's styles instead, and the
    # widget scripts are added by myst-nb to the pages with widgets only.
    shutil.copytree(SITE / "_static", STAGE / "_site")
    shutil.copytree(SITE / "_vendor", STAGE / "_vendor")
    shutil.copytree(SITE / "_templates", STAGE / "_templates")
    modules = fetch_assets()
    shutil.copyfile(modules / "requirejs" / "require.js", STAGE / "_vendor" / "require.min.js")
    widgets = STAGE / "_vendor" / "widgets"
    widgets.mkdir()
    for f in (modules / "@jupyter-widgets" / "html-manager" / "dist").iterdir():
        if f.name == "embed-amd.js" or f.suffix in (".woff", ".woff2", ".ttf", ".eot", ".svg"):
            shutil.copyfile(f, widgets / f.name)
    return pages


_THEBE = re.compile(r"<script>const THEBE_JS_URL = .*?</script>\n?", re.S)
_TOGGLE = ('<summary><span class="toctree-toggle" role="presentation">'
           '<i class="fa-solid fa-chevron-down"></i></span>')


def postprocess(html: str) -> str:
    """Repairs to the theme's HTML that no setting reaches:

    - the sidebar's expand buttons (<summary> with only an icon) get a name that screen
      readers say (axe-core: summary-name, serious);
    - sphinx-thebe's inline set-up script, written twice into each page (a JavaScript error,
      "THEBE_JS_URL has already been declared"), is kept once.
    """
    html = html.replace(_TOGGLE, _TOGGLE.replace(
        "</i></span>", '</i></span><span class="visually-hidden">Show or hide these pages</span>'))
    seen = False

    def once(match: re.Match) -> str:
        nonlocal seen
        keep = not seen
        seen = True
        return match.group(0) if keep else ""
    return _THEBE.sub(once, html)


def build() -> int:
    """Stage, then build the site with Jupyter Book into build/site."""
    start = time.monotonic()
    stage()
    jb = Path(sys.executable).parent / "jupyter-book"
    work = BUILD / "site-jb"
    cmd = [str(jb), "build", str(STAGE), "--path-output", str(work), "--builder", "html",
           "--warningiserror", "--keep-going", "--all"]
    # Jupyter Book names its own output folder (build/site-jb/...), not the site in build/site
    # that this copies out of it: those lines are left out, the last line says where.
    with subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace") as proc:
        for line in without_output_box(proc.stdout):
            print(line, end="", flush=True)
    if proc.returncode != 0:
        print("site: jupyter-book build failed (see the warnings above)", file=sys.stderr)
        return proc.returncode
    shutil.rmtree(OUT, ignore_errors=True)
    shutil.copytree(work / "_build" / "html", OUT)
    for page in OUT.rglob("*.html"):
        page.write_text(postprocess(page.read_text(encoding="utf-8")), encoding="utf-8")
    (OUT / ".nojekyll").touch()  # GitHub Pages: serve _static/ and _sources/ as they are
    print(f"site: built {OUT.relative_to(ROOT)} in {time.monotonic() - start:.0f} s "
          f"(version {version()}); open {(OUT / 'index.html').relative_to(ROOT)} in a browser")
    return 0


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


#: Lines of Jupyter Book and Sphinx that name their own output folder (build/site-jb/...).
_NAMES_WORK_FOLDER = ("Output Path:", "The HTML pages are in ", "Using jupyter-cache at:")


def without_output_box(lines: Iterable[str]) -> Iterator[str]:
    """Jupyter Book's output, less what names its own output folder: the "Output Path:" and
    "The HTML pages are in" lines and its closing box ("Finished generating HTML ... Your
    book's HTML pages are here: ..."), framed by two lines of "=" signs."""
    held: list[str] = []  # a border line and blank lines, until we know what they frame
    skipping = False
    for line in lines:
        plain = _ANSI.sub("", line).strip()
        if plain.startswith(_NAMES_WORK_FOLDER):
            continue
        border = len(plain) > 10 and set(plain) == {"="}
        if skipping:
            skipping = not border
            continue
        if "Finished generating HTML" in plain and held:
            held, skipping = [], True
            continue
        if border or not plain:
            held.append(line)
            continue
        yield from held
        held = []
        yield line
    yield from held


# ------------------------------------------------------- paper and launch buttons (issue 21, 23)

#: Class of the print-only note that replaces an explorer on paper (site/_static/csto.css).
PAPER_CLASS = "csto-paper"
#: Tag of the cells that list sources or readings: printed small, in two columns.
SOURCES_TAG = "csto-sources"
#: For each explorer of csto.widgets: what to do with it in the notebook, and how to get the
#: same facts without it. An explorer not listed gets the general sentence.
PAPER_STEPS = {
    "membership_explorer": (
        "move the year slider (or type a year in its box)",
        'Without the explorer, `members_on("31 December 1999")` in a new cell lists the parties '
        "on any day, and `status_table()` every state's status year by year."),
    "crisis_explorer": (
        "choose a response or a state in the filters, then an episode in the menu",
        'Without the explorer, `crises(state="Armenia")` lists one state\'s episodes with the '
        "request, the response and the outcome."),
    "kazakhstan_stepper": (
        "step through the days with Previous and Next",
        "Without the explorer, `kazakhstan_days()` lists the events day by day and "
        "`kazakhstan_figures()` every figure with the day it was given."),
}


def paper_note(cell: dict, cell_id: str) -> dict:
    """The note printed in place of an explorer (hidden on screen): which cell to run in the
    notebook and what to do there, since a printed slider cannot be dragged."""
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    called = re.search(r"\b([a-z_]+)\(", source)
    name = called.group(1) if called else "the explorer"
    steps, without = PAPER_STEPS.get(name, ("use its controls", ""))
    return _md_cell(
        "```{admonition} On paper: this explorer is in the notebook\n"
        f":class: note {PAPER_CLASS}\n"
        f"The explorer `{name}()` only works in a running notebook, so it is not printed here. "
        "Open this lesson in JupyterLab (`make lab`, your class's hub or Binder), run its cell "
        f"and {steps}. {without}\n"
        "```", cell_id)


def compact_sources(cell: dict) -> None:
    """A cell listing sources (show_sources) or readings (show_readings): tagged, so that print
    sets it small in two columns; a list of sources is sorted (by publisher, then title)."""
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    if "show_sources(" not in source and "show_readings(" not in source:
        return
    tags = cell.setdefault("metadata", {}).setdefault("tags", [])
    if SOURCES_TAG not in tags:
        tags.append(SOURCES_TAG)
    if "show_sources(" not in source:
        return  # readings keep the lesson's order: the first is the one to read first
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        text = data.get("text/markdown")
        if text is None:
            continue
        lines = ("".join(text) if isinstance(text, list) else text).splitlines()
        if lines and all(line.startswith("- ") for line in lines):
            data["text/markdown"] = "\n".join(sorted(lines, key=str.casefold)) + "\n"


def hub_url(conf: dict) -> str:
    """The JupyterHub that the lesson pages' launch button opens: HUB_URL from the environment
    (`make site HUB_URL=https://hub.example.org`), else `launch_buttons: jupyterhub_url` in
    site/_config.yml, the one place it is kept. Checked as tools/links.py checks it."""
    import os

    hub = os.environ.get("HUB_URL", "").strip() or str(
        (conf.get("launch_buttons") or {}).get("jupyterhub_url") or "").strip()
    if hub:
        links.classroom_url(hub)  # a hub address that is no http(s) URL stops the build
    return hub.rstrip("/")


def launch_options(conf: dict) -> None:
    """Launch buttons on every lesson page: Binder, and the JupyterHub through nbgitpuller.

    Jupyter Book passes `launch_buttons` to the theme only when `sphinx: config:` sets no
    html_theme_options; site/_config.yml sets some, so they are handed over here, with the
    repository the links are built from."""
    buttons = dict(conf.get("launch_buttons") or {})
    buttons["jupyterhub_url"] = hub_url(conf)
    conf["launch_buttons"] = buttons
    theme = conf["sphinx"]["config"].setdefault("html_theme_options", {})
    theme.update(launch_buttons=buttons, repository_url=_repo_url(),
                 repository_branch=links.BRANCH, path_to_docs="")


#: Run in each map frame before printing: the map takes the printed frame's size and shows
#: what it was drawn for (the bounds csto.maps gave it) and every dot on it.
_FIT_MAP_JS = r"""() => {
  if (!window.L) return 0;
  const text = [...document.scripts].map(s => s.textContent).join("\n");
  // the bounds csto.maps gave (its FitBounds call, the one with paddingTopLeft)
  const found = text.match(/\.fitBounds\((\[\[[^\]]*\],\s*\[[^\]]*\]\]),\s*\{paddingTopLeft/);
  let fitted = 0;
  for (const key of Object.keys(window)) {
    const map = window[key];
    if (!(map instanceof L.Map)) continue;
    map.invalidateSize({animate: false});
    if (!map.getSize().x) continue;  // in a part that is not printed (an explorer)
    let bounds = found ? L.latLngBounds(JSON.parse(found[1])) : null;
    map.eachLayer(layer => {
      if (layer instanceof L.CircleMarker) {
        const at = layer.getLatLng();
        bounds = bounds ? bounds.extend(at) : L.latLngBounds(at, at);
      }
    });
    if (bounds) map.fitBounds(bounds, {paddingTopLeft: [10, 70],
                                       paddingBottomRight: [10, 120], animate: false});
    fitted += 1;
  }
  return fitted;
}"""

#: The printable width of an A4 page with the handouts' margins (15 mm each side), in CSS px.
PRINT_WIDTH = 680


def fit_maps_for_print(page) -> int:
    """Lay the page out as it prints (print media, the printed width), then fit every map to
    its places: otherwise a map keeps the view of the wider screen (lesson 04's showed Russia
    and none of the sites). Returns the number of maps fitted."""
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PRINT_WIDTH, "height": 1000})
    page.wait_for_timeout(100)
    fitted = 0
    for frame in page.frames[1:]:
        with contextlib.suppress(Exception):  # a frame that is gone or has no map
            fitted += frame.evaluate(_FIT_MAP_JS)
    return fitted


# ---------------------------------------------------------------------------------- serving

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no line per request
        pass


@contextlib.contextmanager
def serve(folder: Path = OUT) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def chromium() -> str | None:
    """Debian's Chromium (or CSTO_CHROMIUM), as the browser tests find it."""
    import os

    env = os.environ.get("CSTO_CHROMIUM")
    if env:
        return env if os.access(env, os.X_OK) else None
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def handout_pages() -> list[str]:
    """The built pages that get a handout: every lesson and every teachers' page."""
    from csto.paths import TEACHERS, lessons

    pages = [f"notebooks/{p.stem}.html" for p in lessons().values()]
    pages += [f"teachers/{p.stem}.html" for p in sorted(TEACHERS.glob("*.md"))]
    return pages


def wait_for_maps(page) -> None:
    """Wait until every map iframe on the page has drawn its shapes (at most 10 s)."""
    for frame in page.frames[1:]:
        with contextlib.suppress(Exception):
            frame.wait_for_selector(".leaflet-container", timeout=10_000)


class CannotPrint(Exception):
    """The site is not built, or no Chromium is found: the sentence says which."""


@contextlib.contextmanager
def printing_browser():
    """Serve the built site on localhost and yield (its address, a headless Chromium context
    that may fetch nothing from elsewhere); CannotPrint when either is missing."""
    from playwright.sync_api import sync_playwright

    if not (OUT / "index.html").is_file():
        raise CannotPrint("site: build the site first (make site)")
    executable = chromium()
    if executable is None:
        raise CannotPrint("site: no Chromium found (apt-get install chromium, or set "
                          "CSTO_CHROMIUM)")
    with serve() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context()
        local = base.split("//", 1)[1]
        context.route("**/*", lambda r: r.continue_() if local in r.request.url
                      or not r.request.url.startswith("http") else r.abort())
        try:
            yield base, context
        finally:
            browser.close()


def print_footer(middle: str) -> str:
    """The footer of a printed page: the collection and its version, ``middle``, page x / y."""
    return ('<div style="font-size:8px;width:100%;padding:0 15mm;color:#444;">'
            f'The CSTO teaching collection, version {version()}{middle}'
            '<span style="float:right"><span class="pageNumber"></span> / '
            '<span class="totalPages"></span></span></div>')


#: How every PDF is printed: A4, with backgrounds, the footer and the same margins.
PDF_OPTIONS = {"format": "A4", "print_background": True, "display_header_footer": True,
               "header_template": "<div></div>",
               "margin": {"top": "15mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}}


def handouts() -> int:
    """Print each lesson and teachers' page of the built site to build/handouts/NAME.pdf with
    headless Chromium, in print media (site/_static/csto.css drops the interactive parts)."""
    start = time.monotonic()
    footer = print_footer(' · <span class="title"></span>')
    try:
        with printing_browser() as (base, context):
            shutil.rmtree(HANDOUTS, ignore_errors=True)
            HANDOUTS.mkdir(parents=True)
            for rel in handout_pages():
                page = context.new_page()
                page.goto(f"{base}/{rel}", wait_until="load")
                wait_for_maps(page)
                fit_maps_for_print(page)
                name = rel.replace("/", "-").replace("notebooks-", "lesson-")
                target = HANDOUTS / name.replace(".html", ".pdf")
                page.pdf(path=str(target), footer_template=footer, **PDF_OPTIONS)
                print(f"site: {target.relative_to(ROOT)} ({target.stat().st_size // 1024} KiB)")
                page.close()
            papers = print_papers(context, footer)
    except CannotPrint as why:
        print(why, file=sys.stderr)
        return 1
    print(f"site: {len(handout_pages())} handouts and {papers} worksheets and answer sheets in "
          f"{time.monotonic() - start:.0f} s")
    return 0


def print_papers(context, footer: str) -> int:
    """Print each lesson's worksheet and teacher's answer sheet (tools/worksheets.py) to
    build/handouts/lesson-NN-name-worksheet.pdf and ...-answers.pdf. Returns how many."""
    import worksheets
    from csto.paths import lessons

    count = 0
    for key in lessons():
        for kind, make in (("worksheet", worksheets.worksheet_html),
                           ("answers", worksheets.answer_sheet_html)):
            page = context.new_page()
            page.set_content(make(key), wait_until="load")
            target = HANDOUTS / f"{worksheets.paper_name(key, kind)}.pdf"
            page.pdf(path=str(target), format="A4", print_background=True,
                     display_header_footer=True, header_template="<div></div>",
                     footer_template=footer, prefer_css_page_size=True)
            page.close()
            print(f"site: {target.relative_to(ROOT)} ({target.stat().st_size // 1024} KiB)")
            count += 1
    return count


# ---------------------------------------------------------------------- the book (issue 23)

#: The whole collection as one PDF, in the site (the footer links it): `make book-pdf`.
BOOK = OUT / "csto-collection.pdf"

#: Run in a page of the served site: fetch each chapter's page, keep its article, give its ids
#: a prefix of its own (the chapters share heading names), point links between chapters at
#: the chapter in the book and other local links at the repository, then put a title page,
#: the table of contents and the chapters in place of the page's body.
_BOOK_JS = r"""async ({chapters, elsewhere, title, subtitle}) => {
  const byPage = {};
  for (const ch of chapters) byPage[new URL(ch.url).pathname] = ch.id;
  const parser = new DOMParser();
  const book = document.createElement("article");
  book.className = "bd-article csto-book";
  book.setAttribute("role", "main");
  const cover = document.createElement("section");
  cover.className = "csto-book-cover";
  cover.innerHTML = "<h1></h1><p></p>";
  cover.querySelector("h1").textContent = title;
  cover.querySelector("p").textContent = subtitle;
  const toc = document.createElement("nav");
  toc.className = "csto-book-toc";
  toc.id = "contents";
  toc.setAttribute("aria-label", "Contents");
  toc.innerHTML = "<h1>Contents</h1><ol></ol>";
  book.append(cover, toc);
  for (const ch of chapters) {
    const html = await (await fetch(ch.url)).text();
    const doc = parser.parseFromString(html, "text/html");
    const article = doc.querySelector("article.bd-article") || doc.querySelector("main");
    article.querySelectorAll("script, .headerlink").forEach(e => e.remove());
    article.querySelectorAll("[src]").forEach(e =>
      e.setAttribute("src", new URL(e.getAttribute("src"), ch.url).href));
    article.querySelectorAll("[id]").forEach(e => { e.id = ch.id + "--" + e.id; });
    article.querySelectorAll("a[href]").forEach(a => {
      const to = new URL(a.getAttribute("href"), ch.url);
      const target = byPage[to.pathname];
      if (to.origin === location.origin && target) {
        const anchor = to.hash.slice(1);
        a.setAttribute("href", "#" + (anchor ? target + "--" + decodeURIComponent(anchor)
                                               : target));
        a.classList.remove("external");
      } else if (to.origin === location.origin) {
        a.setAttribute("href", elsewhere[to.pathname] || elsewhere["/"]);
      }
    });
    const section = document.createElement("section");
    section.className = "csto-chapter";
    section.id = ch.id;
    section.append(...article.childNodes);
    book.append(section);
    const heading = section.querySelector("h1");
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#" + ch.id;
    link.textContent = heading ? heading.textContent.replace(/#$/, "").trim() : ch.id;
    item.append(link);
    const parts = document.createElement("ol");
    section.querySelectorAll("section > h2").forEach(h => {
      const id = h.parentElement.id;
      if (!id) return;
      const sub = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#" + id;
      a.textContent = h.textContent.replace(/#$/, "").trim();
      sub.append(a);
      parts.append(sub);
    });
    if (parts.children.length) item.append(parts);
    toc.querySelector("ol").append(item);
  }
  document.title = title;
  document.body.className = "csto-book-body";
  document.body.replaceChildren(book);
  return [...toc.querySelectorAll("a")].map(a => [a.textContent, a.closest("ol ol") ? 2 : 1,
                                                  a.getAttribute("href").slice(1)]);
}"""

_BOOK_CSS = """
.csto-book { max-width: 100%; padding: 0; }
.csto-book-cover { text-align: center; padding-top: 30vh; break-after: page; }
.csto-book-cover h1 { font-size: 26pt; }
.csto-book-toc { break-after: page; font-size: 10pt; }
.csto-book-toc ol { list-style: none; padding-left: 0; }
.csto-book-toc > ol > li { margin-top: 8pt; font-weight: bold; }
.csto-book-toc ol ol { font-weight: normal; columns: 2; margin: 2pt 0 0 1.2em; }
.csto-book-toc a::after { content: none !important; }
.csto-book-toc .csto-page { float: right; padding-left: 0.6em; font-weight: normal; }
.csto-chapter { break-before: page; }
"""


def book_chapters(teachers: bool = False) -> list[str]:
    """The built pages that make the book, in order: every lesson (csto.paths.lessons(), so a
    new lesson is in the book without editing anything), then, if asked, the teachers' pages
    in the site's order."""
    from csto.paths import lessons

    pages = [f"notebooks/{p.stem}.html" for p in lessons().values()]
    if teachers:
        pages += [p.rsplit(".", 1)[0] + ".html" for p in site_pages() if p.startswith("teachers/")]
    return pages


def _elsewhere() -> dict[str, str]:
    """Where a link to a site page that is not in the book goes in the PDF: the repository file
    it was built from, on GitHub ("/" stands for any other local address)."""
    out = {"/": _repo_url(), "/index.html": _repo_url()}
    generated = {"data/sources.md": "data/sources.csv"}  # pages written by this tool
    for page, source in site_pages().items():
        rel = source.relative_to(ROOT).as_posix() if source else generated.get(page)
        out["/" + page.rsplit(".", 1)[0] + ".html"] = (
            f"{_repo_url()}/blob/{links.BRANCH}/{rel}" if rel else _repo_url())
    return out


#: Put each page number beside its entry in the table of contents.
_NUMBER_JS = r"""(numbers) => {
  document.querySelectorAll("nav.csto-book-toc a").forEach((a, i) => {
    let number = a.parentElement.querySelector(":scope > .csto-page");
    if (!number) {
      number = document.createElement("span");
      number.className = "csto-page";
      a.before(number);
    }
    number.textContent = numbers[i];
  });
}"""


def book_page_numbers(pdf: Path, anchors: list[str]) -> list[int]:
    """The page (counted from 1, as the footer counts) where each anchor of the PDF is."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(pdf)
    places = reader.named_destinations
    return [reader.get_destination_page_number(places[f"/{a}"]) + 1 if f"/{a}" in places
            else 0 for a in anchors]


def add_outline(pdf: Path, entries: list[list]) -> None:
    """Give the PDF an outline (the bookmarks a PDF reader shows beside the pages): the entries
    of its table of contents ([title, level, id], in order), each opening the place its link
    leads to (Chromium writes each id as a named destination). Chromium's own outline repeats
    the title of a heading that starts a page, so it is not used."""
    import logging

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Fit

    # Chromium's PDFs count one object more than they hold: pypdf says so, and reads them well
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(pdf)
    places = reader.named_destinations
    missing = [anchor for _, _, anchor in entries if f"/{anchor}" not in places]
    if missing:
        raise SystemExit(f"site: the PDF has no place for these table of contents entries: "
                         f"{missing[:5]}")
    writer = PdfWriter(clone_from=reader)
    chapter = None
    for title, level, anchor in entries:
        place = places[f"/{anchor}"]
        item = writer.add_outline_item(
            title=title, page_number=reader.get_destination_page_number(place),
            parent=chapter if level == 2 else None, fit=Fit.xyz(left=place.left, top=place.top))
        chapter = item if level == 1 else chapter
    writer.page_mode = "/UseOutlines"
    with open(pdf, "wb") as f:
        writer.write(f)


def book_pdf(teachers: bool = False) -> int:
    """Print the whole collection to build/site/csto-collection.pdf with headless Chromium:
    a title page, a table of contents whose entries link to the chapters, the lessons in order
    (and the teachers' pages with --teachers), from the built site, so from the outputs stored
    in the notebooks; nothing is executed and nothing is fetched from elsewhere. The PDF's
    outline (bookmarks) is its table of contents (add_outline)."""
    start = time.monotonic()
    chapters = book_chapters(teachers)
    try:
        with printing_browser() as (base, context):
            page = context.new_page()
            page.goto(f"{base}/index.html", wait_until="load")
            page.add_style_tag(content=_BOOK_CSS)
            entries = page.evaluate(_BOOK_JS, {
                "chapters": [{"url": f"{base}/{rel}", "id": "chapter-" + Path(rel).stem}
                             for rel in chapters],
                "elsewhere": _elsewhere(),
                "title": "The CSTO teaching collection",
                "subtitle": (f"Version {version()}. Every lesson in order"
                             + (", with the teachers' pages" if teachers else "")
                             + ", from the outputs stored in the notebooks. Code: MIT. "
                             "Lesson text and data: CC BY 4.0."),
            })
            page.wait_for_load_state("load")
            wait_for_maps(page)
            fit_maps_for_print(page)
            shown: list[int] = []
            for _ in range(3):  # print, number the contents, print again until numbers hold
                page.pdf(path=str(BOOK), tagged=True, footer_template=print_footer(""),
                         **PDF_OPTIONS)
                numbers = book_page_numbers(BOOK, [anchor for _, _, anchor in entries])
                if numbers == shown:
                    break
                page.evaluate(_NUMBER_JS, numbers)
                shown = numbers
    except CannotPrint as why:
        print(why, file=sys.stderr)
        return 1
    add_outline(BOOK, entries)
    print(f"site: {BOOK.relative_to(ROOT)} ({BOOK.stat().st_size // 1024} KiB, "
          f"{len(chapters)} chapters) in {time.monotonic() - start:.0f} s")
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "build"
    if command == "build":
        return build()
    if command == "handouts":
        return handouts()
    if command == "book-pdf":
        return book_pdf(teachers="--teachers" in argv[1:])
    if command == "assets":
        print(fetch_assets())
        return 0
    if command == "version":
        print(version())
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
