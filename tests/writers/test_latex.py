"""The LaTeX writer: golden .tex, escaping (on the source and on the PDF), source map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeset import __version__
from typeset.csl.rich import Styled, Text
from typeset.diagnostics import Span
from typeset.doc import model as m
from typeset.engines.base import WriterOutput
from typeset.house import house_style
from typeset.rich.latex import escape_pdf_string, escape_text, escape_url
from typeset.rich.latex import render_latex as rich_to_latex
from typeset.writers.latex import SourceMap, write_latex, write_latex_with_map
from typeset.writers.latex_preamble import babel_language

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "latex"
SRC = "manuscript/01-intro.md"

EVIL = (r"\input{/etc/passwd} \write18{touch PWNED} \def\x{} % $ # _ ^ ~ \ { } "
        r"-- ``q'' ^^5cinput \directlua{os.exit(1)} [opt]")
# What must be printed literally, piece by piece (as the PDF's text shows it).
EVIL_PIECES = [r"\input{/etc/passwd}", r"\write18{touch PWNED}", r"\def\x{}", "% $ # _ ^ ~ \\ { }",
               "-- ``q''", "^^5cinput", r"\directlua{os.exit(1)}", "[opt]"]


def tex_of(doc: m.Document) -> str:
    return write_latex(doc, house_style(doc.meta))


def tex_and_map(doc: m.Document) -> tuple[str, SourceMap]:
    return write_latex_with_map(doc, house_style(doc.meta))


def s(text: str, line: int, col: int = 1) -> m.Str:
    return m.Str(text, Span(SRC, line, col))


def words(text: str, line: int) -> tuple[m.Inline, ...]:
    """Inlines for a few words on one source line."""
    out: list[m.Inline] = []
    for index, word in enumerate(text.split(" ")):
        if index:
            out.append(m.Space())
        out.append(s(word, line))
    return tuple(out)


def small_document(evil: str = "", numbering: str = "roman") -> m.Document:
    """A hand-built Document shaped like the citations pass's output."""
    note1 = m.Note((m.Para((m.Rich((Styled((Text("The Title"),), font_style="italic"),
                                    Text(", 45\u2013"), Text("47."))),)),),
                   number=1, generated=True)
    note2 = m.Note((m.Para(words("A hand-written note.", 5) + ((s(evil, 5),) if evil else ())),),
                   number=2, generated=False)
    para = m.Para(words("Litvinov spoke", 3) + (m.Space(), m.Emph(words("plainly", 3)), s(".", 3), note1,
                  m.SoftBreak(), *words("and\u00a0then 1947\u2014only some.", 4), note2)
                  + ((m.Space(), s(evil, 4)) if evil else ()), span=Span(SRC, 3, 1))
    quote = m.BlockQuote((m.Para(words("Britain has never been willing.", 7),
                                 span=Span(SRC, 7, 3)),), span=Span(SRC, 7, 1))
    bib_entry = (Text("Mastny, Vojtech. "), Styled((Text("Russia\u2019s Road" + evil),),
                                                   font_style="italic"), Text(". 1979."))
    return m.Document(
        meta=m.Meta(title="The Cassandra -- in Test", subtitle="A Subtitle",
                    short_title="Cassandra", authors=("Vojtech Mastny",), lang="en-US",
                    keywords=("Litvinov", "Cold War"), section_numbering=numbering,
                    original_publication="Foreign Affairs 54, no. 2 (January 1976)"),
        sections=(
            m.Section(SRC, (m.Heading(1, (), span=Span(SRC, 1, 1)), para, quote)),
            m.Section("manuscript/02-next.md", (
                m.Heading(1, (m.Str("The Turn"),), span=Span("manuscript/02-next.md", 1, 1)),
                m.Para(words("More text.", 3)),
                m.Bibliography("Bibliography", (bib_entry,)),
            )),
        ),
    )


def test_golden_small_document(update_golden: bool) -> None:
    tex = tex_of(small_document()).replace(f"typeset {__version__}", "typeset VERSION")
    golden = GOLDEN / "small.tex"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(tex, encoding="utf-8")
    assert tex == golden.read_text(encoding="utf-8")


# --- escaping ----------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "escaped"), [
    ("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("$", r"\$"), ("&", r"\&"),
    ("#", r"\#"), ("^", r"\textasciicircum{}"), ("_", r"\_"), ("~", r"\textasciitilde{}"),
    ("%", r"\%"), ("\u00a0", "~"), ("a\nb", "a b"), ("a\x0cb\x00", "ab"), ("--", "--"),
    ("\u201cq\u201d", "\u201cq\u201d"),
])
def test_escape_text_table(raw: str, escaped: str) -> None:
    assert escape_text(raw) == escaped


