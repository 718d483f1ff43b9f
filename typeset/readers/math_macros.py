r"""TeX macro definitions in the manuscript's math, and equation labels, for both routes.

Authors who write for MathJax or KaTeX define their shorthands in math:
``$$\newcommand{\R}{\mathbb{R}}$$`` and then write ``$x \in \R$``. LaTeX would
keep such a definition local to its formula, WeasyPrint's route has no TeX at
all, and the math check refuses ``\newcommand`` (a definition is code), so
:func:`settle_math` does what MathJax does, once, for the whole manuscript in
reading order: it takes the definitions out of the math (a formula holding only
definitions disappears), and expands every later use in every formula, so both
routes receive plain math. The expanded formula is checked again like any math
the author wrote (:func:`typeset.readers.math_check.math_problem`). Definitions in a
```` ```{=latex} ```` block (pandoc's way: ``\renewcommand\O{\mathcal{O}}`` before the
text that uses it) count for the math after the block too; the block itself still
goes to the LaTeX route only, so without this the HTML route printed ``\O(n)``.

Understood: ``\newcommand``, ``\renewcommand``, ``\providecommand`` (starred
too) with ``[n]`` arguments and an optional ``[default]`` first argument,
``\def\name{...}`` and ``\def\name#1#2{...}``, and ``\DeclareMathOperator``
(``*``). Expansion stops with an ``md-math`` error after 10 000 expansions or
100 000 characters, so a recursive macro cannot hang a build.

``\label{eq:x}`` inside a display formula becomes the equation's identifier (so
it is numbered, as ``{#eq:x}`` is) and leaves the TeX. ``\ref{x}`` and
``\eqref{x}`` written in the text are resolved against the numbered
equations, tables and figures by :func:`typeset.doc.floats.number_floats`.

Our own code rather than a TeX engine or a library: pylatexenc parses macros
but does not expand user definitions, and the only expander on PyPI for this
(plasTeX) is a whole TeX emulation.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, replace

from typeset.diagnostics import Diagnostic, Span, error, warning
from typeset.doc import model as m
from typeset.doc.walk import map_tree
from typeset.readers.math_check import math_problem, unknown_commands

_DEFINE = re.compile(r"\\(newcommand|renewcommand|providecommand|DeclareMathOperator|def)"
                     r"(?![A-Za-z])(\*?)")
_NAME = re.compile(r"\\([A-Za-z]+|.)")
_LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")
_TEX_FORMATS = frozenset({"latex", "tex"})
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_MAX_EXPANSIONS = 10_000
_MAX_LENGTH = 100_000


class MacroError(ValueError):
    """A definition that cannot be read, or an expansion that does not end."""


@dataclass(frozen=True)
class Macro:
    arguments: int
    body: str
    default: str | None = None  # the optional first argument's default


# Capital Greek letters that look Latin: unicode-math (the LaTeX route) knows \Eta, the HTML
# route's layout does not and printed "\Eta"; an author's own definition still wins
_GREEK_LOOKALIKES = {
    name: Macro(0, f"\\mathrm{{{letter}}}") for name, letter in (
        ("Alpha", "A"), ("Beta", "B"), ("Epsilon", "E"), ("Zeta", "Z"), ("Eta", "H"),
        ("Iota", "I"), ("Kappa", "K"), ("Mu", "M"), ("Nu", "N"), ("Omicron", "O"),
        ("Rho", "P"), ("Tau", "T"), ("Chi", "X"))} | {"omicron": Macro(0, "o")}


def _skip_spaces(tex: str, pos: int) -> int:
    while pos < len(tex) and tex[pos] in " \t\n":
        pos += 1
    return pos


def matching_close(src: str, pos: int, end: int, open_: str = "{", close: str = "}",
                   *, within_paragraph: bool = False) -> int:
    """The offset of the ``close`` matching the ``open_`` at ``pos`` (before ``end``; a
    backslash escapes the next character), or -1: none, or, ``within_paragraph``, not
    before a blank line (text commands in Markdown do not run across paragraphs)."""
    if pos >= end or src[pos] != open_:
        return -1
    depth, index = 0, pos
    while index < end:
        char = src[index]
        if char == "\\":
            index += 2
            continue
        if char == open_:
            depth += 1
        elif char == close:
            depth -= 1
            if depth == 0:
                return index
        elif within_paragraph and char == "\n" and index + 1 < end and src[index + 1] == "\n":
            return -1
        index += 1
    return -1


def _group(tex: str, pos: int, open_: str = "{", close: str = "}") -> tuple[str, int]:
    """The text of the balanced group opening at ``pos`` and the position after it."""
    if pos >= len(tex) or tex[pos] != open_:
        raise MacroError(f"expected '{open_}'")
    index = matching_close(tex, pos, len(tex), open_, close)
    if index < 0:
        raise MacroError(f"a '{open_}' without its '{close}'")
    return tex[pos + 1:index], index + 1


def _argument(tex: str, pos: int) -> tuple[str, int]:
    """One macro argument: a braced group, a control sequence or a character."""
    pos = _skip_spaces(tex, pos)
    if pos >= len(tex):
        raise MacroError("a macro is missing an argument")
    if tex[pos] == "{":
        return _group(tex, pos)
    name = _NAME.match(tex, pos)
    if name:
        return name.group(), name.end()
    return tex[pos], pos + 1


def _definition(tex: str, pos: int) -> tuple[str, Macro, int] | None:
    """The definition starting at ``pos`` (name, macro, position after it), or None."""
    match = _DEFINE.match(tex, pos)
    if match is None:
        return None
    kind, star, pos = match.group(1), match.group(2), _skip_spaces(tex, match.end())
    if kind != "def" and pos < len(tex) and tex[pos] == "{":
        inner, pos = _group(tex, pos)
        name = _NAME.fullmatch(inner.strip())
    else:
        name = _NAME.match(tex, pos)
        pos = name.end() if name else pos
    if name is None:
        raise MacroError(f"\\{kind} needs a command name such as \\R")
    pos = _skip_spaces(tex, pos)
    if kind == "DeclareMathOperator":
        text, pos = _group(tex, pos)
        return name.group(1), Macro(0, f"\\operatorname{star}{{{text}}}"), pos
    arguments, default = 0, None
    if kind == "def":
        params = re.match(r"(?:#[1-9])*", tex[pos:])
        arguments = len(params.group()) // 2 if params else 0
        pos += len(params.group()) if params else 0
    else:
        if pos < len(tex) and tex[pos] == "[":
            count, pos = _group(tex, pos, "[", "]")
            if not count.strip().isdigit() or not 0 <= int(count) <= 9:
                raise MacroError(f"[{count}] is not a number of arguments (0 to 9)")
            arguments, pos = int(count), _skip_spaces(tex, pos)
        if pos < len(tex) and tex[pos] == "[":
            default, pos = _group(tex, pos, "[", "]")
            pos = _skip_spaces(tex, pos)
    body, pos = _group(tex, _skip_spaces(tex, pos))
    return name.group(1), Macro(arguments, body, default), pos


def _uncomment(tex: str) -> str:
    """``tex`` without its ``%`` comments (a raw block's, not math's: math has none)."""
    return _COMMENT.sub("", tex)


def has_definitions(tex: str) -> bool:
    return _DEFINE.search(tex) is not None


def take_definitions(tex: str) -> tuple[dict[str, Macro], str]:
    """The definitions in ``tex`` and the TeX without them (MacroError if one is broken)."""
    found: dict[str, Macro] = {}
    rest: list[str] = []
    pos = 0
    for match in _DEFINE.finditer(tex):
        if match.start() < pos:
            continue
        parsed = _definition(tex, match.start())
        if parsed is None:
            continue
        name, macro, end = parsed
        found[name] = macro
        rest.append(tex[pos:match.start()])
        pos = end
    rest.append(tex[pos:])
    return found, "".join(rest).strip()


def expand(tex: str, macros: dict[str, Macro]) -> str:
    """``tex`` with every use of ``macros`` replaced, nested uses too."""
    if not macros or "\\" not in tex:
        return tex
    count, pos = 0, 0
    while True:
        match = _NAME.search(tex, pos)
        if match is None:
            return tex
        macro = macros.get(match.group(1))
        if macro is None:
            pos = match.end()
            continue
        count += 1
        if count > _MAX_EXPANSIONS or len(tex) > _MAX_LENGTH:
            raise MacroError(f"the expansion of \\{match.group(1)} does not end")
        args: list[str] = []
        end = match.end()
        if macro.default is not None:
            at = _skip_spaces(tex, end)
            if at < len(tex) and tex[at] == "[":
                value, end = _group(tex, at, "[", "]")
            else:
                value = macro.default
            args.append(value)
        while len(args) < macro.arguments:
            value, end = _argument(tex, end)
            args.append(value)
        body = _substitute(macro.body, args)
        if body[-1:].isalpha() and tex[end:end + 1].isalpha():
            body += " "  # \R x must not become \mathbb{R}x... nor \alphax
        tex = tex[:match.start()] + body + tex[end:]
        pos = match.start()


def _substitute(body: str, args: list[str]) -> str:
    """``body`` with ``#1`` ... ``#9`` replaced by the arguments."""
    def one(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return args[index] if index < len(args) else match.group()

    return re.sub(r"#([1-9])", one, body)


def settle_math(doc: m.Document) -> tuple[m.Document, list[Diagnostic]]:
    """``doc`` with macro definitions taken out of its math and their uses expanded, and each
    display formula's ``\\label`` as its identifier; errors for what cannot be read."""
    macros: dict[str, Macro] = dict(_GREEK_LOOKALIKES)
    found: list[Diagnostic] = []
    unknown: set[str] = set()

    def check_commands(tex: str, span: Span | None) -> None:
        """One warning per command the HTML route would print as written."""
        for name in unknown_commands(tex):
            if name not in unknown:
                unknown.add(name)
                found.append(warning(
                    "md-math-command", f"\\{name} is not a math command the HTML route knows: "
                    "it prints there as written (define it with \\newcommand, or use a "
                    "standard command)", span))

    def settle(tex: str, span: Span | None) -> str | None:
        """The formula to print, or None when it held only definitions."""
        original = tex
        if _DEFINE.search(tex):
            try:
                defined, tex = take_definitions(tex)
            except MacroError:
                return original  # the reader reported it where it read the formula
            macros.update(defined)
            if not tex:
                return None
        try:
            tex = expand(tex, macros)
        except MacroError as exc:
            found.append(error("md-math", f"cannot set the math {original[:40]!r}: {exc}",
                               span))
            return original
        if tex != original:
            problem = math_problem(tex)
            if problem:
                found.append(error("md-math", f"cannot set the math {original[:40]!r} "
                                   f"(with its macros: {tex[:40]!r}): {problem}", span))
        return tex

    def harvest(format_: str, tex: str) -> None:
        """The definitions in a raw LaTeX block (``\\renewcommand\\O{\\mathcal{O}}``),
        for the math after it: the block itself still reaches only the LaTeX route."""
        if format_ in _TEX_FORMATS and _DEFINE.search(tex):
            # a broken one: LaTeX reports it in its route; the math keeps the command as written
            with contextlib.suppress(MacroError):
                macros.update(take_definitions(_uncomment(tex))[0])

    def block(node: m.Block, _parents: tuple[object, ...]) -> m.Block | tuple[m.Block, ...]:
        if isinstance(node, m.RawBlock):
            harvest(node.format, node.text)
            return node
        if not isinstance(node, m.Equation):
            return node
        before = len(found)
        tex = settle(node.text, node.span)
        if tex is None:
            return ()
        label = _LABEL.search(tex)
        if label is not None:
            tex = (tex[:label.start()] + tex[label.end():]).strip()
            if len(found) == before:
                check_commands(tex, node.span)
            return replace(node, text=tex, ident=node.ident or label.group(1).strip() or None)
        if len(found) == before:
            check_commands(tex, node.span)
        return node if tex == node.text else replace(node, text=tex)

    def inline(node: m.Inline, _parents: tuple[object, ...]) -> m.Inline | tuple[m.Inline, ...]:
        if isinstance(node, m.RawInline):
            harvest(node.format, node.text)
            return node
        if not isinstance(node, m.Math):
            return node
        before = len(found)
        tex = settle(node.text, node.span)
        if tex is None:
            return ()
        if len(found) == before:
            check_commands(tex, node.span)
        return node if tex == node.text else replace(node, text=tex)

    sections = tuple(map_tree(section, block=block, inline=inline) for section in doc.sections)
    return replace(doc, sections=sections), found
