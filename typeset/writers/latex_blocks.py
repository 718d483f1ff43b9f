"""Document model -> LaTeX: tables, figures, equations, code, lists, divs and the rest.

A mixin of the LaTeX writer (:class:`typeset.writers.latex._Writer`), so these
handlers share its output and source map. Packages and definitions they need
are in :data:`PREAMBLE` (the writer appends them after the house preamble):

* tables: ``longtable`` + ``booktabs`` (rules above, below and under the header,
  no vertical lines), breaking across pages, the caption above as Chicago sets
  it ("Table 1." then the caption); columns get ``p{}`` widths from multiline and
  grid tables, or from the text when a row is too long for natural widths;
* figures: ``graphicx`` in a non-floating block ("Figure 1." under the image),
  width and height from the attributes (``%`` of the text width);
* math: native (``amsmath``); numbered equations with ``\\tag``;
* code: Pygments' LaTeX formatter into ``fvextra``'s Verbatim (``commandchars``
  so user text is escaped by Pygments, ``breaklines`` so long lines wrap);
  no shell escape is needed;
* lists: ``enumitem`` for start numbers, ``a.``/``iv)``/``(1)`` labels and tight lists;
* strikeout and underline: ``lua-ul`` (LuaLaTeX's node-based ``\\strikeThrough``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from typeset.doc import model as m
from typeset.rich.latex import escape_text
from typeset.writers.contents import entry_text
from typeset.writers.latex_out import _Out
from typeset.writers.table_fit import (
    CODE_BREAK,
    CODE_RUN,
    CRAMPED_PAD_EM,
    PAD_EM,
    column_widths,
    cramped,
    fitted_size,
    spread_widths,
)


@lru_cache(maxsize=1)
def _formatter() -> Any:
    """Pygments' LaTeX formatter (imported when there is code: it costs 60 ms)."""
    from pygments.formatters import LatexFormatter

    return LatexFormatter(commandchars=True, style="bw")

LIST_DEPTH = 50  # above the Markdown reader's limit (49 levels)
_DEEP = ",".join(str(level) for level in range(5, LIST_DEPTH + 1))  # levels LaTeX has no label for
PREAMBLE = [
    r"\usepackage{graphicx,longtable,booktabs,array,amsmath,enumitem,lua-ul}",
    r"\usepackage{fvextra}",
    r"\fvset{breaklines=true,breakanywhere=true,fontsize=\small}",
    r"\setlength{\LTpre}{0.8em}\setlength{\LTpost}{0.8em}",
    r"\setlist{itemsep=0.5\baselineskip,parsep=0pt,topsep=0.5em}",  # loose; tight: noitemsep
    # lists nest as deep in LaTeX (4 levels by default) as in HTML: up to the reader's
    # nesting limit; levels 5 and deeper get a bullet (numbers: "1.")
    rf"\setlistdepth{{{LIST_DEPTH}}}\renewlist{{itemize}}{{itemize}}{{{LIST_DEPTH}}}"
    rf"\renewlist{{enumerate}}{{enumerate}}{{{LIST_DEPTH}}}",
    # \renewlist forgets the labels: levels 1-4 get article's own back
    r"\setlist[itemize,1]{label=\textbullet}"
    r"\setlist[itemize,2]{label=\normalfont\bfseries\textendash}"
    r"\setlist[itemize,3]{label=\textasteriskcentered}"
    r"\setlist[itemize,4]{label=\textperiodcentered}"
    r"\setlist[enumerate,1]{label=\arabic*.}\setlist[enumerate,2]{label=(\alph*)}"
    r"\setlist[enumerate,3]{label=\roman*.}\setlist[enumerate,4]{label=\Alph*.}",
    rf"\setlist[itemize,{_DEEP}]{{label=\textbullet}}\setlist[enumerate,{_DEEP}]{{label=\arabic*.}}",
    r"\newcommand\tscaptionlabel[1]{{\scshape #1}\enspace}",
    r"\newenvironment{tsfigure}{\par\addvspace{1em}\begin{center}}"
    r"{\end{center}\addvspace{0.5em}}",
    r"\newcommand\tstask[1]{{\fboxsep=0.5pt\fbox{\makebox[0.6em]{\strut #1}}}}",
    # headings 4 and deeper: flush left (4 italic, 5 and 6 small caps), as print.css
    r"\makeatletter\newcommand\tsheadingleft[3]{\par\addvspace{1.2em}\stepcounter{tsheading}"
    r"\pdfbookmark[#1]{#2}{tsh.\arabic{tsheading}}"
    r"{\raggedright\hyphenpenalty=10000\normalfont\ifnum#1=4 \itshape\else\scshape\fi #3\par}"
    r"\nobreak\vspace{0.4em}\@afterindentfalse\@afterheading}\makeatother",
    # an image at its natural size, scaled down to the line width if wider
    r"\newcommand\tsgraphic[1]{\sbox0{\includegraphics{#1}}\ifdim\wd0>\linewidth"
    r"\resizebox{\linewidth}{!}{\usebox0}\else\usebox0\fi}",
]

