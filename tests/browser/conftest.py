"""Fixtures of the browser stage: one JupyterLab server and one Chromium for the whole session,
a fresh browser context (and page) for each test.

- The server serves a *copy* of the repository's README.md, notebooks/ (with solutions/),
  data/ and teachers/ in a temporary folder, as `make lab` serves the repository, so running
  the lessons never changes the committed notebooks and README links can be followed.
- The lessons are marked trusted as `make lab` marks them (`jupyter trust`, into a signature
  database of the test's own); a notebook copied in later (`Lab.copy_in`) starts untrusted, as
  after nbgitpuller.
- Chromium is Debian's (`/usr/bin/chromium`) or the one named by CSTO_CHROMIUM. Where none is
  found the tests skip with a message saying how to get one; under CI (CI=true) they fail.
- Every request for an address other than the test server is aborted and recorded: the lessons
  must work with no network. (`tools/run_browser.py` also runs the stage in a network namespace
  with only loopback under CI.)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SCREENSHOTS = ROOT / "build" / "screenshots"
CI = os.environ.get("CI") == "true"

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
MISSING_BROWSER = (
    "no Chromium found for the browser tests: install Debian's chromium package "
    "(apt-get install chromium) or set CSTO_CHROMIUM=/path/to/chromium"
)

#: JupyterLab user settings for the test server (its own settings folder, never the user's).
#: windowingMode "none" keeps every cell (and every map iframe) in the page, laid out, so that
#: counting and screenshots see the whole notebook.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # no "would you like to get news" toast over the screenshots
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False,
    },
}


def _skip_or_fail(message: str) -> None:
    if CI:
        pytest.fail(f"{message} (CI=true: the browser stage must run)", pytrace=False)
    pytest.skip(message)


def chromium_path() -> str | None:
    """The Chromium to drive: CSTO_CHROMIUM, else Debian's, else one on PATH."""
    env = os.environ.get("CSTO_CHROMIUM")
    if env:
        return env if os.access(env, os.X_OK) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def lesson_paths() -> list[Path]:
    """The lesson notebooks (csto.paths.lessons(): notebooks/NN-*.ipynb)."""
    from csto.paths import lessons

    return list(lessons().values())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab: its address, token and the folder it serves."""

    base: str
    token: str
    root_dir: Path
    proc: subprocess.Popen
    log: Path

    def url(self, path: str, reset: bool = True) -> str:
        query = ("reset&" if reset else "") + f"token={self.token}"
        return f"{self.base}/{path.lstrip('/')}?{query}"

    def copy_in(self, source: Path, name: str | None = None) -> str:
        """Copy a notebook into the served folder (untrusted there); return its lab path."""
        target = self.root_dir / "scratch" / (name or source.name)
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
        return target.relative_to(self.root_dir).as_posix()

    def log_tail(self, n: int = 40) -> str:
        lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(lines[-n:])


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Lab:
    """Start JupyterLab on 127.0.0.1 on a free port, serving a copy of the repository."""
    work = tmp_path_factory.mktemp("lab")
    served = work / "served"
    for folder in ("notebooks", "data", "teachers"):
        shutil.copytree(ROOT / folder, served / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copyfile(ROOT / "README.md", served / "README.md")
    settings = work / "settings"
    for rel, content in LAB_SETTINGS.items():
        path = settings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content))
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ,
               JUPYTER_CONFIG_DIR=str(work / "config"),
               JUPYTER_RUNTIME_DIR=str(work / "runtime"),
               IPYTHONDIR=str(work / "ipython"),
               JUPYTER_DATA_DIR=str(work / "data"),
               PYTHONDONTWRITEBYTECODE="1")
    cmd = [str(VENV_BIN / "jupyter"), "lab", "--no-browser",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", "--ServerApp.password=",
           f"--ServerApp.root_dir={served}",
           "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           f"--LabApp.user_settings_dir={settings}",
           f"--LabApp.workspaces_dir={work / 'workspaces'}"]
    # as `make lab` does: the lessons are trusted, so their saved maps show on first open
    subprocess.run([str(VENV_BIN / "jupyter"), "trust",
                    *map(str, sorted((served / "notebooks").glob("*.ipynb")))],
                   env=env, check=True, capture_output=True)
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = work / "jupyter.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=served, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    server = Lab(f"http://127.0.0.1:{port}", token, served, proc, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                req = urllib.request.Request(f"{server.base}/api/status",
                                             headers={"Authorization": f"token {token}"})
                with urllib.request.urlopen(req, timeout=2) as resp:
                    if "started" in json.load(resp):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within 60 s:\n{server.log_tail()}")
            time.sleep(0.3)
        yield server
    finally:
        # stop the server and its kernels: the whole process group started above, by its id
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Playwright is not installed: run `make env-dev` (requirements-dev.txt)")
    executable = chromium_path()
    if executable is None:
        _skip_or_fail(MISSING_BROWSER)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Session:
    """One test's page and what it logged."""

    page: object
    lab: Lab
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def context(browser, lab):
    """One browser context for the session, so JupyterLab's scripts are fetched once and then
    come from the cache. Each test still gets its own page (and its own JupyterLab)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(30_000)
    ctx.external_requests = []  # every request that would have left the machine
    local = urlparse(lab.base).netloc

    def route(r):
        parsed = urlparse(r.request.url)
        if parsed.scheme in ("data", "blob", "about") or parsed.netloc == local:
            r.continue_()
        else:
            ctx.external_requests.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    yield ctx
    ctx.close()


def _shut_down_kernels(lab: Lab) -> None:
    """Stop every kernel the test started (through the server's API), so that the next lesson
    does not share the two cores with idle kernels."""
    headers = {"Authorization": f"token {lab.token}"}
    req = urllib.request.Request(f"{lab.base}/api/sessions", headers=headers)
    with urllib.request.urlopen(req, timeout=10) as resp:
        sessions = json.load(resp)
    for sess in sessions:
        urllib.request.urlopen(urllib.request.Request(
            f"{lab.base}/api/sessions/{sess['id']}", headers=headers, method="DELETE"),
            timeout=20).close()


@pytest.fixture
def session(context, lab):
    """A fresh page on the test server, recording JavaScript errors (in the page and in its
    frames) and requests that would leave the machine; its kernels are stopped at the end."""
    context.external_requests.clear()
    page = context.new_page()
    s = Session(page, lab, external_requests=context.external_requests)
    page.on("console", lambda m: m.type == "error" and s.console_errors.append(
        f"{m.text} ({m.location.get('url', '')[:80]}:{m.location.get('lineNumber', '')})"))
    page.on("pageerror", lambda e: s.page_errors.append(str(e)))
    try:
        yield s
    finally:
        page.close()
        _shut_down_kernels(lab)
