"""The footnote list that keeps WeasyPrint's note layout linear: list semantics kept, O(1)
membership by identity, and the same PDF as WeasyPrint's own list."""

from __future__ import annotations

import time

import pytest

from typeset.engines.weasyprint_notes import FootnoteList


class Box:
    """Stands in for a WeasyPrint box: compared by identity."""


def test_list_operations_keep_the_index() -> None:
    a, b, c = Box(), Box(), Box()
    notes = FootnoteList([a, b])
    notes.append(c)
    notes.append(a)
    assert list(notes) == [a, b, c, a] and a in notes and None not in notes
    notes.remove(a)
    assert list(notes) == [b, c, a] and a in notes
    notes.remove(a)
    assert a not in notes and list(notes) == [b, c]
    copy = notes.copy()
    assert isinstance(copy, FootnoteList) and list(copy) == [b, c]
    copy.remove(b)
    assert b in notes and b not in copy
    assert notes.pop() is c and c not in notes
    notes.insert(0, c)
    notes += [a]
    assert list(notes) == [c, b, a] and all(x in notes for x in (a, b, c))
    notes.clear()
    assert not notes and a not in notes
    with pytest.raises(ValueError):
        notes.remove(a)
    with pytest.raises(TypeError):
        notes[0:0] = [a]


def test_membership_does_not_scan() -> None:
    many = FootnoteList(Box() for _ in range(200_000))
    start = time.perf_counter()
    for _ in range(10_000):
        assert None not in many
    assert time.perf_counter() - start < 1.0  # a scan would be 2e9 comparisons


@pytest.mark.slow
def test_the_same_pdf_as_weasyprints_own_list(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint import HTML
    from weasyprint.document import Document

    from typeset.engines import weasyprint_notes

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    notes = "".join(f'<p>Text {i} and more words to fill the line.<span style="float: footnote">'
                    f"Note {i}, with a citation, 45.</span></p>" for i in range(60))
    html = f"<html><head><style>@page {{ size: A6 }}</style></head><body>{notes}</body></html>"
    was_installed = weasyprint_notes._ORIGINAL is not None
    weasyprint_notes.uninstall()
    try:
        assert isinstance(Document.__dict__["_build_layout_context"], classmethod)
        plain = HTML(string=html).write_pdf()
        weasyprint_notes.install()
        patched = HTML(string=html).write_pdf()
    finally:
        (weasyprint_notes.install if was_installed else weasyprint_notes.uninstall)()
    assert patched == plain
