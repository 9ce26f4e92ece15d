"""How long each lesson takes, what it asks, and whether it shows an answer too early.

    python tools/lesson_report.py         # prints the tables; exits 1 when a rule is broken
    python tools/lesson_report.py --plan  # each lesson's core, section by section, in minutes

The time model (minutes for a first-year student working through the lesson in class):

- prose: the Markdown of the core read at 130 words a minute (``READ_WPM``);
- outputs: what the core's code cells print, skimmed at 250 words a minute (``SKIM_WPM``),
  at most 400 words counted per cell (``SKIM_CAP``): a long table is glanced at, not read;
- code: 15 seconds to read and run each code cell of the core (``PER_CELL``);
- exercises, by kind (``EXERCISE_MINUTES``): look up or compute 4 minutes, multiple choice 3,
  written 8, and a predict-then-test item 2 more (``PREDICT_EXTRA``).

The *core* is every cell before the heading ``## Going further``, leaving out the reference
sections ``## Further reading`` and ``## Sources used in this lesson`` wherever they stand.
Everything from ``## Going further`` on is optional: homework, a second session, or a
self-learner's extra time; its minutes are reported by the same model.

Rules (checked here and by tests/test_lessons.py):
- a lesson's core takes at most 45 minutes by the model (``MAX_MINUTES``), and its title cell
  states a time of 45 minutes or less;
- every lesson from 01 on has at least two items that ask the learner to interpret, compare
  or judge (multiple choice on a misconception, predict-then-test, or a written answer), and
  across the collection at least a third of the items are of those kinds;
- no item's answer is shown before its question (``revealed_before``).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from csto import exercises as ex
from csto.names import state_name
from csto.paths import lessons

JUDGE = "interpret, compare or judge"
LOOK_UP = "look up or compute"
MAX_MINUTES = 45
READ_WPM = 130
SKIM_WPM = 250
SKIM_CAP = 400
PER_CELL = 0.25
EXERCISE_MINUTES = {"look up or compute": 4, "multiple choice": 3, "written": 8}
PREDICT_EXTRA = 2
#: The heading that starts a lesson's optional part, the same in every lesson.
GOING_FURTHER = "## Going further"
#: What a small number in an answer counts, for spotting it in earlier text ("6 parties").
COUNTED = ("states", "parties", "members", "member states", "tables", "years", "member-years",
           "episodes", "crises", "observers", "signatories", "contributors")
#: Reference sections, not read in class time wherever they stand.
REFERENCE = re.compile(r"^## (Further reading|Sources used)", re.I)
WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")


def asks(exercise: ex.Exercise) -> str:
    """Whether an item asks the learner to judge (JUDGE) or to find a value (LOOK_UP)."""
    judged = exercise.kind == "written" or exercise.predict or bool(exercise.misconceptions)
    return JUDGE if judged else LOOK_UP


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def parts(path: Path) -> tuple[list[dict], list[dict]]:
    """The lesson's cells split into (core, going further); reference sections (further
    reading, sources used) are in neither."""
    core: list[dict] = []
    further: list[dict] = []
    into, reference = core, False
    for cell in cells(path):
        text = _source(cell)
        if cell["cell_type"] == "markdown" and text.startswith("## "):
            reference = bool(REFERENCE.match(text))
            if text.startswith(GOING_FURTHER):
                into = further
        if not reference:
            into.append(cell)
    return core, further


def _output_words(cell: dict) -> int:
    return min(len(WORD.findall(_shown_text(cell))), SKIM_CAP)


def exercise_kind(exercise: ex.Exercise) -> str:
    """The kind an item counts as in the time model (a key of EXERCISE_MINUTES)."""
    if exercise.kind == "written":
        return "written"
    return "multiple choice" if exercise.labels else "look up or compute"


def exercise_minutes(exercise: ex.Exercise) -> float:
    """An item's minutes by the model: its kind, plus the prediction if it asks for one."""
    return EXERCISE_MINUTES[exercise_kind(exercise)] + (PREDICT_EXTRA if exercise.predict else 0)


