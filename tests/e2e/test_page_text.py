"""The sample's printed text, as a reader's PDF viewer extracts it, in both routes:
ligatures on, yet every word extracts as typed (no private-use characters), and one
space between sentences (French spacing), as the house style says."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

pdfplumber = pytest.importorskip("pdfplumber")
pytestmark = pytest.mark.slow
BODY_SIZE = 11.0  # the sample's text size (typeset.house)



def test_ligatures_print_and_extract_as_letters(sample_pdf: Path) -> None:
    glyphs: dict[str, int] = {}
    private: set[str] = set()
    with pdfplumber.open(sample_pdf) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                text = str(char["text"])
                if len(text) > 1:  # one glyph standing for several letters: a ligature
                    glyphs[text] = glyphs.get(text, 0) + 1
                private |= {c for c in text if 0xE000 <= ord(c) <= 0xF8FF}
    assert private == set()  # polyglossia made "Th" extract as U+E049
    assert glyphs.get("fi", 0) >= 10 and glyphs.get("ff", 0) >= 5


def test_one_space_between_sentences(sample_pdf: Path) -> None:
    """In justified lines the space after a sentence's period is as wide as the other
    spaces of the text (medians over the body text of the first pages)."""
    after_period: list[float] = []
    between_words: list[float] = []
    with pdfplumber.open(sample_pdf) as pdf:
        for page in pdf.pages[:5]:
            chars = [c for c in page.chars if abs(float(c["size"]) - BODY_SIZE) < 0.3
                     and str(c["text"]).strip()]  # WeasyPrint also prints the spaces
            for a, b in zip(chars, chars[1:], strict=False):
                gap = float(b["x0"]) - float(a["x1"])
                if abs(float(a["top"]) - float(b["top"])) > 1 or gap < 1:
                    continue
                period = str(a["text"]).endswith(".") and str(b["text"])[:1].isupper()
                (after_period if period else between_words).append(gap)
    assert len(after_period) >= 20
    ratio = statistics.median(after_period) / statistics.median(between_words)
    assert 0.9 < ratio < 1.1, f"space after a period is {ratio:.2f} x the word space"


def test_urls_break_only_at_chicagos_points(sample_pdf: Path) -> None:
    """A printed URL that runs over a line end breaks after "://" or before a slash or
    a period (CMOS 14.18), never with a hyphen: a reader copying it gets the address."""
    breaks = []
    with pdfplumber.open(sample_pdf) as pdf:
        for page in pdf.pages:
            lines = (page.extract_text(x_tolerance=1) or "").split("\n")
            for line, following in zip(lines, lines[1:], strict=False):
                last = line.split()[-1] if line.split() else ""
                if "://" not in last and not last.startswith(("history.", "/", ".")):
                    continue
                if last.endswith("."):  # a URL that ends its note: no break here
                    continue
                breaks.append((last, following.split()[0] if following.split() else ""))
    assert len(breaks) >= 3  # the sample's FRUS addresses break over lines
    bad = [(a, b) for a, b in breaks
           if not (a.endswith("://") or b[:1] in "/~.,-_?#%=&") or a.endswith("-")]
    assert bad == []
