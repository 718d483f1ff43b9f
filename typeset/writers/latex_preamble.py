"""The LaTeX preamble, generated from the house style both routes share.

Page size, margins, font, sizes and leading come from ``typeset.house`` (the
values the HTML route's CSS is generated from), so the two PDFs agree on the
page. Metadata comes from the document's :class:`~typeset.doc.model.Meta` and
is escaped like any other user text.
"""

from __future__ import annotations

import re

from pylatex import Document, NoEscape, Package

from typeset import __version__, fonts
from typeset.doc.model import Meta
from typeset.engines.pdfa_tex import xmp_line
from typeset.house import HYPHEN_MIN, HouseStyle
from typeset.rich.latex import escape_pdf_string, escape_text

# --- house values ---------------------------------------------------------------

# Baselineskip of the article class at each size option (size10/11/12.clo); the
# class option nearest the house size sets \small, \large and friends.
_CLASS_BASELINE = {10: 12.0, 11: 13.6, 12: 14.5}


# --- language -------------------------------------------------------------------

# BCP 47 tag -> babel language name, each loaded from babel's locale (.ini) files with
# \babelprovide[import] (no .ldf needed, so a language works as soon as TeX Live has
# babel; hyphenation patterns are used where installed). Region tags babel knows by
# their own name; the primary subtag is the fallback. The ini locales add no space
# before French ;:!? (the text already carries its own spaces, the HTML route adds none).
#
# Why babel and not polyglossia: with polyglossia, LuaLaTeX wrote Libertine's "Th"
# and "tt" ligatures as private-use characters (U+E049, U+E03C) into the PDF text of
# the sample, so the text did not extract as typed and ligatures had to be switched
# off; with babel the same document extracts correctly with ligatures on (issue 14).
_LANGUAGES: dict[str, str] = {
    "en": "english", "en-us": "american", "en-gb": "british", "en-au": "australian",
    "en-ca": "canadian", "en-nz": "newzealand",
    "de": "german", "de-at": "austrian", "de-ch": "swissgerman",
    "fr": "french", "ru": "russian", "uk": "ukrainian", "cs": "czech", "pl": "polish",
    "es": "spanish", "it": "italian", "pt": "portuguese", "nl": "dutch", "sv": "swedish",
    "da": "danish", "fi": "finnish",
    "he": "hebrew", "iw": "hebrew", "ar": "arabic",
}


def babel_language(lang: str) -> tuple[str, bool]:
    """(babel language, known) for a BCP 47 tag; unknown tags fall back to American."""
    tag = lang.strip().lower().replace("_", "-")
    if tag in _LANGUAGES:
        return _LANGUAGES[tag], True
    primary = tag.split("-")[0]
    if primary in _LANGUAGES:
        return _LANGUAGES[primary], True
    return "american", False


# --- right-to-left text ----------------------------------------------------------------

# LuaTeX sets every run of glyphs left to right, and luaotfload's fallback shapes each
# character on its own: a Hebrew word came out reversed and Arabic letters unjoined
# (isolated forms). babel's ``bidi=basic`` runs the Unicode bidi algorithm over each
# paragraph (so Hebrew and Arabic read in logical order, as the HTML route's Pango sets
# them); ``onchar=ids fonts`` switches to the script's language and font for a run of its
# characters no markup names (a Hebrew word in an English sentence, in a footnote); the
# font of each is shaped by HarfBuzz (``Renderer=HarfBuzz``), which joins Arabic letters
# (initial, medial, final forms) and places Hebrew points. A span or div that names the
# language (``lang=he``, ``lang=ar``) gets ``\foreignlanguage`` / ``otherlanguage``, so a
# Hebrew or Arabic div is a right-to-left paragraph. All of it only when the document holds
# such characters or names such a language: a document without adds no line (and no time).
# RTL_FONTS: babel language -> the family that prints it (Libertine has Hebrew, also when a
# project sets another main font; FreeSerif, the first font of the fallback chain, Arabic).
# FreeSerif's italics have no Arabic (LuaLaTeX printed nothing for an emphasised Arabic
# word): emphasised Arabic prints upright (Arabic type has no italic). A slanted copy of the
# upright face (FakeSlant) was tried: a second instance of the same font file, and the PDF's
# text of Arabic elsewhere (a list item) then came out as presentation forms (U+FExx).
RTL_FONTS: dict[str, tuple[str, str]] = {
    "hebrew": (fonts.HOUSE_FONT, "Renderer=HarfBuzz"),
    "arabic": ("FreeSerif", "Renderer=HarfBuzz,ItalicFont=FreeSerif,BoldItalicFont=FreeSerif Bold"),
}
_RTL_CHARS = re.compile("[\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF"
                        "\uFB1D-\uFDFF\uFE70-\uFEFF]")
