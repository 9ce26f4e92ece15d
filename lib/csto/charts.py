"""Charts of the CSTO data drawn with matplotlib, readable on a projector and in greyscale.

Each function returns a ``Figure``: leave it as a cell's last line to show it (once: pyplot does
not know it), or save it with ``fig.savefig("chart.png")``. Its text alternative, given to the
notebook with the picture, is ``fig.csto_alt``: a notebook shows the chart as an HTML image
with that text as its ``alt``, so that JupyterLab and the website both give it to a screen
reader. Text from the data is drawn as written.
"""

from __future__ import annotations

import base64
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._leaflet import check_flag, figure_text, require
from .data import as_of, load
from .errors import CstoError
from .names import state_code
from .queries import STATUSES
from .text import esc, shown

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["membership_chart", "kazakhstan_figures_chart", "member_years_chart"]

#: Key events marked on membership_chart: (``event`` value in membership_events, label).
#: The date is the first day that event happened to any state, read from the data.
KEY_EVENTS: list[tuple[str, str]] = [
    ("entry into force", "Treaty in force"),
    ("lapse", "Lapse"),
    ("charter signed", "CSTO Charter"),
    ("suspension", "Suspension"),
    ("freeze announced", "Freeze"),
]
#: Base font size, for a projector; no text in a chart is smaller than SMALL.
FONT_SIZE = 15
SMALL = 12


def _literal(value: object) -> str:
    """Text from the data as matplotlib must get it to draw it as written ("$" escaped)."""
    return str(value).replace("$", r"\$")


def _texts(name: str, value: object) -> list[str]:
    """`value` (one text, or a list, tuple or Series of texts) as a list, or a CstoError."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple | pd.Series) and all(isinstance(v, str) for v in value):
        return list(dict.fromkeys(value))
    raise CstoError(f"{name} must be a text or a list of texts, not {shown(value)}.")


def _png_for_display(fig: Figure) -> tuple[str, dict[str, str]]:
    """The figure as a base64 PNG at exactly its own size, with its text alternative."""
    buffer = io.BytesIO()
    fig.canvas.print_figure(buffer, format="png", metadata={"Software": None})
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    return png, {"alt": getattr(fig, "csto_alt", "A chart")}


def _html_for_display(fig: Figure) -> str:
    """The figure as a notebook shows it: an HTML image (the PNG, scaled down to fit a narrow
    or zoomed window) whose ``alt`` is the whole text alternative. JupyterLab ignores the alt
    of a bare PNG output; it reads this one, and so does the website. The text stays in the
    alt, not on the page: a sighted reader has the picture, and words under it would show an
    exercise's answer before its question (tools/lesson_report.py)."""
    png, meta = _png_for_display(fig)
    width = round(fig.get_size_inches()[0] * fig.dpi)
    return (f'<img class="csto-chart" src="data:image/png;base64,{png}" '
            f'alt="{esc(meta["alt"])}" width="{width}" style="max-width:100%;height:auto">')


@contextmanager
def _chart(width: float, height: float, source: str) -> Iterator[Figure]:
    """A new figure (without pyplot, so none pile up in memory) drawn inside the block, with a
    source line; IPython is told to show figures as an HTML image with their text alternative
    (and no separate PNG, which would only double the notebook's size)."""
    require("matplotlib")
    import matplotlib as mpl
    from matplotlib.figure import Figure

    ipython = sys.modules.get("IPython")  # None in plain Python: nothing to display into
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        formatters = shell.display_formatter.formatters
        formatters["text/html"].for_type(Figure, _html_for_display)
        formatters["image/png"].for_type(Figure, lambda fig: None)
    rc = {"font.size": FONT_SIZE, "axes.titlesize": FONT_SIZE + 3, "axes.labelsize": FONT_SIZE,
          "xtick.labelsize": FONT_SIZE - 1, "ytick.labelsize": FONT_SIZE - 1,
          "legend.fontsize": FONT_SIZE - 2, "hatch.color": "#222222", "hatch.linewidth": 1.0}
    with mpl.rc_context(rc):
        fig = Figure(figsize=(width, height), layout="constrained")
        yield fig
        # a figure-level label, so that constrained layout keeps room for it below the legend
        fig.supxlabel(source, x=0.01, ha="left", fontsize=SMALL, color="#333333")


