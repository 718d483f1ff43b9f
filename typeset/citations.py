"""The citations pass: Document with Cite nodes -> Document with Notes / Rich text.

Rules (pandoc's behaviour where it has one):

* Note styles (``processor.is_note_style``): a citation in the main text becomes
  a generated footnote. The space before it is dropped and punctuation right
  after it (``. , ; : ? !`` and closing quotes) moves in front of the note mark:
  ``worth [@key].`` -> ``worth.`` + note. A citation inside a hand-written note
  is rendered in place. A *narrative* citation (``@key says``) in the main text
  keeps the author's name in the sentence and puts the full citation in the
  note (``Welles¹ says``), as pandoc does; the name is rendered by a separate
  ``author-only`` call so it does not count as a citation for Ibid. or
  short-note positions.
* In-text styles: citations stay where they are, as :class:`Rich`. A narrative
  citation becomes the author (``author-only``) followed by the rest
  (``suppress-author``), as pandoc does.
* All notes, hand-written and generated, are numbered 1..n across the
  manuscript. Clusters go to ``processor.cite`` in note order with their note
  numbers, so a hand-written note without citations still occupies a number and
  breaks an Ibid. chain.
* Undefined keys are errors (``cite-undefined``) at the citation's position.
* A :class:`Bibliography` of the cited works (plus ``nocite`` keys, or every
  work with ``nocite: ["*"]``) closes the document.

The document is walked twice by the same code (:class:`_Walker` over
:func:`typeset.doc.walk.map_inlines`, top-down so a note is numbered before what
it holds): first to collect clusters, then, once the processor has rendered them
all in one call, to rebuild the tree. Using one walker for both keeps the order
identical. A second map over inline sequences then settles the neighbours of
each citation (the space and punctuation around a note mark); the collecting walk
skips it (it registers nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from typeset import rules
from typeset.cite_links import entry_anchors, link_citations, link_cites
from typeset.crossref import kind_of, resolve_crossrefs
from typeset.csl.markup import quote_rich
from typeset.diagnostics import Diagnostic
from typeset.doc import model as m
from typeset.doc import walk
from typeset.doc.front import fill_cites
from typeset.locators import localise_locators
from typeset.placement import place_bibliography
from typeset.rich import Node, RichText, Styled, Text, leaves, plain, transform

# Characters that move in front of a generated note mark.
MOVABLE_PUNCTUATION = frozenset(".,;:?!\u201d\u2019")
CLOSING_QUOTES = "\u201d\u2019\"'"
# Closing quotation marks a period or comma moves inside (an apostrophe ’ is not one).
INSIDE_QUOTES = ("\u201d", '"')

CiteDict = dict[str, Any]


# --- prefixes and suffixes: inline Markdown -> rich text ---------------------

_AFFIX_STYLES: dict[type, dict[str, Any]] = {
    m.Emph: {"font_style": "italic"},
    m.Strong: {"font_weight": "bold"},
    m.SmallCaps: {"font_variant": "small-caps"},
    m.Superscript: {"vertical_align": "sup"},
    m.Subscript: {"vertical_align": "sub"},
    m.NoCase: {"nocase": True},
}


def affix_rich(nodes: Iterable[m.Inline]) -> RichText:
    """A cite's Markdown prefix or suffix as the rich text the engine takes, with its
    quotation marks paired as the engine pairs them in CSL-JSON strings."""
    return quote_rich(_affix_nodes(nodes))


def _affix_nodes(nodes: Iterable[m.Inline]) -> RichText:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, m.Str | m.Code):
            out.append(Text(node.text))
        elif isinstance(node, m.Space | m.SoftBreak | m.LineBreak):
            out.append(Text(" "))
        elif isinstance(node, m.Link):
            out.extend(_affix_nodes(node.children))
        elif isinstance(node, m.Emph | m.Strong | m.SmallCaps | m.Superscript | m.Subscript
                        | m.NoCase):
            out.append(Styled(_affix_nodes(node.children), **_AFFIX_STYLES[type(node)]))
    return tuple(out)


def cite_dict(item: m.CiteItem, **flags: bool) -> CiteDict:
    """One cite in the processor's input form; only the fields that are set."""
    cite: CiteDict = {"id": item.key}
    if item.locator:
        cite["locator"] = item.locator
        cite["label"] = item.label or "page"
    prefix, suffix = affix_rich(item.prefix), affix_rich(item.suffix)
    if prefix:
        cite["prefix"] = prefix
    if suffix:
        cite["suffix"] = suffix
    if item.suppress_author or flags.get("suppress_author"):
        cite["suppress-author"] = True
    if item.author_only or flags.get("author_only"):
        cite["author-only"] = True
    return cite


