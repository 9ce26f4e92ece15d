"""The logic of benchmarks/bench.py: budgets, the exit code, the lesson list and the imports a
baseline notebook gets. Nothing here is timed, runs a kernel or needs the network."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("csto_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["csto_bench"] = module
    spec.loader.exec_module(module)
    return module


def test_a_figure_over_budget_fails_and_the_exit_code_follows(bench):
    within = [bench.row("a", 1.0, "x", 1.0), bench.row("b", 999_999, "B", 1_000_000, "<"),
              bench.row("memory", 5e8, "B")]  # no budget: reported, never fails
    assert [r["ok"] for r in within] == [True, True, None]
    assert bench.exit_code(within) == 0
    for over in (bench.row("a", 1.01, "x", 1.0), bench.row("b", 1_000_000, "B", 1_000_000, "<"),
                 bench.row("c", None, "s", 0.001),  # a budgeted figure that was not measured
                 bench.row("d", 0.5, "x", 1.0, error="lesson failed: NameError: x")):
        assert over["ok"] is False
        assert bench.exit_code([*within, over]) == 1
        assert "FAIL" in bench.table([over])


def test_table_shows_value_budget_and_result(bench):
    table = bench.table([bench.row("map HTML: m", 213_200, "B", 250_000, "<"),
                         bench.row("members_on", 0.0046, "s", 0.001)])
    assert "| map HTML: m | 213.2 KB | < 250.0 KB | pass |" in table
    assert "| members_on | 4.6 ms | ≤ 1 ms | FAIL |" in table


def test_imports_are_read_from_code_cells_only(bench):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("import this_is_prose"),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport pandas as pd\nmembers_on?"),
        nbformat.v4.new_code_cell("from csto import load, members_on\nx = 1\nimport pandas as pd"),
        nbformat.v4.new_code_cell("def f():\n    from csto.exercises import check\n"
                                  "from . import nothing"),
        nbformat.v4.new_code_cell("this is not python ("),
    ])
    assert bench.lesson_imports(nb) == [
        "import pandas as pd", "from csto import load, members_on",
        "from csto.exercises import check"]


def test_every_lesson_has_imports_that_compile(bench):
    for path in bench.lessons().values():
        imports = bench.lesson_imports(nbformat.read(path, as_version=4))
        assert any("csto" in stmt for stmt in imports), path.name
        compile("\n".join(imports), path.name, "exec")


def test_lessons_come_from_csto_paths(bench, monkeypatch):
    import csto.paths

    assert bench.lessons() == csto.paths.lessons()
    fake = {"00": Path("notebooks/00-only.ipynb")}
    monkeypatch.setattr(csto.paths, "lessons", lambda: fake)
    assert bench.lessons() == fake


def test_a_lesson_row_is_own_cells_over_baseline_and_a_failed_run_fails_it(
        bench, monkeypatch, tmp_path):
    path = tmp_path / "09-test.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import csto\ncsto.load()")]), path)
    monkeypatch.setattr(bench, "lessons", lambda: {"09": path})
    seconds = {"import csto": 1.0, "import csto\ncsto.load()": 1.8}
    monkeypatch.setattr(bench, "run_notebook", lambda nb, timeout: {
        "seconds": seconds[nb.cells[0].source], "rss": 1e8})
    raw: dict = {}
    own, rss, size = bench.measure_lessons(3, 60, raw)
    assert own["value"] == pytest.approx(0.8) and own["ok"] is True
    assert raw["09"]["imports"] == ["import csto"]
    assert (rss["value"], rss["ok"], size["ok"]) == (1e8, None, True)

    monkeypatch.setattr(bench, "run_notebook", lambda nb, timeout: {"error": "DeadKernelError"})
    own = bench.measure_lessons(1, 60, {})[0]
    assert own["ok"] is False and "DeadKernelError" in own["error"]


def test_the_baseline_also_imports_what_csto_loaded_lazily_for_the_lesson(
        bench, tmp_path, monkeypatch):
    """folium, matplotlib and ipywidgets are imported by csto only when a map, chart or
    explorer is made; the baseline imports those the lesson's kernel loaded, so their import
    time is not counted as the lesson's own cells."""
    path = tmp_path / "09-x.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import csto"),
                                         nbformat.v4.new_code_cell("csto.crisis_map()")])
    nbformat.write(nb, path)
    monkeypatch.setattr(bench, "lessons", lambda: {"09": path})
    monkeypatch.setattr(bench, "run_notebook", lambda nb, timeout: {
        "seconds": 1.0, "rss": 1e8, "lazy": ["folium"]})
    raw: dict = {}
    bench.measure_lessons(1, 60, raw)
    assert raw["09"]["imports"] == ["import csto", "import folium"]


def test_one_exercise_of_each_kind_is_timed(bench):
    """check and recording are timed on the first exercise of each kind (the exercises are
    loaded lazily, so the bench must read them as csto does)."""
    from csto.exercises import EXERCISES

    first = bench.first_of_each_kind()
    assert {"number", "date", "choice", "written"} <= set(first)
    assert all(first[kind] in EXERCISES and EXERCISES[first[kind]].kind == kind for kind in first)
