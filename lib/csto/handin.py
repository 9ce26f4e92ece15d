"""See your progress and hand your work in::

    from csto import my_progress, hand_in
    my_progress()              # per lesson: exercises tried, right at first try, hints...
    my_progress("04")          # per exercise of lesson 04
    hand_in("Ada Lovelace", "04")   # writes a page to hand in for lesson 04 (or all lessons)

Both read what ``check``, ``predict`` and ``hint`` kept on this computer (``csto.record``).
The hand-in is one HTML page that a teacher can read and print, which also holds the same data
for ``python -m csto.classroom`` (a ``<script type="application/json" id="csto-hand-in">``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from . import record
from .errors import CstoError, unknown
from .paths import lessons
from .text import esc, shown

#: The hand-in's machine-readable part: its name and version (``python -m csto.classroom``).
FORMAT = "csto-hand-in"
VERSION = 1
#: Where ``hand_in`` writes when set (a shared folder on a hub); else the current folder.
HAND_IN_ENV = "CSTO_HAND_IN_DIR"
_SCRIPT_ID = "csto-hand-in"
#: A name: at least one letter (of any script), and spaces, digits, - ' ’ . , between.
_NAME = re.compile(r"(?=.*[^\W\d_])[\w\s'’.,-]+")


def lesson_name(value: Any) -> str:
    """A lesson given as "04", 4 or "04-kazakhstan-2022", as its full name.

    >>> lesson_name(4)
    '04-kazakhstan-2022'
    """
    known = {code: path.stem for code, path in lessons().items()}
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:02d}"
    if isinstance(value, str):
        text = value.strip()
        if text in known:
            return known[text]
        if text in known.values():
            return text
    raise unknown("lesson", value, [*known, *known.values()])


def summarise(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per exercise from its records (oldest first), in the lessons' order."""
    from .exercises import EXERCISES

    out: dict[str, dict[str, Any]] = {}
    for r in records:
        ex = EXERCISES.get(r.get("id"))
        if ex is None:
            continue
        e = out.setdefault(ex.id, {
            "id": ex.id, "lesson": record.lesson_of(ex.id), "kind": ex.kind, "title": ex.title,
            "tries": 0, "hints": 0, "first_verdict": None, "first_answer": None,
            "first_option": None, "last_verdict": None, "last_answer": None, "options": [],
            "prediction": None, "data": None, "written": None})
        e["hints"] = max(e["hints"], int(r.get("hints") or 0))
        if r.get("call") == "predict" and r.get("prediction") is not None:
            e["prediction"] = r["prediction"]
        if r.get("call") != "check" or not r.get("try"):
            continue
        e["tries"] += 1
        if e["tries"] == 1:
            e.update(first_verdict=r.get("verdict"), first_answer=r.get("answer"),
                     first_option=r.get("option"))
        e.update(last_verdict=r.get("verdict"), last_answer=r.get("answer"))
        if r.get("option") and r["option"] not in e["options"]:
            e["options"].append(r["option"])
        e["prediction"] = r.get("prediction") or e["prediction"]
        e["data"] = r.get("data") or e["data"]
        if ex.kind == "written" and r.get("verdict") == "noted":
            e["written"] = r.get("answer")
    order = list(EXERCISES)
    return sorted(out.values(), key=lambda e: order.index(e["id"]))


