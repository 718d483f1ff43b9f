"""Both writers on the pandoc constructs: tables, figures, math, divs, raw blocks, lists."""

from __future__ import annotations

import re
from pathlib import Path

import typeset
from typeset.doc import model as m
from typeset.doc.floats import number_floats
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.writers.html import write_html
from typeset.writers.latex import write_latex

SOURCE = """# Results {#sec:res}

| Name | Value |
|:-----|------:|
| a & b | 1 |

: Measured *values* {#tbl:v}

![A map](map.png){#fig:map width=50%}

$$ E = mc^2 $$ {#eq:e}

::: {lang=de}
Ein Absatz.
:::

```{=latex}
\\textbf{only-latex}
```

```{=html}
<b>only-html</b>
```

```python
def f():
    return "x"  # \\end{Verbatim}
```

Term
:   Definition

| verse one
|   verse two

3. three
4. four

- [x] done

~~old~~ [new]{.ul} $a_1$
"""


def document() -> m.Document:
    blocks, _ = read_markdown(SOURCE, "m.md")
    return number_floats(m.Document(m.Meta(lang="en-US"), (m.Section("m.md", blocks),)))


def html() -> str:
    doc = document()
    return write_html(doc, house_style(doc.meta), [])


def latex() -> str:
    doc = document()
    return write_latex(doc, house_style(doc.meta))


def test_html_table_figure_equation() -> None:
    out = html()
    assert '<table id="tbl:v">' in out
    assert '<caption><span class="caption-label">Table 1.</span> Measured <em>values</em>' in out
    assert '<td style="text-align: right">1</td>' in out and "a &amp; b" in out
    assert '<figure id="fig:map"><img class="figure-image" src="map.png" alt="A map" ' \
        'style="width: 50%;">' in out
    assert '<span class="caption-label">Figure 1.</span> A map</figcaption>' in out
    assert '<span class="equation-number">(1)</span>' in out
    assert 'id="sec:res"' in out


def test_html_raw_div_lists_and_inlines() -> None:
    out = html()
    assert "<b>only-html</b>" in out and "only-latex" not in out
    assert '<div lang="de">' in out
    assert '<ol start="3" class="tight" style="counter-reset: list-item 2">' in out
    assert "<dl>\n<dt>Term</dt>" in out and 'class="line-block"' in out
    assert "<del>old</del>" in out and '<span class="underline">new</span>' in out
    assert 'class="language-python"' in out


def test_latex_table_figure_equation() -> None:
    out = latex()
    # a table that fits spans the measure in p{} columns set as aligned (left, right)
    spec = re.search(r"\\begin\{longtable\}\{(.*)\}\n", out)
    assert spec is not None and r"\extracolsep" not in spec.group(1)
    assert re.findall(r"\{\\(raggedright|raggedleft)\\arraybackslash\}p", spec.group(1)) == [
        "raggedright", "raggedleft"]
    assert r"\toprule" in out
    assert r"\tscaptionlabel{Table 1.}Measured \emph{values}" in out
    assert r"a \& b & 1 \\" in out
    assert r"\includegraphics[width=0.500\linewidth,keepaspectratio]{map.png}" in out
    assert r"\tscaptionlabel{Figure 1.}A map" in out
    assert "\\begin{equation*}\nE = mc^2\n\\tag{1}" in out
    assert r"\hypertarget{tbl:v}{}" in out and r"\hypertarget{sec:res}{}" in out


def test_latex_raw_div_code_lists_and_inlines() -> None:
    out = latex()
    assert r"\textbf{only-latex}" in out and "only-html" not in out
    assert r"\babelprovide[import]{german}" in out and r"\begin{otherlanguage}{german}" in out
    assert r"\begin{Verbatim}[commandchars=\\\{\}]" in out
    assert "\\end{Verbatim}\"" not in out  # code cannot end the environment early
    assert r"\PY{k}{def}" in out and "    " in out  # highlighted, indentation kept
    assert r"\begin{enumerate}[label=\arabic*.,start=3,noitemsep]" in out
    assert r"\strikeThrough{old}" in out and r"\underLine{new}" in out and r"\(a_1\)" in out
    assert r"\begin{description}" in out and r"\tstask{" in out


def test_html_math_is_an_svg_sized_in_em_and_cached() -> None:
    from typeset.writers.html_body import math_html
    from typeset.writers.math_svg import render_math

    out = math_html("x^2_i", False)
    assert out.startswith('<span class="math inline"><img class="math-svg" alt="x^2_i"')
    assert "data:image/svg+xml;base64," in out and "vertical-align: -" in out
    assert render_math("x^2_i", False) is render_math("x^2_i", False)
    assert 'class="math inline unset"' in math_html("\\frac{a}{", False)


def test_latex_math_font_only_when_there_is_math() -> None:
    assert r"\setmathfont{Latin Modern Math}" in latex()
    plain = m.Document(sections=(m.Section("s.md", (m.Para((m.Str("x"),)),)),))
    assert "unicode-math" not in write_latex(plain, house_style(plain.meta))


def test_a_note_in_a_table_is_set_after_it() -> None:
    note = m.Note((m.Para((m.Str("inside"),)),), number=7)
    table = m.Table((), (m.TableRow((m.TableCell((m.Para((m.Str("a"), note)),)),)),),
                    ("default",))
    doc = m.Document(sections=(m.Section("s.md", (table,)),))
    out = write_latex(doc, house_style(doc.meta))
    assert r"a\footnotemark[7]" in out
    assert out.index(r"\end{longtable}") < out.index(r"\footnotetext[7]{")


def test_html_display_math_inside_a_paragraph_is_set_apart_and_the_text_goes_on() -> None:
    blocks, _ = read_markdown("We have\n$$a = b$$\nwhere *a* is given.\n", "m.md")
    doc = m.Document(m.Meta(lang="en-US"), (m.Section("m.md", blocks),))
    out = write_html(doc, house_style(doc.meta), [])
    body = out[out.index("<p>We have</p>"):]
    equation = body.index('<div class="equation"><span class="math display">')
    after = body.index('<p class="continued">where <em>a</em> is given.</p>')
    assert 0 < equation < after
    css = (Path(typeset.__file__).parent / "data" / "print.css").read_text(encoding="utf-8")
    assert "p.continued { text-indent: 0; }" in css


def test_latex_figure_caption_cannot_go_to_the_next_page_without_its_image() -> None:
    out = latex()
    start = out.index("\\begin{tsfigure}")
    figure = out[start:out.index("\\end{tsfigure}", start)]
    assert figure.index("map.png") < figure.index("\\par\\nopagebreak") \
        < figure.index("Figure 1.")
