"""csto.exercises: every worked solution (the answer key) passes its own check, wrong answers
are rejected, nearly-right answers get a hint, answers are read generously, beginner slips and
hostile input get one plain sentence, and the answer is never given away."""

from __future__ import annotations

import ast
import contextlib
import io
import re
import subprocess
import sys
import time
from pathlib import Path

import answer_key as key_tool  # tools/answer_key.py
import csto
import numpy as np
import pandas as pd
import pytest
from csto import as_of, load
from csto import exercises as ex
from csto.declarations import load_exercises
from csto.errors import BadDateError, CstoError, UnknownNameError
from csto.exercises import EXERCISES, Feedback, check, hint, predict, show_exercise
from csto.paths import SOLUTIONS, lessons

IDS = list(EXERCISES)


def expected(exercise_id: str):
    """What the worked solution computes (run here, in the tests: check itself never runs it)."""
    return key_tool.solution_value(SOLUTIONS / f"{exercise_id}.py", exercise_id)


def run_solution(path: Path) -> Feedback:
    """Run a solution file as a notebook cell would: the last line's value is the result."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    last = tree.body.pop()
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(tree, str(path), "exec"), namespace)
        return eval(compile(ast.Expression(last.value), str(path), "eval"), namespace)


# ------------------------------------------------------------------ the answer key


def test_every_lesson_has_at_least_three_exercises_with_hints():
    for prefix in lessons():
        count = sum(i.startswith(prefix + "-") for i in IDS)
        assert count >= 3, f"lesson {prefix} declares {count} exercises; each needs at least 3"
    pattern = rf"({'|'.join(lessons())})-[a-z0-9-]+"  # derived from the lesson list
    for exercise_id, exercise in EXERCISES.items():
        assert re.fullmatch(pattern, exercise_id), f"{exercise_id} does not match {pattern}"
        assert exercise.hints, f"{exercise_id} has no hints"
        assert exercise.lesson == lessons()[exercise_id[:2]].stem


def test_every_declaration_has_a_solution_and_every_solution_a_declaration():
    assert sorted(p.stem for p in SOLUTIONS.glob("*.py") if p.stem != "traps") == sorted(IDS)


@pytest.mark.parametrize("exercise_id", IDS)
def test_worked_solution_is_right(exercise_id):
    text = (SOLUTIONS / f"{exercise_id}.py").read_text(encoding="utf-8")
    assert "from csto import" in text and "csto.exercises" not in text
    # the answer key's one convention: the last line checks the answer
    assert text.strip().splitlines()[-1].startswith(f'check("{exercise_id}", ')
    feedback = run_solution(SOLUTIONS / f"{exercise_id}.py")
    wanted = "noted" if EXERCISES[exercise_id].kind == "written" else "right"
    assert isinstance(feedback, Feedback) and feedback.verdict == wanted, feedback


def _wrong_answer(exercise: ex.Exercise, answer):
    """An answer of the right kind that is clearly wrong."""
    if exercise.kind == "number":
        return float(answer) * 3 + 17
    if exercise.kind == "date":
        day, _ = ex.read_date(answer)
        return (day - pd.DateOffset(years=4, days=40)).strftime("%Y-%m-%d")
    if exercise.kind == "states":
        return [c for c in ("FRA", "USA", "UKR", "MDA") if c not in ex.read_states(answer)][:3]
    if exercise.kind == "state":
        return "France"
    if exercise.kind == "choice":
        right = ex._read_choice(exercise, answer)
        return next(o for o in exercise.options if o != right)
    if exercise.kind == "keys":
        return ["no-such-episode", "another-one"]
    if exercise.kind == "written":
        return "Too short to judge."
    return answer * 2 + 1  # counts


@pytest.mark.parametrize("exercise_id", IDS)
def test_wrong_answer_is_rejected_and_the_placeholder_says_what_to_do(exercise_id):
    feedback = check(exercise_id, _wrong_answer(EXERCISES[exercise_id], expected(exercise_id)))
    assert feedback.verdict == "wrong" and not feedback, feedback
    assert "Replace ..." in check(exercise_id, ...).message


def _forms(exercise: ex.Exercise, answer) -> list[str]:
    """Ways the expected answer could be written out."""
    if exercise.kind == "number":
        value = int(round(float(answer)))
        return [str(value), f"{value:,}"]
    if exercise.kind == "date":
        day, _ = ex.read_date(answer)
        return [f"{day:%Y-%m-%d}", f"{day:%d %B %Y}", f"{day.day} {day:%B %Y}", f"{day:%B %d}"]
    if exercise.kind in ("states", "state"):
        codes = ex.read_states([answer] if exercise.kind == "state" else answer)
        return [csto.state_name(c) for c in codes]
    if exercise.kind == "keys":
        return sorted(ex._READERS["keys"](exercise, answer))
    return []  # a choice lists every option; counts are a whole table


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_answer_is_not_in_the_question_display_or_hints(exercise_id):
    exercise = EXERCISES[exercise_id]
    shown = [str(hint(exercise_id, n)) for n in range(1, len(exercise.hints) + 1)]
    shown += [repr(exercise), exercise.title]
    for form in _forms(exercise, expected(exercise_id)):
        for text in shown:
            assert not re.search(rf"\b{re.escape(form)}\b", text, re.I), (exercise_id, form)


# ------------------------------------------------------------------ diagnoses


def test_set_of_states_one_missing_or_one_extra_is_nearly_and_says_how_many_not_which():
    parties = csto.members_on("2000-01-01")
    missing = check("00-members-2000", parties[1:])
    assert missing.verdict == "nearly" and "1 state missing" in missing.message
    assert parties[0] not in missing.message
    extra = check("00-members-2000", parties + ["Georgia"])
    assert extra.verdict == "nearly" and "1 state too many" in extra.message
    assert "Georgia" not in extra.message
    two_off = check("00-members-2000", parties[2:])
    assert two_off.verdict == "wrong" and "2 states missing" in two_off.message


def test_named_traps_from_the_data():
    every_signer = sorted(load("membership_events").query("event == 'signature'")["iso3"])
    cases = [("01-signatories", every_signer, "wrong", "every state that ever signed"),
             ("01-charter-city", "Tashkent", "wrong", "claims('charter-signing-place')"),
             ("01-parties-1995", 6, "wrong", "signed on the first day"),
             ("02-uzbekistan-2013", "lapsed", "wrong", "first left, in 1999"),
             ("05-pa-observers", ["Serbia"], "nearly", "ever"),
             ("05-parties-today", len(csto.status_on(as_of()).query("status == 'party'")),
              "nearly", "frozen"),
             ("06-georgia-member-years", int(csto.member_years("COW v4.1")["Georgia"]),
              "nearly", "difference"),
             ("06-cow-no-exits", list(csto.alliance_codings("COW v4.1")["iso3"]), "wrong",
              "every state COW codes"),
             ("05-armenia-freeze", "2024-06-12", "wrong", "later step"),
             ("06-atop-belarus", "1994-04-20", "wrong", "entered into force"),
             ("04-first-day", "2022-01-02", "wrong", "first day in the whole"),
             ("04-first-day", "5 January 2022", "nearly", "asked for help")]
    for exercise_id, answer, verdict, says in cases:
        feedback = check(exercise_id, answer)
        assert feedback.verdict == verdict and says in feedback.message, feedback
    armenia = "Armenia" in csto.members_on(as_of())
    assert "status_on" in check("02-armenia-party", not armenia).message  # any wrong answer


def test_initial_estimate_instead_of_official_figure_gets_a_tailored_hint():
    official = int(expected("04-personnel"))
    figures = csto.kazakhstan_figures("personnel deployed")
    estimate = int(figures.loc[figures["value"] != official, "value"].iloc[0])
    feedback = check("04-personnel", f"{estimate:,}")
    assert feedback.verdict == "nearly" and "latest exact official" in feedback.message
    assert str(official) not in feedback.message and f"{official:,}" not in feedback.message


def test_dates_near_misses_off_by_one_year_partial_and_wrong_month():
    day = pd.Timestamp(expected("01-entry-into-force"))
    cases = [(day + pd.Timedelta(days=1), "nearly", "a few days off"),
             (day + pd.Timedelta(days=10), "wrong", "not the right day"),
             (day + pd.DateOffset(months=1), "wrong", "not the right month"),
             (f"{day.year}-{day.month % 12 + 1:02d}", "wrong", "not the right month"),
             (str(day.year), "nearly", "full date"),
             (day + pd.DateOffset(years=1), "nearly", "one year off"),
             (day - pd.DateOffset(years=6), "wrong", "Not in that year"),
             ("1992-05-15", "wrong", "signed")]
    for answer, verdict, says in cases:
        feedback = check("01-entry-into-force", answer)
        assert feedback.verdict == verdict and says in feedback.message, (answer, feedback)


def test_numbers_close_far_and_wrong_sign():
    official = int(expected("04-death-toll"))
    assert check("04-death-toll", official + 3).verdict == "nearly"
    far = check("04-death-toll", official * 2)
    assert far.verdict == "wrong" and "too high" in far.message
    parties = int(expected("01-parties-1995"))  # a count: one off is wrong, and says which way
    assert check("01-parties-1995", parties - 1).message.endswith("Check what you counted.")
    gap = int(expected("06-georgia-member-years"))
    sign = check("06-georgia-member-years", -gap)
    assert sign.verdict == "nearly" and "wrong order" in sign.message
    series = check("06-member-years-gap", -expected("06-member-years-gap"))
    assert series.verdict == "nearly" and "wrong order" in series.message


def test_series_with_one_entry_off_is_nearly():
    changed = expected("06-member-years-gap").copy()
    changed.iloc[0] += 1
    assert check("06-member-years-gap", changed).verdict == "nearly"


def first_of(kind: str) -> str:
    """The first exercise of a kind that checks at once (no prediction, no multiple choice)."""
    return next(i for i, e in EXERCISES.items()
                if e.kind == kind and not e.predict and not e.misconceptions)


def test_wrong_type_answers_say_what_to_give():
    for kind, answer, says in (("states", [4, 5], "is not a state name"),
                               ("number", "nine", "is not a number"),
                               ("number", 3 + 0j, "is not a number"),
                               ("number", True, "is not a number"),
                               ("choice", "member-ish", "not one of the options"),
                               ("state", ["Russia", "Armenia"], "give one state"),
                               ("counts", [1, 2], "pandas Series")):
        feedback = check(first_of(kind), answer)
        assert feedback.verdict == "wrong" and says in feedback.message, feedback


# ------------------------------------------------------------------ beginner slips, hostile input


def test_no_answer_hints_past_the_last_and_ids_that_are_not_text():
    assert "check('01-signatories', answer)" in check("01-signatories").message
    assert str(hint("01-signatories", 2)).startswith("01-signatories: Hint. (2 of 3) ")
    past = hint("01-signatories", 4)
    assert "no more hints" in str(past) and "%load solutions/01-signatories.py" in str(past)
    for function in (check, hint, show_exercise):
        with pytest.raises(CstoError, match="Give one exercise id as text.*01-signatories"):
            function(["01-signatories"])
    with pytest.raises(UnknownNameError) as info:
        check("01-signatorys", ["Russia"])
    assert "Did you mean '01-signatories'" in str(info.value)


def test_tables_given_where_one_value_is_wanted():
    tables = len(csto.table_names())
    assert check("00-tables", pd.DataFrame({"n": [tables]})).verdict == "right"
    assert check("01-charter-city", pd.DataFrame({"city": ["Chisinau"]})).verdict == "right"
    big = check("00-tables", pd.DataFrame({"n": [tables, 1], "m": [1, 2]}))
    assert big.verdict == "wrong" and "is a table with the columns ['n', 'm']" in big.message
    printed = check("01-charter-city", str(csto.claims("charter-signing-place")))
    assert printed.verdict == "wrong" and "printed table" in printed.message


def test_long_answers_are_shortened_in_feedback_and_hostile_text_is_quick():
    feedback = check("00-members-2000", ["x" * 500])
    assert "…" in feedback.message and len(feedback.message) < 200
    for exercise_id in ("00-members-2000", "00-tables", "01-entry-into-force",
                        "01-charter-city", "03-article4"):
        for text in (" " * 20_000, "1" * 20_000, "a," * 10_000, "and " * 5_000):
            start = time.perf_counter()
            assert check(exercise_id, text).verdict == "wrong"
            assert time.perf_counter() - start < 0.5, (exercise_id, text[:5])


def test_an_id_that_is_not_text_or_too_long_gets_one_short_line():
    for bad in (pd.DataFrame({"a": [1]}), np.zeros((2, 2)), pd.Series([1, 2]), None, 5):
        for function in (check, hint, show_exercise, predict):
            with pytest.raises(CstoError) as info:
                function(bad, 1) if function in (check, predict) else function(bad)
            said = str(info.value)
            assert "\n" not in said and len(said) < 200 and "01-signatories" in said, said
    with pytest.raises(UnknownNameError) as info:
        check("x" * 10_000, 1)
    assert "10000 characters" in str(info.value) and len(str(info.value)) < 300


def test_a_hint_number_must_be_a_whole_number():
    for n in (1.5, "2", None, True, 0, -1, float("nan")):
        with pytest.raises(CstoError, match="whole number from 1 to 3"):
            hint("01-signatories", n)
    assert hint("01-signatories", 2.0) == hint("01-signatories", np.int64(2)) \
        == hint("01-signatories", 2)


def test_answers_that_crashed_the_reader_get_a_sentence():
    for exercise_id, answer, says in (
            ("00-tables", 10**400, "is not a number"),
            ("00-tables", float("inf"), "is not a number"),
            ("00-tables", [[1], [2]], "tables inside it"),
            ("00-tables", pd.Series([[1], [2]]), "tables inside it"),
            ("00-tables", np.zeros((2, 2)), "array of 2 dimensions"),
            ("03-forces-deployed", {"a": 1}, "dicts or tables inside"),
            ("03-forces-deployed", np.array(5), "5 is not a state name"),
            ("00-rows-per-year", {"Georgia": [1, 2]}, "different values"),
            ("00-rows-per-year", pd.Series({"Georgia": 10**400}), "is not a number"),
            ("02-armenia-member", pd.Series([1, 2]), "a Series of 2 values, not text"),
            ("02-armenia-member", np.zeros((2, 2)), "a ndarray of 2 values, not text")):
        feedback = check(exercise_id, answer)
        assert feedback.verdict == "wrong" and says in feedback.message, (answer, feedback)
        assert "\n" not in feedback.message


# ------------------------------------------------------------------ reading answers


@pytest.mark.parametrize("spelling", ["Kyrgyzstan", "Kyrgyz Republic", "kgz", "Kirghizia", "kg"])
def test_state_spellings(spelling):
    assert ex.read_states([spelling]) == {"KGZ"}


def test_sets_ignore_order_case_duplicates_and_accept_text_series_and_frames():
    parties = csto.members_on("2000-01-01")
    codes = [csto.state_code(p) for p in parties]
    for answer in (list(reversed(parties)), [p.upper() for p in parties] + [parties[0]],
                   ", ".join(codes), " and ".join(p.lower() for p in parties), str(parties),
                   pd.Series(parties), pd.Index(codes), set(parties),
                   csto.status_on("2000-01-01").query("status == 'party'")):
        assert check("00-members-2000", answer).verdict == "right", answer
    typo = check("00-members-2000", ["Armenia", "Kyrgystan"])
    assert "could not read" in typo.message and "Did you mean Kyrgyzstan?" in typo.message


@pytest.mark.parametrize("text", ["1994-04-20", "20 April 1994", "April 20, 1994",
                                  "20th April 1994", "20 Apr 1994", "Apr. 20, 1994", "20.04.1994",
                                  "20/04/1994",
                                  "04/20/1994", "1994/04/20", "20-04-1994", "1994-4-20",
                                  "1994-04-20 00:00:00", "1994-04-20T00:00:00"])
def test_the_checker_and_the_queries_read_the_same_dates(text):
    assert ex.read_date(text) == (pd.Timestamp("1994-04-20"), "day")
    assert check("01-entry-into-force", text).verdict == "right"
    assert csto.dates.parse_date(text) == pd.Timestamp("1994-04-20")


def test_dates_refused_by_both_with_one_sentence():
    for text, says in (("06/01/2022", "could be 6 January or 1 June 2022"),
                       ("2022-02-30", "not a real calendar date"),
                       ("30 February 2022", "not a real calendar date"),
                       ("the spring of 94", "is not a date csto can read")):
        with pytest.raises(BadDateError, match=says):
            csto.dates.parse_date(text)
        assert says in check("04-first-day", text).message
    with pytest.raises(BadDateError, match="outside the data set's range"):
        csto.dates.parse_date("20 April 1875")
    assert csto.dates.parse_date("April 1994", end=True) == pd.Timestamp("1994-04-30")


def test_date_answers_in_the_forms_a_learner_gives():
    events = load("membership_events")
    in_force = events[events["event"] == "entry into force"]["date"]
    import datetime as dt

    for answer in (in_force, in_force.unique(), in_force.to_numpy(), dt.date(1994, 4, 20),
                   np.datetime64("1994-04-20")):
        assert check("01-entry-into-force", answer).verdict == "right", answer
    assert ex.read_date("April 1994") == (pd.Timestamp("1994-04-01"), "month")
    assert check("00-as-of", np.int64(as_of().year)).verdict == "nearly"
    empty = events[events["event"] == "entry in force"]["date"]
    for answer, says in ((empty, "is empty"), (empty.min(), "date is missing"),
                         (events["date"], "different values"), (100000, "is not a year"),
                         (-5, "is not a year")):
        feedback = check("01-entry-into-force", answer)
        assert feedback.verdict == "wrong" and says in feedback.message, answer


@pytest.mark.parametrize("given", ["2,030", 2030, 2030.0, "2 030", "2030", "2_030", np.int64(2030),
                                   pd.Series([2030]), np.array([2030])])
def test_number_forms(given):
    assert ex.read_number(given) == 2030


def test_choice_keys_and_counts_in_the_forms_a_learner_gives():
    for answer in ("  KISHINEV ", "Chișinău", "Chisinau (Kishinev)", "Chisinau, Moldova",
                   ["Chisinau"]):
        assert check("01-charter-city", answer).verdict == "right", answer
    armenia = "Armenia" in csto.members_on(as_of())
    for answer in (armenia, "Yes" if armenia else "No", ["yes" if armenia else "no"]):
        assert check("02-armenia-party", answer).verdict == "right", answer
    assert check("03-forces-deployed", csto.crises(response="forces deployed")).verdict == "right"
    assert check("03-forces-deployed", "Kazakhstan.").verdict == "right"
    table = csto.crises()
    article4 = table[table["request_type"] == "formal request for assistance (Article 4)"]
    assert check("03-article4", article4).verdict == "right"
    assert check("03-article4", ", ".join(article4["crisis_id"]).upper()).verdict == "right"
    wider = table[table["request_type"].str.contains("Article")]
    assert "Article 2" in check("03-article4", wider).message
    counts = csto.crises(state="Armenia")["response"].value_counts()
    assert (counts == 0).any(), "categorical value_counts keeps the zero rows"
    plain = csto.crises(state="Armenia")["response"].astype(str).value_counts().sort_index()
    assert check("03-armenia-responses", plain).verdict == "right"
    gap = expected("06-member-years-gap")
    by_code = pd.Series(gap.values, index=[csto.state_code(n) for n in gap.index])[::-1]
    assert check("06-member-years-gap", by_code.to_dict()).verdict == "right"


# ------------------------------------------------------------------ new kinds (fixture)

FIXTURE = '''
[03-fixture-mcq]
title = "What did the CSTO do in 2022?"
question = "Which statement is true?"
kind = "choice"
hints = ["Look at crises(response='forces deployed')."]
[03-fixture-mcq.options]
a = "It sent troops to Armenia."
b = "It deployed forces in Kazakhstan."
c = "It ran a UN peacekeeping mission."
d = "Uzbekistan withdrew under the Charter."
[03-fixture-mcq.misconceptions]
a = "A common misconception: Armenia asked in 2022, but the CSTO sent no troops."
c = "The 2022 deployment was a CSTO operation, not a UN peacekeeping mission."
d = "Uzbekistan's membership was suspended in 2012; it did not withdraw under the Charter."

[04-fixture-predict]
title = "Parties in 2000"
question = "Guess, then count the parties on 1 January 2000."
kind = "number"
predict = true
hints = ["members_on('2000-01-01')"]

[05-fixture-written]
title = "Why freeze?"
question = "Why might a member freeze its participation rather than leave?"
kind = "written"
hints = ["Think about what leaving would cost."]
rubric = ["names a reason", "uses the data", "distinguishes freezing from leaving"]
'''
SOLUTIONS_OF_FIXTURE = {
    "03-fixture-mcq": 'answer = "b"',
    "04-fixture-predict": ('from csto import members_on, predict\n'
                           'predict("04-fixture-predict", 16)\n'
                           'answer = len(members_on("2000-01-01"))'),
    "05-fixture-written": ('answer = "Freezing keeps the door open while signalling anger: '
                           'the state keeps its treaty rights and can return without joining '
                           'again."'),
}


def write_declarations(folder, text: str = FIXTURE) -> None:
    """Write the declarations as the lessons keep them: one NN-lesson.toml per lesson (named
    after the ids of FIXTURE, so an edited id lands in the file of another lesson)."""
    for block, original in zip(text.strip().split("\n\n"), FIXTURE.strip().split("\n\n"),
                               strict=True):
        (folder / f"{original[1:3]}-fixture.toml").write_text(block + "\n", encoding="utf-8")


@pytest.fixture
def fixture_exercises(tmp_path, monkeypatch):
    write_declarations(tmp_path)
    for exercise_id, body in SOLUTIONS_OF_FIXTURE.items():
        (tmp_path / f"{exercise_id}.py").write_text(
            f'from csto import check\n{body}\ncheck("{exercise_id}", answer)\n', encoding="utf-8")
    for prefix in ("03", "04", "05"):
        key_tool.write(prefix, tmp_path)  # the answer key, as make execute computes it
    for exercise_id, exercise in load_exercises(tmp_path).items():
        monkeypatch.setitem(EXERCISES, exercise_id, exercise)
    monkeypatch.setattr(ex, "_PREDICTIONS", {})


def test_multiple_choice_names_the_misconception_of_each_wrong_option(fixture_exercises):
    assert check("03-fixture-mcq", "b").verdict == "right"
    assert check("03-fixture-mcq", "(B)").verdict == "right"
    assert check("03-fixture-mcq", "It deployed forces in Kazakhstan.").verdict == "right"
    for letter, says in (("a", "sent no troops"), ("c", "not a UN peacekeeping"),
                         ("d", "did not withdraw under the Charter")):
        feedback = check("03-fixture-mcq", letter)
        assert feedback.verdict == "wrong" and says in feedback.message
    assert "b) It deployed forces in Kazakhstan." in str(show_exercise("03-fixture-mcq"))
    assert "not one of the options" in check("03-fixture-mcq", "e").message


def test_multiple_choice_needs_a_misconception_for_every_wrong_option(fixture_exercises,
                                                                    tmp_path):
    toml = tmp_path / "03-fixture.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'a = "A common misconception', 'x = "A common misconception'), encoding="utf-8")
    with pytest.raises(CstoError, match=r"misconceptions name \['x'\], which are not options"):
        load_exercises(tmp_path)
    toml.write_text(toml.read_text(encoding="utf-8").replace('\nx = "A common', '\n# '),
                    encoding="utf-8")
    with pytest.raises(CstoError, match="misconception for every wrong option"):
        key_tool.build("03", tmp_path)


def test_predict_then_test(fixture_exercises):
    parties = len(csto.members_on("2000-01-01"))
    first = check("04-fixture-predict", parties)
    assert first.verdict == "wrong" and "predict('04-fixture-predict'" in first.message
    assert predict("04-fixture-predict", parties + 4).verdict == "noted"
    assert "too low" in check("04-fixture-predict", parties - 3).message  # the query is wrong
    far = check("04-fixture-predict", parties)
    assert far.verdict == "right" and f"The data show {parties}" in far.message
    assert "higher" not in far.message and "lower than you expected" in far.message
    predict("04-fixture-predict", parties)
    assert "exactly right" in check("04-fixture-predict", parties).message
    with pytest.raises(CstoError, match="does not ask for a prediction"):
        predict("00-tables", 3)


def test_written_answer_asks_for_more_then_shows_a_model_answer_and_rubric(fixture_exercises):
    short = check("05-fixture-written", "To keep options open.")
    assert short.verdict == "wrong" and "4 words" in short.message
    assert "at least 15" in short.message
    long = check("05-fixture-written", "Armenia froze rather than left because leaving the treaty "
                 "would end its security guarantee while freezing signals anger at the CSTO.")
    assert long.verdict == "noted" and "Freezing keeps the door open" in long.message
    assert "(1) names a reason" in long.message and "(3)" in long.message
    assert "not text" in check("05-fixture-written", 42).message
    assert "DataFrame of 1 rows, not text" in check("05-fixture-written",
                                                    pd.DataFrame({"a": [1]})).message
    assert check("05-fixture-written", "word " * 20_000).verdict == "noted"


@pytest.mark.parametrize(("change", "says"), [
    (("[03-fixture-mcq]", "[04-fixture-mcq]"), r"must start with this lesson's number \(03-\)"),
    (('kind = "written"', 'kind = "essay"'), "exercise kind"),
    (("rubric =", "rubrik ="), "exercise field"),
    (('hints = ["Think about what leaving would cost."]', 'hints = "Think about it."'),
     "hints cannot be 'Think about it.'; give a list"),
    (("predict = true", 'predict = "yes"'), "predict cannot be 'yes'; give true or false"),
    (("rubric = [", "min_words = true\nrubric = ["), "min_words cannot be True; give a whole"),
    (('kind = "written"', 'kind = "written"\ntraps = ["x"]'), "each trap is a table"),
])
def test_declarations_with_a_typo_are_refused(tmp_path, change, says):
    write_declarations(tmp_path, FIXTURE.replace(*change))
    for exercise_id in SOLUTIONS_OF_FIXTURE:
        (tmp_path / f"{exercise_id}.py").write_text("", encoding="utf-8")
    with pytest.raises(CstoError, match=says):
        load_exercises(tmp_path)


def test_a_declaration_without_a_solution_is_refused(tmp_path):
    write_declarations(tmp_path)
    with pytest.raises(CstoError, match="no worked solution: write 03-fixture-mcq.py"):
        load_exercises(tmp_path)


# ------------------------------------------------------------------ display


def test_feedback_and_exercise_display():
    a, b = check("01-parties-1995", 4), check("01-parties-1995", 4)
    assert repr(a) == repr(b) == str(a) and repr(a).startswith("01-parties-1995: Not yet.")
    odd = Feedback("00-tables", "nearly", "<script>alert(1)</script>")
    assert "<script>" not in odd._repr_html_() and "&lt;script&gt;" in odd._repr_html_()
    assert 'class="csto-feedback csto-feedback-nearly"' in odd._repr_html_()
    exercise = show_exercise("02-uzbekistan-2013")
    text = repr(exercise)
    assert "What was Uzbekistan's status on 1 January 2013?" in text
    assert "%load solutions/02-uzbekistan-2013.py" in text and "0x" not in text
    assert "Choose one of" in text and "frozen" in text


def test_top_level_names_and_light_import():
    assert csto.check is check and csto.hint is hint
    assert not hasattr(csto, "check_answer") and not hasattr(ex, "check_answer")
    code = ("import sys, csto, csto.exercises; "
            "print(sorted(m for m in ('ipywidgets', 'folium', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_trap_named_in_the_declarations_runs_on_the_data():
    for prefix in lessons():
        built = key_tool.build(prefix)
        for exercise in (e for e in EXERCISES.values() if e.id[:2] == prefix):
            for n, trap in enumerate(exercise.traps):
                if "data" in trap:
                    assert built["traps"][exercise.id][str(n)], (exercise.id, n)


def test_a_prediction_is_typed_by_hand_and_short(fixture_exercises):
    for guess in (pd.DataFrame({"n": [5]}), pd.Series([5, 6])):
        said = predict("04-fixture-predict", guess)
        assert said.verdict == "wrong" and "type it by hand" in said.message
        assert "\n" not in said.message
    assert "characters long" in predict("04-fixture-predict", "1" * 30_000).message
    assert "04-fixture-predict" not in ex._PREDICTIONS


def test_a_prediction_survives_the_first_check(fixture_exercises):
    """Running the worked solution (which predicts too) must not replace the learner's guess."""
    predict("04-fixture-predict", np.int64(10))
    said = check("04-fixture-predict", len(csto.members_on("2000-01-01"))).message
    assert "you predicted 10" in said and "np.int64" not in said


