"""The lessons' IPython kernel configuration, installed into the environment's etc/ipython by
`make lab` (.venv/etc/ipython) and by Binder's postBuild, and so used by every kernel started
from that environment (JupyterLab, `make execute`, nbval).

Each kernel loads csto.kernel at start, so that a cell run before the imports cell (after a
kernel restart, say) reads "name 'check' is not defined: run the imports cell at the top of the
lesson first ...", and a date or words typed without quotes get one sentence about quotes.

The kernel also leaves out its warning that it runs "over TCP without encryption": JupyterLab
talks to its own kernels over the loopback address (127.0.0.1), and a newcomer reads the
warning, printed at every kernel start, as an error.
"""

import logging


class _NotTheTcpWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "running over TCP without encryption" not in record.getMessage()


logging.getLogger("IPKernelApp").addFilter(_NotTheTcpWarning())

c = get_config()  # noqa: F821 - IPython defines get_config while it reads this file
c.InteractiveShellApp.extensions = ["csto.kernel"]
