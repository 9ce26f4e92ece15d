"""Execute every lesson notebook in place (Restart & Run All), so that the stored outputs
come from a real run and not from hand edits.

    python tools/execute_notebooks.py [notebooks/01-origins.ipynb ...]

First the answer keys of every lesson are computed (tools/answer_key.py), since the lessons'
check() cells judge against them. Cells tagged `raises-exception` may raise; any other error
stops the run. Each lesson runs with its own empty folders for the answers `check` keeps and
the pages `hand_in` writes (CSTO_PROGRESS_DIR, CSTO_HAND_IN_DIR): never the home folder, so
outputs are reproducible. Widget model ids (random in every run) are renamed in a fixed order,
so that a lesson that did not change is written byte for byte as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"
_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")


def stable_widget_ids(nb: dict[str, Any], name: str) -> dict[str, Any]:
    """The notebook with each widget model id replaced by one that depends only on the lesson's
    name and the model's place: displayed models in the order shown, then the models they
    refer to (breadth first), then the rest by their content."""
    state = nb.get("metadata", {}).get("widgets", {}).get(STATE, {}).get("state", {})
    queue = [o["data"][VIEW]["model_id"] for c in nb["cells"] for o in c.get("outputs", [])
             if VIEW in o.get("data", {})]
    order: list[str] = []
    while queue:
        model = queue.pop(0)
        if model not in order:
            order.append(model)
            queue += _REF.findall(json.dumps(state.get(model, {}), sort_keys=True))
    order += sorted((m for m in state if m not in order), key=lambda m: _REF.sub(
        "", json.dumps(state[m], sort_keys=True)))
    text = json.dumps(nb)
    for n, model in enumerate(order):
        text = text.replace(model, f"@@{n}@@")  # two steps: a new id never meets an old one
    for n in range(len(order)):
        text = text.replace(f"@@{n}@@", hashlib.sha256(f"{name}:{n}".encode()).hexdigest()[:32])
    return json.loads(text)


def coalesce_streams(nb: Any) -> None:
    """Join each cell's consecutive outputs to the same stream (two print() calls may arrive
    as one output or as two, by the kernel's timing), so a re-run writes the same file."""
    for cell in nb.cells:
        joined: list[Any] = []
        for out in cell.get("outputs", []):
            last = joined[-1] if joined else None
            if (last is not None and out.get("output_type") == "stream"
                    and last.get("output_type") == "stream" and last["name"] == out["name"]):
                last["text"] = "".join(last["text"]) + "".join(out["text"])
            else:
                joined.append(out)
        if "outputs" in cell:
            cell["outputs"] = joined


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    with tempfile.TemporaryDirectory(prefix="csto-execute-") as work:
        os.environ["CSTO_PROGRESS_DIR"] = os.path.join(work, "progress")
        os.environ["CSTO_HAND_IN_DIR"] = os.path.join(work, "hand-ins")
        client.execute()
    coalesce_streams(nb)
    nb = nbformat.from_dict(stable_widget_ids(nb, path.stem))
    nbformat.write(nb, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    import answer_key  # tools/answer_key.py, beside this file

    if answer_key.main([]):
        return 1  # its sentences say which declaration, solution or trap to fix
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
