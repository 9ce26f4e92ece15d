"""Hand-edited data: each broken copy fails loading with one sentence naming the file, and the
line and column where they apply (issue "Hostile input and hand-edited data")."""

from __future__ import annotations

import json
from pathlib import Path

import csto
import pandas as pd
import pytest
from conftest import ROOT
from csto.data import load
from csto.errors import DataFileError

DATA = ROOT / "data"



def _edit(path: Path, column: str, value: str, row: int = 0) -> int:
    """Set one cell of a CSV file (as pandas writes it); return the cell's line number."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(path, index=False)
    return row + 2


def _row_of(path: Path, column: str, value: str) -> int:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return int(frame.index[frame[column] == value][0])


def _refused(table: str) -> str:
    """The message loading `table` fails with: one sentence."""
    with pytest.raises(DataFileError) as err:
        load(table)
    msg = str(err.value)
    assert msg.endswith(".") and ". " not in msg.rstrip("."), msg
    return msg


@pytest.mark.parametrize(("column", "value", "words"), [
    ("date", "2024-02-30", "not a real calendar date"),
    ("date", "1875-01-01", "outside the data set's range"),
    ("iso3", "XXX", "not a key in states"),
    ("source_id", "", "is empty, but this column is required"),
    ("source_id", "nowhere-2020", "not a key in sources"),
])
def test_bad_edit_fails_with_one_sentence(data_copy, column, value, words):
    line = _edit(data_copy / "membership_events.csv", column, value)
    msg = _refused("membership_events")
    assert msg.startswith(f"membership_events.csv, line {line}, column {column!r}: {value!r}")
    assert words in msg


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>",
                                 "ftp://example.org/x", "https://exa mple.org"])
def test_a_source_url_must_be_a_web_address(data_copy, url):
    line = _edit(data_copy / "sources.csv", "url", url, row=3)
    msg = _refused("sources")
    assert msg.startswith(f"sources.csv, line {line}, column 'url': {url!r}")
    assert "http:// or https://" in msg


def _set_resource(copy: Path, table: str, key: str, value: object) -> None:
    desc = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in desc["resources"] if r["name"] == table)[key] = value
    (copy / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")


@pytest.mark.parametrize("key", ["path", "schema"])
@pytest.mark.parametrize("where", ["../outside.csv", "/etc/passwd", "schemas/../../x.json", 5])
def test_a_resource_path_must_stay_inside_the_data_folder(data_copy, key, where):
    (data_copy.parent / "outside.csv").write_text("name\nx\n", encoding="utf-8")
    _set_resource(data_copy, "states", key, where)
    msg = _refused("states")
    assert msg.startswith(f"datapackage.json: the {key} of 'states' {where!r} is not a path "
                          "inside the data folder")


def test_a_file_saved_as_latin_1_names_the_line_and_says_to_save_as_utf_8(data_copy):
    path = data_copy / "states.csv"
    _edit(path, "note", "Café", row=4)
    raw = path.read_text(encoding="utf-8").encode("latin-1", errors="replace")
    path.write_bytes(raw)
    line = next(i for i, text in enumerate(raw.split(b"\n"), 1) if max(text) > 127)
    msg = _refused("states")
    assert msg.startswith(f"states.csv, line {line}: ") and "save the file as UTF-8" in msg


def test_a_missing_file_is_named(data_copy):
    (data_copy / "timeline.csv").unlink()
    msg = _refused("timeline")
    assert msg.startswith("timeline.csv is missing from") and "datapackage.json lists it" in msg


def test_invalid_json_names_the_file_line_and_column(data_copy):
    path = data_copy / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"version": "0.2.0",', '"version": "0.2.0"', 1), "utf-8")
    line = text.split("\n").index('  "version": "0.2.0",') + 2  # the next key is unexpected
    msg = _refused("states")
    assert msg.startswith(f"datapackage.json, line {line}, column 3: this is not valid JSON")


def test_invalid_json_in_a_schema_names_the_schema_file(data_copy):
    path = data_copy / "schemas" / "crises.json"
    path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")
    assert _refused("crises").startswith("crises.json, line ")


@pytest.mark.parametrize("as_of", ["2026-02-30", None, "soon"])
def test_an_impossible_as_of_date_is_refused(data_copy, as_of):
    path = data_copy / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["as_of"] = as_of
    path.write_text(json.dumps(desc), encoding="utf-8")
    with pytest.raises(DataFileError, match="'as_of' is .* must be a date written YYYY-MM-DD"):
        csto.as_of()


@pytest.mark.parametrize(("table", "start", "end"), [("crises", "start_date", "end_date"),
                                                      ("timeline", "date", "end_date")])
def test_an_end_before_its_start_is_refused(data_copy, table, start, end):
    path = data_copy / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = int(frame.index[(frame[end] != "") & (frame[start].str.len() == 10)][0])
    line = _edit(path, end, "1991-01-02", row=row)
    msg = _refused(table)
    assert msg.startswith(f"{table}.csv, line {line}, column {end!r}: '1991-01-02' is before "
                          f"the {start} {frame.loc[row, start]!r}")


@pytest.mark.parametrize(("event_id", "date", "before"), [
    ("aze-cst-lapse", "1993-01-01", "signatory"),      # a lapse before the signature
    ("geo-cst-lapse", "1994-01-01", "party"),          # an exit before the entry into force
    ("uzb-csto-suspension", "1993-05-01", "party"),    # a suspension before the entry
    ("blr-cst-in-force", "1993-06-01", "signatory"),   # an entry before the signature
])
def test_membership_events_in_an_impossible_order_are_refused(data_copy, event_id, date,
                                                               before):
    path = data_copy / "membership_events.csv"
    line = _edit(path, "date", date, row=_row_of(path, "event_id", event_id))
    msg = _refused("membership_events")
    assert msg.startswith(f"membership_events.csv, line {line}, column 'date': {date!r}")
    assert f"before the state first became {before!r}" in msg


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def test_an_unquoted_comma_that_cuts_a_cell_short_names_the_line(data_copy):
    path = data_copy / "membership_events.csv"
    lines = _lines(path)
    n = next(i for i, text in enumerate(lines) if '"' in text and i > 0)
    lines[n] = lines[n].replace('"', "")
    path.write_text("\n".join(lines), encoding="utf-8")
    msg = _refused("membership_events")
    assert msg.startswith(f"membership_events.csv, line {n + 1}: the row has ")
    assert "put a text that holds a comma in double quotes" in msg


def test_a_row_with_a_missing_cell_names_the_line(data_copy):
    path = data_copy / "states.csv"
    lines = _lines(path)
    lines[6] = lines[6].rsplit(",", 1)[0]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert _refused("states").startswith("states.csv, line 7: the row has ")


@pytest.mark.parametrize("text", ["", "\n", "iso3,name\n"])
def test_an_empty_table_is_refused(data_copy, text):
    path = data_copy / "readings.csv"
    header = _lines(path)[0]
    path.write_text(text.replace("iso3,name", header), encoding="utf-8")
    assert _refused("readings").startswith("readings.csv holds no rows")


def test_a_nul_byte_names_the_line(data_copy):
    path = data_copy / "states.csv"
    lines = _lines(path)
    lines[4] = lines[4][:5] + "\x00" + lines[4][5:]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert _refused("states").startswith("states.csv, line 5: holds a NUL byte")


def test_a_byte_order_mark_is_named(data_copy):
    path = data_copy / "crises.csv"
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert _refused("crises") == ("crises.csv starts with a byte-order mark (BOM); save it as "
                                  "UTF-8 without BOM.")


def test_a_repeated_key_names_the_second_line(data_copy):
    path = data_copy / "membership_events.csv"
    first = pd.read_csv(path, dtype=str).loc[0, "event_id"]
    _edit(path, "event_id", first, row=1)
    assert _refused("membership_events").startswith(
        f"membership_events.csv, line 3, column 'event_id': {first!r} appears twice")


def test_an_unknown_key_in_a_list_column_is_named(data_copy):
    path = data_copy / "timeline.csv"
    row = _row_of(path, "event_id", "drills-afghan-border-2021")
    line = _edit(path, "states", "ARM;XYZ", row=row)
    assert _refused("timeline").startswith(
        f"timeline.csv, line {line}, column 'states': 'XYZ' is not a key in states")
