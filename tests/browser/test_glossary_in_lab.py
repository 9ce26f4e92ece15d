"""A learner follows a lesson's link to the glossary in JupyterLab: the glossary opens as a
rendered page at the term (issue 23: "readable in JupyterLab")."""

from __future__ import annotations

import shutil

import pytest

from . import lab as jl
from .conftest import ROOT

pytestmark = pytest.mark.browser


def test_a_glossary_link_opens_the_term_rendered(session, lab):
    page = session.page
    shutil.copyfile(ROOT / "glossary.md", lab.root_dir / "glossary.md")
    jl.open_notebook(page, lab, "notebooks/02-member-exits.ipynb")
    # JupyterLab rewrites ../glossary.md#lapse to the server's address of the file
    link = page.locator(f"{jl.NOTEBOOK} .jp-MarkdownOutput "
                        "a[href*='glossary.md'][href$='#lapse']")
    link.first.scroll_into_view_if_needed()
    link.first.click()
    viewer = page.locator(".jp-MarkdownViewer:not(.lm-mod-hidden)")
    viewer.wait_for(timeout=20_000)
    heading = viewer.locator("h3", has_text="lapse").first
    heading.wait_for(timeout=10_000)
    page.wait_for_timeout(1_000)
    box, pane = heading.bounding_box(), viewer.bounding_box()
    assert box and pane and pane["y"] <= box["y"] < pane["y"] + pane["height"], (
        f"the glossary opened, but not at the term: heading at {box}, viewer {pane}")
