"""Where the shared, read-only fixtures live (CSL test suite, citeproc-js oracle, seed text).

They are not part of the repository (they come from other projects), so tests look for them:
``$TYPESET_SHARED_DIR``, then ``../shared`` beside the checkout, then ``/work/shared``.
"""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    candidates = [os.environ.get("TYPESET_SHARED_DIR"), _REPO.parent / "shared", "/work/shared"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path("/work/shared")


SHARED = shared_dir()
ORACLE = SHARED / "oracle"
SUITE = SHARED / "csl-test-suite" / "processor-tests" / "humans"
SEED = SHARED / "seed" / "000_0a6ed3288d02c70f.txt"
RESEARCH = SHARED / "research"
