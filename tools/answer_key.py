"""Compute the answer key of every lesson (or of those named) from its worked solutions.

    python tools/answer_key.py            # every lesson: write notebooks/solutions/NN-*.key.json
    python tools/answer_key.py 07         # one lesson: also the way to check a new declaration
    python tools/answer_key.py --check    # say which keys are stale (exit 1), write nothing

``make execute`` runs it first. It reads each lesson's declarations (``NN-*.toml``), runs each
worked solution ``<id>.py`` and the data traps of ``traps.py`` here, on the teacher's machine,
and stores what they compute as the exercise's kind reads it, with fingerprints of the data files
they read and of the solution files, so that ``check`` in a learner's kernel runs no solution.
A key whose content is unchanged is not rewritten. A mistake gets one sentence naming the file,
the exercise id and the field or line.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import runpy
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import csto
from csto import answer_key, data, exercises, paths
from csto.declarations import DeclarationError, Exercise, load_lesson
from csto.errors import CstoError
from csto.paths import SOLUTIONS, clear_cache, data_dir, lessons
from csto.text import shown

#: Seconds a worked solution or trap may run before it is stopped as looping.
TIMEOUT = 60
_ROUND = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}


@contextlib.contextmanager
def _limited(what: str) -> Iterator[None]:
    """Stop the code inside after ``TIMEOUT`` seconds (where the platform has alarms)."""
    seconds = TIMEOUT
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise TimeoutError(f"{what} ran for more than {seconds} s (a loop that never ends?)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _quiet_checks() -> Iterator[None]:
    """While a solution runs, its own check(), predict() and hint() do nothing (it may name
    exercises not declared yet, and nothing goes to a progress file); its prints are hidden."""
    saved = {name: getattr(csto, name) for name in ("check", "predict", "hint")}
    for name in saved:
        setattr(csto, name, lambda *args, **kwargs: None)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        for name, func in saved.items():
            setattr(csto, name, func)


def solution_value(path: Path, exercise_id: str) -> Any:
    """Run a worked solution and return the answer it passes to ``check`` on its last line."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except SyntaxError as exc:
        raise DeclarationError(f"{path.name}, line {exc.lineno}: this is not valid Python "
                               f"({exc.msg}).") from None
    last = tree.body.pop() if tree.body else None
    call = last.value if isinstance(last, ast.Expr) else None
    if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "check"
            and len(call.args) == 2 and getattr(call.args[0], "value", "") == exercise_id):
        raise DeclarationError(f"{path.name} must end with check({exercise_id!r}, answer).")
    namespace: dict[str, Any] = {"__name__": "__solution__"}
    try:
        with _limited(path.name), _quiet_checks():
            exec(compile(tree, str(path), "exec"), namespace)
            return eval(compile(ast.Expression(call.args[1]), str(path), "eval"), namespace)
    except Exception as exc:  # noqa: BLE001 - any failure of the solution is reported alike
        line = next((f.lineno for f in _frames(exc) if f.filename == str(path)), "?")
        raise DeclarationError(f"{path.name}, line {line}: the worked solution of "
                               f"{exercise_id} failed ({type(exc).__name__}: {exc}).") from None


def _frames(exc: BaseException) -> list[Any]:
    import traceback

    return list(traceback.extract_tb(exc.__traceback__))


def stored_form(ex: Exercise, value: Any, what: str) -> Any:
    """``value`` read as the exercise's kind, as JSON that the same reader reads back alike."""
    if ex.kind == "written":
        if not isinstance(value, str) or not value.strip():
            raise DeclarationError(f"{what} is {shown(value)}, but a written exercise's model "
                                   "answer is text in quotes.")
        return value
    try:
        read = exercises._READERS[ex.kind](ex, value)
    except (exercises._Unreadable, CstoError) as exc:
        raise DeclarationError(f"{what} is {shown(value)}, which a {ex.kind} exercise cannot "
                               f"read: {exc}") from None
    if ex.kind in ("states", "keys"):
        stored: Any = sorted(read)
    elif ex.kind == "date":
        stored = read[0].strftime(_ROUND[read[1]])
    elif ex.kind == "number":
        stored = int(read) if float(read).is_integer() else read
    elif ex.kind == "counts":
        stored = {k: int(v) if float(v).is_integer() else v for k, v in sorted(read.items())}
    else:
        stored = read
    if exercises._READERS[ex.kind](ex, stored) != read:  # never expected: a reader changed
        raise DeclarationError(f"{what}: {shown(stored)} does not read back as {shown(read)}.")
    return stored


def _traps(folder: Path) -> dict[str, Any]:
    if not (folder / "traps.py").is_file():
        return {}
    try:
        with _limited("traps.py"), contextlib.redirect_stdout(io.StringIO()):
            found = runpy.run_path(str(folder / "traps.py")).get("TRAPS", {})
    except Exception as exc:  # noqa: BLE001 - any failure of traps.py is reported alike
        raise DeclarationError(f"traps.py failed when run ({type(exc).__name__}: {exc}).") from None
    if not isinstance(found, dict):
        raise DeclarationError(f"traps.py: TRAPS is {shown(found)}; make it a dict of name: "
                               "function.")
    return found


