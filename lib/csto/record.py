"""Keep every attempt at an exercise on this computer, so that you can see your progress
(``my_progress()``) and hand your work in (``hand_in("Ada Lovelace")``, with your name).

Each ``check``, ``predict`` and ``hint`` adds one line to a file per lesson,
``<folder>/<lesson>.jsonl``: the exercise, the time (UTC), your answer as you gave it (written
answers in full, others shortened), the verdict, the option you chose, the hints asked so far
(a first hint before any try is not counted: every lesson shows it when run from the top),
whether it was your first try, and for predict-then-test your prediction and the data's value.

The folder is ``$CSTO_PROGRESS_DIR`` when set, else ``~/.csto/progress/``; when neither can be
written (a read-only home), a folder in the system's temporary folder, said once. Nothing is
ever sent anywhere: delete the folder (``progress_dir()`` names it) to forget everything.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ENV_VAR = "CSTO_PROGRESS_DIR"
#: Format of one record (a line of a ``.jsonl`` file).
RECORD_VERSION = 1
#: Answers other than written ones are kept up to this many characters.
MAX_ANSWER = 200
#: Answers that mean "not answered yet": not counted as a try.
EMPTY = ("", "...", "…")

_FOLDER: list[Path] = []  # the folder found, once per session
_SAID: set[str] = set()  # notes already printed, once each
_STATE: dict[str, dict[str, int]] = {}  # exercise id -> {"tries": n, "hints": n}
_LOADED: set[str] = set()  # lessons whose file was read into _STATE


def reset() -> None:
    """Forget the folder and counts found so far (after changing ``CSTO_PROGRESS_DIR``)."""
    _FOLDER.clear()
    _SAID.clear()
    _STATE.clear()
    _LOADED.clear()


def _note(key: str, sentence: str) -> None:
    """Print a short note once per session (to stderr: it is not an answer's output)."""
    if key not in _SAID:
        _SAID.add(key)
        print(sentence, file=sys.stderr)


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".csto-write-test"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError:
        return False
    return True


def progress_dir() -> Path:
    """Return the folder where your attempts are kept (see the module's help)."""
    if _FOLDER:
        return _FOLDER[0]
    env = os.environ.get(ENV_VAR)
    home = Path(env).expanduser() if env else Path.home() / ".csto" / "progress"
    if _writable(home):
        _FOLDER.append(home)
        return home
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    spare = Path(tempfile.gettempdir()) / f"csto-progress-{user}"
    if not _writable(spare):
        raise OSError(f"neither {home} nor {spare} can be written")
    _note("fallback", f"Note: {home} cannot be written, so your answers are kept in {spare} "
          "for now (it may be emptied when the computer restarts).")
    _FOLDER.append(spare)
    return spare


def lesson_file(lesson: str) -> Path:
    """The file of one lesson's attempts, e.g. ``.../00-start-here.jsonl``."""
    return progress_dir() / f"{lesson}.jsonl"


def read_records(lesson: str) -> Iterator[dict[str, Any]]:
    """Yield the attempts kept for a lesson, oldest first (damaged lines are skipped)."""
    try:
        lines = lesson_file(lesson).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if _valid(record):
            yield record


#: The type of each field of a record (a hand-edited or damaged line is skipped).
_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,), "call": (str,), "verdict": (str,), "time": (str,), "try": (int,),
    "hints": (int,), "answer": (str, type(None)), "option": (str, type(None)),
    "prediction": (str, type(None)), "data": (str, type(None))}


def _valid(record: Any) -> bool:
    return isinstance(record, dict) and record.get("call") in ("check", "predict", "hint") and (
        all(isinstance(record.get(k), t) and not isinstance(record.get(k), bool)
            for k, t in _TYPES.items()))


@functools.cache
def lesson_of(exercise_id: str) -> str:
    """The lesson of an exercise, e.g. "00-start-here" (looked up once per session)."""
    from .exercises import EXERCISES

    return EXERCISES[exercise_id].lesson


def _state(ex: Any) -> dict[str, int]:
    """The tries and hints so far of an exercise, read from its lesson's file once."""
    lesson = lesson_of(ex.id)
    if lesson not in _LOADED:
        _LOADED.add(lesson)
        for r in read_records(lesson):
            counts = _STATE.setdefault(r["id"], {"tries": 0, "hints": 0})
            counts["tries"] += bool(r.get("try"))
            counts["hints"] = max(counts["hints"], int(r.get("hints") or 0))
    return _STATE.setdefault(ex.id, {"tries": 0, "hints": 0})


