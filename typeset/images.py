"""Find the manuscript's images on disk: relative to the Markdown file, then the project.

Run by :func:`typeset.project.read_project`, so ``typeset check`` and the
build report the same problems. Each Figure's and Image's ``src`` becomes
the image's absolute path; an image that is missing, outside the project
folder or of a kind neither route can embed is an error at its position in the
Markdown; a remote one (nothing is fetched from the network) is a warning, and
its ``src`` becomes empty, so the writers print the caption (or an inline
image's description) alone. The writers
then only name files, and the engines embed them (:mod:`typeset.engines.images`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlparse

from typeset.diagnostics import Diagnostic, Span, error, warning
from typeset.doc import model as m
from typeset.doc.walk import map_tree

KINDS = (".png", ".jpg", ".jpeg", ".pdf", ".svg")


def is_remote(src: str) -> bool:
    """A URL with a scheme (``https:``), not a path (``C:`` drive letters aside)."""
    scheme = urlparse(src).scheme
    return len(scheme) > 1


def locate(src: str, markdown_file: Path, project_dir: Path) -> tuple[Path | None, str]:
    """The image file for ``src`` and, when there is none, why."""
    parsed = urlparse(src)
    if is_remote(src):
        return None, f"the image {src} is not a local file (images are not downloaded)"
    relative = unquote(parsed.path if parsed.scheme == "" else src)
    root = project_dir.resolve()
    for base in (markdown_file.parent, project_dir):
        candidate = (base / relative).resolve()
        if candidate.is_file():
            if not candidate.is_relative_to(root):
                return None, f"the image {src} is outside the project folder"
            if candidate.suffix.lower() not in KINDS:
                return None, (f"the image {src} is a {candidate.suffix or 'file without suffix'};"
                              " use PNG, JPEG, PDF or SVG")
            return candidate, ""
    return None, f"the image {src} was not found (looked beside {markdown_file.name} and in " \
        "the project folder)"


class _Resolver:
    def __init__(self, markdown_file: str, project_dir: Path) -> None:
        self.file, self.project_dir = markdown_file, project_dir
        self.found: list[Diagnostic] = []

    def src(self, src: str, span: Span | None) -> str:
        if is_remote(src):  # pandoc would download it; we print the caption and say so
            self.found.append(warning("md-image-remote", f"the image {src} is not downloaded; "
                                      "only its caption is printed", span or Span(self.file)))
            return ""
        path, why = locate(src, Path(self.file), self.project_dir)
        if path is None:
            self.found.append(error("md-image", why, span or Span(self.file)))
            return src
        return str(path)

    def inline(self, node: m.Inline, _parents: tuple[object, ...]) -> m.Inline:
        return replace(node, src=self.src(node.src, node.span)) if isinstance(node, m.Image) \
            else node

    def block(self, node: m.Block, _parents: tuple[object, ...]) -> m.Block:
        return replace(node, src=self.src(node.src, node.span)) if isinstance(node, m.Figure) \
            else node


def resolve_images(doc: m.Document, project_dir: Path) -> tuple[m.Document, list[Diagnostic]]:
    """``doc`` with every image's ``src`` an absolute path, and errors for those not found."""
    found: list[Diagnostic] = []
    sections = []
    for section in doc.sections:
        resolver = _Resolver(section.path, Path(project_dir))
        sections.append(map_tree(section, block=resolver.block, inline=resolver.inline))
        found += resolver.found
    return replace(doc, sections=tuple(sections)), found
