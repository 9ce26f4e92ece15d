"""Every lesson, run in JupyterLab in a real Chromium, with no network.

For each notebooks/NN-*.ipynb: open it, clear its outputs, Run All, then check what a learner
would see (see expectations.py for the list), exercise any explorer widget it holds, and save a
screenshot to build/screenshots/<lesson>.png.
"""

from __future__ import annotations

import pytest

from . import lab as jl
from .conftest import SCREENSHOTS, lesson_paths
from .expectations import CONSOLE_ALLOW, EXPLORER_CALLS, Expect
from .explorers import EXPLORERS, exercised

pytestmark = pytest.mark.browser
#: Lessons whose browser test ran to its end in this session.
finished: set[str] = set()


def expectation(facts: jl.NotebookFacts) -> Expect:
    """What the notebook itself implies it must show (see expectations.py)."""
    return Expect(
        maps=max(int(facts.uses_maps()), facts.saved_map_outputs()),
        markers=int(facts.uses_markers()),
        widgets=int(facts.uses_widgets()),
        explorers=tuple(name for call, name in EXPLORER_CALLS.items() if call in facts.source),
    )


def unexplained(messages: list[str]) -> list[str]:
    return [m for m in messages if not any(allowed in m for allowed in CONSOLE_ALLOW)]


def check_page_is_clean(s, where: str) -> None:
    """No JavaScript error and no request off the machine, so far in this page."""
    assert not s.page_errors, f"{where}: uncaught JavaScript errors: {s.page_errors}"
    errors = unexplained(s.console_errors)
    assert not errors, f"{where}: JavaScript console errors: {errors}"
    assert not s.external_requests, (
        f"{where}: the page asked the network for {s.external_requests[:5]} "
        "(the lessons must work offline: inline it or drop it)"
    )


def check_ran(page, lab, facts: jl.NotebookFacts, name: str) -> jl.RunResult:
    """Every code cell ran; exactly the cells tagged raises-exception show an error."""
    jl.save(page)
    result = jl.RunResult.read(facts.path)
    prompts = jl.prompts(page)
    unexpected = {i: msg for i, msg in result.errors.items() if i not in facts.raises}
    assert not unexpected, (
        f"{name}: cells show errors (cell number: error): {unexpected}. "
        "Fix the cell, or tag it `raises-exception` if the error is the lesson."
    )
    silent = sorted(facts.raises - set(result.errors))
    assert not silent, (
        f"{name}: cells {silent} are tagged raises-exception but raised nothing: "
        "the lesson shows an error that no longer happens"
    )
    not_run = [i for i in facts.code if not any(ch.isdigit() for ch in (prompts[i] or ""))]
    assert not not_run, f"{name}: code cells {not_run} did not run (prompts {prompts})"
    return result


def check_widgets(page, result: jl.RunResult, expect: Expect, name: str) -> dict:
    """Every widget output shows its widget; none shows a widget error."""
    report = jl.widget_report(page)
    assert not report["problems"], f"{name}: widget problems shown: {report['problems']}"
    assert report["views"] >= result.widget_views, (
        f"{name}: the notebook displays {result.widget_views} widgets, "
        f"the page shows {report['views']}"
    )
    assert report["views"] >= expect.widgets, (
        f"{name}: {report['views']} widgets rendered, expected at least {expect.widgets}"
    )
    return report


def map_problems(r: jl.MapReport, where: str) -> list[str]:
    """What is wrong with one drawn map (empty when it is fine)."""
    problems = []
    if not r.has_leaflet:
        problems.append(f"{where}: Leaflet did not load inside the map (window.L missing)")
    if r.areas == 0:
        problems.append(f"{where}: no country shape drawn ({r})")
    if r.legend_dots and r.markers == 0:
        problems.append(f"{where}: the legend shows dots but no marker is drawn ({r})")
    if r.areas and not r.tooltip:
        problems.append(f"{where}: hovering a shape showed no tooltip ({r})")
    return problems


def check_maps(page, expect: Expect, name: str) -> list[jl.MapReport]:
    """Every map draws its shapes (and markers if its legend has dots) and shows tooltips."""
    frames = jl.map_frames(page)
    assert len(frames) >= expect.maps, (
        f"{name}: {len(frames)} folium maps in the page, expected at least {expect.maps}"
    )
    reports = [jl.inspect_map(page, h, f, i) for i, (h, f) in enumerate(frames)]
    problems = [p for r in reports for p in map_problems(r, f"{name}, map {r.index + 1}")]
    assert not problems, "\n".join(problems)
    markers = sum(r.markers for r in reports)
    assert markers >= expect.markers, (
        f"{name}: {markers} markers drawn on its maps, expected at least {expect.markers}"
    )
    return reports


fresh_shots: list[str] = []


def check_fresh_view(page, facts: jl.NotebookFacts, name: str) -> None:
    """Opened but not run (untrusted, as on a fresh Binder): if the saved maps do not draw,
    the lesson must have told the learner to Run All before them."""
    saved = facts.saved_map_outputs()
    if not saved:
        return
    view = jl.fresh_view(page)
    print(f"{name} opened fresh: {view['maps_drawn']} of {saved} saved maps draw, "
          f"{view['trust_texts']} 'Make this Notebook Trusted' texts, "
          f"{view['views']} widgets shown")
    if not fresh_shots:  # one picture of what a fresh learner sees is enough
        fresh_shots.append(name)
        jl.screenshot(page, SCREENSHOTS / f"fresh-{facts.path.stem}.png")
    if view["maps_drawn"] < saved:
        assert jl.says_run_all_at_top(facts), (
            f"{name}: opened fresh, {saved - view['maps_drawn']} saved maps do not draw and "
            "the lesson does not say near its top to Run All"
        )


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_lesson_runs_in_jupyterlab(session, lab, path):
    page, name = session.page, path.name
    lap = jl.Laps(name)
    facts = jl.NotebookFacts.read(lab.root_dir / "notebooks" / name)
    expect = expectation(facts)
    jl.open_notebook(page, lab, f"notebooks/{name}")
    lap("open")
    check_fresh_view(page, facts, name)
    lap("fresh view")
    jl.run_all(page, facts)
    lap("run all")
    try:
        result = check_ran(page, lab, facts, name)
        check_widgets(page, result, expect, name)
        lap("save, cells, widgets")
        maps = check_maps(page, expect, name)
        lap(f"{len(maps)} maps " + str([(m.areas, m.markers) for m in maps]))
        check_page_is_clean(session, name)
        for explorer in EXPLORERS.values():
            if explorer.present(page):
                explorer.exercise(page, name)
                check_page_is_clean(session, f"{name} after the {explorer.name}")
                lap(explorer.name)
        missing = [e for e in expect.explorers if e not in exercised]
        assert not missing, f"{name}: explorers expected here but not found: {missing}"
        finished.add(name)
    finally:
        jl.screenshot(page, SCREENSHOTS / f"{path.stem}.png")
        lap("screenshot")
        print(lap.summary())


def test_every_explorer_was_exercised(request):
    """When every lesson ran to the end here, each explorer was found and used in one of them.
    (Lessons skipped, for want of Chromium, or deselected: nothing to say.)"""
    if len(finished) < len(lesson_paths()):
        pytest.skip(f"{len(finished)} of {len(lesson_paths())} lessons ran in this session")
    missing = sorted(set(EXPLORERS) - exercised)
    assert not missing, f"explorers no lesson let the browser use: {missing}"
