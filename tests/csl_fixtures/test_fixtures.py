"""Our own minimal CSL fixtures (suite format), one per engine defect fixed, run through
the CSL suite's runner (tests/csl_suite/adapter.py). Each expected RESULT was checked
against citeproc-js (tests/csl_diff/run_citeproc.js)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.csl_suite.adapter import load_fixture, run

FIXTURES = sorted(Path(__file__).parent.glob("*.txt"))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture(path: Path) -> None:
    fixture = load_fixture(path)
    assert run(fixture) == fixture["RESULT"]
