"""Measure the lessons and the csto package against their budgets (`make bench`).

Prints a table, writes it and the raw figures to build/bench/, and exits 1 when a budget fails
or cannot be measured (benchmarks/README.md explains each figure)."""

from __future__ import annotations

import argparse
import ast
import compileall
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "bench"
Row = dict[str, Any]

# Budgets (see README): "<=" means at most, "<" means under.
OWN_CELLS = 1.0  # a lesson's own cells, as a multiple of its baseline (its imports alone)
#: Libraries csto loads only for a map, chart or explorer: the baseline imports those the
#: lesson's kernel loaded, so that their import does not count as the lesson's own cells.
LAZY = ("folium", "matplotlib.figure", "matplotlib.dates", "matplotlib.backends.backend_agg",
        "PIL.PngImagePlugin", "ipywidgets")
PROBE = f"import sys; print([m for m in {LAZY!r} if m in sys.modules])"
IMPORT_RATIO = 1.3  # `import csto` / `import pandas`, each in a fresh interpreter
NOTEBOOK_BYTES = 1_000_000
MAP_BYTES = 250_000
# csto.check reads at most 4,000 characters: time it up to there, on answers 8 times apart.
CHECK_GROWTH = 12.0  # t(4,000-space answer) / t(500): linear would be 8
CHECK_20K_S = 0.5
MEMBERS_ON_S = 0.001
RECORD_S = 0.005  # what recording an attempt adds to a csto.check
CLASS_PAGE_S = 5.0  # `python -m csto.classroom` on CLASS_SIZE hand-ins, the whole command
CLASS_SIZE = 200
ANSWER_LENGTHS = (500, 2_000, 4_000)


def verdict(value: float | None, limit: float | None, op: str = "<=",
            error: str | None = None) -> bool | None:
    """Within budget? None without a budget; an error or an unmeasured budgeted figure fails."""
    if error is not None or (limit is not None and value is None):
        return False
    return None if limit is None else (value <= limit if op == "<=" else value < limit)


def row(measure: str, value: float | None, unit: str, limit: float | None = None,
        op: str = "<=", error: str | None = None) -> Row:
    return {"measure": measure, "value": value, "unit": unit, "limit": limit, "op": op,
            "error": error, "ok": verdict(value, limit, op, error)}


def exit_code(rows: list[Row]) -> int:
    return 1 if any(r["ok"] is False for r in rows) else 0


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit in ("x", "s"):
        return f"{value:.2f}×" if unit == "x" else (
            f"{value * 1000:.3g} ms" if value < 0.1 else f"{value:.2f} s")
    return f"{value / 1e6:.2f} MB" if value >= 1e6 else f"{value / 1e3:.1f} KB"  # bytes


def table(rows: list[Row]) -> str:
    lines = ["| Measure | Value | Budget | Result |", "|---|---|---|---|"]
    for r in rows:
        budget = "–" if r["limit"] is None else (
            ("≤ " if r["op"] == "<=" else "< ") + fmt(r["limit"], r["unit"]))
        result = {True: "pass", False: "FAIL", None: "–"}[r["ok"]]
        result += f": {r['error']}" if r["error"] else ""
        cells = [r["measure"], fmt(r["value"], r["unit"]), budget, result]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells)
                     + " |")
    return "\n".join(lines)


def timed(fn: Callable[[], Any], runs: int) -> float:  # the median wall time of runs calls
    return statistics.median(timeit.repeat(fn, number=1, repeat=runs))


def failure(exc: BaseException) -> str:
    """One line: a cell's error, or an exception and a subprocess's last words."""
    what = f"{exc.ename}: {exc.evalue}" if hasattr(exc, "ename") else f"{type(exc).__name__}: {exc}"
    said = str(getattr(exc, "stderr", None) or "").strip().splitlines()  # text=True runs
    return (what.strip().splitlines() or [""])[0][:160] + (f" ({said[-1][:160]})" if said else "")


def lessons() -> dict[str, Path]:  # imported late: a broken package is a failed row
    from csto.paths import lessons as listed
    return listed()


def lesson_imports(nb: dict[str, Any]) -> list[str]:
    """The absolute import statements of a notebook's code cells, in order, once each."""
    from IPython.core.inputtransformer2 import TransformerManager

    found: list[str] = []
    for cell in nb.get("cells", []):
        src = cell.get("source", "") if cell.get("cell_type") == "code" else ""
        try:
            tree = ast.parse(TransformerManager().transform_cell("".join(src)))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and not getattr(node, "level", 0):
                if (stmt := ast.unparse(node)) not in found:
                    found.append(stmt)
    return found


