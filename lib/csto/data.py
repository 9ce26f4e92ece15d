"""Loading the data set: every table as a typed pandas DataFrame, checked against its schema.

Each table is read once and cached. Reading checks every cell against the schema in
``data/schemas/`` and every key against the tables it points to, so a hand-edited CSV with an
impossible date, an unknown state code or a missing source fails with one sentence that names
the file, line, column and value.

Types after loading:

* date columns (``date``, ``start``, ``end_date``, ...) become ``datetime64`` holding the first
  day of the period; the text as written stays beside them in ``<column>_text`` and the
  precision (day, month or year) in the table's precision column;
* columns with a fixed list of values become ordered ``category`` columns;
* whole numbers become nullable ``Int64``; true/false columns become ``bool``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .dates import FIRST_DAY, PRECISION_OF_LENGTH, period_start
from .errors import DataFileError, unknown
from .paths import as_of, cached, clear_cache, data_dir, package

__all__ = ["as_of", "clear_cache", "load", "package", "schema", "table_names"]

#: Columns that hold several keys separated by ";", and the table each key must exist in.
LIST_KEYS: dict[str, str] = {
    "also_source_ids": "sources",
    "states": "states",
    "other_states": "states",
    "guarded_by": "states",
}
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
#: Sources (publications) may be older than the first event (FIRST_DAY in csto.dates).
OLDEST_SOURCE = dt.date(1900, 1, 1)


def table_names() -> list[str]:
    """Names of every table in the data set, in the order of datapackage.json.

    >>> table_names()[:3]
    ['sources', 'states', 'capitals']
    """
    return [r["name"] for r in package()["resources"]]


def _resource(table: str) -> dict[str, Any]:
    for res in package()["resources"]:
        if res["name"] == table:
            return res
    raise unknown("table", table, table_names())


def schema(table: str) -> dict[str, Any]:
    """The Table Schema of one table (fields, primary key, foreign keys)."""
    return _resource(table)["schema"]


def _path(table: str) -> Path:
    return data_dir() / _resource(table)["path"]


def _is_date_field(field: dict[str, Any]) -> bool:
    return field.get("constraints", {}).get("pattern") == _DATE.pattern


def _precision_field(table_fields: list[str], name: str) -> str | None:
    """The column that states the precision of date column `name`, if any."""
    for candidate in (f"{name}_precision", "date_precision" if name == "date" else "",
                      name.replace("_date", "_precision") if name.endswith("_date") else ""):
        if candidate and candidate in table_fields:
            return candidate
    return None


@cached
def _rows(table: str) -> tuple[dict[str, str], ...]:
    """The rows of one CSV file as text, read once per session: the loader and the key checks
    of other tables share them, so no file is opened twice. Treat them as read-only."""
    path = _path(table)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        expected = [f["name"] for f in schema(table)["fields"]]
        if reader.fieldnames != expected:
            raise DataFileError(
                f"{path.name}: the header is {reader.fieldnames}, but the schema expects the "
                f"columns {expected} in that order."
            )
        return tuple(reader)


def _fail(table: str, line: int, column: str, value: str, why: str) -> DataFileError:
    return DataFileError(f"{_path(table).name}, line {line}, column {column!r}: {value!r} {why}")


def _check_cell(table: str, line: int, field: dict[str, Any], value: str, row: dict) -> None:
    name, cons = field["name"], field.get("constraints", {})
    if value == "":
        if cons.get("required"):
            raise _fail(table, line, name, value, "is empty, but this column is required.")
        return
    typ = field.get("type", "string")
    if typ == "integer" and not re.fullmatch(r"-?[0-9]+", value):
        raise _fail(table, line, name, value, "is not a whole number.")
    if typ == "number":
        try:
            float(value)
        except ValueError:
            raise _fail(table, line, name, value, "is not a number.") from None
    if typ == "boolean" and value not in ("true", "false"):
        raise _fail(table, line, name, value, "is not true or false.")
    if typ in ("integer", "number"):
        x = float(value)
        if "minimum" in cons and x < cons["minimum"]:
            raise _fail(table, line, name, value, f"is below the minimum {cons['minimum']}.")
        if "maximum" in cons and x > cons["maximum"]:
            raise _fail(table, line, name, value, f"is above the maximum {cons['maximum']}.")
    if "enum" in cons and value not in cons["enum"]:
        raise _fail(table, line, name, value, f"is not one of the allowed values {cons['enum']}.")
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        hint = "a date as YYYY, YYYY-MM or YYYY-MM-DD" if _is_date_field(field) else cons["pattern"]
        raise _fail(table, line, name, value, f"is not in the expected form ({hint}).")
    if _is_date_field(field):
        _check_date(table, line, name, value, row)


def _check_date(table: str, line: int, name: str, value: str, row: dict) -> None:
    try:
        start = period_start(value)
    except ValueError:
        raise _fail(table, line, name, value, "is not a real calendar date.") from None
    # Events lie from 1991 on; a source may be older (a treaty text the lessons compare with).
    first = OLDEST_SOURCE if table == "sources" else FIRST_DAY
    if not first <= start <= as_of():
        raise _fail(table, line, name, value, f"lies outside the data set's range, "
                    f"{first.isoformat()} to {as_of().isoformat()}.")
    prec_col = _precision_field(list(row), name)
    if prec_col and row.get(prec_col) and row[prec_col] != PRECISION_OF_LENGTH[len(value)]:
        raise _fail(table, line, name, value,
                    f"has {PRECISION_OF_LENGTH[len(value)]} precision, but {prec_col} says "
                    f"{row[prec_col]!r}.")


@cached
def _keys(table: str, column: str) -> frozenset[str]:
    """The values of one column of a table (for checking keys that point at it)."""
    return frozenset(row[column] for row in _rows(table))


def _validate(table: str, rows: Sequence[dict[str, str]]) -> None:
    sch = schema(table)
    fields = sch["fields"]
    unique_cols = [f["name"] for f in fields if f.get("constraints", {}).get("unique")]
    seen: dict[str, set] = {c: set() for c in unique_cols}
    pk = sch.get("primaryKey", [])
    pk_seen: set[tuple] = set()
    fks = [(fk["fields"], fk["reference"]) for fk in sch.get("foreignKeys", [])]
    targets = {ref["resource"]: _keys(ref["resource"], ref["fields"]) for _, ref in fks
               if ref["resource"] != table}
    for col, ref_table in LIST_KEYS.items():
        if col in (f["name"] for f in fields) and ref_table not in targets:
            targets[ref_table] = _keys(ref_table, "iso3" if ref_table == "states" else "source_id")
    for i, row in enumerate(rows):
        line = i + 2  # line 1 is the header
        for field in fields:
            _check_cell(table, line, field, row[field["name"]], row)
        for col in unique_cols:
            if row[col] in seen[col]:
                raise _fail(table, line, col, row[col], "appears twice, but must be unique.")
            seen[col].add(row[col])
        if pk:
            key = tuple(row[c] for c in pk)
            if key in pk_seen:
                raise _fail(table, line, "+".join(pk), "/".join(key), "repeats a primary key.")
            pk_seen.add(key)
        for col, ref in fks:
            value = row[col]
            keys = targets.get(ref["resource"])
            if value and keys is not None and value not in keys:
                raise _fail(table, line, col, value,
                            f"is not a key in {ref['resource']} ({ref['fields']}).")
        for col, ref_table in LIST_KEYS.items():
            if row.get(col):
                for item in row[col].split(";"):
                    if item not in targets[ref_table]:
                        raise _fail(table, line, col, item, f"is not a key in {ref_table}.")


def _typed(table: str, rows: Sequence[dict[str, str]]) -> pd.DataFrame:
    fields = schema(table)["fields"]
    frame = pd.DataFrame(list(rows), columns=[f["name"] for f in fields], dtype="str")
    out: dict[str, Any] = {}
    for f in fields:
        name, typ = f["name"], f.get("type", "string")
        col = frame[name]
        cons = f.get("constraints", {})
        if _is_date_field(f):
            out[name] = pd.to_datetime(
                [None if v == "" else period_start(v) for v in col]).astype("datetime64[us]")
            out[f"{name}_text"] = col.replace("", pd.NA)
        elif "enum" in cons:
            out[name] = pd.Categorical(col.replace("", pd.NA), categories=cons["enum"],
                                       ordered=True)
        elif typ == "integer":
            out[name] = pd.to_numeric(col.replace("", pd.NA)).astype("Int64")
        elif typ == "number":
            out[name] = pd.to_numeric(col.replace("", pd.NA)).astype("float64")
        elif typ == "boolean":
            out[name] = col == "true"
        else:
            out[name] = col.replace("", pd.NA)
    return pd.DataFrame(out)


@cached
def _load_cached(table: str) -> pd.DataFrame:
    rows = _rows(table)
    _validate(table, rows)
    return _typed(table, rows)


def load(table: str) -> pd.DataFrame:
    """Return one table of the data set as a typed DataFrame (a fresh copy each call).

    The first call reads and checks the CSV file; later calls reuse it.

    >>> load("states").loc[lambda d: d.iso3 == "KAZ", "name"].item()
    'Kazakhstan'
    >>> load("stats")
    Traceback (most recent call last):
    ...
    csto.errors.UnknownNameError: 'stats' is not a known table. Did you mean 'states'? ...
    """
    if table not in table_names():
        raise unknown("table", table, table_names())
    return _load_cached(table).copy()
