"""How a table (a pandas DataFrame) shows in a notebook: inside a box of its own that scrolls
sideways when the table is wider than the page, and that the keyboard can reach and scroll
(WCAG 2.1.1; axe-core's "scrollable-region-focusable"). JupyterLab otherwise scrolls the whole
output, which a keyboard cannot reach. The empty corner cell above the row labels is named
"row" for screen readers (axe-core's "empty-table-header"). ``import csto`` sets this up in
Jupyter; plain Python is left alone.
"""

from __future__ import annotations

import sys

import pandas as pd

#: "row", read by screen readers only: the name of the column of row labels.
_HIDDEN_ROW = ('<span style="position:absolute;width:1px;height:1px;overflow:hidden;'
               'clip-path:inset(50%);white-space:nowrap">row</span>')


def table_html(table: pd.DataFrame) -> str | None:
    """The table's HTML as pandas writes it (its display options apply), in a named region
    that scrolls sideways and can take the keyboard focus; None where pandas gives no HTML.

    >>> html = table_html(pd.DataFrame({"state": ["Armenia"], "year": [1992]}))
    >>> html.startswith('<div class="csto-table" role="region" tabindex="0" aria-label="Table')
    True
    >>> "<td>Armenia</td>" in html, html.count("<th></th>"), html.count(">row</span></th>")
    (True, 0, 1)
    """
    inner = table._repr_html_()
    if inner is None:
        return None
    # the empty corner cell above the row labels: a header a screen reader can name
    inner = inner.replace("<th></th>", f"<th>{_HIDDEN_ROW}</th>", 1)
    rows, columns = table.shape
    label = (f"Table, {rows} row{'s' * (rows != 1)} and {columns} column{'s' * (columns != 1)}"
             " (scroll sideways with the arrow keys when it is wide)")
    return (f'<div class="csto-table" role="region" tabindex="0" aria-label="{label}" '
            f'style="overflow-x:auto;max-width:100%">{inner}</div>')


def show_tables_in_scrolling_boxes() -> None:
    """In Jupyter, show every DataFrame with table_html; plain Python: nothing."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, table_html)
