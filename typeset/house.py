"""The house style's key dimensions, shared by both routes.

The HTML route (``typeset/data/print.css`` plus the ``@page`` rule the HTML
writer generates from these values) and the LaTeX route (its preamble) read the
same :class:`HouseStyle`, so a page set by WeasyPrint and a page set by LuaLaTeX
have the same trim size, text block, type size and leading.

The values follow common book-design practice for a journal offprint: a
measure of roughly 65-75 characters at 11 pt Libertine on US Letter with
1.25 in side margins; notes two points smaller than the text; leading 1.35
(about 14.9 pt at 11 pt), which Libertine's small x-height tolerates well.

The page rules both routes follow: no widows or orphans; no paragraph indent after
a heading, a title block or a block quote; note calls sized from the body text
(:data:`CALL_SIZE`); hyphenation with fragments of at least :data:`HYPHEN_MIN`
letters (TeX also discourages consecutive hyphens and a hyphen at a page turn,
which WeasyPrint cannot be told); one space between sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typeset.doc.model import Meta

# Page margins per paper size (CSS lengths, also valid TeX lengths).
# Letter is 8.5 x 11 in; A4 is 210 x 297 mm, a little narrower and taller,
# so its side margins are slightly smaller to keep a similar measure.
_MARGINS: dict[str, tuple[str, str, str, str]] = {
    #         top      bottom   inner     outer
    "letter": ("1in", "1in", "1.25in", "1.25in"),
    "a4": ("25mm", "27mm", "30mm", "30mm"),
}

FONT_FAMILY = "Linux Libertine O"  # Debian fonts-linuxlibertine; has Cyrillic and smcp
LEADING = 1.35  # baseline distance / font size (CSS line-height)
NOTE_LEADING = 1.25
NOTE_SIZE_DELTA = 2.0  # notes are this many points smaller than the text
HEAD_SIZE_DELTA = 2.0  # running heads and folios likewise
CALL_SIZE = 0.7  # note calls: this fraction of the body size (7.7 pt at 11 pt), both routes
# Hyphenation: at least this many letters before and after a break (no "short-ly",
# "poli-cy"), words of at least HYPHEN_MIN_WORD letters; TeX's \lefthyphenmin and
# \righthyphenmin, CSS hyphenate-limit-chars. Printed URLs and DOIs are never hyphenated.
HYPHEN_MIN = 3
HYPHEN_MIN_WORD = 6


@dataclass(frozen=True)
class HouseStyle:
    """Page and type dimensions for one build; derive it with :func:`house_style`."""

    papersize: str = "letter"  # letter | a4 (CSS @page size keyword and geometry option)
    margin_top: str = _MARGINS["letter"][0]
    margin_bottom: str = _MARGINS["letter"][1]
    margin_inner: str = _MARGINS["letter"][2]
    margin_outer: str = _MARGINS["letter"][3]
    font_family: str = FONT_FAMILY
    font_size_pt: float = 11.0
    leading: float = LEADING
    note_size_pt: float = 11.0 - NOTE_SIZE_DELTA
    note_leading: float = NOTE_LEADING
    head_size_pt: float = 11.0 - HEAD_SIZE_DELTA

    @property
    def css_page_size(self) -> str:
        """The CSS ``size`` value: WeasyPrint knows both names (``letter``, ``A4``)."""
        return "A4" if self.papersize == "a4" else "letter"


def _points(size: str) -> float:
    """"11pt" -> 11.0 (the config has already validated the form)."""
    text = size.strip().lower().removesuffix("pt")
    return float(text)


def house_style(meta: Meta) -> HouseStyle:
    """The house style for a document's ``papersize`` and ``fontsize``."""
    paper = (meta.papersize or "letter").lower()
    if paper not in _MARGINS:
        paper = "letter"
    size = _points(meta.fontsize or "11pt")
    top, bottom, inner, outer = _MARGINS[paper]
    return HouseStyle(
        papersize=paper, margin_top=top, margin_bottom=bottom, margin_inner=inner,
        margin_outer=outer, font_size_pt=size, note_size_pt=size - NOTE_SIZE_DELTA,
        head_size_pt=size - HEAD_SIZE_DELTA,
    )
