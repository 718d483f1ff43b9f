r"""\newcommand in math (MathJax habit) expanded for both routes; \label, \ref and \eqref."""

from __future__ import annotations

import pytest

from typeset.doc import model as m
from typeset.doc import walk
from typeset.doc.floats import number_floats
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.readers.math_macros import MacroError, expand, settle_math, take_definitions
from typeset.writers.html import write_html
from typeset.writers.latex import write_latex


def doc_of(*texts: str) -> tuple[m.Document, list[object]]:
    sections = []
    found: list[object] = []
    for index, text in enumerate(texts):
        blocks, diags = read_markdown(text, f"{index}.md")
        found += diags
        sections.append(m.Section(f"{index}.md", blocks))
    settled, more = settle_math(m.Document(sections=tuple(sections)))
    return number_floats(settled), found + list(more)


def maths(doc: m.Document) -> list[str]:
    return [n.text for n in walk.query(doc, (m.Math, m.Equation))]  # type: ignore[union-attr]


def test_definitions_are_taken_out_and_uses_expanded_across_files() -> None:
    doc, found = doc_of(
        "$$\\newcommand{\\R}{\\mathbb{R}}\n\\newcommand{\\norm}[1]{\\lVert #1 \\rVert}$$\n\n"
        "Let $x \\in \\R$ and $\\norm{v}$.\n",
        "Later $\\norm{\\R^n}$ and $\\def\\eps{\\varepsilon}\\eps$.\n")
    assert found == []
    assert maths(doc) == ["x \\in \\mathbb{R}", "\\lVert v \\rVert",
                          "\\lVert \\mathbb{R}^n \\rVert", "\\varepsilon"]
    assert not list(walk.query(doc, m.Equation))  # the definitions-only formula is gone


@pytest.mark.parametrize(("definition", "use", "expected"), [
    ("\\newcommand\\R{\\mathbb{R}}", "\\R", "\\mathbb{R}"),
    ("\\renewcommand*{\\v}[1]{\\mathbf{#1}}", "\\v x + \\v{y}", "\\mathbf{x} + \\mathbf{y}"),
    ("\\newcommand{\\pair}[2][0]{(#1, #2)}", "\\pair{a} \\pair[b]{c}", "(0, a) (b, c)"),
    ("\\def\\sq#1{#1^2}", "\\sq{x}", "x^2"),
    ("\\DeclareMathOperator{\\tr}{tr}", "\\tr A", "\\operatorname{tr} A"),
    ("\\DeclareMathOperator*{\\argmax}{arg\\,max}", "\\argmax_x",
     "\\operatorname*{arg\\,max}_x"),
    ("\\newcommand{\\a}{\\alpha}\\newcommand{\\b}{\\a\\a}", "\\b", "\\alpha\\alpha"),
])
def test_definition_forms(definition: str, use: str, expected: str) -> None:
    macros, rest = take_definitions(definition)
    assert rest == ""
    assert expand(use, macros) == expected


def test_a_letter_after_an_expansion_stays_apart() -> None:
    macros, _ = take_definitions("\\newcommand{\\f}[1]{\\alpha}")
    assert expand("\\f{1}x", macros) == "\\alpha x"


def test_recursive_macros_are_an_error_not_a_hang() -> None:
    macros, _ = take_definitions("\\newcommand{\\rec}{\\rec x}")
    with pytest.raises(MacroError, match="does not end"):
        expand("\\rec", macros)
    doc, found = doc_of("$$\\newcommand{\\rec}{\\rec x}$$\n\n$\\rec$\n")
    assert [d.code for d in found] == ["md-math"]  # type: ignore[attr-defined]


def test_a_macro_that_expands_to_forbidden_tex_is_an_error() -> None:
    _, found = doc_of("$$\\newcommand{\\bad}{\\input{x}}$$\n\n$\\bad$\n")
    assert [(d.code, d.span.line) for d in found] == [("md-math", 3)]  # type: ignore[attr-defined]


def test_a_broken_definition_is_an_error_at_its_formula() -> None:
    _, found = doc_of("Text.\n\n$$\\newcommand{\\R}$$\n")
    assert [(d.code, d.span.line) for d in found] == [("md-math", 3)]  # type: ignore[attr-defined]


