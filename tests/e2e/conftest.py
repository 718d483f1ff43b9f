"""The sample built once per route for the whole session: the PDF/A, page-text and house
tests read the same two PDFs instead of building their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.pipeline import build

ROUTES = ["html", pytest.param("latex", marks=pytest.mark.latex)]


@pytest.fixture(scope="session", params=ROUTES)
def sample_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample through one route, with no options."""
    repo = Path(__file__).resolve().parents[2]
    if not (repo / "manuscript" / "metadata.yaml").is_file():
        pytest.skip("the sample manuscript is not in this checkout")
    out = tmp_path_factory.mktemp("sample") / f"{request.param}.pdf"
    result = build(repo, route=request.param, output=out)
    assert not [d for d in result.diagnostics if d.is_error]
    return out