def estimate(part: list[dict]) -> dict[str, float]:
    """Minutes of a list of cells by the model: prose, outputs, code cells and exercises
    (each item counted once, where its check or predict cell is), and their total."""
    prose = sum(len(WORD.findall(_source(c))) for c in part if c["cell_type"] == "markdown")
    code = [c for c in part if c["cell_type"] == "code"]
    items = dict.fromkeys(i for c in code for i in re.findall(
        r'(?:check|predict)\(\s*"([^"]+)"', _source(c)))
    found = ex.EXERCISES
    out = {"prose": prose / READ_WPM,
           "outputs": sum(_output_words(c) for c in code) / SKIM_WPM,
           "code cells": len(code) * PER_CELL,
           "exercises": sum(exercise_minutes(found[i]) for i in items if i in found)}
    out["total"] = sum(out.values())
    return out


def prose_words(path: Path) -> int:
    """Words of the core's Markdown (exercise boxes included)."""
    core, _ = parts(path)
    return sum(len(WORD.findall(_source(c))) for c in core if c["cell_type"] == "markdown")


def minutes(path: Path) -> int:
    """The time the title cell states ("**Time:** 45 minutes")."""
    found = re.search(r"\*\*Time:\*\*\s*(\d+) minutes", _source(cells(path)[0]))
    return int(found.group(1)) if found else 0


def answer_forms(exercise: ex.Exercise, answer: object) -> list[str]:
    """Ways an expected answer could be written out (none for a choice, counts or text)."""
    if exercise.kind == "number":
        value = int(round(float(answer)))
        if abs(value) < 100:  # a small number is everywhere: only as a count of something
            return [f"{value} {noun}" for noun in COUNTED]
        return [str(value), f"{value:,}"]
    if exercise.kind == "date":
        day, _ = ex.read_date(answer)
        return [f"{day:%Y-%m-%d}", f"{day:%d %B %Y}", f"{day.day} {day:%B %Y}", f"{day:%B %d}"]
    if exercise.kind in ("states", "state"):
        codes = ex.read_states([answer] if exercise.kind == "state" else answer)
        return [state_name(c) for c in sorted(codes)]
    if exercise.kind == "keys":
        return sorted(ex._READERS["keys"](exercise, answer))
    if exercise.kind == "choice" and not exercise.labels:
        option = ex._read_choice(exercise, answer)  # a name among options (a city), not a
        return [option] if option[:1].isupper() else []  # letter or a status word
    return []


def _shown_text(cell: dict) -> str:
    """What a learner sees of a cell: Markdown, or a code cell's outputs (tags stripped)."""
    if cell["cell_type"] == "markdown":
        return _source(cell)
    parts = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        parts.append("".join(data.get("text/plain", out.get("text", ""))))
        if "text/html" in data and "leaflet" not in "".join(data["text/html"]).lower():
            parts.append(re.sub(r"<[^>]+>", " ", "".join(data["text/html"])))
    return "\n".join(parts)


def revealed_before(path: Path) -> list[tuple[str, str, int]]:
    """(exercise id, answer, cell number) wherever a cell before an item's question shows its
    answer: a number, date or single state anywhere; for a list of states, all of them in one
    cell. An item whose declaration says ``shown_before = "<reason>"`` is left out."""
    found: list[tuple[str, str, int]] = []
    all_cells = cells(path)
    question_at: dict[str, int] = {}
    for i, cell in enumerate(all_cells):
        for exercise_id in re.findall(r'check\(\s*"([^"]+)"', _source(cell)):
            if cell["cell_type"] == "code" and exercise_id not in question_at:
                box = max((j for j in range(i) if _source(all_cells[j]).startswith(
                    "### Exercise")), default=i)
                question_at[exercise_id] = box
    for exercise_id, box in question_at.items():
        exercise = ex.EXERCISES.get(exercise_id)
        if exercise is None or exercise.shown_before:
            continue
        forms = answer_forms(exercise, ex._expected(exercise))
        if not forms:
            continue
        for i, cell in enumerate(all_cells[:box]):
            text = _shown_text(cell)
            hits = [f for f in forms if re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text,
                                                  re.I)]
            if hits and (exercise.kind != "states" or len(hits) == len(forms)):
                found.append((exercise_id, ", ".join(hits), i))
                break
    return found


