"""Defects found reading real-world .bib files, one minimal fixture each.

Every expected value is what biber's resolved output (``biber --tool
--output-resolve``) holds for the same input, mapped to CSL-JSON.
"""

from __future__ import annotations

from typing import Any

import pytest

from typeset.bib import parse_bibtex
from typeset.diagnostics import Severity


def item(source: str, key: str = "k") -> dict[str, Any]:
    found = parse_bibtex(source).item(key)
    assert found is not None
    return found


# --- booktitle on whole books ------------------------------------------------------------

BOOK_TYPES = ["book", "mvbook", "proceedings", "mvproceedings", "collection", "mvcollection",
              "reference", "periodical"]


@pytest.mark.parametrize("entry_type", BOOK_TYPES)
def test_booktitle_on_a_whole_volume_is_not_a_container(entry_type: str) -> None:
    got = item(f"@{entry_type}{{k, title = {{Proceedings of ANTS}}, booktitle = {{ANTS 2004}},"
               " booksubtitle = {Sub}, year = 2004}")
    assert "container-title" not in got
    assert got["title"] == "Proceedings of ANTS"


@pytest.mark.parametrize("entry_type", ["inproceedings", "incollection", "inbook"])
def test_booktitle_of_a_part_is_its_container(entry_type: str) -> None:
    got = item(f"@{entry_type}{{k, title = {{Paper}}, booktitle = {{Volume}}, year = 2004}}")
    assert got["container-title"] == "Volume"


PARENT_ORDERS = [
    "@proceedings{p, booktitle = {Short}, title = {Full Title}, year = 2004}",
    "@proceedings{p, title = {Full Title}, booktitle = {Short}, year = 2004}",
]


@pytest.mark.parametrize("parent", PARENT_ORDERS, ids=["booktitle-first", "title-first"])
def test_crossref_child_takes_the_parents_title_whatever_the_order(parent: str) -> None:
    got = item(parent + "\n@inproceedings{k, title = {Paper}, crossref = {p}}")
    assert (got["title"], got["container-title"]) == ("Paper", "Full Title")


@pytest.mark.parametrize(
    ("fields", "variable", "expected"),
    [
        ("address = {A}, location = {L}", "publisher-place", "L"),
        ("location = {L}, address = {A}", "publisher-place", "L"),
        ("journal = {J}, journaltitle = {JT}", "container-title", "JT"),
        ("journaltitle = {JT}, journal = {J}", "container-title", "JT"),
    ],
)
def test_alias_fields_do_not_depend_on_field_order(fields: str, variable: str,
                                                   expected: str) -> None:
    assert item(f"@article{{k, title = {{T}}, {fields}}}")[variable] == expected


# --- duplicate keys ----------------------------------------------------------------------


def test_duplicate_key_keeps_the_first_and_is_a_warning() -> None:
    result = parse_bibtex("@book{k, title = {A}}\n@book{k, title = {B}}\n@book{m, title = {C}}")
    assert [i["title"] for i in result.items] == ["A", "C"]
    [problem] = result.diagnostics
    assert (problem.code, problem.severity) == ("bib-duplicate-key", Severity.WARNING)


# --- \cite inside a field ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (r"Reply to \cite{smith99}", "Reply to [smith99]"),
        (r"On \citet[p.~3]{a,b} and \parencite{c}", "On [a, b] and [c]"),
        (r"Notes \cites{x}{y}", "Notes [x, y]"),
    ],
)
def test_cite_in_a_field_prints_its_keys_and_warns_at_the_field(title: str, expected: str) -> None:
    result = parse_bibtex(f"@article{{k,\n  title = {{{title}}},\n  year = 2000}}")
    got = result.item("k")
    assert got is not None
    assert got["title"].replace('<span class="nocase">', "").replace("</span>", "") == expected
    assert "<cit.>" not in got["title"]
    warnings = [d for d in result.diagnostics if d.code == "bib-cite-in-field"]
    assert warnings and all(d.span is not None and d.span.line == 2 for d in warnings)


# --- LaTeX decoding ----------------------------------------------------------------------

