"""The reader's pandoc constructs: tables, figures, math, divs, raw blocks, lists and the rest."""

from __future__ import annotations

import pytest

from typeset.diagnostics import Span
from typeset.doc import model as m
from typeset.doc.floats import implicit_identifier, number_floats
from typeset.doc.walk import query
from typeset.readers.markdown import read_markdown


def read(src: str) -> tuple[m.Block, ...]:
    blocks, diags = read_markdown(src, "m.md")
    assert [d for d in diags if d.code not in ("md-raw-route",)] == []
    return blocks


def plain(nodes: object) -> str:
    return " ".join(s.text for s in query(nodes, m.Str))


def test_pipe_table_with_alignment_caption_and_label() -> None:
    (table,) = read("| a | b |\n|:--|--:|\n| 1 | 2 [@k] |\n\n: The *caption* {#tbl:one}\n")
    assert isinstance(table, m.Table)
    assert table.aligns == ("left", "right")
    assert table.ident == "tbl:one" and plain(table.caption) == "The caption"
    assert [plain(c.blocks) for c in table.body[0].cells] == ["1", "2"]
    assert len(list(query(table, m.Cite))) == 1  # citations in cells are walked


def test_caption_before_the_table() -> None:
    (table,) = read("Table: Before\n\n| a |\n|---|\n| 1 |\n")
    assert isinstance(table, m.Table) and plain(table.caption) == "Before"


def test_math_inline_display_and_labelled_equation() -> None:
    blocks = read("An $x^2_i$ and \\(y\\), not $5 or $ 6$.\n\n$$ E = mc^2 $$ {#eq:e}\n\n"
                  "$$\na_1\n$$\n")
    para, labelled, plain_eq = blocks
    maths = [n for n in para.children if isinstance(n, m.Math)]  # type: ignore[union-attr]
    assert [x.text for x in maths] == ["x^2_i", "y"]
    assert maths[0].span == Span("m.md", 1, 4)
    assert isinstance(labelled, m.Equation) and labelled.ident == "eq:e"
    assert isinstance(plain_eq, m.Equation) and plain_eq.text == "a_1"


def test_figure_with_attributes_and_inline_image() -> None:
    fig, para = read("![A *map*](m.png){#fig:map width=50%}\n\nSee ![icon](i.svg) here.\n")
    assert isinstance(fig, m.Figure)
    assert (fig.src, fig.width, fig.ident, plain(fig.caption)) == ("m.png", "50%", "fig:map", "A map")
    assert any(isinstance(n, m.Image) for n in para.children)  # type: ignore[union-attr]


def test_nested_fenced_divs_keep_ident_classes_and_attributes() -> None:
    (div,) = read("::: {#refs .x lang=fr}\nin\n\n::: note\nnested\n:::\n:::\n\nafter\n"[:-7])
    assert isinstance(div, m.Div)
    assert (div.ident, div.classes, div.attributes) == ("refs", ("x",), (("lang", "fr"),))
    assert isinstance(div.blocks[1], m.Div) and div.blocks[1].classes == ("note",)


def test_comments_are_dropped() -> None:
    blocks = read("<!-- gone -->\n\nText <!-- also\ngone --> stays.\n")
    assert [plain(b) for b in blocks] == ["Text stays."]


def test_html_br_is_a_line_break_without_a_warning() -> None:
    (para,) = read("Bob Author; <bob@x.org> <br>\nKeywords: a<br/>b<BR />c\n")
    assert isinstance(para, m.Para)
    kinds = [type(n).__name__ for n in para.children]
    assert kinds.count("LineBreak") == 3
    assert "<" not in plain(para) and plain(para).endswith("Keywords: a b c")


def test_raw_blocks_and_inlines_and_their_warning() -> None:
    blocks, diags = read_markdown("```{=latex}\n\\newpage\n```\n\nA `<b>x</b>`{=html}.\n", "m.md")
    raw, para = blocks
    assert isinstance(raw, m.RawBlock) and raw.format == "latex"
    assert isinstance(para.children[2], m.RawInline)  # type: ignore[union-attr]
    assert [(d.code, d.span) for d in diags] == [
        ("md-raw-route", Span("m.md", 1, 1)), ("md-raw-route", Span("m.md", 5, 3))]


def test_raw_html_is_cleaned_with_a_warning() -> None:
    src = '```{=html}\n<a href="file:///etc/passwd" onclick="x()">a</a><script>y()</script>\n```\n'
    (raw,), diags = read_markdown(src, "m.md")
    assert isinstance(raw, m.RawBlock)
    assert "script" not in raw.text and "onclick" not in raw.text and "file:" not in raw.text
    assert "md-raw-unsafe" in [d.code for d in diags]


