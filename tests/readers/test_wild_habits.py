"""Reader habits found in real pandoc manuscripts (issue 10's held-back set), one fixture each."""

from __future__ import annotations

from typeset.doc import model as m
from typeset.doc import walk
from typeset.doc.floats import number_floats
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.writers.html import write_html
from typeset.writers.latex import write_latex


def read(text: str) -> tuple[m.Document, list[str]]:
    blocks, found = read_markdown(text, "01.md")
    doc = number_floats(m.Document(sections=(m.Section("01.md", tuple(blocks)),)))
    return doc, [d.code for d in found]


def test_anchor_lines_are_link_targets_not_printed_html() -> None:
    doc, codes = read("1. [Part one](#t1)\n2. [Part two](#t2)\n\n<a id='t1'/>\n\n# One\n\n"
                      '<a name="t2"></a>\n\n# Two\n\nSee <a id="here"/>here.\n')
    assert codes == []
    idents = [d.ident for d in walk.query(doc, m.Div)]
    assert idents == ["t1", "t2"]
    spans = [s.ident for s in walk.query(doc, m.InlineSpan)]
    assert spans == ["here"]
    html = write_html(doc, house_style(doc.meta), [])
    assert 'id="t1"' in html and 'id="t2"' in html and 'id="here"' in html
    assert "&lt;a" not in html
    tex = write_latex(doc, house_style(doc.meta))
    assert "\\hypertarget{t1}{}" in tex and "\\hypertarget{t2}{}" in tex
    assert "<a" not in tex


def test_an_anchor_line_with_more_html_stays_raw_text() -> None:
    doc, codes = read("<a id='t1' class='x'/>\n\ntext\n")
    assert "md-raw" in codes
    assert not list(walk.query(doc, m.Div))


def test_an_image_without_alt_text_alone_is_no_numbered_figure() -> None:
    doc, _ = read("![](a.png)\n\n![A caption](b.png)\n\n![](c.png){#fig:c}\n")
    figures = list(walk.query(doc, m.Figure))
    assert [f.number for f in figures] == [None, 1, 2]
    html = write_html(doc, house_style(doc.meta), [])
    assert html.count("<figcaption>") == 2 and "Figure 3" not in html
    tex = write_latex(doc, house_style(doc.meta))
    assert tex.count("\\tscaptionlabel{Figure") == 2
