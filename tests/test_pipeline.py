"""The orchestrator with a fake engine that records what it is given: stages, routes, errors
before output, the route table."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.cli.build_cmd import command as build_command
from typeset.diagnostics import TypesetError
from typeset.engines.base import Engine, EngineResult, WriterOutput
from typeset.pipeline import build, stylesheets
from typeset.project import slug
from typeset.project import style_path as resolve_style
from typeset.routes import ROUTES

REPO = Path(__file__).resolve().parents[1]


class FakeEngine:
    name = "fake"

    def __init__(self) -> None:
        self.calls: list[tuple[str, Path, Path]] = []

    def compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
        self.calls.append((source.source, workdir, output))
        output.write_bytes(b"%PDF-fake")
        return EngineResult([], {1: 1})


@pytest.fixture
def project(sample_project: Path) -> Path:
    return sample_project


def test_fake_engine_is_an_engine() -> None:
    assert isinstance(FakeEngine(), Engine)


def test_html_route_stages_and_default_output(project: Path) -> None:
    engine, lines = FakeEngine(), []
    result = build(project, engine=engine, progress=lines.append)
    assert [line.split()[0] for line in lines] == ["read", "cite", "write", "compile"]
    assert result.output == project / "build" / "the-cassandra-in-the-foreign-commissariat.pdf"
    source, workdir, output = engine.calls[0]
    assert workdir == project.resolve() and output == result.output
    assert source.count('class="footnote"') == 32 and "Bibliography</h2>" in source
    assert set(result.timings) == {"read", "cite", "write", "compile"}
    assert result.intermediate is None
    assert result.note_pages == {1: 1}  # passed on from the engine


def test_latex_route_goes_through_the_same_protocol(project: Path) -> None:
    engine = FakeEngine()
    result = build(project, route="latex", engine=engine, keep_intermediate=True,
                   output=project / "out" / "x.pdf")
    source = engine.calls[0][0]
    assert "\\documentclass" in source and "\\footnote" in source
    assert result.intermediate == project / "out" / "x.tex"
    assert result.intermediate.read_text(encoding="utf-8") == source


def test_errors_are_raised_before_the_engine_runs(project: Path) -> None:
    (project / "manuscript" / "06-conclusions.md").write_text("#\n\nX [@missing1] [@missing2].\n",
                                                              encoding="utf-8")
    engine = FakeEngine()
    with pytest.raises(TypesetError) as caught:
        build(project, engine=engine, strict=True)
    assert [d.code for d in caught.value.diagnostics if d.is_error] == ["cite-undefined"] * 2
    assert engine.calls == []


def test_a_draft_build_prints_undefined_keys_in_bold(project: Path) -> None:
    (project / "manuscript" / "06-conclusions.md").write_text(
        "#\n\nX [@missing1; @snow1958journey].\n", encoding="utf-8")
    engine = FakeEngine()
    result = build(project, engine=engine)
    assert [d.code for d in result.diagnostics] == ["cite-undefined"]
    assert result.diagnostics[0].severity.value == "warning"
    assert "<b>missing1?</b>" in engine.calls[0][0]


def test_strict_makes_warnings_fatal(project: Path) -> None:
    meta = project / "manuscript" / "metadata.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "citation-abbreviations: x\n", encoding="utf-8")
    build(project, engine=FakeEngine())
    with pytest.raises(TypesetError) as caught:
        build(project, engine=FakeEngine(), strict=True)
    assert [d.code for d in caught.value.diagnostics] == ["meta-unsupported"]


def test_style_option_overrides_metadata(project: Path) -> None:
    engine = FakeEngine()
    build(project, engine=engine, style="chicago-author-date")
    source = engine.calls[0][0]
    assert 'class="footnote"' in source  # hand-written notes stay notes
    assert source.count('class="footnote"') < 32  # citations are in the text now
    assert '<span class="citation">(' in source


def test_local_style_file_wins(project: Path) -> None:
    (project / "styles").mkdir()
    (project / "styles" / "house.csl").write_text("<style/>", encoding="utf-8")
    assert resolve_style(project, "house") == str(project / "styles" / "house.csl")
    assert resolve_style(project, "chicago-notes-bibliography") == "chicago-notes-bibliography"


@pytest.mark.parametrize("title, expected", [
    ("The Cassandra in the Foreign Commissariat", "the-cassandra-in-the-foreign-commissariat"),
    ("Écrits: «Tome 2»", "ecrits-tome-2"),
    ("Über die Außenpolitik", "uber-die-aussenpolitik"),
    ("Łódź and Ørsted", "lodz-and-orsted"),
    ("Литвинов", "document"),
    ("", "document"),
])
def test_slug(title: str, expected: str) -> None:
    assert slug(title) == expected


@pytest.mark.parametrize("route", ["html", "latex"])
def test_output_folder_blocked_by_a_file_is_a_diagnostic(project: Path, route: str) -> None:
    (project / "afile").write_text("not a folder")
    target = project / "afile" / "out.pdf"
    with pytest.raises(TypesetError) as caught:
        build(project, route=route, output=target, engine=FakeEngine())
    [diag] = [d for d in caught.value.diagnostics if d.is_error]
    assert diag.code == "pdf-write" and "is a file" in diag.message


def test_stylesheets_are_the_house_style_then_the_project_override(project: Path) -> None:
    [house] = stylesheets(project)
    assert "float: footnote" in house and "@footnote" in house
    (project / "styles").mkdir()
    (project / "styles" / "print.css").write_text(".x { color: red; }", encoding="utf-8")
    assert stylesheets(project) == [house, ".x { color: red; }"]


def test_html_route_embeds_the_project_css_and_latex_ignores_it(project: Path) -> None:
    (project / "styles").mkdir()
    (project / "styles" / "print.css").write_text(".project-rule { color: red; }", encoding="utf-8")
    html, latex = FakeEngine(), FakeEngine()
    build(project, engine=html)
    build(project, route="latex", engine=latex)
    assert ".project-rule" in html.calls[0][0] and "project-rule" not in latex.calls[0][0]


def test_the_route_table_is_the_one_list_of_routes() -> None:
    [option] = [p for p in build_command.params if p.name == "route"]
    assert list(option.type.choices) == list(ROUTES) == ["html", "latex"]
    assert {route.suffix for route in ROUTES.values()} == {".html", ".tex"}


def test_unknown_route_names_the_known_ones(project: Path) -> None:
    with pytest.raises(TypesetError) as caught:
        build(project, route="docx", engine=FakeEngine())
    [diag] = caught.value.diagnostics
    assert diag.code == "bad-route" and diag.message == "unknown route 'docx' (use html or latex)"


class StartingEngine(FakeEngine):
    """An engine with a process to start before the read and stop after the build."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []

    def start(self) -> None:
        self.events.append("start")

    def stop(self) -> None:
        self.events.append("stop")

    def compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
        self.events.append("compile")
        return super().compile(source, workdir, output)


