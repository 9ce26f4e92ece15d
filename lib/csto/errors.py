"""Errors that a learner can act on: each says what was wrong and what is valid."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable

from .text import shown


class CstoError(ValueError):
    """Base class for every error raised by the csto package."""


class _Message(KeyError):
    def __str__(self) -> str:  # KeyError would otherwise show the message in quotes
        return str(self.args[0]) if self.args else ""


class UnknownStateError(CstoError, _Message):
    """A state name or code that is not in the data set."""


class BadDateError(CstoError):
    """A date that cannot be read, or that lies outside the data set's range."""


class UnknownNameError(CstoError, _Message):
    """An unknown table, column, category or other name."""


class DataFileError(CstoError):
    """A data file that breaks its schema (bad value, unknown key, missing source)."""


MAX_LISTED = 30  # above this many valid values, name the closest and where the list is


def closest(value: object, options: Iterable[str], n: int = 3) -> list[str]:
    """Return the options that look most like `value` (case-insensitive), best first."""
    lowered = {str(o).lower(): o for o in options}
    text = str(value).lower()
    if not text or len(text) > 100:
        return []
    hits = difflib.get_close_matches(text, list(lowered), n=n, cutoff=0.6)
    hits = hits or [o for o in sorted(lowered) if o.startswith(text)][:n]  # an abbreviation
    return [lowered[h] for h in hits]


def unknown(kind: str, value: object, options: Iterable[str],
            full_list: str | None = None) -> UnknownNameError:
    """Return the error for an unknown name, suggesting the closest valid ones (``full_list``
    says where a list longer than ``MAX_LISTED`` can be read).

    >>> print(unknown("category", "crises", ["crisis", "origins"]))
    'crises' is not a known category. Did you mean 'crisis'? Valid categories: crisis, origins.
    """
    options = sorted(set(map(str, options)))
    near = closest(value, options)
    hint = f" Did you mean {' or '.join(repr(o) for o in near)}?" if near else ""
    what = f"{shown(value)} is not a known {kind}.{hint}"
    if len(options) <= MAX_LISTED:
        return UnknownNameError(f"{what} Valid {_plural(kind)}: {', '.join(options)}.")
    where = (f": {full_list} lists them" if full_list
             else f", from {options[0]!r} to {options[-1]!r}")
    return UnknownNameError(f"{what} There are {len(options)} valid {_plural(kind)}{where}.")


def empty_choice(kind: str, options: Iterable[str]) -> CstoError:
    """Return the error for an empty list given where at least one value is needed.

    >>> print(empty_choice("category", ["crisis", "origins"]))  # doctest: +ELLIPSIS
    The list of categories is empty: give at least one (valid: crisis, origins), or leave ...
    """
    return CstoError(f"The list of {_plural(kind)} is empty: give at least one (valid: "
                     f"{', '.join(map(str, options))}), or leave it out to keep them all.")


def _plural(kind: str) -> str:
    """'category' -> 'categories', 'day of the operation' -> 'days of the operation'."""
    head, sep, tail = kind.partition(" of ")
    if head.endswith("y") and head[-2:-1] not in tuple("aeiou"):
        return head[:-1] + "ies" + sep + tail
    return head + ("es" if head.endswith(("s", "x", "ch", "sh")) else "s") + sep + tail


def show_short_errors() -> None:
    """In Jupyter, show csto's errors as their one sentence (``%tb`` prints the traceback), and
    answer a name not yet defined or a word or date typed without quotes with what to type
    (``csto.kernel``); plain Python: nothing."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    from .kernel import install

    install(shell)
