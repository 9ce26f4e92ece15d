"""csto.widgets: the plain functions behind the explorers, and the explorers wired to them
(built and driven without a browser: set a control, read the output)."""

from __future__ import annotations

import html
import json
import re

import csto
import pandas as pd
import pytest
from csto import queries, widgets
from csto.errors import BadDateError, CstoError, UnknownNameError
from csto.widgets import (
    crisis_card,
    crisis_explorer,
    crisis_options,
    kazakhstan_day,
    kazakhstan_stepper,
    membership_day,
    membership_explorer,
    membership_view,
)

PAYLOAD = "<script>alert(1)</script>"


def find(box, css_class: str):
    """The widget carrying a CSS class, anywhere inside a box."""
    if css_class in getattr(box, "_dom_classes", ()):
        return box
    for child in getattr(box, "children", ()):
        hit = find(child, css_class)
        if hit is not None:
            return hit
    return None


def output_html(output) -> str:
    return "".join(o["data"].get("text/html", "") for o in output.outputs)


# ------------------------------------------------------------------ membership


@pytest.mark.parametrize(
    ("date", "count", "must", "status_of"),
    [
        ("1993-01-01", 0, [], {"signatory": "Russia"}),
        ("1995-01-01", 9, ["Georgia", "Azerbaijan", "Uzbekistan"], {}),
        ("2000-01-01", 6, ["Armenia", "Tajikistan"], {"lapsed": "Uzbekistan"}),
        ("2007-01-01", 7, ["Uzbekistan"], {"lapsed": "Georgia"}),
        ("2013-01-01", 6, ["Russia"], {"suspended": "Uzbekistan"}),
        ("2024-06-01", 6, ["Armenia"], {"frozen": "Armenia", "observer": "Serbia"}),
    ],
)
def test_membership_view_at_each_change(date, count, must, status_of):
    view = membership_view(date)
    assert view["date"] == pd.Timestamp(date)
    assert len(view["parties"]) == count
    assert view["parties"] == sorted(view["parties"]) == queries.members_on(date)
    for name in must:
        assert name in view["parties"]
    for status, name in status_of.items():
        assert name in view["statuses"][status]
    if count:
        assert view["title"] == f"{count} parties on {date}"
        assert view["parties_html"].endswith(f"<p>{', '.join(view['parties'])}</p>")
    else:
        assert view["title"] == f"No parties on {date}"
    assert "none" not in view["statuses"]


def test_membership_view_follows_every_status_change_in_the_data():
    spells = queries.membership_spells()
    for day in sorted(spells["start"].unique()):
        day = pd.Timestamp(day)
        before, after = membership_view(day - pd.Timedelta(days=1)), membership_view(day)
        changed = spells[spells["start"] == day]
        for rec in changed.itertuples():
            assert rec.name in after["statuses"][rec.status], (day, rec.name)
        assert after["parties"] == queries.members_on(day)
        assert before["date"] < after["date"]


def test_membership_view_parties_html_names_parties_only():
    view = membership_view("2000-06-01")
    assert "Georgia" not in view["parties_html"]
    assert "Georgia" in view["statuses_html"]


def test_membership_view_escapes_names(monkeypatch):
    status = pd.DataFrame({"iso3": ["XXX"], "name": [PAYLOAD],
                           "status": pd.Categorical(["party"], categories=queries.STATUSES)})
    monkeypatch.setattr(queries, "status_on", lambda date: status)
    monkeypatch.setattr(queries, "members_on", lambda date: [PAYLOAD])
    view = membership_view("2000-01-01")
    assert PAYLOAD not in view["parties_html"] + view["statuses_html"]
    assert html.escape(PAYLOAD) in view["parties_html"]


def test_membership_day_is_31_december_or_the_as_of_date():
    assert membership_day(1999) == pd.Timestamp("1999-12-31")
    assert membership_day(csto.as_of().year) == pd.Timestamp(csto.as_of())


def test_membership_view_rejects_bad_dates():
    with pytest.raises(BadDateError):
        membership_view("yesterday")


