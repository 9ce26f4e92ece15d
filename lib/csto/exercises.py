"""Checked exercises: write an answer, get feedback at once, ask for hints when stuck.

In a lesson notebook an exercise looks like this::

    from csto.exercises import check, hint, show_exercise

    show_exercise("01-signatories")   # the question
    answer = ...                       # your answer: a list of states, a date, a number...
    check("01-signatories", answer)    # right; nearly, with a hint; or wrong, with what to see
    hint("01-signatories")             # a first hint; hint("01-signatories", 2) for the next

The worked solution is never printed by this module: load it on purpose into a cell with
``%load solutions/01-signatories.py`` (the files are in ``notebooks/solutions/``).

Expected answers are computed from the data set each time you check, so they follow the data.
Answers are read generously: state names in any common spelling or ISO code
(``"Kyrgyz Republic"``, ``"kgz"``, ``"Kirghizia"``), in any order and case; dates as
``"1994-04-20"``, ``"20 April 1994"``, ``"April 20, 1994"``, ``"20.04.1994"`` or a date object;
numbers as ``2030``, ``"2,030"`` or ``"2 030"``.

>>> check("01-parties-1995", 4).verdict
'wrong'
>>> check("no-such-exercise", 1)
Traceback (most recent call last):
...
csto.errors.UnknownNameError: 'no-such-exercise' is not a known exercise id. ...
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Integral, Number
from pathlib import Path
from typing import Any

import pandas as pd

from . import queries
from .data import as_of, load, table_names
from .dates import PRECISION_OF_LENGTH, period_start
from .errors import CstoError, UnknownStateError, unknown
from .names import state_code, state_name

#: The three verdicts a check can give.
VERDICTS = ("right", "nearly", "wrong")
#: Lesson number -> lesson name.
LESSONS: dict[str, str] = {
    "00": "00-start-here",
    "01": "01-origins",
    "02": "02-member-exits",
    "03": "03-crisis-responses",
    "04": "04-kazakhstan-2022",
    "05": "05-outlook",
    "06": "06-coding-alliances",
}
#: Where the worked solutions live (load one with ``%load solutions/<id>.py``).
SOLUTIONS_DIR = Path(__file__).resolve().parent.parent.parent / "notebooks" / "solutions"
#: Kinds of answer an exercise can expect.
KINDS = ("states", "state", "date", "number", "choice", "keys", "counts")

_WORD = {"right": "Right!", "nearly": "Nearly.", "wrong": "Not yet."}
_COLOUR = {"right": "#1b7f3b", "nearly": "#a15c00", "wrong": "#b3261e"}
_SIGN = {"right": "✔", "nearly": "≈", "wrong": "✘"}


class _Unreadable(Exception):
    """An answer that cannot be read as the kind the exercise expects."""


# ------------------------------------------------------------------ feedback and exercises


@dataclass(frozen=True)
class Feedback:
    """What ``check`` says about one answer.

    ``verdict`` is "right", "nearly" or "wrong"; ``message`` says why and what to look at.
    A Feedback is true only when the answer is right, so ``assert check(...)`` works.

    >>> Feedback("00-tables", "nearly", "Close.")
    00-tables: Nearly. Close.
    >>> bool(Feedback("00-tables", "right", "Well done."))
    True
    """

    exercise_id: str
    verdict: str
    message: str

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise unknown("verdict", self.verdict, VERDICTS)

    def __bool__(self) -> bool:
        return self.verdict == "right"

    def __str__(self) -> str:
        return f"{self.exercise_id}: {_WORD[self.verdict]} {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        colour = _COLOUR[self.verdict]
        return (
            f'<div class="csto-feedback csto-feedback-{self.verdict}" '
            f'style="border-left: 4px solid {colour}; padding: 0.3em 0.8em;">'
            f'<strong style="color: {colour}">{_SIGN[self.verdict]} {_WORD[self.verdict]}</strong> '
            f"{html.escape(self.message)} "
            f'<span style="color: #666">({html.escape(self.exercise_id)})</span></div>'
        )


@dataclass(frozen=True)
class Hint:
    """One hint for an exercise (shows as plain text in a notebook).

    >>> Hint("00-tables", 1, 2, "Look at table_names().")
    Hint 1 of 2 for 00-tables: Look at table_names().
    """

    exercise_id: str
    number: int
    total: int
    text: str

    def __str__(self) -> str:
        return f"Hint {self.number} of {self.total} for {self.exercise_id}: {self.text}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return (
            '<div class="csto-hint" style="border-left: 4px solid #3f6ab0; padding: 0.3em 0.8em;">'
            f"<strong>Hint {self.number} of {self.total}</strong> "
            f"{html.escape(self.text)}</div>"
        )


#: A trap: a known tempting answer (computed from the data), the verdict and a tailored message.
Trap = tuple[Any, str, str]


@dataclass(frozen=True, eq=False)
class Exercise:
    """One checked exercise. Its repr shows the question, never the answer.

    ``expected`` is a function that computes the answer from the data when you check;
    ``traps`` (optional) computes tempting answers with a tailored message.
    """

    id: str
    title: str
    prompt: str
    kind: str
    expected: Callable[[], Any] = field(repr=False)
    hints: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    traps: Callable[[], list[Trap]] | None = field(default=None, repr=False)
    tolerance: float = 0.0
    close: float = 0.10
    column: str | None = None
    noun: str = "item"

    @property
    def lesson(self) -> str:
        """The lesson this exercise belongs to, e.g. "01-origins"."""
        return LESSONS[self.id[:2]]

    @property
    def solution(self) -> str:
        """The line that loads the worked solution into a notebook cell."""
        return f"%load solutions/{self.id}.py"

    def _how(self) -> str:
        extra = f" Choose one of: {', '.join(self.options)}." if self.options else ""
        return extra + (f" Check with check({self.id!r}, answer); ask for a hint with "
                        f"hint({self.id!r}); see a worked solution with {self.solution}")

    def __str__(self) -> str:
        return f"Exercise {self.id} ({self.lesson}): {self.title}\n{self.prompt}{self._how()}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        options = ""
        if self.options:
            items = "".join(f"<li><code>{html.escape(o)}</code></li>" for o in self.options)
            options = f"<p>Choose one of:</p><ul>{items}</ul>"
        return (
            f'<div class="csto-exercise" style="border: 2px solid #3f6ab0; border-radius: 6px; '
            f'padding: 0.5em 1em; background: #f3f6fc;">'
            f"<strong>EXERCISE {html.escape(self.id)}</strong>: {html.escape(self.title)}"
            f"<p>{html.escape(self.prompt)}</p>{options}"
            f"<p>Check your answer with <code>check({html.escape(repr(self.id))}, answer)</code>. "
            f"Stuck? <code>hint({html.escape(repr(self.id))})</code>. Worked solution: a cell "
            f"holding <code>{html.escape(self.solution)}</code>.</p></div>"
        )


#: Every exercise, keyed by id ("01-signatories"). Lesson authors may add their own.
EXERCISES: dict[str, Exercise] = {}


def add_exercise(exercise: Exercise) -> Exercise:
    """Add an exercise to the registry (its id must start with a lesson number, e.g. "03-")."""
    if exercise.id[:2] not in LESSONS or exercise.id[2:3] != "-":
        raise unknown("lesson prefix", exercise.id[:3], [f"{k}-" for k in LESSONS])
    if exercise.kind not in KINDS:
        raise unknown("exercise kind", exercise.kind, KINDS)
    EXERCISES[exercise.id] = exercise
    return exercise


def get_exercise(exercise_id: str) -> Exercise:
    """The exercise with that id; an unknown id gets an error listing the valid ones."""
    if exercise_id not in EXERCISES:
        raise unknown("exercise id", exercise_id, EXERCISES)
    return EXERCISES[exercise_id]


def show_exercise(exercise_id: str) -> Exercise:
    """Show the question of one exercise (it displays as a box in a notebook).

    >>> print(show_exercise("00-tables"))  # doctest: +ELLIPSIS
    Exercise 00-tables (00-start-here): How many tables?
    How many tables does the data set have? ...
    """
    return get_exercise(exercise_id)


def list_exercises(lesson: str | int | None = None) -> pd.DataFrame:
    """The exercises, one row each (id, lesson, title), optionally of one lesson only.

    ``lesson`` may be a number (1), a prefix ("01") or a lesson name ("01-origins").

    >>> list_exercises(1).index.tolist()[:2]
    ['01-signatories', '01-entry-into-force']
    """
    ids = list(EXERCISES)
    if lesson is not None:
        if isinstance(lesson, str) and lesson.strip().isdigit():
            lesson = int(lesson)
        key = f"{lesson:02d}" if isinstance(lesson, int) else str(lesson).strip()[:2]
        if key not in LESSONS or (isinstance(lesson, str) and len(lesson) > 2
                                  and lesson not in LESSONS.values()):
            raise unknown("lesson", lesson, list(LESSONS) + list(LESSONS.values()))
        ids = [i for i in ids if i.startswith(key + "-")]
    rows = [{"id": i, "lesson": EXERCISES[i].lesson, "title": EXERCISES[i].title} for i in ids]
    return pd.DataFrame(rows, columns=["id", "lesson", "title"]).set_index("id")


def hint(exercise_id: str, n: int = 1) -> Hint:
    """The n-th hint for an exercise (1 is the gentlest). Hints never give the answer away.

    >>> hint("00-tables")  # doctest: +ELLIPSIS
    Hint 1 of 2 for 00-tables: ...
    """
    ex = get_exercise(exercise_id)
    total = len(ex.hints)
    if total == 0:
        return Hint(exercise_id, 0, 0, "This exercise has no hints: read the question again.")
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= total:
        raise CstoError(f"{exercise_id} has {total} hint{'s' * (total != 1)}: "
                        f"ask for n from 1 to {total}.")
    return Hint(exercise_id, n, total, ex.hints[n - 1])


def solution_path(exercise_id: str) -> Path:
    """Where the worked solution of an exercise is stored (this function does not read it)."""
    get_exercise(exercise_id)
    return SOLUTIONS_DIR / f"{exercise_id}.py"


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check an answer and say whether it is right, nearly right (with a hint) or wrong.

    >>> check("00-tables", "11,000").verdict
    'wrong'
    >>> check("00-tables", ...)
    00-tables: Not yet. Replace ... with your answer, then run the cell again.
    """
    ex = get_exercise(exercise_id)
    if answer is ... or answer is None:
        return Feedback(ex.id, "wrong", "Replace ... with your answer, then run the cell again.")
    try:
        expected = ex.expected()
    except CstoError as exc:
        raise CstoError(f"{ex.id} cannot be checked: the data it needs is missing or incomplete "
                        f"({type(exc).__name__}). Is the data set complete?") from None
    except (KeyError, IndexError, ValueError) as exc:
        raise CstoError(f"{ex.id} cannot be checked: the data it needs is missing or incomplete "
                        f"({type(exc).__name__}). Is the data set complete?") from None
    checker = _CHECKERS[ex.kind]
    try:
        verdict, message = checker(ex, answer, expected)
    except _Unreadable as exc:
        return Feedback(ex.id, "wrong", f"I could not read your answer: {exc}")
    return Feedback(ex.id, verdict, message)


