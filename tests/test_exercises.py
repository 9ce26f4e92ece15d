"""csto.exercises: every worked solution is accepted, wrong answers are rejected, nearly-right
answers get a hint, answers are read generously, and the answer is never given away."""

from __future__ import annotations

import ast
import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import csto
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from csto import as_of, load
from csto import exercises as ex
from csto.errors import CstoError, UnknownNameError
from csto.exercises import EXERCISES, Feedback, check, hint, list_exercises, show_exercise

SOLUTIONS = ROOT / "notebooks" / "solutions"
IDS = sorted(EXERCISES)


def run_solution(path: Path) -> Feedback:
    """Run a solution file as a notebook cell would: the last line's value is the result."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    last = tree.body.pop()
    assert isinstance(last, ast.Expr), f"{path.name} must end with the check(...) call"
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(tree, str(path), "exec"), namespace)
        return eval(compile(ast.Expression(last.value), str(path), "eval"), namespace)


# ------------------------------------------------------------------ the registry


def test_every_lesson_has_at_least_three_exercises():
    for prefix in ex.LESSONS:
        assert len(list_exercises(prefix)) >= 3, prefix


def test_ids_are_prefixed_by_their_lesson():
    for exercise_id, exercise in EXERCISES.items():
        assert exercise.id == exercise_id
        assert re.fullmatch(r"0[0-6]-[a-z0-9-]+", exercise_id)
        assert exercise.lesson.startswith(exercise_id[:2])
        assert exercise.hints, f"{exercise_id} has no hints"


def test_list_exercises_accepts_number_prefix_and_name():
    assert list(list_exercises(1).index) == list(list_exercises("01").index)
    assert list(list_exercises("1").index) == list(list_exercises(1).index)
    assert list(list_exercises("01-origins").index) == list(list_exercises(1).index)
    assert len(list_exercises()) == len(EXERCISES)
    with pytest.raises(UnknownNameError, match="not a known lesson"):
        list_exercises(9)


def test_unknown_exercise_lists_the_valid_ids():
    with pytest.raises(UnknownNameError) as info:
        check("01-signatorys", ["Russia"])
    message = str(info.value)
    assert "Did you mean '01-signatories'" in message
    for exercise_id in IDS:
        assert exercise_id in message
    for function in (hint, show_exercise):
        with pytest.raises(UnknownNameError):
            function("nope")


def test_add_exercise_rejects_a_bad_prefix_and_kind():
    bad = ex.Exercise("9-x", "t", "p", "number", lambda: 1)
    with pytest.raises(UnknownNameError):
        ex.add_exercise(bad)
    with pytest.raises(UnknownNameError):
        ex.add_exercise(ex.Exercise("01-x", "t", "p", "essay", lambda: 1))
    assert "01-x" not in EXERCISES


# ------------------------------------------------------------------ worked solutions


@pytest.mark.parametrize("exercise_id", IDS)
def test_solution_file_exists_and_ends_with_its_check(exercise_id):
    path = SOLUTIONS / f"{exercise_id}.py"
    assert path.is_file(), f"write the worked solution {path}"
    last = path.read_text(encoding="utf-8").strip().splitlines()[-1]
    assert last.startswith(f'check("{exercise_id}", '), last
    assert ex.solution_path(exercise_id) == path


def test_no_solution_file_without_an_exercise():
    assert sorted(p.stem for p in SOLUTIONS.glob("*.py")) == IDS


@pytest.mark.parametrize("exercise_id", IDS)
def test_worked_solution_is_right(exercise_id):
    feedback = run_solution(SOLUTIONS / f"{exercise_id}.py")
    assert isinstance(feedback, Feedback)
    assert feedback.verdict == "right", feedback
    assert feedback


def _wrong_answer(exercise: ex.Exercise, expected):
    """An answer of the right kind that is clearly wrong."""
    if exercise.kind == "number":
        return float(expected) * 3 + 17
    if exercise.kind == "date":
        day, _ = ex._to_date(expected)
        return (day - pd.DateOffset(years=4)).strftime("%Y-%m-%d")
    if exercise.kind == "states":
        wanted = ex.read_states(expected)
        return [c for c in ("FRA", "USA", "UKR", "MDA") if c not in wanted][:3]
    if exercise.kind == "state":
        return "France"
    if exercise.kind == "choice":
        right = ex._read_choice(exercise, expected)
        return next(o for o in exercise.options if o != right)
    if exercise.kind == "keys":
        return ["no-such-episode", "another-one"]
    if exercise.kind == "counts":
        return expected * 2 + 1
    raise AssertionError(exercise.kind)


@pytest.mark.parametrize("exercise_id", IDS)
def test_wrong_answer_is_rejected(exercise_id):
    exercise = EXERCISES[exercise_id]
    feedback = check(exercise_id, _wrong_answer(exercise, exercise.expected()))
    assert feedback.verdict == "wrong", feedback
    assert not feedback


@pytest.mark.parametrize("exercise_id", IDS)
def test_unanswered_placeholder_says_what_to_do(exercise_id):
    feedback = check(exercise_id, ...)
    assert feedback.verdict == "wrong"
    assert "Replace ..." in feedback.message


# ------------------------------------------------------------------ nearly, with hints


def test_set_of_states_one_missing_or_one_extra_is_nearly_and_says_how_many_not_which():
    parties = csto.members_on("2000-01-01")
    missing = check("00-members-2000", parties[1:])
    assert missing.verdict == "nearly"
    assert "1 state missing" in missing.message
    assert parties[0] not in missing.message
    extra = check("00-members-2000", parties + ["Georgia"])
    assert extra.verdict == "nearly"
    assert "1 state too many" in extra.message and "Georgia" not in extra.message
    two_off = check("00-members-2000", parties[2:])
    assert two_off.verdict == "wrong" and "2 states missing" in two_off.message


def test_all_signers_instead_of_the_first_day_gets_a_tailored_message():
    every_signer = sorted(ex._cst_events("signature")["iso3"])
    feedback = check("01-signatories", every_signer)
    assert feedback.verdict == "wrong"
    assert "every state that ever signed" in feedback.message


def test_date_a_few_days_off_is_nearly_but_a_wrong_month_is_not():
    """'Nearly' is kept for near misses: a date in the right year but another month, or far
    from the day, is wrong (a lesson's tempting dates are often in the right year)."""
    in_force = ex.EXERCISES["01-entry-into-force"].expected()
    day = pd.Timestamp(in_force)
    other_day = day + pd.Timedelta(days=1 if day.day < 28 else -1)
    near = check("01-entry-into-force", other_day)
    assert near.verdict == "nearly" and "a few days off" in near.message
    far_day = day.replace(day=day.day + 10 if day.day < 15 else day.day - 10)
    far = check("01-entry-into-force", far_day)
    assert far.verdict == "wrong" and "not the right day" in far.message
    other_month = day + pd.DateOffset(months=1 if day.month < 12 else -1)
    feedback = check("01-entry-into-force", other_month)
    assert feedback.verdict == "wrong" and "Right year, but not the right month" in feedback.message
    partial = check("01-entry-into-force", str(day.year))
    assert partial.verdict == "nearly" and "full date" in partial.message
    signed = check("01-entry-into-force", ex._cst_events("signature")["date"].min())
    assert signed.verdict == "wrong" and "signed" in signed.message


def test_number_within_ten_percent_is_nearly_and_counts_must_be_exact():
    official = int(ex._official("deaths")["value"])
    close = check("04-death-toll", official + 3)
    assert close.verdict == "nearly" and "Close" in close.message
    far = check("04-death-toll", official * 2)
    assert far.verdict == "wrong" and "too high" in far.message
    # a count (close=0): one off is wrong, and says which way
    parties = len(csto.members_on("1995-01-01"))
    assert check("01-parties-1995", parties - 1).message.endswith("Check what you counted.")


def test_initial_estimate_instead_of_official_figure_gets_a_tailored_hint():
    figures = csto.kazakhstan_figures("personnel deployed")
    official = ex._official("personnel deployed")
    early = figures[(figures["as_of"] < official["as_of"])
                    & (figures["value"] != official["value"])]
    assert len(early), "the data should hold an early estimate of the force's size"
    estimate = int(early["value"].iloc[0])
    feedback = check("04-personnel", f"{estimate:,}")
    assert feedback.verdict == "nearly"
    assert "early figure" in feedback.message and "latest exact official" in feedback.message
    assert f"{int(official['value']):,}" not in feedback.message
    assert str(int(official["value"])) not in feedback.message
    assert check("04-personnel", f"{int(official['value']):,}").verdict == "right"


def test_current_observers_instead_of_ever_is_nearly():
    now = csto.status_on(csto.as_of()).query("status == 'observer'")["name"].tolist()
    feedback = check("05-pa-observers", now)
    assert feedback.verdict == "nearly" and "ever" in feedback.message


def test_counting_party_status_only_is_nearly():
    only_party = int((csto.status_on(csto.as_of())["status"] == "party").sum())
    assert only_party != len(csto.members_on(csto.as_of()))
    feedback = check("05-parties-today", only_party)
    assert feedback.verdict == "nearly" and "frozen" in feedback.message


def test_one_data_sets_count_instead_of_the_difference_is_nearly():
    cow = int(csto.member_years("COW v4.1")["Georgia"])
    feedback = check("06-georgia-member-years", cow)
    assert feedback.verdict == "nearly" and "difference" in feedback.message


def test_disputed_claim_points_to_the_claims_table():
    right = ex._charter_city()
    others = [city for city, _, _ in ex._charter_city_traps()]
    assert others and right not in others
    feedback = check("01-charter-city", others[0])
    assert feedback.verdict == "wrong" and "claims('charter-signing-place')" in feedback.message


def test_series_with_one_entry_off_is_nearly():
    gap = ex._member_years_gap()
    changed = gap.copy()
    changed.iloc[0] += 1
    assert check("06-member-years-gap", changed).verdict == "nearly"


def test_hints_in_order_and_out_of_range():
    first, second = hint("01-signatories"), hint("01-signatories", 2)
    assert first.number == 1 and second.number == 2 and first.text != second.text
    assert str(first).startswith("Hint 1 of 3 for 01-signatories:")
    with pytest.raises(CstoError, match="has 3 hints: ask for n from 1 to 3"):
        hint("01-signatories", 4)


# ------------------------------------------------------------------ reading answers


@pytest.mark.parametrize("spelling", ["Kyrgyzstan", "Kyrgyz Republic", "kgz", "KGZ", "Kirghizia",
                                      "  kyrgyzstan ", "kg"])
def test_state_spellings(spelling):
    assert ex.read_states([spelling]) == {"KGZ"}


def test_sets_ignore_order_case_duplicates_and_accept_text_series_and_frames():
    parties = csto.members_on("2000-01-01")
    codes = [csto.state_code(p) for p in parties]
    variants = [
        list(reversed(parties)),
        [p.upper() for p in parties] + [parties[0]],
        ", ".join(codes),
        " and ".join(p.lower() for p in parties),
        pd.Series(parties),
        pd.Index(codes),
        set(parties),
        csto.status_on("2000-01-01").query("status == 'party'"),
    ]
    for answer in variants:
        assert check("00-members-2000", answer).verdict == "right", answer


def test_unreadable_state_suggests_the_spelling():
    feedback = check("00-members-2000", ["Armenia", "Kyrgystan"])
    assert feedback.verdict == "wrong"
    assert "could not read" in feedback.message and "Did you mean Kyrgyzstan?" in feedback.message


@pytest.mark.parametrize("text", ["1994-04-20", "20 April 1994", "April 20, 1994",
                                  "20th April 1994", "20 Apr 1994", "20.04.1994", "20/04/1994",
                                  "1994/04/20"])
def test_date_forms(text):
    assert ex.read_date(text) == (pd.Timestamp("1994-04-20"), "day")


def test_date_objects_and_partial_dates():
    import datetime as dt

    import numpy as np

    assert ex.read_date(dt.date(1994, 4, 20))[0] == pd.Timestamp("1994-04-20")
    assert ex.read_date(np.datetime64("1994-04-20"))[0] == pd.Timestamp("1994-04-20")
    assert ex.read_date("April 1994") == (pd.Timestamp("1994-04-01"), "month")
    assert ex.read_date(1994) == (pd.Timestamp("1994-01-01"), "year")
    feedback = check("01-entry-into-force", "the spring of 94")
    assert feedback.verdict == "wrong" and "20 April 1994" in feedback.message  # form, not answer


@pytest.mark.parametrize("given", ["2,030", 2030, 2030.0, "2 030", "2030", "2_030"])
def test_number_forms(given):
    assert ex.read_number(given) == 2030


def test_numpy_and_pandas_numbers_are_read():
    import numpy as np

    parties = len(csto.members_on("1995-01-01"))
    assert check("01-parties-1995", np.int64(parties)).verdict == "right"
    assert check("01-parties-1995", pd.Series([parties])).verdict == "right"
    assert check("01-parties-1995", "nine").verdict == "wrong"


def test_choice_case_aliases_and_booleans():
    assert check("01-charter-city", "  KISHINEV ").verdict == "right"
    assert check("01-charter-city", "Chișinău").verdict == "right"
    armenia = "Armenia" in csto.members_on(csto.as_of())
    assert check("02-armenia-party", armenia).verdict == "right"
    assert check("02-armenia-party", "Yes" if armenia else "No").verdict == "right"
    assert check("02-armenia-party", not armenia).verdict == "wrong"
    unreadable = check("02-uzbekistan-2010", "member")
    assert "not one of the options" in unreadable.message


def test_keys_accept_a_frame_column_or_text():
    table = csto.crises()
    article4 = table[table["request_type"] == "formal request for assistance (Article 4)"]
    assert check("03-article4", article4).verdict == "right"
    assert check("03-article4", ", ".join(article4["crisis_id"]).upper()).verdict == "right"
    wider = table[table["request_type"] != "no request"]
    wider = wider[wider["request_type"].isin([ex._ARTICLE_4, "consultations (Article 2)"])]
    assert "Article 2" in check("03-article4", wider).message


def test_counts_ignore_zero_rows_order_and_label_spelling():
    counts = csto.crises(state="Armenia")["response"].value_counts()
    assert (counts == 0).any(), "categorical value_counts keeps the zero rows"
    plain = csto.crises(state="Armenia")["response"].astype(str).value_counts().sort_index()
    assert check("03-armenia-responses", plain).verdict == "right"
    gap = ex._member_years_gap()
    by_code = pd.Series(gap.values, index=[csto.state_code(n) for n in gap.index])[::-1]
    assert check("06-member-years-gap", by_code.to_dict()).verdict == "right"


# ------------------------------------------------------------------ never give the answer away


def _forms(exercise: ex.Exercise) -> list[str]:
    """Ways the expected answer could be written out."""
    expected = exercise.expected()
    if exercise.kind == "number":
        value = int(round(float(expected)))
        return [str(value), f"{value:,}"]
    if exercise.kind == "date":
        day, _ = ex._to_date(expected)
        return [day.strftime("%Y-%m-%d"), day.strftime("%d %B %Y"),
                f"{day.day} {day:%B %Y}", day.strftime("%B %d")]
    if exercise.kind in ("states", "state"):
        codes = ex.read_states([expected] if exercise.kind == "state" else expected)
        return [csto.state_name(c) for c in codes]
    if exercise.kind == "keys":
        return sorted(ex._read_keys(expected, exercise.column))
    if exercise.kind == "choice":
        right = ex._read_choice(exercise, expected)
        return [] if right in ("yes", "no") else [right]
    return []


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_answer_is_not_in_the_repr_prompt_or_hints(exercise_id):
    exercise = EXERCISES[exercise_id]
    hints = " ".join(str(hint(exercise_id, n)) for n in range(1, len(exercise.hints) + 1))
    shown = [hints, exercise.prompt, exercise.title]
    if exercise.kind != "choice":  # a choice lists every option, the right one among them
        shown += [repr(exercise), exercise._repr_html_(), str(show_exercise(exercise_id))]
    for form in _forms(exercise):
        for text in shown:
            assert not re.search(rf"\b{re.escape(form)}\b", text, re.I), (exercise_id, form, text)


def test_wrong_and_nearly_feedback_never_name_the_answer():
    parties = csto.members_on("2000-01-01")
    for answer in (parties[1:], parties[:2], ["France"]):
        message = check("00-members-2000", answer).message
        assert parties[0] not in message
    official = int(ex._official("deaths")["value"])
    for answer in (official - 5, official * 2, 0):
        message = check("04-death-toll", answer).message
        assert str(official) not in message and f"{official:,}" not in message


# ------------------------------------------------------------------ display


def test_feedback_repr_is_deterministic_and_html_escaped():
    a, b = check("01-parties-1995", 4), check("01-parties-1995", 4)
    assert repr(a) == repr(b) == str(a)
    assert repr(a).startswith("01-parties-1995: Not yet.")
    odd = Feedback("00-tables", "nearly", "<script>alert(1)</script>")
    assert "<script>" not in odd._repr_html_() and "&lt;script&gt;" in odd._repr_html_()
    assert 'class="csto-feedback csto-feedback-nearly"' in odd._repr_html_()
    with pytest.raises(UnknownNameError):
        Feedback("00-tables", "maybe", "x")


def test_exercise_display_shows_the_question_and_how_to_check():
    exercise = show_exercise("02-uzbekistan-2013")
    text = repr(exercise)
    assert text == str(exercise)
    assert "What was Uzbekistan's status on 1 January 2013?" in text
    assert "%load solutions/02-uzbekistan-2013.py" in text
    assert "0x" not in text  # no memory addresses: stable under nbval
    assert "Choose one of" in exercise._repr_html_()


def test_top_level_names():
    assert csto.show_exercise is show_exercise
    assert csto.check_answer is ex.check_answer is check
    assert csto.hint is hint and csto.list_exercises is list_exercises


def test_importing_csto_does_not_import_widgets_or_maps():
    code = ("import sys, csto, csto.exercises, csto.widgets; "
            "print(sorted(m for m in ('ipywidgets', 'folium', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_wrong_month_is_called_a_wrong_month():
    from csto.exercises import check

    for answer in ("1994-05-20", "1994-05"):
        feedback = check("01-entry-into-force", answer)
        assert feedback.verdict == "wrong" and "not the right month" in feedback.message
    assert "a few days off" in check("01-entry-into-force", "1994-04-21").message


@pytest.mark.parametrize("year", [100000, 0, -5])
def test_a_year_out_of_any_calendar_gets_feedback_not_a_crash(year):
    result = check("00-as-of", year)
    assert result.verdict == "wrong" and "is not a year" in str(result)


def test_date_answers_in_the_forms_a_learner_gives():
    """A column of one repeated date, what print() shows for a Timestamp, single-digit months,
    an abbreviated month with a full stop, day-month-year with dashes, a numpy year, and a
    month-first date that can only be read that way are all read; an empty selection (NaT, an
    empty column) or several different dates get feedback, never a traceback."""
    events = load("membership_events")
    in_force = events[events["event"] == "entry into force"]["date"]
    for answer in (in_force, in_force.unique(), in_force.to_numpy(), "1994-04-20 00:00:00",
                   "1994-04-20T00:00:00", "1994-4-20", "Apr. 20, 1994", "20-04-1994",
                   "04/20/1994"):
        assert check("01-entry-into-force", answer).verdict == "right", answer
    assert check("00-as-of", np.int64(as_of().year)).verdict == "nearly"
    empty = events[events["event"] == "entry in force"]["date"]
    for answer, says in ((empty, "is empty"), (empty.min(), "missing date"),
                         (events["date"], "different values")):
        feedback = check("01-entry-into-force", answer)
        assert feedback.verdict == "wrong" and says in feedback.message, answer


def test_a_month_first_date_gets_told_how_slashes_are_read():
    feedback = check("04-first-day", "01/06/2022")  # 6 January 2022 written month first
    assert feedback.verdict == "nearly" and "read day first" in feedback.message


def test_tempting_dates_from_the_lessons_are_called_out():
    for exercise, answer, says in (("05-armenia-freeze", "2024-06-12", "later step"),
                                   ("05-armenia-freeze", "2024-12-04", "later step"),
                                   ("06-atop-belarus", "1994-04-20", "entered into force"),
                                   ("04-first-day", "2022-01-02", "first day in the whole")):
        feedback = check(exercise, answer)
        assert feedback.verdict == "wrong" and says in feedback.message, (exercise, answer)


def test_state_and_choice_answers_in_the_forms_a_learner_gives():
    from csto import crises

    assert check("03-forces-deployed", crises(response="forces deployed")).verdict == "right"
    assert check("03-forces-deployed", "Kazakhstan.").verdict == "right"
    for answer in ("Chisinau (Kishinev)", "Chisinau, Moldova", ["Chisinau"], "kishinev"):
        assert check("01-charter-city", answer).verdict == "right", answer
    assert check("02-armenia-party", ["yes"]).verdict == "right"
    assert check("00-tables", np.array([len(csto.table_names())])).verdict == "right"
    junk = check("00-tables", 3 + 0j)
    assert junk.verdict == "wrong" and "not a real number" in junk.message


def test_a_one_cell_table_is_read_and_a_bigger_one_is_refused_in_a_sentence():
    tables = len(csto.table_names())
    assert check("00-tables", pd.DataFrame({"n": [tables]})).verdict == "right"
    assert check("01-charter-city", pd.DataFrame({"city": ["Chisinau"]})).verdict == "right"
    feedback = check("00-tables", pd.DataFrame({"n": [tables, 1]}))
    assert feedback.verdict == "wrong" and "is a table (2 rows, 1 columns)" in feedback.message
