"""Every pytest run (unit tests, doctests, nbval on the lessons) keeps the answers that
``check`` records, and the pages ``hand_in`` writes, in fresh temporary folders: never in the
home folder, so that runs stay independent and the lessons' outputs reproducible."""

from __future__ import annotations

import os
import tempfile

_TMP = tempfile.mkdtemp(prefix="csto-pytest-")
os.environ["CSTO_PROGRESS_DIR"] = os.path.join(_TMP, "progress")
os.environ["CSTO_HAND_IN_DIR"] = os.path.join(_TMP, "hand-ins")


def _clean() -> None:
    import shutil

    shutil.rmtree(_TMP, ignore_errors=True)


import atexit  # noqa: E402

atexit.register(_clean)
