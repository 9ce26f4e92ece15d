"""Balance of the data set: attributed perspectives, further readings, scholarship and publishers.

Each rule is a small function that returns the problems it finds (an empty list when the data
pass), so the tests below can also show that every rule fails on data that break it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter

import csto
import pandas as pd
import pytest
from conftest import ROOT
from csto.paths import lessons

DATA = ROOT / "data"

REQUIRED_CASES = ("kyrgyzstan-2010", "kazakhstan-2022", "armenia-2021-2024")
MIN_VOICES, MIN_KINDS = 6, 4
LESSONS = tuple(lessons())  # the lesson numbers, from the notebooks' file names
MIN_READINGS, MAX_READINGS = 2, 4
#: Kinds that count as scholarship for a lesson's readings.
SCHOLARSHIP = {"scholarly article", "book chapter", "research report"}
#: Kinds that count towards the data set's floor of scholarship and analysis.
SCHOLARSHIP_OR_ANALYSIS = SCHOLARSHIP | {"analysis", "scholarly data set"}
MIN_SCHOLARSHIP_OR_ANALYSIS = 12
MAX_PUBLISHER_SHARE = 0.10
#: "Critics say" is not a source: a voice must be a named person or body.
VAGUE_WHO = {"critics", "experts", "analysts", "observers", "some", "many", "officials", "sources"}


def read(table: str) -> list[dict[str, str]]:
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def cited(row: dict[str, str]) -> list[str]:
    ids = [row["source_id"]]
    ids += [s.strip() for s in row.get("also_source_ids", "").split(";") if s.strip()]
    return ids


# ----------------------------------------------------------------------------- the rules


def voice_problems(perspectives: list[dict[str, str]]) -> list[str]:
    problems = []
    for case in REQUIRED_CASES:
        rows = [r for r in perspectives if r["case"] == case]
        voices = {(r["who"], r["position"]) for r in rows}
        kinds = {r["voice_kind"] for r in rows}
        if len(voices) < MIN_VOICES:
            problems.append(f"{case}: {len(voices)} voices, fewer than {MIN_VOICES}")
        if len(kinds) < MIN_KINDS:
            problems.append(f"{case}: {len(kinds)} kinds of voice {sorted(kinds)}, "
                            f"fewer than {MIN_KINDS}")
    for r in perspectives:
        if r["who"].strip().lower() in VAGUE_WHO or not r["who"].strip():
            problems.append(f"{r['perspective_id']}: 'who' must name a person or body")
    return problems


def missing_sources(rows: list[dict[str, str]], key: str, source_ids: set[str]) -> list[str]:
    return [f"{r[key]}: unknown source {s!r}" for r in rows for s in cited(r)
            if s not in source_ids]


def reading_problems(readings: list[dict[str, str]], kind_of: dict[str, str]) -> list[str]:
    problems = []
    for lesson in LESSONS:
        mine = [r for r in readings if r["lesson"] == lesson]
        if not MIN_READINGS <= len(mine) <= MAX_READINGS:
            problems.append(f"lesson {lesson}: {len(mine)} readings, "
                            f"not {MIN_READINGS} to {MAX_READINGS}")
        if not any(kind_of.get(r["source_id"]) in SCHOLARSHIP for r in mine):
            problems.append(f"lesson {lesson}: no scholarship among its readings")
        if len({r["source_id"] for r in mine}) != len(mine):
            problems.append(f"lesson {lesson}: the same reading is listed twice")
    return problems


def scholarship_problems(sources: list[dict[str, str]]) -> list[str]:
    n = sum(s["kind"] in SCHOLARSHIP_OR_ANALYSIS for s in sources)
    if n < MIN_SCHOLARSHIP_OR_ANALYSIS:
        return [f"{n} sources of scholarship or analysis, fewer than {MIN_SCHOLARSHIP_OR_ANALYSIS}"]
    return []


def publisher_problems(sources: list[dict[str, str]]) -> list[str]:
    counts = Counter(s["publisher"] for s in sources)
    return [f"{p}: {n} of {len(sources)} sources, more than {MAX_PUBLISHER_SHARE:.0%}"
            for p, n in counts.most_common() if n > MAX_PUBLISHER_SHARE * len(sources)]


# ----------------------------------------------------------------------------- the data


@pytest.fixture(scope="module")
def sources() -> list[dict[str, str]]:
    return read("sources")


def test_each_required_case_has_six_voices_of_four_kinds():
    assert voice_problems(read("perspectives")) == []


def test_every_perspective_and_reading_has_a_source_that_exists(sources):
    ids = {s["source_id"] for s in sources}
    assert missing_sources(read("perspectives"), "perspective_id", ids) == []
    assert missing_sources(read("readings"), "reading_id", ids) == []


def test_every_lesson_has_two_to_four_readings_with_scholarship(sources):
    kind_of = {s["source_id"]: s["kind"] for s in sources}
    assert reading_problems(read("readings"), kind_of) == []


def test_at_least_twelve_sources_are_scholarship_or_analysis(sources):
    assert scholarship_problems(sources) == []


def test_no_publisher_supplies_more_than_a_tenth_of_the_sources(sources):
    assert publisher_problems(sources) == []


def test_positions_are_short_and_in_our_own_words():
    for r in read("perspectives"):
        text = r["position"]
        assert text.count(". ") <= 2 and len(text) <= 420, (r["perspective_id"], len(text))
        # a quotation longer than a short phrase would need quotation marks: allow none here
        assert '"' not in text and "“" not in text, r["perspective_id"]


# ----------------------------------------------------------------------------- the rules can fail


def _voice(case: str, who: str, kind: str, n: int) -> dict[str, str]:
    return {"perspective_id": f"{case}-{n}", "case": case, "who": who, "voice_kind": kind,
            "position": f"position {n}", "source_id": "s1", "also_source_ids": ""}


def test_voice_rule_fails_on_too_few_voices_or_kinds():
    kinds = ["a", "b", "c", "d"]
    good = [_voice(c, f"Person {i}", kinds[i % 4], i) for c in REQUIRED_CASES for i in range(6)]
    assert voice_problems(good) == []
    too_few = [r for r in good if not (r["case"] == "kazakhstan-2022" and r["who"] == "Person 5")]
    assert any("kazakhstan-2022: 5 voices" in p for p in voice_problems(too_few))
    one_kind = [{**r, "voice_kind": "a"} if r["case"] == "armenia-2021-2024" else r for r in good]
    assert any("armenia-2021-2024: 1 kinds" in p for p in voice_problems(one_kind))
    vague = good + [_voice("kyrgyzstan-2010", "Critics", "a", 99)]
    assert any("must name" in p for p in voice_problems(vague))


def test_source_rule_fails_on_an_unknown_source():
    rows = [{"reading_id": "00-x", "source_id": "s1", "also_source_ids": "s2; nope"}]
    assert missing_sources(rows, "reading_id", {"s1", "s2"}) == ["00-x: unknown source 'nope'"]


def test_reading_rule_fails_without_scholarship_or_with_too_many():
    kind_of = {"art": "scholarly article", "news1": "news", "news2": "news",
               "rep": "research report", "an": "analysis"}
    good = [{"lesson": n, "source_id": s} for n in LESSONS for s in ("art", "news1")]
    assert reading_problems(good, kind_of) == []
    no_scholarship = [{"lesson": r["lesson"], "source_id": "an" if r["source_id"] == "art"
                       else r["source_id"]} for r in good]
    assert len(reading_problems(no_scholarship, kind_of)) == len(LESSONS)
    five = good + [{"lesson": "03", "source_id": s} for s in ("news2", "rep", "an")]
    assert reading_problems(five, kind_of) == ["lesson 03: 5 readings, not 2 to 4"]
    one = [r for r in good if not (r["lesson"] == "06" and r["source_id"] == "news1")]
    assert reading_problems(one, kind_of) == ["lesson 06: 1 readings, not 2 to 4"]


def test_scholarship_and_publisher_rules_fail_when_broken():
    few = [{"kind": "analysis", "publisher": f"P{i}"} for i in range(11)]
    assert scholarship_problems(few) != []
    assert scholarship_problems(few + [{"kind": "scholarly article", "publisher": "P"}]) == []
    spread = [{"kind": "news", "publisher": f"P{i}"} for i in range(20)]
    assert publisher_problems(spread) == []
    heavy = spread + [{"kind": "news", "publisher": "P0"}] * 2   # P0 has 3 of 22 > 10%
    assert publisher_problems(heavy) == ["P0: 3 of 22 sources, more than 10%"]


# ----------------------------------------------------------------------------- wrong arguments


@pytest.mark.parametrize("bad", [5, None, True, ["atop-v4-01"], ("atop-v4-01",), {"a": 1},
                                 float("nan")])
def test_cite_refuses_what_is_not_one_source_id(bad):
    import csto

    with pytest.raises(csto.CstoError, match="A source id is text such as 'atop-v4-01', not "):
        csto.cite(bad)


def test_cite_of_a_series_or_a_long_id_says_so_in_one_short_line():
    import csto
    import pandas as pd

    for bad, words in [(pd.Series(["atop-v4-01"]), "a Series of 1 values"),
                       ("z" * 9999, "(9999 characters)")]:
        with pytest.raises(csto.CstoError) as err:
            csto.cite(bad)
        assert words in str(err.value) and len(str(err.value)) < 300


@pytest.mark.parametrize("bad", [None, 5, "claims", ["atop-v4-01"]])
def test_source_ids_refuses_what_is_not_a_table(bad):
    import csto

    with pytest.raises(csto.CstoError, match="is not a table: pass a table from csto.load"):
        csto.sources.source_ids(bad)


def test_source_ids_refuses_a_source_id_that_is_not_text():
    import csto
    import pandas as pd

    with pytest.raises(csto.CstoError, match="A source id is text, but .* include 5"):
        csto.sources.source_ids(pd.DataFrame({"source_id": ["atop-v4-01", 5]}))


@pytest.mark.parametrize("bad", [5, None, [5], 2.5, {"atop-v4-01": 1}])
def test_show_sources_refuses_what_is_not_a_table_or_source_ids(bad):
    import csto

    with pytest.raises(csto.CstoError, match="Sources are listed for tables .*, not "):
        csto.show_sources(bad)


def test_readings_still_cite_with_escaped_markdown():
    import csto

    text = csto.show_readings("04").data
    assert text.startswith("- ") and text.count("Why read it: ") == text.count("\n") + 1


def test_perspectives_show_their_paragraphs_aligned_left():
    """A notebook shows perspectives() (and any selection of it) with its cells aligned left:
    right-aligned paragraphs are hard to read."""
    voices = csto.perspectives("kazakhstan-2022")
    for shown_table in (voices, voices[["who", "role", "date_text", "position"]], voices.head(3),
                        voices[voices["date"] >= "2022-01-06"]):
        html = shown_table._repr_html_()
        cells = re.findall(r"<td[^>]*>", html)
        assert cells and all("text-align: left" in c for c in cells), cells[:3]
        assert '<tr style="text-align: right;">' not in html
    assert isinstance(voices, pd.DataFrame)
