"""Rewrite a .bib file in one canonical layout without losing anything.

Why a scanner of our own rather than bibtexparser's writer: tidying must keep
every field's content byte for byte (LaTeX, nested braces, ``@string``
references, ``#`` concatenations, comments), and bibtexparser's model folds
some of that away. The scanner below only finds the boundaries of blocks,
fields and value parts; everything in between is copied.

The documented normalisations (and nothing else):

- entry types and field names in lower case; fields in ``FIELD_ORDER`` (a
  table; unknown fields follow in their original order); ``=`` aligned
  (names padded to the longest in the entry, at least ``MIN_NAME_WIDTH``);
- values in braces: ``"..."`` becomes ``{...}`` and bare numbers ``{1958}``;
  @string references and ``#`` concatenations stay as written;
- ``month`` values that name one month become the macros ``jan`` .. ``dec``;
- single hyphens between page numbers become ``--``;
- no trailing spaces (inside multi-line values too: BibTeX reads a run of
  white space as one space), ``\n`` line ends; one blank line between blocks (a comment
  written directly above an entry stays directly above it);
- a ``% comment`` on the line a block closes stays on that line, after it;
- with ``sort=True``, entries ordered by key (case-insensitively), each with
  the comment directly above it; @string, @preamble and other text keep
  their places at the top.

And a guard: the tidied text is read back with the BibTeX reader and compared with
the original, entry by entry and field by field (:func:`content_change`); any
difference beyond the normalisations above refuses the rewrite (``bib-tidy-unsafe``
at the entry), so a file the scanner misreads is left alone, never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from typeset.bib.dates import parse_month
from typeset.bib.values import MONTH_MACROS
from typeset.diagnostics import Diagnostic, Span, TypesetError, error, offset_to_line_col

# Canonical field order: who, what, where in what, how published, when, identifiers, notes.
FIELD_ORDER: tuple[str, ...] = (
    "author", "shortauthor", "title", "subtitle", "titleaddon", "shorttitle",
    "booktitle", "booksubtitle", "booktitleaddon", "maintitle", "mainsubtitle",
    "journaltitle", "journal", "journalsubtitle", "issuetitle", "series",
    "volume", "volumes", "number", "issue", "part", "edition",
    "editor", "editora", "editorb", "editorc", "translator", "commentator",
    "annotator", "introduction", "foreword", "afterword",
    "type", "entrysubtype", "howpublished", "organization", "institution", "school",
    "publisher", "address", "location",
    "year", "month", "day", "date", "eventdate", "origdate", "chapter", "pages", "pagetotal",
    "language", "origlanguage", "isbn", "issn", "doi", "eprint", "eprinttype",
    "archiveprefix", "eprintclass", "url", "urldate",
    "note", "addendum", "abstract", "keywords", "crossref", "xdata",
)
# Field names are padded to at least this width (len("publisher")) so that `=` lines up
# across most entries of a file, not only within each entry.
MIN_NAME_WIDTH = 9
_ORDER_INDEX = {name: index for index, name in enumerate(FIELD_ORDER)}
_VERBATIM_TYPES = frozenset({"comment", "preamble", "string"})
_BLOCK_START = re.compile(r"@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])")
_NAME = re.compile(r"[^\s=,{}()\"#%]+")
_BARE = re.compile(r"[^\s,#{}\"()=%]+")
_PAGE_HYPHEN = re.compile(r"(?<=[0-9A-Za-z])[ \t]*(?<!-)-(?!-)[ \t]*(?=[0-9A-Za-z])")
_TRAILING = re.compile(r"[ \t]+(?=\r?\n)")
_SAME_LINE = re.compile(r"[ \t]*(%[^\n]*)")


class _SyntaxProblem(Exception):
    """Where the scanner stopped, and why (turned into a Diagnostic)."""

    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass
class _Field:
    name: str
    parts: list[str]
    comments: list[str] = field(default_factory=list)


@dataclass
class _Block:
    """A top-level piece: free text (``kind == ""``), a verbatim @-block, or an entry."""

    kind: str
    text: str = ""
    key: str = ""
    fields: list[_Field] = field(default_factory=list)
    trailing_comments: list[str] = field(default_factory=list)
    attached: bool = False  # a comment with no blank line before the next block
    same_line: str = ""  # "% ..." written after the block on its closing line


# --- public --------------------------------------------------------------------------


def tidy(text: str, *, sort: bool = False, path: str = "<string>") -> str:
    """The canonical form of ``text``; raises TypesetError when it cannot be read safely."""
    text = text.replace("\r\n", "\n")
    problems = syntax_problems(text, path)
    if problems:
        raise TypesetError(problems)
    blocks = _Scanner(text).blocks()
    if sort:
        blocks = _sorted(blocks)
    tidied = _render(blocks)
    changed = content_change(text, tidied, path, sort=sort)
    if changed is not None:
        raise TypesetError(changed)
    return tidied


def content_change(before: str, after: str, path: str = "<string>", *,
                   sort: bool = False) -> Diagnostic | None:
    """The first difference in what the BibTeX reader gets from ``before`` and ``after``
    (entries, their order unless ``sort``, types, every field's value up to the
    documented normalisations), as an error at the entry in ``before``; None when the
    same. ``tidy`` refuses to return text that reads otherwise than its input, so a
    scanner mistake can cost a rewrite, never content."""
    from typeset.bib import parse_bibtex

    old, new = parse_bibtex(before, path), parse_bibtex(after, path)

    def at(key: str, message: str) -> Diagnostic:
        span = old.spans.get(key, Span(path, 1, 1))
        return error("bib-tidy-unsafe", f"tidying would change the file's content ({message}); "
                     "it is left as it is", span)

    lost = [key for key in old.raw if key not in new.raw]
    if lost:
        return at(lost[0], f"entry {lost[0]!r} would be lost")
    if len(new.raw) != len(old.raw):
        extra = next(key for key in new.raw if key not in old.raw)
        return at(extra, f"an entry {extra!r} would appear")
    if not sort and list(old.raw) != list(new.raw):
        first = next(a for a, b in zip(old.raw, new.raw, strict=True) if a != b)
        return at(first, "the order of the entries")
    for key, fields in old.raw.items():
        old_type = old.entries[key].entry_type if key in old.entries else None
        new_type = new.entries[key].entry_type if key in new.entries else None
        if old_type != new_type:
            return at(key, f"{key}: the entry type")
        mine, theirs = _comparable(fields), _comparable(new.raw[key])
        for name in sorted(mine.keys() | theirs.keys()):
            if mine.get(name) != theirs.get(name):
                return at(key, f"{key}: {name} {mine.get(name)!r} would become "
                          f"{theirs.get(name)!r}")
    return None


def _comparable(fields: dict[str, str]) -> dict[str, str]:
    """Field values as the reader gets them, with tidy's own normalisations applied:
    a run of white space is one space (as BibTeX reads it), a month written as a name
    is its number, single page hyphens are ``--``."""
    out: dict[str, str] = {}
    for name, value in fields.items():
        value = " ".join(value.split())
        if name == "month" and "{" not in value:
            number = parse_month(value)
            value = str(number) if number is not None else value
        elif name == "pages":
            value = _PAGE_HYPHEN.sub("--", value)
        out[name] = value
    return out


def scan_problem(text: str) -> tuple[int, str] | None:
    """The offset and message of the first place the block scanner cannot read, if any.

    Stricter than bibtexparser in one useful way: a missing comma between fields
    is an error here, where bibtexparser reads the next field into the value.
    """
    try:
        _Scanner(text).blocks()
    except _SyntaxProblem as exc:
        return exc.offset, exc.message
    return None


def syntax_problems(text: str, path: str = "<string>") -> list[Diagnostic]:
    """Errors that make tidying unsafe: our scanner's, then the BibTeX parser's."""
    problem = scan_problem(text)
    if problem is not None:
        offset, message = problem
        return [error("bib-syntax", message, Span(path, *offset_to_line_col(text, offset)))]
    from typeset.bib import parse_bibtex

    result = parse_bibtex(text, path)
    return [d for d in result.parse_diagnostics if d.code == "bib-syntax" and d.is_error]


# --- scanning ------------------------------------------------------------------------


class _Scanner:
    """Splits BibTeX text into blocks, fields and value parts (positions kept for errors)."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def blocks(self) -> list[_Block]:
        out: list[_Block] = []
        while self.pos < len(self.text):
            match = _BLOCK_START.search(self.text, self.pos)
            end = match.start() if match else len(self.text)
            if end > self.pos and out and out[-1].kind:
                self.pos += self.same_line_comment(out[-1], end)
            if end > self.pos:
                if out and out[-1].kind not in ("", "comment") and _stray_fields(self.text[self.pos:end]):
                    raise _SyntaxProblem(self.pos - 1, "unbalanced braces: this '}' closes the "
                                         "entry before its last field")
                out.append(_Block("", self.text[self.pos:end]))
            if match is None:
                break
            self.pos = match.end()
            out.append(self.block(match.group(1).lower(), match.group(2), match.start()))
        return out

    def same_line_comment(self, block: _Block, end: int) -> int:
        """A ``% comment`` on the line a block ends on describes that block
        (``@string{a = ...} % From 2014``): it stays on that line. Returns the
        length of text taken."""
        match = _SAME_LINE.match(self.text, self.pos, end)
        if match is None:
            return 0
        block.same_line = match.group(1).rstrip()
        return match.end() - self.pos

    def block(self, kind: str, opener: str, start: int) -> _Block:
        closer = "}" if opener == "{" else ")"
        if kind in _VERBATIM_TYPES:
            end = self.balanced_end(self.pos - 1, closer, start)
            body = self.text[self.pos:end]
            self.pos = end + 1
            return _Block(kind, body)
        return self.entry(kind, closer, start)

    def balanced_end(self, open_at: int, closer: str, start: int) -> int:
        """Offset of the delimiter closing the one at ``open_at`` (braces must balance)."""
        depth = 0
        for index in range(open_at + 1, len(self.text)):
            char = self.text[index]
            if char == "\n" and _BLOCK_START.match(self.text, index + 1 + _indent(self.text, index + 1)):
                raise _SyntaxProblem(open_at, "unbalanced braces: this is not closed before the "
                                     "next entry")
            if char == "{":
                depth += 1
            elif char == "}" and depth > 0:
                depth -= 1
            elif char == "}" and closer != "}":
                raise _SyntaxProblem(index, "unbalanced braces: '}' without a matching '{'")
            elif char == closer and depth == 0:
                return index
        raise _SyntaxProblem(start, "unbalanced braces: this block is never closed")

    def entry(self, kind: str, closer: str, start: int) -> _Block:
        self.skip_space()
        key_end = self.pos
        while key_end < len(self.text) and self.text[key_end] not in ",}) \t\r\n":
            key_end += 1
        block = _Block(kind, key=self.text[self.pos:key_end])
        if not block.key:
            raise _SyntaxProblem(start, f"@{kind} entry without a key")
        self.pos = key_end
        comments = self.skip_space()
        while True:
            if self.peek() == closer:
                self.pos += 1
                block.trailing_comments = comments
                return block
            self.expect(",", start)
            comments += self.skip_space()
            if self.peek() == closer:
                continue
            block.fields.append(self.field(comments, start))
            comments = self.skip_space()

    def field(self, comments: list[str], start: int) -> _Field:
        match = _NAME.match(self.text, self.pos)
        if match is None:
            raise _SyntaxProblem(self.pos, "expected a field name")
        self.pos = match.end()
        self.skip_space()
        self.expect("=", start)
        self.skip_space()
        parts = [self.part()]
        while True:
            # Comments after the value belong to what follows it (the next field, or the
            # entry's end), unless a `#` continues the value: then they move above it.
            before = self.pos
            between = self.skip_space()
            if self.peek() != "#":
                self.pos = before
                return _Field(match.group(0).lower(), parts, comments)
            self.pos += 1
            comments = comments + between + self.skip_space()
            parts.append(self.part())

    def part(self) -> str:
        begin = self.pos
        char = self.peek()
        if char == "{":
            end = self.balanced_end(begin, "}", begin)
        elif char == '"':
            end = self.balanced_end(begin, '"', begin)
        else:
            match = _BARE.match(self.text, begin)
            if match is None:
                raise _SyntaxProblem(begin, "expected a value ({...}, \"...\", a number or a macro)")
            self.pos = match.end()
            return match.group(0)
        self.pos = end + 1
        return self.text[begin:self.pos]

    def skip_space(self) -> list[str]:
        """Skip white space; return the ``%`` comment lines met on the way."""
        comments = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char.isspace():
                self.pos += 1
            elif char == "%":
                end = self.text.find("\n", self.pos)
                end = len(self.text) if end < 0 else end
                comments.append(self.text[self.pos:end].rstrip())
                self.pos = end
            else:
                break
        return comments

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, char: str, start: int) -> None:
        if self.peek() == "@" and _BLOCK_START.match(self.text, self.pos):
            raise _SyntaxProblem(start, "this entry is not closed before the next one "
                                 "(a missing '}'?)")
        if char == "," and _NAME.match(self.text, self.pos):
            raise _SyntaxProblem(self.pos, "missing ',' before this field")
        if self.peek() != char:
            found = repr(self.peek()) if self.peek() else "the end of the file"
            raise _SyntaxProblem(self.pos, f"expected {char!r} but found {found}")
        self.pos += 1


