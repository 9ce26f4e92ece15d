"""What each lesson must show in the browser, beyond the checks every lesson gets.

Every lesson, whatever is written here: all its code cells run; only cells tagged
`raises-exception` show an error, and each of them does; the page logs no JavaScript error;
no request leaves the machine; every widget renders; every map draws its country shapes,
shows a tooltip on hover, and draws markers when its legend shows a dot.

What each lesson must show is worked out from its own file, so adding a lesson adds no line
here: a cell that calls a map function means at least one map (crisis_map and kazakhstan_map:
with markers), each saved map output means a map, a widget in the code means a widget, and a
call of an explorer (EXPLORER_CALLS) means that explorer must be found and exercised.
To add an explorer: write its check in explorers.py and name its call here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Expect:
    maps: int = 0  # at least this many folium maps drawn
    markers: int = 0  # at least this many markers (dots or pins) over all its maps
    widgets: int = 0  # at least this many rendered widget views
    explorers: tuple[str, ...] = ()  # names from explorers.EXPLORERS


#: Which explorer a call in a lesson's code means it holds.
EXPLORER_CALLS: dict[str, str] = {
    "membership_explorer(": "membership",
    "crisis_explorer(": "crisis",
    "kazakhstan_stepper(": "stepper",
}

#: JavaScript console errors that are harmless, each with why. Matched as substrings.
CONSOLE_ALLOW: dict[str, str] = {}
