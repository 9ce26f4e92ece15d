"""What a fresh Binder (or nbgitpuller) user sees: a lesson opened, not run.

The test server keeps notebook signatures in memory only, so every lesson opens untrusted, as
on a new Binder session. JupyterLab then does not run the saved map pages (folium's iframe is
dropped by the sanitizer and its fallback text "Make this Notebook Trusted to load map" shows)
and saved widgets have no kernel behind them. test_lessons.py records that view for every
lesson before running it (and saves build/screenshots/fresh-<lesson>.png for the first lesson
with a map); here, from the files: a lesson with maps or widgets must tell the learner, near
its top and before its first map, to run the cells ("Run All").
"""

from __future__ import annotations

import pytest

from . import lab as jl
from .conftest import lesson_paths

pytestmark = pytest.mark.browser

SENTENCE = ("> Opened this notebook fresh (for example on Binder)? Choose **Run › Run All Cells** "
            "first: the maps appear only after the cells have run.")


def needs_running(facts: jl.NotebookFacts) -> bool:
    return facts.uses_maps() or facts.uses_widgets() or facts.saved_map_outputs() > 0


def visual_lessons() -> list:
    return [p for p in lesson_paths() if needs_running(jl.NotebookFacts.read(p))]


@pytest.mark.parametrize("path", visual_lessons(), ids=lambda p: p.stem)
def test_lesson_tells_a_fresh_learner_to_run_it(path):
    """A lesson with maps or widgets says "Run All" near its top, before the first map."""
    facts = jl.NotebookFacts.read(path)
    assert jl.says_run_all_at_top(facts), (
        f"{path.name}: opened fresh (Binder, nbgitpuller), its maps show only a 'Make this "
        "Notebook Trusted' text and its widgets nothing until the cells run. Say so in one of "
        f"the first {jl.TOP_CELLS} cells, before the first map, e.g. {SENTENCE!r}"
    )
