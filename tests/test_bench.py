"""The pure parts of benchmarks/bench.py: medians, ratios, budgets and the Markdown report.

Nothing here is timed and nothing runs a notebook: `make bench` does the measuring.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("csto_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["csto_bench"] = module
    spec.loader.exec_module(module)
    return module


def test_median_ignores_missing_runs(bench):
    assert bench.median([3.0, None, 1.0, 2.0]) == 2.0
    assert bench.median([1.0, 2.0, 3.0, 4.0]) == 2.5
    assert bench.median([None, None]) is None
    assert bench.median([]) is None


def test_ratio_and_paired_ratios(bench):
    assert bench.ratio(3.0, 1.5) == 2.0
    assert bench.ratio(None, 1.0) is None
    assert bench.ratio(1.0, 0.0) is None
    pairs = [(2.0, 1.0), (None, 1.0), (3.0, 1.0), (1.5, 1.0)]
    assert bench.paired_ratios(pairs) == [2.0, 3.0, 1.5]
    # the median of paired ratios is robust to one slow round
    assert bench.median(bench.paired_ratios([(2.0, 1.0), (9.0, 1.0), (1.8, 1.0)])) == 2.0


def test_within_budget_edges(bench):
    assert bench.within(2.0, 2.0) is True  # "at most"
    assert bench.within(2.01, 2.0) is False
    assert bench.within(1_000_000, 1_000_000, strict=True) is False  # "under"
    assert bench.within(999_999, 1_000_000, strict=True) is True
    assert bench.within(None, 2.0) is None
    assert [bench.mark(x) for x in (True, False, None)] == ["✓", "✗", "–"]


def test_formatting(bench):
    assert bench.fmt_bytes(250_000) == "250.0 KB"
    assert bench.fmt_bytes(1_500_000) == "1.5 MB"
    assert bench.fmt_bytes(999) == "999 B"
    assert bench.fmt_bytes(None) == "–"
    assert bench.fmt_ratio(1.234) == "1.23×"
    assert bench.fmt_s(0.5) == "0.50 s"


def test_markdown_table_escapes_pipes(bench):
    table = bench.markdown_table(["a", "b"], [("x|y", "line\nbreak")])
    assert table.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | line break |"]


def test_parse_importtime_and_top_level_costs(bench):
    stderr = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       100 |        100 |   numpy.core\n"
        "import time:       200 |       5000 | numpy\n"
        "import time:        50 |       9000 | pandas\n"
        "import time:        10 |         10 | csto\n"
    )
    entries = bench.parse_importtime(stderr)
    assert entries[0] == ("numpy.core", 100, 100)
    assert bench.top_level_costs(entries) == {"numpy": 5000, "pandas": 9000, "csto": 10}


def test_parse_durations(bench):
    out = ("============ slowest 5 durations ============\n"
           "3.10s call     tests/test_lab.py::test_lab_starts\n"
           "0.52s setup    tests/test_x.py::test_y\n"
           "1 passed in 4.0s\n")
    assert bench.parse_durations(out) == ["3.10s call     tests/test_lab.py::test_lab_starts",
                                          "0.52s setup    tests/test_x.py::test_y"]


def test_failure_lines_name_what_failed(bench):
    out = ("I001 [*] Import block is un-sorted or un-formatted\n"
           " --> notebooks/01-origins.ipynb:cell 3:1:1\n\n"
           "FAILED tests/test_lessons.py::test_guide - AssertionError\n")
    assert bench.failure_lines(out) == ["FAILED tests/test_lessons.py::test_guide",
                                        "I001 notebooks/01-origins.ipynb:cell 3:1:1"]


def fake_results(ratio=1.5, size=10_000, map_bytes=200_000, stages=40.0, import_ratio=0.2,
                 errors=()):
    return {
        "machine": {"date": "2026-01-01 00:00 UTC", "cpu": "Test CPU", "cores": 2},
        "settings": {"runs": 3, "import_runs": 10, "skipped": []},
        "notebooks": {
            "baseline": {"times": [1.0, 1.0, 1.0], "median_s": 1.0},
            "lessons": [{"name": "01-x.ipynb", "ratio": ratio, "median_s": ratio,
                         "size_bytes": size, "errors": list(errors)}],
        },
        "imports": {"ratio": import_ratio, "csto": {"median_s": 0.1, "times": [0.1]},
                    "pandas": {"median_s": 0.5, "times": [0.5]}},
        "maps": {"available": True, "maps": [{"name": "membership_map", "bytes": map_bytes}]},
        "stages": {"checks_total_s": stages, "items": []},
    }


def test_budgets_all_met(bench):
    checks = bench.budget_checks(fake_results())
    assert [c["ok"] for c in checks] == [True, True, True, True, True]
    assert bench.exit_code(checks, strict=True) == 0


@pytest.mark.parametrize("kwargs, missed", [
    ({"ratio": 2.5}, "01-x.ipynb: time / baseline"),
    ({"import_ratio": 1.31}, "import csto / import pandas"),
    ({"size": 1_000_000}, "01-x.ipynb: size"),
    ({"map_bytes": 250_000}, "map membership_map: HTML"),
    ({"stages": 90.0}, "lint + unit + data + nbval stages"),
    ({"errors": ["cell 3: NameError: x"]}, "01-x.ipynb: time / baseline"),
])
def test_each_budget_can_fail(bench, kwargs, missed):
    checks = bench.budget_checks(fake_results(**kwargs))
    assert [c["name"] for c in checks if c["ok"] is False] == [missed]
    assert bench.exit_code(checks, strict=False) == 0  # only --strict fails the run
    assert bench.exit_code(checks, strict=True) == 1


def test_unmeasured_budgets_do_not_fail(bench):
    results = fake_results()
    results["maps"] = {"available": False, "note": "not available yet"}
    results["stages"] = {"note": "skipped"}
    checks = bench.budget_checks(results)
    assert [c["ok"] for c in checks if c["name"].startswith(("maps", "lint"))] == [None, None]
    assert bench.exit_code(checks, strict=True) == 0
    md = bench.render_markdown(results)
    assert "not available yet" in md and "| – |" in md


def test_report_shows_budgets_and_machine(bench):
    md = bench.render_markdown(fake_results(ratio=2.5))
    assert "Test CPU" in md
    assert "| 01-x.ipynb: time / baseline | 2.50× | ≤ 2× | ✗ |" in md
    assert "| import csto / import pandas | 0.20× | ≤ 1.3× | ✓ |" in md


def test_diagnostic_cells_compile(bench):
    first, last = bench.diagnostic_cells(["/tmp/data"])
    compile(first, "first", "exec")
    compile(last, "last", "exec")


def test_lesson_floor_adds_only_what_the_lesson_needs(bench):
    steps = {"data": 0.05, "matplotlib": 0.30, "folium": 0.20, "ipywidgets": 0.04, "chart": 0.3}
    assert bench.lesson_floor(0.8, steps, [], False) == 0.8
    assert bench.lesson_floor(0.8, steps, ["matplotlib"], True) == 1.15
    assert bench.lesson_floor(0.8, steps, ["matplotlib", "folium", "ipywidgets"], True) == 1.39
    assert bench.lesson_floor(0.8, steps, ["jinja2"], False) == 0.8  # not a floor library
    assert bench.lesson_floor(0.8, {"data": None}, [], True) is None  # step not measured
    assert bench.lesson_floor(None, steps, [], True) is None


def test_reference_notebook_has_one_step_per_cell(bench):
    nb = bench.floor_notebook()
    assert [c.source for c in nb.cells] == [src for _, _, src in bench.FLOOR_STEPS]
    for cell in nb.cells:
        compile(cell.source, "step", "exec")


def test_report_shows_each_lessons_floor(bench):
    results = fake_results(ratio=2.5)
    results["notebooks"]["floor"] = {
        "steps": [{"step": "data", "label": "load every table", "median_s": 0.05},
                  {"step": "chart", "label": "draw one chart", "median_s": 0.3}],
        "median_s": 1.4, "ratio": 1.75}
    results["notebooks"]["lessons"][0].update(
        {"libraries": ["matplotlib"], "floor_ratio": 1.4, "own_ratio": 1.1})
    md = bench.render_markdown(results)
    assert "| load every table | 0.050 s |" in md
    assert "| matplotlib | 1.40× | 1.10× |" in md


def test_embed_report_replaces_only_the_marked_section(bench):
    readme = f"intro\n{bench.README_START}\nold table\n{bench.README_END}\nafter\n"
    out = bench.embed_report(readme, "# Benchmark results\n\nRun on x.\n\n## Budgets\n\n| a |\n")
    assert out.startswith("intro\n") and out.endswith(f"{bench.README_END}\nafter\n")
    assert "old table" not in out and "# Benchmark results" not in out
    assert "\n### Budgets\n" in out and "Run on x." in out
    with pytest.raises(ValueError, match="markers"):
        bench.embed_report("no markers", "# T\n")


def test_readme_shows_the_latest_results(bench):
    """benchmarks/README.md carries the same report as results/latest.md (the script writes
    both; a hand edit of one of them shows here)."""
    latest = (bench.RESULTS / "latest.md").read_text(encoding="utf-8")
    readme = bench.README.read_text(encoding="utf-8")
    assert bench.embed_report(readme, latest) == readme
