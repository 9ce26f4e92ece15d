"""The teacher's side: `python -m csto.classroom FOLDER` reads a folder of hand-ins, names each
file it cannot fully read in one sentence, and computes the class's shares and misconceptions."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import time
from html import unescape

import pytest
from csto import check, hand_in, hint, predict, record
from csto import exercises as ex_module
from csto.classroom import build, gather, read_hand_in
from hand_in_variants import DAMAGES, damage, read, variant, write

EXERCISES = ex_module.EXERCISES
QUOTES = "00-quotes"  # multiple choice: b is right; a, c and d each reveal a misconception


def expected(exercise_id):
    return ex_module._expected(EXERCISES[exercise_id])


def plan(i: int) -> dict:
    """What student i does: first option in 00-quotes, whether a hint and then b follow, the
    answer to 00-tables, the prediction of 00-armenia-rows, a written answer or not."""
    first = "acd"[i % 3] if i % 2 else "b"  # 15 right at first try; 5 each of a, c, d
    return {"first": first, "then_b": first != "b" and i % 3 == 0,  # a-choosers try again
            "tables_right": i < 21, "guess": 3 + i % 4, "written": i < 4}


def act(i: int) -> None:
    p = plan(i)
    check(QUOTES, p["first"])
    if p["then_b"]:
        hint(QUOTES)
        check(QUOTES, "b")
    check("00-tables", expected("00-tables") + (0 if p["tables_right"] else 1))
    predict("00-armenia-rows", p["guess"])
    check("00-armenia-rows", expected("00-armenia-rows"))
    if p["written"]:
        check("04-colour-revolution", f"Student {i} weighs the state outlet against an "
              "independent scholar here, and finds the claim of a colour revolution "
              "unproven by the evidence each of the two sources offers. " * 2)


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory):
    """30 hand-ins made by real check/predict/hint calls, 7 of them then damaged."""
    folder = tmp_path_factory.mktemp("hand-ins")
    mp = pytest.MonkeyPatch()
    try:
        for i in range(30):
            mp.setenv("CSTO_PROGRESS_DIR", str(folder.parent / f"progress-{i}"))
            record.reset()
            ex_module._PREDICTIONS.clear()
            act(i)
            hand_in(f"Student {i:02d}", folder=folder)
    finally:
        mp.undo()
        record.reset()
        ex_module._PREDICTIONS.clear()
    damaged = {}
    for n, how in enumerate(DAMAGES):  # students 00, 04, 08, ...
        path = folder / f"hand-in-all-student-{4 * n:02d}.html"
        damage(path, how)
        damaged[path.name] = how
    return folder, damaged


SKIPPED = ("truncated", "bad-json", "newer-version", "no-data", "not-text")  # files not read at all


def students_read(damaged) -> list[int]:
    """Students whose 00-quotes entry is read: all but those whose file is skipped (the
    bad-field damage is in the first exercise of the hand-in, 00-tables)."""
    gone = {int(re.search(r"(\d+)\.html", f).group(1)) for f, how in damaged.items()
            if how in SKIPPED}
    return [i for i in range(30) if i not in gone]


def test_each_damaged_file_gets_one_sentence_and_the_rest_are_read(class_folder):
    folder, damaged = class_folder
    hand_ins, notes = gather(folder)
    assert len(notes) == len(damaged)
    for name, how in damaged.items():
        (note,) = [n for n in notes if n.startswith(name + ":")]
        assert note.endswith(".") and note.count(". ") == 0, note  # one sentence
        assert {"truncated": "cut short",
                "bad-json": "not valid JSON", "newer-version": "newer than this csto reads",
                "bad-field": "tries is 'three'", "no-data": "holds no csto hand-in data",
                "no-name": "no student name", "not-text": "holds no csto hand-in data",
                }[how] in note
    # skipped: 4 files; partly read: bad-field (one exercise left out) and no-name
    assert len(hand_ins) == 30 - len(SKIPPED)
    bad_field = next(f for f, how in damaged.items() if how == "bad-field")
    partly = next(h for h in hand_ins if h.file == bad_field)
    assert [e["id"] for e in partly.exercises] == [QUOTES, "00-armenia-rows"]


def test_shares_and_misconceptions_are_computed_right(class_folder, tmp_path):
    folder, damaged = class_folder
    csv_path, html_path, hand_ins, _ = build(folder, tmp_path)
    counted = students_read(damaged)
    plans = [plan(i) for i in counted]
    tried = len(plans)
    right_first = sum(p["first"] == "b" for p in plans)
    right_now = right_first + sum(p["then_b"] for p in plans)
    html = unescape(html_path.read_text(encoding="utf-8"))
    section = html[html.index(f"<section id='{QUOTES}'>"):]
    section = section[: section.index("</section>")]
    assert f"class='right-first'>{right_first} of {tried} (" in section
    assert f"class='right-now'>{right_now} of {tried} (" in section
    assert f"class='right-after-hint'>{right_now - right_first} of {tried} (" in section
    # the wrong options, most chosen first, each with its misconception
    chosen = {o: sum(p["first"] == o for p in plans) for o in "acd"}
    rows = re.findall(r"<tr class='wrong-option' data-option='(\w)'><td>.*?</td>"
                      r"<td class='count'>(\d+)</td><td>(.*?)</td></tr>", section)
    assert [(o, int(n)) for o, n, _ in rows] == sorted(chosen.items(),
                                                        key=lambda kv: (-kv[1], kv[0]))
    for o, _, text in rows:
        assert text == EXERCISES[QUOTES].misconceptions[o]
    # predictions against the data, and the written answers beside the rubric
    pred = html[html.index("<section id='00-armenia-rows'>"):]
    assert f"The data show <strong class='data'>{expected('00-armenia-rows')}</strong>" in pred
    written = html[html.index("<section id='04-colour-revolution'>"):]
    for criterion in EXERCISES["04-colour-revolution"].rubric:
        assert criterion in written
    assert written.count("weighs the state outlet") == 2 * sum(p["written"] for p in plans)
    # the CSV: one row per student and exercise read
    table = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert len(table) == sum(len(h.exercises) for h in hand_ins)
    quotes = [r for r in table if r["exercise"] == QUOTES]
    assert sum(r["right_first"] == "True" for r in quotes) == right_first


def test_the_command_line(class_folder, tmp_path):
    folder, damaged = class_folder
    out = subprocess.run([sys.executable, "-m", "csto.classroom", str(folder), "--out",
                          str(tmp_path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == (f"Read {30 - len(SKIPPED)} hand-ins ({len(damaged)} not "
                                  "fully read); wrote "
                                  f"{tmp_path / 'class.html'} and {tmp_path / 'class.csv'}.")
    assert len(out.stderr.strip().splitlines()) == len(damaged)
    missing = subprocess.run([sys.executable, "-m", "csto.classroom", str(tmp_path / "nope")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "is not a folder" in missing.stderr


def test_a_hand_in_of_another_format_version_is_named(class_folder, tmp_path):
    folder, _ = class_folder
    data = read(folder / "hand-in-all-student-01.html")
    for version, words in ((0, "format version '0' is not one"), ("1", "format version '1'")):
        data["version"] = version
        path = write(data, tmp_path, f"v{version}")
        hand, note = read_hand_in(path)
        assert hand is None and words in note


def test_the_later_hand_in_of_a_student_counts(class_folder, tmp_path):
    folder, _ = class_folder
    data = read(folder / "hand-in-all-student-01.html")
    write(variant(data, 1, option="a", right_first=False), tmp_path, "early")
    later = variant(data, 1, option="b", right_first=True)
    later["written"] = "2026-12-08T09:00:00Z"
    write(later, tmp_path, "late")
    hand_ins, notes = gather(tmp_path)
    kept = [e for h in hand_ins for e in h.exercises if e["id"] == QUOTES]
    assert [e["first_option"] for e in kept] == ["b"]
    n = len(data["exercises"])
    assert notes == [f"early.html: Student 001 handed in {n} of its exercises again later "
                     "(late.html), which count instead (if two students share this name, ask "
                     "them to hand in with full names)."]


def test_class_page_of_200_hand_ins_takes_under_5_seconds(class_folder, tmp_path):
    folder, _ = class_folder
    data = read(folder / "hand-in-all-student-01.html")
    src = tmp_path / "in"
    src.mkdir()
    for i in range(200):
        write(variant(data, i, option="abcd"[i % 4], right_first=i % 4 == 1), src, f"h{i}")
    start = time.perf_counter()
    _, html_path, hand_ins, notes = build(src, tmp_path / "out")
    assert time.perf_counter() - start < 5
    assert len(hand_ins) == 200 and not notes
    assert "class='right-first'>50 of 200 (25%)" in html_path.read_text(encoding="utf-8")


def test_a_spreadsheet_formula_in_an_answer_stays_text_in_the_csv(class_folder, tmp_path):
    folder, _ = class_folder
    data = read(folder / "hand-in-all-student-01.html")
    data["exercises"][0]["last_answer"] = '=HYPERLINK("http://example.org", "x")'
    write(data, tmp_path, "formula")
    csv_path, *_ = build(tmp_path, tmp_path / "out")
    (row, *_) = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert row["last_answer"] == "'=HYPERLINK(\"http://example.org\", \"x\")"
