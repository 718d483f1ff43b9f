"""pandoc's metadata keys (issue 11, item 6): nocite forms, csl and Zotero URLs, lists of
bibliographies, inline references, aliases, and a warning for keys we do not support."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.project import load_config


def load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / "manuscript").mkdir(exist_ok=True)
    (tmp_path / "manuscript" / "metadata.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path)


@pytest.mark.parametrize("text, keys", [
    ("nocite: |\n  @roe2010\n  @doe2000\n", ("roe2010", "doe2000")),
    ('nocite: "@a, @b"\n', ("a", "b")),
    ("nocite: '@*'\n", ("*",)),
    ("nocite: ['@a', b, '@c; @d']\n", ("a", "b", "c", "d")),
    ("nocite: '@{odd key}, @x:y'\n", ("odd key", "x:y")),
])
def test_nocite_forms(tmp_path: Path, text: str, keys: tuple[str, ...]) -> None:
    config, diags = load(tmp_path, text)
    assert diags == [] and config.nocite == keys


@pytest.mark.parametrize("text, style", [
    ("csl: apa\n", "apa"),
    ("csl: https://www.zotero.org/styles/modern-language-association\n",
     "modern-language-association"),
    ("style: http://zotero.org/styles/apa.csl\n", "apa"),
    ("csl: styles/mine.csl\n", "styles/mine.csl"),
])
def test_csl_is_style_and_takes_zotero_urls(tmp_path: Path, text: str, style: str) -> None:
    config, diags = load(tmp_path, text)
    assert diags == [] and config.style == style
    assert config.spans["style"].line == 1


def test_other_style_urls_are_an_error_at_the_value(tmp_path: Path) -> None:
    _, diags = load(tmp_path, "title: T\ncsl: https://example.org/x.csl\n")
    assert [(d.code, d.span.line, d.span.col) for d in diags] == [("meta-value", 2, 6)]
    assert "cannot fetch" in diags[0].message


def test_csl_and_style_together_warn(tmp_path: Path) -> None:
    config, diags = load(tmp_path, "style: apa\ncsl: chicago-author-date\n")
    assert config.style == "chicago-author-date"
    assert [d.code for d in diags] == ["meta-duplicate-key"]


def test_bibliography_list(tmp_path: Path) -> None:
    config, diags = load(tmp_path, "bibliography: [a.bib, refs/b.json]\n")
    assert diags == []
    assert config.bibliographies == ((tmp_path / "a.bib").resolve(),
                                     (tmp_path / "refs" / "b.json").resolve())
    assert config.bibliography == config.bibliographies[0]


def test_inline_references_are_csl_items(tmp_path: Path) -> None:
    config, diags = load(tmp_path, "references:\n- id: k1\n  type: book\n  title: T\n"
                                   "  issued: 2001-05-02\n- id: 7\n  title: U\n")
    assert diags == []
    assert config.references == ({"id": "k1", "type": "book", "title": "T",
                                  "issued": "2001-05-02"}, {"id": "7", "title": "U"})


@pytest.mark.parametrize("text, field, value", [
    ("reference-section-title: Works Cited\n", "bibliography_title", "Works Cited"),
    ("number-sections: true\n", "section_numbering", "arabic"),
    ("suppress-bibliography: true\n", "suppress_bibliography", True),
    ("notes-after-punctuation: false\n", "notes_after_punctuation", False),
])
def test_pandoc_aliases_and_switches(tmp_path: Path, text: str, field: str, value: object) -> None:
    config, diags = load(tmp_path, text)
    assert diags == [] and getattr(config, field) == value


def test_known_pandoc_keys_we_ignore_warn_so(tmp_path: Path) -> None:
    _, diags = load(tmp_path, "citation-abbreviations: x\nlink-bibliography: true\ntitel: x\n")
    assert [(d.code, d.span.line) for d in diags] == [
        ("meta-unsupported", 1), ("meta-unsupported", 2), ("meta-unknown-key", 3)]
    assert "not supported" in diags[0].message and "did you mean 'title'" in diags[2].message


@pytest.mark.parametrize("text, names", [
    ("author: Jane Doe\n", ("Jane Doe",)),
    ("author:\n- name: Jane Doe\n  affiliation: X\n  orcid: 0000-0001\n- Ann Roe\n",
     ("Jane Doe", "Ann Roe")),
    ("author:\n- Jane Doe:\n    institute: [inst1]\n    email: j@x.org\ninstitute:\n- inst1: X\n",
     ("Jane Doe",)),
])
def test_author_forms(tmp_path: Path, text: str, names: tuple[str, ...]) -> None:
    config, diags = load(tmp_path, text)
    assert diags == [] and config.authors == names


def test_date_today_follows_source_date_epoch(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    config, _ = load(tmp_path, "date: today\n")
    assert config.date == "2023-11-14"


AUTHORS = """\
author:
- James Watson:
    institute: [cav, mrc]
    email: jw@example.org
    correspondence: "yes"
    equal_contributor: "yes"
