"""Installed the way users install: a wheel, non-editable, in a fresh venv, run from bash.

The wheel is built from a copy of the checkout and installed with ``--no-deps`` into a fresh
venv that sees the test interpreter's site-packages through a ``.pth`` file (the dependencies
are there already; fetching them again would only test PyPI). That works whether the tests run
in a venv or not, and an editable install of the repository there stays inert (its finder is
installed by a ``.pth`` of that directory, which Python does not run for a path added this way);
still, every test asserts that the modules actually imported are the wheel's copy in the venv. This
proves the package data (CSS, the init templates, py.typed) is in the wheel, that both console
scripts exist, and that pip compiled the bytecode the benchmarks assume.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.snapshot import REPO, copy_checkout
from typeset import __version__

pytestmark = pytest.mark.slow


def run(args: list[str], *, cwd: Path, env: dict[str, str] | None = None,
        timeout: int = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = copy_checkout(tmp_path_factory.mktemp("src") / "typeset")
    dist = tmp_path_factory.mktemp("dist")
    # With build isolation, as users build: pip fetches the backend pyproject.toml names
    # (setuptools>=68; an older system setuptools may lack bdist_wheel).
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check",
         "-w", str(dist), str(source)], cwd=dist)
    (found,) = dist.glob("typeset-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("venv") / "env"
    run([sys.executable, "-m", "venv", str(where)], cwd=where.parent)
    (site_dir,) = (where / "lib").glob("python3*/site-packages")
    outer = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (site_dir / "_test_interpreter_site.pth").write_text("".join(f"{p}\n" for p in outer))
    # --ignore-installed: the system's editable typeset would otherwise count as installed
    run([str(where / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index",
         "--ignore-installed", "--disable-pip-version-check", str(wheel)], cwd=where.parent)
    return where


def venv_env(venv: Path) -> dict[str, str]:
    """The venv first on PATH, as `source bin/activate` does; no PYTHONPATH to this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(PATH=f"{venv / 'bin'}:{os.environ['PATH']}", VIRTUAL_ENV=str(venv))
    return env


def bash(script: str, venv: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run(["bash", "--noprofile", "--norc", "-e", "-c", script], cwd=cwd, env=venv_env(venv))


def test_wheel_holds_the_package_data_and_both_scripts(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next(zf.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    tracked = subprocess.run(["git", "ls-files", "typeset"], cwd=REPO, check=True,
                             capture_output=True, text=True).stdout.split()
    assert tracked
    missing = [name for name in tracked if name not in names]
    assert not missing, f"not in the wheel: {missing}"
    assert "folio = typeset.cli:main" in entry_points
    assert "typeset = typeset.cli:main" in entry_points
    assert not any(n.startswith(("tests/", "benchmarks/", "manuscript/")) for n in names)


def test_folio_runs_from_bash_and_imports_the_wheel(venv: Path, tmp_path: Path) -> None:
    done = bash("type -t folio; command -v folio; folio --version; type -t typeset; "
                "env typeset --help | head -1", venv, tmp_path)
    kind, path, version, builtin, usage = done.stdout.splitlines()
    assert kind == "file" and Path(path) == venv / "bin" / "folio"
    assert version == f"folio, version {__version__}"
    # in bash the name typeset is the builtin; the script is still there, for env and for sh
    assert builtin == "builtin"
    assert usage.startswith("Usage: typeset [OPTIONS] COMMAND")
    probe = ("import json, sys, typeset.cli, typeset.pipeline, typeset.checks; print(json.dumps("
             "{n: getattr(m, '__file__', None) for n, m in sys.modules.items()"
             " if n == 'typeset' or n.startswith('typeset.')}))")
    modules = json.loads(run([str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path,
                             env=venv_env(venv)).stdout)
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert len(modules) > 20
    for name, file in modules.items():
        assert file and Path(file).is_relative_to(site), f"{name} from {file}"
    assert list((site / "typeset" / "cli" / "__pycache__").glob("__init__.*.pyc")), "no bytecode"


def test_the_sample_builds_from_the_wheel(venv: Path, tmp_path: Path) -> None:
    project = tmp_path / "sample"
    project.mkdir()
    run(["cp", "-r", str(REPO / "manuscript"), str(REPO / "bibliography.bib"), str(project)],
        cwd=tmp_path)
    done = bash("folio check --strict && folio build", venv, project)
    assert "(weasyprint)" in done.stderr
    pdf = project / "build" / "the-cassandra-in-the-foreign-commissariat.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
    assert "The Cassandra in the Foreign Commissariat" in text and "Litvinov" in text


def test_init_then_build_from_the_wheel(venv: Path, tmp_path: Path) -> None:
    bash("folio init paper && cd paper && folio build -q && folio check --strict", venv, tmp_path)
    assert (tmp_path / "paper" / "build" / "paper.pdf").is_file()


@pytest.mark.latex
def test_the_latex_route_from_the_wheel(venv: Path, tmp_path: Path) -> None:
    bash("folio init paper && cd paper && folio build -q --route latex", venv, tmp_path)
    assert (tmp_path / "paper" / "build" / "paper.pdf").read_bytes().startswith(b"%PDF-")
