"""The query functions: right answers from the data, and errors a learner can act on."""

from __future__ import annotations

import datetime as dt

import csto
import pandas as pd
import pytest
from csto.errors import BadDateError, UnknownNameError, UnknownStateError

# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["Kyrgyzstan", "kyrgyzstan", "KGZ", "kgz", "KG",
                                   "Kyrgyz Republic", "Kirghizia", "  Kyrgyzstan "])
def test_state_code_accepts_names_codes_and_variants(given):
    assert csto.state_code(given) == "KGZ"


def test_state_name_for_every_state_round_trips():
    for code, name in zip(csto.load("states")["iso3"], csto.load("states")["name"], strict=True):
        assert csto.state_name(code) == name
        assert csto.state_code(name) == code


@pytest.mark.parametrize(("typo", "suggestion"), [("Kyrgistan", "Kyrgyzstan"),
                                                  ("Belaruss", "Belarus"),
                                                  ("Tadjikstan", "Tajikistan")])
def test_unknown_state_suggests_the_closest_name(typo, suggestion):
    with pytest.raises(UnknownStateError) as err:
        csto.state_code(typo)
    msg = str(err.value)
    assert f"Did you mean {suggestion}?" in msg and "Valid names:" in msg and "ISO codes" in msg


def test_a_state_that_is_not_in_the_data_is_refused():
    with pytest.raises(UnknownStateError, match="'Narnia' is not a state in the data set"):
        csto.state_code("Narnia")


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["2022-01-06", dt.date(2022, 1, 6), pd.Timestamp("2022-01-06"),
                                   dt.datetime(2022, 1, 6, 15, 30)])
def test_parse_date_accepts_the_documented_forms(given):
    assert csto.dates.parse_date(given) == pd.Timestamp("2022-01-06")


@pytest.mark.parametrize("given", ["2022", 2022, "2022-01"])
def test_parse_date_takes_a_year_or_month_as_its_first_day(given):
    assert csto.dates.parse_date(given) == pd.Timestamp("2022-01-01")


@pytest.mark.parametrize("bad", ["06/01/2022", "2022-W01-1", "yesterday", True,
                                 None, 3.5])
def test_unreadable_dates_name_the_value_and_the_accepted_forms(bad):
    with pytest.raises(BadDateError) as err:
        csto.dates.parse_date(bad)
    assert repr(bad) in str(err.value) and "YYYY-MM-DD" in str(err.value)


@pytest.mark.parametrize("bad", ["2022-13-01", "2022-02-30", "2022-00"])
def test_impossible_dates_in_the_right_form_say_so(bad):
    """A date written in an accepted form but not on the calendar is not told to use the form
    it already has."""
    with pytest.raises(BadDateError, match=f"{bad!r} is not a real calendar date"):
        csto.dates.parse_date(bad)


def test_years_must_be_whole_numbers_in_range():
    for bad in ("1998", "abc", 1998.0):
        with pytest.raises(csto.CstoError, match="must be a year written as a whole number"):
            csto.status_table(bad)
    with pytest.raises(BadDateError, match="outside the data set's range"):
        csto.member_years("COW v4.1", 1800, 1850)
    with pytest.raises(BadDateError, match="outside the data set's range"):
        csto.member_years("this data set", 1992, 2099)
    with pytest.raises(csto.CstoError, match="COW v4.1 covers years up to 2012 only"):
        csto.member_years("COW v4.1", 2013, 2020)
    with pytest.raises(csto.CstoError, match="dataset is one coding"):
        csto.member_years(["COW v4.1", "ATOP v4.01"])
    assert int(csto.member_years("ATOP v4.01", 2013, 2020)["Russia"]) == 8


