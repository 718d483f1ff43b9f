"""The ``typeset.csl.rich`` API, kept for callers: the rich-text model and
serialisers now live in :mod:`typeset.rich`, which this module re-exports.

``render(rich, "html"|"text"|"latex")`` serialises an engine output.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from typeset.rich import render as _render
from typeset.rich.html import escape_html
from typeset.rich.latex import LATEX_WRAP, escape_latex
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

Format = Literal["html", "text", "latex"]

__all__ = ["LATEX_WRAP", "STYLE_ATTRS", "Format", "Node", "RichText", "Styled", "Tag", "Text",
           "escape_html", "escape_latex", "leaves", "plain", "render", "transform"]


def render(rich: Iterable[Node], fmt: Format) -> str:
    """Serialise rich text as ``html`` (citeproc-js conventions), ``text`` or ``latex``."""
    if fmt not in ("html", "text", "latex"):
        raise ValueError(f"unknown output format {fmt!r}")
    return _render(rich, fmt)
