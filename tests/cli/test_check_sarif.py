"""``folio check --format sarif``: a SARIF 2.1.0 log, validated against a schema written down
from the specification's prose (``sarif_2_1_0_subset.schema.json``, not the official file)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from tests.checks.project import GOOD_MD, make_project
from typeset import __version__
from typeset.cli import main
from typeset.diagnostics import Diagnostic, Severity, Span, format_sarif

SCHEMA = json.loads((Path(__file__).with_name("sarif_2_1_0_subset.schema.json"))
                    .read_text(encoding="utf-8"))
BROKEN_MD = GOOD_MD + "\nSee [@nosuch].\n\n[^x]: unused note\n"


def validate(log: Any) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def sarif_of(project: Path, cwd: Path) -> tuple[int, dict[str, Any]]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["check", "--format", "sarif", str(project)])
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def test_schema_rejects_what_the_specification_forbids() -> None:
    """The schema is not vacuous: each broken log is refused."""
    good = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "level": "error", "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "a.md"}, "region": {"startLine": 1, "startColumn": 2}}}]}]}]}
    validate(good)
    broken = [
        {"runs": []},                                              # no version
        {"version": "2.0.0", "runs": []},
        {"version": "2.1.0", "runs": [{}]},                        # run without tool
        {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]},  # driver without name
    ]
    for change in (
        lambda r: r.update(level="fatal"),
        lambda r: r.pop("message"),
        lambda r: r.update(message={"markdown": "m"}),
        lambda r: r["locations"][0]["physicalLocation"].pop("artifactLocation"),
        lambda r: r["locations"][0]["physicalLocation"]["region"].update(startLine=0),
        lambda r: r["locations"][0]["physicalLocation"]["region"].pop("startLine"),
    ):
        log = json.loads(json.dumps(good))
        change(log["runs"][0]["results"][0])
        broken.append(log)
    for log in broken:
        with pytest.raises(AssertionError):
            validate(log)


def test_check_sarif_is_valid_and_relative_to_the_project(tmp_path: Path) -> None:
    project = make_project(tmp_path / "my paper", sections={"01-one.md": BROKEN_MD})
    code, log = sarif_of(project, cwd=tmp_path)  # run from outside the project
    assert code == 1
    validate(log)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("typeset", __version__)
    base = run["originalUriBaseIds"]["PROJECTROOT"]["uri"]
    assert base == project.resolve().as_uri() + "/"
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert set(by_rule) == {"cite-undefined", "md-footnote-unused"}
    assert [rule["id"] for rule in driver["rules"]] == sorted(by_rule)
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    undefined = by_rule["cite-undefined"]
    assert undefined["level"] == "error"
    assert undefined["message"]["text"] == ("citation key @nosuch is not defined in the "
                                            "bibliography")
    assert undefined["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "manuscript/01-one.md", "uriBaseId": "PROJECTROOT"},
        "region": {"startLine": 5, "startColumn": 6}}}]
    assert by_rule["md-footnote-unused"]["level"] == "warning"


def test_clean_project_gives_an_empty_run(tmp_path: Path) -> None:
    code, log = sarif_of(make_project(tmp_path), cwd=tmp_path)
    assert code == 0
    validate(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_levels_notes_odd_paths_and_missing_positions() -> None:
    diags = [
        Diagnostic("a", "info here", Span("dir with space/ä.md", 3), Severity.INFO, ("see x",)),
        Diagnostic("b", "no place"),
        Diagnostic("b", "absolute", Span("/tmp/elsewhere/x.bib", 2, 4), Severity.WARNING),
    ]
    log = json.loads(format_sarif(diags, tool_version="9"))
    validate(log)
    first, second, third = log["runs"][0]["results"]
    assert first["level"] == "note" and first["message"]["text"] == "info here\nnote: see x"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "dir%20with%20space/%C3%A4.md", "uriBaseId": "PROJECTROOT"},
        "region": {"startLine": 3}}
    assert "locations" not in second and second["ruleIndex"] == 1
    assert third["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///tmp/elsewhere/x.bib"}
    assert "originalUriBaseIds" not in log["runs"][0]
