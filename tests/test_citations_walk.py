"""The citations pass renders in one traversal (``walk.map_inlines_then_lists``): the
document equals the two-map version's (every citation placed, then the neighbours
settled), on the sample manuscript and on the cases ``punctuate`` looks at."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset import citations
from typeset.doc import model as m
from typeset.doc import walk
from typeset.pipeline import _items, _processor, _references
from typeset.project import load_config, read_project

REPO = Path(__file__).resolve().parents[1]

CASES = """# Cases

A claim [@doe2001]. Another one [@roe1999, 4], and "quoted [@doe2001, 5]." As
@roe1999 argues, and @doe2001's book [-@roe1999]. *In emphasis [@doe2001]*, then
[see @doe2001, chap. 2; @roe1999]:

> Quoted block [@roe1999].

A hand note.[^a] End [@missing2000].

[^a]: It cites [@doe2001, 7]. And again, [@doe2001, 7]

    A second paragraph [@roe1999].
"""

BIB = """@book{doe2001, author = {Doe, Jane}, title = {A Short Book}, publisher = {Press},
  year = {2001}}
@article{roe1999, author = {Roe, Richard}, title = {An Article}, journal = {Journal},
  volume = {3}, pages = {1--9}, year = {1999}}
"""


def _two_maps(doc: m.Document, walker: citations._Walker) -> tuple[m.Section, ...]:
    placed = walk.map_inlines(doc, walker.inline)
    return walk.map_inline_lists(placed, walker.punctuate).sections


def _cited(project: Path, style: str | None = None) -> m.Document:
    config, _ = load_config(project, {"style": style} if style else {})
    doc, _ = read_project(project, config)
    references, _ = _references(config, doc)
    keys = citations.needed_keys(doc, config.nocite, references)
    processor = _processor(project, config, _items(references, keys))
    return citations.resolve_citations(doc, processor, references, config, draft=True)[0]


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "01.md").write_text(CASES, encoding="utf-8")
    (tmp_path / "manuscript" / "metadata.yaml").write_text(
        "title: T\nbibliography: refs.bib\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("style", [None, "apa", "chicago-notes-bibliography-subsequent-ibid"])
def test_one_traversal_equals_two_maps(cases: Path, style: str | None,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for project in (REPO, cases):
        once = _cited(project, style)
        with monkeypatch.context() as patch:
            patch.setattr(citations, "_walk", _two_maps)
            twice = _cited(project, style)
        assert once == twice
        assert any(isinstance(n, m.Note) for n in walk.query(once, m.Note)) or style == "apa"


@pytest.mark.parametrize("note_style", [True, False])
def test_the_collecting_walk_builds_nothing_and_collects_as_a_map(
        cases: Path, note_style: bool) -> None:
    """``walk.visit_inlines`` calls the walker on the same cites and notes, in the same
    order with the same enclosing notes, as ``walk.map_inlines`` did."""
    for project in (REPO, cases):
        config, _ = load_config(project, {})
        doc, _ = read_project(project, config)
        references, _ = _references(config, doc)
        known = citations._known(references)
        walkers = [citations._Walker(note_style, known, None, draft=True) for _ in range(2)]
        walk.visit_inlines(doc, walkers[0].inline, (m.Cite, m.Note))
        walk.map_inlines(doc, walkers[1].inline)
        one, two = walkers
        assert one.clusters and (one.clusters, one.author_requests, one.cited, one.notes) == \
            (two.clusters, two.author_requests, two.cited, two.notes)
        assert [(d.code, d.span) for d in one.diagnostics] == \
            [(d.code, d.span) for d in two.diagnostics]
