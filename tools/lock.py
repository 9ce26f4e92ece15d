"""Pin everything the lessons' packages pull in, in environment.yml itself.

environment.yml lists the packages the lessons need (above the LOCK_MARKER line). This script
installs exactly those into a throwaway virtual environment, lists what pip installed, and
rewrites the part of environment.yml below the marker with every package pinned, so that
Binder, `make lab`, `make test` and CI all get the same versions (a new IPython or
jupyter_server release can change what a stored notebook output looks like).

    python3 tools/lock.py      # after changing a pin above the marker

Only the standard library is used.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = ROOT / "environment.yml"
LOCK_MARKER = "# --- locked below:"


def top_level_lines(text: str) -> list[str]:
    """environment.yml up to and without the marker line."""
    lines = text.splitlines()
    end = next((i for i, line in enumerate(lines) if line.strip().startswith(LOCK_MARKER)),
               len(lines))
    return lines[:end]


def main() -> int:
    sys.path.insert(0, str(ROOT / "tools"))
    import pins

    text = ENV.read_text(encoding="utf-8")
    head = top_level_lines(text)
    wanted = pins.read_pins_from_text("\n".join(head))
    with tempfile.TemporaryDirectory() as tmp:
        py = Path(tmp) / "venv" / "bin" / "python"
        subprocess.run([sys.executable, "-m", "venv", str(Path(tmp) / "venv")], check=True)
        reqs = Path(tmp) / "requirements.txt"
        reqs.write_text("".join(f"{n}=={v}\n" for n, v in wanted.items()))
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(reqs)], check=True)
        frozen = subprocess.run([str(py), "-m", "pip", "freeze", "--all",
                                 "--exclude", "pip", "--exclude", "setuptools"],
                                check=True, capture_output=True, text=True).stdout
    top = {pins.normalise(n) for n in wanted}
    locked = sorted((line for line in frozen.splitlines()
                     if "==" in line and pins.normalise(line.split("==")[0]) not in top),
                    key=str.lower)
    body = [f"      {LOCK_MARKER} what the pins above pull in (tools/lock.py writes this) ---"]
    body += [f"      - {line}" for line in locked]
    ENV.write_text("\n".join(head + body) + "\n", encoding="utf-8")
    print(f"environment.yml: {len(wanted)} pins, {len(locked)} locked dependencies")
    return 0


if __name__ == "__main__":
    sys.exit(main())