def test_no_silent_empty_result_for_an_empty_choice_or_a_reversed_period():
    for call in (lambda: csto.timeline(category=[]), lambda: csto.crises(response=[]),
                 lambda: csto.kazakhstan_figures([]), lambda: csto.claims([]),
                 lambda: csto.alliance_codings([])):
        with pytest.raises(csto.CstoError, match="is empty: give at least one"):
            call()
    with pytest.raises(csto.CstoError, match="comes after end"):
        csto.timeline(start="2022-01-01", end="2000-01-01")


@pytest.mark.parametrize("bad", ["1875-01-01", "2099-01-01"])
def test_out_of_range_dates_name_the_range(bad):
    with pytest.raises(BadDateError, match=f"from 1991-01-01 to {csto.as_of().isoformat()}"):
        csto.members_on(bad)


# --- membership ----------------------------------------------------------------------------


def test_spells_cover_every_state_with_a_status_event():
    events = csto.load("membership_events").dropna(subset=["status_after"])
    with_status = set(events.loc[events["status_after"] != "none", "iso3"])
    assert set(csto.membership_spells()["iso3"]) == with_status


def test_spells_for_one_state_and_bad_state():
    assert set(csto.membership_spells("Georgia")["iso3"]) == {"GEO"}
    with pytest.raises(UnknownStateError):
        csto.membership_spells("Gorgia")


def test_status_on_lists_every_state_once():
    table = csto.status_on("2024-06-01")
    assert sorted(table["name"]) == sorted(csto.load("states")["name"])
    assert table.set_index("name").loc["Armenia", "status"] == "frozen"
    assert table.set_index("name").loc["Ukraine", "status"] == "none"


def test_status_table_agrees_with_status_on_at_year_end():
    table = csto.status_table(1992, 2013)
    for year in (1992, 1999, 2006, 2012):
        day = csto.status_on(f"{year}-12-31").set_index("name")["status"]
        assert table[year].to_dict() == day.reindex(table.index).astype(str).to_dict()


def test_status_table_refuses_a_reversed_or_out_of_range_period():
    with pytest.raises(csto.CstoError, match="comes after last_year"):
        csto.status_table(2010, 2000)
    with pytest.raises(BadDateError):
        csto.status_table(1950, 2000)


# --- timeline and crises -------------------------------------------------------------------


def test_timeline_filters_combine():
    events = csto.timeline(category=["summit", "crisis"], state="Armenia", start="2020-01-01",
                           end="2022-12-31")
    assert len(events) > 0
    assert set(events["category"]) <= {"summit", "crisis"}
    assert events["states"].str.contains("ARM").all()
    assert events["date"].between("2020-01-01", "2022-12-31").all()
    assert events["date"].is_monotonic_increasing


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"category": "crises"}, UnknownNameError), ({"state": "Armenie"}, UnknownStateError),
    ({"start": "yesterday"}, BadDateError),
])
def test_timeline_bad_arguments(kwargs, error):
    with pytest.raises(error):
        csto.timeline(**kwargs)


def test_crises_filters_and_bad_response():
    declined = csto.crises(response="declined")
    assert (declined["response"] == "declined").all() and len(declined) >= 1
    both = csto.crises(state="Tajikistan")
    assert len(both) >= 2  # Tajikistan 2021 and the Kyrgyz-Tajik clashes
    assert ((both["state"] == "TJK") | both["other_states"].fillna("").str.contains("TJK")).all()
    with pytest.raises(UnknownNameError, match="Did you mean 'declined'"):
        csto.crises(response="decline")


def test_kazakhstan_queries_hold_the_operation():
    days = csto.kazakhstan_days()
    assert days["date"].is_monotonic_increasing and (days["date"].dt.year == 2022).all()
    figures = csto.kazakhstan_figures(["deaths", "detentions"])
    assert set(figures["measure"]) == {"deaths", "detentions"}
    with pytest.raises(UnknownNameError):
        csto.kazakhstan_figures("death")
    contingent = csto.kazakhstan_contingent()
    assert contingent["name"].notna().all()
    unknown = contingent[contingent["status"] == "unknown"]
    assert unknown["personnel"].isna().all(), "a gap must stay a gap"
    sites = csto.kazakhstan_sites()
    assert sites["lat"].between(40, 56).all() and sites["lon"].between(46, 88).all()


