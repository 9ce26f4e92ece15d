"""Loading the data set: every table read once, checked against its schema (a broken file fails
with one sentence naming file, line, column and value), typed: dates as ``datetime64`` (the
period's first day; the text in ``<column>_text``), fixed lists of values as ordered categories.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .dates import FIRST_DAY, PRECISION_OF_LENGTH, period_start
from .errors import DataFileError, unknown
from .paths import as_of, cached, clear_cache, data_dir, lessons, package, read_text
from .schemas import normal

__all__ = ["as_of", "clear_cache", "load", "package", "schema", "table_names"]

#: Columns holding several keys separated by ";": the table and column each key must be in.
LIST_KEYS = {"also_source_ids": ("sources", "source_id"), "states": ("states", "iso3"),
             "other_states": ("states", "iso3"), "guarded_by": ("states", "iso3")}
_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_FORMS = {_DATE: "a date as YYYY, YYYY-MM or YYYY-MM-DD",
          r"^https?://\S+$": "a web address that starts with http:// or https://"}
_TYPES = {"integer": (r"-?[0-9]+", "a whole number"), "boolean": ("true|false", "true or false"),
          "number": (r"-?[0-9]+(\.[0-9]+)?", "a number")}
#: Sources (publications) may be older than the first event (FIRST_DAY in csto.dates).
OLDEST_SOURCE = dt.date(1900, 1, 1)
#: (start, end) date columns of a period: an end may not come before its start.
PERIODS = (("start_date", "end_date"), ("date", "end_date"), ("start", "end"))
#: In membership_events, the statuses a state must have reached before each status.
AFTER = {"party": ("signatory",), "frozen": ("signatory", "party"),
         "lapsed": ("signatory", "party"), "suspended": ("signatory", "party")}
#: Events that need a status reached before them, whatever status they leave.
EVENT_AFTER = {"observer lapsed": ("observer",)}
#: Columns that name a lesson (the two digits of a notebook in notebooks/).
LESSON_COLUMNS = {"readings": "lesson"}


def table_names() -> list[str]:
    """Return the names of every table in the data set, in the order of datapackage.json.

    >>> table_names()[:3]
    ['sources', 'states', 'capitals']
    """
    return [r["name"] for r in package()["resources"]]


def _resource(table: object) -> dict[str, Any]:
    for res in package()["resources"]:
        if isinstance(table, str) and res["name"] == table:
            return res
    raise unknown("table", table, table_names())


def schema(table: str) -> dict[str, Any]:
    """Return the Table Schema of one table (fields, primary key, foreign keys), checked and
    written one way (see csto.schemas): DataFileError names the file and field of a mistake."""
    _resource(table)
    return _schema(table)


@cached
def _schema(table: str) -> dict[str, Any]:
    res = _resource(table)
    return normal(f"{res['schema_file']}", res["schema"], table_names())


def _path(table: str) -> Path:
    return data_dir() / _resource(table)["path"]


def _precision_field(table_fields: list[str], name: str) -> str | None:
    """The column that states the precision of date column `name`, if any."""
    stem = name.removesuffix("_date") if name != "date" else name
    return next((c for c in (f"{name}_precision", f"{stem}_precision") if c in table_fields),
                None)


@cached
def _rows(table: str) -> tuple[tuple[int, ...], tuple[dict[str, str], ...]]:
    """The line numbers and rows (as text) of one CSV file, read once per session: the loader
    and the key checks of other tables share them. Treat them as read-only."""
    path = _path(table)
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    expected = [f["name"] for f in schema(table)["fields"]]
    lines, rows = [], []
    try:
        header, line = next(reader, []), 1
        if header and header != expected:
            raise DataFileError(f"{path.name}: the header is {header}, but the schema expects "
                                f"the columns {expected} in that order.")
        for cells in reader:
            start, line = line + 1, reader.line_num
            if cells and len(cells) != len(header):
                raise DataFileError(
                    f"{path.name}, line {start}: the row has {len(cells)} cells, but the header "
                    f"has {len(header)}; put a text that holds a comma in double quotes.")
            if cells:
                lines.append(start)
                rows.append(dict(zip(header, cells, strict=True)))
    except csv.Error as exc:
        raise DataFileError(f"{path.name}, line {reader.line_num}: {exc}.") from None
    if not rows:
        raise DataFileError(f"{path.name} holds no rows: a table needs its header line "
                            "and at least one row.")
    return tuple(lines), tuple(rows)


def _fail(table: str, line: int, column: str, value: str, why: str) -> DataFileError:
    return DataFileError(f"{_path(table).name}, line {line}, column {column!r}: {value!r} {why}")


def _check_cell(table: str, line: int, field: dict[str, Any], value: str, row: dict) -> None:
    name, cons = field["name"], field.get("constraints", {})
    if value == "":
        if cons.get("required"):
            raise _fail(table, line, name, value, "is empty, but this column is required.")
        return
    typ = field.get("type", "string")
    if typ in _TYPES and not re.fullmatch(_TYPES[typ][0], value):
        raise _fail(table, line, name, value, f"is not {_TYPES[typ][1]}.")
    low, high = cons.get("minimum", -math.inf), cons.get("maximum", math.inf)
    if typ in ("integer", "number") and not low <= float(value) <= high:
        raise _fail(table, line, name, value, f"is not between the minimum {low} and the "
                    f"maximum {high}.")
    if "enum" in cons and value not in cons["enum"]:
        raise _fail(table, line, name, value, f"is not one of the allowed values {cons['enum']}.")
    if "pattern" in cons and not cons["compiled"].fullmatch(value):
        hint = _FORMS.get(cons["pattern"], cons["pattern"])
        raise _fail(table, line, name, value, f"is not in the expected form ({hint}).")
    if cons.get("pattern") != _DATE:
        return
    try:
        start = period_start(value)
    except ValueError:
        raise _fail(table, line, name, value, "is not a real calendar date.") from None
    first = OLDEST_SOURCE if table == "sources" else FIRST_DAY
    if not first <= start <= as_of():
        raise _fail(table, line, name, value, f"lies outside the data set's range, "
                    f"{first.isoformat()} to {as_of().isoformat()}.")
    prec_col = _precision_field(list(row), name)
    if prec_col and row.get(prec_col) and row[prec_col] != PRECISION_OF_LENGTH[len(value)]:
        raise _fail(table, line, name, value,
                    f"has {PRECISION_OF_LENGTH[len(value)]} precision, but {prec_col} says "
                    f"{row[prec_col]!r}.")


def _check_order(table: str, lines: tuple[int, ...], rows: tuple[dict[str, str], ...]) -> None:
    """Refuse membership events in an impossible order (a lapse before the entry into force)."""
    first: dict[tuple[str, str], dt.date] = {}  # (state, status) -> the first day it held
    for row in rows:
        key, day = (row["iso3"], row["status_after"]), period_start(row["date"])
        first[key] = min(first.get(key, day), day)
    for line, row in zip(lines, rows, strict=True):
        for status in AFTER.get(row["status_after"], ()) + EVENT_AFTER.get(row["event"], ()):
            if first.get((row["iso3"], status), dt.date.max) > period_start(row["date"]):
                raise _fail(table, line, "date", row["date"],
                            f"dates a change of {row['iso3']} to {row['status_after']!r} before "
                            f"the state first became {status!r}, which is impossible.")


def _validate(table: str, lines: tuple[int, ...], rows: tuple[dict[str, str], ...]) -> None:
    sch = schema(table)
    for line, row in zip(lines, rows, strict=True):
        for field in sch["fields"]:
            _check_cell(table, line, field, row[field["name"]], row)
        for begin, end in PERIODS:
            if row.get(begin) and row.get(end) and (
                    period_start(row[end]) < period_start(row[begin])):
                raise _fail(table, line, end, row[end], f"is before the {begin} "
                            f"{row[begin]!r}, but a period cannot end before it starts.")
    frame = pd.DataFrame(list(rows))
    unique = [[f["name"]] for f in sch["fields"] if f.get("constraints", {}).get("unique")]
    for cols in [c for c in [*unique, sch.get("primaryKey")] if c]:
        twice = frame.duplicated(cols)
        if twice.any():
            i = int(twice.argmax())
            raise _fail(table, lines[i], "+".join(cols), "/".join(rows[i][c] for c in cols),
                        "appears twice, but must be unique.")
    refs = [(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"], False)
            for fk in sch["foreignKeys"]]
    refs += [([col], ref[0], [ref[1]], True) for col, ref in LIST_KEYS.items() if col in frame]
    for cols, ref_table, ref_cols, several in refs:
        known = {tuple(r[c] for c in ref_cols) for r in _rows(ref_table)[1]}
        for line, row in zip(lines, rows, strict=True):
            keys = ([(k,) for k in row[cols[0]].split(";")] if several and row[cols[0]]
                    else [] if several else [tuple(row[c] for c in cols)])
            for key in keys:
                if several and not key[0]:
                    raise _fail(table, line, cols[0], row[cols[0]], "holds an empty key: "
                                "remove the ';' at its start or end, or the doubled ';'.")
                if "" not in key and key not in known:
                    raise _fail(table, line, "+".join(cols), "/".join(key),
                                f"is not a key in {ref_table}.")
    if table in LESSON_COLUMNS and lessons():
        col = LESSON_COLUMNS[table]
        for line, row in zip(lines, rows, strict=True):
            if row[col] not in lessons():
                raise _fail(table, line, col, row[col], f"is not a lesson: give one of "
                            f"{', '.join(lessons())} (the notebooks' numbers).")
    if table == "membership_events":
        _check_order(table, lines, rows)


def _typed(table: str, rows: tuple[dict[str, str], ...]) -> pd.DataFrame:
    fields = schema(table)["fields"]
    frame = pd.DataFrame(list(rows), columns=[f["name"] for f in fields], dtype="str")
    out: dict[str, Any] = {}
    for f in fields:
        name, typ, cons = f["name"], f.get("type", "string"), f.get("constraints", {})
        col = frame[name].replace("", pd.NA)
        if cons.get("pattern") == _DATE:
            out[name] = pd.to_datetime(col, format="ISO8601").astype("datetime64[us]")
            out[f"{name}_text"] = col
        elif "enum" in cons:
            out[name] = pd.Categorical(col, categories=cons["enum"], ordered=True)
        elif typ in ("integer", "number"):
            out[name] = pd.to_numeric(col).astype("Int64" if typ == "integer" else "float64")
        else:
            out[name] = frame[name] == "true" if typ == "boolean" else col
    return pd.DataFrame(out)


@cached
def _load_cached(table: str) -> pd.DataFrame | DataFileError:
    """The typed table, or the error that refused it (kept, so a second call fails at once)."""
    try:
        lines, rows = _rows(table)
        _validate(table, lines, rows)
        return _typed(table, rows)
    except DataFileError as exc:
        return exc


def load(table: str) -> pd.DataFrame:
    """Return one table of the data set as a typed DataFrame (a fresh copy each call).

    >>> load("states").loc[lambda d: d.iso3 == "KAZ", "name"].item()
    'Kazakhstan'
    """
    _resource(table)
    found = _load_cached(table)
    if isinstance(found, DataFileError):
        raise DataFileError(str(found))
    return found.copy()
