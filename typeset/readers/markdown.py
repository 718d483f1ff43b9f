r"""Markdown manuscript -> document model (blocks with source positions).

markdown-it-py with the CommonMark preset plus pipe tables and strikeout,
and mdit-py-plugins: footnotes (``[^id]`` and ``^[inline]`` notes), front
matter (ignored), ``$``/``$$`` math (dollarmath; as in pandoc, no space just inside
single dollars,
no digit after the closing one,
as pandoc), ``\(...\)``/``\[...\]``
(texmath) and definition lists (deflist). Our own rules: citations
(:mod:`typeset.readers.citations`), pandoc's ``^sup^``/``~sub~``, bracketed
spans (:mod:`typeset.readers.spans`), fenced divs and line blocks
(:mod:`typeset.readers.block_rules`), attribute blocks
(:mod:`typeset.readers.attributes`).

HTML comments are dropped. Other raw HTML is kept as literal text (the
manuscript is data, never markup passed through to a writer) with one
``md-raw`` warning per file; only ``{=html}``/``{=latex}`` raw blocks and
inlines reach a writer, each writer passing its own format only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.texmath import texmath_plugin

from typeset.diagnostics import Diagnostic, Span, error, warning
from typeset.doc import model as m
from typeset.doc.floats import TEX_REFERENCE
from typeset.doc.model import (
    Block,
    BlockQuote,
    BulletList,
    Cite,
    CiteItem,
    Code,
    CodeBlock,
    Emph,
    Heading,
    HorizontalRule,
    Inline,
    LineBreak,
    Link,
    Note,
    OrderedList,
    Para,
    SmallCaps,
    SoftBreak,
    Space,
    Str,
    Strong,
    Subscript,
    Superscript,
)
from typeset.doc.raw_html import sanitize_html
from typeset.readers.attributes import Attributes, attach_inline_attributes, parse_attributes
from typeset.readers.block_rules import block_rules_plugin
from typeset.readers.citations import citations_plugin
from typeset.readers.html_inline import html_anchors, html_formatting
from typeset.readers.list_rules import fancy_lists_plugin, ordered_runs
from typeset.readers.math_check import math_problem
from typeset.readers.math_macros import MacroError, has_definitions, take_definitions
from typeset.readers.positions import LineMap, str_at, token_pos, track_positions
from typeset.readers.scripts import scripts_plugin
from typeset.readers.spans import spans_plugin
from typeset.readers.table_rules import table_rules_plugin
from typeset.readers.tables import (
    attach_captions,
    caption_label,
    pipe_table,
    pipe_widths,
    trailing_identifier,
)
from typeset.readers.tex_inline import tex_inline_plugin

_TEXT_TOKENS = {"text", "text_special", "html_inline"}
_PAGE_BREAKS = {"\\newpage", "\\clearpage", "\\pagebreak", "\\cleardoublepage"}
# page-layout commands of thesis templates, alone in a paragraph: dropped with a warning,
# as pandoc's HTML writer drops them (printing them would leave TeX on the page)
_LAYOUT = re.compile(r"\\(?:pagenumbering\{\w+\}|setcounter\{page\}\{\d+\}|"
                     r"(?:this)?pagestyle\{\w+\}|vspace\*?\{[^{}]*\}|vfill|hfill|bigskip|"
                     r"medskip|smallskip|(?:single|onehalf|double)spacing|maketitle|"
                     r"raggedbottom|flushbottom)")
_CONTENTS: dict[str, Literal["toc", "lof", "lot"]] = {
    "\\tableofcontents": "toc", "\\listoffigures": "lof", "\\listoftables": "lot"}
# <br>, <br/>, <br /> in the text (a Word-to-Markdown habit): a hard line break in both
# routes, as pandoc's HTML writer shows it (its LaTeX writer drops the tag), not raw text
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@lru_cache(maxsize=1)
def make_parser() -> MarkdownIt:
    """One configured parser, built once (position tracking must wrap every rule)."""
    md = MarkdownIt("commonmark", {"typographer": False, "maxNesting": MAX_NESTING}) \
        .enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    md.use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True,
           allow_labels=False)
    _no_digit_after_closing_dollar(md)
    md.use(texmath_plugin, delimiters="brackets")
    _rename_duplicate_rules(md)
    md.use(deflist_plugin)
    md.use(fancy_lists_plugin)
    md.use(block_rules_plugin)
    md.use(table_rules_plugin)
    md.use(footnote_plugin, move_to_end=False, always_match_refs=True)
    md.use(citations_plugin)
    md.use(tex_inline_plugin)
    md.use(scripts_plugin)
    md.use(spans_plugin)
    md.core.ruler.disable("text_join")  # keep escapes apart so offsets stay exact
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # Reader.link decides
    first = md.inline.ruler.get_all_rules()[0]
    md.inline.ruler.before(first, "unclosed_bracket", _unclosed_bracket)
    track_positions(md)
    return md


def _unclosed_bracket(state: Any, silent: bool) -> bool:
    """A ``[`` with no ``]`` after it is text: links, citations, spans and note
    references all need one. Taken here, before the rules that would each look for its
    ``]`` to the end of the text (100,000 ``[`` took minutes; now linear)."""
    from typeset.readers.spans import last_close

    if state.src[state.pos] != "[" or last_close(state.src) > state.pos:
        return False
    if not silent:
        state.pending += "["
    state.pos += 1
    return True
def _no_digit_after_closing_dollar(md: MarkdownIt) -> None:
    """pandoc's rule for ``$`` math: a digit may stand before the opening ``$``
    (``3$\\sigma$``), none right after the closing one (``$20,000 and $30,000`` is
    text). dollarmath's ``allow_digits`` forbids both or neither, so its rule runs with
    digits allowed and a match followed by a digit is undone here."""
    rules = md.inline.ruler.__rules__
    rule = next(r for r in rules if r.name == "math_inline")
    inner = rule.fn

    def math_inline(state: Any, silent: bool) -> bool:
        start, count, pending = state.pos, len(state.tokens), state.pending
        if not inner(state, silent):
            return False
        if state.pos < state.posMax and state.src[state.pos].isdigit():
            state.pos, state.pending = start, pending  # the text before is pending again
            del state.tokens[count:]
            return False
        return True

    rule.fn = math_inline
    md.inline.ruler.__cache__ = None


def _rename_duplicate_rules(md: MarkdownIt) -> None:
    """texmath names its rule ``math_inline`` like dollarmath's: position tracking wraps rules
    by name, so the second one gets a name of its own."""
    seen: set[str] = set()
    for rule in md.inline.ruler.__rules__:
        if rule.name in seen:
            rule.name += "_2"
        seen.add(rule.name)
    md.inline.ruler.__cache__ = None


def _groups(tokens: list[Token]) -> Iterator[tuple[Token, list[Token]]]:
    """Each top-level token with the tokens nested inside it (empty for leaves)."""
    index = 0
    while index < len(tokens):
        tok = tokens[index]
        if tok.nesting != 1:
            yield tok, []
            index += 1
            continue
        depth, end = 1, index + 1
        while end < len(tokens) and depth:
            depth += tokens[end].nesting
            end += 1
        yield tok, tokens[index + 1 : end - 1]
        index = end


class _Reader:
    """Converts one file's token stream; collects diagnostics as it goes."""

    def __init__(self, text: str, path: str, env: dict[str, Any]):
        self.path = path
        self.lines = text.split("\n")
        self.env = env
        self.diagnostics: list[Diagnostic] = []
        self.definitions: dict[str, list[Token]] = {}
        self.def_lines: dict[str, int] = {}
        self.used: set[str] = set()
        self.converted: dict[str, tuple[Block, ...]] = {}
        self.active: set[str] = set()
        self.raw_warned = False
        self.tex_warned = False

    # --- blocks ---------------------------------------------------------

    def block_span(self, tok: Token) -> Span | None:
        if not tok.map:
            return None
        line = self.lines[tok.map[0]] if tok.map[0] < len(self.lines) else ""
        return Span(self.path, tok.map[0] + 1, len(line) - len(line.lstrip()) + 1)

    def blocks(self, tokens: list[Token]) -> tuple[Block, ...]:
        out: list[Block] = []
        opened: list[tuple[int, m.Div]] = []  # <div ...> written as HTML, not yet closed
        for tok, inner in _groups(tokens):
            if tok.type == "html_block":
                div_tag = _html_div(tok.content)
                if div_tag is not None and div_tag[1] is None:  # "<div ...>" alone
                    opened.append((len(out), m.Div((), *div_tag[0], span=self.block_span(tok))))
                    continue
                unclosed = _html_div_open(tok.content)
                if unclosed is not None:  # "<div ...>" and the div's first lines, no blank
                    attrs, body = unclosed  # line between (a pandoc-crossref subfigure group)
                    opened.append((len(out), m.Div((), *attrs, span=self.block_span(tok))))
                    first = tok.map[0] if tok.map else 0
                    out.extend(self.blocks(make_parser().parse(
                        "\n" * (first + 1) + _summaries(body), self.env)))
                    continue
                if _DIV_CLOSE.fullmatch(tok.content.strip()) and opened:
                    start, div = opened.pop()
                    out[start:] = [replace(div, blocks=tuple(attach_captions(out[start:])))]
                    continue
            out.extend(self.block(tok, inner))
        return tuple(self.continued(attach_captions(out)))

    def continued(self, blocks: list[Block]) -> list[Block]:
        """A paragraph right after a display formula, with no blank line between, goes on
        with the paragraph the formula interrupted: no first-line indent."""
        for index in range(1, len(blocks)):
            block, before = blocks[index], blocks[index - 1]
            if isinstance(block, Para) and isinstance(before, m.Equation) and block.span \
                    and block.span.line >= 2 and self.lines[block.span.line - 2].strip():
                blocks[index] = replace(block, continued=True)
        return blocks

    def block(self, tok: Token, inner: list[Token]) -> list[Block]:
        kind, span = tok.type, self.block_span(tok)
        handler = _BLOCK_HANDLERS.get(kind)
        if handler is not None:
            return handler(self, tok, inner, span)
        if kind in ("footnote_reference_open", "front_matter"):
            return []
        return list(self.blocks(inner))

    def paragraph(self, tok: Token, inner: list[Token], span: Span | None) -> list[Block]:
        source = inner[0].content if len(inner) == 1 and inner[0].type == "inline" else ""
        if source.startswith("\\") and has_definitions(source):
            try:
                rest = take_definitions(source)[1]
            except MacroError:
                rest = source
            if not rest:  # pandoc's latex_macros: \newcommand alone applies to the math
                return [m.Equation(source, span=span)]  # settle_math takes it out
        children = _tex_logos(self.inline_block(inner))
        words = [n for n in children if not isinstance(n, Space | SoftBreak)]
        if words and all(isinstance(w, m.InlineSpan) and w.ident and not w.children
                         and not w.classes and not w.attributes for w in words):
            # <a name="x"></a> alone: a link target, not an empty paragraph
            return [m.Div((), w.ident, span=span) for w in words if isinstance(w, m.InlineSpan)]
        if len(words) == 1 and isinstance(words[0], m.Image):
            image = words[0]
            caption, label = caption_label(image.children)
            return [m.Figure(image.src, caption, image.width, image.height,
                             image.ident or label, span=span)]
        if len(words) == 1 and isinstance(words[0], Str) and words[0].text in _PAGE_BREAKS:
            return [m.PageBreak(span)]
        if len(words) == 1 and isinstance(words[0], Str) and words[0].text in _CONTENTS:
            return [m.ContentsList(_CONTENTS[words[0].text], span)]
        if words and all(isinstance(w, Str) and _LAYOUT.fullmatch(w.text) for w in words):
            shown = " ".join(w.text for w in words if isinstance(w, Str))
            self.diagnostics.append(warning(
                "md-raw", f"page-layout TeX dropped (no route runs raw TeX): {shown[:60]!r}",
                span))
            return []
        equation = _equation(children, span)
        if equation is not None:
            return [equation]
        split = _split_at_equations(children, span)
        if split is not None:
            return split
        if not children:
            return []  # a paragraph that held only a comment
        command = next((w for w in words if isinstance(w, Str) and _TEX_COMMAND.match(w.text)
                        and not TEX_REFERENCE.match(w.text)), None)
        if command is not None and not self.tex_warned:
            self.tex_warned = True
            self.diagnostics.append(warning(
                "md-raw", f"raw TeX is printed as text, not run: {command.text!r} (use a "
                "```{=latex} block to pass TeX to the LaTeX route)", command.span or span))
        return [Para(children, span)]

    def heading(self, tok: Token, inner: list[Token], span: Span | None) -> list[Block]:
        children, number, ident, classes = heading_attributes(self.inline_block(inner))
        return [Heading(int(tok.tag[1:]), children, number=number, ident=ident, span=span,
                        classes=classes)]

    def code(self, tok: Token, inner: list[Token], span: Span | None) -> list[Block]:
        info = tok.info.strip()
        raw = re.fullmatch(r"\{=([A-Za-z][\w-]*)\}", info)
        if raw:
            fmt = _raw_format(raw.group(1))
            self.raw_route_warning(fmt, "block", span)
            return [m.RawBlock(fmt, self.safe_raw(fmt, tok.content, span), span)]
        language, ident = _code_info(info)
        attrs = parse_attributes(info if info.startswith("{") else info.partition(" ")[2].strip())
        caption = attrs.get("caption") if attrs is not None else None
        return [CodeBlock(tok.content, language, span, ident,
                          self.caption_text(caption, tok) if caption else ())]

    def caption_text(self, text: str, tok: Token) -> tuple[Inline, ...]:
        """A ``caption="..."`` attribute's text, read as Markdown inlines (pandoc-crossref)."""
        first = tok.map[0] if tok.map else 0
        inner = make_parser().parse("\n" * first + text.replace("\n", " "), self.env)
        return self.inline_block(inner)

    def html(self, tok: Token, inner: list[Token], span: Span | None) -> list[Block]:
        content = _COMMENT.sub("", tok.content).strip()
        if not content:
            return []
        if _SUMMARY.fullmatch(content):  # <details>' <summary> on a line of its own
            first = tok.map[0] if tok.map else 0
            return list(self.blocks(make_parser().parse("\n" * first + _summaries(content),
                                                        self.env)))
        anchors = html_anchors(content)
        if anchors:  # <a id="x"/> on its own line: the target of [text](#x), as []{#x} is
            return [m.Div((), ident, span=span) for ident in anchors]
        div_tag = _html_div(content)
        if div_tag is not None and div_tag[1] is not None:  # pandoc's native_divs
            first = tok.map[0] if tok.map else 0
            body = "\n" * (first + 1) + _summaries(div_tag[1])  # keeps the inner lines' numbers
            blocks = self.blocks(make_parser().parse(body, self.env))
            return [m.Div(blocks, *div_tag[0], span=span)]
        self.raw_warning(content, span)
        return [Para(self.literal(tok.content.rstrip("\n"), tok), span)]

    def div(self, tok: Token, inner: list[Token], span: Span | None) -> list[Block]:
        attrs: Attributes = tok.meta["attrs"]
        return [m.Div(self.blocks(inner), attrs.ident, attrs.classes, attrs.pairs, span)]

    def line_block(self, tok: Token, inner: list[Token], span: Span | None) -> list[Block]:
        lines = []
        for line in inner:
            linemap = LineMap(line.content, self.lines, line.map[0] if line.map else 0)
            indent = (Str("\u00a0" * line.meta["indent"]),) if line.meta.get("indent") else ()
            body = self.inlines(line.children or [], linemap)
            lines.append(indent + tuple(LineBreak() if isinstance(n, SoftBreak) else n
                                        for n in body))
        return [m.LineBlock(tuple(lines), span)]

    def definition_list(self, tok: Token, inner: list[Token], span: Span | None) -> list[Block]:
        items: list[m.DefinitionItem] = []
        for part, part_inner in _groups(inner):
            if part.type == "dt_open":
                items.append(m.DefinitionItem(self.inline_block(part_inner), ()))
            elif part.type == "dd_open" and items:
                last = items[-1]
                items[-1] = m.DefinitionItem(last.term, (*last.definitions,
                                                         self.blocks(part_inner)))
        return [m.DefinitionList(tuple(items), span)]

    def table(self, tok: Token, inner: list[Token], span: Span | None) -> list[Block]:
        table = pipe_table(inner, self.inline_block, span, self.cell_blocks)
        widths = tok.meta.get("widths") if tok.meta else None
        if not widths and tok.map:  # a pipe table: pandoc's widths when a line is long
            widths = pipe_widths(self.lines[tok.map[0]:tok.map[1]])
        return [replace(table, widths=tuple(widths)) if widths else table]

    def cell_blocks(self, text: str, first_line: int) -> tuple[Block, ...]:
        """A grid table cell's Markdown, read as blocks at its lines; a single paragraph
        stays a paragraph (the writers set it inline, as any cell)."""
        outer = self.env.pop("list_markers", None)  # cells of one row share their lines
        try:
            return self.blocks(make_parser().parse("\n" * first_line + text, self.env))
        finally:
            self.env["list_markers"] = outer or {}

    def math_block(self, tok: Token, inner: list[Token], span: Span | None) -> list[Block]:
        self.check_math(tok.content.strip(), span)
        return [m.Equation(tok.content.strip(), span=span)]

    def check_math(self, tex: str, span: Span | None) -> None:
        if has_definitions(tex):  # \newcommand ...: taken out and expanded by settle_math
            try:
                tex = take_definitions(tex)[1]
            except MacroError as exc:
                self.diagnostics.append(error("md-math", f"cannot set the math {tex[:40]!r}: "
                                              f"{exc}", span))
                return
            if not tex:
                return
        problem = math_problem(tex)
        if problem:
            self.diagnostics.append(error("md-math", f"cannot set the math {tex[:40]!r}: "
                                          f"{problem}", span))

    def list_block(self, tok: Token, inner: list[Token], span: Span | None) -> list[Block]:
        groups = list(_groups(inner))
        items = [self.blocks(item_inner) for _, item_inner in groups]
        # markdown-it hides the paragraphs of a tight list; only this list's own (two
        # levels down) count, not those of a tight list nested in a loose one
        tight = any(t.type == "paragraph_open" and t.hidden and t.level == tok.level + 2
                    for t in inner)
        if tok.type == "bullet_list_open":
            tasks = [_task(item) for item in items]
            if any(task is not None for task, _ in tasks):
                return [BulletList(tuple(i for _, i in tasks), span, tight,
                                   tuple(t for t, _ in tasks))]
            return [BulletList(tuple(items), span, tight)]
        markers = self.env.get("list_markers", {})
        written = [markers.get(item_tok.map[0]) if item_tok.map else None
                   for item_tok, _ in groups]
        fallback: tuple[str, m.ListDelim] = (str(tok.attrs.get("start", 1)),
                                             "paren" if tok.markup == ")" else "period")
        runs = ordered_runs([w or fallback for w in written])
        out: list[Block] = []
        for first, last, style, delim, start in runs:
            labels = tuple(_example_label((written[i] or fallback)[0])
                           for i in range(first, last)) if style == "example" else ()
            where = span if first == 0 else self.block_span(groups[first][0])
            run_tight = tight if len(runs) == 1 else self.tight_run(
                [item_tok.map for item_tok, _ in groups[first:last]])
            out.append(OrderedList(tuple(items[first:last]), start, where, run_tight, style,
                                   delim, labels))
        return out

    def tight_run(self, maps: list[list[int] | None]) -> bool:
        """Whether items of a list markdown-it read as one, which pandoc splits, are tight
        on their own: no blank line between them or between an item's blocks."""
        for index, lines in enumerate(maps):
            if lines is None:
                continue
            body = [self.lines[n].strip(" \t>") for n in range(lines[0], lines[1])
                    if n < len(self.lines)]
            if index == len(maps) - 1:
                while body and not body[-1]:
                    body.pop()
            if any(not line for line in body):
                return False
        return True

    def raw_warning(self, content: str, span: Span | None) -> None:
        """One ``md-raw`` warning per file, at the first raw HTML printed as text."""
        if self.raw_warned:
            return
        self.raw_warned = True
        shown = content.split("\n")[0][:40]
        self.diagnostics.append(warning(
            "md-raw", f"raw HTML is printed as text, not interpreted: {shown!r} "
            "(use a ```{=html} block to pass HTML to the HTML route)", span))

    def safe_raw(self, fmt: str, content: str, span: Span | None) -> str:
        """Raw HTML without scripts, event handlers and non-web links (warned at ``span``)."""
        if fmt != "html":
            return content
        cleaned, removed = sanitize_html(content)
        if removed:
            shown = ", ".join(dict.fromkeys(removed))
            self.diagnostics.append(warning(
                "md-raw-unsafe", f"removed from raw HTML (scripts, event handlers and links "
                f"outside the web are not allowed): {shown}", span))
        return cleaned

    def raw_route_warning(self, fmt: str, what: str, span: Span | None) -> None:
        routes = {"latex": "LaTeX", "tex": "LaTeX", "html": "HTML", "html5": "HTML"}
        shown = routes.get(fmt)
        message = (f"raw {fmt} {what} is passed to the {shown} route only; the other route "
                   "drops it" if shown else f"raw {fmt} {what} is dropped: no route writes {fmt}")
        self.diagnostics.append(warning("md-raw-route", message, span))

    def literal(self, text: str, tok: Token) -> tuple[Inline, ...]:
        """Raw HTML block as plain text, line by line."""
        out: list[Inline] = []
        first = tok.map[0] if tok.map else 0
        for number, line in enumerate(text.split("\n")):
            if number:
                out.append(SoftBreak())
            linemap = LineMap(line, self.lines, first + number)
            out.extend(_words([(line, 0)], linemap, self.path))
        return tuple(out)

    # --- inlines --------------------------------------------------------

    def inline_block(self, inner: list[Token]) -> tuple[Inline, ...]:
        tok = next((t for t in inner if t.type == "inline"), None)
        if tok is None:
            return ()
        linemap = LineMap(tok.content, self.lines, tok.map[0] if tok.map else 0)
        return self.inlines(tok.children or [], linemap)

    def inlines(self, tokens: list[Token], linemap: LineMap) -> tuple[Inline, ...]:
        out: list[Inline] = []
        pending: list[tuple[str, int]] = []
        tokens = html_formatting(tokens)
        attach_inline_attributes(tokens)
        for tok, inner in _groups(tokens):
            if tok.type == "html_inline" and tok.content.startswith("<!--"):
                continue
            if tok.type == "html_inline" and _HTML_BREAK.fullmatch(tok.content):
                out.extend(_words(pending, linemap, self.path))
                pending = []
                out.append(LineBreak())
                continue
            if tok.type in _TEXT_TOKENS:
                if tok.type == "html_inline":
                    self.raw_warning(tok.content, self.span_at(tok, linemap))
                pending.append((tok.content, token_pos(tok) or 0))
                continue
            out.extend(_words(pending, linemap, self.path))
            pending = []
            out.extend(self.inline(tok, inner, linemap))
        out.extend(_words(pending, linemap, self.path))
        return tuple(out)

    def link(self, tok: Token, children: tuple[Inline, ...], linemap: LineMap) -> list[Inline]:
        """A link only to an address :func:`typeset.rich.links.link_target` allows (web,
        mail, DOI, internal), in both routes; any other (``javascript:``, ``file:``, a
        relative path, which the PDF would make a launch or a file link) prints its text,
        with a warning."""
        from typeset.rich.links import link_target

        href = str(tok.attrs.get("href", ""))
        target = link_target(href)
        if target is None:
            shown = href if len(href) <= 60 else href[:59] + "…"
            self.diagnostics.append(warning(
                "md-link-scheme", f"link to {shown!r} is not a web, mail, DOI or internal "
                "address; its text is printed without the link", self.span_at(tok, linemap)))
            return list(children)
        return [Link(target, children)]

    def span_at(self, tok: Token, linemap: LineMap) -> Span:
        line, col = linemap.position(token_pos(tok) or 0)
        return Span(self.path, line, col)

    def inline(self, tok: Token, inner: list[Token], linemap: LineMap) -> list[Inline]:
        kind = tok.type
        if kind == "softbreak":
            return [SoftBreak()]
        if kind == "hardbreak":
            return [LineBreak()]
        if kind == "code_inline":
            return [self.code_inline(tok, linemap)]
        if kind == "math_inline" and tok.content != tok.content.strip():
            # pandoc: "$ x$" and "$x $" are no math; the dollars print as typed
            return _words([("$" + tok.content + "$", token_pos(tok) or 0)], linemap, self.path)
        if kind in ("math_inline", "math_inline_double"):
            span = self.span_at(tok, linemap)
            self.check_math(tok.content.strip(), span)
            return [m.Math(tok.content.strip(), kind == "math_inline_double", span)]
        if kind == "s_open":
            return [m.Strikeout(self.inlines(inner, linemap))]
        if kind == "span_open":
            return [_span(tok.meta["attrs"], self.inlines(inner, linemap))]
        if kind == "em_open":
            return [Emph(self.inlines(inner, linemap))]
        if kind == "strong_open":
            return [Strong(self.inlines(inner, linemap))]
        if kind == "sup_open":
            return [Superscript(self.inlines(inner, linemap))]
        if kind == "sub_open":
            return [Subscript(self.inlines(inner, linemap))]
        if kind == "link_open":
            return self.link(tok, self.inlines(inner, linemap), linemap)
        if kind == "image":
            return self.image(tok, linemap)
        if kind == "footnote_ref":
            return [self.note(tok, linemap)]
        if kind == "cite_open":
            return [self.cite(tok, inner, linemap)]
        return list(self.inlines(inner, linemap))

    def image(self, tok: Token, linemap: LineMap) -> list[Inline]:
        attrs: Attributes = tok.meta.get("attrs") or Attributes()
        return [m.Image(str(tok.attrs.get("src", "")), self.inlines(tok.children or [], linemap),
                        attrs.get("width"), attrs.get("height"), self.span_at(tok, linemap),
                        attrs.ident)]

    def code_inline(self, tok: Token, linemap: LineMap) -> Inline:
        attrs: Attributes | None = tok.meta.get("attrs")
        if attrs is not None and attrs.raw_format:
            span = self.span_at(tok, linemap)
            fmt = _raw_format(attrs.raw_format)
            self.raw_route_warning(fmt, "inline", span)
            return m.RawInline(fmt, self.safe_raw(fmt, tok.content, span), span)
        return Code(tok.content, attrs.classes if attrs else ())

    def cite(self, tok: Token, inner: list[Token], linemap: LineMap) -> Cite:
        items = []
        for item_tok, parts in _groups(inner):
            pieces = {p.type: self.inlines(p_inner, linemap) for p, p_inner in _groups(parts)}
            meta = item_tok.meta
            items.append(CiteItem(
                key=meta["key"], prefix=pieces.get("cite_prefix_open", ()),
                suffix=pieces.get("cite_suffix_open", ()), locator=meta["locator"],
                label=meta["label"], suppress_author=meta["suppress_author"],
                span=self.span_at(item_tok, linemap),
            ))
        if tok.meta.get("mode") == "narrative":
            return Cite(tuple(items), "narrative", self.span_at(tok, linemap))
        return Cite(tuple(items), "normal", self.span_at(tok, linemap))

    # --- notes ----------------------------------------------------------

    def note(self, tok: Token, linemap: LineMap) -> Inline:
        span = self.span_at(tok, linemap)
        label = tok.meta.get("label")
        if label is None:
            entry = self.env["footnotes"]["list"][tok.meta["id"]]
            return Note((Para(self.inlines(entry.get("tokens", []), linemap), span),), span=span)
        if label not in self.definitions or label in self.active:
            why = "is not defined" if label not in self.definitions else "refers to itself"
            self.diagnostics.append(error("md-footnote-undefined", f"footnote [^{label}] {why}", span))
            return Str(f"[^{label}]", span)
        self.used.add(label)
        return Note(self.definition(label), span=span)

    def definition(self, label: str) -> tuple[Block, ...]:
        if label not in self.converted:
            self.active.add(label)
            self.converted[label] = self.blocks(self.definitions[label])
            self.active.discard(label)
        return self.converted[label]

    def collect_definitions(self, tokens: list[Token]) -> None:
        """Footnote definitions stay in place (move_to_end off) so we can see unused ones."""
        for index, tok in enumerate(tokens):
            if tok.type != "footnote_reference_open":
                continue
            depth, end = 1, index + 1
            while end < len(tokens) and depth:
                depth += tokens[end].nesting
                end += 1
            label = tok.meta["label"]
            inner = tokens[index + 1 : end - 1]
            first = next((t for t in inner if t.map), None)
            line = first.map[0] + 1 if first and first.map else self.find_line(f"[^{label}]:")
            if label in self.definitions:
                msg = f"footnote [^{label}] is defined twice (line {self.def_lines[label]}); the last wins"
                self.diagnostics.append(warning("md-footnote-duplicate", msg, Span(self.path, line, 1)))
            self.definitions[label], self.def_lines[label] = inner, line

    def find_line(self, marker: str) -> int:
        """Line of the first occurrence of ``marker`` (an empty definition has no map)."""
        return next((n for n, line in enumerate(self.lines, 1) if marker in line), 1)

    def unused_warnings(self) -> list[Diagnostic]:
        return [
            warning("md-footnote-unused", f"footnote [^{label}] is defined but never referenced",
                    Span(self.path, self.def_lines[label], 1))
            for label in self.definitions if label not in self.used
        ]


_WORD = re.compile(r"[^ \t\n]+")


def _words(pieces: list[tuple[str, int]], linemap: LineMap, path: str) -> list[Inline]:
    """Split adjacent text pieces into Str and Space, each Str with its position.

    A word may run across pieces (``foo\\*bar`` is three tokens), so words
    are glued until whitespace; the Str is placed at its first character.
    A run of whitespace, within a piece or across pieces, is one Space.

    This runs once per word of the manuscript (about 100k at 20x the sample), so it
    matches words only (whitespace is the gap between two matches) and makes each
    Str and its Span with :func:`typeset.readers.positions.str_at`, which skips the
    frozen dataclasses' ``__init__`` (the same objects, equal and hashing alike).
    """
    out: list[Inline] = []
    append = out.append
    make = str_at
    at_space = False  # the last item out is a Space
    word: list[str] = []  # the chunks of the word being glued across pieces
    word_pos = 0
    for text, pos in pieces:
        end = 0
        for run in _WORD.finditer(text):
            start = run.start()
            if start > end:  # whitespace before this word
                if word:
                    append(make(word[0] if len(word) == 1 else "".join(word),
                                linemap, path, word_pos))
                    word = []
                    append(Space())
                    at_space = True
                elif not at_space:
                    append(Space())
                    at_space = True
            if not word:
                word_pos = pos + start
            word.append(run.group())
            end = run.end()
        if end < len(text):  # whitespace after the last word of the piece
            if word:
                append(make(word[0] if len(word) == 1 else "".join(word),
                            linemap, path, word_pos))
                word = []
                append(Space())
                at_space = True
            elif not at_space:
                append(Space())
                at_space = True
    if word:
        append(make(word[0] if len(word) == 1 else "".join(word), linemap, path, word_pos))
    return out


# markdown-it stops reading a container nested MAX_NESTING tokens deep (a list level is
# two), and drops the rest silently; emphasis nests without bound, and the reader recurses
# once per level. Both become an error at the line instead (lists nest up to 49 levels,
# which the LaTeX writer allows too; pandoc's 5,000 nested emphasis marks are refused).
MAX_NESTING = 100
MAX_INLINE_NESTING = 64


def _nesting_problem(tokens: list[Any], path: str) -> Diagnostic | None:
    for tok in tokens:
        line = tok.map[0] + 1 if tok.map else 1
        if tok.nesting == 1 and tok.level >= MAX_NESTING - 1:  # an opener with no room inside
            return error("md-nesting", f"blocks nested deeper than {MAX_NESTING // 2 - 1} "
                         "levels (lists, quotations); the rest would be lost", Span(path, line, 1))
        if tok.children and max(child.level for child in tok.children) > MAX_INLINE_NESTING:
            return error("md-nesting", f"emphasis, links or spans nested deeper than "
                         f"{MAX_INLINE_NESTING} levels", Span(path, line, 1))
    return None


def read_markdown(text: str, path: str) -> tuple[tuple[Block, ...], list[Diagnostic]]:
    """Parse one Markdown file into blocks; problems come back as diagnostics."""
    env: dict[str, Any] = {}
    text, dropped = _drop_unprintable(text, path)
    tokens = make_parser().parse(text, env)
    nesting = _nesting_problem(tokens, path)
    if nesting is not None:
        return (), [nesting]
    reader = _Reader(text, path, env)
    reader.collect_definitions(tokens)
    blocks = reader.blocks(tokens)
    return blocks, dropped + reader.diagnostics + reader.unused_warnings()


_UNPRINTABLE = re.compile("[\x00\ufffd]")


def _drop_unprintable(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """NUL and U+FFFD (what a byte that was not text decodes to) are dropped, with one
    warning at the first: LuaLaTeX stops on them ("invalid utf-8 sequence") and the
    HTML route would print a replacement box, so both routes print the text without."""
    first = _UNPRINTABLE.search(text)
    if first is None:
        return text, []
    line = text.count("\n", 0, first.start()) + 1
    col = first.start() - (text.rfind("\n", 0, first.start()) + 1) + 1
    count = len(_UNPRINTABLE.findall(text))
    return _UNPRINTABLE.sub("", text), [warning(
        "md-unprintable", f"{count} NUL or U+FFFD character(s) (bytes that were not text?) "
        "dropped from the text", Span(path, line, col))]


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TEX_COMMAND = re.compile(r"\\[A-Za-z]{2,}(?:\{|\[|$)")
# <div>, and <details> whose Markdown inside pandoc reads too (markdown_in_html_blocks):
# for print its content is what counts, as in pandoc's LaTeX
_DIV_OPEN = re.compile(r"<(?:div|details)"
                       r"((?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>", re.I)
_DIV_CLOSE = re.compile(r"</(?:div|details)\s*>", re.I)
_SUMMARY = re.compile(r"^([ \t]*)<summary>(.*?)</summary>[ \t]*$", re.I | re.M)
_HTML_TAG_LINE = re.compile(r"^\s*</?[A-Za-z][\w-]*(?:\s[^>]*)?/?>", re.M)
_HTML_ATTR = re.compile(r"([\w:-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


def _html_div(content: str) -> tuple[tuple[str | None, tuple[str, ...], tuple[tuple[str, str],
                                                                           ...]], str | None] | None:
    """A ``<div id= class= lang=>`` HTML block: (ident, classes, pairs) and the text inside
    (None when the block is only the opening tag), or None when it is no such div."""
    text = content.strip()
    opener = _DIV_OPEN.match(text)
    if opener is None:
        return None
    ident, classes, pairs = None, (), []
    for match in _HTML_ATTR.finditer(opener.group(1)):
        name, value = match.group(1).lower(), next((g for g in match.groups()[1:] if g), "")
        if name == "id":
            ident = value
        elif name == "class":
            classes = tuple(value.split())
        elif name in ("lang", "dir"):
            pairs.append((name, value))
    rest = text[opener.end():]
    if not rest.strip():
        return (ident, classes, tuple(pairs)), None
    close = list(_DIV_CLOSE.finditer(rest))
    if not close or rest[close[-1].end():].strip():
        return None
    return (ident, classes, tuple(pairs)), rest[:close[-1].start()].strip("\n")


def _summaries(text: str) -> str:
    """``<summary>X</summary>`` lines of a ``<details>`` as a strong paragraph ``**X**``."""
    return _SUMMARY.sub(lambda found: f"{found.group(1)}**{found.group(2).strip()}**", text)


def _html_div_open(content: str) -> tuple[tuple[str | None, tuple[str, ...],
                                              tuple[tuple[str, str], ...]], str] | None:
    """A ``<div ...>`` HTML block that goes on, on the next lines, with Markdown and no
    ``</div>`` (pandoc reads it as the div's first blocks): its attributes and that text."""
    text = content.strip()
    opener = _DIV_OPEN.match(text)
    if opener is None or _DIV_CLOSE.search(text):
        return None
    rest = text[opener.end():].lstrip(" \t")
    if not rest.startswith("\n") or _HTML_TAG_LINE.search(rest):
        return None  # the opener shares its line, or more HTML follows: raw HTML, as before
    found = _html_div(text[:opener.end()])
    return (found[0], rest.strip("\n")) if found else None


def _raw_format(name: str) -> str:
    lowered = name.lower()
    return {"tex": "latex", "html5": "html"}.get(lowered, lowered)


def _code_info(info: str) -> tuple[str, str | None]:
    """The language and identifier of a fence's info string: ``python``, ``{.python #id}``,
    ``python {.numberLines}``."""
    word, _, rest = info.partition(" ")
    attrs = parse_attributes(info if info.startswith("{") else rest.strip())
    if info.startswith("{"):
        return (attrs.classes[0] if attrs and attrs.classes else ""), attrs.ident if attrs else None
    return word, attrs.ident if attrs else None


def _equation(children: tuple[Inline, ...], span: Span | None) -> m.Equation | None:
    """A paragraph holding only ``$$...$$`` (and ``{#eq:id}``) is a display equation."""
    rest, ident = trailing_identifier(children)
    words = [n for n in rest if not isinstance(n, Space | SoftBreak)]
    if len(words) == 1 and isinstance(words[0], m.Math) and words[0].display:
        return m.Equation(words[0].text, ident, span=span)
    return None


def _example_label(body: str) -> str | None:
    return body[1:] or None


_LOGO = re.compile(r"\\(LaTeX|TeX)(?:\{\})?(?![A-Za-z])")


def _tex_logos(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``\\LaTeX`` and ``\\TeX`` written in the text print as the words LaTeX and TeX."""
    if not any(isinstance(n, Str) and "TeX" in n.text for n in children):
        return children
    return tuple(Str(_LOGO.sub(r"\1", n.text), n.span) if isinstance(n, Str) else n
                 for n in children)


def _split_at_equations(children: tuple[Inline, ...], span: Span | None) -> list[Block] | None:
    """A paragraph with ``$$ ... $$ {#eq:x}`` (or ``$$ ... \\label{x} $$``) inside it
    (pandoc-crossref and pandoc-eqnos allow it): the text before, the numbered Equation,
    and the rest as a ``continued`` paragraph. None when no display formula in it carries
    an identifier."""
    out: list[Block] = []
    start, index = 0, 0
    while index < len(children):
        node = children[index]
        after = index + 1
        while after < len(children) and isinstance(children[after], Space | SoftBreak):
            after += 1
        label = children[after] if after < len(children) else None
        attribute = isinstance(label, Str) and label.text.startswith("{#") \
            and label.text.endswith("}") and " " not in label.text
        if isinstance(node, m.Math) and node.display and (attribute or "\\label{" in node.text):
            before = _strip_spaces(children[start:index])
            if before:
                out.append(Para(before, span) if not out else Para(before, span, True))
            if not attribute or not isinstance(label, Str):  # \label{x}: settle_math names it
                out.append(m.Equation(node.text, None, span=node.span or span))
                start = index = index + 1
                continue
            ident = label.text[2:-1] or None
            if ident is not None and ident.endswith(":"):  # eqnos' {#eq:}: numbered, no name
                where = node.span or span
                ident += f"l{where.line}c{where.col}" if where else "x"
            out.append(m.Equation(node.text, ident, span=node.span or span))
            start = index = after + 1
            continue
        index += 1
    if not out:
        return None
    rest = _strip_spaces(children[start:])
    if rest:
        out.append(Para(rest, span, True))
    return out


def _strip_spaces(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    first, last = 0, len(nodes)
    while first < last and isinstance(nodes[first], Space | SoftBreak):
        first += 1
    while last > first and isinstance(nodes[last - 1], Space | SoftBreak):
        last -= 1
    return nodes[first:last]


def _task(item: tuple[Block, ...]) -> tuple[bool | None, tuple[Block, ...]]:
    """A task list item's box (``[ ]`` False, ``[x]`` True) and the item without it."""
    if not item or not isinstance(item[0], Para):
        return None, item
    kids = item[0].children
    texts = [n.text if isinstance(n, Str) else " " if isinstance(n, Space) else "\0"
             for n in kids[:4]]
    for pattern, done, length in ((["[", " ", "]"], False, 3), (["[x]"], True, 1),
                                  (["[X]"], True, 1)):
        if texts[:length] == pattern and len(kids) > length and isinstance(kids[length], Space):
            rest = Para(kids[length + 1:], item[0].span)
            return done, (rest, *item[1:])
    return None, item


def _span(attrs: Attributes, children: tuple[Inline, ...]) -> Inline:
    classes = set(attrs.classes)
    if classes == {"smallcaps"} and not attrs.pairs and not attrs.ident:
        return SmallCaps(children)
    if classes & {"ul", "underline"}:
        rest = tuple(c for c in attrs.classes if c not in ("ul", "underline"))
        inner: Inline = m.Underline(children)
        if not rest and not attrs.pairs and not attrs.ident:
            return inner
        return m.InlineSpan((inner,), attrs.ident, rest, attrs.pairs)
    if "smallcaps" in classes:
        children = (SmallCaps(children),)
    return m.InlineSpan(children, attrs.ident,
                        tuple(c for c in attrs.classes if c != "smallcaps"), attrs.pairs)


_BlockHandler = Callable[[_Reader, Token, list[Token], Span | None], list[Block]]
_BLOCK_HANDLERS: dict[str, _BlockHandler] = {
    "paragraph_open": _Reader.paragraph,
    "heading_open": _Reader.heading,
    "blockquote_open": lambda r, t, i, s: [BlockQuote(r.blocks(i), s)],
    "bullet_list_open": _Reader.list_block,
    "ordered_list_open": _Reader.list_block,
    "code_block": _Reader.code,
    "fence": _Reader.code,
    "hr": lambda r, t, i, s: [HorizontalRule(s)],
    "html_block": _Reader.html,
    "div_open": _Reader.div,
    "line_block_open": _Reader.line_block,
    "dl_open": _Reader.definition_list,
    "table_open": _Reader.table,
    "math_block": _Reader.math_block,
    "math_block_eqno": _Reader.math_block,
}


_ATTRIBUTES = re.compile(r"\{([^{}]*)\}")
# Pandoc's identifier characters (letters, digits, ``-_:.``): ``{.unnumbered.unlisted}`` is one
# class "unnumbered.unlisted" to pandoc, and is taken off the heading text as pandoc does.
_ATTRIBUTE_WORD = re.compile(r"-|\.[\w:.-]+|#[\w:.-]+|[\w-]+=\S+")


def _attribute_splits(children: tuple[Inline, ...]) -> Iterator[tuple[tuple[Inline, ...],
                                                                      tuple[Inline, ...]]]:
    """Where a heading's trailing attributes may begin, from the end: after a space, or at
    a ``{`` inside a word (``Captions{#sec:x}``)."""
    for start in range(len(children) - 1, -1, -1):
        node = children[start]
        if isinstance(node, Str) and node.text.find("{") > 0:
            cut = node.text.find("{")
            yield ((*children[:start], replace(node, text=node.text[:cut])),
                   (replace(node, text=node.text[cut:]), *children[start + 1:]))
        if start and isinstance(children[start - 1], Space):
            yield children[:start - 1], children[start:]
        elif not start and isinstance(node, Str) and node.text.startswith("{"):
            yield (), children  # "# {#only}": an empty heading with its identifier


def heading_attributes(
    children: tuple[Inline, ...],
) -> tuple[tuple[Inline, ...], str | None, str | None, tuple[str, ...]]:
    """Pandoc's trailing ``{#id .unnumbered .appendix}`` / ``{-}`` on a heading: the children
    without it, the number ("" = unnumbered, None = the scheme's), the identifier and the
    classes. As in pandoc, the braces may follow the last word without a space
    (``## Captions{#sec:x}``)."""
    for head, tail in _attribute_splits(children):
        if not all(isinstance(n, Str | Space) for n in tail):
            return children, None, None, ()
        match = _ATTRIBUTES.fullmatch("".join(n.text if isinstance(n, Str) else " " for n in tail))
        if match is None:
            continue
        words = match.group(1).split()
        if not words or not all(_ATTRIBUTE_WORD.fullmatch(w) for w in words):
            return children, None, None, ()
        number = "" if "-" in words or ".unnumbered" in words else None
        ident = next((w[1:] for w in words if w.startswith("#") and len(w) > 1), None)
        classes = tuple(w[1:] for w in words if w.startswith(".") and w != ".unnumbered")
        return head, number, ident, classes
    return children, None, None, ()