_STRAY = re.compile(r"\A\s*[,}]|^[ \t]*[A-Za-z][\w:.-]*[ \t]*=", re.MULTILINE)


def _stray_fields(text: str) -> bool:
    """Free text right after an entry that looks like its fields: an extra '}' closed it."""
    lines = [line for line in text.split("\n") if not line.lstrip().startswith("%")]
    return bool(_STRAY.search("\n".join(lines)))


def _indent(text: str, start: int) -> int:
    index = start
    while index < len(text) and text[index] in " \t":
        index += 1
    return index - start


# --- normalising -----------------------------------------------------------------------


def _value(name: str, parts: list[str]) -> str:
    if len(parts) > 1:
        return " # ".join(parts)
    part = parts[0]
    if part.startswith(("{", '"')):
        inner = part[1:-1]
    elif part.isdigit():
        inner = part
    else:
        lowered = part.lower()
        return lowered if lowered in MONTH_MACROS else part
    return _braced(name, inner)


def _braced(name: str, inner: str) -> str:
    if name == "month":
        number = parse_month(inner) if "{" not in inner else None
        if number is not None:
            return list(MONTH_MACROS)[number - 1]
    if name == "pages":
        inner = _PAGE_HYPHEN.sub("--", inner)
    return "{" + inner + "}"


