"""Pandoc's headerless multiline table (a column rule, rows apart by blank lines, a
closing dash line) is a table with pandoc's alignments and widths, in both writers; a
headerless simple table keeps its first row's alignments too."""

from __future__ import annotations

import pytest

from typeset.doc import model as m
from typeset.doc.floats import number_floats
from typeset.doc.walk import plain_text, query
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.writers.html import write_html
from typeset.writers.latex import write_latex

MARKDOWN = """Before.

----------- ------- --------------- -------------------------
   First    row                12.0 Example of a row that
                                    spans multiple lines.

  Second    row                 5.0 Here's another one, on
                                    three lines.
----------- ------- --------------- -------------------------

: A multiline table without a header.

-----  -----
  a    b
ccc    d
-----  -----

After.
"""


def _doc() -> m.Document:
    blocks, problems = read_markdown(MARKDOWN, "t.md")
    assert problems == []
    return number_floats(m.Document(sections=(m.Section("t.md", blocks),)))


def _cells(row: m.TableRow) -> list[str]:
    return [plain_text(c.blocks[0].children) if c.blocks and isinstance(c.blocks[0], m.Para)
            else "" for c in row.cells]


def test_a_headerless_multiline_table_is_read_as_pandoc_reads_it() -> None:
    doc = _doc()
    multiline, simple = query(doc, m.Table)
    assert multiline.head == () and multiline.number == 1
    assert plain_text(multiline.caption) == "A multiline table without a header."
    assert [_cells(r) for r in multiline.body] == [
        ["First", "row", "12.0", "Example of a row that spans multiple lines."],
        ["Second", "row", "5.0", "Here's another one, on three lines."]]
    # pandoc 2.17's AlignCenter/AlignLeft/AlignRight/AlignLeft, ColWidth 12/72, 8/72 ...
    assert multiline.aligns == ("center", "left", "right", "left")
    assert multiline.widths == pytest.approx((12 / 72, 8 / 72, 16 / 72, 26 / 72))
    assert simple.aligns == ("center", "left") and len(simple.body) == 2
    paras = [plain_text(b.children) for b in doc.sections[0].blocks if isinstance(b, m.Para)]
    assert paras == ["Before.", "After."]  # no row left over as a paragraph or rule
    assert not list(query(doc, m.HorizontalRule))


def test_both_writers_set_it_as_a_table() -> None:
    doc = _doc()
    html = write_html(doc, house_style(doc.meta), [])
    assert html.count("<table") == 2 and "<thead>" not in html.split("<table")[1]
    assert '<col style="width: 36.1%">' in html
    assert '<td style="text-align: center">First</td>' in html
    tex = write_latex(doc, house_style(doc.meta)).split(r"\begin{document}")[1]
    assert tex.count(r"\begin{longtable}") == 2 and r"\tscaptionlabel{Table 1.}" in tex
    assert r">{\centering\arraybackslash}p{\dimexpr 0.166\linewidth" in tex
    assert r">{\raggedleft\arraybackslash}p{\dimexpr 0.222\linewidth" in tex
    assert "spans multiple lines." in tex and r"\hrule" not in tex


@pytest.mark.parametrize("source", [
    "-------------\n a    b\n--- ---\n 1    2\n-------------\n\nx\n",  # with a header
    "----- -----\n  a    b\n\n  c    d\n----- -----\n\nx\n",  # headerless
])
def test_a_multiline_table_on_the_first_line_is_no_front_matter(source: str) -> None:
    blocks, problems = read_markdown(source, "t.md")
    assert problems == []
    assert [type(b) for b in blocks] == [m.Table, m.Para]  # it was dropped as YAML


def test_a_yaml_block_is_still_front_matter() -> None:
    blocks, _ = read_markdown("---\ntitle: x\nnote: --- ---\n---\n\n# H\n", "t.md")
    assert [type(b) for b in blocks] == [m.Heading]
