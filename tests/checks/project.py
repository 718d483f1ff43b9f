"""A tiny project on disk for check/bib tests: metadata, sections and a .bib."""

from __future__ import annotations

from pathlib import Path

GOOD_BIB = """\
@book{snow1958journey,
  author    = {Snow, Edgar},
  title     = {Journey to the Beginning},
  publisher = {Random House},
  address   = {New York},
  year      = {1958}
}

@article{malinin1944zvezda,
  author  = {Malinin, N.},
  title   = {On Security},
  journal = {Zvezda},
  year    = {1944},
  month   = jul,
  pages   = {12--15}
}
"""

GOOD_MD = "# One\n\nA claim.[@snow1958journey, 12] Another [@malinin1944zvezda].\n"


def make_project(
    root: Path,
    *,
    bib: str | bytes | None = GOOD_BIB,
    sections: dict[str, str | bytes] | None = None,
    metadata: str = "title: Test\n",
) -> Path:
    """Write PROJECT/manuscript/{metadata.yaml, NN-*.md} and PROJECT/bibliography.bib."""
    manuscript = root / "manuscript"
    manuscript.mkdir(parents=True, exist_ok=True)
    (manuscript / "metadata.yaml").write_text(metadata, encoding="utf-8")
    for name, text in (sections if sections is not None else {"01-one.md": GOOD_MD}).items():
        _write(manuscript / name, text)
    if bib is not None:
        _write(root / "bibliography.bib", bib)
    return root


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