_RTL_MARKED = re.compile(r"\\(?:foreignlanguage|begin\{otherlanguage\})\{(hebrew|arabic)\}")
_BABEL = "\\usepackage{babel}%\n"
_MAIN_LANGUAGE = re.compile(r"^\\babelprovide\[import, main\]\{([a-z]+)\}%?$", re.MULTILINE)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a Hebrew or Arabic character."""
    return _RTL_CHARS.search(text) is not None


def rtl_lines(main: str) -> list[str]:
    """babel's setup for Hebrew and Arabic beside the main language ``main``: each loaded
    with ``onchar=ids fonts`` (unless it is the main language) and given its font, shaped
    by HarfBuzz."""
    lines = [rf"\babelprovide[import, onchar=ids fonts]{{{name}}}"
             for name in RTL_FONTS if name != main]
    lines += [rf"\babelfont[{name}]{{rm}}[{features}]{{{family}}}"
              for name, (family, features) in RTL_FONTS.items()]
    # Arabic in code: the code font's first fallback, shaped (through the fallback alone its
    # letters came out unjoined, as in the body)
    lines.append(rf"\babelfont[arabic]{{tt}}[Renderer=HarfBuzz]{{{fonts.MONO_FALLBACK[0].family}}}")
    return lines


def with_rtl(source: str) -> str:
    """``source`` set up for right-to-left text (see ``RTL_FONTS``) when it holds Hebrew or
    Arabic characters or switches to one of those languages; else unchanged. babel is loaded
    with ``bidi=basic`` and the lines of :func:`rtl_lines` follow the main language's (the
    body's line numbers shift by them; the caller counts them after)."""
    if _BABEL not in source or not (has_rtl(source) or _RTL_MARKED.search(source)):
        return source
    main = _MAIN_LANGUAGE.search(source)
    if main is None:
        return source
    added = "\n".join(rtl_lines(main.group(1)))
    source = source[: main.end()] + "\n" + added + source[main.end():]
    return source.replace(_BABEL, "\\usepackage[bidi=basic]{babel}%\n", 1)


# --- building the preamble ------------------------------------------------------------


def _pt(length: str) -> float:
    """A CSS/TeX length of the house style ("1in", "25mm", "11pt") in TeX points."""
    units = {"pt": 1.0, "in": 72.27, "mm": 72.27 / 25.4, "cm": 72.27 / 2.54, "bp": 72.27 / 72}
    text = length.strip().lower()
    for unit, factor in units.items():
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    raise ValueError(f"unsupported length {length!r}")


def new_document(setup: HouseStyle, meta: Meta) -> Document:
    """A pylatex Document carrying our preamble and nothing of pylatex's defaults.

    Two-sided, as the HTML route's ``@page :left/:right`` rules: mirrored
    margins, running heads alternating between verso and recto.
    """
    class_size = min(_CLASS_BASELINE, key=lambda size: abs(size - setup.font_size_pt))
    doc = Document(
        documentclass="article",
        document_options=[f"{class_size}pt", "twoside"],
        fontenc=None, inputenc=None, lmodern=False, textcomp=False,
        microtype=False, page_numbers=False, indent=None,
    )
    doc.packages.append(Package("geometry", options=_geometry_options(setup)))
    for package in ("fontspec", "babel", "microtype", "fancyhdr", "hyperref", "bookmark"):
        doc.packages.append(Package(package))
    for line in _preamble_lines(setup, meta):
        doc.preamble.append(NoEscape(line))
    return doc


def _geometry_options(setup: HouseStyle) -> list[str]:
    """The text block of the house style; heads and folios sit mid-margin, where
    WeasyPrint centres its margin boxes."""
    top, bottom = _pt(setup.margin_top), _pt(setup.margin_bottom)
    head = setup.head_size_pt
    return [
        "a4paper" if setup.papersize == "a4" else "letterpaper",
        f"top={setup.margin_top}", f"bottom={setup.margin_bottom}",
        f"inner={setup.margin_inner}", f"outer={setup.margin_outer}",
        f"headheight={head * 1.2:.2f}pt", f"headsep={top / 2 - head * 0.6:.2f}pt",
        f"footskip={bottom / 2 + head * 0.4:.2f}pt",
    ]


