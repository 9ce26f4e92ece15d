"""Charts of the CSTO data drawn with matplotlib, readable on a projector and in greyscale.

Each function returns a matplotlib ``Figure``. To show it in a notebook, leave it as the last
line of a cell (``fig = membership_chart()`` then ``fig``); to keep it, use
``fig.savefig("chart.png", dpi=150)`` or :func:`save_chart`. The figure is not registered with
``pyplot``, so it appears exactly once, where you ask for it (``plt.show()`` does not show it).

Statuses are told apart by hatching and lightness as well as colour, so the charts still read
when printed in black and white. matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .data import as_of, load
from .errors import CstoError
from .names import state_code
from .queries import STATUSES

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "membership_chart", "kazakhstan_figures_chart", "member_years_chart", "save_chart",
]

#: Key events marked on membership_chart: (``event`` value in membership_events, label).
#: The date is the first day that event happened to any state, read from the data.
KEY_EVENTS: list[tuple[str, str]] = [
    ("entry into force", "Treaty in force"),
    ("lapse", "Lapse"),
    ("charter signed", "CSTO Charter"),
    ("suspension", "Suspension"),
    ("freeze announced", "Freeze"),
]
#: Base font size: large enough to read on a projector.
FONT_SIZE = 15
#: Settings that make saved files the same byte for byte on every run.
_STABLE_RC: dict[str, Any] = {"svg.hashsalt": "csto", "svg.fonttype": "none",
                              "pdf.compression": 6}


def _png_for_display(fig: Figure) -> str:
    """The figure as a base64 PNG for a notebook, drawn once at exactly its own size (not
    cropped to a "tight" box, which would draw it twice)."""
    buffer = io.BytesIO()
    fig.canvas.print_figure(buffer, format="png", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@contextmanager
def _chart(width: float, height: float, source: str) -> Iterator[Figure]:
    """A new figure, drawn inside the block with the charts' font sizes and hatching, with a
    source line below it.

    The figure is made without pyplot (so figures never pile up in memory); IPython is told
    here how to show it as a PNG, which pyplot would otherwise switch on.
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # plain Python: nothing to display into
        shell = None
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, _png_for_display)
    rc = {"font.size": FONT_SIZE, "axes.titlesize": FONT_SIZE + 3, "axes.labelsize": FONT_SIZE,
          "xtick.labelsize": FONT_SIZE - 1, "ytick.labelsize": FONT_SIZE - 1,
          "legend.fontsize": FONT_SIZE - 2, "hatch.color": "#222222", "hatch.linewidth": 1.0,
          **_STABLE_RC}
    with mpl.rc_context(rc):
        fig = Figure(figsize=(width, height), layout="constrained")
        yield fig
        # a figure-level label, so that constrained layout keeps room for it below the legend
        fig.supxlabel(source, x=0.01, ha="left", fontsize=FONT_SIZE - 4, color="#333333")


