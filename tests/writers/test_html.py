"""The HTML writer: a golden file for a small hand-built document, plus targeted checks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from typeset.csl.rich import Styled, Text
from typeset.doc import model as m
from typeset.house import house_style
from typeset.pipeline import stylesheets
from typeset.writers.html import css_string, page_css, write_html

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "html" / "small.html"


META = m.Meta(
    title="A <Study> & Its \u201cNotes\u201d", subtitle="Litvinov and the Cold War",
    short_title="A Study", authors=("Vojtech Mastny",),
    original_publication="Foreign Affairs 54, no. 2 (January 1976)", lang="en-US",
    keywords=("Litvinov", "Cold War"), section_numbering="roman",
)


def html_of(doc: m.Document, stylesheets: Sequence[str] = (), created: str | None = None,
            **meta: Any) -> str:
    doc = replace(doc, meta=replace(META, **meta))
    return write_html(doc, house_style(doc.meta), stylesheets, created=created)


def small_document() -> m.Document:
    rich_cite = (Text("Welles, "), Styled((Text("Memorandum"),), font_style="italic"),
                 Text(", 522 & <ff>.")),
    note1 = m.Note((m.Para((m.Rich(rich_cite[0]),)),), number=1, generated=True)
    note2 = m.Note((m.Para((m.Str("First"), m.Space(), m.Str("para."))),
                    m.Para((m.Str("Second"), m.SoftBreak(), m.Str("para <b>."))),), number=2)
    section1 = m.Section("manuscript/01-a.md", (
        m.Heading(1, ()),
        m.Para((m.Str("Text"), m.Space(), m.Emph((m.Str("with"),)), m.Space(),
                m.Str("R&D"), m.Space(), m.SmallCaps((m.Str("nkvd"),)), m.Str("."), note1)),
        m.BlockQuote((m.Para((m.Str("Britain"), m.Space(), m.Str("has"), m.Str("."), note2)),)),
    ))
    section2 = m.Section("manuscript/02-b.md", (
        m.Heading(1, (m.Str("Named"),)),
        m.Para((m.Str("More"), m.LineBreak(), m.Link("https://x.org/?a=1&b=2", (m.Str("link"),)))),
    ))
    bib = m.Section("(bibliography)", (m.Bibliography("Bibliography", (
        (Text("Welles, Sumner. "), Styled((Text("Memo"),), font_style="italic"), Text(".")),
    )),))
    return m.Document(META, (section1, section2, bib))


def test_golden_small_document(update_golden: bool) -> None:
    html = html_of(small_document(), created="2026-01-02T03:04:05Z")
    if update_golden or not GOLDEN.exists():
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    assert html == GOLDEN.read_text(encoding="utf-8")


def test_each_note_is_on_one_line_and_text_is_escaped() -> None:
    html = html_of(small_document())
    note_lines = [line for line in html.splitlines() if 'class="footnote"' in line]
    assert len(note_lines) == 2
    assert "<span class=\"note-para\">Second para &lt;b&gt;.</span>" in html
    assert "R&amp;D" in html and "<title>A &lt;Study&gt; &amp; Its" in html
    assert "522 &#38; &#60;ff&#62;." in html  # CSL rich text escaped by typeset.csl.rich
    for line in note_lines:  # no block element inside a note (it would close the paragraph)
        inside = line.split('class="footnote"', 1)[1].rsplit("</p>", 1)[0]
        assert "<p" not in inside and "<div" not in inside


def test_metadata_headings_and_bibliography() -> None:
    html = html_of(small_document(), created="2026-01-02T03:04:05Z")
    assert '<html lang="en-US">' in html
    assert '<meta name="author" content="Vojtech Mastny">' in html
    assert '<meta name="keywords" content="Litvinov, Cold War">' in html
    assert '<meta name="dcterms.created" content="2026-01-02T03:04:05Z">' in html
    assert '<h2 id="sec-I"><span class="secnum">I</span></h2>' in html
    assert '<h2 id="named"><span class="secnum">II</span>. Named</h2>' in html
    assert '<ul class="csl-bib-body hanging-indent">' in html
    assert '<li class="csl-entry">Welles, Sumner. <i>Memo</i>.</li>' in html


@pytest.mark.parametrize("scheme, expected", [("none", "<h2 id=\"named\">Named</h2>"),
                                              ("arabic", '<span class="secnum">2</span>. Named')])
def test_section_numbering_schemes(scheme: str, expected: str) -> None:
    html = html_of(small_document(), section_numbering=scheme)
    assert expected in html


def test_stylesheets_go_around_the_page_rule_and_cannot_close_the_style_element() -> None:
    house, project = ".footnote { float: footnote; }", ".x { color: red; }</style>"
    html = html_of(small_document(), stylesheets=(house, project))
    assert html.index("float: footnote") < html.index("size: letter") < html.index(".x { color")
    assert "</style>\n</style>" not in html and "<\\/style>" in html


@pytest.mark.parametrize("paper, size", [("a4", "size: A4;"), ("letter", "size: letter;")])
def test_page_css_from_house_style(paper: str, size: str) -> None:
    meta = replace(META, papersize=paper, fontsize="12pt")
    css = page_css(house_style(meta), meta)
    assert size in css and "font-size: 12pt" in css and "font-size: 10pt" in css
    assert '@top-center { content: "A Study"' in css
    assert "@page :first" in css


def test_css_string_escapes() -> None:
    assert css_string('a"b\\c\n<') == '"a\\"b\\\\c\\a \\3c "'



def test_no_title_prints_no_made_up_title() -> None:
    """Without metadata there is no title block (pandoc prints none either)."""
    html = html_of(small_document(), title="", subtitle="", authors=(), original_publication="")
    assert "Untitled" not in html and "<title>" not in html and "title-block" not in html


def test_author_without_title_keeps_its_line() -> None:
    html = html_of(small_document(), title="", subtitle="")
    body = html[html.index("<body>"):]
    assert '<p class="author">Vojtech Mastny</p>' in body and 'class="title"' not in body


def test_numbered_bibliography_keeps_label_on_the_entry_line() -> None:
    """A left-margin label (IEEE's "[1]") must not sit on a line of its own."""
    entry = (Styled((Text("[1]"),), display="left-margin"),
             Styled((Text("A. Author, Title."),), display="right-inline"))
    doc = m.Document(m.Meta(), (m.Section("(bibliography)", (m.Bibliography("References", (entry,)),)),))
    html = html_of(doc, stylesheets=stylesheets(Path("/nonexistent")))
    assert re.search(r'<ul class="csl-bib-body[^"]* second-field-align">', html)
    assert ".second-field-align .csl-left-margin { display: inline-block;" in html


def test_unnumbered_heading_neither_shows_nor_takes_a_number() -> None:
    doc = m.Document(m.Meta(), (m.Section("s.md", (m.Heading(1, (m.Str("Preface"),), number=""),
                                             m.Heading(1, (m.Str("Intro"),)))),))
    html = html_of(doc, section_numbering="arabic")
    assert '<h2 id="preface">Preface</h2>' in html
    assert '<h2 id="intro"><span class="secnum">1</span>. Intro</h2>' in html


def test_right_to_left_languages_get_dir_rtl_unless_given() -> None:
    from typeset.readers.markdown import read_markdown

    source = ("An [שלום]{lang=he} and [سلام]{lang=ar-EG} and [x]{lang=fa dir=ltr} "
              "and [ciao]{lang=it}.\n\n::: {lang=he}\nשלום עולם\n:::\n")
    blocks, _ = read_markdown(source, "m.md")
    doc = small_document()
    doc = replace(doc, sections=(replace(doc.sections[0], blocks=tuple(blocks)),))
    html = html_of(doc)
    assert '<span lang="he" dir="rtl">שלום</span>' in html
    assert '<span lang="ar-EG" dir="rtl">سلام</span>' in html
    assert '<span lang="fa" dir="ltr">x</span>' in html  # the author's dir wins
    assert '<span lang="it">ciao</span>' in html
    assert re.search(r'<div lang="he" dir="rtl">\s*<p>שלום עולם</p>', html)