# formulas in Latin Modern Math, the face the HTML route's SVGs are drawn in (math_svg.py)
MATH_PREAMBLE = r"\usepackage{unicode-math}\setmathfont{Latin Modern Math}"

_ENUM_LABELS = {"decimal": r"\arabic*", "lower-alpha": r"\alph*", "upper-alpha": r"\Alph*",
                "lower-roman": r"\roman*", "upper-roman": r"\Roman*", "example": r"\arabic*"}
_DELIMS = {"period": ("", "."), "paren": ("", ")"), "two-parens": ("(", ")")}
_ALIGN = {"left": r"\raggedright", "right": r"\raggedleft", "center": r"\centering",
          "default": r"\raggedright"}
_NATURAL = {"left": "l", "right": "r", "center": "c", "default": "l"}
_DISPLAY_ENV = re.compile(r"\s*\\begin\s*\{(align|gather|multline|flalign|alignat|equation)\*?\}")
_TEX_LENGTH = re.compile(r"(\d+(?:\.\d+)?)(%|in|cm|mm|px|pt|em)?")


@lru_cache(maxsize=1)
def pygments_preamble() -> str:
    """The ``\\PY`` macros Pygments' highlighted code uses."""
    return str(_formatter().get_style_defs())


def tex_length(value: str | None, whole: str = r"\linewidth") -> str | None:
    """A pandoc width (``50%``, ``3in``, ``300`` px) as a TeX length."""
    match = _TEX_LENGTH.fullmatch((value or "").strip())
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2) or "px"
    if unit == "%":
        return f"{number / 100:.3f}{whole}"
    if unit == "px":
        return f"{number * 0.75:.2f}bp"  # CSS pixels: 96 per inch
    return f"{number:g}{unit}"


def _cell_code(text: str) -> str:
    """Code in a grid table's cell, without verbatim: each line in typewriter type, spaces
    kept, characters escaped, no highlighting."""
    lines = text.rstrip("\n").split("\n")
    body = r"\par ".join(r"\mbox{}" + escape_text(line).replace(" ", r"\ ") for line in lines)
    return r"{\ttfamily\small\raggedright " + body + r"\par}"


def breakable_code(text: str) -> str:
    """Code escaped for LaTeX with break points, as ``\\url`` breaks an address: after
    ``/ . - _ :`` and the like, and anywhere (at a cost) in a longer run without them,
    so a long identifier or URL in a narrow column wraps instead of running on."""
    out: list[str] = []
    run = 0
    for char in text:
        if run >= CODE_RUN and char not in CODE_BREAK and not char.isspace():
            out.append(r"\penalty5000 ")
        out.append(escape_text(char))
        run = 0 if char in CODE_BREAK or char.isspace() else run + 1
        if char in CODE_BREAK:
            out.append(r"\allowbreak{}")
    return "".join(out)