def test_membership_explorer_updates_when_the_year_changes():
    box = membership_explorer(start_year=2000)
    assert "csto-membership-explorer" in box._dom_classes
    slider = find(box, "csto-membership-year")
    parties = find(box, "csto-membership-parties")
    statuses = find(box, "csto-membership-statuses")
    map_out = find(box, "csto-membership-map")
    note = find(box, "csto-membership-note")
    assert slider.description == "Year"
    assert slider.min == 1992 and slider.max == csto.as_of().year
    assert "31 December" in note.value
    assert "6 parties on 2000-12-31" in parties.value
    assert "Georgia" not in parties.value and "Georgia" in statuses.value
    first_map = output_html(map_out)
    assert "leaflet" in first_map.lower() and "cannot be drawn" not in first_map

    slider.value = 1995
    assert "9 parties on 1995-12-31" in parties.value
    assert "Georgia" in parties.value
    assert output_html(map_out) != first_map

    slider.value = 2012
    assert "6 parties on 2012-12-31" in parties.value
    assert "suspended" in statuses.value
    slider.value = csto.as_of().year
    assert f"on {csto.as_of().isoformat()}" in parties.value
    assert "party, participation frozen" in statuses.value


def test_membership_explorer_rejects_a_year_outside_the_data():
    with pytest.raises(BadDateError, match="start_year 1980 is .* choose a year from 1992"):
        membership_explorer(1980)


def test_explorer_shows_a_message_when_the_map_cannot_be_drawn(monkeypatch):
    import csto.maps

    def broken(*args, **kwargs):
        raise ImportError("no folium here")

    monkeypatch.setattr(csto.maps, "membership_map", broken)
    box = membership_explorer(2000)
    assert "no folium here" in output_html(find(box, "csto-membership-map"))


# ------------------------------------------------------------------ crises


def test_crisis_options_filter_by_response_and_state():
    everything = crisis_options()
    assert len(everything) == len(queries.crises())
    assert crisis_options("all", "all") == everything == crisis_options(None, None)
    deployed = crisis_options(response="forces deployed")
    assert [cid for _, cid in deployed] == [queries.kazakhstan_crisis_id()]
    label = deployed[0][0]
    assert "Kazakhstan" in label and label.startswith("2022-01")
    armenia = crisis_options(state="arm")
    table = queries.crises().set_index("crisis_id")
    assert armenia
    for _, cid in armenia:
        involved = [table.loc[cid, "state"]] + str(table.loc[cid, "other_states"]).split(";")
        assert "ARM" in involved
    both = crisis_options("mission or statement only", "Armenia")
    assert both and set(both) <= set(armenia)
    for _, cid in both:
        assert table.loc[cid, "response"] == "mission or statement only"
    assert crisis_options("declined", "Armenia") == []  # Armenia was never turned down outright
    with pytest.raises(UnknownNameError, match="Did you mean 'declined'"):
        crisis_options(response="decline")


def test_crisis_card_shows_request_answer_outcome_and_sources():
    cid = queries.kazakhstan_crisis_id()
    row = queries.crises().set_index("crisis_id").loc[cid]
    card = crisis_card(cid)
    for heading in ("What was asked", "The answer", "Outcome", "Sources"):
        assert heading in card
    assert html.escape(row["request_type"]) in card
    assert '<td class="csto-crisis-answer">forces deployed</td>' in card
    assert html.escape(csto.cite(row["source_id"])).split(" http")[0] in card
    with pytest.raises(UnknownNameError, match="not a known crisis id"):
        crisis_card("kaz-2022")


def test_crisis_card_escapes_all_data_text(monkeypatch):
    real = queries.crises()
    fake = real.iloc[[0]].copy()
    for col in ("name", "place", "requested_by", "response_detail", "reason_given", "outcome",
                "note"):
        fake[col] = PAYLOAD
    fake["crisis_id"] = "fake-1"
    monkeypatch.setattr(queries, "crises", lambda *a, **k: fake)
    card = crisis_card("fake-1")
    assert "<script" not in card
    assert card.count(html.escape(PAYLOAD)) == 7


