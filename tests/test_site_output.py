"""`make site` names one output folder: the lines of Jupyter Book and Sphinx that name their
own work folder (build/site-jb/_build/html) are left out of what tools/site.py prints."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import ROOT


def _site_tool():
    spec = importlib.util.spec_from_file_location("csto_site_tool", ROOT / "tools" / "site.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_the_site_build_names_one_output_folder():
    utils = pytest.importorskip("jupyter_book.utils")
    box = utils._message_box("""\
        Finished generating HTML for book.
        Your book's HTML pages are here:
            build/site-jb/_build/html/
        You can look at your book by opening this file in a browser:
            build/site-jb/_build/html/index.html
        Or paste this line directly into your browser bar:
            file:///work/build/site-jb/_build/html/index.html\
        """, doprint=False)
    before = ["Running Jupyter-Book v1.0.4\n", "Output Path: /work/build/site-jb/_build/html\n",
              "writing output... [100%] notebooks/04\n", "\x1b[01mbuild succeeded.\x1b[39;49;00m\n",
              "\n", "The HTML pages are in build/site-jb/_build/html.\n", "\n"]
    after = ["=====\n", "done\n"]  # a short rule that frames nothing stays
    lines = before + [line + "\n" for line in box.splitlines()] + after
    shown = "".join(_site_tool().without_output_box(lines))
    assert "site-jb" not in shown and "Finished generating" not in shown, shown
    assert [x for x in shown.splitlines() if x.strip()] == [
        x.strip("\n") for x in before + after if x.strip() and "site-jb" not in x]
