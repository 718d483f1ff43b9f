"""Defects found reading real-world .bib files (issue 13), one minimal fixture each.

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
