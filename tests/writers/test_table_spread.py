"""A table that fits the measure at its natural widths spans it in ``p{}`` columns, each
set as written: the LaTeX route no longer spreads it with ``\\extracolsep{\\fill}``, under
which longtable pushed a left-aligned last column's heading to the right margin."""

from __future__ import annotations

import re

import pytest

from typeset.doc import model as m
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.writers.latex import write_latex
from typeset.writers.table_fit import column_widths, spread_widths

MARKDOWN = """| Name | Note |
|:-----|:-----|
| a | b |
| ccc | an entry of some length, but not too long for the line |
| d | e |
"""


def _table() -> tuple[m.Document, m.Table]:
    blocks, problems = read_markdown(MARKDOWN, "t.md")
    assert problems == [] and isinstance(blocks[0], m.Table)
    return m.Document(sections=(m.Section("t.md", blocks),)), blocks[0]


def test_the_spare_width_is_shared_and_the_widths_fill_the_line() -> None:
    _doc, table = _table()
    assert column_widths(table) == ()  # it fits as it is
    widths = spread_widths(table)
    assert sum(widths) == pytest.approx(1.0)
    assert widths[1] > widths[0]  # the longer column keeps its longer text on one line
    # the spare is shared equally: the difference is the natural widths' difference
    assert widths[1] - widths[0] < 0.6


def test_latex_sets_each_column_as_aligned_across_the_line() -> None:
    doc, _table_node = _table()
    tex = write_latex(doc, house_style(doc.meta))
    spec = re.search(r"\\begin\{longtable\}\{(.*)\}\n", tex)
    assert spec is not None
    assert r"\extracolsep" not in spec.group(1) and r"\LTleft" not in tex.split("\\begin{document}")[1]
    assert re.findall(r"\{\\(\w+)\\arraybackslash\}p", spec.group(1)) == ["raggedright",
                                                                           "raggedright"]
    # the space between the two columns (2\tabcolsep) comes off their widths, none outside
    assert spec.group(1).count(r"\linewidth-2\tabcolsep/2\relax") == 2
    assert spec.group(1).startswith("@{}") and spec.group(1).endswith("@{}")
