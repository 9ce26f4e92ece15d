"""Citations: every row of the data names its sources; these functions print them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

import pandas as pd

from .data import load
from .errors import CstoError, unknown
from .paths import cached
from .text import left_aligned, shown


def cite(source_id: str) -> str:
    """Return a citation for one source: publisher, title, date, and its own URL if known.

    >>> cite("atop-v4-01").startswith("Alliance Treaty Obligations and Provisions")
    True
    """
    text, url = _citation(source_id)
    return f"{text} {url}" if url else text


def _citation(source_id: object) -> tuple[str, str]:
    """(publisher, title, date and kind as one sentence; the URL or "")."""
    publisher, rest, url = _parts(source_id)
    return f"{publisher}, {rest}.", url


def _parts(source_id: object) -> tuple[str, str, str]:
    """(publisher; “title”, date (kind, language); the URL or "")."""
    if not isinstance(source_id, str):
        raise CstoError(f"A source id is text such as 'atop-v4-01', not {shown(source_id)}: "
                        "for several sources use show_sources(table_or_list).")
    table = _by_id()
    if source_id not in table:
        raise unknown("source id", source_id, table, "load(\"sources\")")
    s = table[source_id]
    title = f"{s['title']} [{s['title_en']}]" if pd.notna(s["title_en"]) else s["title"]
    return (s["publisher"], f"“{title}”, {s['date_text']} ({s['kind']}, {s['language']})",
            s["url"] if pd.notna(s["url"]) else "")


@cached
def _by_id() -> dict[str, dict]:
    """Each source's row by id, built once (so citing n readings takes time in proportion to n)."""
    return load("sources").set_index("source_id").to_dict("index")


def source_ids(frame: pd.DataFrame) -> list[str]:
    """Return every source id named by a table's rows (``source_id``, ``also_source_ids``),
    in order of first appearance.

    >>> from csto.queries import claims
    >>> len(source_ids(claims("geo-signature-date"))) >= 2
    True
    """
    if not isinstance(frame, pd.DataFrame) or "source_id" not in frame.columns:
        what = ("This table has no 'source_id' column" if isinstance(frame, pd.DataFrame)
                else f"{shown(frame)} is not a table")
        raise CstoError(f"{what}: pass a table from csto.load() or from a query function.")
    also = frame.get("also_source_ids", pd.Series(pd.NA, index=frame.index))
    ids = [i for main, more in zip(frame["source_id"], also, strict=True)
           for i in [main, *(more.split(";") if isinstance(more, str) else [])]]
    bad = [i for i in ids if not isinstance(i, str)]
    if bad:
        raise CstoError(f"A source id is text, but this table's sources include {shown(bad[0])}.")
    return list(dict.fromkeys(ids))


def bibliography(*frames: pd.DataFrame | str | Iterable[str]) -> str:
    """Return a Markdown list citing every source behind the given tables, ids or lists of ids,
    each once: sorted by publisher (then date and title), one line per publisher.

    >>> print(bibliography("atop-v4-01"))  # doctest: +ELLIPSIS
    - Alliance Treaty Obligations and Provisions (ATOP) project ...
    """
    ids: list[str] = []
    for item in frames:
        if isinstance(item, pd.DataFrame):
            ids += source_ids(item)
        elif isinstance(item, str):
            ids.append(item)
        elif isinstance(item, (list, tuple, set, frozenset)) and all(
                isinstance(i, str) for i in item):
            ids += item
        else:
            raise CstoError(f"Sources are listed for tables from csto (with a 'source_id' "
                            f"column), for source ids, or for lists of them, not {shown(item)}.")
    if not ids:
        raise CstoError("There are no sources to list: give a table from csto, a source id, or "
                        "a list of source ids.")
    parts = sorted((_parts(i) for i in dict.fromkeys(ids)),
                   key=lambda p: (p[0].casefold(), _date_key(p[1]), p[1].casefold()))
    lines = []
    for publisher, group in itertools.groupby(parts, key=lambda p: p[0]):
        works = "; ".join(_markdown_text(rest) + (f" <{url}>" if web_address(url) else "")
                          for _, rest, url in group)
        lines.append(f"- {_markdown_text(publisher)}: {works}.")
    return "\n".join(lines)


def _date_key(rest: str) -> str:
    """The date written after the title ("..., 2022-01-05 (news, en)"), to sort by."""
    found = re.search(r"”, (\S+) \(", rest)
    return found.group(1) if found else ""


def _item(source_id: str, why: str = "") -> str:
    """One Markdown list item citing a source (brackets, stars and tags escaped)."""
    text, url = _citation(source_id)
    line = f"- {_markdown_text(text)}" + (f" <{url}>" if web_address(url) else "")
    return line + (f" Why read it: {_markdown_text(why)}" if why else "")


def web_address(url: object) -> bool:
    """Return whether `url` is an http(s) address, the only kind the lessons link to."""
    return isinstance(url, str) and re.fullmatch(r"https?://[^\s<>]+", url) is not None


def _markdown_text(text: str) -> str:
    """Text shown as itself in Markdown: brackets, stars, underscores and tags are escaped."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def show_sources(*frames: pd.DataFrame | str | Iterable[str]):
    """Display the sources behind the given tables, source ids or lists of ids (Markdown)."""
    from IPython.display import Markdown

    return Markdown(bibliography(*frames))


def show_readings(lesson: str):
    """Display a lesson's further readings, each with why to read it: ``show_readings("04")``.

    >>> print(show_readings("06").data)  # doctest: +ELLIPSIS
    - ... Why read it: ...
    """
    from IPython.display import Markdown

    table = load("readings")
    if not isinstance(lesson, str) or lesson not in set(table["lesson"]):
        raise unknown("lesson number", lesson, table["lesson"])
    rows = table[table["lesson"] == lesson]
    return Markdown("\n".join(map(_item, rows["source_id"], rows["why"])))


class TextTable(pd.DataFrame):
    """A table of text (who argued what): a DataFrame that a notebook shows with its cells
    aligned left, so that paragraphs read as text. Selecting rows or columns keeps that."""

    @property
    def _constructor(self) -> type[TextTable]:
        return TextTable

    def _repr_html_(self) -> str | None:
        html = super()._repr_html_()
        return left_aligned(html) if html else html


def perspectives(case: str | None = None) -> pd.DataFrame:
    """Return who argued what about one crisis (``"kazakhstan-2022"``), or all if None.

    >>> sorted(perspectives()["case"].unique())[:2]
    ['armenia-2021-2024', 'belarus-2020']
    """
    table = load("perspectives")
    if case is not None:
        if not isinstance(case, str) or case not in set(table["case"]):
            raise unknown("case", case, table["case"])
        table = table[table["case"] == case]
    return TextTable(table.sort_values(["case", "date"], kind="stable").reset_index(drop=True))