- name: Jane Doe
  affiliation: [Somewhere University, {name: Elsewhere College}]
  orcid: 0000-0002-1825-0097
  corresponding: true
  thanks: Funded by *someone*.
- Ann Roe:
    institute: nowhere
institute:
- cav: Cavendish Laboratory
- mrc:
    name: Medical Research Council
abstract: |
  One *paragraph*.

  Two.
thanks: We thank the archive.
link-citations: true
"""


def test_author_details_and_pandoc_scholar_institutes(tmp_path: Path) -> None:
    config, diags = load(tmp_path, AUTHORS)
    watson, doe, roe = config.author_entries
    assert watson.affiliations == ("Cavendish Laboratory", "Medical Research Council")
    assert (watson.email, watson.corresponding, watson.equal_contributor) == (
        "jw@example.org", True, True)
    assert doe.affiliations == ("Somewhere University", "Elsewhere College")
    assert (doe.orcid, doe.corresponding, doe.thanks) == (
        "0000-0002-1825-0097", True, "Funded by *someone*.")
    assert roe.affiliations == ("nowhere",)  # printed as written, with a warning
    assert [(d.code, d.span.line) for d in diags] == [("meta-value", 13)]
    assert "no institute 'nowhere'" in diags[0].message
    assert config.abstract == "One *paragraph*.\n\nTwo.\n" and config.link_citations is True
    assert config.thanks == "We thank the archive."


QUARTO = """\
author:
- name: Norah Jones
  corresponding: true
  affiliations:
  - ref: cmu
  - Written Out College
- name: {given: Ann, family: Roe}
  affiliations:
  - name: Uni X
    city: Y
- firstname: Max
  lastname: Mustermann
  affiliation:
    institution: University of Musterstadt
    street: Universitätsstr. 1
affiliations:
- id: cmu
  name: Carnegie Mellon University
  city: Pittsburgh
"""


def test_quarto_and_template_author_forms(tmp_path: Path) -> None:
    config, diags = load(tmp_path, QUARTO)
    assert diags == []
    assert config.authors == ("Norah Jones", "Ann Roe", "Max Mustermann")
    assert [a.affiliations for a in config.author_entries] == [
        ("Carnegie Mellon University", "Written Out College"), ("Uni X",),
        ("University of Musterstadt",)]  # in the order written
    assert config.author_entries[0].corresponding


def test_academic_pandoc_template_plurals_and_latex_today(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    text = ("authors:\n- John Doe:\n    institute: [inst1, inst2]\n- Jack Barnes:\n"
            "    institute: inst1\n    correspondence: yes\n"
            "institutes:\n  inst1: Institute One\n  inst2: Institute Two\ndate: \\today\n")
    config, diags = load(tmp_path, text)
    assert diags == [] and config.date == "2023-11-14"
    assert [(a.name, a.affiliations, a.corresponding) for a in config.author_entries] == [
        ("John Doe", ("Institute One", "Institute Two"), False),
        ("Jack Barnes", ("Institute One",), True)]


def test_a_template_switch_on_a_text_key_is_a_warning_not_an_error(tmp_path: Path) -> None:
    # thesis templates (eisvogel and kin) write ``thanks: true``: a switch, not a text
    config, diags = load(tmp_path, "title: T\nthanks: True\n")
    assert [(d.code, d.severity, d.span.line) for d in diags] == [("meta-value", "warning", 2)]
    assert config.thanks in ("", None) and "template switch" in diags[0].message
