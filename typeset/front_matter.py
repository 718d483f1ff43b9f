"""The front matter's strings read as inline Markdown, as pandoc reads metadata:
``title: "Reading *Nightwood*"`` is italic, ``author: "[Jane Doe](mailto:...)"`` a link.

Each string goes through the manuscript's own reader (:func:`typeset.readers.markdown.
read_markdown`) and smart punctuation, so a title obeys the same rules as the text; the
inlines then become :mod:`typeset.rich` text, which both writers serialise with their one
rich-text back end (:mod:`typeset.writers.front_matter`). ``Meta`` keeps the plain text
(for the PDF's Info dictionary and the running heads). Problems the reader finds in a
value are reported at the metadata key that holds it.

The labels the title block prints (abstract, corresponding author, keywords) follow the
document's ``lang``; CSL locales have no such terms, so they are a small table here,
English for a language not in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from typeset.config import AuthorEntry, Config
from typeset.diagnostics import Diagnostic, Span
from typeset.doc import model as m
from typeset.doc import walk
from typeset.doc.front import Author, Front, cite_placeholder
from typeset.readers.markdown import read_markdown
from typeset.readers.smart import smarten
from typeset.rich.links import link_target
from typeset.rich.model import Node, RichText, Styled, Text

# language -> (abstract, corresponding author, equal contribution, keywords)
LABELS: dict[str, tuple[str, str, str, str]] = {
    "en": ("Abstract", "Corresponding author", "These authors contributed equally to this work.",
           "Keywords"),
    "de": ("Zusammenfassung", "Korrespondierende Autorin bzw. korrespondierender Autor",
           "Diese Autorinnen und Autoren haben zu gleichen Teilen beigetragen.",
           "Schlüsselwörter"),
    "fr": ("Résumé", "Auteur correspondant", "Ces auteurs ont contribué à parts égales.",
           "Mots-clés"),
    "es": ("Resumen", "Autor de correspondencia",
           "Estos autores contribuyeron por igual a este trabajo.", "Palabras clave"),
    "it": ("Sommario", "Autore corrispondente",
           "Questi autori hanno contribuito in egual misura.", "Parole chiave"),
    "pt": ("Resumo", "Autor correspondente",
           "Estes autores contribuíram igualmente para este trabalho.", "Palavras-chave"),
    "nl": ("Samenvatting", "Corresponderende auteur",
           "Deze auteurs hebben in gelijke mate bijgedragen.", "Trefwoorden"),
}


def labels(lang: str) -> tuple[str, str, str, str]:
    return LABELS.get(lang.split("-")[0].lower(), LABELS["en"])


def inline_rich(nodes: Iterable[m.Inline], cites: list[m.Cite] | None = None) -> RichText:
    """Document inlines as rich text: emphasis, strong, small caps, super/subscript,
    underline and links (by :func:`typeset.rich.links.link_target`'s policy) keep their
    form; code, math and raw text print as written; notes are dropped (a title has no
    note of its own: ``thanks`` is the title's note)."""
    out: list[Node] = []
    for node in nodes:
        out.extend(_node_rich(node, cites))
    return _merge(out)


_STYLES: dict[type, dict[str, str]] = {
    m.Emph: {"font_style": "italic"}, m.Strong: {"font_weight": "bold"},
    m.SmallCaps: {"font_variant": "small-caps"}, m.Superscript: {"vertical_align": "sup"},
    m.Subscript: {"vertical_align": "sub"}, m.Underline: {"text_decoration": "underline"},
}


def _node_rich(node: m.Inline, cites: list[m.Cite] | None) -> list[Node]:
    if isinstance(node, m.Str):
        return [Text(node.text)]
    if isinstance(node, m.Space | m.SoftBreak | m.LineBreak):
        return [Text(" ")]
    if isinstance(node, m.Math):
        return math_rich(node.text)
    if isinstance(node, m.Code):
        return [Text(node.text)]
    if isinstance(node, m.RawInline):
        return []
    if isinstance(node, m.Rich):
        return list(node.content)
    if isinstance(node, m.Note | m.Image):
        return []
    if isinstance(node, m.Cite):
        if cites is None:
            return [Text("[" + "; ".join("@" + item.key for item in node.items) + "]")]
        cites.append(node)  # the citations pass renders it in place
        return [cite_placeholder(len(cites) - 1)]
    children = inline_rich(node.children, cites)
    if isinstance(node, m.Link):
        target = link_target(node.url)
        return [Styled(children, link=target, classes=("meta-link",))] if target else list(children)
    style = _STYLES.get(type(node))
    return [Styled(children, **style)] if style else list(children)  # type: ignore[arg-type]


# ^x, ^{...}, _x, _{...} (one level of braces) in TeX math
_SCRIPT_RE = re.compile(r"([\^_])(\{[^{}]*\}|\\[A-Za-z]+|.)")


# math symbols the text fonts (of both routes) lack, as the character they stand for
_TEXT_FONT_SYMBOLS = str.maketrans({"\u22c6": "*", "\u2217": "*"})


def math_rich(tex: str) -> list[Node]:
    """Inline TeX math in the front matter as text: pandoc users mark affiliations with
    ``$^1$`` or ``$^{2,\\star}$``, so super- and subscripts become rich text and symbols
    their characters (pylatexenc, as the .bib reader uses it). Rich text cannot hold real
    math; anything beyond that prints as pylatexenc reads it."""
    from pylatexenc.latex2text import LatexNodes2Text

    to_text = LatexNodes2Text(math_mode="verbatim").latex_to_text

    def convert(text: str) -> str:  # the text fonts' asterisk for the math stars
        return str(to_text(text)).translate(_TEXT_FONT_SYMBOLS)

    out: list[Node] = []
    pos = 0
    for found in _SCRIPT_RE.finditer(tex):
        if found.start() > pos:
            out.append(Text(convert(tex[pos:found.start()])))
        body = found.group(2)
        body = body[1:-1] if body.startswith("{") else body
        align = "sup" if found.group(1) == "^" else "sub"
        out.append(Styled((Text(convert(body)),), vertical_align=align))
        pos = found.end()
    if pos < len(tex):
        out.append(Text(convert(tex[pos:])))
    return [node for node in out if not isinstance(node, Text) or node.text]


def _merge(nodes: list[Node]) -> RichText:
    """Adjacent plain Text leaves joined (so the serialisers see words, not pieces)."""
    out: list[Node] = []
    for node in nodes:
        if out and isinstance(node, Text) and isinstance(out[-1], Text) and node.tag is None \
                and out[-1].tag is None:
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(out)


class _Reader:
    """Reads metadata strings as Markdown, collecting the reader's problems at the key."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.diagnostics: list[Diagnostic] = []
        self.cites: list[m.Cite] = []

    def blocks(self, key: str, value: str | None) -> tuple[m.Block, ...]:
        if not value:
            return ()
        path = self.config.spans[key].path if key in self.config.spans else "metadata"
        blocks, found = read_markdown(value, path)
        span = self.config.spans.get(key) or Span(path)
        self.diagnostics += [replace(d, span=span) for d in found]
        doc = m.Document(m.Meta(lang=self.config.lang), (m.Section(path, blocks),))
        return walk.map_inlines(smarten(doc), _at(span)).sections[0].blocks

    def inline(self, key: str, value: str | None) -> RichText:
        return _strip(tuple(n for block in self.blocks(key, value)
                            for n in _block_rich(block, self.cites)))

    def paragraphs(self, key: str, value: str | None) -> tuple[RichText, ...]:
        out = (_strip(_block_rich(b, self.cites)) for b in self.blocks(key, value))
        return tuple(p for p in out if p)


def _at(span: Span) -> walk.InlineFn:
    """A citation read from a metadata value is reported at the value's key."""
    def visit(node: m.Inline, parents: tuple[object, ...]) -> m.Inline:
        if isinstance(node, m.Cite):
            return replace(node, span=span, items=tuple(replace(i, span=span) for i in node.items))
        return node
    return visit


def _block_rich(block: m.Block, cites: list[m.Cite]) -> RichText:
    children = getattr(block, "children", None)
    if isinstance(children, tuple) and all(not isinstance(c, m.Block) for c in children):
        return inline_rich(children, cites)
    inner = getattr(block, "blocks", None) or ()
    return tuple(n for b in inner for n in (*_block_rich(b, cites), Text(" ")))


def _strip(rich: RichText) -> RichText:
    nodes = list(rich)

    def blank(node: Node) -> bool:  # a citation's placeholder (tagged) is never blank
        return isinstance(node, Text) and node.tag is None and not node.text.strip()

    while nodes and blank(nodes[0]):
        nodes.pop(0)
    while nodes and blank(nodes[-1]):
        nodes.pop()
    if nodes and isinstance(nodes[0], Text) and nodes[0].tag is None:
        nodes[0] = Text(nodes[0].text.lstrip())
    if nodes and isinstance(nodes[-1], Text) and nodes[-1].tag is None:
        nodes[-1] = Text(nodes[-1].text.rstrip())
    return tuple(nodes)


def read_front(config: Config) -> tuple[Front, tuple[m.Cite, ...], list[Diagnostic]]:
    """The title block from the validated config, every string read as Markdown, and the
    citations written in it (placeholders in the rich text, :data:`typeset.doc.front.
    FRONT_CITE`), in reading order."""
    reader = _Reader(config)
    affiliations: list[RichText] = []
    written: list[str] = []
    authors = []
    for entry in config.author_entries or tuple(AuthorEntry(a) for a in config.authors):
        marks = []
        for text in entry.affiliations:
            if text not in written:
                written.append(text)
                affiliations.append(reader.inline("author", text))
            marks.append(written.index(text) + 1)
        authors.append(Author(reader.inline("author", entry.name), tuple(marks), entry.email,
                              entry.orcid, entry.corresponding, entry.equal_contributor,
                              reader.inline("author", entry.thanks)))
    abstract_title, corresponding, equal, keywords = labels(config.lang)
    front = Front(
        title=reader.inline("title", config.title), subtitle=reader.inline("subtitle", config.subtitle),
        authors=tuple(authors), affiliations=tuple(affiliations),
        date=reader.inline("date", config.date),
        original_publication=reader.inline("original-publication", config.original_publication),
        abstract=reader.paragraphs("abstract", config.abstract),
        thanks=reader.inline("thanks", config.thanks), keywords=config.keywords,
        show_keywords=config.print_keywords,
        abstract_title=config.abstract_title or abstract_title,
        corresponding_label=corresponding, equal_label=equal, keywords_label=keywords)
    return front, tuple(reader.cites), reader.diagnostics
