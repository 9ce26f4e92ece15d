"""Measure the collection's timings and sizes against its budgets: `make bench`.

    .venv/bin/python benchmarks/bench.py [--runs 3] [--import-runs 10]
                                         [--quick | --skip-stages --skip-setup] [--strict]

What it measures (benchmarks/README.md explains how to read each figure):

* every lesson notebook's execution time (kernel start to last cell) against a baseline notebook
  that only runs ``import csto``, both executed the same way (nbclient, a fresh kernel per run,
  baseline and lesson runs interleaved in pairs), on copies in a temporary folder;
* ``import csto`` against ``import pandas`` in fresh interpreters, interleaved;
* each notebook's size on disk and each map's HTML size (``csto.maps``, when it exists);
* the time of each stage of ``make test`` (``make lint``, ``make unit``, ...);
* the installed environment (.venv size, package count) and a fresh set-up in a temporary folder.

It prints a Markdown report, writes benchmarks/results/latest.json and latest.md, and checks
the budgets. A missed budget exits non-zero only with ``--strict``.

Absolute times depend on the machine and on whatever else runs on it; the budgets are ratios
measured within one run, so they hold on any machine. Importing this file has no side effects
(tests/test_bench.py tests its pure parts).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
VENV = ROOT / ".venv"
VENV_PY = VENV / "bin" / "python"

#: The budgets. Sizes are decimal: 1 MB = 1,000,000 bytes, 250 KB = 250,000 bytes.
BUDGETS: dict[str, float] = {
    "lesson_ratio": 2.0,  # a lesson's execution time / the baseline notebook's, at most
    "import_ratio": 1.3,  # `import csto` / `import pandas` in fresh interpreters, at most
    "notebook_bytes": 1_000_000,  # each notebook file, under
    "map_bytes": 250_000,  # each map's rendered HTML, under
    "check_stages_s": 90.0,  # lint + unit + data + nbval, under (on 2 cores)
}
CHECK_STAGES = ("lint", "unit", "data", "nbval")
ALL_STAGES = (*CHECK_STAGES, "browser")
MAP_FUNCTIONS = ("membership_map", "crisis_map", "kazakhstan_map")
BASELINE_SOURCE = "import csto"
MARK = "__CSTO_BENCH__"
OK, MISS, NA = "✓", "✗", "–"

# --------------------------------------------------------------------------------------------
# Pure helpers (tested in tests/test_bench.py)
# --------------------------------------------------------------------------------------------


def median(values: Iterable[float | None]) -> float | None:
    """Median of the values that are not None; None when there is none."""
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is not > 0."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def paired_ratios(pairs: Iterable[tuple[float | None, float | None]]) -> list[float]:
    """Ratio of each (measured, baseline) pair taken in the same round, skipping broken pairs."""
    out = []
    for a, b in pairs:
        r = ratio(a, b)
        if r is not None:
            out.append(r)
    return out


def within(value: float | None, limit: float, strict: bool = False) -> bool | None:
    """Is value within the budget? ``value <= limit`` (``<`` when strict); None if unmeasured."""
    if value is None:
        return None
    return value < limit if strict else value <= limit


def mark(ok: bool | None) -> str:
    return NA if ok is None else (OK if ok else MISS)


def fmt_bytes(n: float | None) -> str:
    """Decimal units, as the budgets: 1 KB = 1000 bytes."""
    if n is None:
        return NA
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if abs(n) >= size:
            return f"{n / size:.1f} {unit}"
    return f"{int(n)} B"


def fmt_s(x: float | None, digits: int = 2) -> str:
    return NA if x is None else f"{x:.{digits}f} s"


def fmt_ratio(x: float | None) -> str:
    return NA if x is None else f"{x:.2f}×"


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub Markdown table; `|` and newlines inside cells are escaped."""

    def cell(v: Any) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def parse_importtime(stderr: str) -> list[tuple[str, int, int]]:
    """`python -X importtime` lines as (module, self_us, cumulative_us), in output order."""
    out = []
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)", line)
        if m:
            out.append((m.group(4), int(m.group(1)), int(m.group(2))))
    return out


def top_level_costs(entries: list[tuple[str, int, int]]) -> dict[str, int]:
    """Cumulative import time (µs) of each top-level package, from parse_importtime's output.

    The cumulative time of a package is that of its own line (`pandas`), which already
    includes its submodules and what they import."""
    costs: dict[str, int] = {}
    for module, _self, cumulative in entries:
        if "." not in module:
            costs[module] = max(costs.get(module, 0), cumulative)
    return costs


def parse_durations(output: str, limit: int = 5) -> list[str]:
    """The `--durations` lines of a pytest run ("1.23s call tests/x.py::test")."""
    found = re.findall(r"^\s*(\d+\.\d+s (?:call|setup|teardown)\s+\S.*)$", output, re.M)
    return [f.strip() for f in found[:limit]]


def failure_lines(output: str) -> list[str]:
    """What failed, from a stage's output: pytest's FAILED/ERROR lines, ruff's locations."""
    found = re.findall(r"^(?:FAILED|ERROR) \S+", output, re.M)
    found += [f"{code} {loc.strip()}" for code, loc in
              re.findall(r"^([A-Z]+[0-9]+) .*\n\s*--> (.+)$", output, re.M)]
    return found