def test_slashes_allow_line_breaks_but_not_inside_double_slash() -> None:
    assert rich_to_latex((Text("https://x.org/a/b"),)) == \
        r"https://\allowbreak{}x.org/\allowbreak{}a/\allowbreak{}b"


def test_pdf_strings_keep_double_hyphens() -> None:
    assert escape_pdf_string("a--b") == "a-{}-{}b"


def test_url_cannot_smuggle_tex() -> None:
    url = escape_url("http://x.org/a b^^5cinput{x}~y\\z$?q=1&r=_#frag%20")
    assert url == r"http://x.org/a\%20b\%5E\%5E5cinput\%7Bx\%7D\%7Ey\%5Cz\%24?q=1&r=_\#frag\%20"


_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
# Everything escape_text may emit: control symbols for specials and four text commands.
_ESCAPE_COMMANDS = {"textbackslash", "textasciicircum", "textasciitilde", "textless",
                    "textgreater", "textbar", "{", "}", "$", "&", "#", "_", "%"}


@given(st.text())
def test_escaped_text_holds_only_escape_commands(text: str) -> None:
    escaped = escape_text(text)
    assert set(_COMMAND.findall(escaped)) <= _ESCAPE_COMMANDS
    # Braces only ever appear escaped or as the empty group after a text command.
    stripped = re.sub(r"\\[{}]|\\[A-Za-z]+\{\}", "", escaped)
    assert "{" not in stripped and "}" not in stripped
    assert "%" not in stripped.replace(r"\%", "")


def _body(tex: str) -> str:
    return tex[tex.index("% typeset: body begins"):]


def test_user_text_never_becomes_commands() -> None:
    body = _body(tex_of(small_document(EVIL)))
    used = {name for name in _COMMAND.findall(body) if name.isalpha()}
    allowed = {"pagestyle", "thispagestyle", "begin", "end", "par", "vspace", "pdfbookmark",
               "tstitleblock", "tstitlefont", "tssubtitlefont", "tsauthor", "tsminorfont",
               "tsheading", "emph", "textit", "footnote", "textbackslash", "textasciicircum",
               "textasciitilde", "allowbreak"}
    assert used <= allowed
    for dangerous in (r"\input{", r"\write18", r"\def\x", r"\directlua"):
        assert dangerous not in body


def test_rich_text_formatting() -> None:
    rich = (Styled((Text("A "), Styled((Text("b"),), font_variant="normal")),
                   font_variant="small-caps", font_style="italic"), Text(" & 5%"))
    assert rich_to_latex(rich) == r"\textit{\textsc{A \textulc{b}}} \& 5\%"


# --- structure ---------------------------------------------------------------------------

def test_notes_keep_their_numbers_and_markers() -> None:
    body = _body(tex_of(small_document()))
    assert "\\footnote[1]{%\n\\textit{The Title}, 45" in body
    assert "\\footnote[2]{%\nA hand-written note.}" in body


@pytest.mark.parametrize(("numbering", "first", "second"), [
    ("roman", r"\tsheading{1}{I}{I}", r"\tsheading{1}{II. The Turn}{II. The Turn}"),
    ("arabic", r"\tsheading{1}{1}{1}", r"\tsheading{1}{2. The Turn}{2. The Turn}"),
    ("none", r"\tsheading{1}{}{}", r"\tsheading{1}{The Turn}{The Turn}"),
])
def test_section_numbering(numbering: str, first: str, second: str) -> None:
    body = _body(tex_of(small_document(numbering=numbering)))
    assert first in body and second in body


def test_heading_number_from_reader_wins() -> None:
    doc = m.Document(meta=m.Meta(section_numbering="roman"),
                     sections=(m.Section(SRC, (m.Heading(1, (m.Str("X"),), number="7"),)),))
    assert r"\tsheading{1}{7. X}{7. X}" in tex_of(doc)


def test_preamble_house_style_and_metadata() -> None:
    tex = tex_of(small_document())
    assert r"\setmainfont{Linux Libertine O}[Ligatures={TeXOff}]" in tex
    assert "letterpaper" in tex and r"\babelprovide[import, main]{american}" in tex
    assert "pdftitle={The Cassandra -{}-{} in Test},pdfauthor={Vojtech Mastny}" in tex
    assert "pdfsubject={A Subtitle}" in tex
    assert "pdfkeywords={Litvinov, Cold War}" in tex
    assert r"\fancyhead[CE]{\tsheadfont\itshape Cassandra}" in tex
    assert r"\fancyhead[CO]{\tsheadfont\scshape Vojtech Mastny}" in tex
    assert r"\begin{tsbibliography}{1.5em}" in tex


