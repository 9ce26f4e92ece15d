"""Install check: is everything in place to run the lessons?

Run it from a terminal with ``python -m csto.check`` or in a notebook with
``from csto.check import report; report()``. It prints one line per item, plainly, and says
what to do about anything missing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FIX = "run `make lab` in the repository folder (it installs the pinned versions)"


def pinned_versions() -> dict[str, str]:
    """The versions pinned in environment.yml, or {} when the file is not beside the package."""
    env = ROOT / "environment.yml"
    if not env.is_file():
        return {}
    found = re.findall(r"^\s*-\s+([A-Za-z0-9_.\-]+)==([^\s#]+)", env.read_text(), re.M)
    return dict(found)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


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
        good = _norm(have) == _norm(wanted)
        note = "" if good else f", but {wanted} is pinned: {FIX}"
        results.append((good, f"{name} {have}{note}"))
    results.append(_widgets_extension())
    results.append(_data())
    return results


def _widgets_extension() -> tuple[bool, str]:
    try:
        out = subprocess.run(
            [sys.executable, "-m", "jupyter", "labextension", "list", "--json"],
            capture_output=True, text=True, timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"could not ask JupyterLab for its extensions ({exc}): {FIX}"
    text = out.stdout + out.stderr
    if "@jupyter-widgets/jupyterlab-manager" not in text:
        return False, f"the JupyterLab widgets extension is missing: {FIX}"
    try:
        data = json.loads(out.stdout)
        disabled = any("@jupyter-widgets/jupyterlab-manager" in d for d in data.get("disabled", []))
    except (ValueError, AttributeError):
        disabled = re.search(r"@jupyter-widgets/jupyterlab-manager[^\n]*disabled", text) is not None
    if disabled:
        return False, ("the JupyterLab widgets extension is disabled: run "
                       "`jupyter labextension enable @jupyter-widgets/jupyterlab-manager`")
    return True, "JupyterLab widgets extension installed and enabled"


def _data() -> tuple[bool, str]:
    try:
        from .data import load, table_names

        rows = sum(len(load(t)) for t in table_names())
    except Exception as exc:  # report any problem in plain words
        return False, f"the data set could not be read: {exc}"
    return True, f"data set found and valid ({len(table_names())} tables, {rows} rows)"


def report() -> bool:
    """Print the checks; return True when everything is in place."""
    results = checks()
    for ok, message in results:
        print(("OK      " if ok else "PROBLEM ") + message)
    good = all(ok for ok, _ in results)
    print("\nAll set: open notebooks/00-start-here.ipynb." if good else
          "\nSomething is missing: see the PROBLEM lines above.")
    return good


if __name__ == "__main__":
    sys.exit(0 if report() else 1)
