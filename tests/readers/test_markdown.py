"""The Markdown reader: blocks, notes, positions, literal text and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.diagnostics import Severity, Span
from typeset.doc import model as m
from typeset.doc.model import (
    BlockQuote,
    BulletList,
    Cite,
    Code,
    CodeBlock,
    Emph,
    Heading,
    HorizontalRule,
    LineBreak,
    Link,
    Note,
    OrderedList,
    Para,
    SmallCaps,
    SoftBreak,
    Space,
    Str,
    Strong,
    Subscript,
    Superscript,
)
from typeset.project import read_project
from typeset.readers.markdown import read_markdown


def walk(nodes):  # type: ignore[no-untyped-def]
    for node in nodes:
        yield node
        for attr in ("children", "blocks"):
            yield from walk(getattr(node, attr, ()))
        for item in getattr(node, "items", ()):
            if isinstance(item, tuple):
                yield from walk(item)


def text_of(nodes) -> str:  # type: ignore[no-untyped-def]
    out = []
    for node in nodes:
        if isinstance(node, Str):
            out.append(node.text)
        elif isinstance(node, Space | SoftBreak):
            out.append(" ")
        elif hasattr(node, "children"):
            out.append(text_of(node.children))
    return "".join(out)


def read_ok(src: str):  # type: ignore[no-untyped-def]
    blocks, diags = read_markdown(src, "m.md")
    assert diags == []
    return blocks


# --- blocks -------------------------------------------------------------------

@pytest.mark.parametrize(("src", "level", "text"), [
    ("# Title", 1, "Title"),
    ("### Deep *one*", 3, "Deep one"),
    ("#", 1, ""),
    ("##   ", 2, ""),
    ("Setext\n======", 1, "Setext"),
    ("# I. Incidents #", 1, "I. Incidents"),
])
def test_headings(src: str, level: int, text: str) -> None:
    (heading,) = read_ok(src)
    assert isinstance(heading, Heading)
    assert (heading.level, text_of(heading.children)) == (level, text)
    assert heading.span == Span("m.md", 1, 1)


def test_empty_heading_has_no_children() -> None:
    (heading,) = read_ok("#\n")
    assert isinstance(heading, Heading) and heading.children == ()


def test_block_quote_and_other_blocks() -> None:
    src = "> Britain has never\n> been willing.\n\n- a\n- b\n\n3. c\n\n---\n\n    code\n\n```py\nx\n```\n"
    quote, bullets, ordered, rule, indented, fenced = read_ok(src)
    assert isinstance(quote, BlockQuote)
    assert text_of(quote.blocks[0].children) == "Britain has never been willing."
    assert isinstance(bullets, BulletList) and len(bullets.items) == 2
    assert isinstance(ordered, OrderedList) and ordered.start == 3
    assert isinstance(rule, HorizontalRule)
    assert indented == CodeBlock("code\n", "", Span("m.md", 11, 5))
    assert isinstance(fenced, CodeBlock) and (fenced.text, fenced.info) == ("x\n", "py")


def test_inline_markup() -> None:
    (para,) = read_ok("*a* **b** `c` [d](http://e) f  \ng\nh")
    kinds = [type(n) for n in para.children]
    assert kinds == [Emph, Space, Strong, Space, Code, Space, Link, Space, Str, LineBreak, Str,
                     SoftBreak, Str]
    link = para.children[6]
    assert isinstance(link, Link) and link.url == "http://e"


@pytest.mark.parametrize(("src", "kinds", "text"), [
    ("H~2~O", [Str, Subscript, Str], "H2O"),
    ("2^10^", [Str, Superscript], "210"),
    ("1^*st*^", [Str, Superscript], "1st"),
    ("a ^ b ^", [Str, Space, Str, Space, Str, Space, Str], "a ^ b ^"),
    ("~30 pages~", [Str, Space, Str], "~30 pages~"),
    ("^^", [Str], "^^"),
    ("x^[note]", [Str, Note], "x"),
    # pandoc's strikeout, not a subscript inside tildes
    ("a ~~gone~~ b", [Str, Space, m.Strikeout, Space, Str], "a gone b"),
    ("~~x~~ H~2~O", [m.Strikeout, Space, Str, Subscript, Str], "x H2O"),
])
def test_superscript_and_subscript(src: str, kinds: list[type], text: str) -> None:
    (para,) = read_ok(src)
    assert [type(n) for n in para.children] == kinds
    assert text_of(para.children) == text


@pytest.mark.parametrize("text", [
    "“Curly” quotes — and ‘single’ – dashes…",
    '"Straight" quotes -- and --- dashes...',
    "Litvinov’s 1947—only [sic]",
])
def test_characters_pass_through_untouched(text: str) -> None:
    (para,) = read_ok(text)
    assert text_of(para.children) == text


@pytest.mark.parametrize(("src", "text"), [
    ("a <span>bold</span> c", "a <span>bold</span> c"),  # <b>, <sup> ...: html_inline.py
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("<section>\nblock\n</section>", "<section> block </section>"),  # a <div> is a Div
    ("x &amp; y", "x & y"),
    ("a \\*b\\*", "a *b*"),
])
def test_html_is_kept_as_literal_text(src: str, text: str) -> None:
    (para,), diags = read_markdown(src, "m.md")
    assert isinstance(para, Para)
    assert text_of(para.children) == text
    assert [d.code for d in diags] == (["md-raw"] if "<" in src else [])


def test_front_matter_is_ignored_but_lines_count() -> None:
    blocks = read_ok("---\ntitle: x\n---\n# Head\n")
    assert [type(b) for b in blocks] == [Heading]
    assert blocks[0].span == Span("m.md", 4, 1)


# --- footnotes ------------------------------------------------------------------

def test_hand_written_note_with_citation_is_placed_at_reference() -> None:
    src = "Claim.[^n1] Next.\n\n[^n1]: Source not recovered; compare [@a, 12].\n"
    (para,) = read_ok(src)
    note = para.children[1]
    assert isinstance(note, Note) and not note.generated
    assert text_of(note.blocks[0].children).startswith("Source not recovered; compare")
    (cite,) = [n for n in walk(note.blocks) if isinstance(n, Cite)]
    assert cite.items[0].key == "a" and cite.items[0].span == Span("m.md", 3, 39)


def test_note_with_several_paragraphs() -> None:
    src = "A.[^x]\n\n[^x]: First.\n\n    Second.\n"
    (para,) = read_ok(src)
    note = para.children[1]
    assert isinstance(note, Note) and len(note.blocks) == 2


def test_inline_note_keeps_markdown_and_citations() -> None:
    (para,) = read_ok("Text.^[See *this* [@k, p. 4].] More.")
    note = para.children[1]
    assert isinstance(note, Note)
    assert [type(n) for n in note.blocks[0].children][:4] == [Str, Space, Emph, Space]
    (cite,) = [n for n in walk(note.blocks) if isinstance(n, Cite)]
    assert (cite.items[0].locator, cite.span) == ("4", Span("m.md", 1, 19))


def test_undefined_footnote_is_an_error_and_stays_text() -> None:
    blocks, diags = read_markdown("Ends here.[^missing]\n", "m.md")
    assert text_of(blocks[0].children) == "Ends here.[^missing]"
    assert [(d.code, d.severity, d.span) for d in diags] == [
        ("md-footnote-undefined", Severity.ERROR, Span("m.md", 1, 11))]


def test_unused_footnote_is_a_warning() -> None:
    _, diags = read_markdown("Text.\n\n[^spare]: Never used.\n", "m.md")
    assert [(d.code, d.severity, d.span) for d in diags] == [
        ("md-footnote-unused", Severity.WARNING, Span("m.md", 3, 1))]


def test_duplicate_footnote_definition_is_a_warning() -> None:
    blocks, diags = read_markdown("A.[^a]\n\n[^a]: One.\n\n[^a]: Two.\n", "m.md")
    assert [(d.code, d.span) for d in diags] == [("md-footnote-duplicate", Span("m.md", 5, 1))]
    note = blocks[0].children[1]
    assert isinstance(note, Note) and text_of(note.blocks[0].children) == "Two."


def test_self_referencing_footnote_does_not_loop() -> None:
    blocks, diags = read_markdown("A.[^a]\n\n[^a]: See[^a].\n", "m.md")
    assert [d.code for d in diags] == ["md-footnote-undefined"]
    assert isinstance(blocks[0].children[1], Note)


# --- positions ------------------------------------------------------------------

POSITIONS = [
    # source, kind, text or key, (line, col)
    ("one two", Str, "two", (1, 5)),
    ("a\n  b [@k]", Cite, "k", (2, 5)),
    ("> quoted [see @k]", Cite, "k", (1, 10)),
    ("> x\n> y @k", Cite, "k", (2, 5)),
    ("- item\n- other [@k]", Cite, "k", (2, 9)),
    ("# Head [@k]", Cite, "k", (1, 8)),
    ("*em* `code` then [@k]", Cite, "k", (1, 18)),
    ("\\* then [@k]", Cite, "k", (1, 9)),
    ("x^[in [@k]]", Cite, "k", (1, 7)),
    ("x^[a ^[b [@k]]]", Cite, "k", (1, 10)),
    ("x[^1]\n\n[^1]: y [@k]", Cite, "k", (3, 9)),
    ("x[^1]\n\n[^1]: y\n    z [@k]", Cite, "k", (4, 7)),
    ("x[^1]\n\n[^1]: n", Note, None, (1, 2)),
    ("x^[n]", Note, None, (1, 2)),
    ("see [*a* @k, 4, *b*] end", Str, "end", (1, 22)),
    ("Ünïcödé [@k]", Cite, "k", (1, 9)),
]


@pytest.mark.parametrize(("src", "kind", "what", "where"), POSITIONS,
                         ids=[p[0] for p in POSITIONS])
def test_positions(src: str, kind: type, what: str | None, where: tuple[int, int]) -> None:
    blocks, _ = read_markdown(src, "m.md")
    nodes = [n for n in walk(blocks) if isinstance(n, kind)]
    if kind is Str:
        nodes = [n for n in nodes if n.text == what]
    if kind is Cite:
        nodes = [n for n in nodes if n.items[0].key == what]
    assert nodes, f"no {kind.__name__} found"
    span = nodes[-1].span
    assert (span.line, span.col) == where
    if kind is Cite:
        assert src.split("\n")[where[0] - 1][where[1] - 1] in "[@"


def test_cite_item_span_is_at_its_at_sign() -> None:
    (para,) = read_ok("Text [see @a, 3; -@b].")
    cite = para.children[2]
    assert isinstance(cite, Cite)
    assert [i.span for i in cite.items] == [Span("m.md", 1, 11), Span("m.md", 1, 19)]


def test_sample_manuscript_has_32_notes_and_no_errors(repo_root: Path) -> None:
    """Each note marker of the sample is a citation in the text or a hand-written note."""
    doc, diags = read_project(repo_root)
    assert [d.format_text() for d in diags if d.is_error] == []
    in_text = 0
    notes = 0
    for section in doc.sections:
        for block in section.blocks:
            for node in walk([block]):
                notes += isinstance(node, Note)
            in_text += sum(isinstance(n, Cite) for n in _outside_notes([block]))
    assert in_text + notes == 32


def _outside_notes(nodes):  # type: ignore[no-untyped-def]
    for node in nodes:
        if isinstance(node, Note):
            continue
        yield node
        for attr in ("children", "blocks"):
            yield from _outside_notes(getattr(node, attr, ()))


def test_an_image_in_text_is_an_inline_image() -> None:
    blocks = read_ok("A pic ![the map](map.png){height=1em}.\n")
    image = blocks[0].children[4]
    assert isinstance(image, m.Image)
    assert (image.src, image.height, image.span) == ("map.png", "1em", Span("m.md", 1, 7))
    assert text_of(image.children) == "the map"


@pytest.mark.parametrize(("src", "title", "number", "ident"), [
    ("# Preface {-}", "Preface", "", None),
    ("# Intro {#sec:intro}", "Intro", None, "sec:intro"),
    ("# Intro {#x .unnumbered}", "Intro", "", "x"),
    ("# Abstract {.unnumbered.unlisted}", "Abstract", None, None),  # one class to pandoc
    ("# Set {a, b}", "Set {a, b}", None, None),  # not attributes: kept as typed
    ("# Just {braces} here", "Just {braces} here", None, None),
])
def test_heading_attributes(src: str, title: str, number: str | None, ident: str | None) -> None:
    (heading,) = read_ok(src)
    assert isinstance(heading, Heading)
    assert (text_of(heading.children), heading.number, heading.ident) == (title, number, ident)


@pytest.mark.parametrize(("src", "kinds", "text"), [
    ("The [nkvd]{.smallcaps} men", [Str, Space, SmallCaps, Space, Str], "The nkvd men"),
    ("[*a* b]{ .smallcaps }", [SmallCaps], "a b"),
    ("[a]{.other}", [m.InlineSpan], "a"),  # other classes: a span of its own
    ("[]{.smallcaps}", [Str], "[]{.smallcaps}"),
])
def test_smallcaps_span(src: str, kinds: list[type], text: str) -> None:
    (para,) = read_ok(src)
    assert [type(n) for n in para.children] == kinds
    assert text_of(para.children) == text


def test_smallcaps_span_keeps_positions() -> None:
    (para,) = read_ok("The [nkvd]{.smallcaps} men")
    assert para.children[2].children[0].span == Span("m.md", 1, 6)  # type: ignore[union-attr]
    assert para.children[4].span == Span("m.md", 1, 24)  # type: ignore[union-attr]