def test_crisis_explorer_filters_and_shows_the_episode():
    box = crisis_explorer()
    assert "csto-crisis-explorer" in box._dom_classes
    response = find(box, "csto-crisis-response")
    state = find(box, "csto-crisis-state")
    episode = find(box, "csto-crisis-episode")
    card = find(box, "csto-crisis-card")
    assert response.description == "Response" and state.description == "State"
    assert response.options[0] == "all" and "forces deployed" in response.options
    assert len(episode.options) == len(queries.crises())
    assert card.value == crisis_card(episode.value)

    response.value = "forces deployed"
    assert [v for _, v in episode.options] == [queries.kazakhstan_crisis_id()]
    assert card.value == crisis_card(queries.kazakhstan_crisis_id())

    response.value = "all"
    state.value = "Armenia"
    assert episode.options == tuple(crisis_options("all", "Armenia"))
    chosen = episode.options[-1][1]
    episode.value = chosen
    assert card.value == crisis_card(chosen)

    empty = next((r, s) for r in response.options for s in state.options
                 if not crisis_options(r, s))
    response.value, state.value = empty
    assert episode.value is None and "No episode matches" in card.value


# ------------------------------------------------------------------ Kazakhstan 2022


def test_kazakhstan_day_by_index_and_by_date():
    days = widgets.kazakhstan_dates()
    first = kazakhstan_day(0)
    assert first["date"] == days[0] == queries.kazakhstan_days()["date"].min()
    assert first["index"] == 0 and first["n_days"] == len(days)
    assert first["title"].startswith(f"Day 1 of {len(days)}: ")
    assert kazakhstan_day(days[2].strftime("%Y-%m-%d"))["index"] == 2
    titles = [e["title"] for e in first["events"]]
    expected = queries.kazakhstan_days().query("date == @days[0]")["title"].tolist()
    assert titles == expected


def test_kazakhstan_day_shows_only_figures_known_by_then():
    figures = queries.kazakhstan_figures()
    for i, day in enumerate(widgets.kazakhstan_dates()):
        shown = kazakhstan_day(i)["figures"]
        for rec in shown.itertuples():
            assert pd.Timestamp(rec.as_of_text) <= day
        # the latest exact-day figure of each measure known by then is the one shown
        known = figures[(figures["as_of_text"].str.len() == 10) & (figures["as_of"] <= day)]
        for (measure, status), group in known.groupby(["measure", "status"], observed=True):
            latest = group.sort_values("as_of").iloc[-1]
            hit = shown[(shown["measure"] == measure) & (shown["status"] == status)]
            assert hit["value"].item() == latest["value"], (day, measure)


def test_kazakhstan_day_figures_on_the_summit_day():
    view = kazakhstan_day("2022-01-10")
    personnel = view["figures"].query("measure == 'personnel deployed'")
    assert personnel["value"].item() == 2030 and personnel["new"].item()
    assert "<td>personnel deployed</td>\n      <td>2,030</td>" in view["html"]
    assert "<td>2022-01-10 (new)</td>" in view["html"]
    assert "<td>more than 108</td>" in view["html"], "a qualifier stays with its figure"
    early = kazakhstan_day("2022-01-06")["figures"].query("measure == 'personnel deployed'")
    assert early["value"].item() == 2500


def test_figures_dated_by_month_count_from_the_end_of_the_month():
    from csto.dates import period_end

    assert period_end("2022-06") == pd.Timestamp("2022-06-30")
    assert period_end("2023") == pd.Timestamp("2023-12-31")
    assert period_end("2022-01-10") == pd.Timestamp("2022-01-10")


def test_kazakhstan_day_errors_name_what_is_valid():
    days = widgets.kazakhstan_dates()
    with pytest.raises(CstoError, match=f"from 0 to {len(days) - 1}"):
        kazakhstan_day(len(days))
    with pytest.raises(UnknownNameError, match="2022-01-02"):
        kazakhstan_day("2022-01-03")


def test_kazakhstan_day_escapes_text(monkeypatch):
    real = queries.kazakhstan_days()
    fake = real.copy()
    fake["title"] = PAYLOAD
    fake["description"] = PAYLOAD
    monkeypatch.setattr(queries, "kazakhstan_days", lambda: fake)
    out = kazakhstan_day(0)["html"]
    assert "<script" not in out and html.escape(PAYLOAD) in out


