"""The classroom guide (teachers/classroom.md) and the nbgitpuller link it tells teachers to
print agree with each other and with the repository address in pyproject.toml."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "teachers" / "classroom.md"
HUB = "https://hub.example.edu"
COMMAND = f"python3 tools/links.py classroom {HUB}"


def repository() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["urls"]["Repository"].rstrip("/")


def printed_link(hub: str = HUB) -> str:
    """What `tools/links.py classroom HUB` prints, run as a teacher runs it."""
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "links.py"), "classroom", hub],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1, out.stdout
    return lines[0]


@pytest.mark.parametrize("hub", [HUB, HUB + "/"])
def test_printed_link_has_the_nbgitpuller_format(hub):
    url = urlparse(printed_link(hub))
    assert (url.scheme, url.netloc, url.path) == ("https", "hub.example.edu",
                                                 "/hub/user-redirect/git-pull")
    query = parse_qs(url.query, strict_parsing=True)
    assert set(query) == {"repo", "branch", "urlpath"}
    assert query["repo"] == [repository()]
    assert query["branch"] == ["main"]
    name = repository().rsplit("/", 1)[1]  # nbgitpuller clones into a folder of this name
    assert query["urlpath"] == [f"lab/tree/{name}/notebooks/00-start-here.ipynb"]
    assert (ROOT / "notebooks" / "00-start-here.ipynb").is_file()


def test_printed_link_is_fully_encoded():
    """repo and urlpath are percent-encoded, so the hub reads them as single values."""
    link = printed_link()
    query = link.split("?", 1)[1]
    assert "/" not in query and ":" not in query
    assert query.count("&") == 2


def test_guide_shows_the_command_and_the_link_it_prints():
    text = GUIDE.read_text(encoding="utf-8")
    assert COMMAND in text
    assert printed_link() in text, "the example link in the guide is stale: paste the new one"


def test_guide_paths_follow_the_repository_name():
    """The folder nbgitpuller makes is named after the repository; the guide's PYTHONPATH and
    paths must say the same name."""
    text = GUIDE.read_text(encoding="utf-8")
    name = repository().rsplit("/", 1)[1]
    assert f"PYTHONPATH: /home/jovyan/{name}/lib" in text
    assert f"pip install --user --no-deps -e ~/{name}" in text
    assert repository() in text  # the repo2docker command builds from the real address


def test_guide_explains_what_happens_to_students_edits():
    text = GUIDE.read_text(encoding="utf-8").lower()
    for phrase in ["student's version wins", "the file comes back", "backup and resync",
                   "rename", "binder", "checklist"]:
        assert phrase in text, phrase


def test_guide_links_point_at_files_that_exist():
    text = GUIDE.read_text(encoding="utf-8")
    targets = re.findall(r"\]\((?!https?://|#)([^)#]+)", text)
    assert targets
    missing = [t for t in targets if not (GUIDE.parent / t).exists()]
    assert not missing, missing


def test_guide_uses_the_pinned_versions():
    """The versions the guide names are the ones environment.yml pins."""
    pins = dict(re.findall(r"^\s*-\s+([A-Za-z0-9_.\-]+)==(\S+)",
                           (ROOT / "environment.yml").read_text(encoding="utf-8"), re.M))
    text = GUIDE.read_text(encoding="utf-8")
    for name, label in [("jupyterlab", "JupyterLab"), ("ipywidgets", "ipywidgets"),
                        ("jupyterlab_widgets", "jupyterlab_widgets"), ("pandas", "pandas"),
                        ("folium", "folium")]:
        assert f"{label} {pins[name]}" in text, (name, pins[name])


def test_memory_figures_for_teachers_are_the_measured_ones():
    """The kernel memory the classroom pages quote is the range benchmarks/README.md reports
    from the last `make bench` (re-measure and update both together)."""
    bench = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    measured = re.search(r"kernel peak RSS, lessons [^|]*\| (\d+)–(\d+) MB", bench).groups()
    for page in ("classroom.md", "troubleshooting.md"):
        text = (ROOT / "teachers" / page).read_text(encoding="utf-8")
        assert re.findall(r"(\d+)–(\d+) MB", text) == [measured] * len(
            re.findall(r"(\d+)–(\d+) MB", text)) and measured in re.findall(
            r"(\d+)–(\d+) MB", text), page
