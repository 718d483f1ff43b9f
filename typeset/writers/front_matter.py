"""The title block, the abstract and the keywords line, for both routes from one layout.

:func:`front_lines` lays the front matter (:class:`typeset.doc.front.Front`, rich text)
out as a list of ``(kind, rich)`` lines: title, subtitle, authors (with superscript
affiliation numbers when there is more than one affiliation, ``*`` for a corresponding
author, ``†`` for equal contributors), affiliations, date, original publication, then
The abstract and the keywords follow the block. The corresponding author and e-mail,
equal contribution, ORCID iDs and ``thanks`` are the title's unnumbered footnote, at
the foot of the first page as pandoc's ``\\thanks``: no call, no number, and outside
the engines' note-page bookkeeping (HTML: a ``.title-footnote`` float without
``data-note``; LaTeX: ``\\tstitlenote``, which bypasses the note-page hook), so
``note_pages`` still counts only the manuscript's notes. Each route serialises the same
lines with its one rich-text back end (:mod:`typeset.rich.html`,
:mod:`typeset.rich.latex`), so both print the same text.
"""

from __future__ import annotations

from typeset.doc import model as m
from typeset.doc.front import Author, Front
from typeset.rich.html import render_html
from typeset.rich.latex import escape_pdf_string, render_latex
from typeset.rich.model import Node, RichText, Styled, Text

CORRESPONDING_MARK = "*"
EQUAL_MARK = "†"


def _sup(text: str) -> Styled:
    return Styled((Text(text),), vertical_align="sup")


def _author(author: Author, numbered: bool) -> RichText:
    marks = [str(i) for i in author.affiliations] if numbered else []
    if author.corresponding:
        marks.append(CORRESPONDING_MARK)
    if author.equal_contributor:
        marks.append(EQUAL_MARK)
    return (*author.name, _sup(",".join(marks))) if marks else author.name


def _joined(parts: list[RichText], sep: str = ", ") -> RichText:
    out: list[Node] = []
    for index, part in enumerate(parts):
        if index:
            out.append(Text(sep))
        out.extend(part)
    return tuple(out)


def _mail(address: str) -> Node:
    return Styled((Text(address),), link="mailto:" + address, classes=("meta-link",))


def _notes(front: Front) -> list[RichText]:
    """The lines under the authors: corresponding author(s) with e-mail, equal contribution,
    the other authors' e-mail and ORCID iDs, ``thanks``."""
    lines: list[RichText] = []
    corresponding = [a for a in front.authors if a.corresponding]
    if corresponding:
        who = [(*a.name, *((Text(", "), _mail(a.email)) if a.email else ())) for a in corresponding]
        lines.append((_sup(CORRESPONDING_MARK), Text(f" {front.corresponding_label}: "),
                      *_joined(who, "; ")))
    if any(a.equal_contributor for a in front.authors):
        lines.append((_sup(EQUAL_MARK), Text(" " + front.equal_label)))
    for author in front.authors:
        contact: list[RichText] = []
        if author.email and not author.corresponding:
            contact.append((_mail(author.email),))
        if author.orcid:
            url = "https://orcid.org/" + author.orcid.removeprefix("https://orcid.org/")
            contact.append((Text("ORCID "), Styled((Text(url),), link=url, classes=("meta-link",))))
        if contact:
            lines.append((*author.name, Text(": "), *_joined(contact)))
        if author.thanks:
            lines.append(author.thanks)
    if front.thanks:
        lines.append(front.thanks)
    return lines


def front_lines(front: Front) -> list[tuple[str, RichText]]:
    """The title block as ``(kind, rich text)`` lines in print order."""
    lines: list[tuple[str, RichText]] = []
    if front.title:
        lines.append(("title", front.title))
    if front.subtitle:
        lines.append(("subtitle", front.subtitle))
    numbered = len(front.affiliations) > 1
    if front.authors:
        lines.append(("author", _joined([_author(a, numbered) for a in front.authors])))
    for index, affiliation in enumerate(front.affiliations, 1):
        lines.append(("affiliation", (_sup(str(index)), Text(" "), *affiliation)
                      if numbered else affiliation))
    if front.date:
        lines.append(("date", front.date))
    if front.original_publication:
        lines.append(("original-publication", front.original_publication))
    return lines


