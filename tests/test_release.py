"""One version number for a release: pyproject.toml's, which CITATION.cff, the data package, the
installed csto package, the website and the changelog must all give. .zenodo.json must agree
with CITATION.cff on who made it, so that the DOI's record names the same creators.

`make release-check` (tools/release_check.py) checks the same files before a release; the tests
at the end make sure it passes on the repository and fails, with a sentence naming the file, on
a copy where one file disagrees."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _pyproject_version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["version"]


def _citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_has_the_version():
    assert str(_citation()["version"]) == _pyproject_version()


def test_data_package_has_the_version():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == _pyproject_version(), (
        "data/datapackage.json 'version' differs from pyproject.toml's: a release has one number")


def test_installed_package_has_the_version():
    import csto

    assert csto.__version__ == _pyproject_version(), (
        "the installed csto is not this version: run `make env` (it reinstalls after a bump)")


def test_site_has_the_version():
    spec = importlib.util.spec_from_file_location("csto_site_tool", ROOT / "tools" / "site.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.version() == _pyproject_version()
    assert "csto_version" in tool.config()["sphinx"]["config"]["html_context"]


def test_changelog_has_an_entry_for_the_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    v = _pyproject_version()
    entry = re.search(rf"^## \[{re.escape(v)}\] - (\d{{4}}-\d{{2}}-\d{{2}})$", text, re.M)
    assert entry, f"CHANGELOG.md has no '## [{v}] - YYYY-MM-DD' entry"
    assert entry.group(1) == str(_citation()["date-released"]), \
        "the changelog's date for this version differs from CITATION.cff's date-released"


def test_zenodo_metadata_matches_the_citation():
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    citation = _citation()
    assert zenodo["upload_type"] == "lesson"
    assert zenodo["title"] == citation["title"]
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in citation["authors"]]
    assert set(citation["keywords"]) <= set(zenodo["keywords"])
    assert zenodo["license"] and zenodo["description"]


# --- make release-check (tools/release_check.py) ---------------------------------------------

RELEASE_FILES = ["pyproject.toml", "CITATION.cff", ".zenodo.json", "CHANGELOG.md", "README.md",
                 "LICENSE", "LICENSE-CONTENT.md", "data/datapackage.json", "data/README.md"]


def _release_tool():
    spec = importlib.util.spec_from_file_location("csto_release_check",
                                                  ROOT / "tools" / "release_check.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


@pytest.fixture
def release_copy(tmp_path):
    """A copy of the files a release check reads, to break one at a time."""
    for name in RELEASE_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    """Replace every `old` in the file by `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}: the test no longer fits the file"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_release_check_passes_on_the_repository():
    assert _release_tool().problems() == []


def test_release_check_runs_as_a_command():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "release_check.py")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert f"version {_pyproject_version()} agrees everywhere" in result.stdout


@pytest.mark.parametrize("name", ["CITATION.cff", ".zenodo.json", "data/datapackage.json"])
def test_release_check_fails_when_a_file_has_another_version(release_copy, name):
    v = _pyproject_version()
    quoted = {"CITATION.cff": f"version: {v}"}.get(name, f'"version": "{v}"')
    _edit(release_copy / name, quoted, quoted.replace(v, "9.9.9"))
    found = _release_tool().problems(release_copy)
    assert any(p.startswith(f"{name}: version is") and "9.9.9" in p for p in found), found


def test_release_check_fails_when_the_version_is_bumped_without_a_changelog_entry(release_copy):
    v = _pyproject_version()
    for name, quoted in [("pyproject.toml", f'version = "{v}"'), ("CITATION.cff", f"version: {v}"),
                         (".zenodo.json", f'"version": "{v}"'),
                         ("data/datapackage.json", f'"version": "{v}"')]:
        _edit(release_copy / name, quoted, quoted.replace(v, "9.9.9"))
    found = _release_tool().problems(release_copy)
    assert any(p.startswith("CHANGELOG.md: the latest entry is") for p in found), found
    assert any(p.startswith("README.md: cites version") for p in found), found
    assert any("data/datapackage.json citation: cites version" in p for p in found), found


def test_release_check_fails_when_release_dates_differ(release_copy):
    date = str(_citation()["date-released"])
    _edit(release_copy / ".zenodo.json", f'"publication_date": "{date}"',
          '"publication_date": "1999-01-01"')
    found = _release_tool().problems(release_copy)
    assert any(p.startswith(".zenodo.json publication_date") for p in found), found


@pytest.mark.parametrize("name,old,new,expected", [
    (".zenodo.json", '"license": "CC-BY-4.0"', '"license": "MIT"', ".zenodo.json: license is"),
    ("CITATION.cff", "license: CC-BY-4.0", "license: MIT", "CITATION.cff: license is"),
    ("CITATION.cff", "under the MIT licence", "under a licence",
     "CITATION.cff: its text does not say that the code is MIT"),
    (".zenodo.json", "under CC BY 4.0", "under CC BY-SA 4.0",
     ".zenodo.json: its text does not say that the lessons and the data"),
    ("data/datapackage.json", '"name": "CC-BY-4.0"', '"name": "MIT"',
     "data/datapackage.json: licenses are"),
    ("pyproject.toml", 'license = "MIT"', 'license = "CC-BY-4.0"', "pyproject.toml: license"),
    ("LICENSE", "MIT License", "Some Licence", "LICENSE: is not the MIT"),
    ("LICENSE-CONTENT.md", "CC BY 4.0", "CC BY-SA 4.0", "LICENSE-CONTENT.md: does not name"),
])
def test_release_check_fails_when_a_licence_is_misdescribed(release_copy, name, old, new,
                                                            expected):
    _edit(release_copy / name, old, new)
    found = _release_tool().problems(release_copy)
    assert any(p.startswith(expected) for p in found), found


def test_the_data_package_can_be_cited_alone():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    citation = package["citation"]
    assert package["title"] in citation and f"version {package['version']}" in citation
    assert package["as_of"] in citation and "CC BY 4.0" in citation
    assert package["contributors"] and package["homepage"]


def test_release_check_fails_when_the_data_citation_is_missing(release_copy):
    path = release_copy / "data" / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    del package["citation"]
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")
    found = _release_tool().problems(release_copy)
    assert "data/datapackage.json: no 'citation' (how to cite the data set alone)" in found


def test_the_data_archive_holds_the_package_and_its_licence(release_copy):
    shutil.rmtree(release_copy / "data")
    shutil.copytree(ROOT / "data", release_copy / "data")
    archive = _release_tool().data_zip(release_copy)
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
    assert {"datapackage.json", "README.md", "LICENSE.md", "states.csv"} <= names
    assert archive.name == f"csto-data-{_pyproject_version()}.zip"


def test_make_test_runs_the_release_check():
    """`make test` (the README's one command, which CI runs) includes `make release-check`."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert re.search(r"\brelease-check\b", recipe), recipe
    target = re.search(r"^release-check:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "tools/release_check.py" in target
