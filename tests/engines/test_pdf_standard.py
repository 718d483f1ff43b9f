"""PDF/A from both engines, checked by the structural checker in tests/pdfa.py; and the
checker itself fails on plain PDFs, so the passes mean something."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pdfa import check_pdfa
from typeset.config import PDF_STANDARDS
from typeset.engines import latexmk, weasyprint
from typeset.engines.base import WriterOutput
from typeset.engines.latexmk import LatexmkEngine, document_metadata
from typeset.engines.weasyprint import WeasyPrintEngine

pytest.importorskip("pikepdf")

HTML = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>A &amp; B</title>
<meta name="author" content="Ann Author"><meta name="keywords" content="one, two">
<meta name="dcterms.created" content="2020-01-02T03:04:05Z"></head>
<body><p>Hello <a href="https://example.org/">world</a>.</p></body></html>"""

TEX = r"""\documentclass{article}
\usepackage{fontspec}
\usepackage{hyperref}
\hypersetup{pdftitle={A Title},pdfauthor={Ann Author}}
\begin{document}
Hello \href{https://example.org/}{world}.\footnote{A note.}
\end{document}
"""


def test_both_engines_know_every_standard_the_metadata_allows() -> None:
    assert set(weasyprint.PDF_VARIANTS) == set(PDF_STANDARDS)
    assert set(latexmk.PDF_STANDARDS) == set(PDF_STANDARDS)


@pytest.mark.parametrize(("standard", "expected"), [
    ("a-2b", r"\DocumentMetadata{pdfstandard=A-2b,lang=de-AT}"),
    ("a-2u", r"\DocumentMetadata{pdfstandard=A-2u,lang=de-AT}"),
    ("none", ""),
])
def test_document_metadata_line(standard: str, expected: str) -> None:
    assert document_metadata(standard, "de-AT") == expected


def test_document_metadata_keeps_only_tag_characters() -> None:
    assert document_metadata("a-3b", "en}\\x") == r"\DocumentMetadata{pdfstandard=A-3b,lang=enx}"


@pytest.mark.parametrize(("standard", "part", "conformance"), [
    ("a-2b", 2, "B"), ("a-3b", 3, "B"), ("a-2u", 2, "U"),
])
def test_weasyprint_writes_pdfa(tmp_path: Path, standard: str, part: int, conformance: str) -> None:
    out = tmp_path / "a.pdf"
    result = WeasyPrintEngine().compile(WriterOutput(HTML, pdf_standard=standard), tmp_path, out)
    assert not result.diagnostics
    assert check_pdfa(out, part, conformance) == []


def test_weasyprint_plain_pdf_fails_the_checker_but_has_an_id(tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    WeasyPrintEngine().compile(WriterOutput(HTML, pdf_standard="none"), tmp_path, out)
    problems = check_pdfa(out)
    assert "no XMP metadata stream in the catalog" in problems
    assert "no /GTS_PDFA1 OutputIntent" in problems
    assert "no trailer /ID of two strings" not in problems


@pytest.mark.latex
def test_lualatex_writes_pdfa_2b(tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    source = WriterOutput(TEX, pdf_standard="a-2b", lang="en-US")
    result = LatexmkEngine().compile(source, tmp_path, out)
    assert not [d for d in result.diagnostics if d.is_error]
    assert check_pdfa(out) == []
    assert result.note_pages == {1: 1}


@pytest.mark.latex
def test_lualatex_plain_pdf_fails_the_checker(tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    LatexmkEngine().compile(WriterOutput(TEX, pdf_standard="none"), tmp_path, out)
    problems = check_pdfa(out)
    assert "no /GTS_PDFA1 OutputIntent" in problems
    assert any("differs from XMP" in p for p in problems)
