"""Page-aware Ibid.: which notes must not say "Ibid." once the pages are known.

A reader who turns the page cannot see what an "Ibid." at the top of the new
page refers to; biblatex's ibid styles track pages for this, and Turabian
(16.4.2) asks for it, but a CSL processor cannot, because it never sees pages.
The pipeline can: the engine reports the page each note landed on
(``EngineResult.note_pages``), and the notes that say Ibid. and open a page
(no earlier note on that page) are re-cited with the style's subsequent form
(``resolve_citations(..., no_ibid=...)``). A short note is longer than "Ibid.",
so the pages can move; :func:`next_no_ibid` only ever adds notes, so the loop
in ``pipeline`` ends, and it stops after :data:`MAX_PASSES` engine passes.
"""

from __future__ import annotations

from collections.abc import Mapping

from typeset.doc import model as m
from typeset.doc.walk import query
from typeset.rich import leaves

MAX_PASSES = 3
IBID_TERM = "term:ibid"  # the CSL engine's tag on the rendered ibid term


def ibid_notes(doc: m.Document) -> set[int]:
    """Numbers of the notes whose citations print the style's ibid term."""
    found: set[int] = set()
    for note in query(doc.blocks, m.Note):
        if note.number is not None and any(_says_ibid(rich) for rich in query(note.blocks, m.Rich)):
            found.add(note.number)
    return found


def _says_ibid(rich: m.Rich) -> bool:
    return any(leaf.tag is not None and leaf.tag.variable == IBID_TERM
               for leaf in leaves(rich.content))


def opening_notes(note_pages: Mapping[int, int]) -> set[int]:
    """Notes printed first on their page (the previous note is on another page, or none)."""
    return {n for n, page in note_pages.items() if note_pages.get(n - 1) != page}


def next_no_ibid(doc: m.Document, note_pages: Mapping[int, int],
                 no_ibid: frozenset[int]) -> frozenset[int]:
    """``no_ibid`` and every note of ``doc`` that says Ibid. at the top of a page."""
    return no_ibid | (ibid_notes(doc) & opening_notes(note_pages))
