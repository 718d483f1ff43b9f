"""Fixtures for the hostile corpus: a tiny project of our own and a canary outside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.diagnostics import Span
from typeset.engines.base import EngineResult, WriterOutput, write_atomically

CANARY = "canary-7f3a-not-for-the-pdf"

METADATA = """\
title: A Hostile Test
author: A. Tester
style: chicago-notes-bibliography
"""
SECTION = "# One\n\nAs argued.[@doe2001, 12]\n"
BIB = """\
@book{doe2001,
  author = {Doe, Jane},
  title = {A Book},
  publisher = {Press},
  address = {Place},
  year = {2001},
}
"""


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project holding files the build must never read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(f"# Secret\n\n{CANARY}\n", encoding="utf-8")
    (folder / "secret.bib").write_text(BIB.replace("A Book", CANARY), encoding="utf-8")
    (folder / "secret.css").write_text(f"body::after {{ content: '{CANARY}' }}\n", encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text(METADATA, encoding="utf-8")
    (root / "manuscript" / "01-one.md").write_text(SECTION, encoding="utf-8")
    (root / "bibliography.bib").write_text(BIB, encoding="utf-8")
    return root


class RecordingEngine:
    """Writes the source text as the 'PDF', so a test can look for a canary in it."""

    name = "recording"

    def __init__(self) -> None:
        self.sources: list[str] = []

    def compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
        self.sources.append(source.source)
        write_atomically(output, lambda tmp: tmp.write_text(source.source, encoding="utf-8"))
        return EngineResult()


@pytest.fixture
def engine() -> RecordingEngine:
    return RecordingEngine()


def where(span: Span | None) -> str:
    return "" if span is None else f"{Path(span.path).name}:{span.line}"