DECODING = [
    (r"The {\TeX book}", "The TeXbook"),
    (r"\LaTeX\ and \BibTeX", "LaTeX and BibTeX"),
    (r"\S 3, \P 2, \dag, \ddag", "\u00a73, \u00b62, \u2020, \u2021"),
    (r"methodology\hyphen independent", "methodology-independent"),
    (r"Rahden/Westf\adddot", "Rahden/Westf."),
    (r"www.x.edu/\raisebox{-0.5ex}{~}user", "www.x.edu/~user"),
    (r"www.x.edu/\raisebox{-0.5ex}{\~{}}user", "www.x.edu/~user"),
    (r"An {$O(n \log n)$} sort", "An O(n log n) sort"),
    (r"`{Keep}' it", "\u2018Keep\u2019 it"),
    (r"don't", "don't"),
    (r"De\-com\-po\-sition", "Decomposition"),
    (r"\MakeUppercase{abc} \lowercase{DEF}", "ABC def"),
    (r"\MakeUppercase{a \emph{b}}", "A <i>B</i>"),
    (r"9\psq", "9\u00a0f."),
    (r"a\par b", "a b"),
    (r"\TeX{} is", "TeX is"),
    (r"\foreignlanguage{german}{Haus}", "Haus"),
    (r"\hyphenation{Haus-tür}Tür", "Tür"),
    (r"with {{\manfnt META}\-{\manfnt POST}\spacefactor1000 } output", "with METAPOST output"),
]


@pytest.mark.parametrize(("raw", "expected"), DECODING, ids=[c[0] for c in DECODING])
def test_decoding_real_world_commands(raw: str, expected: str) -> None:
    got = item(f"@misc{{k, title = {{{raw}}}}}")["title"]
    assert got.replace('<span class="nocase">', "").replace("</span>", "") == expected
    result = parse_bibtex(f"@misc{{k, title = {{{raw}}}}}")
    result.items  # noqa: B018 - converting completes the diagnostics
    assert result.diagnostics == []


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        (r"Jo\~{a}o Silva", {"family": "Silva", "given": "João"}),
        (r"Silva-Mu\~noz, Ana", {"family": "Silva-Muñoz", "given": "Ana"}),
        (r"Jo\~ao Silva-Mu\~noz", {"family": "Silva-Muñoz", "given": "João"}),
        ("A~B~Smith", {"family": "Smith", "given": "A B"}),
    ],
)
def test_accent_tilde_in_names_is_not_a_tie(author: str, expected: dict[str, str]) -> None:
    assert item(f"@misc{{k, author = {{{author}}}}}")["author"] == [expected]


def test_circa_survives_decoding() -> None:
    assert item("@misc{k, date = {1723~}}")["issued"] == {"date-parts": [[1723]], "circa": True}


PREAMBLE = (
    r'@preamble{ "\newcommand{\proglang}[1]{\textsf{#1}} \def\cprime{$'"'"r'$}'
    r' \providecommand*{\pkg}[1]{\emph{#1}} \newcommand\R{\proglang{R}}"'
    r' # "\ifx \undefined \booktitle \def \booktitle #1{{{\em #1}}} \fi" }' "\n"
)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (r"title = {The \proglang{R} Book}", ("title", "The R Book")),
        (r"title = {Using \R\ daily}", ("title", "Using R daily")),
        (r"title = {The \pkg{zoo} package}", ("title", "The <i>zoo</i> package")),
        (r"author = {Ka\cprime men, A}", ("author", [{"family": "Ka'men", "given": "A"}])),
        # The body's own braces protect the title's case, as they would in the field.
        (r"note = {In \booktitle{The Book}}", ("note", 'In <span class="nocase"><i>The Book</i></span>')),
    ],
)
def test_preamble_commands_apply_to_the_files_fields(field: str,
                                                     expected: tuple[str, Any]) -> None:
    result = parse_bibtex(PREAMBLE + f"@misc{{k, {field}}}")
    got = result.item("k")
    assert got is not None and got[expected[0]] == expected[1]
    assert result.diagnostics == []


