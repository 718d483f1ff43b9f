"""The table of contents and the lists of figures and tables (``toc``, ``lof``, ``lot``).

Both routes print them after the title block, each under a level-1 heading in the
house style, with the page of each entry:

* LaTeX: every heading down to ``toc-depth``, figure and table writes its own
  ``\\addcontentsline`` where it is set (our headings and floats are not LaTeX's
  sectioning commands and floats, so LaTeX would list nothing by itself), and
  ``\\@starttoc`` prints the lists from the ``.toc``/``.lof``/``.lot`` files of
  the previous pass; ``rerunfilecheck`` reports when a list changed, and latexmk
  reruns until it is stable.
* HTML: a ``<nav class="contents">`` per list, links to the headings' and floats'
  identifiers, and print.css adds a dot leader and ``target-counter(attr(href
  url), page)``: WeasyPrint resolves the page of each target when it lays out.

The headings' words are the language's (babel's ``\\contentsname`` ... in LaTeX; the
table below in HTML), ``toc-title`` replacing "Contents".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from typeset.doc import model as m
from typeset.doc.walk import map_blocks, plain_text, query

# BCP 47 primary subtag -> (contents, list of figures, list of tables), as babel names them
NAMES: dict[str, tuple[str, str, str]] = {
    "en": ("Contents", "List of Figures", "List of Tables"),
    "de": ("Inhaltsverzeichnis", "Abbildungsverzeichnis", "Tabellenverzeichnis"),
    "fr": ("Table des matières", "Table des figures", "Liste des tableaux"),
    "es": ("Índice", "Índice de figuras", "Índice de tablas"),
    "it": ("Indice", "Elenco delle figure", "Elenco delle tabelle"),
    "pt": ("Sumário", "Lista de Figuras", "Lista de Tabelas"),
    "nl": ("Inhoudsopgave", "Lijst van figuren", "Lijst van tabellen"),
}

# LaTeX's sectioning names by heading level, for \addcontentsline
LATEX_LEVELS = ("section", "subsection", "subsubsection", "paragraph", "subparagraph",
                "subparagraph")


def names(meta: m.Meta) -> tuple[str, str, str]:
    primary = meta.lang.lower().replace("_", "-").split("-")[0]
    contents, figures, tables = NAMES.get(primary, NAMES["en"])
    return meta.toc_title or contents, figures, tables


def wanted(meta: m.Meta) -> bool:
    return meta.toc or meta.lof or meta.lot


def after_title(meta: m.Meta) -> frozenset[str]:
    """The lists the metadata asks for after the title."""
    return frozenset(k for k, on in (("toc", meta.toc), ("lof", meta.lof), ("lot", meta.lot))
                     if on)


def in_use(doc: m.Document) -> frozenset[str]:
    """Every list printed somewhere: after the title, or where ``\\tableofcontents`` is."""
    placed = {node.kind for node in query(doc, m.ContentsList)}
    return after_title(doc.meta) | placed


def entry_text(nodes: Iterable[m.Inline]) -> str:
    """A heading's or caption's words for a list: no notes, citations or formatting."""
    return " ".join(plain_text(tuple(nodes), skip=(m.Note, m.Cite)).split())


def with_float_identifiers(doc: m.Document) -> m.Document:
    """Numbered figures and tables without ``{#id}`` get ``figure-N``/``table-N`` (the HTML
    lists link to them)."""
    def visit(block: m.Block, _parents: tuple[object, ...]) -> m.Block:
        if isinstance(block, m.Figure | m.Table) and block.number is not None and not block.ident:
            kind = "figure" if isinstance(block, m.Figure) else "table"
            sub = block.sub or "" if isinstance(block, m.Figure) else ""  # a panel: figure-2a
            return replace(block, ident=f"{kind}-{block.number}{sub}")
        return block

    return map_blocks(doc, visit)


# --- HTML ----------------------------------------------------------------------------------

Escape = Callable[[str], str]
HeadingIds = Callable[[m.Heading], tuple[str | None, str]]  # -> (number, identifier)


def html_contents(doc: m.Document, kinds: frozenset[str], heading_ids: HeadingIds,
                  text: Escape, attr: Escape) -> str:
    """The lists ``kinds`` as HTML (empty when none is): ``heading_ids`` numbers and names
    each heading as the body will."""
    contents, figures, tables = names(doc.meta)
    parts: list[str] = []
    if "toc" in kinds:
        items: list[tuple[int, str | None, str, str]] = []
        nodes: Iterable[m.Heading | m.Bibliography] = query(
            doc, (m.Heading, m.Bibliography), skip=m.Note)
        for node in nodes:
            if isinstance(node, m.Bibliography):
                if node.title:  # none: it sits under the manuscript's own "References"
                    items.append((1, None, node.title, "bibliography"))
                continue
            number, ident = heading_ids(node)
            if node.level <= doc.meta.toc_depth:
                items.append((node.level, number, entry_text(node.children), ident))
        parts.append(_nav("toc", contents, [
            (f"level-{level}", (f'<span class="secnum">{text(number)}.</span> '
                                if number else "") + text(title), ident)
            for level, number, title, ident in items], attr))
    for wanted_list, kind, title, css in (("lof" in kinds, m.Figure, figures, "lof"),
                                          ("lot" in kinds, m.Table, tables, "lot")):
        if not wanted_list:
            continue
        label = "Figure" if kind is m.Figure else "Table"
        parts.append(_nav(css, title, [
            ("level-1", f'<span class="caption-label">{label} {number}.</span> '
             + text(entry_text(caption)), ident)
            for number, caption, ident in _listed(doc, kind)], attr))
    return "\n".join(parts)


def _listed(doc: m.Document, kind: type[m.Figure] | type[m.Table]
            ) -> Iterable[tuple[int, tuple[m.Inline, ...], str]]:
    """The numbered figures or tables: number, caption, identifier; a subfigure group is
    one figure (its caption its last paragraph), its lettered figures are not listed."""
    nodes: Iterable[m.Figure | m.Table | m.Div] = query(doc, (kind, m.Div))
    for node in nodes:
        if isinstance(node, m.Div):
            if kind is m.Figure and node.number is not None:
                last = node.blocks[-1] if node.blocks else None
                yield node.number, last.children if isinstance(last, m.Para) else (), \
                    node.ident or ""
        elif node.number is not None and not (isinstance(node, m.Figure) and node.sub):
            yield node.number, node.caption, node.ident or ""


def _nav(css: str, title: str, items: list[tuple[str, str, str]], attr: Escape) -> str:
    lis = "\n".join(f'<li class="{level}"><a href="#{attr(ident)}">{body}</a></li>'
                    for level, body, ident in items)
    return (f'<nav class="contents {css}">\n<h2 class="unnumbered">{title}</h2>\n'
            f'<ol>\n{lis}\n</ol>\n</nav>')


# --- LaTeX ---------------------------------------------------------------------------------

def latex_preamble(meta: m.Meta, kinds: frozenset[str]) -> list[str]:
    """``\\tsstarttoc`` and, per list, a rerunfilecheck watch: when the list's file changed
    during a pass, the log says "Rerun to get the contents right" and the engine runs again."""
    lines = [r"\usepackage{rerunfilecheck}",
             r"\makeatletter\newcommand\tsstarttoc[1]{{\parindent=0pt\@starttoc{#1}}}\makeatother",
             rf"\setcounter{{tocdepth}}{{{min(meta.toc_depth, 5)}}}",
             # level-1 entries as the others and as the HTML route's: roman, dot leaders
             r"\makeatletter\renewcommand*\l@section{\@dottedtocline{1}{0em}{1.8em}}"
             r"\renewcommand*\l@figure{\@dottedtocline{1}{0em}{1.8em}}"
             r"\renewcommand*\l@table{\@dottedtocline{1}{0em}{1.8em}}\makeatother"]
    for file in ("toc", "lof", "lot"):
        if file in kinds:
            lines.append(rf"\makeatletter\RerunFileCheck{{\jobname.{file}}}"
                         rf"{{\immediate\closeout\tf@{file}}}"
                         r"{Rerun to get the contents right}\makeatother")
    return lines


def latex_contents(meta: m.Meta, kinds: frozenset[str], escape: Escape,
                   escape_pdf: Escape) -> str:
    """The headings and ``\\tsstarttoc`` calls of the lists ``kinds``."""
    contents, figures, tables = names(meta)
    lines = []
    for title, file in ((contents, "toc"), (figures, "lof"), (tables, "lot")):
        if file in kinds:
            lines.append(rf"\tsheading{{1}}{{{escape_pdf(title)}}}{{{escape(title)}}}"
                         + "\n" + rf"\tsstarttoc{{{file}}}")
    return "\n".join(lines) + "\n\n" if lines else ""
