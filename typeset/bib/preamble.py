"""Macros a .bib defines for itself in ``@preamble`` (``\\newcommand``, ``\\def``).

Real files define their own markup there (``\\newcommand{\\proglang}[1]{\\textsf{#1}}``,
``\\def\\cprime{$'$}``) and use it in fields; biblatex reads the preamble into
the document, so those commands print. We read the simple, text-only forms
and expand them in that file's fields before decoding:

- ``\\newcommand``, ``\\renewcommand``, ``\\providecommand`` (starred too),
  ``\\DeclareRobustCommand``, with ``[n]`` arguments (no optional default);
- ``\\def\\name{body}`` and ``\\def\\name#1#2{body}``.

Anything else in the preamble (``\\ifx``, ``\\csname``, packages) is left
alone; a body that itself uses an unknown command yields the decoder's
usual warning. Expansion is bounded so a self-referencing macro cannot loop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NEWCOMMAND = re.compile(
    r"\\(?:newcommand|renewcommand|providecommand|DeclareRobustCommand)\*?\s*"
    r"(?:\{\s*\\([A-Za-z@]+)\s*\}|\\([A-Za-z@]+))\s*(?:\[(\d)\])?\s*\{"
)
_DEF = re.compile(r"\\def\s*\\([A-Za-z@]+)((?:\s*#\d)*)\s*\{")
MAX_ROUNDS = 8


@dataclass(frozen=True)
class Macro:
    """A user command: how many arguments it takes and its body (#1.. placeholders)."""

    arguments: int
    body: str


def read_preamble(text: str) -> dict[str, Macro]:
    """The macros defined in one @preamble's text (later definitions win)."""
    macros: dict[str, Macro] = {}
    for match in _NEWCOMMAND.finditer(text):
        body = _group(text, match.end() - 1)
        if body is not None:
            macros[match.group(1) or match.group(2)] = Macro(int(match.group(3) or 0), body)
    for match in _DEF.finditer(text):
        body = _group(text, match.end() - 1)
        if body is not None:
            macros[match.group(1)] = Macro(match.group(2).count("#"), body)
    return macros


def _group(text: str, start: int) -> str | None:
    """The inside of the balanced group opening at ``start`` (None if unclosed)."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "\\":
            continue
        if text[index] == "{" and text[index - 1] != "\\":
            depth += 1
        elif text[index] == "}" and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index]
    return None


def expander(macros: dict[str, Macro]) -> re.Pattern[str] | None:
    """One pattern matching any of ``macros`` as a whole control word."""
    if not macros:
        return None
    names = "|".join(re.escape(n) for n in sorted(macros, key=len, reverse=True))
    return re.compile(rf"\\({names})(?![A-Za-z@])\s*")


def expand(value: str, macros: dict[str, Macro], pattern: re.Pattern[str] | None) -> str:
    """``value`` with every use of ``macros`` replaced by its body."""
    if pattern is None or "\\" not in value:
        return value
    for _ in range(MAX_ROUNDS):
        expanded = _expand_once(value, macros, pattern)
        if expanded == value:
            break
        value = expanded
    return value


def _expand_once(value: str, macros: dict[str, Macro], pattern: re.Pattern[str]) -> str:
    parts: list[str] = []
    index = 0
    for match in pattern.finditer(value):
        if match.start() < index:
            continue
        macro = macros[match.group(1)]
        arguments, end = _arguments(value, match.end(), macro.arguments)
        if arguments is None:
            continue
        body = macro.body
        for number, argument in enumerate(arguments, start=1):
            body = body.replace(f"#{number}", argument)
        parts += [value[index : match.start()], body]
        index = end
    parts.append(value[index:])
    return "".join(parts)


def _arguments(value: str, start: int, count: int) -> tuple[list[str] | None, int]:
    """``count`` arguments from ``start``: braced groups or single characters."""
    arguments: list[str] = []
    index = start
    for _ in range(count):
        while index < len(value) and value[index].isspace():
            index += 1
        if index >= len(value):
            return None, start
        if value[index] == "{":
            inner = _group(value, index)
            if inner is None:
                return None, start
            arguments.append(inner)
            index += len(inner) + 2
        else:
            arguments.append(value[index])
            index += 1
    return arguments, index