def test_meta_sets_paper_language_and_authors() -> None:
    meta = m.Meta(papersize="a4", lang="de-DE", title="Other", authors=("A. Author", "B. Author"))
    tex = tex_of(m.Document(meta, small_document().sections))
    assert "a4paper" in tex and r"\babelprovide[import, main]{german}" in tex
    assert "pdfauthor={A. Author, B. Author}" in tex


@pytest.mark.parametrize(("tag", "expected"), [
    ("en-US", ("american", True)),
    ("en-GB", ("british", True)),
    ("fr-CA", ("french", True)),
    ("de_AT", ("austrian", True)),
    ("ru", ("russian", True)),
    ("tlh", ("american", False)),
])
def test_language_table(tag: str, expected: tuple[str, bool]) -> None:
    assert babel_language(tag) == expected


def test_source_map_points_at_manuscript_lines() -> None:
    tex, smap = tex_and_map(small_document())
    lines = tex.splitlines()
    by_text = {lines[number - 1]: span for number, span in smap.items()}
    first = next(text for text in by_text if text.startswith("Litvinov spoke"))
    second = next(text for text in by_text if text.startswith("and~then"))
    quote = next(text for text in by_text if text.startswith("Britain"))
    assert (by_text[first].line, by_text[second].line, by_text[quote].line) == (3, 4, 7)
    assert all(span.path == SRC for span in (by_text[first], by_text[second]))


# --- on the PDF ---------------------------------------------------------------------------

def found_in(piece: str, text: str) -> int:
    """How often ``piece`` occurs in PDF text, allowing a line break (or a
    hyphenation hyphen plus line break) between any two of its characters."""
    pattern = r"(?:-?\n)?".join(r"\s+" if c == " " else re.escape(c) for c in piece)
    return len(re.findall(pattern, text))