def test_claims_and_bad_question():
    one = csto.claims("geo-signature-date")
    assert len(one) >= 2 and one["used_in_lessons"].sum() == 1
    with pytest.raises(UnknownNameError, match="Did you mean"):
        csto.claims("geo-signature")


def test_alliance_codings_and_member_years():
    cow = csto.alliance_codings("COW v4.1")
    assert (cow["dataset"] == "COW v4.1").all() and cow["name"].notna().all()
    with pytest.raises(UnknownNameError):
        csto.alliance_codings("COW 4.1")
    ours = csto.member_years("this data set")
    assert ours["Georgia"] == 6  # 1994-1999, in force from 20 April 1994 to the 1999 lapse
    assert (csto.member_years("COW v4.1") >= ours.reindex(csto.member_years("COW v4.1").index)
            .fillna(0)).all()


# --- sources -------------------------------------------------------------------------------


def test_cite_formats_publisher_title_date_and_own_url():
    sources = csto.load("sources").set_index("source_id")
    with_url = sources[sources["url"].notna()].index[0]
    text = csto.cite(with_url)
    row = sources.loc[with_url]
    assert text.startswith(row["publisher"]) and row["title"] in text
    assert row["date_text"] in text and text.endswith(row["url"])
    without = sources[sources["url"].isna()].index[0]
    assert "http" not in csto.cite(without)


def test_bibliography_lists_each_source_once():
    events = csto.timeline(category="origins")
    ids = csto.sources.source_ids(events)
    assert len(ids) == len(set(ids))
    text = csto.sources.bibliography(events, events)
    sources = csto.load("sources").set_index("source_id")
    for sid in ids:
        title = csto.sources._markdown_text(sources.loc[sid, "title"])
        assert text.count(f"“{title}") == 1, sid
    with pytest.raises(csto.CstoError, match="no 'source_id' column"):
        csto.sources.source_ids(pd.DataFrame({"x": [1]}))


def test_unknown_table_and_public_name():
    with pytest.raises(UnknownNameError, match="Did you mean 'timeline'"):
        csto.load("timelines")
    with pytest.raises(AttributeError):
        csto.no_such_function  # noqa: B018


def test_in_jupyter_a_csto_error_shows_as_one_sentence():
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import csto"),
                nbformat.v4.new_code_cell("csto.members_on('yesterday')",
                                          metadata={"tags": ["raises-exception"]}),
                nbformat.v4.new_code_cell("1 / 0", metadata={"tags": ["raises-exception"]})]
    NotebookClient(nb, kernel_name="python3", timeout=60).execute()
    short, other = nb.cells[1].outputs[0], nb.cells[2].outputs[0]
    assert short["ename"] == "BadDateError" and "'yesterday'" in short["evalue"]
    assert len(short["traceback"]) == 2 and "%tb" in short["traceback"][0]
    assert len(other["traceback"]) > 2, "other errors keep their full traceback"


@pytest.mark.parametrize(("start", "end", "year", "month"), [
    (1999, 1999, 1999, None), ("1999", "1999", 1999, None), ("2022-01", "2022-01", 2022, 1),
])
def test_a_year_or_month_as_end_keeps_the_whole_period(start, end, year, month):
    events = csto.timeline(start=start, end=end)
    assert len(events) >= 2
    assert (events["date"].dt.year == year).all()
    every = csto.timeline()
    inside = every[(every["date"].dt.year == year)
                   & ((every["date"].dt.month == month) if month else True)]
    assert len(events) == len(inside)


