"""Run the browser stage: every lesson in JupyterLab, driven by a real Chromium.

    python tools/run_browser.py [extra pytest arguments]

Runs `pytest -m browser tests` (tests/browser/), after fetching axe-core for its accessibility
audit (`tools/site.py assets`, from npm, before the network is cut). Under CI (CI=true), or
with CSTO_OFFLINE=1, the whole run happens inside a new network namespace with only loopback
(`unshare -rn`), so JupyterLab, its kernels and Chromium talk over 127.0.0.1 and nothing else:
a map that needs the internet fails. Elsewhere the tests still abort and report any request
that would leave the machine.

pytest's exit code 5 ("nothing collected") passes only while notebooks/ holds no lesson.
Where Chromium is missing the stage is skipped with a message saying how to enable it, except
under CI (CI=true), where it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import offline

ROOT = Path(__file__).resolve().parent.parent


def lessons() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def chromium() -> str | None:
    """Chromium as the browser tests find it (CSTO_CHROMIUM, Debian's, or on PATH)."""
    named = os.environ.get("CSTO_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def main(argv: list[str]) -> int:
    if chromium() is None and os.environ.get("CI") != "true":
        print("run_browser: browser stage SKIPPED: no Chromium found. To run it, install "
              "Debian's chromium package (apt-get install chromium) or set "
              "CSTO_CHROMIUM=/path/to/chromium, then run `make browser` or `make test` again.")
        return 0
    # axe-core for the accessibility audit, fetched from npm now: the stage itself may run
    # with no network (tests/browser/test_accessibility.py)
    assets = subprocess.call([sys.executable, str(ROOT / "tools" / "site.py"), "assets"],
                             cwd=ROOT)
    if assets != 0:
        print("run_browser: could not fetch axe-core (tools/site.py assets); the accessibility "
              "audit will be skipped, or fail under CI", file=sys.stderr)
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
