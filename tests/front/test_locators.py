"""Localised locators (issue 11, item 9): with ``lang: de`` the German locale's terms
("Seite"/"S.", "Kapitel"/"Kap.", ...) are locator labels, as pandoc reads them; the
English forms still are; a word that is no term stays the suffix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.pandoc.helpers import cite_markdown
from typeset.checks import check_project
from typeset.doc import model as m
from typeset.locators import locale_terms, localise_item

MARKDOWN = """\
A [@doe2000, Seite 111].

B [@doe2000, S. 111–113 und passim].

C [@doe2000, Kap. 3].

D @doe2000 [Kapitel 4] sagt.

E [@doe2000, p. 7].

F [@doe2000, Seitenweise].
"""


def test_german_terms_in_an_author_date_style() -> None:
    assert cite_markdown(MARKDOWN, style="apa", lang="de-DE") == [
        "A (Doe, 2000, S. 111).",
        "B (Doe, 2000, S. 111–113 und passim).",
        "C (Doe, 2000, Kapitel 3).",
        "D Doe (2000, Kapitel 4) sagt.",
        "E (Doe, 2000, S. 7).",  # the English form is still read
        "F (Doe, 2000, Seitenweise).",  # no number: no locator, all suffix
    ]


def test_german_terms_in_a_note_style() -> None:
    lines = cite_markdown(MARKDOWN, lang="de-DE")
    assert lines[0].endswith("(Harvard University Press, 2000), 111.)")  # page: no label
    assert lines[2] == "C.^3(Doe, A Book of Threads, Kap. 3.)"


def test_french_and_english_documents() -> None:
    assert cite_markdown("A [@doe2000, chapitre 3].\n", style="apa", lang="fr-FR") == [
        "A (Doe, 2000, Chapitre 3)."]
    # in an English document "Seite" is no term: it stays the suffix
    assert cite_markdown("A [@doe2000, Seite 3].\n", style="apa") == [
        "A (Doe, 2000, Seite 3)."]


def test_localise_item_keeps_the_rest_of_the_suffix() -> None:
    suffix = (m.Str(","), m.Space(), m.Str("S."), m.Space(), m.Str("5f."), m.Space(),
              m.Emph((m.Str("passim"),)))
    item = localise_item(m.CiteItem("k", suffix=suffix), locale_terms("de-DE"))
    assert (item.label, item.locator) == ("page", "5f")
    assert item.suffix == (m.Str("."), m.Space(), m.Emph((m.Str("passim"),)))
    assert ("seite", "page") in locale_terms("de-AT")


BIB = """\
@book{doe2000,
  author = {Doe, Jane},
  title = {A Book of Threads},
  publisher = {Harvard University Press},
  year = {2000}
}
"""


def make_project(root: Path) -> Path:
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text("title: Fäden\nlang: de-DE\n",
                                                      encoding="utf-8")
    (root / "manuscript" / "01-a.md").write_text(
        "# Eins\n\nErstens [@doe2000, Seite 111]. Zweitens [@doe2000, Kap. 3].\n",
        encoding="utf-8")
    (root / "bibliography.bib").write_text(BIB, encoding="utf-8")
    return root


@pytest.mark.slow
@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_german_locators_in_both_routes(tmp_path: Path, route: str) -> None:
    import pdfplumber

    from typeset.pipeline import build

    result = build(make_project(tmp_path / "p"), route=route, output=tmp_path / "out.pdf")
    with pdfplumber.open(result.output) as document:
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in document.pages))
    assert "(HarvardUniversityPress,2000),111." in text
    assert "Doe,ABookofThreads,Kap.3." in text and "Seite" not in text


def test_check_is_clean(tmp_path: Path) -> None:
    assert check_project(make_project(tmp_path / "p")) == []
