"""tidy never changes what typeset reads: parse(tidy(x)) == parse(x).

The corpus is our own: entries exercising the field-order-sensitive parts of
the reader (crossref renames, alias fields, @string, months, pages, names,
preamble commands), each written with its fields in any order, in any
delimiters, with comments after blocks on the same line.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from typeset.bib import parse_bibtex
from typeset.bib.tidy import tidy
from typeset.diagnostics import TypesetError

HEAD = [
    '@preamble{"\\newcommand{\\pkg}[1]{\\emph{#1}}"}',
    '@string{pub = "Harvard University Press"}',
    "@string{loc = {Cambridge, Mass.}}",
]

ENTRIES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("proceedings", "proc", [("title", "{Full Proceedings Title}"), ("booktitle", "{Short}"),
                             ("editor", "{Doe, Jane and others}"), ("year", "2004"),
                             ("organization", "{ACM}"), ("publisher", "pub")]),
    ("inproceedings", "paper", [("author", "{Roe, Rick}"), ("title", "{A {DNA} Paper}"),
                                ("crossref", "{proc}"), ("pages", "{12-15}")]),
    ("article", "art", [("author", "{Pinho de Souza, Jorge and Van Dyke, V}"),
                        ("title", "{The \\pkg{zoo} package}"), ("journal", "{J}"),
                        ("journaltitle", "{Journal}"), ("month", "{July}"), ("year", '"1999"'),
                        ("volume", "41"), ("number", "{7}")]),
    ("book", "bk", [("author", "{M{\\\"u}ller, J.}"), ("title", "{Book}"),
                    ("booktitle", "{Ignored}"), ("address", "{Boston}"),
                    ("location", "loc"), ("publisher", "pub # { (NY)}"), ("date", "{1723~}"),
                    ("langid", "{english}"), ("langidopts", "{variant=british}")]),
    ("incollection", "ch", [("author", "{family=Heuvel, given=Charles, prefix=van den}"),
                            ("title", "{Chapter}"), ("booktitle", "{Coll}"),
                            ("editor", "{Zed, Z}"), ("editortype", "{compiler}"),
                            ("series", "{3}"), ("pubstate", "{inpress}"),
                            ("origdate", "{1900}"), ("origtitle", "{Urtitel}")]),
]


def _normalised(source: str) -> dict[str, Any]:
    result = parse_bibtex(source)
    items = result.items
    # Items and diagnostics, not raw text: tidy's documented normalisations
    # (12-15 -> 12--15, {July} -> jul) change the text, never what it means.
    return {"items": items, "codes": sorted(d.code for d in result.diagnostics)}


@st.composite
def bib_files(draw: st.DrawFn) -> str:
    chosen = draw(st.permutations(ENTRIES))
    blocks = [h + (" % note" if draw(st.booleans()) else "") for h in HEAD]
    for kind, key, fields in chosen:
        order = draw(st.permutations(fields))
        body = ",\n  ".join(f"{name} = {value}" for name, value in order)
        comment = " % " + key if draw(st.booleans()) else ""
        blocks.append(f"@{kind}{{{key},\n  {body}\n}}{comment}")
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=60, deadline=None)
@given(bib_files())
def test_tidy_does_not_change_what_is_read(source: str) -> None:
    tidied = tidy(source)
    assert _normalised(tidied) == _normalised(source)
    assert tidy(tidied) == tidied


@settings(max_examples=30, deadline=None)
@given(bib_files(), bib_files())
def test_field_order_does_not_change_what_is_read(first: str, second: str) -> None:
    """Two files with the same entries, fields and delimiters in other orders, read the same."""
    a, b = _normalised(first), _normalised(second)
    by_id = lambda items: {i["id"]: i for i in items}  # noqa: E731
    assert by_id(a["items"]) == by_id(b["items"])


def test_same_line_comment_stays_with_its_block() -> None:
    source = "@string{a = {A}} % From 2014\n@string{b = {B}} % From 2015\n"
    assert tidy(source) == "@string{a = {A}} % From 2014\n\n@string{b = {B}} % From 2015\n"


# Characters whose place decides how BibTeX splits a file: a fuzzer inserting and
# deleting them finds where tidy's scanner and the reader disagree.
_SPECIAL = ['{', '}', '%', '"', '#', '@', ',', '=', '\\', ' ', '\n', '(', ')', '~',
            '\\}', '%x', '{"a}', '"}']


@st.composite
def damaged_files(draw: st.DrawFn) -> str:
    text = draw(bib_files())
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()) and at < len(text):
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + draw(st.sampled_from(_SPECIAL)) + text[at:]
    return text


@settings(max_examples=150, deadline=None)
@given(damaged_files())
def test_tidy_refuses_or_keeps_what_is_read(source: str) -> None:
    """On damaged input tidy either refuses (an error, the file untouched) or keeps
    every entry and field exactly as the reader reads them."""
    try:
        tidied = tidy(source)
    except TypesetError:
        return
    assert _normalised(tidied) == _normalised(source)
    assert tidy(tidied) == tidied


def test_comment_after_the_last_value_is_kept() -> None:
    source = "@misc{a,\n  title = {A},\n  note = {N}\n  %year = {1999}\n}\n"
    tidied = tidy(source)
    assert "  %year = {1999}\n}" in tidied
    assert tidy(tidied) == tidied


def test_comment_inside_a_concatenation_is_kept() -> None:
    tidied = tidy("@misc{a, title = {A} % first half\n # {B}}\n")
    assert "% first half" in tidied
    assert "{A} # {B}" in tidied


def test_quote_inside_braces_in_a_quoted_value() -> None:
    """BibTeX ends a quoted value at a `"` at brace depth 0 only; tidy keeps the value whole."""
    source = '@book{a,\n  title = "Ein Handbuch f{\\"u}r zeitgem{"a}{\\ss} Schaffende",\n  year = 1991\n}\n'
    assert _normalised(tidy(source)) == _normalised(source)
    assert "{Ein Handbuch f{\\\"u}r zeitgem{\"a}{\\ss} Schaffende}" in tidy(source)
