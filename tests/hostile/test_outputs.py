"""Honest output paths: never through a symlink out of the project, never over an input,
never renaming over a device; leftovers of a killed run removed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from typeset.diagnostics import TypesetError
from typeset.engines.base import write_atomically
from typeset.pipeline import build

from .conftest import RecordingEngine


def test_a_build_folder_symlinked_outside_is_refused(project: Path, outside: Path,
                                                     engine: RecordingEngine) -> None:
    (project / "build").symlink_to(outside, target_is_directory=True)
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine)
    assert [d.code for d in exc.value.diagnostics] == ["pdf-write"]
    assert "outside the project folder" in exc.value.diagnostics[0].message
    assert sorted(p.name for p in outside.iterdir()) == ["secret.bib", "secret.css", "secret.md"]


def test_an_explicit_output_outside_is_the_callers_choice(project: Path, tmp_path: Path,
                                                         engine: RecordingEngine) -> None:
    target = tmp_path / "elsewhere" / "out.pdf"
    assert build(project, engine=engine, output=target).output == target
    assert target.is_file()


def test_an_output_equal_to_an_input_is_refused(project: Path, engine: RecordingEngine) -> None:
    bib = project / "bibliography.bib"
    before = bib.read_bytes()
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine, output=bib)
    assert "input" in exc.value.diagnostics[0].message
    assert bib.read_bytes() == before


def test_bib_output_over_the_bibliography_is_refused(project: Path) -> None:
    bib = project / "bibliography.bib"
    before = bib.read_bytes()
    run = subprocess.run([sys.executable, "-m", "typeset", "bib", str(project), "-o", str(bib)],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "input" in run.stderr
    assert bib.read_bytes() == before


def test_a_fifo_output_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    for _ in range(100):  # until cat has opened its end
        try:
            write_atomically(fifo, lambda tmp: tmp.write_bytes(b"%PDF-fake"))
            break
        except OSError:
            time.sleep(0.05)
    out, _ = reader.communicate(timeout=10)
    assert out == b"%PDF-fake"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_nobody_reads_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    with pytest.raises(OSError):
        write_atomically(fifo, lambda tmp: tmp.write_bytes(b"x"))


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_a_character_device_output_is_written_into(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    write_atomically(null, lambda tmp: tmp.write_bytes(b"x" * 10))
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_a_symlink_output_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.pdf"
    link.symlink_to(victim)
    write_atomically(link, lambda tmp: tmp.write_bytes(b"%PDF"))
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink() and link.read_bytes() == b"%PDF"


def test_a_folder_output_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomically(tmp_path, lambda tmp: tmp.write_bytes(b"x"))


def test_parts_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".out-typeset{dead.pid}-abc.part"
    stale.write_bytes(b"half")
    mine = tmp_path / f".out-typeset{os.getpid()}-live.part"
    mine.write_bytes(b"in progress")
    write_atomically(tmp_path / "out.pdf", lambda tmp: tmp.write_bytes(b"%PDF"))
    assert not stale.exists() and mine.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name, "out.pdf"]
