"""``typeset build`` from the outside: exit codes, messages, and the previous PDF left alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PREVIOUS = b"%PDF-1.7 previous build\n"
LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>[\w-]+)\]: ",
                     re.MULTILINE)


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "typeset", "build", *args], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=120)


@pytest.fixture
def project(sample_project: Path) -> Path:
    """A copy of the sample project with a 'previous' PDF in build/."""
    (sample_project / "build").mkdir()
    (sample_project / "build" / "out.pdf").write_bytes(PREVIOUS)
    return sample_project


def _assert_failed_cleanly(result: subprocess.CompletedProcess[str], project: Path,
                           code: str, file: str) -> re.Match[str]:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    found = [m for m in LOCATED.finditer(result.stderr) if m["code"] == code]
    assert found, result.stderr
    assert found[0]["file"] == file
    assert int(found[0]["line"]) >= 1 and int(found[0]["col"]) >= 1
    assert (project / "build" / "out.pdf").read_bytes() == PREVIOUS
    return found[0]


def test_unreadable_metadata(project: Path) -> None:
    (project / "manuscript" / "metadata.yaml").write_text('title: "unclosed\nauthor: [x\n')
    result = run("-o", "build/out.pdf", cwd=project)
    _assert_failed_cleanly(result, project, "meta-yaml", "manuscript/metadata.yaml")


def test_section_not_utf8(project: Path) -> None:
    path = project / "manuscript" / "02-career.md"
    path.write_bytes(b"#\n\nCaf\xe9 society.\n")
    result = run("-o", "build/out.pdf", cwd=project)
    match = _assert_failed_cleanly(result, project, "md-encoding", "manuscript/02-career.md")
    assert (match["line"], match["col"]) == ("3", "4")


def test_undefined_key(project: Path) -> None:
    path = project / "manuscript" / "06-conclusions.md"
    path.write_text("#\n\nA claim [@nosuchkey, 12].\n", encoding="utf-8")
    result = run("-o", "build/out.pdf", "--strict", cwd=project)
    match = _assert_failed_cleanly(result, project, "cite-undefined", "manuscript/06-conclusions.md")
    assert match["line"] == "3" and "@nosuchkey" in result.stderr


def test_missing_bibliography(project: Path) -> None:
    (project / "bibliography.bib").unlink()
    result = run("-o", "build/out.pdf", cwd=project)
    _assert_failed_cleanly(result, project, "bib-missing", "manuscript/02-career.md")


def test_unknown_style(project: Path) -> None:
    meta = project / "manuscript" / "metadata.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(re.sub(r"(?m)^style:.*$", "style: no-such-style", text), encoding="utf-8")
    result = run("-o", "build/out.pdf", cwd=project)
    _assert_failed_cleanly(result, project, "unknown-style", "manuscript/metadata.yaml")


def test_usage_error_exits_2(project: Path) -> None:
    result = run("--route", "pdf", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_help_teaches_with_examples(project: Path) -> None:
    result = run("--help", cwd=project)
    assert result.returncode == 0
    assert "Examples:" in result.stdout and "--keep-intermediate" in result.stdout


def test_internal_error_has_no_traceback_unless_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import typeset.pipeline
    from typeset.cli.build_cmd import command

    def broken(*_: object, **__: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(typeset.pipeline, "build", broken)
    monkeypatch.delenv("TYPESET_DEBUG", raising=False)
    result = CliRunner().invoke(command, ["--no-cache", "."])  # not answered from build/.cache
    assert result.exit_code == 1
    assert "internal error: KeyError: 'boom'" in result.output
    assert "TYPESET_DEBUG=1" in result.output and "Traceback" not in result.output
    monkeypatch.setenv("TYPESET_DEBUG", "1")
    result = CliRunner().invoke(command, ["."])
    assert isinstance(result.exception, KeyError)


@pytest.mark.slow
def test_success_writes_pdf_and_progress(project: Path) -> None:
    result = run("--keep-intermediate", cwd=project, env={"SOURCE_DATE_EPOCH": "0"})
    assert result.returncode == 0, result.stderr
    pdf = project / "build" / "the-cassandra-in-the-foreign-commissariat.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.with_suffix(".html").is_file()
    stages = [line.split()[0] for line in result.stderr.splitlines() if line[:1].isalpha()]
    assert stages[:4] == ["read", "cite", "write", "compile"]
    quiet = run("-q", "-o", "build/q.pdf", cwd=project, env={"SOURCE_DATE_EPOCH": "0"})
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert (project / "build" / "q.pdf").read_bytes() == pdf.read_bytes()  # reproducible
