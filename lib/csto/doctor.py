"""Install check: is everything in place to run the lessons?

Run it from a terminal with ``python -m csto.doctor`` or in a notebook with
``from csto.doctor import report; report()``. It prints one line per group of checks (or per
package with ``--details``), plainly, and says what to do about anything missing.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FIX = "run `make lab` in the repository folder (it installs the pinned versions)"


def pinned_versions() -> dict[str, str]:
    """The versions pinned in environment.yml, read by tools/pins.py (the one reader of the
    pins), or {} when the repository is not beside the package."""
    env, tool = ROOT / "environment.yml", ROOT / "tools" / "pins.py"
    if not (env.is_file() and tool.is_file()):
        return {}
    spec = importlib.util.spec_from_file_location("csto_pins", tool)
    pins = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pins)
    return pins.read_pins(env)


def checks() -> list[tuple[bool, str]]:
    """Every check as (ok, message)."""
    results: list[tuple[bool, str]] = []
    ok = sys.version_info >= (3, 11)
    results.append((ok, f"Python {sys.version.split()[0]}"
                    + ("" if ok else " is too old: the lessons need Python 3.11 or newer")))
    pins = pinned_versions()
    if not pins:
        results.append((False, "environment.yml not found: cannot compare package versions"))
    for name, wanted in pins.items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            results.append((False, f"{name} is not installed (want {wanted}): {FIX}"))
            continue
        good = have == wanted
        note = "" if good else f", but {wanted} is pinned: {FIX}"
        results.append((good, f"{name} {have}{note}"))
    results.append(_widgets_extension())
    results.append(_data())
    return results


WIDGETS = "@jupyter-widgets/jupyterlab-manager"


def _widgets_extension() -> tuple[bool, str]:
    """Is JupyterLab's widgets extension installed (a prebuilt extension folder) and enabled
    (not listed as disabled in any labconfig/page_config.json)? Reads files only: fast."""
    try:
        from jupyter_core.paths import jupyter_config_path, jupyter_path
    except ImportError:
        return False, f"JupyterLab is not installed: {FIX}"
    installed = any((Path(d) / WIDGETS / "package.json").is_file()
                    for d in jupyter_path("labextensions"))
    if not installed:
        return False, f"the JupyterLab widgets extension is missing: {FIX}"
    for folder in jupyter_config_path():
        labconfig = Path(folder) / "labconfig"
        pages = [labconfig / "page_config.json", *sorted(labconfig.glob("page_config.d/*.json"))]
        for page in pages:
            try:
                disabled = json.loads(page.read_text()).get("disabledExtensions", {})
            except (OSError, ValueError):
                continue
            if (disabled.get(WIDGETS) if isinstance(disabled, dict) else WIDGETS in disabled):
                return False, ("the JupyterLab widgets extension is disabled: run "
                               f"`jupyter labextension enable {WIDGETS}`")
    return True, "JupyterLab widgets extension installed and enabled"


def _data() -> tuple[bool, str]:
    try:
        from .data import load, table_names

        rows = sum(len(load(t)) for t in table_names())
    except Exception as exc:  # report any problem in plain words
        return False, f"the data set could not be read: {exc}"
    return True, f"data set found and valid ({len(table_names())} tables, {rows} rows)"


def report(details: bool = False) -> bool:
    """Print whether everything the lessons need is in place; return True when it is.

    By default each group of checks gets one line, so the output is the same on every
    machine where all is well; problems are always printed in full. ``details=True`` prints
    every package with its version.
    """
    results = checks()
    python, packages, extension, data = results[0], results[1:-2], results[-2], results[-1]
    if details:
        lines = results
    else:
        bad = [r for r in packages if not r[0]]
        summary = (True, f"all {len(packages)} pinned packages at their pinned versions "
                   "(environment.yml)")
        lines = [python if not python[0] else (True, "Python 3.11 or newer"),
                 *(bad or [summary]), extension,
                 data if not data[0] else (True, "data set found and valid")]
    for ok, message in lines:
        print(("OK      " if ok else "PROBLEM ") + message)
    good = all(ok for ok, _ in results)
    print("\nAll set: open notebooks/00-start-here.ipynb." if good else
          "\nSomething is missing: see the PROBLEM lines above.")
    return good


if __name__ == "__main__":
    sys.exit(0 if report(details="--details" in sys.argv) else 1)
