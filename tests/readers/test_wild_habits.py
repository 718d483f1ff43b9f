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


def test_heading_attributes_may_follow_the_last_word_without_a_space() -> None:
    doc, _ = read("### Table-style captions{.unlisted .unnumbered #sec:capts}\n\n"
                  "# Word{-}\n\n# f{x} here\n\n# Set {a, b}\n")
    headings = list(walk.query(doc, m.Heading))
    assert [walk.plain_text(h.children) for h in headings] == [
        "Table-style captions", "Word", "f{x} here", "Set {a, b}"]
    assert headings[0].ident == "sec:capts" and headings[0].number == ""
    assert headings[0].classes == ("unlisted",)
    assert headings[1].number == ""
    html = write_html(doc, house_style(doc.meta), [])
    assert "{." not in html and "{-}" not in html


def test_a_div_opened_in_html_with_markdown_on_its_next_line() -> None:
    # pandoc-crossref's subfigure group: no blank line after the <div>
    doc, codes = read('<div id="fig:group">\n![Panel a](a.png)\n\n![Panel b](b.png){#fig:b}\n\n'
                      "The two panels\n</div>\n\nAfter.\n")
    assert "md-raw" not in codes
    div = next(walk.query(doc, m.Div))
    assert div.ident == "fig:group"
    assert [f.src for f in walk.query(div, m.Figure)] == ["a.png", "b.png"]
    html = write_html(doc, house_style(doc.meta), [])
    assert "&lt;div" not in html
    tex = write_latex(doc, house_style(doc.meta))
    assert "<div" not in tex


def test_a_div_opener_followed_by_more_html_stays_raw() -> None:
    _, codes = read('<div id="x">\n<span>raw</span>\n\ntext\n')
    assert "md-raw" in codes


def test_manubot_url_citation_keys_keep_their_slashes() -> None:
    doc, _ = read("Written on GitHub [@url:https://github.com/a/b-c] and Manubot "
                  "[@url:https://greenelab.github.io/meta-review/]; see @key/ and @a//b.\n")
    keys = [item.key for item in walk.query(doc, m.CiteItem)]
    assert keys == ["url:https://github.com/a/b-c", "url:https://greenelab.github.io/meta-review",
                    "key", "a//b"]  # as pandoc 2.17 reads them


def test_html_spans_with_class_style_or_lang_are_spans() -> None:
    doc, codes = read('<span class="smallcaps">With a class</span>, <span style="font-variant:'
                      'small-caps">with CSS</span>, <span lang="de">Haus <span class="x">'
                      'innen</span></span> and <span style="color:red">red</span>.\n')
    assert codes == []
    assert [walk.plain_text(s.children) for s in walk.query(doc, m.SmallCaps)] == [
        "With a class", "with CSS"]
    spans = list(walk.query(doc, m.InlineSpan))
    assert [(s.attributes, s.classes) for s in spans] == [
        ((("lang", "de"),), ()), ((), ("x",)), ((), ())]
    html = write_html(doc, house_style(doc.meta), [])
    assert "&lt;span" not in html and "color:red" not in html
    tex = write_latex(doc, house_style(doc.meta))
    assert "<span" not in tex and "\\textsc{With a class}" in tex


def test_details_and_summary_blocks_keep_their_markdown() -> None:
    doc, codes = read("<details>\n<summary>What is your *shell*?</summary>\n```bash\n"
                      "echo $BASH_VERSION\n```\n</details>\n\n<details id=\"s\">\n\n"
                      "<summary>Alone</summary>\n\nInside.\n\n</details>\n")
    assert "md-raw" not in codes
    code = next(walk.query(doc, m.CodeBlock))
    assert code.text == "echo $BASH_VERSION\n" and code.info == "bash"
    summaries = [walk.plain_text(s.children) for s in walk.query(doc, m.Strong)]
    assert summaries == ["What is your shell?", "Alone"]
    assert [d.ident for d in walk.query(doc, m.Div)] == [None, "s"]
    html = write_html(doc, house_style(doc.meta), [])
    assert "&lt;details" not in html and "&lt;summary" not in html


def test_xnos_protected_references_lose_their_braces() -> None:
    # Manubot/pandoc-xnos: "Fig. {@fig:home-chart}" (the braces protect the reference)
    doc, _ = read("datasets (Fig. {@fig:chart}), a{+@fig:x}b, {!@eq:e} and {@key} stays.\n")
    cites = [[i.key for i in c.items] for c in walk.query(doc, m.Cite)]
    assert cites == [["fig:chart"], ["Fig:x"], ["eq:e"], ["key"]]
    strs = "".join(s.text for s in walk.query(doc, m.Str))
    assert strs.count("{") == 1 and strs.count("}") == 1  # only around the plain citation
