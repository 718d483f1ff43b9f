"""TeX math as written in the manuscript: checked once, where it is read.

Math is the one place where the manuscript's own TeX reaches LuaLaTeX, so it
must stay math: braces balanced, no blank line (a paragraph end), no ``$``
that would leave math mode, no ``\\begin``/``\\end`` of anything but the
environments that belong inside a formula, and none of the commands that read
or write files, define macros or run Lua. The HTML route then has to lay it
out (:mod:`typeset.writers.math_svg`); a formula neither route can set is an
error at its position, not a crash or raw text in the PDF.
"""

from __future__ import annotations

import re
from functools import lru_cache

# commands that do more than typeset: files, definitions, Lua, catcodes, output
_FORBIDDEN = frozenset([
    "input", "include", "InputIfFileExists", "openin", "openout", "read", "readline",
    "write", "immediate", "closein", "closeout", "newread", "newwrite", "catcode", "def",
    "edef", "gdef", "xdef", "let", "futurelet", "global", "long", "outer", "csname",
    "endcsname", "expandafter", "noexpand", "directlua", "luaexec", "luadirect", "latelua",
    "special", "pdfliteral", "pdfextension", "documentclass", "usepackage",
    "RequirePackage", "makeatletter", "makeatother", "newcommand", "renewcommand",
    "providecommand", "DeclareRobustCommand", "newenvironment", "renewenvironment",
    "scantokens", "endinput", "everypar", "everymath", "everydisplay", "output", "shipout",
    "afterassignment", "aftergroup", "uppercase", "lowercase", "jobname", "errmessage",
    "message", "typeout", "batchmode", "nonstopmode", "scrollmode", "errorstopmode", "dump",
    "loop", "repeat", "setbox", "includegraphics", "url", "href", "hyperlink",
    "hypertarget", "footnote", "marginpar",
])
# amsmath's display environments, written inside $$...$$ as MathJax allows; the LaTeX
# writer sets them on their own instead of inside \\[...\\]
DISPLAY_ENVIRONMENTS = ("align", "gather", "multline", "flalign", "alignat", "equation")
_ENVIRONMENTS = frozenset([
    "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases",
    "aligned", "gathered", "split", "array", "subarray", "alignedat",
]) | {name + star for name in DISPLAY_ENVIRONMENTS for star in ("", "*")}
_UNKNOWN = re.compile(r">\\([A-Za-z]+)<")
_COMMAND = re.compile(r"\\([A-Za-z@]+)|\\(.)")
_ENV = re.compile(r"\\(begin|end)\s*\{([^}]*)\}")


def math_problem(tex: str) -> str | None:
    """Why ``tex`` cannot be set as a formula, or None when it can."""
    return _tex_problem(tex) or _layout_problem(tex)


def _layout_problem(tex: str) -> str | None:
    """What latex2mathml (the parser ziamath lays out from) cannot read."""
    found = _mathml(tex)
    return found if not found.startswith("<") else None


@lru_cache(maxsize=8192)
def _mathml(tex: str) -> str:
    """latex2mathml's MathML for ``tex``, or why it cannot read it (no leading ``<``)."""
    from latex2mathml.converter import convert

    try:
        return str(convert(tex))
    except Exception as exc:  # its errors share no base class but Exception
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type(exc).__name__.removesuffix("Error")).lower()


def unknown_commands(tex: str) -> list[str]:
    """The commands in ``tex`` that the HTML route's layout does not know and would print
    as written (latex2mathml keeps them as ``<mi>\\name</mi>``), in order, once each."""
    if "\\" not in tex:
        return []
    found = _mathml(tex)
    return list(dict.fromkeys(_UNKNOWN.findall(found))) if found.startswith("<") else []


def _tex_problem(tex: str) -> str | None:
    if re.search(r"\n\s*\n", tex):
        return "a blank line inside math"
    depth = 0
    for match in re.finditer(r"\\.|[{}$]", tex, re.DOTALL):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return "a '}' without its '{'"
        elif token == "$":
            return "a '$' inside math"
    if depth:
        return "a '{' without its '}'"
    for match in _COMMAND.finditer(tex):
        name = match.group(1)
        if name and (name in _FORBIDDEN or "@" in name):
            return f"\\{name} is not allowed in math"
        if name in ("begin", "end") and not _ENV.match(tex, match.start()):
            return f"\\{name} without an environment name"
        if match.group(2) in ("[", "]", "(", ")"):
            return f"'\\{match.group(2)}' inside math"
    for match in _ENV.finditer(tex):
        if match.group(2).strip() not in _ENVIRONMENTS:
            return f"\\{match.group(1)}{{{match.group(2)}}} is not allowed in math"
    return None
