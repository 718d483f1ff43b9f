"""Faults: a build killed with SIGTERM or SIGKILL leaves no LuaLaTeX running and no
private TeX folder behind (SIGKILL's folder is removed by the next run)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

LOOP = r"\documentclass{article}\begin{document}x\def\x{\x}\x\end{document}"
CHILD = f"""
import sys
from pathlib import Path
from typeset.engines.base import WriterOutput
from typeset.engines.latexmk import LatexmkEngine
from typeset.cli.common import terminate_cleanly
terminate_cleanly()
LatexmkEngine(timeout=120).compile(WriterOutput({LOOP!r}), Path(sys.argv[1]), Path(sys.argv[1]) / "out.pdf")
"""


def _tex_processes(below: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() in ("lualatex", "luatex", "luahbtex") and \
                    os.readlink(entry / "cwd").startswith(str(below)):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _start(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(Path(__file__).parents[2])}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], env=env)
    deadline = time.monotonic() + 60
    while not _tex_processes(temp):
        assert time.monotonic() < deadline, "TeX never started"
        assert child.poll() is None, "the build ended early"
        time.sleep(0.1)
    return child, temp


def _gone(temp: Path) -> bool:
    deadline = time.monotonic() + 10
    while _tex_processes(temp) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _tex_processes(temp)


@pytest.mark.latex
@pytest.mark.slow
def test_sigterm_stops_tex_and_removes_its_folder(tmp_path: Path) -> None:
    child, temp = _start(tmp_path)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=30) != 0
    assert _gone(temp)
    assert not [p.name for p in temp.iterdir() if p.name.startswith("typeset-tex-")]
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.latex
@pytest.mark.slow
def test_sigkill_leaves_no_tex_running_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    child, temp = _start(tmp_path)
    child.kill()
    child.wait(timeout=30)
    assert _gone(temp)  # PR_SET_PDEATHSIG
    left = [p for p in temp.iterdir() if p.name.startswith("typeset-tex-")]
    assert left  # SIGKILL cannot clean up ...
    from typeset.engines.base import remove_stale

    remove_stale(temp, "typeset-tex-")  # ... the next run's first step does
    assert not [p for p in temp.iterdir() if p.name.startswith("typeset-tex-")]
