"""The house font, its fallback chain, and the characters no font of the chain has.

Linux Libertine O covers Latin, Greek, Cyrillic, Hebrew and IPA, but no CJK,
Devanagari, Arabic, emoji or box drawing. Both routes print such characters from
the same fonts, in the same order (:data:`FALLBACK`, Debian packages in
``.ci/install``): the HTML route through ``print.css``'s ``font-family`` list
(fontconfig/Pango take each character from the first font that has it), the LaTeX
route through luaotfload's ``fallback`` feature (:func:`fallback_lines`), which does
the same per glyph. A character no font of the chain has is reported once, at its
first place in the manuscript, as ``font-missing-glyph`` (:func:`missing_glyphs`),
instead of vanishing (LuaLaTeX prints nothing) or printing a box (WeasyPrint).

Coverage is read from each font's ``cmap`` with fontTools (a WeasyPrint
dependency), found by fontconfig's ``fc-match`` (the lookup both WeasyPrint and
luaotfload's system-font search rely on). The code points of each font file are
cached in the user's cache (``~/.cache/typeset/fonts/``, keyed by the file's path,
size and mtime), so a build reads no font after the first; a document whose text
is only Latin letters and common punctuation reads nothing at all. The LaTeX route adds the fallback only when the
text holds a character outside Libertine's cmap, so a document that needs none pays
nothing for it (luaotfload defines each fallback font at every size the document
uses: 3.5 s -> 6.8 s for the fixture of ``tests/e2e/test_glyphs.py``). Code has a chain of
its own (:data:`MONO_FALLBACK`), and a text with CJK gets line breaks between ideographs
(:func:`cjk_break_lines`).

Right-to-left text: Hebrew and Arabic print from Libertine and FreeSerif in both routes. The
HTML route's Pango orders and shapes them by itself; in the LaTeX route luaotfload's fallback
alone set them left to right (a Hebrew word came out reversed, Arabic letters unjoined), so
the preamble, when the text holds such characters or marks ``lang=he``/``lang=ar``, loads
babel with ``bidi=basic``, gives Hebrew and Arabic their own HarfBuzz-shaped fonts and lets
an unmarked run switch to them (``latex_preamble.with_rtl``, ``RTL_FONTS``; Arabic in code
from DejaVu Sans Mono, shaped too). The code font's chain has no Hebrew (LaTeX prints none in
code; the HTML route takes it from any installed font). Not solved: where FreeSerif prints
Arabic at several sizes and in several shapes (a title, a heading and an emphasised word),
the ToUnicode map LuaTeX writes for the shared subset maps the joined glyphs to the Arabic
presentation forms (U+FE8E...), so the PDF's text of the Arabic is those forms (the same
letters under NFKC, in logical order) rather than the letters typed; with Arabic in the body
text alone it is the letters typed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from typeset.diagnostics import Diagnostic, Span, warning


@dataclass(frozen=True)
class Fallback:
    family: str  # as fontconfig and luaotfload name it
    package: str  # the Debian package that installs it
    covers: str  # what it is in the chain for


HOUSE_FONT = "Linux Libertine O"
FALLBACK: tuple[Fallback, ...] = (
    Fallback("FreeSerif", "fonts-freefont-otf",
             "Devanagari and other Indic scripts, Arabic, Cyrillic and Greek extensions, "
             "box drawing, math symbols"),
    Fallback("Noto Sans CJK SC", "fonts-noto-cjk", "Chinese, Japanese, Korean"),
    Fallback("Symbola", "fonts-symbola", "emoji, pictographs, other symbols"),
)
FALLBACK_NAME = "typesetfallback"
# the LaTeX route's code font (fontspec's default) and its chain, the fonts the HTML route's
# code prints from (print.css: DejaVu Sans Mono, Debian's monospace, then the same CJK and
# symbol fonts)
MONO_FONT = "Latin Modern Mono"
MONO_FALLBACK: tuple[Fallback, ...] = (
    Fallback("DejaVu Sans Mono", "fonts-dejavu-core",
             "box drawing, Greek, Cyrillic, arrows and symbols in code"),
    Fallback("Noto Sans Mono CJK SC", "fonts-noto-cjk", "Chinese, Japanese, Korean in code"),
    Fallback("Symbola", "fonts-symbola", "emoji and other symbols in code"),
)
MONO_FALLBACK_NAME = "typesetmonofallback"
# characters no font needs a glyph for: controls, format characters (ZWJ, ZWSP, marks
# of direction, soft hyphen), line and paragraph separators
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})
_CODE = re.compile(r"U\+[0-9A-F]{4,6}\b")


# what every document has (accented Latin, quotation marks, dashes), held by the house font
# (tests/test_fonts.py checks it against Libertine's cmap): a text of these reads no font
_HOUSE_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x1E00, 0x1EFF), (0x2010, 0x2027))


def _in_house_ranges(point: int) -> bool:
    return any(low <= point <= high for low, high in _HOUSE_RANGES)


def _printed(chars: Iterable[str]) -> set[str]:
    """The characters that need a glyph and may not be in the house font."""
    return {c for c in chars if not _in_house_ranges(ord(c))
            and unicodedata.category(c) not in _INVISIBLE}


# --- fonts on this machine ------------------------------------------------------------


@functools.cache
def font_file(family: str) -> str | None:
    """The regular face of ``family`` as fontconfig finds it, or None when it is not
    installed (fc-match's substitute for another family does not count)."""
    try:
        run = subprocess.run(["fc-match", "-f", "%{family}\t%{file}", f"{family}:style=Regular"],
                             capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    families, _, path = run.stdout.partition("\t")
    names = {name.strip().lower() for name in families.split(",")}
    return path if family.lower() in names and path else None


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "typeset" / "fonts"


@functools.cache
def coverage(path: str) -> frozenset[int]:
    """The code points of the font file's best cmap (cached on disk by path, size, mtime)."""
    try:
        stat = os.stat(path)
    except OSError:
        return frozenset()
    key = hashlib.sha256(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:24]
    cached = _cache_dir() / f"{key}.json"
    try:
        return frozenset(json.loads(cached.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass
    points = _read_cmap(path)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temp = cached.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(json.dumps(sorted(points)), encoding="utf-8")
        os.replace(temp, cached)
    except OSError:
        pass
    return points


def _read_cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, fontNumber=0, lazy=True)
        cmap = font.getBestCmap() or {}
    except Exception:  # a font fontTools cannot read covers nothing we can vouch for
        return frozenset()
    return frozenset(cmap)


def house_coverage() -> frozenset[int]:
    path = font_file(HOUSE_FONT)
    return coverage(path) if path else frozenset()


@functools.cache
def chain_coverage(mono: bool = False) -> frozenset[int]:
    """Everything the house font (the code font, for ``mono``) and its installed fallback
    fonts can print."""
    points: set[int] = set()
    for family in ((MONO_FONT, *(font.family for font in MONO_FALLBACK)) if mono else
                   (HOUSE_FONT, *(font.family for font in FALLBACK))):
        path = font_file(family)
        if path:
            points |= coverage(path)
    return frozenset(points)


def mono_coverage() -> frozenset[int]:
    return chain_coverage(mono=True)


# --- what a document needs ------------------------------------------------------------


def needs_fallback(text: str, family: str = HOUSE_FONT) -> bool:
    """Whether ``text`` holds a printed character ``family`` lacks (for the house font, a
    text of Latin letters and common punctuation reads no font; for another, ASCII)."""
    if family == HOUSE_FONT:
        chars = _printed(set(text))
    else:
        chars = {c for c in set(text) if ord(c) > 0x7E and unicodedata.category(c) not in _INVISIBLE}
    if not chars:
        return False
    path = font_file(family)
    points = coverage(path) if path else frozenset()
    return any(ord(c) not in points for c in chars)


def unprintable(text: str, mono: bool = False) -> list[str]:
    """The printed characters of ``text`` that no font of the chain (the code font's, for
    ``mono``) has, in text order."""
    chars = _printed(set(text))
    if not chars or not house_coverage():  # no house font found: nothing to vouch for
        return []
    if mono:
        missing = {c for c in chars if ord(c) not in mono_coverage()}
        return sorted(missing, key=text.index)
    house = house_coverage()
    chars = {c for c in chars if ord(c) not in house}
    if not chars:
        return []
    chain = chain_coverage()
    missing = {c for c in chars if ord(c) not in chain}
    return sorted(missing, key=text.index)


def describe(char: str) -> str:
    """``U+0915 DEVANAGARI LETTER KA``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def missing_message(char: str, mono: bool = False) -> str:
    main, chain = (MONO_FONT, MONO_FALLBACK) if mono else (HOUSE_FONT, FALLBACK)
    where = " in code" if mono else ""
    return (f"no installed font has {describe(char)} ({char!r}); it cannot be printed{where} "
            f"(fonts tried: {main}, {', '.join(font.family for font in chain)})")


def missing_glyph(char: str, span: Span | None, mono: bool = False) -> Diagnostic:
    return warning("font-missing-glyph", missing_message(char, mono), span)


def unreported(diagnostics: list[Diagnostic], reported: list[Diagnostic]) -> list[Diagnostic]:
    """An engine's diagnostics without its own notice of a character :func:`missing_glyphs`
    already reported at its place (LuaTeX's log, WeasyPrint's ``.notdef`` warning)."""
    codes = {_code_in(d.message) for d in reported} - {None}
    if not codes:
        return diagnostics
    return [d for d in diagnostics
            if not (d.code in ("font-missing-glyph", "weasyprint") and _code_in(d.message) in codes)]


def _code_in(message: str) -> str | None:
    match = _CODE.search(message)
    return match.group(0) if match else None


def missing_glyphs(doc: object) -> list[Diagnostic]:
    """One ``font-missing-glyph`` warning per character of the document's text that no
    font of the chain has, at its first place in the manuscript."""
    from typeset.doc import model as m
    from typeset.doc.walk import query

    strings = [node for node in query(doc, m.Str) if isinstance(node, m.Str)]
    text = "".join(node.text for node in strings)
    missing = unprintable(text)
    first: dict[str, Span | None] = {}
    for node in strings:
        for char, offset in _offsets(node.text, missing, first):
            span = node.span
            first[char] = (Span(span.path, span.line, span.col + offset)
                           if span is not None and span.col > 0 else span)
    found = [missing_glyph(char, first.get(char)) for char in missing]
    blocks = [node for node in query(doc, m.CodeBlock) if isinstance(node, m.CodeBlock)]
    code = "".join(block.text for block in blocks)
    in_code = [c for c in unprintable(code, mono=True) if c not in first]
    for block in blocks:
        for char, offset in _offsets(block.text, in_code, first):
            first[char] = _in_block(block.span, block.text, offset)
    return found + [missing_glyph(char, first.get(char), mono=True) for char in in_code]


def _in_block(span: Span | None, text: str, offset: int) -> Span | None:
    """The place of ``text[offset]`` in a fenced code block whose fence is at ``span``."""
    if span is None or span.line <= 0:
        return span
    before = text[:offset]
    line = span.line + 1 + before.count("\n")
    return Span(span.path, line, offset - (before.rfind("\n") + 1) + max(span.col, 1))


def _offsets(text: str, wanted: list[str], found: dict[str, Span | None]) -> Iterator[
        tuple[str, int]]:
    for char in wanted:
        if char not in found:
            index = text.find(char)
            if index >= 0:
                yield char, index


# --- the LaTeX route ------------------------------------------------------------------

# Chinese and Japanese put no spaces between words, and TeX breaks lines only at glue: a
# paragraph of ideographs ran past the right margin and off the page. After luaotfload has
# shaped the paragraph, this puts a break (no width, a little stretch for justification)
# between two glyphs when either is CJK, as WeasyPrint breaks it (UAX 14), except before
# closing and small kana and after opening punctuation (kinsoku). One line of Lua: TeX
# joins the lines of \directlua, so no comments; no braces or backslashes in the strings.
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
               (0x20000, 0x3FFFF))
_CJK_BREAKS = (
    r"\directlua{local GLYPH, GLUE = node.id('glyph'), node.id('glue') "
    "local function cjk(c) return "
    + " or ".join(f"(c >= {low} and c <= {high})" for low, high in _CJK_RANGES) + " end "
    "local function set(s) local t = {} for _, c in utf8.codes(s) do t[c] = true end "
    "return t end "
    "local no_before = set('、。，．・：；？！）」』】〕〉》〙〗ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥,.:;!?)]”’') "
    "local no_after = set('（「『【〔〈《〘〖([“‘') "
    "luatexbase.add_to_callback('pre_linebreak_filter', function(head) "
    "for n in node.traverse_id(GLYPH, head) do local nx = n.next "
    "if nx and nx.id == GLYPH then local a, b = n.char, nx.char "
    "if (cjk(a) or cjk(b)) and not no_before[b] and not no_after[a] then "
    "local f = font.getfont(n.font) local quad = f and f.parameters and f.parameters.quad "
    "or 655360 local g = node.new(GLUE) node.setglue(g, 0, quad // 10, 0, 0, 0) "
    "head = node.insert_after(head, n, g) end end end return head end, "
    "'typeset.cjk-breaks')}"
)


def has_cjk(text: str) -> bool:
    return any(low <= ord(c) <= high for c in set(text) for low, high in _CJK_RANGES)


def cjk_break_lines(text: str) -> list[str]:
    """Line breaks between CJK characters in LuaLaTeX, when ``text`` has any."""
    return [_CJK_BREAKS] if has_cjk(text) else []



def fallback_lines(name: str = FALLBACK_NAME, chain: tuple[Fallback, ...] = FALLBACK) -> list[str]:
    """luaotfload's fallback table ``name``: the fonts of ``chain`` in order, shaped by
    HarfBuzz (Devanagari conjuncts, Arabic forms)."""
    names = ",".join(f'"{font.family}:mode=harf;"' for font in chain)
    return [rf'\directlua{{luaotfload.add_fallback("{name}",{{{names}}})}}']
