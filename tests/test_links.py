"""The README's Binder badge and the classroom links come from the one repository address."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import links
import pytest
from conftest import ROOT


def test_readme_badge_matches_pyproject():
    assert links.check_readme(ROOT / "README.md") == []


def test_badge_opens_the_start_page_and_it_exists():
    url = urlparse(links.binder_url())
    assert url.netloc == "mybinder.org"
    target = parse_qs(url.query)["urlpath"][0]
    assert target == "lab/tree/notebooks/00-start-here.ipynb"
    assert (ROOT / target.removeprefix("lab/tree/")).is_file()


def test_classroom_link_format():
    link = links.classroom_url("https://hub.example.edu/", "https://github.com/org/lessons")
    url = urlparse(link)
    assert (url.scheme, url.netloc, url.path) == ("https", "hub.example.edu",
                                                 "/hub/user-redirect/git-pull")
    q = parse_qs(url.query)
    assert q["repo"] == ["https://github.com/org/lessons"]
    assert q["branch"] == ["main"]
    assert q["urlpath"] == ["lab/tree/lessons/notebooks/00-start-here.ipynb"]


def test_classroom_link_rejects_a_bare_host():
    with pytest.raises(SystemExit, match="must start with https://"):
        links.classroom_url("hub.example.edu")


def test_check_fails_when_the_readme_badge_is_stale(tmp_path):
    stale = tmp_path / "README.md"
    stale.write_text("[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/old/repo/main)")
    assert links.check_readme(stale)


def test_citation_cff_uses_the_same_repository_address():
    text = (ROOT / "CITATION.cff").read_text()
    assert f'repository-code: "{links.repository_url()}"' in text
