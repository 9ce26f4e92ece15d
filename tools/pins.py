"""Derive pip requirements from environment.yml, the one place the lessons' pins live.

Usage: python tools/pins.py [environment.yml] > build/requirements.txt

Only the standard library is used, so this runs before any virtual environment exists.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PIN = re.compile(r"^\s*-\s+([A-Za-z0-9_.\-]+)==([^\s#]+)\s*(?:#.*)?$")


def normalise(name: str) -> str:
    """A package name as pip compares them: lower case, runs of -_. as one dash."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: str | Path = "environment.yml") -> dict[str, str]:
    """Return {package: version} for every `name==version` line in the pip section."""
    return read_pins_from_text(Path(path).read_text(encoding="utf-8"), str(path))


def read_pins_from_text(text: str, path: str = "environment.yml") -> dict[str, str]:
    """Like read_pins, for the text of an environment file."""
    pins: dict[str, str] = {}
    in_pip = False
    for line in text.splitlines():
        if re.match(r"^\s*-\s+pip:\s*$", line):
            in_pip = True
            continue
        if in_pip and line.strip() and not line.startswith((" ", "\t", "-", "#")):
            in_pip = False  # a new top-level key (for example "variables:") ends the list
        if in_pip:
            m = PIN.match(line)
            if m:
                pins[m.group(1)] = m.group(2)
            elif line.strip() and not line.strip().startswith("#"):
                raise SystemExit(
                    f"{path}: pip entries must be exact pins 'name==version', got {line.strip()!r}"
                )
    if not pins:
        raise SystemExit(f"{path}: found no 'name==version' pins under '- pip:'")
    return pins


if __name__ == "__main__":
    for name, version in read_pins(sys.argv[1] if len(sys.argv) > 1 else "environment.yml").items():
        print(f"{name}=={version}")
