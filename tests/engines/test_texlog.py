"""TeX log parsing: the first error, its .tex line, its manuscript line; glyph warnings."""

from __future__ import annotations

import pytest

from typeset.diagnostics import Span
from typeset.engines.texlog import TexError, log_diagnostics, map_line, parse_log

UNDEFINED = """This is LuaHBTeX, Version 1.15.0
(./document.tex
! Undefined control sequence.
l.46 Hello \\undefinedmacro
                           {} world
Here is how much of TeX's memory you used:
! Emergency stop.
"""

LATEX_ERROR = """(./document.tex
! LaTeX Error: Environment quotx undefined.

See the LaTeX manual or LaTeX Companion for explanation.
Type  H <return>  for immediate help.
 ...

l.49 \\begin{quotx}

! ==> Fatal error occurred, no output PDF file produced!
"""

RUNAWAY = """! File ended while scanning use of \\footnote.
<inserted text>
                \\par
<*> document.tex

! Emergency stop.
"""

FILE_LINE = "./document.tex:12: Missing $ inserted.\n"

MISSING = """Missing character: There is no \u2603 (U+2603) in font name:Linux Libertine O:mode=node;!
Missing character: There is no \u2603 (U+2603) in font name:Linux Libertine O:mode=node;!
Missing character: There is no \u4e2d (U+4E2D) in font name:Linux Libertine O:mode=node;!
"""


@pytest.mark.parametrize(("log", "expected"), [
    (UNDEFINED, TexError("Undefined control sequence", 46, "Hello \\undefinedmacro")),
    (LATEX_ERROR, TexError("LaTeX Error: Environment quotx undefined", 49, "\\begin{quotx}")),
    (RUNAWAY, TexError("File ended while scanning use of \\footnote", 0, "")),
    (FILE_LINE, TexError("Missing $ inserted", 12, "")),
    ("no errors here\n", None),
])
def test_first_error(log: str, expected: TexError | None) -> None:
    assert parse_log(log).error == expected


def test_missing_glyphs_once_each() -> None:
    assert parse_log(MISSING).missing_glyphs == (("\u2603", "U+2603", "Linux Libertine O"),
                                                 ("\u4e2d", "U+4E2D", "Linux Libertine O"))


@pytest.mark.parametrize(("log", "rerun"), [
    ("LaTeX Warning: Label(s) may have changed. Rerun to get cross-references right.", True),
    ("Package rerunfilecheck Warning: File `document.out' has changed.", True),
    ("Output written on document.pdf (2 pages).", False),
])
def test_rerun_request(log: str, rerun: bool) -> None:
    assert parse_log(log).rerun is rerun


SOURCE = "\\documentclass{article}\n\\begin{document}\nfirst line\nsecond line\nthird\n\nother\n"
SMAP = {3: Span("m/01.md", 10, 1)}


@pytest.mark.parametrize(("line", "expected"), [
    (3, Span("m/01.md", 10, 1)),  # mapped itself
    (5, Span("m/01.md", 10, 1)),  # same paragraph, mapped line above
    (7, None),  # a blank line ends the search
    (1, None),
])
def test_map_line(line: int, expected: Span | None) -> None:
    assert map_line(line, SOURCE, SMAP) == expected


def test_diagnostic_is_short_and_positioned() -> None:
    source = "\n".join(["x"] * 45 + ["Hello \\undefinedmacro {} world"]) + "\n"
    smap = {46: Span("manuscript/01-intro.md", 3, 1)}
    [diag] = log_diagnostics(parse_log(UNDEFINED + MISSING[:0]), source, smap)
    assert diag.is_error and diag.code == "tex-error"
    assert diag.span == Span("manuscript/01-intro.md", 3, 1)
    assert diag.message == ("LaTeX failed: Undefined control sequence (generated .tex line 46)"
                            ' near "Hello \\undefinedmacro"')
    assert "\n" not in diag.message and len(diag.message) < 200


def test_missing_glyphs_become_warnings() -> None:
    diags = log_diagnostics(parse_log(MISSING), "", {})
    assert [d.severity.value for d in diags] == ["warning", "warning"]
    assert "U+2603" in diags[0].message
    assert {d.code for d in diags} == {"font-missing-glyph"}


def test_missing_glyph_named_and_placed_at_its_manuscript_line() -> None:
    source = "\\documentclass{article}\n\\begin{document}\nintro\n\nA \u4e2d here\n"
    smap = {3: Span("m/01.md", 4, 1), 5: Span("m/01.md", 9, 1)}
    report = parse_log(MISSING)
    snowman, han = log_diagnostics(report, source, smap)
    assert han.span == Span("m/01.md", 9, 1)
    assert "U+4E2D CJK UNIFIED IDEOGRAPH-4E2D" in han.message
    assert "Linux Libertine O" in han.message and "mode=node" not in han.message
    mono = "Missing character: There is no \u2500 (U+2500) in font [lmmono10-regular]:+tlig;!"
    assert parse_log(mono).missing_glyphs == (("\u2500", "U+2500", "lmmono10-regular"),)
    assert snowman.span is None and "U+2603 SNOWMAN" in snowman.message
