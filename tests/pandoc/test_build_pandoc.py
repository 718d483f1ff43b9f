"""pandoc habits built end to end in both routes, the PDF's text asserted, and ``check`` on
the same project (issue 11): narrative citations, citations in notes, quote punctuation,
nocite as a block scalar, several bibliographies (.bib and CSL-JSON), inline references,
csl as a Zotero URL, pandoc-scholar authors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from typeset.checks import check_project

BIB = """\
@book{doe2000,
  author = {Doe, Jane},
  title = {A Book of Threads},
  publisher = {Harvard University Press},
  year = {2000}
}
"""

JSON_ITEMS = [{"id": "roe2010", "type": "article-journal", "title": "Against Threads",
               "author": [{"family": "Roe", "given": "Richard"}],
               "container-title": "Journal of Things", "volume": "4", "page": "1-20",
               "issued": {"date-parts": [[2010]]}}]

METADATA = """\
title: Threads
author:
- Jane Doe:
    institute: [inst1]
institute:
- inst1: Somewhere University
csl: https://www.zotero.org/styles/chicago-notes-bibliography
bibliography: [refs.bib, more.json]
references:
- id: poe1999
  type: book
  title: Inline Only
  author:
  - family: Poe
    given: Edgar
  issued: 1999
nocite: |
  @poe1999
"""

TEXT = """\
# Opening {#sec:opening}

As @doe2000 argues, the thread holds.

@roe2010 [15] disagrees.

It was “a faint thread” [@doe2000, 3].

A note.^[See @roe2010 for details.]

As @sec:opening shows, drafts build [@ghost].
"""


def make_project(root: Path) -> Path:
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text(METADATA, encoding="utf-8")
    (root / "manuscript" / "01-opening.md").write_text(TEXT, encoding="utf-8")
    (root / "refs.bib").write_text(BIB, encoding="utf-8")
    (root / "more.json").write_text(json.dumps(JSON_ITEMS), encoding="utf-8")
    return root


def pdf_text(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text(x_tolerance=1.5) or "" for page in document.pages)
    return re.sub(r"\s+", "", text)  # LaTeX's word spaces are not always text spaces


@pytest.mark.slow
@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_pandoc_habits_build_in_both_routes(tmp_path: Path, route: str) -> None:
    from typeset.pipeline import build

    project = make_project(tmp_path / "p")
    result = build(project, route=route, output=tmp_path / "out.pdf")
    text = pdf_text(result.output)
    expected = [
        "AsJaneDoe1argues,",  # the name in the sentence, the note mark after it
        "RichardRoe2disagrees.",
        "“afaintthread.”3",  # CMOS 6.9: the period inside the closing quote
        "1.ABookofThreads(HarvardUniversityPress,2000).",  # the note leaves the name out
        "4.SeeRoe,“AgainstThreads”fordetails.",  # no period mid-sentence
        "Poe,Edgar.InlineOnly.1999.",  # references: + nocite block scalar
        "Assec.1shows,draftsbuild.5",  # a cross-reference; an undefined key in a draft
        "5.ghost?",
    ]
    for piece in expected:
        assert piece in text, piece
    warnings = {d.code for d in result.diagnostics}
    assert warnings == {"cite-undefined"}  # institute: is understood now


def test_check_agrees(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    found = check_project(project)
    assert [d.code for d in found if d.is_error] == ["cite-undefined"]  # @ghost
    assert "bib-unused" not in {d.code for d in found}