# --- the walker ----------------------------------------------------------------


class _Walker:
    """The pass's state over one walk; in the first walk ``rendered`` is None and
    clusters are only collected."""

    def __init__(self, note_style: bool, known: Any, rendered: Sequence[RichText] | None,
                 authors: Sequence[RichText] = (), lang: str = "en-US",
                 after_punctuation: bool = True,
                 no_ibid: frozenset[int] = frozenset(), draft: bool = False) -> None:
        self.note_style = note_style
        self.no_ibid = no_ibid
        self.lang = lang
        self.after_punctuation = after_punctuation
        self.draft = draft
        self.undefined: set[str] = set()
        self.known = known
        self.rendered: Iterator[RichText] | None = iter(rendered) if rendered is not None else None
        self.authors = iter(authors)
        self.author_requests: list[list[CiteDict]] = []
        self.clusters: list[Any] = []
        self.cited: list[str] = []
        self.diagnostics: list[Diagnostic] = []
        self.notes = 0

    # clusters ----------------------------------------------------------------

    def cluster(self, cites: list[CiteDict], note: int) -> RichText:
        """Register one cluster (in note ``note``) and return its rendering."""
        if self.note_style:
            cluster: dict[str, Any] = {"cites": cites, "note_number": note}
            if note in self.no_ibid:
                cluster["ibid"] = False
            self.clusters.append(cluster)
        else:
            self.clusters.append(cites)
        if self.rendered is None:
            return ()
        return next(self.rendered)

    def names_in_text(self, cite: m.Cite) -> bool:
        """Whether the citation puts its author's name in the sentence (narrative, known)."""
        return cite.mode == "narrative" and any(i.key in self.known for i in cite.items)

    def author_in_text(self, cite: m.Cite) -> tuple[m.Inline, ...] | None:
        """For a narrative citation: the author's name, rendered apart from the clusters.

        None when the citation is not narrative (or cites nothing known). Both
        walks take the same branch: the first returns an empty tuple.
        """
        if not self.names_in_text(cite):
            return None
        first = next(i for i in cite.items if i.key in self.known)
        self.author_requests.append([cite_dict(first, author_only=True)])
        if self.rendered is None:
            return ()
        names = names_only(next(self.authors))
        return (m.Rich(names, cite),) if names else ()

    def defined_items(self, cite: m.Cite) -> list[m.CiteItem]:
        items = []
        for item in cite.items:
            if item.key in self.known:
                items.append(item)
                if item.key not in self.cited:
                    self.cited.append(item.key)
            elif self.rendered is None and not (self.draft and item.key in self.undefined):
                self.undefined.add(item.key)  # a draft warns once per key
                self.diagnostics.append(rules.cite_undefined(item, cite, draft=self.draft))
        return items

    def render_cite(self, cite: m.Cite, note: int) -> tuple[m.Inline, ...]:
        """The citation as inline rich text (in a note, or for an in-text style)."""
        items = self.defined_items(cite)
        missing = [i.key for i in cite.items if i.key not in self.known]
        if not items:
            return (m.Rich(_missing_keys(missing), cite),)
        if missing:  # a draft: the keys it could not find, after the works it could
            rendered = self.render_known(replace(cite, items=tuple(items)), items, note)
            return (*rendered, m.Rich((Text("; "), *_missing_keys(missing)), cite))
        return self.render_known(cite, items, note)

    def render_known(self, cite: m.Cite, items: list[m.CiteItem],
                     note: int) -> tuple[m.Inline, ...]:
        if cite.mode == "narrative" and not self.note_style:
            author = self.author_in_text(cite)
            if author is not None:
                rest = [cite_dict(items[0], suppress_author=True)] + [cite_dict(i) for i in items[1:]]
                lead = (*author, m.Space()) if author else ()
                return (*lead, m.Rich(self.cluster(rest, note), cite))
        return (m.Rich(self.cluster([cite_dict(i) for i in items], note), cite),)

    def front(self, cites: Sequence[m.Cite]) -> list[RichText]:
        """The front matter's citations (a title's, an abstract's), first in reading order:
        each prints in place, as a citation in a hand-written note does (no note of its
        own, no closing period)."""
        out = []
        for cite in cites:
            rich: list[Node] = []
            for node in self.render_cite(cite, 0):
                if isinstance(node, m.Rich):
                    rich.extend(node.content)
                elif isinstance(node, m.Space):
                    rich.append(Text(" "))
            out.append(strip_closing_period(tuple(rich)))
        return out

    # the tree ------------------------------------------------------------------

    def inline(self, node: m.Inline, parents: walk.Parents) -> m.Inline | tuple[m.Inline, ...]:
        """One inline of the walk (top-down, so a note is numbered before what it holds).
        Called for every word of the document: only a cite asks for its enclosing note."""
        if isinstance(node, m.Cite):
            note = _enclosing_note(parents)
            if self.note_style and note is None:
                return self.generated_note(node)
            content = self.render_cite(node, (note.number or 0) if note else self.notes)
            if note is not None and note.generated:
                content = _capitalized(content)
            return content
        if isinstance(node, m.Note):
            self.notes += 1
            return replace(node, number=self.notes, generated=False)
        return node

    def generated_note(self, cite: m.Cite) -> tuple[m.Inline, ...]:
        """A citation in the main text of a note style: the author's name (narrative) and a
        new note holding the citation, which the walk renders when it goes into the note.
        The note of a narrative citation leaves out the name the sentence already has
        (pandoc: "As Doe¹ argues", note 1 without "Doe")."""
        author = self.author_in_text(cite)
        if author is not None:
            cite = _author_suppressed(cite, self.known)
        self.notes += 1
        note = m.Note((m.Para((cite,), cite.span),), number=self.notes, generated=True,
                      span=cite.span)
        return (*(author or ()), note)

    def punctuate(self, nodes: tuple[m.Inline, ...], parents: walk.Parents) -> list[m.Inline]:
        """Neighbours of the rendered citations: the space before a generated note mark goes,
        punctuation after it moves in front (inside a closing quotation mark in American
        English), a citation inside a note's sentence loses its closing period, and a period
        after a citation ending in one goes. A sequence with no note and no citation (most
        of a document's) comes back as it is."""
        if not any(isinstance(node, m.Note | m.Rich) for node in nodes):
            return list(nodes)
        out: list[m.Inline] = []
        pending = list(nodes)
        note = _enclosing_note(parents)
        index = 0
        while index < len(pending):
            node = pending[index]
            index += 1
            following = pending[index] if index < len(pending) else None
            if isinstance(node, m.Note) and node.generated:
                source = next(walk.query(node, m.Rich), None)
                narrative = (source is not None and source.source is not None
                             and self.names_in_text(source.source))
                if not narrative:
                    _drop_trailing_space(out)
                possessive, following = _possessive(following) if narrative else (None, following)
                if possessive is not None:  # @doe2000's: "Doe’s¹", never "Doe’¹s"
                    out.extend((possessive, node))
                    pending[index: index + 1] = [following] if following is not None else []
                    continue
                lead, rest = _leading_punctuation(following)
                if lead is not None and self.after_punctuation:
                    out.append(lead)
                    pending[index: index + 1] = [rest] if rest is not None else []
                    if self.lang == "en-US":
                        _punctuation_inside_quote(out)
            elif isinstance(node, m.Rich) and note is not None and node.source is not None:
                if not _ends_note(pending[index:], parents, note):
                    node = replace(node, content=strip_closing_period(node.content))
            elif isinstance(node, m.Rich) and following is not None:
                pending[index: index + 1] = _drop_doubled_period(node, following)
            out.append(node)
        return out


