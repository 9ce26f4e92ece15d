"""Every lesson has the agreed skeleton, and the facts in its prose come from the data set."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from csto.data import load, table_names
from csto.paths import TEACHERS, lessons

NOTEBOOKS = list(lessons().values())
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00-")]
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"])


def markdown(path: Path) -> str:
    return "\n".join(text(c) for c in cells(path) if c["cell_type"] == "markdown")


def test_the_lessons_are_found_by_file_name():
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert numbers == [f"{i:02d}" for i in range(len(NOTEBOOKS))], (
        f"lessons are numbered 00, 01, ... without gaps; found {numbers}")
    assert len(NOTEBOOKS) >= 7, "the seven lessons are there"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    counted = re.findall(r"\b(six|seven|eight|nine|ten|\d+) (?:Jupyter )?lessons\b", readme, re.I)
    assert not counted, f"README.md counts the lessons ({counted}): it goes stale when one is added"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_title_cell_states_objectives_prerequisites_and_time(path):
    first = text(cells(path)[0])
    assert first.startswith("# "), f"{path.name}: the first cell starts with '# NN · Title'"
    assert re.search(r"\*\*Time:\*\*\s*\d+ minutes", first), (
        f"{path.name}: the title cell states '**Time:** 45 minutes (...)'")
    for heading in ("## Objectives", "## Prerequisites", "| Concepts | Importance | Notes |"):
        assert heading in first, f"{path.name}: the title cell lacks {heading!r}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_has_exercises_key_points_discussion_and_sources(path):
    md = markdown(path)
    boxes = len(re.findall(r"^### Exercise \d+", md, re.M))
    assert boxes >= 3, f"{path.name} has {boxes} '### Exercise N' cells; a lesson needs 3 or more"
    for heading in ("## Key points", "## Discussion questions", "## Sources used in this lesson"):
        assert heading in md, f"{path.name} lacks {heading!r}"
    code = [text(c) for c in cells(path) if c["cell_type"] == "code"]
    assert any("show_sources(" in c for c in code), "sources must be generated from the data"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_exercise_has_check_hint_and_loadable_solution(path):
    from csto import exercises

    code = "\n".join(text(c) for c in cells(path) if c["cell_type"] == "code")
    checked = set(re.findall(r'check\(\s*"([^"]+)"', code))
    assert len(checked) >= 3, (
        f"{path.name} checks {len(checked)} exercises with check(\"<id>\", answer); it needs 3")
    for ex in checked:
        assert ex in exercises.EXERCISES, f"{ex} is not registered in csto.exercises"
        assert f'hint("{ex}")' in code, f"no hint cell for {ex}"
        assert f"# %load solutions/{ex}.py" in code, f"no %load cell for {ex}"
        assert (ROOT / "notebooks" / "solutions" / f"{ex}.py").is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_learner_who_loads_every_solution_can_finish_the_lesson(path, monkeypatch):
    """Run the lesson's code top to bottom as a learner would after loading each worked
    solution with %load: a solution must give the right answer and must not break a later cell
    (for example by reusing a name the lesson needs). Runs in this process, without a kernel."""
    import contextlib
    import io

    from csto import exercises
    from csto.exercises import check

    monkeypatch.chdir(path.parent)
    namespace: dict = {}
    for i, cell in enumerate(cells(path)):
        source = text(cell)
        if cell["cell_type"] != "code" or "raises-exception" in cell["metadata"].get("tags", []):
            continue
        if "answer = ..." in source:  # the learner's own attempt, replaced by the solution
            continue
        loaded = re.match(r"# %load (solutions/\S+\.py)", source)
        if loaded:
            source = (path.parent / loaded.group(1)).read_text(encoding="utf-8")
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(source, f"{path.stem} cell {i}", "exec"), namespace)
        except Exception as exc:  # noqa: BLE001 - report which cell broke
            pytest.fail(f"{path.name}, cell {i}: {type(exc).__name__}: {exc}")
        if loaded:
            exercise = Path(loaded.group(1)).stem
            wanted = "noted" if exercises.EXERCISES[exercise].kind == "written" else "right"
            last = ast.parse(source.strip().splitlines()[-1]).body[0].value  # check(id, answer)
            answer = eval(compile(ast.Expression(last.args[1]), "answer", "eval"), namespace)
            assert check(exercise, answer).verdict == wanted, exercise


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_path_hacks_and_every_cell_ran_in_order(path):
    code = [c for c in cells(path) if c["cell_type"] == "code" and text(c).strip()]
    assert not any(re.search(r"sys\.path\.(insert|append)", text(c)) for c in code), (
        f"{path.name}: import csto as installed, never by editing sys.path")
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), "run Restart & Run All (make execute)"


def _data_dates_and_numbers() -> tuple[set[str], set[int], set[int]]:
    dates: set[str] = set()
    numbers: set[int] = set()
    for table in table_names():
        frame = load(table)
        for col in frame.columns:
            if col.endswith("_text"):
                dates.update(frame[col].dropna())
            elif pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(
                    frame[col]):
                numbers.update(int(v) for v in frame[col].dropna() if float(v).is_integer())
            elif frame[col].dtype == "str" or frame[col].dtype == object:
                for v in frame[col].dropna():
                    numbers.update(int(n.replace(",", "")) for n in
                                   re.findall(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b", str(v)))
    years = {int(d[:4]) for d in dates}
    return dates, numbers, years


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_dates_and_numbers_in_the_prose_are_in_the_data(path):
    dates, numbers, years = _data_dates_and_numbers()
    md = markdown(path)
    md = re.sub(r"\(https?://[^)]*\)|`[^`]*`", "", md)  # links and code are not prose facts
    missing = []
    for iso in re.findall(r"\b(\d{4}-\d{2}-\d{2})\b", md):
        if iso not in dates and iso[:7] not in dates:
            missing.append(iso)
    for day, month, year in re.findall(
            r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b", md, re.I):
        iso = f"{year}-{MONTHS[month.lower()]:02d}-{int(day):02d}"
        if iso not in dates:
            missing.append(f"{day} {month} {year}")
    for year in re.findall(r"\b(199\d|20[0-2]\d)\b", md):
        if int(year) not in years:
            missing.append(year)
    for num in re.findall(r"\b\d{1,3}(?:,\d{3})+\b", md):
        if int(num.replace(",", "")) not in numbers:
            missing.append(num)
    # Other numbers of two or more digits (83 deminers, 238 deaths...), leaving out dates,
    # years, article and section numbers, and lesson timings.
    rest = re.sub(r"\b\d{4}-\d{2}(-\d{2})?\b|\b(Articles?|Section|Lesson|lesson|Exercise)"
                  r" \d+( and \d+)?|\b\d+[- ]minutes?\b", "", md)
    for num in re.findall(r"(?<![\d.,-])\b\d{2,}\b(?![\d,.-])", rest):
        if not 1990 <= int(num) <= 2029 and int(num) not in numbers:
            missing.append(num)
    assert not missing, f"{path.name}: not found in the data set: {sorted(set(missing))}"


def test_teachers_guide_covers_every_lesson():
    for stem in (p.stem for p in NOTEBOOKS):
        page = TEACHERS / f"{stem}.md"
        assert page.is_file(), f"teachers/{stem}.md is missing"
        body = page.read_text(encoding="utf-8")
        # what teachers/README.md promises for every page; 00 is a shorter session
        plans = (("30-minute plan", "45-minute plan") if stem == "00-start-here"
                 else ("45-minute plan", "90-minute plan"))
        for heading in (*plans, "Answers", "Discussion prompts", "Misconceptions",
                        "Assessment"):
            assert f"## {heading}".lower() in body.lower(), f"teachers/{stem}.md lacks {heading!r}"


def _prose_files() -> dict[str, str]:
    files = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
             for p in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *TEACHERS.glob("*.md"),
                       *(ROOT / "data").glob("*.md")]}
    files.update({p.relative_to(ROOT).as_posix(): markdown(p) for p in NOTEBOOKS})
    return files


def test_the_as_of_date_is_written_in_one_place():
    """datapackage.json holds the data's "as of" date; prose that names it must agree (better:
    it says `as_of()`), so moving the date cannot leave a stale copy behind."""
    from csto import as_of

    pattern = re.compile(r"\bas[ -]of\b\W{0,3}(?:date\W{0,3})?(?:is\W{0,2})?\(?(\d{4}-\d{2}-\d{2})",
                         re.I)
    stale = [(name, day) for name, body in _prose_files().items()
             for day in pattern.findall(body) if day != as_of().isoformat()]
    assert not stale, f"an 'as of' date that is not the one in datapackage.json: {stale}"


def test_lessons_ask_why_fit_a_period_and_never_answer_before_asking():
    """tools/lesson_report.py's rules: at least two interpret/compare/judge items in every
    lesson from 01 and a third of all items; a core of 45 minutes or less by the time model,
    and a stated time that agrees; no item's answer shown before its question."""
    import lesson_report

    assert lesson_report.problems() == []