def budget_checks(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every budget as {name, measured, limit, ok}: ok is True, False or None (not measured)."""
    checks: list[dict[str, Any]] = []
    nbs = results.get("notebooks", {})
    for lesson in nbs.get("lessons", []):
        value = lesson.get("ratio")
        ok = within(value, BUDGETS["lesson_ratio"])
        measured = fmt_ratio(value)
        if lesson.get("errors"):
            ok, measured = False, f"{measured} (cells failed)"
        checks.append({"name": f"{lesson['name']}: time / baseline", "measured": measured,
                       "limit": f"≤ {BUDGETS['lesson_ratio']:g}×", "ok": ok, "value": value})
    imports = results.get("imports", {})
    if imports:
        value = imports.get("ratio")
        checks.append({"name": "import csto / import pandas", "measured": fmt_ratio(value),
                       "limit": f"≤ {BUDGETS['import_ratio']:g}×",
                       "ok": within(value, BUDGETS["import_ratio"]), "value": value})
    for lesson in nbs.get("lessons", []):
        value = lesson.get("size_bytes")
        checks.append({"name": f"{lesson['name']}: size", "measured": fmt_bytes(value),
                       "limit": f"< {fmt_bytes(BUDGETS['notebook_bytes'])}",
                       "ok": within(value, BUDGETS["notebook_bytes"], strict=True),
                       "value": value})
    maps = results.get("maps", {})
    if maps.get("available"):
        for m in maps.get("maps", []):
            value = m.get("bytes")
            checks.append({"name": f"map {m['name']}: HTML", "limit":
                           f"< {fmt_bytes(BUDGETS['map_bytes'])}",
                           "measured": fmt_bytes(value) if value is not None
                           else f"error: {m.get('error', '?')}",
                           "ok": within(value, BUDGETS["map_bytes"], strict=True)
                           if value is not None else False, "value": value})
    elif maps:
        checks.append({"name": "maps: HTML", "measured": maps.get("note", "not available yet"),
                       "limit": f"< {fmt_bytes(BUDGETS['map_bytes'])}", "ok": None,
                       "value": None})
    stages = results.get("stages", {})
    value = stages.get("checks_total_s")
    measured = fmt_s(value, 1) if value is not None else stages.get("note", "skipped")
    checks.append({"name": " + ".join(CHECK_STAGES) + " stages", "measured": measured,
                   "limit": f"< {BUDGETS['check_stages_s']:g} s",
                   "ok": within(value, BUDGETS["check_stages_s"], strict=True), "value": value})
    return checks


def exit_code(checks: list[dict[str, Any]], strict: bool) -> int:
    """1 when --strict and a measured budget is missed; unmeasured budgets never fail."""
    return 1 if strict and any(c["ok"] is False for c in checks) else 0


def render_markdown(results: dict[str, Any]) -> str:
    """The whole report as Markdown (printed, and written to latest.md)."""
    mc = results.get("machine", {})
    st = results.get("settings", {})
    out = ["# Benchmark results", ""]
    out.append(
        f"Run on {mc.get('date', '?')} — {mc.get('cpu', '?')}, {mc.get('cores', '?')} cores"
        f" ({mc.get('cores_usable', '?')} usable), {fmt_bytes(mc.get('memory_bytes'))} memory,"
        f" Python {mc.get('python', '?')}, {mc.get('os', '?')};"
        f" load average {mc.get('load_start', '?')} at start, {mc.get('load_end', '?')} at end;"
        f" commit {mc.get('commit', '?')}."
    )
    out.append(
        f"Settings: {st.get('runs', '?')} runs per notebook (the first with diagnostic cells),"
        f" {st.get('import_runs', '?')} interleaved import runs"
        + (f"; skipped: {', '.join(st['skipped'])}" if st.get("skipped") else "")
        + (f"; {st['bytecode']}" if st.get("bytecode") else "") + "."
    )
    checks = results.get("budgets") or budget_checks(results)
    out += ["", "## Budgets", "",
            markdown_table(["Budget", "Measured", "Limit", ""],
                           [(c["name"], c["measured"], c["limit"], mark(c["ok"]))
                            for c in checks])]

    nbs = results.get("notebooks", {})
    if nbs:
        base = nbs.get("baseline", {})
        out += ["", "## Notebooks", "",
                f"Baseline (`{BASELINE_SOURCE}` only): median {fmt_s(base.get('median_s'))}"
                f" over {len(base.get('times', []))} runs, kernel start"
                f" {fmt_s(base.get('kernel_start_median_s'))}."]
        floor = nbs.get("floor", {})
        if floor:
            out += ["", "Reference (not budgeted): a notebook that takes one step per cell; the"
                    " median time of each step, over the runs:", ""]
            out.append(markdown_table(["Step", "Median"], [
                (st["label"], fmt_s(st.get("median_s"), 3)) for st in floor.get("steps", [])]))
            out += ["", "A lesson's **floor** is the baseline plus the steps it needs: loading the"
                    " data if it reads any, and importing each of matplotlib, folium and ipywidgets"
                    " that it uses. Importing all three and loading the data comes to"
                    f" {fmt_s(floor.get('median_s'))}, {fmt_ratio(floor.get('ratio'))} the"
                    " baseline, before a lesson draws anything. What lies above a lesson's floor"
                    " (*own cells*) is what its own cells cost, charts included."
                    + (f" The reference failed: {'; '.join(floor['errors'])}"
                       if floor.get("errors") else "")]
        out.append("")
        rows = []
        for le in nbs.get("lessons", []):
            rows.append((le["name"], fmt_s(le.get("median_s")), fmt_s(le.get("baseline_median_s")),
                         fmt_ratio(le.get("ratio")),
                         ", ".join(le.get("libraries", [])) or "none",
                         fmt_ratio(le.get("floor_ratio")), fmt_ratio(le.get("own_ratio")),
                         fmt_s(le.get("kernel_start_median_s")),
                         fmt_bytes(le.get("size_bytes")),
                         "; ".join(le.get("errors", [])) or "none"))
        out.append(markdown_table(["Notebook", "Median time", "Paired baseline", "Ratio",
                                   "Libraries it imports", "Floor", "Own cells",
                                   "Kernel start", "Size", "Errors"], rows)
                   if rows else "No lesson notebook found.")

    imp = results.get("imports", {})
    if imp:
        out += ["", "## Imports (fresh interpreters)", ""]
        rows = [(f"`python -c \"{cmd}\"`", fmt_s(imp.get(key, {}).get("median_s"), 3),
                 len(imp.get(key, {}).get("times", [])))
                for key, cmd in (("csto", "import csto"), ("pandas", "import pandas"),
                                 ("bare", "pass"))]
        out.append(markdown_table(["Command", "Median", "Runs"], rows))
        out += ["", f"Ratio csto / pandas: {fmt_ratio(imp.get('ratio'))}; net of interpreter"
                f" start-up: {fmt_ratio(imp.get('net_ratio'))}."]
        mods = imp.get("csto_modules", [])
        if mods:
            out += ["", "Cost of importing each csto module on its own (`-X importtime`, one run;"
                    " the package imports them lazily, on first use):", ""]
            out.append(markdown_table(
                ["Module", "Cumulative", "Heaviest packages it pulls in"],
                [(m["module"], f"{m['cumulative_ms']:.0f} ms" if m.get("cumulative_ms") is not None
                  else m.get("error", NA),
                  ", ".join(f"{k} {v:.0f} ms" for k, v in m.get("top", {}).items()) or NA)
                 for m in mods]))

    maps = results.get("maps", {})
    if maps:
        out += ["", "## Maps", ""]
        if not maps.get("available"):
            out.append(f"Maps: {maps.get('note', 'not available yet')}.")
        else:
            out.append(markdown_table(
                ["Map", "HTML (`get_root().render()`)", "Notebook output (`_repr_html_`)",
                 "Build + render", "Largest parts"],
                [(m["name"], fmt_bytes(m.get("bytes")) if m.get("bytes") is not None
                  else f"error: {m.get('error')}", fmt_bytes(m.get("repr_bytes")),
                  fmt_s(m.get("seconds")),
                  ", ".join(f"{p['kind']} {fmt_bytes(p['bytes'])}" for p in m.get("parts", [])[:3])
                  or NA)
                 for m in maps.get("maps", [])]))
        shapes = maps.get("shapes", [])
        if shapes:
            out += ["", "Shape files: " + ", ".join(f"{s['file']} {fmt_bytes(s['bytes'])}"
                                                    for s in shapes) + "."]

    stages = results.get("stages", {})
    out += ["", "## `make test` stages", ""]
    if stages.get("items"):
        out.append(markdown_table(
            ["Stage", "Time", "Result", "Slowest tests"],
            [(f"make {s['stage']}", fmt_s(s.get("seconds"), 1), s.get("status", "?"),
              "; ".join(s.get("slowest", [])[:3]) or NA) for s in stages["items"]]))
        out += ["", f"{' + '.join(CHECK_STAGES)}: {fmt_s(stages.get('checks_total_s'), 1)}"
                f" (budget {BUDGETS['check_stages_s']:g} s); all five stages:"
                f" {fmt_s(stages.get('all_total_s'), 1)}."]
    else:
        out.append(f"Stages: {stages.get('note', 'skipped')}.")

    env = results.get("environment", {})
    if env:
        out += ["", "## Environment", ""]
        rows = [("Installed .venv (runtime + check tools)", fmt_bytes(env.get("venv_bytes")),
                 f"{env.get('packages', '?')} packages")]
        setup = results.get("setup", {})
        if setup.get("seconds") is not None:
            rows.append(("Fresh set-up (venv + build/requirements.txt + `pip install --no-deps"
                         " -e .`)", fmt_bytes(setup.get("venv_bytes")),
                         f"{fmt_s(setup.get('seconds'), 1)}, {setup.get('packages', '?')}"
                         f" packages{'' if setup.get('ok') else ', FAILED'}"))
        out.append(markdown_table(["What", "Size on disk", "Packages / time"], rows))
        if env.get("largest"):
            out += ["", "Largest installed packages: " + ", ".join(
                f"{n} {fmt_bytes(b)}" for n, b in env["largest"]) + "."]
        if setup.get("note"):
            out += ["", f"Fresh set-up: {setup['note']}"]

    causes = results.get("causes", [])
    out += ["", "## Causes of missed budgets", ""]
    out += [f"- {c}" for c in causes] if causes else ["None: every measured budget is met."]
    notes = results.get("notes", [])
    if notes:
        out += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run(cmd: Sequence[str], timeout: float = 600, **kw: Any) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout, **kw)


def loadavg() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def compile_package(py: str) -> str:
    """Write the bytecode cache of lib/ (``__pycache__``, ignored by git) before timing.

    On a learner's machine Python writes it on the first import, so every later kernel reads
    compiled modules; where PYTHONDONTWRITEBYTECODE is set (as on some CI and sandbox
    machines) it is never written and every kernel would compile csto from source again,
    which is not what learners see. Returns one line for the report."""
    done = run([py, "-m", "compileall", "-q", str(ROOT / "lib")], timeout=120)
    how = "compiled" if done.returncode == 0 else f"could not be compiled ({done.returncode})"
    env = " (this machine sets PYTHONDONTWRITEBYTECODE)" if os.environ.get(
        "PYTHONDONTWRITEBYTECODE") else ""
    return f"lib/ bytecode {how} before timing{env}"


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "load_start": loadavg(),
    }
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["cpu"] = cpu or platform.processor() or platform.machine()
    try:
        m = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        info["memory_bytes"] = int(m.group(1)) * 1024 if m else None
    except OSError:
        info["memory_bytes"] = None
    osname = platform.platform()
    try:
        m = re.search(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text(), re.M)
        if m:
            osname = f"{m.group(1)} ({platform.system()} {platform.release()})"
    except OSError:
        pass
    info["os"] = osname
    try:
        commit = run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, timeout=20).stdout.strip()
        dirty = run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                    timeout=20).stdout.strip()
        info["commit"] = commit + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        info["commit"] = "?"
    return info


# ---- notebooks ------------------------------------------------------------------------------


def lessons() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def make_workdir(tmp: Path) -> Path:
    """A copy of notebooks/ in tmp, beside symlinks to everything else at the repository root,
    so that relative paths such as ../data keep working and nothing committed is modified."""
    for entry in ROOT.iterdir():
        if entry.name in ("notebooks", ".git", ".venv"):
            continue
        (tmp / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "notebooks", tmp / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return tmp / "notebooks"


def baseline_notebook() -> Any:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(BASELINE_SOURCE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


#: A reference notebook: what a lesson pays before its own work, one step per cell so that
#: each step is timed on its own (median over the runs). Reported beside the lessons, not
#: budgeted: a lesson's *floor* is the baseline plus the steps it needs (the data, and each
#: library it imports), and what lies above the floor is the cost of its own cells.
FLOOR_STEPS: tuple[tuple[str, str, str], ...] = (
    ("csto", "import csto", "import csto"),
    ("data", "load every table", "for _t in csto.table_names():\n    csto.load(_t)"),
    ("matplotlib", "import matplotlib (what a chart needs)",
     "import matplotlib.figure\nimport matplotlib.backends.backend_agg"),
    ("folium", "import folium (what a map needs)", "import folium"),
    ("ipywidgets", "import ipywidgets (what an explorer needs)", "import ipywidgets"),
    ("chart", "draw and show one chart (`csto.membership_chart()`)",
     "csto.membership_chart()"),
)
#: The libraries a lesson may import that are part of its floor.
FLOOR_LIBRARIES = ("matplotlib", "folium", "ipywidgets")
FLOOR_SOURCE = "\n".join(src for _, _, src in FLOOR_STEPS if _ != "chart")


def floor_notebook() -> Any:
    import nbformat

    nb = baseline_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for _, _, src in FLOOR_STEPS]
    return nb


def lesson_floor(base_s: float | None, steps: dict[str, float | None], libraries: Iterable[str],
                 reads_data: bool) -> float | None:
    """The time a lesson cannot go below: the baseline, plus loading the data if it reads any,
    plus importing each heavy library it uses (each step's median in the reference notebook;
    adding them is an approximation, since libraries share some dependencies).

    >>> lesson_floor(0.8, {"data": 0.05, "matplotlib": 0.3, "folium": 0.2}, ["matplotlib"], True)
    1.15
    >>> lesson_floor(None, {}, [], False) is None
    True
    """
    if base_s is None:
        return None
    parts = [steps.get("data") if reads_data else 0.0]
    parts += [steps.get(lib) for lib in libraries if lib in FLOOR_LIBRARIES]
    if any(p is None for p in parts):
        return None
    return round(base_s + sum(p for p in parts if p is not None), 3)


def diagnostic_cells(data_roots: list[str]) -> tuple[str, str]:
    """Source of a first and a last cell that record, in the kernel, the data files opened for
    reading (through an audit hook) and the top-level packages imported."""
    first = textwrap.dedent(f"""\
        import os as _b_os, sys as _b_sys
        _b_roots, _b_opens, _b_procs = {tuple(data_roots)!r}, {{}}, []
        def _b_hook(event, args):
            if event == "subprocess.Popen":
                try:
                    _b_procs.append(" ".join(_b_os.fsdecode(a) for a in args[1])[:160])
                except Exception:
                    _b_procs.append(repr(args[1])[:160])
                return
            if event != "open" or not isinstance(args[0], (str, bytes, _b_os.PathLike)):
                return
            try:
                path = _b_os.fsdecode(args[0])
                if "data" not in path:
                    return
                mode, flags = args[1], args[2]
                if isinstance(mode, str):
                    if any(c in mode for c in "wax+"):
                        return
                elif flags & (_b_os.O_WRONLY | _b_os.O_RDWR):
                    return
                path = _b_os.path.realpath(path)
                if path.startswith(_b_roots) and not _b_os.path.isdir(path):
                    _b_opens[path] = _b_opens.get(path, 0) + 1
            except Exception:
                pass
        _b_sys.addaudithook(_b_hook)
        """)
    last = (f"import json as _b_json\nprint({MARK!r} + _b_json.dumps({{'opens': _b_opens, "
            f"'subprocesses': _b_procs, "
            f"'modules': sorted({{m.split('.')[0] for m in _b_sys.modules}})}}))")
    return first, last


class Execution:
    """One execution of a notebook in a fresh kernel, timed from just before the kernel is
    started to the end of the last cell (kernel shutdown is not counted)."""

    def __init__(self, nb: Any, cwd: Path, timeout: int) -> None:
        self.nb, self.cwd, self.timeout = nb, cwd, timeout
        self.t_ready: float | None = None
        self.t_last: float | None = None

    def _ready(self, **_: Any) -> None:
        self.t_ready = self.t_last = time.perf_counter()

    def _cell_done(self, **_: Any) -> None:
        self.t_last = time.perf_counter()

    def run(self) -> dict[str, Any]:
        from nbclient import NotebookClient

        client = NotebookClient(
            self.nb, timeout=self.timeout, startup_timeout=180, kernel_name="python3",
            allow_errors=True, resources={"metadata": {"path": str(self.cwd)}},
            on_notebook_start=self._ready, on_cell_executed=self._cell_done,
        )
        t0 = time.perf_counter()
        try:
            client.execute()
        except Exception as exc:  # noqa: BLE001 - a broken notebook must not stop the benchmark
            return {"seconds": None, "kernel_start": None, "errors": [f"{type(exc).__name__}: "
                                                                       f"{str(exc)[:200]}"]}
        return {
            "seconds": (self.t_last - t0) if self.t_last else None,
            "kernel_start": (self.t_ready - t0) if self.t_ready else None,
            "errors": cell_errors(self.nb),
        }


def cell_errors(nb: Any) -> list[str]:
    """Errors raised by cells that are not tagged raises-exception."""
    errors = []
    for i, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"cell {i}: {out.get('ename')}: {str(out.get('evalue'))[:120]}")
    return errors


def cell_seconds(cell: Any) -> float | None:
    ex = cell.get("metadata", {}).get("execution", {})
    start, end = ex.get("iopub.execute_input"), ex.get("shell.execute_reply")
    if not start or not end:
        return None
    try:
        a = dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
        b = dt.datetime.fromisoformat(end.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (b - a).total_seconds()


def largest_outputs(nb: Any, limit: int = 3) -> list[dict[str, Any]]:
    """The biggest stored outputs of a notebook: (cell, MIME type, bytes)."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            items = dict(out.get("data", {}))
            if "text" in out:
                items["stream"] = out["text"]
            for mime, value in items.items():
                text = value if isinstance(value, str) else json.dumps(value)
                if not isinstance(value, str) and isinstance(value, list):
                    text = "".join(value)
                found.append({"cell": i, "mime": mime, "bytes": len(text.encode())})
        for name, value in cell.get("attachments", {}).items():
            found.append({"cell": i, "mime": f"attachment {name}",
                          "bytes": len(json.dumps(value).encode())})
    widgets = nb.get("metadata", {}).get("widgets")
    if widgets:
        found.append({"cell": None, "mime": "widget state (notebook metadata)",
                      "bytes": len(json.dumps(widgets).encode())})
    return sorted(found, key=lambda f: -f["bytes"])[:limit]


def first_line(source: str | list[str]) -> str:
    text = "".join(source) if isinstance(source, list) else source
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:70]
    return ""


