"""Grid table cells hold blocks (lists, several paragraphs), as in pandoc; both writers set them."""

from __future__ import annotations

from typeset.doc import model as m
from typeset.doc.floats import number_floats
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.writers.html import write_html
from typeset.writers.latex import write_latex

GRID = """\
+---------------+---------------------------+
| Fruit         | Notes                     |
+===============+===========================+
| Apple         | - crisp                   |
|               | - red or green            |
+---------------+---------------------------+
| Banana        | First paragraph.          |
|               |                           |
|               | Second *paragraph*.       |
+---------------+---------------------------+
| (a) one       | 1. one                    |
| (b) two       |    continued              |
|               | 2. two                    |
+---------------+---------------------------+

: Grid with blocks {#tbl:grid}
"""


def _table() -> m.Table:
    blocks, diags = read_markdown(GRID, "g.md")
    assert diags == []
    (table,) = blocks
    assert isinstance(table, m.Table)
    return table


def kinds(cell: m.TableCell) -> list[str]:
    return [type(b).__name__ for b in cell.blocks]


def test_cells_hold_lists_and_paragraphs() -> None:
    table = _table()
    assert table.ident == "tbl:grid" and len(table.body) == 3
    apple, banana, lists = (row.cells for row in table.body)
    assert kinds(apple[0]) == ["Para"] and kinds(apple[1]) == ["BulletList"]
    assert kinds(banana[1]) == ["Para", "Para"]
    assert kinds(lists[0]) == ["OrderedList"] and kinds(lists[1]) == ["OrderedList"]
    first, second = lists[0].blocks[0], lists[1].blocks[0]
    assert isinstance(first, m.OrderedList) and first.style == "lower-alpha"
    assert isinstance(second, m.OrderedList) and second.style == "decimal"
    item = second.items[0][0]
    assert isinstance(item, m.Para)
    assert [n.text for n in item.children if isinstance(n, m.Str)] == ["one", "continued"]


def test_positions_point_into_the_cell() -> None:
    cell = _table().body[1].cells[1]
    para = cell.blocks[1]
    assert isinstance(para, m.Para)
    word = para.children[0]
    assert isinstance(word, m.Str) and word.span is not None
    assert (word.span.line, word.span.col) == (9, 19)


def test_both_writers_set_the_blocks() -> None:
    doc = number_floats(m.Document(sections=(m.Section("g.md", (_table(),)),)))
    house = house_style(doc.meta)
    html = write_html(doc, house, [])
    assert "<td><ul" in html and "<p>First paragraph.</p>" in html
    assert "<p>Second <em>paragraph</em>.</p>" in html
    tex = write_latex(doc, house)
    body = tex[tex.index(r"\begin{longtable}"):tex.index(r"\end{longtable}")]
    assert r"\begin{itemize}" in body and r"\begin{enumerate}[label=(\alph*)" in body
    assert r"First paragraph.\par Second \emph{paragraph}." in body


CODE_IN_CELL = """\
+----------------+--------------------------+
| Element        | Markdown                 |
+================+==========================+
| **Lists**      |```                       |
|                |   #. item  x & {y}       |
|                |```                       |
+----------------+--------------------------+
"""


def test_code_in_a_cell_is_set_without_verbatim_in_latex() -> None:
    blocks, diags = read_markdown(CODE_IN_CELL, "c.md")
    assert diags == []
    (table,) = blocks
    assert isinstance(table, m.Table)
    (code,) = table.body[0].cells[1].blocks
    assert isinstance(code, m.CodeBlock) and code.text == "   #. item  x & {y}\n"
    doc = number_floats(m.Document(sections=(m.Section("c.md", blocks),)))
    tex = write_latex(doc, house_style(doc.meta))
    body = tex[tex.index(r"\begin{longtable}"):tex.index(r"\end{longtable}")]
    assert "Verbatim" not in body
    assert r"{\ttfamily\small\raggedright \mbox{}\ \ \ \#.\ item\ \ x\ \&\ \{y\}\par}" in body
