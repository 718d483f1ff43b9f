"""BibTeX in: .bib (or CSL-JSON) -> CSL-JSON-shaped items with positions.

Public interface (others code against it):
``parse_bibtex(text, path)``, ``load_bibliography(path)``,
``load_references(path)`` -> :class:`BibResult` with ``items``, ``item(key)``,
``spans``, ``field_spans``, ``raw`` and ``diagnostics``.

Conventions, decided here once:

- **Laziness.** Parsing is raw (bibtexparser v2, no middlewares); LaTeX
  decoding and name splitting run per entry in ``item(key)``. Conversion
  diagnostics (``bib-date``, ``bib-name``, ``bib-unknown-command``, ...)
  appear in ``diagnostics`` once their entry is converted: read ``items``
  first when every diagnostic is wanted (``typeset check``).
- **raw** holds each entry's own fields (lower-case names) after @string and
  month macros and ``#`` are evaluated and the outer delimiters removed,
  LaTeX untouched, crossref/xdata NOT applied. @xdata entries are in ``raw``
  and ``spans`` but are not items.
- **Strings** use citeproc-js mini-markup: ``<i>``, ``<b>``, ``<sc>``,
  ``<sup>``, ``<sub>`` and ``<span class="nocase">`` for {Protected} words.
  ``&``, ``<`` and ``>`` stay literal (citeproc-js reads unknown tags as
  text and decodes no entities); the only tags present are the ones above.
- **Names** are split before decoding; ``{{Corporate}}`` is ``{"literal"}``;
  particles are ``non-dropping-particle``. ``and others`` is dropped from the
  list and the variable is listed in the item's ``"_others"`` (engines may
  force et al.; ``public_item`` writes it back as ``{"literal": "others"}``
  for CSL-JSON export); ``shortauthor`` becomes ``"author-short"`` (a name list; not
  a CSL variable, ignored by styles that do not know it).
- **Values kept as text.** ``publisher``/``location`` are biblatex ``and``-lists
  printed as biblatex prints them: two items keep their "and" ("Faber and
  Faber" is a firm, and prints so), three or more read "A, B and C", country
  keys (``countryfr``) are named and a braced ``{and}`` is unbraced.
  ``titleaddon`` and ``addendum`` are not mapped (no CSL variable). Pages use
  a hyphen (``366-376``); the CSL engine formats ranges.
- **Problems are data**: syntax errors, bad encoding and missing crossref
  targets are errors; a duplicate key is a warning (the first entry is kept,
  as biber does, and every command goes on); values that cannot be read keep
  their text (dates become ``{"literal": ...}``) with a warning at the field.
"""

from typeset.bib.load import load_bibliography, load_references
from typeset.bib.parse import parse_bibtex
from typeset.bib.result import BibResult, public_item

__all__ = ["BibResult", "load_bibliography", "load_references", "parse_bibtex", "public_item"]
