"""Images: found beside the Markdown file or in the project, errors with positions, and both
engines' conversions (SVG to PDF for LuaLaTeX, PDF to PNG for WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.diagnostics import Span
from typeset.doc import model as m
from typeset.doc.walk import query
from typeset.engines.images import copy_images, pdf_as_png, pdf_image_response
from typeset.project import read_project
from typeset.writers.latex import image_names

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
       '<rect width="40" height="20" fill="red"/></svg>')


def png(path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 4), "white").save(path)


def project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "manuscript").mkdir(exist_ok=True)
    (tmp_path / "manuscript" / "01.md").write_text(text, encoding="utf-8")
    return tmp_path


def test_images_beside_the_markdown_file_then_in_the_project(tmp_path: Path) -> None:
    png(tmp_path / "manuscript" / "fig" / "a.png")
    png(tmp_path / "b.png")
    project(tmp_path, "![A](fig/a.png)\n\nInline ![b](b.png) too.\n")
    doc, found = read_project(tmp_path)
    assert found == []
    figure = next(query(doc, m.Figure))
    image = next(query(doc, m.Image))
    assert figure.src == str((tmp_path / "manuscript" / "fig" / "a.png").resolve())
    assert image.src == str((tmp_path / "b.png").resolve())


@pytest.mark.parametrize(("src", "why"), [
    ("missing.png", "was not found"),
    ("../outside.png", "outside the project folder"),
    ("notes.txt", "use PNG, JPEG, PDF or SVG"),
])
def test_bad_images_are_errors_at_their_position(tmp_path: Path, src: str, why: str) -> None:
    inner = tmp_path / "p"
    inner.mkdir()
    png(tmp_path / "outside.png")
    (inner / "notes.txt").write_text("x", encoding="utf-8")
    project(inner, f"Intro.\n\n![Cap]({src})\n")
    _doc, found = read_project(inner)
    [problem] = found
    assert problem.code == "md-image" and why in problem.message
    assert problem.span == Span(str(inner / "manuscript" / "01.md"), 3, 1)


def test_remote_images_are_a_warning_and_print_their_caption(tmp_path: Path) -> None:
    project(tmp_path, "![A remote chart](https://example.org/x.png)\n")
    doc, [problem] = read_project(tmp_path)
    assert (problem.code, problem.severity.value) == ("md-image-remote", "warning")
    figure = next(query(doc, m.Figure))
    assert figure.src == ""
    from typeset.house import house_style
    from typeset.writers.html import write_html
    from typeset.writers.latex import write_latex

    assert "<img" not in write_html(doc, house_style(doc.meta), [])
    assert r"\includegraphics" not in write_latex(doc, house_style(doc.meta)).split(
        "begin{document}")[1]


def test_latex_names_each_image_once_and_svg_becomes_pdf(tmp_path: Path) -> None:
    svg = tmp_path / "d.svg"
    svg.write_text(SVG, encoding="utf-8")
    figure = m.Figure(str(svg), (m.Str("x"),))
    doc = m.Document(sections=(m.Section("s.md", (figure, figure, m.Para((m.Image(
        str(svg), ()),)))),))
    names = image_names(doc)
    assert list(names) == [str(svg)] and names[str(svg)].endswith(".pdf")
    build = tmp_path / "build"
    build.mkdir()
    assert copy_images({names[str(svg)]: str(svg)}, build) == []
    assert (build / names[str(svg)]).read_bytes().startswith(b"%PDF")


def test_pdf_figures_are_rasterised_for_weasyprint(tmp_path: Path) -> None:
    from PIL import Image

    pdf = tmp_path / "f.pdf"
    Image.new("RGB", (72, 36), "white").save(pdf)
    assert pdf_as_png(pdf, dpi=144).startswith(b"\x89PNG")
    response = pdf_image_response(pdf.as_uri())
    assert response is not None and response.content_type == "image/png"
    assert response.path is None  # WeasyPrint must embed these bytes, not re-read the PDF
    assert pdf_image_response((tmp_path / "x.png").as_uri()) is None


def test_a_broken_svg_is_a_diagnostic_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text("<svg", encoding="utf-8")
    [problem] = copy_images({"img.pdf": str(bad)}, tmp_path)
    assert problem.code == "image-convert"
