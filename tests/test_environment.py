"""The environment: one set of pins, installed exactly, and Binder set up from the same file."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata

import pins
from conftest import ROOT


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_installed_versions_match_environment_yml():
    wanted = pins.read_pins(ROOT / "environment.yml")
    assert {"jupyterlab", "jupyterlab_widgets", "ipywidgets", "pandas", "folium", "nbval",
            "pytest", "matplotlib"} <= set(wanted)
    wrong = {n: (v, metadata.version(n)) for n, v in wanted.items() if metadata.version(n) != v}
    assert not wrong, f"installed versions differ from environment.yml: {wrong}"


def test_dev_tools_installed_as_pinned():
    lines = (ROOT / "requirements-dev.txt").read_text().splitlines()
    dev = dict(line.split("==") for line in lines if line and not line.startswith("#"))
    assert dev, "requirements-dev.txt pins nothing"
    for name, version in dev.items():
        assert metadata.version(name) == version, name


def test_dev_tools_are_not_in_the_binder_environment():
    lines = (ROOT / "requirements-dev.txt").read_text().splitlines()
    dev = {_norm(line.split("==")[0]) for line in lines if line and not line.startswith("#")}
    binder = {_norm(n) for n in pins.read_pins(ROOT / "environment.yml")}
    assert not dev & binder


def test_pins_are_exact_and_script_refuses_loose_ones(tmp_path):
    bad = tmp_path / "environment.yml"
    bad.write_text("dependencies:\n  - pip\n  - pip:\n      - pandas>=3\n")
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "pins.py"), str(bad)],
                         capture_output=True, text=True)
    assert out.returncode != 0
    assert "exact pins" in out.stderr


def test_pins_end_at_the_next_top_level_key(tmp_path):
    env = tmp_path / "environment.yml"
    env.write_text("dependencies:\n  - pip\n  - pip:\n      - pandas==3.1.1\n"
                   "variables:\n  MPLBACKEND: Agg\n")
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "pins.py"), str(env)],
                         capture_output=True, text=True, check=True)
    assert out.stdout == "pandas==3.1.1\n"


def test_a_failed_requirements_step_leaves_no_empty_file_behind(tmp_path):
    """When tools/pins.py refuses environment.yml, make leaves no build/requirements.txt
    behind, so the next run does not take an empty file for an up-to-date one."""
    import shutil

    (tmp_path / "tools").mkdir()
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "tools" / "pins.py", tmp_path / "tools" / "pins.py")
    (tmp_path / "environment.yml").write_text("dependencies:\n  - pip:\n      - pandas>=3\n")
    for _ in range(2):  # the second run must fail again, not find the target up to date
        out = subprocess.run(["make", "-s", "build/requirements.txt", f"PYTHON={sys.executable}"],
                             cwd=tmp_path, capture_output=True, text=True)
        assert out.returncode != 0 and "exact pins" in out.stderr
        assert not (tmp_path / "build" / "requirements.txt").exists()


def test_package_dependencies_are_all_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = {_norm(n) for n in pins.read_pins(ROOT / "environment.yml")}
    for dep in project["dependencies"]:
        name = _norm(re.split(r"[<>=!~ \[]", dep)[0])
        assert name in pinned, f"{dep} (pyproject.toml) has no pin in environment.yml"


def test_environment_yml_pins_python_311_and_pip():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s+python=3\.11\s*$", text, re.M)
    assert re.search(r"^\s*-\s+pip\s*$", text, re.M)


def test_csto_installed_in_editable_mode():
    import csto

    assert (ROOT / "lib" / "csto" / "__init__.py").samefile(csto.__file__)


def test_widgets_extension_installed_and_enabled():
    out = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"],
                         capture_output=True, text=True, timeout=120)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout + out.stderr)
    line = next((x for x in text.splitlines() if "@jupyter-widgets/jupyterlab-manager" in x), "")
    assert "enabled" in line and "OK" in line, text


def test_repo2docker_picks_up_environment_and_postbuild():
    out = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--debug", str(ROOT)],
        capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    text = out.stdout + out.stderr
    assert "Building conda environment for python=3.11" in text
    assert 'env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"' in text
    assert "RUN ./postBuild" in text
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists(), \
        "a binder/ folder would make repo2docker ignore the root files"


def test_postbuild_installs_the_package_editable():
    text = (ROOT / "postBuild").read_text()
    assert re.search(r"pip install .*-e \.", text)


def test_lock_pins_everything_the_lessons_pull_in():
    """Walk the installed dependency tree of the top-level pins: every package in it is pinned
    in environment.yml (run `python3 tools/lock.py` when this fails)."""
    import lock
    from packaging.requirements import Requirement

    text = (ROOT / "environment.yml").read_text()
    top = pins.read_pins_from_text("\n".join(lock.top_level_lines(text)))
    pinned = {pins.normalise(n) for n in pins.read_pins(ROOT / "environment.yml")}
    assert len(pinned) > len(top), "environment.yml has no locked part"
    seen, todo = set(), [pins.normalise(n) for n in top]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for spec in metadata.requires(name) or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(pins.normalise(req.name))
    assert seen <= pinned, f"not pinned: {sorted(seen - pinned)}"
