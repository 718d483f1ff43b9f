"""The pandoc-compatible citation syntax, as tables: source text -> what the reader finds."""

from __future__ import annotations

import pytest

from typeset.doc.model import Cite, CiteItem, Emph, Inline, Note, Para, Space, Str
from typeset.readers.citations import LOCATOR_LABELS, parse_key, parse_locator
from typeset.readers.markdown import read_markdown


def plain(inlines: tuple[Inline, ...]) -> str:
    """Inline nodes as text, emphasis marked with *...* so markup is visible in tables."""
    out = []
    for node in inlines:
        if isinstance(node, Str):
            out.append(node.text)
        elif isinstance(node, Space):
            out.append(" ")
        elif isinstance(node, Emph):
            out.append(f"*{plain(node.children)}*")
        elif isinstance(node, Cite):
            out.append("<cite>")
        else:
            out.append(type(node).__name__)
    return "".join(out)


def cites(src: str) -> list[Cite]:
    blocks, diags = read_markdown(src, "t.md")
    assert not diags
    return [node for node in _walk(blocks) if isinstance(node, Cite)]


def _walk(nodes):  # type: ignore[no-untyped-def]
    for node in nodes:
        yield node
        for attr in ("children", "blocks"):
            yield from _walk(getattr(node, attr, ()))


def item_row(item: CiteItem) -> tuple[object, ...]:
    return (item.key, plain(item.prefix), item.locator, item.label, plain(item.suffix),
            item.suppress_author)


# source, mode, [(key, prefix, locator, label, suffix, suppress_author), ...]
CASES = [
    ("[@key]", "normal", [("key", "", None, None, "", False)]),
    ("[@key, 33]", "normal", [("key", "", "33", "page", "", False)]),
    ("[@key, p. 33]", "normal", [("key", "", "33", "page", "", False)]),
    ("[@key p. 33]", "normal", [("key", "", "33", "page", "", False)]),
    ("[@key, pp. 33-35, emphasis added]", "normal",
     [("key", "", "33-35", "page", ", emphasis added", False)]),
    ("[@key, pp. 33, 35-37, and nowhere else]", "normal",
     [("key", "", "33, 35-37", "page", ", and nowhere else", False)]),
    ("[see @key, 33-35; @other, chap. 1]", "normal",
     [("key", "see ", "33-35", "page", "", False), ("other", "", "1", "chapter", "", False)]),
    ("[see @doe99, pp. 33-35 and *passim*; @smith04, chap. 1]", "normal",
     [("doe99", "see ", "33-35", "page", " and *passim*", False),
      ("smith04", "", "1", "chapter", "", False)]),
    ("[*see* @key, 12, *emphasis added*]", "normal",
     [("key", "*see* ", "12", "page", ", *emphasis added*", False)]),
    ("[@key, {ii, A, D-Z}]", "normal", [("key", "", "ii, A, D-Z", "page", "", False)]),
    ("[@key, {pp. iv, vi-xi, (xv)-(xvii)} with suffix]", "normal",
     [("key", "", "iv, vi-xi, (xv)-(xvii)", "page", " with suffix", False)]),
    ("[@key, chap. {A.2}]", "normal", [("key", "", "A.2", "chapter", "", False)]),
    ("[@smith{}, 99 years later]", "normal", [("smith", "", None, None, ", 99 years later", False)]),
    ("[-@key]", "normal", [("key", "", None, None, "", True)]),
    ("[-@key, 12; @b]", "normal",
     [("key", "", "12", "page", "", True), ("b", "", None, None, "", False)]),
    ("[see -@key]", "normal", [("key", "see ", None, None, "", True)]),
    ("[@key, chap. iv]", "normal", [("key", "", "iv", "chapter", "", False)]),
    ("[@key, 33–35]", "normal", [("key", "", "33–35", "page", "", False)]),
    ("[@key, i.e. that]", "normal", [("key", "", None, None, ", i.e. that", False)]),
    ("[@key, emphasis added]", "normal", [("key", "", None, None, ", emphasis added", False)]),
    ("[@{odd key}, 5]", "normal", [("odd key", "", "5", "page", "", False)]),
    ("[@Foo:bar.baz-qux_1/2#3$4%5&6+7?8<9>0~x]", "normal",
     [("Foo:bar.baz-qux_1/2#3$4%5&6+7?8<9>0~x", "", None, None, "", False)]),
    ("@key", "narrative", [("key", "", None, None, "", False)]),
    ("@key [p. 33]", "narrative", [("key", "", "33", "page", "", False)]),
    ("@key [chap. 3, and passim]", "narrative",
     [("key", "", "3", "chapter", ", and passim", False)]),
    ("@key[33]", "narrative", [("key", "", "33", "page", "", False)]),
    ("@{odd key}", "narrative", [("odd key", "", None, None, "", False)]),
    # "(@key)" alone opens a line as an example list item, as in pandoc
    ("As (@key)", "narrative", [("key", "", None, None, "", False)]),
]


