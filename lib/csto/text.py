"""How csto writes data and answers into what people read: escaped HTML, shortened values."""

from __future__ import annotations

import html
import math
import re

SHOWN_LENGTH = 60  # values longer than this are shortened in messages and feedback


def esc(value: object) -> str:
    """Return a value HTML-escaped, to show as plain text: missing values become "", and the
    backquote, ``$`` and backslash of the JavaScript folium writes are escaped too.

    >>> esc("<b>Ärmenia</b> `$x`")
    '&lt;b&gt;Ärmenia&lt;/b&gt; &#96;&#36;x&#96;'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or (
            type(value).__name__ in ("NAType", "NaTType")):
        return ""
    text = html.escape(str(value), quote=True)
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def shown(value: object, limit: int = SHOWN_LENGTH) -> str:
    """Return ``repr(value)`` shortened to about `limit` characters (a table by its kind).

    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (100 characters)"
    """
    if isinstance(value, str) and repr(value) == value:  # text marked as already shown
        return value
    if getattr(value, "ndim", 0) >= 1 and hasattr(value, "__len__"):  # an array or a table
        unit = "rows" if hasattr(value, "columns") else "values"
        return f"a {type(value).__name__} of {len(value)} {unit}"
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        value = value.item()  # a numpy or pandas scalar shows as a plain number
    if not isinstance(value, str):
        text = " ".join(repr(value).split())  # a list or a dict on one line
    elif len(value) > limit:
        text = repr(value[:limit - 5])[:-1] + f"… ({len(value)} characters)"
    else:
        text = repr(value)
    return text if len(text) <= limit + 25 else text[:limit] + "…"


def scalar(value: object) -> object:
    """Return a 0-d array as its one value, read as a learner means it; anything else as it is.

    >>> import numpy as np
    >>> scalar(np.array("declined"))
    np.str_('declined')
    """
    if type(value).__name__ == "ndarray" and getattr(value, "ndim", None) == 0:
        return value[()]  # type: ignore[index]
    return value


def left_aligned(html_table: str) -> str:
    """An HTML table (as pandas writes it) with every header and cell aligned left and at the
    top, so that paragraphs read as text and not as right-aligned numbers. The style is written
    on each cell: notebook viewers that drop <style> blocks keep it.

    >>> left_aligned('<tr style="text-align: right;"><th></th><td>x</td></tr>')
    '<tr style="text-align: left;"><th style="text-align: left; vertical-align: top;"></th><td \
style="text-align: left; vertical-align: top;">x</td></tr>'
    """
    style = 'style="text-align: left; vertical-align: top;"'
    html_table = html_table.replace('<tr style="text-align: right;">',
                                    '<tr style="text-align: left;">')
    return re.sub(r"<(td|th)(?=[ >])", rf"<\1 {style}", html_table)
