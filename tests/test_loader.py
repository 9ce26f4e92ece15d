"""The loader and the schemas (issue 22, item 3): the forms of Table Schema the data package
uses are handled or refused with the loader's sentence; the same column has the same pattern in
every table; observer events keep their order; a reading's lesson is a lesson; a resource is
listed once; a schema's pattern is compiled once and a refused table fails at once after."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from csto import data
from csto.data import LIST_KEYS, load, schema, table_names
from csto.errors import DataFileError
from csto.paths import clear_cache
from test_data_edits import DATA, _edit, _refused, _row_of

SCHEMAS = DATA / "schemas"



def _schema_edit(copy: Path, table: str, change) -> None:
    path = copy / "schemas" / f"{table}.json"
    sch = json.loads(path.read_text(encoding="utf-8"))
    change(sch)
    path.write_text(json.dumps(sch, indent=2), encoding="utf-8")


def _field(sch: dict, name: str) -> dict:
    return next(f for f in sch["fields"] if f["name"] == name)


def test_allowed_forms_of_table_schema_load_as_the_usual_ones(data_copy):
    before = {t: load(t) for t in ("crises", "kz2022_figures", "perspectives")}

    def listed(sch):
        for fk in sch["foreignKeys"]:
            fk["fields"], fk["reference"]["fields"] = [fk["fields"]], [fk["reference"]["fields"]]

    def minimum_as_text(sch):
        _field(sch, "value")["constraints"]["minimum"] = "0"

    def key_as_text(sch):
        sch["primaryKey"] = sch["primaryKey"][0]

    _schema_edit(data_copy, "crises", listed)
    _schema_edit(data_copy, "kz2022_figures", minimum_as_text)
    _schema_edit(data_copy, "perspectives", key_as_text)
    clear_cache()
    for table, frame in before.items():
        assert load(table).equals(frame), table
    assert schema("kz2022_figures")["fields"][0]["constraints"] is not None
    assert schema("perspectives")["primaryKey"] == ["perspective_id"]


@pytest.mark.parametrize(("change", "says"), [
    (lambda s: _field(s, "case")["constraints"].update(enum="kyrgyzstan-2010"),
     "field 'case': the constraint enum is 'kyrgyzstan-2010'; give a list"),
    (lambda s: _field(s, "who").pop("name"), "field 3: every field is a table with a \"name\""),
    (lambda s: _field(s, "who")["constraints"].update(pattern="(unclosed"),
     "field 'who': the pattern '\\(unclosed' is not a regular expression"),
    (lambda s: _field(s, "who").update(constraints="required"),
     "field 'who': constraints is 'required'; give a table"),
    (lambda s: _field(s, "who")["constraints"].update(minimum="low"),
     "field 'who': the constraint minimum is 'low'; give a number"),
    (lambda s: s.update(primaryKey=["nobody"]), "primaryKey names 'nobody', which is not a field"),
    (lambda s: s["foreignKeys"][0]["reference"].update(resource="nowhere"),
     "foreign key 1: give fields and a reference"),
    (lambda s: s["fields"].append(dict(s["fields"][0])), "'perspective_id' is listed twice"),
])
def test_forms_that_table_schema_refuses_get_the_loaders_sentence(data_copy, change, says):
    _schema_edit(data_copy, "perspectives", change)
    clear_cache()
    message = _refused("perspectives")
    assert message.startswith("schemas/perspectives.json") and says.replace("\\", "") in \
        message.replace("\\", ""), message


def test_the_same_column_has_the_same_pattern_in_every_table():
    patterns: dict[str, dict[str, str | None]] = defaultdict(dict)
    for path in sorted(SCHEMAS.glob("*.json")):
        for field in json.loads(path.read_text(encoding="utf-8"))["fields"]:
            patterns[field["name"]][path.stem] = field.get("constraints", {}).get("pattern")
    for column, by_table in patterns.items():
        written = {p for p in by_table.values() if p}
        assert len(written) <= 1, f"{column} has different patterns: {by_table}"
        if column in LIST_KEYS:
            assert all(by_table.values()), f"{column} lacks its pattern in {by_table}"


def test_a_trailing_semicolon_in_a_list_of_keys_names_file_line_and_column(data_copy):
    path = data_copy / "perspectives.csv"
    line = _edit(path, "also_source_ids", "eurasianet-2010;")
    message = _refused("perspectives")
    assert f"perspectives.csv, line {line}, column 'also_source_ids'" in message


def test_an_empty_key_between_semicolons_is_refused_even_without_a_pattern(data_copy):
    _schema_edit(data_copy, "perspectives",
                 lambda s: _field(s, "also_source_ids")["constraints"].pop("pattern"))
    line = _edit(data_copy / "perspectives.csv", "also_source_ids", ";")
    assert f"line {line}, column 'also_source_ids': ';' holds an empty key" in \
        _refused("perspectives")


def test_an_observer_lapse_before_its_grant_is_refused(data_copy):
    path = data_copy / "membership_events.csv"
    row = _row_of(path, "event_id", "afg-pa-observer-lapsed")
    line = _edit(path, "date", "2010-08", row)
    message = _refused("membership_events")
    assert f"line {line}" in message and "before the state first became 'observer'" in message


def test_a_readings_lesson_must_be_a_lesson(data_copy):
    line = _edit(data_copy / "readings.csv", "lesson", "99")
    message = _refused("readings")
    assert f"readings.csv, line {line}, column 'lesson': '99' is not a lesson" in message


def test_a_resource_listed_twice_is_refused(data_copy):
    path = data_copy / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["resources"].append(dict(desc["resources"][1]))
    path.write_text(json.dumps(desc), encoding="utf-8")
    with pytest.raises(DataFileError, match="the resource 'states' is listed twice"):
        table_names()


def test_a_pattern_is_compiled_once_and_a_refused_table_fails_at_once_after(data_copy,
                                                                           monkeypatch):
    first = schema("perspectives")["fields"][0]["constraints"]["compiled"]
    assert schema("perspectives")["fields"][0]["constraints"]["compiled"] is first
    _edit(data_copy / "perspectives.csv", "perspective_id", "NOT-a-key")
    clear_cache()
    calls = []
    real = data._validate
    monkeypatch.setattr(data, "_validate", lambda *a: calls.append(a[0]) or real(*a))
    for _ in range(3):
        _refused("perspectives")
    assert calls == ["perspectives"]