def test_definition_list_line_block_and_page_break() -> None:
    dl, lines, brk = read("Term\n:   Def *one*\n\n| first\n|   indented\n\n\\newpage\n")
    assert isinstance(dl, m.DefinitionList) and plain(dl.items[0].term) == "Term"
    assert isinstance(lines, m.LineBlock) and len(lines.lines) == 2
    assert lines.lines[1][0] == m.Str("\u00a0\u00a0")
    assert isinstance(brk, m.PageBreak)


def test_lists_tight_start_delimiter_and_tasks() -> None:
    tasks, ordered, loose = read("- [ ] a\n- [x] b\n\n0) zero\n1) one\n\n- c\n\n- d\n")
    assert isinstance(tasks, m.BulletList) and tasks.tasks == (False, True) and tasks.tight
    assert plain(tasks.items[0]) == "a"
    assert isinstance(ordered, m.OrderedList)
    assert (ordered.start, ordered.delim, ordered.tight) == (0, "paren", True)
    assert isinstance(loose, m.BulletList) and not loose.tight


def test_inline_spans_strikeout_underline_and_code_attributes() -> None:
    (para,) = read("~~a~~ [b]{.ul} [c]{lang=de} `d`{.py}")
    kinds = [type(n) for n in para.children if not isinstance(n, m.Space)]  # type: ignore[union-attr]
    assert kinds == [m.Strikeout, m.Underline, m.InlineSpan, m.Code]
    assert para.children[-1] == m.Code("d", ("py",))  # type: ignore[union-attr]


def test_heading_classes() -> None:
    (heading,) = read("# Sources {.appendix #app}\n")
    assert isinstance(heading, m.Heading)
    assert (heading.ident, heading.classes) == ("app", ("appendix",))


@pytest.mark.parametrize(("text", "ident"), [
    ("Heading identifiers in HTML", "heading-identifiers-in-html"),
    ("Maître d'hôtel", "maître-dhôtel"),
    ("*Dogs*?--in *my* house?", "dogs--in-my-house"),
    ("[Link](https://example.org/url) and `code`", "link-and-code"),
    ("3. Applications", "applications"),
    ("33", "section"),
])
def test_implicit_identifiers_as_pandoc(text: str, ident: str) -> None:
    (heading,) = read("# " + text + "\n")
    assert isinstance(heading, m.Heading)
    assert implicit_identifier(heading.children) == ident


def test_numbering_across_sections_in_reading_order() -> None:
    one = read("# A\n\n| a |\n|---|\n| 1 |\n\n: T1\n\n![F1](a.png)\n\n$$x$$ {#eq:x}\n\n$$y$$\n")
    two = read("# A\n\n| b |\n|---|\n| 2 |\n\n: T2 {#tbl:two}\n\n| no caption |\n|---|\n")
    doc = number_floats(m.Document(sections=(m.Section("1.md", one), m.Section("2.md", two))))
    assert [t.number for t in query(doc, m.Table)] == [1, 2, None]
    assert [f.number for f in query(doc, m.Figure)] == [1]
    assert [e.number for e in query(doc, m.Equation)] == [1, None]
    assert [h.ident for h in query(doc, m.Heading)] == ["a", "a-1"]


@pytest.mark.parametrize(("src", "why"), [
    ("$\\frac{a}{$", "'{' without its '}'"),
    ("$$\n\\input{/etc/passwd}\n$$", "\\input is not allowed"),
    ("$x^$", "missing"),
    ("$\\begin{document}x$", "not allowed in math"),
    ("$a \\end b$", "without an environment"),
])
def test_math_that_cannot_be_set_is_a_positioned_error(src: str, why: str) -> None:
    _blocks, diags = read_markdown("Text.\n\n" + src + "\n", "m.md")
    [problem] = diags
    assert problem.code == "md-math" and why in problem.message
    assert (problem.span.path, problem.span.line) == ("m.md", 3)  # type: ignore[union-attr]


def test_html_divs_are_divs_as_in_pandoc() -> None:
    one, two = read('<div class="quote" lang="fr">\nInside *one*.\n</div>\n\n'
                    '<div id="x">\n\n> Quoted [@k].\n\n</div>\n')
    assert isinstance(one, m.Div) and one.classes == ("quote",)
    assert one.attributes == (("lang", "fr"),) and plain(one.blocks) == "Inside one ."
    assert isinstance(two, m.Div) and two.ident == "x"
    assert isinstance(two.blocks[0], m.BlockQuote)
    assert next(query(two, m.Cite)).span == Span("m.md", 7, 10)


def test_align_in_display_math_is_allowed_and_set_on_its_own() -> None:
    from typeset.house import house_style
    from typeset.writers.latex import write_latex

    (equation,) = read("$$\\begin{align} a &= b \\\\ c &= d \\end{align}$$ {#eq:a}\n")
    doc = number_floats(m.Document(sections=(m.Section("m.md", (equation,)),)))
    out = write_latex(doc, house_style(doc.meta))
    assert "\\begin{align*} a &= b \\\\ c &= d \\tag{1}\\end{align*}" in out


