"""The lessons' IPython kernel configuration, installed into the environment's etc/ipython by
`make lab` (.venv/etc/ipython) and by Binder's postBuild, and so used by every kernel started
from that environment (JupyterLab, `make execute`, nbval).

Each kernel loads csto.kernel at start, so that a cell run before the imports cell (after a
kernel restart, say) reads "name 'check' is not defined: run the imports cell at the top of the
lesson first ...", and a date or words typed without quotes get one sentence about quotes.
"""

c = get_config()  # noqa: F821 - IPython defines get_config while it reads this file
c.InteractiveShellApp.extensions = ["csto.kernel"]