def as_text(value: Any, limit: int = MAX_ANSWER) -> str:
    """An answer as short readable text: text as it is, a list as its items, a table by size.

    >>> as_text(["Armenia", "Russia"])
    "['Armenia', 'Russia']"
    """
    from .text import shown

    if isinstance(value, str):
        return value[:limit]
    if hasattr(value, "to_dict") and getattr(value, "ndim", 0) == 1:  # a Series
        value = value.to_dict()
    elif hasattr(value, "tolist") and getattr(value, "ndim", 0) == 1:  # an Index, an array
        value = value.tolist()
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    return shown(value, limit)


def plain(value: Any) -> str | None:
    """A value as ``csto.check`` reads it (sorted states, a whole number, a date), as text."""
    if value is None:
        return None
    if isinstance(value, frozenset):
        value = sorted(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, tuple) and len(value) == 2 and hasattr(value[0], "strftime"):
        day, precision = value  # a date and its precision
        value = day.strftime({"year": "%Y", "month": "%Y-%m"}.get(precision, "%Y-%m-%d"))
    return value if isinstance(value, str) else as_text(value)


def _make(call: str, ex: Any, given: tuple[Any, ...], feedback: Any) -> dict[str, Any]:
    """The record of one call of check, predict or hint."""
    from . import exercises

    state = _state(ex)
    value = given[0] if given else None
    empty = not given or value is None or value is ... or (
        isinstance(value, str) and value.strip() in EMPTY)
    record: dict[str, Any] = {
        "v": RECORD_VERSION, "id": ex.id, "lesson": lesson_of(ex.id),
        "kind": ex.kind, "call": call,
        "time": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "answer": None, "verdict": feedback.verdict, "option": None, "hints": state["hints"],
        "try": 0, "first_try": None, "prediction": None, "data": None}
    if call == "hint":  # the first hint before any try is what Run All shows: not counted
        record["hint"] = n = min(1 if empty else int(value), len(ex.hints))
        if n >= 2 or state["tries"]:
            state["hints"] = record["hints"] = max(state["hints"], n)
        return record
    if not empty:
        limit = exercises.MAX_TEXT if ex.kind == "written" else MAX_ANSWER
        record["answer"] = as_text(value, limit)
    if call == "predict":
        record["prediction"] = plain(exercises._PREDICTIONS.get(ex.id)) if (
            feedback.verdict == "noted") else None
        return record
    waiting = ex.predict and ex.id not in exercises._PREDICTIONS  # told to predict first
    if empty or waiting:
        return record
    state["tries"] += 1
    record["try"] = state["tries"]
    record["first_try"] = state["tries"] == 1
    if ex.labels:  # multiple choice: the letter chosen, when it can be read
        try:
            record["option"] = exercises._read_choice(ex, value)
        except Exception:  # noqa: BLE001 - an unreadable choice has no letter
            record["option"] = None
    if ex.predict:
        record["prediction"] = plain(exercises._PREDICTIONS.get(ex.id))
        try:
            record["data"] = plain(exercises._READERS[ex.kind](ex, exercises._expected(ex)))
        except Exception:  # noqa: BLE001 - the data's value is shown when it can be read
            record["data"] = None
    return record


def keep(call: str, exercise_id: str, given: tuple[Any, ...], feedback: Any) -> None:
    """Append the record of one attempt to its lesson's file; a failure is said, never raised."""
    try:
        from .exercises import get_exercise

        ex = get_exercise(exercise_id)
        record = _make(call, ex, given, feedback)
        with lesson_file(lesson_of(ex.id)).open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except Exception as exc:  # noqa: BLE001 - recording must never break check()
        _note("failed", f"Note: your answers could not be kept on this computer ({exc}); "
              "check() still works, but my_progress() and hand_in() will miss them.")


def recorded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Make ``check``, ``predict`` or ``hint`` keep a record of each call that gives feedback."""

    @functools.wraps(func)
    def wrapper(exercise_id: str, *args: Any, **kwargs: Any) -> Any:
        feedback = func(exercise_id, *args, **kwargs)
        if sys._getframe(1).f_globals.get("__name__") == "__solution__":
            return feedback  # a worked solution's own predict(), run by check: not yours
        keep(func.__name__, exercise_id, (*args, *kwargs.values()), feedback)
        return feedback

    return wrapper