def _entries(lesson: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """The lessons asked for (all with records when None) and their exercises' entries."""
    names = [lesson_name(lesson)] if lesson is not None else [
        p.stem for p in lessons().values() if record.lesson_file(p.stem).is_file()]
    found = [r for name in names for r in record.read_records(name)]
    return names, summarise(found)


def my_progress(lesson: Any = None) -> pd.DataFrame:
    """Your progress, from what ``check``, ``predict`` and ``hint`` kept on this computer.

    Without a lesson: one row per lesson (exercises tried, right at first try, right now,
    hints used, written answers given). With one (``my_progress("04")``): one row per exercise.
    Your attempts are kept in ``csto.record.progress_dir()``; they are never sent anywhere.
    """
    from .exercises import EXERCISES

    names, entries = _entries(lesson)
    if lesson is not None:
        mine = {e["id"]: e for e in entries}
        rows = []
        for ex in (x for x in EXERCISES.values() if record.lesson_of(x.id) == names[0]):
            e = mine.get(ex.id)
            tried = bool(e and e["tries"])
            rows.append({
                "exercise": ex.id, "title": ex.title, "tries": e["tries"] if e else 0,
                "right at first try": _yes(e["first_verdict"], ex.kind) if tried else "–",
                "right now": _yes(e["last_verdict"], ex.kind) if tried else "–",
                "hints used": e["hints"] if e else 0})
        return pd.DataFrame(rows).set_index("exercise")
    rows = []
    for path in lessons().values():
        mine = [e for e in entries if e["lesson"] == path.stem]
        graded = [e for e in mine if e["tries"] and e["kind"] != "written"]
        rows.append({
            "lesson": path.stem,
            "exercises": sum(record.lesson_of(x) == path.stem for x in EXERCISES),
            "tried": sum(bool(e["tries"]) for e in mine),
            "right at first try": sum(e["first_verdict"] == "right" for e in graded),
            "right now": sum(e["last_verdict"] == "right" for e in graded),
            "hints used": sum(e["hints"] for e in mine),
            "written answers": sum(bool(e["written"]) for e in mine)})
    return pd.DataFrame(rows).set_index("lesson")


def _yes(verdict: str | None, kind: str) -> str:
    if kind == "written":
        return "written" if verdict == "noted" else "too short"
    return {"right": "yes", "nearly": "nearly"}.get(verdict or "", "no")


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-_")[:40] or "student"


def hand_in(name: Any, lesson: Any = None, folder: str | Path | None = None) -> Path | None:
    """Write your hand-in: one HTML page of your answers for a lesson (or all you tried).

    ``hand_in("Ada Lovelace", "04")`` writes ``hand-in-04-kazakhstan-2022-ada-lovelace.html`` in
    the folder of this notebook (or in ``folder``, or where ``$CSTO_HAND_IN_DIR`` says), and
    returns its path. The page shows your answers, first-try verdicts, predictions beside the
    data and written answers in full; your teacher's ``python -m csto.classroom`` reads it.
    Download it (right-click it in JupyterLab's file browser, Download) and hand it in as your
    teacher asked. Nothing is sent anywhere by csto itself.
    """
    if name is ... or name is None:
        print('Replace ... with your name in quotes, like hand_in("Ada Lovelace"), then run '
              "the cell again.")
        return None
    if not isinstance(name, str) or not _NAME.fullmatch(name.strip()) or len(name) > 100:
        raise CstoError(f"Give your name as text in quotes, like hand_in(\"Ada Lovelace\") "
                        f"(you gave {shown(name)}): letters, and if you like spaces, digits, "
                        "hyphens, apostrophes and dots, at most 100 characters.")
    name = " ".join(name.split())
    if name.casefold() in ("your name", "your full name", "name"):
        raise CstoError(f"Replace {name!r} with your own name, like hand_in(\"Ada Lovelace\"): "
                        "your teacher reads it on your hand-in.")
    names, entries = _entries(lesson)
    attempts = [r for n in names for r in record.read_records(n)]
    data = {"format": FORMAT, "version": VERSION, "name": name, "lessons": names,
            "written": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "csto": _version(), "exercises": entries, "attempts": attempts}
    env = os.environ.get(HAND_IN_ENV)
    where = Path(folder) if folder is not None else Path(env) if env else Path.cwd()
    which = names[0] if lesson is not None else "all"
    path = where.expanduser() / f"hand-in-{which}-{_slug(name)}.html"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(data), encoding="utf-8")
    except OSError as exc:
        raise CstoError(f"Could not write your hand-in to {path.parent} ({exc.strerror}): "
                        "give a folder you can write to, like hand_in(name, folder='~').") from None
    tried = sum(bool(e["tries"]) for e in entries)
    saved = f"Saved {path.name} ({tried} exercise{'s' * (tried != 1)} tried)"
    if folder is None and env:
        print(f"{saved} in the class's hand-in folder (${HAND_IN_ENV}), where your teacher "
              "collects it.")
    else:
        place = "the folder of this notebook" if folder is None else str(where)
        print(f"{saved} in {place}: download it (right-click it in the file browser, then "
              "Download) and hand it in as your teacher asked (upload, shared folder or email).")
    return path


def _version() -> str:
    from . import __version__

    return __version__


