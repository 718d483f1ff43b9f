"""No input makes ``check`` (or ``tidy``) raise: random bytes and mutations of valid files."""

from __future__ import annotations

import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.checks.project import GOOD_BIB, GOOD_MD, make_project
from typeset.bib.tidy import tidy
from typeset.checks import check_project
from typeset.cli import main
from typeset.diagnostics import Diagnostic, TypesetError

REPO = Path(__file__).resolve().parents[2]
SAMPLE_BIB = (REPO / "bibliography.bib").read_text(encoding="utf-8")
SAMPLE_MD = next((REPO / "manuscript").glob("0*.md")).read_text(encoding="utf-8")
SPECIAL = list('{}@,="#%\\\n ()[]^~`*_') + ["@book{", "[@", "[^1]", "\xe9", "\ufffd"]
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few characters deleted, inserted or replaced (biased to syntax)."""
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=3)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return text


def checked(**files: str | bytes) -> list[Diagnostic]:
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder), **files)  # type: ignore[arg-type]
        found = check_project(project)
    assert all(isinstance(d, Diagnostic) for d in found)
    return found


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_as_bibliography(data: bytes) -> None:
    checked(bib=data)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_as_markdown(data: bytes) -> None:
    checked(sections={"01-one.md": data})


@FUZZ
@given(mutated(SAMPLE_BIB))
def test_mutated_bibliography(text: str) -> None:
    checked(bib=text, sections={"01-one.md": SAMPLE_MD})


@FUZZ
@given(mutated(GOOD_BIB))
def test_mutated_small_bibliography_and_tidy(text: str) -> None:
    checked(bib=text)
    try:
        once = tidy(text)
    except TypesetError:
        return
    assert tidy(once) == once


@FUZZ
@given(mutated(SAMPLE_MD))
def test_mutated_markdown(text: str) -> None:
    checked(bib=SAMPLE_BIB, sections={"01-one.md": text})


@FUZZ
@given(mutated("title: T\nstyle: chicago-notes-bibliography\nnocite: [a]\nlang: en-US\n"))
def test_mutated_metadata(text: str) -> None:
    checked(metadata=text)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutated(GOOD_BIB), mutated(GOOD_MD), st.sampled_from(["text", "json", "github"]))
def test_cli_never_shows_a_traceback(bib: str, md: str, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder), bib=bib, sections={"01-one.md": md})
        result = CliRunner().invoke(main, ["check", "--format", fmt, str(project)])
        tidied = CliRunner().invoke(main, ["bib", "--tidy", "--check", str(project)])
    assert result.exit_code in (0, 1) and isinstance(result.exception, SystemExit | None)
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert tidied.exit_code in (0, 1) and "internal error" not in tidied.output