def measure_notebooks(paths: list[Path], runs: int, timeout: int) -> dict[str, Any]:
    import nbformat

    result: dict[str, Any] = {"baseline": {}, "lessons": []}
    with tempfile.TemporaryDirectory(prefix="csto-bench-") as tmp:
        workdir = make_workdir(Path(tmp))
        base_nb = baseline_notebook()
        data_roots = sorted({str((ROOT / "data").resolve()), str(Path(tmp, "data"))})
        try:
            import csto.paths  # the data folder the package really reads

            data_roots.append(str(csto.paths.data_dir().resolve()))
        except Exception:  # noqa: BLE001
            pass
        first, last = diagnostic_cells(sorted(set(data_roots)))

        def execute(nb: Any) -> dict[str, Any]:
            return Execution(nbformat.from_dict(json.loads(json.dumps(nb))), workdir,
                             timeout).run()

        def diag(nb: Any) -> dict[str, Any]:
            """An execution with the two diagnostic cells added (used in the first round, for
            the baseline and the lessons alike, so the pairs stay comparable)."""
            copy = nbformat.from_dict(json.loads(json.dumps(nb)))
            copy.cells = ([nbformat.v4.new_code_cell(first)] + copy.cells
                          + [nbformat.v4.new_code_cell(last)])
            res = Execution(copy, workdir, timeout).run()
            info: dict[str, Any] = {"opens": {}, "modules": [], "subprocesses": []}
            for out in copy.cells[-1].get("outputs", []):
                text = out.get("text", "")
                if MARK in text:
                    info = json.loads(text.split(MARK, 1)[1])
            cells = []
            for i, cell in enumerate(copy.cells[1:-1]):
                sec = cell_seconds(cell) if cell.get("cell_type") == "code" else None
                if sec is not None:
                    cells.append({"cell": i, "seconds": round(sec, 3),
                                  "source": first_line(cell.get("source", ""))})
            info["slowest_cells"] = sorted(cells, key=lambda c: -c["seconds"])[:3]
            res["diag"] = info
            return res

        def steps(nb: Any) -> dict[str, Any]:
            """An execution of the reference notebook, with the time of each of its cells."""
            copy = nbformat.from_dict(json.loads(json.dumps(nb)))
            res = Execution(copy, workdir, timeout).run()
            res["steps"] = [cell_seconds(c) for c in copy.cells]
            return res

        notebooks = {p.name: nbformat.read(workdir / p.name, as_version=4) for p in paths}
        floor_nb = floor_notebook()
        base_runs: list[dict[str, Any]] = []
        floor_runs: list[dict[str, Any]] = []
        pairs: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {n: [] for n in notebooks}
        diags: dict[str, dict[str, Any]] = {}
        base_diag: dict[str, Any] = {}
        for r in range(runs):
            log(f"notebooks: round {r + 1}/{runs} (baseline, reference and "
                f"{len(notebooks)} notebook(s))" + (", with diagnostics" if r == 0 else ""))
            run_nb = diag if r == 0 else execute
            floor_runs.append(steps(floor_nb))
            if not notebooks:
                base_runs.append(run_nb(base_nb))
            for i, (name, nb) in enumerate(notebooks.items()):
                # ABBA order: which of the two goes first alternates, so a warm-up or drift
                # effect does not always favour the same side.
                if (r + i) % 2 == 0:
                    b = run_nb(base_nb)
                    le = run_nb(nb)
                else:
                    le = run_nb(nb)
                    b = run_nb(base_nb)
                base_runs.append(b)
                pairs[name].append((le, b))
                if r == 0:
                    diags[name] = le.get("diag", {})
            if r == 0 and base_runs:
                base_diag = base_runs[0].get("diag", {})
        base_med = median(x["seconds"] for x in base_runs)
        step_medians = {
            key: median(run["steps"][i] for run in floor_runs if len(run.get("steps", [])) > i)
            for i, (key, _, _) in enumerate(FLOOR_STEPS)}
        every_library = lesson_floor(base_med, step_medians, FLOOR_LIBRARIES, True)
        result["floor"] = {
            "source": FLOOR_SOURCE,
            "steps": [{"step": key, "label": label, "source": src,
                       "median_s": step_medians[key]} for key, label, src in FLOOR_STEPS],
            "times": [x["seconds"] for x in floor_runs],
            "median_s": every_library,
            "ratio": ratio(every_library, base_med),
            "errors": sorted({e for x in floor_runs for e in x["errors"]}),
        }

        base_baseline_modules = set(base_diag.get("modules", []))
        result["baseline"] = {
            "source": BASELINE_SOURCE,
            "times": [x["seconds"] for x in base_runs],
            "median_s": base_med,
            "kernel_start_median_s": median(x["kernel_start"] for x in base_runs),
            "errors": sorted({e for x in base_runs for e in x["errors"]}),
        }
        for p in paths:
            name = p.name
            runs_l = [le for le, _ in pairs[name]]
            runs_b = [b for _, b in pairs[name]]
            ratios = paired_ratios((le["seconds"], b["seconds"]) for le, b in pairs[name])
            d = diags.get(name, {})
            errors = sorted({e for le in runs_l for e in le["errors"]})
            nb_disk = nbformat.read(p, as_version=4)
            result["lessons"].append({
                "name": name,
                "times": [x["seconds"] for x in runs_l],
                "median_s": median(x["seconds"] for x in runs_l),
                "baseline_times": [x["seconds"] for x in runs_b],
                "baseline_median_s": median(x["seconds"] for x in runs_b),
                "kernel_start_median_s": median(x["kernel_start"] for x in runs_l),
                "ratios": [round(x, 3) for x in ratios],
                "ratio": median(ratios),
                "errors": errors,
                "size_bytes": p.stat().st_size,
                "largest_outputs": largest_outputs(nb_disk),
                "data_reads": d.get("opens", {}),
                "subprocesses": d.get("subprocesses", []),
                "extra_packages": sorted(set(d.get("modules", [])) - base_baseline_modules
                                         - {"_b_json"}),
                "slowest_cells": d.get("slowest_cells", []),
            })
            le = result["lessons"][-1]
            le["libraries"] = [m for m in FLOOR_LIBRARIES if m in le["extra_packages"]]
            floor_s = lesson_floor(le["baseline_median_s"], step_medians, le["libraries"],
                                   bool(le["data_reads"]))
            le["floor_s"] = floor_s
            le["floor_ratio"] = ratio(floor_s, le["baseline_median_s"])
            le["own_ratio"] = (round(le["ratio"] - le["floor_ratio"], 3)
                               if le["ratio"] is not None and le["floor_ratio"] is not None
                               else None)
    return result


