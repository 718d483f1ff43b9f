"""``tidy``: the canonical layout, what it keeps, and the round-trip properties."""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.bib import parse_bibtex
from typeset.bib.dates import parse_month
from typeset.bib.tidy import tidy
from typeset.diagnostics import TypesetError

MESSY = """\
% My references   \n\n\n\
@STRING{ acm = "ACM Press" }

@Article{Key1,
    Year = 1999,
  TITLE={A {Nested {Brace}} title},
  Author = "M{\\"u}ller, J. and Smith, A.",
  pages = "12-15",
 month = {July},   \n\
  publisher = acm # { (NY)},
  journal = {J}
}
@book{b2, title = {X}, month = 7}
"""

EXPECTED = """\
% My references

@string{acm = "ACM Press"}

@article{Key1,
  author    = {M{\\"u}ller, J. and Smith, A.},
  title     = {A {Nested {Brace}} title},
  journal   = {J},
  publisher = acm # { (NY)},
  year      = {1999},
  month     = jul,
  pages     = {12--15}
}

@book{b2,
  title     = {X},
  month     = jul
}
"""


def test_canonical_form() -> None:
    assert tidy(MESSY) == EXPECTED


def test_idempotent_on_the_example() -> None:
    assert tidy(EXPECTED) == EXPECTED


def test_sample_bibliography_is_tidy_and_round_trips(repo_root: Path) -> None:
    text = (repo_root / "bibliography.bib").read_text(encoding="utf-8")
    assert semantic(tidy(text)) == semantic(text)
    assert tidy(tidy(text)) == tidy(text)


# --- the tricky corpus ----------------------------------------------------------------------

CORPUS = [
    "@book{a, title = {Deeply {nested {braces {here}}}}}",
    '@string{pub = "Faber"}\n@string{city = {London}}\n@book{a, publisher = pub # " and " # city}',
    "% a comment line\n@book{a, title = {T}} % trailing comment\n% another\n\n\n\n@book{b, title={U}}",
    '@book{a, title = "Quotes with {Braces} inside"}',
    "@book{a, title = {Ünïcødé — Журнал 日本語}, author = {Ł{\\'o}dź, Ż.}}",
    "@book{a, note = {50\\% of the time, \\& more}}",
    "@preamble{ \"\\newcommand{\\noopsort}[1]{}\" }\n@book{a, title = {T}}",
    "@comment{ anything {goes} here }\n@book{a, title = {T}}",
    "@book{a,\n  abstract = {Line one\n    line two   \n  line three},\n}",
    "@misc{a, howpublished = {\\url{https://example.org/a_b%20c}}, year = 2001}",
    "@book{a, title = {T}, month = dec # {~1}}",
    "@book{a, title = {T}, month = {Sept.}}",
    "@book{a, title = {T}, pages = {xi-xv, 3-7, 12}}",
    "@book{a, title = {T}, unknownfield = {kept}, anotherone = {last}}",
]


@pytest.mark.parametrize("text", CORPUS)
def test_corpus_round_trips(text: str) -> None:
    once = tidy(text)
    assert semantic(once) == semantic(text)
    assert tidy(once) == once


def test_parenthesised_entry_gets_braces() -> None:
    # BibTeX accepts @book(...); bibtexparser (so typeset.bib) only reads braces.
    out = tidy("@book(a, title = {Parenthesised (entry)})")
    assert out == "@book{a,\n  title     = {Parenthesised (entry)}\n}\n"
    assert semantic(out) == [("a", "book", {"title": "Parenthesised (entry)"})]


def test_comments_are_kept() -> None:
    out = tidy(CORPUS[2])
    assert "% a comment line\n@book{a," in out  # directly above: stays directly above
    assert "% trailing comment" in out and "% another" in out
    assert "\n\n\n" not in out


def test_preamble_and_comment_blocks_are_kept_verbatim() -> None:
    assert '@preamble{"\\newcommand{\\noopsort}[1]{}"}' in tidy(CORPUS[6])
    assert "@comment{anything {goes} here}" in tidy(CORPUS[7])


def test_windows_line_ends_become_newlines() -> None:
    assert tidy(EXPECTED.replace("\n", "\r\n")) == EXPECTED


def test_no_trailing_spaces_and_one_blank_line_between_blocks() -> None:
    out = tidy(MESSY)
    assert not re.search(r"[ \t]$", out, re.MULTILINE)
    assert "\n\n\n" not in out and out.endswith("}\n")


def test_sort_orders_entries_by_key_with_their_comments() -> None:
    text = "@string{s = {S}}\n\n% about c\n@book{c, title = {C}}\n\n@book{B, title = {B}}\n@book{a, title={A}}"
    out = tidy(text, sort=True)
    keys = re.findall(r"@book\{(\w+),", out)
    assert keys == ["a", "B", "c"]
    assert out.index("@string") < out.index("@book")
    assert "% about c\n@book{c," in out
    assert sorted(semantic(out)) == sorted(semantic(text))


