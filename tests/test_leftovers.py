"""Issue 22's learner leftovers: timedeltas, 0-d arrays and datetime64 of month or year
precision read as the same text would be; show_readings in time proportional to its rows;
ipywidgets named when missing; matplotlib quiet with a home folder it cannot write."""

from __future__ import annotations

import os
import subprocess
import sys

import csto
import numpy as np
import pandas as pd
import pytest
from csto import sources
from csto.errors import BadDateError, CstoError
from csto.paths import clear_cache


@pytest.mark.parametrize("length", [np.timedelta64(1, "D"), pd.Timedelta(days=1),
                                    np.array(np.timedelta64(3, "D"))])
def test_a_length_of_time_is_not_a_date(length):
    with pytest.raises(BadDateError, match="is a length of time, not a date"):
        csto.members_on(length)


def test_datetime64_of_year_or_month_precision_reads_as_the_same_text():
    for text in ("2012", "2012-05", "1999-04-02"):
        assert csto.members_on(np.datetime64(text)) == csto.members_on(text), text
        assert csto.members_on(np.array(text)) == csto.members_on(text), text
    assert "Uzbekistan" not in csto.members_on(np.datetime64("2012"))
    assert csto.check("01-entry-into-force", np.datetime64("1994")).verdict == "nearly"


def test_zero_dimensional_arrays_are_read_as_their_value():
    assert csto.crises(np.array("declined")).equals(csto.crises("declined"))
    assert csto.state_name(np.array("Armenia")) == "Armenia"
    assert csto.timeline(category=np.array("crisis")).equals(csto.timeline(category="crisis"))
    assert csto.members_on(np.array(2012)) == csto.members_on(2012)


def test_show_readings_reads_the_sources_once_however_many_rows(monkeypatch):
    readings = csto.load("readings")
    many = pd.concat([readings] * 200, ignore_index=True).assign(lesson="04")
    calls = []

    def load(name):
        calls.append(name)
        return many if name == "readings" else csto.load(name)

    monkeypatch.setattr(sources, "load", load)
    clear_cache()
    try:
        assert sources.show_readings("04").data.count("\n- ") == len(many) - 1
    finally:
        clear_cache()
    assert calls.count("sources") == 1


def test_widgets_name_ipywidgets_when_it_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    for explorer in (csto.membership_explorer, csto.crisis_explorer, csto.kazakhstan_stepper):
        with pytest.raises(CstoError, match="needs the ipywidgets package.*pip install ipywid"):
            explorer()


def test_matplotlib_is_quiet_when_the_home_folder_cannot_be_written(tmp_path):
    home = tmp_path / "file"
    home.write_text("not a folder", encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    env["HOME"] = str(home / "home")  # under a file: no folder can be made there
    code = "import csto; csto.membership_chart(); import os; print(os.environ['MPLCONFIGDIR'])"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True)
    assert run.stderr == "" and "csto-matplotlib" in run.stdout
