"""The title block's content as rich text: what the front matter (``metadata.yaml`` or a
Markdown file's YAML block) says about the document, after its strings were read as
inline Markdown (:mod:`typeset.front_matter`).

``Meta`` keeps the plain-text forms for the PDF's metadata and the running heads; this
is what both writers print in the title block (:mod:`typeset.writers.front_matter`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from typeset.rich.model import Node, RichText, Styled, Tag, Text

# A citation in the front matter: an empty leaf tagged ``front-cite:N`` (N-th of
# ``Meta.front_cites``) until the citations pass renders it.
FRONT_CITE = "front-cite:"


def cite_placeholder(index: int) -> Text:
    return Text("", Tag(None, f"{FRONT_CITE}{index}"))


def fill_cites(rich: RichText, rendered: Callable[[int], RichText]) -> RichText:
    """``rich`` with each placeholder replaced by ``rendered(N)``."""
    out: list[Node] = []
    for node in rich:
        if isinstance(node, Text) and node.tag is not None and node.tag.variable \
                and node.tag.variable.startswith(FRONT_CITE):
            out.append(Styled(rendered(int(node.tag.variable[len(FRONT_CITE):]))))
        elif isinstance(node, Styled):
            out.append(replace(node, children=fill_cites(node.children, rendered)))
        else:
            out.append(node)
    return tuple(out)


@dataclass(frozen=True)
class Author:
    """One author. ``affiliations`` are 1-based indexes into :attr:`Front.affiliations`."""

    name: RichText
    affiliations: tuple[int, ...] = ()
    email: str = ""
    orcid: str = ""
    corresponding: bool = False
    equal_contributor: bool = False
    thanks: RichText = ()


@dataclass(frozen=True)
class Front:
    """Title, subtitle, authors and their affiliations, date, abstract (paragraphs),
    the thanks note, and the keywords line (``keywords`` printed when ``show_keywords``).

    ``corresponding_label`` is the corresponding-author wording in the document's
    language; ``abstract_title`` and ``keywords_label`` likewise."""

    title: RichText = ()
    subtitle: RichText = ()
    authors: tuple[Author, ...] = ()
    affiliations: tuple[RichText, ...] = ()
    date: RichText = ()
    original_publication: RichText = ()
    abstract: tuple[RichText, ...] = ()
    thanks: RichText = ()
    keywords: tuple[str, ...] = ()
    show_keywords: bool = False
    abstract_title: str = "Abstract"
    corresponding_label: str = "Corresponding author"
    equal_label: str = "These authors contributed equally to this work."
    keywords_label: str = "Keywords"

    def map_rich(self, fn: Callable[[RichText], RichText]) -> Front:
        """The same front matter with ``fn`` applied to every rich text in it."""
        changes: dict[str, object] = {}
        for name in ("title", "subtitle", "date", "original_publication", "thanks"):
            changes[name] = fn(getattr(self, name))
        changes["affiliations"] = tuple(fn(a) for a in self.affiliations)
        changes["abstract"] = tuple(fn(p) for p in self.abstract)
        changes["authors"] = tuple(replace(a, name=fn(a.name), thanks=fn(a.thanks))
                                   for a in self.authors)
        assert set(changes) <= {f.name for f in fields(self)}
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def empty(self) -> bool:
        return not (self.title or self.subtitle or self.authors or self.date
                    or self.original_publication or self.abstract or self.thanks
                    or (self.show_keywords and self.keywords))
