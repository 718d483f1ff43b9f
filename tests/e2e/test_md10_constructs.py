r"""Fancy and example lists, blocks in grid cells, math macros and \label/\ref, built in both
routes: the markers print as written, no Markdown or TeX markup is left in the PDF text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from typeset.pipeline import build

pytestmark = [pytest.mark.slow]

MARKDOWN = r"""# Lists

(a) first item, see (@good)
(b) second item

iv) fourth
v) fifth

(@) A first example.
(@good) A good example.

Example (@good) is good.

# Cells

+--------------+------------------------------+
| Kind         | Content                      |
+==============+==============================+
| List         | - crisp                      |
|              | - red                        |
+--------------+------------------------------+
| Code         | ```                          |
|              | x = {1} & 2                  |
|              | ```                          |
+--------------+------------------------------+
| Paragraphs   | First one.                   |
|              |                              |
|              | Second one.                  |
+--------------+------------------------------+

: A grid with blocks

# Math

$$\newcommand{\R}{\mathbb{R}}\newcommand{\norm}[1]{\lVert #1 \rVert}$$

Let $x \in \R$ with $\norm{x} = 1$, and
$$ \norm{x}^2 = 1 \label{eq:unit} $$

so \eqref{eq:unit} holds; a line is
$$ y = mx + b $$ {#eq:line}
as in equation \ref{eq:line}.
"""

MARKUP = ("\\ref", "\\label", "\\newcommand", "\\eqref", "(@", "+---", "+===", "```", "$$",
          "{#", "\\R", "\\norm")


@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_new_constructs_build_without_markup_left(tmp_path: Path, route: str) -> None:
    import pdfplumber

    project = tmp_path / "p"
    (project / "manuscript").mkdir(parents=True)
    (project / "manuscript" / "metadata.yaml").write_text("title: New Constructs\n",
                                                          encoding="utf-8")
    (project / "manuscript" / "01.md").write_text(MARKDOWN, encoding="utf-8")
    out = tmp_path / f"{route}.pdf"
    result = build(project, route=route, output=out)
    assert [d for d in result.diagnostics if d.severity.name != "INFO"] == []
    with pdfplumber.open(out) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    flat = re.sub(r"\s+", "", text)  # pdfplumber may lose the spaces of the LaTeX route
    for markup in MARKUP:
        assert markup not in text, markup
    for printed in ("(a) first item, see (2)", "(b) second item", "iv) fourth", "v) fifth",
                    "(1) A first example.", "(2) A good example.", "Example (2) is good.",
                    "Table 1.", "crisp", "First one.", "Second one.", "so (1) holds",
                    "as in equation 2."):
        assert printed.replace(" ", "") in flat, printed
    assert "x={1}&2" in flat  # code in a cell, as written
