"""Escapes from the project: every read resolves inside it, or where the command line allows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from typeset.checks import check_project
from typeset.confine import MAX_BYTES, Refused, confined, read_bytes
from typeset.diagnostics import TypesetError
from typeset.pipeline import build

from .conftest import CANARY, RecordingEngine


def _codes(exc: pytest.ExceptionInfo[TypesetError]) -> list[str]:
    return [d.code for d in exc.value.diagnostics]


def _set_meta(project: Path, line: str) -> None:
    meta = project / "manuscript" / "metadata.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_a_section_symlinked_outside_is_refused(project: Path, outside: Path,
                                                engine: RecordingEngine) -> None:
    (project / "manuscript" / "00-leak.md").symlink_to(outside / "secret.md")
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine)
    assert _codes(exc) == ["md-unreadable"]
    assert "outside the project folder" in exc.value.diagnostics[0].message
    assert exc.value.diagnostics[0].span.path.endswith("00-leak.md")
    assert not engine.sources


def test_allow_read_lets_the_command_line_widen_reads(project: Path, outside: Path,
                                                     engine: RecordingEngine) -> None:
    (project / "manuscript" / "00-leak.md").symlink_to(outside / "secret.md")
    build(project, engine=engine, allow_read=[outside])
    assert CANARY in engine.sources[0]


def test_environment_allows_too(project: Path, outside: Path, engine: RecordingEngine,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "manuscript" / "00-leak.md").symlink_to(outside / "secret.md")
    monkeypatch.setenv("TYPESET_ALLOW_READ", f"/nonexistent{os.pathsep}{outside}")
    build(project, engine=engine)
    assert CANARY in engine.sources[0]


@pytest.mark.parametrize("value", ["../outside/secret.bib", "ABSOLUTE"])
def test_a_metadata_bibliography_outside_is_an_error_at_the_metadata(
        project: Path, outside: Path, engine: RecordingEngine, value: str) -> None:
    _set_meta(project, f"bibliography: {outside / 'secret.bib' if value == 'ABSOLUTE' else value}")
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine)
    (diag,) = exc.value.diagnostics
    assert diag.code == "bib-unreadable"
    assert diag.span is not None and diag.span.path.endswith("metadata.yaml") and diag.span.line == 4
    found = check_project(project)
    assert [d.code for d in found if d.is_error] == ["bib-unreadable"]


def test_a_symlinked_bib_outside_is_refused(project: Path, outside: Path,
                                           engine: RecordingEngine) -> None:
    (project / "bibliography.bib").unlink()
    (project / "bibliography.bib").symlink_to(outside / "secret.bib")
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine)
    assert _codes(exc) == ["bib-unreadable"]


def test_a_style_outside_is_refused(project: Path, engine: RecordingEngine) -> None:
    _set_meta(project, "style: /etc/passwd")
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine)
    (diag,) = exc.value.diagnostics
    assert diag.code == "style-unreadable"
    assert diag.span is not None and diag.span.path.endswith("metadata.yaml")


def test_a_style_path_that_names_no_file_is_not_tried_elsewhere(project: Path,
                                                                engine: RecordingEngine) -> None:
    _set_meta(project, "style: ../../../../etc/hostname")
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine)
    assert _codes(exc) in (["style-unreadable"], ["unknown-style"])


def test_a_style_sheet_symlinked_outside_is_refused(project: Path, outside: Path) -> None:
    from typeset.pipeline import stylesheets

    (project / "styles").mkdir()
    (project / "styles" / "print.css").symlink_to(outside / "secret.css")
    with confined(project), pytest.raises(TypesetError) as exc:
        stylesheets(project)
    assert _codes(exc) == ["css-unreadable"]


def test_a_fifo_section_is_refused_without_blocking(project: Path, engine: RecordingEngine) -> None:
    os.mkfifo(project / "manuscript" / "00-fifo.md")
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine)
    assert _codes(exc) == ["md-unreadable"]
    assert "not a regular file" in exc.value.diagnostics[0].message


def test_dev_zero_as_metadata_is_refused(project: Path, engine: RecordingEngine) -> None:
    meta = project / "manuscript" / "metadata.yaml"
    meta.unlink()
    meta.symlink_to("/dev/zero")
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine, allow_read=[Path("/dev")])
    assert _codes(exc) == ["meta-unreadable"]


def test_a_symlink_loop_is_a_diagnostic(project: Path, engine: RecordingEngine) -> None:
    loop = project / "manuscript" / "00-loop.md"
    loop.symlink_to(loop)
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine)
    assert _codes(exc) == ["md-unreadable"]
    assert "loop" in exc.value.diagnostics[0].message


def test_files_past_the_cap_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setitem(MAX_BYTES, "md", 1024)
    with confined(tmp_path), pytest.raises(Refused, match="larger than"):
        read_bytes(big, "md")


def test_the_cli_allows_reads_only_from_its_own_options(project: Path, outside: Path) -> None:
    (project / "manuscript" / "00-leak.md").symlink_to(outside / "secret.md")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env.pop("TYPESET_ALLOW_READ", None)
    run = [sys.executable, "-m", "typeset", "check", str(project)]
    refused = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 1 and "md-unreadable" in refused.stdout
    assert "Traceback" not in refused.stderr
    allowed = subprocess.run([*run, "--allow-read", str(outside)], capture_output=True, text=True,
                             env=env, timeout=120)
    assert "md-unreadable" not in allowed.stdout


def test_a_symlink_loop_is_a_message_in_every_command(project: Path) -> None:
    from click.testing import CliRunner

    from typeset.cli import main

    (project / "manuscript" / "00-loop.md").symlink_to("00-loop2.md")
    (project / "manuscript" / "00-loop2.md").symlink_to("00-loop.md")
    for command in (["check"], ["build", "-q"], ["bib"]):
        result = CliRunner().invoke(main, [*command, str(project)])
        assert result.exit_code == 1, (command, result.output)
        assert "Traceback" not in result.output and "internal error" not in result.output
        assert "00-loop" in result.output and "symlink loop" in result.output
