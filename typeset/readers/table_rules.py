"""Pandoc's simple, multiline and grid tables as a markdown-it block rule.

No plugin reads them, and without the rule a multiline table's dash line turns
the row above it into a setext heading. The rule emits the token stream of
markdown-it's own pipe tables (``table_open``, ``thead_open``, ``tr_open``,
``th_open``/``td_open`` with ``style="text-align:..."``, one ``inline`` token per
cell), so :mod:`typeset.readers.tables` converts all kinds alike; multiline and
grid tables also carry ``meta["widths"]``, relative column widths from their
dash lines, as pandoc computes them. A grid cell holds blocks (paragraphs, lists,
code, as in pandoc): its lines, with the indentation they share removed, go into
the cell's token with ``meta["blocks"]``, and the reader parses them as Markdown
of their own.

A pipe table's delimiter row may use ``+`` between its columns (``|----+----|``), as
pandoc reads it: rewritten to ``|`` in place before markdown-it's table rule.

Column alignment follows pandoc: header text flush with the left end of its
dashes and short of the right is left-aligned, flush right and short of the
left right-aligned, short of both centred, flush with both the default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_GROUPS = re.compile(r"-+")
_SEPARATOR = re.compile(r"\s*-+(?:\s+-+)+\s*$")
_FULL_RULE = re.compile(r"\s*-{3,}\s*$")
_GRID_RULE = re.compile(r"\+(?:[-=:]+\+)+\s*$")


@dataclass(frozen=True)
class _Column:
    start: int
    end: int  # exclusive; the last column runs to the end of the line


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line]:state.eMarks[line]]


def _columns(rule: str) -> list[_Column]:
    groups = list(_GROUPS.finditer(rule))
    return [_Column(g.start(), g.end()) for g in groups]


def _cell(text: str, columns: list[_Column], index: int) -> str:
    start = columns[index].start if index else 0
    end = columns[index + 1].start if index + 1 < len(columns) else len(text)
    return text[start:end].strip()


def _align(header: str, column: _Column) -> str:
    piece = header[column.start:column.end] if header else ""
    if not piece.strip():
        return "default"
    left = piece[0] != " "
    right = len(header) >= column.end and header[column.end - 1] != " "
    if left and right:
        return "default"
    if left:
        return "left"
    if right:
        return "right"
    return "center"


def _emit(state: StateBlock, head: list[tuple[int, list[str]]],
          body: list[tuple[int, list[str]]], aligns: list[str], lines: tuple[int, int],
          widths: list[float] | None, blocks: bool = False) -> None:
    table = state.push("table_open", "table", 1)
    table.map = [lines[0], lines[1]]
    if widths:
        table.meta["widths"] = widths
    for part, rows, cell_tag in (("thead", head, "th"), ("tbody", body, "td")):
        if not rows:
            continue
        state.push(f"{part}_open", part, 1)
        for line, cells in rows:
            state.push("tr_open", "tr", 1)
            for index, text in enumerate(cells):
                cell = state.push(f"{cell_tag}_open", cell_tag, 1)
                if aligns[index] != "default":
                    cell.attrs["style"] = f"text-align:{aligns[index]}"
                if blocks:
                    cell.meta["blocks"] = True
                inline = state.push("inline", "", 0)
                inline.content, inline.map, inline.children = text, [line, line + 1], []
                state.push(f"{cell_tag}_close", cell_tag, -1)
            state.push("tr_close", "tr", -1)
        state.push(f"{part}_close", part, -1)
    state.push("table_close", "table", -1)


def _relative(columns: list[_Column], total: int) -> list[float]:
    """Pandoc's widths: each column's share of the dash line (or of 72 columns if wider)."""
    # the last column as pandoc counts it: to the end of the line, and one more
    spans = [(columns[i + 1].start if i + 1 < len(columns) else max(total, c.end) + 1)
             - c.start for i, c in enumerate(columns)]
    whole = max(sum(spans), 72)
    return [s / whole for s in spans]


def _rows_until_blank(state: StateBlock, line: int, end: int) -> int:
    while line < end and not state.isEmpty(line):
        line += 1
    return line


def simple_table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``Header  Header`` / ``------  ------`` / rows, up to a blank line (or a closing rule
    when there is no header)."""
    if state.sCount[start] - state.blkIndent >= 4 or start + 1 >= end:
        return False
    first, second = _line(state, start), _line(state, start + 1)
    if _SEPARATOR.match(second) and first.strip() and not _SEPARATOR.match(first):
        header, rule, body_start = first, second, start + 2
    elif _SEPARATOR.match(first) and second.strip():
        header, rule, body_start = "", first, start + 1
    else:
        return False
    stop = _rows_until_blank(state, body_start, end)
    rows = list(range(body_start, stop))
    if not header:
        if not rows or not _SEPARATOR.match(_line(state, rows[-1])):
            return False
        rows = rows[:-1]
    elif rows and _SEPARATOR.match(_line(state, rows[-1])):
        rows = rows[:-1]
    if not rows or any(_SEPARATOR.match(_line(state, r)) for r in rows):
        return False
    if silent:
        return True
    columns = _columns(rule)
    reference = header or _line(state, rows[0])
    aligns = [_align(reference, c) for c in columns]
    split = [(r, [_cell(_line(state, r), columns, i) for i in range(len(columns))]) for r in rows]
    head = [(start, [_cell(header, columns, i) for i in range(len(columns))])] if header else []
    _emit(state, head, split, aligns, (start, stop), None)
    state.line = stop
    return True


