"""tools/new_lesson.py (issue 22, item 5): the scaffold writes a lesson that follows the
lessons' rules, declarations that load, placeholder solutions an answer key can be built from,
and a teachers' page with every required heading; what is left to write is marked, and no
marker may stay in the collection."""

from __future__ import annotations

import re
import shutil

import answer_key
import lesson_report
import nbformat
import new_lesson
import pytest
from conftest import ROOT
from csto.declarations import KINDS, load_lesson
from csto.paths import lessons


@pytest.fixture
def scaffolded(tmp_path):
    for folder in ("notebooks/solutions", "teachers"):
        (tmp_path / folder).mkdir(parents=True)
    shutil.copy(ROOT / "CONTRIBUTING.md", tmp_path)
    shutil.copy(lessons()["00"], tmp_path / "notebooks")
    written = new_lesson.create("07", "other-alliances", "Other alliances", tmp_path)
    return tmp_path, written


def test_the_scaffold_writes_a_lesson_that_follows_the_lessons_rules(scaffolded):
    root, written = scaffolded
    assert sorted(p.relative_to(root).as_posix() for p in written) == [
        "notebooks/07-other-alliances.ipynb", "notebooks/solutions/07-argue.py",
        "notebooks/solutions/07-first-look.py", "notebooks/solutions/07-judge.py",
        "notebooks/solutions/07-other-alliances.toml", "teachers/07-other-alliances.md"]
    nb = nbformat.read(root / "notebooks" / "07-other-alliances.ipynb", as_version=4)
    nbformat.validate(nb)
    first = nb.cells[0].source
    assert first.startswith("# 07 · Other alliances") and re.search(r"\*\*Time:\*\*\s*45 min",
                                                                      first)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert len(re.findall(r"^### Exercise \d+", md, re.M)) == 3
    headings = ("## Objectives", "## Prerequisites", "| Concepts | Importance | Notes |",
                "## Key points", "## Discussion questions", "## Going further",
                "## Further reading", "## Sources used in this lesson")
    at = [md.index(h) for h in headings]  # each there, in this order
    assert at == sorted(at)
    assert lesson_report.further_stated(root / "notebooks" / "07-other-alliances.ipynb") == 10
    for exercise_id in ("07-first-look", "07-judge", "07-argue"):
        for cell in (f'check("{exercise_id}", answer)', f'hint("{exercise_id}")',
                     f"# %load solutions/{exercise_id}.py"):
            assert cell in code, cell
    assert 'show_readings("07")' in code and "show_sources(" in code


def test_the_scaffolds_declarations_load_and_show_every_kind(scaffolded):
    root, _ = scaffolded
    folder = root / "notebooks" / "solutions"
    declared = load_lesson("07", folder)
    assert [e.kind for e in declared.values()] == ["states", "choice", "written"]
    toml = (folder / "07-other-alliances.toml").read_text(encoding="utf-8")
    commented = {k for k in KINDS if f'# kind = "{k}"' in toml}
    assert commented == set(KINDS), set(KINDS) - commented
    assert "python tools/answer_key.py 07" in toml
    built = answer_key.build("07", folder)  # the placeholders make a key: TODOs mark the rest
    assert set(built["answers"]) == set(declared)


def test_the_scaffolds_teachers_page_has_every_required_heading(scaffolded):
    root, _ = scaffolded
    page = (root / "teachers" / "07-other-alliances.md").read_text(encoding="utf-8")
    for heading in ("45-minute plan", "90-minute plan", "Answers", "Discussion prompts",
                    "Misconceptions", "Assessment"):
        assert f"## {heading}" in page, heading


def test_the_scaffold_refuses_what_it_cannot_write(scaffolded):
    root, _ = scaffolded
    for args, says in ((("07", "again", "T"), "Lesson 07 exists already"),
                       (("7", "x", "T"), "not a lesson number"),
                       (("08", "Bad Slug", "T"), "not a file-name slug"),
                       (("08", "ok", " "), "title")):
        with pytest.raises(ValueError, match=says):
            new_lesson.create(*args, root=root)
    assert not list((root / "notebooks").glob("08-*"))


def test_no_scaffold_placeholder_is_left_in_the_collection():
    left = [p.relative_to(ROOT).as_posix() for folder in ("notebooks", "teachers", "data")
            for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in (
                ".ipynb", ".md", ".toml", ".py", ".csv")
            and new_lesson.TODO in p.read_text(encoding="utf-8")]
    assert not left, f"write what {new_lesson.TODO} marks in: {left}"