def test_bare_tex_is_printed_with_one_warning() -> None:
    # (\tableofcontents and \listoffigures are honoured now: tests/writers/test_contents.py)
    _blocks, diags = read_markdown("\\usepackage{x}\n\n\\textcolor{red}{y}\n", "m.md")
    assert [(d.code, d.span) for d in diags] == [("md-raw", Span("m.md", 1, 1))]


SIMPLE = """  Right     Left     Center     Default
-------     ------ ----------   -------
     12     12        12            12
    123     123       123          123

Table:  Simple.
"""

MULTILINE = """-------------------------------------------------------------
 Centered   Default           Right Left
  Header    Aligned         Aligned Aligned
----------- ------- --------------- -------------------------
   First    row                12.0 Example of a row that
                                    spans multiple lines.

  Second    row                 5.0 Another one.
-------------------------------------------------------------

: Multiline.
"""

GRID = """+---------+--------+
| Fruit   | Price  |
+=========+========+
| Bananas | $1.34  |
| (ripe)  |        |
+---------+--------+
"""


def cells(table: m.Table) -> list[list[str]]:
    return [[plain(c.blocks) for c in row.cells] for row in (*table.head, *table.body)]


def test_simple_table_with_pandoc_alignments() -> None:
    (table,) = read(SIMPLE)
    assert isinstance(table, m.Table)
    assert table.aligns == ("right", "left", "center", "default") and not table.widths
    assert cells(table)[1] == ["12", "12", "12", "12"] and plain(table.caption) == "Simple."


def test_multiline_table_is_no_heading_and_has_widths() -> None:
    heading_before, table = read("# Before\n\n" + MULTILINE)
    assert isinstance(heading_before, m.Heading) and isinstance(table, m.Table)
    assert table.aligns == ("center", "default", "right", "left")
    assert cells(table)[0] == ["Centered Header", "Default Aligned", "Right Aligned",
                               "Left Aligned"]
    assert cells(table)[1][3] == "Example of a row that spans multiple lines."
    # pandoc 2.17's ColWidths: each column to the next one's start, the last to the end of
    # the line and one more, out of 72
    assert table.widths == pytest.approx((12 / 72, 8 / 72, 16 / 72, 26 / 72))


def test_grid_table_cells_join_their_lines() -> None:
    (table,) = read(GRID)
    assert isinstance(table, m.Table) and len(table.head) == 1
    assert cells(table) == [["Fruit", "Price"], ["Bananas (ripe)", "$1.34"]]


def test_html_formatting_tags_are_model_nodes_and_anchors_are_targets() -> None:
    src = ('30µm<sup>3</sup>, H<sub>2</sub>O, <i>i</i> <b>b</b> <u>u</u> <del>d</del> '
           'cited<sup>[1](#ref-a)</sup>\n\n<a name="ref-a"></a>1. Miyagi.\n')
    first, second = read(src)
    kinds = [type(n) for n in first.children if not isinstance(n, m.Space | m.Str)]
    assert kinds == [m.Superscript, m.Subscript, m.Emph, m.Strong, m.Underline,
                     m.Strikeout, m.Superscript]
    assert "<" not in plain(first) and plain(first).startswith("30µm 3 , H 2 O")
    anchor = second.children[0]  # type: ignore[union-attr]
    assert isinstance(anchor, m.InlineSpan) and anchor.ident == "ref-a"


def test_unmatched_or_crossing_html_tags_stay_text_with_the_warning() -> None:
    blocks, diags = read_markdown("a <sup>b\n\n*c <sub>d* e</sub>\n", "m.md")
    assert [d.code for d in diags] == ["md-raw"]
    assert "<sup>b" in plain(blocks[0]) and "<sub>d" in plain(blocks[1])


def test_paragraph_then_colon_caption_before_a_table_is_not_a_definition_list() -> None:
    # pandoc 2.17: "Text.\n\n: Caption {#tbl:x}\n\n| table |" is a paragraph and a
    # captioned table; with two terms or two definitions it stays a definition list
    para, table = read("See [-@tbl:x].\n\n: Cap *one* {#tbl:x}\n\n| a |\n|---|\n| 1 |\n")
    assert isinstance(para, m.Para) and isinstance(table, m.Table)
    assert (table.ident, plain(table.caption)) == ("tbl:x", "Cap one")
    kept = read("T1\n\n: d1\n\nT2\n\n: cap\n\n| a |\n|---|\n| 1 |\n")
    assert [type(b) for b in kept] == [m.DefinitionList, m.Table]
    assert not kept[1].caption  # type: ignore[union-attr]