# --- what a walk through the lessons hit (issue 21, item 4) ---------------------------------


def test_a_year_given_for_a_figure_is_not_nearly():
    """2022 (the year) typed for 2,030 personnel is within 10 % of it, but it is a year."""
    official = int(expected("04-personnel"))
    assert abs(2022 - official) <= 0.10 * official  # what made it "Nearly" before
    feedback = check("04-personnel", 2022)
    assert feedback.verdict == "wrong" and "looks like a year" in feedback.message, feedback
    assert check("04-personnel", f"{official + 5:,}").verdict == "nearly"  # a near figure still is


@pytest.mark.parametrize("placeholder", ["...", '"""..."""', "\n\n", "  …  ", "Your answer here"])
def test_a_written_answer_left_as_the_placeholder_is_told_to_replace_it(placeholder):
    written = next(i for i in IDS if EXERCISES[i].kind == "written")
    feedback = check(written, placeholder)
    assert feedback.verdict == "wrong" and feedback.message.startswith("Replace ..."), feedback
    assert "word" not in feedback.message  # not "write a little more: 1 word"


def test_a_placeholder_in_quotes_is_told_to_replace_it_for_any_kind():
    for exercise_id in ("00-tables", "04-first-day", "04-contributors"):
        feedback = check(exercise_id, "...")
        assert feedback.verdict == "wrong" and "placeholder" in feedback.message, feedback


