"""Pandoc's fancy lists: ``(a)``, ``i.``, ``#.``, ``(1)``, example lists, as pandoc 2.17 reads them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from typeset.doc import model as m
from typeset.doc import walk
from typeset.doc.floats import number_floats
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.writers.html import write_html
from typeset.writers.latex import write_latex


def lists(text: str) -> list[tuple[str, str, int, int, bool]]:
    blocks, diags = read_markdown(text, "f.md")
    assert diags == []
    return [(b.style, b.delim, b.start, len(b.items), b.tight)
            for b in blocks if isinstance(b, m.OrderedList)]


def test_styles_delimiters_and_start_numbers_as_written() -> None:
    assert lists("(a) one\n(b) two\n") == [("lower-alpha", "two-parens", 1, 2, True)]
    assert lists("c) one\nd) two\n") == [("lower-alpha", "paren", 3, 2, True)]
    assert lists("iv. one\nv. two\n") == [("lower-roman", "period", 4, 2, True)]
    assert lists("B)  one\n") == [("upper-alpha", "paren", 2, 1, True)]
    assert lists("IV. one\n") == [("upper-roman", "period", 4, 1, True)]
    assert lists("(3) one\n(4) two\n") == [("decimal", "two-parens", 3, 2, True)]
    assert lists("#. one\n#. two\n") == [("decimal", "period", 1, 2, True)]
    assert lists("0. zero\n1. one\n") == [("decimal", "period", 0, 2, True)]


def test_item_text_loses_the_marker_and_keeps_its_positions() -> None:
    blocks, _ = read_markdown("(iv) first item\n(v) second\n", "f.md")
    (lst,) = blocks
    assert isinstance(lst, m.OrderedList)
    first = lst.items[0][0]
    assert isinstance(first, m.Para)
    assert walk.plain_text(first) == "first item"
    word = first.children[0]
    assert isinstance(word, m.Str) and word.span is not None and word.span.col == 6


def test_lists_split_where_pandoc_starts_a_new_one() -> None:
    # a later "c."/"d." is roman in a roman list; "a." after decimals starts a new list
    assert lists("i. one\nii. two\n\n#. three\n\nc. four\n") == [
        ("lower-roman", "period", 1, 4, False)]
    assert lists("3. three\n4. four\na. five\n") == [
        ("decimal", "period", 3, 2, True), ("lower-alpha", "period", 1, 1, True)]
    assert lists("a) one\n(b) two\n") == [
        ("lower-alpha", "paren", 1, 1, True), ("lower-alpha", "two-parens", 2, 1, True)]


def test_what_is_not_a_list() -> None:
    assert lists("A. Smith wrote this.\n") == []          # initials: capital + period + 1 space
    assert lists("Text before\na. is no list\n") == []     # a list does not interrupt a paragraph
    assert lists("ab. no\n") == [] and lists("(a. no\n") == [] and lists("a.b no\n") == []
    assert lists("```\n(a) code\n```\n") == []
    blocks, _ = read_markdown("```\n(a) code\n```\n", "f.md")
    assert isinstance(blocks[0], m.CodeBlock) and blocks[0].text == "(a) code\n"


def test_a_sublist_in_a_list_item() -> None:
    blocks, _ = read_markdown("1. foo\n   a. sub\n   b. sub2\n2. bar\n", "f.md")
    (outer,) = blocks
    assert isinstance(outer, m.OrderedList) and len(outer.items) == 2
    inner = outer.items[0][1]
    assert isinstance(inner, m.OrderedList)
    assert (inner.style, len(inner.items)) == ("lower-alpha", 2)


def test_lists_in_block_quotes_and_divs() -> None:
    blocks, _ = read_markdown("> (a) one\n> (b) two\n\n::: note\ni. x\nii. y\n:::\n", "f.md")
    quote, div = blocks
    assert isinstance(quote, m.BlockQuote) and isinstance(div, m.Div)
    assert isinstance(quote.blocks[0], m.OrderedList) and len(quote.blocks[0].items) == 2
    assert isinstance(div.blocks[0], m.OrderedList) and div.blocks[0].style == "lower-roman"


EXAMPLES_1 = "(@) First example.\n(@good) A good one.\n\nAs (@good) shows, and @good too.\n"
EXAMPLES_2 = "(@) Third, in another file.\n\nSee @good.\n"


def test_example_lists_number_on_across_files_and_references_become_numbers() -> None:
    first, _ = read_markdown(EXAMPLES_1, "a.md")
    second, _ = read_markdown(EXAMPLES_2, "b.md")
    doc = number_floats(m.Document(sections=(m.Section("a.md", first),
                                             m.Section("b.md", second))))
    starts = [(b.start, b.labels) for b in walk.query(doc, m.OrderedList)]
    assert starts == [(1, (None, "good")), (3, (None,))]
    texts = [walk.plain_text(b) for b in walk.query(doc, m.Para)]
    assert "As (2) shows, and 2 too." in texts and "See 2." in texts
    assert not list(walk.query(doc, m.Cite))


def test_an_unknown_label_stays_a_citation() -> None:
    blocks, _ = read_markdown("(@a) x\n\nSee @smith2020.\n", "a.md")
    doc = number_floats(m.Document(sections=(m.Section("a.md", blocks),)))
    assert [c.items[0].key for c in walk.query(doc, m.Cite)] == ["smith2020"]


def _written(text: str) -> tuple[str, str]:
    blocks, _ = read_markdown(text, "f.md")
    doc = number_floats(m.Document(sections=(m.Section("f.md", blocks),)))
    house = house_style(doc.meta)
    return write_html(doc, house, []), write_latex(doc, house)


def test_both_writers_print_the_markers_as_written() -> None:
    html, tex = _written("(c) one\n(d) two\n\niv) four\n\n(@) ex\n(@) ex2\n\nText.\n\n(@) ex3\n")
    assert "list-style-type: ts-two-parens-lower-alpha" in html
    assert "counter-reset: list-item 2" in html
    assert "list-style-type: ts-paren-lower-roman" in html
    assert r"label=(\alph*),start=3" in tex
    assert r"label=\roman*),start=4" in tex
    assert r"label=(\arabic*),start=3" in tex  # the third example goes on from the first two


def test_tight_and_loose_lists_in_latex() -> None:
    _, tight = _written("a. one\nb. two\n")
    _, loose = _written("a. one\n\nb. two\n")
    assert "noitemsep" in tight and "noitemsep" not in loose


PIECES = ["(a) ", "(@) ", "(@x) ", "#. ", "i. ", "iv) ", "A.  ", "a.", "(", ")", "@x", "\n",
          "\n\n", "   ", "text ", "> ", "- ", "1. ", "```\n", ":::\n", "| ", "    "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_list_markup_never_raises(text: str) -> None:
    blocks, _ = read_markdown(text, "h.md")
    number_floats(m.Document(sections=(m.Section("h.md", blocks),)))


def test_lists_split_from_one_markdown_it_list_are_tight_or_loose_on_their_own() -> None:
    assert lists("(a) one\n(b) two\n\niv) four\nv) five\n") == [
        ("lower-alpha", "two-parens", 1, 2, True), ("lower-roman", "paren", 4, 2, True)]
    assert lists("(a) one\n\n(b) two\nc) three\n") == [
        ("lower-alpha", "two-parens", 1, 2, False), ("lower-alpha", "paren", 3, 1, True)]


def test_a_tight_list_nested_in_a_loose_item_leaves_the_outer_list_loose() -> None:
    # pandoc 2.17: the outer items are Para (blank line before the nested list), the
    # nested ones Plain; a tight list inside must not make its parent tight
    for text in ("1. x\n2. y\n\n    i. z\n    ii. w\n", "- x\n- y\n\n  - a\n  - b\n"):
        (outer,), diags = read_markdown(text, "f.md")
        assert diags == []
        assert isinstance(outer, m.OrderedList | m.BulletList)
        inner = outer.items[-1][-1]
        assert isinstance(inner, m.OrderedList | m.BulletList)
        assert (outer.tight, inner.tight) == (False, True)
    (outer,), _ = read_markdown("1. x\n2. y\n   - a\n   - b\n", "f.md")
    assert isinstance(outer, m.OrderedList) and outer.tight