def test_kazakhstan_stepper_steps_with_buttons_and_slider():
    box = kazakhstan_stepper()
    assert "csto-kz-stepper" in box._dom_classes
    previous, following = find(box, "csto-kz-previous"), find(box, "csto-kz-next")
    slider, label = find(box, "csto-kz-day"), find(box, "csto-kz-date")
    card = find(box, "csto-kz-card")
    assert (previous.description, following.description, slider.description) == (
        "Previous day", "Next day", "Day")
    n = len(widgets.kazakhstan_dates())
    assert slider.value == 0 and previous.disabled and not following.disabled
    assert card.value == _card(0)
    first_label = label.value

    following.click()
    assert slider.value == 1 and not previous.disabled
    assert card.value == _card(1) and label.value != first_label
    previous.click()
    assert slider.value == 0 and label.value == first_label

    slider.value = n - 1
    assert following.disabled
    assert card.value == _card(n - 1)
    following.click()
    assert slider.value == n - 1


def test_kazakhstan_stepper_can_start_on_a_date():
    box = kazakhstan_stepper("2022-01-10")
    assert "2022-01-10" in str(kazakhstan_day(find(box, "csto-kz-day").value)["date"])


def test_top_level_names():
    assert csto.widgets.membership_view is membership_view
    assert csto.widgets.crisis_card is crisis_card and csto.kazakhstan_stepper is kazakhstan_stepper


def _card(day):
    """The stepper's card: the day's view without its heading (the date label shows it)."""
    view = kazakhstan_day(day)
    return view["html"].replace(f"<h3>{html.escape(view['title'])}</h3>", "", 1)


# ------------------------------------------------------------------ hostile input


@pytest.mark.parametrize("bad", [None, "x", float("nan"), [2000], pd.Series([2000]),
                                 pd.DataFrame({"x": [2000]}), 2000.5, True, pd.NaT])
def test_membership_explorer_and_day_take_a_whole_year(bad):
    """These were int(...): a raw TypeError or ValueError, and 2000.5 silently became 2000."""
    with pytest.raises(CstoError, match="must be a year written as a whole number"):
        membership_explorer(bad)
    with pytest.raises(CstoError, match="must be a year written as a whole number"):
        membership_day(bad)


@pytest.mark.parametrize("bad", [1991, 10**30, -1])
def test_membership_explorer_names_its_years(bad):
    with pytest.raises(BadDateError, match=f"choose a year from 1992 to {csto.as_of().year}"):
        membership_explorer(bad)


@pytest.mark.parametrize("bad", [["kaz-2022-01"], pd.Series(["kaz-2022-01"]), 5, None,
                                 pd.DataFrame({"x": [1]}), {"kaz-2022-01": 1}])
def test_crisis_card_takes_one_id_written_as_text(bad):
    """A list, Series, DataFrame or dict used to end in pandas' 'Lengths must match'."""
    with pytest.raises(CstoError, match="crisis_id is one episode's id written as text"):
        crisis_card(bad)
    with pytest.raises(UnknownNameError, match=r"\(20000 characters\)"):
        crisis_card("a" * 20_000)


@pytest.mark.parametrize("bad", [pd.Series(["declined"]), pd.DataFrame({"x": [1]}), 5,
                                 ["declined"], float("nan")])
def test_crisis_options_take_text(bad):
    """A Series or DataFrame used to end in 'The truth value of a Series is ambiguous'."""
    with pytest.raises(CstoError, match="response is one response written as text, or 'all'"):
        crisis_options(bad)
    with pytest.raises(CstoError, match="state is one state written as text, or 'all'"):
        crisis_options("all", bad)


@pytest.mark.parametrize("bad", [True, None, "x", [1], pd.Series([1]), float("nan"), 2.0])
def test_kazakhstan_day_and_stepper_refuse_what_is_not_a_day(bad):
    with pytest.raises(BadDateError):
        kazakhstan_day(bad)
    with pytest.raises(BadDateError):
        kazakhstan_stepper(bad)


