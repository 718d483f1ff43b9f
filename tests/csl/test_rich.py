"""Serialisers of format-neutral rich text (typeset.csl.rich)."""

from __future__ import annotations

import pytest

from typeset.csl.rich import Styled, Text, escape_latex, plain, render

ENTRY = (
    Styled((Text("1."),), display="left-margin"),
    Styled((Text("Mastny, "), Styled((Text("Cassandra"),), font_style="italic")),
           display="right-inline"),
)


@pytest.mark.parametrize(("fmt", "expected"), [
    ("text", "1. Mastny, Cassandra"),
    ("html", '<div class="csl-left-margin">1.</div>'
             '<div class="csl-right-inline">Mastny, <i>Cassandra</i></div>'),
    ("latex", r"1.Mastny, \textit{Cassandra}"),
])
def test_second_field_align_entry(fmt: str, expected: str) -> None:
    assert render(ENTRY, fmt) == expected


def test_plain_has_no_layout_spaces() -> None:
    assert plain(ENTRY) == "1.Mastny, Cassandra"


@pytest.mark.parametrize(("text", "expected"), [
    ("A & B < C", "A &#38; B &#60; C"),
    ("<script>", "&#60;script&#62;"),
])
def test_html_escapes_data(text: str, expected: str) -> None:
    assert render((Text(text),), "html") == expected


@pytest.mark.parametrize("text", [r"\input{/etc/passwd}", r"\write18{rm -rf /}", "%$#_^~&{}"])
def test_latex_escape_leaves_no_active_character(text: str) -> None:
    escaped = escape_latex(text)
    stripped = escaped
    for command in (r"\textbackslash{}", r"\textasciicircum{}", r"\textasciitilde{}"):
        stripped = stripped.replace(command, "")
    for char in "\\{}$&#^_~%":
        stripped = stripped.replace("\\" + char, "")
    assert not any(c in stripped for c in "\\{}$&#^_~%")


def test_nested_formatting_order_matches_citeproc_js() -> None:
    node = Styled((Text("x"),), font_style="italic", font_weight="bold")
    assert render((node,), "html") == "<i><b>x</b></i>"
    assert render((node,), "latex") == r"\textit{\textbf{x}}"