def _preamble_lines(setup: HouseStyle, meta: Meta) -> list[str]:
    return [
        *_font_lines(setup),
        _language_line(meta.lang),
        _hyperref_line(meta),
        _xmp_line(meta),
        _xmp_keywords_line(meta),
        *_running_head_lines(meta),
        *_layout_lines(setup),
    ]


def _font_lines(setup: HouseStyle) -> list[str]:
    """Font, sizes and leading (CSS line-height = baselineskip / size).

    TeX ligatures stay off: the input is already Unicode, so ``--`` must print
    as two hyphens, as in the HTML route. OpenType ``liga`` is on, as in the HTML
    route (it was off while polyglossia made "Th" extract as U+E049; see _LANGUAGES).
    """
    size, note, head = setup.font_size_pt, setup.note_size_pt, setup.head_size_pt
    return [
        _main_font_line(setup),
        r"\renewcommand\normalsize{" + _size(size, setup.leading) + "}",
        r"\renewcommand\footnotesize{" + _size(note, setup.note_leading) + "}",
        r"\newcommand\tsheadfont{" + _size(head, 1.2) + r"\addfontfeatures{Numbers=OldStyle}}",
        r"\newcommand\tsquotefont{" + _size(size * 0.95, setup.leading) + "}",
        r"\newcommand\tstitlefont{" + _size(size * 1.7, 1.2) + "}",
        r"\newcommand\tssubtitlefont{" + _size(size * 1.2, 1.2) + r"\itshape}",
        r"\newcommand\tsminorfont{" + _size(size * 0.9, setup.leading) + "}",
        r"\newcommand\tssectionfont{" + _size(size * 1.15, 1.2) + "}",
        r"\setlength{\footnotesep}{" + f"{note * setup.note_leading * 0.75:.2f}pt" + "}",
    ]


def _main_font_line(setup: HouseStyle, fallback: bool = False) -> str:
    features = "Ligatures={TeXOff}"
    if fallback:
        features += ",RawFeature={fallback=" + fonts.FALLBACK_NAME + "}"
    return r"\setmainfont{" + escape_text(setup.font_family) + "}[" + features + "]"


def with_font_fallback(source: str, setup: HouseStyle) -> str:
    """``source`` with the house font's fallback chain (:mod:`typeset.fonts`) when its text
    holds characters the house font lacks; else unchanged, so a document that needs no
    fallback loads no other font. Only the house font's own line is rewritten (the body's
    line numbers, and so the source map, shift by the lines added above it; the caller
    counts them after)."""
    plain = _main_font_line(setup)
    if setup.font_family != fonts.HOUSE_FONT or plain not in source:
        return source
    lines = [plain]
    if fonts.needs_fallback(source):
        lines = [*fonts.fallback_lines(), _main_font_line(setup, fallback=True),
                 *fonts.cjk_break_lines(source)]
    code = _code_text(source)
    if code and r"\setmonofont" not in source and fonts.needs_fallback(code, fonts.MONO_FONT):
        lines += [*fonts.fallback_lines(fonts.MONO_FALLBACK_NAME, fonts.MONO_FALLBACK),
                  r"\setmonofont{" + fonts.MONO_FONT + "}[RawFeature={fallback="
                  + fonts.MONO_FALLBACK_NAME + "}]"]
    return source.replace(plain, "\n".join(lines), 1) if len(lines) > 1 else source


_CODE = re.compile(r"\\begin\{Verbatim\}[^\n]*\n(.*?)\\end\{Verbatim\}|\\texttt\{([^}]*)", re.DOTALL)


def _code_text(source: str) -> str:
    """The text the code font prints: Verbatim blocks and ``\\texttt`` arguments."""
    if "Verbatim" not in source and "texttt" not in source:
        return ""
    return "\n".join(a or b for a, b in _CODE.findall(source))


def _size(points: float, leading: float) -> str:
    return rf"\fontsize{{{points:.2f}pt}}{{{points * leading:.2f}pt}}\selectfont"


def _language_line(lang: str) -> str:
    name, _known = babel_language(lang)
    return rf"\babelprovide[import, main]{{{name}}}"


