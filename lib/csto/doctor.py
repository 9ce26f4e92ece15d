"""Install check, one line per check saying what to do about a problem: ``python -m csto.doctor``
in a terminal, ``from csto.doctor import report; report()`` in a notebook."""

from __future__ import annotations

import json
import runpy
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIX = "run `make lab` in the repository folder (it installs the pinned versions)"
WIDGETS = "@jupyter-widgets/jupyterlab-manager"


def pinned_versions() -> dict[str, str]:
    """The versions pinned in environment.yml (read by tools/pins.py), or {} without them."""
    env, tool = ROOT / "environment.yml", ROOT / "tools" / "pins.py"
    if not (env.is_file() and tool.is_file()):
        return {}
    return runpy.run_path(str(tool))["read_pins"](env)


def _python() -> tuple[bool, str]:
    new_enough = sys.version_info >= (3, 11)  # run with an older Python by PYTHONPATH
    return new_enough, ("Python 3.11 or newer" if new_enough else f"Python "
                        f"{sys.version.split()[0]} is too old: the lessons need 3.11 or newer")


def _packages() -> tuple[bool, str]:
    pins = pinned_versions()
    if not pins:
        return False, "environment.yml not found beside the package: cannot compare versions"
    wrong = []
    for name, wanted in pins.items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = ""
        if have != wanted:
            wrong.append(f"{name} {have}, but {wanted} is pinned" if have else
                         f"{name} is not installed (want {wanted})")
    if wrong:
        more = f" and {len(wrong) - 3} more" if len(wrong) > 3 else ""
        return False, f"{'; '.join(wrong[:3])}{more}: {FIX}"
    return True, f"all {len(pins)} pinned packages at their pinned versions (environment.yml)"


def _widgets_extension() -> tuple[bool, str]:
    """Is JupyterLab's widgets extension installed and not disabled? Reads files only."""
    try:
        from jupyter_core.paths import jupyter_config_path, jupyter_path
    except ImportError:
        return False, f"JupyterLab is not installed: {FIX}"
    if not any((Path(d) / WIDGETS / "package.json").is_file()
               for d in jupyter_path("labextensions")):
        return False, f"the JupyterLab widgets extension is missing: {FIX}"
    for labconfig in (Path(d) / "labconfig" for d in jupyter_config_path()):
        for page in [labconfig / "page_config.json", *labconfig.glob("page_config.d/*.json")]:
            try:  # "disabledExtensions" is a list of names or {name: true}
                disabled = json.loads(page.read_text()).get("disabledExtensions", {})
                off = WIDGETS in disabled and (isinstance(disabled, list) or disabled[WIDGETS])
            except (OSError, ValueError, TypeError, AttributeError, KeyError):
                continue
            if off:
                return False, ("the JupyterLab widgets extension is disabled: run "
                               f"`jupyter labextension enable {WIDGETS}`")
    return True, "JupyterLab widgets extension installed and enabled"


def _data() -> tuple[bool, str]:
    try:
        from .data import load, table_names

        for name in table_names():
            load(name)
    except Exception as exc:  # noqa: BLE001 - any problem, said in plain words
        return False, f"the data set could not be read: {exc}"
    return True, "data set found and valid"


def report() -> bool:
    """True when everything the lessons need is in place; prints one line per check."""
    results = [_python(), _packages(), _widgets_extension(), _data()]
    for ok, message in results:
        print(("OK      " if ok else "PROBLEM ") + message)
    good = all(ok for ok, _ in results)
    print("\nAll set: open notebooks/00-start-here.ipynb." if good else
          "\nSomething is missing: see the PROBLEM lines above.")
    return good


if __name__ == "__main__":
    sys.exit(0 if report() else 1)
