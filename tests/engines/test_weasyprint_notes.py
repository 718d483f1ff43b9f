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
    monkeypatch.setattr(weasyprint_notes, "KEEP_WITH_CALLS", False)  # the list alone
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


def _notes_page(words: int, notes: int = 14) -> str:
    """Paragraphs of varying length, each calling a note of varying length, on A6."""
    body = []
    for i in range(notes):
        text = " ".join(["word"] * (words + (i * 7) % 23))
        note = "with some words of text " * (1 + i % 4)
        body.append(f'<p>{text} <a id="c{i}"></a><span class="fn" id="n{i}">Note {i} {note}'
                    "</span> and more.</p>")
    css = ("@page { size: A6; margin: 12mm } p { orphans: 2; widows: 2; margin: 0 }"
           " .fn { float: footnote; footnote-policy: line }")
    return f"<html><head><style>{css}</style></head><body>{''.join(body)}</body></html>"


def _off_their_calls_page(html: str, notes: int = 14) -> list[int]:
    from weasyprint import HTML

    page_of: dict[str, int] = {}
    for number, page in enumerate(HTML(string=html).render().pages):
        for anchor in page.anchors:
            page_of.setdefault(anchor, number)
    assert all(f"n{i}" in page_of for i in range(notes))  # no note is lost
    return [i for i in range(notes) if page_of[f"c{i}"] != page_of[f"n{i}"]]


@pytest.mark.slow
def test_a_note_stays_on_the_page_of_its_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint alone moves the page's last notes to the next page to fit one more line
    of a paragraph (orphans); with the wrapper the paragraph moves instead."""
    from typeset.engines import weasyprint_notes

    weasyprint_notes.install()
    layouts = [_notes_page(words) for words in (7, 17, 38, 47)]
    monkeypatch.setattr(weasyprint_notes, "KEEP_WITH_CALLS", False)
    assert all(_off_their_calls_page(html) for html in layouts)  # WeasyPrint's own choice
    monkeypatch.setattr(weasyprint_notes, "KEEP_WITH_CALLS", True)
    assert [_off_their_calls_page(html) for html in layouts] == [[], [], [], []]
