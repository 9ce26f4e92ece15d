"""The exercises a teacher declares, read lesson by lesson when first used.

Each lesson declares its checked exercises in ``notebooks/solutions/NN-lesson.toml``, one table
per id, with the fields of ``FIELDS``: ``title``, ``question``, ``kind`` (of ``KINDS``),
``hints`` (gentlest first); ``traps``, tempting answers with a ``message`` (an ``answer``,
``data`` naming a function in ``traps.py`` with ``args``, or neither for any wrong answer;
``verdict`` "wrong" or "nearly"); ``options`` (a list, the name of a set in ``OPTION_SETS``, or
``a``..``d`` = text with ``misconceptions`` for every wrong letter), ``aliases``, ``noun``,
``column``, ``close`` (a fraction from 0 to 1); ``predict = true``; ``rubric``, ``min_words``
(written answers); ``shown_before`` (why tools/lesson_report.py may find the answer earlier).

Nothing here runs code: a declaration is data. A mistake in one is refused with one sentence
naming the file, the exercise id and the field, and stops only that lesson's exercises.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import queries
from .errors import CstoError, unknown
from .paths import SOLUTIONS, lessons
from .text import shown

#: Kinds of answer an exercise can expect.
KINDS = ("states", "keys", "state", "date", "number", "choice", "counts", "written")
#: Option sets a declaration may name (``options = "STATUSES"``) instead of listing them.
OPTION_SETS: dict[str, tuple[str, ...]] = {"STATUSES": tuple(queries.STATUSES)}
#: The fields of a declaration and the TOML type of each (a table is a dict).
FIELDS: dict[str, Any] = {
    "title": str, "question": str, "kind": str, "noun": str, "column": str,
    "shown_before": str, "hints": list, "traps": list, "rubric": list,
    "options": (list, dict, str), "misconceptions": dict, "aliases": dict,
    "close": (int, float), "predict": bool, "min_words": int}
REQUIRED = ("title", "question", "kind", "hints")
#: Bounds of the numeric fields: a near miss within ``close`` of the answer (a fraction).
BOUNDS = {"close": (0, 1), "min_words": (1, 300)}
TRAP_FIELDS = ("answer", "data", "args", "message", "verdict")
_TOML = {str: "text in quotes", list: "a list [...]", dict: "a table", int: "a whole number",
         bool: "true or false", (int, float): "a number", (list, dict, str): "a list or a table"}


class DeclarationError(CstoError):
    """A lesson's exercise declarations that cannot be used: the sentence names the place."""


@dataclass(frozen=True, eq=False)
class Exercise:
    """One checked exercise; its repr shows the question, never the answer."""

    id: str
    title: str
    question: str
    kind: str
    folder: Path = field(repr=False)
    hints: tuple[str, ...] = ()
    traps: tuple[Mapping[str, Any], ...] = field(default=(), repr=False)
    options: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)  # multiple choice: letter -> text
    misconceptions: Mapping[str, str] = field(default_factory=dict, repr=False)
    aliases: Mapping[str, str] = field(default_factory=dict)
    noun: str = "item"
    column: str | None = None
    close: float = 0.10
    predict: bool = False
    rubric: tuple[str, ...] = ()
    min_words: int = 15
    shown_before: str = ""
    source: str = field(default="", repr=False)  # the declaration file, for teachers' messages

    @property
    def lesson(self) -> str:
        """The lesson this exercise belongs to, e.g. "01-origins"."""
        return lessons()[self.id[:2]].stem

    def __repr__(self) -> str:  # print() shows the same
        shown_ = [f"{o}) {self.labels[o]}" if o in self.labels else o for o in self.options]
        how = f" Choose one of: {', '.join(shown_)}." if self.options else ""
        if self.predict:
            how += f" First record a guess with predict({self.id!r}, guess)."
        return (f"Exercise {self.id} ({self.lesson}): {self.title}\n{self.question}{how} Check "
                f"with check({self.id!r}, answer); ask for a hint with hint({self.id!r}); see a "
                f"worked solution with %load solutions/{self.id}.py")


def _texts(where: str, key: str, value: Any, mapping: bool = False) -> None:
    """Refuse a list (or table) field holding anything but text."""
    items = value.items() if mapping else enumerate(value)
    for k, v in items:
        if not isinstance(v, str) or not v.strip():
            raise DeclarationError(f"{where}: {key}[{k!r}] cannot be {shown(v)}; give text in "
                                   "quotes (not empty).")


