"""number_floats collects identifiers, ``\\label`` texts and example lists in one walk
(issue 16): what each of them reserves or numbers is as before."""

from __future__ import annotations

from typeset.doc import model as m
from typeset.doc.floats import number_floats
from typeset.doc.walk import query
from typeset.readers.markdown import read_markdown


def _doc(text: str) -> m.Document:
    blocks, _ = read_markdown(text, "x.md")
    return m.Document(meta=m.Meta(), sections=(m.Section("x.md", blocks),))


def test_identifiers_labels_and_examples_in_one_walk() -> None:
    doc = number_floats(_doc(
        "# Intro\n\n```{#intro .python}\ncode\n```\n\n# Results {#results}\n\n"
        "# Results\n\n(@one) First.\n\nAs (@one) shows, see \\ref{tbl:a}.\n\n"
        "| a |\n|---|\n| 1 |\n\n: Numbers {#tbl:a}\n\n"
        "# Fig\n\nText with \\label{fig} in it.\n"))
    heads = [h.ident for h in query(doc, m.Heading)]
    # a code block's id is not reserved; an explicit id and a \label text are
    assert heads == ["intro", "results", "results-1", "fig-1"]
    text = "".join(s.text for s in query(doc, m.Str))
    assert "As(1)shows" in text  # the example's number (words joined: spaces are nodes)
    links = [link.url for link in query(doc, m.Link)]
    assert links == ["#tbl:a"]


def test_without_floats_the_references_pass_is_skipped_and_changes_nothing() -> None:
    doc = _doc("# One\n\nSee \\ref{nothing} here.\n")
    assert number_floats(doc).sections[0].blocks[1] == doc.sections[0].blocks[1]
