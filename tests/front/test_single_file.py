"""Single-file projects (issue 11, item 8): ``folio build paper.md`` and ``folio check
paper.md`` read the YAML front matter as the metadata, the bibliography relative to the
file, and write build/paper.pdf beside it; problems in the front matter point at the
file's own lines. A ``manuscript/`` folder may carry its front matter in its first section
instead of metadata.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from typeset.checks import check_project
from typeset.cli import main
from typeset.project import default_output, front_matter, load_config, locate, read_project

BIB = """\
@book{doe2000,
  author = {Doe, Jane},
  title = {A Book of Threads},
  publisher = {Harvard University Press},
  year = {2000}
}
"""

PAPER = """\
---
title: "A *Single* File"
author: Jane Doe
bibliography: refs/works.bib
...

# Intro

As @doe2000 argues [@doe2000, 5].
"""


def make_paper(root: Path, text: str = PAPER) -> Path:
    (root / "refs").mkdir(parents=True)
    (root / "refs" / "works.bib").write_text(BIB, encoding="utf-8")
    paper = root / "paper.md"
    paper.write_text(text, encoding="utf-8")
    return paper


def test_locate() -> None:
    assert locate(Path("papers/paper.md")) == (Path("papers"), Path("papers/paper.md"))
    assert locate(Path("papers")) == (Path("papers"), None)


def test_front_matter_keeps_the_file_lines() -> None:
    assert front_matter("---\ntitle: T\n---\n# A\n") == "\ntitle: T\n"
    assert front_matter("---\ntitle: T\n...\n") == "\ntitle: T\n"
    assert front_matter("# No front matter\n") is None
    assert front_matter("---\n---\n") == "\n"


def test_the_file_is_the_project(tmp_path: Path) -> None:
    paper = make_paper(tmp_path / "p")
    config, diags = load_config(paper)
    assert diags == []
    assert config.project_dir == paper.parent and config.source == paper
    assert config.bibliography == (paper.parent / "refs" / "works.bib").resolve()
    assert config.spans["title"].path == str(paper) and config.spans["title"].line == 2
    doc, diags = read_project(paper, config)
    assert diags == [] and [s.path for s in doc.sections] == [str(paper)]
    assert doc.meta.title == "A Single File"
    assert default_output(paper.parent, config) == paper.parent / "build" / "paper.pdf"


def test_problems_in_front_matter_point_at_the_file(tmp_path: Path) -> None:
    paper = make_paper(tmp_path / "p", PAPER.replace("author: Jane Doe", "autor: Jane Doe")
                       + "\nAnd [@ghost].\n")
    found = check_project(paper)
    assert [(d.code, d.span.path if d.span else None, d.span.line if d.span else 0)
            for d in found] == [
        ("meta-unknown-key", "paper.md", 3),  # relative to the file's folder
        ("cite-undefined", "paper.md", 11),
    ]


def test_bad_yaml_is_an_error_at_its_line(tmp_path: Path) -> None:
    paper = make_paper(tmp_path / "p", "---\ntitle: T\nauthor: [\n---\n\nText.\n")
    found = check_project(paper)
    assert [d.code for d in found] == ["meta-yaml"]
    assert found[0].span is not None and found[0].span.path == "paper.md"
    assert found[0].span.line == 4  # the closing line: the flow list never ends


def test_manuscript_folder_with_front_matter_in_its_first_section(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "01-a.md").write_text("---\ntitle: From *Front* Matter\n---\n\n"
                                                 "# A\n\nText.\n", encoding="utf-8")
    (root / "manuscript" / "02-b.md").write_text("# B\n\nMore.\n", encoding="utf-8")
    config, diags = load_config(root)
    assert diags == [] and config.title == "From *Front* Matter"
    doc, diags = read_project(root, config)
    assert diags == [] and doc.meta.title == "From Front Matter"
    assert len(doc.sections) == 2 and "title" not in repr(doc.sections[0].blocks[0])


def test_cli_check_takes_the_file_and_refuses_other_files(tmp_path: Path) -> None:
    paper = make_paper(tmp_path / "p")
    result = CliRunner().invoke(main, ["check", str(paper)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["check", str(paper.parent / "refs" / "works.bib")])
    assert result.exit_code == 2 and "neither a project folder nor a Markdown" in result.output


def test_cli_bib_takes_the_file(tmp_path: Path) -> None:
    paper = make_paper(tmp_path / "p")
    result = CliRunner().invoke(main, ["bib", str(paper)])
    assert result.exit_code == 0, result.output
    assert "Doe, Jane. A Book of Threads. Harvard University Press, 2000." in result.output
    result = CliRunner().invoke(main, ["bib", "--tidy", str(paper)])
    assert result.exit_code == 0, result.output  # the .bib below the file's folder: rewritten


@pytest.mark.slow
@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_build_a_single_file_in_both_routes(tmp_path: Path, route: str) -> None:
    import pdfplumber

    paper = make_paper(tmp_path / "p")
    result = CliRunner().invoke(main, ["build", "-q", "--route", route, str(paper)])
    assert result.exit_code == 0, result.output
    pdf = paper.parent / "build" / "paper.pdf"
    with pdfplumber.open(pdf) as document:
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in document.pages))
    for piece in ("ASingleFile", "AsJaneDoe1argues.2", "ABookofThreads(HarvardUniversityPress,2000)",
                  "Doe,Jane.ABookofThreads."):
        assert piece in text, piece
    assert "title:" not in text and "..." not in text
