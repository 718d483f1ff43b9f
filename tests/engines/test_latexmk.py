"""The LuaLaTeX engine: a PDF on success; on failure a short positioned message and
the previous PDF untouched; time limit; missing TeX reported, not raised."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.diagnostics import Span
from typeset.engines import latexmk
from typeset.engines.base import Engine, WriterOutput
from typeset.engines.latexmk import LatexmkEngine, install_atomically, note_pages

GOOD = r"""\documentclass{article}
\usepackage{hyperref}
\usepackage{bookmark}
\begin{document}
\pdfbookmark[1]{First}{first}
Hello world.\footnote{A note.}
\end{document}
"""


# Notes 1 and 2 on page 1; note 3 on page 2, its text running on to page 3.
PAGES = r"""\documentclass{article}
\begin{document}
One.\footnote[1]{First.} Two.\footnote[2]{Second.}
\newpage
Three.\footnote[3]{\rule{1pt}{0.9\textheight}\par\rule{1pt}{0.5\textheight}}
\newpage
Four.
\end{document}
"""


def broken(line_text: str) -> WriterOutput:
    return WriterOutput(GOOD.replace("Hello world.", line_text))


def test_engine_satisfies_protocol() -> None:
    assert isinstance(LatexmkEngine(), Engine)


@pytest.mark.latex
def test_success_writes_pdf_with_bookmarks(tmp_path: Path) -> None:
    import pypdf

    output = tmp_path / "out" / "doc.pdf"
    result = LatexmkEngine().compile(WriterOutput(GOOD), tmp_path / "work", output)
    assert result.diagnostics == [] and result.note_pages == {1: 1}
    reader = pypdf.PdfReader(output)
    assert "Hello world." in reader.pages[0].extract_text()
    assert [item.title for item in reader.outline] == ["First"]  # one pass is enough
    assert not (tmp_path / "work").exists()  # TeX's files stay in a private temp folder
    assert [p.name for p in output.parent.iterdir()] == ["doc.pdf"]  # no temp file left


@pytest.mark.latex
def test_failure_keeps_previous_pdf_and_points_at_manuscript(tmp_path: Path) -> None:
    output = tmp_path / "doc.pdf"
    output.write_bytes(b"%PDF previous")
    smap = {6: Span("manuscript/02-text.md", 14, 1)}
    source = WriterOutput(broken(r"Hello \undefinedcommand world.").source, smap)
    result = LatexmkEngine().compile(source, tmp_path / "work", output)
    [diag] = [d for d in result.diagnostics if d.is_error]
    assert result.note_pages == {}
    assert diag.span == Span("manuscript/02-text.md", 14, 1)
    assert "Undefined control sequence" in diag.message and "line 6" in diag.message
    assert len(diag.format_text().splitlines()) == 1
    assert output.read_bytes() == b"%PDF previous"


@pytest.mark.latex
def test_shell_escape_is_off(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    source = broken(r"\immediate\write18{touch " + str(marker) + "}Text.")
    LatexmkEngine().compile(source, tmp_path / "work", tmp_path / "x.pdf")
    assert not marker.exists()


@pytest.mark.latex
def test_time_limit(tmp_path: Path) -> None:
    source = broken(r"\def\loop{\loop}\loop")
    result = LatexmkEngine(timeout=2).compile(source, tmp_path, tmp_path / "x.pdf")
    assert [d.code for d in result.diagnostics] == ["tex-timeout"]
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.latex
def test_through_latexmk(tmp_path: Path) -> None:
    output = tmp_path / "doc.pdf"
    result = LatexmkEngine(use_latexmk=True).compile(WriterOutput(PAGES), tmp_path, output)
    assert result.diagnostics == [] and result.note_pages == {1: 1, 2: 1, 3: 2}
    assert output.read_bytes().startswith(b"%PDF")


@pytest.mark.latex
def test_note_pages_are_where_each_note_begins(tmp_path: Path) -> None:
    import pypdf

    output = tmp_path / "doc.pdf"
    result = LatexmkEngine().compile(WriterOutput(PAGES), tmp_path, output)
    assert result.diagnostics == [] and result.note_pages == {1: 1, 2: 1, 3: 2}
    texts = [page.extract_text() for page in pypdf.PdfReader(output).pages]
    assert len(texts) == 3 and "Second." in texts[0] and "Three." in texts[1]


@pytest.mark.latex
def test_note_page_hook_changes_no_byte_of_the_pdf(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    hooked, plain = tmp_path / "hooked.pdf", tmp_path / "plain.pdf"
    assert LatexmkEngine().compile(WriterOutput(PAGES), tmp_path, hooked).note_pages
    monkeypatch.setattr(latexmk, "_HOOK", "")
    result = LatexmkEngine().compile(WriterOutput(PAGES), tmp_path, plain)
    assert result.diagnostics == [] and result.note_pages == {}
    assert hooked.read_bytes() == plain.read_bytes()


def test_note_pages_from_the_log() -> None:
    log = ("typeset-note-page: 1 1\ntypeset-note-page: 2 1 [1\n]\n"
           "typeset-note-page: 12 3 [3]\nnot typeset-note-page: 4 4\n")
    assert note_pages(log) == {1: 1, 2: 1, 12: 3}


def test_missing_tex_is_a_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(latexmk.shutil, "which", lambda _name: None)
    [diag] = LatexmkEngine().compile(WriterOutput(GOOD), tmp_path, tmp_path / "x.pdf").diagnostics
    assert diag.code == "tex-missing" and "apt-get install" in diag.message


def test_install_atomically_replaces_whole_file(tmp_path: Path) -> None:
    built = tmp_path / "built.pdf"
    built.write_bytes(b"%PDF new")
    target = tmp_path / "sub" / "out.pdf"
    install_atomically(built, target)
    install_atomically(built, target)
    assert target.read_bytes() == b"%PDF new"
    assert [p.name for p in target.parent.iterdir()] == ["out.pdf"]


@pytest.mark.latex
def test_reproducible_with_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert LatexmkEngine().compile(WriterOutput(GOOD), tmp_path, first).diagnostics == []
    assert LatexmkEngine().compile(WriterOutput(GOOD), tmp_path, second).diagnostics == []
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.latex
def test_unwritable_output_is_a_diagnostic(tmp_path: Path) -> None:
    """A PDF that cannot be installed (a file where its folder should be) is reported."""
    (tmp_path / "afile").write_text("not a folder")
    output = tmp_path / "afile" / "doc.pdf"
    found = LatexmkEngine().compile(WriterOutput(GOOD), tmp_path, output).diagnostics
    assert [d.code for d in found] == ["pdf-write"] and found[0].span == Span(str(output))


@pytest.mark.latex
def test_pdfa_without_the_srgb_profile_is_a_clear_error(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """PDF/A needs TeX Live's sRGB profile for its OutputIntent; without it the build
    stops and says which file is missing and how to opt out, and writes no PDF."""
    from typeset.engines import pdfa_tex

    monkeypatch.setattr(pdfa_tex, "_ICC", "no-such-profile.icc")
    output = tmp_path / "doc.pdf"
    found = LatexmkEngine().compile(WriterOutput(GOOD, pdf_standard="a-2b"), tmp_path,
                                    output).diagnostics
    errors = [d for d in found if d.is_error]
    assert [d.code for d in errors] == ["tex-error"]
    assert "no-such-profile.icc" in errors[0].message and "pdf-standard: none" in errors[0].message
    assert not output.exists()


@pytest.mark.latex
def test_pdfa_from_a_tex_without_the_writers_xmp_line_warns(tmp_path: Path) -> None:
    """Not the writer's .tex: the XMP cannot say what hyperref put in the Info dictionary;
    the build says so and still makes the PDF."""
    output = tmp_path / "doc.pdf"
    found = LatexmkEngine().compile(WriterOutput(GOOD, pdf_standard="a-2b"), tmp_path,
                                    output).diagnostics
    assert [d.code for d in found] == ["pdfa-no-metadata"] and not found[0].is_error
    assert "typeset-xmp" in found[0].message and output.is_file()
