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
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, SupportsIndex

_ORIGINAL: Any = None  # Document._build_layout_context as WeasyPrint defines it


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
