"""Entry -> CSL-JSON conversion: types, fields, inheritance."""

from __future__ import annotations

from typing import Any

import pytest

from typeset.bib import parse_bibtex


def convert(source: str, key: str = "k") -> dict[str, Any]:
    item = parse_bibtex(source).item(key)
    assert item is not None
    return item


def codes(source: str) -> list[str]:
    result = parse_bibtex(source)
    result.items  # noqa: B018 - converting everything completes the diagnostics
    return [d.code for d in result.diagnostics]


TYPES = [
    ("article", "", "article-journal"),
    ("article", "entrysubtype = {newspaper},", "article-newspaper"),
    ("article", "entrysubtype = {magazine},", "article-magazine"),
    ("book", "", "book"),
    ("mvbook", "", "book"),
    ("inbook", "", "chapter"),
    ("incollection", "", "chapter"),
    ("inproceedings", "", "paper-conference"),
    ("online", "", "webpage"),
    ("report", "", "report"),
    ("techreport", "", "report"),
    ("thesis", "", "thesis"),
    ("phdthesis", "", "thesis"),
    ("unpublished", "", "manuscript"),
    ("misc", "", "document"),
    ("booklet", "", "pamphlet"),
    ("inreference", "", "entry-encyclopedia"),
    ("patent", "", "patent"),
    ("software", "", "software"),
    ("dataset", "", "dataset"),
]


@pytest.mark.parametrize(("bibtype", "extra", "csl"), TYPES)
def test_type_mapping(bibtype: str, extra: str, csl: str) -> None:
    assert convert(f"@{bibtype}{{k, {extra} title = {{T}}}}")["type"] == csl


def test_unknown_type_is_a_document_with_a_warning() -> None:
    source = "@weird{k, title = {T}}"
    assert convert(source)["type"] == "document"
    assert "bib-unknown-type" in codes(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("@thesis{k, type = {phdthesis}}", "PhD thesis"),
        ("@thesis{k, type = {mathesis}}", "Master's thesis"),
        ("@thesis{k, type = {Habilitation}}", "Habilitation"),
        ("@phdthesis{k, title = {T}}", "PhD thesis"),
        ("@mastersthesis{k, title = {T}}", "Master's thesis"),
    ],
)
def test_thesis_genre(source: str, expected: str) -> None:
    assert convert(source)["genre"] == expected


def test_article_fields() -> None:
    item = convert(
        "@article{k, author = {Mastny, Vojtech}, title = {The {Cold War}},"
        " journaltitle = {Foreign Affairs}, volume = {54}, number = {2}, pages = {366--376},"
        " date = {1976-01}, doi = {https://doi.org/10.2307/X}, url = {https://example.org/a\\_b},"
        " langid = {russian}, shorttitle = {Cold}, issn = {0015-7120}}"
    )
    assert item == {
        "id": "k",
        "type": "article-journal",
        "author": [{"family": "Mastny", "given": "Vojtech"}],
        "title": 'The <span class="nocase">Cold War</span>',
        "title-short": "Cold",
        "container-title": "Foreign Affairs",
        "volume": "54",
        "issue": "2",
        "page": "366-376",
        "issued": {"date-parts": [[1976, 1]]},
        "DOI": "10.2307/X",
        "URL": "https://example.org/a_b",
        "language": "ru",
        "ISSN": "0015-7120",
    }


def test_book_fields() -> None:
    item = convert(
        "@book{k, author = {Ehrenburg, Ilya}, title = {Post-War Years}, subtitle = {1945--54},"
        " series = {Men, Years---Life}, number = {6}, edition = {2}, translator = {Kapp, Yvonne},"
        " editor = {Doe, Jane}, location = {London}, publisher = {MacGibbon \\& Kee},"
        " year = 1966, month = jan, isbn = {0-394-48296-4}, pagetotal = {320}, volumes = {6},"
        " note = {A \\emph{note}}, addendum = {ignored}, urldate = {2024-05-01}}"
    )
    assert item["title"] == "Post-War Years: 1945\u201354"
    assert item["collection-title"] == "Men, Years\u2014Life"
    assert item["collection-number"] == "6"
    assert item["publisher"] == "MacGibbon & Kee"
    assert item["publisher-place"] == "London"
    assert item["issued"] == {"date-parts": [[1966, 1]]}
    assert item["accessed"] == {"date-parts": [[2024, 5, 1]]}
    assert item["ISBN"] == "0-394-48296-4"
    assert item["number-of-pages"] == "320"
    assert item["number-of-volumes"] == "6"
    assert item["note"] == "A <i>note</i>"
    assert item["translator"] == [{"family": "Kapp", "given": "Yvonne"}]
    assert item["editor"] == [{"family": "Doe", "given": "Jane"}]
    assert "addendum" not in item


def test_report_and_thesis_publishers() -> None:
    assert convert("@report{k, institution = {Kennan Institute}, number = {263}}") == {
        "id": "k",
        "type": "report",
        "publisher": "Kennan Institute",
        "number": "263",
    }
    assert convert("@thesis{k, school = {MIT}}")["publisher"] == "MIT"


def test_howpublished() -> None:
    assert convert("@misc{k, howpublished = {\\url{https://x.org}}}")["URL"] == "https://x.org"
    assert convert("@misc{k, howpublished = {WGBH}}")["publisher"] == "WGBH"


