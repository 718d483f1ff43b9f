"""``.pre-commit-hooks.yaml`` with the real pre-commit, on scratch git repositories.

The hooks repository is a snapshot of this checkout (committed files plus uncommitted changes)
in a git repository of its own, as pre-commit needs a revision. pre-commit builds the hooks'
environment itself (``language: python``: a virtualenv and ``pip install`` of the snapshot),
once per test session. To keep that affordable the virtualenv sees the system's site-packages
(``VIRTUALENV_SYSTEM_SITE_PACKAGES=1``), so pip finds the dependencies already satisfied, and
``PIP_CONSTRAINT`` pins any it does fetch; typeset itself is still built and installed into the
hook's environment from the snapshot (the test checks that the hook's ``folio`` is that copy).
The ``repo: local`` config that ``folio init`` writes is run too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.checks.project import GOOD_MD, make_project
from tests.snapshot import copy_checkout

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
pytest.importorskip("pre_commit", reason="pip install -c constraints.txt -e '.[test]'")


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def scratch_repo(path: Path) -> Path:
    git("init", "-q", str(path), cwd=path.parent)
    git("add", "-A", cwd=path)
    return path


@pytest.fixture(scope="session")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout as it is now; (path, commit)."""
    snapshot = copy_checkout(tmp_path_factory.mktemp("hooks") / "typeset")
    scratch_repo(snapshot)
    git("commit", "-q", "-m", "snapshot", cwd=snapshot)
    return snapshot, git("rev-parse", "HEAD", cwd=snapshot)


@pytest.fixture(scope="session")
def precommit_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PRE_COMMIT_HOME=str(home), VIRTUALENV_SYSTEM_SITE_PACKAGES="1",
               PIP_CONSTRAINT=str(REPO / "constraints.txt"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    yield env


def pre_commit(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=900)


def use_hooks(project: Path, hooks_repo: tuple[Path, str]) -> None:
    path, rev = hooks_repo
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {rev}\n"
        "    hooks:\n      - id: folio-check\n      - id: folio-bib-tidy\n")
    git("add", "-A", cwd=project)


def test_hooks_pass_on_the_sample(sample_project: Path, hooks_repo: tuple[Path, str],
                                  precommit_env: dict[str, str]) -> None:
    project = scratch_repo(sample_project)
    use_hooks(project, hooks_repo)
    done = pre_commit(project, precommit_env, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "folio check --strict" in done.stdout and "Passed" in done.stdout
    assert "Failed" not in done.stdout
    # the hook's folio imports the copy pip installed into pre-commit's own environment
    home = Path(precommit_env["PRE_COMMIT_HOME"])
    pythons = list(home.glob("repo*/py_env-*/bin/python"))
    assert len(pythons) == 1, pythons
    where = subprocess.run([str(pythons[0]), "-c", "import typeset; print(typeset.__file__)"],
                           env=precommit_env, cwd=project, capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(home), where.stdout + where.stderr
    assert (pythons[0].parent / "folio").is_file()


def test_hooks_fail_on_an_undefined_key(tmp_path: Path, hooks_repo: tuple[Path, str],
                                        precommit_env: dict[str, str]) -> None:
    project = make_project(tmp_path / "p", sections={"01-one.md": GOOD_MD + "\nSee [@nosuch].\n"})
    scratch_repo(project)
    use_hooks(project, hooks_repo)
    done = pre_commit(project, precommit_env, "run", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error[cite-undefined]: citation key @nosuch" in done.stdout
    assert "manuscript/01-one.md:5:6" in done.stdout


def test_untidy_bib_fails_the_tidy_hook(tmp_path: Path, hooks_repo: tuple[Path, str],
                                        precommit_env: dict[str, str]) -> None:
    project = make_project(tmp_path / "p")
    bib = project / "bibliography.bib"
    bib.write_text(bib.read_text().replace("  author    = {Snow", "author={Snow"))
    scratch_repo(project)
    use_hooks(project, hooks_repo)
    done = pre_commit(project, precommit_env, "run", "folio-bib-tidy", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "not tidy" in done.stdout


def test_the_config_init_writes_runs(tmp_path: Path, precommit_env: dict[str, str]) -> None:
    """``repo: local`` hooks with ``language: system``: the folio on PATH (here, this checkout)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "folio").write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" '
                                   '-m typeset "$@"\n')
    (bin_dir / "folio").chmod(0o755)
    env = {**precommit_env, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    project = tmp_path / "paper"
    subprocess.run(["folio", "init", str(project)], env=env, check=True, capture_output=True)
    scratch_repo(project)
    done = pre_commit(project, env, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("Passed") == 2
    with (project / "manuscript" / "01-introduction.md").open("a") as section:
        section.write("\nA claim [@nosuch].\n")
    git("add", "-A", cwd=project)
    done = pre_commit(project, env, "run", "--all-files")
    assert done.returncode == 1 and "cite-undefined" in done.stdout