def _plain(ax: Any, grid: str, color: str = "#cccccc") -> None:
    """No top or right frame; light grid lines across `grid` ("x" or "y"), behind the data."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis=grid, color=color, linewidth=0.6)
    ax.set_axisbelow(True)


def _key_events() -> list[tuple[pd.Timestamp, str]]:
    """(date, label) of each key event, from membership_events; the states it touched are
    named for events that did not concern every state."""
    events = load("membership_events")
    names = load("states").set_index("iso3")["name"]
    out = []
    for event, label in KEY_EVENTS:
        rows = events[events["event"] == event]
        if rows.empty:
            continue
        first = rows["date"].min()
        same_day = rows[rows["date"] == first]
        who = sorted(names[c] for c in same_day["iso3"].unique())
        if len(who) <= 3:
            label = f"{label}: {', '.join(who)}"
        out.append((first, f"{first.year} {label}"))
    return out


def membership_chart(states: str | Iterable[str] | None = None, events: bool = True) -> Figure:
    """One bar per state showing its membership status over time, with key events marked.

    ``states`` is one state or a list (names or ISO codes, as ``csto.state_code`` reads them);
    the default shows every state that ever had a status, in alphabetical order (a list is
    drawn in the order given, from the top). Each coloured stretch is a spell of
    one status (``csto.membership_spells``); a spell still running ends at the data's "as of"
    date. ``events=True`` draws dashed lines at key dates (the treaty's entry into force in
    1994, the 1999 lapse, the 2002 Charter, the 2012 suspension, the 2024 freeze).

    Show the returned figure by leaving it as the last line of a cell.

    >>> fig = membership_chart(["Armenia", "Georgia"], events=False)
    >>> sorted(t.get_text() for t in fig.axes[0].get_yticklabels())
    ['Armenia', 'Georgia']
    """
    from matplotlib.patches import Patch

    from .queries import membership_spells

    spells = membership_spells()
    names = load("states").set_index("iso3")["name"]
    if states is None:
        codes = sorted(spells["iso3"].unique(), key=lambda c: names[c])
    else:
        wanted = [states] if isinstance(states, str) else list(states)
        codes = list(dict.fromkeys(state_code(s) for s in wanted))
    if not codes:
        raise CstoError("states is empty: give at least one state, or None for all.")
    end_of_data = pd.Timestamp(as_of())
    first = pd.Timestamp(year=1992, month=1, day=1)

    source = (f"Source: csto data set, membership_events (as of "
              f"{end_of_data.date().isoformat()}); running spells end at that date.")
    with _chart(14, 2.6 + 0.62 * len(codes) + (0.8 if events else 0), source) as fig:
        ax = fig.add_subplot()
        for row, code in enumerate(reversed(codes)):
            for spell in spells[spells["iso3"] == code].itertuples():
                _, color, hatch = STATUSES[spell.status]
                end = spell.end if pd.notna(spell.end) else end_of_data
                ax.broken_barh([(spell.start, end - spell.start)], (row - 0.36, 0.72),
                               facecolors=color, edgecolor="#222222", linewidth=0.8,
                               hatch=hatch)
        ax.set_yticks(range(len(codes)), [names[c] for c in reversed(codes)])
        ax.set_ylim(-0.7, len(codes) - 0.3)
        ax.set_xlim(first, end_of_data + pd.Timedelta(days=200))
        ax.xaxis_date()
        _plain(ax, "x", "#bbbbbb")
        if events:
            late = first + (end_of_data - first) * 0.75
            for i, (day, label) in enumerate(_key_events()):
                ax.axvline(day, color="#000000", linestyle=(0, (4, 3)), linewidth=1.2)
                right = day > late  # keep labels near the right edge inside the figure
                ax.annotate(label, xy=(day, 1.0), xycoords=("data", "axes fraction"),
                            xytext=(-3 if right else 3, 4 + 20 * (i % 2)),
                            textcoords="offset points", fontsize=FONT_SIZE - 3,
                            ha="right" if right else "left", va="bottom")
        used = set(spells.loc[spells["iso3"].isin(codes), "status"])
        handles = [Patch(facecolor=color, edgecolor="#222222", hatch=hatch, label=label)
                   for s, (label, color, hatch) in STATUSES.items() if s in used]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=3,
                  frameon=False, handleheight=1.4, handlelength=2.6)
        ax.set_title("Membership of the Collective Security Treaty and the CSTO",
                     loc="left", pad=52 if events else 10)
    return fig


_QUALIFIER_WORDS = {"exact": "", "about": "about ", "more than": "more than ", "up to": "up to "}


def kazakhstan_figures_chart(measure: str | Iterable[str] = "deaths") -> Figure:
    """The figures given about the January 2022 operation, as they changed from day to day.

    ``measure`` is one measure of the kz2022_figures table ("deaths", "detentions",
    "personnel deployed"...) or a list of them (one panel each). Each point is labelled with
    its value and the date it was given. Official figures (a government or the CSTO) are
    filled circles joined by a line; figures reported by the media are open squares.

    Show the returned figure by leaving it as the last line of a cell.

    >>> fig = kazakhstan_figures_chart("deaths")
    >>> len(fig.axes)
    1
    """
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.lines import Line2D
    from matplotlib.ticker import StrMethodFormatter

    from .queries import kazakhstan_figures

    measures = [measure] if isinstance(measure, str) else list(dict.fromkeys(measure))
    if not measures:
        raise CstoError("measure is empty: give one measure or a list of measures.")
    table = kazakhstan_figures(measures)  # checks every name against the schema
    source = (f"Source: csto data set, kz2022_figures (as of {as_of().isoformat()}); each "
              "label: value and date given.")
    with _chart(12, 1.6 + 4.2 * len(measures), source) as fig:
        axes = fig.subplots(len(measures), 1, squeeze=False)[:, 0]
        for ax, name in zip(axes, measures, strict=True):
            rows = table[table["measure"] == name].sort_values("as_of", kind="stable")
            ax.set_title(name.capitalize(), loc="left")
            _plain(ax, "y")
            if rows.empty:
                ax.text(0.5, 0.5, f"No figures for {name!r} in the data set.",
                        transform=ax.transAxes, ha="center", va="center")
                ax.set_xticks([])
                ax.set_yticks([])
                continue
            official = rows[rows["status"] == "official"]
            reported = rows[rows["status"] == "reported"]
            ax.plot(official["as_of"], official["value"], color="#000000", linewidth=1.5,
                    marker="o", markersize=10, markerfacecolor="#000000", linestyle="-")
            ax.plot(reported["as_of"], reported["value"], color="#000000", linewidth=0,
                    marker="s", markersize=10, markerfacecolor="#ffffff",
                    markeredgewidth=2)
            for i, rec in enumerate(rows.itertuples()):
                text = (f"{_QUALIFIER_WORDS.get(str(rec.qualifier), '')}{int(rec.value):,}\n"
                        f"{rec.as_of_text}")
                ax.annotate(text, xy=(rec.as_of, rec.value), xytext=(8, 8 if i % 2 else -30),
                            textcoords="offset points", fontsize=FONT_SIZE - 3)
            top = float(rows["value"].max())
            ax.set_ylim(0, top * 1.3 + 1)
            span = rows["as_of"].max() - rows["as_of"].min()
            pad = max(span * 0.15, pd.Timedelta(days=2))
            ax.set_xlim(rows["as_of"].min() - pad, rows["as_of"].max() + pad * 2)
            ax.xaxis_date()
            locator = AutoDateLocator(maxticks=8)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
            ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        handles = [
            Line2D([], [], color="#000000", marker="o", markersize=10, label="official"),
            Line2D([], [], color="#000000", marker="s", markersize=10, linewidth=0,
                   markerfacecolor="#ffffff", markeredgewidth=2, label="reported (media)"),
        ]
        axes[0].legend(handles=handles, loc="upper left", frameon=False)
        fig.suptitle("Kazakhstan, January 2022: figures as they were given", x=0.01,
                     ha="left", fontsize=FONT_SIZE + 3)
    return fig


#: dataset -> (fill colour, hatch) for member_years_chart; lightness differs in greyscale.
CODING_STYLE: dict[str, tuple[str, str]] = {
    "this data set": ("#1f4e8c", ""),
    "ATOP v4.01": ("#f0b27a", "//"),
    "COW v4.1": ("#d9d9d9", ".."),
}


def member_years_chart(first_year: int = 1992, last_year: int = 2012) -> Figure:
    """Member-years per state under each coding (this data set, ATOP v4.01, COW v4.1).

    One group of bars per state; each bar counts the calendar years from ``first_year`` to
    ``last_year`` in which that coding makes the state a member (see
    :func:`csto.queries.member_years`). Hatching tells the codings apart in greyscale.

    >>> from csto.queries import member_years
    >>> fig = member_years_chart()
    >>> len(fig.axes[0].patches) == 3 * len(member_years("COW v4.1"))
    True
    """
    import numpy as np

    from .queries import member_years_table

    table = member_years_table(first_year, last_year)[list(CODING_STYLE)]
    table = table.sort_index(ascending=False)
    source = ("Source: csto data set, alliance_codings (ATOP v4.01, COW v4.1 and this data "
              "set's own spells).")
    with _chart(12, 0.75 * len(table) + 2.5, source) as fig:
        fig.suptitle("Member-years by coding", x=0.01, ha="left", fontsize=FONT_SIZE + 3)
        ax = fig.add_subplot()
        y = np.arange(len(table))
        height = 0.8 / len(CODING_STYLE)
        for i, (dataset, (colour, hatch)) in enumerate(CODING_STYLE.items()):
            offset = (1 - i) * height
            bars = ax.barh(y + offset, table[dataset], height=height, color=colour,
                           hatch=hatch, edgecolor="#222222", linewidth=0.6,
                           label=f"{dataset}\n(total {table[dataset].sum()})")
            ax.bar_label(bars, padding=3, fontsize=FONT_SIZE - 5)
        ax.set_yticks(y, table.index)
        ax.set_xlabel(f"member-years, {first_year}-{last_year}")
        ax.set_xlim(0, last_year - first_year + 3)
        fig.legend(loc="outside right upper", frameon=False, fontsize=FONT_SIZE - 3)
        _plain(ax, "x")
    return fig


#: The file formats save_chart writes, by file name ending, and the metadata each leaves out
#: (dates and program versions differ from run to run).
SAVE_FORMATS: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


def save_chart(fig: Figure, path: str | Path, dpi: int = 150) -> Path:
    """Save a chart so that the same chart gives the same file on every run.

    SVG and PDF files get no creation date and fixed element ids; the format follows the file
    name's ending (``.png``, ``.svg``, ``.pdf``).

    >>> import tempfile, pathlib
    >>> out = save_chart(membership_chart("Belarus", events=False),
    ...                  pathlib.Path(tempfile.mkdtemp()) / "belarus.svg")
    >>> out.read_text().count("Belarus") > 0
    True
    """
    import matplotlib as mpl

    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in SAVE_FORMATS:
        raise CstoError(f"{path.name!r} does not end in a format save_chart writes: use "
                        f"{', '.join('.' + f for f in SAVE_FORMATS)}.")
    with mpl.rc_context(_STABLE_RC):
        fig.savefig(path, dpi=dpi, metadata=SAVE_FORMATS[suffix])
    return path
