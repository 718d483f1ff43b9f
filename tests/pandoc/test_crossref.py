"""Cross-references in pandoc-crossref's syntax (issue 11, item 3), through the real
reader, the crossref pass and the citations pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pandoc.helpers import REFS, cite_markdown, read
from typeset.crossref import crossref_keys, labels, resolve_crossrefs

DOC = """\
# Intro {#sec:intro}

## Method {#sec:method}

# Results {#sec:results}

# Plain
"""


@pytest.mark.parametrize("text, expected", [
    ("See @sec:method.", "See sec. 1.1."),
    ("See [@sec:intro; @sec:results].", "See secs. 1–2."),
    ("In section [-@sec:results].", "In section 2."),
    ("@Sec:results shows it.", "Sec. 2 shows it."),
    ("See [@sec:intro; @sec:method].", "See secs. 1, 1.1."),
])
def test_section_references(text: str, expected: str) -> None:
    paras = cite_markdown(DOC + "\n" + text + "\n")
    assert paras[-1] == expected


def test_section_numbers_follow_the_document_scheme() -> None:
    blocks_doc = read(DOC, section_numbering="roman")
    assert labels(blocks_doc) == {"sec:intro": "I", "sec:results": "II"}


def test_prefixes_follow_lang() -> None:
    paras = cite_markdown(DOC + "\nSiehe @sec:results.\n", lang="de-DE")
    assert paras[-1] == "Siehe Abschn. 2."


def test_missing_label_is_an_error_with_did_you_mean() -> None:
    doc = read(DOC + "\nSee @sec:resutls.\n")
    new, diags = resolve_crossrefs(doc, set())
    (diag,) = diags
    assert diag.code == "crossref-undefined" and diag.is_error
    assert (diag.span.line, diag.span.col) == (9, 5)  # type: ignore[union-attr]
    assert "did you mean @sec:results?" in diag.message


def test_a_bibliography_key_with_a_reserved_prefix_stays_a_citation() -> None:
    refs = [*REFS, {"id": "fig:odd", "type": "book", "title": "Odd Key",
                    "author": [{"family": "Key", "given": "Ann"}],
                    "issued": {"date-parts": [[1990]]}}]
    doc = read("Text [@fig:odd].\n")
    assert crossref_keys(doc, {r["id"] for r in refs}) == set()
    assert crossref_keys(doc, set()) == {"fig:odd"}
    paras = cite_markdown("Text [@fig:odd].\n", refs=refs)
    assert paras == ["Text.^1(Ann Key, Odd Key (1990).)"]


def test_defined_labels_reserve_the_prefix() -> None:
    refs = [*REFS, {"id": "sec:law", "type": "book", "title": "Law"}]
    doc = read(DOC + "\nSee @sec:law.\n")
    assert crossref_keys(doc, {r["id"] for r in refs}) == {"sec:law"}


def test_check_reports_a_missing_label_and_no_undefined_citation(tmp_path: Path) -> None:
    from typeset.checks import check_project

    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "01-a.md").write_text(DOC + "\nSee @sec:resutls and @fig:x.\n",
                                                     encoding="utf-8")
    (tmp_path / "bibliography.bib").write_text("", encoding="utf-8")
    found = [(d.code, d.span.line if d.span else 0) for d in check_project(tmp_path)]
    assert found == [("crossref-undefined", 9), ("crossref-undefined", 9)]
