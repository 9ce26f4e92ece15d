"""Execute every lesson notebook in place (Restart & Run All), so that the stored outputs
come from a real run and not from hand edits.

    python tools/execute_notebooks.py [notebooks/01-origins.ipynb ...]

First the answer keys of every lesson are computed (tools/answer_key.py), since the lessons'
check() cells judge against them. Cells tagged `raises-exception` may raise; any other error
stops the run.
"""

from __future__ import annotations

import sys
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
    client.execute()
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