def _field_order(fields: list[_Field]) -> list[_Field]:
    indexed = enumerate(fields)
    ranked = sorted(indexed, key=lambda p: (_ORDER_INDEX.get(p[1].name, len(FIELD_ORDER)), p[0]))
    return [f for _, f in ranked]


# --- rendering ------------------------------------------------------------------------


def _render(blocks: list[_Block]) -> str:
    pieces: list[str] = []
    previous: _Block | None = None
    for block in blocks:
        text = _render_block(block)
        if not text:
            continue
        if pieces:
            pieces.append("\n" if previous is not None and previous.attached else "\n\n")
        pieces.append(text)
        previous = block
    return _TRAILING.sub("", "".join(pieces)).rstrip() + "\n" if pieces else ""


def _render_block(block: _Block) -> str:
    if block.kind == "":
        return _render_text(block)
    if block.kind in _VERBATIM_TYPES:
        text = f"@{block.kind}{{{block.text.strip()}}}"
    else:
        text = _render_entry(block)
    return f"{text} {block.same_line}" if block.same_line else text


def _render_text(block: _Block) -> str:
    """Free text between blocks (comments), without blank lines at either end."""
    lines = [line.rstrip() for line in block.text.split("\n")]
    ends_attached = len(lines) >= 2 and lines[-1] == "" and lines[-2] != ""
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    block.attached = ends_attached and block.text.rstrip(" \t").endswith("\n")
    return text