def peak_rss(pid: int | None) -> float | None:
    """A process's peak resident memory in bytes (VmHWM in /proc), or None."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) * 1024
    except (OSError, AttributeError):
        return None


def run_notebook(nb: Any, timeout: int) -> dict[str, Any]:
    """Run a copy of nb in a fresh kernel (cwd notebooks/): wall time from kernel start to the
    last cell, peak RSS, libraries loaded; an error or a time-out comes back as "error"."""
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    seen: dict[str, Any] = {"end": None, "rss": None}
    client = NotebookClient(nb, timeout=timeout, startup_timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})

    def cell_done(cell: Any, **_: Any) -> None:
        if cell.source == PROBE:  # the probe of lazily loaded libraries is not timed
            seen["lazy"] = ast.literal_eval(cell.outputs[0]["text"])
            return
        seen["end"] = time.perf_counter()
        seen["rss"] = peak_rss(getattr(client.km.provisioner, "pid", None))

    client.on_cell_executed = cell_done
    start = time.perf_counter()
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's own warnings are noise here
    except Exception as exc:  # noqa: BLE001 - a broken lesson is a failed row, not a crash
        return {"error": failure(exc)}
    return {"seconds": seen["end"] - start if seen["end"] else None, "rss": seen["rss"],
            "lazy": seen.get("lazy", [])}


def measure_lessons(runs: int, timeout: int, raw: dict[str, Any]) -> list[Row]:
    """Each lesson against its baseline (its imports and the libraries csto loaded for it),
    the fastest run of each: what is left when other work on the machine is not in it."""
    import nbformat
    rows = []
    for number, path in lessons().items():
        name, res = f"{path.stem}: own cells / baseline", {"lesson": [], "baseline": []}
        try:
            nb = nbformat.read(path, as_version=4)
            imports = lesson_imports(nb)
            nb.cells.append(nbformat.v4.new_code_cell(PROBE))
            first = run_notebook(nb, timeout)  # a first run finds what csto loaded lazily
            imports += [f"import {m}" for m in first.get("lazy", [])]
            base = nbformat.v4.new_notebook(metadata=nb.metadata, cells=[
                nbformat.v4.new_code_cell("\n".join(imports))])
        except Exception as exc:  # noqa: BLE001 - a lesson mid-edit may not be valid JSON
            rows.append(row(name, None, "x", OWN_CELLS, error=f"unreadable: {failure(exc)}"))
            continue
        for r in range(runs):  # the order alternates, so neither always runs second
            for kind, book in [("lesson", nb), ("baseline", base)][:: 1 if r % 2 else -1]:
                res[kind].append(run_notebook(book, timeout))
        errors = [f"{k} failed: {x['error']}" for k in res for x in res[k] if "error" in x]
        t_lesson, t_base = (min((x["seconds"] for x in res[k] if x.get("seconds")),
                                default=None) for k in res)
        own = (t_lesson - t_base) / t_base if t_lesson and t_base and not errors else None
        raw[number] = {**res, "imports": base.cells[0].source.splitlines(), "own": own}
        detail = "" if errors else f" (lesson {fmt(t_lesson, 's')}, imports {fmt(t_base, 's')})"
        rows += [row(name + detail, own, "x", OWN_CELLS, error=(errors or [None])[0]),
                 row(f"{path.stem}: kernel peak RSS", max(
                     (x["rss"] for x in res["lesson"] if x.get("rss")), default=None), "B"),
                 row(f"{path.stem}: notebook file", path.stat().st_size, "B",
                     NOTEBOOK_BYTES, "<")]
    return rows


def import_times(runs: int, raw: dict[str, Any]) -> list[Row]:
    """`python -c "import csto"` against `import pandas`, interleaved, after a warm-up."""
    times: dict[str, list[float]] = {"csto": [], "pandas": []}
    for i in range(runs + 1):
        for module in times:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", f"import {module}"], check=True, cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
            if i:
                times[module].append(time.perf_counter() - start)
    raw.update(times)
    csto_s, pandas_s = statistics.median(times["csto"]), statistics.median(times["pandas"])
    return [row(f"import csto / import pandas ({fmt(csto_s, 's')} / {fmt(pandas_s, 's')})",
                csto_s / pandas_s, "x", IMPORT_RATIO)]


def map_sizes(raw: dict[str, Any]) -> list[Row]:
    """The HTML of each map the package makes, as `m.get_root().render()` writes it."""
    import csto
    rows, makers = [], {"membership_map('2022-01-10')": lambda: csto.membership_map(
        "2022-01-10"), "crisis_map()": csto.crisis_map, "kazakhstan_map()": csto.kazakhstan_map}
    for name, make in makers.items():
        try:
            raw[name], error = len(make().get_root().render().encode()), None
        except Exception as exc:  # noqa: BLE001 - one broken map is one failed row
            raw[name], error = None, failure(exc)
        rows.append(row(f"map HTML: {name}", raw[name], "B", MAP_BYTES, "<", error))
    return rows


def first_of_each_kind() -> dict[str, str]:
    """The first exercise of each kind that waits for no prediction, by kind: {kind: id}."""
    from csto.exercises import EXERCISES

    return {e.kind: i for i, e in reversed(list(EXERCISES.items())) if not e.predict}


def check_times(raw: dict[str, Any]) -> list[Row]:
    """csto.check on answers of n spaces, for the first exercise of each kind (no prediction)."""
    import csto
    first = first_of_each_kind()
    for ex_id in first.values():
        csto.check(ex_id, " ")  # warm-up: loads the data the exercise needs
        raw[ex_id] = {n: timed(lambda e=ex_id, n=n: csto.check(e, " " * n), 5)
                      for n in ANSWER_LENGTHS}
    lo, hi = ANSWER_LENGTHS[0], ANSWER_LENGTHS[-1]
    growth = max(raw, key=lambda e: raw[e][hi] / raw[e][lo])
    slowest = max(raw, key=lambda e: raw[e][hi])
    return [row(f"csto.check: t({hi:,} spaces) / t({lo:,}), worst of {len(raw)} exercises "
                f"({growth})", raw[growth][hi] / raw[growth][lo], "x", CHECK_GROWTH),
            row(f"csto.check: {hi:,}-space answer, slowest ({slowest})", raw[slowest][hi], "s",
                CHECK_20K_S, "<")]


def members_on_time(raw: dict[str, Any]) -> list[Row]:
    """csto.members_on, one call on each of 200 days from the treaty to the data's date."""
    import csto
    import pandas as pd
    days = [d.date().isoformat() for d in pd.date_range("1992-05-15", csto.as_of(), periods=200)]
    raw["warm-up"] = csto.members_on(days[0])  # the first call loads the data
    raw["per_call_s"] = [timed(lambda d=d: csto.members_on(d), 1) for d in days]
    return [row("csto.members_on(date), per call (median of 200 days)",
                statistics.median(raw["per_call_s"]), "s", MEMBERS_ON_S)]


