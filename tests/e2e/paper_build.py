"""Build one Markdown text as a single-file project (``paper.md``) through a route: the
shared first step of the end-to-end tests that read a PDF back."""

from __future__ import annotations

from pathlib import Path

from typeset.pipeline import BuildResult, build


def build_paper(tmp_path: Path, markdown: str, route: str) -> tuple[Path, BuildResult]:
    """``markdown`` written to ``tmp_path/paper.md`` and built to ``tmp_path/ROUTE.pdf``."""
    source = tmp_path / "paper.md"
    source.write_text(markdown, encoding="utf-8")
    out = tmp_path / f"{route}.pdf"
    return out, build(source, route=route, output=out)