#: The same as ``check``, under the name ``csto.check_answer`` (``csto.check`` is the install
#: check module).
check_answer = check


# ------------------------------------------------------------------ reading answers


def _shown(answer: Any, limit: int = 60) -> str:
    """The answer as it appears in feedback: its repr on one line, cut short if long."""
    text = " ".join(repr(answer).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listlike(answer: Any) -> bool:
    """A list, tuple, Series, Index or array (not text, not a single value, not a table)."""
    if isinstance(answer, (str, bytes, pd.DataFrame)):
        return False
    return isinstance(answer, (pd.Series, pd.Index, list, tuple, set, frozenset)) or (
        getattr(answer, "ndim", 0) >= 1 and hasattr(answer, "__len__"))


def _single(answer: Any, what: str) -> Any:
    """The one value of a list-like answer whose values are all the same (a column holding the
    same date on every row counts as that date); a single value is returned as it is."""
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if not _listlike(answer):
        return answer
    values = list(answer)
    if not values:
        raise _Unreadable("your answer is empty, which usually means the rows you selected "
                          "were none: check the condition you filtered on.")
    distinct = list(dict.fromkeys(values))
    if len(distinct) > 1:
        raise _Unreadable(f"your answer holds {len(distinct)} different values; give one "
                          f"{what}.")
    return distinct[0]


def _cell(answer: Any, what: str) -> Any:
    """A one-cell table read as its value; a bigger table is refused with a sentence."""
    if not isinstance(answer, pd.DataFrame):
        return answer
    if answer.size == 1:
        return answer.iloc[0, 0]
    rows, cols = answer.shape
    raise _Unreadable(f"your answer is a table ({rows} rows, {cols} columns); give one {what}.")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace("_", " ").split())


