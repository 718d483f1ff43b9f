"""``folio watch``: the polling loop with the real pipeline (a fake engine), and the command
as a process (WeasyPrint) stopped with Ctrl-C."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from typeset.cli.watch_cmd import snapshot, watch_loop, watched_files
from typeset.diagnostics import TypesetError
from typeset.engines.base import EngineResult, WriterOutput
from typeset.pipeline import build

REPO = Path(__file__).resolve().parents[2]


class FakeEngine:
    name = "fake"

    def compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
        output.write_text(source.source, encoding="utf-8")
        return EngineResult([], {})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "paper"
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text("title: Watched\n", encoding="utf-8")
    (root / "manuscript" / "01-one.md").write_text("# One\n\nFirst words.\n", encoding="utf-8")
    (root / "bibliography.bib").write_text("", encoding="utf-8")
    return root


def _wait(predicate: object, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def test_watched_files_skip_build_and_hidden_folders(project: Path) -> None:
    (project / "build" / ".cache").mkdir(parents=True)
    (project / "build" / "x.pdf").write_bytes(b"%PDF")
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (project / "manuscript" / ".01-one.md.swp").write_bytes(b"swap")
    (project / "figures" / "deep" / "deeper").mkdir(parents=True)
    (project / "figures" / "a.png").write_bytes(b"png")
    (project / "styles" / "x" / "y").mkdir(parents=True)
    (project / "styles" / "x" / "y" / "print.css").write_text("p{}", encoding="utf-8")
    names = {str(p.relative_to(project)) for p in watched_files(project)}
    assert names == {"bibliography.bib", "figures/a.png", "manuscript/01-one.md",
                     "manuscript/metadata.yaml", "styles/x/y/print.css"}


def test_an_invalid_edit_is_reported_and_a_valid_one_builds_again(project: Path) -> None:
    outcomes: list[str] = []
    lines: list[str] = []
    pdf = project / "build" / "watched.pdf"

    def build_once() -> None:
        try:
            build(project, engine=FakeEngine())
        except TypesetError as exc:
            outcomes.append(exc.diagnostics[0].code)
        else:
            outcomes.append("ok")

    stop = threading.Event()
    thread = threading.Thread(target=watch_loop, args=(project, build_once),
                              kwargs={"echo": lines.append, "stop": stop, "interval": 0.02,
                                      "debounce": 0.05})
    thread.start()
    try:
        _wait(lambda: outcomes == ["ok"] and lines)
        section = project / "manuscript" / "01-one.md"
        section.write_bytes(b"# One\n\nBroken \xff words.\n")
        _wait(lambda: len(outcomes) == 2)
        assert outcomes[1] == "md-encoding" or outcomes[1].startswith("md")
        assert "First words." in pdf.read_text(encoding="utf-8")  # the last good output stays
        section.write_text("# One\n\nMended words.\n", encoding="utf-8")
        _wait(lambda: len(outcomes) == 3)
        assert outcomes[2] == "ok" and "Mended words." in pdf.read_text(encoding="utf-8")
        assert any(line.startswith("changed: 01-one.md") for line in lines)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def test_saves_in_quick_succession_make_one_build(project: Path) -> None:
    builds: list[dict[str, tuple[int, int, int]]] = []
    stop = threading.Event()
    files = lambda: snapshot(watched_files(project))  # noqa: E731
    thread = threading.Thread(target=watch_loop, args=(project, lambda: builds.append(files())),
                              kwargs={"echo": lambda _: None, "stop": stop, "interval": 0.02,
                                      "debounce": 0.4})
    thread.start()
    try:
        _wait(lambda: len(builds) == 1)
        section = project / "manuscript" / "01-one.md"
        for n in range(5):
            section.write_text(f"# One\n\nSave {n}.\n", encoding="utf-8")
            time.sleep(0.05)
        _wait(lambda: len(builds) == 2)
        time.sleep(0.6)
        assert len(builds) == 2 and section.read_text(encoding="utf-8").endswith("Save 4.\n")
    finally:
        stop.set()
        thread.join(10)


def test_the_command_rebuilds_on_a_save_and_stops_cleanly_on_ctrl_c(project: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "typeset", "watch", str(project), "--debounce", "0.1"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "TYPESET_CACHE": "0"})
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stderr or ()],
                              daemon=True)
    reader.start()

    def wait_for(text: str, after: int = 0) -> int:
        """The index of the first line from ``after`` on that holds ``text``."""
        end = time.monotonic() + 120
        while not any(text in line for line in seen[after:]):
            assert time.monotonic() < end and process.poll() is None, seen
            with contextlib.suppress(queue.Empty):
                seen.append(lines.get(timeout=1))
        return next(i for i, line in enumerate(seen) if i >= after and text in line)

    try:
        wait_for("watching")
        pdf = project / "build" / "watched.pdf"
        first = pdf.read_bytes()
        (project / "manuscript" / "01-one.md").write_text("# One\n\nOther words.\n",
                                                          encoding="utf-8")
        wait_for("wrote", wait_for("changed: 01-one.md"))
        assert pdf.read_bytes() != first and pdf.read_bytes().startswith(b"%PDF")
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(5)
    while not lines.empty():
        seen.append(lines.get())
    assert seen[-1].strip() == "stopped" and not any("Traceback" in line for line in seen)
