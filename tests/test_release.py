"""One version number for a release: pyproject.toml's, which CITATION.cff, the data package, the
installed csto package, the website and the changelog must all give. .zenodo.json must agree
with CITATION.cff on who made it, so that the DOI's record names the same creators."""

from __future__ import annotations

import importlib.util
import json
import re
import tomllib
from pathlib import Path

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
    assert zenodo["upload_type"] == "software"
    assert zenodo["title"] == citation["title"]
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in citation["authors"]]
    assert set(citation["keywords"]) <= set(zenodo["keywords"])
    assert zenodo["license"] and zenodo["description"]
