"""Build the Binder badge and the classroom (nbgitpuller) links from the one place the
repository's public address is kept: `[project.urls] Repository` in pyproject.toml.

    python tools/links.py                      # print the README badge line and the Binder URL
    python tools/links.py classroom HUB_URL    # print the nbgitpuller link for a JupyterHub
    python tools/links.py check README.md      # exit 1 if the README's links do not match

Only the standard library is used.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parent.parent
START = "notebooks/00-start-here.ipynb"
BRANCH = "main"


def repository_url(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The repository's public address, as kept in pyproject.toml."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return data["project"]["urls"]["Repository"].rstrip("/")


def _owner_repo(url: str) -> tuple[str, str]:
    parts = urlparse(url).path.strip("/").split("/")
    if urlparse(url).netloc != "github.com" or len(parts) != 2:
        raise SystemExit(f"Repository URL {url!r} is not of the form https://github.com/OWNER/REPO")
    return parts[0], parts[1]


def binder_url(url: str | None = None) -> str:
    """mybinder.org link that opens JupyterLab at the start page."""
    owner, repo = _owner_repo(url or repository_url())
    return f"https://mybinder.org/v2/gh/{owner}/{repo}/{BRANCH}?urlpath=lab/tree/{START}"


def badge(url: str | None = None) -> str:
    """The Markdown badge line for the README."""
    return f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url(url)})"


def classroom_url(hub: str, url: str | None = None, notebook: str = START) -> str:
    """nbgitpuller link: clones (first click) or updates (later clicks) the lessons into the
    student's home on the hub, then opens `notebook` (the start page unless given) in
    JupyterLab."""
    parsed = urlparse(hub)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SystemExit(f"Hub URL {hub!r} must start with https:// (for example https://hub.example.edu)")
    repo_url = url or repository_url()
    _, repo = _owner_repo(repo_url)
    target = f"lab/tree/{repo}/{notebook}"
    return (
        f"{hub.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(repo_url, safe='')}"
        f"&branch={BRANCH}&urlpath={quote(target, safe='')}"
    )


def check_readme(readme: Path) -> list[str]:
    """Problems with the README's links (empty when they match pyproject.toml)."""
    text = readme.read_text(encoding="utf-8")
    problems = []
    if badge() not in text:
        problems.append(f"{readme} does not contain the badge line: {badge()}")
    if not (ROOT / START).exists():
        problems.append(f"the badge opens {START}, which does not exist")
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print(badge())
        print(binder_url())
        return 0
    if argv[0] == "classroom" and len(argv) == 2:
        print(classroom_url(argv[1]))
        return 0
    if argv[0] == "check" and len(argv) == 2:
        problems = check_readme(Path(argv[1]))
        for p in problems:
            print(p)
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