def _items(answer: Any, column: str | None = None, columns: Iterable[str] = ()) -> list[Any]:
    """The items of a list-like answer (list, set, Series, Index, DataFrame column, text)."""
    if isinstance(answer, pd.DataFrame):
        for col in ([column] if column else []) + list(columns):
            if col in answer.columns:
                return list(answer[col])
        if answer.shape[1] == 1:
            return list(answer.iloc[:, 0])
        wanted = column or " or ".join(columns)
        raise _Unreadable(f"your table has the columns {list(answer.columns)}; "
                          f"give the {wanted} column, or a list.")
    if isinstance(answer, str):
        parts = re.split(r"\s*(?:,|;|\n|\band\b)\s*", answer.strip())
        return [p for p in parts if p]
    if isinstance(answer, (pd.Series, pd.Index, list, tuple, set, frozenset)):
        return list(answer)
    if hasattr(answer, "tolist"):
        out = answer.tolist()
        return out if isinstance(out, list) else [out]
    return [answer]


def _state(item: Any) -> str:
    if not isinstance(item, str):
        raise _Unreadable(f"{_shown(item)} is not a state name: write names as text, like "
                          "'Armenia'.")
    item = item.strip().rstrip(".!")
    try:
        return state_code(item)
    except UnknownStateError:
        from .errors import closest

        states = load("states")
        near = closest(item, list(states["name"]) + list(states["iso3"]))
        near = list(dict.fromkeys(state_name(n) for n in near))
        also = f" Did you mean {' or '.join(near)}?" if near else ""
        raise _Unreadable(f"{item!r} is not a state in the data set.{also}") from None


#: Columns read, in this order, when a state answer is a table: codes first, since a 'name'
#: column may hold something else (in crises() it is the episode's title).
STATE_COLUMNS = ("iso3", "state", "name")


def read_states(answer: Any) -> frozenset[str]:
    """The ISO codes of the states in an answer, however they are spelled.

    >>> sorted(read_states("Kyrgyz Republic, kgz and Kirghizia; RUS"))
    ['KGZ', 'RUS']
    """
    return frozenset(_state(i) for i in _items(answer, columns=STATE_COLUMNS))


_ORDINAL = re.compile(r"(\d+)(st|nd|rd|th)\b", re.I)
_DATE_FORMATS: list[tuple[str, str]] = [
    ("%d %B %Y", "day"), ("%d %b %Y", "day"), ("%B %d %Y", "day"), ("%b %d %Y", "day"),
    # day first; month first only where that is the one reading (02/22/2024)
    ("%d.%m.%Y", "day"), ("%d/%m/%Y", "day"), ("%m/%d/%Y", "day"), ("%Y/%m/%d", "day"),
    ("%Y.%m.%d", "day"),
    ("%Y-%m-%d", "day"), ("%d-%m-%Y", "day"),
    ("%B %Y", "month"), ("%b %Y", "month"), ("%Y-%m", "month"), ("%m/%Y", "month"),
    ("%Y", "year"),
]


def read_date(answer: Any) -> tuple[pd.Timestamp, str]:
    """A date given in any common form, with its precision ("day", "month" or "year").

    Numeric dates with slashes are read day first (20/04/1994), as in most of the world.

    >>> read_date("April 20th, 1994")
    (Timestamp('1994-04-20 00:00:00'), 'day')
    >>> read_date("1999-04")
    (Timestamp('1999-04-01 00:00:00'), 'month')
    """
    answer = _single(answer, "date")
    if isinstance(answer, bool):
        raise _Unreadable(f"{answer!r} is not a date.")
    if isinstance(answer, Integral):
        if not 1 <= int(answer) <= 9999:
            raise _Unreadable(f"{answer!r} is not a year.")
        return pd.Timestamp(year=int(answer), month=1, day=1), "year"
    if answer is None or (not isinstance(answer, str) and pd.api.types.is_scalar(answer)
                          and pd.isna(answer)):
        raise _Unreadable("your answer is a missing date (NaT or None), which usually means the "
                          "rows you selected were none: check the condition you filtered on.")
    if isinstance(answer, (dt.date, pd.Timestamp)):
        return pd.Timestamp(answer).tz_localize(None).normalize(), "day"
    if hasattr(answer, "dtype") and "datetime" in str(getattr(answer, "dtype", "")):
        return pd.Timestamp(answer).normalize(), "day"
    if isinstance(answer, str):
        text = _ORDINAL.sub(r"\1", answer.replace(",", " ").strip())
        text = re.sub(r"\b([A-Za-z]{3})\.", r"\1", " ".join(text.split()))  # "Feb. 22" -> "Feb 22"
        try:
            return pd.Timestamp(dt.date.fromisoformat(text)), "day"
        except ValueError:
            pass
        try:  # what print() shows for a Timestamp: "2024-02-22 00:00:00"
            stamp = dt.datetime.fromisoformat(text)
            if stamp.time() == dt.time(0, 0):
                return pd.Timestamp(stamp.date()), "day"
        except ValueError:
            pass
        for fmt, precision in _DATE_FORMATS:
            try:
                return pd.Timestamp(dt.datetime.strptime(text, fmt)), precision
            except ValueError:
                continue
    raise _Unreadable(f"{_shown(answer)} is not a date I can read: write it like '1994-04-20' "
                      "or '20 April 1994'.")


