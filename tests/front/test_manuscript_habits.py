"""Habits of real pandoc-crossref manuscripts (issue 11, "Done when"): a labelled display
formula inside a paragraph (``text\\n$$...$$ {#eq:x}\\nmore``), a table caption whose
attributes hold spaces (``{#tbl:x short="A short one"}``) and a possessive after a
narrative citation (``@doe2000's``). Each is read, built in both routes and checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.pandoc.helpers import cite_markdown
from typeset.checks import check_project
from typeset.doc import model as m
from typeset.readers.markdown import read_markdown

BIB = """\
@book{doe2000,
  author = {Doe, Jane},
  title = {A Book of Threads},
  publisher = {Harvard University Press},
  year = {2000}
}
"""

PAPER = """\
---
title: Habits
bibliography: refs.bib
---

# Method {#sec:method}

The sum of the parts,
$$
a + b = c
$$ {#eq:sum}
and so on, as in [@Eq:sum] and @eq:sum.

With @doe2000's correction, see @tbl:props.

| a | b |
|---|---|
| 1 | 2 |

Table: The long caption. {#tbl:props short="Short caption"}
"""


def blocks(markdown: str) -> tuple[m.Block, ...]:
    found, problems = read_markdown(markdown, "t.md")
    assert problems == []
    return found


def test_labelled_formula_inside_a_paragraph_splits_it() -> None:
    found = blocks("Before\n$$\nx = 1\n$$ {#eq:one}\nafter $$y$$ {#eq:two} end.\n")
    kinds = [(type(b).__name__, getattr(b, "ident", None)) for b in found]
    assert kinds == [("Para", None), ("Equation", "eq:one"), ("Para", None),
                     ("Equation", "eq:two"), ("Para", None)]
    # an unlabelled display formula inside a paragraph stays inline
    assert [type(b).__name__ for b in blocks("Before $$x$$ after.\n")] == ["Para"]


def test_caption_attributes_with_spaces() -> None:
    table = blocks("| a |\n|---|\n| 1 |\n\nTable: Long. {#tbl:x short=\"Two words\"}\n")[0]
    assert isinstance(table, m.Table) and table.ident == "tbl:x"
    assert "short" not in repr(table.caption)


def test_possessive_after_a_narrative_citation() -> None:
    lines = cite_markdown("With @doe2000's help.\n\nAnd @doe2000’s view.\n")
    assert lines[0].startswith("With Jane Doe’s^1(A Book of Threads")
    assert lines[0].endswith(") help.")
    assert lines[1].startswith("And Jane Doe’s^2(")
    assert cite_markdown("With @doe2000's help.\n", style="apa") == [
        "With Doe (2000)'s help."]


def make_paper(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "refs.bib").write_text(BIB, encoding="utf-8")
    paper = root / "paper.md"
    paper.write_text(PAPER, encoding="utf-8")
    return paper


def pdf_text(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


@pytest.mark.slow
@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_habits_in_both_routes(tmp_path: Path, route: str) -> None:
    from typeset.pipeline import build

    paper = make_paper(tmp_path / "p")
    result = build(paper, route=route, output=tmp_path / "out.pdf")
    assert result.diagnostics == []
    text = re.sub(r"\s+", "", pdf_text(result.output))  # LaTeX's spaces are not always text
    assert "asinEq.1andeq.1." in text and "(1)" in text
    assert "JaneDoe’s1correction,seetbl.1." in text
    assert "Table1.Thelongcaption." in text
    assert "{#" not in text and "short=" not in text and "$$" not in text


def test_check_is_clean(tmp_path: Path) -> None:
    assert check_project(make_paper(tmp_path / "p")) == []


LATE_BLOCK = """\
---
title: Late
bibliography: refs.bib
---

# Text

Cited [@doe2000].

---

A rule above, and text.

```
---
nocite: fenced
---
```

# References

---
nocite: |
    @roe2010,
---
"""

BIB2 = BIB + """
@book{roe2010,
  author = {Roe, Richard},
  title = {Against Threads},
  publisher = {Yale University Press},
  year = {2010}
}
"""


def test_metadata_blocks_further_down() -> None:
    from typeset.project import front_matter, metadata_blocks

    blocks = metadata_blocks(LATE_BLOCK)
    assert [(first, yaml) for first, _last, yaml in blocks][1:] == [
        (22, "nocite: |\n    @roe2010,\n")]
    merged = front_matter(LATE_BLOCK) or ""
    assert merged.splitlines()[22] == "nocite: |"  # the file's own line numbers
    assert "fenced" not in merged
    # a rule followed by a blank line, or a block that is no YAML mapping, is no metadata
    assert metadata_blocks("# A\n\n---\n\nText\n\n---\nNot a mapping\n---\n") == []


def test_a_late_block_is_read_and_not_printed(tmp_path: Path) -> None:
    from typeset.pipeline import build
    from typeset.project import load_config

    root = tmp_path / "p"
    root.mkdir()
    (root / "refs.bib").write_text(BIB2, encoding="utf-8")
    paper = root / "paper.md"
    paper.write_text(LATE_BLOCK, encoding="utf-8")
    config, problems = load_config(paper)
    assert config.nocite == ("roe2010",) and problems == []
    assert check_project(paper) == []
    result = build(paper, output=tmp_path / "out.pdf")
    text = pdf_text(result.output)
    assert "nocite: |" not in text and "@roe2010" not in text
    assert "Roe, Richard. Against Threads." in text  # listed, never cited
    assert "A rule above, and text." in text and "nocite: fenced" in text


JOSS = """\
---
title: A Tool
authors:
  - name: Ann Lee
    orcid: 0000-0002-1825-0097
    equal-contrib: true
    affiliation: "1, 3"
  - name: Bo Ma
    equal-contrib: true
    affiliation: 2
affiliations:
  - name: University of Somewhere
    index: 1
  - name: Institute of Elsewhere
    index: 2
    ror: 00hx57361
  - name: Third Lab
    index: 3
bibliography: refs.bib
---

# Summary

Text.
"""


def test_joss_affiliation_indexes(tmp_path: Path) -> None:
    from typeset.pipeline import build
    from typeset.project import load_config

    paper = make_paper(tmp_path / "p")
    paper.write_text(JOSS, encoding="utf-8")
    config, problems = load_config(paper)
    assert problems == []
    assert [(a.name, a.affiliations, a.equal_contributor) for a in config.author_entries] == [
        ("Ann Lee", ("University of Somewhere", "Third Lab"), True),
        ("Bo Ma", ("Institute of Elsewhere",), True)]
    text = pdf_text(build(paper, output=tmp_path / "out.pdf").output)
    assert "University of Somewhere" in text and "Institute of Elsewhere" in text
    assert "1, 3" not in text


PREFIXED = """\
---
title: Prefixed
author:
  - Robin Roe:
      institute: ['Department of Things, University of Somewhere']
tblPrefix: Table
figPrefix: [Figure, Figures]
secPrefix: Section
eqnPrefix: []
bibliography: refs.bib
---

# Method {#sec:method}

$$x = 1$$ {#eq:one}

See @tbl:t, [@fig:a; @fig:b], @sec:method, [@eq:one] and @fig:a. Cited [@doe2000].

![A](a.png){#fig:a}

![B](a.png){#fig:b}

| a |
|---|
| 1 |

: Caption. {#tbl:t}
"""


def prefixed_paper(root: Path) -> Path:
    from PIL import Image

    paper = make_paper(root)
    paper.write_text(PREFIXED, encoding="utf-8")
    Image.new("RGB", (40, 30), (200, 80, 40)).save(root / "a.png")
    return paper


def test_pandoc_crossref_prefixes_and_scholar_names(tmp_path: Path) -> None:
    from typeset.project import load_config

    paper = prefixed_paper(tmp_path / "p")
    config, problems = load_config(paper)
    assert problems == []  # no "unsupported" for the prefixes, no unknown institute
    assert (config.tbl_prefix, config.fig_prefix, config.eq_prefix) == (
        ("Table", "Table"), ("Figure", "Figures"), ("", ""))
    assert config.author_entries[0].affiliations == (
        "Department of Things, University of Somewhere",)
    assert check_project(paper) == []


@pytest.mark.slow
@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_prefixes_in_both_routes(tmp_path: Path, route: str) -> None:
    from typeset.pipeline import build

    paper = prefixed_paper(tmp_path / "p")
    result = build(paper, route=route, output=tmp_path / "out.pdf")
    assert result.diagnostics == []
    text = re.sub(r"\s+", "", pdf_text(result.output))
    assert "SeeTable1,Figures1–2,Section1,1andFigure1." in text
    assert "DepartmentofThings,UniversityofSomewhere" in text


def test_a_later_block_wins_without_a_duplicate_warning(tmp_path: Path) -> None:
    from typeset.project import load_config

    paper = make_paper(tmp_path / "p")
    paper.write_text("---\nauthor:\n- 'Draft ^, ^'\ntitle: T\nbibliography: refs.bib\n---\n\n"
                     "---\nauthor:\n    - Ann Lee:\n        institute: [x]\n"
                     "institute:\n  - x: The Institute\n---\n\n# A\n\nText [@doe2000].\n",
                     encoding="utf-8")
    config, problems = load_config(paper)
    assert problems == []
    assert config.title == "T" and config.authors == ("Ann Lee",)
    assert config.author_entries[0].affiliations == ("The Institute",)
    assert config.spans["author"].line == 9  # the later block's own line
    assert check_project(paper) == []


@pytest.mark.parametrize("text, expected", [
    ("See [@sec:results, p. 2].", "See sec. 2, p. 2."),
    ("See [@sec:results, pp. 2-4].", "See sec. 2, pp. 2-4."),
    ("See [@sec:intro, chap. 3 and after].", "See sec. 1, chap. 3 and after."),
    ("See [@sec:intro, right column].", "See sec. 1, right column."),
])
def test_a_crossref_keeps_its_locator(text: str, expected: str) -> None:
    doc = "# Intro {#sec:intro}\n\n# Results {#sec:results}\n\n"
    assert cite_markdown(doc + text + "\n")[-1] == expected


def test_a_subfigure_group_is_one_figure_with_lettered_panels() -> None:
    from tests.pandoc.helpers import read
    from typeset.crossref import labels
    from typeset.doc.floats import number_floats

    doc = ("![Before](b.png){#fig:first}\n\n::: {#fig:group}\n\n![](x.png){#fig:group_a}\n\n"
           "![](y.png){#fig:group_b}\n\nThe two panels.\n\n:::\n\n"
           '<div id="fig:html">\n\n![](z.png){#fig:html_a}\n\nCaption.\n\n</div>\n\n'
           "::: {#fig:empty}\nNo figure.\n:::\n")
    found = labels(number_floats(read(doc)))
    # pandoc-crossref's subfigures: the group is figure 2, its panels 2a and 2b
    assert found == {"fig:first": "1", "fig:group": "2", "fig:group_a": "2a",
                     "fig:group_b": "2b", "fig:html": "3", "fig:html_a": "3a"}


def test_image_attributes_broken_over_lines() -> None:
    found = blocks('![Cap.](x.png){#fig:one\nwidth="50%"}\n\n'
                   "Text ![i](y.png){#fig:two\nwidth=30%} and more\ntext.\n\n"
                   "An {unclosed brace\nhere} stays text.\n")
    figure = found[0]
    assert isinstance(figure, m.Figure) and (figure.ident, figure.width) == ("fig:one", "50%")
    image = next(n for n in found[1].children if isinstance(n, m.Image))  # type: ignore[union-attr]
    assert (image.ident, image.width) == ("fig:two", "30%")
    words = [n.text for n in found[1].children if isinstance(n, m.Str)]  # type: ignore[union-attr]
    assert words == ["Text", "and", "more", "text."]
    assert "{unclosed" in [n.text for n in found[2].children  # type: ignore[union-attr]
                           if isinstance(n, m.Str)]


def test_a_reserved_entry_key_says_why() -> None:
    from tests.pandoc.helpers import read
    from typeset.crossref import resolve_crossrefs

    doc = read("# Part {#sec:one}\n\nSee @sec:one and [@sec:law].\n")
    _, problems = resolve_crossrefs(doc, {"sec:law"})
    assert [p.code for p in problems] == ["crossref-undefined"]
    assert "the bibliography's entry sec:law is not cited" in problems[0].message
    _, problems = resolve_crossrefs(doc, set())  # no such entry: no such note
    assert "bibliography" not in problems[0].message


def test_csl_yaml_dates_written_as_parts() -> None:
    from typeset.config import csl_value

    item = csl_value({"id": "w", "issued": {"year": 2024}, "accessed": {"month": "05",
                      "year": 2014}, "original-date": {"year": 1900, "month": 2, "day": 3,
                                                       "circa": True},
                      "note": {"year": 1}, "submitted": {"date-parts": [[2001]]}})
    assert item["issued"] == {"date-parts": [[2024]]}
    assert item["accessed"] == {"date-parts": [[2014, 5]]}
    assert item["original-date"] == {"date-parts": [[1900, 2, 3]], "circa": True}
    assert item["note"] == {"year": 1}  # not a date variable
    assert item["submitted"] == {"date-parts": [[2001]]}


@pytest.mark.slow
@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_inline_references_in_a_closing_block(tmp_path: Path, route: str) -> None:
    from typeset.pipeline import build

    root = tmp_path / "p"
    root.mkdir()
    paper = root / "paper.md"
    paper.write_text("# Intro\n\nAs shown [@w24].\n\n---\ntitle: Closing\nreferences:\n"
                     "- id: w24\n  type: book\n  author:\n  - family: Weber\n    given: S.\n"
                     "  issued:\n    year: 2024\n  title: Policy as Code\n---\n",
                     encoding="utf-8")
    assert check_project(paper) == []
    result = build(paper, route=route, output=tmp_path / "out.pdf")
    assert result.diagnostics == []
    text = re.sub(r"\s+", "", pdf_text(result.output))
    assert text.startswith("Closing") and "Weber,S.PolicyasCode.2024." in text
    assert "n.d." not in text and "references:" not in text


@pytest.mark.parametrize("text, maths", [
    ("a 3$\\sigma$ cut", ["\\sigma"]),  # a digit may stand before the opening $
    ("for ~10$^5$ years", ["^5"]),
    ("between $5 and $10 each", []),  # none after the closing one: prices stay text
    ("$20,000 and $30,000", []),
    ("then $x$ and $y$.", ["x", "y"]),
])
def test_dollar_math_next_to_digits_as_in_pandoc(text: str, maths: list[str]) -> None:
    para = blocks(text + "\n")[0]
    assert [n.text for n in para.children if isinstance(n, m.Math)] == maths  # type: ignore[union-attr]
    if not maths:
        assert "".join(n.text for n in para.children  # type: ignore[union-attr]
                       if isinstance(n, m.Str)) == text.replace(" ", "")


def test_a_block_in_a_later_section_is_not_silently_lost(tmp_path: Path) -> None:
    from typeset.project import read_project

    root = tmp_path / "p"
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "01-a.md").write_text("---\ntitle: From the first\n---\n\n# A\n\nText.\n",
                                                 encoding="utf-8")
    (root / "manuscript" / "02-b.md").write_text("# B\n\nMore.\n\n---\nnocite: \"@x\"\n---\n",
                                                 encoding="utf-8")
    doc, problems = read_project(root)
    assert doc.meta.title == "From the first"
    assert [(p.code, p.span.path.endswith("02-b.md"), p.span.line) for p in problems
            if p.span is not None] == [("meta-ignored", True, 5)]
    assert "nocite" not in repr(doc.sections[1].blocks)
