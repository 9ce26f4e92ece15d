"""`make lab` really serves JupyterLab: start it on a free port, poll /api/status, stop it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT, free_port


def _get(port: int, path: str, token: str) -> urllib.request.addinfourl:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                 headers={"Authorization": f"token {token}"})
    return urllib.request.urlopen(req, timeout=10)


@pytest.mark.lab
def test_make_lab_serves_jupyterlab(tmp_path):
    """`make lab` serves the whole repository (README links to data/ and teachers/ open),
    lands on lesson 00, and marks the lessons trusted (saved maps show on first open)."""
    port = free_port()
    token = "csto-test-token"
    env = dict(os.environ, JUPYTER_DATA_DIR=str(tmp_path))  # a fresh trust database
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}",
         f"LAB_ARGS=--no-browser --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}/api/status",
                                             headers={"Authorization": f"token {token}"})
                with urllib.request.urlopen(req, timeout=2) as resp:
                    status = json.load(resp)
                    break
            except OSError:
                time.sleep(0.5)
        assert status is not None, proc.stdout.read1().decode() if proc.poll() is not None else ""
        assert "started" in status
        lab = urllib.request.Request(f"http://127.0.0.1:{port}/lab",
                                     headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(lab, timeout=10) as resp:
            assert resp.status == 200
        for linked in ("data/README.md", "teachers/README.md", "README.md"):
            with _get(port, f"/api/contents/{linked}?content=0", token) as resp:
                assert resp.status == 200, linked
        # the kernel starts by itself: Run All on a fresh lesson never asks to choose one
        with _get(port, "/lab/api/settings/@jupyterlab/notebook-extension:tracker",
                  token) as resp:
            schema = json.load(resp)["schema"]["properties"]["autoStartDefaultKernel"]
            assert schema["default"] is True
        with _get(port, "/", token) as resp:
            assert resp.url.endswith("/lab/tree/notebooks/00-start-here.ipynb")
        trusted = subprocess.run(
            [sys.executable, "-c", "import sys, nbformat; from nbformat.sign import "
             "NotebookNotary as N; n = N(); print(all(n.check_signature(nbformat.read(p, 4)) "
             "for p in sys.argv[1:]))", *map(str, sorted((ROOT / "notebooks").glob("*.ipynb")))],
            env=env, capture_output=True, text=True, check=True)
        assert trusted.stdout.strip() == "True"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_browser_stage_without_chromium_is_skipped_with_a_message():
    """`make test` on a machine without Chromium passes and says how to enable the stage."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["CSTO_CHROMIUM"] = "/nonexistent/chromium"
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "run_browser.py")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "browser stage SKIPPED" in run.stdout and "apt-get install chromium" in run.stdout