def test_claims_and_codings_take_lists_too():
    both = csto.claims(["geo-signature-date", "blr-entry-date"])
    assert set(both["question_id"]) == {"geo-signature-date", "blr-entry-date"}
    codings = csto.alliance_codings(["COW v4.1", "ATOP v4.01"])
    assert set(codings["dataset"]) == {"COW v4.1", "ATOP v4.01"}


def test_odd_arguments_get_plain_errors():
    import numpy as np

    assert csto.members_on(np.int64(2000)) == csto.members_on(2000)
    with pytest.raises(UnknownNameError, match="Valid responses"):
        csto.crises(response=5)
    with pytest.raises(csto.CstoError, match="comes after last_year"):
        csto.member_years("COW v4.1", 2012, 1992)


def test_bibliography_shows_titles_as_text_and_links_urls():
    sources = csto.load("sources").set_index("source_id")
    bracketed = sources[sources["title"].str.contains(r"\[", regex=True)].index[0]
    linked = sources[sources["url"].notna()].index[0]
    text = csto.sources.bibliography([bracketed, linked])
    assert "\\[" in text, "brackets in a title are escaped, so Markdown shows them"
    assert f"<{sources.loc[linked, 'url']}>" in text


def test_unknown_name_errors_stay_one_readable_sentence():
    """A long list of valid values is not printed in full: the error names the closest ones
    (an abbreviation finds the id it begins) and says where the list is."""
    with pytest.raises(UnknownNameError) as info:
        csto.cite("atop")
    message = str(info.value)
    assert "Did you mean 'atop-v4-01'?" in message
    assert "load(\"sources\") lists them" in message and len(message) < 200
    with pytest.raises(UnknownNameError, match="Valid categories: crisis, "):
        csto.timeline(category="crises")


def test_bibliography_takes_one_id_and_refuses_what_is_not_a_source():
    assert csto.sources.bibliography("atop-v4-01") == csto.sources.bibliography(["atop-v4-01"])
    # one entry, not one per letter
    assert csto.sources.bibliography("atop-v4-01").count("\n- ") == 0
    for bad in (pd.Series([21, 19]), 5, ["atop-v4-01", 3]):
        with pytest.raises(csto.CstoError, match="Sources are listed for tables from csto"):
            csto.sources.bibliography(bad)


def test_check_and_the_queries_read_dates_alike():
    """One parser: a date check accepts is one a query accepts, and the other way round."""
    from csto.exercises import read_date

    for text in ("20 April 1994", "1994-04-20", "April 20, 1994", "20.04.1994"):
        assert csto.dates.parse_date(text) == read_date(text)[0] == pd.Timestamp("1994-04-20")
    for text in ("06/01/2022", "yesterday"):
        with pytest.raises(BadDateError):
            csto.dates.parse_date(text)
        with pytest.raises(BadDateError):
            read_date(text)


def test_a_year_means_the_same_day_in_every_helper_and_the_slider():
    """members_on(2012), status_on(2012), the year table and the explorer's slider all mean
    31 December 2012 (Uzbekistan was suspended on 19 December 2012)."""
    from csto.widgets import membership_day, membership_view

    assert csto.members_on(2012) == csto.members_on("2012-12-31")
    assert "Uzbekistan" not in csto.members_on(2012)
    table = csto.status_table(2012, 2012)[2012]
    status = csto.status_on(2012).set_index("name")["status"].astype(str)
    assert all(status[name] == table[name] for name in table.index)
    assert membership_day(2012) == membership_view(2012)["date"] == pd.Timestamp("2012-12-31")
    assert csto.members_on(csto.as_of().year) == csto.members_on(csto.as_of())


# --- hostile input: one sentence, never a raw traceback or a silent result ------------------

CHOOSERS = [csto.timeline, csto.crises, csto.claims, csto.kazakhstan_figures,
            csto.alliance_codings]


@pytest.mark.parametrize("choose", CHOOSERS)
@pytest.mark.parametrize("bad", [pd.DataFrame({"crisis": [1]}), {"crisis": 1, "deaths": 2},
                                 pd.DataFrame({"deaths": ["deaths"]})])