def _hyperref_line(meta: Meta) -> str:
    """PDF metadata as the HTML route writes it: title, author, subject = subtitle,
    keywords, language, creator; bookmarks come from ``\\pdfbookmark`` in the body."""
    fields = {
        "pdftitle": escape_pdf_string(meta.title),
        "pdfauthor": escape_pdf_string(", ".join(meta.authors)),
        "pdfsubject": escape_pdf_string(meta.subtitle),
        "pdfkeywords": escape_pdf_string(", ".join(meta.keywords)),
        # pdflang is written as is (not a PDF text string): keep only tag characters
        "pdflang": re.sub(r"[^A-Za-z0-9-]", "", meta.lang),
        "pdfcreator": escape_pdf_string(f"typeset {__version__}"),
    }
    pairs = ",".join(f"{key}={{{value}}}" for key, value in fields.items())
    return r"\hypersetup{" + pairs + ",pdfborder={0 0 0},unicode}"


# Keywords TeX reads as they are inside \detokenize and XML needs no escape for
_PLAIN_KEYWORDS = re.compile(r"[^\\{}%#^&~<>\x00-\x1f\x7f]*")


def _xmp_line(meta: Meta) -> str:
    """For PDF/A, a comment line with the XMP properties of the metadata hyperref gets
    (see :func:`typeset.engines.pdfa_tex.xmp_line`): the engine builds the XMP packet
    from it on TeX Live 2022, where it writes PDF/A with LuaTeX primitives."""
    if meta.pdf_standard == "none":
        return ""
    return xmp_line(title=meta.title, authors=meta.authors, subject=meta.subtitle,
                    keywords=meta.keywords, lang=meta.lang, creator=f"typeset {__version__}")


def _xmp_keywords_line(meta: Meta) -> str:
    """Info /Keywords and XMP pdf:Keywords agreeing, as PDF/A asks (6.6.2.3.1), where
    the engine uses ``\\DocumentMetadata`` (kernels from 2024-06 on; see
    :mod:`typeset.engines.pdfa_tex`).

    There the LaTeX PDF management puts hyperref's keywords in dc:subject but not
    in pdf:Keywords, so we add that property; keywords with characters TeX or XML
    would read as markup are dropped from the Info dictionary instead (dc:subject
    keeps them). Without the PDF management the line does nothing. (The property
    is not wrapped in ``\\detokenize``: the PDF management writes what it is given
    as a string, so the command's name reached the XMP.)
    """
    keywords = ", ".join(meta.keywords)
    if not keywords or meta.pdf_standard == "none":
        return ""
    if _PLAIN_KEYWORDS.fullmatch(keywords):
        add = rf"<pdf:Keywords>{keywords}</pdf:Keywords>"
        return rf"\ifcsname pdfmeta_xmp_add:n\endcsname\csname pdfmeta_xmp_add:n\endcsname{{{add}}}\fi"
    return (r"\ifcsname pdfmanagement_remove:nn\endcsname"
            r"\csname pdfmanagement_remove:nn\endcsname{Info}{Keywords}\fi")


def _running_head_lines(meta: Meta) -> list[str]:
    """The HTML route's margin boxes: verso folio and short title (italic), recto
    author (small caps) and folio; the first page only a folio at the foot."""
    short = escape_text(meta.short_title or meta.title)
    author = escape_text(", ".join(meta.authors))
    return [
        r"\fancyhf{}\renewcommand\headrulewidth{0pt}",
        r"\fancyhead[LE]{\tsheadfont\thepage}",
        r"\fancyhead[CE]{\tsheadfont\itshape " + short + "}",
        r"\fancyhead[CO]{\tsheadfont\scshape " + author + "}",
        r"\fancyhead[RO]{\tsheadfont\thepage}",
        r"\fancypagestyle{plain}{\fancyhf{}\renewcommand\headrulewidth{0pt}"
        r"\fancyfoot[C]{\tsheadfont\thepage}}",
    ]


def _page_lines() -> list[str]:
    """The page rules of :mod:`typeset.house`: no widows or orphans (display forms too),
    a bottom that may fall short rather than stretched glue, word fragments of at least
    :data:`~typeset.house.HYPHEN_MIN` letters, few hyphens in a row and none at a page
    turn, sentence spacing as in the HTML route (one space). The language sets its
    own hyphen minima and sentence spacing when the document begins (English: wider
    space after a period), so ours are set after it."""
    return [
        r"\widowpenalty=10000\clubpenalty=10000\displaywidowpenalty=10000",
        r"\raggedbottom\brokenpenalty=10000",
        r"\doublehyphendemerits=100000\finalhyphendemerits=50000",
        rf"\AtBeginDocument{{\lefthyphenmin={HYPHEN_MIN}\righthyphenmin={HYPHEN_MIN}"
        r"\frenchspacing\relax}",
    ]