def read_number(answer: Any) -> float:
    """A number given as a number or as text ("2,030", "2 030").

    >>> read_number("2,030")
    2030.0
    """
    answer = _cell(answer, "number")
    if _listlike(answer) and len(answer) == 1:
        return read_number(list(answer)[0])
    if isinstance(answer, bool):
        raise _Unreadable(f"{answer!r} is not a number.")
    if isinstance(answer, complex):
        raise _Unreadable(f"{answer!r} is not a real number.")
    if isinstance(answer, Number):
        value = float(answer)  # type: ignore[arg-type]
    elif isinstance(answer, str):
        text = re.sub(r"[\s,_'\u00a0\u202f]", "", answer)
        try:
            value = float(text)
        except ValueError:
            raise _Unreadable(
                f"{_shown(answer)} is not a number: write it like 2030 or '2,030'.") from None
    else:
        raise _Unreadable(f"{_shown(answer)} is not a number.")
    if math.isnan(value):
        raise _Unreadable("your answer is NaN (a missing value), not a number.")
    return value


def _to_date(value: Any) -> tuple[pd.Timestamp, str]:
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return pd.Timestamp(period_start(value)), PRECISION_OF_LENGTH[len(value)]
    return read_date(value)


# ------------------------------------------------------------------ comparing answers


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _trapped(ex: Exercise, value: Any, read: Callable[[Any], Any]) -> tuple[str, str] | None:
    if ex.traps is None:
        return None
    for trap_value, verdict, message in ex.traps():
        try:
            if read(trap_value) == value:
                return verdict, message
        except _Unreadable:
            continue
    return None


def _compare_sets(ex: Exercise, given: frozenset, wanted: frozenset,
                  read: Callable[[Any], Any]) -> tuple[str, str]:
    if given == wanted:
        return "right", f"That is the list the data give ({_plural(len(wanted), ex.noun)})."
    trapped = _trapped(ex, given, read)
    if trapped:
        return trapped
    missing, extra = len(wanted - given), len(given - wanted)
    parts = []
    if missing:
        parts.append(f"{_plural(missing, ex.noun)} missing")
    if extra:
        parts.append(f"{_plural(extra, ex.noun)} too many")
    what = " and ".join(parts)
    if missing + extra == 1:
        return "nearly", f"Almost: {what}. Look again at the rows you kept."
    return "wrong", f"{what[0].upper()}{what[1:]}. Check the condition you filtered on."


def _check_states(ex: Exercise, answer: Any, expected: Any) -> tuple[str, str]:
    return _compare_sets(ex, read_states(answer), read_states(expected), read_states)


def _read_keys(answer: Any, column: str | None = None) -> frozenset[str]:
    return frozenset(_fold(str(i)) for i in _items(answer, column=column))


def _check_keys(ex: Exercise, answer: Any, expected: Any) -> tuple[str, str]:
    def read(a: Any) -> frozenset[str]:
        return _read_keys(a, ex.column)

    return _compare_sets(ex, read(answer), read(expected), read)


def _check_state(ex: Exercise, answer: Any, expected: Any) -> tuple[str, str]:
    items = _items(answer, columns=STATE_COLUMNS)
    if len(items) != 1:
        got = "nothing" if not items else f"{len(items)} states"
        raise _Unreadable(f"give exactly one state (you gave {got}).")
    given = _state(items[0])
    if given == state_code(expected):
        return "right", f"{state_name(given)} it is."
    trapped = _trapped(ex, given, lambda a: _state(a))
    return trapped or ("wrong", f"Not {state_name(given)}. Look again at the rows you selected.")


def _check_date(ex: Exercise, answer: Any, expected: Any) -> tuple[str, str]:
    given, precision = read_date(answer)
    wanted, wanted_precision = _to_date(expected)
    levels = {"year": 0, "month": 1, "day": 2}
    need = levels[wanted_precision]
    same = [given.year == wanted.year, given.month == wanted.month, given.day == wanted.day]
    have = levels[precision]
    if have >= need and all(same[: need + 1]):
        return "right", "That is the date in the data."
    trapped = _trapped(ex, (given, precision), _to_date)
    if trapped:
        return trapped
    if have < need and all(same[: have + 1]):
        return "nearly", f"Right as far as it goes: give the full date (to the {wanted_precision})."
    if _month_first(answer) == (wanted, wanted_precision):
        return "nearly", ("Dates with slashes are read day first here (20/04/1994 is 20 April "
                          "1994); read month first, yours is right. Write it as YYYY-MM-DD.")
    if same[0] and same[1]:
        if abs((given - wanted).days) <= 3:
            return "nearly", "Right year and month, and only a few days off: check the row."
        return "wrong", "Right year and month, but not the right day: check which row you took."
    if same[0]:
        return "wrong", ("Right year, but not the right month." if need >= 1 else
                         "Right year, but not the right date.")
    return "wrong", "Not in that year. Look again at the dates in the table."


