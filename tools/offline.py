"""Run a command with no network: shared by the nbval and browser stages.

Under CI (``CI=true``) or with ``CSTO_OFFLINE=1``, the command runs inside a new network
namespace (``unshare -rn``) where only loopback is up, so anything that tries to fetch from
the internet at run time fails, while JupyterLab, kernels and the browser still talk over
127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def wanted() -> bool:
    """True when the run must happen offline (CI, or CSTO_OFFLINE=1)."""
    return os.environ.get("CI") == "true" or os.environ.get("CSTO_OFFLINE") == "1"


def wrap(cmd: list[str], who: str) -> list[str] | None:
    """`cmd` wrapped to run with no network when that is wanted; None (after saying why on
    stderr) when it is wanted but `unshare` or `ip` is missing."""
    if not wanted():
        return cmd
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        print(f"{who}: an offline run needs `unshare` and `ip` (util-linux, iproute2)",
              file=sys.stderr)
        return None
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"{who}: this machine does not allow a network namespace for this user "
              f"(unshare -rn said: {probe.stderr.strip() or probe.returncode}); run as root or "
              "enable user namespaces", file=sys.stderr)
        return None
    print(f"{who}: running with no network (unshare -rn, loopback only)")
    # A new network namespace starts with loopback down; bring it up, then run the command.
    return ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]
