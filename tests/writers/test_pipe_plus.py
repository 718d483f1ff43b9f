"""A pipe table whose delimiter row has ``+`` between its columns (``|-----+------:|``)
is a table, as pandoc reads it, in both writers; a grid table's ``+---+`` rule is not
taken for one."""

from __future__ import annotations

from typeset.doc import model as m
from typeset.doc.floats import number_floats
from typeset.doc.walk import plain_text, query
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.writers.html import write_html
from typeset.writers.latex import write_latex

MARKDOWN = """| Name | Value |
|:-----+------:|
| alpha | 1 |
| beta  | 2 |

: Plus delimiters {#tbl:plus}

Name | Kind | Value
-----+------+------
a    | b    | c

> | Quoted | Table |
> |--------+-------|
> | q      | t     |

+---+---+
| g | h |
+---+---+
"""


def _doc() -> m.Document:
    blocks, problems = read_markdown(MARKDOWN, "p.md")
    assert problems == []
    return number_floats(m.Document(sections=(m.Section("p.md", blocks),)))


def test_plus_delimiter_rows_make_tables() -> None:
    tables = list(query(_doc(), m.Table))
    assert len(tables) == 4
    first = tables[0]
    assert first.aligns == ("left", "right") and first.number == 1
    assert first.ident == "tbl:plus" and plain_text(first.caption) == "Plus delimiters"
    assert [plain_text(c.blocks[0].children) for c in first.body[1].cells  # type: ignore[attr-defined]
            ] == ["beta", "2"]
    assert len(tables[1].aligns) == 3 and len(tables[1].body) == 1
    assert len(tables[2].body) == 1  # in a block quote too
    assert len(tables[3].body) == 1  # the grid table is still a grid table
    assert not any("-+-" in s.text for s in query(_doc(), m.Str))


def test_both_writers_set_the_plus_table() -> None:
    doc = _doc()
    html = write_html(doc, house_style(doc.meta), [])
    assert html.count("<table") == 4 and '<td style="text-align: right">2</td>' in html
    assert "-+-" not in html
    tex = write_latex(doc, house_style(doc.meta)).split(r"\begin{document}")[1]
    assert tex.count(r"\begin{longtable}") == 4 and r"\tscaptionlabel{Table 1.}" in tex
    assert "-+-" not in tex
