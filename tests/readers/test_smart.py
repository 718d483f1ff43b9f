"""Smart punctuation by language; code, math, URLs and keys untouched."""

from __future__ import annotations

import pytest

from typeset.doc import model as m
from typeset.doc.walk import query
from typeset.readers.markdown import read_markdown
from typeset.readers.smart import smarten


def smart(src: str, lang: str = "en-US") -> m.Document:
    blocks, _ = read_markdown(src, "m.md")
    return smarten(m.Document(m.Meta(lang=lang), (m.Section("m.md", blocks),)))


def text(doc: m.Document) -> str:
    return " ".join(s.text for s in query(doc, m.Str))


@pytest.mark.parametrize(("src", "lang", "out"), [
    ('"Hello," she said.', "en-US", "\u201cHello,\u201d she said."),
    ("It's the '90s 'here'.", "en-US", "It\u2019s the \u201990s \u2018here\u2019."),
    ("1914--1918 --- and so...", "en-US", "1914\u20131918 \u2014 and so\u2026"),
    ('"Gut"', "de-DE", "\u201eGut\u201c"),
    ('"Bien"', "fr-FR", "\u00ab\u202fBien\u202f\u00bb"),
    ('*"emph"*', "en-US", "\u201cemph\u201d"),
])
def test_quotes_dashes_ellipses(src: str, lang: str, out: str) -> None:
    assert text(smart(src, lang)) == out


def test_code_math_urls_and_spans_by_language() -> None:
    doc = smart('`"a"--b` $x\'$ <http://x.org/a--b> [“x”]{lang=de} ["y"]{lang=de}')
    assert next(query(doc, m.Code)).text == '"a"--b'
    assert next(query(doc, m.Math)).text == "x'"
    assert "http://x.org/a--b" in text(doc)
    assert "\u201ey\u201c" in text(doc)


@pytest.mark.parametrize(("lang", "out"), [
    ("de-CH", "des «Papiers» und ‹so›"),
    ("de-Latn-CH", "des «Papiers» und ‹so›"),
    ("de-DE", "des „Papiers“ und ‚so‘"),
    ("da", "des »Papiers« und ›so‹"),
    ("pt-PT", "des «Papiers» und “so”"),
    ("pt-BR", "des “Papiers” und ‘so’"),
])
def test_regional_quotes(lang: str, out: str) -> None:
    # a Swiss German tutorial came out with German „…“ quotes
    assert text(smart("des \"Papiers\" und 'so'\n", lang)) == out


def test_french_space_before_high_punctuation_does_not_break() -> None:
    from typeset.doc.walk import plain_text

    doc = smart("le Régisseur : un blanc ; vraiment ! Et toi ?! Voir :w et x :-)\n", "fr-FR")
    out = plain_text(doc.sections[0].blocks)
    assert out == ("le Régisseur\u00a0: un blanc\u202f; vraiment\u202f! Et toi\u202f?! "
                   "Voir :w et x :-)")
    english = smart("le Régisseur : un\n", "en-US")
    assert plain_text(english.sections[0].blocks) == "le Régisseur : un"
