"""Citations: every row of the data names its sources; these functions print them."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from .data import load
from .errors import CstoError, unknown


def cite(source_id: str) -> str:
    """A formatted citation for one source: publisher, title, date, and its own URL if known.

    >>> cite("atop-v4-01").startswith("Alliance Treaty Obligations and Provisions")
    True
    >>> cite("no-such-source")
    Traceback (most recent call last):
    ...
    csto.errors.UnknownNameError: 'no-such-source' is not a known source id. ...
    """
    text, url = _citation(source_id)
    return f"{text} {url}" if url else text


def _citation(source_id: str) -> tuple[str, str]:
    """(publisher, title, date and kind as one sentence; the URL or "")."""
    table = load("sources").set_index("source_id")
    if source_id not in table.index:
        raise unknown("source id", source_id, table.index, "load(\"sources\")")
    s = table.loc[source_id]
    title = s["title"]
    if pd.notna(s["title_en"]):
        title = f"{title} [{s['title_en']}]"
    text = f"{s['publisher']}, “{title}”, {s['date_text']} ({s['kind']}, {s['language']})."
    return text, (s["url"] if pd.notna(s["url"]) else "")


def source_ids(frame: pd.DataFrame) -> list[str]:
    """Every source id named by the rows of a table (``source_id`` and ``also_source_ids``),
    in order of first appearance.

    >>> from csto.queries import claims
    >>> len(source_ids(claims("geo-signature-date"))) >= 2
    True
    """
    if "source_id" not in frame.columns:
        raise CstoError("This table has no 'source_id' column: pass a table from csto.load() "
                        "or from one of the query functions.")
    ids: list[str] = []
    also = frame["also_source_ids"] if "also_source_ids" in frame else [pd.NA] * len(frame)
    for main, more in zip(frame["source_id"], also, strict=True):
        ids.append(main)
        if isinstance(more, str):
            ids.extend(more.split(";"))
    return list(dict.fromkeys(ids))


def _ids_of(item: object) -> list[str]:
    """The source ids behind one argument of bibliography: a table, an id, or a list of ids."""
    if isinstance(item, pd.DataFrame):
        return source_ids(item)
    if isinstance(item, str):
        return [item]
    if isinstance(item, (list, tuple, set, frozenset)) and all(isinstance(i, str) for i in item):
        return list(item)
    shown = " ".join(str(item).split())[:40]
    raise CstoError(f"Sources are listed for tables from csto (with a 'source_id' column), for "
                    f"source ids, or for lists of source ids; got {type(item).__name__} "
                    f"{shown!r}.")


def bibliography(*frames: pd.DataFrame | str | Iterable[str]) -> str:
    """A Markdown list citing every source behind the given tables, source ids or lists of ids.

    >>> print(bibliography("atop-v4-01"))  # doctest: +ELLIPSIS
    - Alliance Treaty Obligations and Provisions (ATOP) project ...
    """
    lines = []
    for source_id in dict.fromkeys(i for f in frames for i in _ids_of(f)):
        text, url = _citation(source_id)
        lines.append(f"- {_markdown_text(text)}" + (f" <{url}>" if web_address(url) else ""))
    return "\n".join(lines)


def web_address(url: object) -> bool:
    """Whether `url` is an http(s) address, the only kind the lessons link to (never a
    ``javascript:`` or other scheme)."""
    return isinstance(url, str) and re.fullmatch(r"https?://[^\s<>]+", url) is not None


def _markdown_text(text: str) -> str:
    """Text shown as itself in Markdown: brackets, stars, underscores and tags are escaped."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def show_sources(*frames: pd.DataFrame | str | Iterable[str]):
    """Display the sources behind the given tables (or source ids, or lists of them) as a
    Markdown list in a notebook.

    Lessons end with this, so that every source they used is cited from the data itself.
    """
    from IPython.display import Markdown

    return Markdown(bibliography(*frames))


def show_readings(lesson: str):
    """Display a lesson's further readings (the ``readings`` table), each with why to read it.

    ``lesson`` is the lesson's number as text, as in its file name: ``show_readings("04")``.

    >>> print(show_readings("06").data)  # doctest: +ELLIPSIS
    - ... Why read it: ...
    """
    from IPython.display import Markdown

    table = load("readings")
    if not isinstance(lesson, str) or lesson not in set(table["lesson"]):
        raise unknown("lesson number", lesson, table["lesson"])
    lines = []
    for row in table[table["lesson"] == lesson].itertuples():
        text, url = _citation(row.source_id)
        link = f" <{url}>" if web_address(url) else ""
        lines.append(f"- {_markdown_text(text)}{link} Why read it: {_markdown_text(row.why)}")
    return Markdown("\n".join(lines))


def perspectives(case: str | None = None) -> pd.DataFrame:
    """Who argued what about a crisis: one row per attributed position (who, their role, the
    date, the position in our words, the kind of voice and the source), in date order.

    ``case`` is one of the table's cases (for example ``"kazakhstan-2022"``), or None for all.

    >>> sorted(perspectives()["case"].unique())[:2]
    ['armenia-2021-2024', 'kazakhstan-2022']
    """
    table = load("perspectives")
    if case is not None:
        if not isinstance(case, str) or case not in set(table["case"]):
            raise unknown("case", case, table["case"])
        table = table[table["case"] == case]
    return table.sort_values(["case", "date"], kind="stable").reset_index(drop=True)