# ---- imports --------------------------------------------------------------------------------

def _time_cmd(py: str, code: str, cwd: str) -> float | None:
    t0 = time.perf_counter()
    proc = subprocess.run([py, "-c", code], cwd=cwd, capture_output=True, timeout=120)
    elapsed = time.perf_counter() - t0
    return elapsed if proc.returncode == 0 else None


def importtime(py: str, code: str, cwd: str) -> tuple[list[tuple[str, int, int]], str]:
    proc = run([py, "-X", "importtime", "-c", code], cwd=cwd, timeout=120)
    err = "" if proc.returncode == 0 else (proc.stderr.strip().splitlines() or ["?"])[-1]
    return parse_importtime(proc.stderr), err


def measure_imports(py: str, n: int) -> dict[str, Any]:
    cmds = {"csto": "import csto", "pandas": "import pandas", "bare": "pass"}
    times: dict[str, list[float | None]] = {k: [] for k in cmds}
    with tempfile.TemporaryDirectory(prefix="csto-bench-imp-") as cwd:
        for code in cmds.values():  # warm the file cache, not counted
            _time_cmd(py, code, cwd)
        log(f"imports: {n} interleaved rounds of import csto / import pandas / pass")
        order = list(cmds)
        for r in range(n):
            for key in order if r % 2 == 0 else order[::-1]:
                times[key].append(_time_cmd(py, cmds[key], cwd))
        res: dict[str, Any] = {k: {"times": [round(t, 4) if t else t for t in v],
                                   "median_s": median(v)} for k, v in times.items()}
        for key in cmds:
            if not any(times[key]):
                res[key]["error"] = f"`python -c \"{cmds[key]}\"` failed"
        res["ratio"] = ratio(res["csto"]["median_s"], res["pandas"]["median_s"])
        bare = res["bare"]["median_s"] or 0.0
        c, p = res["csto"]["median_s"], res["pandas"]["median_s"]
        res["net_ratio"] = ratio(c - bare, p - bare) if c is not None and p is not None else None

        entries, err = importtime(py, "import csto", cwd)
        res["csto_import_packages"] = {
            k: round(v / 1000, 1) for k, v in sorted(top_level_costs(entries).items(),
                                                     key=lambda kv: -kv[1])[:8]}
        mods = []
        for path in sorted((ROOT / "lib" / "csto").glob("*.py")):
            if path.stem in ("__init__", "__main__"):
                continue
            module = f"csto.{path.stem}"
            entries, err = importtime(py, f"import {module}", cwd)
            cum = next((c for m, _s, c in entries if m == module), None)
            costs = top_level_costs(entries)
            top = {k: v / 1000 for k, v in sorted(costs.items(), key=lambda kv: -kv[1])
                   if k not in ("csto", "encodings", "site") and v >= 20_000}
            mods.append({"module": module, "cumulative_ms": cum / 1000 if cum else None,
                         "top": dict(list(top.items())[:3]), **({"error": err} if err else {})})
        res["csto_modules"] = mods
    return res


