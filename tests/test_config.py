"""Project settings from manuscript/metadata.yaml: values, defaults, overrides, bad input."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import pytest

from typeset.config import KNOWN_KEYS, Config
from typeset.diagnostics import Severity, Span
from typeset.project import load_config


def project(tmp_path: Path, text: str | bytes | None) -> Path:
    (tmp_path / "manuscript").mkdir()
    if isinstance(text, str):
        (tmp_path / "manuscript" / "metadata.yaml").write_text(text, encoding="utf-8")
    elif isinstance(text, bytes):
        (tmp_path / "manuscript" / "metadata.yaml").write_bytes(text)
    return tmp_path


def meta_path(root: Path) -> str:
    return str(root / "manuscript" / "metadata.yaml")


def test_defaults(tmp_path: Path) -> None:
    config, diags = load_config(project(tmp_path, "title: T\n"))
    assert diags == []
    assert (config.lang, config.style, config.papersize, config.fontsize) == (
        "en-US", "chicago-notes-bibliography", "letter", "11pt")
    assert (config.section_numbering, config.bibliography_title, config.nocite) == (
        "none", "Bibliography", ())
    assert config.bibliography == (tmp_path / "bibliography.bib").resolve()
    assert config.project_dir == tmp_path
    with pytest.raises(FrozenInstanceError):
        config.title = "x"  # type: ignore[misc]


FULL = """\
title: "The Cassandra"
subtitle: Maxim Litvinov
short-title: Cassandra
author: [Vojtech Mastny, {name: A. N. Other}]
date: 1976-01-01
original-publication: Foreign Affairs 54, no. 2
lang: de-DE
style: styles/local.csl
bibliography: refs/works.bib
bibliography-title: Works Cited
nocite: ["@a", b]
papersize: A4
fontsize: 12
section-numbering: roman
keywords: Litvinov, Cold War
pdf-standard: A-3B
page-aware-ibid: false
print-keywords: true
abstract-title: Summary
"""


def test_every_key(tmp_path: Path) -> None:
    config, diags = load_config(project(tmp_path, FULL))
    assert diags == []
    assert config.authors == ("Vojtech Mastny", "A. N. Other")
    assert (config.title, config.subtitle, config.short_title) == (
        "The Cassandra", "Maxim Litvinov", "Cassandra")
    assert (config.date, config.original_publication) == ("1976-01-01", "Foreign Affairs 54, no. 2")
    assert (config.lang, config.style, config.bibliography_title) == (
        "de-DE", "styles/local.csl", "Works Cited")
    assert config.bibliography == (tmp_path / "refs" / "works.bib").resolve()
    assert (config.nocite, config.papersize, config.fontsize) == (("a", "b"), "a4", "12pt")
    assert (config.section_numbering, config.keywords) == ("roman", ("Litvinov", "Cold War"))
    assert config.pdf_standard == "a-3b"
    assert config.page_aware_ibid is False and config.print_keywords is True
    assert config.abstract_title == "Summary"
    written = {line.split(":")[0] for line in FULL.splitlines()}
    assert set(config.spans) == written
    # every key of ours is in FULL; the rest of the table is pandoc's keys (test_config_pandoc)
    assert set(KNOWN_KEYS) - written == {"csl", "reference-section-title", "number-sections",
                                          "suppress-bibliography", "notes-after-punctuation",
                                          "references", "toc", "toc-depth", "toc-title",
                                          "lof", "lot", "institute", "abstract", "thanks",
                                          "link-citations", "affiliations", "authors", "institutes",
                                          "figPrefix", "tblPrefix", "eqnPrefix", "secPrefix",
                                          "lstPrefix"}


def test_overrides_win(tmp_path: Path) -> None:
    root = project(tmp_path, "style: apa\npapersize: a4\n")
    overrides: dict[str, Any] = {"style": "chicago-author-date", "papersize": None,
                                 "section_numbering": "arabic"}
    config, diags = load_config(root, overrides)
    assert diags == []
    assert (config.style, config.papersize, config.section_numbering) == (
        "chicago-author-date", "a4", "arabic")
    assert "style" not in config.spans and "papersize" in config.spans


def test_bad_override_is_an_error_without_position(tmp_path: Path) -> None:
    _, diags = load_config(project(tmp_path, "title: T\n"), {"papersize": "a5", "colour": "red"})
    assert [(d.code, d.span) for d in diags] == [("meta-value", None), ("meta-unknown-key", None)]


@pytest.mark.parametrize(("yaml_text", "code", "line", "col", "words"), [
    ("title: T\nauthr: X\n", "meta-unknown-key", 2, 1, "did you mean 'author'"),
    ("title: T\n  bibliograhpy: x\n", "meta-yaml", 2, 15, "invalid YAML"),
    ("titel: T\n", "meta-unknown-key", 1, 1, "did you mean 'title'"),
    ("zzz: 1\n", "meta-unknown-key", 1, 1, "unknown metadata key 'zzz'"),
    ("papersize: a5\n", "meta-value", 1, 12, "a4, letter"),
    ("section-numbering: greek\n", "meta-value", 1, 20, "roman, arabic, none"),
    ("lang: 'english please'\n", "meta-value", 1, 7, "BCP 47"),
    ("fontsize: big\n", "meta-value", 1, 11, "11pt"),
    ("author: {first: A}\n", "meta-value", 1, 9, "list"),
    ("title: [a, b]\n", "meta-value", 1, 8, "text"),
    ("title: [unclosed\n", "meta-yaml", 2, 1, "invalid YAML"),
    ("- just\n- a list\n", "meta-not-mapping", 1, 1, "mapping"),
    ("title: a\ntitle: b\n", "meta-duplicate-key", 2, 1, "twice"),
])
def test_bad_metadata(tmp_path: Path, yaml_text: str, code: str, line: int, col: int,
                      words: str) -> None:
    root = project(tmp_path, yaml_text)
    _, diags = load_config(root)
    (diag,) = diags
    assert (diag.code, diag.span) == (code, Span(meta_path(root), line, col))
    assert words in diag.message
    expected = Severity.WARNING if code in ("meta-unknown-key", "meta-duplicate-key") else Severity.ERROR
    assert diag.severity is expected


def test_bad_value_falls_back_to_default(tmp_path: Path) -> None:
    config, _ = load_config(project(tmp_path, "papersize: a5\ntitle: Kept\n"))
    assert (config.papersize, config.title) == ("letter", "Kept")


@pytest.mark.parametrize(("content", "code"), [
    (b"title: \xff\n", "meta-encoding"),
])
def test_unreadable_metadata(tmp_path: Path, content: bytes | None, code: str) -> None:
    config, diags = load_config(project(tmp_path, content))
    assert [d.code for d in diags] == [code]
    assert diags[0].is_error
    assert isinstance(config, Config) and config.title is None


def test_missing_file_is_all_defaults(tmp_path: Path) -> None:
    """No metadata.yaml at all: every key has a default, nothing to report."""
    config, diags = load_config(project(tmp_path, None))
    assert diags == [] and config.spans == {} and config.style == "chicago-notes-bibliography"


def test_empty_file_is_all_defaults(tmp_path: Path) -> None:
    config, diags = load_config(project(tmp_path, ""))
    assert diags == [] and config.spans == {} and config == Config(tmp_path, bibliography=(
        tmp_path / "bibliography.bib").resolve())


@pytest.mark.parametrize(("value", "expected"), [
    ("no", "none"), ("none", "none"), ("Roman", "roman"), ("arabic", "arabic")])
def test_section_numbering_values(tmp_path: Path, value: str, expected: str) -> None:
    config, diags = load_config(project(tmp_path, f"section-numbering: {value}\n"))
    assert diags == [] and config.section_numbering == expected


def test_nocite_star(tmp_path: Path) -> None:
    config, _ = load_config(project(tmp_path, 'nocite: "*"\n'))
    assert config.nocite == ("*",)


def test_sample_metadata(repo_root: Path) -> None:
    config, diags = load_config(repo_root)
    assert [d for d in diags if d.is_error] == []
    assert config.title and config.authors


@pytest.mark.parametrize(("yaml_text", "title"), [
    ("lang: de-DE\n", "Literaturverzeichnis"),
    ("lang: ru\n", "Литература"),
    ("lang: en-GB\n", "Bibliography"),
    ("lang: ka-GE\n", "Bibliography"),  # not in the table: English
    ("lang: de-DE\nbibliography-title: Quellen\n", "Quellen"),  # an explicit title wins
])
def test_bibliography_title_follows_the_language(tmp_path: Path, yaml_text: str,
                                                 title: str) -> None:
    config, diags = load_config(project(tmp_path, yaml_text))
    assert diags == [] and config.bibliography_title == title