def test_unknown_command_keeps_its_argument_and_warns_once_at_its_field() -> None:
    result = parse_bibtex("@misc{k,\n  title = {\\frob{A} and \\frob{B}}}")
    assert item("@misc{k, title = {\\frob{A} and \\frob{B}}}")["title"] == "A and B"
    result.items  # noqa: B018
    [problem] = result.diagnostics
    assert (problem.code, problem.span.line if problem.span else 0) == ("bib-unknown-command", 2)


# --- biblatex semantics ------------------------------------------------------------------

SEMANTICS = [
    ("langid = {english}, langidopts = {variant=british}", "language", "en-GB"),
    # literal lists as biblatex prints them; country keys (biblatex-examples' almendro)
    ("location = {countryfr and countryuk and countryde}", "publisher-place",
     "France, United Kingdom and Germany"),
    ("location = {M{\\\"u}nchen and Berlin and New York}", "publisher-place",
     "München, Berlin and New York"),
    ("location = {Durham and London}", "publisher-place", "Durham and London"),
    ("publisher = {Leonard Smithers {and} Company}", "publisher", "Leonard Smithers and Company"),
    ("publisher = {Faber and Faber}", "publisher", "Faber and Faber"),
    ("langid = {german}, langidopts = {variant=swiss}", "language", "de-CH"),
    ("language = {langlatin and langgerman}", "language", "la"),
    ("langid = {ngerman}, language = {langlatin}", "language", "de-DE"),
    ("series = {newseries}", "collection-title", "new series"),
    ("series = {3}", "collection-title", "3rd series"),
    ("series = {11}", "collection-title", "11th series"),
    ("series = {Lecture Notes}", "collection-title", "Lecture Notes"),
    ("type = {patreqfr}", "genre", "French patent request"),
    ("type = {patenteu}", "genre", "European patent"),
    ("origdate = {1900}", "original-date", {"date-parts": [[1900]]}),
    ("origyear = {1901}", "original-date", {"date-parts": [[1901]]}),
    ("origtitle = {Der Titel}", "original-title", "Der Titel"),
    ("origlocation = {Wien}", "original-publisher-place", "Wien"),
    ("origpublisher = {Springer}", "original-publisher", "Springer"),
    ("pubstate = {inpress}", "status", "in press"),
    ("pubstate = {forthcoming}", "status", "forthcoming"),
    ("editor = {Doe, J}, editortype = {compiler}", "compiler", [{"family": "Doe", "given": "J"}]),
    ("editor = {Doe, J}, editortype = {director}", "director", [{"family": "Doe", "given": "J"}]),
    ("editor = {Doe, J}, editortype = {founder}", "editor", [{"family": "Doe", "given": "J"}]),
    ("eprinttype = {arxiv}, eprint = {1234.5678}", "URL", "https://arxiv.org/abs/1234.5678"),
    ("eprinttype = {pubmed}, eprint = {123456}", "PMID", "123456"),
    ("date = {2013-10-30T11:20:51-07:00}", "issued", {"date-parts": [[2013, 10, 30]]}),
    ("date = {2013-10-30T11:20Z}", "issued", {"date-parts": [[2013, 10, 30]]}),
    ("date = {-0333}", "issued", {"date-parts": [[-334]]}),
    ("date = {0000}", "issued", {"date-parts": [[-1]]}),
    ("author = {family=Heuvel, given=Charles, prefix=van den}", "author",
     [{"family": "Heuvel", "given": "Charles", "non-dropping-particle": "van den"}]),
    ("author = {given={Ana Maria}, family={Silva}}", "author",
     [{"family": "Silva", "given": "Ana Maria"}]),
]


@pytest.mark.parametrize(("fields", "variable", "expected"), SEMANTICS,
                         ids=[c[0] for c in SEMANTICS])
def test_biblatex_semantics(fields: str, variable: str, expected: Any) -> None:
    result = parse_bibtex(f"@misc{{k, title = {{T}}, {fields}}}")
    got = result.item("k")
    assert got is not None and got.get(variable) == expected
    assert result.diagnostics == []