# ---- maps -----------------------------------------------------------------------------------

MAP_SCRIPT = r"""
import inspect, json, re, sys, time
names = sys.argv[1].split(",")
out = {"maps": []}
try:
    import csto.maps as M
except Exception as exc:
    print(json.dumps({"error": f"import csto.maps failed: {type(exc).__name__}: {exc}"}))
    raise SystemExit(0)
GUESS = {"date": "2022-01-10", "on": "2022-01-10", "when": "2022-01-10", "day": "2022-01-10",
         "as_of": "2022-01-10", "year": 2022}

def call(fn):
    args = {}
    for p in inspect.signature(fn).parameters.values():
        if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_OR_KEYWORD,
                                                               p.KEYWORD_ONLY):
            if p.name not in GUESS:
                raise TypeError(f"needs argument {p.name!r}; the benchmark cannot guess it")
            args[p.name] = GUESS[p.name]
    return fn(**args), args

def kind(tag, body):
    if tag == "style":
        return "CSS"
    head = body[:600]
    if "leafletjs.com" in head or "Leaflet" in head:
        return "Leaflet JS"
    if "jQuery" in head or "window.$" in head:
        return "jQuery (or stand-in)"
    return "map code"

DEC = json.JSONDecoder()

def geojson_bytes(js):
    # bytes of the GeoJSON literals passed as arguments or assigned in the map's own code
    total, pos = 0, 0
    for m in re.finditer(r"[(=]\s*\{", js):
        start = m.end() - 1
        if start < pos:
            continue
        try:
            obj, end = DEC.raw_decode(js, start)
        except ValueError:
            continue
        if isinstance(obj, dict) and (obj.get("type") in ("FeatureCollection", "Feature")
                                      or "features" in obj or "geometry" in obj):
            total += len(js[start:end].encode())
            pos = end
    return total

for name in names:
    fn = getattr(M, name, None)
    if fn is None:
        out["maps"].append({"name": name, "error": "not defined in csto.maps"})
        continue
    t0 = time.perf_counter()
    try:
        m, args = call(fn)
        html = m.get_root().render()
        seconds = time.perf_counter() - t0
        try:
            rep = m._repr_html_()
        except Exception:
            rep = None
    except Exception as exc:
        out["maps"].append({"name": name, "error": f"{type(exc).__name__}: {str(exc)[:200]}"})
        continue
    parts = {}
    for tag, body in re.findall(r"<(script|style)[^>]*>(.*?)</\1>", html, re.S):
        k = kind(tag, body)
        size = len(body.encode())
        if k == "map code":
            geo = geojson_bytes(body)
            if geo:
                parts["GeoJSON data"] = parts.get("GeoJSON data", 0) + geo
                size -= geo
        parts[k] = parts.get(k, 0) + size
    uris = sum(len(u) for u in re.findall(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", html))
    if uris:
        parts["data URIs (inside the above)"] = uris
    out["maps"].append({
        "name": name, "args": args, "bytes": len(html.encode()),
        "repr_bytes": len(rep.encode()) if rep else None, "seconds": round(seconds, 3),
        "parts": [{"kind": k, "bytes": v} for k, v in sorted(parts.items(), key=lambda kv: -kv[1])],
    })
print(json.dumps(out))
"""


