"""The LaTeX preamble, generated from the house style both routes share.

Page size, margins, font, sizes and leading come from ``typeset.house`` (the
values the HTML route's CSS is generated from), so the two PDFs agree on the
page. Metadata comes from the config (or the document's metadata mapping) and
is escaped like any other user text.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pylatex import Document, NoEscape, Package

from typeset.writers.latex_text import escape_pdf_string, escape_text

# --- house values ---------------------------------------------------------------


@dataclass(frozen=True)
class PageSetup:
    """What the preamble needs from the house style, in TeX points and ratios."""

    papersize: str = "letter"  # letter | a4
    margin_top: str = "1in"
    margin_bottom: str = "1in"
    margin_inner: str = "1.25in"
    margin_outer: str = "1.25in"
    font: str = "Linux Libertine O"
    font_size_pt: float = 11.0
    leading: float = 1.35  # baseline distance / font size, as CSS line-height
    note_size_pt: float = 9.0
    note_leading: float = 1.3
    head_size_pt: float = 9.0


# Baselineskip of the article class at each size option (size10/11/12.clo); the
# class option nearest the house size sets \small, \large and friends.
_CLASS_BASELINE = {10: 12.0, 11: 13.6, 12: 14.5}


def _read(obj: Any, names: tuple[str, ...], default: Any) -> Any:
    """The first attribute or key of ``obj`` among ``names`` that is set."""
    for name in names:
        value = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)
        if value is not None:
            return value
    return default


def _pt(value: Any) -> float:
    """A size given as a number (points) or a CSS/TeX length string, in points."""
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().lower()
    units = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "bp": 72.27 / 72}
    for unit, factor in units.items():
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def _length(value: Any) -> str:
    """A margin as a TeX length: numbers are points, strings pass through if well-formed."""
    return f"{_pt(value):.2f}pt"


def page_setup(config: Any, metadata: Mapping[str, Any]) -> PageSetup:
    """Collect the page values from typeset.house (when present) and the config."""
    house = _load_house(config)
    base = PageSetup()
    papersize = str(_read(config, ("papersize",), metadata.get("papersize", base.papersize)))
    if house is not None:
        papersize = str(_read(house, ("papersize", "page_size", "paper"), papersize))
    fontsize = _read(config, ("fontsize", "font_size"), metadata.get("fontsize", "11pt"))
    values = {
        "papersize": papersize.lower(),
        "font_size_pt": _pt(fontsize),
    }
    if house is not None:
        values.update(_house_values(house))
    return PageSetup(**{**base.__dict__, **values})


def _load_house(config: Any) -> Any:
    """The house style object, or None while ``typeset.house`` does not exist."""
    try:
        house_module = importlib.import_module("typeset.house")
    except ImportError:  # built in parallel by the pipeline's owner
        return None
    for factory in ("house_style", "house_for", "from_config"):
        func = getattr(house_module, factory, None)
        if callable(func):
            return func(config)
    cls = getattr(house_module, "HouseStyle", None)
    return cls() if cls is not None else None


def _house_values(house: Any) -> dict[str, Any]:
    """Map whatever names the house style uses onto PageSetup fields."""
    found: dict[str, Any] = {}
    table: dict[str, tuple[tuple[str, ...], Any]] = {
        "margin_top": (("margin_top",), _length),
        "margin_bottom": (("margin_bottom",), _length),
        "margin_inner": (("margin_inner", "margin_left"), _length),
        "margin_outer": (("margin_outer", "margin_right"), _length),
        "font": (("font", "font_family"), str),
        "font_size_pt": (("font_size", "fontsize", "font_size_pt"), _pt),
        "leading": (("leading", "line_height"), float),
        "note_size_pt": (("note_size", "note_font_size", "note_size_pt"), _pt),
        "note_leading": (("note_leading", "note_line_height"), float),
    }
    for field_name, (names, convert) in table.items():
        value = _read(house, names, None)
        if value is not None:
            found[field_name] = convert(value)
    return found


# --- language -------------------------------------------------------------------

# BCP 47 tag -> (polyglossia language, options). Region tags polyglossia knows
# by their own name; the primary subtag is the fallback. French spacing before
# ;:!? is switched off because the text already carries its own spaces and the
# HTML route adds none.
_LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("english", ""), "en-us": ("english", "variant=american"),
    "en-gb": ("english", "variant=british"), "en-au": ("english", "variant=australian"),
    "en-ca": ("english", "variant=canadian"), "en-nz": ("english", "variant=newzealand"),
    "de": ("german", ""), "de-at": ("german", "variant=austrian"),
    "de-ch": ("german", "variant=swiss"),
    "fr": ("french", "autospacepunctuation=false"),
    "ru": ("russian", ""), "uk": ("ukrainian", ""), "cs": ("czech", ""), "pl": ("polish", ""),
    "es": ("spanish", ""), "it": ("italian", ""), "pt": ("portuguese", ""),
    "nl": ("dutch", ""), "sv": ("swedish", ""), "da": ("danish", ""), "fi": ("finnish", ""),
}


def polyglossia_language(lang: str) -> tuple[str, str, bool]:
    """(language, options, known) for a BCP 47 tag; unknown tags fall back to English."""
    tag = lang.strip().lower().replace("_", "-")
    if tag in _LANGUAGES:
        return (*_LANGUAGES[tag], True)
    primary = tag.split("-")[0]
    if primary in _LANGUAGES:
        return (*_LANGUAGES[primary], True)
    return ("english", "variant=american", False)


# --- building the preamble ------------------------------------------------------------


@dataclass(frozen=True)
class Meta:
    """Document metadata as plain strings (escaped only when written)."""

    title: str = ""
    subtitle: str = ""
    short_title: str = ""
    authors: tuple[str, ...] = ()
    lang: str = "en-US"
    keywords: tuple[str, ...] = ()


def new_document(setup: PageSetup, meta: Meta) -> Document:
    """A pylatex Document carrying our preamble and nothing of pylatex's defaults."""
    class_size = min(_CLASS_BASELINE, key=lambda size: abs(size - setup.font_size_pt))
    doc = Document(
        documentclass="article",
        document_options=[f"{class_size}pt"],
        fontenc=None, inputenc=None, lmodern=False, textcomp=False,
        microtype=False, page_numbers=False, indent=None,
    )
    paper = "a4paper" if setup.papersize == "a4" else "letterpaper"
    doc.packages.append(Package("geometry", options=[
        paper, f"top={setup.margin_top}", f"bottom={setup.margin_bottom}",
        f"inner={setup.margin_inner}", f"outer={setup.margin_outer}",
        "includehead=false", "headsep=0.4in", "footskip=0.45in",
    ]))
    doc.packages.append(Package("fontspec"))
    doc.packages.append(Package("polyglossia"))
    doc.packages.append(Package("microtype"))
    doc.packages.append(Package("fancyhdr"))
    doc.packages.append(Package("hyperref"))
    doc.packages.append(Package("bookmark"))
    for line in _preamble_lines(setup, meta):
        doc.preamble.append(NoEscape(line))
    return doc


