"""pandoc-crossref's subfigures (``::: {#fig:x}`` around figures, or a line of images):
one numbered figure whose panels are lettered (a), (b), in both writers."""

from __future__ import annotations

from typeset.doc import model as m
from typeset.doc.floats import number_floats
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.writers.html import write_html
from typeset.writers.latex import write_latex

MARKDOWN = """![Before](b.png){#fig:before}

::: {#fig:pair}
![Left panel](l.png){#fig:left width=40%}

![Right panel](r.png){#fig:right}

Both panels.
:::

:::: {#fig:row}
![One](1.png) ![Two](2.png)

A row.
::::

![After](a.png)
"""


def _doc() -> m.Document:
    blocks, problems = read_markdown(MARKDOWN, "s.md")
    assert problems == []
    return number_floats(m.Document(sections=(m.Section("s.md", blocks),)))


def test_a_group_is_one_figure_and_its_panels_are_lettered() -> None:
    doc = _doc()
    groups = [b for b in doc.sections[0].blocks if isinstance(b, m.Div)]
    assert [g.number for g in groups] == [2, 3]
    panels = [(f.number, f.sub, f.ident) for g in groups for f in g.blocks
              if isinstance(f, m.Figure)]
    assert panels == [(2, "a", "fig:left"), (2, "b", "fig:right"), (3, "a", None),
                      (3, "b", None)]
    last = doc.sections[0].blocks[-1]
    assert isinstance(last, m.Figure) and last.number == 4 and last.sub is None


def test_latex_sets_the_panels_side_by_side_under_one_caption() -> None:
    doc = _doc()
    tex = write_latex(doc, house_style(doc.meta)).split(r"\begin{document}")[1]
    assert tex.count(r"\begin{minipage}[b]") == 4
    assert r"\begin{minipage}[b]{0.400\linewidth}" in tex  # the width given
    assert "(a)~Left panel" in tex and "(b)~Right panel" in tex
    assert r"\tscaptionlabel{Figure 2.}Both panels." in tex
    assert r"\tscaptionlabel{Figure 3.}A row." in tex and r"Figure 4.}After" in tex
    assert "Figure 2.}Left" not in tex and r"\hypertarget{fig:left}" in tex


def test_html_sets_the_panels_side_by_side_under_one_caption() -> None:
    doc = _doc()
    html = write_html(doc, house_style(doc.meta), [])
    assert html.count('class="subfigure"') == 4
    assert '<figure id="fig:pair" class="subfigures">' in html
    assert "(a) Left panel</figcaption>" in html and "(b) Right panel</figcaption>" in html
    assert 'Figure 2.</span> Both panels.</figcaption></figure>' in html
    assert 'Figure 3.</span> A row.' in html and 'Figure 4.</span> After' in html
    assert 'style="width: 40%"' in html


def test_the_html_div_form_of_pandoc_crossref_is_a_group() -> None:
    # pandoc-crossref's documented form: the <div> tag, then the first image on the next line
    text = ('<div id="fig:g">\n![Sub one](a.png){#fig:gA}\n\n![Sub two](b.png){#fig:gB}\n\n'
            "Caption of figure\n</div>\n\nAfter.\n")
    blocks, problems = read_markdown(text, "s.md")
    assert problems == []
    doc = number_floats(m.Document(sections=(m.Section("s.md", blocks),)))
    group, after = doc.sections[0].blocks
    assert isinstance(group, m.Div) and group.ident == "fig:g" and group.number == 1
    assert [(f.sub, f.span.line if f.span else 0) for f in group.blocks
            if isinstance(f, m.Figure)] == [("a", 2), ("b", 4)]
    assert isinstance(after, m.Para)
