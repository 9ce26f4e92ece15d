"""The lessons' kernel answers a newcomer's slips with a sentence (csto.kernel): a cell run
before the imports cell, after a restart; a date or words typed without quotes.

The kernel tests start a real IPython kernel configured by tools/ipython_kernel_config.py (the
file `make lab` and Binder install), from a profile of the test's own, with nothing imported;
the environment's installed copy, which the kernel reads too, must be the same file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from csto.kernel import name_hint, quote_hint

CONFIG = ROOT / "tools" / "ipython_kernel_config.py"


@pytest.mark.parametrize(("line", "fixed"), [
    ("answer = 2022-01-06", 'answer = "2022-01-06"'),
    ("answer = 6 January 2022", 'answer = "6 January 2022"'),
    ("answer = Kazakh Health Ministry  # the source", 'answer = "Kazakh Health Ministry"'),
    ('check("04-first-day", 2022-01-06)', 'check("04-first-day", "2022-01-06")'),
    ("answer = 06/01/2022", 'answer = "06/01/2022"'),
])
def test_a_date_or_words_without_quotes_get_the_line_with_quotes(line, fixed):
    assert quote_hint(line) == f"Put dates and text in quotes: {fixed}."


@pytest.mark.parametrize("line", ["x = [1, 2", "answer = '2022-01-06", "for x in y", "", None,
                                  'answer = "2022-01-06" +'])
def test_other_syntax_errors_keep_python_s_message(line):
    assert quote_hint(line) is None


def test_a_name_of_the_imports_cell_says_to_run_it():
    assert name_hint("check").startswith("Run the imports cell")
    assert name_hint("kazakhstan_days").startswith("Run the imports cell")
    assert 'put it in quotes: answer = "Chisinau"' in name_hint("Chisinau")


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """A kernel of this environment started as JupyterLab starts one, with the lessons' kernel
    configuration in its own IPython profile (IPYTHONDIR) and nothing imported yet."""
    jupyter_client = pytest.importorskip("jupyter_client")
    # the environment's own copy (make env) is read as well: it must be this one
    installed = Path(sys.prefix) / "etc" / "ipython" / "ipython_kernel_config.py"
    assert not installed.is_file() or installed.read_bytes() == CONFIG.read_bytes(), (
        f"{installed} differs from {CONFIG.relative_to(ROOT)}: run `make env` to install it")
    ipython_dir = tmp_path_factory.mktemp("ipython")
    (ipython_dir / "profile_default").mkdir()
    shutil.copyfile(CONFIG, ipython_dir / "profile_default" / "ipython_kernel_config.py")
    manager = jupyter_client.KernelManager(kernel_name="python3")
    env = dict(os.environ, IPYTHONDIR=str(ipython_dir))
    log = ipython_dir / "kernel.log"
    with open(log, "wb") as out:
        manager.start_kernel(env=env, cwd=str(ROOT / "notebooks"), stdout=out, stderr=out)
    client = manager.client()
    client.start_channels()
    client.kernel_log_path = log
    try:
        client.wait_for_ready(timeout=120)
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, code: str) -> dict:
    """Run one cell; return its error (ename, evalue, traceback as text) or {}."""
    reply = client.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
    content = reply["content"]
    if content["status"] != "error":
        return {}
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(content["traceback"]))
    return {"ename": content["ename"], "evalue": content["evalue"], "traceback": text}


def test_a_cell_run_before_the_imports_says_to_run_the_imports_cell(kernel):
    """After a restart, `check(...)` before the imports cell: one sentence, no traceback."""
    error = run(kernel, 'check("00-tables", 3)')
    assert error["ename"] == "NameError"
    assert "Run the imports cell at the top of the lesson first" in error["evalue"]
    assert "Traceback" not in error["traceback"] and "Cell In[" not in error["traceback"]


@pytest.mark.parametrize(("code", "fixed"), [
    ("answer = 2022-01-06", 'answer = "2022-01-06"'),
    ("answer = 6 January 2022", 'answer = "6 January 2022"'),
])
def test_an_unquoted_date_gets_a_sentence_about_quotes(kernel, code, fixed):
    """Python would say "leading zeros in decimal integer literals" or "invalid syntax"."""
    error = run(kernel, code)
    assert error["ename"] == "SyntaxError"
    assert f"Put dates and text in quotes: {fixed}." in error["evalue"]
    assert "octal" not in error["traceback"]


def test_the_kernel_starts_without_the_tcp_warning(kernel):
    """The kernel's "running over TCP without encryption" warning, which a newcomer reads in
    the terminal of `make lab` as an error at every kernel start, is left out."""
    run(kernel, "1 + 1")
    assert "without encryption" not in kernel.kernel_log_path.read_text(errors="replace")


def _make_would_run(changed: str) -> str:
    """The commands `make env` would run were `changed` (a path in the repository) newer."""
    return subprocess.run(["make", "-n", "--no-print-directory", "-W", changed, "env"],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_the_kernel_configuration_is_installed_by_make_lab_and_binder():
    """`make env` (and so `make lab`, `make test`) and postBuild copy the configuration into
    the environment's etc/ipython, where every kernel started from it reads it."""
    make = _make_would_run("tools/ipython_kernel_config.py")
    assert re.search(r"cp tools/ipython_kernel_config\.py \.venv/etc/ipython/"
                     r"ipython_kernel_config\.py", make), make
    post_build = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert re.search(r"cp tools/ipython_kernel_config\.py \S*/etc/ipython/"
                     r"ipython_kernel_config\.py", post_build.replace('"', "")), post_build


def test_the_server_configuration_is_installed_by_make_lab_and_binder():
    """The server's settings that keep its start-up quiet reach `make lab` and Binder."""
    make = _make_would_run("tools/jupyter_server_config.json")
    assert ("cp tools/jupyter_server_config.json "
            ".venv/etc/jupyter/jupyter_server_config.json") in make, make
    post_build = (ROOT / "postBuild").read_text(encoding="utf-8").replace('"', "")
    assert re.search(r"cp tools/jupyter_server_config\.json \S*/etc/jupyter/"
                     r"jupyter_server_config\.json", post_build), post_build
