"""tools/execute_notebooks.py: widget model ids are renamed in a fixed order, so re-executing
a lesson that did not change writes the same bytes (issue 22, item 5)."""

from __future__ import annotations

import copy
import json
import uuid

from execute_notebooks import STATE, VIEW, stable_widget_ids


def _run() -> dict:
    """A notebook as one run of a lesson with an explorer leaves it: fresh random ids."""
    box, slider, layout, style = (uuid.uuid4().hex for _ in range(4))
    state = {box: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{slider}"],
                                                         "layout": f"IPY_MODEL_{layout}"}},
             slider: {"model_name": "IntSliderModel", "state": {"style": f"IPY_MODEL_{style}",
                                                                "layout": f"IPY_MODEL_{layout}"}},
             layout: {"model_name": "LayoutModel", "state": {}},
             style: {"model_name": "SliderStyleModel", "state": {}}}
    shuffled = dict(sorted(state.items()))  # the order a run stores them in varies
    output = {"output_type": "display_data", "data": {VIEW: {"model_id": box}}}
    return {"cells": [{"cell_type": "code", "outputs": [output]}],
            "metadata": {"widgets": {STATE: {"state": shuffled}}}}


def test_two_runs_of_an_unchanged_lesson_store_the_same_ids():
    first, second = stable_widget_ids(_run(), "02-x"), stable_widget_ids(_run(), "02-x")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    state = first["metadata"]["widgets"][STATE]["state"]
    shown = first["cells"][0]["outputs"][0]["data"][VIEW]["model_id"]
    refs = json.dumps(state).count("IPY_MODEL_")
    assert shown in state and refs == 4 and all(
        ref[10:] in state for ref in json.dumps(state).split('"') if ref.startswith("IPY_MODEL_"))
    assert stable_widget_ids(_run(), "03-y") != first  # another lesson, other ids


def test_a_notebook_without_widgets_is_unchanged():
    nb = {"cells": [{"cell_type": "code", "outputs": [{"output_type": "stream", "text": "a1"}]}],
          "metadata": {"kernelspec": {"name": "python3"}}}
    assert stable_widget_ids(copy.deepcopy(nb), "01-origins") == nb


def test_two_prints_are_stored_as_one_output_however_the_kernel_sent_them():
    """Two print() calls arrive as one stream output or as two, by the kernel's timing: a
    re-run must write the same file either way (lesson 05 did not)."""
    import nbformat
    from execute_notebooks import coalesce_streams

    def cell(*texts: str) -> nbformat.NotebookNode:
        return nbformat.v4.new_code_cell(outputs=[
            nbformat.v4.new_output("stream", name="stdout", text=t) for t in texts])

    split, whole = nbformat.v4.new_notebook(cells=[cell("a\n", "b\n")]), \
        nbformat.v4.new_notebook(cells=[cell("a\nb\n")])
    coalesce_streams(split)
    coalesce_streams(whole)
    assert split.cells[0].outputs == whole.cells[0].outputs and len(split.cells[0].outputs) == 1
    mixed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="a"),
        nbformat.v4.new_output("stream", name="stderr", text="w"),
        nbformat.v4.new_output("stream", name="stdout", text="b")])])
    coalesce_streams(mixed)
    assert len(mixed.cells[0].outputs) == 3  # only neighbours of one stream are joined