def _check_field(where: str, key: str, value: Any) -> None:
    if key not in FIELDS:
        raise DeclarationError(f"{where}: {unknown('exercise field', key, FIELDS)}")
    want = FIELDS[key]
    if not isinstance(value, want) or isinstance(value, bool) and want is not bool:
        raise DeclarationError(f"{where}: {key} cannot be {shown(value)}; give {_TOML[want]}.")
    if key in BOUNDS and not BOUNDS[key][0] <= value <= BOUNDS[key][1]:
        low, high = BOUNDS[key]
        raise DeclarationError(f"{where}: {key} cannot be {shown(value)}; give a number from "
                               f"{low} to {high}.")
    if key in ("hints", "rubric") or key == "options" and isinstance(value, list):
        _texts(where, key, value)
    if key in ("misconceptions", "aliases") or key == "options" and isinstance(value, dict):
        _texts(where, key, value, mapping=True)
    if key == "options" and isinstance(value, str) and value not in OPTION_SETS:
        raise DeclarationError(f"{where}: {unknown('name of options', value, OPTION_SETS)}")
    if key in ("title", "question", "kind") and not value.strip():
        raise DeclarationError(f"{where}: {key} is empty; write it in quotes.")


def _check_trap(where: str, n: int, trap: Any) -> None:
    if not isinstance(trap, dict):
        raise DeclarationError(f"{where}: each trap is a table, like {{answer = 4, message = "
                               f"\"...\"}}, not {shown(trap)}.")
    place = f"{where}, traps[{n}]"
    for key in trap:
        if key not in TRAP_FIELDS:
            raise DeclarationError(f"{place}: {unknown('trap field', key, TRAP_FIELDS)}")
    if not isinstance(trap.get("message", ""), str) or "data" not in trap and not str(
            trap.get("message", "")).strip():
        raise DeclarationError(f"{place}: a trap needs a message in quotes (what to tell the "
                               "learner who gives that answer; a data trap may give its own).")
    if trap.get("verdict", "wrong") not in ("wrong", "nearly"):
        said = unknown("verdict", trap["verdict"], ["wrong", "nearly"])
        raise DeclarationError(f"{place}: {said}")
    if "data" in trap and not (isinstance(trap["data"], str) and trap["data"].isidentifier()):
        raise DeclarationError(f"{place}: data cannot be {shown(trap['data'])}; give the name of "
                               "a function of TRAPS in traps.py, in quotes.")
    if not isinstance(trap.get("args", []), list):
        raise DeclarationError(f"{place}: args cannot be {shown(trap['args'])}; give a list "
                               "[...].")


def place(exercise_id: str) -> str:
    """How a message names an exercise: [01-signatories], or an odd id by its repr, shortened."""
    return f"[{exercise_id}]" if re.fullmatch(r"[\w.-]{1,60}", exercise_id) else (
        f"[{shown(exercise_id)}]")


def _exercise(path: Path, exercise_id: str, table: Any, folder: Path) -> Exercise:
    """One declaration checked and turned into an Exercise (DeclarationError if wrong)."""
    where = f"{path.name}, {place(exercise_id)}"
    prefix = path.name[:2]
    if not re.fullmatch(rf"{prefix}-[a-z0-9]+(-[a-z0-9]+)*", exercise_id):
        raise DeclarationError(
            f"{where}: the exercise id must start with this lesson's number ({prefix}-) and go "
            f"on in lower-case letters, digits and hyphens, like {prefix}-first-day (ids of "
            "another lesson go in that lesson's .toml file).")
    if not isinstance(table, dict):
        raise DeclarationError(f"{where}: an exercise is a table of fields (title = \"...\" on "
                               f"the lines under [{exercise_id}]), not {shown(table)}.")
    for key, value in table.items():
        _check_field(where, key, value)
    for key in REQUIRED:
        if key not in table:
            raise DeclarationError(f"{where}: {key} is missing; every exercise needs "
                                   f"{', '.join(REQUIRED)}.")
    if table["kind"] not in KINDS:
        raise DeclarationError(f"{where}: {unknown('exercise kind', table['kind'], KINDS)}")
    for n, trap in enumerate(table.get("traps", [])):
        _check_trap(where, n, trap)
    labels = table.get("options") if isinstance(table.get("options"), dict) else {}
    wrong = set(table.get("misconceptions", {})) - set(labels)
    if wrong:
        raise DeclarationError(f"{where}: misconceptions name {sorted(wrong)}, which are not "
                               f"options; give one for each wrong letter of {sorted(labels)}.")
    if table["kind"] == "choice" and "options" not in table:
        raise DeclarationError(f"{where}: a choice exercise needs options (a list, or "
                               "a = \"...\", b = \"...\" under [id.options]).")
    if not (folder / f"{exercise_id}.py").is_file():
        raise DeclarationError(f"{where} has no worked solution: write {exercise_id}.py beside "
                               "it.")
    kw = {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}
    if isinstance(table.get("options"), str):  # a named set: "STATUSES"
        kw["options"] = OPTION_SETS[table["options"]]
    if labels:  # multiple choice: a = "...", b = "..."
        kw.update(options=tuple(labels), labels=labels, aliases={v: k for k, v in labels.items()})
    return Exercise(id=exercise_id, folder=folder, source=path.name, **kw)