def _missing_keys(keys: Sequence[str]) -> RichText:
    """Keys the bibliography lacks, in bold with a question mark, as LaTeX prints them
    (``nocase``: a note is capitalised, a key is not)."""
    return (Styled((Text("; ".join(f"{k}?" for k in keys)),), font_weight="bold", nocase=True),)


def _enclosing_note(parents: walk.Parents) -> m.Note | None:
    return next((p for p in reversed(parents) if isinstance(p, m.Note)), None)


def _author_suppressed(cite: m.Cite, known: Any) -> m.Cite:
    """The cite with its first known work's author suppressed (the name is in the text)."""
    items = list(cite.items)
    first = next(i for i, item in enumerate(items) if item.key in known)
    items[first] = replace(items[first], suppress_author=True)
    return replace(cite, items=tuple(items))


def _ends_note(rest: Sequence[m.Inline], parents: walk.Parents, note: m.Note) -> bool:
    """Whether nothing but space follows in the note: the inline sequence ``rest`` is
    blank and it is the last block of the note (a Para directly in the note)."""
    if any(not isinstance(n, m.Space | m.SoftBreak | m.LineBreak) for n in rest):
        return False
    return bool(note.blocks) and parents[-1] is note.blocks[-1]


def strip_closing_period(rich: RichText) -> RichText:
    """A citation inside a note's sentence has no closing period of its own: the period
    the style's layout adds (an untagged "." at the end) goes; an abbreviation's period
    ("Ibid.", "ed.") comes from a term or a variable, is tagged, and stays."""
    ending = [leaf for leaf in leaves(rich) if leaf.text]
    while ending and ending[-1].tag is None and ending[-1].text in CLOSING_QUOTES:
        ending.pop()  # the period went inside the closing quote ("“Title.”")
    last = ending[-1] if ending else None
    if last is None or last.tag is not None or not last.text.endswith("."):
        return rich
    return transform(rich, lambda leaf: replace(leaf, text=leaf.text[:-1])
                     if leaf is last else leaf)


