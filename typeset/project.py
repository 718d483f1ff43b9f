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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from typeset import cache, confine
from typeset.config import Config, parse_config
from typeset.diagnostics import Diagnostic, Span, TypesetError, error
from typeset.doc.floats import number_floats
from typeset.doc.model import Document, Meta, Section
from typeset.images import resolve_images
from typeset.readers.markdown import read_markdown
from typeset.readers.smart import smarten

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


def load_config(project_dir: Path, overrides: Mapping[str, Any] | None = None
                ) -> tuple[Config, list[Diagnostic]]:
    """PROJECT/manuscript/metadata.yaml (optional) with the command line's overrides."""
    project_dir = Path(project_dir)
    file = project_dir / METADATA_FILE
    text, found = read_text(file, "meta", missing_ok=True)
    config, more = parse_config(text, file, project_dir, overrides)
    return config, found + more


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


def read_section(file: Path) -> tuple[Section | None, list[Diagnostic]]:
    """One manuscript file as a Section, or diagnostics saying why it cannot be read."""
    text, found = read_text(file, "md")
    if text is None:
        return None, found
    blocks, more = cache.parsed(text, str(file), read_markdown)  # unchanged: not parsed
    return Section(str(file), blocks), found + more


def read_project(project_dir: Path, config: Config | None = None
                 ) -> tuple[Document, list[Diagnostic]]:
    """The whole manuscript: metadata (from the config, read here when not given) and one
    Section per file."""
    project_dir = Path(project_dir)
    found: list[Diagnostic] = []
    if config is None:
        config, found = load_config(project_dir)
    files = section_files(project_dir)
    if not files:
        message = "no manuscript/*.md section files found" + _layout_hint(project_dir)
        found.append(error("md-no-sections", message, Span(str(project_dir / MANUSCRIPT_DIR))))
    sections = []
    for file in files:
        section, more = read_section(file)
        found += more
        if section is not None:
            sections.append(section)
    document = Document(meta=document_meta(config), sections=tuple(sections))
    document, missing = resolve_images(smarten(number_floats(document)), project_dir)
    return document, found + missing


def document_meta(config: Config) -> Meta:
    """The settings the writers print or lay out by, from the validated config."""
    return Meta(
        title=config.title or "", subtitle=config.subtitle or "",
        short_title=config.short_title or "", authors=config.authors, date=config.date or "",
        original_publication=config.original_publication or "", lang=config.lang,
        keywords=config.keywords, papersize=config.papersize, fontsize=config.fontsize,
        section_numbering=config.section_numbering, bibliography_title=config.bibliography_title,
        pdf_standard=config.pdf_standard,
    )


def _layout_hint(project_dir: Path) -> str:
    """Why a folder with Markdown in it has no sections: the two usual mistakes."""
    if project_dir.resolve().name == MANUSCRIPT_DIR:
        return "; this is the manuscript folder itself: give its parent folder as PROJECT_DIR"
    if any(f.name.lower() != "readme.md" for f in project_dir.glob("*.md")):
        return "; the .md files here belong in a manuscript/ subfolder"
    return ""


# --- the style and the output --------------------------------------------------------


def style_path(project_dir: Path, style: str) -> str:
    """A local file (project-relative path, or styles/NAME.csl) wins over a collection name.

    A file outside the project (and what the command line allows) is a TypesetError,
    and so is a path that names no file: it must not be tried as a path elsewhere."""
    for candidate in (project_dir / style, project_dir / "styles" / f"{style}.csl"):
        if candidate.is_file() or candidate.is_symlink():
            _check_style_file(candidate)
            return str(candidate)
    if "/" in style or os.sep in style:
        raise TypesetError(error("unknown-style", f"unknown CSL style {style!r}: no such file "
                                 "in the project", Span(style)))
    return style


def _check_style_file(candidate: Path) -> None:
    """A style file must be confined like every other input, and a regular file."""
    try:
        confine.read_bytes(candidate, "style")
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
    """PROJECT/build/<slug>.pdf; a title with no Latin letters (e.g. Cyrillic) uses the folder name."""
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
