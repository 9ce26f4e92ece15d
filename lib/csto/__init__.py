"""csto: the helper package of the CSTO teaching collection.

Load the sourced data set and ask it questions::

    from csto import load, members_on, timeline, crises
    members_on("2000-01-01")          # parties to the treaty on that day
    timeline(category="crisis")        # dated events of one kind
    crises(response="declined")        # how the organisation answered

Every public name is documented: type ``members_on?`` in a notebook to read how to use it.
``__all__`` holds what the lessons use; the modules hold more (``csto.queries``,
``csto.maps``...), and ``python -m csto.doctor`` checks an installation.

Importing csto is quick: the map, chart and widget libraries (folium, matplotlib, ipywidgets)
are imported only when a function that needs them is called.
"""

from __future__ import annotations

from . import errors, tables
from .article import documents, evidence, review_verdicts, theses, verdict_sheet
from .charts import kazakhstan_figures_chart, member_years_chart, membership_chart
from .data import as_of, load, table_names
from .errors import CstoError
from .exercises import check, hint, predict
from .handin import hand_in, my_progress
from .maps import alliance_map, crisis_map, kazakhstan_map, membership_map
from .names import state_code, state_name
from .queries import (
    alliance_codings,
    alliance_members,
    alliances,
    claims,
    crises,
    crisis_counts,
    interventions,
    kazakhstan_contingent,
    kazakhstan_days,
    kazakhstan_figures,
    kazakhstan_sites,
    member_years,
    member_years_table,
    members_on,
    membership_spells,
    status_on,
    status_table,
    timeline,
)
from .sources import cite, perspectives, show_readings, show_sources
from .widgets import crisis_explorer, kazakhstan_stepper, membership_explorer

try:  # the one version number is pyproject.toml's (tests/test_release.py)
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _version

    __version__ = _version("csto")
except PackageNotFoundError:  # csto imported from a folder without installing it
    __version__ = "0+unknown"

__all__ = [
    "CstoError", "alliance_codings", "alliance_map", "alliance_members", "alliances", "as_of",
    "check", "cite", "claims", "crises", "crisis_counts", "crisis_explorer", "crisis_map",
    "documents", "evidence", "hand_in", "hint", "interventions", "kazakhstan_contingent",
    "kazakhstan_days", "kazakhstan_figures", "kazakhstan_figures_chart", "kazakhstan_map",
    "kazakhstan_sites", "kazakhstan_stepper", "load", "member_years", "member_years_chart",
    "member_years_table", "members_on", "membership_chart", "membership_explorer",
    "membership_map", "membership_spells", "my_progress", "perspectives", "predict",
    "review_verdicts", "show_readings", "show_sources", "state_code", "state_name", "status_on",
    "status_table", "table_names", "theses", "timeline", "verdict_sheet",
]

errors.show_short_errors()
tables.show_tables_in_scrolling_boxes()