def _trap_values(ex: Exercise, n: int, trap: dict, functions: dict, wanted: Any) -> list:
    where = f"{ex.source}, [{ex.id}], traps[{n}]"
    name, args = trap["data"], trap.get("args", [])
    if name not in functions:
        raise DeclarationError(f"{where}: data {name!r} is not a function of TRAPS in "
                               f"traps.py; valid: {', '.join(sorted(functions))}.")
    try:
        with _limited(f"traps.py's {name}"), contextlib.redirect_stdout(io.StringIO()):
            found = functions[name](*args)
    except Exception as exc:  # noqa: BLE001 - any failure of a trap is reported alike
        raise DeclarationError(f"{where}: traps.py's {name}(*{args!r}) failed "
                               f"({type(exc).__name__}: {exc}).") from None
    if not isinstance(found, list) or not found:
        raise DeclarationError(f"{where}: traps.py's {name}(*{args!r}) gave {shown(found)}; "
                               "it must give a list of tempting values (at least one).")
    out = []
    for candidate in found:
        value, said = candidate if isinstance(candidate, tuple) else (candidate, None)
        with contextlib.suppress(DeclarationError):  # a candidate the kind cannot read
            stored = stored_form(ex, value, where)
            if stored != wanted:  # a trap never catches the right answer
                out.append([stored, said if isinstance(said, str) else None])
    return out


@contextlib.contextmanager
def _recording() -> Iterator[set[str]]:
    """The data files read inside (every cache emptied first, so each read is seen)."""
    root, seen = data_dir().resolve(), set()
    real = paths.read_text

    def spy(path: Path) -> str:
        with contextlib.suppress(ValueError):  # a file outside the data folder
            seen.add(Path(path).resolve().relative_to(root).as_posix())
        return real(path)

    clear_cache()
    paths.read_text = data.read_text = spy
    try:
        yield seen
    finally:
        paths.read_text = data.read_text = real
        clear_cache()


def build(prefix: str, folder: Path = SOLUTIONS) -> dict[str, Any]:
    """The answer key of lesson ``prefix`` (DeclarationError with one sentence if it fails)."""
    with _recording() as read:
        key = _computed(prefix, folder)
    key["data"] = answer_key.data_fingerprint(sorted(read))
    return key


def _computed(prefix: str, folder: Path) -> dict[str, Any]:
    declared = load_lesson(prefix, folder)
    functions = _traps(folder) if any("data" in t for e in declared.values()
                                      for t in e.traps) else {}
    answers, traps = {}, {}
    for exercise_id, ex in declared.items():
        path = folder / f"{exercise_id}.py"
        answers[exercise_id] = stored_form(ex, solution_value(path, exercise_id),
                                           f"{path.name}: the answer it computes")
        wanted = answers[exercise_id]
        if ex.kind == "written" and len(wanted.split()) < ex.min_words:
            raise DeclarationError(f"{path.name}: the model answer has {len(wanted.split())} "
                                   f"words, fewer than the {ex.min_words} a learner must write "
                                   f"(min_words in {ex.source}); make it longer.")
        if ex.labels and set(ex.misconceptions) != set(ex.options) - {wanted}:
            raise DeclarationError(f"{ex.source}, [{ex.id}]: give a misconception for every "
                                   f"wrong option (all but {wanted!r}, the answer) and none for "
                                   "the right one.")
        for n, trap in enumerate(ex.traps):
            if "data" in trap:
                traps.setdefault(exercise_id, {})[str(n)] = _trap_values(
                    ex, n, trap, functions, wanted)
            elif "answer" in trap:
                stored_form(ex, trap["answer"], f"{ex.source}, [{exercise_id}], traps[{n}]: "
                            "the answer")
    return {"about": "Computed by tools/answer_key.py (make execute) from the worked solutions "
                     "beside it; do not edit by hand.",
            "version": answer_key.VERSION, "lesson": prefix,
            "solutions": answer_key.solutions_fingerprint(prefix, folder),
            "answers": answers, "traps": traps}


def text_of(key: dict[str, Any]) -> str:
    return json.dumps(key, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def write(prefix: str, folder: Path = SOLUTIONS) -> bool:
    """Write lesson ``prefix``'s key if its content changed; True if it was written."""
    clear_cache()
    text = text_of(build(prefix, folder))
    path = answer_key.key_path(prefix, folder)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    clear_cache()
    return True


def stale(folder: Path = SOLUTIONS) -> list[str]:
    """A sentence for each lesson whose key is missing or older than its data or solutions."""
    out = []
    for prefix in lessons():
        path = answer_key.key_path(prefix, folder)
        try:
            key = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            out.append(f"{path.name} is missing or unreadable")
            continue
        data = key.get("data") if isinstance(key.get("data"), dict) else {"?": ""}
        changed = [rel for rel, sha in data.items() if answer_key.file_fingerprint(rel) != sha]
        if changed:
            out.append(f"{path.name} was computed from other data ({changed[0]} has changed)")
        elif key.get("solutions") != answer_key.solutions_fingerprint(prefix, folder):
            out.append(f"{path.name} was computed from other solutions or declarations")
    return out


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        found = stale()
        for line in found:
            print(f"{line}: run `make execute` (or python tools/answer_key.py).")
        return 1 if found else 0
    unknown = [a for a in argv if a not in lessons()]
    if unknown:
        print(f"{unknown[0]!r} is not a lesson number; valid: {', '.join(lessons())}.")
        return 2
    failed = 0
    for prefix in argv or list(lessons()):
        try:
            changed = write(prefix)
        except CstoError as exc:
            print(f"lesson {prefix}: {exc}")
            failed += 1
            continue
        path = answer_key.key_path(prefix)
        print(f"{'wrote' if changed else 'unchanged'} {path.relative_to(SOLUTIONS.parent.parent)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
