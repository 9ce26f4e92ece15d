"""csto.charts: matplotlib figures that draw what the data holds, legible in greyscale."""

from __future__ import annotations

import colorsys
import itertools
import json
import re
import sys

import csto
import pandas as pd
import pytest
from csto import charts
from csto.errors import UnknownNameError, UnknownStateError
from csto.queries import STATUSES
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from test_maps import extra_data  # noqa: F401  (fixture: the data set plus test rows)


def bars(fig: Figure) -> list[PolyCollection]:
    return [c for c in fig.axes[0].collections if isinstance(c, PolyCollection)]


def event_lines(fig: Figure) -> list[Line2D]:
    return [ln for ln in fig.axes[0].get_lines() if ln.get_linestyle() not in ("-", "None")]


def all_texts(fig: Figure):
    return [t for t in fig.findobj(lambda o: hasattr(o, "get_fontsize") and
                                   hasattr(o, "get_text")) if t.get_text().strip()]


# --- membership_chart ------------------------------------------------------------------------

@pytest.mark.parametrize("states", [None, ["Uzbekistan"], ["ARM", "Georgia", "kyrgyz republic"]])
def test_membership_chart_has_one_bar_per_spell(states):
    fig = charts.membership_chart(states)
    spells = csto.membership_spells()
    names = sorted(spells["name"].unique()) if states is None else [
        csto.state_name(s) for s in states]
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[::-1] == names  # top to bottom: alphabetical, or in the order asked for
    spells = spells[spells["name"].isin(names)]
    drawn = bars(fig)
    assert len(drawn) == len(spells)
    # each bar starts where its spell starts, in the row of its state
    rows = {name: i for i, name in enumerate(labels)}
    got = sorted((round(c.get_paths()[0].vertices[:, 0].min(), 3),
                  round(c.get_paths()[0].vertices[:, 1].mean())) for c in drawn)
    import matplotlib.dates as mdates

    want = sorted((round(mdates.date2num(s.start), 3), rows[s.name])
                  for s in spells.itertuples())
    assert got == want


def test_membership_chart_colours_follow_the_status():
    fig = charts.membership_chart()
    spells = csto.membership_spells()
    fills = sorted({tuple(c.get_facecolor()[0][:3].round(3)) for c in bars(fig)})
    statuses = set(map(str, spells["status"]))
    assert len(fills) == len(statuses)  # one fill per status present, no two alike
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == [label for s, (label, _, _) in STATUSES.items() if s in statuses]


def test_membership_chart_marks_key_events_from_the_data():
    events = csto.load("membership_events")
    fig = charts.membership_chart()
    lines = event_lines(fig)
    expected = [events.loc[events["event"] == e, "date"].min()
                for e, _ in charts.KEY_EVENTS if (events["event"] == e).any()]
    ax = fig.axes[0]
    drawn = sorted(round(float(ax.convert_xunits(ln.get_xdata()[0])), 3) for ln in lines)
    assert drawn == sorted(round(float(ax.convert_xunits(d)), 3) for d in expected)
    labels = [t.get_text() for t in fig.axes[0].texts]
    for day in expected:
        assert any(label.startswith(str(day.year)) for label in labels)
    assert any("Armenia" in label for label in labels)  # the 2024 freeze names Armenia
    assert event_lines(charts.membership_chart(events=False)) == []


def test_statuses_differ_without_colour():
    """Greyscale: each pair of statuses differs in hatching or clearly in lightness."""
    def lightness(color: str) -> float:
        return colorsys.rgb_to_hls(*to_rgb(color))[1]

    for (a, (_, ca, ha)), (b, (_, cb, hb)) in itertools.combinations(STATUSES.items(), 2):
        assert ha != hb or abs(lightness(ca) - lightness(cb)) > 0.25, (a, b)


def test_charts_are_readable_on_a_projector(extra_data):  # noqa: F811
    for fig in (charts.membership_chart(), charts.kazakhstan_figures_chart("deaths"),
                charts.member_years_chart()):
        fig.draw_without_rendering()
        sizes = [t.get_fontsize() for t in all_texts(fig)]
        assert sizes and min(sizes) >= 12
        assert any("Source:" in t.get_text() for t in all_texts(fig))


def test_membership_chart_unknown_state():
    with pytest.raises(UnknownStateError, match="Atlantis"):
        charts.membership_chart(["Russia", "Atlantis"])
    with pytest.raises(ValueError, match="empty"):
        charts.membership_chart([])


# --- kazakhstan_figures_chart ----------------------------------------------------------------

