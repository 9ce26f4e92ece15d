"""Gather a class's hand-ins into a CSV and a class page (for the teacher)::

    python -m csto.classroom hand-ins/ [--out DIR]

reads every ``*.html`` that ``hand_in()`` wrote in the folder ``hand-ins/`` (and its
subfolders), and writes ``DIR/class.csv`` (one row per student and exercise) and
``DIR/class.html``: per exercise the share of students right at first try and in the end,
the wrong options chosen most with the misconception each reveals, predictions against the
data, and the written answers side by side with the rubric. A file that cannot be read, or
only in part, gets one sentence and the rest are read. DIR is the hand-ins folder by default.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .exercises import EXERCISES
from .handin import FORMAT, VERSION, read_page
from .record import lesson_of
from .text import esc

#: The files this command writes (never read back as hand-ins).
OUTPUTS = ("class.csv", "class.html")
_VERDICTS = (None, "right", "nearly", "wrong", "noted")
_TEXT_FIELDS = ("first_answer", "last_answer", "first_option", "prediction", "data", "written")
COLUMNS = ("file", "student", "lesson", "exercise", "kind", "tries", "hints", "right_first",
           "right_now", "first_verdict", "last_verdict", "first_option", "options",
           "first_answer", "last_answer", "prediction", "data", "written")


@dataclass
class HandIn:
    """One student's hand-in as read: the file, the name and the exercises' entries."""

    file: str
    name: str
    written: str
    exercises: list[dict[str, Any]] = field(default_factory=list)


def _damage(e: Any) -> str | None:
    """What is wrong with one exercise's entry, or None when it can be used."""
    if not isinstance(e, dict):
        return f"an entry is {type(e).__name__}, not a table"
    if e.get("id") not in EXERCISES:
        return f"the exercise {str(e.get('id'))[:40]!r} is unknown to this version of csto"
    for key in ("tries", "hints"):
        if not isinstance(e.get(key), int) or isinstance(e.get(key), bool) or e[key] < 0:
            return f"{e['id']}: {key} is {str(e.get(key))[:20]!r}, not a whole number"
    for key in ("first_verdict", "last_verdict"):
        if e.get(key) not in _VERDICTS:
            return f"{e['id']}: {key} is {str(e.get(key))[:20]!r}"
    for key in _TEXT_FIELDS:
        if e.get(key) is not None and not isinstance(e.get(key), str):
            return f"{e['id']}: {key} is not text"
    if not isinstance(e.get("options"), list) or not all(
            isinstance(o, str) for o in e["options"]):
        return f"{e['id']}: options is not a list of letters"
    return None


def read_hand_in(path: Path) -> tuple[HandIn | None, str | None]:
    """A hand-in file as read, and one sentence on what could not be read (None if all)."""
    try:
        data = read_page(path.read_text(encoding="utf-8", errors="replace"))
    except OSError as exc:
        return None, f"{path.name}: could not be opened ({exc.strerror}); skipped."
    except ValueError as exc:  # json's own errors are not for a teacher
        why = "its data are damaged (not valid JSON)" if isinstance(
            exc, json.JSONDecodeError) else exc
        return None, f"{path.name}: {why}, so it was skipped; ask the student to hand in again."
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, f"{path.name}: its data are not a csto hand-in; skipped."
    version = data.get("version")
    if version != VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > VERSION
        why = (f"it was written in hand-in format {version}, newer than this csto reads "
               f"({VERSION}): update csto (git pull) to read it" if newer else
               f"its format version {str(version)[:20]!r} is not one this csto reads ({VERSION})")
        return None, f"{path.name}: {why}; skipped."
    name = data.get("name")
    notes = []
    if not isinstance(name, str) or not name.strip():
        name = path.stem
        notes.append(f"it has no student name, so it is listed as {name!r}")
    entries = data.get("exercises")
    if not isinstance(entries, list):
        return None, f"{path.name}: its list of exercises is missing or damaged; skipped."
    hand_in = HandIn(path.name, " ".join(name.split()), str(data.get("written", "")))
    damaged = []
    for e in entries:
        problem = _damage(e)
        if problem:
            damaged.append(problem)
        else:
            hand_in.exercises.append(e)
    if damaged:
        notes.append(f"{len(damaged)} of {len(entries)} exercises were left out ("
                     f"{'; '.join(damaged[:3])}{'; …' if len(damaged) > 3 else ''})")
    note = f"{path.name}: {' and '.join(notes)}; the rest was read." if notes else None
    return hand_in, note


