"""Shared test helpers."""

from __future__ import annotations

import shutil
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))  # the repository's own scripts, for testing them
DATA = ROOT / "data"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the data folder that csto reads instead of data/ (CSTO_DATA), for edits."""
    from csto.paths import clear_cache

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("CSTO_DATA", str(copy))
    clear_cache()
    yield copy
    clear_cache()