def test_a_table_or_dict_is_not_a_list_of_names(choose, bad):
    """A DataFrame or dict used to be read as its column names or keys: a silent result."""
    with pytest.raises(UnknownNameError, match=f"^a {type(bad).__name__} is not a known"):
        choose(bad)


@pytest.mark.parametrize("choose", CHOOSERS)
@pytest.mark.parametrize("bad", [5, [1, 2], float("nan"), True, [["crisis"]]])
def test_a_number_or_list_of_numbers_is_not_a_name(choose, bad):
    with pytest.raises(UnknownNameError, match="is not a known .* Valid"):
        choose(bad)


@pytest.mark.parametrize("call", [
    lambda v: csto.timeline(category=v), lambda v: csto.crises(response=[v]),
    lambda v: csto.claims(v), lambda v: csto.member_years(v), lambda v: csto.status_table(v),
    lambda v: csto.member_years("COW v4.1", 1992, v), lambda v: csto.alliance_codings(v),
])
def test_long_values_are_shortened_in_messages(call):
    with pytest.raises(csto.CstoError) as info:
        call("a" * 20_000)
    assert "(20000 characters)" in str(info.value) and len(str(info.value)) < 700


@pytest.mark.parametrize("bad", [1998.5, True, None, "1998", [1998], pd.Series([1998])])
def test_years_are_whole_numbers(bad):
    with pytest.raises(csto.CstoError, match="must be a year written as a whole number"):
        csto.status_table(bad)
    with pytest.raises(csto.CstoError, match="must be a year written as a whole number"):
        csto.member_years("this data set", 1992, bad)


@pytest.mark.parametrize("bad", [1990, 10**30, -5])
def test_years_outside_the_data_name_the_range(bad):
    with pytest.raises(BadDateError, match=f"choose a year from 1991 to {csto.as_of().year}"):
        csto.status_table(bad)


def test_a_numpy_year_works():
    import numpy as np

    assert csto.status_table(np.int64(1999), np.int64(2000)).equals(csto.status_table(1999, 2000))


@pytest.mark.parametrize("function", [csto.members_on, csto.status_on])
@pytest.mark.parametrize("bad", [None, float("nan"), True, False, ["2000-01-01"],
                                 pd.Series(["2000-01-01"]), pd.NaT, "2022-02-30", 10**30])
def test_members_on_and_status_on_refuse_what_is_not_a_day(function, bad):
    with pytest.raises(BadDateError):
        function(bad)


def test_status_on_sweeps_every_day_quickly_and_agrees_with_the_spells():
    """Every day from 1992 to the data's "as of" date in seconds (it took about a minute), with
    each state's status the spell that covers the day."""
    import time

    days = pd.date_range("1992-01-01", csto.as_of())
    started = time.perf_counter()
    tables = {day: csto.status_on(day) for day in days}
    members = {day: csto.members_on(day) for day in days}
    assert time.perf_counter() - started < 20
    spells = csto.membership_spells()
    for day in days[::97].union(pd.DatetimeIndex(spells["start"].unique())):
        now = spells[(spells["start"] <= day) & (spells["end"].isna() | (spells["end"] > day))]
        expected = dict(zip(now["name"], now["status"].astype(str), strict=True))
        got = tables[day].set_index("name")["status"].astype(str)
        assert got[got != "none"].to_dict() == expected, day
        assert members[day] == sorted(n for n, s in expected.items() if s in ("party", "frozen"))


