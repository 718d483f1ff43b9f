"""Subfigures built in both routes: panels side by side with (a), (b) under them, the
group numbered once and listed once, references to a panel as "fig. 2a", no markup left."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.paper_build import build_paper
from tests.pdf_images import embedded_images

pytestmark = [pytest.mark.slow]

MARKDOWN = """---
title: Panels
lof: true
---

![A figure before](chart.png){#fig:before width=30%}

::: {#fig:pair}
![The left one](chart.png){#fig:left width=40%}

![The right one](photo.png){#fig:right width=40%}

Two panels, side by side.
:::

:::: {#fig:row}
![One](chart.png) ![Two](photo.png){#fig:two} ![Three](chart.png)

Three panels on one line.
::::

See @fig:pair, @fig:left, [@fig:left; @fig:right], +@fig:two and {@fig:row}.
"""
MARKUP = (":::", "{#", "](", "@fig", "fig:")


@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_subfigures_in_both_routes(tmp_path: Path, route: str) -> None:
    import pdfplumber
    from PIL import Image, ImageDraw

    chart = Image.new("RGB", (300, 150), "white")
    ImageDraw.Draw(chart).line([0, 150, 300, 0], fill="blue", width=4)
    chart.save(tmp_path / "chart.png")
    Image.new("RGB", (200, 100), "yellow").save(tmp_path / "photo.png")
    out, result = build_paper(tmp_path, MARKDOWN, route)
    assert [d for d in result.diagnostics if d.severity.name != "INFO"] == []
    with pdfplumber.open(out) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        words = [w for page in pdf.pages for w in page.extract_words()]
    for markup in MARKUP:
        assert markup not in text, markup
    flat = re.sub(r"\s+", "", text)
    for printed in ("Figure1.Afigurebefore", "(a)Theleftone", "(b)Therightone",
                    "Figure2.Twopanels,sidebyside.", "(a)One", "(b)Two", "(c)Three",
                    "Figure3.Threepanelsononeline.",
                    "Seefig.2,fig.2a,figs.2a,2b,Fig.3bandfig.3."):
        assert printed in flat, printed
    assert "Figure 4" not in text and "Figure4" not in flat
    labels = [w for w in words if w["text"].startswith(("(a)", "(b)", "(c)"))]
    assert len(labels) == 5
    rows = {round(w["top"]) for w in labels}
    assert len(rows) == 2  # the panels of each group side by side, on one line
    assert len(embedded_images(out).objects) == 2  # each image once, however often used