_CSS = """body{font-family:system-ui,sans-serif;max-width:60em;margin:1em auto;padding:0 1em;
color:#111;line-height:1.4}table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid
#999;padding:.2em .5em;text-align:left;vertical-align:top}th{background:#eee}
.written{white-space:pre-wrap;border-left:4px solid #3f6ab0;padding:.3em .8em;margin:.3em 0}
section{break-inside:avoid;margin-bottom:1em}@media print{body{max-width:none}}"""


def _row(label: str, value: Any) -> str:
    return f"<tr><th scope='row'>{esc(label)}</th><td>{esc(value)}</td></tr>"


def _verdict(e: dict[str, Any], which: str) -> str:
    verdict = e[f"{which}_verdict"]
    if e["kind"] == "written":
        return {"noted": "written", "wrong": "too short"}.get(verdict or "", "–")
    return {"right": "right", "nearly": "nearly", "wrong": "not yet"}.get(verdict or "", "–")


def _section(e: dict[str, Any]) -> str:
    from .exercises import EXERCISES

    ex = EXERCISES.get(e["id"])
    rows = [_row("Tries", e["tries"]), _row("Hints asked", e["hints"])]
    if e["kind"] != "written":
        rows += [_row("First try", f"{_verdict(e, 'first')}: {e['first_answer'] or '–'}"),
                 _row("Last try", f"{_verdict(e, 'last')}: {e['last_answer'] or '–'}")]
    if e["options"] and ex is not None:
        chosen = "; ".join(f"{o}) {ex.labels.get(o, '')}" for o in e["options"])
        rows.append(_row("Options chosen, in order", chosen))
    if e["prediction"] is not None or e["data"] is not None:
        rows.append(f"<tr><th scope='row'>Prediction / data</th><td>predicted "
                    f"{esc(e['prediction'] or '–')}; the data show {esc(e['data'] or '–')}"
                    "</td></tr>")
    written = ""
    if e["kind"] == "written":
        text = e["written"] or e["last_answer"]
        written = (f"<div class='written'>{esc(text)}</div>" if text
                   else "<p>No written answer yet.</p>")
    question = f"<p>{esc(ex.question)}</p>" if ex is not None else ""
    return (f"<section><h3>{esc(e['id'])}: {esc(e['title'])}</h3>{question}"
            f"<table>{''.join(rows)}</table>{written}</section>")


def page(data: dict[str, Any]) -> str:
    """The hand-in page: readable, printable HTML, with ``data`` embedded as JSON."""
    parts = [f"<h1>Hand-in: {esc(data['name'])}</h1>",
             f"<p>Lessons: {esc(', '.join(data['lessons']) or 'none tried yet')}. Written "
             f"{esc(data['written'])} (UTC) with csto {esc(data['csto'])}, from the answers "
             "kept on the student's computer.</p>"]
    for lesson in data["lessons"]:
        mine = [e for e in data["exercises"] if e["lesson"] == lesson]
        parts.append(f"<h2>{esc(lesson)}</h2>")
        if not mine:
            parts.append("<p>No exercise of this lesson tried.</p>")
            continue
        head = "".join(f"<th scope='col'>{h}</th>" for h in (
            "Exercise", "Tries", "First try", "Now", "Hints"))
        body = "".join(f"<tr><td>{esc(e['id'])}</td><td>{e['tries']}</td><td>"
                       f"{_verdict(e, 'first')}</td><td>{_verdict(e, 'last')}</td><td>"
                       f"{e['hints']}</td></tr>" for e in mine)
        parts.append(f"<table><tr>{head}</tr>{body}</table>")
        parts.extend(_section(e) for e in mine)
    blob = json.dumps(data, ensure_ascii=False, indent=1)
    blob = blob.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>Hand-in: {esc(data['name'])}</title><style>{_CSS}</style></head><body>"
            + "\n".join(parts)
            + f"\n<script type=\"application/json\" id=\"{_SCRIPT_ID}\">\n{blob}\n</script>"
            "\n</body></html>\n")


def read_page(text: str) -> Any:
    """The data embedded in a hand-in page (ValueError when there is none or it is damaged)."""
    start = f'<script type="application/json" id="{_SCRIPT_ID}">'
    if start not in text:
        raise ValueError("it holds no csto hand-in data")
    blob, closed, _ = text.partition(start)[2].partition("</script>")
    if not closed:
        raise ValueError("its data are cut short (an incomplete download or copy)")
    return json.loads(blob)