def _month_first(answer: Any) -> tuple[pd.Timestamp, str] | None:
    """A date written like 01/06/2022, read month first (as in the United States)."""
    if not isinstance(answer, str):
        return None
    match = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", answer)
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return pd.Timestamp(year=year, month=month, day=day), "day"
    except ValueError:
        return None


def _check_number(ex: Exercise, answer: Any, expected: Any) -> tuple[str, str]:
    given, wanted = read_number(answer), float(expected)
    if abs(given - wanted) <= ex.tolerance:
        return "right", "That is the figure in the data."
    trapped = _trapped(ex, given, read_number)
    if trapped:
        return trapped
    if ex.close and abs(given - wanted) <= ex.close * abs(wanted):
        return "nearly", "Close, but not the figure in the data: check which rows you counted."
    direction = "too high" if given > wanted else "too low"
    return "wrong", f"That is {direction}. Check what you counted."


def _read_choice(ex: Exercise, answer: Any) -> str:
    answer = _cell(answer, "answer")
    if _listlike(answer) and len(answer) == 1:
        answer = list(answer)[0]
    if isinstance(answer, bool) and ex.options == ("yes", "no"):
        return "yes" if answer else "no"
    if hasattr(answer, "item") and not isinstance(answer, str):
        try:
            answer = answer.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(answer, bool) and ex.options == ("yes", "no"):
        return "yes" if answer else "no"
    if not isinstance(answer, str):
        raise _Unreadable(f"{_shown(answer)} is not one of the options: "
                          f"{', '.join(ex.options)}.")
    key = _fold(answer).strip(" .!")
    lookup = {_fold(o): o for o in ex.options}
    lookup.update({_fold(k): v for k, v in ex.aliases.items()})
    # "Chisinau (Kishinev)" or "Chisinau, Moldova": the option before a bracket or comma
    for candidate in (key, re.split(r"\s*[(,;]", key)[0].strip(" .!")):
        if candidate in lookup:
            return lookup[candidate]
    raise _Unreadable(f"{_shown(answer)} is not one of the options: {', '.join(ex.options)}.")


def _check_choice(ex: Exercise, answer: Any, expected: Any) -> tuple[str, str]:
    given = _read_choice(ex, answer)
    if given == _read_choice(ex, expected):
        return "right", f"{given!r} is the answer the data give."
    trapped = _trapped(ex, given, lambda a: _read_choice(ex, a))
    return trapped or ("wrong", f"Not {given!r}. Look again at the data the question points to.")


def read_counts(answer: Any) -> dict[str, float]:
    """A labelled result (Series, dict, one-column table) as {label: number}, zeros dropped.

    Labels that are state names or codes are read as states, so "Georgia" and "GEO" match.

    >>> read_counts(pd.Series({"Georgia": 15, "Russia": 0, "kgz": 1}))
    {'GEO': 15.0, 'KGZ': 1.0}
    """
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] != 1:
            raise _Unreadable(f"your table has {answer.shape[1]} columns; give one column "
                              "(a Series), e.g. table['column'].")
        answer = answer.iloc[:, 0]
    if isinstance(answer, Mapping):
        answer = pd.Series(dict(answer))
    if not isinstance(answer, pd.Series):
        raise _Unreadable("give a pandas Series (or a dict) of labels and numbers.")
    out: dict[str, float] = {}
    for label, value in answer.items():
        if pd.isna(value):
            continue
        number = read_number(value)
        if number == 0:
            continue
        try:
            key = state_code(label) if isinstance(label, str) else _fold(str(label))
        except UnknownStateError:
            key = _fold(label)
        out[key] = out.get(key, 0.0) + number
    return out


def _check_counts(ex: Exercise, answer: Any, expected: Any) -> tuple[str, str]:
    given, wanted = read_counts(answer), read_counts(expected)
    if given == wanted:
        return "right", "Your result matches the one computed from the data."
    trapped = _trapped(ex, given, read_counts)
    if trapped:
        return trapped
    labels = set(given) | set(wanted)
    differ = sum(1 for k in labels if given.get(k) != wanted.get(k))
    if differ == 1:
        return "nearly", "One entry differs from the result computed from the data."
    return "wrong", (f"{differ} entries differ from the result computed from the data. "
                     "Check the table and the column you started from.")


_CHECKERS: dict[str, Callable[[Exercise, Any, Any], tuple[str, str]]] = {
    "states": _check_states,
    "state": _check_state,
    "date": _check_date,
    "number": _check_number,
    "choice": _check_choice,
    "keys": _check_keys,
    "counts": _check_counts,
}


# ------------------------------------------------------------------ the exercises
# Each expected answer is computed from the data when an answer is checked.

_ARTICLE_4 = "formal request for assistance (Article 4)"


def _status_of(state: str, date: object) -> str:
    table = queries.status_on(date).set_index("iso3")
    return str(table.loc[state_code(state), "status"])


def _cst_events(event: str) -> pd.DataFrame:
    events = load("membership_events")
    return events[(events["body"] == "CST") & (events["event"] == event)]


def _first_signatories() -> list[str]:
    signed = _cst_events("signature")
    return sorted(signed.loc[signed["date"] == signed["date"].min(), "iso3"])


def _official(measure: str) -> pd.Series:
    """The latest official figure of one measure given as an exact number."""
    figures = queries.kazakhstan_figures(measure)
    official = figures[(figures["status"] == "official") & (figures["qualifier"] == "exact")]
    return official.sort_values("as_of", kind="stable").iloc[-1]


def _other_figures(measure: str) -> list[Trap]:
    best = _official(measure)
    traps = []
    for row in queries.kazakhstan_figures(measure).itertuples():
        if row.value == best["value"]:
            continue
        said = f"That figure was given on {row.as_of_text} by {row.stated_by}"
        if row.as_of < best["as_of"]:
            why = "an early figure that a later official one replaced"
        elif row.qualifier != "exact":
            why = f"not an exact count ({row.qualifier} {row.value:,})"
        else:
            why = f"a {row.status} figure"
        traps.append((int(row.value), "nearly",
                      f"{said}: {why}. The question asks for the latest exact official figure."))
    return traps


