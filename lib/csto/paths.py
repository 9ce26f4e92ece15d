"""Where the data (``$CSTO_DATA``, else the repository's ``data/``) and the lessons live, what
the data package says of itself, and the caches that ``csto.clear_cache`` empties."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from .errors import CstoError, DataFileError
from .text import shown

ENV_VAR = "CSTO_DATA"
REPO = Path(__file__).resolve().parent.parent.parent
_REPO_DATA = REPO / "data"
#: The lesson notebooks, worked solutions and teachers' pages of the repository.
NOTEBOOKS = REPO / "notebooks"
SOLUTIONS = NOTEBOOKS / "solutions"
TEACHERS = REPO / "teachers"

_CACHED: list[Any] = []


def cached(func: Callable) -> Callable:
    """Return ``functools.cache(func)``, registered so that ``clear_cache`` empties it."""
    _CACHED.append(cache(func))
    return _CACHED[-1]


def clear_cache() -> None:
    """Forget every table, shape and lookup read so far (after editing a file in ``data/`` in a
    running session, or after pointing ``CSTO_DATA`` at another copy)."""
    for func in _CACHED:
        func.cache_clear()


def lessons() -> dict[str, Path]:
    """Return the lessons, the one list of them: ``{"00": notebooks/00-....ipynb, ...}``.

    >>> list(lessons())[0]
    '00'
    """
    return {p.name[:2]: p for p in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))}


def data_dir() -> Path:
    """Return the folder holding ``datapackage.json``; CstoError names where it looked."""
    env = os.environ.get(ENV_VAR)
    places = {Path(env).expanduser(): f"from {ENV_VAR}"} if env else {}
    places[_REPO_DATA] = "the repository's data folder"
    for folder in places:
        if (folder / "datapackage.json").is_file():
            return folder
    tried = " and in ".join(f"{folder} ({why})" for folder, why in places.items())
    raise CstoError(f"Could not find the CSTO data set (datapackage.json): looked in {tried}. "
                    f"Set {ENV_VAR} to the folder that holds datapackage.json, or run from a "
                    "clone of the repository after `make lab`.")


def read_text(path: Path) -> str:
    """Return the text of a data file; DataFileError names the file and line of what breaks
    it (missing, not UTF-8, a byte-order mark, a NUL byte)."""
    try:
        raw = path.read_bytes()
    except OSError:
        raise DataFileError(f"{path.name} is missing from {path.parent} (or unreadable), but "
                            "datapackage.json lists it: restore it (from git).") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataFileError(f"{path.name}, line {line}: the byte {raw[exc.start]:#04x} is not "
                            "UTF-8 text; save the file as UTF-8.") from None
    if text.startswith("\ufeff"):
        raise DataFileError(f"{path.name} starts with a byte-order mark (BOM); save it as UTF-8 "
                            "without BOM.")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DataFileError(f"{path.name}, line {line}: holds a NUL byte, which a text file "
                            "never does; remove it.")
    return text


def inside(root: Path, rel: object, what: str) -> Path:
    """Return ``root / rel``, refusing a path that leaves the data folder (``..``, absolute)."""
    if not isinstance(rel, str) or not (root / rel).resolve().is_relative_to(root.resolve()):
        raise DataFileError(f"datapackage.json: the {what} {shown(rel)} is not a path inside the "
                            "data folder; write it relative to that folder, without '..'.")
    return root / rel


def _json(path: Path) -> Any:
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path.name}, line {exc.lineno}, column {exc.colno}: this is not "
                            f"valid JSON ({exc.msg}); look for a missing comma, quote or "
                            "bracket there.") from None


@cached
def package() -> dict[str, Any]:
    """Return the data package descriptor (``datapackage.json``) with every schema filled in."""
    root = data_dir()
    desc = _json(root / "datapackage.json")
    resources = desc.get("resources") if isinstance(desc, dict) else None
    if not isinstance(resources, list) or not all(
            isinstance(r, dict) and isinstance(r.get("name"), str) for r in resources):
        raise DataFileError("datapackage.json: 'resources' must be a list of tables, each with "
                            "a name, a path and a schema.")
    try:
        dt.date.fromisoformat(desc.get("as_of"))
    except (TypeError, ValueError):
        raise DataFileError(f"datapackage.json: 'as_of' is {shown(desc.get('as_of'))}, but it "
                            "must be a date written YYYY-MM-DD.") from None
    names = [r["name"] for r in resources]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DataFileError(f"datapackage.json: the resource {twice[0]!r} is listed twice; list "
                            "each table once.")
    for res in resources:
        inside(root, res.get("path"), f"path of {res['name']!r}")
        res["schema_file"] = res.get("schema") if isinstance(res.get("schema"), str) else (
            "datapackage.json")
        if not isinstance(res.get("schema"), dict):
            res["schema"] = _json(inside(root, res.get("schema"), f"schema of {res['name']!r}"))
        if not isinstance(res["schema"], dict) or not isinstance(
                res["schema"].get("fields"), list):
            raise DataFileError(f"The schema of {res['name']!r} has no list of 'fields'.")
    return desc


def as_of() -> dt.date:
    """Return the last day the data set covers (``as_of`` in datapackage.json).

    >>> as_of().year >= 2026
    True
    """
    return dt.date.fromisoformat(package()["as_of"])
