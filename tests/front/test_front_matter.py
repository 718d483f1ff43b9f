"""Front matter as pandoc users write it (issue 11, item 7): metadata strings are inline
Markdown; authors with affiliations (pandoc's and pandoc-scholar's forms), e-mail, ORCID,
corresponding and equal-contribution marks; ``thanks``; the abstract under the title
block; the keywords line. Both routes print the same text (their PDFs are read back), and
the PDF's metadata gets the plain text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from typeset.checks import check_project
from typeset.project import read_project
from typeset.writers.front_matter import front_lines, html_front, latex_front, title_notes

METADATA = """\
title: "Reading *Nightwood*"
subtitle: 'A "study" of **threads**'
author:
- "[Jane Doe](mailto:jane@example.org)"
- name: John Roe
  affiliation: [Somewhere University, Elsewhere College]
  email: john@example.org
  orcid: 0000-0002-1825-0097
  corresponding: true
- Ann Poe:
    institute: [inst1]
    equal_contributor: "yes"
institute:
- inst1: Institute of *Things*
thanks: "We thank the *archive*."
abstract: |
  This paper reads *Nightwood* (1 < 2).

  A second paragraph & more.
keywords: [modernism, Barnes]
print-keywords: true
"""


def make_project(root: Path, metadata: str = METADATA) -> Path:
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text(metadata, encoding="utf-8")
    (root / "manuscript" / "01-intro.md").write_text("# Intro\n\nThe text.^[A note.]\n",
                                                    encoding="utf-8")
    return root


def test_strings_are_markdown_and_the_plain_text_goes_to_meta(tmp_path: Path) -> None:
    doc, diags = read_project(make_project(tmp_path / "p"))
    assert diags == []
    meta = doc.meta
    assert meta.title == "Reading Nightwood"  # PDF Title, running head: no asterisks
    assert meta.subtitle == "A \u201cstudy\u201d of threads"  # smart quotes, as in the text
    assert meta.authors == ("Jane Doe", "John Roe", "Ann Poe")  # no brackets, no mailto
    html = html_front(meta)
    assert '<h1 class="title">Reading <i>Nightwood</i><span class="footnote title-footnote">' in html
    assert '<a class="meta-link" href="mailto:jane@example.org">Jane Doe</a>' in html
    assert "<b>threads</b>" in html and "*Nightwood*" not in html
    assert "This paper reads <i>Nightwood</i> (1 &#60; 2)." in html  # data, escaped
    latex = latex_front(meta)
    assert r"{\tstitlefont Reading \textit{Nightwood}\par}" in latex
    assert r"\href{mailto:jane@example.org}{Jane Doe}" in latex
    assert r"A second paragraph \& more." in latex
    assert r"\pdfbookmark[0]{Reading Nightwood}{title}" in latex


def test_the_title_block_lines(tmp_path: Path) -> None:
    doc, _ = read_project(make_project(tmp_path / "p"))
    from typeset.rich import plain

    lines = [(kind, plain(rich)) for kind, rich in front_lines(doc.meta.front)]
    assert lines == [
        ("title", "Reading Nightwood"),
        ("subtitle", "A \u201cstudy\u201d of threads"),
        ("author", "Jane Doe, John Roe1,2,*, Ann Poe3,\u2020"),
        ("affiliation", "1 Somewhere University"),
        ("affiliation", "2 Elsewhere College"),
        ("affiliation", "3 Institute of Things"),
    ]
    assert [plain(rich) for rich in title_notes(doc.meta.front)] == [
        "* Corresponding author: John Roe, john@example.org",
        "\u2020 These authors contributed equally to this work.",
        "John Roe: ORCID https://orcid.org/0000-0002-1825-0097",
        "We thank the archive.",
    ]


def test_one_affiliation_is_not_numbered_and_labels_follow_lang(tmp_path: Path) -> None:
    metadata = ("lang: de-DE\nauthor:\n- name: Jana Roth\n  affiliation: Universität Wien\n"
                "  corresponding: true\n  email: j@example.org\nabstract: Kurz.\n"
                "keywords: a, b\nprint-keywords: true\n")
    doc, diags = read_project(make_project(tmp_path / "p", metadata))
    assert diags == []
    from typeset.rich import plain

    lines = [plain(rich) for _, rich in front_lines(doc.meta.front)]
    assert lines == ["Jana Roth*", "Universität Wien"]
    assert plain(title_notes(doc.meta.front)[0]).startswith("* Korrespondierende")
    html = html_front(doc.meta)
    assert ">Zusammenfassung<" in html and "<i>Schlüsselwörter:</i> a, b" in html
    doc, _ = read_project(make_project(tmp_path / "q", metadata + "abstract-title: Kurzfassung\n"))
    assert ">Kurzfassung<" in html_front(doc.meta)


def pdf_text(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text(x_tolerance=1.5) or "" for page in document.pages)
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_front_matter_prints_in_both_routes(tmp_path: Path, route: str) -> None:
    import pypdf

    from typeset.pipeline import build

    project = make_project(tmp_path / "p")
    result = build(project, route=route, output=tmp_path / "out.pdf")
    text = pdf_text(result.output)
    expected = [
        "ReadingNightwood", "A“study”ofthreads", "1SomewhereUniversity", "3InstituteofThings",
        "*Correspondingauthor:JohnRoe,john@example.org", "Wethankthearchive.",
        "ORCIDhttps://orcid.org/0000-0002-1825-0097",
        "ThispaperreadsNightwood(1<2).", "Asecondparagraph&more.",
        "Keywords:modernism,Barnes", "Thetext.1",
    ]
    for piece in expected:
        assert piece in text, piece
    # the order on the page: title block, abstract, keywords, the text, then the notes:
    # the title's unnumbered note, then the manuscript's note 1 (still numbered 1)
    order = [text.index(p) for p in ("ReadingNightwood", "Abstract", "Keywords", "Intro",
                                     "Thetext.1", "*Correspondingauthor", "Wethank",
                                     "1.Anote.")]
    assert order == sorted(order)
    assert result.note_pages == {1: 1}  # the title note is not counted
    assert "*Nightwood*" not in text and "[JaneDoe]" not in text
    reader = pypdf.PdfReader(result.output)
    info = reader.metadata
    assert info is not None and info.title == "Reading Nightwood"
    assert info.author == "Jane Doe, John Roe, Ann Poe"
    first = reader.outline[0]
    assert not isinstance(first, list) and first.title == "Reading Nightwood"  # no note text
    assert result.diagnostics == []


def test_check_is_clean(tmp_path: Path) -> None:
    assert check_project(make_project(tmp_path / "p")) == []


CITED_BIB = """\
@book{doe2000,
  author = {Doe, Jane},
  title = {A Book of Threads},
  publisher = {Harvard University Press},
  year = {2000}
}
@article{roe2010,
  author = {Roe, Richard},
  title = {Against Threads},
  journal = {Journal of Things},
  volume = {4},
  pages = {1--20},
  year = {2010}
}
"""


def cited_project(root: Path, style: str) -> Path:
    project = make_project(root, f'title: "Notes on @doe2000"\nstyle: {style}\n'
                           'abstract: "We reread [@roe2010, 5] and [@ghost]."\n')
    (project / "bibliography.bib").write_text(CITED_BIB, encoding="utf-8")
    return project


def _cited_front(project: Path) -> list[str]:
    from typeset.citations import resolve_citations
    from typeset.csl import Processor
    from typeset.library import project_library
    from typeset.project import load_config
    from typeset.rich import plain

    config, _ = load_config(project)
    doc, _ = read_project(project, config)
    bib = project_library(config)
    items = [bib.item(k) for k in ("doe2000", "roe2010")]
    new, diags = resolve_citations(doc, Processor(config.style, items), bib, config, draft=True)
    assert [(d.code, d.span.line if d.span else 0) for d in diags] == [("cite-undefined", 3)]
    bibliography = next(b for s in new.sections for b in s.blocks
                        if b.__class__.__name__ == "Bibliography")
    assert len(bibliography.entries) == 2  # the works cited only in the front matter too
    return [new.meta.title, plain(new.meta.front.title), plain(new.meta.front.abstract[0])]


def test_citations_in_the_title_and_abstract(tmp_path: Path) -> None:
    assert _cited_front(cited_project(tmp_path / "a", "chicago-author-date")) == [
        "Notes on Doe (2000)", "Notes on Doe (2000)", "We reread (Roe 2010, 5) and ghost?."]
    title, _, abstract = _cited_front(cited_project(tmp_path / "n", "chicago-notes-bibliography"))
    # a note style prints them in place, as in a hand-written note: no note, no period
    assert title == "Notes on Jane Doe, A Book of Threads (Harvard University Press, 2000)"
    assert abstract.startswith("We reread Richard Roe, “Against Threads,” Journal of Things 4")


def test_check_sees_front_matter_citations(tmp_path: Path) -> None:
    found = check_project(cited_project(tmp_path / "p", "chicago-author-date"))
    assert [(d.code, d.span.line if d.span else 0) for d in found] == [("cite-undefined", 3)]


@pytest.mark.slow
@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_title_citation_in_both_routes(tmp_path: Path, route: str) -> None:
    import pypdf

    from typeset.pipeline import build

    result = build(cited_project(tmp_path / "p", "chicago-author-date"), route=route,
                   output=tmp_path / "out.pdf")
    text = pdf_text(result.output)
    assert "NotesonDoe(2000)" in text and "Wereread(Roe2010,5)andghost?." in text
    assert "Roe,Richard.2010." in text  # in the bibliography
    info = pypdf.PdfReader(result.output).metadata
    assert info is not None and info.title == "Notes on Doe (2000)"


def test_math_marks_in_an_author_line(tmp_path: Path) -> None:
    from typeset.front_matter import math_rich
    from typeset.rich import render

    assert render(math_rich(r"^{2,\star}"), "html") == "<sup>2,*</sup>"  # the text font's star
    assert render(math_rich(r"\alpha_i"), "latex") == r"α\textsubscript{i}"
    doc, diags = read_project(make_project(
        tmp_path / "p", "author: 'Ann Krewe$^1$ and Rob Wink$^{2,\\star}$'\n"))
    assert diags == [] and doc.meta.authors == ("Ann Krewe1 and Rob Wink2,*",)
    assert "Ann Krewe<sup>1</sup> and Rob Wink<sup>2,*</sup>" in html_front(doc.meta)


def test_front_matter_text_is_data(tmp_path: Path) -> None:
    metadata = ('title: "<script>x</script> \\\\input{/etc/passwd} `{=latex}` 100% & #1"\n'
                'author: "[Eve](javascript:alert(1))"\nabstract: "`\\\\def\\\\x{}`{=latex} plain"\n')
    doc, diags = read_project(make_project(tmp_path / "p", metadata))
    assert {d.code for d in diags} <= {"md-raw", "md-raw-route", "md-link-scheme"}  # at the key
    latex = latex_front(doc.meta)
    assert r"\input" not in latex.replace(r"\textbackslash{}input", "") and r"\def\x" not in latex
    assert r"100\% \& \#1" in latex
    html = html_front(doc.meta)
    # raw HTML is never passed on (only a few inline tags become formatting: readers/html_inline)
    assert "<script" not in html and "href=\"javascript" not in html  # no such link: text
    # a javascript: link prints its text alone, with an md-link-scheme warning (reader policy)
    assert 'author">Eve</p>' in html and "<p>plain</p>" in html
