"""How mistakes read in a lesson's notebook: one sentence saying what to do, not a traceback.

Three slips are common in a first lesson, and Python's own messages do not help with them:

- a cell run before the imports cell (after opening a lesson, or after a kernel restart):
  ``NameError: name 'check' is not defined``;
- a word or a date typed without quotes: ``answer = Chisinau`` (a NameError),
  ``answer = 2022-01-06`` (a SyntaxError about octal numbers), ``answer = 6 January 2022``
  (invalid syntax);
- an error of csto itself, whose first sentence is all a learner needs (``%tb`` shows more).

``install(shell)`` teaches an IPython shell to answer each with a sentence. It runs when csto is
imported and, so that it also works before the imports cell runs, at every kernel start: the
kernel loads this module as an IPython extension (``tools/ipython_kernel_config.py``, which
``make lab`` and Binder's ``postBuild`` install into the environment's ``etc/ipython``).
"""

from __future__ import annotations

import re
import sys
from typing import Any

#: Names a lesson's imports cell defines besides csto's own (``csto.__all__``).
IMPORTED = frozenset({"csto", "pd", "np", "plt", "folium", "widgets", "display", "Markdown"})

_DATE = re.compile(r"(?<![\w\"'.])(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})(?![\w\"'])")
_ASSIGNED = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*([^\"'\[\](){}=#]*?)\s*(?:#.*)?$")


def _imported_names() -> frozenset[str]:
    csto = sys.modules.get("csto")
    return IMPORTED | frozenset(getattr(csto, "__all__", ()))


def name_hint(name: str) -> str:
    """What to do about a name that is not defined (the sentence after Python's own).

    >>> print(name_hint("check"))
    Run the imports cell at the top of the lesson first (after a restart: Run > Run All ...
    """
    if name in _imported_names():
        return ("Run the imports cell at the top of the lesson first (after a restart: Run > Run "
                "All Above Selected Cell).")
    return (f'If you meant the text {name}, put it in quotes: answer = "{name}". If {name} is a '
            "variable, run the cell that defines it first (Run > Run All Above Selected Cell).")


def quote_hint(line: str | None) -> str | None:
    """The sentence for a line that failed to parse because a date or some words lack quotes,
    or None when the line is not such a slip.

    >>> quote_hint("answer = 2022-01-06")
    'Put dates and text in quotes: answer = "2022-01-06".'
    >>> quote_hint("answer = 6 January 2022")
    'Put dates and text in quotes: answer = "6 January 2022".'
    >>> quote_hint("answer = [1, 2") is None
    True
    """
    if not line:
        return None
    line = line.strip()
    date = _DATE.search(line)
    if date:
        fixed = f'{line[:date.start()]}"{date.group(1)}"{line[date.end():]}'
        return f"Put dates and text in quotes: {fixed}."
    assigned = _ASSIGNED.match(line)
    if assigned and len(assigned.group(2).split()) >= 2:
        name, value = assigned.groups()
        return f'Put dates and text in quotes: {name} = "{value}".'
    return None


def install(shell: Any) -> None:
    """Make ``shell`` (IPython's) answer csto's errors, names not yet defined and dates or words
    without quotes with one sentence each; other errors show as before."""
    from .errors import CstoError

    def short(shell: Any, etype: type, evalue: BaseException, tb: Any,
              tb_offset: Any = None) -> None:  # IPython's handler signature
        name = getattr(evalue, "name", None)
        if issubclass(etype, NameError) and name and not getattr(evalue, "_csto", False):
            # changed in place, so that the kernel's reply (evalue) says the same
            evalue.args, evalue._csto = (f"{evalue}. {name_hint(name)}",), True
        shell.showtraceback((etype, evalue, tb), exception_only=True)

    shell.set_custom_exc((CstoError, NameError), short)
    if getattr(shell.showsyntaxerror, "_csto", False):
        return
    plain = shell.showsyntaxerror

    def showsyntaxerror(filename: str | None = None, running_compiled_code: bool = False) -> None:
        _, value, _ = sys.exc_info()
        if isinstance(value, SyntaxError):
            hint = quote_hint(value.text)
            if hint:
                value.msg = hint
        plain(filename, running_compiled_code)

    showsyntaxerror._csto = True  # type: ignore[attr-defined]
    shell.showsyntaxerror = showsyntaxerror


def load_ipython_extension(ipython: Any) -> None:
    """IPython's entry point (``%load_ext csto.kernel``, or the kernel configuration)."""
    install(ipython)
