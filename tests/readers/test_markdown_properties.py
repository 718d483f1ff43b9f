"""Hypothesis: the reader never raises, and plain words survive untouched."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from typeset.doc.model import Para, SoftBreak, Space, Str
from typeset.readers.list_rules import marker_at
from typeset.readers.markdown import read_markdown

PIECES = [*"ab @[]^{}-;,.:*_`\\<>!()#>\n 0123456789pé—“”'\"&|~+",
          "[@a", "^[", "[^1]", "[^1]: ", "    ", "> ", "- ", "@{", "p. ", "```", "<!--", "-@"]
MARKDOWN = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN | st.text(max_size=80))
def test_never_raises(text: str) -> None:
    blocks, diags = read_markdown(text, "h.md")
    assert isinstance(blocks, tuple)
    for diag in diags:
        assert diag.span is not None and diag.span.line >= 1


WORD = st.text(st.characters(categories=("L", "N"), include_characters="’“”—–.,'?"),
               min_size=1, max_size=12).filter(lambda w: not w[0].isdigit())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(WORD, min_size=1, max_size=8), min_size=1, max_size=4))
def test_plain_paragraph_text_is_preserved(lines: list[list[str]]) -> None:
    text = "\n".join(" ".join(words) for words in lines)
    # "b. word" or "iv. word" opens a list, as in pandoc (fancy_lists): not plain text
    assume(marker_at(text, 0, len(text.split("\n")[0])) is None)
    blocks, diags = read_markdown(text, "h.md")
    assert diags == []
    (para,) = blocks
    assert isinstance(para, Para)
    assert all(isinstance(n, Str | Space | SoftBreak) for n in para.children)
    assert [n.text for n in para.children if isinstance(n, Str)] == text.split()
    for node in para.children:
        if isinstance(node, Str):
            assert node.span is not None
            line = text.split("\n")[node.span.line - 1]
            assert line[node.span.col - 1:].startswith(node.text)
