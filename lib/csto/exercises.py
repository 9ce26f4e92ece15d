"""Checked exercises: write an answer, get feedback at once, ask for hints when stuck::

    from csto import check, hint
    answer = ...                       # your answer: a list of states, a date, a number...
    check("01-signatories", answer)    # right; nearly, with a hint; or wrong, with what to see
    hint("01-signatories")             # a first hint; hint("01-signatories", 2) for the next

The answers come from the answer key, ``notebooks/solutions/NN-lesson.key.json``, which
``make execute`` computes ahead from the worked solutions ``<id>.py`` (see ``csto.answer_key``):
no solution runs here. Exercises are declared in ``<lesson>.toml`` (see ``csto.declarations``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Integral, Number
from typing import Any

import pandas as pd
from pandas.api.types import is_list_like

from .answer_key import REBUILD, AnswerKeyError, stored_answer, stored_trap
from .dates import read_date as _read_any_date
from .declarations import KINDS as KINDS  # the kinds the readers below know
from .declarations import Exercise, Exercises
from .errors import BadDateError, CstoError, UnknownStateError, unknown
from .names import state_code, state_name
from .paths import as_of
from .record import recorded
from .text import esc, shown

#: Text answers longer than this are not read (a written answer is cut there).
MAX_TEXT = 4000
#: Each verdict's word, colour and sign ("noted": a prediction or a written answer).
_LOOK = {"right": ("Right!", "#1b7f3b", "✔"), "nearly": ("Nearly.", "#a15c00", "≈"),
         "wrong": ("Not yet.", "#b3261e", "✘"), "noted": ("Noted.", "#3f6ab0", "✎"),
         "hint": ("Hint.", "#3f6ab0", "?")}
_NO_ANSWER = object()
_YES_NO = {"y": "yes", "true": "yes", "n": "no", "false": "no"}


class _Unreadable(Exception):
    """An answer that cannot be read as the kind the exercise expects."""


#: What the exercise cells hold before a learner answers (answer = """...""" and the like).
_PLACEHOLDERS = {"", "...", "…", "your answer", "your answer here", "write here", "todo"}


def _placeholder(answer: Any) -> bool:
    """Whether a text answer is still the cell's placeholder ("...", empty, "your answer").

    >>> _placeholder('''
    ... ...
    ... '''), _placeholder("The CSTO ...")
    (True, False)
    """
    return isinstance(answer, str) and len(answer) < 40 and (
        " ".join(answer.strip(" \t\n\'\"[](){}<>.…").casefold().split()) in _PLACEHOLDERS)


class _Items(frozenset):
    """The items of a list answer, read; ``repeated`` holds those the answer gave twice or
    more (the set itself keeps each once)."""

    repeated: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Feedback:
    """What ``check`` says: a ``verdict`` and a ``message``; true only when right.

    >>> Feedback("00-tables", "nearly", "Close.")
    00-tables: Nearly. Close.
    """

    exercise_id: str
    verdict: str
    message: str

    def __bool__(self) -> bool:
        return self.verdict == "right"

    def __repr__(self) -> str:  # print() shows the same
        return f"{self.exercise_id}: {_LOOK[self.verdict][0]} {self.message}"

    def _repr_html_(self) -> str:
        word, colour, sign = _LOOK[self.verdict]
        return (f'<div class="csto-feedback csto-feedback-{self.verdict}" '
                f'style="border-left: 4px solid {colour}; padding: 0.3em 0.8em;">'
                f'<strong style="color: {colour}">{sign} {word}</strong> {esc(self.message)} '
                f'<span style="color: #666">({esc(self.exercise_id)})</span></div>')


def get_exercise(exercise_id: Any) -> Exercise:
    """The exercise with that id, which displays its question (never its answer).

    >>> print(show_exercise("00-tables"))  # doctest: +ELLIPSIS
    Exercise 00-tables (00-start-here): How many tables?
    How many tables does the data set have? ...
    """
    if not isinstance(exercise_id, str):
        raise CstoError(f"Give one exercise id as text, like '01-signatories' (you gave "
                        f"{shown(exercise_id)}): it is in quotes in the exercise's cell.")
    try:
        return EXERCISES[exercise_id]
    except KeyError:
        raise unknown("exercise id", exercise_id, EXERCISES.known()) from None


show_exercise = get_exercise


@recorded
def hint(exercise_id: str, n: int = 1) -> Feedback:
    """The n-th hint for an exercise (1 is the gentlest); hints never give the answer away.

    >>> hint("00-tables", 3)  # doctest: +ELLIPSIS
    00-tables: Hint. There are no more hints (it has 2). To see a worked solution, ...
    """
    ex = get_exercise(exercise_id)
    whole = (isinstance(n, Integral) or isinstance(n, float) and n.is_integer()) and (
        not isinstance(n, bool))
    total = len(ex.hints)
    if not whole or n < 1:
        raise CstoError(f"The hint number must be a whole number from 1 to {total}, like "
                        f"hint({ex.id!r}, 2) (you gave {shown(n)}).")
    if n > total:
        return Feedback(ex.id, "hint", f"There are no more hints (it has {total}). To see a "
                        f"worked solution, run a cell holding %load solutions/{ex.id}.py")
    return Feedback(ex.id, "hint", f"({int(n)} of {total}) {ex.hints[int(n) - 1]}")


_PREDICTIONS: dict[str, Any] = {}


@recorded
def predict(exercise_id: str, guess: Any) -> Feedback:
    """Feedback "noted" once your guess is recorded, before you run the query."""
    ex = get_exercise(exercise_id)
    if not ex.predict:
        raise CstoError(f"{ex.id} does not ask for a prediction: check your answer with "
                        f"check({ex.id!r}, answer).")
    if guess is ... or guess is None:
        return Feedback(ex.id, "wrong", "Replace ... with your guess, then run the cell again.")
    if isinstance(guess, (pd.DataFrame, pd.Series, pd.Index)):
        return Feedback(ex.id, "wrong", f"Your guess is {shown(guess)}, computed from the "
                        "data: a prediction comes first, so type it by hand, like 5 or ['...'].")
    try:
        _PREDICTIONS[ex.id] = _read(ex, guess)
    except (_Unreadable, BadDateError) as exc:
        return Feedback(ex.id, "wrong", f"I could not read your guess: {exc}")
    return Feedback(ex.id, "noted", f"Your prediction is {shown(guess)}. Now run the query "
                    f"and check({ex.id!r}, result).")


@recorded
def check(exercise_id: str, answer: Any = _NO_ANSWER) -> Feedback:
    """Feedback on an answer: right, nearly right (with a hint) or wrong (with what to see).

    >>> check("00-tables", ...)
    00-tables: Not yet. Replace ... with your answer, then run the cell again.
    """
    ex = get_exercise(exercise_id)
    if answer is _NO_ANSWER:
        return Feedback(ex.id, "wrong", f"Give your answer after the id: check({ex.id!r}, "
                        "answer).")
    if answer is ... or answer is None:
        return Feedback(ex.id, "wrong", "Replace ... with your answer, then run the cell again.")
    if ex.predict and ex.id not in _PREDICTIONS:
        return Feedback(ex.id, "wrong", f"Make a prediction first: predict({ex.id!r}, guess).")
    expected = _expected(ex)
    wanted = _wanted(ex, expected)
    try:
        if ex.kind == "written":
            return Feedback(ex.id, *_check_written(ex, answer, expected))
        verdict, message = _judge(ex, _read(ex, answer), wanted)
    except (_Unreadable, BadDateError) as exc:
        return Feedback(ex.id, "wrong", f"I could not read your answer: {exc}")
    if ex.predict and verdict == "right":
        message = _compare_prediction(ex, expected)
    return Feedback(ex.id, verdict, message)


def _expected(ex: Exercise) -> Any:
    """The answer to ``ex`` as the answer key stores it (AnswerKeyError if stale or broken)."""
    return stored_answer(ex.id, ex.folder)


def _wanted(ex: Exercise, expected: Any) -> Any:
    """The stored answer read as the exercise's kind; a key that cannot be read is the
    teacher's to fix, never the learner's mistake."""
    try:
        wanted = _READERS[ex.kind](ex, expected) if ex.kind != "written" else expected
    except (_Unreadable, CstoError) as exc:
        raise AnswerKeyError(f"The answer key of {ex.id} holds {shown(expected)}, which a "
                             f"{ex.kind} exercise cannot read ({exc}): {REBUILD}.") from None
    if ex.kind == "written" and not isinstance(expected, str):
        raise AnswerKeyError(f"The answer key of {ex.id} holds {shown(expected)}, but a written "
                             f"exercise's model answer is text: {REBUILD}.")
    return wanted


def _read(ex: Exercise, answer: Any) -> Any:
    """A learner's answer read as the exercise's kind, after the checks of its shape."""
    if _placeholder(answer):
        raise _Unreadable(f"it is still the placeholder {shown(answer.strip())}; replace it with "
                          "your answer, then run the cell again.")
    if isinstance(answer, str) and len(answer) > MAX_TEXT:
        raise _Unreadable(f"it is {len(answer):,} characters long; give a short answer.")
    lines = [s for s in answer.splitlines() if s.strip()] if isinstance(answer, str) else []
    if len(lines) >= 2 and ("dtype:" in answer or sum("  " in s.strip() for s in lines) >= 2):
        raise _Unreadable("it looks like a printed table; give the value itself, such as "
                          "table['column'].item() or a list, not the text that print shows.")
    if getattr(answer, "ndim", 0) > 1 and not isinstance(answer, pd.DataFrame):
        raise _Unreadable(f"it is an array of {answer.ndim} dimensions; give one value or a list.")
    return _READERS[ex.kind](ex, answer)


def _listlike(answer: Any) -> bool:
    """A list, tuple, set, Series, Index or array (not text, a single value, a dict or a table)."""
    return is_list_like(answer) and not isinstance(answer, (pd.DataFrame, Mapping))


def _single(answer: Any, what: str) -> Any:
    """The one value of an answer: a one-column table or a list-like holding one value."""
    if isinstance(answer, pd.DataFrame):  # a one-column table: its column
        answer = _items(answer)
    if not _listlike(answer):
        return answer
    try:
        values = list(dict.fromkeys(answer))
    except TypeError:  # lists inside the list
        raise _Unreadable(f"your answer holds lists, dicts or tables inside it; give one {what}."
                          ) from None
    if not values:
        raise _Unreadable("your answer is empty, which usually means the rows you selected "
                          "were none: check the condition you filtered on.")
    if len(values) > 1:
        raise _Unreadable(f"your answer holds {len(values)} different values; give one {what}.")
    return values[0]


def _fold(text: Any) -> str:
    text = unicodedata.normalize("NFKD", str(text)[:MAX_TEXT]).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace("_", " ").split())


def _words(text: str) -> str:
    """Folded text with punctuation turned into spaces: "(B)" -> "b"."""
    return " ".join("".join(c if c.isalnum() else " " for c in _fold(text)).split())


def _items(answer: Any, columns: tuple[str, ...] = ()) -> list[Any]:
    """The items of a list-like answer (list, set, Series, Index, DataFrame column, text)."""
    if isinstance(answer, pd.DataFrame):
        column = next((c for c in columns if c in answer.columns), None)
        if column is None and answer.shape[1] != 1:
            which = f"the {' or '.join(columns)} column" if columns else "one column"
            raise _Unreadable(f"your answer is a table with the columns "
                              f"{shown(list(answer.columns))}; give {which}, or a list.")
        return list(answer[column] if column else answer.iloc[:, 0])
    if isinstance(answer, str):  # "A, B and C" or what print() shows for a list
        parts = re.split(r"[,;\n]|\band\b", answer)
        return [p.strip(" \t'\"[]{}") for p in parts if p.strip(" \t'\"[]{}")]
    if _listlike(answer):
        return list(answer.tolist() if hasattr(answer, "tolist") else answer)
    return [answer.item() if getattr(answer, "ndim", None) == 0 else answer]


def _state(item: Any) -> str:
    if not isinstance(item, str):
        raise _Unreadable(f"{shown(item)} is not a state name: write names as text, like "
                          "'Armenia'.")
    item = item.strip().rstrip(".!")
    try:
        return state_code(item)
    except UnknownStateError as exc:  # its sentence, without the list of every state
        raise _Unreadable(str(exc).partition(" Valid names")[0]) from None


#: Columns of a state answer that is a table, codes first (crises()' 'name' is a title).
STATE_COLUMNS = ("iso3", "state", "name")


def read_states(answer: Any) -> frozenset[str]:
    """The ISO codes of the states in an answer, however they are spelled (each once; those
    given more than once are in its ``repeated``).

    >>> sorted(read_states("Kyrgyz Republic, kgz and Kirghizia; RUS"))
    ['KGZ', 'RUS']
    """
    return _once([_state(i) for i in _items(answer, STATE_COLUMNS)])


def _once(items: list[Any]) -> _Items:
    """The items as a set, remembering those given more than once."""
    read = _Items(items)
    read.repeated = tuple(dict.fromkeys(i for n, i in enumerate(items) if i in items[:n]))
    return read


def read_date(answer: Any) -> tuple[pd.Timestamp, str]:
    """The date in an answer (any form ``csto.parse_date`` reads) and its precision."""
    return _read_any_date(_single(answer, "date"))  # NaT: "the date is missing", and why


def read_number(answer: Any) -> float:
    """The number in an answer, given as a number or as text ("2,030", "2 030")."""
    answer = _single(answer, "number")
    if hasattr(answer, "item") and not isinstance(answer, str):
        answer = answer.item()  # a numpy or pandas scalar
    if isinstance(answer, (bool, complex)) or not isinstance(answer, (Number, str)):
        raise _Unreadable(f"{shown(answer)} is not a number (a real number, like 2030).")
    try:
        value = float(re.sub(r"[\s,_']", "", answer) if isinstance(answer, str) else answer)
    except (ValueError, OverflowError):
        value = math.nan
    if not math.isfinite(value):  # NaN (a missing value), infinity, text that is no number
        raise _Unreadable(f"{shown(answer)} is not a number: write it like 2030 or '2,030'.")
    return value


def read_counts(answer: Any) -> dict[str, float]:
    """A labelled result (Series, dict, one-column table) as {label: number}, zeros dropped;
    labels that are states are read as states.

    >>> read_counts(pd.Series({"Georgia": 15, "Russia": 0, "kgz": 1}))
    {'GEO': 15.0, 'KGZ': 1.0}
    """
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if isinstance(answer, Mapping):
        answer = pd.Series(dict(answer), dtype=object)
    if not isinstance(answer, pd.Series):
        raise _Unreadable(f"give a pandas Series (or a dict) of labels and numbers, such as "
                          f"table['column'], not {shown(answer)}.")
    out: dict[str, float] = {}
    for label, value in answer.items():
        missing = not _listlike(value) and pd.isna(value) is True
        number = 0 if missing else read_number(value)
        try:
            key = state_code(label) if isinstance(label, str) else _fold(label)
        except UnknownStateError:
            key = _fold(label)
        if number:
            out[key] = out.get(key, 0.0) + number
    return out


def _read_choice(ex: Exercise, answer: Any) -> str:
    answer = _single(answer, "answer")
    if hasattr(answer, "item") and not isinstance(answer, str):
        answer = answer.item()  # numpy's True
    options = ex.options
    if isinstance(answer, (str, bool)):  # True is read as "true", so "yes"
        key = _words(str(answer))
        lookup = {_words(o): o for o in options}
        lookup.update({_words(k): v for k, v in ex.aliases.items()})
        lookup.update(_YES_NO if options == ("yes", "no") else {})
        if key in lookup:
            return lookup[key]
        # "Chisinau (Kishinev), Moldova": the one option the text names
        named = {v for k, v in lookup.items() if len(k) > 2 and f" {k} " in f" {key} "}
        if len(named) == 1:
            return named.pop()
    raise _Unreadable(f"{shown(answer)} is not one of the options: {', '.join(options)}.")


_READERS: dict[str, Callable[[Exercise, Any], Any]] = {
    "states": lambda ex, a: read_states(a),
    "keys": lambda ex, a: _once([_fold(i) for i in _items(a, (ex.column or "",))]),
    "state": lambda ex, a: _state(_single(_items(a, STATE_COLUMNS), "state")),
    "date": lambda ex, a: read_date(a),
    "number": lambda ex, a: read_number(a),
    "choice": _read_choice,
    "counts": lambda ex, a: read_counts(a),
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


_WHAT = {"date": "date", "number": "figure", "counts": "result"}


def _judge(ex: Exercise, given: Any, wanted: Any) -> tuple[str, str]:
    """The verdict and message on an answer read as ``given``, when ``wanted`` is right."""
    if ex.labels and set(ex.misconceptions) != set(ex.options) - {wanted}:
        raise CstoError(f"{ex.id}: give a misconception for every wrong option "
                        f"(all but {wanted!r}) and none for the right one.")
    if _same_date(given, wanted) if ex.kind == "date" else given == wanted:
        repeated = getattr(given, "repeated", ())
        if repeated and _EACH_ONCE.search(" ".join((ex.question, *ex.hints))):
            named = state_name(repeated[0]) if ex.kind == "states" else repeated[0]
            return "nearly", (f"The right {ex.noun}s, but your answer gives {named} more than "
                              f"once: give each {ex.noun} once (for example with .unique()).")
        if ex.kind in ("states", "keys"):
            return "right", f"That is the list the data give ({_plural(len(wanted), ex.noun)})."
        if ex.kind == "state":
            return "right", f"{state_name(wanted)} it is."
        if ex.kind == "choice":
            return "right", (f"{wanted}) {ex.labels[wanted]}" if ex.labels
                             else f"{wanted!r} is the answer the data give.")
        return "right", f"That is the {_WHAT[ex.kind]} the data give."
    if ex.kind == "choice" and given in ex.misconceptions:
        return "wrong", ex.misconceptions[given]
    trapped = _trapped(ex, given, wanted)
    if trapped or ex.kind in ("state", "choice"):  # no near miss to diagnose
        said = state_name(given) if ex.kind == "state" else repr(given)
        return trapped or ("wrong", f"Not {said}. Look again at the data the question points to.")
    if ex.kind in ("number", "counts"):
        negated = {k: -v for k, v in wanted.items()} if ex.kind == "counts" else -wanted
        if given == negated:
            return "nearly", ("Right size, wrong sign: you subtracted in the wrong order. Swap "
                              "the two sides of the minus (b - a instead of a - b).")
    if ex.kind == "number":
        if _a_year(given) and not _a_year(wanted) and "year" not in ex.question.casefold():
            return "wrong", (f"{int(given)} looks like a year, not the figure asked for: give "
                             "the number the question asks about, as the data give it.")
        if ex.close and abs(given - wanted) <= ex.close * abs(wanted):
            return "nearly", "Close, but not the figure in the data: check which rows you counted."
        way = "high" if given > wanted else "low"
        return "wrong", f"That is too {way}. Check what you counted."
    if ex.kind == "counts":
        differ = sum(given.get(k) != wanted.get(k) for k in set(given) | set(wanted))
        if differ == 1:
            return "nearly", "One entry differs from the result computed from the data."
        return "wrong", (f"{differ} entries differ from the result computed from the data. "
                         "Check the table and the column you started from.")
    return (_dates_differ if ex.kind == "date" else _sets_differ)(ex, given, wanted)


#: A task that asks for each item once ("keep every state in the table, once").
_EACH_ONCE = re.compile(r"\bonce\b", re.IGNORECASE)


def _a_year(value: float) -> bool:
    """A whole number from 1991 (the treaty's first year) to the data's "as of" year."""
    return float(value).is_integer() and 1991 <= value <= as_of().year


def _trapped(ex: Exercise, given: Any, wanted: Any) -> tuple[str, str] | None:
    """The verdict and message of the first trap the answer fell into, if any."""
    for n, trap in enumerate(ex.traps):
        verdict, message = trap.get("verdict", "wrong"), trap.get("message", "")
        if "data" not in trap and "answer" not in trap:  # any wrong answer
            return verdict, message
        candidates = stored_trap(ex.id, n, ex.folder) if "data" in trap else [trap["answer"]]
        for candidate in candidates:
            value, said = candidate if isinstance(candidate, tuple) else (candidate, None)
            try:
                read = _READERS[ex.kind](ex, value)
            except (_Unreadable, BadDateError):
                continue
            if read == given and read != wanted:
                return verdict, said or message
    return None


def _sets_differ(ex: Exercise, given: frozenset, wanted: frozenset) -> tuple[str, str]:
    missing, extra = len(wanted - given), len(given - wanted)
    what = " and ".join(f"{_plural(n, ex.noun)} {how}" for n, how in
                        ((missing, "missing"), (extra, "too many")) if n)
    if missing + extra == 1:
        return "nearly", f"Almost: {what}. Look again at the rows you kept."
    return "wrong", f"{what[0].upper()}{what[1:]}. Check the condition you filtered on."


_LEVELS = {"year": 0, "month": 1, "day": 2}


def _same_date(given: tuple, wanted: tuple) -> bool:
    """Right to the precision the data give (a full date is right where a year is asked)."""
    (day, precision), (right, need) = given, wanted
    parts = _LEVELS[need] + 1
    return _LEVELS[precision] >= _LEVELS[need] and (
        (day.year, day.month, day.day)[:parts] == (right.year, right.month, right.day)[:parts])


def _dates_differ(ex: Exercise, given: tuple, wanted: tuple) -> tuple[str, str]:
    (day, precision), (right_day, wanted_precision) = given, wanted
    need, have = _LEVELS[wanted_precision], _LEVELS[precision]
    same = [day.year == right_day.year, day.month == right_day.month, day.day == right_day.day]
    if have < need and all(same[: have + 1]):
        return "nearly", f"Right as far as it goes: give the full date (to the {wanted_precision})."
    if have == need and abs(day.year - right_day.year) == 1 and all(same[1: need + 1]):
        return "nearly", "Right day and month, but one year off: check the year you took."
    if same[0] and same[1]:
        if abs((day - right_day).days) <= 3:
            return "nearly", "Right year and month, and only a few days off: check the row."
        return "wrong", "Right year and month, but not the right day: check which row you took."
    if same[0]:
        return "wrong", ("Right year, but not the right month." if need >= 1 else
                         "Right year, but not the right date.")
    return "wrong", "Not in that year. Look again at the dates in the table."


def _check_written(ex: Exercise, answer: Any, model: Any) -> tuple[str, str]:
    if _placeholder(answer):
        return "wrong", ("Replace ... with your answer: write it between the triple quotes "
                         "(in place of ... if it is there), then run the cell again.")
    if not isinstance(answer, str):
        raise _Unreadable(f"your answer is {shown(answer)}, not text; write two or three "
                          'sentences in quotes, like answer = "The CSTO ...".')
    words = len(answer[:MAX_TEXT].split())
    if words < ex.min_words:
        return "wrong", (f"Write a little more: your answer has {_plural(words, 'word')}; "
                         f"aim for at least {ex.min_words} (two or three sentences).")
    rubric = " ".join(f"({i}) {c}" for i, c in enumerate(ex.rubric, 1))
    return "noted", (f"Written answers are not graded: compare yours with a model answer. "
                     f"Model answer: {model.strip()} Check yourself: {rubric}")


def _compare_prediction(ex: Exercise, expected: Any) -> str:
    guess, wanted = _PREDICTIONS[ex.id], _READERS[ex.kind](ex, expected)
    plain = [sorted(v) if isinstance(v, frozenset) else int(v) if isinstance(v, float)
             and v.is_integer() else v for v in (wanted, guess)]
    said = f"The data show {shown(plain[0])}; you predicted {shown(plain[1])}"
    if guess == wanted:
        return f"{said}: exactly right."
    if ex.kind == "number" and ex.close and abs(guess - wanted) <= ex.close * abs(wanted):
        return f"{said}: close."
    way = "higher" if ex.kind == "number" and wanted > guess else "lower"
    unlike = f"the data are {way} than you expected" if ex.kind == "number" else "not as expected"
    return f"{said}: {unlike}. What did you assume that the data do not show?"


#: Every exercise, keyed by id ("01-signatories"); a lesson's declarations are read when one of
#: its ids is first used, so ``import csto`` reads no exercise file.
EXERCISES = Exercises()
