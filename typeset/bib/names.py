"""BibTeX name lists -> CSL-JSON names, split BEFORE LaTeX is decoded.

Why before: the braces are the only record of what the author protected.
``{{U.S. Department of State}}`` must stay one literal name, and
``{\\v{C}}ech`` must count as an upper-case word; once LaTeX is decoded both
facts are gone (DESIGN.md, "BibTeX parsing").

The rules are BibTeX's own (Patashnik, "Designing BibTeX Styles", names):
"First von Last", "von Last, First", "von Last, Jr, First"; the von part is
the run of words that start with a lower-case letter at brace depth 0. Our
choices, beyond BibTeX:

- a name that is one braced group is a CSL ``literal`` name, never split;
- the von part becomes CSL ``non-dropping-particle`` (``van der``, ``de``);
- "First Last, Jr." (two parts, the second a known suffix such as ``Jr.``
  or ``III``) is read as a suffix, since nobody means a given name "Jr.";
- "Last, First, Jr." (a suffix in third place) is read as meant;
- ``and others`` is not a name: it is dropped and reported through
  :attr:`NameList.others` (the converter records it as ``"_others"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from typeset.bib.latex import decode_latex

_SUFFIX = re.compile(r"^(?:jr\.?|sr\.?|[IVX]+|\d+(?:st|nd|rd|th))$", re.IGNORECASE)
# In "First Last, X" only an unmistakable suffix is one: "Van Dyke, V" and
# "Le Roy, X" are a family name and an initial, as biber reads them.
_CLEAR_SUFFIX = re.compile(r"^(?:jr\.?|sr\.?|I{2,3}|IV|VI{1,3}|IX|\d+(?:st|nd|rd|th))$",
                           re.IGNORECASE)
# biblatex's extended name format: ``family=Heuvel, given=Charles, prefix=van den``.
_EXTENDED = re.compile(r"^\s*(family|given|prefix|suffix|useprefix)\s*=", re.IGNORECASE)
_EXTENDED_KEYS = {"family": "family", "given": "given", "prefix": "non-dropping-particle",
                  "suffix": "suffix"}


@dataclass
class NameList:
    """Parsed names plus what the caller should report."""

    names: list[dict[str, str]] = field(default_factory=list)
    others: bool = False
    problems: list[str] = field(default_factory=list)


def parse_names(raw: str) -> NameList:
    """Split a raw name-list field on top-level ``and`` and parse each name.

    Parsed lists are cached by field text (a file repeats its authors and
    editors); each call gets its own copies."""
    cached = _parse_names_cached(raw)
    return NameList([dict(n) for n in cached.names], cached.others, list(cached.problems))


@lru_cache(maxsize=16384)
def _parse_names_cached(raw: str) -> NameList:
    result = NameList()
    for part in split_top_level(raw, " and "):
        if part.strip().lower() == "others":
            result.others = True
            continue
        name = parse_name(part)
        if name is None and part.strip():
            result.problems.append(f"cannot read the name {part.strip()!r}")
        elif name is not None:
            result.names.append(name)
    return result


def parse_name(raw: str) -> dict[str, str] | None:
    """One BibTeX name -> a CSL-JSON name dict (None when nothing is left)."""
    text = " ".join(raw.split())
    if not text:
        return None
    if _is_one_group(text):
        literal = _decode(text[1:-1])
        return {"literal": literal} if literal else None
    parts = [p.strip() for p in split_top_level(text, ",")]
    if _EXTENDED.match(parts[0]):
        return _extended(parts)
    if len(parts) > 3:
        parts = [parts[0], parts[1], ", ".join(parts[2:])]
    if len(parts) == 1:
        von, last, jr, first = _first_von_last(_words(parts[0]))
    elif len(parts) == 2 and _CLEAR_SUFFIX.match(parts[1]) and len(_words(parts[0])) > 1:
        von, last, _, first = _first_von_last(_words(parts[0]))
        jr = [parts[1]]
    else:
        if len(parts) == 3 and _SUFFIX.match(parts[2]) and not _SUFFIX.match(parts[1]):
            parts = [parts[0], parts[2], parts[1]]  # "Last, First, Jr." written the other way
        von, last = _von_last(_words(parts[0]))
        jr = _words(parts[1]) if len(parts) == 3 else []
        first = _words(parts[-1]) if len(parts) > 1 else []
    return _csl_name(first, von, last, jr)


def _extended(parts: list[str]) -> dict[str, str] | None:
    """``key=value`` parts; a value may be braced (``given={Charles J.}``)."""
    name: dict[str, str] = {}
    for part in parts:
        key, _, value = part.partition("=")
        target = _EXTENDED_KEYS.get(key.strip().lower())
        value = value.strip()
        if value.startswith("{") and value.endswith("}") and _is_one_group(value):
            value = value[1:-1]
        if target and (decoded := _decode(value)):
            name[target] = decoded
    if "family" not in name:
        return {"literal": name["given"]} if "given" in name else None
    return name


def split_top_level(text: str, separator: str) -> list[str]:
    """Split at ``separator`` (case-insensitive, whitespace-flexible) outside braces."""
    pieces: list[str] = []
    depth = 0
    start = 0
    index = 0
    word = separator.strip().lower()
    needs_space = separator != separator.strip()
    while index < len(text):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and _separator_at(text, index, word, needs_space):
            pieces.append(text[start:index])
            index += len(word)
            start = index
            continue
        index += 1
    pieces.append(text[start:])
    return pieces


def _separator_at(text: str, index: int, word: str, needs_space: bool) -> bool:
    if text[index : index + len(word)].lower() != word:
        return False
    if not needs_space:
        return True
    before = text[index - 1] if index > 0 else ""
    after = text[index + len(word)] if index + len(word) < len(text) else ""
    return before.isspace() and after.isspace()


def _words(text: str) -> list[str]:
    """Whitespace- and ``~``-separated words at brace depth 0.

    The space after a control word belongs to it (TeX swallows it), so
    ``Gro\\ss e`` and ``Fran\\c cois`` are one word each, as biber reads them."""
    words: list[str] = []
    current: list[str] = []
    depth = 0
    previous = ""
    for char in text:
        tie = char == "~" and previous != "\\"  # \~ is an accent, not a tie
        previous = char
        if depth == 0 and char.isspace() and _ends_in_control_word(current):
            current.append(" ")
            continue
        if depth == 0 and (char.isspace() or tie):
            if current:
                words.append("".join(current))
            current = []
            continue
        depth += 1 if char == "{" else -1 if char == "}" and depth > 0 else 0
        current.append(char)
    if current:
        words.append("".join(current))
    return words


def _ends_in_control_word(current: list[str]) -> bool:
    """Whether the word so far ends in ``\\name`` or in the space taken after one."""
    index = len(current) - 1
    if index >= 0 and current[index] == " ":
        return True  # at depth 0 only a space after a control word is kept in a word
    while index >= 0 and current[index].isascii() and current[index].isalpha():
        index -= 1
    return 0 <= index < len(current) - 1 and current[index] == "\\" and (
        index == 0 or current[index - 1] != "\\")


def _is_one_group(text: str) -> bool:
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += 1 if char == "{" else -1 if char == "}" else 0
        if depth == 0 and index < len(text) - 1:
            return False
    return True


def _is_lower(word: str) -> bool:
    """BibTeX's test for a von word: its first letter at depth 0 is lower case.

    A word opening with a plain group (``{Van}``) is caseless and so not von;
    one opening with a special character (``{\\v c}``) is judged by the
    decoded letter.
    """
    if word.startswith("{") and not word.startswith("{\\"):
        return False
    if word.startswith(("{\\", "\\")):
        decoded = _decode(word)
        letters = [c for c in decoded if c.isalpha()]
        return bool(letters) and letters[0].islower()
    for char in word:
        if char.isalpha():
            return char.islower()
    return False


def _first_von_last(words: list[str]) -> tuple[list[str], list[str], list[str], list[str]]:
    if not words:
        return [], [], [], []
    body, last_word = words[:-1], words[-1]
    lower = [i for i, w in enumerate(body) if _is_lower(w)]
    if not lower:
        return [], [last_word], [], body
    first_von, last_von = lower[0], lower[-1]
    return body[first_von : last_von + 1], body[last_von + 1 :] + [last_word], [], body[:first_von]


def _von_last(words: list[str]) -> tuple[list[str], list[str]]:
    if not words:
        return [], []
    # BibTeX: the von part starts the name. In "Pinho de Souza, Jorge" the
    # first word is capitalised, so the whole "Pinho de Souza" is the family.
    lower = [i for i, w in enumerate(words[:-1]) if _is_lower(w)]
    if not lower or not _is_lower(words[0]):
        return [], words
    return words[: lower[-1] + 1], words[lower[-1] + 1 :]


def _csl_name(
    first: list[str], von: list[str], last: list[str], jr: list[str]
) -> dict[str, str] | None:
    name: dict[str, str] = {}
    for key, words in (
        ("family", last),
        ("given", first),
        ("non-dropping-particle", von),
        ("suffix", jr),
    ):
        value = _decode(" ".join(words))
        if value:
            name[key] = value
    if "family" not in name:
        return {"literal": name["given"]} if "given" in name else None
    return name


def _decode(text: str) -> str:
    return decode_latex(text, nocase=False, markup=False).text
