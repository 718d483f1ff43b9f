"""Images for the engines: each route gets the manuscript's images in a form it can embed.

* LaTeX: TeX runs in a private folder with ``openin_any=p``, so it can read
  only files copied there; :func:`copy_images` copies each image the writer
  named (``WriterOutput.images``: name in the build folder -> absolute path),
  converting SVG to PDF with CairoSVG (on PyPI; built on the cairo library
  WeasyPrint's Pango already needs), because LuaTeX cannot read SVG.
* HTML: WeasyPrint draws PNG, JPEG and SVG itself but not PDF; a PDF figure's
  first page is rasterised by pypdfium2 (PDFium, maintained by Chrome's PDF
  team) at 300 dpi when WeasyPrint fetches it (:func:`pdf_image_response`).

Each image is one file in the build folder (LaTeX) or one fetched URL
(WeasyPrint caches by URL), so an image used twice is embedded once.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from typeset.diagnostics import Diagnostic, Span, error

_DPI = 300


def copy_images(images: Mapping[str, str], build_dir: Path) -> list[Diagnostic]:
    """Copy (SVG: convert) each image into ``build_dir``; problems as diagnostics."""
    found: list[Diagnostic] = []
    for name, source in images.items():
        target = build_dir / name
        try:
            if source.lower().endswith(".svg") and name.endswith(".pdf"):
                import cairosvg

                cairosvg.svg2pdf(url=source, write_to=str(target), unsafe=False)
            else:
                shutil.copyfile(source, target)
        except Exception as exc:  # OSError, or any of CairoSVG's parse errors
            found.append(error("image-convert", f"cannot use the image {source}: {exc}",
                               Span(source)))
    return found


def pdf_as_png(path: Path, dpi: int = _DPI) -> bytes:
    """The first page of the PDF at ``path`` as PNG bytes."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    out = BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def pdf_image_response(url: str) -> Any | None:
    """A WeasyPrint response holding a PNG of the PDF at the file: ``url``; None for others."""
    parsed = urlparse(url)
    if parsed.scheme != "file" or not parsed.path.lower().endswith(".pdf"):
        return None
    from weasyprint.urls import URLFetcherResponse

    body = pdf_as_png(Path(unquote(parsed.path)))
    # not a file: URL, or WeasyPrint would embed the file at that path (the PDF) as the PNG
    return URLFetcherResponse("typeset-raster:" + parsed.path, body,
                              headers={"Content-Type": "image/png"})