def title_notes(front: Front) -> list[RichText]:
    """The title's unnumbered footnote, one rich text per line (empty: no note)."""
    return _notes(front)


def keywords_line(front: Front) -> RichText:
    if not (front.show_keywords and front.keywords):
        return ()
    label = Styled((Text(front.keywords_label + ":"),), font_style="italic")
    return (label, Text(" " + ", ".join(front.keywords)))


def front_of(meta: m.Meta) -> Front:
    """``meta.front``; for a Meta made without one (the API, tests), its plain fields."""
    if meta.front != Front():
        return meta.front

    def rich(value: str) -> RichText:
        return (Text(value),) if value else ()

    return Front(title=rich(meta.title), subtitle=rich(meta.subtitle),
                 authors=tuple(Author(rich(a)) for a in meta.authors), date=rich(meta.date),
                 original_publication=rich(meta.original_publication))


# --- HTML ------------------------------------------------------------------------------


def html_front(meta: m.Meta) -> str:
    """The ``<header class="title-block">``, then the abstract and the keywords."""
    front = front_of(meta)
    if front.empty:
        return ""
    parts = []
    lines = front_lines(front)
    notes = title_notes(front)
    note = ('<span class="footnote title-footnote">'
            + "".join(f'<span class="note-para">{render_html(n)}</span>' for n in notes)
            + "</span>") if notes else ""
    if lines:
        parts.append('<header class="title-block">')
        for index, (kind, rich) in enumerate(lines):
            tag = "h1" if kind == "title" else "p"
            here = note if index == 0 else ""  # one line, as every note (see html_body)
            parts.append(f'<{tag} class="{kind}">{render_html(rich)}{here}</{tag}>')
        parts.append("</header>")
    elif note:
        parts.append(f'<header class="title-block"><p class="title-note">{note}</p></header>')
    if front.abstract:
        parts.append('<section class="abstract">')
        parts.append(f'<p class="abstract-title">{render_html((Text(front.abstract_title),))}</p>')
        parts += [f"<p>{render_html(paragraph)}</p>" for paragraph in front.abstract]
        parts.append("</section>")
    keywords = keywords_line(front)
    if keywords:
        parts.append(f'<p class="keywords">{render_html(keywords)}</p>')
    return "\n".join(parts)


# --- LaTeX -----------------------------------------------------------------------------

_LATEX_LINE = {
    "title": (r"{\tstitlefont ", r"\par}\vspace{0.3em}"),
    "subtitle": (r"{\tssubtitlefont ", r"\par}\vspace{1.2em}"),
    "author": (r"\tsauthor{", r"}\vspace{0.6em}"),
    "affiliation": (r"{\tsminorfont ", r"\par}"),
    "date": (r"{\tsminorfont ", r"\par}"),
    "original-publication": (r"{\tsminorfont ", r"\par}"),
}


def latex_front(meta: m.Meta) -> str:
    """The title block (``\\tstitleblock``), then the abstract (``tsabstract``) and the
    keywords, as the HTML route prints them."""
    front = front_of(meta)
    out = [r"\thispagestyle{plain}"]
    if front.empty:
        return out[0] + "\n\n"
    if meta.title:
        out.append(rf"\pdfbookmark[0]{{{escape_pdf_string(meta.title)}}}{{title}}")
    lines = front_lines(front)
    if lines:
        out.append(r"\tstitleblock{")
        for kind, rich in lines:
            before, after = _LATEX_LINE[kind]
            out.append(before + render_latex(rich) + after)
        out.append("}")
    notes = title_notes(front)
    if notes:
        out.append(r"\tstitlenote{" + r"\par\noindent ".join(render_latex(n) for n in notes)
                   + "}")
    if front.abstract:
        out.append(r"\begin{tsabstract}{" + render_latex((Text(front.abstract_title),)) + "}")
        out.append("\n\n".join(render_latex(paragraph) for paragraph in front.abstract))
        out.append(r"\end{tsabstract}")
    keywords = keywords_line(front)
    if keywords:
        out.append(r"\tskeywords{" + render_latex(keywords) + "}")
    return "\n".join(out) + "\n\n"
