"""Start a new lesson with every file CONTRIBUTING.md's "Adding a lesson" asks for.

    python tools/new_lesson.py 07 other-alliances "Other alliances: NATO and the CSTO"

writes, and refuses to overwrite:

- ``notebooks/07-other-alliances.ipynb``: the lesson skeleton (title cell with the core's time
  and what Going further adds, objectives and prerequisites; imports; a section; three exercise
  boxes with their check, hint and ``%load`` cells; key points and discussion questions, which
  end the 45-minute core; ``## Going further``; further reading and sources);
- ``notebooks/solutions/07-other-alliances.toml``: the three exercises' declarations, then one
  commented example of each kind (from CONTRIBUTING.md's "Adding an exercise");
- ``notebooks/solutions/07-*.py``: a placeholder worked solution per exercise;
- ``teachers/07-other-alliances.md``: the teachers' page with its required headings.

Every place to write is marked ``TODO(scaffold)``; ``make test`` fails while one is left
(tests/test_new_lesson.py). Then add the lesson's readings to ``data/readings.csv``, check the
declarations with ``python tools/answer_key.py 07`` and run ``make execute`` and ``make test``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
TODO = "TODO(scaffold)"
#: The exercises a new lesson starts with: (id suffix, kind, how the answer is given). One
#: looks a fact up; two ask to judge (a lesson needs two of those).
EXERCISES = (("first-look", "states", "a list of states"),
             ("judge", "choice", 'a letter, "a" to "d"'),
             ("argue", "written", None))
PREREQUISITE = ("| [Lesson 00: start here](00-start-here.ipynb) | Necessary | Running cells, the "
                "`csto` package, pandas in five moves |")
FURTHER = ("The part **Going further** at the end adds about 10 minutes, for homework or a "
           "second session.")
TEACHERS_HEADINGS = ("45-minute plan", "90-minute plan", "Answers", "Discussion prompts",
                     "Facilitation notes: students from the states concerned",
                     "Misconceptions", "Assessment")


#: The hand-in section that ends every lesson's core (teachers/classroom.md, section 5).
HAND_IN = """## Hand in your work

See what you have tried, then put your name in the quotes of the last cell and run it: it saves a
page of your answers beside this notebook, to hand in as your teacher asks. Nothing is sent
anywhere ([what is recorded](../teachers/classroom.md), section 5 of the classroom guide)."""


def _md(text: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip("\n"))


def _box(n: int, exercise_id: str, kind: str, given: str | None) -> list:
    """An exercise: the task in a box, the answer and check cell, a hint, the worked solution."""
    how = "Write two or three sentences" if given is None else f"Give {given}"
    cells = [_md(f"""
### Exercise {n}: {TODO}: a short title

<div class="alert alert-block alert-info">

{TODO}: the question ({kind}). {how}.

