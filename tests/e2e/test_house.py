"""Both routes print the sample to the one design of typeset.house: trim size, measure
and margins, text and note sizes, call size and leading, read back from each PDF."""

from __future__ import annotations

import collections
import statistics
from pathlib import Path

import pytest

from typeset import house

pdfplumber = pytest.importorskip("pdfplumber")
pytestmark = pytest.mark.slow
POINTS = {"in": 72.0, "mm": 72 / 25.4, "pt": 1.0}


def _pt(length: str) -> float:
    unit = length[-2:]
    return float(length[:-2]) * POINTS[unit]


@pytest.fixture(scope="module")
def measured(sample_pdf: Path) -> dict:
    return _measure(sample_pdf)


def _measure(pdf_path: Path) -> dict:
    """Page size; per text size, its lines' widths, left edges and baseline steps; the
    sizes of note calls (digits raised above a body line)."""
    sizes: collections.Counter[float] = collections.Counter()
    lines: dict[float, dict[float, list[dict]]] = collections.defaultdict(dict)
    calls: list[float] = []
    with pdfplumber.open(pdf_path) as pdf:
        width, height = float(pdf.pages[0].width), float(pdf.pages[0].height)
        for page in pdf.pages[1:-1]:  # not the title page nor the bibliography's last
            by_line: dict[tuple[float, float], list[dict]] = collections.defaultdict(list)
            for char in page.chars:
                if str(char["text"]).strip():
                    size = round(float(char["size"]), 1)
                    sizes[size] += 1
                    by_line[(size, round(float(char["bottom"]), 1))].append(char)
            for (size, bottom), chars in by_line.items():
                lines[size].setdefault(page.page_number * 10000 + bottom, chars)
            calls += [float(c["size"]) for c in page.chars if str(c["text"]).isdigit()
                      and 0.6 < float(c["size"]) / 11 < 0.8]
    return {"page": (width, height), "sizes": sizes, "lines": lines, "calls": calls}


def _steps(lines: dict[float, list[dict]]) -> list[float]:
    keys = sorted(lines)
    return [b - a for a, b in zip(keys, keys[1:], strict=False) if 0 < b - a < 30]


STYLE = house.HouseStyle()  # the sample: letter, 11 pt


def test_trim_size_and_text_block(measured: dict) -> None:
    assert measured["page"] == pytest.approx((612, 792), abs=0.5)  # US Letter
    body = measured["lines"][STYLE.font_size_pt]
    widths = sorted(max(float(c["x1"]) for c in cs) - min(float(c["x0"]) for c in cs)
                    for cs in body.values())
    lefts = [min(float(c["x0"]) for c in cs) for cs in body.values()]
    measure = 612 - _pt(STYLE.margin_inner) - _pt(STYLE.margin_outer)
    assert widths[int(len(widths) * 0.9)] == pytest.approx(measure, abs=1.5)  # justified lines
    assert statistics.median(lefts) == pytest.approx(_pt(STYLE.margin_inner), abs=1.5)


def test_type_sizes_and_leading(measured: dict) -> None:
    common = [size for size, _n in measured["sizes"].most_common(2)]
    assert common == [STYLE.font_size_pt, STYLE.note_size_pt]
    body = statistics.median(_steps(measured["lines"][STYLE.font_size_pt]))
    notes = statistics.median(_steps(measured["lines"][STYLE.note_size_pt]))
    assert body == pytest.approx(STYLE.font_size_pt * STYLE.leading, abs=0.3)
    assert notes == pytest.approx(STYLE.note_size_pt * STYLE.note_leading, abs=0.3)


def test_note_calls_are_sized_from_the_text(measured: dict) -> None:
    assert len(measured["calls"]) >= 32
    assert statistics.median(measured["calls"]) == pytest.approx(
        STYLE.font_size_pt * house.CALL_SIZE, abs=0.1)
