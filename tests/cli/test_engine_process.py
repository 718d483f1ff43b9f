"""The HTML route's engine process, started early, answers for the folder a build names:
relative paths are made absolute before they reach it, because a process started for an
earlier build (which failed before its engine) may be taken by a build in another folder."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from typeset.cli import main
from typeset.engines import weasyprint_process
from typeset.engines.weasyprint_process import is_html_build


def run(*args: str, cwd: Path) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def test_a_spare_engine_process_writes_where_the_next_build_asks(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    assert run("init", "broken", cwd=first).exit_code == 0
    # fails in the pipeline, before its engine runs
    assert run("build", "-q", "--style", "no-such-style", "broken", cwd=first).exit_code == 1
    assert run("init", "paper", cwd=second).exit_code == 0
    result = run("build", "-q", "paper", cwd=second)
    assert result.exit_code == 0, result.output
    assert (second / "paper" / "build" / "paper.pdf").read_bytes().startswith(b"%PDF-")
    assert not list(first.rglob("*.pdf"))


# --- started before Click parses (typeset/engines/weasyprint_process.py) -----------------


@pytest.mark.parametrize(("argv", "expected"), [
    (["build"], True),
    (["build", "-q", "--no-cache", "paper"], True),
    (["build", "--route", "html", "paper"], True),
    (["build", "--route=html"], True),
    (["build", "--", "--route"], True),  # a folder named --route
    (["build", "--route", "latex", "paper"], False),
    (["build", "paper", "--route=latex"], False),
    (["build", "--help"], False),
    (["build", "-h"], False),
    (["watch", "paper"], False),
    (["--version"], False),
    ([], False),
])
def test_only_an_html_build_starts_the_engine_before_parsing(argv: list[str],
                                                             expected: bool) -> None:
    assert is_html_build(argv) is expected


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test process as a fresh ``folio build``: no engine process started yet."""
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(weasyprint_process, "_STARTED", False)
    monkeypatch.setattr(weasyprint_process, "_SPARE", None)


def test_the_early_engine_process_renders_a_build_that_is_not_up_to_date(
        tmp_path: Path, fresh_process: None) -> None:
    assert run("init", "paper", cwd=tmp_path).exit_code == 0
    weasyprint_process.early_start(["build", "paper"])
    spare = weasyprint_process._SPARE
    assert spare is not None
    result = run("build", "-q", "paper", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert weasyprint_process._SPARE is None and spare.poll() == 0  # it typeset and ended
    assert (tmp_path / "paper" / "build" / "paper.pdf").read_bytes().startswith(b"%PDF-")


def test_an_up_to_date_build_kills_the_early_engine_process_at_once(
        tmp_path: Path, fresh_process: None) -> None:
    assert run("init", "paper", cwd=tmp_path).exit_code == 0
    past = (time.time_ns() - 60 * 10**9,) * 2  # the cache records no build that read a
    for path in (tmp_path / "paper").rglob("*"):  # file written just before it
        os.utime(path, ns=past)
    assert run("build", "-q", "paper", cwd=tmp_path).exit_code == 0
    pdf = tmp_path / "paper" / "build" / "paper.pdf"
    before = pdf.stat().st_mtime_ns
    weasyprint_process._STARTED = False
    weasyprint_process.early_start(["build", "paper"])
    spare = weasyprint_process._SPARE
    assert spare is not None
    start = time.perf_counter()
    result = run("build", "paper", cwd=tmp_path)
    assert result.exit_code == 0 and "up to date" in result.output
    assert spare.poll() is not None and weasyprint_process._SPARE is None
    assert time.perf_counter() - start < 0.3  # not waiting for its WeasyPrint import
    assert pdf.stat().st_mtime_ns == before


def test_a_command_line_build_ends_with_its_status_and_every_message(tmp_path: Path) -> None:
    """``folio build`` skips the interpreter's shutdown (typeset/cli/__init__.py): the exit
    status, the messages on a pipe and the PDF must all be there as without."""
    import subprocess

    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    assert run("init", "paper", cwd=tmp_path).exit_code == 0

    def build(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "typeset", "build", *args], cwd=tmp_path,
                              capture_output=True, text=True, env=env)

    failed = build("--style", "no-such-style", "paper")
    assert failed.returncode == 1 and "no-such-style" in failed.stderr
    helped = build("--help")  # stdout, block-buffered on a pipe: flushed before the end
    assert helped.returncode == 0 and "Exit status: 0 built" in helped.stdout
    usage = build("--no-such-option")
    assert usage.returncode == 2 and "No such option" in usage.stderr
    built = build("paper")
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines()[-1] == "wrote paper/build/paper.pdf"
    assert (tmp_path / "paper" / "build" / "paper.pdf").read_bytes().endswith(b"%%EOF\n")


def test_cite_and_check_end_with_their_status_and_whole_output(tmp_path: Path) -> None:
    """``cite`` and ``check`` skip the interpreter's shutdown too: a long JSON answer on a
    pipe must arrive whole, and the exit statuses stay."""
    import json
    import subprocess

    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    assert run("init", "paper", cwd=tmp_path).exit_code == 0
    bib = next((tmp_path / "paper").glob("*.bib"))
    key = next(line.split("{", 1)[1].split(",", 1)[0]
               for line in bib.read_text(encoding="utf-8").splitlines() if line.startswith("@"))
    notes = tmp_path / "notes.json"
    notes.write_text(json.dumps([[{"id": key, "locator": str(n)}] for n in range(1, 400)]),
                     encoding="utf-8")

    def folio(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "typeset", *args], cwd=tmp_path,
                              capture_output=True, text=True, env=env)

    cited = folio("cite", "--style", "chicago-notes-bibliography", "--references", str(bib),
                  "--format", "text", str(notes))
    assert cited.returncode == 0, cited.stderr
    assert len(json.loads(cited.stdout)["notes"]) == 399  # every note arrives
    unknown = folio("cite", "--style", "no-such-style", "--references", str(bib), str(notes))
    assert unknown.returncode == 1 and "no-such-style" in unknown.stderr
    checked = folio("check", "--format", "json", "paper")
    assert checked.returncode == 0, checked.stderr
    assert isinstance(json.loads(checked.stdout), (list, dict))