def measure_maps(py: str) -> dict[str, Any]:
    shapes = [{"file": str(p.relative_to(ROOT)), "bytes": p.stat().st_size}
              for p in sorted((ROOT / "data").rglob("*"))
              if p.suffix.lower() in (".geojson", ".json", ".shp", ".topojson")
              and "shapes" in p.parts]
    if not (ROOT / "lib" / "csto" / "maps.py").is_file():
        return {"available": False, "note": "not available yet (lib/csto/maps.py does not exist)",
                "maps": [], "shapes": shapes}
    log("maps: building and rendering each map")
    with tempfile.TemporaryDirectory(prefix="csto-bench-map-") as cwd:
        try:
            proc = run([py, "-c", MAP_SCRIPT, ",".join(MAP_FUNCTIONS)], cwd=cwd, timeout=300)
        except subprocess.TimeoutExpired:
            return {"available": False, "note": "rendering the maps took over 300 s",
                    "maps": [], "shapes": shapes}
    try:
        data = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"available": False, "note": f"map script failed: {tail}", "maps": [],
                "shapes": shapes}
    if "error" in data:
        return {"available": False, "note": data["error"], "maps": [], "shapes": shapes}
    return {"available": True, "maps": data["maps"], "shapes": shapes}


# ---- make test stages -----------------------------------------------------------------------


def measure_stages(timeout: int) -> dict[str, Any]:
    items = []
    env = dict(os.environ, PYTEST_ADDOPTS=(os.environ.get("PYTEST_ADDOPTS", "")
                                           + " --durations=5").strip())
    for stage in ALL_STAGES:
        log(f"stages: make {stage}")
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(["make", "--no-print-directory", stage], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=timeout)
            seconds = time.perf_counter() - t0
            output = proc.stdout + proc.stderr
            rc: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            seconds, output, rc = time.perf_counter() - t0, "", None
        if rc is None:
            status = f"timed out after {timeout} s"
        elif rc == 0:
            status = "passed"
        elif re.search(r"no tests ran|collected 0 items|\b\d+ deselected in", output) and \
                not re.search(r"\b\d+ (failed|error)", output):
            status = "no tests yet"
        else:
            status = f"FAILED (exit {rc})"
        items.append({"stage": stage, "seconds": round(seconds, 2), "rc": rc, "status": status,
                      "slowest": parse_durations(output),
                      "tail": output.strip().splitlines()[-12:] if rc else [],
                      "problems": failure_lines(output)[:6] if rc else []})
    checks = [i["seconds"] for i in items if i["stage"] in CHECK_STAGES]
    return {"items": items, "checks_total_s": round(sum(checks), 2),
            "all_total_s": round(sum(i["seconds"] for i in items), 2)}


# ---- environment ----------------------------------------------------------------------------


