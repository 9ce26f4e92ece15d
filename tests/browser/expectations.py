"""What each lesson must show in the browser, beyond the checks every lesson gets.

Every lesson, whatever is written here: all its code cells run; only cells tagged
`raises-exception` show an error, and each of them does; the page logs no JavaScript error;
no request leaves the machine; every widget renders; every map draws its country shapes,
shows a tooltip on hover, and draws markers when its legend shows a dot.

Here, per lesson (by file-name prefix, "03" for notebooks/03-*.ipynb), at least how many maps,
markers and widgets must render, and which explorers it holds. Whether listed or not, a lesson
also gets floors worked out from its own file: a cell that calls a map function means at least
one map (crisis_map and kazakhstan_map: with markers), a saved map output means a map, a widget
in the code means a widget.
To add a lesson: add a line. To add an explorer: write its check in explorers.py and name it
here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Expect:
    maps: int = 0  # at least this many folium maps drawn
    markers: int = 0  # at least this many markers (dots or pins) over all its maps
    widgets: int = 0  # at least this many rendered widget views
    explorers: tuple[str, ...] = ()  # names from explorers.EXPLORERS


#: The lessons, 00..06 (what each showed when this table was written).
LESSONS: dict[str, Expect] = {
    "00": Expect(maps=1),  # a first membership map
    "01": Expect(maps=2),  # membership in 1995 and 2003
    "02": Expect(maps=1, widgets=1, explorers=("membership",)),  # the map is the explorer's
    "03": Expect(maps=2, markers=2, widgets=1, explorers=("crisis",)),
    "04": Expect(maps=1, markers=1, widgets=1, explorers=("stepper",)),
    "05": Expect(maps=1),
    "06": Expect(),
}

#: The set of lessons the collection is made of: when all are present the suite is strict
#: (every explorer must be exercised somewhere).
ALL_LESSONS = ("00", "01", "02", "03", "04", "05", "06")

#: JavaScript console errors that are harmless, each with why. Matched as substrings.
CONSOLE_ALLOW: dict[str, str] = {}
