"""The sample through both routes with no options: PDF/A-2b (structurally, tests/pdfa.py),
a trailer /ID, every font embedded, bookmarks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pdfa import check_pdfa
from typeset.pipeline import build

pikepdf = pytest.importorskip("pikepdf")
pytestmark = pytest.mark.slow
ROUTES = ["html", pytest.param("latex", marks=pytest.mark.latex)]


@pytest.fixture(scope="module", params=ROUTES)
def sample_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = Path(__file__).resolve().parents[2]
    if not (repo / "manuscript" / "metadata.yaml").is_file():
        pytest.skip("the sample manuscript is not in this checkout")
    out = tmp_path_factory.mktemp("archive") / f"{request.param}.pdf"
    result = build(repo, route=request.param, output=out)
    assert not [d for d in result.diagnostics if d.is_error]
    return out


def test_the_sample_is_pdfa_2b_by_default(sample_pdf: Path) -> None:
    assert check_pdfa(sample_pdf, 2, "B") == []


def test_the_sample_has_bookmarks_for_its_sections(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in _walk(outline.root)]
    assert "Bibliography" in titles
    assert len(titles) >= 7  # six sections (under the title in HTML) and the bibliography


def _walk(items: list) -> list:
    found = []
    for item in items:
        found.append(item)
        found += _walk(item.children)
    return found
