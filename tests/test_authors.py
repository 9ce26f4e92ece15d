"""Damage a teacher could do, generated (issue 22, item 6): exercise declarations, worked
solutions, data cells and schemas, each broken in a way that must be refused.

Every damaged copy must be refused with csto's own error, on one line, naming the file (and the
exercise id for a declaration): a raw exception is a traceback a teacher would meet, and a
damaged copy that loads is silently accepted. The counts (tried, clear sentence, raw, silently
accepted) are written to build/authors.json for the closing notes.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

import answer_key as key_tool  # tools/answer_key.py
import pandas as pd
import pytest
from conftest import ROOT
from csto.data import LIST_KEYS, load
from csto.declarations import FIELDS, KINDS, OPTION_SETS, REQUIRED, load_lesson, place
from csto.errors import CstoError
from csto.paths import ENV_VAR, SOLUTIONS, clear_cache, data_dir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COUNTS: Counter = Counter()


def runs(n: int) -> settings:
    """n generated cases (times $AUTHORS_SCALE, to search deeper), the same ones every run
    (derandomized), no time limit per case."""
    return settings(max_examples=n * int(os.environ.get("AUTHORS_SCALE", "1")), deadline=None,
                    database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
DECLARED = {p.name: tomllib.loads(p.read_text(encoding="utf-8"))
            for p in sorted(SOLUTIONS.glob("[0-9][0-9]-*.toml"))}


def judge(action, file: str, names: tuple[str, ...] = ()) -> None:
    """Run one damaged case: it must raise CstoError on one line naming ``file`` and
    ``names``; count the outcome and fail on anything else."""
    COUNTS["tried"] += 1
    try:
        action()
    except CstoError as exc:
        said = str(exc)
        if "\n" in said or file not in said or not all(n in said for n in names):
            COUNTS["raw"] += 1
            pytest.fail(f"the sentence does not name {file} {names} on one line: {said}")
        COUNTS["clear sentence"] += 1
        return
    except Exception as exc:  # noqa: BLE001 - any other exception is what this suite looks for
        COUNTS["raw"] += 1
        pytest.fail(f"raw {type(exc).__name__}: {exc}"[:400])
    COUNTS["silently accepted"] += 1
    pytest.fail(f"damage to {file} {names} was accepted")


# ------------------------------------------------------------------ declarations


def _text(value: str) -> str:
    """Text as a TOML basic string: JSON's escapes, which TOML shares (DEL escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml(value) -> str:
    """A value written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml, value)) + "]"
    return "{" + ", ".join(f"{_text(k)} = {_toml(v)}" for k, v in value.items()) + "}"


def _document(tables: dict) -> str:
    return "\n".join(f"[{_text(i)}]\n" + "".join(f"{_text(k)} = {_toml(v)}\n"
                                                 for k, v in t.items())
                     for i, t in tables.items())


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "solutions"
        shutil.copytree(SOLUTIONS, copy)
        yield copy


scalars = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False), st.booleans(),
                    st.text(max_size=8))
values = st.one_of(scalars, st.lists(scalars, max_size=3),
                   st.dictionaries(st.text(max_size=5), scalars, max_size=2))
names = st.from_regex(r"[a-z_]{1,12}", fullmatch=True)


def _wrong_type(key: str):
    want = FIELDS[key]
    return values.filter(lambda v: not isinstance(v, want) or isinstance(v, bool)
                         and want is not bool)


@st.composite
def damaged_declaration(draw):
    """(file, exercise id, its tables with one exercise damaged, the id named in the error)."""
    file = draw(st.sampled_from(sorted(DECLARED)))
    tables = json.loads(json.dumps(DECLARED[file]))  # a deep copy
    exercise_id = draw(st.sampled_from(sorted(tables)))
    table = tables[exercise_id]
    how = draw(st.sampled_from(["type", "unknown field", "required", "kind", "bounds",
                                "options", "trap", "id", "hint item"]))
    if how == "type":
        key = draw(st.sampled_from(sorted(FIELDS)))
        table[key] = draw(_wrong_type(key))
    elif how == "unknown field":
        table[draw(names.filter(lambda n: n not in FIELDS))] = draw(values)
    elif how == "required":
        table.pop(draw(st.sampled_from(REQUIRED)))
    elif how == "kind":
        table["kind"] = draw(st.text(max_size=10).filter(lambda k: k not in KINDS))
    elif how == "bounds":
        if draw(st.booleans()):
            table["close"] = draw(st.floats().filter(lambda x: not 0 <= x <= 1))
        else:
            table["min_words"] = draw(st.integers().filter(lambda n: not 1 <= n <= 300))
    elif how == "options":
        table["options"] = draw(st.text(max_size=10).filter(lambda o: o not in OPTION_SETS))
    elif how == "trap":
        trap = draw(st.one_of(
            st.fixed_dictionaries({"message": st.just("m")}).map(
                lambda t: {**t, "verdict": "maybe"}),
            names.filter(lambda n: n not in key_tool.__dict__ and n not in (
                "answer", "data", "args", "message", "verdict")).map(
                lambda n: {"message": "m", n: 1}),
            scalars))
        table["traps"] = [*table.get("traps", []), trap]
    elif how == "id":
        new = draw(st.text(min_size=1, max_size=12).filter(
            lambda i: not re.fullmatch(rf"{file[:2]}-[a-z0-9]+(-[a-z0-9]+)*", i)))
        tables = {new if k == exercise_id else k: v for k, v in tables.items()}
        exercise_id = new
    else:
        table["hints"] = [*table["hints"], draw(scalars.filter(lambda s: not isinstance(s, str)))]
    return file, tables, exercise_id


@runs(150)
@given(case=damaged_declaration())
def test_a_damaged_declaration_gets_one_sentence_naming_file_and_id(folder, case):
    file, tables, exercise_id = case
    path = folder / file
    original = path.read_text(encoding="utf-8")
    path.write_text(_document(tables), encoding="utf-8")
    try:
        judge(lambda: load_lesson(file[:2], folder), file, (place(exercise_id),))
    finally:
        path.write_text(original, encoding="utf-8")


@runs(30)
@given(file=st.sampled_from(sorted(DECLARED)), where=st.integers(0, 100),
       junk=st.sampled_from(["=", "[", "[[x", "x = ", '"', "= 1", "[a] = 1"]))
def test_a_declaration_that_is_no_toml_names_its_file(folder, file, where, junk):
    path = folder / file
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines()
    headers = [i for i, line in enumerate(lines) if line.startswith("[")]
    at = headers[where % len(headers)]  # between two tables: never inside a value
    path.write_text("\n".join([*lines[:at], junk, *lines[at:]]) + "\n", encoding="utf-8")
    try:
        judge(lambda: load_lesson(file[:2], folder), file)
    finally:
        path.write_text(original, encoding="utf-8")


@runs(6)
@given(body=st.sampled_from(["answer = 1 / 0", "answer = undefined_name", "answer = (",
                             "raise SystemError('x')", "import json; answer = json.loads('{')",
                             "answer = object()"]))
def test_a_broken_worked_solution_is_refused_when_the_key_is_built(folder, body):
    path = folder / "00-tables.py"
    original = path.read_text(encoding="utf-8")
    path.write_text(f"from csto import check\n{body}\ncheck('00-tables', answer)\n",
                    encoding="utf-8")
    try:
        judge(lambda: key_tool.build("00", folder), "00-tables.py")
    finally:
        path.write_text(original, encoding="utf-8")


# ------------------------------------------------------------------ data


SCHEMAS = {p.stem: json.loads(p.read_text(encoding="utf-8"))
           for p in sorted((ROOT / "data" / "schemas").glob("*.json"))}
TABLES = {t: pd.read_csv(ROOT / "data" / f"{t}.csv", dtype=str, keep_default_na=False)
          for t in SCHEMAS}
_NUMBER = {"integer": r"-?[0-9]+", "number": r"-?[0-9]+(\.[0-9]+)?", "boolean": "true|false"}


def _refusable(table: str, field: dict) -> list[str]:
    """Ways a cell of this column can be made invalid."""
    cons, ways = field.get("constraints", {}), []
    if cons.get("required"):
        ways.append("empty")
    if "enum" in cons or "pattern" in cons or field.get("type") in _NUMBER:
        ways.append("form")
    keys = {fk["fields"] for fk in SCHEMAS[table].get("foreignKeys", [])}
    if field["name"] in keys or field["name"] in LIST_KEYS:
        ways.append("key")
    if cons.get("unique") and len(TABLES[table]) > 1:
        ways.append("twice")
    return ways


def _invalid(field: dict):
    cons = field.get("constraints", {})
    checks = []
    if "enum" in cons:
        checks.append(lambda v: v not in cons["enum"])
    if "pattern" in cons:
        checks.append(lambda v: not re.fullmatch(cons["pattern"], v))
    if field.get("type") in _NUMBER:
        checks.append(lambda v: not re.fullmatch(_NUMBER[field["type"]], v))
    return st.text(min_size=1, max_size=12).filter(lambda v: any(c(v) for c in checks))


@st.composite
def damaged_cell(draw):
    """(table, row, column, new value)."""
    table = draw(st.sampled_from(sorted(SCHEMAS)))
    fields = [f for f in SCHEMAS[table]["fields"] if _refusable(table, f)]
    field = draw(st.sampled_from(fields))
    row = draw(st.integers(0, len(TABLES[table]) - 1))
    way = draw(st.sampled_from(_refusable(table, field)))
    if way == "empty":
        value = ""
    elif way == "form":
        value = draw(_invalid(field))
    elif way == "key":
        value = "no-such-key-" + draw(st.from_regex(r"[a-z]{1,6}", fullmatch=True))
        value = value.upper()[:3] if field["name"] in ("iso3", "states", "other_states",
                                                       "guarded_by") else value
        value = "ZZZ" if value.isupper() else value
    else:
        other = (row + 1) % len(TABLES[table])
        value = TABLES[table].loc[other, field["name"]]
    return table, row, field["name"], value


@pytest.fixture
def data_copy():
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir(), copy)
        before = os.environ.get(ENV_VAR)
        os.environ[ENV_VAR] = str(copy)
        try:
            yield copy
        finally:
            if before is None:
                os.environ.pop(ENV_VAR, None)
            else:
                os.environ[ENV_VAR] = before
            clear_cache()


@runs(60)
@given(case=damaged_cell())
def test_a_damaged_data_cell_is_refused_naming_the_file(data_copy, case):
    table, row, column, value = case
    path = data_copy / f"{table}.csv"
    frame = TABLES[table].copy()
    if frame.loc[row, column] == value:
        return  # the damage left the cell as it was
    frame.loc[row, column] = value
    frame.to_csv(path, index=False)
    clear_cache()
    try:
        judge(lambda: load(table), f"{table}.csv")
    finally:
        TABLES[table].to_csv(path, index=False)


SCHEMA_DAMAGE = {
    "enum as text": lambda f: f.setdefault("constraints", {}).update(enum="a"),
    "no name": lambda f: f.pop("name"),
    "bad regex": lambda f: f.setdefault("constraints", {}).update(pattern="(["),
    "constraints as text": lambda f: f.update(constraints="required"),
    "minimum as words": lambda f: f.setdefault("constraints", {}).update(minimum="low"),
    "required as text": lambda f: f.setdefault("constraints", {}).update(required="yes"),
}


@runs(30)
@given(table=st.sampled_from(sorted(SCHEMAS)), n=st.integers(0, 50),
       damage=st.sampled_from(sorted(SCHEMA_DAMAGE)))
def test_a_damaged_schema_is_refused_naming_the_file(data_copy, table, n, damage):
    path = data_copy / "schemas" / f"{table}.json"
    schema = json.loads(json.dumps(SCHEMAS[table]))
    SCHEMA_DAMAGE[damage](schema["fields"][n % len(schema["fields"])])
    path.write_text(json.dumps(schema), encoding="utf-8")
    clear_cache()
    try:
        judge(lambda: load(table), f"schemas/{table}.json")
    finally:
        path.write_text(json.dumps(SCHEMAS[table]), encoding="utf-8")


def test_zz_write_the_counts():
    """Runs last in this file: the counts of the suite, for the closing notes."""
    out = ROOT / "build" / "authors.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(dict(COUNTS), indent=1), encoding="utf-8")
    assert COUNTS["tried"] > 0 and COUNTS["raw"] == COUNTS["silently accepted"] == 0