def _punctuation_inside_quote(out: list[m.Inline]) -> None:
    """American usage (CMOS 6.9): a period or comma that follows a closing quotation
    mark goes inside it; ``out`` ends with the punctuation moved before a note mark."""
    if len(out) < 2 or not isinstance(out[-1], m.Str) or not isinstance(out[-2], m.Str):
        return
    mark, word = out[-1], out[-2]
    if not word.text.endswith(INSIDE_QUOTES) or mark.text[:1] not in (".", ","):
        return
    quote = word.text[-1]
    out[-2] = m.Str(word.text[:-1] + mark.text[0] + quote, word.span)
    if len(mark.text) > 1:
        out[-1] = m.Str(mark.text[1:], mark.span)
    else:
        out.pop()


def _capitalized(content: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """A citation that makes up a generated note, its first letter capitalised."""
    if content and isinstance(content[0], m.Rich):
        return (replace(content[0], content=capitalize_first(content[0].content)), *content[1:])
    return content


NAME_VARIABLES = frozenset({
    "author", "editor", "translator", "director", "composer", "interviewer", "recipient",
    "collection-editor", "container-author", "editorial-director", "illustrator",
    "original-author", "reviewed-author", "chair", "compiler", "contributor", "curator",
    "executive-producer", "guest", "host", "narrator", "organizer", "performer", "producer",
    "script-writer", "series-creator",
})


def capitalize_first(rich: RichText) -> RichText:
    """A note is a sentence, so a citation that makes up a note starts with a capital
    ("See ...", "Vgl. ebd."; CMOS 14.20, and pandoc does the same). Only a lowercase
    first letter changes; text protected as ``nocase`` is left alone."""
    return _capitalize(rich)[0]


def _capitalize(nodes: RichText) -> tuple[RichText, bool]:
    """The nodes with their first character capitalised, and whether a first character was met."""
    for index, node in enumerate(nodes):
        if isinstance(node, Text):
            if not node.text:
                continue
            first = node.text[0]
            if first.islower():
                node = replace(node, text=first.upper() + node.text[1:])
            return (*nodes[:index], node, *nodes[index + 1:]), True
        if node.nocase:
            return nodes, True
        children, met = _capitalize(node.children)
        if met:
            return (*nodes[:index], replace(node, children=children), *nodes[index + 1:]), True
    return nodes, False


def names_only(rich: RichText) -> RichText:
    """The first run of name output in a rendering, found by provenance tags.

    An ``author-only`` cite should render just the names; this also copes with
    a processor that renders more, by keeping the first contiguous run of
    leaves that came from one name variable: provenance tags, not string matching,
    say what is a name.
    """
    run: list[Text] = []
    for leaf in leaves(rich):
        variable = leaf.tag.variable if leaf.tag else None
        if variable in NAME_VARIABLES and (not run or run[0].tag == leaf.tag):
            run.append(leaf)
        elif run:
            break
    return tuple(run)


def _drop_trailing_space(out: list[m.Inline]) -> None:
    """Pandoc drops the space before a citation that becomes a footnote."""
    while out and isinstance(out[-1], m.Space | m.SoftBreak):
        out.pop()


def _drop_doubled_period(rendered: m.Inline, following: m.Inline) -> list[m.Inline]:
    """``... 1943 [@key].`` in a note: the citation already ends with a period, drop the text's."""
    if not (isinstance(rendered, m.Rich) and isinstance(following, m.Str)):
        return [following]
    ending = plain(rendered.content).rstrip(CLOSING_QUOTES)
    if not (ending.endswith(".") and following.text.startswith(".")):
        return [following]
    rest = following.text[1:]
    return [m.Str(rest, following.span)] if rest else []


_POSSESSIVE = re.compile(r"[\u2019'][^\W\d_]+")


def _possessive(node: m.Inline | None) -> tuple[m.Str | None, m.Inline | None]:
    """A possessive ending written straight after a narrative citation (``@doe2000's``):
    the ending, which goes before the note mark, and the rest (the node unchanged when
    it starts with no apostrophe and letter)."""
    if not isinstance(node, m.Str):
        return None, node
    match = _POSSESSIVE.match(node.text)
    if match is None:
        return None, node
    rest = node.text[match.end():]
    return (m.Str(match.group().replace("'", "\u2019"), node.span),
            m.Str(rest, node.span) if rest else None)


def _leading_punctuation(node: m.Inline | None) -> tuple[m.Str | None, m.Str | None]:
    """Split ``node`` into the punctuation that moves before a note mark and the rest."""
    if not isinstance(node, m.Str):
        return None, node if node is not None else None  # type: ignore[return-value]
    cut = 0
    while cut < len(node.text) and node.text[cut] in MOVABLE_PUNCTUATION:
        cut += 1
    if cut == 0:
        return None, node
    rest = node.text[cut:]
    return m.Str(node.text[:cut], node.span), (m.Str(rest, node.span) if rest else None)


# --- the pass ------------------------------------------------------------------


def _walk(doc: m.Document, walker: _Walker) -> tuple[m.Section, ...]:
    """The rendering walk: each citation placed, then its neighbours settled (one
    traversal: ``punctuate`` makes only leaves and reads of a generated note only its
    citation's source, which the inner sequences' settling leaves as it is)."""
    return walk.map_inlines_then_lists(doc, walker.inline, walker.punctuate).sections


def all_keys(references: Any) -> list[str]:
    """Every key of a reference collection (BibResult, list of CSL-JSON items, or mapping)."""
    order = getattr(references, "order", None)
    if order is not None:
        return list(order)
    if isinstance(references, dict):
        return list(references)
    return [str(item["id"]) for item in references]


def _known(references: Any) -> Any:
    """Something supporting ``key in known`` for every reference shape we accept."""
    if isinstance(references, list):
        return {str(item["id"]) for item in references}
    return references


def expand_sets(doc: m.Document, references: Any) -> m.Document:
    """``doc`` with each citation of a biblatex ``@set`` key citing the set's members.

    biblatex cites a set's members together; CSL has no sets, so a cite of a set
    becomes one cite per member, in ``entryset`` order, in the same cluster: the
    first member keeps the cite's prefix, the last its locator, label and suffix.
    A set's members are ordinary entries (an unknown one is ``cite-undefined``).
    """
    sets: dict[str, tuple[str, ...]] = getattr(references, "sets", None) or {}
    if not sets:
        return doc

    def members(cite: m.Cite) -> m.Cite:
        if not any(item.key in sets and sets[item.key] for item in cite.items):
            return cite
        items: list[m.CiteItem] = []
        for item in cite.items:
            keys = sets.get(item.key) or (item.key,)
            for n, key in enumerate(keys):
                first, last = n == 0, n == len(keys) - 1
                items.append(replace(item, key=key, prefix=item.prefix if first else (),
                                     suffix=item.suffix if last else (),
                                     locator=item.locator if last else None,
                                     label=item.label if last else None))
        return replace(cite, items=tuple(items))

    def visit(node: m.Inline, parents: tuple[object, ...]) -> m.Inline:
        return members(node) if isinstance(node, m.Cite) else node

    doc = walk.map_inlines(doc, visit)
    if doc.meta.front_cites:
        doc = replace(doc, meta=replace(doc.meta, front_cites=tuple(
            members(c) for c in doc.meta.front_cites)))
    return doc


def cited_keys(doc: m.Document) -> list[str]:
    """Keys cited anywhere in the document (notes included), in order of first use."""
    cites = (*doc.meta.front_cites, *walk.query(doc, m.Cite))
    keys = (item.key for cite in cites for item in cite.items)
    return list(dict.fromkeys(keys))


def needed_keys(doc: m.Document, nocite: Sequence[str], references: Any) -> list[str]:
    """Keys the processor must know: cited ones, then nocite ones ("*" = all)."""
    keys = cited_keys(doc)
    extra = all_keys(references) if "*" in nocite else list(nocite)
    return keys + [k for k in extra if k not in keys]


def resolve_citations(
    doc: m.Document, processor: Any, references: Any, config: Any,
    no_ibid: frozenset[int] = frozenset(), *, draft: bool = False,
    cited: Iterable[str] | None = None,
) -> tuple[m.Document, list[Diagnostic]]:
    """Replace every Cite by rendered rich text (in a note or in place) and add the bibliography.

    The engine is called once for the document (``processor.render_document``): the
    clusters in note order, the names of narrative citations (rendered apart, so
    they do not count as citations for Ibid. or short notes), and the bibliography.
    The notes numbered in ``no_ibid`` get a subsequent form where their first cite
    would be Ibid. (the pipeline's page-aware Ibid.).
    Cross-references (``@fig:x``) are resolved first (:mod:`typeset.crossref`). In a
    ``draft`` (a plain build) an undefined key is a warning, once per key, not an error.
    ``cited``: the keys cited (:func:`cited_keys`, or more), when the caller has them.
    """
    note_style = bool(processor.is_note_style)
    known = _known(references)
    if cited is None:
        cited = cited_keys(doc)
    crossref_problems: list[Diagnostic] = []
    if any(kind_of(key) for key in cited):  # else no cite is a cross-reference: no walk
        doc, crossref_problems = resolve_crossrefs(doc, known, config)
    lang = str(getattr(config, "lang", "en-US"))
    doc = localise_locators(doc, lang)
    after = bool(getattr(config, "notes_after_punctuation", True))
    first = _Walker(note_style, known, None, lang=lang, no_ibid=no_ibid, draft=draft)
    first.front(doc.meta.front_cites)
    # collecting: no tree built, the neighbours (punctuate) not settled; only a cite or a
    # note is something for the walker (it returns any other inline as it is)
    walk.visit_inlines(doc, first.inline, (m.Cite, m.Note))
    ids, more = _bibliography_ids(references, config, first.cited)
    rendered = processor.render_document(first.clusters, first.author_requests, ids)
    second = _Walker(note_style, known, rendered.clusters, rendered.authors, lang, after, no_ibid,
                     draft)
    meta = _front_cited(doc.meta, second.front(doc.meta.front_cites))
    sections = _walk(doc, second)
    diagnostics = crossref_problems + list(first.diagnostics) + more
    bibliography = None
    if ids and not getattr(config, "suppress_bibliography", False):
        bibliography = _bibliography(processor, config, rendered.bibliography)
    result = m.Document(meta=meta, sections=place_bibliography(sections, bibliography))
    if bibliography is not None and getattr(config, "link_citations", False):
        anchors = entry_anchors(bibliography.entries)
        linked = {leaf.tag.item for entry in bibliography.entries for leaf in leaves(entry)
                  if leaf.tag is not None and leaf.tag.item}
        result = link_citations(_anchored(result, anchors), linked)
        front = result.meta.front.map_rich(lambda rich: link_cites(rich, linked))
        result = replace(result, meta=replace(result.meta, front=front))  # a title's cites
    return result, diagnostics


def _front_cited(meta: m.Meta, rendered: list[RichText]) -> m.Meta:
    """The front matter with its citations' renderings in place (and in the plain text)."""
    if not meta.front_cites:
        return meta
    front = meta.front.map_rich(lambda rich: fill_cites(rich, rendered.__getitem__))
    return replace(meta, front=front, title=plain(front.title), subtitle=plain(front.subtitle),
                   date=plain(front.date), front_cites=())


def _anchored(doc: m.Document, anchors: tuple[str, ...]) -> m.Document:
    def visit(block: m.Block, parents: tuple[object, ...]) -> m.Block:
        return replace(block, anchors=anchors) if isinstance(block, m.Bibliography) else block

    return walk.map_blocks(doc, visit)


def _bibliography_ids(references: Any, config: Any,
                      cited: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """The bibliography's ids: the cited works, then the known ``nocite`` ones."""
    nocite = tuple(getattr(config, "nocite", ()) or ())
    extra = all_keys(references) if "*" in nocite else [k for k in nocite if k != "*"]
    known = _known(references)
    diagnostics = rules.undefined_nocite(nocite, known, config.spans.get("nocite"))
    return cited + [k for k in extra if k in known and k not in cited], diagnostics


def _bibliography(processor: Any, config: Any, entries: Sequence[RichText]) -> m.Bibliography:
    title = str(getattr(config, "bibliography_title", None) or "Bibliography")
    return m.Bibliography(title, tuple(entries), _hanging_indent(processor))


def _hanging_indent(processor: Any) -> bool:
    options = getattr(processor, "bibliography_options", None)
    if options is None:
        return True
    if isinstance(options, dict):
        return bool(options.get("hanging_indent", options.get("hanging-indent", True)))
    return bool(getattr(options, "hanging_indent", True))