def _preamble_lines(setup: PageSetup, meta: Meta) -> list[str]:
    return [
        *_font_lines(setup),
        _language_line(meta.lang),
        _hyperref_line(meta),
        *_running_head_lines(setup, meta),
        *_layout_lines(),
    ]


def _font_lines(setup: PageSetup) -> list[str]:
    """Font, sizes and leading.

    TeX ligatures stay off: the input is already Unicode, so ``--`` must print
    as two hyphens, as in the HTML route. OpenType ``liga`` is off too: with it,
    LuaLaTeX wrote Libertine's "Th" ligature as the private-use character
    U+E049 into the PDF text (measured with pdfplumber), so "The" did not
    extract as "The" and the two routes' texts differed.
    """
    size, note, head = setup.font_size_pt, setup.note_size_pt, setup.head_size_pt
    return [
        r"\setmainfont{" + escape_text(setup.font) + "}[Ligatures={CommonOff,TeXOff}]",
        rf"\renewcommand\normalsize{{\fontsize{{{size:g}pt}}{{{size * setup.leading:.2f}pt}}"
        r"\selectfont}",
        rf"\renewcommand\footnotesize{{\fontsize{{{note:g}pt}}"
        rf"{{{note * setup.note_leading:.2f}pt}}\selectfont}}",
        rf"\newcommand\tsheadsize{{\fontsize{{{head:g}pt}}{{{head * 1.2:.2f}pt}}\selectfont}}",
        r"\setlength{\footnotesep}{" + f"{note * setup.note_leading * 0.7:.2f}pt" + "}",
    ]


def _language_line(lang: str) -> str:
    name, options, _known = polyglossia_language(lang)
    opts = f"[{options}]" if options else ""
    return rf"\setdefaultlanguage{opts}{{{name}}}"


def _hyperref_line(meta: Meta) -> str:
    title = meta.title + (f": {meta.subtitle}" if meta.subtitle else "")
    fields = {
        "pdftitle": escape_pdf_string(title),
        "pdfauthor": escape_pdf_string(", ".join(meta.authors)),
        "pdflang": escape_pdf_string(meta.lang),
        "pdfkeywords": escape_pdf_string(", ".join(meta.keywords)),
        "pdfcreator": "typeset",
    }
    pairs = ",".join(f"{key}={{{value}}}" for key, value in fields.items())
    return r"\hypersetup{" + pairs + ",bookmarksnumbered=false,pdfborder={0 0 0},unicode}"


def _running_head_lines(setup: PageSetup, meta: Meta) -> list[str]:
    """Running heads like the HTML route's margin boxes: short title and author,
    the page number at the foot; the first page shows only the page number."""
    short = escape_text(meta.short_title or meta.title)
    author = escape_text(", ".join(meta.authors))
    return [
        r"\pagestyle{fancy}\fancyhf{}\renewcommand\headrulewidth{0pt}",
        r"\fancyhead[L]{\tsheadsize\itshape " + short + "}",
        r"\fancyhead[R]{\tsheadsize " + author + "}",
        r"\fancyfoot[C]{\tsheadsize\thepage}",
        r"\fancypagestyle{plain}{\fancyhf{}\fancyfoot[C]{\tsheadsize\thepage}}",
    ]


def _layout_lines() -> list[str]:
    """Fixed commands the body uses: headings, title block, bibliography, note text."""
    return [
        r"\setlength{\parindent}{1.5em}",
        r"\makeatletter",
        r"\renewcommand\@makefntext[1]{\parindent=1em\noindent"
        r"\hbox to 1.8em{\@thefnmark.\hfil}#1}",
        r"\newcounter{tsheading}",
        r"\newcommand\tsheading[3]{\par\addvspace{2\baselineskip}"
        r"\pdfbookmark[#1]{#2}{sec:\thetsheading}\stepcounter{tsheading}"
        r"{\centering\normalfont #3\par}\nobreak\addvspace{\baselineskip}\@afterheading}",
        r"\makeatother",
        r"\newenvironment{tsbibliography}[1]{\par\setlength{\parindent}{0pt}"
        r"\setlength{\parskip}{0.3\baselineskip}\raggedright"
        r"\everypar{\hangindent=#1\hangafter=1}}{\par}",
    ]
