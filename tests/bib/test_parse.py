"""Raw parsing, positions, error recovery, file loading and laziness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typeset.bib import BibResult, load_bibliography, load_references, parse_bibtex
from typeset.diagnostics import Span

BROKEN = """@book{first, title = {One}}

@book{broken, title = {Two}
@article{after,
  author = {Roberts, Geoffrey},
  title  = {Three}}
"""


def test_entry_after_a_broken_one_is_read() -> None:
    result = parse_bibtex(BROKEN, "refs.bib")
    assert [i["id"] for i in result.items] == ["first", "after"]
    [problem] = result.diagnostics
    assert problem.code == "bib-syntax"
    assert problem.is_error
    assert problem.span == Span("refs.bib", 3, 1)


def test_syntax_error_message_says_why_and_nothing_is_printed(
    capfd: pytest.CaptureFixture[str],
) -> None:
    [problem] = parse_bibtex(BROKEN, "refs.bib").diagnostics
    assert "@book" in problem.message
    assert "closing" in problem.message
    assert capfd.readouterr() == ("", "")


def test_spans_field_spans_and_raw() -> None:
    result = parse_bibtex(BROKEN, "refs.bib")
    assert result.spans["after"] == Span("refs.bib", 4, 1)
    assert result.field_spans[("after", "title")] == Span("refs.bib", 6, 3)
    assert result.raw["after"] == {"author": "Roberts, Geoffrey", "title": "Three"}


def test_indented_entry_column() -> None:
    assert parse_bibtex("\n   @book{k, title={x}}", "a.bib").spans["k"] == Span("a.bib", 2, 4)


def test_duplicate_key() -> None:
    result = parse_bibtex("@book{k, title = {A}}\n@book{k, title = {B}}", "a.bib")
    assert result.item("k")["title"] == "A"  # type: ignore[index]
    [problem] = result.diagnostics
    assert (problem.code, problem.span) == ("bib-duplicate-key", Span("a.bib", 2, 1))
    assert "line 1" in problem.message


def test_duplicate_field_keeps_the_first_and_the_entry() -> None:
    result = parse_bibtex("@book{k, title = {A}, title = {B}}")
    assert result.item("k")["title"] == "A"  # type: ignore[index]
    assert [d.code for d in result.diagnostics] == ["bib-duplicate-field"]


def test_strings_concatenation_and_months() -> None:
    source = (
        '@string{frus = "Foreign Relations"}\n@string{full = frus # " of the US"}\n'
        "@book{k, title = full # {, 1943}, month = jan, year = 1976}"
    )
    result = parse_bibtex(source)
    assert result.raw["k"] == {
        "title": "Foreign Relations of the US, 1943",
        "month": "1",
        "year": "1976",
    }
    assert result.item("k")["issued"] == {"date-parts": [[1976, 1]]}  # type: ignore[index]
    assert result.diagnostics == []


def test_undefined_string_is_a_warning_and_kept() -> None:
    result = parse_bibtex("@book{k,\n  publisher = gpo}", "a.bib")
    assert result.raw["k"]["publisher"] == "gpo"
    [problem] = result.diagnostics
    assert (problem.code, problem.span, problem.is_error) == (
        "bib-undefined-string",
        Span("a.bib", 2, 3),
        False,
    )


def test_missing_crossref() -> None:
    result = parse_bibtex("@inbook{k,\n  crossref = {nothere}}", "a.bib")
    [problem] = result.diagnostics
    assert (problem.code, problem.span) == ("bib-crossref-missing", Span("a.bib", 2, 3))


def test_parenthesised_entry_is_read_as_bibtex_reads_it() -> None:
    # BibTeX accepts parentheses as entry delimiters: "@book(k, ...)" is an entry.
    result = parse_bibtex("@book(k, title = {A})\n@book{ok, title = {B}}", "a.bib")
    assert [i["id"] for i in result.items] == ["k", "ok"]
    assert result.item("k")["title"] == "A"
    assert result.diagnostics == []


def test_conversion_is_lazy() -> None:
    result = parse_bibtex("@book{a, title = {A}}\n@book{b, date = {never}}")
    assert result.item("a") is not None
    assert result._cache.keys() == {"a"}
    assert result.diagnostics == []
    assert len(result.items) == 2
    assert [d.code for d in result.diagnostics] == ["bib-date"]
    assert result.item("nothere") is None


def test_non_utf8_is_reported_and_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "latin1.bib"
    path.write_bytes(
        b"@book{k,\n  author = {M\xfcller, Hans},\n  title = {T}}\n@book{j, title = {U}}"
    )
    result = load_bibliography(path)
    [problem] = result.diagnostics
    assert problem.code == "bib-encoding"
    assert problem.span == Span(str(path), 2, 14)
    assert "0xFC" in problem.message
    assert result.item("k")["author"] == [{"family": "M\ufffdller", "given": "Hans"}]  # type: ignore[index]
    assert result.item("j") is not None


def test_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.bib"
    path.write_bytes(b"\xef\xbb\xbf@book{k, title = {T}}")
    result = load_bibliography(path)
    assert result.diagnostics == []
    assert result.item("k") is not None


def test_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    result = load_references(tmp_path / "nothere.bib")
    assert [d.code for d in result.diagnostics] == ["bib-io"]
    assert result.items == []


def test_csl_json_references(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    items = [{"id": "a", "type": "book", "title": "A"}, {"id": "b", "type": "book"}]
    path.write_text(json.dumps(items, indent=1), encoding="utf-8")
    result = load_references(path)
    assert isinstance(result, BibResult)
    assert result.items == items
    assert result.item("b") == items[1]
    assert result.spans["b"].line == 8
    assert result.diagnostics == []


def test_csl_json_syntax_error_has_position(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_text('[\n {"id": "a",\n  "title": }\n]', encoding="utf-8")
    [problem] = load_references(path).diagnostics
    assert (problem.code, problem.span) == ("bib-json", Span(str(path), 3, 12))


def test_csl_json_must_be_an_array_of_items(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_text('{"id": "a"}', encoding="utf-8")
    assert [d.code for d in load_references(path).diagnostics] == ["bib-json"]
    path.write_text('[{"id": "a"}, 3, {"id": "a"}]', encoding="utf-8")
    result = load_references(path)
    assert [d.code for d in result.diagnostics] == ["bib-json", "bib-duplicate-key"]
    assert len(result.items) == 1


def test_other_suffix_is_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "refs.ris"
    path.write_text("TY  - BOOK", encoding="utf-8")
    assert [d.code for d in load_references(path).diagnostics] == ["bib-format"]


BIBLIKE = st.lists(
    st.sampled_from(
        [
            "@book{",
            "@string{",
            "k",
            ",",
            " = ",
            "{",
            "}",
            '"',
            "#",
            "\n",
            "title",
            "author",
            "Smith, J. and others",
            "\\emph{x}",
            "date",
            "1976-01",
            "crossref",
            "jan",
            "@",
            "%",
        ]
    )
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(BIBLIKE, st.text()))
def test_parse_never_raises(source: str) -> None:
    result = parse_bibtex(source, "f.bib")
    assert isinstance(result.items, list)
    for diagnostic in result.diagnostics:
        assert diagnostic.span is not None


def test_quote_inside_braces_does_not_end_a_quoted_value() -> None:
    """`{"a}` inside a quoted value: BibTeX and biber read on to the `"` at depth 0
    (bibtexparser alone stops at the inner quote and cuts the title)."""
    result = parse_bibtex('@book{k, title = "zeitgem{"a}{\\ss} Schaffende", year = 1991}\n')
    item = result.items[0]
    assert item["title"].endswith("ß Schaffende")
    assert item["issued"] == {"date-parts": [[1991]]}
    assert result.diagnostics == []


def test_quote_swap_keeps_positions() -> None:
    source = '@book{k,\n  title = "a {"} b",\n  year = {x}x\n}\n'
    result = parse_bibtex(source, "f.bib")
    assert result.items[0]["title"].startswith("a ")
    assert all(d.span.line >= 1 for d in result.diagnostics)


def test_same_field_in_another_case_keeps_the_first() -> None:
    result = parse_bibtex("@book{k, title = {First}, Title = {Second}}\n")
    assert result.items[0]["title"] == "First"
    assert [d.code for d in result.diagnostics] == ["bib-duplicate-field"]


def test_line_break_between_type_and_brace() -> None:
    """`@book` then `{key` on the next line is an entry for BibTeX and biber."""
    result = parse_bibtex("% c\n@book\n{k,\n  title = {T}}\n@book{m, title = {M}}\n", "f.bib")
    assert [i["id"] for i in result.items] == ["k", "m"]
    assert result.spans["k"].line == 2
    assert result.diagnostics == []


def test_space_after_the_at_sign() -> None:
    result = parse_bibtex("@ book{k, title = {T}}\n@\tmisc\n  {m, title = {M}}\n")
    assert [i["id"] for i in result.items] == ["k", "m"]


def test_stray_brace_before_a_spaced_at_sign() -> None:
    """`{@ preamble{` is junk then a preamble for BibTeX (text outside entries is
    skipped), as `{@preamble{` already is; its macros then print."""
    source = '{@ preamble{"\\newcommand{\\pkg}[1]{\\emph{#1}}"}\n@article{a, title = {\\pkg{z}}}\n'
    result = parse_bibtex(source, "f.bib")
    assert result.item("a")["title"] == "<i>z</i>"
    assert [d.code for d in result.diagnostics] == []
