"""A disk cache of the HTML route's rendered formulas, so a second build lays out no math.

ziamath takes a few milliseconds per formula; a thesis with hundreds of
formulas spends most of its HTML writing time there, on every build, for math
that did not change. :func:`typeset.writers.math_svg.render_math` asks this
cache before it renders and gives it what it rendered.

* Where: ``PROJECT/build/.cache/math/``, set once per build by
  :func:`use` (``pipeline.build`` calls it; without a call nothing is read or
  written, as in the writer tests). One small JSON file per formula, written
  to a temporary name and renamed, so two builds at once never read half a file.
* Key: SHA-256 of the TeX, the mode (inline or display), the fonts' paths, the
  versions of ziamath and latex2mathml and :data:`FORMAT`, so an upgrade of the
  renderer or a change of our layout rules misses the old entries instead of
  reusing them.
* Failures: the cache is an optimisation. A folder that cannot be created or
  written, or an entry that cannot be read (truncated, foreign), is ignored
  and the formula rendered again; nothing is reported.

The one module of the writers that touches files, and only inside that folder
(``docs/architecture.md``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when MathImage or the layout parameters change
_FOLDER: ContextVar[Path | None] = ContextVar("typeset_math_cache", default=None)


def use(folder: Path | None) -> None:
    """Cache formulas in ``folder`` from now on in this context (None: no disk cache)."""
    _FOLDER.set(folder)


def folder() -> Path | None:
    return _FOLDER.get()


@lru_cache(maxsize=1)
def _renderer() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"format={FORMAT}"]
    for name in ("ziamath", "latex2mathml", "ziafont"):
        try:
            parts.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name}=?")
    return ";".join(parts)


def key(tex: str, display: bool, fonts: tuple[str | None, ...]) -> str:
    text = "\0".join([_renderer(), "display" if display else "inline",
                      *(f or "" for f in fonts), tex])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(name: str) -> dict[str, Any] | None:
    """The stored entry ``name`` (a key), or None when there is none or it is unreadable."""
    where = folder()
    if where is None:
        return None
    try:
        data = json.loads((where / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def store(name: str, entry: dict[str, Any]) -> None:
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".", suffix=".part")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(entry, out)
        os.replace(temporary, where / f"{name}.json")
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
