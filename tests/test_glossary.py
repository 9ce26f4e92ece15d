"""The glossary (glossary.md): every term defined in one or two sentences, with the lesson that
teaches it and, where the data hold it, a table and column that exist; the lessons link a term
to it the first time they use it in bold, and every such link lands on a heading.

A link to a term is written `[**lapse**](../glossary.md#lapse)` in a lesson's Markdown. Its
anchor must work in both places the lessons are read: JupyterLab gives a heading the id of its
text with spaces as hyphens (case kept), the website (MyST, `myst_heading_anchors`) a lower-case
slug, and tools/site.py lower-cases anchors when it builds the site. So the anchor must equal the
JupyterLab id, and its lower-case form the MyST slug.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from csto.paths import lessons

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary.md"
DATA = ROOT / "data"

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_GLOSSARY_LINK = re.compile(r"\]\(([^)\s]*glossary\.md)#([^)\s]+)\)")
#: A bold phrase that reads like a term: one to four lower-case words (letters, hyphens, quotes).
_TERMLIKE = re.compile(r'^"?[a-z][a-z"-]*(?: [a-z"-]+){0,3}$')

#: Bold phrases in the lessons that are emphasis, not terms. A new bold word in a lesson must
#: be a glossary term (or one of its "Also written" forms), or be added here on purpose.
EMPHASIS = frozenset({
    "at the request", "cells", "code cells", "episode", "ever", "every", "first",
    "from signature", "from top to bottom", "gains", "hide an exit", "in use", "key",
    "last line", "military help included", "more", "more members", "multiple choice",
    "never signed", "no", "no end", "no figure exists", "no official per-country figure",
    "parliament", "phases", "treaty", "weakens", "written answers", "this data set",
    "figures known by each day", "say which rule was used", "in force for it and binds it",
    "at least two sources of different kinds", "predict, then test",
    # lessons 04, 05, 07 and 08: emphasis in questions and verdicts
    "weigh them", "for", "against", "inside", "authorise", "most personnel", "holds", "partly",
    "does not hold", "cannot tell", "in full", "strongest evidence for",
    "strongest evidence against", "form", "best", "worst",
})


def jupyterlab_id(heading: str) -> str:
    """The id JupyterLab gives a rendered Markdown heading: its text, spaces as hyphens."""
    return heading.strip().replace(" ", "-")


def myst_slug(heading: str) -> str:
    """The anchor MyST gives a heading on the website (myst-parser's default slug function)."""
    try:
        from myst_parser.mdit_to_docutils.base import default_slugify
    except ImportError:  # the same rule, should myst-parser not be installed
        return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
    return default_slugify(heading)


@cache
def glossary() -> dict[str, dict]:
    """The glossary's terms: heading -> its definition, forms, lessons and data references."""
    text = GLOSSARY.read_text(encoding="utf-8")
    terms: dict[str, dict] = {}
    for block in re.split(r"^### ", text, flags=re.M)[1:]:
        heading, _, body = block.partition("\n")
        body = body.split("\n## ", 1)[0]
        paragraphs = [p.strip() for p in body.strip().split("\n\n") if p.strip()]
        fields = {m.group(1): m.group(2).strip() for m in
                  re.finditer(r"^\*(Also written|Taught in|In the data):\* (.+)$", body, re.M)}
        forms = {heading.strip().lower()}
        if "Also written" in fields:
            forms |= {f.strip().strip(".").lower() for f in fields["Also written"].split(",")}
        terms[heading.strip()] = {"definition": paragraphs[0] if paragraphs else "",
                                  "fields": fields, "forms": forms}
    return terms


def headings() -> list[str]:
    text = GLOSSARY.read_text(encoding="utf-8")
    return [m.group(2).strip() for m in re.finditer(r"^(#{1,3}) (.+)$", text, re.M)]


def anchor_resolves(anchor: str) -> bool:
    """True when `anchor` is a glossary heading's id in JupyterLab and, lower-cased, on the site."""
    return any(anchor == jupyterlab_id(h) and anchor.lower() == myst_slug(h) for h in headings())


@cache
def lesson_markdown() -> dict[str, list[str]]:
    """Each lesson's Markdown cells, in order."""
    out = {}
    for number, path in lessons().items():
        nb = json.loads(path.read_text(encoding="utf-8"))
        out[number] = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    return out


def term_of(phrase: str) -> str | None:
    """The glossary term a bold phrase names (by its heading or an "Also written" form)."""
    phrase = " ".join(phrase.split()).strip(" :.").lower()
    for term, entry in glossary().items():
        if phrase in entry["forms"]:
            return term
    return None


def test_the_glossary_has_at_least_25_terms():
    assert len(glossary()) >= 25, f"glossary.md defines {len(glossary())} terms; 25 at least"


@pytest.mark.parametrize("term", sorted(glossary()))
def test_each_term_is_defined_in_one_or_two_sentences(term):
    definition = glossary()[term]["definition"]
    assert definition and not definition.startswith("*"), f"{term!r} has no definition"
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", definition) if s]
    assert len(sentences) <= 2, (
        f"{term!r} is defined in {len(sentences)} sentences: keep it to one or two")


@pytest.mark.parametrize("term", sorted(glossary()))
def test_each_term_names_a_lesson_that_exists(term):
    taught = glossary()[term]["fields"].get("Taught in", "")
    targets = re.findall(r"\]\((notebooks/[^)]+)\)", taught)
    assert targets, f"{term!r} names no lesson that teaches it (a '*Taught in:*' line with links)"
    known = {p.relative_to(ROOT).as_posix() for p in lessons().values()}
    for target in targets:
        assert target in known, f"{term!r} links to {target}, which is not a lesson"


def _schemas() -> dict[str, dict[str, dict]]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for resource in package["resources"]:
        schema = resource["schema"]
        if isinstance(schema, str):
            schema = json.loads((DATA / schema).read_text(encoding="utf-8"))
        out[resource["name"]] = {f["name"]: f for f in schema["fields"]}
    return out


def test_the_data_references_name_tables_columns_and_values_that_exist():
    schemas = _schemas()
    checked = 0
    for term, entry in glossary().items():
        data = entry["fields"].get("In the data", "")
        for table in re.findall(r"table `(\w+)`", data):
            assert table in schemas, f"{term!r}: the data package has no table {table!r}"
        # `table.column` optionally followed by = `value`, `value`, ...
        for m in re.finditer(r"`(\w+)\.(\w+)`((?: = `[^`]+`(?:, `[^`]+`)*)?)", data):
            table, column, values = m.group(1), m.group(2), m.group(3)
            assert table in schemas, f"{term!r}: the data package has no table {table!r}"
            assert column in schemas[table], f"{term!r}: table {table!r} has no column {column!r}"
            enum = schemas[table][column].get("constraints", {}).get("enum")
            for value in re.findall(r"`([^`]+)`", values):
                if enum is not None:
                    assert value in enum, (
                        f"{term!r}: {table}.{column} has no value {value!r}; it has {enum}")
            checked += 1
    assert checked >= 20, "fewer than 20 table.column references: the format was not recognised"


def test_links_inside_the_glossary_resolve():
    text = GLOSSARY.read_text(encoding="utf-8")
    for anchor in re.findall(r"\]\(#([^)\s]+)\)", text):
        assert anchor_resolves(anchor), f"glossary.md links to #{anchor}, which is no heading"
    for target in re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", text):
        assert (ROOT / target).exists(), f"glossary.md links to {target}, which does not exist"


def test_every_glossary_link_in_a_lesson_resolves():
    found = 0
    for number, cells in lesson_markdown().items():
        for cell in cells:
            for path, anchor in _GLOSSARY_LINK.findall(cell):
                found += 1
                assert path == "../glossary.md", (
                    f"lesson {number} links to the glossary as {path!r}: write ../glossary.md")
                assert anchor_resolves(anchor), (
                    f"lesson {number} links to glossary.md#{anchor}, which is no glossary "
                    f"heading (JupyterLab id = heading with hyphens; e.g. "
                    f"#{jupyterlab_id(sorted(glossary())[0])})")
    assert found, "no lesson links to the glossary"


@pytest.mark.parametrize("number", sorted(lessons()))
def test_every_lesson_links_to_the_glossary(number):
    text = "\n".join(lesson_markdown()[number])
    assert _GLOSSARY_LINK.search(text), (
        f"lesson {number} never links to the glossary: link a term the first time it is used, "
        "e.g. [**lapse**](../glossary.md#lapse)")


@pytest.mark.parametrize("number", sorted(lessons()))
def test_a_bold_term_is_in_the_glossary_and_linked_where_first_used(number):
    seen: set[str] = set()
    for cell in lesson_markdown()[number]:
        for m in _BOLD.finditer(cell):
            phrase = " ".join(m.group(1).split())
            term = term_of(phrase)
            if term is None:
                bare = phrase.strip(" :.")
                assert not _TERMLIKE.match(bare) or bare in EMPHASIS, (
                    f"lesson {number} uses **{phrase}** in bold, but glossary.md has no such "
                    "term: add it to the glossary (or its 'Also written' forms), or, if it is "
                    "only emphasis, to EMPHASIS in tests/test_glossary.py")
                continue
            if term in seen:
                continue
            seen.add(term)
            linked = re.match(r"\]\(\.\./glossary\.md#([^)\s]+)\)", cell[m.end():])
            opened = cell[:m.start()].endswith("[")
            assert opened and linked, (
                f"lesson {number} first uses the glossary term **{phrase}** in bold without "
                f"linking it: write [**{phrase}**](../glossary.md#{jupyterlab_id(term)})")
            assert linked.group(1) == jupyterlab_id(term), (
                f"lesson {number} links **{phrase}** to #{linked.group(1)}, not to its term "
                f"#{jupyterlab_id(term)}")