def gather(folder: Path) -> tuple[list[HandIn], list[str]]:
    """Every hand-in in a folder (and its subfolders), and one sentence per file not fully read.

    When a student handed in the same exercise twice, the later hand-in counts.
    """
    hand_ins, notes = [], []
    for path in sorted(folder.rglob("*.html")):
        if path.name in OUTPUTS:
            continue
        hand_in, note = read_hand_in(path)
        notes += [note] if note else []
        if hand_in is not None:
            hand_ins.append(hand_in)
    seen: dict[tuple[str, str], HandIn] = {}
    for h in sorted(hand_ins, key=lambda h: h.written):
        for e in h.exercises:
            seen[h.name.casefold(), e["id"]] = h
    for h in hand_ins:
        kept = [e for e in h.exercises if seen[h.name.casefold(), e["id"]] is h]
        if len(kept) < len(h.exercises):
            later = sorted({seen[h.name.casefold(), e["id"]].file for e in h.exercises} - {h.file})
            notes.append(f"{h.file}: {h.name} handed in {len(h.exercises) - len(kept)} of its "
                         f"exercises again later ({', '.join(later)}), which count instead (if "
                         "two students share this name, ask them to hand in with full names).")
            h.exercises = kept
    return hand_ins, notes


def rows(hand_ins: list[HandIn]) -> list[dict[str, Any]]:
    """One row per student and exercise, as written to ``class.csv``."""
    out = []
    for h in hand_ins:
        for e in h.exercises:
            out.append({
                "file": h.file, "student": h.name, "lesson": lesson_of(e["id"]),
                "exercise": e["id"], "kind": EXERCISES[e["id"]].kind, "tries": e["tries"],
                "hints": e["hints"], "right_first": e["first_verdict"] == "right",
                "right_now": e["last_verdict"] == "right",
                **{k: e.get(k) for k in ("first_verdict", "last_verdict", "first_option")},
                "options": " ".join(e["options"]),
                **{k: e.get(k) for k in ("first_answer", "last_answer", "prediction", "data",
                                         "written")}})
    return out


def exercise_stats(table: list[dict[str, Any]], exercise_id: str) -> dict[str, Any]:
    """The figures of one exercise over the class: students who tried, right at first try,
    right in the end, right in the end after a hint, the wrong options chosen by how many
    students (most first), and the predictions with the data's value."""
    mine = [r for r in table if r["exercise"] == exercise_id and r["tries"] > 0]
    ex = EXERCISES[exercise_id]
    wrong = Counter(o for r in mine for o in set(r["options"].split()) if o in ex.misconceptions)
    data = Counter(r["data"] for r in mine if r["data"] is not None)
    return {
        "tried": len(mine),
        "right_first": sum(r["right_first"] for r in mine),
        "right_now": sum(r["right_now"] for r in mine),
        "right_after_hint": sum(r["right_now"] and r["hints"] > 0 for r in mine),
        "hinted": sum(r["hints"] > 0 for r in mine),
        "wrong_options": sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0])),
        "predictions": Counter(r["prediction"] for r in mine if r["prediction"] is not None),
        "data": data.most_common(1)[0][0] if data else None,
        "written": [(r["student"], r["written"]) for r in mine if r["written"]],
    }


def _share(n: int, of: int) -> str:
    return f"{n} of {of} ({round(100 * n / of)}%)" if of else "–"


def _exercise_html(table: list[dict[str, Any]], exercise_id: str) -> str:
    ex = EXERCISES[exercise_id]
    s = exercise_stats(table, exercise_id)
    head = (f"<section id='{esc(ex.id)}'><h3>{esc(ex.id)}: {esc(ex.title)}</h3>"
            f"<p class='question'>{esc(ex.question)}</p>")
    if not s["tried"]:
        return head + "<p>No student tried it.</p></section>"
    parts = [head]
    if ex.kind != "written":
        parts.append(
            "<table class='shares'><tr><th scope='col'>Students who tried</th>"
            "<th scope='col'>Right at first try</th><th scope='col'>Right in the end</th>"
            "<th scope='col'>Right in the end, after a hint</th>"
            "<th scope='col'>Asked for a hint</th></tr>"
            f"<tr><td>{s['tried']}</td><td class='right-first'>"
            f"{_share(s['right_first'], s['tried'])}</td><td class='right-now'>"
            f"{_share(s['right_now'], s['tried'])}</td><td class='right-after-hint'>"
            f"{_share(s['right_after_hint'], s['tried'])}</td><td>"
            f"{_share(s['hinted'], s['tried'])}</td></tr></table>")
    if s["wrong_options"]:
        body = "".join(
            f"<tr class='wrong-option' data-option='{esc(o)}'><td>{esc(o)}) "
            f"{esc(ex.labels.get(o, ''))}</td><td class='count'>{n}</td>"
            f"<td>{esc(ex.misconceptions[o])}</td></tr>" for o, n in s["wrong_options"])
        parts.append("<h4>Wrong options chosen (students, most first)</h4><table><tr>"
                     "<th scope='col'>Option</th><th scope='col'>Students</th>"
                     f"<th scope='col'>The misconception it reveals</th></tr>{body}</table>")
    if s["predictions"]:
        body = "".join(f"<tr><td>{esc(p)}</td><td>{n}</td><td>"
                       f"{'yes' if p == s['data'] else ''}</td></tr>"
                       for p, n in s["predictions"].most_common())
        parts.append(f"<h4>Predictions against the data</h4><p>The data show "
                     f"<strong class='data'>{esc(s['data'] or '–')}</strong>.</p><table><tr>"
                     "<th scope='col'>Predicted</th><th scope='col'>Students</th>"
                     f"<th scope='col'>As the data show</th></tr>{body}</table>")
    if ex.kind == "written":
        rubric = "".join(f"<li>{esc(c)}</li>" for c in ex.rubric)
        answers = "".join(f"<tr><th scope='row'>{esc(n)}</th><td class='written'>{esc(t)}"
                          "</td></tr>" for n, t in sorted(s["written"]))
        parts.append(f"<div class='side'><div><h4>Rubric</h4><ol>{rubric}</ol></div><div>"
                     f"<h4>Written answers ({len(s['written'])})</h4><table>{answers}</table>"
                     "</div></div>")
    return "".join(parts) + "</section>"


