"""What the browser tests do in JupyterLab and inside folium's map iframes.

Selectors are JupyterLab 4.6 / ipywidgets 8 / Leaflet 1.9 ones; each is named once, here.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
CELL = f"{NOTEBOOK} .jp-Cell"
# JupyterLab 4 renders an error (traceback) as stderr text, like a warning: what is an error
# is read from the saved notebook (RunResult).
ERROR_OUTPUT = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
# a widget output: the output area child holds the widget's own element
WIDGET_VIEW = ".jp-OutputArea-output:not([data-mime-type])"
WIDGET = ".jupyter-widgets"
WIDGET_PROBLEMS = ("Error displaying widget", "Loading widget...")
OUTPUT_IFRAME = ".jp-OutputArea-output iframe"
MAP_SHAPE = "path.leaflet-interactive"
MAP_ICON = ".leaflet-marker-icon"
TOOLTIP = ".leaflet-tooltip"
TRUST_TEXT = "The map appears when this cell runs"  # csto._leaflet.TRUST_TEXT

RUN_TIMEOUT_MS = 150_000


class Laps:
    """Seconds spent in each phase of a test, printed with `pytest -s`."""

    def __init__(self, name: str) -> None:
        self.name, self.laps, self.t = name, [], time.monotonic()

    def __call__(self, phase: str) -> None:
        now = time.monotonic()
        self.laps.append((phase, now - self.t))
        self.t = now

    def summary(self) -> str:
        total = sum(s for _, s in self.laps)
        return f"{self.name}: {total:.1f} s (" + ", ".join(
            f"{p} {s:.1f}" for p, s in self.laps) + ")"


# ---------------------------------------------------------------------------------------------
# the notebook file


@dataclass
class NotebookFacts:
    """What the notebook file says: code cells, which may raise, what it uses."""

    path: Path
    cells: list[dict]
    raises: set[int]  # indices (among all cells) of cells tagged raises-exception
    code: list[int]  # indices of code cells with some source
    source: str = field(repr=False, default="")

    @classmethod
    def read(cls, path: Path) -> NotebookFacts:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
        raises, code, sources = set(), [], []
        for i, cell in enumerate(cells):
            src = "".join(cell.get("source", ""))
            if cell["cell_type"] != "code":
                continue
            sources.append(src)
            if src.strip():
                code.append(i)
            if "raises-exception" in cell.get("metadata", {}).get("tags", []):
                raises.add(i)
        return cls(path, cells, raises, code, "\n".join(sources))

    def markdown_before_first_map(self) -> str:
        """The markdown text a learner reads before the first code cell that draws a map."""
        text = []
        for cell in self.cells:
            src = "".join(cell.get("source", ""))
            if cell["cell_type"] == "code" and _draws_map(src):
                break
            if cell["cell_type"] == "markdown":
                text.append(src)
        return "\n".join(text)

    def uses_maps(self) -> bool:
        return any(_draws_map("".join(c.get("source", ""))) for c in self.cells
                   if c["cell_type"] == "code")

    def uses_markers(self) -> bool:
        return bool(re.search(r"\b(crisis_map|kazakhstan_map|folium\.(Circle)?Marker)\(",
                              self.source))

    def uses_widgets(self) -> bool:
        return bool(re.search(r"\bipywidgets\b|\bcsto\.widgets\b|from csto import widgets|"
                              r"\binteract(ive)?\(|_explorer\(|\bstepper\(", self.source))

    def saved_map_outputs(self) -> int:
        """How many saved outputs hold a folium map."""
        n = 0
        for cell in self.cells:
            for out in cell.get("outputs", []):
                html = "".join(out.get("data", {}).get("text/html", ""))
                if "folium-map" in html or "leaflet" in html.lower():
                    n += 1
        return n


def _draws_map(src: str) -> bool:
    return bool(re.search(
        r"\b(membership_map|crisis_map|kazakhstan_map|alliance_map|folium\.Map)\(", src))


# ---------------------------------------------------------------------------------------------
# driving JupyterLab


def open_notebook(page, lab, lab_path: str) -> None:
    """Open a notebook in a fresh JupyterLab workspace and wait for its kernel to be idle."""
    page.goto(lab.url(f"lab/tree/{lab_path}"))
    page.wait_for_selector(CELL, timeout=60_000)
    wait_kernel_idle(page, timeout_ms=60_000)


_KERNEL_JS = """() => {
  // the status bar reads "Python 3 (ipykernel) | Idle" once a kernel is connected and idle
  const items = [...document.querySelectorAll('.jp-StatusBar-TextItem')].map(e => e.textContent);
  const k = items.find(t => t.includes(' | '));
  return k || '';
}"""


def kernel_status(page) -> str:
    """The status bar's kernel text, e.g. 'Python 3 (ipykernel) | Idle'."""
    return page.evaluate(_KERNEL_JS)