def test_the_engine_starts_before_the_read_and_stops_after_the_build(project: Path) -> None:
    engine = StartingEngine()
    build(project, engine=engine)
    assert engine.events == ["start", "compile", "stop"]
    (project / "manuscript" / "01-incidents.md").write_text("[@nokey-at-all]\n\n{{bad",
                                                            encoding="utf-8")
    failing = StartingEngine()
    with pytest.raises(TypesetError):
        build(project, engine=failing, strict=True)
    assert failing.events == ["start", "stop"]  # a failed read stops it, no compile


def test_the_cycle_collector_is_paused_for_the_stages_and_on_for_the_engine(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import typeset.pipeline as pipeline

    seen: list[bool] = []
    real_write = pipeline._write

    def write(*args: object) -> WriterOutput:
        seen.append(gc.isenabled())
        return real_write(*args)  # type: ignore[arg-type]

    class Recording(FakeEngine):
        def compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
            seen.append(gc.isenabled())
            return super().compile(source, workdir, output)

    monkeypatch.setattr(pipeline, "_write", write)
    assert gc.isenabled()
    build(project, engine=Recording())
    assert seen == [False, True] and gc.isenabled()
    (project / "manuscript" / "01-incidents.md").write_text("[@nokey-at-all]\n",
                                                            encoding="utf-8")
    with pytest.raises(TypesetError):
        build(project, engine=Recording(), strict=True)
    assert gc.isenabled()  # back on after a failed build too
