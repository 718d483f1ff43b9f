"""An image used several times is embedded once, in both routes: PNG, JPEG, a PDF page
and an SVG, each placed on several pages, counted as distinct objects and streams."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.paper_build import build_paper
from tests.pdf_images import embedded_images

pytestmark = [pytest.mark.slow]

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">'
       '<rect x="5" y="5" width="290" height="110" fill="none" stroke="black"/>'
       '<circle cx="150" cy="60" r="40" fill="#c33"/></svg>')
MARKDOWN = """---
title: Images used again
---

![First use](chart.png){width=40%}

An inline ![x](chart.png){width=1cm} chart and ![y](photo.jpg){width=1cm} photo.

\\newpage

![Second use](chart.png){width=20%}

![The photo](photo.jpg){width=20%}

![A PDF page](page.pdf){width=30%}

![A drawing](drawing.svg){width=30%}

\\newpage

![The PDF page again](page.pdf){width=30%}

![The drawing again](drawing.svg){width=30%}
"""


@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_each_image_is_embedded_once(tmp_path: Path, route: str) -> None:
    import pdfplumber
    from PIL import Image, ImageDraw

    chart = Image.new("RGB", (300, 150), "white")
    ImageDraw.Draw(chart).line([0, 150, 300, 0], fill="blue", width=4)
    chart.save(tmp_path / "chart.png")
    chart.save(tmp_path / "page.pdf")
    Image.new("RGB", (200, 100), "yellow").save(tmp_path / "photo.jpg")
    (tmp_path / "drawing.svg").write_text(SVG, encoding="utf-8")
    out, result = build_paper(tmp_path, MARKDOWN, route)
    assert [d for d in result.diagnostics if d.severity.name != "INFO"] == []
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 3
        placed = sum(len(page.images) for page in pdf.pages)
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert placed >= 7  # every use is drawn: the chart 3 times, the photo and the page twice
    assert "](" not in text and "{width" not in text
    found = embedded_images(out)
    # the chart, the photo and the PDF page (rasterised for WeasyPrint, LaTeX keeps its
    # image): three image streams, each one object however often it is placed
    assert len(found.objects) == len(found.digests) == 3
    if route == "latex":  # the PDF page and the SVG (made a PDF) are one form each
        assert len(found.forms) == len(set(found.forms.values())) == 2
