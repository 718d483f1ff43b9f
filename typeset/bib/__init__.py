"""BibTeX in: .bib (or CSL-JSON) -> CSL-JSON-shaped items with positions.

Public interface (others code against it):
``parse_bibtex(text, path)``, ``load_bibliography(path)``,
``load_references(path)`` -> :class:`BibResult`.
"""

from typeset.bib.load import load_bibliography, load_references
from typeset.bib.parse import parse_bibtex
from typeset.bib.result import BibResult

__all__ = ["BibResult", "load_bibliography", "load_references", "parse_bibtex"]
