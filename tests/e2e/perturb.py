"""Perturb the sample's page breaks and count the notes that leave their call's page and
the "Ibid." notes that open a page.

    python -m tests.e2e.perturb [--route html|latex|both] [--fillers 0-11]
                                [--style chicago-notes-bibliography-subsequent-ibid]

For k = 0, 1, ... filler sentences added right after the call of note 21, the
sample is built and measured:

* a note is off its call's page when the page of its call (the ``fnref.N``
  destination both routes set at the call) differs from the page the engine
  reports for the note (``BuildResult.note_pages``);
* an Ibid. opens a page when the first note printed on a page begins with
  "Ibid." (read from the kept intermediate source).

tests/e2e/test_perturbation.py runs this (marked slow).
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from typeset.diagnostics import Span
from typeset.engines.base import EngineResult, WriterOutput

REPO = Path(__file__).resolve().parents[2]
IBID_STYLE = "chicago-notes-bibliography-subsequent-ibid"
FILLER = ("The point deserves a sentence of its own, for it returns in what follows. ")
# the first words of each note in the intermediate source, per route
_NOTE_START = {
    "html": re.compile(r'data-note="(\d+)"><a class="note-mark" href="[^"]*">\d+\.</a>\u2002'
                       r"(?:<[^>]+>)*([^<]{0,8})"),
    "latex": re.compile(r"\\footnote\[(\d+)\]\{%\n(?:\\[A-Za-z]+\{)*([^\\{}\n]{0,8})"),
}


@dataclass(frozen=True)
class Measure:
    fillers: int
    pages: int
    off_page: tuple[int, ...]  # notes printed on another page than their call
    ibid_tops: tuple[int, ...]  # notes that say Ibid. first on their page


def perturbed_copy(dest: Path, fillers: int, note: int = 21) -> Path:
    """The sample project in ``dest`` with ``fillers`` sentences right after note ``note``'s
    call (the first ``]`` from the note's position: the citation's closing bracket)."""
    shutil.copytree(REPO / "manuscript", dest / "manuscript")
    shutil.copy(REPO / "bibliography.bib", dest / "bibliography.bib")
    span = note_span(dest, note)
    path = dest / span.path
    lines = path.read_text(encoding="utf-8").split("\n")
    line = lines[span.line - 1]
    at = line.index("]", max(span.col - 1, 0)) + 1
    lines[span.line - 1] = line[:at] + " " + FILLER * fillers + line[at:]
    path.write_text("\n".join(lines), encoding="utf-8")
    return dest


class _Capture:
    """An engine that keeps the writer's output and makes no PDF."""

    name = "capture"

    def __init__(self) -> None:
        self.source: WriterOutput | None = None

    def compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
        self.source = source
        return EngineResult()


def note_span(project: Path, note: int) -> Span:
    """Where note ``note`` is in the manuscript, from the LaTeX writer's source map."""
    from typeset.pipeline import build

    capture = _Capture()
    build(project, route="latex", output=project / "build" / "probe.pdf", engine=capture)
    assert capture.source is not None
    tex_lines = capture.source.source.split("\n")
    opening = next(i for i, text in enumerate(tex_lines, start=1)
                   if text.endswith(rf"\footnote[{note}]{{%"))
    return capture.source.source_map[opening + 1]


def call_pages(pdf_path: Path) -> tuple[dict[int, int], int]:
    """Note number -> page (1-based) of its call, from the ``fnref.N`` destinations; and
    the number of pages."""
    with pikepdf.open(pdf_path) as pdf:
        index = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        found = {}
        for name, dest in pikepdf.NameTree(pdf.Root.Names.Dests).items():
            if name.startswith("fnref."):
                target = dest.D if isinstance(dest, pikepdf.Dictionary) else dest
                found[int(name.split(".")[1])] = index[target[0].objgen]
        return found, len(pdf.pages)


def ibid_notes(source: str, route: str) -> set[int]:
    return {int(m.group(1)) for m in _NOTE_START[route].finditer(source)
            if m.group(2).startswith("Ibid")}


def measure(route: str, fillers: int, style: str = IBID_STYLE, page_aware: bool = True) -> Measure:
    from typeset.page_ibid import opening_notes
    from typeset.pipeline import build

    with tempfile.TemporaryDirectory() as scratch:
        project = perturbed_copy(Path(scratch), fillers)
        out = project / "build" / "sample.pdf"
        if not page_aware:
            with (project / "manuscript" / "metadata.yaml").open("a", encoding="utf-8") as meta:
                meta.write("\npage-aware-ibid: false\n")
        result = build(project, route=route, output=out, style=style, keep_intermediate=True)
        calls, pages = call_pages(out)
        notes = result.note_pages
        off = tuple(sorted(n for n in calls if notes.get(n) != calls[n]))
        assert result.intermediate is not None
        said = ibid_notes(result.intermediate.read_text(encoding="utf-8"), route)
        tops = tuple(sorted(said & opening_notes(notes)))
        return Measure(fillers, pages, off, tops)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--route", choices=("html", "latex", "both"), default="both")
    parser.add_argument("--fillers", default="0-11", help="a range, e.g. 0-11")
    parser.add_argument("--style", default=IBID_STYLE)
    parser.add_argument("--no-page-aware-ibid", action="store_true")
    args = parser.parse_args()
    low, _, high = args.fillers.partition("-")
    routes = ("html", "latex") if args.route == "both" else (args.route,)
    for route in routes:
        for k in range(int(low), int(high or low) + 1):
            found = measure(route, k, args.style, not args.no_page_aware_ibid)
            print(f"{route:<6} k={k:<3} pages={found.pages:<3} off-page={list(found.off_page)} "
                  f"ibid-at-top={list(found.ibid_tops)}", flush=True)


if __name__ == "__main__":
    main()
