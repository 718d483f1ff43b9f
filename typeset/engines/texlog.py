"""TeX log -> diagnostics: the first error with its place, never a raw log dump.

TeX reports an error as a line starting with ``! `` followed (after help text)
by ``l.NN <source up to the error>``. We keep the first such error (later
ones are usually its consequences), give the .tex line, and, through the
writer's source map, the manuscript line the text came from. A refusal of the Lua
sandbox (``typeset-sandbox: ... is not allowed``, see ``engines/sandbox.py``) comes
first wherever it is, as ``tex-sandbox``: it is the cause of what follows. Glyphs missing
from the font (and its fallback chain, :mod:`typeset.fonts`) become ``font-missing-glyph``
warnings, one per character, at the manuscript line of the character's first .tex line.

The engine runs TeX with ``max_print_line`` raised, so log lines are not
wrapped at 79 characters and messages read whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from typeset.diagnostics import Diagnostic, Span, error, warning

_ERROR = re.compile(r"^! (?P<message>.*)$")
_LINE = re.compile(r"^l\.(?P<line>\d+) ?(?P<context>.*)$")
_FILE_LINE = re.compile(r"^(?P<file>[^:\s]+\.tex):(?P<line>\d+): (?P<message>.*)$")
_MISSING = re.compile(r"Missing character: There is no (?P<char>.+?) \((?P<code>U\+[0-9A-F]+)\)"
                      r"(?: in font (?P<font>[^!]+?))?!?$")
# a refusal of the Lua sandbox (typeset-sandbox.lua), wherever Lua printed it
_SANDBOX = re.compile(r"typeset-sandbox: (?P<message>.+? is not allowed)")
_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|rerunfilecheck.*changed")

# How far after "! ..." to look for its "l.NN" line (help text sits between).
_SEARCH_WINDOW = 40
_MESSAGE_LIMIT = 200


@dataclass(frozen=True)
class TexError:
    """The first error of a run: message, .tex line (0 = unknown), the source text before it."""

    message: str
    line: int = 0
    context: str = ""
    sandbox: bool = False  # the Lua sandbox refused something


@dataclass(frozen=True)
class LogReport:
    error: TexError | None = None
    # (char, U+XXXX, font) for each character TeX had no glyph for, in log order
    missing_glyphs: tuple[tuple[str, str, str], ...] = field(default=())
    rerun: bool = False


def parse_log(text: str) -> LogReport:
    """Read the parts of a TeX log that matter to an author."""
    lines = text.splitlines()
    return LogReport(
        error=_first_error(lines),
        missing_glyphs=_missing_glyphs(lines),
        rerun=any(_RERUN.search(line) for line in lines),
    )


def _first_error(lines: list[str]) -> TexError | None:
    for index, line in enumerate(lines):
        refused = _SANDBOX.search(line)
        if refused:
            return _sandbox_error(lines, index, refused.group("message"))
    for index, line in enumerate(lines):
        match = _ERROR.match(line)
        if match:
            return _error_at(lines, index, match.group("message"))
        match = _FILE_LINE.match(line)
        if match:
            return TexError(_clean(match.group("message")), int(match.group("line")))
    return None


def _error_at(lines: list[str], index: int, message: str) -> TexError:
    """The error at ``lines[index]``: join its continuation, find its l.NN."""
    for follow in lines[index + 1 : index + 4]:
        if not follow.strip() or follow.startswith(("l.", "<", "See ", "Type ")):
            break
        message += " " + follow.strip()
    for follow in lines[index + 1 : index + _SEARCH_WINDOW]:
        found = _LINE.match(follow)
        if found:
            return TexError(_clean(message), int(found.group("line")),
                            found.group("context").strip())
        if _ERROR.match(follow):
            break
    return TexError(_clean(message))


def _sandbox_error(lines: list[str], index: int, message: str) -> TexError:
    """A sandbox refusal, at the l.NN line TeX gives after the Lua traceback."""
    for follow in lines[index + 1 : index + _SEARCH_WINDOW]:
        found = _LINE.match(follow)
        if found:
            return TexError(_clean(message), int(found.group("line")),
                            found.group("context").strip(), sandbox=True)
    return TexError(_clean(message), sandbox=True)


def _clean(message: str) -> str:
    message = " ".join(message.split()).rstrip(".")
    if len(message) > _MESSAGE_LIMIT:
        message = message[: _MESSAGE_LIMIT - 1] + "…"
    return message


def _missing_glyphs(lines: list[str]) -> tuple[tuple[str, str, str], ...]:
    seen: dict[str, tuple[str, str]] = {}
    for line in lines:
        match = _MISSING.search(line)
        if match and match.group("code") not in seen:
            font = _font_name(match.group("font") or "")
            seen[match.group("code")] = (match.group("char"), font)
    return tuple((char, code, font) for code, (char, font) in seen.items())


# --- to diagnostics -------------------------------------------------------------------


def map_line(tex_line: int, source: str, source_map: Mapping[int, Span]) -> Span | None:
    """The manuscript span of a .tex line: its own entry, else the nearest mapped line
    above it in the same paragraph (a blank line ends the search)."""
    if tex_line in source_map:
        return source_map[tex_line]
    tex_lines = source.splitlines()
    line = tex_line - 1
    while 0 < line <= len(tex_lines) and tex_lines[line - 1].strip():
        if line in source_map:
            return source_map[line]
        line -= 1
    return None


def log_diagnostics(report: LogReport, source: str, source_map: Mapping[int, Span],
                    tex_name: str = "generated .tex") -> list[Diagnostic]:
    """Diagnostics for a run: the first error (if any) and missing-glyph warnings."""
    found: list[Diagnostic] = []
    if report.error is not None:
        found.append(_error_diagnostic(report.error, source, source_map, tex_name))
    for char, code, font in report.missing_glyphs:
        found.append(_missing_diagnostic(char, code, font, source, source_map))
    return found


def _font_name(spec: str) -> str:
    """``Linux Libertine O`` from luaotfload's ``name:Linux Libertine O:mode=node;``."""
    spec = spec.strip().strip('"')
    for prefix in ("name:", "file:", "kpse:"):
        if spec.startswith(prefix):
            spec = spec[len(prefix):]
            break
    return spec.split(":", 1)[0].strip().strip("[]")


