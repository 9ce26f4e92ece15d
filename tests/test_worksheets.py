"""Worksheets hold questions and room to answer, never an answer or a hint; answer sheets hold
the answers that check() expects (tools/worksheets.py, printed by `make handouts`)."""

from __future__ import annotations

import html
import re

import pytest
import worksheets
from csto import exercises
from csto.paths import lessons

KEYS = [k for k in lessons() if any(i[:2] == k for i in exercises.EXERCISES)]


def _sections(page: str) -> dict[str, str]:
    """The text of each exercise's section, by exercise id (tags dropped, entities read)."""
    found = re.findall(r'<section class="exercise" id="([^"]+)">(.*?)</section>', page, re.S)
    return {i: html.unescape(re.sub(r"<[^>]+>", " ", body)) for i, body in found}


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=KEYS)
def papers(request):
    key = request.param
    return key, worksheets.worksheet_html(key), worksheets.answer_sheet_html(key)


def test_every_exercise_of_the_lesson_is_on_both_sheets(papers):
    key, sheet, answers = papers
    declared = [i for i in exercises.EXERCISES if i[:2] == key]
    assert sorted(_sections(sheet)) == sorted(declared)
    assert sorted(_sections(answers)) == sorted(declared)
    for exercise_id, text in _sections(sheet).items():
        assert _squash(exercises.EXERCISES[exercise_id].question) in _squash(text)


def test_worksheet_has_no_hint_answer_or_rubric(papers):
    """Nothing of the answer key reaches the students' sheet: no hint, misconception, trap
    message, rubric, model answer, expected answer or ticked option."""
    key, sheet, _ = papers
    assert "Expected answer" not in sheet and "Model answer" not in sheet
    assert 'class="right"' not in sheet and "✔" not in sheet
    for exercise_id, text in _sections(sheet).items():
        ex = exercises.EXERCISES[exercise_id]
        text = _squash(text)
        secrets = [*ex.hints, *ex.misconceptions.values(), *ex.rubric,
                   *(t["message"] for t in ex.traps if t.get("message"))]
        leaked = [s for s in secrets if _squash(s) in text]
        assert leaked == [], f"{exercise_id}: the worksheet shows {leaked}"
        visible = _squash(ex.question + " " + " ".join(ex.labels.values() or ex.options))
        for line in worksheets.expected_answer(ex):
            if ex.kind != "choice" and _squash(line) not in visible:
                assert _squash(line) not in text, f"{exercise_id}: the answer {line!r} is shown"


def test_answer_sheet_has_the_expected_answers(papers):
    key, _, answers = papers
    for exercise_id, text in _sections(answers).items():
        ex = exercises.EXERCISES[exercise_id]
        text = _squash(text)
        expected = worksheets.expected_answer(ex)
        if ex.kind == "written":
            assert _squash(expected[0]) in text
            assert all(_squash(c) in text for c in ex.rubric)
        else:
            assert "Expected answer" in text
            assert all(_squash(line) in text for line in expected[:12])
        assert all(_squash(h) in text for h in ex.hints)


@pytest.mark.parametrize("exercise_id", [i for i, e in exercises.EXERCISES.items()
                                         if e.kind in ("states", "state", "date", "number")])
def test_printed_answer_reads_as_the_answer_check_expects(exercise_id):
    """The answer sheet's words, read as check() reads an answer, are the answer the worked
    solution gives: the paper and the notebook agree."""
    ex = exercises.EXERCISES[exercise_id]
    printed = ", ".join(worksheets.expected_answer(ex))
    printed = printed.split(" (to the ")[0]
    read = exercises._READERS[ex.kind]
    assert read(ex, printed) == read(ex, exercises._expected(ex))


def test_multiple_choice_answer_is_ticked_on_the_answer_sheet():
    choice = [e for e in exercises.EXERCISES.values() if e.kind == "choice" and e.labels]
    assert choice, "no multiple-choice exercise to test"
    for ex in choice:
        letter = exercises._READERS["choice"](ex, exercises._expected(ex))
        page = worksheets.answer_sheet_html(ex.id[:2])
        body = re.search(rf'<section class="exercise" id="{ex.id}">(.*?)</section>', page,
                         re.S).group(1)
        ticked = re.findall(r'<li class="right">.*?</span>(.*?)</li>', body)
        assert [html.unescape(t) for t in ticked] == [f"{letter}) {ex.labels[letter]}"]


def test_exercises_follow_the_order_of_the_lesson():
    """Lesson 04 asks the first day first, though its declarations start with personnel."""
    order = [e.id for e, _, _ in worksheets.lesson_exercises("04")]
    assert order[0] == "04-first-day"
    labels = [label for _, label, _ in worksheets.lesson_exercises("04")]
    assert labels[0].startswith("Exercise 1")


def test_unknown_lesson_is_refused_with_the_lessons_named():
    with pytest.raises(SystemExit, match="the lessons are 00"):
        worksheets.worksheet_html("99")
