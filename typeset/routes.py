"""The route table: for each ``--route``, which writer feeds which engine.

A route is everything the pipeline needs to know about one way to a PDF: the
writer (Document, HouseStyle, style sheets -> source text), the engine that
typesets that text, the suffix of the source kept by ``--keep-intermediate``,
whether the route reads the project's CSS, and the folder the engine works
from. ``pipeline.build`` and the ``build`` command's ``--route`` choices both
come from :data:`ROUTES`, so a new route is one entry here.

Writers and engines are imported when a route is used, not when this module
is: the CLI reads the table at start-up, and pylatex or WeasyPrint would make
every command slower to start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typeset.doc.model import Document
    from typeset.engines.base import Engine, WriterOutput
    from typeset.house import HouseStyle

    Writer = Callable[[Document, HouseStyle, Sequence[str]], WriterOutput]


@dataclass(frozen=True)
class Route:
    """One way from a Document to a PDF."""

    writer: Writer
    engine: Callable[[], Engine]
    suffix: str  # of the intermediate source file
    source_name: str  # what the writer makes, for progress lines
    help: str  # for ``typeset build --help``
    # (project folder, output PDF) -> the folder the engine works from
    workdir: Callable[[Path, Path], Path]
    stylesheets: bool = False  # the writer uses the house and project CSS


def _project_folder(project_dir: Path, output: Path) -> Path:
    """The HTML route's base URL, and the only folder WeasyPrint may read from."""
    return project_dir.resolve()


def _output_folder(project_dir: Path, output: Path) -> Path:
    return output.parent.resolve()


def _write_html(doc: Document, house: HouseStyle, stylesheets: Sequence[str]) -> WriterOutput:
    from typeset.engines.base import WriterOutput
    from typeset.engines.weasyprint import created_timestamp
    from typeset.writers.html import write_html

    html = write_html(doc, house, stylesheets, created=created_timestamp())
    return WriterOutput(html, pdf_standard=doc.meta.pdf_standard, lang=doc.meta.lang)


def _weasyprint() -> Engine:
    from typeset.engines.weasyprint import WeasyPrintEngine

    return WeasyPrintEngine()


def _write_latex(doc: Document, house: HouseStyle, stylesheets: Sequence[str]) -> WriterOutput:
    """LaTeX takes its whole design from the house style: there are no style sheets."""
    from typeset.engines.base import WriterOutput
    from typeset.writers.latex import image_names, write_latex_with_map

    images = image_names(doc)
    source, source_map = write_latex_with_map(doc, house, images)
    return WriterOutput(source, source_map, {name: path for path, name in images.items()},
                        doc.meta.pdf_standard, doc.meta.lang)


def _lualatex() -> Engine:
    from typeset.engines.latexmk import LatexmkEngine

    return LatexmkEngine()


ROUTES: dict[str, Route] = {
    "html": Route(_write_html, _weasyprint, ".html", "HTML",
                  "HTML + CSS through WeasyPrint (pip only)", _project_folder, stylesheets=True),
    "latex": Route(_write_latex, _lualatex, ".tex", "LaTeX", "LuaLaTeX", _output_folder),
}
