"""The CSL 1.0.2 processor: format-neutral citations and bibliographies.

Public API (DESIGN.md "Contracts"): ``Processor(style, references, locale)``,
``Processor.cite(notes)``, ``Processor.bibliography()``, and ``render(rich, fmt)``.
"""

from typeset.csl.processor import Processor
from typeset.csl.rich import RichText, render

__all__ = ["Processor", "RichText", "render"]