def _charter_city() -> str:
    used = queries.claims("charter-signing-place").query("used_in_lessons")["claim"].item()
    hits = [o for o in _CITIES if _fold(o) in _fold(used)
            or any(_fold(a) in _fold(used) for a, c in _CITY_ALIASES.items() if c == o)]
    return hits[0]


def _charter_city_traps() -> list[Trap]:
    right = _charter_city()
    claims = queries.claims("charter-signing-place")
    traps = []
    for text in claims.loc[~claims["used_in_lessons"], "claim"]:
        for city in _CITIES:
            if city != right and _fold(city) in _fold(text):
                traps.append((city, "wrong", "Some sources say so, but the lessons follow "
                              "another claim: compare claims('charter-signing-place')."))
    return traps


_CITIES = ("Tashkent", "Moscow", "Chisinau", "Minsk", "Dushanbe", "Yerevan")
_CITY_ALIASES = {"Kishinev": "Chisinau", "Kishinyov": "Chisinau", "Toshkent": "Tashkent",
                 "Moskva": "Moscow"}
_YES_NO = {"y": "yes", "true": "yes", "n": "no", "false": "no"}


def _crisis_kazakhstan() -> pd.Series:
    table = queries.crises()
    return table[table["crisis_id"] == queries.kazakhstan_crisis_id()].iloc[0]


def _first_operation_day() -> str:
    days = queries.kazakhstan_days()
    ops = days[days["category"] == "operation"]
    return ops.sort_values("date", kind="stable")["date_text"].iloc[0]


def _armenia_later_steps() -> list[Trap]:
    """The dates of Armenia's later steps (statements, skipped summits...), each a trap."""
    events = load("membership_events").query("iso3 == 'ARM'")
    freeze = events.loc[events["event"] == "freeze announced", "date"].min()
    later = events[events["date"] > freeze]
    return [(rec.date_text, "wrong",
             f"That is the day of a later step ({rec.event}). The question asks when the status "
             "changed: look at membership_spells('Armenia').") for rec in later.itertuples()]


def _lapsed_in(year: int) -> list[str]:
    spells = queries.membership_spells()
    hit = spells[(spells["status"] == "lapsed") & (spells["start"].dt.year == year)]
    return sorted(hit["name"])


def _cow_hidden_exits() -> list[str]:
    cow = queries.alliance_codings("COW v4.1")
    ours = queries.alliance_codings("this data set")
    never_ending = set(cow.loc[cow["end"].isna(), "name"])
    left = set(ours.loc[ours["end"].notna() & (ours["end"].dt.year <= 2012), "name"])
    return sorted(never_ending & left)


def _member_years_gap() -> pd.Series:
    return queries.member_years("COW v4.1") - queries.member_years("this data set")


def _georgia_traps() -> list[Trap]:
    cow = int(queries.member_years("COW v4.1")["Georgia"])
    ours = int(queries.member_years("this data set")["Georgia"])
    msg = "That is one data set's count; the question asks for the difference between the two."
    return [(cow, "nearly", msg), (ours, "nearly", msg)]


def _status_choice(**kw: Any) -> dict[str, Any]:
    return {"kind": "choice", "options": tuple(queries.STATUSES), **kw}


