"""A hand-rolled decoder for the LaTeX most field values hold, before pylatexenc.

Why: pylatexenc's walker is general and slow (its tokenizer is ~70% of
converting a 1,300-entry file with abstracts), yet most values hold only
protected ``{Words}``, accents (``{\\"o}``, ``\\'e``, ``\\v{c}``), dashes,
ties, TeX quotes and escaped specials. This module decodes exactly those and
returns None for anything else, which then goes to pylatexenc. It must give
the same text as the pylatexenc walk: ``tests/bib/test_latex.py`` compares
the two on every case it decodes.
"""

from __future__ import annotations

import re
import unicodedata

from typeset.bib import latex_tables

NOCASE_OPEN = '<span class="nocase">'
NOCASE_CLOSE = "</span>"

# Accent commands -> Unicode combining marks.
_ACCENTS: dict[str, str] = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
# Letters written as commands.
_LETTERS: dict[str, str] = {
    "ss": "\u00df", "o": "\u00f8", "O": "\u00d8", "l": "\u0142", "L": "\u0141",
    "ae": "\u00e6", "AE": "\u00c6", "oe": "\u0153", "OE": "\u0152", "aa": "\u00e5",
    "AA": "\u00c5", "i": "\u0131", "j": "\u0237",
}
_ESCAPES = {"&": "&", "%": "%", "$": "$", "_": "_", "#": "#", "{": "{", "}": "}"}
# Argument-less commands of latex_tables.SYMBOLS whose text the group pass
# below would read again (a tilde, dashes, quotes, braces) stay with pylatexenc.
_SYMBOLS = {
    name: text for name, text in latex_tables.SYMBOLS.items()
    if not any(c in text for c in "~\\{}`'-<>")
}
_SYMBOL_WORD = re.compile(
    r"\\(" + "|".join(sorted((n for n in _SYMBOLS if n.isalpha()), key=len, reverse=True))
    + r")(?![A-Za-z])[ \t\r\n]*"
)
_SYMBOL_CHAR = re.compile(r"\\([-/ ])")
_JOINS_LIGATURE = re.compile(r"[`'\-!?<>,]\\[-/]|\\[-/][`'\-!?<>,]")

_SYMBOL_ACCENT = r"[\'`^\"~=.]"
_LETTER_ACCENT = r"[uvHckrdb]"
_BASE = r"(?:\\[ij](?![A-Za-z])\s*|[A-Za-z])"
# \"o  \"{o}  \v{c}  \v c  \c{c} ; the accented letter may be a dotless \i.
_ACCENT = re.compile(
    rf"\\(?:({_SYMBOL_ACCENT})\s*(?:\{{({_BASE})\}}|({_BASE}))"
    rf"|({_LETTER_ACCENT})(?:\s*\{{({_BASE})\}}|\s+({_BASE})))"
)
_LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L)(?![A-Za-z])(?:\{\}|\s*)")
_ESCAPE = re.compile(r"\\([&%$_#{}])")
_WS = re.compile(r"[ \t\r\n\f\v]+")
_UNSAFE = re.compile(r"\\|\$|!`|\?`|%|<|>")


def fast_decode(value: str, *, nocase: bool) -> str | None:
    """``value`` decoded when it holds only the simple LaTeX above, else None.

    The result still needs the caller's white-space collapse and quote pass.
    """
    text = value
    if "\\" in text:
        special = _special_groups(text)
        accented = None if special is None else _accents(special)
        if accented is None:
            return None  # a command left over (``\\\\`` too): pylatexenc reads it
        text = accented
    if _UNSAFE.search(text.replace("\\&", "").replace("\\%", "").replace("\\_", "")
                      .replace("\\#", "").replace("\\$", "")):
        return None
    return _groups(text, nocase=nocase)


def _special_groups(text: str) -> str | None:
    """Top-level groups opening with a command (``{\\"o}``, ``{\\v{C}ech}``) are
    BibTeX "special characters", not case protection: their braces go."""
    out: list[str] = []
    index = 0
    depth = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            out.append(text[index : index + 2])
            index += 2
            continue
        if char == "{" and depth == 0 and text.startswith("\\", index + 1):
            close = _matching(text, index)
            if close is None:
                return None
            inner = _accents(text[index + 1 : close])
            if inner is None or "{" in inner.replace("\\{", ""):
                return None
            out.append(inner)
            index = close + 1
            continue
        depth += 1 if char == "{" else -1 if char == "}" else 0
        out.append(char)
        index += 1
    return "".join(out)


def _accents(text: str) -> str | None:
    """Accents and letter commands to Unicode; None when a command is left over."""
    text = _ACCENT.sub(_accent, text)
    text = _LETTER.sub(lambda m: _LETTERS[m.group(1)], text)
    text = _SYMBOL_WORD.sub(lambda m: _SYMBOLS[m.group(1)], text)
    if re.search(r"-\\-|\\--", text):
        return None  # "--\---": the soft hyphen keeps TeX's dash ligatures apart
    if _JOINS_LIGATURE.search(text):
        return None  # `\-` or `\/` keeps TeX ligatures apart (`\-``): pylatexenc reads those
    text = _SYMBOL_CHAR.sub(lambda m: " " if m.group(1) == " " else "", text)
    if re.search(r"\\(?![&%$_#{}])", text):
        return None
    return text


def _accent(match: re.Match[str]) -> str:
    mark = _ACCENTS[match.group(1) or match.group(4)]
    base = (match.group(2) or match.group(3) or match.group(5) or match.group(6)).strip()
    if base.startswith("\\"):
        base = "\u0131" if base[1] == "i" else "\u0237"
        if mark in ("\u0301", "\u0300", "\u0302", "\u0308", "\u0303", "\u0304"):
            base = "i" if base == "\u0131" else "j"
    return unicodedata.normalize("NFC", base + mark)


def _groups(text: str, *, nocase: bool) -> str | None:
    """Braces (top level: no-case spans), dashes, ties, quotes, escaped specials."""
    out: list[str] = []
    depth = 0
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            if text[index + 1 : index + 2] not in _ESCAPES:
                return None
            out.append(_ESCAPES[text[index + 1]])
            index += 2
            continue
        if char == "{":
            depth += 1
            if depth == 1 and nocase:
                close = _matching(text, index)
                if close is None:
                    return None
                inner = text[index + 1 : close]
                decoded = _groups(inner, nocase=False)
                if decoded is None:
                    return None
                if decoded:
                    out.append(f"{NOCASE_OPEN}{decoded}{NOCASE_CLOSE}")
                depth = 0
                index = close + 1
                continue
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
        elif char == "-" and text.startswith("---", index):
            out.append("\u2014")
            index += 3
            continue
        elif char == "-" and text.startswith("--", index):
            out.append("\u2013")
            index += 2
            continue
        elif char == "~":
            out.append("\u00a0")
        elif char == "`" and text.startswith("``", index):
            out.append("\u201c")
            index += 2
            continue
        elif char == "'" and text.startswith("''", index):
            out.append("\u201d")
            index += 2
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out) if depth == 0 else None


def _matching(text: str, start: int) -> int | None:
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None
