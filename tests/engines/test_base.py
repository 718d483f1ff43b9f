"""write_atomically: the new file replaces the old whole, with an ordinary file mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from typeset.engines.base import write_atomically


def test_output_gets_the_umask_mode_not_mkstemps_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "out.pdf", lambda tmp: tmp.write_bytes(b"%PDF"))
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "out.pdf").stat().st_mode)
    assert mode == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_failure_leaves_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")

    def boom(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise RuntimeError("engine failed")

    with pytest.raises(RuntimeError):
        write_atomically(target, boom)
    assert target.read_bytes() == b"previous" and len(list(tmp_path.iterdir())) == 1
