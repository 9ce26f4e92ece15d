"""The browser checks themselves, proved on a scratch notebook written here (not a lesson):
a csto map with areas only, one with markers, two widgets, an error the notebook expects, and
last a map whose inlined Leaflet is empty. The checks must pass the first ones and reject the
last.

Without this, a harness that sees nothing (no kernel, no iframe, a renamed selector) would
pass every lesson.
"""

from __future__ import annotations

import json

import pytest

from . import lab as jl
from .expectations import Expect
from .test_lessons import check_ran, check_widgets, map_problems

pytestmark = pytest.mark.browser


def write_notebook(lab, name: str, cells: list[tuple[str, str, list[str]]]) -> str:
    """Write a notebook of (kind, source, tags) cells into the served folder."""
    nb = {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                    "language": "python"}},
        "cells": [
            {"cell_type": kind, "id": f"c{i}", "metadata": {"tags": tags} if tags else {},
             "source": src, **({"outputs": [], "execution_count": None} if kind == "code" else {})}
            for i, (kind, src, tags) in enumerate(cells)
        ],
    }
    path = lab.root_dir / "scratch" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")
    return f"scratch/{name}"


CELLS = [
    ("markdown", "# Harness check\n\nRun All.", []),
    ("code", "from csto.maps import crisis_map, membership_map\nmembership_map('2000-01-01')", []),
    ("code", "crisis_map()", []),
    ("code", "import ipywidgets as w\nw.IntSlider(value=3, description='n')", []),
    ("code", "w.interact(lambda n: print(n * 2), n=(0, 5))", []),
    ("code", "1 / 0", ["raises-exception"]),
    ("code", "import csto._leaflet as lf\nlf.leaflet_js = lambda: ''  # Leaflet missing\n"
             "membership_map('2000-01-01')", []),
]


def test_harness_passes_good_maps_and_widgets_and_rejects_a_broken_map(session, lab):
    page = session.page
    rel = write_notebook(lab, "harness.ipynb", CELLS)
    facts = jl.NotebookFacts.read(lab.root_dir / rel)
    assert facts.raises == {5} and facts.uses_maps() and facts.uses_widgets()
    assert facts.uses_markers()
    jl.open_notebook(page, lab, rel)
    jl.run_all(page, facts)
    # cells: every one ran (the cell after the expected error too); the error was seen
    result = check_ran(page, lab, facts, rel)
    assert result.errors.keys() == {5} and result.widget_views == 2, result
    widgets = check_widgets(page, result, Expect(widgets=2), rel)
    assert widgets["widgets"] >= 2, widgets
    # maps: the two good ones pass, with a tooltip on hover
    frames = jl.map_frames(page)
    assert len(frames) == 3, f"expected 3 maps, found {len(frames)}"
    members, crises, broken = (jl.inspect_map(page, h, f, i) for i, (h, f) in enumerate(frames))
    assert not map_problems(members, "membership map"), members
    assert members.areas > 5 and members.legend_dots == 0 and members.tooltip, members
    assert not map_problems(crises, "crisis map"), crises
    assert crises.markers > 3 and crises.legend_dots > 0, crises
    # the broken map is rejected, and its JavaScript error is caught
    problems = map_problems(broken, "broken map")
    assert any("Leaflet did not load" in p for p in problems), (broken, problems)
    assert any("no country shape" in p for p in problems), (broken, problems)
    logged = session.page_errors + session.console_errors
    assert logged and all("L is not defined" in e for e in logged), logged
    assert not session.external_requests, session.external_requests
