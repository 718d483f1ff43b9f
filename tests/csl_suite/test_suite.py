"""The CSL test suite as a ratchet: every fixture in passing.txt must still pass.

All 845 fixtures run (in worker processes, with a per-fixture timeout); the
per-category summary and any new passes are printed, so they can be added to
passing.txt (``python -m tests.csl_suite.report --write``).
"""

from __future__ import annotations

import pytest

from tests.csl_suite.adapter import all_fixtures
from tests.csl_suite.report import read_passing, run_all, summary


@pytest.fixture(scope="module")
def results():
    paths = all_fixtures()
    if not paths:
        pytest.skip("CSL test suite not found")
    return run_all(paths)


def test_no_regressions(results, capsys) -> None:
    passing = read_passing()
    now = {name for name, _c, ok, _e, _o in results if ok}
    regressions = sorted(passing - now)
    new = sorted(now - passing)
    with capsys.disabled():
        print("\n" + summary(results))
        print(f"new passes ({len(new)}): {', '.join(new[:20])}{' ...' if len(new) > 20 else ''}")
    assert not regressions, f"fixtures that used to pass now fail: {regressions}"


def test_nothing_raises_or_hangs(results) -> None:
    """A failure must be a wrong string, never an exception or a timeout."""
    broken = [(name, err) for name, _c, _ok, err, _o in results if err]
    assert not broken, f"fixtures raising or timing out: {broken[:20]}"