Write your answer in place of `...`, then run the cell. Stuck? Run the hint cell. The cell
after it loads a worked solution: run it only after you have tried (in Jupyter, running
`# %load` replaces the comment with the solution's code; run the cell again to execute it).
</div>
""")]
    if given is None:
        cells.append(new_code_cell('answer = """\n\n"""  # write your paragraph between the '
                                   f'triple quotes\ncheck("{exercise_id}", answer)'))
    else:
        cells.append(new_code_cell(f"answer = ...  # replace ... with {given}\n"
                                   f'check("{exercise_id}", answer)'))
    cells += [new_code_cell(f'hint("{exercise_id}")'),
              new_code_cell(f"# %load solutions/{exercise_id}.py")]
    return cells


def notebook(number: str, title: str, ids: list[str]) -> nbformat.NotebookNode:
    cells = [_md(f"""
# {number} · {title}

**Time:** 45 minutes for the core. {FURTHER}

{TODO}: two or three sentences on what the lesson is about and what the learner will do
(`python tools/lesson_report.py` gives the core's and Going further's minutes for the line
above).

## Objectives

- {TODO}: what a learner can do after the lesson (a verb: read, compare, explain, judge).

## Prerequisites

| Concepts | Importance | Notes |
| --- | --- | --- |
{PREREQUISITE}
"""), _md("## Imports\n\nEverything the lesson uses, in one cell."),
        new_code_cell("from csto import check, hand_in, hint, load, members_on, my_progress, "
                      "show_readings, show_sources"),
        _md(f"## 1. {TODO}: the first section\n\n{TODO}: a short explanation, then a short "
            "code cell a learner can read after the text above it."),
        new_code_cell('events = load("membership_events")\nevents.head()')]
    for n, ((_, kind, given), exercise_id) in enumerate(zip(EXERCISES, ids, strict=True), 1):
        cells += _box(n, exercise_id, kind, given)
    cells += [_md(f"""
## Key points

- {TODO}: what to remember, one line each.

## Discussion questions

1. {TODO}: a question for a class, with named voices on each side where it asks for judgement.
"""), _md(HAND_IN), new_code_cell(f'my_progress("{number}")'),
        new_code_cell('name = ...  # your name in quotes, like "Ada Lovelace"\n'
                      f'hand_in(name, "{number}")'),
        _md(f"""
## Going further

*Not part of the 45-minute class.* {TODO}: what the sections below add, for homework, a second
session, or anyone who wants more. They use the same imports and tables as the lesson above, so
run the lesson's cells first (**Run › Run All Cells** does it).
"""), _md(f"### {TODO}: a section that does not fit the core\n\n{TODO}: its explanation."),
        new_code_cell('events["event"].value_counts()'), _md("## Further reading"),
        new_code_cell(f'show_readings("{number}")'), _md("## Sources used in this lesson"),
        new_code_cell("show_sources(events)")]
    nb = new_notebook(cells=cells)
    model = json.loads((ROOT / "notebooks" / "00-start-here.ipynb").read_text(encoding="utf-8"))
    nb.metadata = {k: model["metadata"][k] for k in ("kernelspec", "language_info")
                   if k in model["metadata"]}
    for i, cell in enumerate(nb.cells):  # stable ids, as readable as the lesson's own
        cell.id = f"{number}-cell-{i:02d}"
    return nb


def declarations(number: str, title: str, ids: list[str], root: Path) -> str:
    guide = (root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = guide.split("## Adding an exercise", 1)[1].split("```toml\n", 1)[1]
    example = example.split("```", 1)[0].replace("[07-", f"[{number}-").replace(
        "[[07-", f"[[{number}-").replace('"07-', f'"{number}-')
    out = [f"# The checked exercises of lesson {number}: one table per exercise, keyed by its "
           "id.\n# The fields are described in the docstring of csto.declarations and in "
           "CONTRIBUTING.md;\n# check a change with: python tools/answer_key.py "
           f"{number}\n"]
    for (_, kind, _given), exercise_id in zip(EXERCISES, ids, strict=True):
        out.append(f'[{exercise_id}]\ntitle = "{TODO}: a short title"\n'
                   f'question = "{TODO}: the question, as in the exercise box."\n'
                   f'kind = "{kind}"\nhints = ["{TODO}: a first, gentle hint.", '
                   f'"{TODO}: a second hint, closer (never the answer)."]\n')
        if kind == "states":
            out[-1] += 'noun = "state"\n'
        if kind == "choice":
            out[-1] += (f'\n[{exercise_id}.options]\na = "{TODO}"\nb = "{TODO}"\nc = "{TODO}"\n'
                        f'd = "{TODO}"\n\n[{exercise_id}.misconceptions]  # every wrong letter\n'
                        f'b = "{TODO}: why b is tempting and wrong."\n'
                        f'c = "{TODO}: why c is tempting and wrong."\n'
                        f'd = "{TODO}: why d is tempting and wrong."\n')
        if kind == "written":
            out[-1] += f'rubric = ["{TODO}: what a good answer does", "{TODO}"]\n'
    out.append("# One example of each kind, to copy and adapt (from CONTRIBUTING.md):\n#\n"
               + "\n".join(f"# {line}".rstrip() for line in example.splitlines()))
    return "\n".join(out) + "\n"


def solution(exercise_id: str, kind: str) -> str:
    placeholder = {"states": '["Armenia"]', "choice": '"a"',
                   "written": f'"{TODO}: a model answer of two or three sentences, as a good '
                              'student would write it, naming who said what, and when."'}[kind]
    return (f"# {exercise_id}: {TODO}: compute the answer from the data, as a learner would.\n"
            "from csto import check\n\n"
            f"answer = {placeholder}  # {TODO}\n"
            f'check("{exercise_id}", answer)\n')


def teachers(number: str, title: str) -> str:
    parts = [f"# {number} · {title}: teachers' guide\n\n{TODO}: who the lesson is for, what it "
             "needs before, and the one idea to leave with.\n"]
    parts += [f"## {h}\n\n{TODO}\n" for h in TEACHERS_HEADINGS]
    parts[1] = (f"## 45-minute plan\n\nThe core of the lesson, minute by minute (`python "
                f"tools/lesson_report.py --plan` prints it). The part **Going further** is not in "
                f"these 45 minutes: set it as homework or use it in the 90-minute plan.\n\n"
                f"| Minutes | What happens | Notes |\n| --- | --- | --- |\n| {TODO} | | |\n"
                f"| Homework | Going further: {TODO} | |\n")
    return "\n".join(parts)


def create(number: str, slug: str, title: str, root: Path = ROOT) -> list[Path]:
    """Write the new lesson's files under ``root``; ValueError with a sentence if it cannot."""
    if not re.fullmatch(r"[0-9]{2}", number):
        raise ValueError(f"{number!r} is not a lesson number: give two digits, like 07.")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise ValueError(f"{slug!r} is not a file-name slug: use lower-case letters, digits and "
                         "hyphens, like other-alliances.")
    if not title.strip() or "\n" in title:
        raise ValueError("Give the lesson's title in quotes, on one line.")
    taken = sorted((root / "notebooks").glob(f"{number}-*.ipynb"))
    if taken:
        raise ValueError(f"Lesson {number} exists already ({taken[0].name}); choose the next "
                         "free number.")
    stem = f"{number}-{slug}"
    ids = [f"{number}-{suffix}" for suffix, _, _ in EXERCISES]
    files = {root / "notebooks" / f"{stem}.ipynb": nbformat.writes(notebook(number, title, ids))
             + "\n",
             root / "notebooks" / "solutions" / f"{stem}.toml": declarations(number, title, ids,
                                                                              root),
             root / "teachers" / f"{stem}.md": teachers(number, title)}
    for (_, kind, _), exercise_id in zip(EXERCISES, ids, strict=True):
        files[root / "notebooks" / "solutions" / f"{exercise_id}.py"] = solution(exercise_id,
                                                                                 kind)
    existing = [p for p in files if p.exists()]
    if existing:
        raise ValueError(f"{existing[0].relative_to(root)} exists already; nothing was written.")
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("number", help="two digits, the next free lesson number (07)")
    parser.add_argument("slug", help="the file name after the number (other-alliances)")
    parser.add_argument("title", help="the lesson's title, in quotes")
    args = parser.parse_args(argv)
    try:
        written = create(args.number, args.slug, args.title)
    except ValueError as exc:
        print(exc)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"Now replace every {TODO}, add the lesson's readings to data/readings.csv, then run "
          f"python tools/answer_key.py {args.number}, make execute and make test.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