@pytest.mark.parametrize(("src", "mode", "rows"), CASES, ids=[c[0] for c in CASES])
def test_citation_syntax(src: str, mode: str, rows: list[tuple[object, ...]]) -> None:
    (cite,) = cites(src)
    assert cite.mode == mode
    assert [item_row(item) for item in cite.items] == rows


# source -> the paragraph's text (no citation anywhere)
NOT_CITES = [
    ("foo@bar.com", "foo@bar.com"),
    ("[write to foo@bar.com]", "[write to foo@bar.com]"),
    ("`[@key]` and `@key`", "Code and Code"),
    ("[@]", "[@]"),
    ("[@ key]", "[@ key]"),
    ("[see]", "[see]"),
    ("[\\@key]", "[@key]"),
    ("x-@key", "x-@key"),
    ("@", "@"),
    ("x @.", "x @."),
    ("<me@example.org>", "Link"),
    ("[text](http://a@b.com)", "Link"),
    ("[@key](http://x.org)", "Link"),
    ("[a @key](http://x.org)", "Link"),
]


@pytest.mark.parametrize(("src", "text"), NOT_CITES, ids=[c[0] for c in NOT_CITES])
def test_not_a_citation(src: str, text: str) -> None:
    blocks, diags = read_markdown(src, "t.md")
    assert not diags
    assert cites(src) == []
    (para,) = blocks
    assert isinstance(para, Para)
    assert plain(para.children) == text


# trailing punctuation ends the key; the punctuation stays in the text
# ("@key." alone opens a line as an example list item, as in pandoc: hence "x @key.")
@pytest.mark.parametrize(("src", "key", "after"), [
    ("x @key.", "key", "."),
    ("@key:", "key", ":"),
    ("@key, then", "key", ", then"),
    ("@a.b.", "a.b", "."),
    ("@a-b-?", "a-b", "-?"),
    ("@key's", "key", "’s".replace("’", "'")),
])
def test_trailing_punctuation_is_not_key(src: str, key: str, after: str) -> None:
    blocks, _ = read_markdown(src, "t.md")
    (para,) = blocks
    assert isinstance(para, Para)
    first, *rest = para.children[2:] if src.startswith("x ") else para.children
    assert isinstance(first, Cite) and first.items[0].key == key
    assert plain(tuple(rest)) == after


def test_bracket_with_a_bad_part_is_text_around_a_narrative_cite() -> None:
    blocks, diags = read_markdown("[@key; oops]", "t.md")
    assert not diags
    (para,) = blocks
    assert isinstance(para, Para)
    assert plain(para.children) == "[<cite>; oops]"


def test_several_citations_and_text() -> None:
    found = cites("As @a argues [-@a, 4], others disagree [@b; @c].")
    assert [(c.mode, [i.key for i in c.items]) for c in found] == [
        ("narrative", ["a"]), ("normal", ["a"]), ("normal", ["b", "c"])]


def test_citations_inside_notes() -> None:
    src = "Text.[^1] More.^[Inline [see @b, 3].]\n\n[^1]: Hand [@a, p. 2].\n"
    blocks, diags = read_markdown(src, "t.md")
    assert not diags
    notes = [n for n in _walk(blocks) if isinstance(n, Note)]
    assert len(notes) == 2
    keys = [[i.key for c in _walk(n.blocks) if isinstance(c, Cite) for i in c.items] for n in notes]
    assert keys == [["a"], ["b"]]


