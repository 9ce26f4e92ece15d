"""What the site tests share (a module of its own, beside the fixtures)."""

from __future__ import annotations

import importlib.util
import os
import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CI = os.environ.get("CI") == "true"
SITE = ROOT / "build" / "site"
AXE = ROOT / "build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
REPORT = ROOT / "build" / "site-report.json"

#: Hosts of map tiles: the only other hosts a page may ask for (the maps draw without them).
TILE_HOSTS = re.compile(r"(^|\.)(tile\.openstreetmap\.org|basemaps\.cartocdn\.com|"
                        r"arcgisonline\.com|stadiamaps\.com|opentopomap\.org)$")


def _load_site_tool():
    """tools/site.py as a module (its name clashes with the standard library's `site`)."""
    spec = importlib.util.spec_from_file_location("csto_site_tool", ROOT / "tools" / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site_tool = _load_site_tool()


def pages() -> list[str]:
    """Every HTML page of the built site (relative paths), or [] before a build."""
    if not SITE.is_dir():
        return []
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
                  if not p.relative_to(SITE).parts[0].startswith("_"))


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)


def hrefs(html: str) -> list[str]:
    """Every link target (<a href>) of a page, in order."""
    parser = _Hrefs()
    parser.feed(html)
    return parser.hrefs
