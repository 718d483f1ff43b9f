"""``folio init``: the scaffold builds and is clean under ``check --strict`` at once, and nothing
existing is ever overwritten."""

from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from typeset.cli import main
from typeset.cli.init_cmd import FILES, title_for
from typeset.config import ALIASES, KNOWN_KEYS
from typeset.project import load_config


def run(*args: str, cwd: Path) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_init_writes_every_file_and_the_project_is_clean(tmp_path: Path) -> None:
    result = run("init", "my-first_article", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    project = tmp_path / "my-first_article"
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file()) == \
        sorted(FILES)
    check = run("check", "--strict", str(project), cwd=tmp_path)
    assert (check.exit_code, check.stdout) == (0, ""), check.output
    tidy = run("bib", "--tidy", "--check", cwd=project)
    assert tidy.exit_code == 0, tidy.output
    assert (project / ".gitignore").read_text().splitlines()[-1] == "build/"


def test_init_in_the_current_folder(tmp_path: Path) -> None:
    assert run("init", cwd=tmp_path).exit_code == 0
    config, diags = load_config(tmp_path)
    assert diags == []
    assert config.title == title_for(tmp_path)


def test_metadata_template_names_every_key(tmp_path: Path) -> None:
    run("init", cwd=tmp_path)
    text = (tmp_path / "manuscript" / "metadata.yaml").read_text(encoding="utf-8")
    key = r"[a-z-]+|[a-z]+[A-Z][A-Za-z]*"  # and pandoc-crossref's camelCase (figPrefix)
    written = set(re.findall(rf"^(?:# )?({key}):", text, flags=re.M))
    ours = set(KNOWN_KEYS) - set(ALIASES)  # pandoc's other names for keys are not repeated
    assert ours <= written, ours - written
    # each commented-out example is itself valid: uncommenting all of them still loads cleanly
    uncommented = re.sub(rf"^# (?=(?:{key}):)", "", text, flags=re.M)
    (tmp_path / "manuscript" / "metadata.yaml").write_text(uncommented, encoding="utf-8")
    assert set(yaml.safe_load(uncommented)) == ours
    assert load_config(tmp_path)[1] == []


def test_ci_files_use_the_hooks_and_the_action(tmp_path: Path, repo_root: Path) -> None:
    run("init", cwd=tmp_path)
    ours = {h["id"]: h for h in
            yaml.safe_load((repo_root / ".pre-commit-hooks.yaml").read_text())}
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert set(hooks) == set(ours)
    for hook_id, hook in hooks.items():
        assert (hook["entry"], hook["files"]) == (ours[hook_id]["entry"], ours[hook_id]["files"])
    workflow = yaml.safe_load((tmp_path / ".github" / "workflows" / "typeset.yml").read_text())
    steps = workflow["jobs"]["typeset"]["steps"]
    action = next(s for s in steps if str(s.get("uses", "")).startswith("OWNER/typeset@"))
    inputs = yaml.safe_load((repo_root / "action.yml").read_text())["inputs"]
    assert set(action["with"]) <= set(inputs)


def test_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "bibliography.bib").write_text("% mine\n")
    (tmp_path / ".gitignore").write_text("*.log\n")
    result = run("init", cwd=tmp_path)
    assert result.exit_code == 1
    assert "bibliography.bib" in result.stderr and ".gitignore" in result.stderr
    assert "manuscript/metadata.yaml" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore", "bibliography.bib"]
    assert (tmp_path / "bibliography.bib").read_text() == "% mine\n"


def test_a_file_where_the_folder_should_be_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "manuscript").write_text("not a folder")
    result = run("init", cwd=tmp_path)
    assert result.exit_code == 1 and "manuscript" in result.stderr
    assert "Traceback" not in result.output


def test_templates_are_package_data(repo_root: Path) -> None:
    globs = tomllib.loads((repo_root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["typeset"]
    for template in FILES.values():
        assert any(fnmatch.fnmatch(f"data/init/{template}", g) for g in globs), template
        assert not template.startswith(".")  # setuptools' globs skip dotfiles


@pytest.mark.slow
def test_the_scaffold_builds(tmp_path: Path) -> None:
    run("init", "paper", cwd=tmp_path)
    result = run("build", "-q", "paper", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "paper" / "build" / "paper.pdf").read_bytes().startswith(b"%PDF-")