def check_figures(measures):
    fig = charts.kazakhstan_figures_chart(measures)
    measures = [measures] if isinstance(measures, str) else measures
    table = csto.kazakhstan_figures(measures)
    assert len(fig.axes) == len(measures)
    for ax, name in zip(fig.axes, measures, strict=True):
        rows = table[table["measure"] == name]
        official, reported = (rows[rows["status"] == s] for s in ("official", "reported"))
        lines = {(ln.get_marker(), ln.get_markerfacecolor()): ln for ln in ax.get_lines()}
        if rows.empty:
            assert "No figures" in " ".join(t.get_text() for t in ax.texts)
            continue
        filled = [ln for (mk, _), ln in lines.items() if mk == "o"]
        hollow = [ln for (mk, face), ln in lines.items() if mk == "s"]
        assert list(filled[0].get_ydata()) == list(official["value"])
        assert list(hollow[0].get_ydata()) == list(reported["value"])
        assert filled[0].get_markerfacecolor() != hollow[0].get_markerfacecolor()
        labels = [t.get_text() for t in ax.texts]
        assert len(labels) == len(rows)
        for rec in rows.itertuples():
            assert any(f"{int(rec.value):,}" in lab and rec.as_of_text in lab for lab in labels)
    return fig


def test_figures_chart_with_the_data():
    measures = [m for m in csto.data.schema("kz2022_figures")["fields"][1]["constraints"]["enum"]]
    for measure in measures:
        check_figures(measure)
    check_figures(measures[:3])


def test_figures_chart_with_added_rows(extra_data):  # noqa: F811
    fig = check_figures("deaths")
    labels = " | ".join(t.get_text() for t in fig.axes[0].texts)
    assert "about 150\n2022-01-12" in labels


def test_figures_chart_bad_measure():
    with pytest.raises(UnknownNameError, match="measure"):
        charts.kazakhstan_figures_chart("death")
    with pytest.raises(UnknownNameError, match="measure"):
        charts.kazakhstan_figures_chart(["deaths", "casualties"])
    with pytest.raises(ValueError, match="empty"):
        charts.kazakhstan_figures_chart([])


# --- output ----------------------------------------------------------------------------------

def test_figures_are_returned_not_shown():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig = charts.membership_chart("Belarus")
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == before  # not registered with pyplot: shown once, on request
    assert re.fullmatch(r"<Figure size \d+x\d+ with 1 Axes>", repr(fig))


def test_sizes_follow_the_number_of_states():
    small = charts.membership_chart(["Russia"]).get_size_inches()[1]
    big = charts.membership_chart().get_size_inches()[1]
    assert big > small


def test_member_years_chart_bars_match_the_counts():
    from csto.charts import CODING_STYLE, member_years_chart
    from csto.queries import member_years

    fig = member_years_chart(1992, 2012)
    bars = fig.axes[0].containers
    assert len(bars) == len(CODING_STYLE)
    for container, dataset in zip(bars, CODING_STYLE, strict=True):
        counts = member_years(dataset, 1992, 2012).sort_index(ascending=False)
        assert [int(p.get_width()) for p in container.patches] == counts.tolist()
    hatches = {p.get_hatch() for c in bars for p in c.patches[:1]}
    assert len(hatches) == len(CODING_STYLE), "codings must differ in greyscale too"


