"""Errors that a learner can act on: each says what was wrong and what is valid."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable


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


def closest(value: str, options: Iterable[str], n: int = 3) -> list[str]:
    """The options that look most like `value` (case-insensitive), best first."""
    options = list(options)
    lowered = {o.lower(): o for o in options}
    hits = difflib.get_close_matches(value.lower(), list(lowered), n=n, cutoff=0.6)
    if not hits and value:  # an abbreviation: the options that begin with it
        hits = [o for o in sorted(lowered) if o.startswith(value.lower())][:n]
    return [lowered[h] for h in hits]


#: Above this many valid values, an error names the closest ones and says where the full list
#: is, instead of printing every value in one sentence.
MAX_LISTED = 30


def unknown(kind: str, value: object, options: Iterable[str],
            full_list: str | None = None) -> UnknownNameError:
    """Build the error for an unknown name, suggesting the closest valid ones.

    ``full_list`` says where a long list of valid values can be read (for example
    ``"csto.source_ids()"``); it is used when there are more than ``MAX_LISTED`` of them.

    >>> print(unknown("table", "stats", ["states", "sources"]))
    'stats' is not a known table. Did you mean 'states'? Valid tables: sources, states.
    >>> print(unknown("category", "crises", ["crisis", "origins"]))
    'crises' is not a known category. Did you mean 'crisis'? Valid categories: crisis, origins.
    >>> print(unknown("source id", "x", [f"s{i:02}" for i in range(40)], "csto.source_ids()"))
    'x' is not a known source id. There are 40 valid source ids: csto.source_ids() lists them.
    """
    options = sorted(set(map(str, options)))
    near = closest(str(value), options)
    hint = f" Did you mean {' or '.join(repr(o) for o in near)}?" if near else ""
    if len(options) > MAX_LISTED:
        where = (f": {full_list} lists them" if full_list
                 else f", from {options[0]!r} to {options[-1]!r}")
        return UnknownNameError(
            f"{value!r} is not a known {kind}.{hint} There are {len(options)} valid "
            f"{plural_noun(kind)}{where}.")
    return UnknownNameError(
        f"{value!r} is not a known {kind}.{hint} Valid {plural_noun(kind)}: {', '.join(options)}."
    )


def empty_choice(kind: str, options: Iterable[str]) -> CstoError:
    """Build the error for an empty list given where at least one value is needed.

    >>> print(empty_choice("category", ["crisis", "origins"]))  # doctest: +ELLIPSIS
    The list of categories is empty: give at least one (valid: crisis, origins), or leave ...
    """
    return CstoError(f"The list of {plural_noun(kind)} is empty: give at least one (valid: "
                     f"{', '.join(map(str, options))}), or leave it out to keep them all.")


def plural_noun(kind: str) -> str:
    """'table' -> 'tables', 'lesson prefix' -> 'lesson prefixes', 'category' -> 'categories',
    'day of the operation' -> 'days of the operation'.

    >>> [plural_noun(k) for k in ("table", "lesson prefix", "category", "day of the operation")]
    ['tables', 'lesson prefixes', 'categories', 'days of the operation']
    """
    head, sep, tail = kind.partition(" of ")
    if head.endswith("y") and head[-2:-1] not in tuple("aeiou"):
        head = head[:-1] + "ies"
    else:
        head = head + ("es" if head.endswith(("s", "x", "ch", "sh")) else "s")
    return head + sep + tail


def show_short_errors() -> None:
    """In Jupyter (IPython), show csto's own errors as their one-sentence message instead of a
    long traceback through the package's code, and answer the beginner's NameError (a word
    typed without quotes: ``answer = Chisinau``) with what to type. ``%tb`` still prints the
    full traceback.

    Called when csto is imported; does nothing in plain Python.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return

    def _short(shell, etype, evalue, tb, tb_offset=None):  # IPython's handler signature
        if issubclass(etype, NameError) and getattr(evalue, "name", None):
            evalue = etype(f"{evalue}. If you meant the text {evalue.name}, put it in quotes: "
                           f'answer = "{evalue.name}". If {evalue.name} is a variable, run the '
                           "cell that defines it first (Run > Run All Above Selected Cell).")
        shell.showtraceback((etype, evalue, tb), exception_only=True)

    shell.set_custom_exc((CstoError, NameError), _short)
