"""Run the browser stage: every lesson in JupyterLab, driven by a real Chromium.

    python tools/run_browser.py [extra pytest arguments]

Runs `pytest -m browser tests` (tests/browser/). Under CI (CI=true), or with CSTO_OFFLINE=1,
the whole run happens inside a new network namespace with only loopback (`unshare -rn`), so
JupyterLab, its kernels and Chromium talk over 127.0.0.1 and nothing else: a map that needs
the internet fails. Elsewhere the tests still abort and report any request that would leave
the machine.

pytest's exit code 5 ("nothing collected") passes only while notebooks/ holds no lesson.
Where Chromium is missing the tests skip with a message, except under CI, where they fail.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import offline

ROOT = Path(__file__).resolve().parent.parent


def lessons() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def main(argv: list[str]) -> int:
    cmd = [sys.executable, "-m", "pytest", "-q", "-m", "browser", "tests", *argv]
    cmd = offline.wrap(cmd, "run_browser")
    if cmd is None:
        return 1
    rc = subprocess.call(cmd, cwd=ROOT)
    if rc == 5:
        if lessons():
            print("run_browser: pytest collected no browser test although lessons exist",
                  file=sys.stderr)
            return 1
        print("run_browser: notebooks/ holds no lesson yet; nothing to check")
        return 0
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
