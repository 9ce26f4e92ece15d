"""csto: the helper package of the CSTO teaching collection.

Load the sourced data set and ask it questions::

    from csto import load, members_on, timeline, crises
    members_on("2000-01-01")          # parties to the treaty on that day
    timeline(category="crisis")        # dated events of one kind
    crises(response="declined")        # how the organisation answered

Every public name is documented: type ``members_on?`` in a notebook to read how to use it.

Importing csto loads its small pandas-based core (loading, names, dates, queries, sources),
so that the first question is quick; it reads no data, and imports no map, chart or widget
library (folium, matplotlib, ipywidgets), until a function that needs them is called.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it (imported on first use)
_EXPORTS: dict[str, str] = {
    # loading
    "load": "data", "table_names": "data", "schema": "data", "as_of": "data",
    "clear_cache": "data", "data_dir": "paths",
    # names and dates
    "state_code": "names", "state_name": "names", "parse_date": "dates",
    # queries
    "membership_spells": "queries", "status_on": "queries", "members_on": "queries",
    "status_table": "queries", "timeline": "queries", "crises": "queries",
    "kazakhstan_days": "queries", "kazakhstan_figures": "queries",
    "kazakhstan_contingent": "queries", "kazakhstan_sites": "queries", "claims": "queries",
    "alliance_codings": "queries", "member_years": "queries",
    "member_years_table": "queries", "STATUSES": "queries",
    "STATUS_LABELS": "queries",
    # sources
    "cite": "sources", "source_ids": "sources", "bibliography": "sources",
    "show_sources": "sources",
    # errors
    "CstoError": "errors", "UnknownStateError": "errors", "BadDateError": "errors",
    "UnknownNameError": "errors", "DataFileError": "errors",
    # widgets (ipywidgets, imported when an explorer is built) and the plain views behind them
    "membership_explorer": "widgets", "membership_view": "widgets",
    "crisis_explorer": "widgets", "crisis_options": "widgets", "crisis_card": "widgets",
    "kazakhstan_stepper": "widgets", "kazakhstan_day": "widgets",
    # checked exercises (the install check is the module csto.doctor)
    "check": "exercises", "show_exercise": "exercises", "list_exercises": "exercises",
    "hint": "exercises",
    # maps (folium, offline) and charts (matplotlib)
    "membership_map": "maps", "crisis_map": "maps", "kazakhstan_map": "maps",
    "membership_chart": "charts", "member_years_chart": "charts",
    "kazakhstan_figures_chart": "charts", "save_chart": "charts",
}

__all__ = sorted(_EXPORTS)

# The core every lesson uses: cheap (pandas and the standard library), so import it now.
from . import data, dates, errors, names, paths, queries, sources  # noqa: E402, F401, I001

errors.show_short_errors()


#: submodules reached as attributes (``csto.doctor.report()``), imported on first use
_SUBMODULES = ("doctor", "exercises", "maps", "charts", "widgets")


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return import_module(f"csto.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'csto' has no attribute {name!r}")
    value = getattr(import_module(f"csto.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names (what `dir(csto)` and tab completion show)."""
    return sorted(set(__all__) | set(_SUBMODULES) | {"data", "__version__"})
