"""The answer key (issue 22): check judges against keys computed ahead by tools/answer_key.py,
runs no code of the answer key in a learner's kernel, and notices a key older than the data or
the solutions; a teacher's mistake in a declaration, a solution, traps.py or the key gets one
sentence naming the place and stops only that lesson's exercises."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import answer_key as key_tool  # tools/answer_key.py
import csto
import pytest
from csto import exercises as ex
from csto.answer_key import AnswerKeyError, key_path
from csto.declarations import DeclarationError, Exercises, load_exercises
from csto.paths import ENV_VAR, SOLUTIONS, clear_cache, data_dir, lessons


def test_every_stored_key_is_fresh_against_the_data_and_the_solutions():
    assert key_tool.stale() == [], "run `make execute` (or python tools/answer_key.py)"
    for prefix in lessons():
        stored = key_path(prefix).read_text(encoding="utf-8")
        assert stored == key_tool.text_of(key_tool.build(prefix)), f"lesson {prefix}'s key"


@pytest.fixture
def solutions(tmp_path, monkeypatch) -> Path:
    """A copy of notebooks/solutions that check reads instead of the real one."""
    folder = tmp_path / "solutions"
    shutil.copytree(SOLUTIONS, folder)
    monkeypatch.setattr(ex, "EXERCISES", Exercises(folder))
    clear_cache()
    yield folder
    clear_cache()


def test_a_solution_that_loops_deletes_or_patches_has_no_effect_in_a_learners_kernel(
        solutions, tmp_path):
    marker = tmp_path / "precious.txt"
    marker.write_text("keep me", encoding="utf-8")
    evil = {"00-tables": "while True:\n    pass\nanswer = 1",
            "00-as-of": f"import os\nos.remove({str(marker)!r})\nanswer = '2000-01-01'",
            "00-members-2000": ("import csto.exercises\n"
                                "csto.exercises.check = lambda *a: 'patched'\nanswer = []")}
    for exercise_id, body in evil.items():
        (solutions / f"{exercise_id}.py").write_text(
            f"from csto import check\n{body}\ncheck({exercise_id!r}, answer)\n", encoding="utf-8")
    check = ex.check
    start = time.perf_counter()
    assert check("00-tables", len(csto.table_names())).verdict == "right"
    assert check("00-as-of", csto.as_of()).verdict == "right"
    assert check("00-members-2000", csto.members_on("2000-01-01")).verdict == "right"
    assert time.perf_counter() - start < 5
    assert marker.is_file() and ex.check is check
    assert key_tool.stale(solutions) == ["00-start-here.key.json was computed from other "
                                         "solutions or declarations"]


def test_import_csto_reads_no_exercise_file_and_check_reads_only_its_lessons():
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' and "
        "'solutions' in str(a[0]) else None)\n"
        "import csto\n"
        "print(len(opened))\n"
        "csto.check('01-charter-city', 'Chisinau')\n"
        "print(sorted({p.rsplit('/', 1)[-1] for p in opened}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == "0"
    assert out[1] == "['01-origins.key.json', '01-origins.toml']"


def test_check_says_the_key_is_older_than_the_data_instead_of_judging(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    events = copy / "membership_events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(copy))
    clear_cache()
    try:
        with pytest.raises(AnswerKeyError, match=r"computed from other data.*\(membership_events"
                           r".csv has changed since\).*make execute"):
            ex.check("00-tables", 14)
        assert all("computed from other data" in s for s in key_tool.stale())
    finally:
        monkeypatch.undo()
        clear_cache()
    assert ex.check("00-tables", len(csto.table_names())).verdict == "right"


def test_a_new_reading_leaves_the_keys_of_lessons_that_do_not_read_readings_fresh(tmp_path,
                                                                                monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    readings = copy / "readings.csv"
    readings.write_text(readings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(copy))
    clear_cache()
    try:
        uses = [p for p in lessons() if "readings.csv" in json.loads(
            key_path(p).read_text(encoding="utf-8"))["data"]]
        assert uses != list(lessons())
        assert key_tool.stale() == [f"{key_path(p).name} was computed from other data "
                                    "(readings.csv has changed)" for p in uses]
    finally:
        monkeypatch.undo()
        clear_cache()


def test_a_broken_key_is_the_teachers_to_fix_never_the_learners_mistake(solutions):
    key = key_path("00", solutions)
    stored = json.loads(key.read_text(encoding="utf-8"))
    stored["answers"]["00-as-of"] = "not a date"
    key.write_text(json.dumps(stored), encoding="utf-8")
    with pytest.raises(AnswerKeyError, match="answer key of 00-as-of holds 'not a date'.*make ex"):
        ex.check("00-as-of", csto.as_of())
    stored["answers"]["00-tables"] = 14
    del stored["answers"]["00-tables"]
    key.write_text(json.dumps(stored), encoding="utf-8")
    clear_cache()
    with pytest.raises(AnswerKeyError, match="has no answer for 00-tables"):
        ex.check("00-tables", 14)
    key.write_text("{not json", encoding="utf-8")
    clear_cache()
    with pytest.raises(AnswerKeyError, match="00-start-here.key.json cannot be read"):
        ex.check("00-tables", 14)
    key.unlink()
    clear_cache()
    with pytest.raises(AnswerKeyError, match="Lesson 00 has no answer key"):
        ex.check("00-tables", 14)
    assert ex.check("01-charter-city", "Chisinau").verdict == "right"  # other lessons still judge


def test_a_broken_solution_is_refused_when_the_key_is_built_naming_the_file(solutions):
    cases = {"00-as-of": ('answer = "not a date"', "00-as-of.py: the answer it computes is "
                          "'not a date', which a date exercise cannot read"),
             "00-tables": ("answer = 1 / 0", r"00-tables.py, line 2: the worked solution of "
                           "00-tables failed \\(ZeroDivisionError"),
             "00-quotes": ("answer = 'b'\nanswer = (", r"00-quotes.py, line 3: this is not valid"),
             "00-members-2000": ("answer = []\nprint(answer)", "must end with check")}
    for exercise_id, (body, says) in cases.items():
        path = solutions / f"{exercise_id}.py"
        good = path.read_text(encoding="utf-8")
        if "must end" in says:
            path.write_text(f"{body}\n", encoding="utf-8")
        else:
            path.write_text(f"from csto import check\n{body}\ncheck({exercise_id!r}, answer)\n",
                            encoding="utf-8")
        with pytest.raises(DeclarationError, match=says):
            key_tool.build("00", solutions)
        path.write_text(good, encoding="utf-8")


def test_a_looping_solution_is_stopped_when_the_key_is_built(solutions, monkeypatch):
    monkeypatch.setattr(key_tool, "TIMEOUT", 1)
    (solutions / "00-tables.py").write_text(
        "from csto import check\nwhile True:\n    pass\ncheck('00-tables', 1)\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match="00-tables.py, line [23].*more than 1 s"):
        key_tool.build("00", solutions)


def test_a_written_answer_that_is_no_text_and_traps_that_fail_name_the_place(solutions):
    (solutions / "02-armenia-member.py").write_text(
        "from csto import check\nanswer = 42\ncheck('02-armenia-member', answer)\n",
        encoding="utf-8")
    with pytest.raises(DeclarationError, match="02-armenia-member.py: the answer it computes is "
                       "42, but a written exercise's model answer is text"):
        key_tool.build("02", solutions)
    (solutions / "02-armenia-member.py").write_text(
        "from csto import check\nanswer = 'Too short.'\ncheck('02-armenia-member', answer)\n",
        encoding="utf-8")
    with pytest.raises(DeclarationError, match="02-armenia-member.py: the model answer has 2 "
                       "words, fewer than the 50 a learner must write"):
        key_tool.build("02", solutions)
    traps = solutions / "traps.py"
    traps.write_text(traps.read_text(encoding="utf-8") + "\n1 / 0\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match="traps.py failed when run \\(ZeroDivisionError"):
        key_tool.build("01", solutions)
    assert ex.check("01-charter-city", "Chisinau").verdict == "right"  # check runs no trap


# ------------------------------------------------------------------ declarations


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("file", "old", "new", "says"), [
    ("01-origins.toml", 'kind = "number"', 'kind = ["number"', r"01-origins.toml is not valid "
     r"TOML: .*\(at line \d+, column \d+\)"),
    ("01-origins.toml", "[01-parties-1995]", "[00-parties-1995]", r"01-origins.toml, "
     r"\[00-parties-1995\]: the exercise id must start with this lesson's number \(01-\)"),
    ("01-origins.toml", "[01-parties-1995]", '["01-Parties 1995"]', "lower-case letters"),
    ("01-origins.toml", "[01-charter-city]\n", "[01-charter-city]\nclose = 1e308\n",
     r"close cannot be 1e\+308; give a number from 0 to 1"),
    ("01-origins.toml", "[01-charter-city]\n", "[01-charter-city]\nmin_words = -3\n",
     "min_words cannot be -3; give a number from 1 to 300"),
    ("01-origins.toml", "[01-entry-into-force]\n", '[01-entry-into-force]\noptions = "__dict__"\n',
     r"'__dict__' is not a known name of options.*Valid names of options: STATUSES"),
    ("01-origins.toml", "[01-entry-into-force]\n", "[01-entry-into-force]\naliases = {x = 1}\n",
     r"aliases\['x'\] cannot be 1; give text"),
    ("01-origins.toml", 'title = "', 'titel = "', "'titel' is not a known exercise field"),
    ("01-origins.toml", "# The checked", "x = 1\n# The checked",
     r"\[x\]: the exercise id must start"),
])
def test_a_broken_declaration_names_the_place_and_stops_only_its_lesson(solutions, file, old,
                                                                        new, says):
    _edit(solutions / file, old, new)
    with pytest.raises(DeclarationError, match=says) as info:
        ex.check("01-parties-1995", 9)
    assert "\n" not in str(info.value) and "Did you mean '00-'" not in str(info.value)
    assert ex.check("00-tables", len(csto.table_names())).verdict == "right"
    with pytest.raises(DeclarationError, match=says):
        key_tool.build("01", solutions)


def test_an_id_declared_twice_is_refused_naming_both_files(solutions):
    (solutions / "00-extra.toml").write_text(
        '[00-tables]\ntitle = "Again"\nquestion = "?"\nkind = "number"\nhints = ["h"]\n',
        encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"00-start-here.toml, \[00-tables\]: this id is "
                       "declared twice \\(also in 00-extra.toml\\)"):
        ex.check("00-tables", 1)
    assert ex.check("01-charter-city", "Chisinau").verdict == "right"


def test_a_declaration_file_of_no_lesson_and_traps_that_misname_are_refused(solutions):
    (solutions / "99-nowhere.toml").write_text("", encoding="utf-8")
    with pytest.raises(DeclarationError, match="99-nowhere.toml: there is no lesson 99"):
        load_exercises(solutions)
    (solutions / "99-nowhere.toml").unlink()
    _edit(solutions / "01-origins.toml", 'data = "cst_day"', 'data = "cst_days"')
    with pytest.raises(DeclarationError, match=r"01-origins.toml, \[01-entry-into-force\], "
                       r"traps\[0\]: data 'cst_days' is not a function of TRAPS in traps.py"):
        key_tool.build("01", solutions)
    _edit(solutions / "01-origins.toml", 'data = "cst_days"\nargs = ["signature"]',
          'answer = "the spring"')
    with pytest.raises(DeclarationError, match=r"01-origins.toml, \[01-entry-into-force\], "
                       r"traps\[0\]: the answer is 'the spring', which a date exercise cannot"):
        key_tool.build("01", solutions)
    _edit(solutions / "01-origins.toml", 'answer = "the spring"',
          'data = "cst_days"\nargs = ["signature"]')
    _edit(solutions / "01-origins.toml", 'data = "cst_days"', 'data = "cst_day"\nverdict = "maybe"')
    with pytest.raises(DeclarationError, match="'maybe' is not a known verdict"):
        ex.check("01-parties-1995", 9)


def test_the_command_that_checks_a_new_declaration_says_one_sentence(solutions, capsys,
                                                                     monkeypatch):
    monkeypatch.setattr(key_tool, "SOLUTIONS", solutions)
    assert key_tool.main(["99"]) == 2 and "'99' is not a lesson number" in capsys.readouterr().out


def test_contributings_example_of_each_kind_is_a_valid_declaration(tmp_path, root):
    """CONTRIBUTING.md's "Adding an exercise" shows one declaration of each kind; it loads."""
    from csto.declarations import KINDS, load_lesson

    guide = (root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = guide.split("## Adding an exercise", 1)[1].split("```toml\n", 1)[1].split("```")[0]
    (tmp_path / "07-example.toml").write_text(example, encoding="utf-8")
    for exercise_id in re.findall(r"^\[(07-[a-z0-9-]+)\]", example, re.M):
        (tmp_path / f"{exercise_id}.py").write_text("", encoding="utf-8")
    declared = load_lesson("07", tmp_path)
    assert sorted({e.kind for e in declared.values()}) == sorted(KINDS)
    assert any(e.predict for e in declared.values()) and any(e.labels for e in declared.values())
    assert "tools/answer_key.py NN" in guide
