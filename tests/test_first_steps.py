"""What a newcomer reads first says what happens: lesson 00's note about its map, and the
teachers' guide about which lesson comes first (the one `make lab` opens)."""

from __future__ import annotations

import json
import re

from conftest import ROOT


def _start_lesson() -> str:
    """The lesson `make lab` opens (START in the Makefile), e.g. "00"."""
    start = re.search(r"^START\s*:=\s*notebooks/(\d\d)-", (ROOT / "Makefile").read_text(),
                      re.M)
    assert start, "the Makefile names no START lesson"
    return start.group(1)


def test_the_teachers_guide_starts_where_make_lab_opens():
    text = (ROOT / "teachers" / "README.md").read_text(encoding="utf-8")
    first = _start_lesson()
    assert not re.search(r"Lesson (?!" + first + r")\d\d comes first", text), (
        f"teachers/README.md names another lesson as first, while make lab opens {first}")
    assert re.search(rf"Start with {first}\b", text)


def test_lesson_00_does_not_say_its_saved_map_waits_for_a_run():
    """The lessons are trusted (make lab, Binder), so lesson 00's saved map shows at once: its
    note may say what to do where it does not, but not that it never shows before a run."""
    nb = json.loads((ROOT / "notebooks" / "00-start-here.ipynb").read_text(encoding="utf-8"))
    saved_map = any("leaflet" in "".join(o.get("data", {}).get("text/html", "")).lower()
                    for c in nb["cells"] for o in c.get("outputs", []))
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert saved_map
    assert not re.search(r"appears? only after the cells have run", text)
