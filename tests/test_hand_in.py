"""Recording every attempt (csto.record), my_progress and hand_in (csto.handin)."""

from __future__ import annotations

import json
import re
import statistics
import time

import pytest
from csto import check, hand_in, hint, my_progress, predict, record
from csto import exercises as ex_module
from csto.errors import CstoError
from csto.handin import FORMAT, VERSION, read_page, summarise


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty progress folder and hand-in folder, and a session that knows nothing yet."""
    monkeypatch.setenv("CSTO_PROGRESS_DIR", str(tmp_path / "progress"))
    monkeypatch.setenv("CSTO_HAND_IN_DIR", str(tmp_path / "hand-ins"))
    record.reset()
    ex_module._PREDICTIONS.clear()
    yield tmp_path
    record.reset()
    ex_module._PREDICTIONS.clear()


def lines(tmp_path, lesson="00-start-here"):
    path = tmp_path / "progress" / f"{lesson}.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def expected(exercise_id):
    return ex_module._expected(ex_module.EXERCISES[exercise_id])


def test_each_call_keeps_one_record(fresh):
    right = expected("00-tables")
    check("00-tables", right + 3)
    hint("00-tables")
    hint("00-tables", 2)
    check("00-tables", right)
    kept = lines(fresh)
    assert [r["call"] for r in kept] == ["check", "hint", "hint", "check"]
    first, *_, last = kept
    assert (first["verdict"], first["try"], first["first_try"], first["hints"]) == (
        "wrong", 1, True, 0)
    assert (last["verdict"], last["try"], last["first_try"], last["hints"]) == (
        "right", 2, False, 2)
    assert last["answer"] == str(right) and last["lesson"] == "00-start-here"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["time"]) for r in kept)


def test_damaged_lines_of_the_progress_file_are_skipped(fresh):
    check("00-tables", 1)
    path = fresh / "progress" / "00-start-here.jsonl"
    good = path.read_text(encoding="utf-8")
    bad = [good.replace('"hints": 0', '"hints": "x"'), good.replace('"try": 1', '"try": true'),
           "{not json\n", "[]\n", good.replace('"call": "check"', '"call": "eval"')]
    path.write_text("".join(bad) + good, encoding="utf-8")
    assert list(record.read_records("00-start-here")) == [json.loads(good)]
    assert my_progress("00").loc["00-tables", "tries"] == 1


def test_a_first_hint_before_any_try_is_not_counted(fresh):
    hint("00-tables")  # what Run All shows in every lesson
    hint("00-quotes", 2)  # a second hint is asked for on purpose
    check("00-tables", 1)
    hint("00-tables")  # stuck after a try
    assert [(r["id"], r["hint"], r["hints"]) for r in lines(fresh) if r["call"] == "hint"] == [
        ("00-tables", 1, 0), ("00-quotes", 2, 2), ("00-tables", 1, 1)]


def test_multiple_choice_keeps_the_letter_chosen(fresh):
    check("00-quotes", "Python stops with a NameError before check runs")
    check("00-quotes", "a")
    check("00-quotes", "zz")  # not an option: no letter
    assert [r["option"] for r in lines(fresh)] == ["b", "a", None]


def test_prediction_is_kept_beside_the_data(fresh):
    right = expected("00-armenia-rows")
    check("00-armenia-rows", right)  # before predicting: told to predict, not a try
    predict("00-armenia-rows", right + 2)
    check("00-armenia-rows", right)
    told, guessed, checked = lines(fresh)
    assert told["try"] == 0
    assert guessed["prediction"] == str(right + 2)
    assert (checked["prediction"], checked["data"], checked["first_try"]) == (
        str(right + 2), str(right), True)


def test_empty_answers_are_not_tries(fresh):
    check("00-tables", ...)
    check("00-tables")
    check("00-tables", "...")
    check("00-tables", 1)
    assert [r["try"] for r in lines(fresh)] == [0, 0, 0, 1]
    assert lines(fresh)[-1]["first_try"] is True


def test_written_answer_is_kept_in_full(fresh):
    text = "The government called it a colour revolution. " * 40  # 1,880 characters
    check("04-colour-revolution", text)
    (kept,) = lines(fresh, "04-kazakhstan-2022")
    assert kept["answer"] == text and kept["verdict"] == "noted"


def test_counts_go_on_after_a_restart(fresh):
    check("00-tables", 1)
    hint("00-tables")
    record.reset()  # what a kernel restart forgets
    check("00-tables", 2)
    last = lines(fresh)[-1]
    assert (last["try"], last["first_try"], last["hints"]) == (2, False, 1)


def test_a_worked_solution_records_nothing(fresh):
    import answer_key  # tools/answer_key.py

    predict("00-armenia-rows", 1)
    check("00-armenia-rows", 2)
    answer_key.build("00")  # runs lesson 00's worked solutions, their own predict() included
    assert [r["call"] for r in lines(fresh)] == ["predict", "check"]
    assert lines(fresh)[-1]["prediction"] == "1"


def test_read_only_home_falls_back_to_a_temporary_folder(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.delenv("CSTO_PROGRESS_DIR")
    monkeypatch.setenv("HOME", str(blocker / "home"))  # cannot be created: a read-only home
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    record.reset()
    try:
        check("00-tables", 1)
        check("00-tables", 2)
        folder = record.progress_dir()
    finally:
        record.reset()
    assert folder.is_relative_to(tmp_path / "tmp")
    assert len((folder / "00-start-here.jsonl").read_text().splitlines()) == 2
    err = capsys.readouterr().err
    assert err.count("cannot be written") == 1 and str(folder) in err


def test_failing_to_record_never_breaks_check_and_says_so_once(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("CSTO_PROGRESS_DIR", str(blocker / "progress"))
    monkeypatch.setattr("tempfile.tempdir", str(blocker / "tmp"))
    record.reset()
    try:
        first = check("00-tables", expected("00-tables"))
        second = check("00-tables", 1)
    finally:
        record.reset()
    assert first.verdict == "right" and second.verdict == "wrong"
    assert capsys.readouterr().err.count("could not be kept") == 1


def test_recording_adds_at_most_5_ms_to_a_check(fresh):
    feedback = check("00-tables", 1)  # warm: the lesson's file is read once
    times = []
    for _ in range(30):
        start = time.perf_counter()
        record.keep("check", "00-tables", (1,), feedback)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.005


def test_my_progress_counts_per_lesson_and_per_exercise(fresh):
    check("00-tables", expected("00-tables"))  # right at first try
    check("00-quotes", "a")
    hint("00-quotes")
    check("00-quotes", "b")  # right now, not at first
    check("00-as-of", "1999")  # wrong
    check("04-colour-revolution", "A domestic crisis, say the independent scholars. " * 8)
    table = my_progress()
    assert table.loc["00-start-here", ["tried", "right at first try", "right now",
                                        "hints used", "written answers"]].tolist() == [
        3, 1, 2, 1, 0]
    assert table.loc["04-kazakhstan-2022", "written answers"] == 1
    assert table.loc["01-origins", "tried"] == 0
    detail = my_progress("00")
    assert detail.loc["00-quotes", ["tries", "right at first try", "right now",
                                    "hints used"]].tolist() == [2, "no", "yes", 1]
    assert detail.loc["00-members-2000", "right at first try"] == "–"


@pytest.mark.parametrize("lesson", ["99", "start-here", 12, 3.5])
def test_an_unknown_lesson_is_one_sentence(fresh, lesson):
    with pytest.raises(CstoError, match=r"is not a known lesson\..*Valid lessons: 00, "):
        my_progress(lesson)


def test_hand_in_round_trip(fresh, capsys):
    text = 'It was "unrest" </script><script>alert(1)</script> & more, say two sources. ' * 5
    check("00-quotes", "c")
    check("00-quotes", "b")
    predict("00-armenia-rows", 99)
    check("00-armenia-rows", expected("00-armenia-rows"))
    check("04-colour-revolution", text)
    path = hand_in("Ada O'Lovelace")
    assert path == fresh / "hand-ins" / "hand-in-all-ada-o-lovelace.html"
    assert "Saved hand-in-all-ada-o-lovelace.html (3 exercises tried)" in capsys.readouterr().out
    html = path.read_text(encoding="utf-8")
    data = read_page(html)
    assert (data["format"], data["version"], data["name"]) == (FORMAT, VERSION,
                                                              "Ada O'Lovelace")
    assert data["lessons"] == ["00-start-here", "04-kazakhstan-2022"]
    records = [json.loads(x) for f in sorted((fresh / "progress").glob("*.jsonl"))
               for x in f.read_text(encoding="utf-8").splitlines()]
    assert data["attempts"] == records
    assert data["exercises"] == summarise(records)
    quotes = next(e for e in data["exercises"] if e["id"] == "00-quotes")
    assert (quotes["first_verdict"], quotes["last_verdict"], quotes["options"]) == (
        "wrong", "right", ["c", "b"])
    written = next(e for e in data["exercises"] if e["id"] == "04-colour-revolution")
    assert written["written"] == text
    # readable: escaped name, the written answer in full, the prediction beside the data
    assert "Hand-in: Ada O&#x27;Lovelace" in html
    assert html.count("<script") == 1 and "alert(1)</script>" not in html
    assert "It was &quot;unrest&quot; &lt;/script&gt;" in html
    assert f"predicted 99; the data show {expected('00-armenia-rows')}" in html


def test_hand_in_one_lesson_in_the_notebook_folder(fresh, monkeypatch, capsys):
    monkeypatch.delenv("CSTO_HAND_IN_DIR")
    monkeypatch.chdir(fresh)
    check("04-personnel", 1)
    check("00-tables", 1)
    path = hand_in("  Zoë   Ivanova ", "04")
    assert path == fresh / "hand-in-04-kazakhstan-2022-zoë-ivanova.html"
    data = read_page(path.read_text(encoding="utf-8"))
    assert [e["id"] for e in data["exercises"]] == ["04-personnel"]
    assert data["name"] == "Zoë Ivanova"
    assert "in the folder of this notebook: download it" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["", "   ", 42, ["Ada"], "x" * 101, "2022-01-06",
                                  "<b>Ada</b>"])
def test_a_bad_name_is_one_sentence(fresh, name):
    with pytest.raises(CstoError, match=r"^Give your name as text in quotes"):
        hand_in(name)


def test_a_name_left_as_dots_is_told_to_replace_it(fresh, capsys):
    assert hand_in(...) is None
    assert capsys.readouterr().out.startswith("Replace ... with your name in quotes")
    assert not (fresh / "hand-ins").exists()


def test_hand_in_an_unknown_lesson(fresh):
    with pytest.raises(CstoError, match="'99' is not a known lesson"):
        hand_in("Ada", "99")


@pytest.mark.parametrize("name", ["Your Name", "your  name"])
def test_the_placeholder_name_is_refused(fresh, name):
    with pytest.raises(CstoError, match="with your own name"):
        hand_in(name)
