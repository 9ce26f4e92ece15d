"""Run nbval in strict mode on every lesson notebook.

Strict (`--nbval`, not lax): every stored output is compared, through the sanitize file
tests/nbval_sanitize.cfg. Under CI (CI=true) the run happens inside a network namespace with
no network (`unshare -rn`), so a notebook that fetches anything at run time fails.

pytest's exit code 5 ("nothing collected") passes only while notebooks/ holds no lesson;
once lessons exist, collecting nothing is a failure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import offline

ROOT = Path(__file__).resolve().parent.parent


def lessons() -> list[Path]:
    return sorted(p for p in (ROOT / "notebooks").glob("*.ipynb"))


def main() -> int:
    notebooks = lessons()
    cmd = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "--nbval", "--nbval-current-env",
        "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"),
        *map(str, notebooks),
    ]
    cmd = offline.wrap(cmd, "run_nbval")
    if cmd is None:
        return 1
    if not notebooks:
        print("run_nbval: notebooks/ holds no lesson yet; nothing to check")
        return 0
    rc = subprocess.call(cmd, cwd=ROOT)
    if rc == 5:
        print("run_nbval: pytest collected nothing although lessons exist", file=sys.stderr)
        return 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
