"""Section numbers, shared by both writers so the two routes number headings alike.

The rule lives in :mod:`typeset.doc.numbering` (cross-references use it too, and
``check`` imports no writer); this module names it for the writers.
"""

from __future__ import annotations

from typeset.doc.numbering import HeadingCounter, roman

__all__ = ["HeadingCounter", "roman"]
