"""Paper for a lesson in a room: a worksheet for students and an answer sheet for the teacher.

    python tools/worksheets.py 04 worksheet     # print the HTML of lesson 04's worksheet
    python tools/worksheets.py 04 answers       # ... and of its answer sheet

Both are built from the declarations of the checked exercises (notebooks/solutions/NN-*.toml,
read by csto.exercises), in the order the lesson asks them, so that a new lesson or exercise
appears without editing anything here. `make handouts` prints them to PDF with headless
Chromium (tools/site.py handouts).

- The **worksheet** has each exercise's question, its options and room to answer (a line, a
  box, ruled lines for a written answer, a line for the prediction first where the lesson asks
  for one). It never holds a hint, an expected answer, a model answer or a rubric.
- The **answer sheet** has each question with its expected answer, computed by csto from the
  worked solution exactly as `check()` computes it (so the paper and the notebook always
  agree), the misconception behind each wrong option, the tempting wrong answers the lesson
  warns about, the hints, and for written answers the rubric and the model answer.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "lib"))

from csto import exercises as ex_mod  # noqa: E402
from csto.names import state_name  # noqa: E402
from csto.paths import lessons  # noqa: E402

#: The heading that starts the part of a lesson beyond its 45-minute core.
GOING_FURTHER = re.compile(r"^##\s+going further", re.I | re.M)
_EXERCISE_HEADING = re.compile(r"^#{2,4}\s+(Exercise\s+[^:\n]*)", re.M)
_CHECKED = re.compile(r"""\b(?:check|predict)\(\s*["']([0-9]{2}-[\w-]+)["']""")

_STYLE = """
@page { size: A4; margin: 16mm 16mm 18mm 16mm; }
body { font: 11pt/1.4 "Liberation Sans", Arial, Helvetica, sans-serif; color: #111; }
h1 { font-size: 17pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
h3 { font-size: 11.5pt; margin: 12pt 0 3pt; }
.who { display: flex; gap: 24pt; margin: 8pt 0 10pt; }
.who span { flex: 1; border-bottom: 1px solid #333; padding-top: 14pt; font-size: 9pt; }
.exercise { break-inside: avoid; page-break-inside: avoid; margin-bottom: 8pt; }
.question { margin: 2pt 0 4pt; }
ul.options { list-style: none; padding-left: 0; margin: 2pt 0; }
ul.options li { margin: 3pt 0 3pt 1.6em; text-indent: -1.6em; }
.box { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #333;
  vertical-align: -0.1em; margin-right: 0.6em; }
.line { border-bottom: 1px solid #555; height: 22pt; }
.label { font-size: 9pt; color: #333; margin-top: 4pt; }
.answer { background: #eef5ee; border-left: 4px solid #1b7f3b; padding: 3pt 8pt; margin: 3pt 0; }
.model { white-space: pre-wrap; }
.right { font-weight: bold; }
.right .box { background: #1b7f3b; }
.note, .misconception, .trap, .hints { font-size: 9.5pt; }
.intro { font-size: 10pt; color: #222; }
"""


def lesson_key(lesson: str) -> str:
    """The two-digit key of a lesson given as "04", "4" or "04-kazakhstan-2022"."""
    key = str(lesson)[:2].zfill(2) if str(lesson)[:2].isdigit() else str(lesson).zfill(2)
    if key not in lessons():
        raise SystemExit(f"worksheets: no lesson {lesson!r}; the lessons are "
                         f"{', '.join(lessons())}.")
    return key


def _notebook(key: str) -> dict:
    return json.loads(lessons()[key].read_text(encoding="utf-8"))


def lesson_title(key: str) -> str:
    """The lesson's title: the first level-1 heading of its notebook."""
    for cell in _notebook(key)["cells"]:
        text = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
        found = re.search(r"^#\s+(.+)$", text, re.M)
        if found:
            return found.group(1).strip()
    return lessons()[key].stem


def lesson_exercises(key: str) -> list[tuple[ex_mod.Exercise, str, bool]]:
    """The lesson's checked exercises in the order its cells ask them, each with its label
    (the notebook's "Exercise N" heading, else "Exercise N") and whether it is in the part
    "Going further". Exercises declared but never asked in the notebook come last."""
    declared = [e for i, e in ex_mod.EXERCISES.items() if i[:2] == key]
    order: dict[str, tuple[str, bool]] = {}
    heading, further = "", False
    for cell in _notebook(key)["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            further = further or bool(GOING_FURTHER.search(text))
            found = _EXERCISE_HEADING.findall(text)
            heading = found[-1].strip() if found else heading
        elif cell["cell_type"] == "code":
            for exercise_id in _CHECKED.findall(text):
                if exercise_id not in order and exercise_id in ex_mod.EXERCISES:
                    order[exercise_id] = (heading, further)
    ranked = sorted(declared, key=lambda e: list(order).index(e.id) if e.id in order
                    else len(order) + declared.index(e))
    out = []
    for n, exercise in enumerate(ranked, 1):
        label, in_further = order.get(exercise.id, ("", False))
        out.append((exercise, label or f"Exercise {n}", in_further))
    return out


# ------------------------------------------------------------------------ expected answers

def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def expected_answer(exercise: ex_mod.Exercise) -> list[str]:
    """The expected answer in words, one line per item: computed by csto from the worked
    solution (notebooks/solutions/<id>.py) and read as `check()` reads it."""
    raw = ex_mod._expected(exercise)  # what the worked solution passes to check()
    if exercise.kind == "written":
        return [str(raw).strip()]
    value = ex_mod._READERS[exercise.kind](exercise, raw)
    if exercise.kind == "states":
        return sorted(state_name(code) for code in value)
    if exercise.kind == "state":
        return [state_name(value)]
    if exercise.kind == "keys":
        return sorted(str(item) for item in dict.fromkeys(
            ex_mod._items(raw, (exercise.column or "",))))
    if exercise.kind == "date":
        day, precision = value
        form = {"year": "%Y", "month": "%B %Y", "day": "%-d %B %Y"}[precision]
        return [day.strftime(form) + ("" if precision == "day" else f" (to the {precision})")]
    if exercise.kind == "number":
        return [_number(value)]
    if exercise.kind == "choice":
        label = exercise.labels.get(value)
        return [f"{value}) {label}" if label else str(value)]
    if exercise.kind == "counts":
        def named(key: str) -> str:
            try:
                return state_name(key)
            except Exception:  # noqa: BLE001 (a label that is not a state stays as it is)
                return key
        return [f"{named(k)}: {_number(v)}" for k, v in sorted(value.items())]
    return [str(value)]


# ------------------------------------------------------------------------------- the pages

def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: Iterable[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(title)}</title><style>{_STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _options(exercise: ex_mod.Exercise, mark: str | None = None) -> str:
    """The options as a list with a box to tick (the right one marked on the answer sheet)."""
    if not exercise.options:
        return ""
    items = []
    for option in exercise.options:
        text = f"{option}) {exercise.labels[option]}" if option in exercise.labels else option
        right = mark is not None and option == mark
        items.append(f'<li class="{"right" if right else "option"}"><span class="box">'
                     f'{"✔" if right else ""}</span>{_e(text)}</li>')
    return f'<ul class="options">{"".join(items)}</ul>'


def _lines(n: int) -> str:
    return '<div class="line"></div>' * n


def _answer_space(exercise: ex_mod.Exercise) -> str:
    """Room to answer, by the kind of answer the exercise expects."""
    parts = []
    if exercise.predict:
        parts.append('<div class="label">Your prediction, written before you compute:</div>'
                     + _lines(1))
    if exercise.kind == "choice" and exercise.labels:
        return "".join(parts)  # the boxes of the options are the answer space
    if exercise.kind == "written":
        n = max(6, exercise.min_words // 8 + 3)
        parts.append(f'<div class="label">Your answer (at least {exercise.min_words} words):'
                     f'</div>{_lines(n)}')
    elif exercise.kind in ("states", "keys", "counts"):
        parts.append(f'<div class="label">Your answer:</div>{_lines(3)}')
    else:
        parts.append(f'<div class="label">Your answer:</div>{_lines(1)}')
    return "".join(parts)


def _sections(key: str, render) -> list[str]:
    body, in_further = [], False
    for exercise, label, further in lesson_exercises(key):
        if further and not in_further:
            body.append("<h2>Going further (homework, or a second session)</h2>")
            in_further = True
        body.append(render(exercise, label))
    if len(body) == 0:
        body.append("<p>This lesson has no checked exercises.</p>")
    return body


def worksheet_html(lesson: str) -> str:
    """The students' worksheet of a lesson: questions, options, room to answer; no hints,
    no answers."""
    key = lesson_key(lesson)
    title = lesson_title(key)

    def render(exercise: ex_mod.Exercise, label: str) -> str:
        return (f'<section class="exercise" id="{_e(exercise.id)}">'
                f"<h3>{_e(label)}: {_e(exercise.title)}</h3>"
                f'<p class="question">{_e(exercise.question)}</p>'
                f"{_options(exercise)}{_answer_space(exercise)}</section>")

    return _page(f"Worksheet: {title}", [
        f"<h1>Worksheet · {_e(title)}</h1>",
        '<div class="who"><span>Name</span><span>Group</span><span>Date</span></div>',
        '<p class="intro">Work from the lesson\'s notebook: compute each answer from the data '
        "and write it here. Where a question asks for a prediction, write it down before you "
        f"compute. In the notebook, check(\"{key}-...\", answer) gives feedback on an answer."
        "</p>",
        *_sections(key, render),
    ])


def answer_sheet_html(lesson: str) -> str:
    """The teacher's answer sheet: each question with its expected answer (computed by csto),
    misconceptions, tempting wrong answers, hints, and rubric and model answer where written."""
    key = lesson_key(lesson)
    title = lesson_title(key)

    def render(exercise: ex_mod.Exercise, label: str) -> str:
        answer = expected_answer(exercise)
        parts = [f'<section class="exercise" id="{_e(exercise.id)}">',
                 f"<h3>{_e(label)}: {_e(exercise.title)} <small>({_e(exercise.id)})</small>"
                 "</h3>", f'<p class="question">{_e(exercise.question)}</p>']
        if exercise.kind == "written":
            rubric = "".join(f"<li>{_e(c)}</li>" for c in exercise.rubric)
            parts += ['<div class="answer"><b>Written answer, not graded by csto.</b> '
                      f"Rubric:<ol>{rubric}</ol></div>",
                      f'<div class="answer"><b>Model answer</b> (a student\'s will differ):'
                      f'<div class="model">{_e(answer[0])}</div></div>']
        else:
            mark = ex_mod._READERS["choice"](exercise, ex_mod._expected(exercise)) \
                if exercise.kind == "choice" else None
            parts.append(_options(exercise, mark))
            shown = "; ".join(answer) if len(answer) <= 12 else "; ".join(answer[:12]) + " …"
            noun = f" ({len(answer)} {exercise.noun}s)" if exercise.kind in ("states", "keys") \
                else ""
            parts.append(f'<div class="answer"><b>Expected answer{_e(noun)}:</b> '
                         f"{_e(shown)}</div>")
            if exercise.predict:
                parts.append('<p class="note">Students write a prediction first: ask what '
                             "they assumed where the data differ.</p>")
        for option, text in exercise.misconceptions.items():
            parts.append(f'<p class="misconception"><b>If {_e(option)}:</b> {_e(text)}</p>')
        traps = [t["message"] for t in exercise.traps if t.get("message")]
        if traps:
            parts.append('<p class="trap"><b>Tempting wrong answers:</b> '
                         + " ".join(_e(t) for t in traps) + "</p>")
        if exercise.hints:
            hints = "".join(f"<li>{_e(h)}</li>" for h in exercise.hints)
            parts.append(f'<div class="hints"><b>Hints</b> (gentlest first):<ol>{hints}</ol>'
                         "</div>")
        parts.append(f'<p class="note">Worked solution: notebooks/solutions/{_e(exercise.id)}'
                     ".py</p></section>")
        return "".join(parts)

    return _page(f"Answer sheet: {title}", [
        f"<h1>Answer sheet · {_e(title)}</h1>",
        '<p class="intro">For the teacher. Each expected answer is computed from the data by '
        "the lesson's worked solution, as check() computes it in the notebook.</p>",
        *_sections(key, render),
    ])


def paper_name(key: str, kind: str) -> str:
    """The file name of a lesson's worksheet or answer sheet (without the extension)."""
    return f"lesson-{lessons()[key].stem}-{kind}"


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] not in ("worksheet", "answers"):
        print(__doc__)
        return 2
    page = worksheet_html(argv[0]) if argv[1] == "worksheet" else answer_sheet_html(argv[0])
    sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
