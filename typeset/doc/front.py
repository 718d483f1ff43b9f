"""The title block's content as rich text: what the front matter (``metadata.yaml`` or a
Markdown file's YAML block) says about the document, after its strings were read as
inline Markdown (:mod:`typeset.front_matter`).

``Meta`` keeps the plain-text forms for the PDF's metadata and the running heads; this
is what both writers print in the title block (:mod:`typeset.writers.front_matter`).
"""

from __future__ import annotations

from dataclasses import dataclass

from typeset.rich.model import RichText


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

    @property
    def empty(self) -> bool:
        return not (self.title or self.subtitle or self.authors or self.date
                    or self.original_publication or self.abstract or self.thanks
                    or (self.show_keywords and self.keywords))
