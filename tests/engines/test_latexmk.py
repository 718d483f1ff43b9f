"""The LuaLaTeX engine: a PDF on success; on failure a short positioned message and
the previous PDF untouched; time limit; missing TeX reported, not raised."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.diagnostics import Span
from typeset.engines import latexmk
from typeset.engines.latexmk import LatexmkEngine, install_atomically

GOOD = r"""\documentclass{article}
\usepackage{hyperref}
\usepackage{bookmark}
\begin{document}
\pdfbookmark[1]{First}{first}
Hello world.\footnote{A note.}
\end{document}
"""


def broken(line_text: str) -> str:
    return GOOD.replace("Hello world.", line_text)


@pytest.mark.latex
def test_success_writes_pdf_with_bookmarks(tmp_path: Path) -> None:
    import pypdf

    output = tmp_path / "out" / "doc.pdf"
    assert LatexmkEngine().compile(GOOD, tmp_path / "work", output) == []
    reader = pypdf.PdfReader(output)
    assert "Hello world." in reader.pages[0].extract_text()
    assert [item.title for item in reader.outline] == ["First"]  # one pass is enough
    assert not (tmp_path / "work").exists()  # TeX's files stay in a private temp folder
    assert [p.name for p in output.parent.iterdir()] == ["doc.pdf"]  # no temp file left


@pytest.mark.latex
def test_failure_keeps_previous_pdf_and_points_at_manuscript(tmp_path: Path) -> None:
    output = tmp_path / "doc.pdf"
    output.write_bytes(b"%PDF previous")
    source = broken(r"Hello \undefinedcommand world.")
    smap = {6: Span("manuscript/02-text.md", 14, 1)}
    diagnostics = LatexmkEngine().compile(source, tmp_path / "work", output, smap)
    [diag] = [d for d in diagnostics if d.is_error]
    assert diag.span == Span("manuscript/02-text.md", 14, 1)
    assert "Undefined control sequence" in diag.message and "line 6" in diag.message
    assert len(diag.format_text().splitlines()) == 1
    assert output.read_bytes() == b"%PDF previous"


@pytest.mark.latex
def test_source_map_from_constructor(tmp_path: Path) -> None:
    engine = LatexmkEngine(source_map={6: Span("m.md", 2, 1)})
    [diag] = engine.compile(broken(r"\begin{nosuchenv}"), tmp_path, tmp_path / "x.pdf")
    assert diag.span == Span("m.md", 2, 1) and "nosuchenv undefined" in diag.message
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.latex
def test_shell_escape_is_off(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    source = broken(r"\immediate\write18{touch " + str(marker) + "}Text.")
    LatexmkEngine().compile(source, tmp_path / "work", tmp_path / "x.pdf")
    assert not marker.exists()


@pytest.mark.latex
def test_time_limit(tmp_path: Path) -> None:
    source = broken(r"\def\loop{\loop}\loop")
    diagnostics = LatexmkEngine(timeout=2).compile(source, tmp_path, tmp_path / "x.pdf")
    assert [d.code for d in diagnostics] == ["tex-timeout"]
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.latex
def test_through_latexmk(tmp_path: Path) -> None:
    output = tmp_path / "doc.pdf"
    assert LatexmkEngine(use_latexmk=True).compile(GOOD, tmp_path, output) == []
    assert output.read_bytes().startswith(b"%PDF")


def test_missing_tex_is_a_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(latexmk.shutil, "which", lambda _name: None)
    [diag] = LatexmkEngine().compile(GOOD, tmp_path, tmp_path / "x.pdf")
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
    assert LatexmkEngine().compile(GOOD, tmp_path, first) == []
    assert LatexmkEngine().compile(GOOD, tmp_path, second) == []
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.latex
def test_unwritable_output_is_a_diagnostic(tmp_path: Path) -> None:
    """A PDF that cannot be installed (a file where its folder should be) is reported."""
    (tmp_path / "afile").write_text("not a folder")
    output = tmp_path / "afile" / "doc.pdf"
    found = LatexmkEngine().compile(GOOD, tmp_path, output)
    assert [d.code for d in found] == ["pdf-write"] and found[0].span == Span(str(output))