def wait_kernel_idle(page, timeout_ms: int = 60_000) -> None:
    """Wait until a real kernel is connected and idle. A "Select Kernel" dialog (JupyterLab
    shows one when the kernel list arrives late) is answered with the notebook's own kernel."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        status = kernel_status(page)
        if status.endswith("| Idle") and not status.startswith("No Kernel"):
            return
        dialog = page.locator(".jp-Dialog:has-text('Select Kernel') .jp-mod-accept")
        if dialog.count():
            dialog.first.click()
        page.wait_for_timeout(200)
    raise AssertionError(f"the kernel did not become idle: status bar reads {status!r}")


def menu(page, top: str, command: str) -> None:
    """Click a main-menu entry: top-level menu by its label, entry by its command id."""
    page.click(f".lm-MenuBar-item:has-text('{top}')")
    page.click(f".lm-Menu [data-command='{command}']")


_PROMPTS_JS = """() => {
  const cells = [...document.querySelectorAll(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')];
  return cells.map(c => {
    if (!c.classList.contains('jp-CodeCell')) return null;
    const p = c.querySelector('.jp-InputPrompt');
    return p ? p.textContent.trim() : '';
  });
}"""


def prompts(page) -> list[str | None]:
    """Each cell's input prompt text ('[3]:', '[*]:', '[ ]:'), None for non-code cells."""
    return page.evaluate(_PROMPTS_JS)


def run_all(page, facts: NotebookFacts, timeout_ms: int = RUN_TIMEOUT_MS) -> float:
    """Clear every output, Run All, and wait until the run has finished. Returns seconds.

    Clearing first empties the prompts, so a numbered prompt afterwards proves the cell ran in
    this session (not a saved count). The run has finished when the kernel is idle, some code
    cell is numbered and no prompt shows `*` (Run All queues every cell as `*` at once; when a
    cell not tagged raises-exception fails, the rest of the queue goes back to blank).
    """
    menu(page, "Edit", "editmenu:clear-all")
    page.wait_for_function(
        """() => ![...document.querySelectorAll(
             '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell .jp-InputPrompt')]
             .some(p => /\\d/.test(p.textContent))""",
        timeout=10_000,
    )
    start = time.monotonic()
    menu(page, "Run", "runmenu:run-all")
    if not facts.code:
        return 0.0
    page.wait_for_function(
        f"""() => {{
          const panel = '.jp-NotebookPanel:not(.lm-mod-hidden) ';
          const status = ({_KERNEL_JS.strip()})();
          if (!status.endsWith('| Idle') || status.startsWith('No Kernel')) return false;
          const prompts = [...document.querySelectorAll(
              panel + '.jp-Notebook .jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
          return !prompts.some(t => t.includes('*')) && prompts.some(t => /\\d/.test(t));
        }}""",
        timeout=timeout_ms,
        polling=250,
    )
    return time.monotonic() - start


def save(page) -> None:
    """Save the notebook (File > Save) and wait until JupyterLab has written it."""
    menu(page, "File", "docmanager:save")
    page.wait_for_function(
        "() => !document.querySelector('.lm-TabBar-tab.lm-mod-current.jp-mod-dirty')",
        timeout=20_000,
    )


@dataclass
class RunResult:
    """What the run left in the notebook, read from the file JupyterLab saved: the exact output
    types, which the page does not show (an error and a warning both render as stderr)."""

    errors: dict[int, str]  # cell index -> "ErrorName: message"
    widget_views: int  # outputs that display a widget

    @classmethod
    def read(cls, path: Path) -> RunResult:
        nb = json.loads(path.read_text(encoding="utf-8"))
        errors, views = {}, 0
        for i, cell in enumerate(nb["cells"]):
            for out in cell.get("outputs", []):
                if out["output_type"] == "error":
                    errors.setdefault(i, f"{out['ename']}: {out['evalue']}"[:300])
                if "application/vnd.jupyter.widget-view+json" in out.get("data", {}):
                    views += 1
        return cls(errors, views)


def widget_report(page) -> dict:
    """Rendered widgets (outputs showing a widget, and all widget elements), and widget error
    texts shown in the page."""
    return page.evaluate(
        f"""() => {{
          const panel = document.querySelector(
              '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
          const views = [...panel.querySelectorAll('{WIDGET_VIEW}')]
              .filter(v => v.querySelector(':scope > {WIDGET}'));
          const text = panel.innerText;
          return {{
            widgets: panel.querySelectorAll('{WIDGET}').length,
            views: views.length,
            problems: {json.dumps(list(WIDGET_PROBLEMS))}.filter(t => text.includes(t)),
          }};
        }}"""
    )


# ---------------------------------------------------------------------------------------------
# maps


@dataclass
class MapReport:
    index: int
    has_leaflet: bool
    shapes: int  # polygons and circle markers (every interactive SVG path)
    areas: int  # interactive paths that are not circles
    markers: int  # circle markers + icon markers
    legend_dots: int  # legend entries drawn as a dot (csto maps): the map promises markers
    tooltip: str | None = None  # text of the tooltip that hovering one shape showed


_MAP_JS = f"""() => {{
  const paths = [...document.querySelectorAll('{MAP_SHAPE}')];
  // a Leaflet circle(marker) path is drawn with arc commands: "M x,y a r,r 0 1,0 ..."
  const circles = paths.filter(p => /a/i.test(p.getAttribute('d') || ''));
  return {{
    folium: !!document.querySelector('.folium-map'),
    leaflet: typeof window.L !== 'undefined' && !!document.querySelector('.leaflet-container'),
    shapes: paths.length,
    circles: circles.length,
    icons: document.querySelectorAll('{MAP_ICON}').length,
    legend_dots: document.querySelectorAll('.csto-legend i.dot').length,
  }};
}}"""

# A point where one interactive shape is on top (not under a caption or legend box).
_HOVER_POINT_JS = f"""() => {{
  const w = window.innerWidth, h = window.innerHeight;
  const paths = [...document.querySelectorAll('{MAP_SHAPE}')];
  const order = paths.filter(p => !/a/i.test(p.getAttribute('d') || '')).concat(
      paths.filter(p => /a/i.test(p.getAttribute('d') || '')));
  for (const p of order) {{
    const r = p.getBoundingClientRect();
    for (let gy = 1; gy < 8; gy++) for (let gx = 1; gx < 8; gx++) {{
      const x = r.left + r.width * gx / 8, y = r.top + r.height * gy / 8;
      if (x < 1 || y < 1 || x > w - 1 || y > h - 1) continue;
      if (document.elementFromPoint(x, y) === p) return [x, y];
    }}
  }}
  return null;
}}"""


def map_frames(page) -> list:
    """(iframe element, frame) for every output iframe that holds a folium map."""
    found = []
    for handle in page.query_selector_all(f"{NOTEBOOK} {OUTPUT_IFRAME}"):
        frame = handle.content_frame()
        if frame is None:
            continue
        try:
            frame.wait_for_load_state("load", timeout=10_000)
            info = frame.evaluate(_MAP_JS)
        except Exception:  # noqa: BLE001 - a frame that is not a map (or is gone)
            continue
        if info["folium"]:
            found.append((handle, frame))
    return found


def inspect_map(page, handle, frame, index: int, hover: bool = True) -> MapReport:
    """Count what one map drew; hover one shape and read the tooltip it shows."""
    handle.scroll_into_view_if_needed()
    try:  # Leaflet draws on load; give a slow first render a moment
        if frame.evaluate("() => typeof window.L !== 'undefined'"):
            frame.wait_for_selector(MAP_SHAPE, timeout=5_000, state="attached")
    except Exception:  # noqa: BLE001 - counted as zero below
        pass
    info = frame.evaluate(_MAP_JS)
    report = MapReport(
        index=index,
        has_leaflet=info["leaflet"],
        shapes=info["shapes"],
        areas=info["shapes"] - info["circles"],
        markers=info["circles"] + info["icons"],
        legend_dots=info["legend_dots"],
    )
    if hover and info["shapes"]:
        point = frame.evaluate(_HOVER_POINT_JS)
        box = handle.bounding_box()
        if point and box:
            page.mouse.move(box["x"] + point[0], box["y"] + point[1])
            try:
                tip = frame.wait_for_selector(TOOLTIP, timeout=3_000, state="visible")
                report.tooltip = tip.inner_text().strip()
            except Exception:  # noqa: BLE001 - no tooltip: reported as None
                report.tooltip = None
            page.mouse.move(0, 0)
    return report


def map_signature(frame) -> str:
    """A short description of what a map draws now (to see that it changed)."""
    return frame.evaluate(
        f"""() => [...document.querySelectorAll('{MAP_SHAPE}')]
              .map(p => (p.getAttribute('fill') || '') + (p.getAttribute('d') || '').length)
              .join(',')"""
    )


RUN_ALL = re.compile(r"Run\s*(?:[›>»→:]|&gt;)?\s*Run All|Run All", re.I)
#: How many cells from the top the "Run All" sentence must sit in (title, time, intro, note).
TOP_CELLS = 4


def says_run_all_at_top(facts: NotebookFacts) -> bool:
    """Does the lesson tell a learner, near its top and before its first map, to Run All?"""
    top = "\n".join("".join(c.get("source", "")) for c in facts.cells[:TOP_CELLS]
                    if c["cell_type"] == "markdown")
    return bool(RUN_ALL.search(top)) and bool(RUN_ALL.search(facts.markdown_before_first_map()))


def fresh_view(page) -> dict:
    """What an opened, not yet run, untrusted notebook shows: maps that draw, folium's
    "Make this Notebook Trusted" texts, rendered widgets and widget errors."""
    drawn = 0
    for i, (handle, frame) in enumerate(map_frames(page)):
        if inspect_map(page, handle, frame, i, hover=False).areas:
            drawn += 1
    return {"maps_drawn": drawn, "trust_texts": page.get_by_text(TRUST_TEXT).count(),
            **widget_report(page)}


# ---------------------------------------------------------------------------------------------
# pictures


def screenshot(page, path: Path) -> None:
    """The whole notebook in one picture: grow the viewport to the notebook's height first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        """() => {
          const s = document.querySelector(
              '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
          if (!s) return document.body.scrollHeight;
          s.scrollTop = 0;  // from the top, wherever the last check scrolled to
          return s.scrollHeight;
        }"""
    )
    old = page.viewport_size
    page.set_viewport_size({"width": old["width"], "height": max(old["height"],
                                                                 min(int(height) + 200, 12_000))})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(old)
