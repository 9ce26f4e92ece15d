"""The 2022 article on trial: its theses, the rows that test them, and the primary texts.

The collection grew from one analysis article of January 2022 (John P. Ruehl, "Why It's Time to
Take the Russian-Led Military Alliance Seriously"). ``theses()`` lists its 18 theses in our words,
``evidence("T8")`` shows the rows of the data set that support and weaken one of them, and
``documents()`` holds short excerpts of the treaty texts, in the original and in translation.
"""

from __future__ import annotations

import pandas as pd

from .data import load
from .errors import CstoError, unknown
from .text import shown

#: The column of each table that holds a row's key, for ``table:row_id`` references.
ROW_KEYS = {"claims": "claim_id", "timeline": "event_id", "crises": "crisis_id",
            "perspectives": "perspective_id", "documents": "document_id",
            "membership_events": "event_id", "kz2022_figures": "figure_id",
            "kz2022_sites": "site_id", "russian_facilities": "facility_id",
            "alliances": "body_id", "interventions": "intervention_id"}
#: For each table, the columns that say in a few words what a row holds (first one present).
_WHAT = ("title", "claim", "position", "name", "description", "measure")
#: The verdicts a student can give a thesis.
VERDICTS = ("holds", "partly", "does not hold", "cannot tell")


def theses(thesis: str | None = None, lesson: str | None = None) -> pd.DataFrame:
    """Return the article's theses (T1 to T18): paraphrase, quoted phrase, the lessons that test
    each, and the rows that support and weaken it (``table:row_id``, separated by ``;``).

    ``thesis`` keeps one ("T8"); ``lesson`` keeps those a lesson tests ("04").

    >>> theses(lesson="04")["thesis_id"].tolist()[:3]
    ['T1', 'T2', 'T8']
    """
    table = load("theses")
    if thesis is not None:
        if not isinstance(thesis, str) or thesis not in set(table["thesis_id"]):
            raise unknown("thesis", thesis, table["thesis_id"])
        table = table[table["thesis_id"] == thesis]
    if lesson is not None:
        lessons = sorted({n for cell in table["lessons"] for n in cell.split(";")})
        if not isinstance(lesson, str) or lesson not in lessons:
            raise unknown("lesson number", lesson, lessons)
        table = table[table["lessons"].str.split(";").apply(lambda ns: lesson in ns)]
    order = table["thesis_id"].str[1:].astype(int)
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def resolve(reference: str) -> pd.Series:
    """Return the row that a ``table:row_id`` reference names (``"crises:kaz-2022-01"``).

    >>> resolve("crises:kaz-2022-01")["state"]
    'KAZ'
    """
    if not isinstance(reference, str) or reference.count(":") != 1:
        raise CstoError(f"A reference is written table:row_id, for example "
                        f"'crises:kaz-2022-01', not {shown(reference)}.")
    table_name, row_id = reference.split(":")
    if table_name not in ROW_KEYS:
        raise unknown("table for evidence", table_name, ROW_KEYS)
    table = load(table_name)
    key = ROW_KEYS[table_name]
    hit = table[table[key] == row_id]
    if hit.empty:
        raise unknown(f"row of {table_name}", row_id, table[key], f'load("{table_name}")')
    return hit.iloc[0]


def _what(row: pd.Series) -> str:
    """A few words saying what a row holds: its title, claim, position or name."""
    for column in _WHAT:
        if column in row.index and isinstance(row[column], str):
            who = f"{row['who']}: " if isinstance(row.get("who"), str) else ""
            return who + row[column]
    return ""


def evidence(thesis: str) -> pd.DataFrame:
    """Return the rows that support and weaken one thesis, each with what it says.

    Columns: ``side`` (supports or weakens), ``table``, ``row_id``, ``what`` and ``source_id``.

    >>> evidence("T13")["side"].tolist()
    ['supports', 'weakens']
    """
    row = theses(thesis).iloc[0]
    out = []
    for side in ("supports", "weakens"):
        cell = row[side]
        for reference in (cell.split(";") if isinstance(cell, str) else []):
            found = resolve(reference)
            table_name, row_id = reference.split(":")
            out.append({"side": side, "table": table_name, "row_id": row_id,
                        "what": _what(found), "source_id": found["source_id"]})
    return pd.DataFrame(out, columns=["side", "table", "row_id", "what", "source_id"])


def documents(document: str | None = None) -> pd.DataFrame:
    """Return short excerpts of primary texts: the original (Russian where it was seen), our
    English translation, what each commits the parties to and what it leaves open.

    >>> documents("cst-1992-art4")["language"].item()
    'ru'
    """
    table = load("documents")
    if document is not None:
        if not isinstance(document, str) or document not in set(table["document_id"]):
            raise unknown("document", document, table["document_id"])
        table = table[table["document_id"] == document]
    return table.sort_values("date", kind="stable").reset_index(drop=True)


def verdict_sheet() -> pd.DataFrame:
    """Return a blank verdict sheet: one row per thesis, with empty ``verdict`` and ``evidence``
    columns to fill in (a verdict of ``VERDICTS``; a ``table:row_id`` reference).

    >>> verdict_sheet().columns.tolist()
    ['thesis_id', 'topic', 'paraphrase', 'verdict', 'evidence']
    """
    sheet = theses()[["thesis_id", "topic", "paraphrase"]].copy()
    sheet["verdict"] = ""
    sheet["evidence"] = ""
    return sheet


def _problem(verdict: object, reference: object) -> str:
    """What is wrong with one row of a verdict sheet, or "" when nothing is."""
    if not isinstance(verdict, str) or not verdict.strip():
        return "no verdict yet"
    if verdict.strip() not in VERDICTS:
        return f"{shown(verdict)} is not a verdict: use one of {', '.join(VERDICTS)}"
    if not isinstance(reference, str) or not reference.strip():
        return "" if verdict.strip() == "cannot tell" else "no evidence named (table:row_id)"
    try:
        resolve(reference.strip())
    except CstoError as error:
        return str(error)
    return ""


def review_verdicts(sheet: pd.DataFrame) -> pd.DataFrame:
    """Check a filled-in verdict sheet: each row needs one of the four verdicts and, unless it
    is "cannot tell", a reference to a row that exists. It checks the form, not the judgement.

    >>> review_verdicts(verdict_sheet())["problem"].iloc[0]
    'no verdict yet'
    """
    needed = ["thesis_id", "verdict", "evidence"]
    if not isinstance(sheet, pd.DataFrame) or not set(needed) <= set(sheet.columns):
        raise CstoError(f"Give the sheet from verdict_sheet(), with its columns {needed}, "
                        f"not {shown(sheet)}.")
    out = sheet[needed].copy()
    out["problem"] = [_problem(v, e) for v, e in zip(out["verdict"], out["evidence"],
                                                     strict=True)]
    return out.reset_index(drop=True)
