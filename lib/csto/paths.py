"""Where the data set and the lessons live, what the data package says of itself, and the
registry of cached values that ``csto.clear_cache`` empties.

The package looks for the folder that holds `datapackage.json`: first in the folder named by
the environment variable ``CSTO_DATA``, then in the repository's own ``data/`` folder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .errors import CstoError

ENV_VAR = "CSTO_DATA"
REPO = Path(__file__).resolve().parent.parent.parent
_REPO_DATA = REPO / "data"
#: The lesson notebooks, worked solutions and teachers' pages of the repository.
NOTEBOOKS = REPO / "notebooks"
SOLUTIONS = NOTEBOOKS / "solutions"
TEACHERS = REPO / "teachers"

F = TypeVar("F", bound=Callable[..., Any])
_CACHED: list[Any] = []


def cached(func: F) -> F:
    """``functools.cache``, registered so that ``clear_cache`` empties it with every other."""
    wrapped = cache(func)
    _CACHED.append(wrapped)
    return wrapped  # type: ignore[return-value]


def clear_cache() -> None:
    """Forget every table, shape and lookup read so far (after editing a file in ``data/`` in a
    running session, or after pointing ``CSTO_DATA`` at another copy)."""
    for func in _CACHED:
        func.cache_clear()


def lessons() -> dict[str, Path]:
    """The lessons, found by file name: lesson number -> notebook (``notebooks/NN-name.ipynb``).

    This is the one list of lessons: tests, the teachers' guide check, the browser stage and the
    bench all read it, so adding a lesson means adding its notebook, teachers' page and solutions.

    >>> list(lessons())[0]
    '00'
    """
    return {p.name[:2]: p for p in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))}


def data_dir() -> Path:
    """Return the folder holding the data set's ``datapackage.json``.

    Raises CstoError, naming every place it looked, when the data cannot be found.
    """
    tried: list[str] = []
    env = os.environ.get(ENV_VAR)
    if env:
        candidate = Path(env).expanduser()
        if (candidate / "datapackage.json").is_file():
            return candidate
        tried.append(f"{candidate} (from {ENV_VAR})")
    if (_REPO_DATA / "datapackage.json").is_file():
        return _REPO_DATA
    tried.append(f"{_REPO_DATA} (the repository's data folder)")
    raise CstoError(
        "Could not find the CSTO data set (datapackage.json): looked in "
        + " and in ".join(tried)
        + f". Set {ENV_VAR} to the folder that holds datapackage.json, or run from a clone "
        "of the repository after `make lab`."
    )


@cached
def package() -> dict[str, Any]:
    """The data package descriptor (``datapackage.json``) with every schema filled in."""
    root = data_dir()
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        if isinstance(res.get("schema"), str):
            res["schema"] = json.loads((root / res["schema"]).read_text(encoding="utf-8"))
    return desc


def as_of() -> dt.date:
    """The last day the data set covers ("as_of" in datapackage.json, the one place it is
    written: lessons, tests and prose read it from there).

    >>> as_of().year >= 2026
    True
    """
    return dt.date.fromisoformat(package()["as_of"])