def _render_entry(block: _Block) -> str:
    fields = _field_order(block.fields)
    if not fields and not block.trailing_comments:
        return f"@{block.kind}{{{block.key}}}"
    width = max([MIN_NAME_WIDTH, *(len(f.name) for f in fields)])
    lines = [f"@{block.kind}{{{block.key},"]
    for index, item in enumerate(fields):
        lines += [f"  {comment}" for comment in item.comments]
        comma = "," if index < len(fields) - 1 else ""
        lines.append(f"  {item.name.ljust(width)} = {_value(item.name, item.parts)}{comma}")
    lines += [f"  {comment}" for comment in block.trailing_comments]
    lines.append("}")
    return "\n".join(lines)


def _sorted(blocks: list[_Block]) -> list[_Block]:
    """Entries by key, each keeping the comment directly above it; the rest first."""
    head: list[_Block] = []
    groups: list[tuple[str, list[_Block]]] = []
    pending: list[_Block] = []
    for block in blocks:
        if block.kind == "":
            if pending:
                head += pending
            pending = [block]
        elif block.kind in _VERBATIM_TYPES:
            head += pending + [block]
            pending = []
        else:
            carried = [b for b in pending if _directly_above(b)]
            head += [b for b in pending if b not in carried]
            groups.append((block.key.casefold(), carried + [block]))
            pending = []
    groups.sort(key=lambda group: group[0])
    return head + [b for _, group in groups for b in group] + pending


def _directly_above(block: _Block) -> bool:
    lines = block.text.rstrip(" \t").split("\n")
    return bool(block.text.strip()) and len(lines) >= 2 and lines[-1] == "" and lines[-2].strip() != ""
