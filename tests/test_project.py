"""The project on disk: one UTF-8 read, sections, metadata positions, style and output paths."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from typeset.checks import check_project
from typeset.diagnostics import Span, TypesetError
from typeset.doc.model import Meta
from typeset.pipeline import build
from typeset.project import (
    default_output,
    load_config,
    read_project,
    read_text,
    section_files,
    slug,
    style_path,
)


def make_project(tmp_path: Path, files: dict[str, bytes]) -> Path:
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "metadata.yaml").write_text("title: T\n", encoding="utf-8")
    for name, data in files.items():
        (tmp_path / "manuscript" / name).write_bytes(data)
    return tmp_path


def test_read_project_orders_sections_and_skips_readme(tmp_path: Path) -> None:
    project = make_project(tmp_path, {
        "02-b.md": b"# B\n", "01-a.md": b"# A\n\nText [@k].\n", "README.md": b"# notes\n"})
    doc, diags = read_project(project)
    assert diags == []
    assert [Path(s.path).name for s in doc.sections] == ["01-a.md", "02-b.md"]
    assert doc.meta.title == "T" and replace(doc.meta, front=Meta().front) == Meta(title="T")
    assert [f.name for f in section_files(project)] == ["01-a.md", "02-b.md"]


def test_non_utf8_section_gives_position_and_byte(tmp_path: Path) -> None:
    # line 2 holds a valid two-byte "é", then a Latin-1 byte: the column counts characters
    latin1 = b"ok\nfine \xc3\xa9 \xe9t\xe9\n"
    project = make_project(tmp_path, {"01-a.md": latin1, "02-b.md": b"# B\n"})
    doc, diags = read_project(project)
    (diag,) = diags
    assert diag.code == "md-encoding" and diag.is_error
    assert (diag.span.line, diag.span.col) == (2, 8)
    assert "0xe9" in diag.message and "offset" in diag.message
    assert [Path(s.path).name for s in doc.sections] == ["02-b.md"]


def test_unreadable_section_is_a_diagnostic(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    (project / "manuscript" / "01-dir.md").mkdir()
    _, diags = read_project(project)
    assert [d.code for d in diags] == ["md-unreadable"]


def test_project_without_sections(tmp_path: Path) -> None:
    _, diags = read_project(make_project(tmp_path, {}))
    assert [d.code for d in diags] == ["md-no-sections"]


def test_sections_in_the_wrong_folder_get_a_hint(tmp_path: Path) -> None:
    (tmp_path / "flat").mkdir()
    (tmp_path / "flat" / "01-a.md").write_text("Text.\n")
    (tmp_path / "flat" / "README.md").write_text("About.\n")
    [diag] = read_project(tmp_path / "flat")[1]
    assert diag.code == "md-no-sections" and "folio build 01-a.md" in diag.message  # one file
    (tmp_path / "flat" / "02-b.md").write_text("More.\n")
    [diag] = read_project(tmp_path / "flat")[1]
    assert diag.code == "md-no-sections" and "belong in a manuscript/ subfolder" in diag.message
    (tmp_path / "manuscript").mkdir()
    [diag] = read_project(tmp_path / "manuscript")[1]
    assert "give its parent folder" in diag.message


def test_readme_alone_gets_no_hint(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("About.\n")
    [diag] = read_project(tmp_path)[1]
    assert diag.message == "no manuscript/*.md section files found"


def test_metadata_errors_are_passed_on(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"01-a.md": b"Text.\n"})
    (project / "manuscript" / "metadata.yaml").write_text("title: [unclosed\n")
    _, diags = read_project(project)
    assert [d.code for d in diags] == ["meta-yaml"]




# --- one UTF-8 read --------------------------------------------------------------------


def test_read_text_drops_a_byte_order_mark(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_bytes(b"\xef\xbb\xbfcaf\xc3\xa9\n")
    assert read_text(file, "md") == ("caf\u00e9\n", [])


def test_read_text_places_the_first_bad_byte(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_bytes(b"\xef\xbb\xbftitle: \xff\n")
    text, (diag,) = read_text(file, "meta")
    assert text is None and diag.code == "meta-encoding" and diag.is_error
    assert (diag.span.line, diag.span.col) == (1, 8)  # type: ignore[union-attr]
    assert "0xff at offset 10" in diag.message


def test_read_text_missing_and_unreadable(tmp_path: Path) -> None:
    assert read_text(tmp_path / "none.yaml", "meta", missing_ok=True) == (None, [])
    assert [d.code for d in read_text(tmp_path / "none.md", "md")[1]] == ["md-unreadable"]
    assert [d.code for d in read_text(tmp_path, "md")[1]] == ["md-unreadable"]


# --- metadata positions ------------------------------------------------------------------

SPANS_YAML = """\
title: T
style: "house"
nocite:
  - a
