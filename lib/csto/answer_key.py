"""The answer key: what each worked solution computes, stored ahead so that ``check`` runs none.

``tools/answer_key.py`` (part of ``make execute``) runs the worked solutions and the data traps
of ``traps.py`` once, on the teacher's machine, and writes one reviewed file per lesson,
``notebooks/solutions/NN-lesson.key.json``: each exercise's answer (as its kind reads it), the
values of its data traps, and fingerprints of the lesson's solution files and of the data files
its solutions read (so a new reading in readings.csv leaves the other lessons' keys as they are).
``check`` reads that file and nothing else; if the data have changed since the key was made,
it says so instead of judging against an old answer.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .errors import CstoError
from .paths import SOLUTIONS, cached, data_dir, lessons, read_text

#: Bumped when the layout of a key file changes (an older key is then rebuilt).
VERSION = 1
REBUILD = "a teacher rebuilds it with `make execute` (or python tools/answer_key.py)"


class AnswerKeyError(CstoError):
    """The answer key is missing, unreadable or older than the data: the teacher's to fix."""


def key_path(prefix: str, folder: Path = SOLUTIONS) -> Path:
    """Where lesson ``prefix``'s key lives: beside its declarations, named after the lesson."""
    return folder / f"{lessons()[prefix].stem}.key.json"


def _digest(texts: list[tuple[str, str]]) -> str:
    """A SHA-256 of named texts, line endings made Unix (a Windows checkout hashes the same)."""
    sha = hashlib.sha256()
    for name, text in texts:
        sha.update(f"{name}\0{text.replace(chr(13) + chr(10), chr(10))}\0".encode())
    return sha.hexdigest()


@cached
def file_fingerprint(rel: str) -> str:
    """A SHA-256 of one file of the data folder ("membership_events.csv"), or "missing"."""
    path = data_dir() / rel
    if not path.is_file():
        return "missing"
    return _digest([(rel, read_text(path))])


def data_fingerprint(files: list[str]) -> dict[str, str]:
    """The fingerprint of each data file an answer key was computed from."""
    return {rel: file_fingerprint(rel) for rel in sorted(files)}


def solutions_fingerprint(prefix: str, folder: Path = SOLUTIONS) -> str:
    """A SHA-256 of a lesson's declarations and worked solutions, and of traps.py."""
    files = sorted(folder.glob(f"{prefix}-*.toml")) + sorted(folder.glob(f"{prefix}-*.py"))
    files += [folder / "traps.py"] if (folder / "traps.py").is_file() else []
    return _digest([(p.name, p.read_text(encoding="utf-8")) for p in files])


@cached
def read_key(prefix: str, folder: Path = SOLUTIONS) -> dict[str, Any]:
    """The stored key of one lesson, checked for its form (AnswerKeyError if unusable)."""
    path = key_path(prefix, folder)
    try:
        key = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnswerKeyError(f"Lesson {prefix} has no answer key ({path.name} is missing), so "
                             f"check cannot judge its answers: {REBUILD}.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnswerKeyError(f"The answer key {path.name} cannot be read ({exc}), so check "
                             f"cannot judge lesson {prefix}'s answers: {REBUILD}.") from None
    if not (isinstance(key, dict) and key.get("version") == VERSION
            and isinstance(key.get("answers"), dict) and isinstance(key.get("traps"), dict)
            and isinstance(key.get("data"), dict)):
        raise AnswerKeyError(f"The answer key {path.name} is not in the form check reads "
                             f"(version {VERSION}, with answers, traps and data): {REBUILD}.")
    return key


def _fresh_key(prefix: str, folder: Path) -> dict[str, Any]:
    key = read_key(prefix, folder)
    changed = [rel for rel, sha in key["data"].items() if file_fingerprint(rel) != sha]
    if changed:
        raise AnswerKeyError(
            f"The answer key {key_path(prefix, folder).name} was computed from other data than "
            f"the data set in {data_dir()} ({changed[0]} has changed since), so check will not "
            f"judge against it: {REBUILD}.")
    return key


def stored_answer(exercise_id: str, folder: Path = SOLUTIONS) -> Any:
    """The answer the worked solution of ``exercise_id`` computed, as the key stores it."""
    answers = _fresh_key(exercise_id[:2], folder)["answers"]
    if exercise_id not in answers:
        raise AnswerKeyError(f"The answer key {key_path(exercise_id[:2], folder).name} has no "
                             f"answer for {exercise_id} (declared since?): {REBUILD}.")
    return answers[exercise_id]


def stored_trap(exercise_id: str, n: int, folder: Path = SOLUTIONS) -> list[tuple[Any, Any]]:
    """The values (and own messages, or None) of trap ``n`` of an exercise, computed ahead."""
    found = _fresh_key(exercise_id[:2], folder)["traps"].get(exercise_id, {}).get(str(n))
    if not isinstance(found, list) or not all(
            isinstance(c, list) and len(c) == 2 for c in found):
        raise AnswerKeyError(f"The answer key {key_path(exercise_id[:2], folder).name} has no "
                             f"values for trap {n} of {exercise_id}: {REBUILD}.")
    return [(value, message) for value, message in found]
