"""axe-core where students work: every lesson as JupyterLab shows it, saved and after Run All,
and every map page on its own (issue 23). No serious or critical violation may remain.

Only what the lesson owns is audited (its rendered Markdown and its outputs, with the map
frames inside them): JupyterLab's own menus and panels are not the lessons' to fix. axe-core
is site/package.json's pinned version, fetched by `python tools/site.py assets` (which
tools/run_browser.py runs before the stage). Every finding, of every impact, is written to
build/lab-axe-report.json for the accessibility statement (accessibility.md).
"""

from __future__ import annotations

import json
import re

import pytest

from . import lab as jl
from .conftest import ROOT, _skip_or_fail, lesson_paths

pytestmark = pytest.mark.browser

AXE = ROOT / "build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
REPORT = ROOT / "build" / "lab-axe-report.json"
#: What a lesson owns in JupyterLab's page.
LESSON_NODES = [f"{jl.NOTEBOOK} .jp-MarkdownOutput", f"{jl.NOTEBOOK} .jp-OutputArea-output"]
BLOCKING = ("serious", "critical")
#: Each map function, with the arguments it is audited with.
MAP_CALLS = {"membership_map": ("2000-06-01",), "crisis_map": (), "kazakhstan_map": (),
             "alliance_map": (["nato", "csto"],)}

_AUDIT_JS = """async (selectors) => {
  const include = selectors.filter(s => document.querySelector(s)).map(s => [s]);
  if (!include.length) return [];
  const result = await axe.run({include}, {resultTypes: ['violations']});
  return result.violations.map(r => ({id: r.id, impact: r.impact, help: r.help,
                                      nodes: r.nodes.length,
                                      targets: r.nodes.slice(0, 3).map(n => n.target)}));
}"""

results: dict[str, list[dict]] = {}


def _need_axe() -> None:
    if not AXE.is_file():
        _skip_or_fail(f"axe-core is missing ({AXE.relative_to(ROOT)}): run "
                      "`python tools/site.py assets` (tools/run_browser.py does)")


def audit(page, selectors: list[str] | None) -> list[dict]:
    """axe-core's violations in the page (and the frames inside it): only inside `selectors`,
    or in the whole document when None."""
    for frame in page.frames:
        try:
            frame.add_script_tag(path=str(AXE))
        except Exception:  # noqa: BLE001 (a frame gone or not yet loaded: nothing to audit)
            pass
    if selectors is None:
        return page.evaluate("async () => (await axe.run(document, {resultTypes: "
                             "['violations']})).violations.map(r => ({id: r.id, impact: "
                             "r.impact, help: r.help, nodes: r.nodes.length, targets: "
                             "r.nodes.slice(0, 3).map(n => n.target)}))")
    return page.evaluate(_AUDIT_JS, selectors)


def _record(key: str, found: list[dict]) -> None:
    """Keep the findings, and write every finding of this session to REPORT."""
    results[key] = found
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(dict(sorted(results.items())), indent=1))


def blocking(found: list[dict], where: str) -> str:
    bad = [r for r in found if r["impact"] in BLOCKING]
    return f"{where}: " + "; ".join(
        f"{r['id']} ({r['impact']}, {r['nodes']}x: {r['help']}; e.g. {r['targets'][:2]})"
        for r in bad) if bad else ""


def _wait_for_maps(page) -> None:
    for _handle, frame in jl.map_frames(page):
        try:
            frame.wait_for_selector(jl.MAP_SHAPE, timeout=5_000, state="attached")
        except Exception:  # noqa: BLE001 (checked by test_lessons; here only audited)
            pass


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_lesson_in_jupyterlab_has_no_serious_accessibility_problem(session, lab, path):
    """The lesson as saved (trusted, as `make lab` opens it) and after Run All."""
    _need_axe()
    page, name = session.page, path.name
    facts = jl.NotebookFacts.read(lab.root_dir / "notebooks" / name)
    jl.open_notebook(page, lab, f"notebooks/{name}")
    _wait_for_maps(page)
    saved = audit(page, LESSON_NODES)
    _record(f"jupyterlab/{path.stem}/saved", saved)
    jl.run_all(page, facts)
    _wait_for_maps(page)
    page.wait_for_timeout(500)  # widgets finish drawing
    fresh = audit(page, LESSON_NODES)
    _record(f"jupyterlab/{path.stem}/after-run-all", fresh)
    problems = [p for p in (blocking(saved, f"{name} as saved"),
                            blocking(fresh, f"{name} after Run All")) if p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("function", MAP_CALLS)
def test_map_page_has_no_serious_accessibility_problem(browser, function):
    """Each map's own page (what the notebook's frame shows, or m.save writes), whole."""
    _need_axe()
    import csto.maps

    html = getattr(csto.maps, function)(*MAP_CALLS[function]).get_root().render()
    page = browser.new_page()
    try:
        page.set_content(html, wait_until="load")
        page.wait_for_selector(jl.MAP_SHAPE, timeout=10_000, state="attached")
        found = audit(page, None)
    finally:
        page.close()
    _record(f"map-page/{function}", found)
    problem = blocking(found, f"the page of {function}()")
    assert not problem, problem


def _active_cell(page) -> int:
    return page.evaluate(f"""() => [...document.querySelectorAll('{jl.CELL}')]
                             .findIndex(c => c.classList.contains('jp-mod-active'))""")


@pytest.mark.parametrize("lesson,control,key", [
    ("03-crisis-responses", ".csto-crisis-state select", "ArrowDown"),
    ("04-kazakhstan-2022", ".csto-kz-day .noUi-handle", "ArrowUp"),
])
def test_explorer_controls_keep_their_arrow_keys(session, lab, lesson, control, key):
    """In JupyterLab the arrow keys move between cells; on an explorer's control they must
    change the control instead (issue 23), and a slider says its new value in words."""
    page = session.page
    facts = jl.NotebookFacts.read(lab.root_dir / "notebooks" / f"{lesson}.ipynb")
    jl.open_notebook(page, lab, f"notebooks/{lesson}.ipynb")
    jl.run_all(page, facts)
    target = page.locator(f"{jl.NOTEBOOK} {control}").first
    target.scroll_into_view_if_needed()
    target.focus()
    page.wait_for_function("el => el.hasAttribute('data-lm-suppress-shortcuts')",
                           arg=target.element_handle(), timeout=10_000)
    value = ("el => el.tagName === 'SELECT' ? el.value : "
             "el.getAttribute('aria-valuetext') + ' / ' + el.getAttribute('aria-label')")
    before, cell = target.evaluate(value), _active_cell(page)
    page.keyboard.press(key)
    page.wait_for_timeout(500)
    after = target.evaluate(value)
    assert after != before, f"{lesson}: {key} on {control} changed nothing ({before!r})"
    assert _active_cell(page) == cell, f"{lesson}: {key} on {control} moved to another cell"
    if "noUi-handle" in control:
        words = r"\w+day \d+ \w+ 2022, day \d+ of \d+ / Day of the operation$"
        assert re.match(words, after), after