def _answer_every_exercise() -> dict[str, Any]:
    """Check the worked solution's answer of every exercise (predicting it first where asked),
    as a learner would; return the answers by exercise id."""
    import contextlib
    import io

    import csto
    from csto.exercises import EXERCISES, _expected
    answers = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for ex in EXERCISES.values():
            answers[ex.id] = _expected(ex)
            if ex.predict:
                csto.predict(ex.id, answers[ex.id])
            csto.check(ex.id, answers[ex.id])
    return answers


def recording_times(raw: dict[str, Any]) -> list[Row]:
    """What recording adds to csto.check: csto.record.keep (which check calls once its
    feedback is ready), on the first exercise of each kind and a prediction, median of 50."""
    import csto
    from csto import record
    from csto.exercises import EXERCISES
    answers = _answer_every_exercise()
    first = first_of_each_kind()
    first["prediction"] = next(i for i, e in EXERCISES.items() if e.predict)
    for ex_id in first.values():
        feedback = csto.check(ex_id, answers[ex_id])
        raw[ex_id] = timed(lambda e=ex_id, f=feedback: record.keep(
            "check", e, (answers[e],), f), 50)
    slowest = max(raw, key=raw.get)
    return [row(f"recording one check (csto.record.keep), slowest of {len(raw)} exercises "
                f"({slowest})", raw[slowest], "s", RECORD_S)]


