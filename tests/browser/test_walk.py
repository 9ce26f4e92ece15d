"""What a walk through the lessons in JupyterLab hit, each checked where a learner meets it:
the day slider of lesson 04's stepper must have a track to drag at every window width, and
show its date whole; the server's terminal shows no start-up line that reads like an error.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from . import lab as jl
from .conftest import SCREENSHOTS, VENV_BIN
from .test_harness import write_notebook

pytestmark = pytest.mark.browser

#: Window widths to try: a projector at 1024, a laptop, a wide screen.
WIDTHS = (800, 1024, 1280, 1600)
#: A track narrower than this cannot be dragged day by day (11 days: about 15 px a day).
MIN_TRACK_PX = 160

_SLIDER_JS = """() => {
  const slider = document.querySelector(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .csto-kz-day');
  if (!slider) return null;
  const track = slider.querySelector('.noUi-target, .slider-container, input[type=range]');
  const readout = slider.querySelector('.widget-readout');
  const box = r => r ? r.getBoundingClientRect() : null;
  return {
    track: track ? box(track).width : 0,
    readout: readout ? readout.textContent.trim() : null,
    clipped: readout ? readout.scrollWidth > readout.clientWidth + 1 : false,
    cell: box(slider.closest('.jp-OutputArea-output')).width,
  };
}"""


def test_the_day_slider_has_a_track_at_every_width(session, lab):
    """kazakhstan_stepper()'s day slider: a track at least MIN_TRACK_PX wide and its date
    readout unclipped, at each window width; dragging the handle to the middle of the track
    picks a day in the middle (not the first or last)."""
    page = session.page
    rel = write_notebook(lab, "stepper.ipynb", [
        ("code", "from csto import kazakhstan_stepper\nkazakhstan_stepper()", []),
    ])
    facts = jl.NotebookFacts.read(lab.root_dir / rel)
    jl.open_notebook(page, lab, rel)
    jl.run_all(page, facts)
    page.wait_for_selector(f"{jl.NOTEBOOK} .csto-kz-day", timeout=60_000)
    seen = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(400)
        seen[width] = page.evaluate(_SLIDER_JS)
    narrow = {w: s for w, s in seen.items() if s["track"] < MIN_TRACK_PX}
    assert not narrow, f"the day slider's track is too narrow to drag (px by window width): {seen}"
    clipped = {w: s for w, s in seen.items() if s["clipped"]}
    assert not clipped, f"the slider's date is clipped: {clipped}"

    # drag the handle to the middle of the track: a day in the middle, not an end
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(400)
    track = page.locator(f"{jl.NOTEBOOK} .csto-kz-day .noUi-target").first
    handle = page.locator(f"{jl.NOTEBOOK} .csto-kz-day .noUi-handle").first
    box, grip = track.bounding_box(), handle.bounding_box()
    page.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    date = page.locator(f"{jl.NOTEBOOK} .csto-kz-date").first
    ok = False
    for _ in range(40):
        text = date.inner_text()
        if text.startswith("Day ") and not text.startswith(("Day 1 of", "Day 2 of")):
            ok = True
            break
        page.wait_for_timeout(250)
    day, _, total = text.removeprefix("Day ").partition(":")[0].partition(" of ")
    assert ok and 2 < int(day) < int(total), (
        f"dragging the handle to the middle of the track showed {text!r}")
    jl.screenshot(page, SCREENSHOTS / "stepper-slider.png")


#: Lines the server printed at every start or kernel start, which a newcomer reads as errors
#: (silenced by tools/jupyter_server_config.json and tools/ipython_kernel_config.py, which
#: `make env` installs into the environment: the test server reads them from there too).
NOISE = ("Kernel is running over TCP without encryption",
         "websocket_ping_timeout", "Skipped non-installed server")


def test_the_terminal_shows_no_warning_a_newcomer_reads_as_an_error(session, lab):
    """Open a lesson, let its kernel start and connect: the server's log has none of NOISE."""
    page = session.page
    rel = write_notebook(lab, "quiet.ipynb", [("code", "1 + 1", [])])
    jl.open_notebook(page, lab, rel)
    jl.run_all(page, jl.NotebookFacts.read(lab.root_dir / rel))
    page.wait_for_timeout(1_000)
    log = lab.log.read_text(errors="replace")
    assert "Kernel started" in log, lab.log_tail()
    found = [n for n in NOISE if n in log]
    assert not found, (f"the server's terminal shows {found} (`make env` installs the settings "
                       f"that leave them out into .venv/etc):\n{lab.log_tail()}")


@pytest.mark.parametrize("trusted", [False, True], ids=["untrusted", "trusted"])
def test_a_saved_explorer_says_to_run_its_cell(session, lab, tmp_path, trusted):
    """A notebook saved with an explorer (its widget state stored, as in the lessons), opened
    and not run. Trusted (the lessons under `make lab` and Binder), the explorer is drawn from
    its saved state with dead controls, and its first line says to run the cell; untrusted
    (pulled onto a hub), JupyterLab shows its text instead, which says the same."""
    import nbformat
    from csto.widgets import RUN_NOTE, RUN_TEXT
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from csto import kazakhstan_stepper\nkazakhstan_stepper()")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    NotebookClient(nb, kernel_name="python3", timeout=120, store_widget_state=True).execute()
    assert "widgets" in nb.metadata, "the run stored no widget state"
    source = tmp_path / f"saved-explorer-{trusted}.ipynb"
    nbformat.write(nb, source)
    rel = lab.copy_in(source)
    if trusted:  # as `make lab` does, into the test server's own signature database
        env = dict(os.environ, JUPYTER_DATA_DIR=str(lab.root_dir.parent / "data"))
        subprocess.run([str(VENV_BIN / "jupyter"), "trust", str(lab.root_dir / rel)], env=env,
                       check=True, capture_output=True)
    page = session.page
    jl.open_notebook(page, lab, rel)
    output = page.locator(f"{jl.NOTEBOOK} .jp-OutputArea").first
    want = " ".join((RUN_NOTE if trusted else RUN_TEXT).split())
    shown = ""
    for _ in range(120):  # a saved state is drawn once the widget manager has restored it
        shown = " ".join(output.inner_text().split())
        if want in shown:
            break
        page.wait_for_timeout(250)
    jl.screenshot(page, SCREENSHOTS / f"saved-explorer-{'trusted' if trusted else 'untrusted'}.png")
    assert want in shown, shown
    if trusted:
        assert "Day 1 of" in shown, f"the explorer is not drawn from its saved state: {shown}"


_REFLOW_JS = """() => {
  const root = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .csto-kz-stepper');
  if (!root) return null;
  const cut = el => el.scrollWidth > el.clientWidth + 1;
  const parts = [...root.querySelectorAll('.widget-readout, button, .csto-kz-date')];
  return {
    width: root.getBoundingClientRect().width,
    cut: parts.filter(cut).map(el => el.textContent.trim() || el.className),
    track: (root.querySelector('.csto-kz-day .noUi-target') || {getBoundingClientRect:
      () => ({width: 0})}).getBoundingClientRect().width,
  };
}"""


def test_the_stepper_reflows_at_400_percent_zoom(session, lab):
    """At 400 % zoom a 1280-pixel window is 320 CSS pixels wide (WCAG 1.4.10, reflow): the
    stepper's buttons keep their words, the slider's date and the day's heading are whole, and
    the slider still has a track."""
    page = session.page
    rel = write_notebook(lab, "stepper-zoom.ipynb", [
        ("code", "from csto import kazakhstan_stepper\nkazakhstan_stepper()", []),
    ])
    jl.open_notebook(page, lab, rel)
    jl.run_all(page, jl.NotebookFacts.read(lab.root_dir / rel))
    page.wait_for_selector(f"{jl.NOTEBOOK} .csto-kz-day", timeout=60_000)
    # at 400 % a reader closes JupyterLab's file browser (Ctrl+B), or it fills the window
    if page.locator("#jp-left-stack:not(.lm-mod-hidden)").count():
        page.click(f"{jl.NOTEBOOK} .jp-InputPrompt >> nth=0")
        page.keyboard.press("Escape")
        page.keyboard.press("Control+b")
    page.set_viewport_size({"width": 320, "height": 256})
    page.wait_for_timeout(600)
    seen = page.evaluate(_REFLOW_JS)
    jl.screenshot(page, SCREENSHOTS / "stepper-400-percent.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert seen and not seen["cut"], f"cut at 320 CSS pixels: {seen}"
    assert seen["track"] >= 60, f"no track to drag at 320 CSS pixels: {seen}"