def pdf_text(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return "\n".join(page.extract_text(x_tolerance=1.5) or "" for page in document.pages)


@pytest.mark.latex
def test_latex_specials_print_literally_in_pdf(tmp_path: Path) -> None:
    from typeset.engines.latexmk import LatexmkEngine

    secret = tmp_path / "secret.tex"
    secret.write_text("SECRETCONTENT\n", encoding="utf-8")
    evil = EVIL.replace("/etc/passwd", str(secret)).replace("PWNED", str(tmp_path / "pwned"))
    tex, smap = tex_and_map(small_document(evil))
    output = tmp_path / "out.pdf"
    result = LatexmkEngine().compile(WriterOutput(tex, smap), tmp_path / "work", output)
    assert [d for d in result.diagnostics if d.is_error] == []
    assert result.note_pages == {1: 1, 2: 1}
    text = pdf_text(output)
    for piece in EVIL_PIECES:
        piece = piece.replace("/etc/passwd", str(secret)).replace("PWNED", str(tmp_path / "pwned"))
        # three times: body text, a footnote, a bibliography entry
        assert found_in(piece, text) == 3, piece
    assert "SECRETCONTENT" not in text
    assert not (tmp_path / "pwned").exists()


@pytest.mark.latex
def test_links_compile_in_notes_and_keep_their_target(tmp_path: Path) -> None:
    import pypdf

    from typeset.engines.latexmk import LatexmkEngine

    url = "https://x.org/p?a=1&b=_#sec%201 \\input{x}^^5c~"
    note = m.Note((m.Para((m.Link(url, (m.Str("in a note"),)),
                           m.Rich((Styled((Text("rich"),), link=url),)))),), number=1)
    doc = m.Document(meta=m.Meta(title="Links"), sections=(m.Section(SRC, (
        m.Para((m.Link(url, (m.Str("body"),)), note)),
        m.BulletList(((m.Para((m.Str("[not an option]"),)),),)),
    )),))
    output = tmp_path / "links.pdf"
    assert LatexmkEngine().compile(WriterOutput(tex_of(doc)), tmp_path, output).diagnostics == []
    expected = "https://x.org/p?a=1&b=_#sec%201%20%5Cinput%7Bx%7D%5E%5E5c%7E"
    uris = [annot.get_object()["/A"].get("/URI") for annot in pypdf.PdfReader(output).pages[0]
            ["/Annots"]]
    assert [u for u in uris if u] == [expected] * 3
    assert "[not an option]" in pdf_text(output)


@pytest.mark.latex
@pytest.mark.parametrize("lang", ["fr-FR", "de-DE", "ru", "en-GB"])
def test_languages_compile_without_changing_the_text(lang: str, tmp_path: Path) -> None:
    """Polyglossia hyphenates by language but must not add spaces (French ;:!?)."""
    from typeset.engines.latexmk import LatexmkEngine

    sample = "Quoi? Oui: \u00abnon\u00bb; fin! \u0414\u0430."
    doc = m.Document(meta=m.Meta(title="L", lang=lang),
                     sections=(m.Section(SRC, (m.Para((m.Str(sample),)),)),))
    output = tmp_path / "lang.pdf"
    assert LatexmkEngine().compile(WriterOutput(tex_of(doc)), tmp_path, output).diagnostics == []
    assert sample in pdf_text(output)


def test_numbered_bibliography_hangs_by_its_label_box() -> None:
    entry = (Styled((Text("[1]"),), display="left-margin"),
             Styled((Text("A. Author, Title."),), display="right-inline"))
    doc = m.Document(sections=(m.Section(SRC, (m.Bibliography("References", (entry,), False),)),))
    body = _body(tex_of(doc))
    assert r"\begin{tsbibliography}{2.5em}" in body
    assert r"\makebox[2.5em][l]{[1]}A. Author, Title.\par" in body


@pytest.mark.parametrize(("after", "expected"), [
    ((m.Space(), m.Str("Next")), "\\footnote[1]{%\nN.} %\nNext"),
    ((m.Str(","), m.Space(), m.Str("x")), "\\footnote[1]{%\nN.}%\n, x"),
    ((m.SoftBreak(), m.Str("y")), "\\footnote[1]{%\nN.}\ny"),
])
def test_text_after_a_note_keeps_its_spacing(after: tuple[m.Inline, ...], expected: str) -> None:
    note = m.Note((m.Para((m.Str("N."),)),), number=1)
    doc = m.Document(sections=(m.Section(SRC, (m.Para((m.Str("a"), note, *after)),)),))
    assert "a" + expected in tex_of(doc)


def test_no_title_prints_no_made_up_title() -> None:
    """Without metadata there is no title block at all (pandoc prints none either)."""
    doc = m.Document(m.Meta(), small_document().sections)
    body = _body(tex_of(doc))
    assert "Untitled" not in body and r"\tstitleblock" not in body
    assert r"\pdfbookmark[0]" not in body


def test_author_without_title_keeps_its_line() -> None:
    doc = m.Document(m.Meta(authors=("Vojtech Mastny",)), small_document().sections)
    body = _body(tex_of(doc))
    assert r"\tsauthor{Vojtech Mastny}" in body and r"\tstitlefont" not in body


def test_unnumbered_heading_neither_shows_nor_takes_a_number() -> None:
    doc = m.Document(meta=m.Meta(section_numbering="arabic"), sections=(m.Section(SRC, (
        m.Heading(1, (m.Str("Preface"),), number=""), m.Heading(1, (m.Str("Intro"),)))),))
    body = _body(tex_of(doc))
    assert r"\tsheading{1}{Preface}{Preface}" in body
    assert r"\tsheading{1}{1. Intro}{1. Intro}" in body


def test_raw_latex_loads_the_packages_pandoc_would_have_loaded() -> None:
    from typeset.writers.latex import raw_packages

    def doc(*raw: str) -> m.Document:
        blocks = tuple(m.RawBlock("latex", text) for text in raw)
        return m.Document(sections=(m.Section(SRC, blocks),))

    listing = doc("\\begin{lstlisting}\nx = 1\n\\end{lstlisting}", "\\textcolor{red}{x}")
    assert raw_packages(listing) == ["listings", "xcolor"]
    tex = tex_of(listing)
    assert tex.index("\\usepackage{listings}") < tex.index("\\begin{document}")
    assert raw_packages(doc("\\newpage", "\\colorful{}")) == []
    html_only = m.Document(sections=(m.Section(SRC, (m.RawBlock("html", "\\lstset{}"),)),))
    assert raw_packages(html_only) == []


def test_code_in_a_list_item_ends_its_verbatim_on_a_line_of_its_own() -> None:
    from typeset.readers.markdown import read_markdown

    blocks, _ = read_markdown("-     code\n\n  continuation paragraph\n\nTerm\n\n:   ```\n"
                              "    x\n    ```\n\n    More.\n", SRC)
    tex = tex_of(m.Document(sections=(m.Section(SRC, tuple(blocks)),)))
    ends = [line for line in tex.splitlines() if "\\end{Verbatim}" in line]
    assert ends and all(line == "\\end{Verbatim}" for line in ends)  # else LaTeX fails