def test_label_numbers_an_equation_and_ref_eqref_print_its_number() -> None:
    doc, found = doc_of("$$ a = b \\label{eq:one} $$\n\n$$ c = d $$ {#eq:two}\n\n"
                        "See \\eqref{eq:one}, \\ref{eq:two} and \\ref{nowhere}.\n")
    assert found == []
    first, second = walk.query(doc, m.Equation)
    assert (first.ident, first.number, first.text) == ("eq:one", 1, "a = b")
    assert second.number == 2
    links = [(link.url, walk.plain_text(link)) for link in walk.query(doc, m.Link)]
    assert links == [("#eq:one", "(1)"), ("#eq:two", "2")]
    (para,) = walk.query(doc, m.Para)
    assert walk.plain_text(para) == "See (1), 2 and \\ref{nowhere}."
    house = house_style(doc.meta)
    tex = write_latex(doc, house)
    assert "\\label{" not in tex and "\\tag{1}" in tex and "\\href{\\#eq:one}{(1)}" in tex
    html = write_html(doc, house, [])
    assert 'href="#eq:one"' in html and 'id="eq:one"' in html


def test_no_md_raw_warning_for_references() -> None:
    _, found = read_markdown("See \\eqref{eq:one}.\n", "a.md")
    assert found == []


def test_a_numbered_formula_inside_a_paragraph_splits_it() -> None:
    doc, found = doc_of("A line is\n$$ y = mx + b $$ {#eq:line}\nand generic\n"
                        "$$ \\pi $$ {#eq:}\nend.\n\nSee @eq:line.\n")
    assert found == []
    kinds = [(type(b).__name__, getattr(b, "continued", None)) for b in doc.sections[0].blocks]
    assert kinds == [("Para", False), ("Equation", None), ("Para", True), ("Equation", None),
                     ("Para", True), ("Para", False)]
    first, second = walk.query(doc, m.Equation)
    assert (first.ident, first.number, second.number) == ("eq:line", 1, 2)
    assert second.ident is not None and second.ident.startswith("eq:")
    house = house_style(doc.meta)
    assert '<p class="continued">and generic</p>' in write_html(doc, house, [])
    assert "\\noindent and generic" in write_latex(doc, house)


def test_cross_references_alone_need_no_bibliography(tmp_path: object) -> None:
    from pathlib import Path

    from typeset.config import Config
    from typeset.crossref import kind_of
    from typeset.rules import bib_missing

    doc, _ = doc_of("$$ a $$ {#eq:a}\n\nSee @eq:a.\n")
    config = Config(project_dir=Path(str(tmp_path)), bibliography=Path(str(tmp_path)) / "no.bib")
    assert bib_missing(config, doc, kind_of) is None
    cited, _ = doc_of("$$ a $$ {#eq:a}\n\nSee @eq:a and @smith.\n")
    missing = bib_missing(config, cited, kind_of)
    assert missing is not None and "@smith" in missing.message


def test_label_in_a_caption_names_the_float_and_ref_prints_its_number() -> None:
    doc, found = doc_of("Figure \\ref{fig_a} and Table \\ref{tab_a}.\n\n"
                        "![A ship. \\label{fig_a}](ship.png){ width=50% }\n\n"
                        "| a |\n|---|\n| 1 |\n\nTable: Numbers \\label{tab_a}\n")
    assert found == []
    figure = next(walk.query(doc, m.Figure))
    table = next(walk.query(doc, m.Table))
    assert (figure.ident, walk.plain_text(figure.caption), figure.width) == (
        "fig_a", "A ship.", "50%")
    assert (table.ident, walk.plain_text(table.caption)) == ("tab_a", "Numbers")
    para = next(walk.query(doc, m.Para))
    assert walk.plain_text(para) == "Figure 1 and Table 1."


def test_tex_equation_environment_in_the_text_is_a_numbered_formula() -> None:
    doc, found = doc_of("Plain \\LaTeX{} for equations\n\\begin{equation}\\label{eq:f}\n"
                        "\\hat f(\\omega) = \\int f(x) dx\n\\end{equation}\n"
                        "and \\autoref{eq:f}, \\autoref{fig:a}.\n\n"
                        "\\begin{align}\na &= b\n\\end{align}\n\n"
                        "![A figure.\\label{fig:a}](a.png)\n")
    assert found == []
    blocks = doc.sections[0].blocks
    assert [type(b).__name__ for b in blocks] == ["Para", "Equation", "Para", "Equation",
                                                  "Figure"]
    first, second = blocks[1], blocks[3]
    assert isinstance(first, m.Equation) and isinstance(second, m.Equation)
    assert (first.ident, first.number, first.text) == ("eq:f", 1,
                                                       "\\hat f(\\omega) = \\int f(x) dx")
    assert second.text == "\\begin{align}\na &= b\n\\end{align}" and second.number is None
    assert walk.plain_text(blocks[0]) == "Plain LaTeX for equations"
    after = blocks[2]
    assert isinstance(after, m.Para) and after.continued
    assert walk.plain_text(after) == "and Equation 1, Figure 1."
