"""The data set: valid against its schemas, and right in what a schema cannot say."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlparse

import csto
import pandas as pd
import pytest
from conftest import ROOT
from csto.data import LIST_KEYS, _precision_field, load, table_names
from csto.errors import CstoError
from csto.paths import clear_cache
from csto.sources import source_ids

DATA = ROOT / "data"
SIX = ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]
NINE = sorted([*SIX, "Azerbaijan", "Georgia", "Uzbekistan"])


def test_frictionless_finds_no_error():
    from frictionless import Package

    report = Package(str(DATA / "datapackage.json")).validate()
    errors = [(t.name, e.message) for t in report.tasks for e in t.errors]
    assert report.valid, errors[:10]
    assert all(t.stats.get("rows", 0) > 0 for t in report.tasks), "every table holds rows"


def test_package_states_licence_and_as_of():
    pkg = csto.data.package()
    assert pkg["licenses"][0]["name"] == "CC-BY-4.0"
    assert dt.date.fromisoformat(pkg["as_of"]) <= dt.date.today()


@pytest.mark.parametrize("table", [t for t in table_names() if t != "sources"])
def test_every_row_names_a_source_that_exists(table):
    frame = load(table)
    assert frame["source_id"].notna().all()
    known = set(load("sources")["source_id"])
    assert set(source_ids(frame)) <= known


@pytest.mark.parametrize("table", table_names())
def test_list_columns_resolve(table):
    frame = load(table)
    for col, (target, key) in LIST_KEYS.items():
        if col not in frame:
            continue
        keys = set(load(target)[key])
        for cell in frame[col].dropna():
            assert set(cell.split(";")) <= keys, (table, col, cell)


def test_spells_do_not_overlap_and_start_before_they_end():
    spells = csto.membership_spells()
    for name, group in spells.groupby("name"):
        group = group.sort_values("start")
        ends = group["end"].tolist()
        assert all(pd.isna(e) or s < e for s, e in zip(group["start"], ends, strict=True)), name
        for (_, a), (_, b) in zip(group.iloc[:-1].iterrows(), group.iloc[1:].iterrows(),
                                  strict=True):
            assert pd.notna(a["end"]) and a["end"] <= b["start"], name


def test_claims_keep_each_disagreement_with_one_choice():
    claims = load("claims")
    for question, group in claims.groupby("question_id"):
        assert len(group) >= 2, f"{question}: a disagreement needs at least two claims"
        assert group["used_in_lessons"].sum() == 1, f"{question}: mark exactly one claim as used"


# The disagreements the data issue names, each with the words its claims must contain.
NAMED = {
    "geo-signature-date": ("1993",), "blr-entry-date": ("1994",),
    "uzb-return-ratification": ("2006", "2008"), "kz2022-troop-total": ("2,500", "2,030"),
    "kz2022-death-toll": ("164", "238"),
}


@pytest.mark.parametrize(("question", "words"), NAMED.items())
def test_named_disagreements_are_kept(question, words):
    claims = csto.claims(question)
    assert len(claims) >= 2
    text = " ".join(claims["claim"])
    assert all(w in text for w in words), (question, text)


MIRRORS = ("news-pravda.com", "pavlodar.com", "rustolat.ru", "armeniandiaspora", "blogen.wiki",
           "wikipedia.org", "web.archive.org", "archive.ph", "survincity", "github.com")


COPIES = re.compile(r"/amp(/|$)|/m/|/rss(/|$)|[?&]amp\b")  # AMP, mobile and feed copies


def test_source_urls_are_the_publications_own():
    for url in load("sources")["url"].dropna():
        host = urlparse(url).netloc
        assert url.startswith(("https://", "http://")) and host, url
        assert not any(m in url for m in MIRRORS), f"{url} looks like a mirror or a copy"
        assert not COPIES.search(url), f"{url} is an AMP, mobile or feed copy of a page"


def test_data_dictionary_in_the_readme_matches_the_schemas():
    import data_dictionary

    text = data_dictionary.README.read_text(encoding="utf-8")
    assert data_dictionary.render(text) == text, "run python tools/data_dictionary.py"


def test_date_precision_matches_the_text():
    lengths = {"day": 10, "month": 7, "year": 4}
    for table in table_names():
        frame = load(table)
        for col in [c for c in frame if c.endswith("_text")]:
            base = col.removesuffix("_text")
            prec = _precision_field(list(frame.columns), base)
            if prec is None:
                continue
            both = frame[[col, prec]].dropna()
            assert (both[col].str.len() == both[prec].astype(str).map(lengths)).all(), (table, col)


# members_on at every change of membership (the day before and the day of).
CHANGES = [
    ("1992-05-15", []),                  # signed, not yet in force
    ("1994-04-19", []),
    ("1994-04-20", NINE),                # entry into force
    ("1999-04-19", NINE),
    ("1999-04-20", SIX),                 # AZE, GEO, UZB lapse
    ("2006-08-15", SIX),
    ("2006-08-16", sorted([*SIX, "Uzbekistan"])),  # Uzbekistan's return protocol
    ("2012-12-18", sorted([*SIX, "Uzbekistan"])),
    ("2012-12-19", SIX),                 # Uzbekistan suspended
    ("2024-02-22", SIX),                 # Armenia frozen: still a party
]


@pytest.mark.parametrize(("day", "parties"), CHANGES)
def test_members_on_at_every_change(day, parties):
    assert csto.members_on(day) == parties


def test_members_on_changes_exactly_where_the_events_say():
    events = load("membership_events").dropna(subset=["status_after"])
    for rec in events.itertuples():
        day = rec.date
        if day.year < 1992:
            continue
        before = set(csto.members_on(max(day - pd.Timedelta(days=1), pd.Timestamp("1991-01-01"))))
        after = set(csto.members_on(day))
        name = csto.state_name(rec.iso3)
        party = rec.status_after in ("party", "frozen")
        assert (name in after) == party, (rec.event_id, day)
        same_day = {csto.state_name(c) for c in events.loc[events["date"] == day, "iso3"]}
        assert before ^ after <= same_day, f"{rec.event_id}: others changed on {day:%Y-%m-%d}"


def test_missing_data_folder_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("CSTO_DATA", str(tmp_path / "nowhere"))
    monkeypatch.setattr(csto.paths, "_REPO_DATA", tmp_path / "also-nowhere")
    clear_cache()
    try:
        with pytest.raises(CstoError, match="nowhere.*from CSTO_DATA.*also-nowhere"):
            load("states")
    finally:
        clear_cache()


def test_import_csto_reads_no_data_and_no_heavy_library():
    import subprocess
    import sys

    code = ("import sys\n"
            "opened = []\n"
            "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' else None)\n"
            "import csto\n"
            "print([f for f in opened if f.endswith(('.csv', '.json'))])\n"
            "print(sorted(m for m in ('folium', 'matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "[]"], out.stdout


def test_each_data_file_is_read_once_per_session():
    """Loading every table (whose key checks read other tables) opens each CSV exactly once."""
    import subprocess
    import sys

    code = ("import collections, sys\n"
            "opened = collections.Counter()\n"
            "sys.addaudithook(lambda e, a: opened.update([str(a[0])]) "
            "if e == 'open' and str(a[0]).endswith('.csv') else None)\n"
            "import csto\n"
            "for t in csto.table_names(): csto.load(t)\n"
            "for t in csto.table_names(): csto.load(t)\n"
            "import json\n"
            "print(json.dumps([len(csto.table_names()), dict(opened)]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    tables, opened = json.loads(out.stdout)
    assert len(opened) == tables, opened
    assert set(opened.values()) == {1}, {f: n for f, n in opened.items() if n != 1}


def test_our_codings_row_match_the_spells():
    """The 'this data set' rows of alliance_codings are copied by hand: check them."""
    ours = csto.alliance_codings("this data set")
    spells = csto.membership_spells()
    parties = spells[spells["status"].isin(["party", "frozen"])].sort_values(["iso3", "start"])
    merged = []  # join party and frozen spells that follow each other
    for rec in parties.itertuples():
        if merged and merged[-1][0] == rec.iso3 and merged[-1][2] == rec.start_text:
            merged[-1][2] = rec.end_text
        else:
            merged.append([rec.iso3, rec.start_text, rec.end_text])
    expected = sorted((i, s, e if isinstance(e, str) else "") for i, s, e in merged)
    got = sorted((r.iso3, r.start_text, r.end_text if isinstance(r.end_text, str) else "")
                 for r in ours.itertuples())
    assert got == expected


# --- Shape checks on every table (tests that can fail when a hand-edited row is wrong) ---

START_END = {"timeline": ("date", "end_date"), "crises": ("start_date", "end_date"),
             "capitals": ("start", "end"), "alliance_codings": ("start", "end")}


@pytest.mark.parametrize(("table", "cols"), START_END.items())
def test_end_dates_are_not_before_start_dates(table, cols):
    frame = load(table).dropna(subset=[cols[1]])
    bad = frame[frame[cols[1]] < frame[cols[0]]]
    assert bad.empty, bad.iloc[:, 0].tolist()


def test_every_source_is_cited_somewhere_or_kept_on_purpose():
    cited = set()
    for table in table_names():
        if table != "sources":
            cited |= set(source_ids(load(table)))
    unused = set(load("sources")["source_id"]) - cited
    # Sources cited only in the text of another row's note, or added by another table, are fine,
    # but a large number of unused sources means a row was deleted without its source.
    assert len(unused) < 40, sorted(unused)


def test_the_as_of_date_is_written_only_in_datapackage_json():
    """The README says what as_of means but must not repeat a different date as 'the' as-of."""
    as_of = csto.as_of().isoformat()
    text = (DATA / "README.md").read_text(encoding="utf-8")
    assert f"now {as_of}" in text and f"as of {as_of}" in text
    stale = [f.name for f in DATA.glob("*.csv") if "As of 2026-11-27" in f.read_text("utf-8")]
    assert not stale, stale


def test_armenia_is_still_a_party_on_the_as_of_date():
    assert "Armenia" in csto.members_on(csto.as_of().isoformat())
    assert csto.members_on(csto.as_of().isoformat()) == SIX


def test_no_row_cites_the_renamed_funding_source():
    assert "rferl-2024-funding" not in set(load("sources")["source_id"])
    assert "aa-2024-05-08-funding" in set(load("membership_events")["source_id"])


def test_the_charter_exit_rule_is_recorded_and_the_no_exit_claim_is_not_used():
    claims = csto.claims("csto-unilateral-exit")
    used = claims[claims["used_in_lessons"]]
    assert "Article 19" in used["claim"].item() and "six months" in used["claim"].item()
    tass = claims[claims["source_id"] == "tass-2012-uzb-suspended"]
    assert len(tass) == 1 and not tass["used_in_lessons"].item()
    assert "wrong" in tass["reason"].item().lower()


def test_armenia_steps_after_the_freeze_change_no_status():
    events = load("membership_events")
    later = events[(events["iso3"] == "ARM") & (events["date"] > pd.Timestamp("2024-02-22"))]
    assert len(later) >= 10 and later["status_after"].isna().all()


def test_timeline_and_crises_states_are_known_and_crisis_ids_resolve():
    crises = set(load("crises")["crisis_id"])
    timeline = load("timeline")
    assert set(timeline["crisis_id"].dropna()) <= crises
    assert {"kgz-2010-osh", "kaz-2022-01", "arm-2022-09-attack", "arm-2023-karabakh"} <= crises


@pytest.mark.parametrize("event_id", [
    "rules-on-leaving-2004", "treaty-protocol-2010", "uzbekistan-suspended-2012",
    "kz-massimov-detained", "kz-shoot-to-kill", "kz-colour-revolutions", "kz-china-support",
    "ukraine-unga-vote-2022", "kz-no-recognition-2022", "karabakh-offensive-2023",
    "russia-chair-2026"])
def test_topic_rows_exist(event_id):
    assert event_id in set(load("timeline")["event_id"])


def test_afghan_border_drills_list_all_six_members():
    row = load("timeline").set_index("event_id").loc["drills-afghan-border-2021"]
    assert sorted(row["states"].split(";")) == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


# --- Hostile arguments: a wrong type or value gets one sentence (a CstoError), never a traceback
# from inside pandas or Python.


@pytest.mark.parametrize("bad", [None, True, 5, float("nan"), ["states"], ("states",),
                                 pd.Series(["states"]), pd.DataFrame({"states": [1]}),
                                 "states\x00", "x" * 20_000, "ß" * 3])
def test_load_refuses_what_is_not_a_table_name(bad):
    with pytest.raises(csto.errors.UnknownNameError) as err:
        load(bad)
    msg = str(err.value)
    assert "is not a known table" in msg and "\n" not in msg and len(msg) < 500
    with pytest.raises(csto.errors.UnknownNameError):
        csto.data.schema(bad)


def test_a_long_table_name_is_shortened_in_the_message():
    with pytest.raises(CstoError, match=r"… \(20000 characters\) is not a known table"):
        load("s" * 20_000)


def test_state_code_strips_accents_only():
    assert csto.state_code("Ärmenia") == csto.state_code("ＡＲＭ") == "ARM"
    assert csto.state_code("Türkiye") == "TUR"
    for bad in ("Ärmenia 漢字 🙂", "Armenia🙂", "Росія"):
        with pytest.raises(csto.errors.UnknownStateError) as err:
            csto.state_code(bad)
        assert str(err.value).startswith(f"{bad!r} is not a state in the data set.")
    with pytest.raises(csto.errors.UnknownStateError, match="Did you mean Armenia?"):
        csto.state_code("Ärmenia 漢字 🙂")


@pytest.mark.parametrize(("bad", "shown"), [
    (pd.Series(["ARM"]), "a Series of 1 values"), (pd.DataFrame({"iso3": ["ARM"]}),
                                                    "a DataFrame of 1 rows"),
    (["ARM", "RUS"], "['ARM', 'RUS']"), (None, "None"), (float("nan"), "nan"),
    ("A" * 5000, "(5000 characters)"),
])
def test_state_names_show_a_wrong_value_shortly_on_one_line(bad, shown):
    for func in (csto.state_code, csto.state_name):
        with pytest.raises(csto.errors.UnknownStateError) as err:
            func(bad)
        assert shown in str(err.value) and "\n" not in str(err.value)
        assert len(str(err.value)) < 400


@pytest.mark.parametrize("bad", ["January 1, 0001", "2022\x00", "20 April\t1994\x07"])
def test_a_date_is_read_as_written_or_refused(bad):
    """dateutil read the year 0001 as 2001 and ignored control characters."""
    with pytest.raises(csto.errors.BadDateError, match="is not a date csto can read"):
        csto.dates.read_date(bad)