def read_toml(path: Path) -> dict[str, Any]:
    """The tables of one declaration file; DeclarationError names the file and line."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise DeclarationError(f"{path.name} is not UTF-8 text; save it as UTF-8.") from None
    except OSError as exc:
        raise DeclarationError(f"{path.name} cannot be read ({exc.strerror}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise DeclarationError(f"{path.name} is not valid TOML: {exc}. Fix that line (a "
                               "missing quote, bracket or comma?).") from None


def load_lesson(prefix: str, folder: Path = SOLUTIONS) -> dict[str, Exercise]:
    """The exercises of one lesson ("01"), from every ``folder/01-*.toml``, by id."""
    out: dict[str, Exercise] = {}
    where: dict[str, str] = {}
    for path in sorted(folder.glob(f"{prefix}-*.toml")):
        for exercise_id, table in read_toml(path).items():
            if exercise_id in out:
                raise DeclarationError(f"{path.name}, {place(exercise_id)}: this id is declared "
                                       f"twice (also in {where[exercise_id]}); give each "
                                       "exercise an id of its own.")
            out[exercise_id] = _exercise(path, exercise_id, table, folder)
            where[exercise_id] = path.name
    return out


def load_exercises(folder: Path = SOLUTIONS) -> dict[str, Exercise]:
    """Every lesson's exercises in ``folder``, by id (the first broken lesson raises)."""
    stray = [p.name for p in folder.glob("[0-9][0-9]-*.toml") if p.name[:2] not in lessons()]
    if stray:
        raise DeclarationError(f"{stray[0]}: there is no lesson {stray[0][:2]} (no notebook "
                               f"notebooks/{stray[0][:2]}-*.ipynb); name the file after the "
                               f"lesson it belongs to ({', '.join(lessons())}).")
    return {k: v for prefix in lessons() for k, v in load_lesson(prefix, folder).items()}


class Exercises(MutableMapping[str, Exercise]):
    """Every exercise by id, each lesson read when one of its ids is first asked for.

    A lesson whose declarations are broken raises its DeclarationError for its own ids only;
    ``known()`` lists the ids of the lessons that load. Entries set by hand (tests) win.
    """

    def __init__(self, folder: Path = SOLUTIONS) -> None:
        self.folder = folder
        self._lessons: dict[str, dict[str, Exercise] | DeclarationError] = {}
        self._set: dict[str, Exercise | None] = {}  # None: deleted by hand

    def lesson(self, prefix: str) -> dict[str, Exercise]:
        """The exercises of one lesson (its DeclarationError if its declarations are broken)."""
        if prefix not in self._lessons:
            try:
                self._lessons[prefix] = load_lesson(prefix, self.folder)
            except DeclarationError as exc:
                self._lessons[prefix] = exc
        found = self._lessons[prefix]
        if isinstance(found, DeclarationError):
            raise DeclarationError(str(found))
        return found

    def known(self) -> list[str]:
        """The ids of every lesson whose declarations load (for suggestions)."""
        ids = []
        for prefix in lessons():
            try:
                ids += self.lesson(prefix)
            except DeclarationError:
                continue
        return [i for i in dict.fromkeys(ids + list(self._set)) if self._set.get(i, 1)]

    def __getitem__(self, exercise_id: str) -> Exercise:
        if exercise_id in self._set:
            if self._set[exercise_id] is None:
                raise KeyError(exercise_id)
            return self._set[exercise_id]  # type: ignore[return-value]
        prefix = exercise_id[:2] if isinstance(exercise_id, str) else ""
        if prefix not in lessons():
            raise KeyError(exercise_id)
        return self.lesson(prefix)[exercise_id]

    def __setitem__(self, exercise_id: str, exercise: Exercise) -> None:
        self._set[exercise_id] = exercise

    def __delitem__(self, exercise_id: str) -> None:
        self[exercise_id]  # noqa: B018 - KeyError when absent
        self._set[exercise_id] = None

    def __iter__(self) -> Iterator[str]:
        ids = [i for prefix in lessons() for i in self.lesson(prefix)]
        return iter(i for i in dict.fromkeys(ids + list(self._set)) if self._set.get(i, 1))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, exercise_id: object) -> bool:
        try:
            self[exercise_id]  # type: ignore[index]
        except (KeyError, DeclarationError):
            return False
        return True
