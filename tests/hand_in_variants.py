"""Make a class of hand-ins from one real one: the same page with other names and answers, and
damaged copies of the kinds a teacher meets (used by test_class_page.py and the browser test)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from csto.handin import page, read_page

#: Ways to damage a hand-in file, each of which the class page must name and step over.
DAMAGES = ("truncated", "bad-json", "newer-version", "bad-field", "no-data", "no-name",
           "not-text")


def variant(data: dict[str, Any], i: int, option: str | None = None,
            right_first: bool | None = None) -> dict[str, Any]:
    """A copy of a hand-in's data as if student ``i`` had written it; for the multiple-choice
    exercises, first ``option`` chosen (and right at first try or not)."""
    out = copy.deepcopy(data)
    out["name"] = f"Student {i:03d}"
    out["written"] = f"2026-12-07T10:{i // 60 % 60:02d}:{i % 60:02d}Z"
    for e in out["exercises"]:
        if e["kind"] == "choice" and option is not None:
            e["first_option"] = option
            e["options"] = [option] if right_first else [option, *[
                o for o in e["options"] if o != option]]
            e["first_verdict"] = "right" if right_first else "wrong"
        if e["kind"] == "written" and e.get("written"):
            e["written"] = f"{e['written']} (student {i})"
    return out


def write(data: dict[str, Any], folder: Path, stem: str) -> Path:
    path = folder / f"{stem}.html"
    path.write_text(page(data), encoding="utf-8")
    return path


def damage(path: Path, how: str) -> None:
    """Damage a hand-in file in one of the ways of ``DAMAGES``."""
    text = path.read_text(encoding="utf-8")
    if how == "truncated":  # a download cut short, inside the data
        path.write_text(text[: text.index('"exercises"') + 40], encoding="utf-8")
        return
    if how == "bad-json":  # a hand edit that broke the JSON
        path.write_text(text.replace('"tries":', '"tries" 2,', 1), encoding="utf-8")
        return
    if how == "not-text":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
        return
    if how == "no-data":
        path.write_text("<html><body><p>My answers: b, 7, 1992.</p></body></html>",
                        encoding="utf-8")
        return
    data = read_page(text)
    if how == "newer-version":
        data["version"] = 99
    elif how == "bad-field":
        data["exercises"][0]["tries"] = "three"
    elif how == "no-name":
        data["name"] = ""
    else:
        raise ValueError(how)
    path.write_text(page(data), encoding="utf-8")


def read(path: Path) -> dict[str, Any]:
    return read_page(path.read_text(encoding="utf-8"))


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