def test_review_number_is_its_issue() -> None:
    assert item("@review{k, title = {R}, journaltitle = {J}, number = {4}}")["issue"] == "4"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("@inproceedings{k, organization = {ACM}, publisher = {Springer}}", "ACM, Springer"),
        ("@manual{k, organization = {ACM}}", "ACM"),
        ("@book{k, organization = {ACM}, publisher = {Springer}}", "Springer"),
        ("@inproceedings{k, organization = {}, publisher = {}}", None),
    ],
)
def test_organization(entry: str, expected: str | None) -> None:
    assert item(entry).get("publisher") == expected


def test_set_is_not_an_item() -> None:
    result = parse_bibtex("@set{s, entryset = {a,b}}\n@misc{a, title = {A}}\n@misc{b, title = {B}}")
    assert [i["id"] for i in result.items] == ["a", "b"]
    assert result.diagnostics == []


def test_and_others_survives_csl_json_export() -> None:
    from typeset.bib import public_item

    got = public_item(item("@misc{k, author = {Doe, J and others}}"))
    assert got["author"] == [{"family": "Doe", "given": "J"}, {"literal": "others"}]
    assert "_others" not in got


# --- names -------------------------------------------------------------------------------

NAMES = [
    ("Pinho de Souza, Jorge", {"family": "Pinho de Souza", "given": "Jorge"}),
    ("de Souza, Jorge", {"family": "Souza", "given": "Jorge", "non-dropping-particle": "de"}),
    ("Van Dyke, V", {"family": "Van Dyke", "given": "V"}),
    ("Le Roy, X", {"family": "Le Roy", "given": "X"}),
    ("Martin Luther King, Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("John Smith, III", {"family": "Smith", "given": "John", "suffix": "III"}),
]


@pytest.mark.parametrize(("raw", "expected"), NAMES, ids=[c[0] for c in NAMES])
def test_names_as_biber_reads_them(raw: str, expected: dict[str, str]) -> None:
    assert item(f"@misc{{k, author = {{{raw}}}}}")["author"] == [expected]


def test_an_empty_number_is_no_variable() -> None:
    # IEEE Xplore exports write volume={}, number={} for early-access papers.
    got = item("@inproceedings{k, booktitle = {B}, volume = {}, number = {}}")
    assert "collection-number" not in got and "volume" not in got
    assert "issue" not in item("@article{k, journal = {J}, number = {}}")


@pytest.mark.parametrize("pages", ["12 -15", "12 -- 15", "12--15", "12-15"])
def test_spaces_around_a_page_range_dash_go(pages: str) -> None:
    # tidy writes 12--15 for all of these, so reading must not depend on the spaces.
    assert item(f"@article{{k, pages = {{{pages}}}}}")["page"] == "12-15"



def test_html_entities_from_web_exports_are_read_and_reported() -> None:
    # Crossref's BibTeX (doi.org content negotiation) writes journal={IEEE Security &amp; Privacy}.
    result = parse_bibtex("@article{k,\n  journal = {IEEE Security &amp; Privacy},\n"
                          "  title = {Caf&#233; &lt;i&gt;}}")
    got = result.item("k")
    assert got is not None
    assert got["container-title"] == "IEEE Security & Privacy"
    assert got["title"] == "Café &lt;i&gt;"  # &lt; stays: decoded it would be a markup tag
    codes = sorted((d.code, d.span.line if d.span else 0) for d in result.diagnostics)
    assert codes == [("bib-html-entity", 2), ("bib-html-entity", 3)]


@pytest.mark.parametrize(
    ("title", "expected"),
    [(r"Typesetting with \AMSTeX", "Typesetting with AMS-TeX"),
     (r"\AllTeX{} macros", "(La)TeX macros"),
     (r"{\eTeX} and \PiCTeX", "ε-TeX and PiCTeX")],
)
def test_more_tex_logos(title: str, expected: str) -> None:
    text = item(f"@misc{{k, title = {{{title}}}}}")["title"]
    assert text.replace('<span class="nocase">', "").replace("</span>", "") == expected


def test_a_custom_type_is_reported_once_at_its_first_entry() -> None:
    source = "".join(f"@package{{p{n}, title = {{P{n}}}}}\n" for n in range(139))
    source += "@frob{f, title = {F}}\n@book{b, title = {B}}\n"
    result = parse_bibtex(source, "t.bib")
    assert len(result.items) == 141
    found = [(d.message, d.span.line if d.span else 0) for d in result.diagnostics
             if d.code == "bib-unknown-type"]
    assert found == [
        ("p0 and 138 more entries: unknown entry type @package; read as documents", 1),
        ("f: unknown entry type @frob; read as a document", 140),
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [("useprefix=false", {"family": "Brandt", "given": "Ahasver", "dropping-particle": "von"}),
     ("useprefix = false, skipbib", {"family": "Brandt", "given": "Ahasver",
                                     "dropping-particle": "von"}),
     ("useprefix", {"family": "Brandt", "given": "Ahasver", "non-dropping-particle": "von"}),
     ("", {"family": "Brandt", "given": "Ahasver", "non-dropping-particle": "von"})],
)
def test_useprefix_false_makes_the_prefix_a_dropping_particle(
    options: str, expected: dict[str, str]
) -> None:
    # biblatex-examples.bib's brandt: options = {useprefix=false} prints "Brandt, Ahasver
    # von" and cites "Brandt", CSL's dropping particle.
    entry = item(f"@incollection{{k, author = {{von Brandt, Ahasver}}, options = {{{options}}}}}")
    assert entry["author"] == [expected]


def test_entries_btxdoc_writes_oddly_are_read_as_biber_reads_them() -> None:
    # btxdoc.bib's syntax lesson: a hyphenated type with its brace on the next line, an
    # @string in parentheses, and an "@" ending a line of free text with the type later.
    source = (
        "@FAKE-ENTRY\n    {fake-key,\n    never-used = \"a comment\n    by a fake field\"\n"
        "    }\n\n@string (NOTE = {Chapter twelve})\n\nSome free text.@\n\n"
        "MaNuAl  (scribe,\n    title = \"Scribe\", note = NOTE, year = 1984)\n"
        "@misc{k, note = {mail me @\n misc}, title = {A-b}}\n"
    )
    result = parse_bibtex(source, "t.bib")
    assert result.order == ["fake-key", "scribe", "k"]
    assert result.raw["scribe"]["note"] == "Chapter twelve"
    assert result.raw["k"]["note"] == "mail me @\n misc"  # inside an entry: untouched


def test_check_is_quiet_on_btxdoc_style_syntax(tmp_path: Any) -> None:
    from pathlib import Path

    from typeset.bib import load_references
    from typeset.checks.runner import _bib_file_rules

    path = Path(tmp_path) / "b.bib"
    path.write_text(
        "@FAKE-ENTRY\n    {fake-key,\n    never-used = \"x\"\n    }\n\n"
        "@string (NOTE = {Chapter twelve})\n\nFree text.@\n\nMaNuAl  (scribe,\n"
        "    title = \"Scribe\", year = 1984)\n@misc{k, title = {T}, note = NOTE, year = 1984}\n",
        encoding="utf-8")
    found = _bib_file_rules(load_references(path), path)
    assert not [d for d in found if d.code in ("bib-braces", "bib-syntax")], found


def test_an_unknown_command_is_reported_once_at_its_first_field() -> None:
    # frankenstein.bib uses its document's own \book{...} in 63 fields.
    source = "".join(f"@misc{{m{n}, title = {{On \\book{{Murphy}} {n}}}}}\n" for n in range(63))
    source += "@misc{p, note = {\\play{Godot}}}\n"
    result = parse_bibtex(source, "t.bib")
    assert result.item("m5")["title"] == "On Murphy 5"
    assert len(result.items) == 64
    found = [(d.message, d.span.line if d.span else 0) for d in result.diagnostics
             if d.code == "bib-unknown-command"]
    assert found == [
        ("m0: unknown LaTeX command \\book in title; its argument is kept as text"
         " (and in 62 more fields)", 1),
        ("p: unknown LaTeX command \\play in note; its argument is kept as text", 64),
    ]
