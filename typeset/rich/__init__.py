"""Format-neutral rich text and its serialisers (the bottom floor of typeset).

The model lives in :mod:`typeset.rich.model`; one back end per output format:
:mod:`~typeset.rich.html` (citeproc-js's inline conventions, so the CSL test
suite compares strings directly), :mod:`~typeset.rich.latex` (the one
rich-text-to-LaTeX serialiser, used by the PDF route and by ``typeset cite``
and ``typeset bib``), :mod:`~typeset.rich.text` and :mod:`~typeset.rich.markdown`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from typeset.rich import html, latex, markdown, text
from typeset.rich.model import (
    STYLE_ATTRS,
    Node,
    RichText,
    Styled,
    Tag,
    Text,
    leaves,
    plain,
    transform,
)

Format = Literal["html", "text", "latex", "markdown"]

__all__ = ["STYLE_ATTRS", "Format", "Node", "RichText", "Styled", "Tag", "Text", "leaves",
           "plain", "render", "transform"]


def render(rich: Iterable[Node], fmt: str) -> str:
    """Serialise rich text as ``html`` (citeproc-js conventions), ``text``, ``latex`` or
    ``markdown``."""
    if fmt == "html":
        return html.render_html(rich)
    if fmt == "text":
        return text.render_text(rich)
    if fmt == "latex":
        return latex.render_latex(rich)
    if fmt == "markdown":
        return markdown.render_markdown(rich)
    raise ValueError(f"unknown output format {fmt!r}")
