"""The command's name: ``folio`` works as typed in every common shell; ``typeset`` does not.

In bash, zsh and ksh ``typeset`` is a builtin (``typeset build`` declares a variable and exits
0), so the package also installs ``folio``. These tests ask each installed shell what the name
means with only the system's directories on PATH, and run the installed script from bash.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from typeset import __version__
from typeset.cli import main

NAME = "folio"
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# `type NAME` in each shell, run without the installed script on PATH: must find nothing.
SHELLS = ("bash", "zsh", "dash", "ksh", "fish")


def shell_type(shell: str, name: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which(shell)
    if exe is None:
        pytest.skip(f"{shell} is not installed (apt-get install {shell})")
    script = f"type {name}"
    return subprocess.run([exe, "-c", script], capture_output=True, text=True, timeout=30,
                          env={"PATH": SYSTEM_PATH, "HOME": "/nonexistent"})


def test_both_scripts_are_declared(repo_root: Path) -> None:
    scripts = tomllib.loads((repo_root / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts[NAME] == scripts["typeset"] == "typeset.cli:main"


@pytest.mark.parametrize("shell", SHELLS)
def test_name_means_nothing_to_the_shell(shell: str) -> None:
    found = shell_type(shell, NAME)
    assert found.returncode != 0, f"{shell}: {found.stdout}{found.stderr}"


def test_typeset_is_a_bash_builtin() -> None:
    """Why the second name exists (if bash ever drops the builtin, this says so)."""
    found = shell_type("bash", "typeset")
    assert found.returncode == 0 and "builtin" in found.stdout


@pytest.mark.parametrize("shell", SHELLS)
def test_name_is_not_a_system_command(shell: str) -> None:
    """No Debian package's binary of that name on the system PATH (`command -v`)."""
    exe = shutil.which(shell)
    if exe is None:
        pytest.skip(f"{shell} is not installed")
    probe = "command -v folio" if shell != "fish" else "command -v folio; or exit 1"
    found = subprocess.run([exe, "-c", probe], capture_output=True, text=True, timeout=30,
                           env={"PATH": SYSTEM_PATH, "HOME": "/nonexistent"})
    assert found.returncode != 0 and not found.stdout.strip()


def test_installed_script_runs_from_bash() -> None:
    if shutil.which(NAME) is None:
        pytest.skip("folio is not installed here: pip install -e . (tests/test_install.py "
                    "checks it from a wheel)")
    done = subprocess.run(["bash", "-c", f"{NAME} --version && {NAME} --help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{NAME}, version {__version__}\n")
    assert f"Usage: {NAME} [OPTIONS] COMMAND" in done.stdout


def test_help_and_version_show_the_name_typed() -> None:
    runner = CliRunner()
    for typed in (NAME, "typeset"):
        assert runner.invoke(main, ["--version"], prog_name=typed).output == (
            f"{typed}, version {__version__}\n")
        help_text = runner.invoke(main, ["check", "--help"], prog_name=typed).output
        assert help_text.startswith(f"Usage: {typed} check [OPTIONS]")
        assert "  folio check --strict" in help_text and "  typeset check" not in help_text
