"""The project on disk: its metadata, its sections, its style file and its default PDF.

``build`` and ``check`` both read a project through here, so they find the same
files in the same order and report the same problems. Text files are read by
one function (:func:`read_text`): UTF-8 with or without a byte-order mark, and
input that is not UTF-8 becomes a diagnostic at the line and column of the
first bad byte instead of an exception. The readers and ``config`` only ever
see text.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from typeset import cache, confine
from typeset.config import Config, parse_config
from typeset.diagnostics import Diagnostic, Span, TypesetError, error, warning
from typeset.doc import model as m
from typeset.doc.floats import number_floats
from typeset.doc.front import Front
from typeset.doc.model import Block, Document, Meta, Section
from typeset.doc.walk import query
from typeset.front_matter import read_front
from typeset.images import resolve_images
from typeset.readers.markdown import read_markdown
from typeset.readers.math_macros import settle_math
from typeset.readers.smart import smarten
from typeset.rich.model import plain

METADATA_FILE = Path("manuscript") / "metadata.yaml"
MANUSCRIPT_DIR = "manuscript"
BOM = codecs.BOM_UTF8


def read_text(file: Path, code: str, *, missing_ok: bool = False) -> tuple[str | None, list[Diagnostic]]:
    """The file's text (a BOM dropped), or None and a ``{code}-unreadable`` or
    ``{code}-encoding`` error; a missing file is None and no error when ``missing_ok``."""
    path = str(file)
    try:
        data = confine.read_bytes(file, code)
    except FileNotFoundError:
        if missing_ok:
            return None, []
        return None, [error(f"{code}-unreadable", "cannot read: no such file", Span(path))]
    except OSError as exc:
        return None, [error(f"{code}-unreadable", f"cannot read: {exc.strerror or exc}", Span(path))]
    skip = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[skip:].decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [_encoding_error(data, skip, skip + exc.start, path, code)]


def _encoding_error(data: bytes, skip: int, offset: int, path: str, code: str) -> Diagnostic:
    """Where the byte at ``offset`` is: line, and column in characters (a BOM not counted)."""
    good = data[skip:offset]
    line = good.count(b"\n") + 1
    line_start = good.rfind(b"\n") + 1
    col = len(good[line_start:].decode("utf-8", errors="replace")) + 1
    message = (f"file is not UTF-8: byte 0x{data[offset]:02x} at offset {offset} "
               "(save the file as UTF-8)")
    return error(f"{code}-encoding", message, Span(path, line, col))


MARKDOWN_SUFFIXES = (".md", ".markdown")


def locate(path: Path) -> tuple[Path, Path | None]:
    """What a command was given: a project folder -> (the folder, None); a Markdown file
    with YAML front matter, as pandoc users have it -> (its folder, the file). The folder
    is the project: bibliography, images, styles and ``build/`` are relative to it."""
    path = Path(path)
    if path.suffix.lower() in MARKDOWN_SUFFIXES and not path.is_dir():
        return path.parent, path
    return path, None


# A YAML block at the very top of a Markdown file (pandoc's, and markdown-it's front matter).
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def front_matter(text: str) -> str | None:
    """The YAML of ``text``'s metadata blocks, each on its own lines (the rest blank) so
    the YAML's line numbers are the file's; None without one. As in pandoc, a block may
    also stand further down (``---`` after a blank line, not followed by one, closed by
    ``---`` or ``...``, holding a YAML mapping); a key set twice takes the later value."""
    blocks = metadata_blocks(text)
    if not blocks:
        return None
    lines = [""] * (blocks[-1][1] - 1)
    owner: dict[str, list[int]] = {}  # a top-level key -> the lines it holds
    for first, _last, yaml_text in blocks:
        mine: dict[str, list[int]] = {}
        key = None
        for offset, line in enumerate(yaml_text.splitlines()):
            lines[first + offset] = line
            top = _TOP_KEY_RE.match(line)
            if top is not None:
                key = top.group(1).strip("'\"")
            if key is not None:
                mine.setdefault(key, []).append(first + offset)
        for name, held in mine.items():
            for index in owner.pop(name, []):  # set again further down: the later wins
                lines[index] = ""
            owner[name] = held
    return "\n".join(lines) + "\n"


# A line that starts a top-level key of a YAML mapping (not a list item, not a comment).
_TOP_KEY_RE = re.compile(r"^([^\s#\-][^:]*|-[^\s:][^:]*):(?:\s|$)")


_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def metadata_blocks(text: str) -> list[tuple[int, int, str]]:
    """pandoc's YAML metadata blocks in ``text``: (index of the first YAML line, index
    of the closing line + 1, the YAML), by 0-based line index; none inside code fences."""
    found: list[tuple[int, int, str]] = []
    head = _FRONT_MATTER_RE.match(text)
    lines = text.split("\n")
    start = 0
    if head is not None:
        closing = head.group(0).rstrip("\n").count("\n")
        found.append((1, closing + 1, head.group(1) or ""))
        start = closing + 1
    fence: str | None = None
    index = start
    while index < len(lines):
        line = lines[index]
        opener = _FENCE_RE.match(line)
        if fence is not None:
            if opener is not None and opener.group(1)[0] == fence[0] \
                    and len(opener.group(1)) >= len(fence):
                fence = None
        elif opener is not None:
            fence = opener.group(1)
        elif (line.rstrip() == "---" and index > 0 and not lines[index - 1].strip()
              and index + 1 < len(lines) and lines[index + 1].strip()):
            block = _later_block(lines, index)
            if block is not None:
                found.append(block)
                index = block[1]
                continue
        index += 1
    return found


def _later_block(lines: list[str], index: int) -> tuple[int, int, str] | None:
    for end in range(index + 1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[index + 1:end]) + "\n"
            try:
                data = yaml.safe_load(yaml_text)
            except yaml.YAMLError:
                return None
            return (index + 1, end + 1, yaml_text) if isinstance(data, dict) else None
    return None


def load_config(project_dir: Path, overrides: Mapping[str, Any] | None = None
                ) -> tuple[Config, list[Diagnostic]]:
    """The settings with the command line's overrides: PROJECT/manuscript/metadata.yaml
    (optional), or, without it, the first section's YAML front matter; for a single
    Markdown file (:func:`locate`), its front matter."""
    project_dir, source = locate(project_dir)
    if source is not None:
        text, found = read_text(source, "md")
        config, more = parse_config(front_matter(text or ""), source, project_dir, overrides)
        return replace(config, source=source), found + more
    file = project_dir / METADATA_FILE
    text, found = read_text(file, "meta", missing_ok=True)
    if text is None and not found:
        text, file, found = _first_section_front_matter(project_dir, file)
    config, more = parse_config(text, file, project_dir, overrides)
    return config, found + more


def _first_section_front_matter(project_dir: Path, fallback: Path
                                ) -> tuple[str | None, Path, list[Diagnostic]]:
    files = section_files(project_dir)
    if not files:
        return None, fallback, []
    text, found = read_text(files[0], "md")
    yaml_text = front_matter(text or "")
    return (yaml_text, files[0], []) if yaml_text is not None else (None, fallback, [])


def bibliography_refusal(config: Config) -> Diagnostic | None:
    """An error at ``bibliography:`` in the metadata when the file it names (symlinks
    followed) is outside what the active confinement allows."""
    for path in config.bibliographies or (config.bibliography,):
        problem = confine.refusal(path) if path is not None else None
        if problem is not None:
            break
    else:
        return None
    span = config.spans.get("bibliography") or Span(str(path))
    return error("bib-unreadable", f"cannot read the bibliography {path}: {problem.strerror}",
                 span)


# --- sections ----------------------------------------------------------------------


def section_files(project_dir: Path) -> list[Path]:
    """manuscript/*.md in file-name order, without the README."""
    folder = Path(project_dir) / MANUSCRIPT_DIR
    files = [f for f in folder.glob("*.md") if f.name.lower() != "readme.md"]
    return sorted(files, key=lambda f: f.name)


def read_section(file: Path, metadata_read: bool = True
                 ) -> tuple[Section | None, list[Diagnostic]]:
    """One manuscript file as a Section, or diagnostics saying why it cannot be read;
    ``metadata_read`` False: the file's YAML metadata blocks are not the project's
    metadata (a ``meta-ignored`` warning at each)."""
    section, found, _kinds = _read_section(file, metadata_read)
    return section, found


def _read_section(file: Path, metadata_read: bool
                  ) -> tuple[Section | None, list[Diagnostic], frozenset[type] | None]:
    """:func:`read_section` and the node classes the section holds."""
    text, found = read_text(file, "md")
    if text is None:
        return None, found, None
    metadata = metadata_blocks(text)
    if metadata:  # blank lines in their place, so the text keeps its line numbers
        lines = text.split("\n")
        for first, last, _yaml in metadata:
            lines[first - 1:last] = [""] * (last - first + 1)
            if not metadata_read:
                found = [*found, warning(
                    "meta-ignored", "this YAML metadata block is not read: the metadata "
                    f"comes from {METADATA_FILE} (or the first section's front matter); "
                    "move its keys there",
                    Span(str(file), first, 1))]
        text = "\n".join(lines)
    blocks, more, kinds = cache.parsed(text, str(file), _parse)  # unchanged: not parsed
    return Section(str(file), blocks), found + more, kinds


def _parse(text: str, path: str) -> tuple[tuple[Block, ...], list[Diagnostic], frozenset[type]]:
    """A section's Markdown read, and the node classes it holds (kept with the parse: the
    post-read passes skip the sections they have nothing to do in)."""
    blocks, found = read_markdown(text, path)
    return blocks, found, frozenset(type(node) for node in query(blocks, object))


def read_project(project_dir: Path, config: Config | None = None
                 ) -> tuple[Document, list[Diagnostic]]:
    """The whole manuscript: metadata (from the config, read here when not given) and one
    Section per file."""
    found: list[Diagnostic] = []
    if config is None:
        config, found = load_config(project_dir)
    project_dir = locate(project_dir)[0]
    files = [config.source] if config.source is not None else section_files(project_dir)
    if not files:
        message = "no manuscript/*.md section files found" + _layout_hint(project_dir)
        found.append(error("md-no-sections", message, Span(str(project_dir / MANUSCRIPT_DIR))))
    sections, kinds = [], []
    from_file = config.source or (None if (project_dir / METADATA_FILE).is_file()
                                  else files[0] if files else None)
    for file in files:
        section, more, held = _read_section(file, metadata_read=file == from_file)
        found += more
        if section is not None:
            sections.append(section)
            kinds.append(held)
    front, cites, more = read_front(config)
    meta = replace(document_meta(config, front), front_cites=cites)
    document = Document(meta=meta, sections=tuple(sections))
    document, math = _on_sections(document, kinds, _MATH_KINDS, settle_math)  # \newcommand
    document = smarten(number_floats(document))
    document, missing = _on_sections(document, kinds, _IMAGE_KINDS,
                                     lambda doc: _images(doc, project_dir))
    return document, found + more + math + missing


# What settle_math reads and rewrites (the rest of a document it leaves alone, and its
# macros come only from these), and the nodes resolve_images rewrites (number_floats
# makes figures only of images).
_MATH_KINDS = frozenset({m.Math, m.Equation, m.RawInline, m.RawBlock})
_IMAGE_KINDS = frozenset({m.Image, m.Figure})


def _images(doc: Document, project_dir: Path) -> tuple[Document, list[Diagnostic]]:
    """resolve_images, and the files it found told to the rebuild cache (an image edited,
    added or removed is a change)."""
    resolved, found = resolve_images(doc, project_dir)
    images: Iterable[m.Image | m.Figure] = query(resolved.sections, (m.Image, m.Figure))
    cache.uses(Path(node.src) for node in images if node.src)
    return resolved, found


def _on_sections(doc: Document, kinds: list[frozenset[type] | None], wanted: frozenset[type],
                 settle: Callable[[Document], tuple[Document, list[Diagnostic]]]
                 ) -> tuple[Document, list[Diagnostic]]:
    """``settle`` over the sections that hold one of the ``wanted`` node classes (by their
    ``kinds`` as read; None: unknown, taken), the others as they are: a pass that only
    rewrites those nodes, and carries state from one section to the next only through
    them, gives the same document at a fraction of the walk (a 20x book without math or
    images: two whole-document walks saved)."""
    taken = [n for n, held in enumerate(kinds) if held is None or not held.isdisjoint(wanted)]
    if len(taken) == len(doc.sections):
        return settle(doc)
    if not taken:
        return doc, []
    settled, found = settle(replace(doc, sections=tuple(doc.sections[n] for n in taken)))
    sections = list(doc.sections)
    for n, section in zip(taken, settled.sections, strict=True):
        sections[n] = section
    return replace(doc, sections=tuple(sections)), found


def document_meta(config: Config, front: Front | None = None) -> Meta:
    """The settings the writers print or lay out by, from the validated config and the
    title block read from it (:func:`typeset.front_matter.read_front`); the plain-text
    fields are the title block's text, for the PDF metadata and running heads."""
    if front is None:
        front = read_front(config)[0]  # citations stay placeholders: see read_project
    return Meta(
        title=plain(front.title), subtitle=plain(front.subtitle),
        short_title=config.short_title or "", authors=tuple(plain(a.name) for a in front.authors),
        date=plain(front.date), original_publication=plain(front.original_publication),
        lang=config.lang, front=front,
        keywords=config.keywords, papersize=config.papersize, fontsize=config.fontsize,
        section_numbering=config.section_numbering, bibliography_title=config.bibliography_title,
        pdf_standard=config.pdf_standard, toc=config.toc, toc_depth=config.toc_depth,
        toc_title=config.toc_title or "", lof=config.lof, lot=config.lot,
    )


def _layout_hint(project_dir: Path) -> str:
    """Why a folder with Markdown in it has no sections: the two usual mistakes."""
    if project_dir.resolve().name == MANUSCRIPT_DIR:
        return "; this is the manuscript folder itself: give its parent folder as PROJECT_DIR"
    here = sorted(f.name for f in project_dir.glob("*.md") if f.name.lower() != "readme.md")
    if len(here) == 1:
        return (f"; to build the single file, give it: folio build {here[0]} (or move it "
                "into a manuscript/ subfolder)")
    if here:
        return "; the .md files here belong in a manuscript/ subfolder"
    return ""


# --- the style and the output --------------------------------------------------------


def style_path(project_dir: Path, style: str) -> str:
    """A local file (project-relative path, or styles/NAME.csl) wins over a collection name.

    A file outside the project (and what the command line allows) is a TypesetError,
    and so is a path that names no file: it must not be tried as a path elsewhere."""
    return style_source(project_dir, style)[0]


def style_source(project_dir: Path, style: str) -> tuple[str, bytes | None]:
    """:func:`style_path` and the local file's content (None: a collection style)."""
    project_dir = locate(project_dir)[0]
    for candidate in (project_dir / style, project_dir / "styles" / f"{style}.csl"):
        if candidate.is_file() or candidate.is_symlink():
            return str(candidate), _check_style_file(candidate)
    if "/" in style or os.sep in style:
        raise TypesetError(error("unknown-style", f"unknown CSL style {style!r}: no such file "
                                 "in the project", Span(style)))
    return style, None


def _check_style_file(candidate: Path) -> bytes:
    """A style file must be confined like every other input, and a regular file."""
    try:
        return confine.read_bytes(candidate, "style")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise TypesetError(error("style-unreadable", f"cannot read the style {candidate}: "
                                 f"{reason}", Span(str(candidate)))) from None


# Latin letters that NFKD does not decompose into an ASCII base letter.
_LATIN_EXTRA = str.maketrans({"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                              "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                              "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"})


def slug(title: str) -> str:
    """A file-name stem from a title: ASCII letters and digits joined by hyphens."""
    latin = title.translate(_LATIN_EXTRA)
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:80].strip("-") or "document"


def default_output(project_dir: Path, config: Config) -> Path:
    """PROJECT/build/<slug>.pdf; a title with no Latin letters (e.g. Cyrillic) uses the folder
    name; a single Markdown file's is build/<its name>.pdf beside it."""
    if config.source is not None:
        return config.source.parent / "build" / f"{config.source.stem}.pdf"
    stem = slug(config.title or "")
    if stem == "document":
        stem = slug(project_dir.resolve().name)
    return project_dir / "build" / f"{stem}.pdf"


def shown(path: Path) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