def _plain(ax: Any, grid: str, color: str = "#cccccc") -> None:
    """No top or right frame; light grid lines across `grid` ("x" or "y"), behind the data."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis=grid, color=color, linewidth=0.6)
    ax.set_axisbelow(True)


def _key_events() -> list[tuple[pd.Timestamp, str]]:
    """(date, label) of each key event; the states it touched are named if at most three."""
    events = load("membership_events")
    names = load("states").set_index("iso3")["name"]
    out = []
    for event, label in KEY_EVENTS:
        rows = events[events["event"] == event]
        if rows.empty:
            continue
        first = rows["date"].min()
        who = sorted(names[c] for c in rows.loc[rows["date"] == first, "iso3"].unique())
        if len(who) <= 3:
            label = f"{label}: {', '.join(who)}"
        out.append((first, f"{first.year} {label}"))
    return out


def membership_chart(states: object = None, events: bool = True) -> Figure:
    """A Figure: one bar per state showing its membership status over time.

    ``states`` is one state or a list (names or ISO codes), drawn from the top in that order;
    the default, None, is every state that ever had a status, alphabetically. A spell still
    running ends at the data's "as of" date. ``events=True`` marks key dates with dashed lines.

    >>> fig = membership_chart(["Armenia", "Georgia"], events=False)
    >>> sorted(t.get_text() for t in fig.axes[0].get_yticklabels())
    ['Armenia', 'Georgia']
    """
    from .queries import membership_spells

    check_flag("events", events)
    spells = membership_spells()
    names = load("states").set_index("iso3")["name"]
    if states is None:
        codes = sorted(spells["iso3"].unique(), key=lambda c: names[c])
    else:
        codes = list(dict.fromkeys(state_code(s) for s in _texts("states", states)))
    if not codes:
        raise CstoError("states is empty: give at least one state, or None for all.")
    end_of_data = pd.Timestamp(as_of())
    first = pd.Timestamp(year=1992, month=1, day=1)
    marks = _key_events() if events else []
    source = (f"Source: csto data set, membership_events (as of "
              f"{end_of_data.date().isoformat()}); running spells end at that date.")
    with _chart(14, 2.6 + 0.62 * len(codes) + (0.8 if events else 0), source) as fig:
        from matplotlib.patches import Patch

        ax = fig.add_subplot()
        for row, code in enumerate(reversed(codes)):
            for spell in spells[spells["iso3"] == code].itertuples():
                _, color, hatch = STATUSES[spell.status]
                end = spell.end if pd.notna(spell.end) else end_of_data
                ax.broken_barh([(spell.start, end - spell.start)], (row - 0.36, 0.72),
                               facecolors=color, edgecolor="#222222", linewidth=0.8,
                               hatch=hatch)
        ax.set_yticks(range(len(codes)), [_literal(names[c]) for c in reversed(codes)])
        ax.set_ylim(-0.7, len(codes) - 0.3)
        ax.set_xlim(first, end_of_data + pd.Timedelta(days=200))
        ax.xaxis_date()
        _plain(ax, "x", "#bbbbbb")
        late = first + (end_of_data - first) * 0.75
        for i, (day, label) in enumerate(marks):
            ax.axvline(day, color="#000000", linestyle=(0, (4, 3)), linewidth=1.2)
            right = day > late  # keep labels near the right edge inside the figure
            ax.annotate(_literal(label), xy=(day, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(-3 if right else 3, 4 + 20 * (i % 2)),
                        textcoords="offset points", fontsize=SMALL,
                        ha="right" if right else "left", va="bottom")
        used = set(spells.loc[spells["iso3"].isin(codes), "status"])
        handles = [Patch(facecolor=color, edgecolor="#222222", hatch=hatch, label=label)
                   for s, (label, color, hatch) in STATUSES.items() if s in used]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=3,
                  frameon=False, handleheight=1.4, handlelength=2.6)
        ax.set_title("Membership of the Collective Security Treaty and the CSTO",
                     loc="left", pad=52 if events else 10)
    rows = []
    for code in codes:
        runs = [f"{STATUSES[s.status][0]} from {s.start.year}"
                + (f" to {s.end.year}" if pd.notna(s.end) else "")
                for s in spells[spells["iso3"] == code].itertuples()]
        rows.append(f"{names[code]}: {'; '.join(runs) or 'no status'}")
    fig.csto_alt = (f"Bar chart: membership status of {len(codes)} state(s) from 1992 to "
                    f"{end_of_data.date().isoformat()}. " + ". ".join(rows) + "."
                    + "".join(f" Dashed line: {label}." for _, label in marks))
    return fig


def kazakhstan_figures_chart(measure: object = "deaths") -> Figure:
    """A Figure: the figures given about the January 2022 operation, as they changed.

    ``measure`` is one measure of the kz2022_figures table ("deaths", "detentions",
    "personnel deployed"...), a list of them (one panel each), or None for every measure.
    Official figures are filled circles joined by a line, media reports open squares; each
    point is labelled with its value and the date it was given.

    >>> fig = kazakhstan_figures_chart("deaths")
    >>> len(fig.axes)
    1
    """
    from .queries import kazakhstan_figures

    measures = (list(kazakhstan_figures()["measure"].unique()) if measure is None
                else _texts("measure", measure))
    if not measures:
        raise CstoError("There is no measure to draw (an empty list, or no figures in the "
                        "data): give one measure, a list of them, or None for all.")
    table = kazakhstan_figures(measures)  # checks every name against the schema
    source = (f"Source: csto data set, kz2022_figures (as of {as_of().isoformat()}); each "
              "label: value and date given.")
    words: list[str] = []
    handles: list[Any] = []
    with _chart(12, 1.6 + 4.2 * len(measures), source) as fig:
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
        from matplotlib.ticker import StrMethodFormatter

        axes = fig.subplots(len(measures), 1, squeeze=False)[:, 0]
        for ax, name in zip(axes, measures, strict=True):
            rows = table[table["measure"] == name].sort_values("as_of", kind="stable")
            ax.set_title(_literal(name.capitalize()), loc="left")
            _plain(ax, "y")
            if rows.empty:
                words.append(f"{name}: no figures")
                ax.text(0.5, 0.5, _literal(f"No figures for {name!r} in the data set."),
                        transform=ax.transAxes, ha="center", va="center")
                ax.set(xticks=[], yticks=[])
                continue
            official = rows[rows["status"] == "official"]
            reported = rows[rows["status"] == "reported"]
            handles = ax.plot(official["as_of"], official["value"], color="#000000",
                              marker="o", markersize=10, linewidth=1.5, label="official")
            handles += ax.plot(reported["as_of"], reported["value"], color="#000000",
                               linewidth=0, marker="s", markersize=10, markerfacecolor="#ffffff",
                               markeredgewidth=2, label="reported (media)")
            given = []
            for i, rec in enumerate(rows.itertuples()):
                value = figure_text(rec.value, rec.qualifier)
                given.append(f"{value} ({rec.status}, {rec.as_of_text})")
                ax.annotate(_literal(f"{value}\n{rec.as_of_text}"), xy=(rec.as_of, rec.value),
                            xytext=(8, 8 if i % 2 else -30), textcoords="offset points",
                            fontsize=SMALL)
            words.append(f"{name}: {', '.join(given)}")
            ax.set_ylim(0, float(rows["value"].max()) * 1.3 + 1)
            pad = max((rows["as_of"].max() - rows["as_of"].min()) * 0.15, pd.Timedelta(days=2))
            ax.set_xlim(rows["as_of"].min() - pad, rows["as_of"].max() + pad * 2)
            ax.xaxis_date()
            locator = AutoDateLocator(maxticks=8)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
            ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        if handles:
            axes[0].legend(handles=handles, loc="upper left", frameon=False)
        fig.suptitle("Kazakhstan, January 2022: figures as they were given", x=0.01,
                     ha="left", fontsize=FONT_SIZE + 3)
    fig.csto_alt = ("Chart of the figures given about the January 2022 operation in "
                    f"Kazakhstan, one panel per measure, by date. {'. '.join(words)}.")
    return fig


#: dataset -> (fill colour, hatch) for member_years_chart; lightness differs in greyscale.
CODING_STYLE: dict[str, tuple[str, str]] = {
    "this data set": ("#1f4e8c", ""),
    "ATOP v4.01": ("#f0b27a", "//"),
    "COW v4.1": ("#d9d9d9", ".."),
}


def member_years_chart(first_year: int = 1992, last_year: int = 2012) -> Figure:
    """A Figure: member-years per state under each coding (this data set, ATOP, COW).

    Each bar counts the calendar years from ``first_year`` to ``last_year`` in which that
    coding makes the state a member (:func:`csto.queries.member_years`).

    >>> from csto.queries import member_years
    >>> fig = member_years_chart()
    >>> len(fig.axes[0].patches) == 3 * len(member_years("COW v4.1"))
    True
    """
    from .queries import member_years_table

    table = member_years_table(first_year, last_year)[list(CODING_STYLE)]
    table = table.sort_index(ascending=False)
    source = ("Source: csto data set, alliance_codings (ATOP v4.01, COW v4.1 and this data "
              "set's own spells).")
    with _chart(12, 0.75 * len(table) + 2.5, source) as fig:
        fig.suptitle("Member-years by coding", x=0.01, ha="left", fontsize=FONT_SIZE + 3)
        ax = fig.add_subplot()
        height = 0.8 / len(CODING_STYLE)
        for i, (dataset, (colour, hatch)) in enumerate(CODING_STYLE.items()):
            bars = ax.barh([y + (1 - i) * height for y in range(len(table))], table[dataset],
                           height=height, color=colour, hatch=hatch, edgecolor="#222222",
                           linewidth=0.6, label=f"{dataset}\n(total {table[dataset].sum()})")
            ax.bar_label(bars, padding=3, fontsize=SMALL)
        ax.set_yticks(range(len(table)), [_literal(s) for s in table.index])
        ax.set_xlabel(f"member-years, {first_year}-{last_year}")
        ax.set_xlim(0, max(last_year - first_year, 0) + 3)
        fig.legend(loc="outside right upper", frameon=False, fontsize=SMALL)
        _plain(ax, "x")
    counts = [f"{state}: " + ", ".join(f"{d} {row[d]}" for d in CODING_STYLE)
              for state, row in table[::-1].iterrows()]
    fig.csto_alt = (f"Bar chart: member-years per state from {first_year} to {last_year} "
                    f"under each coding. {'; '.join(counts)}.")
    return fig
