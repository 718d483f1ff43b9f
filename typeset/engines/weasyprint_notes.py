"""Keeps WeasyPrint's footnote layout linear in the number of notes.

Why this exists (measured on WeasyPrint 70; issue 15 asked for 10,000 notes): the
layout context keeps every footnote not yet placed in one list,
``LayoutContext.footnotes``, and after laying out each line
``layout/block.py`` asks, for *every box on the line*, whether that box's
``.footnote`` is in that list. Almost every box has no footnote (``None``),
which is never found, so each question scans the whole list: the cost of a line
grows with the number of notes still to come, and a document's layout time with
the square of its notes (4,000 notes took 162 s, 10,000 more than 400 s). No
change to our HTML or CSS can avoid it: the scan is per box, and its length is
the number of notes in the document.

The fix is a list that answers ``in`` from a dictionary of identities: WeasyPrint
compares boxes by identity (they define no ``__eq__``), so membership is the same,
order and every other list operation are untouched. It is put in place by
wrapping ``Document._build_layout_context`` (the one place the context is made,
before the box tree is built and the notes are collected), once per process.

The same wrapper keeps each note on the page of its call (issue 14: under the
perturbation test 3 of 12 builds of the sample printed a note a page late, although
the CSS says ``footnote-policy: line``). When a line does not fit at the foot of a
page and moving the paragraph would leave fewer than ``orphans`` lines behind,
WeasyPrint 70 first *reports* the page's last notes (moves them to the next page)
to make room for the line (``layout/block.py``, the ``report`` loop of
``_linebox_layout``). Those notes' calls stay on this page. We refuse exactly that
move, so WeasyPrint goes on to break the paragraph as it would without notes (the
lines go to the next page with their calls). The one report we keep is the one the
``line`` policy makes: the note just laid out, which does not fit, goes to the next
page with the line that calls it. The two are told apart by order: a legitimate
report follows the ``layout_footnote`` of the same note with no fitting line in
between; the refused one reports a note laid out on an earlier line, after
``overflows_page`` said that line fitted. A refusal makes the page's note list
read as empty for the one test of WeasyPrint's loop, which ends the loop
through its ``else`` (break the line normally). No code of WeasyPrint is copied or
replaced; ``tests/engines/test_weasyprint_notes.py`` builds a page where WeasyPrint
alone moves a note and checks that it no longer does, and
``tests/e2e/test_perturbation.py`` counts notes off their call's page on the sample.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, SupportsIndex

_ORIGINAL: Any = None  # Document._build_layout_context as WeasyPrint defines it
KEEP_WITH_CALLS = True  # refuse moving a note whose call stays (False: WeasyPrint's choice)
_CLASSES: dict[type, type] = {}  # LayoutContext class -> its note-keeping subclass


class FootnoteList(list[Any]):
    """A list with O(1) membership by identity; only the operations WeasyPrint uses on
    ``LayoutContext.footnotes`` (append, remove, ``in``, copy, truth) plus the other
    mutators, kept consistent so the index can never go stale."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._count: dict[int, int] = {}
        for item in self:
            self._add(item)

    def _add(self, item: Any) -> None:
        self._count[id(item)] = self._count.get(id(item), 0) + 1

    def _drop(self, item: Any) -> None:
        left = self._count[id(item)] - 1
        if left:
            self._count[id(item)] = left
        else:
            del self._count[id(item)]

    def __contains__(self, item: object) -> bool:
        return id(item) in self._count

    def append(self, item: Any) -> None:
        super().append(item)
        self._add(item)

    def extend(self, items: Iterable[Any]) -> None:
        for item in items:
            self.append(item)

    def insert(self, index: SupportsIndex, item: Any) -> None:
        super().insert(index, item)
        self._add(item)

    def remove(self, item: Any) -> None:
        super().remove(item)
        self._drop(item)

    def pop(self, index: SupportsIndex = -1) -> Any:
        item = super().pop(index)
        self._drop(item)
        return item

    def clear(self) -> None:
        super().clear()
        self._count.clear()

    def copy(self) -> FootnoteList:
        return FootnoteList(self)

    def __setitem__(self, index: Any, value: Any) -> None:
        raise TypeError("FootnoteList does not support item assignment")

    def __delitem__(self, index: Any) -> None:
        raise TypeError("FootnoteList does not support item deletion")

    def __iadd__(self, items: Iterable[Any]) -> FootnoteList:  # type: ignore[misc]
        self.extend(items)
        return self


class PageNotes(list[Any]):
    """The notes of the page being laid out; after a refused report it reads as empty
    for exactly one truth test (the condition of WeasyPrint's report loop)."""

    _falsy_once = False

    def __bool__(self) -> bool:
        if self._falsy_once:
            self._falsy_once = False
            return False
        return len(self) > 0


def _keeping_class(base: type) -> type:
    """``base`` (WeasyPrint's LayoutContext) with notes kept on their call's page."""
    if base in _CLASSES:
        return _CLASSES[base]

    def get_page_notes(self: Any) -> PageNotes:
        return self.__dict__["_typeset_page_notes"]  # type: ignore[no-any-return]

    def set_page_notes(self: Any, value: Any) -> None:
        self.__dict__["_typeset_page_notes"] = value if isinstance(value, PageNotes) \
            else PageNotes(value)

    def layout_footnote(self: Any, footnote: Any) -> Any:
        self.__dict__["_typeset_armed"] = footnote
        return base.layout_footnote(self, footnote)  # type: ignore[attr-defined]

    def overflows_page(self: Any, bottom_space: Any, position_y: Any) -> bool:
        overflow = bool(base.overflows_page(self, bottom_space, position_y))  # type: ignore[attr-defined]
        if not overflow:  # a line fitted: a report from now on is not the line policy's
            self.__dict__["_typeset_armed"] = None
        return overflow

    def report_footnote(self: Any, footnote: Any) -> Any:
        if footnote is self.__dict__.get("_typeset_armed"):
            return base.report_footnote(self, footnote)  # type: ignore[attr-defined]
        self.current_page_footnotes._falsy_once = True  # refused: end the report loop
        return None

    cls = type("KeepNotesWithCalls", (base,), {
        "current_page_footnotes": property(get_page_notes, set_page_notes),
        "layout_footnote": layout_footnote,
        "overflows_page": overflows_page,
        "report_footnote": report_footnote,
    })
    _CLASSES[base] = cls
    return cls


def keep_notes_with_calls(context: Any) -> None:
    """Turn one WeasyPrint layout context into one that keeps notes with their calls."""
    page_notes = context.__dict__.pop("current_page_footnotes", [])
    context.__class__ = _keeping_class(type(context))
    context.current_page_footnotes = page_notes


def install() -> None:
    """Make every WeasyPrint layout context of this process use :class:`FootnoteList`."""
    global _ORIGINAL
    if _ORIGINAL is not None:
        return
    from weasyprint.document import Document

    _ORIGINAL = Document.__dict__["_build_layout_context"]
    original = _ORIGINAL.__func__

    def build_layout_context(cls: Any, *args: Any, **kwargs: Any) -> Any:
        context = original(cls, *args, **kwargs)
        context.footnotes = FootnoteList(context.footnotes)
        if KEEP_WITH_CALLS:
            keep_notes_with_calls(context)
        return context

    Document._build_layout_context = classmethod(build_layout_context)


def uninstall() -> None:
    """WeasyPrint's own list again (for tests that compare the two)."""
    global _ORIGINAL
    if _ORIGINAL is None:
        return
    from weasyprint.document import Document

    Document._build_layout_context = _ORIGINAL
    _ORIGINAL = None
