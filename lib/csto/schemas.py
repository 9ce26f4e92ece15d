"""Checking a table's schema before its rows: the forms of Table Schema the data package uses,
each written one way for the loader, and a sentence naming the file and field for any other.

Table Schema allows a primary key or a foreign key's ``fields`` as one name or a list, and a
numeric ``minimum``/``maximum`` as a number or as text holding one; the loader reads them all
as lists and numbers. A field without a name, ``constraints`` or ``enum`` that are not of their
kind, or a ``pattern`` that is not a regular expression are refused.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import DataFileError
from .text import shown

#: Constraint keys the loader checks and the JSON form of each.
_KINDS = {"required": bool, "unique": bool, "enum": list, "pattern": str,
          "minimum": (int, float, str), "maximum": (int, float, str)}
_SAID = {bool: "true or false", list: "a list [...]", str: "text in quotes",
         (int, float, str): "a number"}


def _names(where: str, value: Any, fields: list[str], what: str) -> list[str]:
    """One field name or a list of them, as a list of names the table has."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise DataFileError(f"{where}: {what} is {shown(value)}; give a field name or a list of "
                            "field names.")
    for name in names:
        if name not in fields:
            raise DataFileError(f"{where}: {what} names {name!r}, which is not a field of the "
                                f"table (fields: {', '.join(fields)}).")
    return names


def _number(where: str, value: Any) -> float:
    try:
        number = float(value) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or number != number:  # text that is no number, or NaN
        raise DataFileError(f"{where} is {shown(value)}; give a number, like 0 or \"0\".")
    return number


def _field(file: str, field: Any, n: int) -> dict[str, Any]:
    if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
        raise DataFileError(f"{file}, field {n + 1}: every field is a table with a \"name\" "
                            f"(and a type), not {shown(field)}.")
    where = f"{file}, field {field['name']!r}"
    cons = field.get("constraints", {})
    if not isinstance(cons, dict):
        raise DataFileError(f"{where}: constraints is {shown(cons)}; give a table like "
                            "{\"required\": true}.")
    cons = dict(cons)
    for key, kind in _KINDS.items():
        if key in cons and (not isinstance(cons[key], kind) or isinstance(cons[key], bool)
                            and kind is not bool):
            raise DataFileError(f"{where}: the constraint {key} is {shown(cons[key])}; give "
                                f"{_SAID[kind]}.")
    if "enum" in cons and not all(isinstance(v, str) for v in cons["enum"]):
        raise DataFileError(f"{where}: the enum {shown(cons['enum'])} must list the allowed "
                            "values as text in quotes.")
    for key in ("minimum", "maximum"):
        if key in cons:
            cons[key] = _number(f"{where}: the constraint {key}", cons[key])
    if "pattern" in cons:
        try:
            cons["compiled"] = re.compile(cons["pattern"])  # compiled once, here
        except re.error as exc:
            raise DataFileError(f"{where}: the pattern {cons['pattern']!r} is not a regular "
                                f"expression ({exc}); fix it, for example ^[a-z0-9-]+$.") from None
    return {**field, "constraints": cons}


def normal(file: str, schema: dict[str, Any], resources: list[str]) -> dict[str, Any]:
    """A schema checked and written one way: fields with constraint tables (patterns compiled,
    bounds as numbers), ``primaryKey`` as a list, each foreign key's fields as lists."""
    fields = [_field(file, f, n) for n, f in enumerate(schema["fields"])]
    names = [f["name"] for f in fields]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DataFileError(f"{file}: the field {twice[0]!r} is listed twice; give each field "
                            "once.")
    out = {**schema, "fields": fields}
    if "primaryKey" in schema:
        out["primaryKey"] = _names(file, schema["primaryKey"], names, "primaryKey")
    keys = schema.get("foreignKeys", [])
    if not isinstance(keys, list):
        raise DataFileError(f"{file}: foreignKeys is {shown(keys)}; give a list of keys.")
    out["foreignKeys"] = []
    for n, fk in enumerate(keys):
        where = f"{file}, foreign key {n + 1}"
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not isinstance(ref, dict) or ref.get("resource") not in resources:
            raise DataFileError(f"{where}: give fields and a reference {{\"resource\": "
                                f"<one of {', '.join(resources)}>, \"fields\": ...}}, not "
                                f"{shown(fk)}.")
        own = _names(where, fk.get("fields"), names, "fields")
        theirs = [ref["fields"]] if isinstance(ref.get("fields"), str) else ref.get("fields")
        if not isinstance(theirs, list) or len(theirs) != len(own) or not all(
                isinstance(t, str) for t in theirs):
            raise DataFileError(f"{where}: the reference's fields {shown(ref.get('fields'))} "
                                f"must name as many fields as {own}.")
        out["foreignKeys"].append({"fields": own, "reference": {"resource": ref["resource"],
                                                                "fields": theirs}})
    return out
