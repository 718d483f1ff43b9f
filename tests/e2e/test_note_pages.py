"""Both engines report the page each note is printed on; the PDF's text agrees.

The sample is built through each route; ``BuildResult.note_pages`` (from the
engine's layout) must equal what the PDF shows: note N is on page p when a
footnote line of page p (below its last body line) starts with "N.".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_build_latex import calls_and_notes
from typeset.pipeline import build

pytestmark = pytest.mark.slow
NOTES = 32


def printed_note_pages(pdf: Path) -> dict[int, int]:
    """Note number -> the first page (1-based) whose foot holds a line starting "N."."""
    found: dict[int, int] = {}
    for page, (_calls, starts) in enumerate(calls_and_notes(pdf), start=1):
        for number in starts:
            found.setdefault(number, page)
    return found


@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_note_pages_match_the_pdf(repo_root: Path, tmp_path: Path, route: str) -> None:
    pytest.importorskip("pdfplumber")
    if not (repo_root / "manuscript" / "metadata.yaml").is_file():
        pytest.skip("the sample manuscript is not in this checkout")
    result = build(repo_root, route=route, output=tmp_path / f"{route}.pdf")
    assert sorted(result.note_pages) == list(range(1, NOTES + 1))
    assert result.note_pages == printed_note_pages(result.output)
    # pages only grow with the note number, and no page is beyond the last one
    pages = [result.note_pages[n] for n in range(1, NOTES + 1)]
    assert pages == sorted(pages) and pages[0] == 1
