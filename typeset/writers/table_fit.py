"""How wide a table's columns must be: estimated from its text, for both writers.

No font is read here (the writers read no files), so widths are planned from average
advance widths of Linux Libertine and the typewriter face, with a margin (measured
against LuaLaTeX's log: no Overfull \\hbox on the test tables). The LaTeX route turns
them into ``p{}`` columns; both routes ask whether a table's widest words pass the
measure (``cramped``: set with closer columns) and, if so, at what size they fit
(``fitted_size``). pandoc has no such step: its pipe tables take the dashes' widths
and its long words run over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from typeset.doc import model as m

# Estimated advance widths, in ems of the table's type (Linux Libertine; code in the
# typewriter face), and the padding between columns (2\tabcolsep, 12pt at \small)
_EM_UPPER, _EM_LOWER, _EM_DIGIT, _EM_NARROW, _EM_SPACE = 0.68, 0.47, 0.52, 0.28, 0.25
_EM_MONO, _BOLD = 0.53, 1.08
PAD_EM = 1.3
CRAMPED_PAD_EM = 0.5  # the space between the columns of a cramped table
_SLACK_EM = 0.3  # added to a column's widest word
_MEASURE_PT = 425.0  # the text width of both paper sizes (letter 433pt, A4 425pt), less a margin
CODE_BREAK = frozenset("/.-_:=,;&?#+@\\|")  # a code cell may break after these
CODE_RUN = 8  # longer runs of code without them may break anywhere


def _char_em(char: str) -> float:
    if char.isspace():
        return _EM_SPACE
    if char.isdigit():
        return _EM_DIGIT
    if char in ".,;:'!|()[]ijl":
        return _EM_NARROW
    return _EM_UPPER if char.isupper() or char in "MWmw@%&" else _EM_LOWER


def _pieces(blocks: Iterable[m.Block]) -> Iterable[tuple[str, bool, bool]]:
    """The text of a cell as (text, code, bold) runs, in reading order."""
    from typeset.doc.walk import query

    bold: set[int] = set()
    # a note's text is set at the foot of the page, not in the cell
    for node in query(tuple(blocks), (m.Str, m.Code, m.Strong, m.Space, m.SoftBreak,
                                      m.Math), skip=(m.Note, m.Cite, m.Rich)):
        if isinstance(node, m.Strong):
            bold.update(id(n) for n in query(node.children, m.Str))
        elif isinstance(node, m.Str):
            yield node.text, False, id(node) in bold
        elif isinstance(node, m.Code):
            yield node.text, True, False
        elif isinstance(node, m.Math):
            yield node.text[: max(1, len(node.text) // 2)], False, False
        else:
            yield " ", False, False


def _cell_extent(cell: m.TableCell) -> tuple[float, float]:
    """(the whole text's width, its widest unbreakable piece) in ems, estimated."""
    total = widest = word = 0.0
    for text, code, bold in _pieces(cell.blocks):
        factor = _BOLD if bold else 1.0
        for piece in (re.split(r"(?<=[/.\-_:=,;&?#+@\\|])", text) if code else [text]):
            for char in piece:
                if char.isspace() and not code:
                    widest, word = max(widest, word), 0.0
                    total += _EM_SPACE
                    continue
                em = _EM_MONO if code else _char_em(char) * factor
                total += em
                word += em
            if code:  # a break point after each piece; a long piece breaks anywhere
                widest, word = max(widest, min(word, CODE_RUN * _EM_MONO)), 0.0
    return total, max(widest, word)


def column_widths(table: m.Table, font_pt: float = 10.0,
                  pad_em: float = PAD_EM) -> tuple[float, ...]:
    """Relative widths, none (natural widths) when the table fits the measure as it is.

    The table's own widths (multiline and grid tables, pipe tables with a long line) or,
    when its natural width would pass the measure, widths from its text; either way
    each column is at least as wide as its widest word (code breaks after ``/``, ``.``,
    ``_`` ...), taken from the columns with room to spare, so no word runs into the
    next column or past the margin. ``font_pt`` is the table's type size, ``pad_em``
    the space between two columns in its ems."""
    rows = [*table.head, *table.body]
    columns = max((len(r.cells) for r in rows), default=0)
    if not columns:
        return table.widths
    measure = _MEASURE_PT / font_pt
    extents = [[_cell_extent(r.cells[i]) for r in rows if i < len(r.cells)] or [(0.0, 0.0)]
               for i in range(columns)]
    natural = [max(t for t, _w in column) for column in extents]
    need = [(max(w for _t, w in column) + pad_em + _SLACK_EM) / measure for column in extents]
    widths = list(table.widths[:columns])
    if not widths:
        if sum(natural) + pad_em * columns <= measure:
            return ()
        capped = [min(max(n, 3.0), 30.0) for n in natural]
        widths = [n / sum(capped) for n in capped]
    widths += [min(need)] * (columns - len(widths))
    return _at_least(widths, need)


def spread_widths(table: m.Table, font_pt: float = 10.0,
                  pad_em: float = PAD_EM) -> tuple[float, ...]:
    """Relative widths for a table that fits the measure at its natural widths: each
    column its widest line of text (with ``pad_em`` and a little slack) and an equal share
    of the width to spare, so the table spans the measure with every column set as
    written. (``\\extracolsep{\\fill}`` would spread it too, but longtable sets its
    header chunk apart, which pushed a left-aligned last column's heading to the right
    margin.)"""
    rows = [*table.head, *table.body]
    columns = max((len(r.cells) for r in rows), default=0)
    if not columns:
        return ()
    measure = _MEASURE_PT / font_pt
    natural = [(max((_cell_extent(r.cells[i])[0] for r in rows if i < len(r.cells)),
                    default=0.0) + pad_em + _SLACK_EM) / measure for i in range(columns)]
    spare = max(0.0, 1.0 - sum(natural)) / columns
    total = sum(natural) + spare * columns
    return tuple((n + spare) / total for n in natural)


def cramped(table: m.Table, font_pt: float, pad_em: float) -> bool:
    """Whether the table's widest words, with ``pad_em`` between columns, pass the
    measure (by the estimate): wrapping cannot make such a table fit."""
    rows = [*table.head, *table.body]
    columns = max((len(r.cells) for r in rows), default=0)
    widest = [max((_cell_extent(r.cells[i])[1] for r in rows if i < len(r.cells)),
                  default=0.0) for i in range(columns)]
    return sum(widest) + pad_em * columns > _MEASURE_PT / font_pt


def fitted_size(table: m.Table, font_pt: float, pad_em: float, floor_pt: float = 6.0) -> float:
    """The largest type size, at most ``font_pt`` and at least ``floor_pt``, at which the
    table's widest words, with ``pad_em`` between columns, fit the measure (estimated)."""
    rows = [*table.head, *table.body]
    columns = max((len(r.cells) for r in rows), default=0)
    widest = [max((_cell_extent(r.cells[i])[1] for r in rows if i < len(r.cells)),
                  default=0.0) for i in range(columns)]
    needed = sum(widest) + (pad_em + _SLACK_EM) * columns
    return max(floor_pt, min(font_pt, _MEASURE_PT / needed)) if needed else font_pt


def _at_least(widths: list[float], need: list[float]) -> tuple[float, ...]:
    """``widths`` with each raised to its ``need``, the others shrunk in proportion to
    their spare width, the sum kept (or 1 when the needs alone pass it)."""
    total = max(sum(widths), min(1.0, sum(need)))
    if sum(need) >= total:
        return tuple(n / sum(need) * total for n in need)
    short = sum(max(0.0, n - w) for w, n in zip(widths, need, strict=True))
    spare = sum(max(0.0, w - n) for w, n in zip(widths, need, strict=True))
    scale = 1 - short / spare if spare else 1.0
    return tuple(n + max(0.0, w - n) * scale if w > n else n
                 for w, n in zip(widths, need, strict=True))
