"""LaTeX decoding: a table of leaf cases plus a never-raises property."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from typeset.bib.latex import decode_latex

NC = '<span class="nocase">'

CASES = [
    ("plain words", "plain words"),
    ("  spaced \n  out  ", "spaced out"),
    (r"Miko{\l}ajczyk", "Mikołajczyk"),
    (r"Miko\l ajczyk", "Mikołajczyk"),
    (r"\v{c}", "č"),
    (r"{\v{C}}ech", "Čech"),
    (r"{\"o}", "ö"),
    (r"\"{o}", "ö"),
    (r"\'{e}t\'e", "été"),
    (r"\c{c}", "ç"),
    (r"\ss{}", "ß"),
    (r"\aa", "å"),
    (r"Harper \& Row", "Harper & Row"),
    ("1941--1946", "1941\u20131946"),
    ("Years---Life", "Years\u2014Life"),
    (r"x \textasciicircum{} y", "x ^ y"),
    ("``quoted''", "\u201cquoted\u201d"),
    ("Volume~III", "Volume\u00a0III"),
    (r"50\%", "50%"),
    ("50% off", "50% off"),
    ("{Protected} word", f"{NC}Protected</span> word"),
    ("a {DNA} b", f"a {NC}DNA</span> b"),
    ("{{Double}}", f"{NC}Double</span>"),
    (r"\emph{Zvezda}", "<i>Zvezda</i>"),
    (r"\textit{x}", "<i>x</i>"),
    (r"\textbf{x}", "<b>x</b>"),
    (r"\textsc{x}", "<sc>x</sc>"),
    (r"\textsuperscript{th}", "<sup>th</sup>"),
    (r"\textbf{\emph{x}}", "<b><i>x</i></b>"),
    (r"\emph{The {USA}}", f"<i>The {NC}USA</span></i>"),
    (r"\mkbibquote{The {USA}}", f"\u201cThe {NC}USA</span>\u201d"),
    (r"{\em emphasised words}", "<i>emphasised words</i>"),
    (r"{\bf bold}", "<b>bold</b>"),
    (r"\mkbibquote{Q}", "\u201cQ\u201d"),
    (r"\href{http://x.org}{link}", "link"),
    (r"\url{http://x.org/a_b}", "http://x.org/a_b"),
    # Verbatim arguments: a tilde is a tilde, in braces or between delimiters.
    (r"\url{http://x.org/~me/a%20b}", "http://x.org/~me/a%20b"),
    (r"mail \path|me@x.org|, \path|http://x.org/~me/|", "mail me@x.org, http://x.org/~me/"),
    (r"\verb+a~b\c+ and \verb*|{x}|", "a~b\\c and {x}"),
    ("A < B & C > D", "A < B & C > D"),
    ("a#b x^2 y_1", "a#b x^2 y_1"),
    (r"\emph{}", ""),
    ("$x$", "x"),
    (r"\noopsort{1941}Title", "Title"),
    ("{", ""),
    # a backslash before a line break or tab is a control space, not an unknown command
    ("Междунар.\\\n   конф.", "Междунар. конф."),
    ("a.\\\tb", "a. b"),
    ("a\\\\\nb", "a b"),  # \\ (a line break) then the line break: one space
    (r"{\KOMAScript} and \XyMTeX{}", "KOMA-Script and XyMTeX"),
    (r"Waiting \lips{} for", "Waiting \u2026 for"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_decode(source: str, expected: str) -> None:
    assert decode_latex(source).text == expected


def test_nocase_off_for_names() -> None:
    assert decode_latex("{Protected} \\emph{x}", nocase=False, markup=False).text == "Protected x"


def test_unknown_command_is_reported_and_its_argument_kept() -> None:
    decoded = decode_latex(r"a \foo{bar} b")
    assert decoded.unknown == ["foo"]
    assert decoded.text == "a bar b"


def test_control_space_before_a_line_break_is_not_reported() -> None:
    assert decode_latex("Труды Междунар.\\\n  конф.").unknown == []


def test_known_commands_are_not_reported() -> None:
    assert decode_latex(r"\emph{a} \v{c} \& \textendash").unknown == []


LATEXY = st.lists(st.sampled_from([*"ab {}\\\"'`~-$%&#^_<>", "\\emph", "\\v", "{\\", "\\em"])).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), LATEXY))
@example("\\\\%$")  # a line break then an escaped-looking percent: the fast path gave up too late
def test_decode_never_raises(source: str) -> None:
    result = decode_latex(source)
    assert isinstance(result.text, str)
    assert result.text == result.text.strip()


# --- the fast path agrees with pylatexenc's walk -----------------------------------------

FAST_TOKENS = ["a", "B", " ", "{", "}", "--", "---", "~", "``", "''", "`", "'", "\\\"o",
               "\\\"{o}", "{\\\"o}", "\\v{c}", "{\\v{C}}", "\\c c", "\\ss{}", "\\o", "\\&",
               "\\%", "\\TeX", "\\TeX{}", "\\LaTeX\\ ", "\\-", "{\\TeX book}", "\\i", "\\'\\i",
               "\\S", "\\emph{x}", "$x$", "\\cite{k}", "\\frob{y}", ",", "."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FAST_TOKENS), max_size=12), st.booleans())
@example(["--", "\\-", "--"], False)  # a soft hyphen between dashes: two en dashes, no em dash
def test_fast_path_gives_pylatexenc_s_text(tokens: list[str], nocase: bool) -> None:
    from typeset.bib.latex import _QUICK_SAFE, _WS, _quotes, _slow_decode
    from typeset.bib.latex_fast import fast_decode

    value = "".join(tokens)
    fast = fast_decode(value, nocase=nocase)
    if fast is not None and _QUICK_SAFE.search(value):
        assert _quotes(_WS.sub(" ", fast).strip()) == _slow_decode(value, nocase, True).text


GROUP_TOKENS = [*FAST_TOKENS, "{$O(n \\log n)$}", "{\\bf b}", "{\\emph{y} z}", "{a {b} c}",
                "{\\cite{k}}", "{\\url{a~b}}", "{50%}", "{\\frob{y}}", "{--}", "{`}", "{'}",
                "{\\MakeUppercase{u}}", "{\\\"o}", "\\bf", "$y$", "%"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(GROUP_TOKENS), max_size=10), st.booleans())
@example(["The ", "{\\TeX book}", " and ", "{$O(n \\log n)$}", " part ", "{a}"], True)
@example(["-", "{--}", "-"], True)
def test_decoding_by_top_level_pieces_gives_the_whole_walk(tokens: list[str], nocase: bool) -> None:
    """Values are decoded piece by piece (runs and top-level groups, each piece
    cached); the text, unknown commands and cites are those of one walk."""
    from typeset.bib.latex import _QUICK_SAFE, _slow_decode
    from typeset.bib.latex_fast import fast_decode

    value = "".join(tokens)
    if fast_decode(value, nocase=nocase) is not None or not _QUICK_SAFE.search(value):
        return
    whole = _slow_decode(value, nocase, True)
    pieces = decode_latex(value, nocase=nocase)
    assert (pieces.text, pieces.unknown, pieces.cites) == (whole.text, whole.unknown, whole.cites)


def test_ads_journal_macros() -> None:
    """NASA ADS exports write the journal as an AAS macro (`journal = {\\apjs}`)."""
    from typeset.bib import parse_bibtex

    result = parse_bibtex("@article{k, journal = {\\apjs}, title = {T}}\n"
                          "@article{m, journal = \\mnras, title = {T}}\n"
                          "@article{n, journal = {\\prd}, title = {T}}\n")
    assert [i.get("container-title") for i in result.items] == ["ApJS", "MNRAS", "Phys. Rev. D"]
    # a bare \mnras is not BibTeX (a macro name cannot start with \): kept as text, warned
    assert [d.code for d in result.diagnostics] == ["bib-undefined-string"]