def multiline_table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A full-width dash line, header lines, a column rule, rows apart by blank lines, and a
    closing full-width dash line."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    if _SEPARATOR.match(_line(state, start)):
        return _headerless_multiline(state, start, end, silent)
    if not _FULL_RULE.match(_line(state, start)):
        return False
    line = start + 1
    header_lines = []
    while line < end and not _SEPARATOR.match(_line(state, line)):
        if state.isEmpty(line) or _FULL_RULE.match(_line(state, line)):
            return False
        header_lines.append(line)
        line += 1
    if line >= end:
        return False
    rule_line = line
    close = next((n for n in range(rule_line + 1, end) if _FULL_RULE.match(_line(state, n))), None)
    if close is None or close == rule_line + 1:
        return False
    if silent:
        return True
    columns = _columns(_line(state, rule_line))
    head_text = [_line(state, n) for n in header_lines]
    aligns = [_align(head_text[0] if head_text else "", c) for c in columns]
    head = [(header_lines[0], [" ".join(_cell(t, columns, i) for t in head_text).strip()
                               for i in range(len(columns))])] if header_lines else []
    body = _multiline_rows(state, columns, rule_line + 1, close)
    total = len(_line(state, start).rstrip())
    _emit(state, head, body, aligns, (start, close + 1), _relative(columns, total))
    state.line = close + 1
    return True


def _multiline_rows(state: StateBlock, columns: list[_Column], first: int, close: int
                    ) -> list[tuple[int, list[str]]]:
    """The rows from line ``first`` up to ``close`` (exclusive), apart by blank lines."""
    body = []
    row: list[int] = []
    for n in range(first, close + 1):
        if n == close or state.isEmpty(n):
            if row:
                texts = [_line(state, r) for r in row]
                body.append((row[0], ["\n".join(_cell(t, columns, i) for t in texts).strip()
                                      for i in range(len(columns))]))
            row = []
        else:
            row.append(n)
    return body


