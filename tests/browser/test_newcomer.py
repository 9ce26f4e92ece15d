"""The first hour, as a newcomer lives it in JupyterLab: links from the README open, a lesson
opened fresh shows its maps without trusting it by hand, and the slips beginners make in an
exercise cell (a word without quotes, no answer) get a sentence saying what to type."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from . import lab as jl
from .conftest import ROOT

pytestmark = pytest.mark.browser


def readme_targets() -> list[str]:
    """The repository paths the README links to (not web addresses, not anchors)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"\]\(((?!https?:|#|mailto:)[^)\s#]+)", text)
    return sorted({t.rstrip("/") for t in found
                   if t.split("/")[0] in ("data", "teachers", "notebooks", "README.md")})


def test_readme_links_open_inside_jupyterlab(session, lab):
    """Every README link into data/, teachers/ and notebooks/ opens in JupyterLab (make lab
    serves the repository root, not only notebooks/)."""
    page = session.page
    targets = readme_targets()
    assert targets, "the README links to nothing in the repository"
    for target in targets:
        listed = page.request.get(f"{lab.base}/api/contents/{target}?content=0",
                                  headers={"Authorization": f"token {lab.token}"})
        assert listed.ok, f"README links to {target}, which JupyterLab does not serve"
    page.goto(lab.url("lab/tree/data/README.md"))
    page.wait_for_selector(".jp-FileEditor, .jp-RenderedMarkdown", timeout=60_000)
    assert not page.locator(".jp-Dialog:has-text('Error')").count()


def test_a_lesson_opened_fresh_shows_its_saved_maps(session, lab):
    """Opened, not run: the saved maps draw at once (the lessons are marked trusted)."""
    path = next(p for p in sorted((lab.root_dir / "notebooks").glob("[0-9][0-9]-*.ipynb"))
                if jl.NotebookFacts.read(p).saved_map_outputs())
    facts = jl.NotebookFacts.read(path)
    jl.open_notebook(session.page, lab, f"notebooks/{path.name}")
    view = jl.fresh_view(session.page)
    # (untrusted, as before `make lab` ran `jupyter trust`, none of them would draw)
    assert view["maps_drawn"] == facts.saved_map_outputs() > 0, view


def test_a_word_without_quotes_and_a_missing_answer_get_a_sentence(session, lab, tmp_path):
    """A learner types `answer = Chisinau` and `check(...)` with no answer: each cell says
    what to type instead, in one line, not a traceback."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from csto import check"),
        nbformat.v4.new_code_cell('check("01-charter-city")'),
        nbformat.v4.new_code_cell("answer = Chisinau"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    source = tmp_path / "newcomer.ipynb"
    nbformat.write(nb, source)
    page = session.page
    jl.open_notebook(page, lab, lab.copy_in(source))
    jl.run_all(page, jl.NotebookFacts.read(source))
    outputs = page.evaluate("""() => [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell')]
        .map(c => c.querySelector('.jp-OutputArea') ?
                  c.querySelector('.jp-OutputArea').innerText : '')""")
    assert "Give your answer after the id" in outputs[1], json.dumps(outputs)
    assert 'put it in quotes: answer = "Chisinau"' in outputs[2], json.dumps(outputs)
    assert "Traceback" not in outputs[2] and "Cell In[" not in outputs[2], outputs[2]
