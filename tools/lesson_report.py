"""What each lesson asks and how long it reads: checked items by kind, and words of prose.

    python tools/lesson_report.py     # prints both tables; exits 1 when a rule is broken

Rules (checked here and by tests/test_lessons.py):
- every lesson from 01 on has at least two items that ask the learner to interpret, compare
  or judge (multiple choice on a misconception, predict-then-test, or a written answer), and
  across the collection at least a third of the items are of those kinds;
- a lesson's core prose (Markdown outside exercise boxes, optional sections, further reading
  and the sources list) is at most about 1,500 words, and its title cell states a time of 45
  minutes or less;
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
MAX_WORDS = 1500
MAX_MINUTES = 45
#: What a small number in an answer counts, for spotting it in earlier text ("6 parties").
COUNTED = ("states", "parties", "members", "member states", "tables", "years", "member-years",
           "episodes", "crises", "observers", "signatories", "contributors")
#: Sections whose Markdown is not read in class time.
NOT_CORE = re.compile(r"^#{2,3} (Optional|Further reading|Sources used)", re.I)


def asks(exercise: ex.Exercise) -> str:
    """Whether an item asks the learner to judge (JUDGE) or to find a value (LOOK_UP)."""
    judged = exercise.kind == "written" or exercise.predict or bool(exercise.misconceptions)
    return JUDGE if judged else LOOK_UP


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def prose_words(path: Path) -> int:
    """Words of core prose: Markdown cells, leaving out exercise boxes and the sections that
    NOT_CORE names (up to the next heading of the same or a higher level)."""
    words, skip_level = 0, None
    for cell in cells(path):
        if cell["cell_type"] != "markdown":
            continue
        text = _source(cell)
        heading = re.match(r"^(#{1,3}) ", text)
        if heading and skip_level is not None and len(heading.group(1)) <= skip_level:
            skip_level = None
        if heading and NOT_CORE.match(text):
            skip_level = len(heading.group(1))
        if skip_level is None and not text.startswith("### Exercise"):
            words += len(re.findall(r"[A-Za-z0-9][\w'’-]*", text))
    return words


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


def problems() -> list[str]:
    rows = item_table()
    out = []
    for number, path in lessons().items():
        judged = sum(1 for n, _, a in rows if n == number and a == JUDGE)
        if number != "00" and judged < 2:
            out.append(f"{path.stem}: {judged} items that ask to {JUDGE}, not 2 or more")
        if prose_words(path) > MAX_WORDS * 1.05:
            out.append(f"{path.stem}: {prose_words(path)} words of core prose, not about "
                       f"{MAX_WORDS:,} or fewer")
        if not 0 < minutes(path) <= MAX_MINUTES:
            out.append(f"{path.stem}: the title states {minutes(path)} minutes")
        out += [f"{path.stem}: {i}'s answer ({a}) shows in cell {c}, before its question"
                for i, a, c in revealed_before(path)]
    share = sum(1 for *_, a in rows if a == JUDGE) / max(len(rows), 1)
    if share < 1 / 3:
        out.append(f"{share:.0%} of items ask to {JUDGE}, not a third or more")
    return out


def main() -> int:
    rows = item_table()
    print(f"| lesson | {LOOK_UP} | {JUDGE} | core prose words | time |\n|---|---|---|---|---|")
    for number, path in lessons().items():
        counts = [sum(1 for n, _, a in rows if n == number and a == k) for k in (LOOK_UP, JUDGE)]
        print(f"| {path.stem} | {counts[0]} | {counts[1]} | {prose_words(path):,} | "
              f"{minutes(path)} min |")
    judged = sum(1 for *_, a in rows if a == JUDGE)
    print(f"\n{judged} of {len(rows)} items ({judged / max(len(rows), 1):.0%}) ask to {JUDGE}.")
    found = problems()
    for line in found:
        print("PROBLEM:", line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