def test_show_sources_is_sorted_by_publisher_one_line_each():
    """Lesson 04 lists 66 sources: in order of publisher, each publisher on one line (not one
    line per source in the order the tables happened to name them)."""
    tables = [csto.kazakhstan_days(), csto.kazakhstan_figures(), csto.kazakhstan_contingent(),
              csto.perspectives("kazakhstan-2022")]
    text = csto.show_sources(*tables).data
    publishers = [line[2:].split(": “")[0] for line in text.splitlines()]
    assert publishers == sorted(publishers, key=str.casefold), publishers
    assert len(publishers) == len(set(publishers))
    n_sources = len({i for t in tables for i in csto.sources.source_ids(t)})
    assert len(publishers) < n_sources


# --- other alliances and counting rules ------------------------------------------------------


def test_alliances_hold_the_bodies_the_comparison_needs():
    table = csto.alliances()
    assert {"nato", "csto", "sco", "cis", "gcc", "ecowas", "sadc", "arab-league-1950",
            "asean"} <= set(table["body_id"])
    nato = table.set_index("body_id").loc["nato"]
    assert nato["clause_article"] == "Article 5" and nato["consultation_article"] == "Article 4"
    assert nato["leading_states"] == "United States"
    # the members table and the stated counts agree, body by body
    counts = csto.alliance_members().groupby("body_id").size()
    assert counts.to_dict() == table.set_index("body_id")["members_count"].astype(int).to_dict()


def test_alliances_filter_by_defence_clause_and_refuse_bad_filters():
    with_clause = set(csto.alliances(defence_clause=True)["body_id"])
    without = set(csto.alliances(defence_clause=False)["body_id"])
    assert {"nato", "csto", "gcc"} <= with_clause and {"sco", "asean"} <= without
    assert not with_clause & without
    with pytest.raises(UnknownNameError, match="'natto' is not a known body. Did you mean 'nato'"):
        csto.alliances(body="natto")
    with pytest.raises(csto.CstoError, match="defence_clause must be True, False or None"):
        csto.alliances(defence_clause="yes")


def test_interventions_answer_the_unrest_question():
    inside = csto.interventions(against_unrest_inside=True)
    assert {"gcc-2011-bahrain", "ecowas-2017-gambia", "sadc-1998-lesotho",
            "csto-2022-01-kazakhstan"} <= set(inside["intervention_id"])
    assert inside["start_date"].is_monotonic_increasing
    # no body outside the CSTO acted against unrest with UN authorisation in these rows
    assert (inside["un_authorised"] != "yes").all()
    csto_rows = csto.interventions(body="csto")
    assert len(csto_rows) == 2 and set(csto_rows["article"]) == {"Article 4"}
    with pytest.raises(UnknownNameError, match="is not a known kind"):
        csto.interventions(kind="invasion")
    with pytest.raises(csto.CstoError, match="against_unrest_inside must be True, False"):
        csto.interventions(against_unrest_inside=1)


def test_crisis_counts_change_with_the_rule():
    counts = csto.crisis_counts().set_index("rule")
    crises = csto.crises()
    assert counts.loc["the data set's rule", "episodes"] == len(crises) >= 17
    unrest = (crises["kind"] == "internal unrest").sum()
    assert counts.loc["mass unrest", "episodes"] == unrest
    assert counts.loc["armed conflict", "episodes"] == len(crises) - unrest
    formal = crises["request_type"] == "formal request for assistance (Article 4)"
    assert counts.loc["formal requests only", "episodes"] == formal.sum()
    assert counts.loc["formal requests only", "forces deployed"] == (
        crises.loc[formal, "response"] == "forces deployed").sum()
    assert counts["episodes"].nunique() > 2, "the rules must give different counts"
    with pytest.raises(UnknownNameError, match="is not a known rule"):
        csto.crisis_counts("any rule")


def test_the_crisis_record_starts_before_2010():
    crises = csto.crises()
    assert {"kgz-2005-03-tulip", "rus-geo-2008-08", "kgz-2010-04-revolution",
            "arm-2016-04-karabakh", "kgz-tjk-2022-01"} <= set(crises["crisis_id"])
    assert crises["start_date"].min() < pd.Timestamp("2010-01-01")