class BlockWriter:
    """The block handlers; the LaTeX writer provides ``out``, ``inlines`` and ``blocks``."""

    out: _Out
    deferred_notes: list[m.Note] | None
    images: dict[str, str]
    meta: m.Meta
    lists: frozenset[str]

    def note_text(self, command: str, node: m.Note) -> None: ...

    def inlines(self, nodes: Iterable[m.Inline]) -> None: ...

    def blocks(self, blocks: Iterable[m.Block], separator: str = "\n\n") -> None: ...

    def contents_line(self, file: str, kind: str, number: str | None,
                      words: Iterable[m.Inline]) -> None:
        """The ``\\addcontentsline`` for a heading (``toc``), figure or table (``lof``/``lot``)."""
        shown = escape_text(entry_text(words))
        numbered = r"\protect\numberline{" + escape_text(number) + "}" if number else ""
        self.out.write(r"\addcontentsline{" + file + "}{" + kind + "}{" + numbered + shown + "}")

    def _anchor(self, ident: str | None) -> None:
        if ident:
            self.out.write(r"\hypertarget{" + escape_text(ident) + "}{}%\n")

    # --- lists -----------------------------------------------------------------

    in_cell = False  # set while a table cell is written

    def _list_items(self, env: str, items: Iterable[tuple[m.Block, ...]], options: str,
                    tasks: tuple[bool | None, ...] = ()) -> None:
        if self.in_cell:  # set close: no space above, below or between the items
            options = ",".join(o for o in (options, "nosep,leftmargin=*") if o)
        self.out.write(r"\begin{" + env + "}[" + options + "]\n")
        for index, blocks in enumerate(items):
            task = tasks[index] if index < len(tasks) else None
            if task is None:
                # "{}" so text starting with "[" is not read as \item's optional argument.
                self.out.write(r"\item{} ")
            else:
                self.out.write(r"\item[\tstask{" + ("\u00d7" if task else "") + "}] ")
            self.blocks(blocks, separator="\\par\n")
            self.out.write("\n")
        self.out.write(r"\end{" + env + "}")

    def _bullets(self, block: m.BulletList) -> None:
        options = "noitemsep" if block.tight else ""
        self._list_items("itemize", block.items, options, block.tasks)

    def _ordered(self, block: m.OrderedList) -> None:
        before, after = _DELIMS[block.delim]
        label = before + _ENUM_LABELS[block.style] + after
        options = [f"label={label}", f"start={block.start}"]
        if block.tight:
            options.append("noitemsep")
        self._list_items("enumerate", block.items, ",".join(options))

    # --- code ------------------------------------------------------------------

    def _code(self, block: m.CodeBlock) -> None:
        from pygments import highlight
        from pygments.lexers import TextLexer, get_lexer_by_name
        from pygments.util import ClassNotFound

        try:
            lexer = get_lexer_by_name(block.info) if block.info else TextLexer()
        except ClassNotFound:
            lexer = TextLexer()
        source = block.text if block.text.endswith("\n") else block.text + "\n"
        self._anchor(block.ident)
        if self.in_cell:  # TeX reads a table cell before setting it: no verbatim there
            self.out.write(_cell_code(block.text))
            return
        code = highlight(source, lexer, _formatter()).rstrip("\n")
        if not block.caption and block.number is None:
            self.out.write("\\par\n" + code)
            return
        # a listing (pandoc-crossref): "Listing N." and the caption above the code, kept
        # with its first line (no float: the code may run over pages); the Verbatim's
        # space above made the caption's
        self.out.write("\\par\\addvspace{\\medskipamount}\\noindent{\\small ")
        if block.number is not None:
            self.out.write(r"\tscaptionlabel{Listing " + str(block.number) + ".}")
        self.inlines(block.caption)
        self.out.write("\\par}\\nopagebreak\n{\\setlength{\\topsep}{0.3em}"
                       "\\setlength{\\partopsep}{0pt}\n" + code + "\n\\par}")

    # --- tables ----------------------------------------------------------------

    def inline_code(self, node: m.Code) -> None:
        """Inline code; in a table cell with break points (see :func:`breakable_code`)."""
        text = breakable_code(node.text) if self.in_cell else escape_text(node.text)
        self.out.write(r"\texttt{" + text + "}")

    def _table(self, block: m.Table) -> None:
        size = float((self.meta.fontsize or "11pt").strip().lower().removesuffix("pt") or 11)
        font = 0.91 * size  # \small: 10pt in the 11pt class
        type_size = "\\small"
        # words that cannot fit at the usual 6pt a side: the columns closer (2.5pt a side),
        # and, when even so they pass the measure, the type smaller until they fit
        close = cramped(block, font, PAD_EM)
        if close and (fit := fitted_size(block, font, CRAMPED_PAD_EM)) < font:
            font = fit
            type_size = rf"\fontsize{{{fit:.2f}pt}}{{{1.2 * fit:.2f}pt}}\selectfont"
        pad = CRAMPED_PAD_EM if close else PAD_EM
        # a table that fits as it is spans the measure all the same: its natural widths
        # and the spare width shared out, each column set as its alignment says
        widths = column_widths(block, font, pad) or spread_widths(block, font, pad)
        columns = max((len(r.cells) for r in (*block.head, *block.body)), default=1)
        aligns = [block.aligns[i] if i < len(block.aligns) else "default" for i in range(columns)]
        if widths:
            # the space between the columns (none outside them) comes off their widths,
            # so widths summing to 1 make the table exactly as wide as the line
            gap = f"{2 * (columns - 1)}\\tabcolsep"
            # never wider than the line (the widths are rounded down, their sum at most 1)
            widths = tuple(math.floor(w / max(1.0, sum(widths)) * 1000) / 1000 for w in widths)
            spec = "".join(
                rf">{{{_ALIGN[a]}\arraybackslash}}p{{\dimexpr {w:.3f}\linewidth-{gap}/{columns}\relax}}"
                for a, w in zip(aligns, widths, strict=False))
        else:
            spec = "".join(_NATURAL[a] for a in aligns)
        fill, lead = "", "@{}"
        if close:
            fill += r"\setlength{\tabcolsep}{" + f"{CRAMPED_PAD_EM * font / 2:.2f}pt" + "}"
        self.out.write("{" + type_size + fill + "\n\\begin{longtable}{" + lead + spec + "@{}}\n")
        self.deferred_notes = []
        self._table_caption(block, columns, "" if type_size == "\\small" else "\\small ")
        self.out.write("\\toprule\n")
        for row in block.head:
            self._row(row)
        if block.head:
            self.out.write("\\midrule\n\\endhead\n")
        for index, row in enumerate(block.body):
            if index == 0 and "lot" in self.lists and block.number is not None:
                # in the first body row: the caption above is repeated on every page
                self.contents_line("lot", "table", str(block.number), block.caption)
            self._row(row)
        self.out.write("\\bottomrule\n\\end{longtable}}")
        notes, self.deferred_notes = self.deferred_notes, None
        for note in notes:
            self.out.write("%\n")
            self.note_text(rf"\footnotetext[{note.number}]", note)

    def _table_caption(self, block: m.Table, columns: int, size: str = "") -> None:
        if not block.caption and block.number is None:
            return
        self.out.write(r"\multicolumn{" + str(columns) + r"}{@{}p{\linewidth}@{}}{\raggedright "
                       + size)
        self._anchor(block.ident)
        if block.number is not None:
            self.out.write(r"\tscaptionlabel{Table " + str(block.number) + ".}")
        self.inlines(block.caption)
        self.out.write("}\\\\\n\\noalign{\\vspace{0.3em}}\n")

    def _row(self, row: m.TableRow) -> None:
        outer, self.in_cell = self.in_cell, True
        for index, cell in enumerate(row.cells):
            if index:
                self.out.write(" & ")
            if all(isinstance(b, m.Para) for b in cell.blocks):
                self.blocks(cell.blocks, separator="\\par ")
                continue
            # a list or code in a grid table's cell: in a top-aligned minipage whose first
            # line is a strut the content is pulled back onto, so the first line sits on
            # the row's baseline (a list alone starts a line lower, and hyperref's anchor
            # for an enumerate item would otherwise hang the minipage from its top)
            self.out.write("\\begin{minipage}[t]{\\linewidth}\\strut\\par"
                           "\\vspace*{-\\baselineskip}")
            self.blocks(cell.blocks, separator="\\par ")
            self.out.write("\\end{minipage}\\par")
        self.in_cell = outer
        self.out.write(" \\\\\n")

    # --- figures and equations ---------------------------------------------------

    def _graphic(self, block: m.Figure, path: str) -> None:
        width = tex_length(block.width)
        height = tex_length(block.height, r"\textheight")
        options = [f"width={width}" if width else "", f"height={height}" if height else ""]
        if not block.src:
            pass  # a remote image, not downloaded: the caption alone
        elif width or height:
            self.out.write(r"\includegraphics[" + ",".join(o for o in options if o)
                           + ",keepaspectratio]{" + path + "}")
        else:
            self.out.write(r"\tsgraphic{" + path + "}")

    def _figure(self, block: m.Figure, path: str) -> None:
        self.out.write("\\begin{tsfigure}\n")
        self._anchor(block.ident)
        if "lof" in self.lists and block.number is not None:
            self.contents_line("lof", "figure", str(block.number), block.caption)
            self.out.write("%\n")
        self._graphic(block, path)
        if block.caption or block.number is not None:
            # \nopagebreak: the caption never goes over to the next page without its image
            self.out.write("\\par\\nopagebreak\\vspace{0.5em}{\\small ")
            if block.number is not None:
                self.out.write(r"\tscaptionlabel{Figure " + str(block.number) + ".}")
            self.inlines(block.caption)
            self.out.write("\\par}")
        self.out.write("\n\\end{tsfigure}")

    def _equation(self, block: m.Equation) -> None:
        self._anchor(block.ident)
        env = _DISPLAY_ENV.match(block.text)
        if env:  # \begin{align} ... written in $$: set on its own, numbered by us only
            name = env.group(1)
            body = re.sub(r"\\end\s*\{" + name + r"\*?\}\s*$", "", block.text[env.end():])
            tag = f"\\tag{{{block.number}}}" if block.number is not None else ""
            self.out.write(f"\\begin{{{name}*}}{body}{tag}\\end{{{name}*}}")
            return
        if block.number is not None:
            self.out.write("\\begin{equation*}\n" + block.text + "\n\\tag{" + str(block.number)
                           + "}\n\\end{equation*}")
        else:
            self.out.write("\\[\n" + block.text + "\n\\]")

    # --- other blocks ------------------------------------------------------------

    def _figure_group(self, block: m.Div) -> None:
        """Subfigures side by side, each over its "(a) caption", then the group's "Figure
        N." and caption (its last paragraph, when that is not of images)."""
        from typeset.rich.latex import escape_url

        figures = [b for b in block.blocks if isinstance(b, m.Figure)]
        caption = block.blocks[-1] if isinstance(block.blocks[-1], m.Para) else None
        self.out.write("\\begin{tsfigure}\n")
        self._anchor(block.ident)
        if "lof" in self.lists and block.number is not None:
            self.contents_line("lof", "figure", str(block.number),
                               caption.children if caption else ())
            self.out.write("%\n")
        share = rf"\dimexpr(\linewidth-{len(figures) - 1}em)/{len(figures)}\relax"
        for index, sub in enumerate(figures):
            if index:
                self.out.write("\\hspace{1em}")
            # a width given is the subfigure's share of the line; the image fills it
            width = tex_length(sub.width) or share
            self.out.write("\\begin{minipage}[b]{" + width + "}\\centering\n")
            self._anchor(sub.ident)
            self._graphic(replace(sub, width="100%" if sub.width else None),
                          self.images.get(sub.src, escape_url(sub.src)))
            self.out.write("\\par\\vspace{0.3em}{\\small (" + escape_text(sub.sub or "") + ")")
            if sub.caption:
                self.out.write("~")
                self.inlines(sub.caption)
            self.out.write("\\par}\\end{minipage}")
        for other in block.blocks:
            if not isinstance(other, m.Figure) and other is not caption:
                self.out.write("\\par\n")
                self.blocks((other,))
        if caption is not None or block.number is not None:
            self.out.write("\\par\\nopagebreak\\vspace{0.5em}{\\small ")
            if block.number is not None:
                self.out.write(r"\tscaptionlabel{Figure " + str(block.number) + ".}")
            if caption is not None:
                self.inlines(caption.children)
            self.out.write("\\par}")
        self.out.write("\n\\end{tsfigure}")

    def _div(self, block: m.Div) -> None:
        if block.number is not None and any(isinstance(b, m.Figure) for b in block.blocks):
            self._figure_group(block)
            return
        self._anchor(block.ident)
        lang = next((v for k, v in block.attributes if k == "lang"), None)
        if lang:
            from typeset.writers.latex_preamble import babel_language

            name, _known = babel_language(lang)
            self.out.write(r"\begin{otherlanguage}{" + name + "}\n")
            self.blocks(block.blocks)
            self.out.write("\n\\end{otherlanguage}")
        else:
            self.blocks(block.blocks)

    def _definitions(self, block: m.DefinitionList) -> None:
        self.out.write("\\begin{description}[style=nextline,font=\\normalfont\\bfseries]\n")
        for item in block.items:
            self.out.write(r"\item[{")
            self.inlines(item.term)
            self.out.write("}] ")
            for index, definition in enumerate(item.definitions):
                if index:
                    self.out.write("\\par\n")
                self.blocks(definition, separator="\\par\n")
            self.out.write("\n")
        self.out.write("\\end{description}")

    def _line_block(self, block: m.LineBlock) -> None:
        self.out.write("\\par\\addvspace{0.5em}{\\parindent=0pt\n")
        for index, line in enumerate(block.lines):
            if index:
                self.out.write("\\\\\n")
            self.out.write(r"\mbox{}")
            self.inlines(line)
        self.out.write("\\par}\\addvspace{0.5em}")
