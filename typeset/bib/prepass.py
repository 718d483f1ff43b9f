"""Same-length rewrites of BibTeX text where bibtexparser reads it otherwise than BibTeX.

Each rewrite keeps the text's length and every line break in place, so the
positions bibtexparser reports stay right, and each runs only when a cheap test
says it is needed: everything else reaches bibtexparser byte for byte.

1. ``@book`` followed by a line break before its ``{``, or ``@ book``: BibTeX
   and biber read an entry (white space may follow the ``@`` and precede the
   brace), bibtexparser reads free text and loses the entry. The white space
   is moved after the brace. Stray braces before the ``@`` at a line's
   start (``{@ preamble{``) are outside any entry, so the same holds.

1b. ``@`` at a line's end with the type on a later line (btxdoc.bib's ``use.@⏎⏎MaNuAl
   (scribe,``), and a type with a hyphen (``@FAKE-ENTRY{``): BibTeX and biber read
   entries, bibtexparser loses them without a word. Outside any entry (brace depth
   zero), the ``@`` moves after the white space and the hyphen becomes ``_`` (the
   type is unknown either way).

2. Quoted field values that hold a ``"`` inside braces. Why our own pass: in BibTeX a ``"``-delimited value ends at the first ``"`` at
brace depth zero, so ``"zeitgem{"a}{\\ss}"`` is one value (``{"a}`` is the old
way to write an umlaut). bibtexparser 2.1 does not count braces inside quotes
and ends the value at the ``"`` of ``{"a}``, silently cutting the title and
reading the rest of the entry as garbage (biber reads it whole). This pass
finds such values and swaps their two delimiting quotes for braces, which
BibTeX reads the same, before bibtexparser sees the text. The swap keeps the
text's length and every offset, so positions in diagnostics stay right.

Only values that need it are touched: everything else reaches bibtexparser
byte for byte. The scan is linear and gives up (changing nothing further) at
anything it does not understand, leaving bibtexparser to report it.

3. ``% comment`` lines between the fields of an entry (biber skips them; ``bib --tidy``
   writes a comment that sat inside a ``#`` concatenation above its field):
   bibtexparser reads the comment into the next field's name (``% note\n  year``),
   and the year is lost. The comment, from ``%`` to the end of its line, becomes
   spaces; inside a value (braces or quotes) nothing is touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BLOCK = re.compile(r"@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])")
_VERBATIM = frozenset({"comment", "preamble", "string"})
_NEXT_BLOCK = re.compile(r"\n[ \t]*@")
_BROKEN_OPENER = re.compile(
    r"^([ \t{}()]*@)([ \t]*)([A-Za-z][\w-]*)([ \t]*\r?\n[ \t\r\n]*|[ \t]*)([{(])", re.MULTILINE
)
_NEWLINE_OPENER = re.compile(r"@[A-Za-z][\w-]*[ \t]*\r?\n[ \t\r\n]*[{(]")
_MARK = re.compile(r'[{}"()\n]')


def join_broken_openers(text: str) -> str:
    """``@type⏎{key`` as ``@type{⏎key`` and ``@ type{`` as ``@type{ ``: the entries
    BibTeX reads there."""
    if "@ " not in text and "@\t" not in text and not _NEWLINE_OPENER.search(text):
        return text
    return _BROKEN_OPENER.sub(_join, text)


def _join(match: re.Match[str]) -> str:
    at, space, kind, gap, opener = match.groups()
    if not space and "\n" not in gap:
        return match.group(0)
    return at + kind + opener + space + gap


_DETACHED_AT = re.compile(r"@([ \t]*\r?\n[ \t\r\n]*)(?=[A-Za-z][\w-]*[ \t\r\n]*[{(])")
_HYPHEN_TYPE = re.compile(r"@[A-Za-z]\w*(?:-\w+)+(?=[ \t\r\n]*[{(])")


def attach_detached_types(text: str) -> str:
    """``@⏎type(`` as ``⏎@type(`` and ``@a-b{`` as ``@a_b{``, outside entries (1b above)."""
    if "-" not in text and not _DETACHED_AT.search(text):
        return text
    matches = [*_DETACHED_AT.finditer(text), *_HYPHEN_TYPE.finditer(text)]
    if not matches:
        return text
    chars = list(text)
    for match in sorted(matches, key=lambda m: m.start()):
        if not _outside_entries(text, match.start()):
            continue
        if match.group(0).startswith("@") and match.re is _DETACHED_AT:
            gap = match.group(1)
            chars[match.start():match.end()] = [*gap, "@"]
        else:
            chars[match.start():match.end()] = list(match.group(0).replace("-", "_"))
    return "".join(chars)


def _outside_entries(text: str, offset: int) -> bool:
    """Brace and parenthesis depth zero at ``offset`` (a cheap count; matches are rare)."""
    head = text[:offset]
    return head.count("{") <= head.count("}") and head.count("(") <= head.count(")")


def cut_quoted_value(values: Iterable[str]) -> bool:
    """Whether a raw ``"..."`` value has more ``{`` than ``}``: the sign that the
    parser ended it at a quote inside braces (cheap; checked before re-reading)."""
    return any(v.startswith('"') and v.count("{") > v.count("}") for v in values)


def brace_quoted_values(text: str) -> str:
    """``text`` with each quoted value that has a ``"`` inside braces delimited by braces."""
    if '{"' not in text and '"}' not in text:
        return text
    swaps: list[tuple[int, int]] = []
    pos = 0
    while True:
        match = _BLOCK.search(text, pos)
        if match is None:
            break
        kind = match.group(1).lower()
        closer = "}" if match.group(2) == "{" else ")"
        verbatim = kind in _VERBATIM and kind != "string"
        pos = _entry_end(text, match.end(), closer, swaps, verbatim=verbatim)
        if pos < 0:
            break
    if not swaps:
        return text
    chars = list(text)
    for opening, closing in swaps:
        chars[opening], chars[closing] = "{", "}"
    return "".join(chars)


def _entry_end(text: str, pos: int, closer: str, swaps: list[tuple[int, int]],
               *, verbatim: bool) -> int:
    """Offset after the block's closing delimiter, collecting quote pairs to swap; -1 to stop."""
    depth = 0
    while (mark := _MARK.search(text, pos)) is not None:
        pos = mark.start()
        char = text[pos]
        if char == "\n" and depth == 0 and not verbatim and _NEXT_BLOCK.match(text, pos):
            return pos  # an unclosed entry: the next one starts here
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return pos + 1 if closer == "}" else -1
            depth -= 1
        elif char == closer and depth == 0:
            return pos + 1
        elif char == '"' and depth == 0 and not verbatim:
            end, inner = _quoted_end(text, pos)
            if end < 0:
                return -1
            if inner:
                swaps.append((pos, end))
            pos = end
        pos += 1
    return -1


def _quoted_end(text: str, start: int) -> tuple[int, bool]:
    """The ``"`` closing the value opened at ``start`` (-1 if none), and whether a
    ``"`` inside braces came before it."""
    depth = 0
    inner = False
    pos = start + 1
    while (mark := _MARK.search(text, pos)) is not None:
        pos = mark.start()
        char = text[pos]
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return -1, False
            depth -= 1
        elif char == '"':
            if depth == 0:
                return pos, inner
            inner = True
        elif char == "\n" and _NEXT_BLOCK.match(text, pos):
            return -1, False
        pos += 1
    return -1, False


def blank_entry_comments(text: str) -> str:
    """``%`` comments between an entry's fields as spaces (same length, lines kept)."""
    if "%" not in text:
        return text
    chars: list[str] | None = None
    index, size = 0, len(text)
    while index < size:
        match = _BLOCK.search(text, index)
        if match is None:
            break
        index = match.end()
        if match.group(1).lower() in _VERBATIM:
            continue
        closer = "}" if match.group(2) == "{" else ")"
        depth, quoted = 0, False
        while index < size:
            char = text[index]
            if char == "{":
                depth += 1
            elif char == "}" and depth > 0:
                depth -= 1
            elif depth == 0 and char == closer:
                index += 1
                break
            elif depth == 0 and char == '"':
                quoted = not quoted
            elif depth == 0 and char == "%" and not quoted:
                end = text.find("\n", index)
                end = size if end < 0 else end
                if chars is None:
                    chars = list(text)
                chars[index:end] = " " * (end - index)
                index = end
                continue
            elif char == "\n" and _BLOCK.match(text, index + 1 + _indent(text, index + 1)):
                break  # an unclosed entry: leave the rest to bibtexparser
            index += 1
    return text if chars is None else "".join(chars)


def _indent(text: str, start: int) -> int:
    index = start
    while index < len(text) and text[index] in " \t":
        index += 1
    return index - start
