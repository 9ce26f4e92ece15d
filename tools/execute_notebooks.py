"""Execute every lesson notebook in place (Restart & Run All), so that the stored outputs
come from a real run and not from hand edits.

    python tools/execute_notebooks.py [notebooks/01-origins.ipynb ...]

Cells tagged `raises-exception` may raise; any other error stops the run. Each lesson runs
with its own empty folders for the answers `check` keeps and the pages `hand_in` writes
(CSTO_PROGRESS_DIR, CSTO_HAND_IN_DIR): never the home folder, so outputs are reproducible.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


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
    nbformat.write(nb, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
