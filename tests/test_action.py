"""``action.yml``: the composite action's inputs are all wired, and its shell steps do what the
docs say when run as GitHub runs them (``bash --noprofile --norc -eo pipefail``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.checks.project import GOOD_MD, make_project

REPO = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def step(name: str) -> dict[str, Any]:
    return next(s for s in ACTION["runs"]["steps"] if s.get("name") == name or s.get("id") == name)


def run_step(name: str, workspace: Path, tmp: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """Run one step's script with ``folio`` on PATH meaning this checkout's typeset."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "folio"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m typeset "$@"\n')
    shim.chmod(0o755)
    the_step = step(name)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(REPO),
           "RUNNER_TEMP": str(tmp), "GITHUB_OUTPUT": str(tmp / "github_output")}
    for var, expr in the_step.get("env", {}).items():
        key = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", expr)
        assert key, expr
        env[var] = inputs.get(key.group(1), str(ACTION["inputs"][key.group(1)].get("default", "")))
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", the_step["run"]],
                          cwd=workspace, env=env, capture_output=True, text=True, timeout=300)


def test_action_is_composite_and_every_input_is_used() -> None:
    assert ACTION["runs"]["using"] == "composite"
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"inputs\.([\w-]+)", text))
    assert used == set(ACTION["inputs"])
    for s in ACTION["runs"]["steps"]:
        assert "uses" in s or s.get("shell") == "bash", s
        # inputs reach scripts through env only (no ${{ }} inside a script: no injection)
        assert "${{" not in s.get("run", ""), s["run"]


def test_check_step_passes_a_clean_project(tmp_path: Path) -> None:
    make_project(tmp_path / "ws" / "paper")
    done = run_step("folio check", tmp_path / "ws", tmp_path, **{"project-dir": "paper"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""


def test_check_step_annotates_and_fails(tmp_path: Path) -> None:
    make_project(tmp_path / "ws", sections={"01-one.md": GOOD_MD + "\nSee [@nosuch].\n"})
    done = run_step("folio check", tmp_path / "ws", tmp_path)
    assert done.returncode == 1
    assert done.stdout.startswith(
        "::error file=manuscript/01-one.md,line=5,col=6,title=cite-undefined::")


def test_strict_false_lets_warnings_through(tmp_path: Path) -> None:
    make_project(tmp_path / "ws", sections={"01-one.md": "# One\n\n[@snow1958journey]\n"})
    assert run_step("folio check", tmp_path / "ws", tmp_path).returncode == 1  # unused entry
    done = run_step("folio check", tmp_path / "ws", tmp_path, strict="false")
    assert done.returncode == 0, done.stderr
    assert "::warning" in done.stdout


@pytest.mark.slow
def test_build_step_sets_the_pdf_output(tmp_path: Path) -> None:
    make_project(tmp_path / "ws")
    done = run_step("build", tmp_path / "ws", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    output = (tmp_path / "github_output").read_text()
    pdf = re.fullmatch(r"pdf=(.+)\n", output)
    assert pdf, output
    assert (tmp_path / "ws" / pdf.group(1)).read_bytes().startswith(b"%PDF-")
