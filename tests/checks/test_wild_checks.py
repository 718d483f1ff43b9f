"""`check` on real-world .bib idioms: no false alarms, the true problems caught.

Each case is a minimal fixture written for the idiom; the rules run as
``typeset check`` runs them on a .bib (reader diagnostics, field rules).
"""

from __future__ import annotations

import pytest

from typeset.bib import parse_bibtex
from typeset.checks.conversion import conversion_diagnostics
from typeset.checks.fields import check_isbn, check_pages, field_rules, is_biblatex


def codes(source: str) -> list[str]:
    bib = parse_bibtex(source, "refs.bib")
    return sorted(d.code for d in conversion_diagnostics(bib) + field_rules(bib))


BIBLATEX_BOOK = "@book{k, author = {A, B}, title = {T}, date = {2000}, "

QUIET = [
    ("preamble command", '@preamble{"\\newcommand{\\pkg}[1]{\\emph{#1}}"}\n'
     + BIBLATEX_BOOK + "note = {The \\pkg{zoo} package}}"),
    ("TeX logos and marks", BIBLATEX_BOOK + "note = {\\TeX, \\LaTeX, \\S 2, \\hyphen, \\par}}"),
    ("biblatex punctuation", BIBLATEX_BOOK + "location = {Rahden/Westf\\adddot}}"),
    ("raisebox", BIBLATEX_BOOK + "note = {x\\raisebox{-0.5ex}{\\~{}}y}}"),
    ("ISO date-time", "@online{k, author = {A, B}, title = {T}, url = {https://x.org},"
     " date = {2013-10-30T11:20:51-07:00}}"),
    ("langlatin", BIBLATEX_BOOK + "language = {langlatin and langgerman}}"),
    ("set", "@set{s, entryset = {k}}\n" + BIBLATEX_BOOK + "pages = {1--2}}"),
    ("BibTeX inbook", "@inbook{k, author = {A, B}, title = {T}, chapter = {3},"
     " publisher = {P}, year = 2000}"),
    ("BibTeX manual", "@manual{k, title = {T}, year = 2000}"),
    # biber's data model asks these types for no author: a web page, a manual, a
    # software package or data set by no one in particular (luamodular.bib, cnltx.bib)
    ("online without author", "@online{k, title = {T}, url = {https://x.org}, date = {2020}}"),
    ("misc without author", BIBLATEX_BOOK + "}\n@misc{m, title = {T}, date = {2020}}"),
    ("software without date", BIBLATEX_BOOK + "}\n@software{s, title = {T}}"),
    ("dataset without date", BIBLATEX_BOOK + "}\n@dataset{s, title = {T}}"),
    # An empty field is as if absent for biber (xampl.bib's key = "", organization = "")
    ("empty fields", BIBLATEX_BOOK + 'note = {}, key = "", organization = {{}}}'),
    # BibTeX matches keys ignoring case (xampl.bib's crossref = {WHOLE-JOURNAL}): not for biber
    ("BibTeX crossref key in another case", "@article{c, author = {A, B}, title = {T},"
     " crossref = {WHOLE}}\n@article{whole, author = {C, D}, title = {U}, journal = {J},"
     " year = 1986}"),
    ("ties between name parts", "@book{k, author = {W.~Averell Harriman and van~der Berg, Jan"
     " and Ludwig von~und~zu Smith and Silva-Mu\\~noz, Ana}, title = {T}, date = {2000}}"),
    ("crossref parent with booktitle", "@inproceedings{c, author = {A, B}, title = {P},"
     " crossref = {p}}\n@proceedings{p, title = {Proc}, booktitle = {Proc}, year = 2000}"),
]


@pytest.mark.parametrize("source", [c[1] for c in QUIET], ids=[c[0] for c in QUIET])
def test_valid_idioms_are_quiet(source: str) -> None:
    assert codes(source) == []


PAGES = ["24:1--24:19", "arXiv:1234.5678", "1234.5678v2", "L12", "012345", "9\\psq",
         "9\\psqq", "Nr. 5", "S.~12--14", "xi + 346", "366--76, xi--xv", "e1001234",
         "sec.~2, pp.~1,~3", "0\\_1--0\\_5"]  # the last: a GOST example's


@pytest.mark.parametrize("pages", PAGES)
def test_real_page_forms_are_read(pages: str) -> None:
    assert check_pages(pages) is None


@pytest.mark.parametrize("pages", ["12 to 15", "150--120", "??--??"])
def test_bad_pages_are_still_caught(pages: str) -> None:
    assert check_pages(pages) is not None


@pytest.mark.parametrize("isbn", ["0-306-40615-2, 978-0-306-40615-7",
                                  "0-306-40615-2 (hbk.) 978-0-306-40615-7 (pbk.)",
                                  "ISBN 0-306-40615-2; ISBN-13: 978-0-306-40615-7",
                                  "0-306-40615-2 (vol. 1), 978-0-306-40615-7 (vol. 2)"])
def test_two_valid_isbns_in_one_field(isbn: str) -> None:
    assert check_isbn(isbn) is None


@pytest.mark.parametrize("isbn", ["0-306-40615-3", "0-306-40615-2, 978-0-306-40615-6"])
def test_an_invalid_isbn_among_several_is_caught(isbn: str) -> None:
    assert check_isbn(isbn) is not None


CAUGHT = [
    ("cite in a field", BIBLATEX_BOOK + "note = {See \\cite{other}}}", "bib-cite-in-field"),
    ("apacite's cite in a field", BIBLATEX_BOOK + "note = {\\citeNP[279]{other} notes}}",
     "bib-cite-in-field"),
    ("booktitle on a book", BIBLATEX_BOOK + "booktitle = {T}}", "bib-ignored-field"),
    ("booktitle on proceedings", "@proceedings{k, title = {T}, booktitle = {B}, year = 1}",
     "bib-ignored-field"),
    ("unknown command", BIBLATEX_BOOK + "note = {\\frob{x}}}", "bib-unknown-command"),
    ("empty required title", "@online{k, title = {}, url = {https://x.org}, date = {2020}}",
     "bib-missing-field"),
    ("online needs a URL, DOI or eprint", "@online{k, title = {T}, date = {2020}}",
     "bib-missing-field"),
    ("tie for a tilde in a name", "@book{k, author = {Silva-Mu~noz, Ana and Jo~ao Pinho},"
     " title = {T}, date = {2000}}", "bib-name-tie"),
    ("crossref key in another case", "@inproceedings{c, author = {A, B}, title = {T},"
     " crossref = {Proc}}\n@proceedings{proc, title = {P}, date = {2000}}", "bib-crossref-case"),
    ("biblatex inbook needs booktitle", "@inbook{k, author = {A, B}, title = {T},"
     " date = {2000}}", "bib-missing-field"),
]


@pytest.mark.parametrize(("source", "code"), [c[1:] for c in CAUGHT], ids=[c[0] for c in CAUGHT])
def test_true_problems_are_caught(source: str, code: str) -> None:
    assert code in codes(source)


@pytest.mark.parametrize(
    ("source", "biblatex"),
    [
        ("@article{k, journal = {J}, year = 2000}", False),
        ("@article{k, journaltitle = {J}, year = 2000}", True),
        ("@online{k, url = {https://x.org}}", True),
        ("@book{k, location = {Paris}}", True),
        ("@periodical{k, title = {T}, subtitle = {S}}", False),
    ],
)
def test_dialect_per_file(source: str, biblatex: bool) -> None:
    assert is_biblatex(parse_bibtex(source)) is biblatex
