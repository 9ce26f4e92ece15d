"""A class, end to end in JupyterLab and Chromium: a student answers exercises of lessons 00
and 04 in cells added at the end of each lesson (copies of the lessons, so the served lessons
stay as they are), sees their progress and hands in; 29 classmates' hand-ins are made from that
real one with other answers (5 of them damaged); the teacher's one command builds the class
page, which Chromium shows with the right shares, wrong options and misconceptions."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

import pytest
from csto.exercises import EXERCISES
from hand_in_variants import damage, read, variant, write

from . import lab as jl
from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

WRITTEN = ("The Kazakh government and Russian state media called it an attack by trained "
           "terrorists from abroad, a colour revolution; independent outlets such as Eurasianet "
           "and scholars point to fuel prices, inequality and a struggle inside the elite. The "
           "first side offers statements, the second evidence from the regions and the courts.")
#: What the student does: cells added at the end of each lesson, run one by one.
LESSON_00 = ['check("00-quotes", "a")', 'hint("00-quotes")', 'check("00-quotes", "b")',
             'check("00-tables", 1)', 'predict("00-armenia-rows", 3)',
             'check("00-armenia-rows", 3)', 'my_progress("00")']
LESSON_04 = ['check("04-peacekeeping-label", "c")', 'check("04-peacekeeping-label", "b")',
             f'check("04-colour-revolution", {WRITTEN!r})', 'hand_in("Browser Student")']
#: Classmates (1..29) whose hand-in is damaged, and how: each must be named on the class page.
DAMAGED = {5: "truncated", 11: "bad-json", 17: "newer-version", 23: "no-data", 3: "bad-field"}
RIGHT = "b"  # the right option of both multiple-choice exercises (00-quotes, 04-peacekeeping)


def add_and_run(page, code: str) -> str:
    """Add a code cell at the end of the open notebook, type `code`, run it; its output."""
    cells = page.locator(jl.CELL)
    n = cells.count()
    cells.nth(n - 1).locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")  # a new cell below, in command mode
    page.wait_for_function(f"() => document.querySelectorAll({jl.CELL!r}).length > {n}")
    page.keyboard.press("Enter")
    page.keyboard.insert_text(code)  # as pasted: no bracket auto-closing
    page.keyboard.press("Shift+Enter")
    cell = page.locator(jl.CELL).nth(n)
    page.wait_for_function(
        """(cell) => /\\d/.test(cell.querySelector('.jp-InputPrompt').textContent)""",
        arg=cell.element_handle(), timeout=60_000)
    jl.wait_kernel_idle(page)
    area = cell.locator(".jp-OutputArea")
    return area.inner_text() if area.count() else ""


def work_through(page, lab, lesson: str, setup: str, cells: list[str]) -> list[str]:
    path = lab.copy_in(lab.root_dir / "notebooks" / f"{lesson}.ipynb", f"{lesson}-class.ipynb")
    jl.open_notebook(page, lab, path)
    add_and_run(page, setup)
    return [add_and_run(page, code) for code in cells]


def test_a_class_hands_in_and_the_teacher_sees_it(session, lab, tmp_path):
    page = session.page
    hand_ins = lab.root_dir / "hand-ins"
    setup = ("import os\n"  # this test's own folders (a student's are ~/.csto and the notebook's)
             f"os.environ['CSTO_PROGRESS_DIR'] = {str(tmp_path / 'progress')!r}\n"
             f"os.environ['CSTO_HAND_IN_DIR'] = {str(hand_ins)!r}\n"
             "from csto import check, hand_in, hint, my_progress, predict")
    out00 = work_through(page, lab, "00-start-here", setup, LESSON_00)
    assert "Not yet." in out00[0] and "A common mistake" in out00[0], out00[0]
    assert "Right!" in out00[2], out00[2]
    progress = out00[-1]  # the per-exercise table: 00-quotes tried twice, not right at first
    assert re.search(r"00-quotes\s+Text in quotes\s+2\s+no\s+yes\s+1", progress), progress
    out04 = work_through(page, lab, "04-kazakhstan-2022", setup, LESSON_04)
    assert "Model answer" in out04[2], out04[2]
    assert out04[3].startswith("Saved hand-in-all-browser-student.html (5 exercises tried) "
                               "in the class's hand-in folder"), out04[3]
    real = hand_ins / "hand-in-all-browser-student.html"
    data = read(real)
    by_id = {e["id"]: e for e in data["exercises"]}
    assert (by_id["00-quotes"]["options"], by_id["00-quotes"]["hints"]) == (["a", "b"], 1)
    assert (by_id["00-armenia-rows"]["prediction"], by_id["04-colour-revolution"]["written"]
            ) == ("3", WRITTEN)

    # the hand-in page as a teacher opens it
    page.set_content(real.read_text(encoding="utf-8"))
    shown = page.inner_text("body")
    assert "Hand-in: Browser Student" in shown and WRITTEN in shown
    assert re.search(r"Prediction / data\s+predicted 3; the data show \d+", shown), shown
    jl.screenshot(page, SCREENSHOTS / "hand-in.png")

    # 29 classmates from the real one, 5 damaged; then the teacher's one command
    classmates = {}
    for i in range(1, 30):
        option = "abcd"[i % 4]
        classmates[i] = variant(data, i, option=option, right_first=option == RIGHT)
        path = write(classmates[i], hand_ins, f"hand-in-all-student-{i:03d}")
        if i in DAMAGED:
            damage(path, DAMAGED[i])
    out = subprocess.run([sys.executable, "-m", "csto.classroom", str(hand_ins), "--out",
                          str(tmp_path / "class")], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("Read 26 hand-ins (5 not fully read)"), out.stdout

    # what the class page must show, computed from the hand-ins that can be read
    read_ok = {0: data} | {i: d for i, d in classmates.items()
                           if DAMAGED.get(i) in (None, "bad-field")}
    page.set_content((tmp_path / "class" / "class.html").read_text(encoding="utf-8"))
    assert page.locator("ul.notes li").count() == len(DAMAGED)
    notes = page.inner_text("ul.notes")
    for i in DAMAGED:
        assert f"hand-in-all-student-{i:03d}.html:" in notes
    for ex_id in ("00-quotes", "04-peacekeeping-label"):
        entries = [e for i, d in read_ok.items() for k, e in enumerate(d["exercises"])
                   if e["id"] == ex_id and not (k == 0 and DAMAGED.get(i) == "bad-field")]
        tried = len(entries)
        first = sum(e["first_verdict"] == "right" for e in entries)
        now = sum(e["last_verdict"] == "right" for e in entries)
        section = page.locator(f"section[id={ex_id!r}]")
        assert section.locator(".right-first").inner_text() == (
            f"{first} of {tried} ({round(100 * first / tried)}%)")
        assert section.locator(".right-now").inner_text() == (
            f"{now} of {tried} ({round(100 * now / tried)}%)")
        wrong = Counter(o for e in entries for o in set(e["options"]) if o != RIGHT)
        rows = section.locator("tr.wrong-option")
        shown_rows = [(rows.nth(k).get_attribute("data-option"),
                       int(rows.nth(k).locator(".count").inner_text()),
                       rows.nth(k).locator("td").nth(2).inner_text())
                      for k in range(rows.count())]
        assert [(o, n) for o, n, _ in shown_rows] == sorted(
            wrong.items(), key=lambda kv: (-kv[1], kv[0]))
        for o, _, text in shown_rows:
            assert text == EXERCISES[ex_id].misconceptions[o]
    written = page.locator("section[id='04-colour-revolution']")
    assert written.locator("td.written").count() == len(read_ok)
    assert EXERCISES["04-colour-revolution"].rubric[0] in written.inner_text()
    jl.screenshot(page, SCREENSHOTS / "class-page.png")
