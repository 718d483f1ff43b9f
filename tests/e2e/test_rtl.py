"""Right-to-left text (issue 10): a Hebrew and an Arabic phrase inside an English paragraph,
in a footnote, and as a whole ``lang=he`` / ``lang=ar`` span and div read back from the PDF in
logical order in both routes (pdftotext applies the bidi algorithm to what is on the page, so
a phrase set left to right comes back reversed), and the LaTeX route's Arabic letters are
joined: the glyphs FreeSerif prints them with are its initial, medial and final forms, not
the isolated letters (LuaLaTeX without bidi and HarfBuzz printed both wrong). An emphasised Arabic phrase prints
too (FreeSerif's italic has no Arabic), as does Arabic in code and in a list item.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from typeset import fonts
from typeset.pipeline import build

pytestmark = pytest.mark.slow

HEBREW = "שלום עולם"
ARABIC = "مرحبا بالعالم"
PAPER = f"""---
title: Both directions
author: A. Tester
---

An English sentence with Hebrew {HEBREW} and Arabic {ARABIC} inside it.[^1]

Emphasised: *{HEBREW}* and *{ARABIC}*.

In code: `{ARABIC}`.

- {ARABIC} in a list

Marked: [{HEBREW}]{{lang=he}} and [{ARABIC}]{{lang=ar}} here.

::: {{lang=he}}
{HEBREW}, זה משפט.
:::

::: {{lang=ar}}
{ARABIC}، هذه جملة.
:::

[^1]: A note with {HEBREW} and {ARABIC}.
"""
ROUTES = ["html", pytest.param("latex", marks=pytest.mark.latex)]
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
# FreeSerif's glyphs for the isolated letters that stand inside a word of the fixture
ISOLATED = {"meemarabic", "reharabic", "haharabic", "beharabic", "lamarabic",
            "ainarabic", "jeemarabic"}
JOINED = {"meeminitialarabic", "behinitialarabic", "laminitialarabic", "ainmedialarabic",
          "aleffinalarabic", "meemfinalarabic"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture's PDF per route, each built once for the module."""
    return {}


def _build(route: str, built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    for family in (fonts.HOUSE_FONT, "FreeSerif"):
        if fonts.font_file(family) is None:
            pytest.skip(f"{family} is not installed (bash .ci/install)")
    if route not in built:
        folder = tmp_path_factory.mktemp(f"rtl-{route}")
        paper = folder / "paper.md"
        paper.write_text(PAPER, encoding="utf-8")
        result = build(paper, route=route, output=folder / "out.pdf")
        assert [d.code for d in result.diagnostics] == []
        built[route] = result.output
    return built[route]


def _text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    run = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True)
    return run.stdout.translate(_BIDI_CONTROLS)


@pytest.mark.parametrize("route", ROUTES)
def test_rtl_phrases_read_in_logical_order(route: str, built: dict[str, Path],
                                           tmp_path_factory: pytest.TempPathFactory) -> None:
    text = _text(_build(route, built, tmp_path_factory))
    # in the sentence, the marked span, the div and the note
    assert text.count(HEBREW) == 5, text
    assert text.count(ARABIC) == 7, text
    assert "זה משפט" in text and "هذه جملة" in text
    assert HEBREW[::-1] not in text and ARABIC[::-1] not in text
    assert "An English sentence with Hebrew" in text and "A note with" in text


def _freeserif_glyphs(pdf: Path) -> set[str]:
    """The names (in the installed FreeSerif) of the glyphs the PDF's FreeSerif subsets hold;
    LuaTeX keeps the font's glyph ids as CIDs."""
    pikepdf = pytest.importorskip("pikepdf")
    from fontTools.cffLib import CFFFontSet
    from fontTools.ttLib import TTFont

    path = fonts.font_file("FreeSerif")
    assert path is not None
    order = TTFont(path, lazy=True).getGlyphOrder()
    names: set[str] = set()
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.Font.values():
                if "FreeSerif" not in str(font.BaseFont) or "/DescendantFonts" not in font:
                    continue
                program = font.DescendantFonts[0].FontDescriptor.get("/FontFile3")
                if program is None:
                    continue
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(program.read_bytes()), None)
                for name in cff[cff.fontNames[0]].charset:
                    if name.startswith("cid") and int(name[3:]) < len(order):
                        names.add(order[int(name[3:])])
    return names


@pytest.mark.latex
def test_arabic_letters_are_joined_in_the_latex_route(
        built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> None:
    used = _freeserif_glyphs(_build("latex", built, tmp_path_factory))
    assert used >= JOINED, sorted(used)
    assert not used & ISOLATED, sorted(used & ISOLATED)