def test_the_answer_before_question_check_can_fail(tmp_path):
    """The check finds an answer printed above its question (here lesson 04's latest
    official death toll, moved into the title cell of a copy)."""
    import lesson_report
    from csto import exercises

    path = lessons()["04"]
    nb = json.loads(path.read_text(encoding="utf-8"))
    toll = int(exercises._expected(exercises.EXERCISES["04-death-toll"]))
    nb["cells"][0]["source"] = [f"# 04 · A copy\n\nThe toll was {toll}.\n"]
    copy = tmp_path / path.name
    copy.write_text(json.dumps(nb), encoding="utf-8")
    assert [(i, c) for i, _, c in lesson_report.revealed_before(copy)] == [("04-death-toll", 0)]


def _notebook(tmp_path: Path, cells: list[dict], name: str = "01-copy.ipynb") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    return path


def test_the_time_model_adds_prose_outputs_cells_and_exercises(tmp_path):
    """130 words of prose (1 min), an output of 250 words (1 min), two code cells (30 s) and
    one look-up exercise (4 min) make 6.5 minutes; an output is counted to 400 words at most,
    and what follows '## Going further' is not core."""
    import lesson_report

    words = " ".join(["word"] * 130)
    out = {"output_type": "stream", "name": "stdout", "text": " ".join(["x"] * 250)}
    long_out = {"output_type": "stream", "name": "stdout", "text": " ".join(["x"] * 5000)}
    path = _notebook(tmp_path, [
        {"cell_type": "markdown", "source": words},
        {"cell_type": "code", "source": "x = 1", "outputs": [out]},
        {"cell_type": "code", "source": 'check("01-signatories", answer)', "outputs": []},
        {"cell_type": "markdown", "source": "## Going further\n\n" + words},
        {"cell_type": "code", "source": "y = 2", "outputs": [long_out]},
        {"cell_type": "markdown", "source": "## Sources used in this lesson\n\n" + words},
    ])
    core, further = (lesson_report.estimate(p) for p in lesson_report.parts(path))
    assert core["total"] == pytest.approx(1 + 1 + 0.5 + 4)
    assert further["total"] == pytest.approx((2 + 130) / 130 + 400 / 250 + 0.25)  # 2: the heading


def test_the_time_check_fails_on_a_core_past_45_minutes(tmp_path):
    """Lesson 04 without its '## Going further' heading is all core, and too long."""
    import lesson_report

    nb = json.loads(lessons()["04"].read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if text(cell).startswith("## Going further"):
            cell["source"] = ["## More\n"]
    copy = _notebook(tmp_path, nb["cells"], lessons()["04"].name)
    found = lesson_report.lesson_problems(copy)
    assert any("more than 45" in line for line in found), found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_core_ends_with_a_hand_in(path):
    """Every lesson's core ends with 'Hand in your work': my_progress and hand_in for its own
    number, before 'Going further' (teachers/classroom.md, section 5)."""
    import lesson_report

    core, _ = lesson_report.parts(path)
    number = path.name[:2]
    heading = [i for i, c in enumerate(core) if text(c).startswith("## Hand in your work")]
    assert heading, f"{path.name}: its core has no '## Hand in your work' section"
    after = "\n".join(text(c) for c in core[heading[0]:] if c["cell_type"] == "code")
    assert f'my_progress("{number}")' in after and f'hand_in(name, "{number}")' in after, (
        f"{path.name}: the hand-in section should call my_progress(\"{number}\") and "
        f"hand_in(name, \"{number}\")")
