"""The HTML route's engine process, started early, answers for the folder a build names:
relative paths are made absolute before they reach it, because a process started for an
earlier build (which failed before its engine) may be taken by a build in another folder."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner, Result

from typeset.cli import main


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