@pytest.mark.parametrize(("term", "label"), [
    ("p.", "page"), ("pp.", "page"), ("page", "page"), ("chap.", "chapter"), ("ch.", "chapter"),
    ("chapter", "chapter"), ("sec.", "section"), ("§", "section"), ("section", "section"),
    ("vol.", "volume"), ("volume", "volume"), ("n.", "note"), ("nn.", "note"), ("note", "note"),
    ("para.", "paragraph"), ("¶", "paragraph"), ("fig.", "figure"), ("figure", "figure"),
    ("l.", "line"), ("ll.", "line"), ("line", "line"), ("col.", "column"), ("bk.", "book"),
    ("pt.", "part"), ("no.", "issue"), ("v.", "verse"), ("op.", "opus"), ("s.v.", "sub-verbo"),
    ("fol.", "folio"), ("art.", "article-locator"),
])
def test_locator_labels(term: str, label: str) -> None:
    assert LOCATOR_LABELS[term] == label
    located = parse_locator(f", {term} 12")
    assert (located.label, located.value) == (label, "12")


@pytest.mark.parametrize(("text", "expected"), [
    ("", (None, None, "")),
    (", 12", ("page", "12", "")),
    (", Pp. 12-14, xyz", ("page", "12-14", ", xyz")),
    (" and more", (None, None, " and more")),
    (", chapter", (None, None, ", chapter")),
    (", pages 3 & 5", ("page", "3 & 5", "")),
    (", {unclosed", (None, None, ", {unclosed")),
])
def test_parse_locator(text: str, expected: tuple[object, object, str]) -> None:
    located = parse_locator(text)
    assert (located.label, located.value, text[located.end:]) == expected


@pytest.mark.parametrize(("src", "expected"), [
    ("@key", ("key", 4)), ("@{a b}", ("a b", 6)), ("@{}", None), ("@ x", None),
    ("@-x", None), ("@_x", ("_x", 3)), ("@Müller2001", ("Müller2001", 11)),
])
def test_parse_key(src: str, expected: tuple[str, int] | None) -> None:
    assert parse_key(src, 0, len(src)) == expected


def test_fignos_plus_and_bang_cross_references() -> None:
    # pandoc-fignos/tablenos: +@fig:x capitalised ("Fig. 1"), !@fig:x the number alone;
    # only before a cross-reference key and at the start of a word
    (para,), diags = read_markdown("See +@fig:a, !@tbl:b, a+@fig:c and +@smith.\n", "m.md")
    assert diags == []
    cites = [n for n in para.children if isinstance(n, Cite)]
    assert [(c.items[0].key, c.items[0].suppress_author) for c in cites] == [
        ("Fig:a", False), ("tbl:b", True)]
    assert plain(para.children).endswith("a+@fig:c and +@smith.")
    assert "+" not in plain(para.children[:4]) and "!" not in plain(para.children)


def test_xnos_braced_and_starred_cross_references() -> None:
    # pandoc-xnos: {@eq:x} protected (the braces go, a letter may follow), {+@..}
    # capitalised, {*@..} and *@.. lower case, {!@..} the number alone; other braces stay
    text = "See {@eq:a}, {+@fig:b}a, {*@tbl:c}, {!@fig:d}, *@fig:e, {@smith} and {x}.\n"
    (para,), diags = read_markdown(text, "m.md")
    assert diags == []
    cites = [n for n in para.children if isinstance(n, Cite)]
    assert [(c.items[0].key, c.items[0].suppress_author) for c in cites] == [
        ("eq:a", False), ("Fig:b", False), ("tbl:c", False), ("fig:d", True),
        ("fig:e", False), ("smith", False)]
    rest = plain([n for n in para.children if not isinstance(n, Cite)])
    assert rest.count("{") == 2 and "{x}" in rest and "*" not in rest and "+" not in rest
    assert rest.startswith("See , a, , , , {") and "}a" not in rest
