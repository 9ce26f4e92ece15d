"""The learner's install check says plainly what is in place and what to do if not."""

from __future__ import annotations

import json
import subprocess
import sys

from csto import doctor


def test_everything_in_place_here(capsys):
    assert doctor.report() is True
    out = capsys.readouterr().out
    assert "PROBLEM" not in out and "All set" in out
    assert "widgets extension installed and enabled" in out


def test_command_line_exit_code():
    done = subprocess.run([sys.executable, "-m", "csto.doctor"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_a_wrong_version_is_reported_with_the_fix(monkeypatch, capsys):
    fake = {"pandas": "0.0.1", "nonexistent-pkg": "1"}
    monkeypatch.setattr(doctor, "pinned_versions", lambda: fake)
    assert doctor.report() is False
    out = capsys.readouterr().out
    assert "PROBLEM pandas" in out and "0.0.1 is pinned" in out and "make lab" in out
    assert "; nonexistent-pkg is not installed" in out  # one line for the packages
    assert [line.split()[0] for line in out.splitlines()[:4]] == ["OK", "PROBLEM", "OK", "OK"]
    monkeypatch.setattr(doctor, "pinned_versions", lambda: {f"no-pkg-{i}": "1" for i in range(9)})
    said = doctor._packages()[1]
    assert said.count("not installed") == 3 and "and 6 more" in said


def test_a_disabled_widgets_extension_is_reported(tmp_path, monkeypatch):
    labconfig = tmp_path / "labconfig"
    labconfig.mkdir()
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {doctor.WIDGETS: True}}))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    ok, message = doctor._widgets_extension()
    assert not ok and "disabled" in message and "labextension enable" in message


def test_a_hand_edited_page_config_is_read_or_skipped(tmp_path, monkeypatch):
    labconfig = tmp_path / "labconfig"
    labconfig.mkdir()
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    for text in ("[1, 2]", '{"disabledExtensions": 5}', '{"disabledExtensions": {"x": 1}}', "{"):
        (labconfig / "page_config.json").write_text(text)
        assert doctor._widgets_extension()[0], text
    listed = {"disabledExtensions": [doctor.WIDGETS]}
    (labconfig / "page_config.json").write_text(json.dumps(listed))
    assert "disabled" in doctor._widgets_extension()[1]


def test_a_missing_widgets_extension_is_reported(tmp_path, monkeypatch):
    import jupyter_core.paths

    monkeypatch.setattr(jupyter_core.paths, "jupyter_path", lambda *a: [str(tmp_path)])
    ok, message = doctor._widgets_extension()
    assert not ok and "missing" in message


def test_unreadable_data_is_reported(tmp_path, monkeypatch):
    import csto

    monkeypatch.setenv("CSTO_DATA", str(tmp_path))
    monkeypatch.setattr(csto.paths, "_REPO_DATA", tmp_path)
    csto.data.clear_cache()
    try:
        ok, message = doctor._data()
    finally:
        csto.data.clear_cache()
    assert not ok and "could not be read" in message and "CSTO_DATA" in message


def test_the_install_check_runs_as_a_module_and_check_means_the_exercise_checker():
    """`python -m csto.doctor` reports; `csto.check` is the exercise checker, not the module."""
    code = ("import sys, csto, csto.doctor\n"
            "print(csto.check.__module__, csto.doctor.report.__module__,"
            " any(m in sys.modules for m in ('folium', 'matplotlib', 'ipywidgets')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["csto.exercises", "csto.doctor", "False"]
    run = subprocess.run([sys.executable, "-m", "csto.doctor"], capture_output=True, text=True)
    assert "data set found" in run.stdout


def test_a_word_without_quotes_gets_a_sentence_saying_what_to_type():
    """`answer = Chisinau` in a notebook: once csto is imported, the NameError says to put
    text in quotes (IPython's custom exception hook), in one line, not a long traceback."""
    code = ("from IPython.core.interactiveshell import InteractiveShell\n"
            "shell = InteractiveShell.instance()\n"
            "shell.run_cell('import csto')\n"
            "shell.run_cell('answer = Chisinau')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "name 'Chisinau' is not defined" in out
    assert 'put it in quotes: answer = "Chisinau"' in out
    assert "Traceback" not in out