for _ex in [
    # 00 start here --------------------------------------------------------------------
    Exercise(
        "00-tables", "How many tables?",
        "How many tables does the data set have? Give a number.",
        "number", lambda: len(table_names()), close=0,
        hints=("The csto package can list the names of its tables.",
               "Count the list that table_names() returns with len()."),
    ),
    Exercise(
        "00-members-2000", "Parties on 1 January 2000",
        "Which states were parties to the Collective Security Treaty on 1 January 2000? "
        "Use members_on and give the list of states.",
        "states", lambda: queries.members_on("2000-01-01"), noun="state",
        hints=("members_on takes a date written as 'YYYY-MM-DD'.",
               "Put the list that members_on returns into answer and check it."),
    ),
    Exercise(
        "00-as-of", "Up to when?",
        "The data set is complete up to one day, its 'as of' date. Which day is it?",
        "date", lambda: as_of(),
        hints=("It is written in data/datapackage.json.",
               "One function of the csto package returns it. It was imported in the first code "
               "cell of this page, and its name says 'as of'."),
    ),
    # 01 origins -----------------------------------------------------------------------
    Exercise(
        "01-signatories", "The original signatories",
        "Which states signed the Collective Security Treaty on the day it was first signed? "
        "Use the membership_events table and give the list of states.",
        "states", _first_signatories, noun="state",
        traps=lambda: [(sorted(_cst_events("signature")["iso3"]), "wrong",
                        "You listed every state that ever signed the treaty: some signed later. "
                        "Keep only the first day of signatures.")],
        hints=("Keep the rows of load('membership_events') whose event is 'signature'.",
               "The first signing day is the smallest date among those rows (.min()).",
               "Keep the rows on that day and take their iso3 or state names."),
    ),
    Exercise(
        "01-entry-into-force", "Entry into force",
        "On which day did the treaty enter into force? Give a date.",
        "date", lambda: _cst_events("entry into force").sort_values("date")["date_text"].iloc[0],
        traps=lambda: [(_cst_events("signature")["date_text"].min(), "wrong",
                        "That is the day the treaty was signed; it entered into force later.")],
        hints=("Signing a treaty and its entry into force are different events.",
               "Look for the event 'entry into force' in load('membership_events')."),
    ),
    Exercise(
        "01-parties-1995", "How many parties in 1995?",
        "How many states were parties to the treaty on 1 January 1995? Give a number.",
        "number", lambda: len(queries.members_on("1995-01-01")), close=0,
        traps=lambda: [(len(_first_signatories()), "wrong",
                        "That is how many signed on the first day. Did others join by 1995?")],
        hints=("members_on gives the list of parties on a day.",
               "Count that list with len()."),
    ),
    Exercise(
        "01-charter-city", "Where the Charter was signed",
        "In which city was the CSTO Charter signed in October 2002? The sources disagree: "
        "give the city the lessons use (look at the claims table).",
        "choice", _charter_city, options=_CITIES, aliases=_CITY_ALIASES,
        traps=_charter_city_traps,
        hints=("claims() lists questions on which sources disagree.",
               "Look at claims('charter-signing-place') and the row with used_in_lessons True."),
    ),
    # 02 member exits ------------------------------------------------------------------
    Exercise(
        "02-lapsed-1999", "Lapsed in 1999",
        "For which states did membership of the treaty lapse in 1999? Give the list of states.",
        "states", lambda: _lapsed_in(1999), noun="state",
        hints=("membership_spells() lists each state's spells: a status and a start date.",
               "Keep the spells whose status is 'lapsed' and whose start is in 1999 "
               "(spells['start'].dt.year)."),
    ),
    Exercise(
        "02-uzbekistan-2010", "Uzbekistan in 2010",
        "What was Uzbekistan's status on 1 January 2010?",
        **_status_choice(expected=lambda: _status_of("UZB", "2010-01-01")),
        hints=("status_on(date) gives every state's status on a day.",
               "membership_spells('Uzbekistan') shows how its status changed over time."),
    ),
    Exercise(
        "02-uzbekistan-2013", "Uzbekistan in 2013",
        "What was Uzbekistan's status on 1 January 2013?",
        **_status_choice(expected=lambda: _status_of("UZB", "2013-01-01")),
        traps=lambda: [("lapsed", "wrong", "That is how Uzbekistan first left, in 1999. "
                        "What happened in 2012 was a decision of the organisation itself.")],
        hints=("status_on(date) gives every state's status on a day.",
               "Look at the events of 2012 in membership_spells('Uzbekistan')."),
    ),
    Exercise(
        "02-armenia-party", "Is Armenia still a party?",
        "Armenia froze its participation in 2024. Is Armenia in members_on(as_of()), the list of "
        "parties on the data's 'as of' date? Answer yes or no.",
        "choice", lambda: "yes" if "Armenia" in queries.members_on(as_of()) else "no",
        options=("yes", "no"), aliases=_YES_NO,
        traps=lambda: [("no" if "Armenia" in queries.members_on(as_of()) else "yes", "wrong",
                        "Look at Armenia's status on that day (status_on) and at which statuses "
                        "members_on counts as parties (see members_on?).")],
        hints=("Run members_on(as_of()) and look at the list.",
               "A frozen membership is not the same as leaving: read members_on?"),
    ),
    # 03 crisis responses --------------------------------------------------------------
    Exercise(
        "03-forces-deployed", "Forces deployed",
        "In only one crisis episode did the CSTO deploy forces. In which state? Give one state.",
        "state", lambda: queries.crises(response="forces deployed")["state"].item(),
        hints=("crises(response=...) keeps the episodes with one kind of response.",
               "The response categories are listed in crises?; look at the state column."),
    ),
    Exercise(
        "03-article4", "Article 4 requests",
        "In which episodes did a member make a formal request for assistance under Article 4? "
        "Give the crisis_id of each (a list, or the crisis_id column).",
        "keys", lambda: queries.crises().pipe(lambda d: d[d["request_type"] == _ARTICLE_4])[
            "crisis_id"],
        column="crisis_id", noun="episode",
        traps=lambda: [(queries.crises().loc[lambda d: d["request_type"].isin(
            [_ARTICLE_4, "consultations (Article 2)"]), "crisis_id"], "wrong",
            "You included requests for consultations (Article 2). Article 4 is the request "
            "for assistance.")],
        hints=("The request_type column says what the member asked for.",
               "Keep the rows whose request_type is the formal request under Article 4, then "
               "take their crisis_id."),
    ),
    Exercise(
        "03-armenia-responses", "Responses in the episodes involving Armenia",
        "For the episodes involving Armenia, count how often the CSTO gave each response. "
        "'Involving' includes the episodes where Armenia is among the other_states, as "
        "crises(state='Armenia') keeps them. "
        "Give a Series of counts by response, like value_counts() returns.",
        "counts", lambda: queries.crises(state="Armenia")["response"].value_counts(),
        hints=("crises(state='Armenia') keeps the episodes involving Armenia.",
               "Take the response column and count its values with .value_counts()."),
    ),
    # 04 Kazakhstan 2022 ---------------------------------------------------------------
    Exercise(
        "04-personnel", "How many were sent?",
        "How many personnel did the CSTO deploy to Kazakhstan in January 2022, by the latest "
        "official figure given as an exact number? Give a number.",
        "number", lambda: int(_official("personnel deployed")["value"]),
        traps=lambda: _other_figures("personnel deployed"),
        hints=("kazakhstan_figures('personnel deployed') lists every figure given, with who "
               "gave it and when.",
               "Several figures were given: keep the official ones with the qualifier 'exact', "
               "and take the latest."),
    ),
    Exercise(
        "04-first-day", "The first day",
        "On which day did the CSTO deployment in Kazakhstan begin (the first event of the "
        "category 'operation')? Give a date.",
        "date", _first_operation_day,
        traps=lambda: [(_crisis_kazakhstan()["request_date_text"], "nearly",
                        "That is the day Kazakhstan asked for help; the deployment came after."),
                       (queries.kazakhstan_days()["date_text"].iloc[0], "wrong",
                        "That is the first day in the whole sequence, when the unrest began. "
                        "Keep only the events of the category 'operation'.")],
        hints=("kazakhstan_days() lists the events of the operation in date order.",
               "Keep the rows whose category is 'operation' and look at the first date."),
    ),
    Exercise(
        "04-death-toll", "The death toll",
        "What is the latest official death toll of the January 2022 events in Kazakhstan, "
        "given as an exact number? Give a number.",
        "number", lambda: int(_official("deaths")["value"]),
        traps=lambda: _other_figures("deaths"),
        hints=("kazakhstan_figures('deaths') lists every death toll given, with the date.",
               "The toll rose as officials counted: keep the official, exact figures and take "
               "the latest."),
    ),
    Exercise(
        "04-contributors", "Who sent troops?",
        "Which states contributed to the CSTO contingent in Kazakhstan? Give the list of states.",
        "states", lambda: queries.kazakhstan_contingent()["iso3"].unique().tolist(), noun="state",
        hints=("kazakhstan_contingent() has rows per contributing state.",
               "A state with no official figure still sent troops: keep every state in "
               "the table, once."),
    ),
    # 05 outlook -----------------------------------------------------------------------
    Exercise(
        "05-pa-observers", "Observers in the Parliamentary Assembly",
        "The parliaments of which states have ever been observers in the CSTO Parliamentary "
        "Assembly? Give the list of states.",
        "states", lambda: load("membership_events").query("event == 'observer granted'")["iso3"],
        noun="state",
        traps=lambda: [(queries.status_on(as_of()).query("status == 'observer'")["iso3"],
                        "nearly", "Those are the observers on the 'as of' date. The question "
                        "asks who ever was one.")],
        hints=("Look at the rows of load('membership_events') whose body is the "
               "CSTO Parliamentary Assembly.",
               "Keep the events that granted observer status."),
    ),
    Exercise(
        "05-serbia-status", "Serbia",
        "What is Serbia's status in this data set on the data's 'as of' date?",
        **_status_choice(expected=lambda: _status_of("SRB", as_of())),
        hints=("status_on(as_of()) gives every state's status on that day.",
               "membership_spells('Serbia') shows where that status comes from."),
    ),
    Exercise(
        "05-parties-today", "How many parties today?",
        "How many states are parties to the treaty on the data's 'as of' date? Give a number.",
        "number", lambda: len(queries.members_on(as_of())), close=0,
        traps=lambda: [(int((queries.status_on(as_of())["status"] == "party").sum()), "nearly",
                        "You counted the status 'party' only. Does a frozen member still count "
                        "as a party? Read members_on?")],
        hints=("members_on gives the list of parties on a day; as_of() gives the day.",
               "Count the list with len()."),
    ),
    Exercise(
        "05-armenia-freeze", "Since when frozen?",
        "Since which day is Armenia's membership coded as frozen? Give a date.",
        "date", lambda: queries.membership_spells("Armenia").query("status == 'frozen'")[
            "start_text"].iloc[0],
        traps=_armenia_later_steps,
        hints=("membership_spells('Armenia') lists Armenia's statuses with their start dates.",
               "Many statements followed; the question asks when the status changed."),
    ),
    # 06 coding alliances --------------------------------------------------------------
    Exercise(
        "06-georgia-member-years", "Georgia's member-years",
        "From 1992 to 2012, how many more member-years does COW v4.1 give Georgia than this "
        "data set? Use member_years. Give a number.",
        "number", lambda: int(_member_years_gap()["Georgia"]), close=0, traps=_georgia_traps,
        hints=("member_years('COW v4.1') and member_years('this data set') give one count per "
               "state.",
               "Subtract this data set's count from COW's, for Georgia."),
    ),
    Exercise(
        "06-cow-no-exits", "Exits COW does not code",
        "COW v4.1 codes every member from 1992 with no end date. For which states does that "
        "hide an exit recorded in this data set before the end of 2012? Give the list of states.",
        "states", _cow_hidden_exits, noun="state",
        traps=lambda: [(queries.alliance_codings("COW v4.1")["iso3"], "wrong",
                        "That is every state COW codes. Which of them left at some point "
                        "according to this data set?")],
        hints=("alliance_codings('this data set') has an end date where a state left.",
               "Keep the states with an end date in 2012 or earlier, and compare with "
               "alliance_codings('COW v4.1')."),
    ),
    Exercise(
        "06-member-years-gap", "Member-years: COW minus this data set",
        "For every state, compute member_years('COW v4.1') minus member_years('this data set') "
        "(1992 to 2012). Give the resulting Series.",
        "counts", _member_years_gap,
        hints=("member_years returns a Series indexed by state name.",
               "Subtracting two Series lines them up by state: cow - ours."),
    ),
    Exercise(
        "06-atop-belarus", "ATOP's date for Belarus",
        "From which day does ATOP v4.01 code Belarus as a member? Give a date.",
        "date", lambda: queries.alliance_codings("ATOP v4.01").query("iso3 == 'BLR'")[
            "start_text"].min(),
        traps=lambda: [(_cst_events("signature").query("iso3 == 'BLR'")["date_text"].item(),
                        "nearly", "That is the day this data set gives for Belarus's signature. "
                        "ATOP codes a different day: look at its own rows."),
                       (_cst_events("entry into force").query("iso3 == 'BLR'")["date_text"].item(),
                        "wrong", "That is when the treaty entered into force for Belarus in this "
                        "data set. ATOP codes its own day: look at ATOP's rows.")],
        hints=("alliance_codings('ATOP v4.01') lists ATOP's coding, one row per member and phase.",
               "Keep Belarus's rows and take the earliest start."),
    ),
]:
    add_exercise(_ex)
del _ex


def _load_exercise_bank() -> None:
    """Register the exercises added in csto/exercise_bank/ (one module per lesson, if any)."""
    import importlib
    import pkgutil

    from . import exercise_bank

    for info in sorted(pkgutil.iter_modules(exercise_bank.__path__), key=lambda i: i.name):
        importlib.import_module(f"{exercise_bank.__name__}.{info.name}")


_load_exercise_bank()
