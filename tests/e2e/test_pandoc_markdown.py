"""A manuscript of our own using every pandoc construct, built in both routes.

The PDF text must hold no Markdown or TeX markup, every table, figure and
labelled equation must be numbered and captioned, and every figure embedded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.pdf_images import embedded_images

pytestmark = [pytest.mark.slow]

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "constructs"
MARKUP = ("<!--", ":::", "~~", "{.", "{#", "](", "|---", "$\\", "$$", "\\(", "{=")
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">'
       '<rect x="5" y="5" width="290" height="110" fill="none" stroke="black"/>'
       '<circle cx="150" cy="60" r="40" fill="#c33"/></svg>')


def make_project(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw

    project = tmp_path / "p"
    shutil.copytree(FIXTURE, project)
    figures = project / "manuscript" / "fig"
    figures.mkdir()
    image = Image.new("RGB", (300, 150), "white")
    ImageDraw.Draw(image).line([0, 150, 300, 0], fill="blue", width=4)
    image.save(figures / "chart.png")
    image.save(figures / "page.pdf")
    (figures / "diagram.svg").write_text(SVG, encoding="utf-8")
    return project


def build(project: Path, route: str) -> Path:
    from typeset.cli import main

    output = project / f"{route}.pdf"
    result = CliRunner().invoke(main, ["build", str(project), "--route", route, "-q",
                                       "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output


def text_and_images(pdf: Path) -> tuple[str, int]:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    found = embedded_images(pdf)  # distinct image objects, not placements
    assert len(found.objects) == len(found.digests)  # no image stream embedded twice
    return text, len(found.objects)


@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_every_construct_builds_without_markup_left(tmp_path: Path, route: str) -> None:
    text, images = text_and_images(build(make_project(tmp_path), route))
    # pdfplumber drops some of LuaLaTeX's word spaces: compare without any
    flat = "".join(text.split()).replace("TABLE", "Table").replace("FIGURE", "Figure")

    def printed(words: str) -> bool:
        return "".join(words.split()) in flat

    assert [token for token in MARKUP if token in text] == []
    assert printed("Table 1. Shares by region")
    assert all(printed(f"Figure {number}.") for number in (1, 2, 3))
    assert printed("(1)") and not printed("(2)")  # only the labelled equation is numbered
    assert images == 2  # the PNG and the PDF page (the SVG is drawn as vectors)
    assert printed("\u201cstraight quotes\u201d \u2013 an en dash")
    assert printed("return 3.14159 * r ** 2")
    assert printed("Only in the LaTeX route") == (route == "latex")
    assert printed("Only in the HTML route") == (route == "html")
    assert printed("A Book about Tables") and printed("Figures and Their Captions")