def test_maintitle_becomes_title_and_volume_title() -> None:
    item = convert("@book{k, maintitle = {Collected Works}, title = {Letters}, volume = {3}}")
    assert item["title"] == "Collected Works"
    assert item["volume-title"] == "Letters"
    item = convert(
        "@incollection{k, maintitle = {Collected Works}, booktitle = {Letters}, title = {A}}"
    )
    assert (item["title"], item["container-title"], item["volume-title"]) == (
        "A",
        "Collected Works",
        "Letters",
    )


def test_and_others_and_shortauthor() -> None:
    item = convert("@book{k, author = {Smith, J. and others}, shortauthor = {{SJ}}}")
    assert item["author"] == [{"family": "Smith", "given": "J."}]
    assert item["_others"] == ["author"]
    assert item["author-short"] == [{"literal": "SJ"}]


def test_bookauthor_is_container_author() -> None:
    item = convert("@inbook{k, author = {A, B}, bookauthor = {C, D}, title = {T}}")
    assert item["container-author"] == [{"family": "C", "given": "D"}]


@pytest.mark.parametrize(
    ("langid", "expected"),
    [
        ("english", "en-US"),
        ("british", "en-GB"),
        ("russian", "ru"),
        ("ngerman", "de-DE"),
        ("fr", "fr"),
        ("en-GB", "en-GB"),
    ],
)
def test_language(langid: str, expected: str) -> None:
    assert convert(f"@book{{k, langid = {{{langid}}}}}")["language"] == expected


def test_unknown_language_is_kept_and_reported() -> None:
    source = "@book{k, langid = {klingon}}"
    assert convert(source)["language"] == "klingon"
    assert "bib-language" in codes(source)


def test_eprint() -> None:
    assert (
        convert("@misc{k, eprint = {2101.00001}, eprinttype = {arxiv}}")["URL"]
        == "https://arxiv.org/abs/2101.00001"
    )
    assert convert("@misc{k, eprint = {123}, eprinttype = {pubmed}}")["PMID"] == "123"


def test_crossref_biblatex_rules() -> None:
    source = (
        "@inbook{ch, crossref = {bk}, title = {Chapter}, pages = {1--2}}\n"
        "@book{bk, author = {Snow, Edgar}, title = {Journey}, subtitle = {Sub}, publisher = {RH},"
        " year = {1958}, shorttitle = {J}}\n"
    )
    item = convert(source, "ch")
    assert item["title"] == "Chapter"
    assert item["container-title"] == "Journey: Sub"
    assert item["author"] == [{"family": "Snow", "given": "Edgar"}]
    assert item["container-author"] == [{"family": "Snow", "given": "Edgar"}]
    assert item["publisher"] == "RH"
    assert item["issued"] == {"date-parts": [[1958]]}
    assert "title-short" not in item


def test_crossref_periodical_to_article() -> None:
    source = (
        "@article{a, crossref = {p}, title = {T}}\n@periodical{p, title = {Zvezda}, year = 1944}"
    )
    assert convert(source, "a")["container-title"] == "Zvezda"


def test_xdata_is_merged_and_not_an_item() -> None:
    source = "@xdata{pub, publisher = {GPO}, location = {Washington}}\n@book{b, xdata = {pub}, title = {T}}"
    result = parse_bibtex(source)
    assert [i["id"] for i in result.items] == ["b"]
    assert result.item("b")["publisher"] == "GPO"  # type: ignore[index]


def test_own_fields_win_over_inherited_ones() -> None:
    source = (
        "@incollection{c, crossref = {b}, publisher = {Mine}}\n@collection{b, publisher = {Theirs}}"
    )
    assert convert(source, "c")["publisher"] == "Mine"


def test_crossref_cycle_does_not_hang() -> None:
    source = "@book{a, crossref = {b}, title = {A}}\n@book{b, crossref = {a}, title = {B}}"
    assert convert(source, "a")["title"] == "A"


def test_bad_date_keeps_text_with_position() -> None:
    source = "@book{k,\n  title = {T},\n  date = {spring 1944}}"
    result = parse_bibtex(source, "refs.bib")
    assert result.item("k")["issued"] == {"literal": "spring 1944"}  # type: ignore[index]
    [problem] = result.diagnostics
    assert (problem.code, str(problem.span)) == ("bib-date", "refs.bib:3:3")


def test_bad_year_keeps_text() -> None:
    result = parse_bibtex("@book{k,\n  year = {[1944?]}}", "r.bib")
    assert result.item("k")["issued"] == {"literal": "[1944?]"}  # type: ignore[index]
    assert str(result.diagnostics[0].span) == "r.bib:2:3"


def test_unknown_command_warning_points_at_field() -> None:
    result = parse_bibtex("@book{k,\n title = {\\foo{Bar}}}", "r.bib")
    assert result.item("k")["title"] == "Bar"  # type: ignore[index]
    [problem] = result.diagnostics
    assert (problem.code, problem.severity.value, str(problem.span)) == (
        "bib-unknown-command",
        "warning",
        "r.bib:2:2",
    )


def test_editora_with_a_csl_role_fills_that_variable() -> None:
    from typeset.bib import parse_bibtex

    item = parse_bibtex(
        "@book{k, editor = {E, F}, editora = {T, R}, editoratype = {translator},"
        " editorb = {C, C}, editorbtype = {compiler}, editorc = {X, X},"
        " translator = {Own, O}, title = {T}}\n"
    ).items[0]
    assert item["translator"] == [{"family": "Own", "given": "O"}]  # the field itself wins
    assert item["compiler"] == [{"family": "C", "given": "C"}]
    assert "X" not in str(item)  # editorc has no role CSL knows
