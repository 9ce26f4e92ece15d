"""The explorer widgets of csto.widgets, used the way a learner uses them.

Controls are found by the CSS classes that lib/csto/widgets.py documents (CLASSES below; keep
them in step with its docstring). Each explorer is exercised in whichever lesson shows it; the
names of those that were exercised are collected in `exercised`, so the suite can insist, once
all lessons are in, that every explorer was used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from csto.widgets import kazakhstan_day

from . import lab as jl

#: CSS classes, as documented in lib/csto/widgets.py.
CLASSES = {
    "membership": "csto-membership-explorer",  # the VBox
    "membership_year": "csto-membership-year",  # year slider
    "membership_parties": "csto-membership-parties",  # HTML: the day and the parties only
    "membership_map": "csto-membership-map",  # Output holding the map
    "crisis": "csto-crisis-explorer",  # the VBox
    "crisis_episode": "csto-crisis-episode",  # episode dropdown
    "crisis_state": "csto-crisis-state",  # State filter dropdown
    "crisis_card": "csto-crisis-card",  # HTML: the chosen episode
    "crisis_answer": "csto-crisis-answer",  # td inside the card: the episode's response
    "crisis_map": "csto-crisis-map",  # Output holding the map
    "stepper": "csto-kz-stepper",  # the VBox
    "stepper_next": "csto-kz-next",  # button
    "stepper_date": "csto-kz-date",  # HTML: "Day 5 of 11: Friday 7 January 2022"
    "stepper_card": "csto-kz-card",  # HTML: the day's events and the figures known by then
}

PARTIES_2000 = ("Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan")
NOT_PARTIES_2000 = ("Uzbekistan", "Azerbaijan", "Georgia")

exercised: set[str] = set()


def css(name: str) -> str:
    return "." + CLASSES[name]


def within(page, root: str, name: str) -> str:
    """Selector for a control inside the first explorer of this kind in the notebook."""
    return f"{jl.NOTEBOOK} {root} {css(name)} >> nth=0"


def set_value(page, selector: str, value: str) -> None:
    """Set a widget control the way a learner would, whatever kind it is: a dropdown, a text
    or number box, or a slider (typed into its editable readout)."""
    target = page.locator(selector)
    select = target.locator("select")
    if target.evaluate("e => e.tagName") == "SELECT":
        select = target
    if select.count():
        options = select.first.locator("option").all_inner_texts()
        plain = [" ".join(o.split()) for o in options]  # labels use no-break spaces
        match = next((o for o, p in zip(options, plain, strict=True) if p == value), None)
        match = match or next((o for o, p in zip(options, plain, strict=True) if value in p), None)
        assert match, f"no option {value!r} in {options}"
        select.first.select_option(label=match)
        return
    readout = target.locator(".widget-readout")
    if readout.count():  # ipywidgets slider: the readout is editable
        readout.first.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Enter")
        return
    box = target.locator("input") if target.evaluate("e => e.tagName") != "INPUT" else target
    box.first.fill(value)
    box.first.press("Enter")


def text_of(page, selector: str) -> str:
    return page.locator(selector).inner_text()


def map_in(page, root: str):
    """The map frame inside the explorer (None when it has none)."""
    for handle in page.query_selector_all(f"{jl.NOTEBOOK} {root} iframe"):
        frame = handle.content_frame()
        if frame is not None:
            return handle, frame
    return None


def wait_map_changed(page, root: str, before: str, where: str, timeout_s: float = 15) -> None:
    for _ in range(int(timeout_s * 4)):
        found = map_in(page, root)
        if found:
            try:
                found[1].wait_for_selector(jl.MAP_SHAPE, timeout=2_000, state="attached")
                if jl.map_signature(found[1]) != before:
                    return
            except Exception:  # noqa: BLE001 - frame replaced while reading: look again
                pass
        page.wait_for_timeout(250)
    raise AssertionError(f"{where}: the map did not change")


def wait_for(page, predicate: Callable[[], bool], timeout_s: float = 15) -> bool:
    for _ in range(int(timeout_s * 4)):
        try:
            if predicate():
                return True
        except Exception:  # noqa: BLE001 - element re-rendered while reading
            pass
        page.wait_for_timeout(250)
    return False


def no_error_inside(page, root: str, where: str) -> None:
    errors = page.locator(f"{jl.NOTEBOOK} {root} {jl.ERROR_OUTPUT}")
    assert errors.count() == 0, f"{where}: the widget shows an error: {errors.first.inner_text()}"


# ---------------------------------------------------------------------------------------------


def membership(page, lesson: str) -> None:
    root = css("membership")
    where = f"{lesson}: membership explorer"
    found = map_in(page, root)
    assert found, f"{where}: no map inside the explorer"
    before = jl.map_signature(found[1])
    year = within(page, root, "membership_year")
    parties = within(page, root, "membership_parties")
    if all(p in text_of(page, parties) for p in PARTIES_2000):
        set_value(page, year, "1995")  # start from another year so that the map must change
        wait_map_changed(page, root, before, f"{where} (1995)")
        before = jl.map_signature(map_in(page, root)[1])
    set_value(page, year, "2000")

    def shows_2000() -> bool:
        text = text_of(page, parties)
        return all(p in text for p in PARTIES_2000) and not any(
            p in text for p in NOT_PARTIES_2000)

    ok = wait_for(page, shows_2000)
    no_error_inside(page, root, where)
    assert ok, (f"{where}: after choosing 2000 the party list reads {text_of(page, parties)!r}; "
                f"expected exactly {', '.join(PARTIES_2000)}")
    names = re.findall(r"[A-Z][a-z]+", text_of(page, parties))
    assert sorted(set(names) & set(PARTIES_2000)) == sorted(PARTIES_2000)
    wait_map_changed(page, root, before, f"{where} (2000)")
    exercised.add("membership")


def crisis(page, lesson: str) -> None:
    root = css("crisis")
    where = f"{lesson}: crisis explorer"
    episode = within(page, root, "crisis_episode")
    answer = within(page, root, "crisis_answer")
    set_value(page, episode, "Kazakhstan January 2022")
    card = within(page, root, "crisis_card")
    ok = wait_for(page, lambda: "Kazakhstan" in text_of(page, card)
                  and text_of(page, answer).strip() == "forces deployed")
    no_error_inside(page, root, where)
    assert ok, (f"{where}: after choosing Kazakhstan January 2022 the card's response reads "
                f"{text_of(page, answer)!r}; expected 'forces deployed'")
    found = map_in(page, root)
    assert found, f"{where}: no map inside the explorer"
    # the map follows the State filter, as the episode menu does
    set_value(page, within(page, root, "crisis_state"), "Kazakhstan")
    frame = f"{jl.NOTEBOOK} {root} {css('crisis_map')} iframe >> nth=0"
    ok = wait_for(page, lambda: "involving Kazakhstan" in (
        page.locator(frame).get_attribute("title") or ""))
    assert ok, f"{where}: after choosing the state Kazakhstan the map still shows every episode"
    exercised.add("crisis")


def stepper(page, lesson: str) -> None:
    root = css("stepper")
    where = f"{lesson}: Kazakhstan stepper"
    date = within(page, root, "stepper_date")
    before = text_of(page, date)
    page.locator(within(page, root, "stepper_next")).click()
    ok = wait_for(page, lambda: text_of(page, date) != before)
    no_error_inside(page, root, where)
    assert ok, f"{where}: pressing Next left the date at {before!r}"
    after = text_of(page, date)
    # the stepper starts on day 1; Next must show day 2 and that day's events
    assert after.startswith("Day 2 of "), f"{where}: after Next the date reads {after!r}"
    day2 = kazakhstan_day(1)
    card = text_of(page, within(page, root, "stepper_card"))
    assert day2["events"][0]["title"] in card, f"{where}: the card does not show day 2's events"
    exercised.add("stepper")


@dataclass(frozen=True)
class Explorer:
    name: str
    root: str  # key in CLASSES of the explorer's outer box
    run: Callable

    def present(self, page) -> bool:
        return page.locator(f"{jl.NOTEBOOK} {css(self.root)}").count() > 0

    def exercise(self, page, lesson: str) -> None:
        self.run(page, lesson)


EXPLORERS: dict[str, Explorer] = {
    "membership": Explorer("membership explorer", "membership", membership),
    "crisis": Explorer("crisis explorer", "crisis", crisis),
    "stepper": Explorer("Kazakhstan stepper", "stepper", stepper),
}