def _layout_lines(setup: HouseStyle) -> list[str]:
    """Fixed commands the body uses, each mirroring a rule of the HTML route's print.css."""
    return [
        *_page_lines(),
        r"\setlength{\parindent}{1.5em}",
        r"\makeatletter",
        # notes: "1." and an en space, then the text; later paragraphs indented 1.2em. The
        # call is a destination (fnref.N) and the note's number links back to it, as in
        # the HTML route (hyperref already links each call to its note).
        r"\let\ts@makefnmark\@makefnmark",
        r"\def\@makefnmark{\Hy@raisedlink{\hypertarget{fnref.\@thefnmark}{}}\ts@makefnmark}",
        r"\renewcommand\@makefntext[1]{\parindent=1.2em\noindent"
        r"\hyperlink{fnref.\@thefnmark}{\@thefnmark.}\enspace#1}",
        r"\renewcommand\footnoterule{\kern-3pt\hrule width 0.3\columnwidth height 0.4pt\kern2.6pt}",
        # title block: centred, no hyphenation, no indent after it
        r"\newcommand\tstitleblock[1]{{\centering\hyphenpenalty=10000\exhyphenpenalty=10000"
        r" #1\par}\vspace{2.5em}\@afterindentfalse\@afterheading}",
        r"\newcommand\tsauthor[1]{{\addfontfeatures{LetterSpace=4}\scshape #1\par}}",
        # the abstract (indented 2.5em both sides, its title in small caps) and keywords,
        # as print.css sets .abstract and .keywords
        r"\newenvironment{tsabstract}[1]{\par{\centering\scshape #1\par}\vspace{0.4em}"
        r"\begingroup\leftskip=2.5em\rightskip=2.5em\noindent\ignorespaces}"
        r"{\par\endgroup\vspace{1.5em}\@afterindentfalse\@afterheading}",
        # the title's unnumbered footnote (thanks, corresponding author): no mark, and not
        # through \@makefntext, so the note-page hook does not count it
        r"\long\def\tstitlenote#1{\begingroup\def\@thefnmark{}"
        r"\long\def\@makefntext##1{\parindent=0pt\noindent##1}\@footnotetext{#1}\endgroup}",
        r"\newcommand\tskeywords[1]{{\leftskip=2.5em\rightskip=2.5em\noindent #1\par}"
        r"\vspace{1.5em}\@afterindentfalse\@afterheading}",
        # headings: centred, normal weight; level 1 larger, 2 italic, deeper small caps
        r"\newcounter{tsheading}",
        r"\newcommand\tsheadingstyle[1]{\ifcase#1\or\tssectionfont\or\itshape\else\scshape\fi}",
        r"\newcommand\tsheading[3]{\par\addvspace{1.6em}\stepcounter{tsheading}"
        r"\pdfbookmark[#1]{#2}{tsh.\arabic{tsheading}}"
        r"{\centering\hyphenpenalty=10000\normalfont\tsheadingstyle{#1}#3\par}"
        r"\nobreak\vspace{0.8em}\@afterindentfalse\@afterheading}",
        # block quotes: indented 2em both sides, 0.95em, no indent after them
        r"\newenvironment{tsquote}{\par\addvspace{0.8em}\begingroup\leftskip=2em\rightskip=2em"
        r"\tsquotefont\noindent\ignorespaces}"
        # (after the environment's own group, or \everypar would be reset at \end)
        r"{\par\endgroup\addvspace{0.8em}\aftergroup\@afterindentfalse\aftergroup\@afterheading}",
        r"\newcommand\tsrule{\par\addvspace{1em}{\centering*\enspace\quad*\enspace\quad*\par}"
        r"\addvspace{1em}\@afterindentfalse\@afterheading}",
        r"\makeatother",
        # bibliography: ragged right, no hyphenation, hanging indent (argument), 0.35em apart
        r"\newenvironment{tsbibliography}[1]{\par\raggedright\hyphenpenalty=10000"
        r"\exhyphenpenalty=10000\setlength{\parindent}{0pt}\setlength{\parskip}{0.35em}"
        r"\everypar{\hangindent=#1\hangafter=1}}{\par}",
    ]
