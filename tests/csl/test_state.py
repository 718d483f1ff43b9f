"""The CSL state object: one per document, a Processor and a Style reusable across documents."""

from __future__ import annotations

import copy
import pickle

from typeset.csl import Processor, render
from typeset.csl.style import resolve_style

STYLE = "chicago-notes-bibliography"
REFS = [
    {"id": "doe1", "type": "book", "title": "First Book", "publisher": "Pub",
     "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[1950]]}},
    {"id": "doe2", "type": "book", "title": "Second Book", "publisher": "Pub",
     "author": [{"family": "Doe", "given": "John"}], "issued": {"date-parts": [[1950]]}},
    {"id": "roe", "type": "article-journal", "title": "An Article", "container-title": "J",
     "author": [{"family": "Roe", "given": "Ann"}], "issued": {"date-parts": [[1960]]},
     "page": "1-20"},
]
DOC_A = [{"cites": [{"id": "doe1", "locator": "5"}], "note_number": 1},
         {"cites": [{"id": "doe2"}], "note_number": 2},
         {"cites": [{"id": "doe1", "locator": "7"}], "note_number": 3}]
DOC_B = [{"cites": [{"id": "roe"}], "note_number": 1},
         {"cites": [{"id": "roe", "locator": "3"}], "note_number": 2}]
AUTHORS = [[{"id": "doe1", "author-only": True}]]


def html(rendered: list[tuple[object, ...]]) -> list[str]:
    return [render(r, "html") for r in rendered]  # type: ignore[arg-type]


def document(proc: Processor, notes: list[dict[str, object]]) -> tuple[list[str], ...]:
    ids = list(dict.fromkeys(str(c["id"]) for n in notes for c in n["cites"]))  # type: ignore[attr-defined]
    out = proc.render_document(notes, AUTHORS, ids)
    return html(out.clusters), html(out.authors), html(out.bibliography)


def test_render_document_is_cite_then_authors_then_bibliography() -> None:
    one = document(Processor(STYLE, REFS), DOC_A)
    proc = Processor(STYLE, REFS)
    clusters = html(proc.cite(DOC_A))
    authors = html(proc.author_only(AUTHORS))
    entries = html(proc.bibliography(["doe1", "doe2"]))
    assert one == (clusters, authors, entries)
    assert one[1] == ["Jane Doe."]  # the layout affixes stay; the citations pass keeps the names


def test_author_only_leaves_the_state_alone() -> None:
    proc = Processor(STYLE, REFS)
    proc.cite(DOC_A)
    before = (copy.deepcopy(proc.states), list(proc.registered), dict(proc.state.numbers))
    proc.author_only([[{"id": "roe", "author-only": True}], *AUTHORS])
    assert (proc.states, proc.registered, proc.state.numbers) == before


def test_a_processor_serves_documents_in_any_order() -> None:
    alone_a, alone_b = document(Processor(STYLE, REFS), DOC_A), document(Processor(STYLE, REFS), DOC_B)
    proc = Processor(STYLE, REFS)
    assert [document(proc, DOC_B), document(proc, DOC_A), document(proc, DOC_B)] == \
        [alone_b, alone_a, alone_b]


def test_a_style_serves_processors_side_by_side() -> None:
    style = resolve_style(STYLE)
    first, second = Processor(style, REFS), Processor(style, REFS[::-1])
    a = document(first, DOC_A)
    b = document(second, DOC_B)
    assert (a, b) == (document(Processor(STYLE, REFS), DOC_A),
                      document(Processor(STYLE, REFS), DOC_B))


def test_compiled_forms_belong_to_the_style_and_are_not_pickled() -> None:
    style = resolve_style(STYLE)
    document(Processor(style, REFS), DOC_A)
    assert style.compiled.choose and style.compiled.name_options
    again = pickle.loads(pickle.dumps(style))
    assert not again.compiled.choose and document(Processor(again, REFS), DOC_A) == \
        document(Processor(style, REFS), DOC_A)
