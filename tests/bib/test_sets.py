"""biblatex entry sets: a citation of an ``@set`` key cites the set's members.

biblatex prints a set's members together; CSL has no sets, so ``expand_sets``
turns the cite of a set into one cite per member (``entryset`` order) in the
same cluster. ``bib``, ``check`` and ``build`` all read it so.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.checks.project import make_project
from typeset.bib import parse_bibtex
from typeset.citations import expand_sets
from typeset.cli import main
from typeset.doc import model as m

BIB = (
    "@set{both, entryset = {first, second}}\n"
    "@article{first, author = {Alpha, Ann}, title = {First Paper}, journaltitle = {J},"
    " date = 2001}\n"
    "@article{second, author = {Beta, Bob}, title = {Second Paper}, journaltitle = {J},"
    " date = 2002}\n"
)


def test_a_set_is_no_item_but_knows_its_members() -> None:
    result = parse_bibtex(BIB, "t.bib")
    assert result.order == ["first", "second"]
    assert result.sets == {"both": ("first", "second")}


def test_a_cite_of_a_set_cites_its_members_in_one_cluster() -> None:
    cite = m.Cite(items=(m.CiteItem("both", locator="5", label="page"),))
    doc = m.Document(meta=m.Meta(), sections=(m.Section("s", (m.Para((cite,)),)),))
    out = expand_sets(doc, parse_bibtex(BIB, "t.bib"))
    (found,) = [node for node in _cites(out)]
    assert [(i.key, i.locator) for i in found.items] == [("first", None), ("second", "5")]


def _cites(doc: m.Document) -> list[m.Cite]:
    from typeset.doc import walk

    return list(walk.query(doc, m.Cite))


def test_bib_and_check_accept_a_cited_set(tmp_path: Path) -> None:
    project = make_project(tmp_path, bib=BIB, sections={"01-one.md": "# One\n\nText [@both].\n"})
    result = CliRunner().invoke(main, ["bib", "--format", "text", str(project)])
    assert result.exit_code == 0, result.output
    assert "First Paper" in result.stdout and "Second Paper" in result.stdout
    assert "cite-undefined" not in result.stderr
    checked = CliRunner().invoke(main, ["check", str(project)])
    assert "cite-undefined" not in checked.output
    assert "never cited" not in checked.output and "set" not in checked.output.lower(), \
        checked.output


def test_build_cites_the_members_of_a_cited_set(tmp_path: Path) -> None:
    from tests.test_pipeline import FakeEngine
    from typeset.pipeline import build

    project = make_project(tmp_path, bib=BIB, sections={"01-one.md": "# One\n\nText [@both].\n"})
    engine = FakeEngine()
    result = build(project, engine=engine, strict=True)
    assert not [d for d in result.diagnostics if d.code == "cite-undefined"]
    source = engine.calls[0][0]
    note = source[source.index('class="footnote"'):]
    assert note.index("First Paper") < note.index("Second Paper")