def test_charts_show_in_ipython_as_an_html_image_at_their_own_size():
    """In a fresh IPython shell a chart displays as one HTML image (no separate PNG): a PNG of
    exactly the figure's size (drawn once, not cropped by a second "tight" draw), whose alt
    JupyterLab and the website both read, without importing pyplot (issue 23: JupyterLab
    ignores the alt stored with a bare PNG output)."""
    import subprocess
    import sys

    code = (
        "import base64, io, json, re, sys\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "from PIL import Image\n"
        "shell = InteractiveShell.instance()\n"
        "from csto import charts\n"
        "out = []\n"
        "for fig in (charts.membership_chart(), charts.member_years_chart()):\n"
        "    data, meta = shell.display_formatter.format(fig)\n"
        "    html = data['text/html']\n"
        "    b64 = re.search(r'src=\"data:image/png;base64,([^\"]+)\"', html).group(1)\n"
        "    png = Image.open(io.BytesIO(base64.b64decode(b64)))\n"
        "    out.append([list(png.size), [round(x) for x in fig.get_size_inches() * fig.dpi],\n"
        "                sorted(data), html, fig.csto_alt])\n"
        "print(json.dumps([out, 'matplotlib.pyplot' in sys.modules]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    shown, pyplot = json.loads(run.stdout)
    for png, figure, mimetypes, html, fig_alt in shown:
        assert png == figure
        assert mimetypes == ["text/html", "text/plain"]  # no bare PNG beside the image
        alt = re.search(r'<img [^>]*alt="([^"]*)"', html).group(1)
        assert alt == charts.esc(fig_alt) and alt.startswith("Bar chart: ")  # the whole text
        assert html.count("<img ") == 1 and "<details" not in html  # no words on the page
        assert 'style="max-width:100%;height:auto"' in html  # shrinks in a narrow window
    assert not pyplot


# --- text alternatives, literal text, hostile arguments --------------------------------------

def test_every_chart_says_in_words_what_it_shows():
    """The PNG a notebook shows carries an alt text built from the data (issue "A website and
    accessible lessons")."""
    figs = {
        "membership": charts.membership_chart(["Uzbekistan", "Armenia"]),
        "figures": charts.kazakhstan_figures_chart(["deaths", "detentions"]),
        "member_years": charts.member_years_chart(1992, 2012),
    }
    for kind, fig in figs.items():
        png, meta = charts._png_for_display(fig)
        assert png and meta == {"alt": fig.csto_alt}, kind
    alt = figs["membership"].csto_alt
    assert alt.startswith("Bar chart: membership status of 2 state(s) from 1992 to ")
    assert "Uzbekistan: signatory" in alt and "membership suspended from 2012" in alt
    assert "Dashed line: 1999 Lapse" in alt
    deaths = csto.kazakhstan_figures("deaths")
    first = deaths.iloc[0]
    assert f"deaths: {int(first['value']):,} ({first['status']}, {first['as_of_text']})" in (
        figs["figures"].csto_alt)
    counts = csto.member_years_table(1992, 2012).loc["Armenia"]
    assert ("Armenia: this data set {}, ATOP v4.01 {}, COW v4.1 {}".format(*counts)
            in figs["member_years"].csto_alt)


@pytest.fixture
def dollar_state(tmp_path, monkeypatch):
    """A copy of the data set in which Armenia is called "Bad $x^2$ name"."""
    import shutil

    from conftest import ROOT

    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    states = folder / "states.csv"
    states.write_text(states.read_text(encoding="utf-8").replace(",Armenia,", ",Bad $x^2$ name,"),
                      encoding="utf-8")
    monkeypatch.setenv("CSTO_DATA", str(folder))
    csto.data.clear_cache()
    yield "Bad $x^2$ name"
    monkeypatch.delenv("CSTO_DATA")
    csto.data.clear_cache()


def test_data_text_is_drawn_as_written_not_as_mathtext(dollar_state):
    """A "$...$" pair in a state's name was read as mathtext and crashed the drawing."""
    assert dollar_state in set(csto.load("states")["name"])
    for fig in (charts.membership_chart(), charts.membership_chart(dollar_state),
                charts.member_years_chart()):
        fig.canvas.draw()  # mathtext would fail here, or draw x squared
        labels = [t for t in fig.axes[0].get_yticklabels() if "name" in t.get_text()]
        assert [t.get_text() for t in labels] == [r"Bad \$x^2\$ name"]
        assert not labels[0]._preprocess_math(labels[0].get_text())[1]  # drawn as plain text
        assert dollar_state in fig.csto_alt


@pytest.mark.parametrize("states", [2000, True, 3.5, float("nan"), {"Armenia": 1}, b"Armenia",
                                    ["Armenia", 7], pd.DataFrame({"state": ["Armenia"]})])
def test_membership_chart_states_must_be_names(states):
    with pytest.raises(csto.CstoError, match=r"^states must be a text or a list of texts, not "):
        charts.membership_chart(states)


@pytest.mark.parametrize("events", ["no", None, 1, pd.Series([True])])
def test_membership_chart_events_must_be_true_or_false(events):
    with pytest.raises(csto.CstoError, match=r"^events must be True or False, not "):
        charts.membership_chart("Armenia", events=events)



def test_numpy_booleans_are_true_or_false():
    import numpy as np

    assert event_lines(charts.membership_chart("Armenia", events=np.False_)) == []
    assert csto.membership_map(2000, tiles=np.True_) is not None


def test_figures_chart_none_means_every_measure():
    fig = charts.kazakhstan_figures_chart(None)
    assert len(fig.axes) == csto.kazakhstan_figures()["measure"].nunique()
    with pytest.raises(csto.CstoError, match=r"^measure must be a text or a list of texts"):
        charts.kazakhstan_figures_chart(5)


@pytest.mark.parametrize("module", ["matplotlib", "folium"])
def test_a_missing_package_says_what_to_install(monkeypatch, module):
    from csto import maps

    monkeypatch.setitem(sys.modules, module, None)
    draw = charts.membership_chart if module == "matplotlib" else lambda: maps.crisis_map()
    with pytest.raises(csto.CstoError, match=rf"needs the {module} package.*make lab.*"
                                             rf"pip install {module}") as caught:
        draw()
    assert isinstance(caught.value, ImportError)  # widgets' explorers still catch it