def disk_usage(path: Path) -> int:
    """Bytes allocated on disk under path (like `du -s`), hard links counted once."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for dirpath, dirnames, filenames in os.walk(path):
        for name in filenames + dirnames:
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            total += getattr(st, "st_blocks", 0) * 512 or st.st_size
    return total


def package_count(py: Path) -> int | None:
    code = ("import importlib.metadata as m, json; print(json.dumps(sorted({(d.metadata['Name'] "
            "or '').lower() for d in m.distributions()} - {''})))")
    try:
        proc = run([str(py), "-c", code], timeout=120)
        return len(json.loads(proc.stdout))
    except (OSError, subprocess.SubprocessError, json.JSONDecodeError):
        return None


def site_packages(venv: Path) -> Path | None:
    found = sorted(venv.glob("lib/python*/site-packages"))
    return found[0] if found else None


def measure_environment() -> dict[str, Any]:
    if not VENV.is_dir():
        return {"note": ".venv does not exist"}
    log("environment: measuring .venv")
    res: dict[str, Any] = {"venv_bytes": disk_usage(VENV), "packages": package_count(VENV_PY)}
    sp = site_packages(VENV)
    if sp:
        sizes = {}
        for entry in sp.iterdir():
            if entry.name.endswith((".dist-info", ".pth")) or entry.name == "__pycache__":
                continue
            sizes[entry.name] = disk_usage(entry) if entry.is_dir() else entry.stat().st_size
        res["largest"] = sorted(sizes.items(), key=lambda kv: -kv[1])[:6]
    return res


def pip_cache_note(py: Path) -> str:
    notes = []
    try:
        cache = run([str(py), "-m", "pip", "cache", "dir"], timeout=60).stdout.strip()
        size = disk_usage(Path(cache)) if cache and Path(cache).is_dir() else 0
        notes.append(f"pip's cache ({cache or 'disabled'}) held {fmt_bytes(size)} before the run"
                     + (" (warm: downloads were partly cached)" if size > 10e6 else " (cold)"))
    except (OSError, subprocess.SubprocessError):
        notes.append("pip's cache could not be inspected")
    try:
        cfg = run([str(py), "-m", "pip", "config", "list"], timeout=60).stdout
        local = re.findall(r"(?:find-links|extra-index-url|index-url)='([^']*)'", cfg)
        local += [v for k, v in os.environ.items() if k in ("PIP_FIND_LINKS", "PIP_INDEX_URL",
                                                            "PIP_EXTRA_INDEX_URL")]
        if local:
            notes.append("pip is configured with local or extra package sources ("
                         + ", ".join(sorted(set(local))) + "), which may serve wheels without"
                         " downloading them")
    except (OSError, subprocess.SubprocessError):
        pass
    return "; ".join(notes) + ". A first-time user with a cold cache will wait longer."


def measure_setup(timeout: int) -> dict[str, Any]:
    req = ROOT / "build" / "requirements.txt"
    if not req.is_file():
        return {"seconds": None, "note": "build/requirements.txt is missing (run `make env`)"}
    base = os.environ.get("PYTHON") or shutil.which("python3") or sys.executable
    free = shutil.disk_usage(tempfile.gettempdir()).free
    if free < 3e9:
        return {"seconds": None, "note": f"skipped: only {fmt_bytes(free)} free in the temp dir"}
    log("fresh set-up: venv + build/requirements.txt + pip install --no-deps -e .")
    with tempfile.TemporaryDirectory(prefix="csto-bench-venv-") as tmp:
        venv = Path(tmp) / "venv"
        py = venv / "bin" / "python"
        steps = [
            ("venv", [base, "-m", "venv", str(venv)]),
            ("requirements", [str(py), "-m", "pip", "install", "--quiet",
                              "--disable-pip-version-check", "-r", str(req)]),
            ("package", [str(py), "-m", "pip", "install", "--quiet",
                         "--disable-pip-version-check", "--no-deps", "-e", str(ROOT)]),
        ]
        res: dict[str, Any] = {"steps": {}, "ok": True}
        note = ""
        t0 = time.perf_counter()
        for name, cmd in steps:
            if name == "requirements":
                note = pip_cache_note(py)
            s0 = time.perf_counter()
            try:
                proc = run(cmd, timeout=timeout, cwd=tmp)
                ok = proc.returncode == 0
                err = (proc.stderr.strip().splitlines() or [""])[-1]
            except subprocess.TimeoutExpired:
                ok, err = False, f"timed out after {timeout} s"
            res["steps"][name] = round(time.perf_counter() - s0, 2)
            if not ok:
                res["ok"] = False
                note = f"step {name} failed: {err}. " + note
                break
        res["seconds"] = round(time.perf_counter() - t0, 2)
        if res["ok"]:
            res["venv_bytes"] = disk_usage(venv)
            res["packages"] = package_count(py)
        res["note"] = (f"{res['seconds']:.1f} s in all (venv {res['steps'].get('venv', 0):.1f} s,"
                       f" requirements {res['steps'].get('requirements', 0):.1f} s, package"
                       f" {res['steps'].get('package', 0):.1f} s). " + note)
    return res


# ---- causes ---------------------------------------------------------------------------------


def find_causes(results: dict[str, Any], py: str) -> list[str]:
    """Plain sentences naming, for each missed budget, what was measured to cause it."""
    causes: list[str] = []
    nbs = results.get("notebooks", {})
    base_med = nbs.get("baseline", {}).get("median_s")
    for le in nbs.get("lessons", []):
        if le.get("errors"):
            causes.append(f"{le['name']}: cells fail when run top to bottom in a fresh kernel: "
                          + "; ".join(le["errors"][:3]))
        reread = {k: v for k, v in le.get("data_reads", {}).items() if v > 1}
        if reread:
            causes.append(f"{le['name']}: data files opened more than once in one run: "
                          + ", ".join(f"{Path(k).name} ×{v}" for k, v in reread.items())
                          + " (each table should be read once per kernel)")
        if within(le.get("ratio"), BUDGETS["lesson_ratio"]) is False:
            extra = [m for m in le.get("extra_packages", []) if not m.startswith("_")]
            costs: dict[str, int] = {}
            if extra:
                with tempfile.TemporaryDirectory() as cwd:
                    code = (f"for _m in {extra[:60]!r}:\n    try:\n        __import__(_m)\n"
                            "    except Exception:\n        pass")
                    entries, _ = importtime(py, code, cwd)
                costs = top_level_costs(entries)
            heavy = sorted(((m, costs.get(m, 0)) for m in extra), key=lambda kv: -kv[1])
            heavy_txt = ", ".join(f"{m} {c / 1000:.0f} ms" for m, c in heavy[:5] if c >= 30_000)
            slow = "; ".join(f"cell {c['cell']} {c['seconds']:.2f} s (`{c['source']}`)"
                             for c in le.get("slowest_cells", []))
            procs = "; ".join(f"`{c}`" for c in le.get("subprocesses", [])[:3])
            over = (le["median_s"] - base_med) if le.get("median_s") and base_med else None
            step = {st["step"]: st.get("median_s") for st in nbs.get("floor", {}).get("steps", [])}
            needs = ", ".join(f"{lib} {fmt_s(step.get(lib), 2)}" for lib in le.get("libraries", []))
            causes.append(
                f"{le['name']}: {fmt_ratio(le.get('ratio'))} the baseline ({fmt_s(over)} more "
                f"than `import csto` alone). Its floor is {fmt_ratio(le.get('floor_ratio'))}: "
                f"loading the data ({fmt_s(step.get('data'), 2)}) and importing "
                f"{needs or 'no heavy library'}; its own cells add "
                f"{fmt_ratio(le.get('own_ratio'))} (one chart costs about "
                f"{fmt_s(step.get('chart'), 2)} to draw and show). "
                f"Slowest cells: {slow or NA}. Packages it imports "
                f"that the baseline does not (import cost in a fresh interpreter): "
                f"{heavy_txt or 'none heavier than 30 ms'}."
                + (f" Subprocesses it starts: {procs}." if procs else ""))
        if within(le.get("size_bytes"), BUDGETS["notebook_bytes"], strict=True) is False:
            outs = ", ".join(f"cell {o['cell']} {o['mime']} {fmt_bytes(o['bytes'])}"
                             for o in le.get("largest_outputs", []))
            causes.append(f"{le['name']}: {fmt_bytes(le['size_bytes'])} on disk; largest stored "
                          f"outputs: {outs}.")
    imp = results.get("imports", {})
    if within(imp.get("ratio"), BUDGETS["import_ratio"]) is False:
        pk = ", ".join(f"{k} {v:.0f} ms" for k, v in imp.get("csto_import_packages", {}).items()
                       if k not in ("csto",))
        causes.append(f"`import csto` is {fmt_ratio(imp['ratio'])} `import pandas`: the package"
                      f" imports at import time (cumulative): {pk}. lib/csto/__init__.py should "
                      "keep every heavy import inside the lazily imported modules.")
    maps = results.get("maps", {})
    for m in maps.get("maps", []):
        if m.get("error"):
            causes.append(f"map {m['name']}: could not be rendered: {m['error']}")
        elif within(m.get("bytes"), BUDGETS["map_bytes"], strict=True) is False:
            parts = ", ".join(f"{p['kind']} {fmt_bytes(p['bytes'])}" for p in m.get("parts", []))
            shapes = ", ".join(f"{s['file']} {fmt_bytes(s['bytes'])}"
                               for s in maps.get("shapes", []))
            causes.append(f"map {m['name']}: {fmt_bytes(m['bytes'])} of HTML; parts: {parts}. "
                          f"Shape files: {shapes or NA}.")
    stages = results.get("stages", {})
    if within(stages.get("checks_total_s"), BUDGETS["check_stages_s"], strict=True) is False:
        items = sorted((i for i in stages["items"] if i["stage"] in CHECK_STAGES),
                       key=lambda i: -i["seconds"])
        causes.append("check stages take " + fmt_s(stages["checks_total_s"], 1) + ": " + "; ".join(
            f"make {i['stage']} {i['seconds']:.1f} s"
            + (f" (slowest: {', '.join(i['slowest'][:3])})" if i.get("slowest") else "")
            for i in items))
    return causes


def stage_notes(stages: dict[str, Any]) -> list[str]:
    """Stages that did not pass (not a budget: the report still counts their time)."""
    notes = []
    for i in stages.get("items", []):
        if i["status"].startswith(("FAILED", "timed")):
            notes.append(f"make {i['stage']} did not pass ({i['status']}): "
                         + " / ".join(i.get("problems") or i.get("tail", [])[-3:]))
    return notes


# --------------------------------------------------------------------------------------------


README = ROOT / "benchmarks" / "README.md"
README_START = "<!-- latest results: bench.py writes between these two lines -->"
README_END = "<!-- end of latest results -->"


def embed_report(readme: str, report: str) -> str:
    """The README with the report put between its two markers, one heading level down and
    without its title (tests/test_bench.py shows an example).
    """
    if README_START not in readme or README_END not in readme:
        raise ValueError(f"{README.name} lacks the markers {README_START!r} and {README_END!r}")
    lines = report.strip("\n").splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    body = "\n".join("#" + ln if ln.startswith("#") else ln for ln in lines).strip("\n")
    head, rest = readme.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    return f"{head}{README_START}\n\n{body}\n\n{README_END}{tail}"


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="timed runs per notebook (default 3)")
    ap.add_argument("--import-runs", type=int, default=10,
                    help="interleaved runs of each import (default 10)")
    ap.add_argument("--skip-stages", action="store_true", help="do not time the make stages")
    ap.add_argument("--skip-setup", action="store_true", help="do not time a fresh set-up")
    ap.add_argument("--quick", action="store_true",
                    help="skip the slow parts: the make stages and the fresh set-up")
    ap.add_argument("--notebooks", nargs="*", metavar="PATH",
                    help="only these notebooks (default: every notebooks/*.ipynb)")
    ap.add_argument("--cell-timeout", type=int, default=300, help="seconds per cell")
    ap.add_argument("--stage-timeout", type=int, default=1200, help="seconds per make stage")
    ap.add_argument("--output-dir", type=Path, default=RESULTS,
                    help="where latest.json and latest.md go (default benchmarks/results)")
    ap.add_argument("--no-write", action="store_true", help="print only, write no file")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a budget is missed")
    args = ap.parse_args(argv)
    if args.quick:
        args.skip_stages = args.skip_setup = True
    args.runs = max(1, args.runs)
    args.import_runs = max(1, args.import_runs)
    return args


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    try:
        import nbclient  # noqa: F401
        import nbformat  # noqa: F401
    except ImportError:
        if VENV_PY.exists() and Path(sys.executable).resolve() != VENV_PY.resolve():
            os.execv(str(VENV_PY), [str(VENV_PY), __file__, *argv])
        print("bench: nbclient is missing; run `make bench` (it sets up .venv)", file=sys.stderr)
        return 2
    py = sys.executable
    started = time.perf_counter()
    skipped = [s for s, on in (("make stages", args.skip_stages),
                                ("fresh set-up", args.skip_setup)) if on]
    results: dict[str, Any] = {
        "schema": 1,
        "machine": machine_info(),
        "settings": {"runs": args.runs, "import_runs": args.import_runs, "skipped": skipped,
                     "budgets": BUDGETS},
    }
    results["settings"]["bytecode"] = compile_package(py)
    paths = ([Path(p).resolve() for p in args.notebooks] if args.notebooks else lessons())
    results["notebooks"] = measure_notebooks(paths, args.runs, args.cell_timeout)
    results["imports"] = measure_imports(py, args.import_runs)
    results["maps"] = measure_maps(py)
    results["stages"] = (measure_stages(args.stage_timeout) if not args.skip_stages
                         else {"note": "skipped (--skip-stages / --quick)"})
    results["environment"] = measure_environment()
    results["setup"] = (measure_setup(args.stage_timeout) if not args.skip_setup
                        else {"note": "skipped (--skip-setup / --quick)"})
    results["machine"]["load_end"] = loadavg()
    results["budgets"] = budget_checks(results)
    results["causes"] = find_causes(results, py)
    notes = []
    if not paths:
        notes.append("notebooks/ holds no notebook yet: only the baseline was run.")
    base_err = results["notebooks"]["baseline"].get("errors")
    if base_err:
        notes.append("the baseline notebook failed: " + "; ".join(base_err))
    results["notes"] = notes + stage_notes(results["stages"])
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    md = render_markdown(results) + f"\nThe benchmark took {results['elapsed_s']:.0f} s.\n"
    print(md)
    if not args.no_write:
        write_atomic(args.output_dir / "latest.json",
                     json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n")
        write_atomic(args.output_dir / "latest.md", md)
        log(f"wrote {args.output_dir / 'latest.json'} and latest.md")
        if not skipped and not args.notebooks and args.output_dir == RESULTS:
            write_atomic(README, embed_report(README.read_text(encoding="utf-8"), md))
            log(f"copied the report into {README.relative_to(ROOT)}")
    return exit_code(results["budgets"], args.strict)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