@pytest.mark.parametrize("text, line", [
    ("@book{a, title = {T}\n  year = {1}}", 2),     # missing comma
    ("@book{a, title = {unclosed\n\n@book{b, title = {x}}", 1),
    ("@book{a,\n  title = {T}\n\n@book{b, title = {x}}", 1),  # entry never closed
    ("@book{a,\n  title = {T}},\n  year = {1}}", 2),  # an extra closing brace
    ("@book{, title = {T}}", 1),
])
def test_refuses_text_with_syntax_errors(text: str, line: int) -> None:
    with pytest.raises(TypesetError) as caught:
        tidy(text, path="refs.bib")
    (problem, *_) = caught.value.diagnostics
    assert problem.code == "bib-syntax" and problem.span is not None
    assert problem.span.path == "refs.bib" and problem.span.line == line


# --- properties ------------------------------------------------------------------------------

_CHARS = st.sampled_from(list("abcXYZ019 .,:;-!?'/()[]&_^~") + ["é", "Ж", "—", "\\'e", "\\&"])
_PLAIN = st.lists(_CHARS, max_size=12).map("".join)


def _braced_text(depth: int = 2) -> st.SearchStrategy[str]:
    if depth == 0:
        return _PLAIN
    group = _braced_text(depth - 1).map(lambda s: "{" + s + "}")
    return st.lists(st.one_of(_PLAIN, group), max_size=4).map("".join)


_MONTHS = ["jan", "feb", "Mar", "apr", "may", "JUN", "jul", "aug", "sep", "oct", "nov", "dec"]
_VALUE = st.one_of(
    _braced_text().map(lambda s: "{" + s + "}"),
    _PLAIN.filter(lambda s: '"' not in s).map(lambda s: f'"{s}"'),
    st.integers(0, 9999).map(str),
    st.sampled_from(["pub", "city"]),
    st.tuples(st.sampled_from(["pub", "city"]), _braced_text(1)).map(
        lambda p: f"{p[0]} # {{{p[1]}}}"),
)
_NAMES = st.sampled_from(["author", "Title", "YEAR", "journal", "note", "pages", "url", "isbn",
                          "zzextra", "Publisher", "address", "volume"])


@st.composite
def _entry(draw: st.DrawFn, key: str) -> str:
    kind = draw(st.sampled_from(["book", "ARTICLE", "InCollection", "misc"]))
    names = draw(st.lists(_NAMES, max_size=6, unique_by=str.lower))
    fields = [f"{name} = {draw(_VALUE)}" for name in names]
    if draw(st.booleans()):
        fields.append(f"month = {draw(st.sampled_from(_MONTHS))}")
    if draw(st.booleans()):
        first, last = draw(st.integers(1, 99)), draw(st.integers(100, 999))
        fields.append(f"pages = {{{first}-{last}}}")
    sep = draw(st.sampled_from([", ", ",\n  ", " ,\t"]))
    trailing = draw(st.sampled_from(["", ","]))
    body = sep.join([key, *fields]) + trailing
    return f"@{kind}{{{body}}}"


@st.composite
def _bib(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 4))
    entries = [draw(_entry(f"k{i}")) for i in range(count)]
    comments = draw(st.lists(st.sampled_from(["% note", "%% section ---", ""]), max_size=count))
    pieces = ['@string{pub = "Faber"}', "@string{city = {London}}"]
    for index, text in enumerate(entries):
        if index < len(comments) and comments[index]:
            pieces.append(comments[index])
        pieces.append(text)
    return draw(st.sampled_from(["\n", "\n\n", "\n \n\n"])).join(pieces) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bib())
def test_property_parse_of_tidy_equals_parse(text: str) -> None:
    assert semantic(tidy(text)) == semantic(text)
    assert bibtexparser_view(tidy(text)) == bibtexparser_view(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bib(), st.booleans())
def test_property_idempotent(text: str, sort: bool) -> None:
    once = tidy(text, sort=sort)
    assert tidy(once, sort=sort) == once


# --- comparison helpers -------------------------------------------------------------------------


def _normal(name: str, value: str) -> str:
    """Undo the documented normalisations: month names/numbers, page hyphens, line-end spaces."""
    value = re.sub(r"[ \t]+\n", "\n", value)
    if name == "month" and parse_month(value) is not None:
        return str(parse_month(value))
    if name == "pages":
        return re.sub(r"-+", "-", value)
    return value


def semantic(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """Entries as (key, type, evaluated fields) through typeset's reader (on bibtexparser)."""
    result = parse_bibtex(text)
    assert not [d for d in result.parse_diagnostics if d.is_error]
    types = {key: entry.entry_type for key, entry in result.entries.items()}
    return [(key, types.get(key, "?"), {n: _normal(n, v) for n, v in fields.items()})
            for key, fields in result.raw.items()]


def bibtexparser_view(text: str) -> tuple[list[object], list[object], list[object]]:
    """bibtexparser's own raw view: entries, @string values and @preambles."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    entries = [
        (e.key, e.entry_type.lower(),
         {str(f.key).lower(): _normal(str(f.key).lower(), _undelimit(str(f.value)))
          for f in e.fields})
        for e in library.entries
    ]
    strings = [(s.key, _undelimit(str(s.value))) for s in library.strings]
    return entries, strings, [p.value for p in library.preambles]


def _undelimit(value: str) -> str:
    """``{x}`` / ``"x"`` / ``x`` -> ``x``; concatenations with normalised spacing."""
    value = value.strip()
    if "#" in value and not value.startswith("{"):
        return re.sub(r"\s*#\s*", " # ", value)
    if len(value) >= 2 and value[0] + value[-1] in ('{}', '""'):
        return value[1:-1]
    return value.lower() if value.lower() in {m.lower() for m in _MONTHS} else value
