"""Check that a release describes itself one way everywhere (`make release-check`).

    python tools/release_check.py             # every check; exit 1 with one line per problem
    python tools/release_check.py data-zip    # build/csto-data-VERSION.zip: the data set alone

One version number, pyproject.toml's, must be the one that CITATION.cff, .zenodo.json, the data
package, the changelog's latest entry and the citations in README.md and data/README.md give;
the release date must be the same in CITATION.cff, .zenodo.json and the changelog. The licences
must be described as they are: the code is MIT (LICENSE, pyproject.toml), the lesson text and
the data are CC BY 4.0 (LICENSE-CONTENT.md, the data package), and the records that archive the
whole collection (CITATION.cff, .zenodo.json) name both, each with what it covers. The data
package carries its own citation, so the data set can be cited (and archived) on its own.
CONTRIBUTING.md ("Cutting a release") says in which order to change these files.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CODE_LICENCE = "MIT"
CONTENT_LICENCE = "CC-BY-4.0"
CONTENT_NAME = "CC BY 4.0"
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
_ENTRY = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.M)


def _read(root: Path, name: str) -> str:
    return (root / name).read_text(encoding="utf-8")


def read_metadata(root: Path = ROOT) -> dict:
    """Every file a release check reads, parsed."""
    return {
        "pyproject": tomllib.loads(_read(root, "pyproject.toml")),
        "citation": yaml.safe_load(_read(root, "CITATION.cff")),
        "zenodo": json.loads(_read(root, ".zenodo.json")),
        "package": json.loads(_read(root, "data/datapackage.json")),
        "changelog": _read(root, "CHANGELOG.md"),
        "readme": _read(root, "README.md"),
        "data_readme": _read(root, "data/README.md"),
        "licence": _read(root, "LICENSE"),
        "content_licence": _read(root, "LICENSE-CONTENT.md"),
    }


def version_problems(meta: dict) -> list[str]:
    """Where the version or the release date differs from pyproject.toml's and the changelog's."""
    problems = []
    version = str(meta["pyproject"]["project"]["version"])
    if not _VERSION.match(version):
        problems.append(f"pyproject.toml: version {version!r} is not of the form 1.2.3")
    for name, value in (("CITATION.cff", meta["citation"].get("version")),
                        (".zenodo.json", meta["zenodo"].get("version")),
                        ("data/datapackage.json", meta["package"].get("version"))):
        if str(value) != version:
            problems.append(f"{name}: version is {value!r}, pyproject.toml says {version!r}")
    entries = _ENTRY.findall(meta["changelog"])
    if not entries:
        problems.append("CHANGELOG.md: no '## [X.Y.Z] - YYYY-MM-DD' entry")
        return problems
    latest, date = entries[0]
    if latest != version:
        problems.append(f"CHANGELOG.md: the latest entry is [{latest}], not [{version}]: "
                        "move the Unreleased notes under a new '## [VERSION] - DATE' heading")
    if "## [Unreleased]" not in meta["changelog"].split(f"## [{latest}]")[0]:
        problems.append("CHANGELOG.md: keep an empty '## [Unreleased]' heading above the "
                        "latest entry, for the next changes")
    for name, value in (("CITATION.cff date-released", meta["citation"].get("date-released")),
                        (".zenodo.json publication_date",
                         meta["zenodo"].get("publication_date"))):
        if str(value) != date:
            problems.append(f"{name} is {value!r}; CHANGELOG.md dates [{latest}] {date}")
    cites = {"README.md": meta["readme"], "data/README.md": meta["data_readme"],
             "data/datapackage.json citation": str(meta["package"].get("citation", ""))}
    for name, text in cites.items():
        for found in set(re.findall(r"version (\d+\.\d+\.\d+)", text)) - {version}:
            problems.append(f"{name}: cites version {found}, not {version}")
        if f"version {version}" not in text:
            problems.append(f"{name}: its citation does not say 'version {version}'")
    return problems


def licence_problems(meta: dict) -> list[str]:
    """Where a licence is missing or described wrongly: code MIT, lessons and data CC BY 4.0."""
    problems = []
    if not meta["licence"].startswith("MIT License"):
        problems.append("LICENSE: is not the MIT licence text (the code's licence)")
    if meta["pyproject"]["project"].get("license") != CODE_LICENCE:
        problems.append(f"pyproject.toml: license should be {CODE_LICENCE!r} (the csto code)")
    content = meta["content_licence"]
    for needed, what in ((CONTENT_NAME, "the lessons' and data's licence, CC BY 4.0"),
                         ("creativecommons.org/licenses/by/4.0", "the CC BY 4.0 address"),
                         ("MIT", "that the code is under MIT")):
        if needed not in content:
            problems.append(f"LICENSE-CONTENT.md: does not name {what}")
    licences = [lic.get("name") for lic in meta["package"].get("licenses", [])]
    if licences != [CONTENT_LICENCE]:
        problems.append(f"data/datapackage.json: licenses are {licences}, should be "
                        f"[{CONTENT_LICENCE!r}] (the data set is CC BY 4.0)")
    for name, licence, text in (
            ("CITATION.cff", meta["citation"].get("license"),
             str(meta["citation"].get("abstract", ""))),
            (".zenodo.json", meta["zenodo"].get("license"),
             f"{meta['zenodo'].get('description', '')} {meta['zenodo'].get('notes', '')}")):
        if licence != CONTENT_LICENCE:
            problems.append(f"{name}: license is {licence!r}; the record is of the lessons and "
                            f"data, so {CONTENT_LICENCE!r} (the code's MIT is named in the text)")
        if not re.search(r"[Cc]ode[^.;]*\bMIT\b", text):
            problems.append(f"{name}: its text does not say that the code is MIT-licensed")
        if not re.search(rf"lesson[^.;]*data[^.;]*{re.escape(CONTENT_NAME)}", text):
            problems.append(f"{name}: its text does not say that the lessons and the data are "
                            f"{CONTENT_NAME}")
    return problems


def data_citation_problems(meta: dict) -> list[str]:
    """The data package must be citable alone: its own version, citation and contributors."""
    package = meta["package"]
    problems = []
    citation = str(package.get("citation", ""))
    if not citation:
        problems.append("data/datapackage.json: no 'citation' (how to cite the data set alone)")
    else:
        for needed in (package.get("title", ""), f"version {package.get('version')}",
                       str(package.get("as_of")), CONTENT_NAME):
            if needed not in citation:
                problems.append(f"data/datapackage.json: its citation does not give {needed!r}")
    if not package.get("contributors"):
        problems.append("data/datapackage.json: no 'contributors' (who made the data set)")
    repository = meta["pyproject"]["project"]["urls"]["Repository"]
    if not str(package.get("homepage", "")).startswith(repository):
        problems.append(f"data/datapackage.json: 'homepage' should be in {repository}")
    return problems


def problems(root: Path = ROOT) -> list[str]:
    """Every disagreement found, one sentence each (an empty list: ready to release)."""
    meta = read_metadata(root)
    return version_problems(meta) + licence_problems(meta) + data_citation_problems(meta)


def data_zip(root: Path = ROOT) -> Path:
    """build/csto-data-VERSION.zip: data/ alone (its datapackage.json at the top), to deposit
    as the data set's own record."""
    version = json.loads(_read(root, "data/datapackage.json"))["version"]
    out = root / "build" / f"csto-data-{version}.zip"
    out.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((root / "data").rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, path.relative_to(root / "data").as_posix())
        archive.writestr("LICENSE.md", _read(root, "LICENSE-CONTENT.md"))
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["data-zip"]:
        print(f"release: wrote {data_zip().relative_to(ROOT)}")
        return 0
    found = problems()
    for line in found:
        print(f"release-check: {line}", file=sys.stderr)
    if found:
        print(f"release-check: {len(found)} problem(s); see 'Cutting a release' in "
              "CONTRIBUTING.md", file=sys.stderr)
        return 1
    meta = read_metadata()
    print(f"release-check: version {meta['pyproject']['project']['version']} agrees everywhere; "
          "licences named (code MIT, lessons and data CC BY 4.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