_CSS = """body{font-family:system-ui,sans-serif;max-width:70em;margin:1em auto;padding:0 1em;
line-height:1.4;color:#111}table{border-collapse:collapse;margin:.4em 0}th,td{border:1px solid
#999;padding:.2em .5em;text-align:left;vertical-align:top}th{background:#eee}.side{display:flex;
gap:1em}.side>div{flex:1}.written{white-space:pre-wrap}section{margin-bottom:1.5em}
@media print{section{break-inside:avoid}}"""


def class_page(hand_ins: list[HandIn], notes: list[str],
               table: list[dict[str, Any]] | None = None) -> str:
    """The class page (HTML) of the hand-ins read, with the sentences on files not fully read
    (``table``: their ``rows``, when already made)."""
    table = rows(hand_ins) if table is None else table
    by_exercise: dict[str, list[dict[str, Any]]] = {}
    for r in table:
        by_exercise.setdefault(r["exercise"], []).append(r)
    done = set(by_exercise)
    parts = [f"<h1>Class page: {len(hand_ins)} hand-in{'s' * (len(hand_ins) != 1)}</h1>",
             "<p>Shares are of the students who tried the exercise. The same figures, one row "
             "per student and exercise, are in class.csv.</p>"]
    if notes:
        items = "".join(f"<li>{esc(n)}</li>" for n in notes)
        parts.append(f"<h2>Files not fully read ({len(notes)})</h2><ul class='notes'>{items}"
                     "</ul>")
    lesson = None
    for ex in EXERCISES.values():
        if ex.id not in done:
            continue
        if lesson_of(ex.id) != lesson:
            lesson = lesson_of(ex.id)
            parts.append(f"<h2>{esc(lesson)}</h2>")
        parts.append(_exercise_html(by_exercise[ex.id], ex.id))
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Class page"
            f"</title><style>{_CSS}</style></head><body id='csto-class-page'>"
            + "\n".join(parts) + "\n</body></html>\n")


def _cell(value: Any) -> Any:
    """A CSV cell; text that a spreadsheet would run as a formula (=, +, -, @) gets a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def build(folder: Path, out: Path) -> tuple[Path, Path, list[HandIn], list[str]]:
    """Write ``class.csv`` and ``class.html`` in ``out`` from the hand-ins in ``folder``."""
    hand_ins, notes = gather(folder)
    table = rows(hand_ins)
    out.mkdir(parents=True, exist_ok=True)
    csv_path, html_path = out / OUTPUTS[0], out / OUTPUTS[1]
    with csv_path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows([_cell(r[c]) for c in COLUMNS] for r in table)
    html_path.write_text(class_page(hand_ins, notes, table), encoding="utf-8")
    return csv_path, html_path, hand_ins, notes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m csto.classroom",
                                     description=__doc__.split("::")[0].strip())
    parser.add_argument("folder", type=Path, help="the folder holding the hand-in files")
    parser.add_argument("--out", type=Path, help="where to write class.csv and class.html "
                        "(default: the hand-ins folder)")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder} is not a folder: give the folder that holds the hand-in files.",
              file=sys.stderr)
        return 2
    csv_path, html_path, hand_ins, notes = build(args.folder, args.out or args.folder)
    for note in notes:
        print(note, file=sys.stderr)
    print(f"Read {len(hand_ins)} hand-in{'s' * (len(hand_ins) != 1)} ({len(notes)} not fully "
          f"read); wrote {html_path} and {csv_path}.")
    return 0 if hand_ins else 1


if __name__ == "__main__":
    sys.exit(main())