def _missing_diagnostic(char: str, code: str, font: str, source: str,
                        source_map: Mapping[int, Span]) -> Diagnostic:
    """``font-missing-glyph`` at the manuscript line of the character's first .tex line
    (TeX's log names no line for it)."""
    try:
        shown = chr(int(code[2:], 16))
    except ValueError:
        shown = char
    span = None
    tex_line = _first_line_with(source, shown)
    if tex_line:
        span = map_line(tex_line, source, source_map)
    name = unicodedata.name(shown, "unnamed character") if len(shown) == 1 else "character"
    in_font = f" {font}" if font else ""
    return warning("font-missing-glyph",
                   f"LaTeX printed nothing for {code} {name} ({shown!r}): the font{in_font} "
                   "has no glyph for it, nor any font of its fallback chain", span)


def _first_line_with(source: str, char: str) -> int:
    """The 1-based .tex line of the first occurrence of ``char`` in the body (0: none)."""
    start = source.find("\\begin{document}")
    index = source.find(char, max(start, 0))
    if index < 0:
        index = source.find(char)
    return source.count("\n", 0, index) + 1 if index >= 0 else 0


def _error_diagnostic(err: TexError, source: str, source_map: Mapping[int, Span],
                      tex_name: str) -> Diagnostic:
    span = map_line(err.line, source, source_map) if err.line else None
    where = f" ({tex_name} line {err.line})" if err.line else ""
    if err.sandbox:
        return error("tex-sandbox",
                     f"LaTeX's Lua was stopped: {err.message}; Lua may read only the build "
                     f"folder and the TeX installation, write only the build folder, and "
                     f"start no program{where}", span)
    context = f' near "{err.context[-40:]}"' if err.context else ""
    return error("tex-error", f"LaTeX failed: {err.message}{where}{context}", span)