def class_page_time(raw: dict[str, Any]) -> list[Row]:
    """`python -m csto.classroom` (a fresh interpreter: the teacher's one command) on
    CLASS_SIZE hand-ins: one real hand-in with every exercise answered, copied with other
    names and multiple-choice options."""
    import contextlib
    import io

    import csto
    from csto import record
    from csto.handin import page, read_page
    with tempfile.TemporaryDirectory(prefix="csto-bench-") as tmp:
        os.environ["CSTO_PROGRESS_DIR"] = str(Path(tmp) / "progress")  # one try each
        record.reset()
        _answer_every_exercise()
        with contextlib.redirect_stdout(io.StringIO()):
            one = csto.hand_in("Bench Student", folder=tmp)
        data = read_page(one.read_text(encoding="utf-8"))
        folder, out = Path(tmp) / "hand-ins", Path(tmp) / "out"
        folder.mkdir()
        for i in range(CLASS_SIZE):
            data["name"] = f"Student {i:03d}"
            for e in data["exercises"]:
                if e["kind"] == "choice":
                    e["first_option"] = "abcd"[i % 4]
                    e["options"] = [e["first_option"]]
            (folder / f"hand-in-{i:03d}.html").write_text(page(data), encoding="utf-8")
        from csto.classroom import build
        start = time.perf_counter()
        build(folder, Path(tmp) / "in-process")
        raw["build_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "csto.classroom", str(folder), "--out", str(out)],
                       check=True, capture_output=True, text=True, cwd=ROOT)
        raw["seconds"] = time.perf_counter() - start
        raw["class.html"] = (out / "class.html").stat().st_size
        raw["class.csv"] = (out / "class.csv").stat().st_size
        raw["hand-in"] = one.stat().st_size
    return [row(f"class page: python -m csto.classroom on {CLASS_SIZE} hand-ins",
                raw["seconds"], "s", CLASS_PAGE_S, "<"),
            row(f"class page: csto.classroom.build on {CLASS_SIZE} hand-ins, in-process (no "
                "interpreter start, no import)", raw["build_seconds"], "s"),
            row(f"class page for {CLASS_SIZE} hand-ins: class.html / class.csv "
                f"({raw['class.csv'] / 1e3:.1f} KB)", raw["class.html"], "B"),
            row(f"one hand-in, all {len(data['exercises'])} exercises answered", raw["hand-in"],
                "B")]


def machine() -> dict[str, Any]:
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                            capture_output=True).stdout.strip()
    return {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "nproc": len(os.sched_getaffinity(0)), "cpu": cpu.group(1).strip() if cpu else "?",
            "python": platform.python_version(), "commit": commit or "?",
            "load": " / ".join(f"{x:.2f}" for x in os.getloadavg())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for flag, kw in {"--quick": dict(action="store_true", help="one run of each notebook"),
                     "--runs": dict(type=int, default=3, help="runs per notebook"),
                     "--out": dict(type=Path, default=OUT, help="output folder"),
                     "--only": dict(default="", help="comma-separated stages to run (lessons, "
                                    "imports, maps, check, members_on, recording, class page)"),
                     }.items():
        ap.add_argument(flag, **kw)
    args = ap.parse_args(argv)
    runs = 1 if args.quick else args.runs
    # Kernels read csto's bytecode, as learners' do, even under PYTHONDONTWRITEBYTECODE.
    compileall.compile_dir(ROOT / "lib", quiet=1)
    info, raw, rows = machine(), {}, []
    # the answers check records and the pages hand_in writes go to a folder of the run's own
    work = tempfile.mkdtemp(prefix="csto-bench-")
    os.environ["CSTO_PROGRESS_DIR"] = os.path.join(work, "progress")
    os.environ["CSTO_HAND_IN_DIR"] = os.path.join(work, "hand-ins")
    stages: list[tuple[str, Callable[[dict[str, Any]], list[Row]]]] = [
        ("lessons", lambda r: measure_lessons(runs, 300, r)),
        ("imports", lambda r: import_times(3 if args.quick else 10, r)),
        ("maps", map_sizes), ("check", check_times), ("members_on", members_on_time),
        ("recording", recording_times), ("class page", class_page_time)]
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    for name, measure in stages:
        if only and name not in only:
            continue
        print(f"[bench] {name} …", file=sys.stderr, flush=True)
        try:
            rows += measure(raw.setdefault(name, {}))
        except Exception as exc:  # noqa: BLE001 - one broken measure must not hide the others
            rows.append(row(f"{name}: could not be measured", None, "", error=failure(exc)))
    head = (f"Run on {info['date']}: {info['cpu']}, nproc {info['nproc']}, Python "
            f"{info['python']}, commit {info['commit']}, load {info['load']} at start, {runs} "
            "run(s) per notebook.")
    report = f"{head}\n\n{table(rows)}\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(f"# Benchmark results\n\n{report}", encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(
        {"machine": info, "runs": runs, "rows": rows, "raw": raw}, indent=1, default=str),
        encoding="utf-8")
    failed = "; ".join(r["measure"] for r in rows if r["ok"] is False)
    print(report + (f"\nFailed: {failed}" if failed else "\nAll budgets met."))
    return exit_code(rows)


if __name__ == "__main__":
    sys.exit(main())
