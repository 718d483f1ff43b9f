"""Page-aware Ibid.: which notes are re-cited, the CSL hook, and the pipeline's bounded loop
(with a fake engine that reports chosen pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.csl import Processor
from typeset.doc import model as m
from typeset.engines.base import EngineResult, WriterOutput
from typeset.page_ibid import MAX_PASSES, ibid_notes, next_no_ibid, opening_notes
from typeset.pipeline import build
from typeset.rich import Tag, Text, plain

ITEM = {"id": "a", "type": "book", "title": "Book", "author": [{"family": "Doe", "given": "J."}],
        "issued": {"date-parts": [[2000]]}}
IBID_STYLE = "chicago-notes-bibliography-subsequent-ibid"


def test_opening_notes() -> None:
    assert opening_notes({1: 1, 2: 1, 3: 2, 4: 2, 5: 4}) == {1, 3, 5}
    assert opening_notes({}) == set()


def _note(number: int, *leaves: Text) -> m.Para:
    return m.Para((m.Note((m.Para((m.Rich(tuple(leaves)),)),), number=number),))


def test_ibid_notes_are_found_by_the_engine_tag() -> None:
    doc = m.Document(sections=(m.Section("s.md", (
        _note(1, Text("Doe, Book.", Tag("a", "title"))),
        _note(2, Text("Ibid.", Tag("a", "term:ibid")), Text(", 4.")),
        _note(3, Text("Ibid. (a title, not the term)", Tag("a", "title"))),
    )),))
    assert ibid_notes(doc) == {2}
    assert next_no_ibid(doc, {1: 1, 2: 2, 3: 2}, frozenset()) == {2}
    assert next_no_ibid(doc, {1: 1, 2: 1, 3: 2}, frozenset({7})) == {7}


def test_the_csl_hook_gives_the_subsequent_form() -> None:
    processor = Processor(IBID_STYLE, [ITEM])
    notes = [{"cites": [{"id": "a"}], "note_number": 1},
             {"cites": [{"id": "a", "locator": "4"}], "note_number": 2},
             {"cites": [{"id": "a", "locator": "4"}], "note_number": 3, "ibid": False},
             {"cites": [{"id": "a", "locator": "4"}], "note_number": 4}]
    rendered = [plain(r) for r in processor.cite(notes)]
    assert rendered[1] == "Ibid., 4."
    assert rendered[2] == "Doe, Book, 4."
    assert rendered[3] == "Ibid."  # the chain goes on from the short note


class PagesEngine:
    """A fake engine: note n lands on ``pages[n]``, then, pass by pass, on the pages
    ``later`` gives for that pass (the last one for any further pass)."""

    name = "fake"

    def __init__(self, pages: dict[int, int], *later: dict[int, int]) -> None:
        self.passes = [pages, *later]
        self.sources: list[str] = []

    def compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
        self.sources.append(source.source)
        output.write_bytes(b"%PDF-1.7\n")
        return EngineResult([], self.passes[min(len(self.sources), len(self.passes)) - 1])


def _project(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "metadata.yaml").write_text(
        f"title: T\nstyle: {IBID_STYLE}\n{extra}", encoding="utf-8")
    (tmp_path / "manuscript" / "01.md").write_text(
        "One [@a, 3]. Two [@a, 3]. Three [@a, 3]. Four [@a, 3].\n", encoding="utf-8")
    (tmp_path / "bibliography.bib").write_text(
        "@book{a, author = {Doe, J.}, title = {Book}, year = 2000}\n", encoding="utf-8")
    return tmp_path


def _ibids(html: str) -> int:
    return html.count("Ibid.")


def test_an_ibid_atop_a_page_becomes_a_short_note_in_one_more_pass(tmp_path: Path) -> None:
    engine = PagesEngine({1: 1, 2: 1, 3: 2, 4: 2})
    lines: list[str] = []
    result = build(_project(tmp_path), output=tmp_path / "o.pdf", engine=engine,
                   progress=lines.append)
    assert len(engine.sources) == 2
    assert (_ibids(engine.sources[0]), _ibids(engine.sources[1])) == (3, 2)
    assert any(line.startswith("ibid") and "2 passes" in line and ": 3" in line for line in lines)
    assert not result.diagnostics


def test_no_extra_pass_when_no_ibid_opens_a_page(tmp_path: Path) -> None:
    engine = PagesEngine({1: 1, 2: 1, 3: 1, 4: 1})
    build(_project(tmp_path), output=tmp_path / "o.pdf", engine=engine)
    assert len(engine.sources) == 1


def test_switched_off_by_the_metadata(tmp_path: Path) -> None:
    engine = PagesEngine({1: 1, 2: 2, 3: 3, 4: 4})
    build(_project(tmp_path, "page-aware-ibid: false\n"), output=tmp_path / "o.pdf", engine=engine)
    assert len(engine.sources) == 1 and _ibids(engine.sources[0]) == 3


def test_the_loop_is_bounded_and_warns(tmp_path: Path) -> None:
    # each short note pushes the next Ibid. to the top of a new page
    engine = PagesEngine({1: 1, 2: 2, 3: 2, 4: 2}, {1: 1, 2: 2, 3: 3, 4: 3},
                         {1: 1, 2: 2, 3: 3, 4: 4})
    result = build(_project(tmp_path), output=tmp_path / "o.pdf", engine=engine)
    assert len(engine.sources) == MAX_PASSES
    assert [d.code for d in result.diagnostics] == ["ibid-unsettled"]


@pytest.mark.parametrize("style", ["chicago-notes-bibliography"])
def test_styles_without_ibid_never_recompile(tmp_path: Path, style: str) -> None:
    engine = PagesEngine({1: 1, 2: 2, 3: 3, 4: 4})
    project = _project(tmp_path)
    meta = project / "manuscript" / "metadata.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(IBID_STYLE, style), encoding="utf-8")
    build(project, output=tmp_path / "o.pdf", engine=engine)
    assert len(engine.sources) == 1