def test_the_wrong_figure_sentence_reads_as_a_sentence():
    """The trap's sentence names the date and the source of the figure without running them
    together ("given on 9 January by Kazakh Health Ministry figure, posted on ...")."""
    for measure, exercise_id in (("deaths", "04-death-toll"), ("personnel deployed",
                                                                "04-personnel")):
        official = int(expected(exercise_id))
        figures = csto.kazakhstan_figures(measure)
        for row in figures[figures["value"] != official].itertuples():
            message = check(exercise_id, int(row.value)).message
            assert f"by {row.stated_by}" not in message, message
            assert re.match(r"That figure dates from [^()]+ \(source: .+\); it is (an|a|not) ",
                            message), message
            assert " a figure marked" not in message or ", not official" in message


def test_an_answer_repeating_an_item_where_the_task_says_once_is_told_so():
    answer = list(csto.kazakhstan_contingent()["name"])  # a state per row: some twice
    assert len(answer) > len(set(answer))
    feedback = check("04-contributors", answer)
    assert feedback.verdict == "nearly" and "more than once" in feedback.message, feedback
    assert check("04-contributors", sorted(set(answer))).verdict == "right"
    # where the task does not ask for each once, repeats are ignored
    parties = csto.members_on("2000-01-01")
    assert check("00-members-2000", parties + parties[:1]).verdict == "right"
