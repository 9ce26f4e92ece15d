"""The offline wrapper really cuts the network, and keeps loopback for kernels and browsers."""

from __future__ import annotations

import shutil
import subprocess
import sys

import offline
import pytest

PROBE = """
import socket
print(*[name for _, name in socket.if_nameindex()])
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen()
socket.create_connection(server.getsockname(), timeout=2).close()
print("loopback ok")
try:
    socket.create_connection(("pypi.org", 443), timeout=3)  # reachable here without unshare
    print("network reached")
except OSError:
    print("no network")
"""


def test_not_wrapped_unless_asked(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("CSTO_OFFLINE", raising=False)
    assert offline.wrap(["true"], "t") == ["true"]


@pytest.mark.skipif(shutil.which("unshare") is None or shutil.which("ip") is None,
                    reason="needs unshare and ip (util-linux, iproute2)")
def test_wrapped_command_has_loopback_but_no_network(monkeypatch):
    monkeypatch.setenv("CSTO_OFFLINE", "1")
    cmd = offline.wrap([sys.executable, "-c", PROBE], "t")
    assert cmd[:2] == ["unshare", "-rn"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    # only the loopback interface exists in the namespace, and it works; the registry does not
    assert out.stdout.split() == ["lo", "loopback", "ok", "no", "network"], out.stderr


def test_missing_tools_refuse_rather_than_run_online(monkeypatch, capsys):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(offline.shutil, "which", lambda name: None)
    assert offline.wrap(["true"], "t") is None
    assert "needs `unshare` and `ip`" in capsys.readouterr().err


def test_a_forbidden_namespace_is_reported_in_one_sentence(monkeypatch, capsys):
    monkeypatch.setenv("CSTO_OFFLINE", "1")
    monkeypatch.setattr(offline.shutil, "which", lambda name: f"/usr/bin/{name}")

    class Refused:
        returncode, stderr = 1, "unshare: unshare failed: Operation not permitted"

    monkeypatch.setattr(offline.subprocess, "run", lambda *a, **k: Refused())
    assert offline.wrap(["true"], "t") is None
    assert "does not allow a network namespace" in capsys.readouterr().err