def _headerless_multiline(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Pandoc's headerless multiline table: a column rule, rows apart by single blank
    lines, and a closing dash line, then a blank line (without a blank line between the
    rules it is a headerless simple table). Alignment is read from the first row."""
    if start + 1 >= end or state.isEmpty(start + 1):
        return False
    close, blank = None, False
    for n in range(start + 1, end):
        if state.isEmpty(n):
            if state.isEmpty(n - 1):
                return False  # two blank lines: the table has ended without its rule
            blank = True
        elif _SEPARATOR.match(_line(state, n)) or _FULL_RULE.match(_line(state, n)):
            close = n
            break
    if close is None or not blank or state.isEmpty(close - 1):
        return False
    if close + 1 < end and not state.isEmpty(close + 1):
        return False
    if silent:
        return True
    columns = _columns(_line(state, start))
    aligns = [_align(_line(state, start + 1), c) for c in columns]
    body = _multiline_rows(state, columns, start + 1, close)
    total = len(_line(state, start).rstrip())
    _emit(state, [], body, aligns, (start, close + 1), _relative(columns, total))
    state.line = close + 1
    return True


def _grid_cells(text: str, bounds: list[int]) -> list[str]:
    return [text[a + 1:b].rstrip() if b <= len(text) else text[a + 1:].rstrip()
            for a, b in zip(bounds, bounds[1:], strict=False)]


def _grid_cell_text(lines: list[str]) -> str:
    """A cell's lines without the indentation they share (a list item's continuation keeps
    its own), blank lines at either end dropped."""
    indents = [len(t) - len(t.lstrip(" ")) for t in lines if t.strip()]
    cut = min(indents, default=0)
    return "\n".join(t[cut:] for t in lines).strip("\n")


def grid_table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``+---+---+`` rules around ``| cell | cell |`` lines; ``+===+`` ends the header."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    top = _line(state, start).strip()
    if not _GRID_RULE.match(top):
        return False
    line = start + 1
    while line < end and _line(state, line).strip()[:1] in ("|", "+"):
        line += 1
    if line - start < 3 or not _GRID_RULE.match(_line(state, line - 1).strip()):
        return False
    if silent:
        return True
    indent = len(_line(state, start)) - len(_line(state, start).lstrip())
    bounds = [m.start() for m in re.finditer(r"\+", top)]
    rows: list[list[int]] = []
    current: list[int] = []
    head_end: int | None = None
    for n in range(start + 1, line):
        text = _line(state, n)[indent:]
        if _GRID_RULE.match(text.strip()):
            if current:
                rows.append(current)
            if "=" in text and head_end is None:
                head_end = len(rows)
            current = []
        else:
            current.append(n)
    parsed = []
    for r in rows:
        split = [_grid_cells(_line(state, n)[indent:], bounds) for n in r]
        parsed.append((r[0], [_grid_cell_text([cells[i] if i < len(cells) else ""
                                               for cells in split])
                              for i in range(len(bounds) - 1)]))
    aligns = [_grid_align(top, bounds, i) for i in range(len(bounds) - 1)]
    head, body = (parsed[:head_end], parsed[head_end:]) if head_end else ([], parsed)
    total = len(top)
    widths = [(b - a) / max(total, 72) for a, b in zip(bounds, bounds[1:], strict=False)]
    _emit(state, head, body, aligns, (start, line), widths, blocks=True)
    state.line = line
    return True


def _grid_align(rule: str, bounds: list[int], index: int) -> str:
    piece = rule[bounds[index] + 1:bounds[index + 1]]
    left, right = piece.startswith(":"), piece.endswith(":")
    return "center" if left and right else "left" if left else "right" if right else "default"


# a pipe table's delimiter row with "+" between columns (``|-----+------:|``), which pandoc
# reads as "|"; a grid table's rule starts with "+"
_PLUS_DELIMITER = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:[|+][ \t]*:?-+:?[ \t]*)+\|?[ \t]*")


def pipe_plus_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Pandoc's ``+`` in a pipe table's delimiter row: rewritten in place (same length, so
    every line offset holds) into ``|`` for markdown-it's table rule, which runs next;
    never matches itself."""
    if start + 1 >= end or state.sCount[start] - state.blkIndent >= 4:
        return False
    line = _line(state, start + 1)
    if "+" not in line or line.lstrip().startswith("+") or "|" not in _line(state, start):
        return False
    if not _PLUS_DELIMITER.fullmatch(line):
        return False
    begin, stop = state.bMarks[start + 1], state.eMarks[start + 1]
    state.src = state.src[:begin] + line.replace("+", "|") + state.src[stop:]
    return False


def table_rules_plugin(md: MarkdownIt) -> None:
    """Before setext headings and paragraphs, so a dash line is a table's, not a heading's."""
    md.block.ruler.before("table", "pipe_plus", pipe_plus_rule,
                          {"alt": ["paragraph", "reference"]})
    md.block.ruler.before("table", "grid_table", grid_table_rule)
    # before the front matter's rule too: a multiline table's dash line on a file's first
    # line is no YAML block (pandoc opens one with "---" alone, and a table has a column
    # rule that YAML has not)
    names = [rule.name for rule in md.block.ruler.__rules__]
    md.block.ruler.before("front_matter" if "front_matter" in names else "table",
                          "multiline_table", multiline_table_rule)
    md.block.ruler.before("table", "simple_table", simple_table_rule)