def test_kazakhstan_day_takes_numpy_positions_and_shortens_huge_ones():
    """np.int64(2) used to be read as the year 2."""
    import numpy as np

    assert kazakhstan_day(np.int64(2))["index"] == 2
    with pytest.raises(CstoError, match=r"day 10*… is outside the operation") as info:
        kazakhstan_day(10**200)
    assert len(str(info.value)) < 250
    with pytest.raises(CstoError, match="from 0 to"):
        kazakhstan_stepper(-1)


def controls(box):
    """Every control inside a box: the widgets a learner operates (not text or output)."""
    import ipywidgets as w

    for child in getattr(box, "children", ()):
        yield from controls(child)
    if isinstance(box, (w.Button, w.Dropdown, w.IntSlider, w.SelectionSlider)):
        yield box


@pytest.mark.parametrize("build", [membership_explorer, crisis_explorer, kazakhstan_stepper])
def test_every_control_has_a_label_and_no_tooltip_only_text(build):
    """A screen reader reads a control's description; a tooltip needs a mouse, so no control
    keeps information in its tooltip alone."""
    found = list(controls(build()))
    assert found
    for control in found:
        assert control.description.strip(), f"{type(control).__name__} has no label"
        tip = control.tooltip
        assert not tip or tip in control.description, (control.description, tip)


@pytest.mark.parametrize("build", [membership_explorer, crisis_explorer, kazakhstan_stepper])
def test_a_saved_explorer_says_to_run_its_cell(build):
    """Saved in a notebook and opened before its cell runs, an explorer is drawn with dead
    controls (or not at all): its first line, and the text shown where it cannot be drawn,
    say to run the cell."""
    box = build()
    note = box.children[0]
    assert "csto-explorer-note" in note._dom_classes
    assert "Run this cell" in note.value
    bundle = box._repr_mimebundle_()
    assert bundle["text/plain"] == "Run this cell to use the explorer (Shift+Enter)."
    assert "application/vnd.jupyter.widget-view+json" in bundle


# --- names and values in words for assistive technology (issue 23) -------------------------

def aria_config(box) -> dict:
    """The configuration the explorer's hidden script applies in the browser."""
    helper = find(box, "csto-aria")
    assert helper.layout.display == "none"
    script = html.unescape(re.search(r'onerror="([^"]*)"', helper.value).group(1))
    return json.loads(re.search(r"var cfg=(\{.*?\}),tries=", script).group(1))


def test_the_year_slider_is_named_and_says_its_day_in_words():
    box = membership_explorer()
    config = aria_config(box)
    assert config["root"] == "csto-membership-explorer"
    (year,) = config["sliders"]
    slider = find(box, "csto-membership-year")
    assert year["cls"] == "csto-membership-year" and year["label"].startswith("Year")
    assert sorted(map(int, year["words"])) == list(range(slider.min, slider.max + 1))
    assert year["words"]["2012"] == "31 December 2012"
    last = csto.as_of()
    assert year["words"][str(last.year)].startswith(f"{last.day} {last:%B %Y}")


def test_the_day_slider_is_named_and_says_its_date_in_words():
    box = kazakhstan_stepper()
    config = aria_config(box)
    (day,) = config["sliders"]
    slider = find(box, "csto-kz-day")
    assert day["cls"] == "csto-kz-day" and day["label"] == "Day of the operation"
    positions = [value for _, value in slider.options]
    assert sorted(map(int, day["words"])) == positions  # every position the handle can take
    first = kazakhstan_day(0)["date"]
    assert day["words"]["0"] == f"{first:%A} {first.day} {first:%B %Y}, day 1 of {len(positions)}"


def test_the_crisis_explorer_keeps_its_arrow_keys():
    config = aria_config(crisis_explorer())
    assert config == {"root": "csto-crisis-explorer", "sliders": []}


def test_the_stepper_buttons_keep_their_words_in_a_narrow_window():
    """At 400 % zoom the buttons must not cut their labels: as wide as their words, and the
    row of controls wraps (issue 23)."""
    box = kazakhstan_stepper()
    for name in ("csto-kz-previous", "csto-kz-next"):
        button = find(box, name)
        assert button.layout.width == "auto" and button.layout.min_width == "max-content"
    row = next(c for c in box.children if find(c, "csto-kz-next") is not None)
    assert row.layout.flex_flow == "row wrap"
