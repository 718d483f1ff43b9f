"""Shared pytest configuration: the TeX requirement switch and golden-file updates."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]

# CI runs the property tests derandomized: the same examples on every run, so a landing
# never fails on an example that a different draw would not have made. Locally they stay
# random (each run explores new inputs); a failure found there becomes a fixed test.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite golden files from the current output (review the diff before committing)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def tex_available() -> bool:
    return all(shutil.which(tool) for tool in ("lualatex", "latexmk"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip LaTeX tests when TeX is missing, unless TYPESET_REQUIRE_TEX=1 makes them mandatory."""
    if tex_available() or os.environ.get("TYPESET_REQUIRE_TEX") == "1":
        return
    skip = pytest.mark.skip(
        reason="LuaLaTeX/latexmk not found: apt-get install texlive-luatex texlive-latex-extra latexmk"
    )
    for item in items:
        if "latex" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A scratch copy of the repository's sample project (manuscript/ + bibliography.bib)."""
    if not (REPO / "manuscript" / "metadata.yaml").is_file():
        pytest.skip("the sample manuscript is not in this checkout")
    shutil.copytree(REPO / "manuscript", tmp_path / "manuscript")
    shutil.copy(REPO / "bibliography.bib", tmp_path / "bibliography.bib")
    return tmp_path
