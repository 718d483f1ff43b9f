"""typeset.rich: the model helpers and the four back ends."""

from __future__ import annotations

import pytest

from typeset.rich import Styled, Tag, Text, leaves, plain, render, transform
from typeset.rich.latex import escape_latex

ENTRY = (
    Styled((Text("1."),), display="left-margin"),
    Styled((Text("Mastny, "), Styled((Text("Cassandra"),), font_style="italic")),
           display="right-inline"),
)


@pytest.mark.parametrize(("fmt", "expected"), [
    ("text", "1. Mastny, Cassandra"),
    ("html", '<div class="csl-left-margin">1.</div>'
             '<div class="csl-right-inline">Mastny, <i>Cassandra</i></div>'),
    ("latex", r"\makebox[2.5em][l]{1.}Mastny, \textit{Cassandra}"),
    ("markdown", "1.Mastny, *Cassandra*"),
])
def test_second_field_align_entry(fmt: str, expected: str) -> None:
    assert render(ENTRY, fmt) == expected


def test_plain_has_no_layout_spaces() -> None:
    assert plain(ENTRY) == "1.Mastny, Cassandra"


def test_leaves_in_reading_order() -> None:
    assert [leaf.text for leaf in leaves(ENTRY)] == ["1.", "Mastny, ", "Cassandra"]


def test_transform_keeps_structure_and_tags() -> None:
    rich = (Text("a", Tag("x", "title")), Styled((Text("b"),), font_style="italic"))
    upper = transform(rich, lambda t: Text(t.text.upper(), t.tag))
    assert upper == (Text("A", Tag("x", "title")), Styled((Text("B"),), font_style="italic"))


@pytest.mark.parametrize(("text", "expected"), [
    ("A & B < C", "A &#38; B &#60; C"),
    ("<script>", "&#60;script&#62;"),
])
def test_html_escapes_data(text: str, expected: str) -> None:
    assert render((Text(text),), "html") == expected


@pytest.mark.parametrize("text", [r"\input{/etc/passwd}", r"\write18{rm -rf /}", "%$#_^~&{}"])
def test_latex_escape_leaves_no_active_character(text: str) -> None:
    stripped = escape_latex(text)
    for command in (r"\textbackslash{}", r"\textasciicircum{}", r"\textasciitilde{}"):
        stripped = stripped.replace(command, "")
    for char in "\\{}$&#^_~%":
        stripped = stripped.replace("\\" + char, "")
    assert not any(c in stripped for c in "\\{}$&#^_~%")


def test_latex_rules_of_the_pdf_route() -> None:
    """Empty nocase spans vanish, slashes break, links are percent-encoded, controls go."""
    assert render((Styled((), nocase=True),), "latex") == ""
    assert render((Text("a/b//c"),), "latex") == r"a/\allowbreak{}b//\allowbreak{}c"
    link = Styled((Text("x"),), link="https://e.org/a b#c")
    assert render((link,), "latex") == r"\href{https://e.org/a\%20b\#c}{x}"
    assert render((Text("a\tb\x07"),), "latex") == "a b"


def test_nested_formatting_order_matches_citeproc_js() -> None:
    node = Styled((Text("x"),), font_style="italic", font_weight="bold")
    assert render((node,), "html") == "<b><i>x</i></b>"  # citeproc-js: font-style innermost
    assert render((node,), "latex") == r"\textit{\textbf{x}}"
    assert render((node,), "markdown") == "***x***"


def test_markdown_escapes_and_keeps_spaces_outside_markers() -> None:
    rich = (Styled((Text(" a_b "),), font_style="italic"), Styled((Text("x y"),),
                                                                   vertical_align="sup"))
    assert render(rich, "markdown") == r" *a\_b* ^x\ y^"


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        render((Text("x"),), "rtf")
