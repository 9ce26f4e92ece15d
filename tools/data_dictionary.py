"""Regenerate the column tables of data/README.md's data dictionary from data/schemas/*.json.

    python tools/data_dictionary.py          # rewrite data/README.md in place
    python tools/data_dictionary.py --check  # exit 1 if the README is out of date

Each `### name (`name.csv`)` section keeps its own introduction; only its column table is
written from the schema, so the dictionary cannot drift from the schemas. Standard library only.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "data" / "README.md"
HEADER = "| column | type | required | meaning |\n|---|---|---|---|\n"


def column_table(schema: dict) -> str:
    rows = []
    for field in schema["fields"]:
        cons = field.get("constraints", {})
        meaning = field.get("description", "")
        if "enum" in cons:
            meaning += " Allowed: " + "; ".join(f"`{v}`" for v in cons["enum"]) + "."
        required = "yes" if cons.get("required") else ""
        rows.append(f"| `{field['name']}` | {field.get('type', 'string')} | {required} | "
                    f"{meaning} |\n")
    return HEADER + "".join(rows)


def render(text: str) -> str:
    """The README with each table section's column table rebuilt from its schema."""
    parts = re.split(r"(?m)^(?=### )", text)
    out = []
    for part in parts:
        head = re.match(r"### (\w+) \(`\w+\.csv`\)\n", part)
        if head and HEADER in part:
            schema = json.loads((ROOT / "data" / "schemas" / f"{head.group(1)}.json").read_text())
            before, after = part.split(HEADER, 1)
            rest = re.sub(r"\A(?:\|.*\|\n)*", "", after)
            part = before + column_table(schema) + rest
        out.append(part)
    return "".join(out)


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in argv:
        if new != text:
            print("data/README.md is out of date: run python tools/data_dictionary.py")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
