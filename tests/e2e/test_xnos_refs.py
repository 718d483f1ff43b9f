"""pandoc-xnos' reference forms ({@eq:x}, {+@fig:x}, {*@tbl:x}, {!@fig:x}, *@fig:x) built in
both routes: each prints as a cross-reference, no brace, marker or key is left."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.paper_build import build_paper

pytestmark = [pytest.mark.slow]

MARKDOWN = """---
title: Protected references
---

# Method {#sec:method}

$$ y = mx + b $$ {#eq:line}

![A chart](chart.png){#fig:chart}

| a | b |
|---|---|
| 1 | 2 |

: Numbers {#tbl:numbers}

See {@eq:line} and {+@fig:chart}, then {*@tbl:numbers}, figure {!@fig:chart} and
{@fig:chart}a in {@sec:method}. *@fig:chart is above; {x} stays.
"""
MARKUP = ("{@", "{+", "{*", "{!", "*@", "@eq", "@fig", "@tbl", "@sec", "eq:line", "fig:chart")


@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_xnos_references_leave_no_markup(tmp_path: Path, route: str) -> None:
    import pdfplumber
    from PIL import Image

    Image.new("RGB", (120, 60), "white").save(tmp_path / "chart.png")
    out, result = build_paper(tmp_path, MARKDOWN, route)
    assert [d for d in result.diagnostics if d.severity.name != "INFO"] == []
    with pdfplumber.open(out) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    for markup in MARKUP:
        assert markup not in text, markup
    flat = re.sub(r"\s+", "", text)  # pdfplumber may lose the spaces of the LaTeX route
    assert ("See eq. 1 and Fig. 1, then tbl. 1, figure 1 and fig. 1a in sec. 1. "
            "fig. 1 is above; {x} stays.").replace(" ", "") in flat
