"""The bibliography's place (issue 11, item 5): a ``::: {#refs}`` div places it, the heading
before the div is its title (no second heading); without a div it goes before the first
appendix; ``suppress-bibliography`` removes the div. Both routes' PDFs are read back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from typeset.checks import check_project
from typeset.doc import model as m
from typeset.placement import BIBLIOGRAPHY_SECTION, place_bibliography
from typeset.readers.markdown import read_markdown

BIB = m.Bibliography("Bibliography", ((),))


def sections(markdown: str) -> tuple[m.Section, ...]:
    blocks, _ = read_markdown(markdown, "t.md")
    return (m.Section("t.md", blocks),)


def kinds(placed: tuple[m.Section, ...]) -> list[str]:
    out = []
    for section in placed:
        for block in section.blocks:
            if isinstance(block, m.Bibliography):
                out.append(f"bib:{block.title}")
            elif isinstance(block, m.Heading):
                out.append("h:" + "".join(n.text for n in block.children if isinstance(n, m.Str)))
            else:
                out.append(type(block).__name__)
    return out


def test_refs_div_under_a_heading_takes_its_title() -> None:
    placed = place_bibliography(sections("# A\n\nx\n\n# Works\n\n::: {#refs}\n:::\n\n# B\n"), BIB)
    assert kinds(placed) == ["h:A", "Para", "h:Works", "bib:", "h:B"]


def test_refs_div_without_a_heading_keeps_the_title() -> None:
    placed = place_bibliography(sections("x\n\n::: {#refs}\n:::\n\ny\n"), BIB)
    assert kinds(placed) == ["Para", "bib:Bibliography", "Para"]


def test_refs_div_nested_and_only_the_first() -> None:
    placed = place_bibliography(
        sections("::: outer\n# R\n\n::: {#refs}\n:::\n:::\n\n::: {#refs}\n:::\n"), BIB)
    outer = placed[0].blocks[0]
    assert isinstance(outer, m.Div) and isinstance(outer.blocks[1], m.Bibliography)
    assert outer.blocks[1].title == "" and isinstance(placed[0].blocks[1], m.Div)


def test_before_the_first_appendix() -> None:
    for appendix in ("# Appendix {.appendix}", "# (APPENDIX) Appendix {-}"):
        placed = place_bibliography(sections(f"# A\n\nx\n\n{appendix}\n\ny\n"), BIB)
        assert kinds(placed) == ["h:A", "Para", "bib:Bibliography",
                                 "h:" + appendix[2:].split(" {")[0].replace(" ", ""), "Para"]
        assert [s.path for s in placed] == ["t.md", BIBLIOGRAPHY_SECTION, "t.md"]


def test_appendix_in_its_own_file_and_the_default_end() -> None:
    two = sections("# A\n") + (m.Section("b.md", sections("# Appendix {.appendix}\n")[0].blocks),)
    assert [s.path for s in place_bibliography(two, BIB)] == ["t.md", BIBLIOGRAPHY_SECTION, "b.md"]
    assert [s.path for s in place_bibliography(sections("# A\n"), BIB)] == [
        "t.md", BIBLIOGRAPHY_SECTION]


def test_an_empty_last_heading_is_the_title() -> None:
    assert kinds(place_bibliography(sections("# A\n\nx\n\n# References\n"), BIB)) == [
        "h:A", "Para", "h:References", "bib:"]
    placed = place_bibliography(sections("# A\n\nx\n\n# Works\n\n# Appendix {.appendix}\n"),
                                BIB)
    assert kinds(placed) == ["h:A", "Para", "h:Works", "bib:", "h:Appendix"]


def test_suppressed_bibliography_removes_the_div() -> None:
    assert kinds(place_bibliography(sections("x\n\n::: {#refs}\n:::\n"), None)) == ["Para"]


BIBTEX = """\
@book{doe2000,
  author = {Doe, Jane},
  title = {A Book of Threads},
  publisher = {Harvard University Press},
  year = {2000}
}
"""

TEXT = """\
# Intro

Text [@doe2000].

# Works Cited

::: {#refs}
:::

# Appendix {.appendix}

More text.
"""


def make_project(root: Path, text: str) -> Path:
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text("title: Places\n", encoding="utf-8")
    (root / "manuscript" / "01-a.md").write_text(text, encoding="utf-8")
    (root / "bibliography.bib").write_text(BIBTEX, encoding="utf-8")
    return root


def pdf_text(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


@pytest.mark.slow
@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
@pytest.mark.parametrize("div", [True, False])
def test_places_in_both_routes(tmp_path: Path, route: str, div: bool) -> None:
    from typeset.pipeline import build

    text = TEXT if div else TEXT.replace("# Works Cited\n\n::: {#refs}\n:::\n\n", "")
    project = make_project(tmp_path / "p", text)
    result = build(project, route=route, output=tmp_path / "out.pdf")
    assert result.diagnostics == []
    body = pdf_text(result.output)  # compared without spaces: LaTeX's are not always text
    lines = [re.sub(r"\s+", "", line) for line in body.splitlines() if line.strip()]
    entry = lines.index("Doe,Jane.ABookofThreads.HarvardUniversityPress,2000.")
    heading = "WorksCited" if div else "Bibliography"
    assert lines[entry - 1] == heading and lines[entry + 1] == "Appendix"
    assert lines.count(heading) == 1 and "Bibliography" not in lines[entry + 1:]
    assert ":::" not in body and "{#refs}" not in body


def test_check_is_clean(tmp_path: Path) -> None:
    assert check_project(make_project(tmp_path / "p", TEXT)) == []