bibliography:
lang: {x: 1}
"""


def test_config_spans_point_at_values(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    meta = project / "manuscript" / "metadata.yaml"
    meta.write_text(SPANS_YAML, encoding="utf-8")
    config, _ = load_config(project)
    where = {key: (span.line, span.col) for key, span in config.spans.items()}
    # a block list and an empty value: the key's own line
    assert where == {"title": (1, 8), "style": (2, 8), "nocite": (3, 1), "bibliography": (5, 1),
                     "lang": (6, 7)}
    assert {span.path for span in config.spans.values()} == {str(meta)}


def test_an_override_has_no_metadata_span(tmp_path: Path) -> None:
    config, _ = load_config(make_project(tmp_path, {}), {"style": "apa"})
    assert config.style == "apa" and "style" not in config.spans and "title" in config.spans


def test_byte_order_mark_keeps_the_first_key_position(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    (project / "manuscript" / "metadata.yaml").write_bytes(b"\xef\xbb\xbfstyle: nope\n")
    config, diags = load_config(project)
    assert diags == [] and (config.spans["style"].line, config.spans["style"].col) == (1, 8)


# --- style and output ----------------------------------------------------------------------


def test_style_path_prefers_project_files(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "house.csl").write_text("<style/>", encoding="utf-8")
    (tmp_path / "mine.csl").write_text("<style/>", encoding="utf-8")
    assert style_path(tmp_path, "house") == str(tmp_path / "styles" / "house.csl")
    assert style_path(tmp_path, "mine.csl") == str(tmp_path / "mine.csl")
    assert style_path(tmp_path, "apa") == "apa"


def test_default_output_from_title_or_folder(tmp_path: Path) -> None:
    project = tmp_path / "Litvinov Paper"
    project.mkdir()
    make_project(project, {})
    config, _ = load_config(project)
    assert default_output(project, config) == project / "build" / "t.pdf"
    (project / "manuscript" / "metadata.yaml").write_text("title: Литвинов\n", encoding="utf-8")
    config, _ = load_config(project)
    assert slug("Литвинов") == "document"
    assert default_output(project, config) == project / "build" / "litvinov-paper.pdf"


def test_byte_order_mark_keeps_the_style_position_in_build_and_check(tmp_path: Path) -> None:
    """A BOM'd metadata.yaml: build used to lose the position of a key on line 1."""
    project = make_project(tmp_path, {"01-a.md": b"# A\n\nText.\n"})
    (project / "manuscript" / "metadata.yaml").write_bytes(b"\xef\xbb\xbfstyle: no-such-style\n")
    with pytest.raises(TypesetError) as caught:
        build(project)
    (built,) = caught.value.diagnostics
    (checked,) = check_project(project)
    assert built.code == checked.code == "unknown-style"
    assert built.span == Span(str(project / "manuscript" / "metadata.yaml"), 1, 8)
    assert checked.span == built.span.relative_to(project)


def test_the_post_read_passes_skip_only_sections_they_have_nothing_to_do_in(
        tmp_path: Path) -> None:
    """settle_math and resolve_images run on the sections holding math (raw TeX) or
    images only: the document equals the passes run over every section, with a macro
    defined in one section and used two sections on, and an image's error in place."""
    from typeset.config import parse_config
    from typeset.doc.floats import number_floats
    from typeset.doc.model import Document
    from typeset.front_matter import read_front
    from typeset.images import resolve_images
    from typeset.project import document_meta, read_project, read_section
    from typeset.readers.math_macros import settle_math
    from typeset.readers.smart import smarten

    manuscript = tmp_path / "manuscript"
    manuscript.mkdir()
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    texts = {
        "01.md": "# One\n\n$$\\newcommand{\\R}{\\mathbb{R}}$$\n\n\"Quoted\" text.\n",
        "02.md": "# Two\n\nNo math, no image: 'plain' prose.\n",
        "03.md": "# Three\n\nUses $x \\in \\R$ and $\\Eta$.\n\n![A figure](a.png){#fig:a}\n",
        "04.md": "# Four\n\n```{=latex}\n\\renewcommand\\O{\\mathcal{O}}\n```\n\nMore.\n",
        "05.md": "# Five\n\n$\\O(n)$ and ![missing](nowhere.png)\n",
    }
    for name, text in texts.items():
        (manuscript / name).write_text(text, encoding="utf-8")
    config, _ = parse_config("title: T\n", tmp_path / "meta.yaml", tmp_path, {})
    doc, found = read_project(tmp_path, config)

    sections = tuple(read_section(manuscript / name, False)[0] for name in texts)
    whole = Document(meta=replace(document_meta(config), front_cites=read_front(config)[1]),
                     sections=sections)  # type: ignore[arg-type]
    whole, math = settle_math(whole)
    whole, missing = resolve_images(smarten(number_floats(whole)), tmp_path)
    assert doc == whole
    assert [d.code for d in math + missing] == ["md-image"] and found[-1:] == missing
    assert "\\mathbb{R}" in repr(doc.sections[2]) and "\\mathcal{O}" in repr(doc.sections[4])