def item_table() -> list[tuple[str, str, str]]:
    """(lesson number, exercise id, JUDGE or LOOK_UP) for every declared item."""
    return [(i[:2], i, asks(e)) for i, e in ex.EXERCISES.items()]


def further_stated(path: Path) -> int | None:
    """The minutes the title cell states for the going-further part ("adds about 30 minutes")."""
    found = re.search(r"\*\*Going further\*\*[^.]*?about (\d+) minutes", _source(cells(path)[0]))
    return int(found.group(1)) if found else None


def lesson_problems(path: Path) -> list[str]:
    """What breaks the rules in one lesson: its core's minutes by the model, the times its title
    cell states, and answers shown before their questions."""
    out = []
    core, further = (estimate(p)["total"] for p in parts(path))
    if core > MAX_MINUTES:
        out.append(f"{path.stem}: its core takes {core:.0f} minutes by the model, more than "
                   f"{MAX_MINUTES}; move a section under '{GOING_FURTHER}'")
    if not 0 < minutes(path) <= MAX_MINUTES:
        out.append(f"{path.stem}: the title states {minutes(path)} minutes, not 1 to {MAX_MINUTES}")
    stated = further_stated(path)
    if further >= 1 and (stated is None or abs(stated - further) > 10):
        out.append(f"{path.stem}: the title cell should say that Going further adds about "
                   f"{5 * round(further / 5):.0f} minutes (it says {stated})")
    out += [f"{path.stem}: {i}'s answer ({a}) shows in cell {c}, before its question"
            for i, a, c in revealed_before(path)]
    return out


def problems() -> list[str]:
    rows = item_table()
    out = []
    for number, path in lessons().items():
        judged = sum(1 for n, _, a in rows if n == number and a == JUDGE)
        if number != "00" and judged < 2:
            out.append(f"{path.stem}: {judged} items that ask to {JUDGE}, not 2 or more")
        out += lesson_problems(path)
    share = sum(1 for *_, a in rows if a == JUDGE) / max(len(rows), 1)
    if share < 1 / 3:
        out.append(f"{share:.0%} of items ask to {JUDGE}, not a third or more")
    return out


def plan(path: Path) -> list[tuple[float, float, str]]:
    """(start, end, heading) in minutes for each section of the core, by the model: the
    skeleton of a teacher's minute-by-minute plan."""
    sections: list[tuple[str, list[dict]]] = []
    for cell in parts(path)[0]:
        text = _source(cell)
        if cell["cell_type"] == "markdown" and re.match(r"^#{1,2} ", text) or not sections:
            sections.append((text.splitlines()[0].lstrip("# ") if text else "", []))
        sections[-1][1].append(cell)
    out, start = [], 0.0
    for heading, part in sections:
        end = start + estimate(part)["total"]
        out.append((start, end, heading))
        start = end
    return out


def main() -> int:
    if "--plan" in sys.argv:
        for path in lessons().values():
            print(f"\n{path.stem}")
            for start, end, heading in plan(path):
                print(f"  {start:4.0f}–{end:<4.0f} {heading}")
        return 0

    rows = item_table()
    print("| lesson | core min | prose | outputs | code cells | exercises | going further min "
          f"| {LOOK_UP} | {JUDGE} | stated |\n|---|---|---|---|---|---|---|---|---|---|")
    for number, path in lessons().items():
        core, further = (estimate(p) for p in parts(path))
        counts = [sum(1 for n, _, a in rows if n == number and a == k) for k in (LOOK_UP, JUDGE)]
        print(f"| {path.stem} | {core['total']:.1f} | {core['prose']:.1f} | {core['outputs']:.1f} "
              f"| {core['code cells']:.1f} | {core['exercises']:.0f} | {further['total']:.1f} | "
              f"{counts[0]} | {counts[1]} | {minutes(path)} min |")
    judged = sum(1 for *_, a in rows if a == JUDGE)
    print(f"\n{judged} of {len(rows)} items ({judged / max(len(rows), 1):.0%}) ask to {JUDGE}.")
    found = problems()
    for line in found:
        print("PROBLEM:", line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