def test_label_in_a_figure_or_table_caption_is_its_identifier_for_ref() -> None:
    # JOSS papers: ![Caption.\label{fig:x}](a.png) and "see Figure \ref{fig:x}".
    doc, found = doc_of("![One.\\label{one}](a.png){width=100%}\n\n"
                        "![Two \\label{two}](b.png)\n\n"
                        "| a |\n|---|\n| 1 |\n\n: Counts.\\label{tab:c}\n\n"
                        "Figures \\ref{one}, \\ref{two} and Table \\ref{tab:c}.\n")
    assert found == []
    one, two = walk.query(doc, m.Figure)
    assert (one.ident, walk.plain_text(one.caption), one.width) == ("one", "One.", "100%")
    assert (two.ident, walk.plain_text(two.caption)) == ("two", "Two")
    (table,) = walk.query(doc, m.Table)
    assert (table.ident, table.number, walk.plain_text(table.caption)) == ("tab:c", 1, "Counts.")
    para = list(walk.query(doc, m.Para))[-1]
    assert walk.plain_text(para) == "Figures 1, 2 and Table 1."
    house = house_style(doc.meta)
    for out in (write_latex(doc, house), write_html(doc, house, [])):
        assert "\\label{" not in out and "\\ref{" not in out


def test_definitions_in_a_raw_latex_block_expand_in_the_math_of_both_routes() -> None:
    # pandoc habit: the shorthand is defined in a ```{=tex} block, used in the text's math
    doc, found = doc_of("```{=tex}\n\\newpage\n\\renewcommand\\O{\\mathcal{O}} % a comment\n"
                        "```\n\nRun time $\\O(n)$, and `\\def\\eps{\\varepsilon}`{=latex} "
                        "then $\\eps$.\n\n$$\\O(n^2)$$\n")
    assert maths(doc) == ["\\mathcal{O}(n)", "\\varepsilon", "\\mathcal{O}(n^2)"]
    assert [d for d in found if getattr(d, "code", "") != "md-raw-route"] == []
    raw = list(walk.query(doc, m.RawBlock))
    assert len(raw) == 1 and "\\renewcommand" in raw[0].text  # LaTeX still gets its block
    html = write_html(doc, house_style(doc.meta), [])
    assert "\\O" not in html.replace("\\renewcommand\\O", "")
    latex = write_latex(doc, house_style(doc.meta))
    assert "\\renewcommand\\O{\\mathcal{O}}" in latex and "\\(\\mathcal{O}(n)\\)" in latex


def test_a_broken_definition_in_a_raw_block_leaves_the_math_alone() -> None:
    doc, _ = doc_of("```{=latex}\n\\newcommand{\\R\n```\n\n$\\R$\n")
    assert maths(doc) == ["\\R"]


def test_greek_capitals_that_look_latin_are_set_in_both_routes() -> None:
    doc, found = doc_of("The $\\Eta$ matrix and $\\Lambda$, $\\Beta_{1} + \\Omicron$.\n")
    assert maths(doc) == ["\\mathrm{H}", "\\Lambda", "\\mathrm{B}_{1} + \\mathrm{O}"]
    assert found == []
    own, _ = doc_of("$$\\renewcommand{\\Eta}{\\mathcal{H}}$$\n\n$\\Eta$\n")
    assert maths(own) == ["\\mathcal{H}"]  # the author's definition wins


def test_a_command_the_html_route_cannot_set_is_one_warning_per_name() -> None:
    doc, found = doc_of("$\\foo{x}$ and $\\foo$ and $\\si{m}$.\n", "$\\foo + 1$\n")
    codes = [(d.code, d.span.path if d.span else None) for d in found]  # type: ignore[attr-defined]
    assert codes == [("md-math-command", "0.md"), ("md-math-command", "0.md")]
    messages = [d.message for d in found]  # type: ignore[attr-defined]
    assert "\\foo" in messages[0] and "\\si" in messages[1]
    assert maths(doc)[0] == "\\foo{x}"  # still passed on: LaTeX may know it


def test_a_paragraph_of_only_definitions_applies_to_the_math_and_prints_nothing() -> None:
    # pandoc's latex_macros extension: the definition written as a paragraph of its own
    doc, found = doc_of("\\newcommand{\\tuple}[1]{\\langle #1 \\rangle}\n\n$\\tuple{a, b, c}$\n")
    assert found == []
    assert maths(doc) == ["\\langle a, b, c \\rangle"]
    assert "newcommand" not in walk.plain_text(doc.sections[0].blocks)
    assert "\\newcommand" not in write_html(doc, house_style(doc.meta), [])
    tex = write_latex(doc, house_style(doc.meta))
    assert "\\tuple" not in tex and "textbackslash" not in tex
