"""Converting only the entries that may complain gives the same diagnostics as converting all."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.checks.test_fuzz import mutated
from typeset.bib import parse_bibtex
from typeset.checks.conversion import conversion_diagnostics, may_complain

REPO = Path(__file__).resolve().parents[2]

TRICKY = r"""
@book{plain, author = {Snow, Edgar}, title = {Journey}, year = {1958}}
@book{unknown, author = {A, B}, title = {The \frobnicate{x} and \foo \LaTeX}, year = 1990}
@book{known, author = {M{\"u}ller, J{\'e}r{\^o}me}, title = {\emph{Caf\'e} \& \textbf{Bar} \ss\ x}, year = 1990}
@book{symbols, author = {A, B}, title = {\mkbibquote{Q} \noopsort{a}b \url{http://x.org} \%}, year = {1990}}
@book{badyear, author = {A, B}, title = {T}, year = {circa 1990}}
@book{bracedyear, author = {A, B}, title = {T}, year = {{1990}}}
@book{tildeyear, author = {A, B}, title = {T}, year = {1990~}}
@book{badmonth, author = {A, B}, title = {T}, year = {1990}, month = {Smarch}}
@book{badday, author = {A, B}, title = {T}, year = {1990}, month = jul, day = {41}}
@book{baddate, author = {A, B}, title = {T}, date = {1990-13}}
@book{range, author = {A, B}, title = {T}, date = {1941/1946}}
@book{dashdate, author = {A, B}, title = {T}, date = {1941--1946}}
@book{urldate, author = {A, B}, title = {T}, year = 1990, urldate = {yesterday}}
@book{badname, author = {A, B and , and C, D}, title = {T}, year = 1990}
@book{emptyname, author = {and}, title = {T}, year = 1990}
@book{lang, author = {A, B}, title = {T}, year = 1990, langid = {klingon}}
@book{goodlang, author = {A, B}, title = {T}, year = 1990, language = {german}}
@weirdtype{odd, author = {A, B}, title = {T}, year = 1990}
@article{sub, author = {A, B}, title = {T}, year = 1990, entrysubtype = {newspaper}}
@book{pages, author = {A, B}, title = {T}, year = 1990, pages = {\bad--2}, doi = {10.1/\x}}
@book{percent, author = {A, B}, title = {50% off}, year = 1990}
@book{math, author = {A, B}, title = {$\alpha$ and $\unknownmath$}, year = 1990}
@incollection{child, author = {A, B}, title = {C}, crossref = {parent}}
@collection{parent, editor = {E, F}, title = {P \weird}, booktitle = {P}, year = {19x9}}
"""


def both(text: str) -> tuple[set[object], set[object]]:
    lazy = set(conversion_diagnostics(parse_bibtex(text, "t.bib")))
    full = set(conversion_diagnostics(parse_bibtex(text, "t.bib"), everything=True))
    return lazy, full


def test_tricky_corpus_matches_full_conversion() -> None:
    lazy, full = both(TRICKY)
    assert lazy == full
    assert {d.code for d in full} >= {
        "bib-unknown-command", "bib-date", "bib-name", "bib-language", "bib-unknown-type"}


@pytest.mark.parametrize("key", ["plain", "known", "symbols", "sub", "range", "pages", "bracedyear"])
def test_quiet_entries_are_not_converted(key: str) -> None:
    assert not may_complain(parse_bibtex(TRICKY), key)


def test_sample_matches_full_conversion() -> None:
    lazy, full = both((REPO / "bibliography.bib").read_text(encoding="utf-8"))
    assert lazy == full


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(TRICKY))
def test_mutations_match_full_conversion(text: str) -> None:
    lazy, full = both(text)
    assert lazy == full


def test_command_with_a_non_ascii_letter_is_still_reported() -> None:
    """pylatexenc reads ``\\uÀrl`` as one (unknown) control word, not ``\\u`` + "Àrl"."""
    lazy, full = both('@book{k, title = {A \\uÀrl b}, year = {1958}}\n')
    assert lazy == full and any(d.code == "bib-unknown-command" for d in full)
